//! Issue 14, "Any command creates a missing database", "Races on first use" and
//! "Read-only and odd paths": each reproduction as a worker or a script would hit it.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use crate::{initialised, run, stderr, stdout};

fn one_chinese_line(o: &Output, expected: &str) -> String {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "not one line: {err}");
    assert!(err.contains(expected), "expected “{expected}” in: {err}");
    assert!(!err.contains("os error") && !err.contains("sqlx") && !err.contains("error returned"), "English: {err}");
    err
}

#[test]
fn issue_14_a_command_on_a_missing_database_names_the_path_and_creates_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let typo = dir.path().join("station.bd");
    let err = one_chinese_line(&run(&typo, &["case", "list"]), "找不到数据库文件");
    assert!(err.contains(&typo.display().to_string()), "the path is named: {err}");
    assert!(err.contains("init"), "{err}");
    assert!(!typo.exists(), "case list made a database at a mistyped path");

    let unmounted = dir.path().join("移动硬盘").join("服务站").join("station.db");
    let err = one_chinese_line(
        &run(&unmounted, &["case", "add", "--channel", "来访", "--title", "漏水"]),
        "找不到数据库所在的文件夹",
    );
    assert!(err.contains("移动硬盘"), "{err}");
    assert!(!dir.path().join("移动硬盘").exists(), "the folders were created");

    // init is the one command that sets a database up, folders included.
    let o = run(&unmounted, &["init", "--station-code", "RA", "--station-name", "荣傲家园社区微言服务站"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&unmounted, &["case", "list"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn issue_14_odd_paths_say_what_is_wrong_not_that_a_change_was_lost() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (db, expected) in [
        (Path::new("sqlite:"), "没有文件路径"),
        (Path::new("sqlite://"), "没有文件路径"),
        (Path::new("/dev/null"), "不是普通文件"),
        (dir.path(), "是一个文件夹"),
    ]
    .into_iter()
    // /dev/null is a device only on Unix (on Windows a path like any other).
    .filter(|(db, _)| cfg!(unix) || *db != Path::new("/dev/null"))
    {
        let err = one_chinese_line(&run(db, &["case", "list"]), expected);
        assert!(!err.contains("本次修改未保存"), "a read is not a lost change: {err}");
    }
}

/// Runs the CLI as an ordinary user: as root every file is writable, so the read-only
/// cases are run as `nobody` there.
#[cfg(unix)]
fn as_user(dir: &Path, db: &Path, args: &[&str]) -> Output {
    let cli = env!("CARGO_BIN_EXE_stationdesk-cli");
    let mut command = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", cli]);
        c
    } else {
        Command::new(cli)
    };
    command
        .current_dir(dir)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("STATIONDESK_DB")
        .env_remove("STATIONDESK_STAFF")
        .output()
        .expect("run stationdesk-cli")
}

#[cfg(unix)]
fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[cfg(unix)]
#[test]
fn issue_14_read_only_files_are_named_for_what_they_are() {
    use std::os::unix::fs::{PermissionsExt, chown};
    let (dir, db) = initialised();
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).expect("chmod");
    mode(dir.path(), 0o777);
    if is_root() {
        chown(&db, Some(65534), Some(65534)).expect("chown");
    }
    let o = as_user(dir.path(), &db, &["case", "list"]);
    assert!(o.status.success(), "the user can read their database: {}", stderr(&o));

    // A leftover -shm this user cannot write: that file is named, not the database.
    let shm = dir.path().join("station.db-shm");
    std::fs::write(&shm, b"").expect("shm");
    mode(&shm, 0o444);
    let err = one_chinese_line(&as_user(dir.path(), &db, &["case", "list"]), "station.db-shm");
    assert!(err.contains("删除"), "{err}");
    assert!(!err.contains("数据库文件是只读的"), "blamed on the database file: {err}");
    std::fs::remove_file(&shm).expect("remove shm");

    // The database file unreadable: said so, in Chinese.
    mode(&db, 0o000);
    let err = one_chinese_line(&as_user(dir.path(), &db, &["case", "list"]), "无法读取数据库文件");
    assert!(err.contains("权限"), "{err}");
    mode(&db, 0o644);

    // A folder this user cannot write (SQLite makes its -wal and -shm there): the folder is named.
    let folder = dir.path().join("只读文件夹");
    std::fs::create_dir(&folder).expect("folder");
    let inner = folder.join("station.db");
    std::fs::copy(&db, &inner).expect("copy");
    if is_root() {
        chown(&inner, Some(65534), Some(65534)).expect("chown");
    }
    mode(&folder, 0o555);
    let err = one_chinese_line(&as_user(dir.path(), &inner, &["case", "list"]), "只读文件夹");
    assert!(err.contains("写入"), "{err}");
}

#[test]
fn issue_14_a_page_larger_than_200_is_refused_not_cut_short() {
    let (_dir, db) = initialised();
    one_chinese_line(&run(&db, &["case", "list", "--page-size", "5000"]), "每页最多 200 条");
    let o = run(&db, &["case", "list", "--page-size", "200", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

fn spawn(db: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_stationdesk-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("STATIONDESK_DB")
        .env_remove("STATIONDESK_STAFF")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn stationdesk-cli")
}

#[test]
fn issue_14_six_processes_under_one_new_staff_name_all_succeed() {
    let (_dir, db) = initialised();
    let mut failures = Vec::new();
    for round in 0..10 {
        let staff = format!("新同事{round}");
        let children: Vec<Child> = (0..6)
            .map(|i| {
                spawn(
                    &db,
                    &["--staff", &staff, "case", "add", "--channel", "来访", "--title", &format!("第{round}轮第{i}件")],
                )
            })
            .collect();
        for child in children {
            let o = child.wait_with_output().expect("wait");
            if !o.status.success() {
                failures.push(stderr(&o));
            }
        }
    }
    assert!(failures.is_empty(), "{} of 60 failed: {:?}", failures.len(), failures.first());
    let o = run(&db, &["case", "list", "--json", "--page-size", "100"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["total"], 60);
}

#[test]
fn issue_14_four_first_runs_at_once_make_one_station_and_say_so_in_chinese() {
    for round in 0..5 {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("station.db");
        let children: Vec<Child> = (0..4)
            .map(|i| spawn(&db, &["init", "--station-code", "RA", "--station-name", &format!("第{i}个服务站")]))
            .collect();
        let outputs: Vec<Output> = children.into_iter().map(|c| c.wait_with_output().expect("wait")).collect();
        let ok = outputs.iter().filter(|o| o.status.success()).count();
        assert_eq!(ok, 1, "round {round}: {ok} inits succeeded");
        for o in outputs.iter().filter(|o| !o.status.success()) {
            one_chinese_line(o, "此数据库已初始化为");
        }
        let o = run(&db, &["station", "list", "--json"]);
        assert!(o.status.success(), "round {round}: {}", stderr(&o));
        let stations: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        assert_eq!(stations.as_array().map(Vec::len), Some(1), "round {round}: {}", stdout(&o));
    }
}

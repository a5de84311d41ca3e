//! `backup`, `backup list` and `restore`: what an admin's script sees, and one Chinese line
//! for every kind of bad backup.

use crate::{initialised, run, stderr, stdout};

fn add(db: &std::path::Path, title: &str) {
    let o = run(db, &["case", "add", "--channel", "来访", "--title", title]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn backup_list_and_restore_bring_back_the_records_of_the_backup() {
    let (dir, db) = initialised();
    add(&db, "南门广场积水");
    let o = run(&db, &["backup"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已备份到") && stdout(&o).contains("诉求 1 件"), "{}", stdout(&o));
    let to = dir.path().join("usb");
    std::fs::create_dir_all(&to).expect("dir");
    let o = run(&db, &["backup", "--to", to.to_str().expect("path"), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let g: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(g["counts"]["cases"], 1);
    let on_usb = g["path"].as_str().expect("path").to_owned();

    add(&db, "楼道灯不亮");
    let o = run(&db, &["backup", "list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().filter(|l| l.contains("stationdesk-RA-")).count(), 1, "{}", stdout(&o));

    let o = run(&db, &["restore", &on_usb]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("将恢复") && stdout(&o).contains("恢复前的数据库已备份到"), "{}", stdout(&o));
    let o = run(&db, &["case", "list"]);
    assert!(stdout(&o).contains("南门广场积水") && !stdout(&o).contains("楼道灯不亮"), "{}", stdout(&o));
    // The restore is in the restored database's audit log, with who did it.
    let audit = restore_audit(&db);
    assert!(audit.contains("restore_backup") && audit.contains("管理员") && audit.contains("从备份"), "{audit}");
    // The copy made before the restore holds the later case, and restores it.
    let o = run(&db, &["backup", "list", "--json"]);
    let all: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).expect("json");
    let before = all.iter().find(|g| g["kind"] == "beforeRestore").expect("a copy made before the restore");
    assert_eq!(before["counts"]["cases"], 2);
    let o = run(&db, &["restore", before["name"].as_str().expect("name")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&run(&db, &["case", "list"])).contains("楼道灯不亮"));
}

#[test]
fn bad_backups_get_one_chinese_line_saying_what_is_wrong() {
    let (dir, db) = initialised();
    add(&db, "南门广场积水");
    let o = run(&db, &["backup", "--json"]);
    let g: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let good = std::path::PathBuf::from(g["path"].as_str().expect("path"));

    let text = dir.path().join("台账.xlsx");
    std::fs::write(&text, "不是数据库".repeat(50)).expect("write");
    let cut = dir.path().join("cut");
    std::fs::create_dir_all(&cut).expect("dir");
    for f in ["manifest.json", "station.db"] {
        std::fs::copy(good.join(f), cut.join(f)).expect("copy");
    }
    let len = std::fs::metadata(cut.join("station.db")).expect("meta").len();
    std::fs::OpenOptions::new().write(true).open(cut.join("station.db")).expect("open").set_len(len / 3).expect("cut");
    let newer = dir.path().join("newer");
    std::fs::create_dir_all(&newer).expect("dir");
    std::fs::copy(good.join("station.db"), newer.join("station.db")).expect("copy");
    let manifest = std::fs::read_to_string(good.join("manifest.json")).expect("read");
    let manifest = manifest.replace("\"formatVersion\": 1", "\"formatVersion\": 9");
    std::fs::write(newer.join("manifest.json"), manifest).expect("write");
    let other_db = dir.path().join("rb.db");
    let o = crate::run(&other_db, &["init", "--station-code", "RB", "--station-name", "南门社区服务站"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&other_db, &["backup", "--json"]);
    let theirs: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");

    let cases = [
        (text.display().to_string(), "不是 StationDesk 备份"),
        (dir.path().join("missing").display().to_string(), "找不到备份"),
        (cut.display().to_string(), "不完整或已损坏"),
        (newer.display().to_string(), "较新版本"),
        (theirs["path"].as_str().expect("path").to_owned(), "不是本站"),
    ];
    for (source, says) in cases {
        let o = run(&db, &["restore", &source]);
        assert_eq!(o.status.code(), Some(1), "{source}");
        let err = stderr(&o);
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(err.contains(says), "{source}: {err}");
    }
    // Nothing changed.
    assert!(stdout(&run(&db, &["case", "list"])).contains("南门广场积水"));
}

/// The audit log's restore rows: staff, action and note.
fn restore_audit(db: &std::path::Path) -> String {
    use sqlx::ConnectOptions;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let mut conn =
            sqlx::sqlite::SqliteConnectOptions::new().filename(db).read_only(true).connect().await.expect("open");
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT staff_name, action, coalesce(note, '') FROM audit_log WHERE action = 'restore_backup' ORDER BY id",
        )
        .fetch_all(&mut conn)
        .await
        .expect("audit");
        rows.iter().map(|(s, a, n)| format!("{s} {a} {n}")).collect::<Vec<_>>().join("\n")
    })
}

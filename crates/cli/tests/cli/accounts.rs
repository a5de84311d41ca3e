//! Issue 12 on the command line: `--user` logs in to an account whose role the core
//! checks; `account add|list|reset-password|disable` are the 站长's; without `--user` the
//! file's owner acts as the OS-level administrator, recorded as such.

use std::path::Path;
use std::process::{Command, Output};

use super::{as_user, initialised, stderr, stdout};

fn admin(db: &Path, new_password: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stationdesk-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("STATIONDESK_DB")
        .env_remove("STATIONDESK_STAFF")
        .env_remove("STATIONDESK_USER")
        .env("STATIONDESK_NEW_PASSWORD", new_password)
        .output()
        .expect("run stationdesk-cli")
}

#[test]
fn a_volunteer_logs_in_and_is_refused_the_register_in_chinese() {
    let (_dir, db) = initialised();
    let o = admin(&db, "qian-2026-pass", &["account", "add", "钱志愿", "--role", "志愿者", "--login", "qian"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = admin(&db, "", &["account", "list"]);
    assert!(stdout(&o).contains("qian\t钱志愿\t志愿者\t可登录"), "{}", stdout(&o));

    let o = as_user(&db, "qian", "qian-2026-pass", &["case", "list"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("您的角色（志愿者）不能查看诉求；请让站长或工作人员操作"), "{}", stderr(&o));
    let o = as_user(&db, "qian", "qian-2026-pass", &["case", "add", "--channel", "来访", "--title", "楼道灯坏了"]);
    assert!(stderr(&o).contains("您的角色（志愿者）不能办理诉求"), "{}", stderr(&o));
    let o = as_user(&db, "qian", "qian-2026-pass", &["account", "list"]);
    assert!(stderr(&o).contains("不能管理账号；请让站长操作"), "{}", stderr(&o));
    // An errand is theirs to record.
    let o = as_user(&db, "qian", "qian-2026-pass", &["errand", "add", "--type", "社保认证", "--name", "王秀英"]);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = as_user(&db, "qian", "wrong-password", &["errand", "list"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("登录名或密码不对"), "{}", stderr(&o));
}

#[test]
fn the_head_resets_a_password_and_disables_an_account() {
    let (_dir, db) = initialised();
    assert!(admin(&db, "zhou-2026-pass", &["account", "add", "周工", "--role", "工作人员"]).status.success());
    let o = as_user(&db, "周工", "zhou-2026-pass", &["case", "add", "--channel", "来访", "--title", "电梯异响"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = as_user(&db, "周工", "zhou-2026-pass", &["--json", "case", "show", stdout(&o).trim()]);
    let detail: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(detail["history"][0]["staffName"], "周工", "the account that logged in is recorded");

    assert!(admin(&db, "zhou-new-pass", &["account", "reset-password", "周工"]).status.success());
    assert!(!as_user(&db, "周工", "zhou-2026-pass", &["case", "list"]).status.success());
    assert!(as_user(&db, "周工", "zhou-new-pass", &["case", "list"]).status.success());
    assert!(admin(&db, "", &["account", "disable", "周工"]).status.success());
    let o = as_user(&db, "周工", "zhou-new-pass", &["case", "list"]);
    assert!(stderr(&o).contains("该账号已停用"), "{}", stderr(&o));
    let o = admin(&db, "short", &["account", "add", "孙", "--role", "只读"]);
    assert!(stderr(&o).contains("8–64") && !stderr(&o).contains("short"), "{}", stderr(&o));
}

#[test]
fn init_with_a_password_makes_the_head_an_account_that_logs_in() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("station.db");
    let o = admin(
        &db,
        "",
        &[
            "--staff",
            "赵子坤",
            "init",
            "--station-code",
            "RA",
            "--station-name",
            "荣傲家园",
            "--admin-password",
            "zhao-2026-pass",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = as_user(&db, "赵子坤", "zhao-2026-pass", &["account", "list"]);
    assert!(stdout(&o).contains("赵子坤\t赵子坤\t站长\t可登录"), "{}{}", stdout(&o), stderr(&o));
}

#[cfg(unix)]
#[test]
fn only_the_files_owner_may_act_as_the_os_administrator() {
    use std::os::unix::fs::MetadataExt;
    let (_dir, db) = initialised();
    let owner = std::fs::metadata(&db).expect("meta").uid();
    // The check compares the file's owner with this process's user; as root the test
    // cannot make a file it does not own without chown, which it may do.
    if owner != 0 {
        return;
    }
    std::os::unix::fs::chown(&db, Some(65534), None).expect("chown");
    let o = admin(&db, "", &["case", "list"]);
    assert!(stderr(&o).contains("不是数据库文件的所有者"), "{}", stderr(&o));
}

/// 只读 (a supervisor, an auditor) reads the register and a case with the 小区 and the
/// public place, never the household's 楼栋/单元/房号, in lists and in `case show`; the
/// 工作人员 who handles the case reads the whole address.
#[test]
fn a_read_only_account_never_reads_the_household() {
    let (_dir, db) = initialised();
    let o = admin(
        &db,
        "",
        &[
            "--staff",
            "赵子坤",
            "case",
            "add",
            "--channel",
            "来访",
            "--title",
            "楼道灯不亮",
            "--name",
            "刘涵",
            "--phone",
            "13912345678",
            "--compound",
            "润都荣园",
            "--building",
            "3",
            "--entrance",
            "2",
            "--room",
            "301",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let number = stdout(&o).trim().to_owned();
    let o = admin(&db, "sun-2026-pass", &["account", "add", "孙督导", "--role", "只读", "--login", "sun"]);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = as_user(&db, "sun", "sun-2026-pass", &["case", "show", &number]);
    assert!(o.status.success(), "{}", stderr(&o));
    let shown = stdout(&o);
    assert!(shown.contains("地址：润都荣园") && !shown.contains("301室") && !shown.contains("3栋"), "{shown}");
    let o = as_user(&db, "sun", "sun-2026-pass", &["--json", "case", "list"]);
    let listed = stdout(&o);
    assert!(listed.contains("润都荣园") && !listed.contains("301室") && !listed.contains("publicAddress"), "{listed}");

    let o = admin(&db, "", &["--staff", "赵子坤", "case", "show", &number]);
    assert!(stdout(&o).contains("润都荣园3栋2单元301室"), "{}", stdout(&o));
}

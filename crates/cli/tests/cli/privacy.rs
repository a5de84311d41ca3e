//! `retention` and `personal-data` as a 站长 uses them: settings bounded in Chinese, a
//! dry run, a resident's records found by phone, exported owner-only, anonymising
//! refused while a case is open and done once it is finished; a 工作人员 is refused.

use std::process::Command;

use super::{as_user, initialised, run, stderr, stdout};

#[test]
fn retention_settings_and_a_residents_data_request() {
    let (dir, db) = initialised();
    let o = run(&db, &["retention", "set", "--cases-years", "40"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("1–30 年"), "{}", stderr(&o));
    let o = run(&db, &["retention", "set", "--cases-years", "5", "--signups-years", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&db, &["retention", "show"]);
    assert!(
        stdout(&o).contains("办结诉求保存 5 年") && stdout(&o).contains("活动报名和代办保存 2 年"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("还没有执行过"), "{}", stdout(&o));
    let o = run(&db, &["retention", "run", "--dry-run"]);
    assert!(stdout(&o).contains("将匿名（未执行）：诉求 0 件"), "{}{}", stdout(&o), stderr(&o));

    let o = run(
        &db,
        &["case", "add", "--channel", "来访", "--title", "楼道灯不亮", "--name", "刘涵", "--phone", "13912345678"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let number = stdout(&o).trim().to_owned();
    let o = run(&db, &["personal-data", "find", "--phone", "13912345678"]);
    assert!(stdout(&o).contains(&format!("诉求 {number} 受理 楼道灯不亮（未办结）")), "{}{}", stdout(&o), stderr(&o));
    assert!(!stdout(&o).contains("13912345678"), "the list shows the number masked");

    let out = dir.path().join("刘涵.json");
    let o = run(&db, &["personal-data", "export", "--phone", "13912345678", "--out", out.to_str().expect("path")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json = std::fs::read_to_string(&out).expect("export");
    assert!(json.contains("刘涵") && json.contains("13912345678"), "{json}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&out).expect("meta").permissions().mode() & 0o777, 0o600);
    }

    let o = run(&db, &["personal-data", "anonymise", "--phone", "13912345678"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains(&format!("该居民还有未办结的诉求（{number}）")), "{}", stderr(&o));
    let o = run(&db, &["case", "set-status", &number, "办结", "--resolution", "物业已更换灯具"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&db, &["personal-data", "anonymise", "--phone", "13912345678"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("诉求 1 件"), "{}", stdout(&o));
    let o = run(&db, &["case", "search", "刘涵"]);
    assert!(!stdout(&o).contains("楼道灯不亮"), "{}", stdout(&o));

    // A 工作人员 may not.
    let o = Command::new(env!("CARGO_BIN_EXE_stationdesk-cli"))
        .arg("--db")
        .arg(&db)
        .args(["account", "add", "周工", "--role", "工作人员"])
        .env_remove("STATIONDESK_DB")
        .env_remove("STATIONDESK_STAFF")
        .env_remove("STATIONDESK_USER")
        .env("STATIONDESK_NEW_PASSWORD", "zhou-2026-pass")
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr(&o));
    let o = as_user(&db, "周工", "zhou-2026-pass", &["retention", "run"]);
    assert!(stderr(&o).contains("请让站长操作"), "{}", stderr(&o));
}

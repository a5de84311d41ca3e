//! `stationdesk-cli` as an admin's script uses it: exit codes, printed numbers, JSON, and
//! one-line Chinese messages on bad input.

#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

mod accounts;
mod audit;
mod backup;
mod figures;
mod first_use;
mod fuzz;
mod holidays;
mod issue_14;
mod ledger;
mod notice;
mod owner_only;
mod poster;
mod privacy;
mod report;
mod schedule;
mod settings_file;
mod update;

use std::path::Path;
use std::process::{Command, Output};

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stationdesk-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("STATIONDESK_DB")
        .env_remove("STATIONDESK_STAFF")
        .output()
        .expect("run stationdesk-cli")
}

/// Runs the CLI logged in as `user` (password from STATIONDESK_PASSWORD, as a script would).
fn as_user(db: &Path, user: &str, password: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stationdesk-cli"))
        .arg("--db")
        .arg(db)
        .args(["--user", user])
        .args(args)
        .env_remove("STATIONDESK_DB")
        .env_remove("STATIONDESK_STAFF")
        .env("STATIONDESK_PASSWORD", password)
        .output()
        .expect("run stationdesk-cli")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn initialised() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("station.db");
    let o = run(&db, &["init", "--station-code", "RA", "--station-name", "荣傲家园社区微言服务站"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("荣傲家园社区微言服务站"));
    (dir, db)
}

#[test]
fn add_prints_the_number_and_list_search_show_find_it() {
    let (_dir, db) = initialised();
    let o = run(
        &db,
        &[
            "case",
            "add",
            "--channel",
            "意见箱",
            "--title",
            "南门广场路面坑洼，雨后积水",
            "--category",
            "市政设施",
            "--compound",
            "润都荣园",
            "--place",
            "南门广场",
            "--received-at",
            "2025-07-09 09:30",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "RA-2025-0001");

    let o = run(
        &db,
        &[
            "case",
            "add",
            "--channel",
            "来访",
            "--title",
            "单元门禁损坏",
            "--phone",
            "13812341234",
            "--building",
            "1",
            "--entrance",
            "2",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let with_phone = stdout(&o).trim().to_owned();

    let o = run(&db, &["--json", "case", "search", "积水"]);
    let page: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["number"], "RA-2025-0001");
    assert_eq!(page["items"][0]["channel"], "suggestion_box");
    assert_eq!(page["items"][0]["address"], "润都荣园 南门广场");

    let o = run(&db, &["case", "list", "--status", "受理"]);
    let text = stdout(&o);
    assert!(text.contains("138****1234") && !text.contains("13812341234"), "{text}");
    assert!(text.contains("共 2 条"), "{text}");

    let o = run(&db, &["--json", "case", "show", "RA-2025-0001"]);
    let detail: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(detail["case"]["title"], "南门广场路面坑洼，雨后积水");
    assert_eq!(detail["case"]["receivedAt"], "2025-07-09T01:30:00Z", "09:30 China time is 01:30 UTC");
    let who = detail["history"][0]["staffName"].as_str().unwrap_or_default().to_owned();
    assert!(who.starts_with("系统管理员（本机账户 "), "the file owner acts as the OS-level administrator: {who}");
    // The phone is masked in `case show`, text and JSON; --reveal-phone shows it and logs the look.
    let n = with_phone.as_str();
    let o = run(&db, &["--json", "case", "show", n]);
    let detail: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(detail["case"]["phone"], "138****1234");
    let text = stdout(&run(&db, &["case", "show", n]));
    assert!(text.contains("电话：138****1234") && !text.contains("13812341234"), "{text}");
    let text = stdout(&run(&db, &["case", "show", n, "--reveal-phone"]));
    assert!(text.contains("电话：13812341234"), "{text}");
    let o = run(&db, &["audit", "list", "--kind", "查看完整电话"]);
    let text = stdout(&o);
    assert!(text.contains(&format!("查看完整电话  诉求 {n}")) && text.contains("共 1 条"), "{text}{}", stderr(&o));
    assert!(!text.contains("13812341234"), "{text}");
    let xlsx = db.with_file_name("操作记录.xlsx");
    let o = run(&db, &["audit", "list", "--record", n, "--xlsx", xlsx.to_str().unwrap_or_default()]);
    assert!(stdout(&o).contains("已导出 2 条操作记录"), "{}{}", stdout(&o), stderr(&o));
    assert!(std::fs::read(&xlsx).unwrap_or_default().starts_with(b"PK"));
    let text = stdout(&run(&db, &["audit", "list", "--kind", "audit_export"]));
    assert!(text.contains("导出操作记录  操作记录  行数：2"), "{text}");
}

#[test]
fn bad_input_exits_non_zero_with_one_chinese_line_and_saves_nothing() {
    let (_dir, db) = initialised();
    for (args, expected) in [
        (vec!["case", "add", "--channel", "传真", "--title", "x"], "没有“传真”这个来源"),
        (vec!["case", "add", "--channel", "电话", "--title", "楼道灯不亮", "--phone", "12345"], "电话号码格式不正确"),
        (vec!["case", "add", "--channel", "电话", "--title", "  "], "请填写标题"),
        (vec!["case", "add", "--channel", "电话", "--title", "x", "--category", "天气"], "没有“天气”这个分类"),
        (vec!["case", "add", "--channel", "电话", "--title", "x", "--received-at", "昨天"], "无法识别时间"),
        (vec!["case", "show", "RA-2025-9999"], "找不到诉求 RA-2025-9999"),
        (vec!["case", "add", "--title", "x"], "参数有误"),
    ] {
        let o = run(&db, &args);
        assert!(!o.status.success(), "{args:?} succeeded");
        let err = stderr(&o);
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: not one line: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    let o = run(&db, &["--json", "case", "list"]);
    let page: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(page["total"], 0, "a refused case was saved");
}

#[test]
fn a_second_init_is_refused() {
    let (_dir, db) = initialised();
    let o = run(&db, &["init", "--station-code", "RB", "--station-name", "别的站"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("已初始化"), "{}", stderr(&o));
}

#[test]
fn demo_fills_realistic_cases() {
    let (_dir, db) = initialised();
    let o = run(&db, &["demo", "--cases", "500"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&db, &["--json", "case", "list", "--page-size", "200"]);
    let page: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(page["total"], 500);
    let items = page["items"].as_array().expect("items");
    let channels: std::collections::HashSet<_> = items.iter().map(|i| i["channel"].as_str().unwrap_or("")).collect();
    let statuses: std::collections::HashSet<_> = items.iter().map(|i| i["status"].as_str().unwrap_or("")).collect();
    assert!(channels.len() >= 5 && statuses.len() >= 4, "{channels:?} {statuses:?}");
}

#[test]
fn set_status_follow_up_and_rates_from_the_command_line() {
    let (_dir, db) = initialised();
    let o = run(&db, &["case", "add", "--channel", "意见箱", "--title", "南门广场积水", "--phone", "13812341234"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let number = stdout(&o).trim().to_owned();

    let refused = run(&db, &["case", "set-status", &number, "关闭"]);
    assert!(!refused.status.success());
    assert_eq!(stderr(&refused).trim(), "错误：不能从“受理”改为“关闭”。可改为：核查、处理中、办结、挂起、转办、重复");

    let o = run(&db, &["case", "set-status", &number, "核查", "--note", "与物业经理现场查看"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&db, &["case", "set-status", &number, "办结", "--resolution", "路面已重新铺设"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&db, &["case", "follow-up", &number, "--reached", "yes", "--resolved", "yes", "--satisfied", "满意"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已回访"), "{}", stdout(&o));

    let o = run(&db, &["--json", "case", "show", &number]);
    let detail: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(detail["case"]["status"], "followed_up");
    assert_eq!(detail["followUps"][0]["satisfaction"], "satisfied");

    let o = run(&db, &["--json", "report", "rates"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(report["total"]["received"], 1);
    assert_eq!(report["total"]["satisfactionRate"], 1.0);

    // The reply letter from the database: a file, like 保存PDF in the window, not a print, so
    // the case's history does not say it was printed.
    let out = db.with_file_name("答复函.pdf");
    let o = run(&db, &["notice", "render", "--case", &number, "--kind", "reply", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
    let o = run(&db, &["--json", "case", "show", &number]);
    let detail: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let actions: Vec<&str> =
        detail["history"].as_array().unwrap().iter().filter_map(|h| h["action"].as_str()).collect();
    assert_eq!(actions.last(), Some(&"follow_up"));
    assert!(!actions.contains(&"print"), "{actions:?}");

    let bad = run(&db, &["report", "rates", "--from", "2026-13-01"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("请写成 2025-07-10"), "{}", stderr(&bad));
}

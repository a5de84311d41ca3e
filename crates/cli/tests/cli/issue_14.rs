//! Issue 14, "Bad input": each reproduction from the issue, as a worker would type it,
//! now refused with one Chinese line (or taken as meant), and nothing half saved.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{initialised, run, stderr, stdout};

const RANGE: &str = "请填写 2000-01-01 至 2100-12-31 之间的日期";

/// A pasted page as one argument. Windows passes at most 32 767 characters of command line
/// to a program, so there it is a shorter page.
const LONG: usize = if cfg!(windows) { 30_000 } else { 100_000 };

fn refused(db: &std::path::Path, args: &[&str], expected: &str) -> String {
    let o = run(db, args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    assert_eq!(err.trim().lines().count(), 1, "{args:?}: not one line: {err}");
    assert!(err.contains(expected), "{args:?}: {err}");
    err
}

fn total(db: &std::path::Path, args: &[&str]) -> usize {
    let o = run(db, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    v["total"].as_u64().map(|n| n as usize).or_else(|| v.as_array().map(Vec::len)).expect("a total or a list")
}

#[test]
fn issue_14_extreme_dates_are_refused_everywhere_a_user_gives_one() {
    let (_dir, db) = initialised();
    let o = run(&db, &["case", "add", "--channel", "来访", "--title", "楼道灯不亮"]);
    let number = stdout(&o).trim().to_owned();
    let o = run(&db, &["case", "set-status", &number, "核查"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let far = ["--from=+262142-01-01", "--to=+262142-12-31"];
    for command in [
        &["report", "rates"][..],
        &["event", "list"],
        &["report", "services"],
        &["errand", "list"],
        &["meeting", "list"],
    ] {
        let args: Vec<&str> = command.iter().chain(&far).copied().collect();
        refused(&db, &args, RANGE);
    }
    refused(
        &db,
        &["event", "list", "--from=-262143-01-01", "--to=-262143-02-01"],
        "开始日期“-262143-01-01”超出可用范围",
    );
    refused(&db, &["case", "add", "--channel", "来访", "--title", "x", "--received-at", "1900-01-01"], RANGE);
    let hold =
        ["case", "set-status", &number, "挂起", "--hold-reason", "等待施工方案", "--hold-until", "+262142-01-01"];
    refused(&db, &hold, "恢复日期“+262142-01-01”超出可用范围");
    let meeting =
        ["meeting", "add", "--title", "恳谈会", "--start", "2999-01-01 09:00", "--end", "10:00", "--place", "会议室"];
    refused(&db, &meeting, "开始时间“2999-01-01”超出可用范围");
    let event = ["event", "add", "--kind", "义诊", "--title", "义诊", "--start", "2026-12-03 09:00", "--end", "11:00"];
    let with_except: Vec<&str> = event
        .iter()
        .copied()
        .chain(["--place", "服务站", "--rrule", "FREQ=WEEKLY", "--except", "3000-01-01"])
        .collect();
    refused(&db, &with_except, "排除日期“3000-01-01”超出可用范围");
    refused(&db, &["errand", "add", "--type", "社保认证", "--at", "1999-12-31 23:00"], RANGE);
    assert_eq!(total(&db, &["--json", "case", "list"]), 1, "the refused case was saved");
    assert_eq!(total(&db, &["--json", "meeting", "list"]), 0);
}

#[test]
fn issue_14_a_pasted_page_is_refused_at_once_and_repeated_words_count_once() {
    let (_dir, db) = initialised();
    let o = run(&db, &["case", "add", "--channel", "来访", "--title", "南门广场积水"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pasted = "a ".repeat(LONG / 2);
    let started = Instant::now();
    let err = refused(&db, &["case", "search", &pasted], &format!("搜索内容过长（{LONG} 字），最多 100 字"));
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    assert!(err.len() < 300, "{err}");
    refused(&db, &["case", "search", "一 二 三 四 五 六 七 八 九 十 十一"], "搜索词过多（11 个），最多 10 个");
    assert_eq!(total(&db, &["--json", "case", "search", "积水 积水 积水 广场 积水"]), 1);
}

#[test]
fn issue_14_demo_is_bounded_and_keeps_off_a_station_s_own_register() {
    let (_dir, db) = initialised();
    refused(&db, &["demo", "--cases", "9223372036854775807"], "演示诉求一次最多 1000000 条");
    refused(&db, &["demo", "--cases", "4294967296"], "演示诉求一次最多 1000000 条");
    let o = run(&db, &["demo", "--cases", "300"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&db, &["demo", "--cases", "20"]);
    assert!(o.status.success(), "a demo database takes more demo cases: {}", stderr(&o));
    let o = run(&db, &["case", "add", "--channel", "来访", "--title", "单元门禁损坏"]);
    assert!(o.status.success(), "{}", stderr(&o));
    refused(&db, &["demo", "--cases", "10"], "已有本站录入的 1 条记录");
    assert_eq!(total(&db, &["--json", "case", "list"]), 321);
    let o = run(&db, &["demo", "--cases", "10", "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(total(&db, &["--json", "case", "list"]), 331);
}

#[test]
fn issue_14_a_killed_demo_load_leaves_nothing() {
    let (_dir, db) = initialised();
    let mut child = Command::new(env!("CARGO_BIN_EXE_stationdesk-cli"))
        .arg("--db")
        .arg(&db)
        .args(["demo", "--cases", "60000"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn demo");
    // Kill it mid-write: once the log holds more than a batch of 10 000 cases (~30 MB),
    // which loads that committed batch by batch had already made permanent.
    let wal = db.with_file_name("station.db-wal");
    let started = Instant::now();
    let mut finished = false;
    while std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) < 45 << 20
        && started.elapsed() < Duration::from_secs(120)
    {
        if child.try_wait().expect("wait").is_some() {
            finished = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("kill");
    let _ = child.wait();
    assert!(!finished, "the load finished before it was killed: make it larger");
    assert_eq!(total(&db, &["--json", "case", "list"]), 0, "a killed load left cases behind");
}

#[test]
fn issue_14_recurrence_rules_a_station_cannot_mean_are_refused() {
    let (_dir, db) = initialised();
    for (rule, expected) in [
        ("FREQ=SECONDLY", "重复频率只能是每天、每周、每月或每年"),
        ("FREQ=HOURLY", "重复频率只能是每天、每周、每月或每年"),
        ("FREQ=DAILY;COUNT=100000000", "COUNT 须在 1 到 3660 之间"),
        ("FREQ=DAILY;COUNT=0", "COUNT 须在 1 到 3660 之间"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL 须在 1 到 366 之间"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "一次活动也没有"),
        ("FREQ=WEEKLY;BYDAY=XX", "无法识别重复规则"),
    ] {
        let args = [
            "event",
            "add",
            "--kind",
            "义诊",
            "--title",
            "义诊",
            "--start",
            "2026-12-03 09:00",
            "--end",
            "11:00",
            "--place",
            "服务站",
            "--rrule",
            rule,
        ];
        let err = refused(&db, &args, expected);
        assert!(!err.contains("Invalid") && !err.contains("invalid"), "{rule}: English reached the user: {err}");
    }
    assert_eq!(total(&db, &["--json", "event", "list", "--from", "2026-12-01", "--to", "2027-11-30"]), 0);
}

#[test]
fn issue_14_invisible_titles_escapes_and_long_inputs() {
    let (_dir, db) = initialised();
    for title in ["\u{200F}\u{200B}\u{200D}", "\u{202E}\u{2066} \u{FEFF}", "\u{1b}[2J"] {
        refused(&db, &["case", "add", "--channel", "来访", "--title", title], "请填写标题");
    }
    let o = run(&db, &["case", "add", "--channel", "来访", "--title", "\u{1b}[2J\u{1b}[31m门禁\u{202E}损坏\u{1b}[0m"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let list = stdout(&run(&db, &["case", "list"]));
    assert!(list.contains("门禁损坏") && !list.contains('\u{1b}') && !list.contains('\u{202E}'), "{list:?}");
    let huge = "x".repeat(LONG);
    let err = refused(&db, &["case", "add", "--channel", &huge, "--title", "x"], "这个来源");
    assert!(err.chars().count() < 120, "{} characters echoed", err.chars().count());
    let o = run(&db, &["case", "show", &huge]);
    assert!(stderr(&o).chars().count() < 120, "{} characters echoed", stderr(&o).chars().count());
    let out = db.with_file_name("x.pdf");
    let o =
        run(&db, &["notice", "render", "--kind", &huge, "--input", "/dev/null", "--out", out.to_str().unwrap_or("")]);
    assert!(stderr(&o).contains("这种通知") && stderr(&o).chars().count() < 200, "{}", stderr(&o).chars().count());
    assert_eq!(total(&db, &["--json", "case", "list"]), 1);
}

#[test]
fn issue_14_parse_errors_are_chinese_and_a_value_may_start_with_a_dash() {
    let (_dir, db) = initialised();
    for (args, expected) in [
        (&["case", "list", "--page", "abc"][..], "参数 --page 的值“abc”不是有效的整数"),
        (&["case", "list", "--page", "-1"], "参数 --page 的值“-1”不能为负数"),
        (&["demo", "--cases", "99999999999999999999"], "参数 --cases 的值“99999999999999999999”太大"),
        (&["case", "list", "--bogus"], "不认识参数“--bogus”"),
        (&["cse", "list"], "没有“cse”这个命令；是不是想写 case"),
        (&["case", "add", "--title", "x"], "缺少必填参数 --channel"),
    ] {
        let o = run(&db, args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(!err.contains("error:") && !err.contains("found") && !err.contains("invalid"), "{args:?}: {err}");
    }
    let o = run(&db, &["case", "add", "--channel", "来访", "--title", "-1楼漏水"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&run(&db, &["case", "list"])).contains("-1楼漏水"));
}

#[test]
fn issue_14_output_into_a_closed_pipe_ends_quietly() {
    let (_dir, db) = initialised();
    let o = run(&db, &["demo", "--cases", "1000"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // 200 cases as JSON are well over a pipe's 64 KiB buffer.
    let mut child = Command::new(env!("CARGO_BIN_EXE_stationdesk-cli"))
        .arg("--db")
        .arg(&db)
        .args(["--json", "case", "list", "--page-size", "200"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = String::new();
    if let Some(out) = child.stdout.take() {
        BufReader::new(out).read_line(&mut first).expect("first line");
    } // the reader goes away here, like `| head -1`
    let o = child.wait_with_output().expect("wait");
    assert_eq!(first.trim(), "{");
    let err = stderr(&o);
    assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{err}");
    assert!(o.status.success(), "{:?}: {err}", o.status);
}

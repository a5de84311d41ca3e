//! `event`, `meeting`, `errand` and `report services` as a script uses them.

use chrono::{Datelike, Duration, Utc, Weekday};

use crate::{initialised, run, stderr, stdout};

/// A Thursday at least a week from now, as `YYYY-MM-DD`.
fn thursday() -> String {
    let mut d = (Utc::now() + Duration::hours(8)).date_naive() + Duration::days(7);
    while d.weekday() != Weekday::Thu {
        d += Duration::days(1);
    }
    d.format("%Y-%m-%d").to_string()
}

#[test]
fn weekly_clinic_lists_expanded_occurrences_and_the_waitlist_moves_up() {
    let (_dir, db) = initialised();
    let day = thursday();
    let start = format!("{day} 09:00");
    let o = run(
        &db,
        &[
            "event",
            "add",
            "--kind",
            "义诊",
            "--title",
            "社区义诊",
            "--start",
            &start,
            "--end",
            "11:00",
            "--place",
            "服务站",
            "--rrule",
            "FREQ=WEEKLY;BYDAY=TH",
            "--capacity",
            "1",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let id = stdout(&o).trim().to_owned();

    let to = (chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").expect("date") + Duration::days(27)).to_string();
    let o = run(&db, &["--json", "event", "list", "--from", &day, "--to", &to]);
    assert!(o.status.success(), "{}", stderr(&o));
    let items: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let items = items.as_array().expect("array");
    assert_eq!(items.len(), 4, "four Thursdays in four weeks");
    assert_eq!(items[0]["kind"], "clinic");
    assert_eq!(items[0]["kindLabel"], "义诊");
    assert_eq!(items[0]["capacity"], 1);
    let first_start = items[0]["occurrenceStart"].as_str().expect("start").to_owned();
    assert!(first_start.ends_with("01:00:00Z"), "09:00 China time is 01:00 UTC: {first_start}");

    // A 义诊 asks the resident's consent before recording them.
    let o =
        run(&db, &["event", "signup", "--event", &id, "--at", &start, "--name", "张桂兰", "--phone", "13812341234"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("居民已同意"), "{}", stderr(&o));
    let signup = ["event", "signup", "--event", &id, "--at", &start, "--name", "张桂兰", "--phone", "13812341234"];
    let o = run(&db, &[&signup[..], &["--consent"]].concat());
    assert!(stdout(&o).contains("报名成功"), "{}{}", stdout(&o), stderr(&o));
    let o = run(&db, &["--json", "event", "signup", "--event", &id, "--at", &start, "--name", "王建国", "--consent"]);
    let waiting: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(waiting["status"], "waitlisted");
    assert_eq!(waiting["waitlistPosition"], 1);

    let o = run(&db, &["event", "cancel-signup", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("候补递补：王建国"), "{}", stdout(&o));

    // A second event in the same place at the same time is saved with a warning.
    let o = run(
        &db,
        &[
            "event",
            "add",
            "--kind",
            "讲座",
            "--title",
            "防诈骗讲座",
            "--start",
            &format!("{day} 10:00"),
            "--end",
            "12:00",
            "--place",
            "服务站",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("场地冲突"), "{}", stdout(&o));
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
fn errands_meetings_and_the_services_report() {
    let (_dir, db) = initialised();
    let o = run(&db, &["--json", "errand", "add", "--type", "社保认证", "--name", "刘涵", "--at", "2026-09-03 09:30"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!((e["typeName"].as_str(), e["outcome"].as_str()), (Some("社保认证"), Some("done")));
    assert_eq!(e["at"], "2026-09-03T01:30:00Z");
    let o = run(&db, &["errand", "add", "--type", "老年卡", "--at", "2026-09-04 10:00", "--outcome", "需补材料"]);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = run(
        &db,
        &[
            "meeting",
            "add",
            "--title",
            "停车难恳谈会",
            "--start",
            "2026-09-18 15:00",
            "--end",
            "16:00",
            "--place",
            "社区会议室",
            "--agenda",
            "夜间停车",
            "--purpose",
            "为解决夜间停车难的问题。",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&db, &["--json", "meeting", "list"]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(list[0]["title"], "停车难恳谈会");
    assert_eq!(list[0]["agendaItems"], 1);

    // The station's phone: a bad one is refused by name; a good one is printed on a notice
    // whose meeting names no phone of its own.
    let o = run(&db, &["station", "set", "--phone", "8601234"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("服务站电话格式不正确"), "{}", stderr(&o));
    let o = run(&db, &["station", "set", "--phone", "0311 86012345"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&db, &["--json", "station", "show"]);
    let station: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(station["phone"], "0311-86012345");
    assert_eq!(station["name"], "荣傲家园社区微言服务站", "the name is kept");

    // Its 会议通知 from the record: the words a resident reads, in the PDF's text.
    let id = list[0]["id"].as_i64().expect("meeting id").to_string();
    let out = db.with_file_name("会议通知.pdf");
    let o = run(&db, &["notice", "render", "--meeting", &id, "--kind", "meeting", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::process::Command::new("pdftotext").arg(&out).arg("-").output().expect("pdftotext runs");
    let text: String = String::from_utf8_lossy(&text.stdout).split_whitespace().collect();
    for words in [
        "为解决夜间停车难的问题，经研究",
        "关于召开停车难恳谈会的通知",
        "2026年9月18日（星期五）下午3:00",
        "社区会议室",
        "夜间停车",
        "0311-86012345",
        "回执",
    ] {
        assert!(text.contains(words), "{words} is in the notice: {text}");
    }
    let o = run(&db, &["notice", "render", "--meeting", &id, "--kind", "receipt", "--out", out.to_str().unwrap()]);
    assert!(!o.status.success() && stderr(&o).contains("会议通知"), "{}", stderr(&o));

    let o = run(&db, &["--json", "report", "services", "--from", "2026-09-01", "--to", "2026-09-30"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let c: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!((c["errands"].as_u64(), c["meetings"].as_u64(), c["services"].as_u64()), (Some(2), Some(1), Some(3)));
    assert_eq!(c["personTimes"], 2);
    assert_eq!(c["byMonth"][0]["month"], "2026-09");
}

#[test]
fn bad_scheduling_input_exits_non_zero_with_one_chinese_line() {
    let (_dir, db) = initialised();
    for (args, expected) in [
        (
            vec![
                "event",
                "add",
                "--kind",
                "聚餐",
                "--title",
                "x",
                "--start",
                "2026-12-03 09:00",
                "--end",
                "10:00",
                "--place",
                "p",
            ],
            "没有“聚餐”这种活动",
        ),
        (
            vec!["event", "add", "--kind", "义诊", "--title", "x", "--start", "明天", "--end", "10:00", "--place", "p"],
            "无法识别时间",
        ),
        (
            vec![
                "event",
                "add",
                "--kind",
                "义诊",
                "--title",
                "x",
                "--start",
                "2026-12-03 09:00",
                "--end",
                "08:00",
                "--place",
                "p",
            ],
            "结束时间须晚于开始时间",
        ),
        (
            vec![
                "event",
                "add",
                "--kind",
                "义诊",
                "--title",
                "x",
                "--start",
                "2026-12-03 09:00",
                "--end",
                "10:00",
                "--place",
                "p",
                "--rrule",
                "every week",
            ],
            "无法识别重复规则",
        ),
        (vec!["errand", "add", "--type", "天气"], "没有“天气”这个办理事项"),
        (
            vec![
                "meeting",
                "add",
                "--title",
                "x",
                "--start",
                "2026-12-03 09:00",
                "--end",
                "10:00",
                "--place",
                "p",
                "--party",
                "不存在的单位",
            ],
            "相关方名录中没有",
        ),
        (vec!["event", "list", "--from", "2026-01-01", "--to", "2027-06-01"], "一次最多查询一年"),
    ] {
        let o = run(&db, &args);
        assert!(!o.status.success(), "{args:?} succeeded");
        let err = stderr(&o);
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: not one line: {err}");
        assert!(err.starts_with("错误："), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
}

#[test]
fn the_parties_directory_from_the_command_line() {
    let (_dir, db) = initialised();
    let o = run(
        &db,
        &[
            "party",
            "add",
            "--kind",
            "物业",
            "--name",
            "润都物业服务有限公司",
            "--contact",
            "李强",
            "--phone",
            "13803110001",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let bad = run(&db, &["party", "add", "--kind", "帮派", "--name", "某某"]);
    assert!(!bad.status.success() && stderr(&bad).contains("可选：物业"), "{}", stderr(&bad));
    let o = run(&db, &["--json", "party", "list"]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(
        (list[0]["name"].as_str(), list[0]["contactPerson"].as_str()),
        (Some("润都物业服务有限公司"), Some("李强"))
    );
}

#[test]
fn served_without_volunteer_hours_prints_zero_hours() {
    let (_dir, db) = initialised();
    let day = ((Utc::now() + Duration::hours(8)).date_naive() - Duration::days(2)).format("%Y-%m-%d").to_string();
    let start = format!("{day} 09:00");
    let o = run(
        &db,
        &[
            "event",
            "add",
            "--kind",
            "义诊",
            "--title",
            "社区义诊",
            "--start",
            &start,
            "--end",
            "11:00",
            "--place",
            "服务站",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let id = stdout(&o).trim().to_owned();
    let o = run(&db, &["event", "served", "--event", &id, "--at", &start, "--served", "12"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // An empty f64 sum is -0.0: the line must say 0.0.
    assert_eq!(stdout(&o).trim(), "受益人次 12，志愿服务 0.0 小时");
}

#[test]
fn issue_13_event_list_leaves_out_national_day_for_a_series_that_skips_holidays() {
    let (_dir, db) = initialised();
    let add = |title: &str, extra: &[&str]| {
        let base = [
            "event",
            "add",
            "--kind",
            "志愿服务",
            "--title",
            title,
            "--start",
            "2026-09-03 09:00",
            "--end",
            "11:00",
            "--place",
            "服务站",
            "--rrule",
            "FREQ=WEEKLY;BYDAY=TH",
        ];
        let o = run(&db, &[&base[..], extra].concat());
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o).trim().to_owned()
    };
    let skipping = add("便民理发", &["--skip-holidays"]);
    add("读书会", &[]);
    let listed = |id: &str| -> Vec<String> {
        let o = run(&db, &["--json", "event", "list", "--from", "2026-09-28", "--to", "2026-10-20"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let items: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        items
            .as_array()
            .expect("array")
            .iter()
            .filter(|i| i["id"].as_i64() == id.parse::<i64>().ok())
            .map(|i| i["start"].as_str().expect("start")[..10].to_owned())
            .collect()
    };
    // 09:00 China time is 01:00 UTC the same day. 2026-10-01 (Thursday) is National Day.
    assert_eq!(listed(&skipping), ["2026-10-08", "2026-10-15"]);
    let o = run(&db, &["event", "list", "--from", "2026-10-01", "--to", "2026-10-01"]);
    assert!(stdout(&o).contains("读书会") && !stdout(&o).contains("便民理发"), "{}", stdout(&o));
    assert!(stdout(&o).contains("共 1 项"), "{}", stdout(&o));

    let o = run(&db, &["event", "edit", "--event", &skipping, "--hold-on-holidays"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(listed(&skipping), ["2026-10-01", "2026-10-08", "2026-10-15"]);
    let o = run(&db, &["--json", "event", "edit", "--event", &skipping, "--skip-holidays"]);
    let saved: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(saved["event"]["skipHolidays"], true);
    assert_eq!(listed(&skipping), ["2026-10-08", "2026-10-15"]);
}

//! Issue 14: `event add/edit --audience --bring --link`, `station set --poster-link` and
//! `notice render --event` as a script uses them: the poster says what was given.

use chrono::{Duration, Utc};

use crate::{initialised, run, stderr, stdout};

fn pdf_text(pdf: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).chars().filter(|c| !c.is_whitespace()).collect()
}

fn events_on(db: &std::path::Path, day: &str) -> usize {
    let o = run(db, &["--json", "event", "list", "--from", day, "--to", day]);
    assert!(o.status.success(), "{}", stderr(&o));
    let items: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    items.as_array().expect("array").len()
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
fn the_poster_fields_and_links_are_set_from_the_command_line_and_printed() {
    let (dir, db) = initialised();
    let o = run(&db, &["station", "set", "--poster-link", "ftp://ra.example.cn"]);
    assert!(!o.status.success());
    assert_eq!(stderr(&o).trim().lines().count(), 1, "one line: {}", stderr(&o));
    assert!(stderr(&o).contains("二维码链接只能是"), "{}", stderr(&o));
    let o = run(&db, &["station", "set", "--poster-link", "https://ra.example.cn/zixun"]);
    assert!(stdout(&o).contains("二维码链接 https://ra.example.cn/zixun"), "{}{}", stdout(&o), stderr(&o));

    let day = (Utc::now() + Duration::hours(8) + Duration::days(3)).format("%Y-%m-%d").to_string();
    let (start, end) = (format!("{day} 08:30"), format!("{day} 11:30"));
    let add = |extra: &[&str]| {
        let mut args = vec![
            "event",
            "add",
            "--kind",
            "义诊",
            "--title",
            "社区卫生服务中心义诊",
            "--start",
            &start,
            "--end",
            &end,
            "--place",
            "服务站一楼大厅",
            "--capacity",
            "40",
        ];
        args.extend_from_slice(extra);
        run(&db, &args)
    };
    let o = add(&["--audience", "辖区60岁以上老人", "--link", "http://exa mple.cn"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("报名/咨询链接") && stderr(&o).contains("不是完整的网址"), "{}", stderr(&o));
    assert_eq!(events_on(&db, &day), 0, "nothing was saved");

    let o = add(&["--audience", "辖区60岁以上老人", "--bring", "身份证、医保卡", "--link", "https://wj.qq.com/s2/1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let id = stdout(&o).trim().to_owned();
    let pdf = dir.path().join("poster.pdf");
    let out = pdf.to_str().expect("path");
    let o = run(&db, &["notice", "render", "--kind", "event", "--event", &id, "--out", out]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdf_text(&pdf);
    for want in ["服务对象：辖区60岁以上老人", "请您携带：身份证、医保卡", "扫码报名"] {
        assert!(text.contains(want), "{want}:\n{text}");
    }

    // An empty --audience removes it: the poster says 本社区居民 again; the rest stays.
    let o = run(&db, &["event", "edit", "--event", &id, "--audience", "", "--bring", "身份证、医保卡、既往病历"]);
    assert!(stdout(&o).contains("已修改（全部）"), "{}{}", stdout(&o), stderr(&o));
    let o = run(&db, &["notice", "render", "--kind", "event", "--event", &id, "--at", &start, "--out", out]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdf_text(&pdf);
    assert!(text.contains("服务对象：本社区居民") && text.contains("请您携带：身份证、医保卡、既往病历"), "{text}");
    assert!(text.contains("扫码报名"), "the event's link is kept: {text}");

    let long = "老".repeat(51);
    let o = run(&db, &["event", "edit", "--event", &id, "--audience", &long]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("面向对象过长（51 字），最多 50 字"), "{}", stderr(&o));
}

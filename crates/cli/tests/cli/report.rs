//! Issue 11, "Work report": `report monthly|yearly --out X.pdf|X.xlsx [--typical N]`,
//! the PDF read back with pdftotext, the workbook with calamine, and each bad input
//! refused with one Chinese line and no file written.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

use crate::{initialised, run, stderr, stdout};

fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// October 2026: the stairs case received, moved on with a note, fixed, called back
/// satisfied; a second case still open.
fn october(db: &Path) -> String {
    let at = ["--received-at", "2026-10-08 09:30"];
    let stairs = ok(
        db,
        &[
            &["case", "add", "--channel", "来访", "--title", "地库楼梯台阶过多，老人上下困难"][..],
            &["--category", "物业管理", "--phone", "13812341234"],
            &at,
        ]
        .concat(),
    );
    let stairs = stairs.trim().to_owned();
    ok(db, &["case", "contact", &stairs, "--note", "电话联系居民", "--at", "2026-10-08 10:00"]);
    ok(db, &["case", "set-status", &stairs, "处理中", "--note", "联系开发商出具改造方案", "--at", "2026-10-09 15:00"]);
    let fixed = ["--resolution", "21个单元的楼梯全部改造完成", "--at", "2026-10-20 17:00"];
    ok(db, &[&["case", "set-status", &stairs, "办结"][..], &fixed].concat());
    let call = ["--reached", "是", "--resolved", "是", "--satisfied", "满意", "--at", "2026-10-22 10:00"];
    ok(db, &[&["case", "follow-up", &stairs][..], &call].concat());
    ok(
        db,
        &[&["case", "add", "--channel", "意见箱", "--title", "南门广场路面积水", "--category", "市政设施"][..], &at]
            .concat(),
    );
    stairs
}

fn pdftotext(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext").arg(path).arg("-").output().expect("pdftotext runs");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect()
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
fn a_monthly_report_as_pdf_with_a_typical_case_and_as_xlsx() {
    let (dir, db) = initialised();
    let stairs = october(&db);
    let pdf = dir.path().join("十月.pdf");
    let out = ok(
        &db,
        &["report", "monthly", "--month", "2026-10", "--out", pdf.to_str().expect("path"), "--typical", &stairs],
    );
    // The same figures as the rates report for the month.
    let rates: serde_json::Value =
        serde_json::from_str(&ok(&db, &["report", "rates", "--from", "2026-10-01", "--to", "2026-10-31", "--json"]))
            .expect("JSON");
    let t = &rates["total"];
    let (received, resolved, overdue) = (&t["received"], &t["resolved"], &t["overdue"]);
    assert_eq!((received.as_u64(), resolved.as_u64()), (Some(2), Some(1)));
    assert!(out.contains(&format!("受理 {received} 件，办结 {resolved} 件，超期 {overdue} 件")), "{out}");
    let in_time = &t["respondedInTime"];
    let rate = t["responseRate"].as_f64().expect("a response rate") * 100.0;
    assert!((rate - 50.0).abs() < 1e-9, "the open case was not contacted: {rates}");
    let text = pdftotext(&pdf);
    for expected in [
        "荣傲家园社区微言服务站2026年10月工作报告".to_owned(),
        format!("服务站共受理居民诉求{received}件，办结{resolved}件，超期{overdue}件"),
        format!("响应率为{rate:.1}%（{in_time}÷{received}）"),
        "满意率为100.0%（1÷1）".to_owned(),
        "计算方法：满意率=回访评价为“满意”或“基本满意”的诉求数".to_owned(),
        "四、典型案例".to_owned(),
        "2026年10月8日，居民到服务站反映“地库楼梯台阶过多，老人上下困难”的问题。".to_owned(),
        "10月9日，联系开发商出具改造方案。".to_owned(),
        "10月20日，21个单元的楼梯全部改造完成，诉求办结。10月22日回访，居民表示问题已解决，评价为“满意”。".to_owned(),
    ] {
        assert!(text.contains(&expected), "PDF lacks {expected}: {text}");
    }
    let fonts = std::process::Command::new("pdffonts").arg(&pdf).output().expect("pdffonts runs");
    let fonts = String::from_utf8_lossy(&fonts.stdout).into_owned();
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty() && rows.iter().all(|l| l.contains(" yes ")), "{fonts}");

    let xlsx = dir.path().join("2026.xlsx");
    let out = ok(&db, &["report", "yearly", "--year", "2026", "--out", xlsx.to_str().expect("path"), "--json"]);
    let summary: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(summary["received"], 2);
    let bytes = std::fs::read(&xlsx).expect("xlsx written");
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("calamine opens it");
    let sheet = book.worksheet_range("基本情况").expect("summary");
    let value = |name: &str| sheet.rows().find(|r| r[0] == Data::String(name.into())).map(|r| r[1].clone());
    assert_eq!(value("受理诉求"), Some(Data::Float(2.0)));
    assert_eq!(value("响应率"), Some(Data::Float(0.5)), "1 of 2 responded in time, as the rates report says");
    assert_eq!(value("满意率"), Some(Data::Float(1.0)));
    let months = book.worksheet_range("三率统计").expect("by month");
    assert!(months.rows().any(|r| r[0] == Data::String("2026-10".into()) && r[1] == Data::Float(2.0)));
}

#[test]
fn bad_months_extensions_paths_and_cases_are_refused_in_chinese() {
    let (dir, db) = initialised();
    let pdf = dir.path().join("r.pdf");
    let pdf = pdf.to_str().expect("path");
    let cases: [(&[&str], &str); 6] = [
        (&["report", "monthly", "--month", "2026-13", "--out", pdf], "月份“2026-13”无法识别，请写成 2026-11"),
        (&["report", "monthly", "--month", "1999-12", "--out", pdf], "超出可用范围"),
        (&["report", "yearly", "--year", "26", "--out", pdf], "年份“26”无法识别，请写成 2026"),
        (&["report", "monthly", "--month", "2026-11", "--out", "r.docx"], "请以 .pdf（报告）或 .xlsx（数据表）结尾"),
        (&["report", "monthly", "--month", "2026-11", "--out", "/no/such/dir/r.pdf"], "无法写入 /no/such/dir/r.pdf"),
        (
            &["report", "monthly", "--month", "2026-11", "--out", pdf, "--typical", "RA-2026-0099"],
            "找不到诉求 RA-2026-0099",
        ),
    ];
    for (args, message) in cases {
        let o = run(&db, args);
        assert!(!o.status.success(), "{args:?} succeeded");
        let err = stderr(&o);
        assert!(err.contains(message), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    }
    assert!(!Path::new(pdf).exists(), "nothing written on a refusal");
}

/// `report district-work` is the street office's: a station's own file is refused, and so
/// is a call without its period, each in one Chinese line with nothing written. (On a
/// district server the report is tested in the store suite and the window.)
#[test]
fn the_district_report_is_refused_on_a_stations_own_file_and_without_a_period() {
    let (dir, db) = initialised();
    let pdf = dir.path().join("d.pdf");
    let pdf = pdf.to_str().expect("path");
    let cases: [(&[&str], &str); 3] = [
        (
            &["report", "district-work", "--month", "2026-11", "--issuer", "荣华街道办事处", "--out", pdf],
            "街道汇总报告由街道的登录生成",
        ),
        (&["report", "district-work", "--issuer", "荣华街道办事处", "--out", pdf], "--month"),
        (
            &[
                "report",
                "district-work",
                "--month",
                "2026-11",
                "--year",
                "2026",
                "--issuer",
                "荣华街道办事处",
                "--out",
                pdf,
            ],
            "--year",
        ),
    ];
    for (args, message) in cases {
        let o = run(&db, args);
        assert!(!o.status.success(), "{args:?} succeeded");
        let err = stderr(&o);
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(err.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "in Chinese: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    }
    assert!(!Path::new(pdf).exists(), "nothing written on a refusal");
}

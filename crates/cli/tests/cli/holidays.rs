//! `holidays import FILE` and `holidays list`: a year's notice loaded from a text file,
//! shown, loaded again, and a wrong file refused with its line and nothing saved.

use crate::{initialised, run, stderr, stdout};

#[test]
fn a_notice_file_is_imported_listed_and_a_wrong_one_refused_with_its_line() {
    let (dir, db) = initialised();
    let file = dir.path().join("2027.txt");
    // A test notice for 2027 (not the real one, which is not published yet).
    let text = "年份 2027\n元旦 2027年1月1日（星期五）\n春节 2027-02-06 至 2027-02-12\n调休上班 2027-02-14 春节\n";
    std::fs::write(&file, text).expect("write");
    let path = file.to_str().expect("path");

    let o = run(&db, &["holidays", "import", path, "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("2027-02-14  调休上班  春节调休上班"), "{}", stdout(&o));
    let o = run(&db, &["holidays", "list"]);
    let first = stdout(&o).lines().next().unwrap_or_default().to_owned();
    assert_eq!(first, "已有节假日安排的年份：2025（内置）、2026（内置）", "nothing saved by --dry-run");

    let o = run(&db, &["holidays", "import", path]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "已导入 2027 年：放假 8 天，调休上班 1 天");
    let o = run(&db, &["holidays", "import", path]);
    assert_eq!(stdout(&o).trim(), "已导入 2027 年：放假 8 天，调休上班 1 天（替换原有安排）");
    let o = run(&db, &["holidays", "list", "--year", "2027"]);
    assert_eq!(stdout(&o).lines().count(), 9, "{}", stdout(&o));
    assert!(stdout(&o).contains("2027-01-01  周五  放假  元旦  国务院安排"), "{}", stdout(&o));
    let o = run(&db, &["holidays", "list", "--json"]);
    let coverage: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(coverage["years"], serde_json::json!([2025, 2026, 2027]));
    assert_eq!(coverage["imported"], serde_json::json!([2027]));

    std::fs::write(&file, "年份 2027\n春节 2027-02-12 至 2027-02-06\n").expect("write");
    let o = run(&db, &["holidays", "import", path]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("第 2 行：结束日 2027-02-06 早于起始日 2027-02-12：请检查是否写反了"),
        "{}",
        stderr(&o)
    );
    let o = run(&db, &["holidays", "list", "--year", "2027"]);
    assert_eq!(stdout(&o).lines().count(), 9, "nothing changed: {}", stdout(&o));
}

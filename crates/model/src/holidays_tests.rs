use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::china::CHINA_OFFSET;
use crate::deadlines::{Calendar, Span, TimeUnit};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn cn(y: i32, m: u32, day: u32, h: u32) -> DateTime<Utc> {
    CHINA_OFFSET.from_local_datetime(&d(y, m, day).and_hms_opt(h, 0, 0).unwrap()).unwrap().with_timezone(&Utc)
}

/// The calendar as it was compiled into `deadlines.rs` before it became a data file:
/// the shipped file must say exactly this, so no deadline changes.
type Ymd = (i32, u32, u32);
const FORMER_HOLIDAYS: &[(Ymd, Ymd, &str)] = &[
    ((2025, 1, 1), (2025, 1, 1), "元旦"),
    ((2025, 1, 28), (2025, 2, 4), "春节"),
    ((2025, 4, 4), (2025, 4, 6), "清明节"),
    ((2025, 5, 1), (2025, 5, 5), "劳动节"),
    ((2025, 5, 31), (2025, 6, 2), "端午节"),
    ((2025, 10, 1), (2025, 10, 8), "国庆节、中秋节"),
    ((2026, 1, 1), (2026, 1, 3), "元旦"),
    ((2026, 2, 15), (2026, 2, 23), "春节"),
    ((2026, 4, 4), (2026, 4, 6), "清明节"),
    ((2026, 5, 1), (2026, 5, 5), "劳动节"),
    ((2026, 6, 19), (2026, 6, 21), "端午节"),
    ((2026, 9, 25), (2026, 9, 27), "中秋节"),
    ((2026, 10, 1), (2026, 10, 7), "国庆节"),
];
const FORMER_WORKDAYS: &[(Ymd, &str)] = &[
    ((2025, 1, 26), "春节调休上班"),
    ((2025, 2, 8), "春节调休上班"),
    ((2025, 4, 27), "劳动节调休上班"),
    ((2025, 9, 28), "国庆节调休上班"),
    ((2025, 10, 11), "国庆节调休上班"),
    ((2026, 1, 4), "元旦调休上班"),
    ((2026, 2, 14), "春节调休上班"),
    ((2026, 2, 28), "春节调休上班"),
    ((2026, 5, 9), "劳动节调休上班"),
    ((2026, 9, 20), "国庆节调休上班"),
    ((2026, 10, 10), "国庆节调休上班"),
];

#[test]
fn shipped_data_is_the_former_built_in_calendar() {
    let years = parse(SHIPPED).expect("the shipped file parses");
    assert_eq!(years.iter().map(|y| y.year).collect::<Vec<_>>(), [2025, 2026]);
    let mut former = Vec::new();
    for &((y1, m1, d1), (y2, m2, d2), name) in FORMER_HOLIDAYS {
        for day in d(y1, m1, d1).iter_days().take_while(|x| *x <= d(y2, m2, d2)) {
            former.push(CalendarDay { day, kind: DayKind::Holiday, name: name.to_owned(), built_in: true });
        }
    }
    for &((y, m, day), name) in FORMER_WORKDAYS {
        former.push(CalendarDay { day: d(y, m, day), kind: DayKind::Workday, name: name.to_owned(), built_in: true });
    }
    former.sort_by_key(|x| x.day);
    assert_eq!(official_days(&[]), former);
    assert_eq!(shipped(), years.as_slice());
    assert_eq!(covered_years(&[]), [2025, 2026]);
}

#[test]
fn a_notice_typed_as_written_parses() {
    let text = "\u{feff}# 国务院办公厅关于2030年部分节假日安排的通知\n\
                年份：2030\n\
                \n\
                元旦 2029-12-30 至 2030-01-01   # 跨年\n\
                春节 2030年2月2日（星期六）至2030年2月8日（星期五）\n\
                清明节 2030/4/5\n\
                调休上班 2030.2.10 春节\n\
                调休上班 ２０３０-０１-０５ 元旦调休上班\n";
    let years = parse(text).expect("parses");
    assert_eq!(years.len(), 1);
    let y = &years[0];
    assert_eq!(y.year, 2030);
    assert_eq!(y.days.len(), 3 + 7 + 1 + 2);
    assert_eq!(
        y.days[0],
        CalendarDay { day: d(2029, 12, 30), kind: DayKind::Holiday, name: "元旦".into(), built_in: true }
    );
    let workdays: Vec<_> =
        y.days.iter().filter(|x| x.kind == DayKind::Workday).map(|x| (x.day, x.name.as_str())).collect();
    assert_eq!(workdays, [(d(2030, 1, 5), "元旦调休上班"), (d(2030, 2, 10), "春节调休上班")]);
    assert!(y.days.windows(2).all(|w| w[0].day < w[1].day));
}

fn refused(text: &str) -> Vec<String> {
    parse(text).expect_err("refused").iter().map(ToString::to_string).collect()
}

#[test]
fn every_refusal_names_its_line_and_what_to_fix() {
    let one = |text: &str| {
        let errors = refused(text);
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors.into_iter().next().unwrap()
    };
    // A bad date.
    let e = one("年份 2027\n春节 2027-02-30 至 2027-03-02\n");
    assert!(e.starts_with("第 2 行：「2027-02-30」不是有效日期"), "{e}");
    assert!(e.contains("年-月-日"), "{e}");
    // The end before the start.
    let e = one("年份 2027\n春节 2027-02-12 至 2027-02-06\n");
    assert_eq!(e, "第 2 行：结束日 2027-02-06 早于起始日 2027-02-12：请检查是否写反了");
    // A year outside 2000–2100, on the year line and on a date.
    let e = one("年份 2101\n");
    assert!(e.starts_with("第 1 行：「2101」不是可用的年份：请写 2000 到 2100 之间"), "{e}");
    let e = one("年份 2000\n元旦 1999-12-31\n");
    assert!(e.starts_with("第 2 行：1999-12-31 超出可用范围"), "{e}");
    // A date in another year than its heading says.
    let e = one("年份 2027\n国庆节 2028-10-01 至 2028-10-07\n");
    assert!(e.starts_with("第 2 行：2028-10-01 不在 2027 年的安排里"), "{e}");
    // A day both a holiday and a working day, and a day written twice.
    let e = one("年份 2027\n春节 2027-02-06 至 2027-02-12\n调休上班 2027-02-07 春节\n");
    assert_eq!(e, "第 3 行：2027-02-07 在第 2 行已写成放假，这里又写成调休上班：同一天只能是其中一种，请删去一行");
    let e = one("年份 2027\n春节 2027-02-06 至 2027-02-12\n元宵 2027-02-12\n");
    assert!(e.starts_with("第 3 行：2027-02-12 已在第 2 行写过"), "{e}");
    // An empty file, a file of comments, a year with nothing under it.
    assert_eq!(
        one(""),
        "文件里没有节假日安排：请以「年份 2027」开头，每个假期一行，如「春节 2027-02-06 至 2027-02-12」"
    );
    assert!(one("# 只有注释\n\n").starts_with("文件里没有节假日安排"));
    assert!(one("年份 2027\n").starts_with("第 1 行：「年份 2027」下面没有任何假期"));
    // A file over the size bound.
    let big = format!("年份 2027\n{}", "# 很长的注释\n".repeat(MAX_FILE_BYTES / 10));
    assert!(one(&big).starts_with("文件过大"), "{}", one(&big));
    // Lines the parser cannot read.
    assert!(one("春节 2027-02-06\n").starts_with("第 1 行：请先写一行「年份 2027」"));
    assert!(one("年份 2027\n2027-02-06 至 2027-02-12\n").starts_with("第 2 行：这一行缺少假期名称"));
    assert!(one("年份 2027\n春节\n").starts_with("第 2 行：「春节」后面缺少日期"));
    assert!(one("年份 2027\n调休上班 2027-02-14\n").starts_with("第 2 行：调休上班要写日期和对应的假期"));
    assert!(one("年份 2027\n春节 2027-02-01 至 2027-02-28\n").contains("共 28 天，超过 15 天"));
    assert!(one("年份 2027\n年份 2027\n春节 2027-02-06\n").starts_with("第 2 行：「年份 2027」写了第二次"));
    assert!(one("年份 2027\n春节春节春节春节春节春节春节春节春节 2027-02-06\n").contains("过长：最多 16 字"));
}

#[test]
fn every_refused_line_is_reported_in_line_order() {
    let errors = refused("年份 2027\n春节 2027-13-01\n清明节 2027-04-05\n国庆节 2027-10-08 至 2027-10-01\n");
    assert_eq!(errors.len(), 2);
    assert!(errors[0].starts_with("第 2 行"));
    assert!(errors[1].starts_with("第 4 行"));
}

#[test]
fn an_imported_year_replaces_the_shipped_one_and_adds_coverage() {
    let text = "年份 2026\n春节 2026-02-16 至 2026-02-20\n\n年份 2027\n元旦 2027-01-01\n";
    let imported = parse(text).expect("parses");
    let days = official_days(&imported);
    // The shipped 2026 is gone entirely (no 元旦 2026, no 2026-02-15), 2025 stays.
    assert!(!days.iter().any(|x| x.day == d(2026, 1, 1) || x.day == d(2026, 2, 15)));
    assert!(days.iter().any(|x| x.day == d(2026, 2, 16)));
    assert!(days.iter().any(|x| x.day == d(2025, 1, 28)));
    assert!(days.iter().any(|x| x.day == d(2027, 1, 1)));
    assert_eq!(covered_years(&[2027, 2026]), [2025, 2026, 2027]);
}

#[test]
fn the_window_asks_for_next_year_from_november() {
    let covered = [2025, 2026];
    assert_eq!(missing_year(d(2026, 10, 31), &covered), None);
    assert_eq!(missing_year(d(2026, 11, 1), &covered), Some(2027));
    assert_eq!(missing_year(d(2026, 12, 31), &[2025, 2026, 2027]), None);
    assert_eq!(missing_year(d(2027, 3, 1), &covered), Some(2027));
}

#[test]
fn a_working_day_count_into_an_unknown_year_says_so() {
    let cal = Calendar::new(&[], &[]);
    let seven = Span::new(7, TimeUnit::WorkingDays);
    // Received 2026-12-28: the count runs into January 2027, which no calendar covers.
    assert_eq!(cal.unknown_year(cn(2026, 12, 28, 9), seven), Some(2027));
    // Within 2026, or counted in calendar days or hours: nothing to say.
    assert_eq!(cal.unknown_year(cn(2026, 12, 1, 9), seven), None);
    assert_eq!(cal.unknown_year(cn(2026, 12, 28, 9), Span::new(7, TimeUnit::Days)), None);
    // The 2027 notice imported: the same count is known.
    let imported = parse("年份 2027\n元旦 2027-01-01\n").expect("parses");
    let cal = Calendar::new(&imported, &[]);
    assert_eq!(cal.unknown_year(cn(2026, 12, 28, 9), seven), None);
    // And the imported holiday is skipped: 29, 30, 31, (1 Jan off), 4, 5, 6, 7 → end of 7 Jan.
    assert_eq!(cal.due(cn(2026, 12, 28, 9), seven), cn(2027, 1, 8, 0));
    assert_eq!(weekend_only_note(2027), "截止时间按周末推算：2027年节假日安排尚未导入");
    // The note a case's detail shows: its clock's start to its deadline.
    let covered = [2025, 2026];
    assert_eq!(
        due_note(cn(2026, 12, 28, 9), cn(2027, 1, 7, 0), &covered).as_deref(),
        Some("截止时间按周末推算：2027年节假日安排尚未导入")
    );
    assert_eq!(due_note(cn(2026, 12, 20, 9), cn(2027, 1, 1, 0), &covered), None, "due at midnight ending 31 December");
    assert_eq!(due_note(cn(2026, 12, 28, 9), cn(2027, 1, 7, 0), &[2025, 2026, 2027]), None);
}

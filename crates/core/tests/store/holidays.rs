//! Importing the State Council's notice for a year the program does not ship: what the
//! calendar and the deadlines then say, re-import, refusals, and the audit trail.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use stationdesk_core::cases::{self, CHINA_OFFSET};
use stationdesk_core::deadlines::{DayKind, Limits, Span, TimeUnit, Urgency};
use stationdesk_core::holidays::{self, HolidayFile};
use stationdesk_core::store::Clock;
use stationdesk_core::{CoreError, settings};

use crate::{Fixture, case};

fn cn(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    CHINA_OFFSET.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap().with_timezone(&Utc)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn file(text: &str) -> HolidayFile {
    HolidayFile { name: "2027年节假日.txt".into(), text: text.into() }
}

/// A test notice for 2027 (not the real one, which is not published yet).
const NOTICE: &str = "# 测试用\n年份 2027\n元旦 2027-01-01\n春节 2027-02-06 至 2027-02-12\n调休上班 2027-02-14 春节\n";

#[tokio::test]
async fn an_imported_notice_counts_in_deadlines_and_a_reimport_replaces_it() {
    let f = Fixture::new().await;
    let clock = Clock::manual(cn(2026, 11, 2, 9));
    let store = f.store.clone().with_clock(clock.clone());

    // November, no 2027 calendar: the window is told, with how to load it.
    let before = holidays::coverage(&store, f.actor.station_id).await.unwrap();
    assert_eq!(before.years, [2025, 2026]);
    assert_eq!(before.missing, Some(2027));
    assert!(before.warning.as_deref().unwrap().contains("2027年的节假日安排尚未导入"), "{before:?}");

    // Ordinary 物业管理 cases: 7 working days. Received Monday 2026-12-28, counted over
    // weekends only: 29, 30, 31, 1 Jan, 4, 5, 6 → end of 6 January.
    let property = f.category("物业管理").await;
    let limits = Limits { respond: Span::new(1, TimeUnit::WorkingDays), resolve: Span::new(7, TimeUnit::WorkingDays) };
    settings::save_time_limit(&store, &f.actor, Some(property), Urgency::Normal, Some(&limits)).await.unwrap();
    clock.set(cn(2026, 12, 28, 9));
    let mut c = case("单元门禁损坏", "");
    c.category_id = Some(property);
    let early = cases::create(&store, &f.actor, c.clone()).await.unwrap();
    assert_eq!(early.resolve_due_at, Some(cn(2027, 1, 7, 0)));
    // The case says so beside its deadline, instead of counting weekends silently.
    let shown = cases::detail(&store, f.actor.station_id, early.id).await.unwrap();
    assert_eq!(shown.due_note.as_deref(), Some("截止时间按周末推算：2027年节假日安排尚未导入"));
    // A case counted in calendar days needs no calendar.
    let mut urgent = case("燃气管道漏气", "");
    urgent.urgency = Urgency::Urgent;
    let urgent = cases::create(&store, &f.actor, urgent).await.unwrap();
    assert_eq!(cases::detail(&store, f.actor.station_id, urgent.id).await.unwrap().due_note, None);

    let preview = holidays::preview(&store, f.actor.station_id, &file(NOTICE)).await.unwrap();
    assert_eq!(preview.years.len(), 1);
    assert_eq!(preview.years[0].days.len(), 9);
    assert!(preview.replaces.is_empty());
    assert!(
        settings::calendar_days(&store, f.actor.station_id, 2027).await.unwrap().is_empty(),
        "a preview saves nothing"
    );

    holidays::import(&store, &f.actor, &file(NOTICE)).await.unwrap();
    let after = holidays::coverage(&store, f.actor.station_id).await.unwrap();
    assert_eq!(
        (after.years.as_slice(), after.imported.as_slice(), after.missing),
        (&[2025, 2026, 2027][..], &[2027][..], None)
    );
    let days = settings::calendar_days(&store, f.actor.station_id, 2027).await.unwrap();
    assert_eq!(days.len(), 9);
    assert!(days.iter().all(|d| d.built_in));
    assert_eq!(
        (days[8].day, days[8].kind, days[8].name.as_str()),
        (day(2027, 2, 14), DayKind::Workday, "春节调休上班")
    );
    // A case logged now skips 元旦: … 31, (1 Jan off), 4, 5, 6, 7 → end of 7 January.
    let late = cases::create(&store, &f.actor, c.clone()).await.unwrap();
    assert_eq!(late.resolve_due_at, Some(cn(2027, 1, 8, 0)));
    assert_eq!(cases::detail(&store, f.actor.station_id, late.id).await.unwrap().due_note, None);

    // The same file again changes nothing; it is audited again.
    holidays::import(&store, &f.actor, &file(NOTICE)).await.unwrap();
    assert_eq!(settings::calendar_days(&store, f.actor.station_id, 2027).await.unwrap(), days);

    // The station's own change survives a corrected notice, which replaces the year whole.
    settings::save_calendar_day(&store, &f.actor, day(2027, 1, 4), DayKind::Holiday, "本街道活动").await.unwrap();
    let corrected = "年份 2027\n元旦 2027-01-01 至 2027-01-03\n";
    let preview = holidays::preview(&store, f.actor.station_id, &file(corrected)).await.unwrap();
    assert_eq!(preview.replaces, [2027]);
    holidays::import(&store, &f.actor, &file(corrected)).await.unwrap();
    let days = settings::calendar_days(&store, f.actor.station_id, 2027).await.unwrap();
    let listed: Vec<(NaiveDate, bool)> = days.iter().map(|d| (d.day, d.built_in)).collect();
    assert_eq!(
        listed,
        [(day(2027, 1, 1), true), (day(2027, 1, 2), true), (day(2027, 1, 3), true), (day(2027, 1, 4), false)]
    );

    let audit = store.audit_history(f.actor.station_id, "official_holidays", 2027).await.unwrap();
    assert_eq!(audit.len(), 3);
    assert!(audit.iter().all(|a| a.action == "import" && a.note.as_deref() == Some("导入2027年节假日安排")));
    assert_eq!(audit[0].changes[0].after.as_deref(), Some("放假 8 天，调休上班 1 天"));
    assert_eq!(audit[2].changes[0].before.as_deref(), Some("已导入 9 天"));
}

#[tokio::test]
async fn a_file_with_one_wrong_line_saves_nothing() {
    let f = Fixture::new().await;
    holidays::import(&f.store, &f.actor, &file(NOTICE)).await.unwrap();
    let kept = settings::calendar_days(&f.store, f.actor.station_id, 2027).await.unwrap();
    // 2028 is fine, 2027's replacement has a day both off and worked: the whole file is refused.
    let bad = "年份 2028\n元旦 2028-01-01\n\n年份 2027\n春节 2027-02-06 至 2027-02-12\n调休上班 2027-02-07 春节\n";
    let err = holidays::import(&f.store, &f.actor, &file(bad)).await.unwrap_err();
    let CoreError::Invalid(errors) = &err else { panic!("{err:?}") };
    assert!(errors[0].message.starts_with("第 6 行：2027-02-07 在第 5 行已写成放假"), "{errors:?}");
    assert!(err.to_string().contains("整个文件未导入"), "{err}");
    assert_eq!(settings::calendar_days(&f.store, f.actor.station_id, 2027).await.unwrap(), kept);
    assert!(settings::calendar_days(&f.store, f.actor.station_id, 2028).await.unwrap().is_empty());
    assert!(f.store.audit_history(f.actor.station_id, "official_holidays", 2028).await.unwrap().is_empty());
    assert_eq!(f.store.audit_history(f.actor.station_id, "official_holidays", 2027).await.unwrap().len(), 1);
    // An empty file, and a file too large to be a notice, are refused before anything.
    let empty = holidays::import(&f.store, &f.actor, &file("# 空\n")).await.unwrap_err();
    assert!(empty.to_string().contains("文件里没有节假日安排"), "{empty}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    std::fs::write(&path, "#".repeat(70 * 1024)).unwrap();
    let big = HolidayFile::read(&path).unwrap_err();
    assert!(big.to_string().starts_with("文件过大"), "{big}");
    // Saved by Notepad on Chinese Windows (GBK), the file reads as typed.
    let (gbk, _, _) = encoding_rs::GBK.encode(NOTICE);
    std::fs::write(&path, &gbk).unwrap();
    assert_eq!(HolidayFile::read(&path).unwrap().text, NOTICE);
}

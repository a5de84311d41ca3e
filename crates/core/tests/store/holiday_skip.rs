//! Issue 13, "Recurring events skip official holidays when the series says so": a weekly
//! Thursday series marked 节假日不举办 has no occurrence on National Day (Thursday
//! 2026-10-01) in the calendar, the day's agenda or sign-ups; the flag survives a restart
//! and an edit; a series saved before the flag existed (the column's default) keeps every
//! date; and the missing-calendar warning says such a series cannot skip that year.

use chrono::{NaiveDate, NaiveTime};
use sqlx::Connection;
use stationdesk_core::schedule::calendar::{self, CalendarQuery};
use stationdesk_core::schedule::events::{self, EventEdit, EventInput};
use stationdesk_core::schedule::{EditScope, EventKind, china_date, china_time};
use stationdesk_core::store::Clock;
use stationdesk_core::{CoreError, Location, holidays};

use crate::Fixture;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn nine() -> NaiveTime {
    NaiveTime::from_hms_opt(9, 0, 0).expect("time")
}

/// 便民理发 every Thursday from 3 September 2026, 09:00–11:00.
fn haircuts(skip_holidays: bool) -> EventInput {
    let start = china_time(day(2026, 9, 3), nine());
    EventInput {
        kind: EventKind::Volunteer,
        title: if skip_holidays { "便民理发".into() } else { "读书会".into() },
        start,
        end: start + chrono::Duration::hours(2),
        place: if skip_holidays { "服务站".into() } else { "社区活动室".into() },
        partner_ids: vec![],
        partners: vec![],
        staff_ids: vec![],
        volunteers: vec![],
        description: None,
        rrule: Some("FREQ=WEEKLY;BYDAY=TH".into()),
        exdates: vec![],
        skip_holidays,
        capacity: None,
        audience: None,
        bring: None,
        link: None,
    }
}

/// The China dates of event `id` between 28 September and 20 October 2026.
async fn dates(store: &stationdesk_core::Store, station_id: i64, id: i64) -> Vec<NaiveDate> {
    let q = CalendarQuery {
        from: day(2026, 9, 28),
        to: day(2026, 10, 20),
        source: None,
        event_kind: None,
        place: None,
        staff_id: None,
        include_cancelled: false,
    };
    let items = calendar::range(store, station_id, &q).await.expect("calendar");
    items.iter().filter(|i| i.id == id).map(|i| china_date(i.start)).collect()
}

#[tokio::test]
async fn issue_13_a_series_marked_to_skip_holidays_leaves_out_national_day() {
    let f = Fixture::new().await;
    let sid = f.actor.station_id;
    let skipping = events::create(&f.store, &f.actor, &haircuts(true)).await.expect("create").event;
    let held = events::create(&f.store, &f.actor, &haircuts(false)).await.expect("create").event;
    assert!(skipping.skip_holidays && !held.skip_holidays);

    let national_day = day(2026, 10, 1);
    assert_eq!(dates(&f.store, sid, skipping.id).await, [day(2026, 10, 8), day(2026, 10, 15)]);
    assert_eq!(dates(&f.store, sid, held.id).await, [national_day, day(2026, 10, 8), day(2026, 10, 15)]);

    // 今日 on National Day lists only the series that is held on holidays.
    let agenda = calendar::day_agenda(&f.store, sid, national_day).await.expect("agenda");
    let titles: Vec<&str> = agenda.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["读书会"]);

    // Nobody can sign up for, or print a notice of, an occurrence that is not held.
    let at = china_time(national_day, nine());
    let err = events::occurrence(&f.store, sid, skipping.id, at).await.expect_err("no occurrence on 1 October");
    assert!(matches!(err, CoreError::NotFound(_)), "{err}");
    assert!(err.user_message().contains("没有安排"), "{}", err.user_message());

    // The flag is stored: after a restart, and through an edit of the whole series.
    let reopened = f.reopen().await;
    assert!(events::get(&reopened, sid, skipping.id).await.expect("get").skip_holidays);
    assert_eq!(dates(&reopened, sid, skipping.id).await, [day(2026, 10, 8), day(2026, 10, 15)]);
    let edit =
        |input: EventInput| EventEdit { event_id: skipping.id, occurrence_start: None, scope: EditScope::All, input };
    let saved = events::edit(&f.store, &f.actor, &edit(haircuts(false))).await.expect("edit");
    assert!(!saved.event.skip_holidays);
    assert_eq!(dates(&f.store, sid, skipping.id).await, [national_day, day(2026, 10, 8), day(2026, 10, 15)]);
    let saved = events::edit(&f.store, &f.actor, &edit(haircuts(true))).await.expect("edit");
    assert!(saved.event.skip_holidays);
    assert_eq!(dates(&f.store, sid, skipping.id).await, [day(2026, 10, 8), day(2026, 10, 15)]);
    let history = f.store.audit_history(sid, "event", skipping.id).await.expect("history");
    assert!(
        history.iter().any(|h| h.changes.iter().any(|c| c.field == "skipHolidays" && c.after.as_deref() == Some("是"))),
        "the audit trail records the flag"
    );

    // From 1 November the window asks for next year's calendar, which is not shipped; a
    // series that skips holidays and runs into that year is named in the warning.
    let store = f.store.clone().with_clock(Clock::manual(china_time(day(2026, 11, 2), nine())));
    let coverage = holidays::coverage(&store, sid).await.expect("coverage");
    assert_eq!(coverage.missing, Some(2027));
    let warning = coverage.warning.expect("warning");
    assert!(warning.contains("节假日不举办") && warning.contains("2027"), "{warning}");
}

#[tokio::test]
async fn issue_13_a_series_saved_before_the_flag_keeps_every_date() {
    let f = Fixture::new().await;
    let sid = f.actor.station_id;
    let marked = events::create(&f.store, &f.actor, &haircuts(true)).await.expect("create").event;
    // A row written without the column, as every series saved before this migration:
    // the copy of a marked series takes the column's default.
    let url = match &f.location {
        Location::SqliteFile(path) => format!("sqlite://{}", path.display()),
        Location::Postgres(url) => url.expose().to_owned(),
    };
    let copy = "INSERT INTO events (station_id, kind, title, starts_at, ends_at, place, partners, staff_ids,
            volunteers, description, rrule, exdates, capacity, series_end, created_at, created_by_name,
            updated_at, partner_ids)
        SELECT station_id, kind, '旧系列', starts_at, ends_at, place, partners, staff_ids, volunteers, description,
            rrule, exdates, capacity, series_end, created_at, created_by_name, updated_at, partner_ids
        FROM events WHERE title = '便民理发'";
    if url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(&url).await.expect("connect");
        sqlx::query(copy).execute(&mut c).await.expect("copy");
    } else {
        let mut c = sqlx::SqliteConnection::connect(&url).await.expect("connect");
        sqlx::query(copy).execute(&mut c).await.expect("copy");
    }
    let q = CalendarQuery {
        from: day(2026, 10, 1),
        to: day(2026, 10, 1),
        source: None,
        event_kind: None,
        place: None,
        staff_id: None,
        include_cancelled: false,
    };
    let items = calendar::range(&f.store, sid, &q).await.expect("calendar");
    let old = items.iter().find(|i| i.title == "旧系列").expect("the old series is held on National Day");
    assert!(old.id != marked.id);
    assert!(!events::get(&f.store, sid, old.id).await.expect("get").skip_holidays);
    assert!(items.iter().all(|i| i.id != marked.id), "the marked one is not");

    // Without a marked series the warning is what it was.
    let store = f.store.clone().with_clock(Clock::manual(china_time(day(2026, 11, 2), nine())));
    events::cancel(&f.store, &f.actor, marked.id, None, EditScope::All).await.expect("cancel");
    let warning = holidays::coverage(&store, sid).await.expect("coverage").warning.expect("warning");
    assert!(!warning.contains("节假日不举办"), "{warning}");
}

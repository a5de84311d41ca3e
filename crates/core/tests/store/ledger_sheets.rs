//! The ledger's figure sheets read back with calamine and compared with the services that
//! compute them: the three rates by category, services and person-times by kind and by
//! month, and the meetings.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use stationdesk_core::cases::{self, CHINA_OFFSET, CaseQuery, CaseStatus};
use stationdesk_core::ledger::export::{ExportOptions, export};
use stationdesk_core::rates::{self, RateQuery};
use stationdesk_core::schedule::counts;
use stationdesk_core::schedule::errands::{self, ErrandInput};
use stationdesk_core::schedule::events::{self, EventInput, ServedInput, WalkInInput};
use stationdesk_core::schedule::meetings::{self, MeetingInput};
use stationdesk_core::schedule::{EventKind, MeetingKind};
use stationdesk_core::workflow::{self, TransitionRequest};

use crate::{Fixture, case};

fn at(day: NaiveDate, h: u32) -> DateTime<Utc> {
    let t = day.and_time(NaiveTime::from_hms_opt(h, 0, 0).expect("time"));
    CHINA_OFFSET.from_local_datetime(&t).single().expect("china time").with_timezone(&Utc)
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[tokio::test]
async fn the_figure_sheets_hold_what_the_services_count() {
    let f = Fixture::new().await;
    let sep = |d: u32| NaiveDate::from_ymd_opt(2026, 9, d).expect("date");
    let oct = |d: u32| NaiveDate::from_ymd_opt(2026, 10, d).expect("date");
    // Cases in two categories from September on, one resolved.
    let lift = f.category("电梯").await;
    for (title, category, day) in [("电梯异响", lift, sep(2)), ("电梯停运", lift, oct(8)), ("路灯不亮", 0, oct(9))]
    {
        let input = cases::NewCase {
            category_id: (category != 0).then_some(category),
            received_at: Some(at(day, 9)),
            ..case(title, "居民反映")
        };
        let c = cases::create(&f.store, &f.actor, input).await.expect("case");
        if title == "电梯停运" {
            let done = TransitionRequest {
                resolution: Some("已修复".into()),
                ..TransitionRequest::to(CaseStatus::Resolved)
            };
            workflow::transition(&f.store, &f.actor, c.id, &done).await.expect("办结");
        }
    }
    // A clinic on 3 September with 5 walk-ins, two errands, a meeting in October.
    let clinic = EventInput {
        kind: EventKind::Clinic,
        title: "社区义诊".into(),
        start: at(sep(3), 9),
        end: at(sep(3), 11),
        place: "服务站".into(),
        partners: vec![],
        partner_ids: vec![],
        staff_ids: vec![],
        volunteers: vec![],
        description: None,
        rrule: None,
        exdates: vec![],
        skip_holidays: false,
        capacity: None,
        audience: None,
        bring: None,
        link: None,
    };
    let event = events::create(&f.store, &f.actor, &clinic).await.expect("event").event;
    let w = WalkInInput { event_id: event.id, occurrence_start: at(sep(3), 9), name: None, people: Some(5) };
    events::walk_in(&f.store, &f.actor, &w).await.expect("walk-ins");
    let s = ServedInput {
        event_id: event.id,
        occurrence_start: at(sep(3), 9),
        served: None,
        volunteer_hours: None,
        note: None,
    };
    events::record_served(&f.store, &f.actor, &s).await.expect("served");
    let types = errands::types(&f.store, &f.actor).await.expect("types");
    for day in [sep(4), oct(10)] {
        let input = ErrandInput { type_id: types[0].id, at: Some(at(day, 10)), ..ErrandInput::default() };
        errands::create(&f.store, &f.actor, &input).await.expect("errand");
    }
    let meeting = MeetingInput {
        kind: MeetingKind::Consultation,
        title: "电梯加装恳谈会".into(),
        purpose: None,
        start: at(oct(12), 15),
        end: at(oct(12), 16),
        place: "社区会议室".into(),
        contact_person: None,
        contact_phone: None,
        party_ids: vec![],
        staff_ids: vec![],
        agenda: vec![],
    };
    meetings::create(&f.store, &f.actor, &meeting).await.expect("meeting");

    let bytes = export(&f.store, &f.actor, &CaseQuery::default(), &ExportOptions::default()).await.expect("export");
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("calamine opens it");
    assert_eq!(
        book.sheet_names(),
        ["诉求台账", "三率统计", "三率统计（按类别）", "服务统计（按项目）", "服务统计（按月）", "恳谈会"]
    );
    let today =
        stationdesk_core::input::EARLIEST_DATE.max(chrono::Utc::now().with_timezone(&CHINA_OFFSET).date_naive());
    let rates = rates::report(&f.store, f.actor.station_id, &RateQuery { from: Some(sep(1)), to: Some(today) })
        .await
        .expect("rates");
    let services = counts::services(&f.store, f.actor.station_id, sep(1), today).await.expect("counts");

    // 三率统计（按类别）: each category's received and resolved as the rates service counts them.
    let sheet = book.worksheet_range("三率统计（按类别）").expect("rates by category");
    let rows: Vec<&[Data]> = sheet.rows().skip(1).collect();
    assert_eq!(rows.len(), rates.by_category.len() + 1, "a row per category and 合计");
    for (row, b) in rows.iter().zip(&rates.by_category) {
        assert_eq!(row[0], Data::String(b.label.clone()));
        assert_eq!(num(&row[1]), f64::from(b.figures.received), "{}", b.label);
        assert_eq!(num(&row[9]), f64::from(b.figures.resolved), "{}", b.label);
    }
    let elevator = rows.iter().find(|r| r[0] == Data::String("电梯".into())).expect("电梯 row");
    assert_eq!((num(&elevator[1]), num(&elevator[9])), (2.0, 1.0));
    assert_eq!(rows.last().map(|r| num(&r[1])), Some(3.0), "合计 received");

    // 服务统计（按项目）: the clinic with its person-times, the errands, the meeting.
    let sheet = book.worksheet_range("服务统计（按项目）").expect("services by kind");
    let rows: Vec<&[Data]> = sheet.rows().skip(1).collect();
    assert_eq!(rows.len(), services.by_kind.len() + 1);
    for (row, k) in rows.iter().zip(&services.by_kind) {
        assert_eq!(row[1], Data::String(k.label.clone()));
        assert_eq!((num(&row[2]), num(&row[3])), (f64::from(k.services), f64::from(k.person_times)), "{}", k.label);
    }
    let clinic_row = rows.iter().find(|r| r[1] == Data::String("义诊".into())).expect("义诊 row");
    assert_eq!((num(&clinic_row[2]), num(&clinic_row[3])), (1.0, 5.0));
    let total = rows.last().expect("合计");
    assert_eq!(total[0], Data::String("合计".into()));
    assert_eq!((num(&total[2]), num(&total[3])), (4.0, 7.0), "1 clinic + 2 errands + 1 meeting; 5 + 2 person-times");

    // 服务统计（按月）: September and October as the service counts have them.
    let sheet = book.worksheet_range("服务统计（按月）").expect("services by month");
    let month = |m: &str| sheet.rows().find(|r| r[0] == Data::String(m.into())).expect("month row").to_vec();
    let sept = month("2026-09");
    let counted = services.by_month.iter().find(|m| m.month == "2026-09").expect("counted September");
    assert_eq!(num(&sept[1]), f64::from(counted.services));
    assert_eq!((num(&sept[2]), num(&sept[3]), num(&sept[4]), num(&sept[5])), (1.0, 0.0, 1.0, 6.0));
    let october = month("2026-10");
    assert_eq!((num(&october[3]), num(&october[4])), (1.0, 1.0));

    // 恳谈会: the meeting with its date.
    let sheet = book.worksheet_range("恳谈会").expect("meetings");
    let row = sheet.rows().nth(1).expect("one meeting");
    assert_eq!(row[0], Data::String("2026-10-12 15:00".into()));
    assert_eq!(row[2], Data::String("电梯加装恳谈会".into()));
}

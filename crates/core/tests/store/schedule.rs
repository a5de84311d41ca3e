//! Scheduling against a real database: the weekly 义诊 with sign-ups and a waitlist, edits
//! of one / following / all occurrences, double-booking warnings, the errand log, the
//! stairs 恳谈会, reminders that survive a restart, and the counts for the report.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use stationdesk_core::schedule::calendar::{self, CalendarQuery};
use stationdesk_core::schedule::errands::{self, ErrandInput, ErrandQuery};
use stationdesk_core::schedule::events::{self, EventEdit, EventInput, ServedInput, SignupInput, WalkInInput};
use stationdesk_core::schedule::meetings::{self, AgendaItemInput, DecisionInput, MeetingInput, MeetingOutcome};
use stationdesk_core::schedule::{
    ConflictReason, EditScope, ErrandOutcome, EventKind, ItemSource, MeetingKind, MeetingStatus, SignupStatus,
    china_date, china_time, counts, reminders,
};
use stationdesk_core::{CoreError, station};

use crate::Fixture;

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("time")
}

/// The next Thursday at least a week away, China date.
fn next_thursday() -> NaiveDate {
    let mut d = china_date(Utc::now()) + Duration::days(7);
    while d.weekday() != Weekday::Thu {
        d += Duration::days(1);
    }
    d
}

fn clinic(day: NaiveDate, rule: Option<&str>, capacity: Option<u32>) -> EventInput {
    EventInput {
        kind: EventKind::Clinic,
        title: "社区义诊".into(),
        start: china_time(day, hm(9, 0)),
        end: china_time(day, hm(11, 0)),
        place: "服务站".into(),
        partner_ids: vec![],
        partners: vec!["市第三医院".into()],
        staff_ids: vec![],
        volunteers: vec!["王芳".into(), "陈刚".into()],
        description: Some("量血压、测血糖、用药咨询".into()),
        rrule: rule.map(str::to_owned),
        exdates: vec![],
        capacity,
        audience: None,
        bring: None,
        link: None,
    }
}

fn signup(event_id: i64, at: DateTime<Utc>, name: &str) -> SignupInput {
    SignupInput {
        event_id,
        occurrence_start: at,
        name: name.into(),
        phone: Some("13812341234".into()),
        note: None,
        consent: true,
    }
}

async fn range(f: &Fixture, from: NaiveDate, to: NaiveDate) -> Vec<calendar::CalendarItem> {
    let q = CalendarQuery {
        from,
        to,
        source: None,
        event_kind: None,
        place: None,
        staff_id: None,
        include_cancelled: false,
    };
    calendar::range(&f.store, f.actor.station_id, &q).await.expect("calendar")
}

#[tokio::test]
async fn weekly_clinic_sign_ups_fill_up_and_a_cancellation_promotes_the_waitlist() {
    let f = Fixture::new().await;
    let day = next_thursday();
    let saved =
        events::create(&f.store, &f.actor, &clinic(day, Some("FREQ=WEEKLY;BYDAY=TH"), Some(2))).await.expect("create");
    assert!(saved.conflicts.is_empty());
    let event = saved.event;
    let at = china_time(day, hm(9, 0));

    let a = events::sign_up(&f.store, &f.actor, &signup(event.id, at, "张桂兰")).await.expect("sign up");
    let b = events::sign_up(&f.store, &f.actor, &signup(event.id, at, "李秀英")).await.expect("sign up");
    let c = events::sign_up(&f.store, &f.actor, &signup(event.id, at, "王建国")).await.expect("sign up");
    let d = events::sign_up(&f.store, &f.actor, &signup(event.id, at, "赵敏")).await.expect("sign up");
    assert_eq!([a.status, b.status], [SignupStatus::Confirmed, SignupStatus::Confirmed]);
    assert_eq!((c.status, c.waitlist_position), (SignupStatus::Waitlisted, Some(1)));
    assert_eq!(d.waitlist_position, Some(2));
    assert_eq!(a.phone_masked.as_deref(), Some("138****1234"));
    let dup = events::sign_up(&f.store, &f.actor, &signup(event.id, at, "张桂兰")).await.expect_err("duplicate");
    assert!(dup.user_message().contains("已报名"), "{}", dup.user_message());

    // The next week's occurrence is separate.
    let next = events::sign_up(&f.store, &f.actor, &signup(event.id, at + Duration::days(7), "王建国")).await;
    assert_eq!(next.expect("next week").status, SignupStatus::Confirmed);

    let out = events::cancel_signup(&f.store, &f.actor, a.id).await.expect("cancel");
    assert_eq!(out.cancelled.status, SignupStatus::Cancelled);
    let promoted = out.promoted.expect("first on the waitlist moves up");
    assert_eq!((promoted.name.as_str(), promoted.status), ("王建国", SignupStatus::Confirmed));
    assert_eq!(out.promoted_phone.as_deref(), Some("13812341234"), "the desk calls the promoted person");
    let d = events::signup(&f.store, f.actor.station_id, d.id).await.expect("signup");
    assert_eq!(d.waitlist_position, Some(1));
    // Cancelling a waiting one promotes nobody.
    let out = events::cancel_signup(&f.store, &f.actor, d.id).await.expect("cancel");
    assert!(out.promoted.is_none());

    let items = range(&f, day, day + Duration::days(13)).await;
    assert_eq!(items.len(), 2);
    assert_eq!((items[0].confirmed, items[0].waitlisted, items[0].capacity), (2, 0, Some(2)));
    assert_eq!(items[1].confirmed, 1);

    let history = f.store.audit_history(f.actor.station_id, "event_signup", c.id).await.expect("history");
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(actions, ["create", "promote"]);

    // Check-in and a walk-in count as attendance and person-times.
    events::check_in(&f.store, &f.actor, b.id).await.expect("check in");
    let walk =
        WalkInInput { event_id: event.id, occurrence_start: at, name: Some("刘大爷".into()), people: Some(2) };
    events::walk_in(&f.store, &f.actor, &walk).await.expect("walk in");
    let detail = events::occurrence(&f.store, f.actor.station_id, event.id, at).await.expect("occurrence");
    assert_eq!((detail.item.checked_in, detail.item.walk_ins, detail.item.served), (1, 2, 3));
    let names: Vec<&str> = detail.signups.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["李秀英", "王建国", "张桂兰", "赵敏"], "confirmed in order, then cancelled");
}

#[tokio::test]
async fn holidays_this_one_following_and_all_edits() {
    let f = Fixture::new().await;
    let day = next_thursday();
    let mut input = clinic(day, Some("FREQ=WEEKLY;BYDAY=TH;COUNT=6"), Some(10));
    input.exdates = vec![day + Duration::days(14)];
    let event = events::create(&f.store, &f.actor, &input).await.expect("create").event;
    let starts = |items: &[calendar::CalendarItem]| -> Vec<(NaiveDate, String)> {
        items
            .iter()
            .map(|i| {
                (
                    china_date(i.start),
                    i.start.with_timezone(&stationdesk_core::cases::CHINA_OFFSET).format("%H:%M").to_string(),
                )
            })
            .collect()
    };
    let all = range(&f, day, day + Duration::days(60)).await;
    assert_eq!(all.len(), 5, "six Thursdays, one a holiday");
    assert!(!all.iter().any(|i| china_date(i.start) == day + Duration::days(14)));

    // This one: the second Thursday moves to the afternoon at the plaza.
    let second = china_time(day + Duration::days(7), hm(9, 0));
    let mut moved = input.clone();
    moved.start = china_time(day + Duration::days(7), hm(14, 0));
    moved.end = china_time(day + Duration::days(7), hm(16, 0));
    moved.place = "南门广场".into();
    let edit = EventEdit { event_id: event.id, occurrence_start: Some(second), scope: EditScope::This, input: moved };
    events::edit(&f.store, &f.actor, &edit).await.expect("edit this one");
    let all = range(&f, day, day + Duration::days(60)).await;
    assert_eq!(all[1].place, "南门广场");
    assert!(all[1].modified && !all[0].modified);
    assert_eq!(starts(&all)[1], (day + Duration::days(7), "14:00".to_owned()));

    // Sign up for the fourth and fifth Thursdays, then move this and the following ones
    // to 08:00 (00:00 UTC): the sign-ups move with their occurrences.
    let fourth = china_time(day + Duration::days(21), hm(9, 0));
    let fifth = china_time(day + Duration::days(28), hm(9, 0));
    events::sign_up(&f.store, &f.actor, &signup(event.id, fourth, "张桂兰")).await.expect("sign up");
    events::sign_up(&f.store, &f.actor, &signup(event.id, fifth, "李秀英")).await.expect("sign up");
    let mut later = input.clone();
    later.start = china_time(day + Duration::days(21), hm(8, 0));
    later.end = china_time(day + Duration::days(21), hm(10, 0));
    let edit =
        EventEdit { event_id: event.id, occurrence_start: Some(fourth), scope: EditScope::Following, input: later };
    let saved = events::edit(&f.store, &f.actor, &edit).await.expect("edit following");
    assert_ne!(saved.event.id, event.id, "the series was split");
    assert_eq!(saved.event.split_from, Some(event.id));
    assert_eq!(saved.moved_signups, 2);
    assert_eq!(saved.orphaned_signups, 0);
    let all = range(&f, day, day + Duration::days(60)).await;
    let got = starts(&all);
    assert_eq!(
        got,
        [
            (day, "09:00".to_owned()),
            (day + Duration::days(7), "14:00".to_owned()),
            (day + Duration::days(21), "08:00".to_owned()),
            (day + Duration::days(28), "08:00".to_owned()),
            (day + Duration::days(35), "08:00".to_owned()),
        ],
        "COUNT=6 still means six Thursdays (one skipped) after the split"
    );
    assert_eq!(all[2].confirmed, 1, "the sign-up followed its occurrence to 08:00");
    assert_eq!(all[2].start.format("%H:%M").to_string(), "00:00", "08:00 China time is 00:00 UTC, same date");

    // All: the later series gets a new title; the first half keeps its own.
    let mut renamed = clinic(day + Duration::days(21), Some("FREQ=WEEKLY;BYDAY=TH;COUNT=3"), Some(10));
    renamed.title = "中医义诊".into();
    renamed.start = china_time(day + Duration::days(21), hm(8, 0));
    renamed.end = china_time(day + Duration::days(21), hm(10, 0));
    renamed.exdates = vec![];
    let edit = EventEdit { event_id: saved.event.id, occurrence_start: None, scope: EditScope::All, input: renamed };
    events::edit(&f.store, &f.actor, &edit).await.expect("edit all");
    let all = range(&f, day, day + Duration::days(60)).await;
    let titles: Vec<&str> = all.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["社区义诊", "社区义诊", "中医义诊", "中医义诊", "中医义诊"]);

    // Cancel just the first one.
    events::cancel(&f.store, &f.actor, event.id, Some(china_time(day, hm(9, 0))), EditScope::This)
        .await
        .expect("cancel");
    assert_eq!(range(&f, day, day + Duration::days(60)).await.len(), 4);
    let err = events::edit(
        &f.store,
        &f.actor,
        &EventEdit {
            event_id: event.id,
            occurrence_start: Some(china_time(day + Duration::days(1), hm(9, 0))),
            scope: EditScope::This,
            input: input.clone(),
        },
    )
    .await
    .expect_err("not an occurrence");
    assert!(matches!(err, CoreError::NotFound(_)), "{err}");
}

#[tokio::test]
async fn double_bookings_are_warned_about_not_refused() {
    let f = Fixture::new().await;
    let li = station::add_staff(&f.store, &f.actor, "李娜").await.expect("staff");
    let day = next_thursday();
    let mut first = clinic(day, Some("FREQ=WEEKLY;BYDAY=TH"), None);
    first.staff_ids = vec![li.id];
    events::create(&f.store, &f.actor, &first).await.expect("create");

    let mut salon = clinic(day + Duration::days(14), None, None);
    salon.kind = EventKind::Salon;
    salon.title = "防诈骗讲座".into();
    salon.start = china_time(day + Duration::days(14), hm(10, 0));
    salon.end = china_time(day + Duration::days(14), hm(12, 0));
    let saved = events::create(&f.store, &f.actor, &salon).await.expect("saved despite the clash");
    let reasons: Vec<ConflictReason> = saved.conflicts.iter().map(|c| c.reason).collect();
    assert_eq!(reasons, [ConflictReason::Place]);
    assert!(saved.conflicts[0].message.contains("社区义诊"), "{}", saved.conflicts[0].message);

    let meeting = MeetingInput {
        kind: MeetingKind::Deliberation,
        title: "楼道堆物议事会".into(),
        purpose: None,
        start: china_time(day + Duration::days(7), hm(10, 30)),
        end: china_time(day + Duration::days(7), hm(11, 30)),
        place: "社区会议室".into(),
        contact_person: None,
        contact_phone: None,
        party_ids: vec![],
        staff_ids: vec![li.id],
        agenda: vec![],
    };
    let saved = meetings::create(&f.store, &f.actor, &meeting).await.expect("meeting");
    assert_eq!(saved.conflicts.len(), 1);
    assert_eq!(saved.conflicts[0].reason, ConflictReason::Staff);
    assert_eq!(saved.conflicts[0].staff_name.as_deref(), Some("李娜"));

    // The staff filter finds both.
    let q = CalendarQuery {
        from: day,
        to: day + Duration::days(7),
        source: None,
        event_kind: None,
        place: None,
        staff_id: Some(li.id),
        include_cancelled: false,
    };
    let items = calendar::range(&f.store, f.actor.station_id, &q).await.expect("range");
    let sources: Vec<ItemSource> = items.iter().map(|i| i.source).collect();
    assert_eq!(sources, [ItemSource::Event, ItemSource::Event, ItemSource::Meeting]);
}

#[tokio::test]
async fn errands_take_defaults_and_bad_input_is_refused_whole() {
    let f = Fixture::new().await;
    let types = errands::types(&f.store, &f.actor).await.expect("types");
    let names: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, errands::DEFAULT_TYPES);
    assert_eq!(errands::types(&f.store, &f.actor).await.expect("again").len(), 6, "seeded once");

    let input = ErrandInput { type_id: types[0].id, ..ErrandInput::default() };
    let e = errands::create(&f.store, &f.actor, &input).await.expect("errand");
    assert_eq!((e.type_name.as_str(), e.staff_name.as_str(), e.outcome), ("社保认证", "赵子坤", ErrandOutcome::Done));
    assert_eq!(e.place, None, "the office");

    let bad = ErrandInput {
        type_id: 0,
        phone: Some("123".into()),
        at: Some(Utc::now() + Duration::days(2)),
        ..ErrandInput::default()
    };
    let err = errands::create(&f.store, &f.actor, &bad).await.expect_err("refused");
    let fields: Vec<&str> = err.field_errors().iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["typeId", "phone", "at"]);
    let unknown = ErrandInput { type_id: 9999, ..ErrandInput::default() };
    let err = errands::create(&f.store, &f.actor, &unknown).await.expect_err("refused");
    assert_eq!(err.field_errors()[0].field, "typeId");

    let list = errands::list(&f.store, f.actor.station_id, &ErrandQuery::default()).await.expect("list");
    assert_eq!(list.len(), 1);
}

/// A party from the parties directory, added through its service.
async fn party(f: &Fixture, kind: &str, name: &str) -> i64 {
    use stationdesk_core::parties::{self, PartyInput, PartyKind};
    let kind = PartyKind::parse(kind).expect("party kind");
    let input = PartyInput {
        id: None,
        kind,
        name: name.to_owned(),
        contact_person: None,
        phone: None,
        note: None,
        active: true,
    };
    parties::save(&f.store, &f.actor, &input).await.expect("party").id
}

#[tokio::test]
async fn the_stairs_meeting_with_agenda_minutes_and_a_decision() {
    let f = Fixture::new().await;
    let case = stationdesk_core::cases::create(
        &f.store,
        &f.actor,
        crate::case("1-4号楼地下车库楼梯上下不便", "上下各8级台阶"),
    )
    .await
    .expect("case");
    let property = party(&f, "property", "润都荣园物业服务中心").await;
    let developer = party(&f, "developer", "荣盛房地产开发公司").await;
    let rep = party(&f, "resident_rep", "1号楼居民代表 刘涵").await;
    let start = Utc::now() - Duration::hours(2);
    let input = MeetingInput {
        kind: MeetingKind::Consultation,
        title: "关于地下车库楼梯改造的恳谈会".into(),
        purpose: Some("商议1-4号楼21个单元楼梯改造方案".into()),
        start,
        end: start + Duration::hours(1),
        place: "社区会议室".into(),
        contact_person: Some("赵子坤".into()),
        contact_phone: Some("0311-86012345".into()),
        party_ids: vec![property, developer, rep],
        staff_ids: vec![f.actor.staff_id.expect("staff")],
        agenda: vec![
            AgendaItemInput { title: "楼梯改造方案".into(), case_id: Some(case.id), note: None },
            AgendaItemInput { title: "施工期间车辆通行".into(), case_id: None, note: None },
        ],
    };
    let saved = meetings::create(&f.store, &f.actor, &input).await.expect("meeting");
    let m = saved.meeting;
    assert_eq!(m.parties.len(), 3);
    assert_eq!(m.parties.last().map(|p| p.party_kind.as_str()), Some("resident_rep"), "representatives last");
    assert_eq!(m.agenda[0].case.as_ref().map(|c| c.number.clone()), Some(case.number.clone()));

    let bad = MeetingInput { party_ids: vec![9999], ..input.clone() };
    let err = meetings::create(&f.store, &f.actor, &bad).await.expect_err("unknown party");
    assert_eq!(err.field_errors()[0].field, "partyIds");

    let outcome = MeetingOutcome {
        attended_party_ids: vec![property, developer, rep],
        attended_staff_ids: vec![],
        other_attendees: vec!["街道城建科 孙工".into()],
        minutes: Some("三方同意由开发商出资改造21个单元楼梯，物业配合施工。".into()),
        decisions: vec![DecisionInput {
            text: "开发商出资改造楼梯，两周内进场".into(),
            case_id: None,
            agenda_item_id: Some(m.agenda[0].id),
            move_case_to: Some(stationdesk_core::cases::CaseStatus::InProgress),
            case_note: None,
        }],
    };
    let held = meetings::record_outcome(&f.store, &f.actor, m.id, &outcome).await.expect("outcome");
    assert_eq!(held.status, MeetingStatus::Held);
    assert_eq!(held.decisions.len(), 1);
    assert_eq!(held.decisions[0].case.as_ref().map(|c| c.id), Some(case.id), "the agenda item's case");
    assert_eq!(held.decisions[0].case_to_status, Some(stationdesk_core::cases::CaseStatus::InProgress));
    assert_eq!(held.parties.iter().filter(|p| p.attended == Some(true)).count(), 3);
    assert_eq!(held.staff[0].attended, Some(false));
    assert_eq!(held.other_attendees, ["街道城建科 孙工"]);

    assert!(held.decisions[0].case_moved, "the decision moved the case on in the same step");
    assert_eq!(
        held.decisions[0].case.as_ref().map(|c| c.status),
        Some(stationdesk_core::cases::CaseStatus::InProgress)
    );
    let detail = stationdesk_core::cases::detail(&f.store, f.actor.station_id, case.id).await.expect("case");
    assert_eq!(detail.case.status, stationdesk_core::cases::CaseStatus::InProgress);
    let step = detail.history.last().expect("a timeline entry");
    let text = format!("{step:?}");
    assert!(text.contains("开发商出资改造楼梯"), "the case's timeline shows the decision: {text}");

    // A decision the workflow refuses (关闭 straight from 处理中) refuses the whole outcome.
    let refused = MeetingOutcome {
        decisions: vec![DecisionInput {
            text: "直接关闭".into(),
            case_id: Some(case.id),
            agenda_item_id: None,
            move_case_to: Some(stationdesk_core::cases::CaseStatus::Closed),
            case_note: None,
        }],
        ..MeetingOutcome::default()
    };
    meetings::record_outcome(&f.store, &f.actor, m.id, &refused).await.expect_err("refused by the workflow");
    let again = meetings::get(&f.store, f.actor.station_id, m.id).await.expect("meeting");
    assert_eq!(again.decisions.len(), 1, "nothing of the refused outcome was saved");
    assert_eq!(again.other_attendees, ["街道城建科 孙工"]);

    let list = meetings::list(&f.store, f.actor.station_id, &Default::default()).await.expect("list");
    assert_eq!((list[0].invited, list[0].agenda_items, list[0].decisions), (4, 2, 1));
}

#[tokio::test]
async fn reminders_fire_once_even_after_a_restart() {
    let f = Fixture::new().await;
    let now = Utc::now();
    let soon = now + Duration::minutes(30);
    let mut input = clinic(china_date(soon), None, None);
    input.start = soon;
    input.end = soon + Duration::hours(1);
    let event = events::create(&f.store, &f.actor, &input).await.expect("create").event;
    let mut later = input.clone();
    later.start = now + Duration::hours(3);
    later.end = later.start + Duration::hours(1);
    later.place = "南门广场".into();
    events::create(&f.store, &f.actor, &later).await.expect("create");

    let due = reminders::due(&f.store, &f.actor, now).await.expect("due");
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].id, event.id);
    assert!(due[0].heading.contains("社区义诊"), "{}", due[0].heading);
    assert!(reminders::due(&f.store, &f.actor, now + Duration::minutes(1)).await.expect("due").is_empty());

    f.store.close().await;
    let store = f.reopen().await;
    assert!(reminders::due(&store, &f.actor, now + Duration::minutes(2)).await.expect("due").is_empty());
    // Two hours on, the later event is due.
    assert_eq!(
        reminders::due(&store, &f.actor, now + Duration::hours(2) + Duration::minutes(10)).await.expect("due").len(),
        1
    );
}

#[tokio::test]
async fn counts_add_up_events_meetings_errands_person_times_and_volunteer_hours() {
    let f = Fixture::new().await;
    // A past month: September 2026, weekly clinic on Thursdays (3, 10, 17, 24), the 17th cancelled.
    let sep = |d: u32| NaiveDate::from_ymd_opt(2026, 9, d).expect("date");
    let oct = |d: u32| NaiveDate::from_ymd_opt(2026, 10, d).expect("date");
    let mut input = clinic(sep(3), Some("FREQ=WEEKLY;BYDAY=TH;UNTIL=20261001T000000Z"), None);
    input.staff_ids = vec![];
    let event = events::create(&f.store, &f.actor, &input).await.expect("create").event;
    events::cancel(&f.store, &f.actor, event.id, Some(china_time(sep(17), hm(9, 0))), EditScope::This)
        .await
        .expect("cancel");
    for (d, people) in [(3, 3), (10, 4)] {
        let at = china_time(sep(d), hm(9, 0));
        let w = WalkInInput { event_id: event.id, occurrence_start: at, name: None, people: Some(people) };
        events::walk_in(&f.store, &f.actor, &w).await.expect("walk in");
        let s =
            ServedInput { event_id: event.id, occurrence_start: at, served: None, volunteer_hours: None, note: None };
        events::record_served(&f.store, &f.actor, &s).await.expect("served");
    }
    // The 24th: 40 people measured blood pressure, recorded by hand; one volunteer for 1.5 h.
    let s = ServedInput {
        event_id: event.id,
        occurrence_start: china_time(sep(24), hm(9, 0)),
        served: Some(40),
        volunteer_hours: Some(vec![events::VolunteerTime { volunteer: "王芳".into(), hours: 1.5 }]),
        note: None,
    };
    events::record_served(&f.store, &f.actor, &s).await.expect("served");

    let types = errands::types(&f.store, &f.actor).await.expect("types");
    for (d, t) in [(3, 0), (4, 0), (30, 2), (1, 1)] {
        let day = if d == 1 { oct(1) } else { sep(d) };
        let input =
            ErrandInput { type_id: types[t].id, at: Some(china_time(day, hm(8, 30))), ..ErrandInput::default() };
        errands::create(&f.store, &f.actor, &input).await.expect("errand");
    }
    let meeting = MeetingInput {
        kind: MeetingKind::Consultation,
        title: "停车难恳谈会".into(),
        purpose: None,
        start: china_time(sep(18), hm(15, 0)),
        end: china_time(sep(18), hm(16, 0)),
        place: "社区会议室".into(),
        contact_person: None,
        contact_phone: None,
        party_ids: vec![],
        staff_ids: vec![],
        agenda: vec![],
    };
    meetings::create(&f.store, &f.actor, &meeting).await.expect("meeting");

    let c = counts::services(&f.store, f.actor.station_id, sep(1), sep(30)).await.expect("counts");
    assert_eq!((c.events, c.meetings, c.errands, c.services), (3, 1, 3, 7));
    // Person-times: 3 + 4 walk-ins, 40 recorded, 3 errands.
    assert_eq!(c.person_times, 3 + 4 + 40 + 3);
    // Volunteers: 2 × 2 h on the 3rd and 10th (defaults), 1.5 h on the 24th.
    assert!((c.volunteer_hours - 9.5).abs() < 1e-9, "{}", c.volunteer_hours);
    let clinic = c.by_kind.iter().find(|k| k.kind == "clinic").expect("clinic row");
    assert_eq!((clinic.label.as_str(), clinic.services, clinic.person_times), ("义诊", 3, 47));
    let social = c.by_kind.iter().find(|k| k.kind == "社保认证").expect("errand type row");
    assert_eq!(social.services, 2);
    assert_eq!(c.errands_by_staff[0].name, "赵子坤");

    // The errand at 08:30 China time on 1 October (00:30 UTC on 30 September) is October's.
    let both = counts::services(&f.store, f.actor.station_id, sep(1), oct(31)).await.expect("counts");
    let months: Vec<(&str, u32)> = both.by_month.iter().map(|m| (m.month.as_str(), m.services)).collect();
    assert_eq!(months, [("2026-09", 7), ("2026-10", 1)]);
}

#[tokio::test]
async fn a_case_about_to_go_overdue_is_reminded_once_even_after_a_restart() {
    let f = Fixture::new().await;
    let c = stationdesk_core::cases::create(
        &f.store,
        &f.actor,
        crate::case("5号楼1单元楼道灯不亮", "三楼到六楼的声控灯都不亮"),
    )
    .await
    .expect("create");
    let due = c.resolve_due_at.expect("a resolve deadline");

    let early = reminders::cases_due(&f.store, &f.actor, due - Duration::hours(30)).await.expect("early");
    assert!(early.is_empty(), "more than a day left: no reminder");
    let near = reminders::cases_due(&f.store, &f.actor, due - Duration::hours(3)).await.expect("near");
    assert_eq!(near.len(), 1);
    assert_eq!(near[0].number, c.number);
    assert!(near[0].heading.contains("3小时后超期"), "{}", near[0].heading);
    assert!(reminders::cases_due(&f.store, &f.actor, due - Duration::hours(2)).await.expect("again").is_empty());

    f.store.close().await;
    let store = f.reopen().await;
    assert!(reminders::cases_due(&store, &f.actor, due - Duration::hours(1)).await.expect("after restart").is_empty());
}

/// A "this one" edit may move an occurrence far from its original date: the calendar of
/// the week it moved into still shows its sign-ups (read by themselves, as they lie
/// outside the window's own counts).
#[tokio::test]
async fn an_occurrence_moved_weeks_away_keeps_its_signup_count_in_the_calendar() {
    let f = Fixture::new().await;
    let day = next_thursday();
    let input = clinic(day, Some("FREQ=WEEKLY;BYDAY=TH;COUNT=2"), Some(10));
    let event = events::create(&f.store, &f.actor, &input).await.expect("create").event;
    let first = china_time(day, hm(9, 0));
    events::sign_up(&f.store, &f.actor, &signup(event.id, first, "张桂兰")).await.expect("sign up");
    events::sign_up(&f.store, &f.actor, &signup(event.id, first, "李秀英")).await.expect("sign up");

    let mut moved = input.clone();
    moved.start = china_time(day + Duration::days(21), hm(14, 0));
    moved.end = china_time(day + Duration::days(21), hm(16, 0));
    let edit = EventEdit { event_id: event.id, occurrence_start: Some(first), scope: EditScope::This, input: moved };
    events::edit(&f.store, &f.actor, &edit).await.expect("move three weeks on");

    let original_week = range(&f, day, day + Duration::days(6)).await;
    assert!(original_week.is_empty(), "nothing left on the original Thursday: {original_week:?}");
    let new_week = range(&f, day + Duration::days(20), day + Duration::days(22)).await;
    assert_eq!(new_week.len(), 1);
    assert_eq!(new_week[0].occurrence_start, first, "still the first occurrence");
    assert_eq!(new_week[0].confirmed, 2, "its sign-ups came with it");
}

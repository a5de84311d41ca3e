//! Personal data kept only as long as the station's settings say (PIPL, issue 12), on
//! either backend: an old finished case loses its resident's name, phone, flat, survey
//! people, call-back words and attachments while every reported figure stays the same;
//! search no longer finds it by name or phone; a file shared with a kept case stays; a
//! second run touches nothing; a resident's own request (find, export, anonymise).

use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use stationdesk_core::attachments::{self, AttachmentKind};
use stationdesk_core::audit_log::{self, AuditQuery};
use stationdesk_core::cases::{self, Address, CaseQuery, CaseStatus};
use stationdesk_core::rates::{self, RateQuery};
use stationdesk_core::report::{ReportPeriod, work_report};
use stationdesk_core::schedule::errands::{self, ErrandInput};
use stationdesk_core::schedule::events::{self, EventInput, SignupInput, WalkInInput};
use stationdesk_core::schedule::{EventKind, china_time, counts};
use stationdesk_core::store::Clock;
use stationdesk_core::workflow::{self, NewFollowUp, NewSurvey, Satisfaction, TransitionRequest};
use stationdesk_core::{Actor, CoreError, Store, personal_data, retention};
use stationdesk_model::retention::RetentionSettings;
use stationdesk_model::roles::Role;

use crate::{Fixture, case};

const NAME: &str = "刘涵";
const PHONE: &str = "13912345678";

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().expect("time")
}

async fn titles(store: &Store, station: i64, text: &str) -> Vec<String> {
    let q = CaseQuery { text: Some(text.to_owned()), page_size: 50, ..CaseQuery::default() };
    let mut t: Vec<String> =
        cases::list(store, station, &q).await.expect("search").items.into_iter().map(|r| r.title).collect();
    t.sort();
    t
}

/// A finished case of March 2021 with everything personal, resolved, surveyed, called back.
async fn finished_case(store: &Store, actor: &Actor, title: &str) -> i64 {
    let mut c = case(title, "3号楼2单元楼梯间感应灯坏了");
    c.resident_name = Some(NAME.into());
    c.phone = Some(PHONE.into());
    c.address = Address {
        compound: Some("润都荣园".into()),
        building: Some("3".into()),
        entrance: Some("2".into()),
        room: Some("301".into()),
        place: None,
    };
    let c = cases::create(store, actor, c).await.expect("create");
    let survey = NewSurvey {
        surveyed_at: None,
        people: format!("{NAME}、物业王经理"),
        findings: "感应灯损坏".into(),
        with_resident: true,
    };
    workflow::add_survey(store, actor, c.id, &survey).await.expect("survey");
    let to = |s| TransitionRequest { to: Some(s), ..TransitionRequest::default() };
    workflow::transition(store, actor, c.id, &to(CaseStatus::InProgress)).await.expect("处理中");
    let done = TransitionRequest { resolution: Some("物业已更换灯具".into()), ..to(CaseStatus::Resolved) };
    workflow::transition(store, actor, c.id, &done).await.expect("办结");
    let call = NewFollowUp {
        reached: true,
        resolved: Some(true),
        satisfaction: Some(Satisfaction::Satisfied),
        comment: Some(format!("{NAME}说灯亮了，谢谢")),
        without_callback: false,
        reopen: false,
    };
    workflow::follow_up(store, actor, c.id, &call).await.expect("回访");
    c.id
}

/// Everything the reports show for 2021: the rates by month, the monthly and yearly
/// work reports, the service counts.
async fn figures(store: &Store, station: i64) -> String {
    let q = RateQuery {
        from: chrono::NaiveDate::from_ymd_opt(2021, 1, 1),
        to: chrono::NaiveDate::from_ymd_opt(2021, 12, 31),
    };
    let rates = rates::report(store, station, &q).await.expect("rates");
    let month = work_report(store, station, ReportPeriod::Month { year: 2021, month: 3 }).await.expect("month");
    let year = work_report(store, station, ReportPeriod::Year { year: 2021 }).await.expect("year");
    let services = counts::services(
        store,
        station,
        chrono::NaiveDate::from_ymd_opt(2021, 1, 1).expect("d"),
        chrono::NaiveDate::from_ymd_opt(2021, 12, 31).expect("d"),
    )
    .await
    .expect("services");
    format!("{rates:?}\n{month:?}\n{year:?}\n{services:?}")
}

async fn count(store: &Store, sql: &str) -> i64 {
    store.count_for_tests(sql).await.expect("count")
}

#[tokio::test]
async fn old_finished_records_lose_personal_data_and_every_figure_stays() {
    let f = Fixture::new().await;
    let clock = Clock::manual(at(2021, 3, 10, 2));
    let store = f.store.clone().with_clock(clock.clone());
    let actor = f.actor.clone();
    let station = actor.station_id;

    let old = finished_case(&store, &actor, "楼道灯不亮").await;
    let mut open = case("地库漏水", "地下车库顶板渗水");
    open.resident_name = Some("王建国".into());
    open.phone = Some("13812341234".into());
    let open = cases::create(&store, &actor, open).await.expect("open case").id;
    // The same photo on the old case and on the open one; another only on the old one.
    let on_disk = !store.is_postgres();
    let shared = attachments::add(&store, &actor, old, AttachmentKind::Before, "刘涵家门口.jpg", b"shared bytes").await;
    let own = attachments::add(&store, &actor, old, AttachmentKind::After, "刘涵身份证.jpg", b"own bytes").await;
    let kept = attachments::add(&store, &actor, open, AttachmentKind::Before, "现场.jpg", b"shared bytes").await;

    let day = chrono::NaiveDate::from_ymd_opt(2021, 3, 20).expect("d");
    let event = EventInput {
        kind: EventKind::Clinic,
        title: "社区义诊".into(),
        start: china_time(day, NaiveTime::from_hms_opt(9, 0, 0).expect("t")),
        end: china_time(day, NaiveTime::from_hms_opt(11, 0, 0).expect("t")),
        place: "服务站".into(),
        partner_ids: vec![],
        partners: vec![],
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
    let event = events::create(&store, &actor, &event).await.expect("event").event;
    let start = china_time(day, NaiveTime::from_hms_opt(9, 0, 0).expect("t"));
    let signup = SignupInput {
        event_id: event.id,
        occurrence_start: start,
        name: NAME.into(),
        phone: Some(PHONE.into()),
        note: Some("高血压".into()),
        consent: true,
    };
    events::sign_up(&store, &actor, &signup).await.expect("sign up");
    clock.set(at(2021, 3, 20, 2));
    let walk =
        WalkInInput { event_id: event.id, occurrence_start: start, name: Some("张桂兰".into()), people: None };
    events::walk_in(&store, &actor, &walk).await.expect("walk in");
    let types = errands::types(&store, &actor).await.expect("types");
    let errand = ErrandInput {
        type_id: types[0].id,
        resident_name: Some(NAME.into()),
        phone: Some(PHONE.into()),
        at: Some(at(2021, 3, 11, 2)),
        note: Some("代办社保认证".into()),
        ..ErrandInput::default()
    };
    errands::create(&store, &actor, &errand).await.expect("errand");

    // Five years on.
    clock.set(at(2026, 12, 3, 2));
    let before = figures(&store, station).await;
    assert_eq!(titles(&store, station, NAME).await, ["楼道灯不亮"]);
    assert_eq!(titles(&store, station, "5678").await, ["楼道灯不亮"]);

    let dry = retention::run(&store, &actor, true).await.expect("dry run");
    assert_eq!((dry.cases, dry.signups, dry.walkins, dry.errands), (1, 1, 1, 1), "{dry:?}");
    assert_eq!(count(&store, "SELECT count(*) FROM cases WHERE anonymised_at IS NOT NULL").await, 0, "dry run");

    let done = retention::run(&store, &actor, false).await.expect("run");
    assert_eq!((done.cases, done.attachments, done.signups, done.walkins, done.errands), (1, 2, 1, 1, 1), "{done:?}");
    assert_eq!(done.files_deleted, 1, "only the photo no kept case shares");

    // Every figure of 2021 is what it was.
    assert_eq!(figures(&store, station).await, before);

    // The case keeps its text, status and 小区, not who it was about.
    let c = cases::get(&store, station, old).await.expect("case");
    assert_eq!((c.resident_name.as_deref(), c.phone.as_deref()), (None, None));
    assert_eq!((c.address.building.as_deref(), c.address.room.as_deref()), (None, None));
    assert_eq!(c.address.compound.as_deref(), Some("润都荣园"));
    assert_eq!((c.title.as_str(), c.status), ("楼道灯不亮", CaseStatus::FollowedUp));
    let detail = cases::detail(&store, station, old).await.expect("detail");
    let text = format!("{:?}{:?}{:?}", detail.surveys, detail.follow_ups, detail.attachments);
    assert!(!text.contains(NAME), "{text}");
    assert!(detail.attachments.is_empty(), "{:?}", detail.attachments);
    assert_eq!(count(&store, &format!("SELECT count(*) FROM case_surveys WHERE people LIKE '%{NAME}%'")).await, 0);

    // Search no longer finds it by name or phone, still by its text.
    assert!(titles(&store, station, NAME).await.is_empty());
    assert!(titles(&store, station, "5678").await.is_empty());
    assert_eq!(titles(&store, station, "楼道灯").await, ["楼道灯不亮"]);
    // The open case keeps everything.
    assert_eq!(cases::get(&store, station, open).await.expect("open").resident_name.as_deref(), Some("王建国"));

    // The shared photo stays (the open case shows it); the other one is gone.
    let (shared, own, kept) = (shared.expect("shared"), own.expect("own"), kept.expect("kept"));
    assert_eq!(attachments::content(&store, station, kept.id).await.expect("kept photo").1, b"shared bytes");
    assert!(attachments::content(&store, station, own.id).await.is_err(), "the unshared file is deleted");
    if on_disk {
        let dir = store.files_dir().expect("dir");
        assert!(!dir.join(&own.sha256[..2]).join(&own.sha256).exists());
        assert!(dir.join(&shared.sha256[..2]).join(&shared.sha256).exists());
    }

    assert_eq!(
        count(&store, &format!("SELECT count(*) FROM event_signups WHERE name = '{NAME}' OR phone IS NOT NULL")).await,
        0
    );
    assert_eq!(count(&store, "SELECT count(*) FROM event_walkins WHERE name IS NOT NULL").await, 0);
    assert_eq!(
        count(&store, "SELECT count(*) FROM errands WHERE resident_name IS NOT NULL OR phone IS NOT NULL").await,
        0
    );

    // Audited with counts only; the last run is kept.
    let history = store.audit_history(station, "station", station).await.expect("history");
    let row = history.iter().find(|h| h.action == "retention_run").expect("audit row");
    let audited = serde_json::to_string(row).expect("json");
    assert!(!audited.contains(NAME) && !audited.contains(PHONE), "{audited}");
    assert!(audited.contains("anonymisedCases"), "{audited}");
    let status = retention::status(&store, &actor).await.expect("status");
    assert_eq!(status.last_run.as_ref(), Some(&done));
    assert!(done.summary.starts_with("诉求 1 件（附件 2 个，删除文件 1 个）"), "{}", done.summary);
    assert_eq!(status.due.total(), 0);

    // A second run touches nothing.
    let again = retention::run(&store, &actor, false).await.expect("again");
    assert_eq!(again.total() + again.attachments + again.files_deleted, 0, "{again:?}");
    assert_eq!(figures(&store, station).await, before);
}

#[tokio::test]
async fn recent_records_and_open_cases_are_kept() {
    let f = Fixture::new().await;
    let clock = Clock::manual(at(2024, 6, 1, 2));
    let store = f.store.clone().with_clock(clock.clone());
    finished_case(&store, &f.actor, "楼道灯不亮").await;
    let mut open = case("地库漏水", "地下车库顶板渗水");
    open.phone = Some("13812341234".into());
    cases::create(&store, &f.actor, open).await.expect("open");
    // Two and a half years later: within the default 3 years, the open one never.
    clock.set(at(2026, 12, 3, 2));
    assert_eq!(retention::run(&store, &f.actor, false).await.expect("run").cases, 0);
    // A station keeping finished cases one year only.
    let one = RetentionSettings { cases_years: 1, signups_years: 1 };
    retention::save_settings(&store, &f.actor, &one).await.expect("settings");
    assert_eq!(retention::run(&store, &f.actor, false).await.expect("run").cases, 1);
    assert_eq!(count(&store, "SELECT count(*) FROM cases WHERE phone IS NOT NULL").await, 1, "the open case");
}

#[tokio::test]
async fn settings_are_bounded_and_only_the_head_handles_personal_data() {
    let f = Fixture::new().await;
    let bad = RetentionSettings { cases_years: 0, signups_years: 11 };
    let Err(CoreError::Invalid(e)) = retention::save_settings(&f.store, &f.actor, &bad).await else { panic!("bounds") };
    assert_eq!(e.len(), 2);
    let s = retention::status(&f.store, &f.actor).await.expect("status");
    assert_eq!(s.settings, RetentionSettings::default());
    assert_eq!(s.last_run, None);

    for role in [Role::Staff, Role::Volunteer, Role::ReadOnly] {
        let a = Actor { role, ..f.actor.clone() };
        let refused = [
            retention::run(&f.store, &a, true).await.err(),
            retention::status(&f.store, &a).await.err(),
            retention::save_settings(&f.store, &a, &RetentionSettings::default()).await.err(),
            personal_data::find(&f.store, &a, PHONE).await.err(),
            personal_data::export(&f.store, &a, PHONE).await.err(),
            personal_data::anonymise(&f.store, &a, PHONE).await.err(),
        ];
        for r in refused {
            let Some(CoreError::Forbidden(m)) = r else { panic!("{role:?}: {r:?}") };
            assert!(m.contains("请让站长操作"), "{m}");
        }
    }
}

#[tokio::test]
async fn a_resident_finds_exports_and_erases_their_data() {
    let f = Fixture::new().await;
    let (store, actor, station) = (&f.store, &f.actor, f.actor.station_id);
    let old = finished_case(store, actor, "楼道灯不亮").await;
    let mut open = case("地库漏水", "地下车库顶板渗水");
    open.phone = Some(PHONE.into());
    open.resident_name = Some(NAME.into());
    let open = cases::create(store, actor, open).await.expect("open");
    let other = cases::create(store, actor, case("路灯", "南门路灯不亮")).await.expect("other").id;
    let types = errands::types(store, actor).await.expect("types");
    let errand = ErrandInput {
        type_id: types[0].id,
        resident_name: Some(NAME.into()),
        phone: Some(PHONE.into()),
        ..ErrandInput::default()
    };
    errands::create(store, actor, &errand).await.expect("errand");

    let found = personal_data::find(store, actor, "139 1234 5678").await.expect("find");
    assert_eq!(found.phone_masked, "139****5678");
    assert_eq!(found.cases.iter().map(|c| c.id).collect::<Vec<_>>(), [old, open.id]);
    assert_eq!(found.errands.len(), 1);
    assert!(found.cases.iter().all(|c| c.id != other));

    let path = f.dir.path().join("刘涵.json");
    let n = personal_data::export_to_file(store, actor, PHONE, &path).await.expect("export");
    assert_eq!(n, 3);
    let json = std::fs::read_to_string(&path).expect("read");
    assert!(
        json.contains(NAME) && json.contains(PHONE) && json.contains("润都荣园") && json.contains("灯亮了"),
        "{json}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777, 0o600);
    }

    // An open case: refused, naming it.
    let Err(CoreError::Conflict(m)) = personal_data::anonymise(store, actor, PHONE).await else { panic!("open") };
    assert_eq!(m, format!("该居民还有未办结的诉求（{}），办结后才能删除其个人信息", open.number));
    assert_eq!(count(store, "SELECT count(*) FROM cases WHERE anonymised_at IS NOT NULL").await, 0);
    let req = TransitionRequest {
        to: Some(CaseStatus::Referred),
        referred_to: Some("区住建局".into()),
        ..TransitionRequest::default()
    };
    workflow::transition(store, actor, open.id, &req).await.expect("转办");

    let done = personal_data::anonymise(store, actor, PHONE).await.expect("anonymise");
    assert_eq!((done.cases, done.errands), (2, 1));
    let after = personal_data::find(store, actor, PHONE).await.expect("find again");
    assert!(after.cases.is_empty() && after.errands.is_empty() && after.signups.is_empty());
    assert!(titles(store, station, NAME).await.is_empty());

    // Every step audited with the phone's reference, never the number.
    let history = store.audit_history(station, "station", station).await.expect("history");
    let actions: Vec<&str> =
        history.iter().map(|h| h.action.as_str()).filter(|a| a.starts_with("personal_data")).collect();
    assert_eq!(
        actions,
        ["personal_data_find", "personal_data_export", "personal_data_anonymise", "personal_data_find"]
    );
    let text = serde_json::to_string(&history).expect("json");
    assert!(!text.contains(PHONE) && !text.contains("5678") && !text.contains(NAME), "{text}");
    assert!(text.contains(&stationdesk_model::retention::phone_reference(PHONE)));

    // 操作记录 reads them in words: every action and field named, none as its code.
    let q = AuditQuery { page_size: 200, ..AuditQuery::default() };
    let log = audit_log::list(store, actor, &q).await.expect("操作记录");
    let labels: Vec<&str> = log.rows.iter().map(|r| r.action_label.as_str()).collect();
    for label in ["查询居民个人信息", "导出居民个人信息", "删除居民个人信息"] {
        assert!(labels.contains(&label), "{label} missing from {labels:?}");
    }
    for r in &log.rows {
        assert_ne!(r.action_label, r.action, "{} has no label", r.action);
        for part in r.summary.split('；').filter(|p| !p.is_empty()) {
            let field = part.split_once('：').map_or(part, |(f, _)| f);
            assert!(!field.chars().all(|c| c.is_ascii_alphanumeric()), "{}: {} reads as a code", r.action, r.summary);
        }
    }

    let Err(CoreError::Invalid(_)) = personal_data::find(store, actor, "12345").await else { panic!("bad phone") };
}

#[tokio::test]
async fn the_daily_job_runs_once_a_china_day_as_the_station() {
    let f = Fixture::new().await;
    let clock = Clock::manual(at(2021, 3, 10, 2));
    let store = f.store.clone().with_clock(clock.clone());
    finished_case(&store, &f.actor, "楼道灯不亮").await;
    clock.set(at(2026, 12, 3, 2));
    let first = retention::run_daily(&store, f.actor.station_id).await.expect("daily");
    assert_eq!(first.map(|c| c.cases), Some(1));
    assert_eq!(retention::run_daily(&store, f.actor.station_id).await.expect("again"), None, "once a day");
    // 23:59 China time is still the same day; 00:00 the next.
    clock.set(at(2026, 12, 3, 15) + chrono::Duration::minutes(59));
    assert_eq!(retention::run_daily(&store, f.actor.station_id).await.expect("late"), None);
    clock.set(at(2026, 12, 3, 16));
    let next = retention::run_daily(&store, f.actor.station_id).await.expect("next day").expect("ran");
    assert_eq!(next.total(), 0);
    let status = retention::status(&store, &f.actor).await.expect("status");
    assert_eq!(status.last_run_by.as_deref(), Some("系统自动执行（个人信息保存期限）"));
}

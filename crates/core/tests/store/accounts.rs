//! Accounts and the permission table (issue 12): every service called as every role is
//! refused exactly where the model's table says so, in Chinese; logging in, failed logins
//! held back in the database, passwords never in the audit log.

use chrono::{Duration, Utc};
use serde_json::json;
use stationdesk_core::accounts::{self, NewAccount};
use stationdesk_core::cases::CaseQuery;
use stationdesk_core::holidays::HolidayFile;
use stationdesk_core::ledger::{ImportOptions, LedgerFile};
use stationdesk_core::notices::PrintSource;
use stationdesk_core::parties::PartyInput;
use stationdesk_core::prints::PrintVia;
use stationdesk_core::schedule::{EditScope, errands, events, meetings, reminders, roster};
use stationdesk_core::station::StationDetails;
use stationdesk_core::workflow::{CaseHandling, NewFollowUp, NewSurvey, TransitionRequest};
use stationdesk_core::{Actor, CoreError, ErrorCode, attachments, cases, demo, notices, parties, prints, settings};
use stationdesk_core::{holidays, ledger, station, workflow};
use stationdesk_model::deadlines::{DayKind, Urgency};
use stationdesk_model::roles::{self, Action, Role};

use crate::Fixture;

/// Every service that takes an actor, named, with the action the table knows it by.
const SERVICES: &[(&str, Action)] = &[
    ("cases::create", Action::CasesWrite),
    ("workflow::transition", Action::CasesWrite),
    ("workflow::follow_up", Action::CasesWrite),
    ("workflow::add_survey", Action::CasesWrite),
    ("workflow::record_contact", Action::CasesWrite),
    ("workflow::update_handling", Action::CasesWrite),
    ("parties::save", Action::CasesWrite),
    ("parties::link", Action::CasesWrite),
    ("parties::unlink", Action::CasesWrite),
    ("attachments::add", Action::CasesWrite),
    ("attachments::remove", Action::CasesWrite),
    ("reminders::cases_due", Action::CasesRead),
    ("reminders::due", Action::ScheduleRead),
    ("events::create", Action::Scheduling),
    ("events::cancel", Action::Scheduling),
    ("meetings::create", Action::Scheduling),
    ("meetings::cancel", Action::Scheduling),
    ("events::sign_up", Action::EventCheckIn),
    ("events::check_in", Action::EventCheckIn),
    ("events::cancel_signup", Action::EventCheckIn),
    ("events::walk_in", Action::EventCheckIn),
    ("roster::import", Action::EventCheckIn),
    ("errands::types", Action::Errands),
    ("errands::create", Action::Errands),
    ("errands::add_type", Action::Settings),
    ("notices::save_template", Action::Notices),
    ("notices::case_notice", Action::Notices),
    ("notices::meeting_notice", Action::Notices),
    ("prints::record", Action::Notices),
    ("station::update", Action::Settings),
    ("station::add_category", Action::Settings),
    ("station::set_idle_lock", Action::Settings),
    ("settings::save_time_limit", Action::Settings),
    ("settings::save_calendar_day", Action::Settings),
    ("notices::save_font", Action::Settings),
    ("holidays::import", Action::Settings),
    ("ledger::import", Action::Import),
    ("parties::import", Action::Import),
    ("demo::load", Action::Import),
    ("backup::record_restore", Action::Backup),
    ("station::add_staff", Action::Accounts),
    ("accounts::list", Action::Accounts),
    ("accounts::create_account", Action::Accounts),
    ("accounts::reset_password", Action::Accounts),
    ("accounts::disable_account", Action::Accounts),
    ("audit_log::list", Action::AuditRead),
    ("audit_log::reveal_phone", Action::PhoneReveal),
];

/// Calls one service as `a` with inputs that name nothing (id 999 999) or are refused by
/// validation, so an allowed call changes nothing; returns its error, if any.
async fn call(f: &Fixture, a: &Actor, service: &str) -> Option<CoreError> {
    let s = &f.store;
    let none = 999_999;
    let at = Utc::now() + Duration::days(3);
    let r: Result<(), CoreError> = match service {
        "cases::create" => cases::create(s, a, crate::case("", "")).await.map(drop),
        "workflow::transition" => workflow::transition(s, a, none, &TransitionRequest::default()).await.map(drop),
        "workflow::follow_up" => workflow::follow_up(s, a, none, &NewFollowUp::default()).await.map(drop),
        "workflow::add_survey" => workflow::add_survey(s, a, none, &NewSurvey::default()).await.map(drop),
        "workflow::record_contact" => workflow::record_contact(s, a, none, "").await.map(drop),
        "workflow::update_handling" => workflow::update_handling(s, a, none, &CaseHandling::default()).await.map(drop),
        "parties::save" => {
            let input: PartyInput = serde_json::from_value(json!({"kind": "property", "name": ""})).expect("party");
            parties::save(s, a, &input).await.map(drop)
        }
        "parties::link" => parties::link(s, a, none, none, None).await,
        "parties::unlink" => parties::unlink(s, a, none, none).await,
        "attachments::add" => {
            attachments::add(s, a, none, attachments::AttachmentKind::ALL[0], "x.txt", b"").await.map(drop)
        }
        "attachments::remove" => attachments::remove(s, a, none).await,
        "reminders::cases_due" => reminders::cases_due(s, a, Utc::now()).await.map(drop),
        "reminders::due" => reminders::due(s, a, Utc::now()).await.map(drop),
        "events::create" => {
            let input =
                serde_json::from_value(json!({"kind": "clinic", "title": "", "start": at, "end": at, "place": ""}))
                    .expect("event");
            events::create(s, a, &input).await.map(drop)
        }
        "events::cancel" => events::cancel(s, a, none, None, EditScope::All).await.map(drop),
        "meetings::create" => {
            let input = serde_json::from_value(
                json!({"kind": "consultation", "title": "", "start": at, "end": at, "place": ""}),
            )
            .expect("meeting");
            meetings::create(s, a, &input).await.map(drop)
        }
        "meetings::cancel" => meetings::cancel(s, a, none).await.map(drop),
        "events::sign_up" => {
            let input =
                serde_json::from_value(json!({"eventId": none, "occurrenceStart": at, "name": ""})).expect("signup");
            events::sign_up(s, a, &input).await.map(drop)
        }
        "events::check_in" => events::check_in(s, a, none).await.map(drop),
        "events::cancel_signup" => events::cancel_signup(s, a, none).await.map(drop),
        "events::walk_in" => {
            let input = serde_json::from_value(json!({"eventId": none, "occurrenceStart": at})).expect("walk-in");
            events::walk_in(s, a, &input).await.map(drop)
        }
        "errands::types" => errands::types(s, a).await.map(drop),
        "errands::create" => errands::create(s, a, &errands::ErrandInput::default()).await.map(drop),
        "errands::add_type" => errands::add_type(s, a, "").await.map(drop),
        "notices::save_template" => notices::save_template(s, a, "no-such-kind", None).await.map(drop),
        "notices::case_notice" => notices::case_notice(s, a, none, notices::NoticeKind::Receipt).await.map(drop),
        "notices::meeting_notice" => notices::meeting_notice(s, a, none).await.map(drop),
        "prints::record" => prints::record(s, a, &PrintSource::Unrecorded, 1, PrintVia::Dialog).await.map(drop),
        "station::update" => {
            station::update(s, a, &StationDetails { name: String::new(), phone: None, poster_link: None })
                .await
                .map(drop)
        }
        "station::add_category" => station::add_category(s, a, "").await.map(drop),
        "station::set_idle_lock" => station::set_idle_lock(s, a, 241).await.map(drop),
        "settings::save_time_limit" => settings::save_time_limit(s, a, Some(none), Urgency::Normal, None).await,
        "settings::save_calendar_day" => {
            settings::save_calendar_day(s, a, chrono::NaiveDate::MIN, DayKind::Holiday, "").await
        }
        "notices::save_font" => notices::save_font(s, a, "no-such-role", None).await.map(drop),
        "holidays::import" => {
            holidays::import(s, a, &HolidayFile { name: "x.txt".into(), text: String::new() }).await.map(drop)
        }
        "ledger::import" => {
            let file = LedgerFile { name: "x.csv".into(), bytes: Vec::new() };
            ledger::import(s, a, &file, &ImportOptions::default()).await.map(drop)
        }
        "roster::import" => {
            let file = LedgerFile { name: "x.csv".into(), bytes: Vec::new() };
            roster::import(s, a, none, at, &file, false).await.map(drop)
        }
        "parties::import" => {
            let file = LedgerFile { name: "x.csv".into(), bytes: Vec::new() };
            parties::import(s, a, &file, false).await.map(drop)
        }
        "demo::load" => demo::load(s, a, 0, 1, false).await.map(drop),
        "backup::record_restore" => {
            // Only the check matters here: the refusal comes before the record is read.
            return (!a.may(Action::Backup)).then(|| backup_refusal(a));
        }
        "station::add_staff" => station::add_staff(s, a, "").await.map(drop),
        "accounts::list" => accounts::list(s, a).await.map(drop),
        "audit_log::list" => {
            stationdesk_core::audit_log::list(s, a, &stationdesk_core::audit_log::AuditQuery::default()).await.map(drop)
        }
        "audit_log::reveal_phone" => stationdesk_core::audit_log::reveal_phone(s, a, none).await.map(drop),
        "accounts::create_account" => {
            let input = NewAccount { name: String::new(), login: None, role: Role::Staff, password: String::new() };
            accounts::create_account(s, a, &input).await.map(drop)
        }
        "accounts::reset_password" => accounts::reset_password(s, a, none, "").await,
        "accounts::disable_account" => accounts::disable_account(s, a, none, false).await.map(drop),
        other => panic!("no call written for {other}"),
    };
    r.err()
}

fn backup_refusal(a: &Actor) -> CoreError {
    a.require(Action::Backup).expect_err("refused")
}

#[tokio::test]
async fn every_service_as_every_role_is_allowed_or_refused_as_the_table_says() {
    let f = Fixture::new().await;
    let mut checked = 0;
    for role in Role::ALL {
        let actor = Actor { role: *role, ..f.actor.clone() };
        for (service, action) in SERVICES {
            let err = call(&f, &actor, service).await;
            let refused = err.as_ref().is_some_and(|e| e.code() == ErrorCode::Forbidden);
            assert_eq!(
                refused,
                !roles::allows(*role, *action),
                "{service} as {}: {:?}",
                role.label(),
                err.map(|e| e.user_message())
            );
            if let Some(e) = err.filter(|_| refused) {
                assert_eq!(e.user_message(), roles::refusal(*role, *action));
            }
            checked += 1;
        }
    }
    assert_eq!(checked, Role::ALL.len() * SERVICES.len());
    // Nothing the refused calls tried left a trace.
    let volunteer = Actor { role: Role::Volunteer, ..f.actor.clone() };
    let e = cases::create(&f.store, &volunteer, crate::case("楼道灯坏了", "3号楼")).await.expect_err("refused");
    assert_eq!(e.user_message(), "您的角色（志愿者）不能办理诉求；请让站长或工作人员操作");
    assert_eq!(cases::list(&f.store, f.actor.station_id, &CaseQuery::default()).await.expect("list").total, 0);
}

fn account(name: &str, role: Role, password: &str) -> NewAccount {
    NewAccount { name: name.to_owned(), login: None, role, password: password.to_owned() }
}

#[tokio::test]
async fn a_volunteer_logs_in_with_their_password_and_gets_their_role() {
    let f = Fixture::new().await;
    let st = station::current(&f.store).await.expect("station");
    let created = accounts::create_account(&f.store, &f.actor, &account("钱志愿", Role::Volunteer, "qian-2026-pass"))
        .await
        .expect("create");
    assert!(created.has_password);
    let actor = accounts::login(&f.store, &st, "钱志愿", "qian-2026-pass").await.expect("login");
    assert_eq!((actor.role, actor.staff_id), (Role::Volunteer, Some(created.id)));
    let e = accounts::login(&f.store, &st, "钱志愿", "wrong-password").await.expect_err("wrong");
    assert_eq!((e.code(), e.user_message()), (ErrorCode::LoginFailed, roles::WRONG_LOGIN.to_owned()));
    let e = accounts::login(&f.store, &st, "nobody", "qian-2026-pass").await.expect_err("unknown");
    assert_eq!(e.user_message(), roles::WRONG_LOGIN);
    // Short passwords are refused, and the message never repeats them.
    let e =
        accounts::create_account(&f.store, &f.actor, &account("孙", Role::Staff, "abc123")).await.expect_err("short");
    assert!(e.user_message().contains("8–64") && !e.user_message().contains("abc123"), "{}", e.user_message());
    // A second account under a login in use is refused and leaves no staff row.
    let before = station::staff(&f.store, st.id).await.expect("staff").len();
    let taken = NewAccount { login: Some("钱志愿".into()), ..account("李四", Role::Staff, "lisi-2026-pass") };
    assert!(accounts::create_account(&f.store, &f.actor, &taken).await.is_err());
    assert_eq!(station::staff(&f.store, st.id).await.expect("staff").len(), before);
}

#[tokio::test]
async fn failed_logins_are_held_back_in_the_database_and_a_reset_lifts_it() {
    let f = Fixture::new().await;
    let st = station::current(&f.store).await.expect("station");
    let who = accounts::create_account(&f.store, &f.actor, &account("周工", Role::Staff, "zhou-2026-pass"))
        .await
        .expect("create");
    for _ in 0..4 {
        let e = accounts::login(&f.store, &st, "周工", "guess-guess").await.expect_err("wrong");
        assert_eq!(e.user_message(), roles::WRONG_LOGIN);
    }
    let e = accounts::login(&f.store, &st, "周工", "guess-guess").await.expect_err("fifth");
    assert!(e.user_message().contains("30 秒"), "{}", e.user_message());
    // Held back even with the right password, and after a restart.
    let again = f.reopen().await;
    let e = accounts::login(&again, &st, "周工", "zhou-2026-pass").await.expect_err("held");
    assert!(e.user_message().contains("后再试"), "{}", e.user_message());
    accounts::reset_password(&f.store, &f.actor, who.id, "zhou-new-pass").await.expect("reset");
    accounts::login(&f.store, &st, "周工", "zhou-new-pass").await.expect("login after reset");
    // Disabled: refused even with the right password; the last 站长 cannot be disabled.
    accounts::disable_account(&f.store, &f.actor, who.id, true).await.expect("disable");
    let e = accounts::login(&f.store, &st, "周工", "zhou-new-pass").await.expect_err("disabled");
    assert_eq!(e.user_message(), accounts::DISABLED);
    let head = f.actor.staff_id.expect("head id");
    assert!(accounts::disable_account(&f.store, &f.actor, head, true).await.is_err());
}

#[tokio::test]
async fn no_password_or_hash_reaches_the_audit_log() {
    let f = Fixture::new().await;
    let st = station::current(&f.store).await.expect("station");
    let who = accounts::create_account(&f.store, &f.actor, &account("吴工", Role::ReadOnly, "wu-secret-2026"))
        .await
        .expect("create");
    let _ = accounts::login(&f.store, &st, "吴工", "wu-wrong-2026").await;
    let actor = accounts::login(&f.store, &st, "吴工", "wu-secret-2026").await.expect("login");
    accounts::change_own_password(&f.store, &actor, "wu-secret-2026", "wu-changed-2026").await.expect("change");
    let history = f.store.audit_history(f.actor.station_id, "staff", who.id).await.expect("history");
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    for expected in ["create", "password_set", "login_failed", "login", "password_changed"] {
        assert!(actions.contains(&expected), "{expected} in {actions:?}");
    }
    let text = format!("{history:?}");
    for secret in ["wu-secret-2026", "wu-wrong-2026", "wu-changed-2026", "$argon2"] {
        assert!(!text.contains(secret), "{secret} in the audit log");
    }
}

#[tokio::test]
async fn the_first_head_password_is_set_once_then_the_head_logs_in() {
    // A station from before accounts (or added on the district server): its 站长 has no
    // password, so nobody can log in until one is set.
    let f = Fixture::new().await;
    let st = station::current(&f.store).await.expect("station");
    assert!(!accounts::has_head(&f.store, st.id).await.expect("has head"));
    let e = accounts::set_first_head_password(&f.store, &st, "short").await.expect_err("short");
    assert!(e.user_message().contains("8–64"), "{}", e.user_message());
    let head = accounts::set_first_head_password(&f.store, &st, "head-2026-pass").await.expect("set");
    assert_eq!((head.role, head.staff_id, head.staff_name.as_str()), (Role::Head, f.actor.staff_id, "赵子坤"));
    assert!(accounts::has_head(&f.store, st.id).await.expect("has head"));
    // Once a 站长 can log in, the screen's path is closed: nobody takes the station over.
    let e = accounts::set_first_head_password(&f.store, &st, "taken-over-pass").await.expect_err("second time");
    assert_eq!(e.code(), ErrorCode::Conflict);
    assert!(accounts::login(&f.store, &st, "赵子坤", "taken-over-pass").await.is_err());
    accounts::login(&f.store, &st, "赵子坤", "head-2026-pass").await.expect("login");
    // Audited as this PC's administrator, without the password.
    let history = f.store.audit_history(st.id, "staff", head.staff_id.expect("id")).await.expect("history");
    let set = history.iter().find(|e| e.action == "password_set").expect("password_set in the audit log");
    assert!(set.staff_name.contains("系统管理员"), "{}", set.staff_name);
    assert!(!format!("{history:?}").contains("head-2026-pass"));
}

#[tokio::test]
async fn first_start_in_the_window_makes_a_head_with_a_login_and_a_password() {
    let dir = tempfile::tempdir().expect("temp dir");
    let location = stationdesk_core::Location::SqliteFile(dir.path().join("station.db"));
    let (store, _) = stationdesk_core::Store::open_or_create(&location).await.expect("open");
    // A bad password is refused before anything is written.
    let e = accounts::init_station(&store, "RA", "荣傲家园社区微言服务站", "赵子坤", Some("zhao"), "short")
        .await
        .expect_err("short");
    assert!(e.user_message().contains("8–64"), "{}", e.user_message());
    assert!(station::current_opt(&store).await.expect("read").is_none());
    let head = accounts::init_station(&store, "RA", "荣傲家园社区微言服务站", "赵子坤", Some("zhao"), "head-2026-pass")
        .await
        .expect("init");
    assert_eq!((head.role, head.staff_name.as_str()), (Role::Head, "赵子坤"));
    let st = station::current(&store).await.expect("station");
    assert_eq!(st.idle_lock_minutes, roles::DEFAULT_IDLE_LOCK_MINUTES);
    accounts::login(&store, &st, "zhao", "head-2026-pass").await.expect("login with the login name");
    assert!(accounts::init_station(&store, "RB", "另一个站", "钱", None, "head-2026-pass").await.is_err());
}

#[tokio::test]
async fn the_idle_lock_is_the_head_s_setting_bounded_and_audited() {
    let f = Fixture::new().await;
    let st = station::current(&f.store).await.expect("station");
    assert_eq!(st.idle_lock_minutes, 10);
    let saved = station::set_idle_lock(&f.store, &f.actor, 3).await.expect("save");
    assert_eq!(saved.idle_lock_minutes, 3);
    assert_eq!(station::current(&f.reopen().await).await.expect("station").idle_lock_minutes, 3);
    let e = station::set_idle_lock(&f.store, &f.actor, 241).await.expect_err("too long");
    assert!(e.user_message().contains("0–240"), "{}", e.user_message());
    let staff = Actor { role: Role::Staff, ..f.actor.clone() };
    assert_eq!(station::set_idle_lock(&f.store, &staff, 0).await.expect_err("refused").code(), ErrorCode::Forbidden);
    assert_eq!(station::current(&f.store).await.expect("station").idle_lock_minutes, 3);
    let history = f.store.audit_history(st.id, "station", st.id).await.expect("history");
    assert!(format!("{history:?}").contains("idleLockMinutes"), "{history:?}");
}

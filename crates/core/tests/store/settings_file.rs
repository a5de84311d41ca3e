//! 设置文件: a configured station's settings exported on one PC and imported on the next,
//! which then has the same lists, limits, calendar, wording, fonts, directory, idle lock
//! and retention; a second import changes nothing; a wrong file saves nothing.

use chrono::NaiveDate;
use stationdesk_core::deadlines::{DayKind, Limits, Span, TimeUnit, Urgency};
use stationdesk_core::parties::{self, PartyInput, PartyKind};
use stationdesk_core::retention::{self, RetentionSettings};
use stationdesk_core::roles::Role;
use stationdesk_core::schedule::errands;
use stationdesk_core::settings_file::{self, PickedSettings};
use stationdesk_core::{Actor, CoreError, audit_log, notices, settings, station};

use crate::Fixture;

const LIFT: &str = "加装电梯";
const PROPERTY: &str = "润都荣园物业服务中心";

fn limits(respond_hours: u32, resolve_days: u32) -> Limits {
    Limits {
        respond: Span::new(respond_hours, TimeUnit::Hours),
        resolve: Span::new(resolve_days, TimeUnit::WorkingDays),
    }
}

/// The configured PC: every kind of setting changed from the built-in one.
async fn configured() -> Fixture {
    let f = Fixture::new().await;
    let (s, a) = (&f.store, &f.actor);
    let lift = station::add_category(s, a, LIFT).await.expect("category");
    let other = station::categories(s, a.station_id).await.expect("list").into_iter().find(|c| c.name == "其他");
    let other = other.expect("seeded 其他");
    station::update_category(s, a, other.id, &other.name, false).await.expect("switch off");
    settings::save_time_limit(s, a, Some(lift.id), Urgency::Urgent, Some(&limits(2, 3))).await.expect("limit");
    settings::save_time_limit(s, a, None, Urgency::Normal, Some(&limits(12, 5))).await.expect("limit");
    let day = NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
    settings::save_calendar_day(s, a, day, DayKind::Holiday, "社区调休").await.expect("day");
    let receipt = notices::templates(s, a.station_id).await.expect("templates");
    let receipt = receipt.into_iter().find(|t| t.kind == notices::NoticeKind::Receipt).expect("receipt");
    let body = format!("{}\n本站将在三个工作日内与您联系。", receipt.body);
    notices::save_template(s, a, "receipt", Some(&body)).await.expect("template");
    errands::add_type(s, a, "老年证办理").await.expect("errand type");
    let party = PartyInput {
        id: None,
        kind: PartyKind::Property,
        name: PROPERTY.to_owned(),
        contact_person: Some("王经理".to_owned()),
        phone: Some("13812345678".to_owned()),
        note: Some("每周二例会".to_owned()),
        active: true,
    };
    parties::save(s, a, &party).await.expect("party");
    station::set_idle_lock(s, a, 15).await.expect("idle lock");
    retention::save_settings(s, a, &RetentionSettings { cases_years: 5, signups_years: 2 }).await.expect("retention");
    f
}

async fn exported(f: &Fixture) -> PickedSettings {
    let (name, bytes) = settings_file::export(&f.store, &f.actor).await.expect("export");
    assert!(name.starts_with("服务站设置-RA-") && name.ends_with(".json"), "{name}");
    PickedSettings { name, bytes }
}

#[tokio::test]
async fn the_next_pc_gets_the_same_settings_in_one_step() {
    let from = configured().await;
    let file = exported(&from).await;
    let text = String::from_utf8(file.bytes.clone()).expect("utf-8");
    for expected in [LIFT, PROPERTY, "社区调休", "本站将在三个工作日内与您联系", "stationdesk-settings"]
    {
        assert!(text.contains(expected), "the file lacks {expected}");
    }

    let to = Fixture::new().await;
    let (s, a) = (&to.store, &to.actor);
    let before = station::categories(s, a.station_id).await.expect("list");
    let dry = settings_file::import(s, a, &file, true).await.expect("dry run");
    let said = dry.lines.join("\n");
    for expected in [
        "诉求分类：新增 1 项（加装电梯），停用 1 项（其他）",
        "时限：按文件设定 2 项",
        "节假日调整：按文件设定 1 天",
        "通知模板：受理回执（按文件措辞）",
        "办理事项：新增 1 项（老年证办理）",
        "相关方名录：新增 1 家（润都荣园物业服务中心）",
        "自动锁定：15 分钟无操作",
        "个人信息保存期限：诉求 5 年，报名与代办 2 年",
    ] {
        assert!(said.contains(expected), "the preview lacks “{expected}”:\n{said}");
    }
    assert_eq!(dry.from, "RA 荣傲家园社区微言服务站");
    assert_eq!(station::categories(s, a.station_id).await.expect("list"), before, "a dry run saved");

    let done = settings_file::import(s, a, &file, false).await.expect("import");
    assert_eq!(done.lines, dry.lines, "the import did other than the preview said");

    // Everything the settings pages show is now the first PC's.
    let names = |list: Vec<station::Category>| -> Vec<(String, bool)> {
        let mut v: Vec<(String, bool)> = list.into_iter().map(|c| (c.name, c.active)).collect();
        v.sort();
        v
    };
    assert_eq!(
        names(station::categories(s, a.station_id).await.expect("list")),
        names(station::categories(&from.store, from.actor.station_id).await.expect("list"))
    );
    let own = |l: Vec<stationdesk_core::deadlines::TimeLimit>| -> Vec<(Option<String>, Urgency, Limits)> {
        let mut v: Vec<_> =
            l.into_iter().filter(|t| !t.built_in).map(|t| (t.category_name, t.urgency, t.limits)).collect();
        v.sort_by_key(|t| format!("{t:?}"));
        v
    };
    assert_eq!(
        own(settings::time_limits(s, a.station_id).await.expect("limits")),
        own(settings::time_limits(&from.store, from.actor.station_id).await.expect("limits"))
    );
    assert_eq!(own(settings::time_limits(s, a.station_id).await.expect("limits")).len(), 2);
    let days = settings::calendar_days(s, a.station_id, 2026).await.expect("days");
    assert!(days.iter().any(|d| d.name == "社区调休" && d.kind == DayKind::Holiday && !d.built_in), "{days:?}");
    let templates = notices::templates(s, a.station_id).await.expect("templates");
    let receipt = templates.iter().find(|t| t.kind == notices::NoticeKind::Receipt).expect("receipt");
    assert!(receipt.body.ends_with("本站将在三个工作日内与您联系。") && !receipt.is_default);
    let types = errands::types(s, a).await.expect("types");
    assert!(types.iter().any(|t| t.name == "老年证办理" && t.active), "{types:?}");
    let list = parties::list(s, a.station_id).await.expect("parties");
    assert!(
        list.iter().any(|p| p.name == PROPERTY
            && p.contact_person.as_deref() == Some("王经理")
            && p.phone.as_deref() == Some("13812345678")),
        "{list:?}"
    );
    assert_eq!(station::current(s).await.expect("station").idle_lock_minutes, 15);
    let kept = retention::status(s, a).await.expect("retention").settings;
    assert_eq!(kept, RetentionSettings { cases_years: 5, signups_years: 2 });

    // The import is in the log, saying where it came from.
    let log = audit_log::list(s, a, &audit_log::AuditQuery::default()).await.expect("log");
    let row = log.rows.iter().find(|r| r.action == "settings_import").expect("an import row");
    assert_eq!(row.action_label, "导入设置文件");
    assert!(row.summary.contains("RA 荣傲家园社区微言服务站"), "{}", row.summary);

    // The same file again changes nothing.
    let again = settings_file::import(s, a, &file, false).await.expect("again");
    assert_eq!(again.lines, ["与本机现有设置相同，没有需要改动的"]);
}

#[tokio::test]
async fn a_wrong_file_or_role_saves_nothing() {
    let from = configured().await;
    let file = exported(&from).await;
    let to = Fixture::new().await;
    let (s, a) = (&to.store, &to.actor);
    let before = station::categories(s, a.station_id).await.expect("list");

    // A limit edited by hand to something the settings page refuses.
    let text = String::from_utf8(file.bytes.clone()).expect("utf-8").replacen("\"amount\": 2", "\"amount\": 0", 1);
    let bad = PickedSettings { name: "改过的设置.json".to_owned(), bytes: text.into_bytes() };
    let Err(CoreError::Invalid(errors)) = settings_file::import(s, a, &bad, false).await else {
        panic!("a wrong limit was taken");
    };
    let said: Vec<String> = errors.into_iter().map(|e| e.message).collect();
    assert!(said[0].contains("加装电梯（紧急）的时限：时限须在 1 到 1000 之间"), "{said:?}");
    assert!(said.last().expect("a total").contains("未导入任何设置"), "{said:?}");

    // A ledger picked by mistake.
    let ledger = PickedSettings { name: "台账.xlsx".to_owned(), bytes: b"PK\x03\x04 not a settings file".to_vec() };
    let e = settings_file::import(s, a, &ledger, false).await.expect_err("a ledger");
    assert!(e.to_string().contains("不是 StationDesk 的设置文件"), "{e}");

    // Only the 站长 changes the station's settings.
    let staff = Actor { role: Role::Staff, ..a.clone() };
    let e = settings_file::import(s, &staff, &file, false).await.expect_err("staff");
    assert!(e.to_string().contains("工作人员"), "{e}");
    let e = settings_file::export(s, &staff).await.expect_err("staff export");
    assert!(e.to_string().contains("工作人员"), "{e}");

    assert_eq!(station::categories(s, a.station_id).await.expect("list"), before, "a refused import saved");
    assert!(parties::list(s, a.station_id).await.expect("parties").is_empty(), "a refused import saved");
}

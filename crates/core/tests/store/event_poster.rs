//! Issue 14: an event's printed notice (the poster) says who it is for and what to bring,
//! and carries the event's sign-up or contact link as a QR code, else the station's.

use chrono::{Duration, NaiveDate, NaiveTime, Utc};
use stationdesk_core::CoreError;
use stationdesk_core::notices;
use stationdesk_core::schedule::calendar::{self, CalendarQuery};
use stationdesk_core::schedule::events::{self, EventEdit, EventInput};
use stationdesk_core::schedule::{EditScope, EventKind, china_date, china_time};
use stationdesk_core::station::{self, StationDetails};
use stationdesk_notice::{FontSet, Notice};

use crate::Fixture;
use crate::notices::pdf_text;

const LINK: &str = "https://wj.qq.com/s2/20261219/yizhen";
const STATION_LINK: &str = "https://ra.example.cn/zixun";

fn day() -> NaiveDate {
    china_date(Utc::now()) + Duration::days(3)
}

fn clinic(day: NaiveDate) -> EventInput {
    let at = |h| china_time(day, NaiveTime::from_hms_opt(h, 0, 0).expect("time"));
    EventInput {
        kind: EventKind::Clinic,
        title: "社区卫生服务中心义诊".into(),
        start: at(8),
        end: at(11),
        place: "服务站一楼大厅".into(),
        partner_ids: vec![],
        partners: vec!["荣傲社区卫生服务中心".into()],
        staff_ids: vec![],
        volunteers: vec![],
        description: Some("免费测量血压、血糖，提供用药咨询和健康指导。".into()),
        rrule: None,
        exdates: vec![],
        skip_holidays: false,
        capacity: Some(40),
        audience: Some("辖区60岁以上老人".into()),
        bring: Some("身份证、医保卡".into()),
        link: Some(LINK.into()),
    }
}

async fn set_station_link(f: &Fixture, link: Option<&str>) {
    let st = station::current(&f.store).await.expect("station");
    let details =
        StationDetails { name: st.name, phone: Some("0311-86012345".into()), poster_link: link.map(Into::into) };
    station::update(&f.store, &f.actor, &details).await.expect("station link");
}

/// The notice's QR text and caption, and how many filled rectangles (QR modules) its first
/// page draws.
async fn qr_of(f: &Fixture, event_id: i64, at: chrono::DateTime<Utc>) -> (String, String, usize) {
    let notice = notices::event_notice(&f.store, &f.actor, event_id, at).await.expect("notice");
    let laid = stationdesk_notice::layout(FontSet::bundled(), &notice).expect("layout");
    let filled = laid.pages[0].rects.iter().filter(|r| r.filled).count();
    let Notice::Event(e) = notice else { panic!("an event notice") };
    (e.qr_text, e.qr_caption, filled)
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[tokio::test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
async fn the_poster_prints_the_events_audience_what_to_bring_and_its_link_as_a_qr_code() {
    let f = Fixture::new().await;
    set_station_link(&f, Some(STATION_LINK)).await;
    let saved = events::create(&f.store, &f.actor, &clinic(day())).await.expect("event");
    let e = &saved.event;
    assert_eq!(
        (e.audience.as_deref(), e.bring.as_deref(), e.link.as_deref()),
        (Some("辖区60岁以上老人"), Some("身份证、医保卡"), Some(LINK))
    );

    let printed = notices::render_event_notice(&f.store, &f.actor, e.id, e.start).await.expect("print");
    let text = squash(&pdf_text(&printed.pdf));
    for want in ["社区卫生服务中心义诊", "服务对象：辖区60岁以上老人", "请您携带：身份证、医保卡", "扫码报名"]
    {
        assert!(text.contains(want), "{want} on the poster:\n{text}");
    }
    assert!(text.contains("或扫描下方二维码报名"), "the sign-up line points at the code:\n{text}");
    assert!(!text.contains("本社区居民"), "the event's own audience replaces the default:\n{text}");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test-output/poster");
    std::fs::create_dir_all(&dir).expect("test-output");
    std::fs::write(dir.join("义诊海报.pdf"), &printed.pdf).expect("keep the poster to look at");

    let (qr, caption, modules) = qr_of(&f, e.id, e.start).await;
    assert_eq!((qr.as_str(), caption.as_str()), (LINK, "扫码报名"), "the event's link wins over the station's");
    assert!(modules > 50, "the QR code is drawn ({modules} filled rectangles)");

    // No link, no capacity, no audience: the station's link, 扫码咨询, 本社区居民.
    let mut plain = clinic(day() + Duration::days(1));
    (plain.link, plain.capacity, plain.audience, plain.bring) = (None, None, None, None);
    let other = events::create(&f.store, &f.actor, &plain).await.expect("event").event;
    let (qr, caption, modules) = qr_of(&f, other.id, other.start).await;
    assert_eq!((qr.as_str(), caption.as_str()), (STATION_LINK, "扫码咨询"));
    assert!(modules > 50);
    let printed = notices::render_event_notice(&f.store, &f.actor, other.id, other.start).await.expect("print");
    let text = squash(&pdf_text(&printed.pdf));
    assert!(text.contains("服务对象：本社区居民") && text.contains("扫码咨询"), "{text}");
    assert!(!text.contains("请您携带"), "an empty 请携带 clause is left out:\n{text}");

    // Neither the event nor the station has a link: no code at all.
    set_station_link(&f, None).await;
    let (qr, caption, modules) = qr_of(&f, other.id, other.start).await;
    assert_eq!((qr.as_str(), caption.as_str(), modules), ("", "", 0));
    let audit = f.store.audit_history(f.actor.station_id, "station", f.actor.station_id).await.expect("audit");
    assert!(audit.iter().any(|a| a.changes.iter().any(|c| c.field == "posterLink")), "the link change is audited");
}

fn fields(err: &CoreError) -> Vec<(String, String)> {
    match err {
        CoreError::Invalid(e) => e.iter().map(|e| (e.field.clone(), e.message.clone())).collect(),
        other => panic!("not a field error: {other}"),
    }
}

#[tokio::test]
async fn a_bad_link_and_overlong_poster_texts_are_refused_and_nothing_is_saved() {
    let f = Fixture::new().await;
    let mut bad = clinic(day());
    bad.audience = Some("老".repeat(51));
    bad.bring = Some("证".repeat(101));
    bad.link = Some("https://exa mple.cn/报名".into());
    let err = events::create(&f.store, &f.actor, &bad).await.unwrap_err();
    let got = fields(&err);
    assert_eq!(got.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), ["audience", "bring", "link"], "{got:?}");
    assert!(got[0].1.contains("面向对象过长（51 字），最多 50 字"), "{}", got[0].1);
    assert!(got[1].1.contains("最多 100 字"), "{}", got[1].1);
    assert!(got[2].1.contains("不是完整的网址"), "{}", got[2].1);

    bad = clinic(day());
    bad.link = Some("微信号\u{7}sqfw".into());
    let got = fields(&events::create(&f.store, &f.actor, &bad).await.unwrap_err());
    assert!(got[0].1.contains("控制字符"), "{got:?}");
    bad.link = Some(format!("https://a.cn/{}", "x".repeat(300)));
    let got = fields(&events::create(&f.store, &f.actor, &bad).await.unwrap_err());
    assert!(got[0].1.contains("最多 300 字"), "{got:?}");

    let q = CalendarQuery {
        from: day(),
        to: day(),
        source: None,
        event_kind: None,
        place: None,
        staff_id: None,
        include_cancelled: true,
    };
    let saved = calendar::range(&f.store, f.actor.station_id, &q).await.expect("calendar");
    assert!(saved.is_empty(), "no event was saved: {saved:?}");

    let st = station::current(&f.store).await.expect("station");
    let details =
        StationDetails { name: st.name.clone(), phone: None, poster_link: Some("ftp://ra.example.cn".into()) };
    let got = fields(&station::update(&f.store, &f.actor, &details).await.unwrap_err());
    assert_eq!(got[0].0, "posterLink");
    assert!(got[0].1.starts_with("二维码链接只能是"), "{got:?}");
    assert_eq!(station::current(&f.store).await.expect("station").poster_link, None);

    // A WeChat ID is short text, kept as typed.
    let details = StationDetails { name: st.name, phone: None, poster_link: Some(" 微信号：sqfw2026 ".into()) };
    let saved = station::update(&f.store, &f.actor, &details).await.expect("saved");
    assert_eq!(saved.poster_link.as_deref(), Some("微信号：sqfw2026"));
    assert_eq!(station::current(&f.store).await.expect("station").poster_link.as_deref(), Some("微信号：sqfw2026"));
}

#[tokio::test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
async fn edits_keep_the_poster_fields_and_one_occurrence_cannot_change_them_alone() {
    let f = Fixture::new().await;
    let mut weekly = clinic(day());
    weekly.rrule = Some("FREQ=WEEKLY;COUNT=4".into());
    let series = events::create(&f.store, &f.actor, &weekly).await.expect("event").event;
    let second = series.start + Duration::days(7);
    let third = series.start + Duration::days(14);

    // "This one": a new place is fine, the poster fields stay the series'.
    let mut one = weekly.clone();
    one.start = second;
    one.end = second + Duration::hours(3);
    one.place = "南门广场".into();
    let edit = EventEdit { event_id: series.id, occurrence_start: Some(second), scope: EditScope::This, input: one };
    events::edit(&f.store, &f.actor, &edit).await.expect("this one");
    let (qr, _, _) = qr_of(&f, series.id, second).await;
    assert_eq!(qr, LINK);
    // …but changing them for one occurrence alone is refused, saying what to choose.
    let mut one = edit.input.clone();
    one.audience = Some("辖区孕产妇".into());
    let edit = EventEdit { input: one, ..edit };
    let got = fields(&events::edit(&f.store, &f.actor, &edit).await.unwrap_err());
    assert!(got[0].1.contains("此次及以后"), "{got:?}");
    assert_eq!(events::get(&f.store, f.actor.station_id, series.id).await.expect("event").audience, series.audience);

    // "This and following": the new series carries the form's values.
    let mut later = weekly.clone();
    later.start = third;
    later.end = third + Duration::hours(3);
    later.bring = Some("身份证、医保卡、既往病历".into());
    let edit =
        EventEdit { event_id: series.id, occurrence_start: Some(third), scope: EditScope::Following, input: later };
    let split = events::edit(&f.store, &f.actor, &edit).await.expect("following").event;
    assert_ne!(split.id, series.id);
    assert_eq!(split.audience.as_deref(), Some("辖区60岁以上老人"));
    assert_eq!(split.bring.as_deref(), Some("身份证、医保卡、既往病历"));
    assert_eq!(split.link.as_deref(), Some(LINK));
    let printed = notices::render_event_notice(&f.store, &f.actor, split.id, split.start).await.expect("print");
    assert!(squash(&pdf_text(&printed.pdf)).contains("请您携带：身份证、医保卡、既往病历"));

    // "All": clearing the link leaves the poster without one (no station link here).
    let mut all = weekly.clone();
    all.link = None;
    let edit = EventEdit { event_id: series.id, occurrence_start: None, scope: EditScope::All, input: all };
    let kept = events::edit(&f.store, &f.actor, &edit).await.expect("all").event;
    assert_eq!((kept.link, kept.audience.as_deref()), (None, Some("辖区60岁以上老人")));
    let reopened = f.reopen().await;
    let stored = events::get(&reopened, f.actor.station_id, split.id).await.expect("event");
    assert_eq!(stored.bring.as_deref(), Some("身份证、医保卡、既往病历"), "kept after a restart");
}

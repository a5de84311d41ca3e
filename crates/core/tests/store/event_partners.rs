//! Issue 14: an event's partners come from the parties directory (a name typed anew is
//! added to it), stored by id; partners typed as free text before stay readable.

use chrono::{Duration, Utc};
use stationdesk_core::parties::{self, PartyInput, PartyKind};
use stationdesk_core::schedule::EventKind;
use stationdesk_core::schedule::events::{self, EventInput};

use crate::Fixture;

fn clinic(partner_ids: Vec<i64>, partners: &[&str]) -> EventInput {
    let start = Utc::now() + Duration::days(2);
    EventInput {
        kind: EventKind::Clinic,
        title: "社区义诊".into(),
        start,
        end: start + Duration::hours(2),
        place: "服务站".into(),
        partner_ids,
        partners: partners.iter().map(|p| (*p).to_owned()).collect(),
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
    }
}

async fn directory(f: &Fixture) -> Vec<(String, PartyKind)> {
    let all = parties::list(&f.store, f.actor.station_id).await.expect("parties");
    all.into_iter().map(|p| (p.name, p.kind)).collect()
}

#[tokio::test]
async fn event_partners_are_chosen_from_the_directory_and_new_names_join_it() {
    let f = Fixture::new().await;
    let input = PartyInput {
        id: None,
        kind: PartyKind::Hospital,
        name: "市第三医院".into(),
        contact_person: None,
        phone: None,
        note: None,
        active: true,
    };
    let hospital = parties::save(&f.store, &f.actor, &input).await.expect("party").id;

    let saved =
        events::create(&f.store, &f.actor, &clinic(vec![hospital], &["工商银行裕华支行"])).await.expect("event");
    let bank = *saved.event.partner_ids.get(1).expect("the typed partner has an id");
    assert_eq!(saved.event.partner_ids, [hospital, bank]);
    assert_eq!(saved.event.partners, ["市第三医院", "工商银行裕华支行"]);
    assert!(directory(&f).await.contains(&("工商银行裕华支行".to_owned(), PartyKind::Other)), "added as 其他");

    // Typing a name the directory has uses its entry: no second 市第三医院.
    let again = events::create(&f.store, &f.actor, &clinic(vec![], &["市第三医院"])).await.expect("event");
    assert_eq!(again.event.partner_ids, [hospital]);
    assert_eq!(directory(&f).await.iter().filter(|(n, _)| n == "市第三医院").count(), 1);
    let read = events::get(&f.store, f.actor.station_id, saved.event.id).await.expect("read back");
    assert_eq!(
        (read.partner_ids, read.partners),
        (vec![hospital, bank], vec!["市第三医院".into(), "工商银行裕华支行".into()])
    );

    // An id that is not the station's party refuses the event, and the name typed with it
    // is not added to the directory either.
    let err = events::create(&f.store, &f.actor, &clinic(vec![9999], &["红十字会"])).await.expect_err("unknown id");
    assert_eq!(err.field_errors().first().map(|e| e.field.as_str()), Some("partnerIds"));
    assert!(!directory(&f).await.iter().any(|(n, _)| n == "红十字会"), "a refused event added a party");
}

/// An event saved before partners came from the directory: its free-text partners are
/// read as they were (no ids), not taken into the directory until the event is saved again.
#[tokio::test]
async fn free_text_partners_of_older_events_stay_readable() {
    use sqlx::ConnectOptions;
    let f = Fixture::new().await;
    if f.store.is_postgres() {
        return; // The old row is made with raw SQL on the station's file.
    }
    let saved = events::create(&f.store, &f.actor, &clinic(vec![], &[])).await.expect("event").event;
    let stationdesk_core::Location::SqliteFile(path) = &f.location else { return };
    let mut raw = sqlx::sqlite::SqliteConnectOptions::new().filename(path).connect().await.expect("open the file");
    sqlx::query("UPDATE events SET partners = '[\"老街坊志愿队\"]', partner_ids = '[]' WHERE id = $1")
        .bind(saved.id)
        .execute(&mut raw)
        .await
        .expect("an old row");
    let old = events::get(&f.store, f.actor.station_id, saved.id).await.expect("read");
    assert!(old.partner_ids.is_empty());
    assert_eq!(old.partners, ["老街坊志愿队"]);
    assert!(!directory(&f).await.iter().any(|(n, _)| n == "老街坊志愿队"));
}

//! The Open311 GeoReport v2 export checked against the published field list and types,
//! read back from JSON and XML, and searched for every resident's name, phone and room.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;
use stationdesk_core::cases::{self, Address, CaseQuery, CaseStatus, NewCase};
use stationdesk_core::open311::{
    self, Open311Format, Open311Kind, PublicStatus, REQUEST_FIELDS, RequestFilter, UNCATEGORISED_CODE,
};
use stationdesk_core::workflow::{self, TransitionRequest};

use crate::{Fixture, case};

/// GeoReport v2 `GET requests`: each element we write and whether it may be empty
/// (`null`). Every value is a string; datetimes are ISO 8601 with an offset.
const SPEC_REQUEST: &[(&str, bool)] = &[
    ("service_request_id", false),
    ("status", false),
    ("status_notes", true),
    ("service_name", false),
    ("service_code", false),
    ("description", false),
    ("agency_responsible", false),
    ("requested_datetime", false),
    ("updated_datetime", false),
    ("expected_datetime", true),
    ("address", false),
];
const DATETIMES: &[&str] = &["requested_datetime", "updated_datetime", "expected_datetime"];

/// A resident with a name, phone and room, a note naming them, and demo cases around.
async fn seeded() -> (Fixture, cases::Case) {
    let f = Fixture::new().await;
    stationdesk_core::demo::load(&f.store, &f.actor, 120, 11, true).await.expect("demo");
    let c = cases::create(
        &f.store,
        &f.actor,
        NewCase {
            resident_name: Some("欧阳明珠".into()),
            phone: Some("13987654321".into()),
            address: Address {
                compound: Some("润都荣园".into()),
                building: Some("7".into()),
                entrance: Some("3".into()),
                room: Some("1402".into()),
                place: None,
            },
            received_at: Some(Utc::now() - Duration::days(3)),
            ..case("屋顶漏水", "欧阳明珠反映7栋3单元1402室屋顶漏水，电话13987654321")
        },
    )
    .await
    .expect("case");
    let to =
        TransitionRequest::to(CaseStatus::InProgress).with_note("已电话联系欧阳明珠（139 8765 4321），约定明日上门");
    workflow::transition(&f.store, &f.actor, c.id, &to).await.expect("处理中");
    (f, c)
}

async fn export(f: &Fixture, kind: Open311Kind, format: Open311Format) -> String {
    let bytes =
        open311::export(&f.store, f.actor.station_id, kind, format, &CaseQuery::default(), &RequestFilter::default())
            .await
            .expect("export");
    String::from_utf8(bytes).expect("UTF-8, as the spec requires")
}

#[tokio::test]
async fn requests_json_has_every_spec_field_with_its_type() {
    let (f, ours) = seeded().await;
    let text = export(&f, Open311Kind::Requests, Open311Format::Json).await;
    let json: Value = serde_json::from_str(&text).expect("valid JSON");
    let list = json.as_array().expect("requests.json is an array");
    assert_eq!(list.len(), 121);
    assert_eq!(REQUEST_FIELDS.len(), SPEC_REQUEST.len());
    for r in list {
        let obj = r.as_object().expect("each request is an object");
        let names: Vec<&str> = obj.keys().map(String::as_str).collect();
        let mut expected: Vec<&str> = SPEC_REQUEST.iter().map(|(n, _)| *n).collect();
        expected.sort_unstable();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, expected, "fields of {r}");
        for (name, nullable) in SPEC_REQUEST {
            match &obj[*name] {
                Value::String(s) if DATETIMES.contains(name) => {
                    let t = DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{name} {s}: {e}"));
                    assert_eq!(t.offset().local_minus_utc(), 8 * 3600, "{name} {s} is not in China time");
                }
                Value::String(s) if *name == "status" => assert!(s == "open" || s == "closed", "status {s}"),
                Value::String(_) => {}
                Value::Null if *nullable => {}
                other => panic!("{name} of {} is {other}", obj["service_request_id"]),
            }
        }
    }
    let mine = list.iter().find(|r| r["service_request_id"] == ours.number.as_str()).expect("our case");
    assert_eq!(mine["status"], "open");
    assert_eq!(mine["address"], "润都荣园7栋", "the address stops at the building");
    assert_eq!(mine["agency_responsible"], "荣傲家园社区微言服务站");
    assert_eq!(mine["service_code"], UNCATEGORISED_CODE);
    let notes = mine["status_notes"].as_str().expect("notes from the latest step");
    assert!(notes.contains("状态变更 → 处理中") && notes.contains("已电话联系居民（****）"), "{notes}");
    assert_eq!(mine["description"], "屋顶漏水：居民反映7栋3单元某室屋顶漏水，电话****");

    // Statuses: one rule, the model's; a resolved demo case is closed.
    let by_status: HashMap<&str, usize> = list.iter().fold(HashMap::new(), |mut m, r| {
        *m.entry(r["status"].as_str().unwrap_or("")).or_default() += 1;
        m
    });
    assert!(by_status.get("open").is_some_and(|n| *n > 0) && by_status.get("closed").is_some_and(|n| *n > 0));
    let closed = RequestFilter { status: Some(PublicStatus::Closed), ..RequestFilter::default() };
    let only =
        open311::requests(&f.store, f.actor.station_id, &CaseQuery::default(), &closed).await.expect("closed ones");
    assert_eq!(only.len(), by_status["closed"]);
}

/// Each `<request>` read back as its elements' names and texts.
fn read_items(xml: &str, root: &str, item: &str) -> Vec<Vec<(String, String)>> {
    let mut reader = Reader::from_str(xml);
    let mut items = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut saw_decl = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Decl(d) => {
                saw_decl = true;
                let enc = d.encoding().expect("encoding given").expect("readable");
                assert!(enc.eq_ignore_ascii_case("utf-8"));
            }
            Event::Start(e) => {
                let name = e.name().as_ref().to_owned();
                if path.len() == 1 && name == item {
                    items.push(Vec::new());
                }
                if path.len() == 2 {
                    items.last_mut().expect("inside an item").push((name.clone(), String::new()));
                }
                if path.is_empty() {
                    assert_eq!(name, root, "the root element");
                }
                path.push(name);
            }
            Event::Empty(e) => {
                assert_eq!(path.len(), 2, "an empty element inside an item");
                let name = e.name().as_ref().to_owned();
                items.last_mut().expect("inside an item").push((name, String::new()));
            }
            Event::Text(t) if path.len() == 3 => {
                let text = t.xml10_content().into_owned();
                items.last_mut().and_then(|i| i.last_mut()).expect("a field").1.push_str(&text);
            }
            Event::GeneralRef(r) if path.len() == 3 => {
                let name = r.xml10_content().into_owned();
                let ch = quick_xml::escape::resolve_predefined_entity(&name).expect("a predefined entity");
                items.last_mut().and_then(|i| i.last_mut()).expect("a field").1.push_str(ch);
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(saw_decl, "the XML declaration");
    items
}

#[tokio::test]
async fn requests_xml_reads_back_as_the_json_says() {
    let (f, _) = seeded().await;
    let json: Value =
        serde_json::from_str(&export(&f, Open311Kind::Requests, Open311Format::Json).await).expect("valid JSON");
    let xml = export(&f, Open311Kind::Requests, Open311Format::Xml).await;
    let items = read_items(&xml, "service_requests", "request");
    let list = json.as_array().expect("array");
    assert_eq!(items.len(), list.len());
    for (fields, r) in items.iter().zip(list) {
        let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, REQUEST_FIELDS, "the spec's elements in its order");
        for (name, text) in fields {
            assert_eq!(text.as_str(), r[name].as_str().unwrap_or(""), "{name} of {}", r["service_request_id"]);
        }
    }
}

#[tokio::test]
async fn the_service_list_names_every_category_with_the_spec_types() {
    let (f, _) = seeded().await;
    let json: Value =
        serde_json::from_str(&export(&f, Open311Kind::Services, Open311Format::Json).await).expect("valid JSON");
    let list = json.as_array().expect("services.json is an array");
    let categories = stationdesk_core::station::categories(&f.store, f.actor.station_id).await.expect("categories");
    assert_eq!(list.len(), categories.len() + 1, "every category and 未分类");
    for s in list {
        for name in ["service_code", "service_name", "description", "keywords", "group"] {
            assert!(s[name].is_string(), "{name} of {s}");
        }
        assert_eq!(s["metadata"], Value::Bool(false));
        assert_eq!(s["type"], "realtime");
    }
    assert!(list.iter().any(|s| s["service_name"] == "电梯"));
    let xml = export(&f, Open311Kind::Services, Open311Format::Xml).await;
    let items = read_items(&xml, "services", "service");
    assert_eq!(items.len(), list.len());
    let names: Vec<&str> = items[0].iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]);
    assert_eq!(items[0][3].1, "false");
}

#[tokio::test]
async fn no_resident_name_phone_or_room_leaves_the_station() {
    let (f, _) = seeded().await;
    let all = cases::list(&f.store, f.actor.station_id, &CaseQuery { page_size: 200, ..CaseQuery::default() })
        .await
        .expect("list");
    let mut secrets: Vec<String> = Vec::new();
    for row in &all.items {
        let c = cases::detail(&f.store, f.actor.station_id, row.id).await.expect("detail").case;
        secrets.extend(c.resident_name.clone());
        secrets.extend(c.phone.clone());
        if let Some(room) = &c.address.room {
            secrets.push(c.address.display());
            secrets.push(format!("{room}室"));
        }
    }
    assert!(secrets.len() > 150, "the seeded cases have names, phones and rooms: {}", secrets.len());
    for format in [Open311Format::Json, Open311Format::Xml] {
        let text = export(&f, Open311Kind::Requests, format).await;
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{s} is in the {format:?} export");
        }
    }
}

#[tokio::test]
async fn dates_filter_by_the_china_day_received() {
    let (f, ours) = seeded().await;
    let day = (ours.received_at + Duration::hours(8)).date_naive();
    let filter = RequestFilter { from: Some(day), to: Some(day), status: None };
    let list = open311::requests(&f.store, f.actor.station_id, &CaseQuery::default(), &filter).await.expect("day");
    assert!(list.iter().any(|r| r.fields[0].1.as_deref() == Some(ours.number.as_str())));
    let backwards = RequestFilter { from: Some(day), to: day.pred_opt(), status: None };
    let err = open311::requests(&f.store, f.actor.station_id, &CaseQuery::default(), &backwards).await;
    assert!(err.is_err_and(|e| e.to_string().contains("晚于结束日期")));
}

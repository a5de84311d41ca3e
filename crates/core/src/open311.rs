//! Open311 GeoReport v2 export: the station's requests (`requests.json|xml`) and its list
//! of services — the case categories — (`services.json|xml`), in the published element
//! names and order, for a district's open-data portal or another 311 system.
//!
//! What is public is the model's rule (`stationdesk_model::open311`): the status as
//! open/closed, datetimes with +08:00, the address down to the building, and free text
//! with the resident's name, room and every long number taken out. No resident name, phone, room
//! or attachment is written: `media_url`, `lat`/`long`, `address_id` and `zipcode` are
//! left out (there is no public URL for a photo, and no coordinates), as the spec allows.

use chrono::NaiveDate;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
pub use stationdesk_model::open311::PublicStatus;
use stationdesk_model::open311::{datetime, hide_room, public_address, public_status, redact};

use crate::cases::{CHINA_OFFSET, Case, CaseQuery};
use crate::error::{CoreError, Result};
use crate::ledger::export::step_text;
use crate::station;
use crate::store::{LatestStep, Store};

/// JSON or XML: the spec's two formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum Open311Format {
    Json,
    Xml,
}

impl Open311Format {
    /// From a file name's extension: `.json` or `.xml`.
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "json" => Some(Self::Json),
            "xml" => Some(Self::Xml),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Xml => "xml",
        }
    }
}

/// Requests (the cases) or the service list (the categories).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum Open311Kind {
    Requests,
    Services,
}

/// Beyond the register's filters: received between these China dates (inclusive) and
/// `open` or `closed` in the spec's sense.
#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub status: Option<PublicStatus>,
}

/// `service_code` of a case without a category, and its entry in the service list.
pub const UNCATEGORISED_CODE: &str = "0";
const UNCATEGORISED_NAME: &str = "未分类";

/// One request as published: every field in the spec's order, `None` where it has no value
/// (JSON `null`, an empty XML element).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicRequest {
    pub fields: [(&'static str, Option<String>); REQUEST_FIELDS.len()],
}

/// The request fields written, in the order of GeoReport v2's `GET requests` response.
pub const REQUEST_FIELDS: [&str; 11] = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
];

impl Serialize for PublicRequest {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.fields.len()))?;
        for (name, value) in &self.fields {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// One service (a case category) as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicService {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    /// No extra attributes are asked for any service.
    pub metadata: bool,
    /// `realtime`: a request gets its id at once.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub keywords: String,
    pub group: String,
}

/// What is public of one case.
fn public_request(c: &Case, step: Option<&LatestStep>, agency: &str) -> PublicRequest {
    let names: Vec<&str> = c.resident_name.as_deref().into_iter().collect();
    let room = c.address.room.as_deref();
    let public = |t: &str| hide_room(&redact(t, &names), room);
    let description = match c.description.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(d) => format!("{}：{}", c.title, d),
        None => c.title.clone(),
    };
    let notes = step_text(step);
    let agency = match (c.status, c.referred_to.as_deref()) {
        (crate::cases::CaseStatus::Referred, Some(to)) if !to.trim().is_empty() => to.to_owned(),
        _ => agency.to_owned(),
    };
    let a = &c.address;
    PublicRequest {
        fields: [
            ("service_request_id", Some(c.number.clone())),
            ("status", Some(public_status(c.status).code().to_owned())),
            ("status_notes", (!notes.is_empty()).then(|| public(&notes))),
            ("service_name", Some(c.category_name.clone().unwrap_or_else(|| UNCATEGORISED_NAME.to_owned()))),
            ("service_code", Some(c.category_id.map_or_else(|| UNCATEGORISED_CODE.to_owned(), |id| id.to_string()))),
            ("description", Some(public(&description))),
            ("agency_responsible", Some(public(&agency))),
            ("requested_datetime", Some(datetime(c.received_at))),
            ("updated_datetime", Some(datetime(c.updated_at))),
            ("expected_datetime", c.resolve_due_at.map(datetime)),
            (
                "address",
                Some(public(&public_address(a.compound.as_deref(), a.building.as_deref(), a.place.as_deref()))),
            ),
        ],
    }
}

/// The requests for the register's filters and search and `filter`, newest first.
pub async fn requests(
    store: &Store,
    station_id: i64,
    query: &CaseQuery,
    filter: &RequestFilter,
) -> Result<Vec<PublicRequest>> {
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from > to
    {
        return Err(CoreError::invalid("from", format!("开始日期 {from} 晚于结束日期 {to}：请调换后再导出")));
    }
    let query = match &query.text {
        Some(t) => CaseQuery { text: crate::search::check_query(t)?, ..query.clone() },
        None => query.clone(),
    };
    let agency = store
        .stations()
        .await?
        .into_iter()
        .find(|s| s.id == station_id)
        .map(|s| s.name)
        .ok_or_else(station::not_initialized)?;
    let cases = store.export_cases(station_id, &query).await?;
    let steps = store.latest_steps(station_id).await?;
    Ok(cases
        .iter()
        .filter(|c| {
            let day = c.received_at.with_timezone(&CHINA_OFFSET).date_naive();
            filter.from.is_none_or(|f| day >= f)
                && filter.to.is_none_or(|t| day <= t)
                && filter.status.is_none_or(|s| public_status(c.status) == s)
        })
        .map(|c| public_request(c, steps.get(&c.id), &agency))
        .collect())
}

/// The service list: every category (those no longer offered too, since old requests
/// name them) and 未分类.
pub async fn services(store: &Store, station_id: i64) -> Result<Vec<PublicService>> {
    let group = "社区诉求".to_owned();
    let mut out: Vec<PublicService> = station::categories(store, station_id)
        .await?
        .into_iter()
        .map(|c| PublicService {
            service_code: c.id.to_string(),
            description: format!("居民反映的{}方面问题", c.name),
            keywords: c.name.clone(),
            service_name: c.name,
            metadata: false,
            kind: "realtime",
            group: group.clone(),
        })
        .collect();
    out.push(PublicService {
        service_code: UNCATEGORISED_CODE.to_owned(),
        service_name: UNCATEGORISED_NAME.to_owned(),
        description: "尚未归类的居民诉求".to_owned(),
        metadata: false,
        kind: "realtime",
        keywords: UNCATEGORISED_NAME.to_owned(),
        group,
    });
    Ok(out)
}

fn io(e: std::io::Error) -> CoreError {
    CoreError::Conflict(format!("生成 Open311 文件时出错（{e}）：请重试，仍不行时请联系技术支持"))
}

fn json(e: serde_json::Error) -> CoreError {
    CoreError::Conflict(format!("生成 Open311 文件时出错（{e}）：请重试，仍不行时请联系技术支持"))
}

/// `<root><item><field>value</field>…</item>…</root>` with the XML declaration.
fn xml<'a, I, F>(root: &str, item: &str, items: I) -> Result<Vec<u8>>
where
    I: IntoIterator<Item = F>,
    F: IntoIterator<Item = (&'a str, Option<String>)>,
{
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None))).map_err(io)?;
    w.create_element(root)
        .write_inner_content(|w| {
            for fields in items {
                w.create_element(item).write_inner_content(|w| {
                    for (name, value) in fields {
                        match value {
                            Some(v) => w.create_element(name).write_text_content(BytesText::new(&v))?,
                            None => w.create_element(name).write_empty()?,
                        };
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })
        .map_err(io)?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

/// `requests.json` (an array of objects) or `requests.xml` (`<service_requests><request>`).
pub fn write_requests(requests: &[PublicRequest], format: Open311Format) -> Result<Vec<u8>> {
    match format {
        Open311Format::Json => serde_json::to_vec_pretty(requests).map_err(json),
        Open311Format::Xml => xml("service_requests", "request", requests.iter().map(|r| r.fields.clone())),
    }
}

/// `services.json` or `services.xml` (`<services><service>`).
pub fn write_services(services: &[PublicService], format: Open311Format) -> Result<Vec<u8>> {
    match format {
        Open311Format::Json => serde_json::to_vec_pretty(services).map_err(json),
        Open311Format::Xml => xml(
            "services",
            "service",
            services.iter().map(|s| {
                [
                    ("service_code", Some(s.service_code.clone())),
                    ("service_name", Some(s.service_name.clone())),
                    ("description", Some(s.description.clone())),
                    ("metadata", Some(s.metadata.to_string())),
                    ("type", Some(s.kind.to_owned())),
                    ("keywords", Some(s.keywords.clone())),
                    ("group", Some(s.group.clone())),
                ]
            }),
        ),
    }
}

/// The file's bytes: the requests for the register's filters, or the service list.
pub async fn export(
    store: &Store,
    station_id: i64,
    kind: Open311Kind,
    format: Open311Format,
    query: &CaseQuery,
    filter: &RequestFilter,
) -> Result<Vec<u8>> {
    match kind {
        Open311Kind::Requests => write_requests(&requests(store, station_id, query, filter).await?, format),
        Open311Kind::Services => write_services(&services(store, station_id).await?, format),
    }
}

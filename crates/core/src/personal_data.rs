//! A resident's request about their own data (PIPL): everything the station holds under
//! one phone number (cases, event sign-ups, errands), exported in full for the resident,
//! or anonymised as the retention run would. 站长 only; each step is audited with a
//! reference to the phone (a hash, `retention::phone_reference`), never the number.
//!
//! Anonymising refuses while any of the resident's cases is still open (受理/核查/处理中/
//! 挂起), listing them: the station still needs to call them back about it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use stationdesk_model::phone::{mask_phone, normalize_phone};
use stationdesk_model::retention::{self as rules, MAX_PER_RUN};
use stationdesk_model::roles::Action;

use crate::cases::{self, CaseDetail};
use crate::error::{CoreError, Result};
use crate::retention::{RetentionCounts, count_changes, delete_files};
use crate::store::{Actor, Due, FieldChange, Store};

/// A sign-up found under the phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ResidentSignup {
    pub id: i64,
    pub event_title: String,
    pub occurrence_start: DateTime<Utc>,
    pub name: String,
    pub phone: Option<String>,
    pub note: Option<String>,
    /// `confirmed`, `waitlisted`, `cancelled`.
    pub status: String,
    pub signed_up_at: DateTime<Utc>,
    pub checked_in_at: Option<DateTime<Utc>>,
    /// A health event's consent; none: recorded before consent was asked.
    pub consent: Option<bool>,
}

/// An errand found under the phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ResidentErrand {
    pub id: i64,
    pub type_name: String,
    pub at: DateTime<Utc>,
    pub resident_name: Option<String>,
    pub phone: Option<String>,
    pub place: Option<String>,
    pub note: Option<String>,
    /// `done`, `needs_materials`, `referred`.
    pub outcome: String,
}

/// A case found under the phone, as a line of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ResidentCase {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub status_label: String,
    pub received_at: DateTime<Utc>,
    /// Still being worked on: anonymising waits for it.
    pub open: bool,
}

/// Everything under one phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ResidentRecords {
    /// `138****1234`.
    pub phone_masked: String,
    pub cases: Vec<ResidentCase>,
    pub signups: Vec<ResidentSignup>,
    pub errands: Vec<ResidentErrand>,
}

/// The resident's own data in full, as exported for them.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResidentExport {
    pub station: String,
    pub exported_at: DateTime<Utc>,
    pub phone: String,
    pub cases: Vec<CaseDetail>,
    pub signups: Vec<ResidentSignup>,
    pub errands: Vec<ResidentErrand>,
}

fn phone_of(raw: &str) -> Result<String> {
    normalize_phone(raw).ok_or_else(|| {
        CoreError::invalid("phone", "电话号码格式不对：请填写 11 位手机号或带区号的固定电话（如 0311-86012345）")
    })
}

async fn audit(store: &Store, actor: &Actor, action: &str, phone: &str, extra: Vec<FieldChange>) -> Result<()> {
    let mut changes: Vec<FieldChange> =
        FieldChange::set("phoneRef", Some(&rules::phone_reference(phone))).into_iter().collect();
    changes.extend(extra);
    let mut w = store.begin_write(actor).await?;
    w.audit("station", actor.station_id, action, &changes).await?;
    w.commit().await
}

async fn records(store: &Store, station_id: i64, phone: &str) -> Result<ResidentRecords> {
    let cases = store
        .cases_by_phone(station_id, phone)
        .await?
        .into_iter()
        .map(|c| ResidentCase {
            id: c.id,
            number: c.number,
            title: c.title,
            status_label: c.status.label().to_owned(),
            received_at: c.received_at,
            open: !rules::is_finished(c.status),
        })
        .collect();
    Ok(ResidentRecords {
        phone_masked: mask_phone(phone),
        cases,
        signups: store.signups_by_phone(station_id, phone).await?,
        errands: store.errands_by_phone(station_id, phone).await?,
    })
}

/// Everything under the phone, listed (audited as a look-up).
pub async fn find(store: &Store, actor: &Actor, phone: &str) -> Result<ResidentRecords> {
    actor.require(Action::PersonalData)?;
    let phone = phone_of(phone)?;
    let found = records(store, actor.station_id, &phone).await?;
    let n = found.cases.len() + found.signups.len() + found.errands.len();
    audit(
        store,
        actor,
        "personal_data_find",
        &phone,
        FieldChange::set("records", Some(&n.to_string())).into_iter().collect(),
    )
    .await?;
    Ok(found)
}

/// The resident's data in full: each case with its timeline, surveys, call-backs and
/// attachments' names, the sign-ups and errands (audited as an export).
pub async fn export(store: &Store, actor: &Actor, phone: &str) -> Result<ResidentExport> {
    actor.require(Action::PersonalData)?;
    let phone = phone_of(phone)?;
    let found = records(store, actor.station_id, &phone).await?;
    let mut details = Vec::with_capacity(found.cases.len());
    for c in &found.cases {
        details.push(cases::detail(store, actor.station_id, c.id).await?);
    }
    let station = crate::station::current(store).await?.name;
    let n = details.len() + found.signups.len() + found.errands.len();
    audit(
        store,
        actor,
        "personal_data_export",
        &phone,
        FieldChange::set("records", Some(&n.to_string())).into_iter().collect(),
    )
    .await?;
    Ok(ResidentExport {
        station,
        exported_at: store.now(),
        phone,
        cases: details,
        signups: found.signups,
        errands: found.errands,
    })
}

/// The export as JSON, written owner-only (0600) before a byte of it.
pub async fn export_to_file(store: &Store, actor: &Actor, phone: &str, path: &std::path::Path) -> Result<usize> {
    let data = export(store, actor, phone).await?;
    let json = serde_json::to_vec_pretty(&data).map_err(|e| CoreError::Conflict(format!("导出内容未能生成：{e}")))?;
    crate::private_files::write(path, &json)
        .map_err(|e| CoreError::Conflict(format!("无法写入 {}：{}", path.display(), crate::error::io_reason(&e))))?;
    Ok(data.cases.len() + data.signups.len() + data.errands.len())
}

/// Anonymises the resident's records, whatever their age; refused while a case of theirs
/// is open. One transaction, audited with counts and the phone's reference.
pub async fn anonymise(store: &Store, actor: &Actor, phone: &str) -> Result<RetentionCounts> {
    actor.require(Action::PersonalData)?;
    let phone = phone_of(phone)?;
    let found = records(store, actor.station_id, &phone).await?;
    let open: Vec<String> = found.cases.iter().filter(|c| c.open).map(|c| c.number.clone()).collect();
    if !open.is_empty() {
        return Err(CoreError::Conflict(rules::open_cases_refusal(&open)));
    }
    let limit = i64::try_from(MAX_PER_RUN).unwrap_or(i64::MAX);
    let mut w = store.begin_write(actor).await?;
    let done = w.anonymise(&Due::Phone(&phone), limit).await?;
    let counts = RetentionCounts {
        cases: done.cases,
        attachments: done.attachments,
        files_deleted: i64::try_from(done.unshared.len()).unwrap_or(i64::MAX),
        signups: done.signups,
        walkins: 0,
        errands: done.errands,
        more_left: [done.cases, done.signups, done.errands].iter().any(|v| *v >= limit),
        summary: String::new(),
    }
    .summarised();
    let mut changes: Vec<FieldChange> =
        FieldChange::set("phoneRef", Some(&rules::phone_reference(&phone))).into_iter().collect();
    changes.extend(count_changes(&counts));
    w.audit("station", actor.station_id, "personal_data_anonymise", &changes).await?;
    w.commit().await?;
    delete_files(store, &done.unshared);
    Ok(counts)
}

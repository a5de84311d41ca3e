//! The errand log (办事登记): what a resident came for (a configurable list), for whom,
//! when, by which staff member, where (the office or an event), and how it ended. Every
//! errand is one person-time served. The form must take seconds: only the type is
//! required; time, staff member, place and outcome have defaults.

use chrono::{DateTime, Duration, NaiveDate, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use stationdesk_model::roles::Action;

use super::{ErrandOutcome, check_dates, china_midnight, optional, required};
use crate::cases::optional_phone;
use crate::error::{CoreError, FieldError, Result};
use crate::store::{Actor, Store};

/// Seeded at first use; the station edits the list afterwards.
pub const DEFAULT_TYPES: &[&str] = &["社保认证", "医保缴费", "证明开具", "老年卡", "就业登记", "其他"];
const MAX_TYPE_CHARS: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ErrandType {
    pub id: i64,
    pub name: String,
    pub sort_order: i64,
    pub active: bool,
}

/// What the errand form (or `errand add`) submits.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct ErrandInput {
    pub type_id: i64,
    pub resident_name: Option<String>,
    pub phone: Option<String>,
    /// Defaults to now.
    pub at: Option<DateTime<Utc>>,
    /// Defaults to the staff member on duty.
    pub staff_id: Option<i64>,
    /// None: the station office (or the event's place when an event is given).
    pub place: Option<String>,
    /// Logged at an event occurrence (流动办公).
    pub event_id: Option<i64>,
    pub occurrence_start: Option<DateTime<Utc>>,
    /// Defaults to 办结.
    pub outcome: Option<ErrandOutcome>,
    pub note: Option<String>,
}

/// A logged errand, with the phone masked as in every list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Errand {
    pub id: i64,
    pub type_id: i64,
    pub type_name: String,
    pub resident_name: Option<String>,
    pub phone_masked: Option<String>,
    pub at: DateTime<Utc>,
    pub staff_id: Option<i64>,
    pub staff_name: String,
    /// None: the station office.
    pub place: Option<String>,
    pub event_id: Option<i64>,
    pub event_title: Option<String>,
    pub occurrence_start: Option<DateTime<Utc>>,
    pub outcome: ErrandOutcome,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// The errand log's filters; dates are China dates, both ends included.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct ErrandQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub type_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub outcome: Option<ErrandOutcome>,
    /// Newest first, at most this many (default 50, at most 500).
    pub limit: Option<u32>,
}

#[derive(Debug, Clone)]
pub(crate) struct ValidErrand {
    pub type_id: i64,
    pub resident_name: Option<String>,
    pub phone: Option<String>,
    pub at: DateTime<Utc>,
    pub staff_id: Option<i64>,
    pub place: Option<String>,
    pub event_id: Option<i64>,
    pub occurrence_start: Option<DateTime<Utc>>,
    pub outcome: ErrandOutcome,
    pub note: Option<String>,
}

pub(crate) fn validate(input: &ErrandInput, actor: &Actor, now: DateTime<Utc>) -> Result<ValidErrand> {
    let mut errors = Vec::new();
    if input.type_id <= 0 {
        errors.push(FieldError::new("typeId", "请选择办理事项"));
    }
    let resident_name = optional(&input.resident_name, "residentName", "居民姓名", 30, &mut errors);
    let phone = optional_phone(input.phone.as_deref(), "phone", "电话号码", &mut errors);
    let at = input.at.unwrap_or(now).trunc_subsecs(0);
    if at > now + Duration::minutes(5) {
        errors.push(FieldError::new("at", "办理时间不能晚于现在"));
    } else if let Err(e) = stationdesk_model::input::instant_in_range("at", "办理时间", at) {
        errors.push(e);
    }
    let place = optional(&input.place, "place", "办理地点", 50, &mut errors);
    let note = optional(&input.note, "note", "备注", 500, &mut errors);
    if let Some(Err(e)) =
        input.occurrence_start.map(|t| stationdesk_model::input::instant_in_range("occurrenceStart", "活动时间", t))
    {
        errors.push(e);
    }
    if input.occurrence_start.is_some() && input.event_id.is_none() {
        errors.push(FieldError::new("eventId", "请选择在哪个活动上办理"));
    }
    if errors.is_empty() {
        Ok(ValidErrand {
            type_id: input.type_id,
            resident_name,
            phone,
            at,
            staff_id: input.staff_id.or(actor.staff_id),
            place,
            event_id: input.event_id,
            occurrence_start: input.occurrence_start.map(|t| t.trunc_subsecs(0)),
            outcome: input.outcome.unwrap_or(ErrandOutcome::Done),
            note,
        })
    } else {
        Err(CoreError::Invalid(errors))
    }
}

// ---- services ----

/// The station's errand types, seeded with [`DEFAULT_TYPES`] the first time.
pub async fn types(store: &Store, actor: &Actor) -> Result<Vec<ErrandType>> {
    actor.require(Action::Errands)?;
    let types = store.errand_types(actor.station_id).await?;
    if !types.is_empty() {
        return Ok(types);
    }
    let mut w = store.begin_write(actor).await?;
    w.seed_errand_types(DEFAULT_TYPES).await?;
    w.commit().await?;
    store.errand_types(actor.station_id).await
}

pub async fn add_type(store: &Store, actor: &Actor, name: &str) -> Result<ErrandType> {
    actor.require(Action::Settings)?;
    let mut errors = Vec::new();
    let name = required(name, "name", "事项名称", "", MAX_TYPE_CHARS, &mut errors);
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let existing = types(store, actor).await?;
    if existing.iter().any(|t| t.name == name) {
        return Err(CoreError::invalid("name", format!("已有事项“{name}”")));
    }
    // Checked again inside the write transaction: another worker may have added it.
    let mut w = store.begin_write(actor).await?;
    let (taken, last) = w.errand_type_slot(&name).await?;
    if taken {
        return Err(CoreError::invalid("name", format!("已有事项“{name}”")));
    }
    let sort_order = last + 1;
    let id = w.insert_errand_type(&name, sort_order).await?;
    w.commit().await?;
    Ok(ErrandType { id, name, sort_order, active: true })
}

/// Renames a type or takes it out of (or back into) the form's list.
pub async fn update_type(store: &Store, actor: &Actor, id: i64, name: &str, active: bool) -> Result<ErrandType> {
    actor.require(Action::Settings)?;
    let mut errors = Vec::new();
    let name = required(name, "name", "事项名称", "", MAX_TYPE_CHARS, &mut errors);
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let all = types(store, actor).await?;
    let Some(before) = all.iter().find(|t| t.id == id) else {
        return Err(CoreError::NotFound("找不到该办理事项，请刷新".to_owned()));
    };
    if all.iter().any(|t| t.id != id && t.name == name) {
        return Err(CoreError::invalid("name", format!("已有事项“{name}”")));
    }
    let mut w = store.begin_write(actor).await?;
    w.update_errand_type(before, &name, active).await?;
    w.commit().await?;
    Ok(ErrandType { id, name, sort_order: before.sort_order, active })
}

/// Logs an errand.
pub async fn create(store: &Store, actor: &Actor, input: &ErrandInput) -> Result<Errand> {
    actor.require(Action::Errands)?;
    let mut valid = validate(input, actor, store.now())?;
    if let Some(event_id) = valid.event_id {
        let event = super::events::get(store, actor.station_id, event_id).await?;
        if valid.place.is_none() {
            valid.place = Some(event.place);
        }
    }
    // Seed the list on a fresh station, so the type ids the form shows exist.
    types(store, actor).await?;
    let mut w = store.begin_write(actor).await?;
    let id = w.insert_errand(&valid).await?;
    w.commit().await?;
    get(store, actor.station_id, id).await
}

pub async fn get(store: &Store, station_id: i64, id: i64) -> Result<Errand> {
    store
        .errand_by_id(station_id, id)
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("找不到编号为 {id} 的办事记录")))
}

/// The log, newest first.
pub async fn list(store: &Store, station_id: i64, q: &ErrandQuery) -> Result<Vec<Errand>> {
    check_dates(q.from, q.to)?;
    let from = q.from.map(china_midnight);
    let to = q.to.map(|d| china_midnight(d + Duration::days(1)));
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    store.errands(station_id, from, to, q, limit).await
}

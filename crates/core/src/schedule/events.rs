//! Events (活动): a 义诊, a 政务服务进小区 morning, a salon — one-off or recurring, at the
//! office or anywhere in the community, with partners, staff and volunteers on duty,
//! sign-ups with capacity and a waitlist, attendance, and person-times served.
//!
//! Editing a recurring event applies to one occurrence ("this one": an override row), to
//! this and the following ones (the series is split: the old one ends before this
//! occurrence, a new series continues, and sign-ups move with their occurrences), or to all.

use chrono::{DateTime, Duration, NaiveDate, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use stationdesk_model::roles::Action;

use stationdesk_model::poster;
use stationdesk_model::signups::closed_for_signups;

use super::calendar::{self, CalendarItem};
use super::recurrence::{self, Recurrence};
use super::{Conflict, EditScope, EventKind, OccurrenceKey, SignupStatus, StaffRef, clean, names, optional, required};
use crate::cases::{mask_phone, optional_phone};
use crate::error::{CoreError, FieldError, Result};
use crate::store::{Actor, Store};

pub const MAX_TITLE_CHARS: usize = 60;
pub const MAX_PLACE_CHARS: usize = 50;
pub const MAX_DESCRIPTION_CHARS: usize = 2000;
pub const MAX_CAPACITY: u32 = 10_000;
/// An occurrence lasts at most a day; a several-day event is a daily series.
pub const MAX_DURATION_HOURS: i64 = 24;

/// What the event form (or `event add`) submits; for an edit, the whole form again.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct EventInput {
    pub kind: EventKind,
    pub title: String,
    /// The first occurrence's start (for "this one"/"this and following": that occurrence's).
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// 服务站 or anywhere: 南门广场, 3号楼前, 社区活动室.
    pub place: String,
    /// Partner organisations chosen from the parties directory, by id.
    #[serde(default)]
    pub partner_ids: Vec<i64>,
    /// Partner organisations typed by name (市第三医院, 工商银行裕华支行): each is added to the
    /// parties directory (as 其他) when the event is saved, or its entry of that name used.
    #[serde(default)]
    pub partners: Vec<String>,
    /// Staff on duty, by id.
    #[serde(default)]
    pub staff_ids: Vec<i64>,
    /// Volunteers on duty, by name.
    #[serde(default)]
    pub volunteers: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// RFC 5545 RRULE, e.g. `FREQ=WEEKLY;BYDAY=TH`, `FREQ=MONTHLY;BYDAY=2SA`; none for once.
    #[serde(default)]
    pub rrule: Option<String>,
    /// China dates the series skips (holidays).
    #[serde(default)]
    pub exdates: Vec<NaiveDate>,
    /// Sign-ups beyond this wait; none for no limit.
    #[serde(default)]
    pub capacity: Option<u32>,
    /// 面向对象 on the poster: `辖区60岁以上老人`; none prints 本社区居民.
    #[serde(default)]
    pub audience: Option<String>,
    /// 请携带 on the poster: `身份证、医保卡`.
    #[serde(default)]
    pub bring: Option<String>,
    /// 报名/咨询链接 in the poster's QR code: an http(s) address or a WeChat ID; none
    /// prints the station's default link.
    #[serde(default)]
    pub link: Option<String>,
}

/// An event series (or a one-off event) as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub id: i64,
    pub kind: EventKind,
    pub title: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub place: String,
    /// The partners from the parties directory, by id; `partners[i]` is the name of
    /// `partner_ids[i]`.
    pub partner_ids: Vec<i64>,
    /// The partners' names as printed; names past `partner_ids` are free text typed before
    /// partners came from the directory.
    pub partners: Vec<String>,
    pub staff: Vec<StaffRef>,
    pub volunteers: Vec<String>,
    pub description: Option<String>,
    pub rrule: Option<String>,
    pub exdates: Vec<NaiveDate>,
    pub capacity: Option<u32>,
    /// 面向对象, 请携带 and the 报名/咨询链接 of the poster (the series', not overridden by a
    /// "this one" edit).
    pub audience: Option<String>,
    pub bring: Option<String>,
    pub link: Option<String>,
    /// End of the last occurrence; none while the series has no end.
    pub series_end: Option<DateTime<Utc>>,
    /// The series this one continues after a "this and following" edit.
    pub split_from: Option<i64>,
    pub cancelled: bool,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
}

/// What a create or an edit returns: the event, warnings about double bookings, and how
/// many sign-ups moved with their occurrences (or could not: their occurrence is gone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct EventSaved {
    pub event: Event,
    pub conflicts: Vec<Conflict>,
    pub moved_signups: u32,
    /// Active sign-ups whose occurrence no longer exists after the edit: call them.
    pub orphaned_signups: u32,
}

/// An edit of an event: which occurrence, how far it reaches, and the whole form.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct EventEdit {
    pub event_id: i64,
    /// The occurrence's original start; needed for "this one" and "this and following".
    #[serde(default)]
    pub occurrence_start: Option<DateTime<Utc>>,
    pub scope: EditScope,
    pub input: EventInput,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SignupInput {
    pub event_id: i64,
    pub occurrence_start: DateTime<Utc>,
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// The resident agreed to the station recording their data for a health event (义诊):
    /// required there, recorded with its time; other events do not ask (stored as NULL).
    #[serde(default)]
    pub consent: bool,
}

/// A sign-up, with the phone masked as in every list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Signup {
    pub id: i64,
    pub event_id: i64,
    pub occurrence_start: DateTime<Utc>,
    pub name: String,
    pub phone_masked: Option<String>,
    pub note: Option<String>,
    pub status: SignupStatus,
    /// 1-based place on the waitlist while waiting.
    pub waitlist_position: Option<u32>,
    pub signed_up_at: DateTime<Utc>,
    pub promoted_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub checked_in_at: Option<DateTime<Utc>>,
}

/// A cancelled sign-up and the waiting person who moved up into the seat, with their
/// full phone number so the desk can call them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SignupCancelled {
    pub cancelled: Signup,
    pub promoted: Option<Signup>,
    pub promoted_phone: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct WalkInInput {
    pub event_id: i64,
    pub occurrence_start: DateTime<Utc>,
    #[serde(default)]
    pub name: Option<String>,
    /// A group that came together; defaults to 1.
    #[serde(default)]
    pub people: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct WalkIn {
    pub id: i64,
    pub name: Option<String>,
    pub people: u32,
    pub at: DateTime<Utc>,
}

/// A volunteer's time at an occurrence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct VolunteerTime {
    pub volunteer: String,
    pub hours: f64,
}

/// After an occurrence: person-times served (受益人次) and volunteers' hours.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ServedInput {
    pub event_id: i64,
    pub occurrence_start: DateTime<Utc>,
    /// Defaults to attendance: checked-in sign-ups plus walk-ins.
    #[serde(default)]
    pub served: Option<u32>,
    /// Defaults to every volunteer on duty for the whole occurrence.
    #[serde(default)]
    pub volunteer_hours: Option<Vec<VolunteerTime>>,
    #[serde(default)]
    pub note: Option<String>,
}

/// One occurrence with everything the sign-up sheet and attendance page need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct OccurrenceDetail {
    pub item: CalendarItem,
    pub event: Event,
    /// Confirmed and waiting in sign-up order, then cancelled ones.
    pub signups: Vec<Signup>,
    pub walk_ins: Vec<WalkIn>,
    pub volunteer_hours: Vec<VolunteerTime>,
}

/// An `EventInput` that passed validation.
#[derive(Debug, Clone)]
pub(crate) struct ValidEvent {
    pub kind: EventKind,
    pub title: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub place: String,
    pub partner_ids: Vec<i64>,
    pub partners: Vec<String>,
    pub staff_ids: Vec<i64>,
    pub volunteers: Vec<String>,
    pub description: Option<String>,
    pub rrule: Option<String>,
    pub exdates: Vec<NaiveDate>,
    pub capacity: Option<u32>,
    pub audience: Option<String>,
    pub bring: Option<String>,
    pub link: Option<String>,
    pub series_end: Option<DateTime<Utc>>,
}

impl ValidEvent {
    pub fn duration(&self) -> Duration {
        self.end - self.start
    }

    pub fn recurrence(&self) -> Result<Recurrence> {
        Recurrence::new(self.start, self.rrule.as_deref(), &self.exdates).map_err(|m| CoreError::invalid("rrule", m))
    }
}

/// Checks every field and reports all problems at once. Staff ids are checked by the
/// store inside the transaction.
pub(crate) fn validate(input: &EventInput) -> Result<ValidEvent> {
    let mut errors = Vec::new();
    let title = required(&input.title, "title", "活动名称", "（如：社区义诊）", MAX_TITLE_CHARS, &mut errors);
    let place = required(&input.place, "place", "活动地点", "（如：服务站、南门广场）", MAX_PLACE_CHARS, &mut errors);
    let start = input.start.trunc_subsecs(0);
    let end = input.end.trunc_subsecs(0);
    let times_in_range = super::check_times(start, end, &mut errors);
    if !times_in_range {
        // Out of range: no arithmetic on them, no rule expanded from them.
    } else if end <= start {
        errors.push(FieldError::new("end", "结束时间须晚于开始时间"));
    } else if end - start > Duration::hours(MAX_DURATION_HOURS) {
        errors.push(FieldError::new("end", "一次活动不能超过 24 小时；连续多天的活动请设为每天重复"));
    }
    let partners = names(&input.partners, "partners", "合作单位", 50, &mut errors);
    let volunteers = names(&input.volunteers, "volunteers", "志愿者姓名", 30, &mut errors);
    let mut seen = std::collections::HashSet::new();
    let partner_ids: Vec<i64> = input.partner_ids.iter().copied().filter(|id| seen.insert(*id)).collect();
    if partners.len() + partner_ids.len() > 20 {
        errors.push(FieldError::new("partners", "合作单位最多 20 个"));
    }
    if volunteers.len() > 100 {
        errors.push(FieldError::new("volunteers", "志愿者最多 100 人；人数更多时请在说明中写明"));
    }
    let mut staff_ids = input.staff_ids.clone();
    staff_ids.sort_unstable();
    staff_ids.dedup();
    let description = optional(&input.description, "description", "活动说明", MAX_DESCRIPTION_CHARS, &mut errors);
    let capacity = match input.capacity {
        Some(0) => {
            errors.push(FieldError::new("capacity", "名额须至少为 1；不限名额请留空"));
            None
        }
        Some(n) if n > MAX_CAPACITY => {
            errors.push(FieldError::new("capacity", format!("名额最多 {MAX_CAPACITY}")));
            None
        }
        other => other,
    };
    let audience = one_line(&input.audience, "audience", "面向对象", poster::MAX_AUDIENCE_CHARS, &mut errors);
    let bring = one_line(&input.bring, "bring", "请携带", poster::MAX_BRING_CHARS, &mut errors);
    let link = poster::link("link", "报名/咨询链接", input.link.as_deref()).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let mut exdates = input.exdates.clone();
    exdates.sort_unstable();
    exdates.dedup();
    if exdates.len() > 200 {
        errors.push(FieldError::new("exdates", "排除日期最多 200 个"));
    }
    if let Some(e) =
        exdates.iter().find_map(|d| stationdesk_model::input::date_in_range("exdates", "排除日期", *d).err())
    {
        errors.push(e);
    }
    let rrule = clean(&input.rrule).map(|r| recurrence::normalize_rule(&r)).filter(|r| !r.is_empty());
    if rrule.is_none() && !exdates.is_empty() {
        exdates.clear();
    }
    let mut series_end = Some(end);
    if let Some(rule) = rrule.as_ref().filter(|_| times_in_range) {
        match Recurrence::new(start, Some(rule), &exdates) {
            Ok(r) if let Some(message) = recurrence::refusal(&r, rule) => {
                errors.push(FieldError::new("rrule", message));
            }
            Ok(r) => {
                series_end = r.last_start(Some(rule)).map(|s| s + (end - start));
                if r.all_starts().is_empty() && series_end.is_some() {
                    errors.push(FieldError::new("rrule", "按此重复规则没有任何一次活动，请检查规则和排除日期"));
                }
            }
            Err(message) => errors.push(FieldError::new("rrule", message)),
        }
    }
    if errors.is_empty() {
        Ok(ValidEvent {
            kind: input.kind,
            title,
            start,
            end,
            place,
            partner_ids,
            partners,
            staff_ids,
            volunteers,
            description,
            rrule,
            exdates,
            capacity,
            audience,
            bring,
            link,
            series_end,
        })
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// An optional one-line text (line breaks become spaces), at most `max` characters.
fn one_line(
    value: &Option<String>,
    field: &str,
    label: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let v = value.as_deref().map(stationdesk_model::input::clean_line);
    optional(&v, field, label, max, errors)
}

pub(crate) fn not_found(id: i64) -> CoreError {
    CoreError::NotFound(format!("找不到编号为 {id} 的活动，可能已被他人修改，请刷新"))
}

fn no_occurrence(at: DateTime<Utc>) -> CoreError {
    CoreError::NotFound(format!("该活动在 {} 没有安排，请刷新日历后重试", super::china_hm(at)))
}

// ---- services ----

/// Schedules an event (one-off or recurring) and warns about double bookings.
pub async fn create(store: &Store, actor: &Actor, input: &EventInput) -> Result<EventSaved> {
    actor.require(Action::Scheduling)?;
    let valid = validate(input)?;
    let recurrence = valid.recurrence()?;
    let mut w = store.begin_write(actor).await?;
    let id = w.insert_event(&valid, None).await?;
    w.commit().await?;
    let event = get(store, actor.station_id, id).await?;
    let conflicts = calendar::conflicts_for_event(store, actor.station_id, &event, &recurrence).await?;
    Ok(EventSaved { event, conflicts, moved_signups: 0, orphaned_signups: 0 })
}

pub async fn get(store: &Store, station_id: i64, id: i64) -> Result<Event> {
    store.event_by_id(station_id, id).await?.ok_or_else(|| not_found(id))
}

/// Edits one occurrence, this and the following ones, or the whole series.
pub async fn edit(store: &Store, actor: &Actor, edit: &EventEdit) -> Result<EventSaved> {
    actor.require(Action::Scheduling)?;
    let valid = validate(&edit.input)?;
    if let Some(at) = edit.occurrence_start {
        stationdesk_model::input::instant_in_range("occurrenceStart", "活动时间", at)?;
    }
    let series = get(store, actor.station_id, edit.event_id).await?;
    if series.cancelled {
        return Err(CoreError::Conflict("该活动已取消，不能再修改".to_owned()));
    }
    let old = Recurrence::new(series.start, series.rrule.as_deref(), &series.exdates)
        .map_err(|m| CoreError::invalid("rrule", m))?;
    let scope = if old.is_recurring() { edit.scope } else { EditScope::All };
    let occurrence = match (scope, edit.occurrence_start) {
        (EditScope::All, _) => series.start,
        (_, Some(at)) => at.trunc_subsecs(0),
        (_, None) => return Err(CoreError::invalid("occurrenceStart", "请指明要修改的是哪一次活动")),
    };
    if scope != EditScope::All && !old.occurs_at(occurrence) {
        return Err(no_occurrence(occurrence));
    }
    let scope = if scope == EditScope::Following && occurrence == series.start { EditScope::All } else { scope };
    if scope == EditScope::This
        && (valid.audience != series.audience || valid.bring != series.bring || valid.link != series.link)
    {
        return Err(CoreError::invalid(
            "audience",
            "面向对象、请携带和报名/咨询链接对整个系列有效，不能只改这一次：请选择“此次及以后”或“全部”",
        ));
    }
    let delta = valid.start - occurrence;

    let mut w = store.begin_write(actor).await?;
    let (id, moved) = match scope {
        EditScope::This => {
            w.override_occurrence(&series, occurrence, &valid).await?;
            (series.id, 0)
        }
        EditScope::All => {
            w.update_event(&series, &valid).await?;
            let moved =
                if delta.is_zero() { 0 } else { w.shift_occurrences(series.id, series.id, None, delta).await? };
            w.promote_waitlists(series.id).await?;
            (series.id, moved)
        }
        EditScope::Following => {
            let mut next = valid.clone();
            let old_rule = series.rrule.clone().unwrap_or_default();
            if let Some(rule) = &next.rrule
                && recurrence::normalize_rule(rule) == recurrence::normalize_rule(&old_rule)
            {
                // COUNT counts the rule's occurrences before EXDATEs take any out (RFC 5545).
                let raw = Recurrence::new(series.start, series.rrule.as_deref(), &[])
                    .map_err(|m| CoreError::invalid("rrule", m))?;
                next.rrule = Some(recurrence::reduce_count(rule, raw.count_before(occurrence)));
                let r = next.recurrence()?;
                next.series_end = r.last_start(next.rrule.as_deref()).map(|s| s + next.duration());
            }
            let ended_rule = recurrence::end_rule_before(&old_rule, occurrence);
            let ended = Recurrence::new(series.start, Some(&ended_rule), &series.exdates)
                .map_err(|m| CoreError::invalid("rrule", m))?;
            let ended_end = ended.last_start(Some(&ended_rule)).map(|s| s + (series.end - series.start));
            w.end_series(&series, &ended_rule, ended_end).await?;
            let new_id = w.insert_event(&next, Some(series.id)).await?;
            let moved = w.shift_occurrences(series.id, new_id, Some(occurrence), delta).await?;
            w.promote_waitlists(new_id).await?;
            (new_id, moved)
        }
    };
    w.commit().await?;

    let event = get(store, actor.station_id, id).await?;
    let recurrence = Recurrence::new(event.start, event.rrule.as_deref(), &event.exdates)
        .map_err(|m| CoreError::invalid("rrule", m))?;
    let conflicts = if scope == EditScope::This {
        let item = calendar::occurrence_item(store, actor.station_id, id, occurrence).await?;
        calendar::conflicts_for_item(store, actor.station_id, &item).await?
    } else {
        calendar::conflicts_for_event(store, actor.station_id, &event, &recurrence).await?
    };
    let orphaned = orphaned_signups(store, &event, &recurrence).await?;
    Ok(EventSaved { event, conflicts, moved_signups: moved, orphaned_signups: orphaned })
}

/// Active sign-ups of a series whose occurrence the rule no longer produces.
async fn orphaned_signups(store: &Store, event: &Event, recurrence: &Recurrence) -> Result<u32> {
    let keys = store.active_signup_keys(event.id).await?;
    let n = keys.iter().filter(|k| !recurrence.occurs_at(**k)).count();
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Cancels one occurrence, this and the following ones, or the whole event. Sign-ups
/// stay, so the desk can tell the people who signed up.
pub async fn cancel(
    store: &Store,
    actor: &Actor,
    event_id: i64,
    occurrence_start: Option<DateTime<Utc>>,
    scope: EditScope,
) -> Result<Event> {
    actor.require(Action::Scheduling)?;
    if let Some(at) = occurrence_start {
        stationdesk_model::input::instant_in_range("occurrenceStart", "活动时间", at)?;
    }
    let series = get(store, actor.station_id, event_id).await?;
    if series.cancelled {
        return Ok(series);
    }
    let old = Recurrence::new(series.start, series.rrule.as_deref(), &series.exdates)
        .map_err(|m| CoreError::invalid("rrule", m))?;
    let scope = if old.is_recurring() { scope } else { EditScope::All };
    let occurrence = occurrence_start.map(|t| t.trunc_subsecs(0));
    let mut w = store.begin_write(actor).await?;
    match (scope, occurrence) {
        (EditScope::All, _) => w.cancel_event(&series).await?,
        (_, None) => return Err(CoreError::invalid("occurrenceStart", "请指明要取消的是哪一次活动")),
        (_, Some(at)) if !old.occurs_at(at) => return Err(no_occurrence(at)),
        (EditScope::Following, Some(at)) if at == series.start => w.cancel_event(&series).await?,
        (EditScope::This, Some(at)) => w.cancel_occurrence(&series, at).await?,
        (EditScope::Following, Some(at)) => {
            let rule = recurrence::end_rule_before(series.rrule.as_deref().unwrap_or_default(), at);
            let ended = Recurrence::new(series.start, Some(&rule), &series.exdates)
                .map_err(|m| CoreError::invalid("rrule", m))?;
            let end = ended.last_start(Some(&rule)).map(|s| s + (series.end - series.start));
            w.end_series(&series, &rule, end).await?;
        }
    }
    w.commit().await?;
    get(store, actor.station_id, event_id).await
}

/// Signs a resident up for one occurrence: confirmed while there are seats, else on the
/// waitlist in sign-up order.
pub async fn sign_up(store: &Store, actor: &Actor, input: &SignupInput) -> Result<Signup> {
    actor.require(Action::EventCheckIn)?;
    let mut errors = Vec::new();
    let name = required(&input.name, "name", "报名人姓名", "", 30, &mut errors);
    let phone = optional_phone(input.phone.as_deref(), "phone", "电话号码", &mut errors);
    let note = optional(&input.note, "note", "备注", 200, &mut errors);
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let key = OccurrenceKey { event_id: input.event_id, occurrence_start: input.occurrence_start.trunc_subsecs(0) };
    let item = calendar::occurrence_item(store, actor.station_id, key.event_id, key.occurrence_start).await?;
    if let Some(why) = closed_for_signups(item.cancelled, item.end, store.now()) {
        return Err(CoreError::Conflict(why.to_owned()));
    }
    let consent = if stationdesk_model::retention::needs_consent(&item.kind) {
        if !input.consent {
            return Err(CoreError::invalid("consent", stationdesk_model::retention::CONSENT_REQUIRED));
        }
        Some(true)
    } else {
        None
    };
    let mut w = store.begin_write(actor).await?;
    let id = w.insert_signup(key, &name, phone.as_deref(), note.as_deref(), item.capacity).await?;
    if let Some(consent) = consent {
        w.record_signup_consent(id, consent).await?;
    }
    w.commit().await?;
    signup(store, actor.station_id, id).await
}

pub async fn signup(store: &Store, station_id: i64, id: i64) -> Result<Signup> {
    store
        .signup_by_id(station_id, id)
        .await?
        .map(|(s, _)| s)
        .ok_or_else(|| CoreError::NotFound(format!("找不到编号为 {id} 的报名记录，请刷新")))
}

/// Cancels a sign-up; a confirmed seat goes to the first person waiting.
pub async fn cancel_signup(store: &Store, actor: &Actor, signup_id: i64) -> Result<SignupCancelled> {
    actor.require(Action::EventCheckIn)?;
    let before = signup(store, actor.station_id, signup_id).await?;
    if before.status == SignupStatus::Cancelled {
        return Err(CoreError::Conflict(format!("{} 的报名已经取消过了", before.name)));
    }
    let item = calendar::occurrence_item(store, actor.station_id, before.event_id, before.occurrence_start).await?;
    let mut w = store.begin_write(actor).await?;
    w.cancel_signup(&before).await?;
    let promoted = if before.status == SignupStatus::Confirmed {
        w.promote_waitlist(before.event_id, before.occurrence_start, item.capacity).await?
    } else {
        Vec::new()
    };
    w.commit().await?;
    let cancelled = signup(store, actor.station_id, signup_id).await?;
    let (promoted, promoted_phone) = match promoted.first() {
        Some(id) => match store.signup_by_id(actor.station_id, *id).await? {
            Some((s, phone)) => (Some(s), phone),
            None => (None, None),
        },
        None => (None, None),
    };
    Ok(SignupCancelled { cancelled, promoted, promoted_phone })
}

/// Marks a signed-up person as present (签到).
pub async fn check_in(store: &Store, actor: &Actor, signup_id: i64) -> Result<Signup> {
    actor.require(Action::EventCheckIn)?;
    let before = signup(store, actor.station_id, signup_id).await?;
    if before.status == SignupStatus::Cancelled {
        return Err(CoreError::Conflict(format!("{} 的报名已取消；现场参加请登记为“现场参加”", before.name)));
    }
    if before.checked_in_at.is_none() {
        let mut w = store.begin_write(actor).await?;
        w.check_in(&before).await?;
        w.commit().await?;
    }
    signup(store, actor.station_id, signup_id).await
}

/// Logs someone (or a group) who came without signing up.
pub async fn walk_in(store: &Store, actor: &Actor, input: &WalkInInput) -> Result<WalkIn> {
    actor.require(Action::EventCheckIn)?;
    let mut errors = Vec::new();
    let name = optional(&input.name, "name", "姓名", 30, &mut errors);
    let people = input.people.unwrap_or(1);
    if !(1..=1000).contains(&people) {
        errors.push(FieldError::new("people", "人数须在 1 到 1000 之间"));
    }
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let at = input.occurrence_start.trunc_subsecs(0);
    let item = calendar::occurrence_item(store, actor.station_id, input.event_id, at).await?;
    if item.cancelled {
        return Err(CoreError::Conflict("这次活动已取消".to_owned()));
    }
    let mut w = store.begin_write(actor).await?;
    let walk_in =
        w.insert_walk_in(OccurrenceKey { event_id: input.event_id, occurrence_start: at }, name, people).await?;
    w.commit().await?;
    Ok(walk_in)
}

/// Records person-times served and volunteers' hours for a held occurrence; defaults
/// come from attendance and the volunteers on duty.
pub async fn record_served(store: &Store, actor: &Actor, input: &ServedInput) -> Result<OccurrenceDetail> {
    actor.require(Action::EventCheckIn)?;
    let at = input.occurrence_start.trunc_subsecs(0);
    let item = calendar::occurrence_item(store, actor.station_id, input.event_id, at).await?;
    let mut errors = Vec::new();
    if item.cancelled {
        errors.push(FieldError::new("occurrenceStart", "这次活动已取消，不能登记服务人次"));
    } else if item.start > store.now() {
        errors.push(FieldError::new("occurrenceStart", "活动尚未开始，开始后再登记服务人次"));
    }
    let served = input.served.unwrap_or(item.checked_in + item.walk_ins);
    if served > 100_000 {
        errors.push(FieldError::new("served", "服务人次过大，请检查"));
    }
    let note = optional(&input.note, "note", "备注", 500, &mut errors);
    let hours = item.end - item.start;
    let times: Vec<VolunteerTime> = match &input.volunteer_hours {
        Some(list) => list.clone(),
        None => item
            .volunteers
            .iter()
            .map(|v| VolunteerTime { volunteer: v.clone(), hours: hours.num_minutes() as f64 / 60.0 })
            .collect(),
    };
    let mut minutes = Vec::new();
    for t in &times {
        let name = stationdesk_model::input::clean_line(&t.volunteer);
        let name = name.as_str();
        let m = (t.hours * 60.0).round();
        if name.is_empty() || name.chars().count() > 30 {
            errors.push(FieldError::new("volunteerHours", "志愿者姓名须为 1–30 字"));
        } else if !(1.0..=1440.0).contains(&m) {
            errors.push(FieldError::new("volunteerHours", format!("{name} 的服务时长须在 1 分钟到 24 小时之间")));
        } else {
            minutes.push((name.to_owned(), m as i64));
        }
    }
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let key = OccurrenceKey { event_id: input.event_id, occurrence_start: at };
    let mut w = store.begin_write(actor).await?;
    w.record_served(key, super::china_date(item.start), served, note.as_deref(), &minutes).await?;
    w.commit().await?;
    occurrence(store, actor.station_id, input.event_id, at).await
}

/// One occurrence with its sign-ups, walk-ins and volunteers' hours.
pub async fn occurrence(
    store: &Store,
    station_id: i64,
    event_id: i64,
    occurrence_start: DateTime<Utc>,
) -> Result<OccurrenceDetail> {
    let at = occurrence_start.trunc_subsecs(0);
    let item = calendar::occurrence_item(store, station_id, event_id, at).await?;
    let event = get(store, station_id, event_id).await?;
    let key = OccurrenceKey { event_id, occurrence_start: at };
    let signups = store.signups(station_id, key).await?;
    let walk_ins = store.walk_ins(station_id, key).await?;
    let volunteer_hours = store
        .volunteer_minutes(key)
        .await?
        .into_iter()
        .map(|(volunteer, minutes)| VolunteerTime { volunteer, hours: minutes as f64 / 60.0 })
        .collect();
    Ok(OccurrenceDetail { item, event, signups, walk_ins, volunteer_hours })
}

/// Masks a stored phone for a list.
pub(crate) fn masked(phone: Option<&str>) -> Option<String> {
    phone.map(mask_phone)
}

//! Scheduling (排期): the errand log (办事登记), events wherever residents are (活动), with
//! recurrence, sign-ups, attendance and person-times served, consultation meetings (恳谈会 /
//! 议事会) with agenda, minutes and decisions, the calendar, reminders, and the service counts
//! the station reports upward.
//!
//! Times are UTC `DateTime<Utc>`; days are China dates ([`CHINA_OFFSET`]; Asia/Shanghai has
//! no daylight saving). An event occurrence is named by its series id and its original
//! start ([`OccurrenceKey`]), which stays its name when that one occurrence is moved.

pub mod calendar;
pub mod counts;
pub mod errands;
pub mod events;
pub mod meetings;
pub mod recurrence;
pub mod reminders;
pub mod roster;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::cases::CHINA_OFFSET;
use crate::error::FieldError;
use crate::labels::labelled;
use stationdesk_model::input;

labelled! {
    /// What sort of event (活动类型).
    EventKind {
        Clinic = "clinic", "义诊";
        GovService = "gov_service", "政务服务进小区" | "政务服务";
        Volunteer = "volunteer", "志愿服务";
        Culture = "culture", "文化活动";
        Salon = "salon", "讲座/沙龙" | "讲座沙龙" | "讲座" | "沙龙";
        Other = "other", "其他";
    }
}

labelled! {
    /// 恳谈会 or 议事会.
    MeetingKind {
        Consultation = "consultation", "恳谈会";
        Deliberation = "deliberation", "议事会";
    }
}

labelled! {
    /// How an errand ended (办理结果).
    ErrandOutcome {
        Done = "done", "办结";
        NeedsMaterials = "needs_materials", "需补材料";
        Referred = "referred", "转办";
    }
}

/// Where a sign-up stands; the admission rules are the model's.
pub use stationdesk_model::signups::SignupStatus;

labelled! {
    MeetingStatus {
        Scheduled = "scheduled", "待召开";
        Held = "held", "已召开";
        Cancelled = "cancelled", "已取消";
    }
}

labelled! {
    /// Which occurrences an edit or cancellation of a recurring event applies to.
    EditScope {
        This = "this", "仅此次";
        Following = "following", "此次及以后";
        All = "all", "全部";
    }
}

labelled! {
    /// What a calendar entry is: an event occurrence or a meeting.
    ItemSource {
        Event = "event", "活动";
        Meeting = "meeting", "会议";
    }
}

/// A staff member by id and name, as lists show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct StaffRef {
    pub id: i64,
    pub name: String,
}

/// One occurrence of an event: the series and the occurrence's original start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct OccurrenceKey {
    pub event_id: i64,
    pub occurrence_start: DateTime<Utc>,
}

labelled! {
    ConflictReason {
        Place = "place", "场地冲突";
        Staff = "staff", "人员冲突";
    }
}

/// A warning, not a refusal: the same place or staff member is booked twice at
/// overlapping times. `message` is ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    pub reason: ConflictReason,
    /// The start of the new (or edited) occurrence that clashes.
    pub at: DateTime<Utc>,
    pub other_source: ItemSource,
    pub other_id: i64,
    pub other_title: String,
    pub other_start: DateTime<Utc>,
    pub other_end: DateTime<Utc>,
    pub staff_name: Option<String>,
    pub message: String,
}

/// The China date of an instant.
pub fn china_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&CHINA_OFFSET).date_naive()
}

/// Midnight China time at the start of `day`, in UTC.
pub fn china_midnight(day: NaiveDate) -> DateTime<Utc> {
    china_time(day, NaiveTime::MIN)
}

/// `day` at `time` China time, in UTC. Exact: UTC+8 all year.
pub fn china_time(day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let naive = day.and_time(time);
    match CHINA_OFFSET.from_local_datetime(&naive).single() {
        Some(t) => t.with_timezone(&Utc),
        // A fixed offset maps every local time to exactly one instant.
        None => Utc.from_utc_datetime(&naive),
    }
}

/// `12-03 09:00` style for messages.
pub(crate) fn china_hm(at: DateTime<Utc>) -> String {
    at.with_timezone(&CHINA_OFFSET).format("%Y-%m-%d %H:%M").to_string()
}

/// Optional query dates (`from`, `to`): each in the range a station can mean
/// (the model's rule), the first not after the last.
pub(crate) fn check_dates(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<(), FieldError> {
    match (from, to) {
        (Some(from), Some(to)) => input::period(from, to).map(|_| ()),
        (Some(from), None) => input::date_in_range("from", "开始日期", from).map(|_| ()),
        (None, Some(to)) => input::date_in_range("to", "结束日期", to).map(|_| ()),
        (None, None) => Ok(()),
    }
}

/// A start and an end time in the range a station can mean; false (with the messages
/// added) when either is not, so later checks that do arithmetic on them are skipped.
pub(crate) fn check_times(start: DateTime<Utc>, end: DateTime<Utc>, errors: &mut Vec<FieldError>) -> bool {
    let checked =
        [input::instant_in_range("start", "开始时间", start), input::instant_in_range("end", "结束时间", end)];
    let before = errors.len();
    errors.extend(checked.into_iter().filter_map(Result::err));
    errors.len() == before
}

/// Free text without control or invisible characters (the model's rule); empty means
/// "not given".
pub(crate) fn clean(value: &Option<String>) -> Option<String> {
    input::clean_optional(value.as_deref())
}

/// Checks a required short text and returns it trimmed.
pub(crate) fn required(
    value: &str,
    field: &str,
    label: &str,
    hint: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> String {
    let v = input::clean_line(value);
    if v.is_empty() {
        errors.push(FieldError::new(field, format!("请填写{label}{hint}")));
    } else if v.chars().count() > max {
        errors.push(FieldError::new(field, format!("{label}过长（{} 字），最多 {max} 字", v.chars().count())));
    }
    v
}

/// Checks an optional text's length and returns it trimmed (None when empty).
pub(crate) fn optional(
    value: &Option<String>,
    field: &str,
    label: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let v = clean(value);
    if let Some(text) = &v {
        let n = text.chars().count();
        if n > max {
            errors.push(FieldError::new(field, format!("{label}过长（{n} 字），最多 {max} 字")));
        }
    }
    v
}

/// Trimmed, de-duplicated names; each at most `max` characters.
pub(crate) fn names(
    values: &[String],
    field: &str,
    label: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values.iter().map(|v| input::clean_line(v)).filter(|v| !v.is_empty()) {
        if v.chars().count() > max {
            errors.push(FieldError::new(field, format!("{label}“{}”过长，最多 {max} 字", input::excerpt(&v))));
        } else if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// Whether two half-open intervals overlap.
pub(crate) fn overlaps(a: (DateTime<Utc>, DateTime<Utc>), b: (DateTime<Utc>, DateTime<Utc>)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Places compare without spaces, so "南门 广场" and "南门广场" are the same place.
pub(crate) fn same_place(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    norm(a) == norm(b)
}

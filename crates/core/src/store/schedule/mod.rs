//! SQL for scheduling: errand types and errands, events with their overrides, sign-ups,
//! walk-ins, person-times and volunteers' hours, meetings with invitees, agenda and
//! decisions, and the reminders already shown.
//!
//! Lists of ids and names live in JSON text columns (`staff_ids`, `volunteers`, …) where
//! they are read with their row and never searched; id checks use `json_each` so no SQL
//! is built at run time.

mod errands;
mod events;
mod meetings;
mod reminders;
mod signups;

use crate::store::q;
use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{FieldChange, Store, WriteTx};
use crate::cases::CaseStatus;
use crate::error::{CoreError, FieldError, Result};
use crate::schedule::calendar::{MeetingRow as CalendarMeeting, Override, SeriesRow, Tally};
use crate::schedule::counts::ErrandTally;
use crate::schedule::errands::{Errand, ErrandQuery, ErrandType, ValidErrand};
use crate::schedule::events::{Event, Signup, ValidEvent, WalkIn, masked};
use crate::schedule::meetings::{
    AgendaItem, Decision, LinkedCase, Meeting, MeetingParty, MeetingRow, MeetingStaff, ValidDecision, ValidMeeting,
};
use crate::schedule::{
    ErrandOutcome, EventKind, MeetingKind, MeetingStatus, OccurrenceKey, SignupStatus, StaffRef, china_hm,
};

/// Row shapes of the grouped and joined reads below.
type TallyRow = (i64, DateTime<Utc>, i64, i64, i64, i64, Option<i64>);
type MeetingWindowRow = (i64, String, String, DateTime<Utc>, DateTime<Utc>, String, String, String, String);
type MeetingListRow = (i64, String, String, DateTime<Utc>, DateTime<Utc>, String, String, i64, i64, i64);
type PartyRow = (i64, String, String, Option<String>, Option<bool>);
type AgendaRow = (i64, i64, String, Option<String>, Option<i64>, Option<String>, Option<String>, Option<String>);
type DecisionRow =
    (i64, i64, String, Option<String>, bool, Option<i64>, Option<String>, Option<String>, Option<String>);

fn decode_error(what: &str, value: &str) -> CoreError {
    CoreError::Database(sqlx::Error::Decode(format!("unknown {what} {value:?} in the database").into()))
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".to_owned())
}

/// A JSON column written by this code always parses; an unreadable one reads as empty.
fn from_json<T: serde::de::DeserializeOwned + Default>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_default()
}

fn changes(items: &[(&str, Option<String>)]) -> Vec<FieldChange> {
    items.iter().filter_map(|(f, v)| FieldChange::set(f, v.as_deref())).collect()
}

fn to_u32(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

#[derive(sqlx::FromRow)]
struct EventRecord {
    id: i64,
    kind: String,
    title: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    place: String,
    partner_ids: String,
    partners: String,
    staff_ids: String,
    volunteers: String,
    description: Option<String>,
    rrule: Option<String>,
    exdates: String,
    skip_holidays: bool,
    capacity: Option<i64>,
    audience: Option<String>,
    bring: Option<String>,
    link: Option<String>,
    series_end: Option<DateTime<Utc>>,
    split_from: Option<i64>,
    cancelled_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    created_by_name: String,
    updated_at: DateTime<Utc>,
}

const EVENT_COLUMNS: &str =
    "id, kind, title, starts_at, ends_at, place, partner_ids, partners, staff_ids, volunteers, description,
    rrule, exdates, skip_holidays, capacity, audience, bring, link, series_end, split_from, cancelled_at, created_at, created_by_name, updated_at";

impl EventRecord {
    fn into_series(self, staff_names: &HashMap<i64, String>) -> Result<SeriesRow> {
        let staff_ids: Vec<i64> = from_json(&self.staff_ids);
        let staff = staff_ids
            .iter()
            .map(|id| StaffRef { id: *id, name: staff_names.get(id).cloned().unwrap_or_else(|| format!("#{id}")) })
            .collect();
        let event = Event {
            id: self.id,
            kind: EventKind::parse(&self.kind).ok_or_else(|| decode_error("event kind", &self.kind))?,
            title: self.title,
            start: self.starts_at,
            end: self.ends_at,
            place: self.place,
            partner_ids: from_json(&self.partner_ids),
            partners: from_json(&self.partners),
            staff,
            volunteers: from_json(&self.volunteers),
            description: self.description,
            rrule: self.rrule,
            exdates: from_json(&self.exdates),
            skip_holidays: self.skip_holidays,
            capacity: self.capacity.map(to_u32),
            audience: self.audience,
            bring: self.bring,
            link: self.link,
            series_end: self.series_end,
            split_from: self.split_from,
            cancelled: self.cancelled_at.is_some(),
            created_at: self.created_at,
            created_by: self.created_by_name,
            updated_at: self.updated_at,
        };
        Ok(SeriesRow { event, staff_ids })
    }
}

#[derive(sqlx::FromRow)]
struct OverrideRecord {
    event_id: i64,
    occurrence_start: DateTime<Utc>,
    cancelled: bool,
    title: Option<String>,
    starts_at: Option<DateTime<Utc>>,
    ends_at: Option<DateTime<Utc>>,
    place: Option<String>,
    staff_ids: Option<String>,
    volunteers: Option<String>,
    description: Option<String>,
    capacity: Option<i64>,
}

impl OverrideRecord {
    fn split(self) -> (OccurrenceKey, Override) {
        (
            OccurrenceKey { event_id: self.event_id, occurrence_start: self.occurrence_start },
            Override {
                cancelled: self.cancelled,
                title: self.title,
                start: self.starts_at,
                end: self.ends_at,
                place: self.place,
                staff_ids: self.staff_ids.as_deref().map(from_json),
                volunteers: self.volunteers.as_deref().map(from_json),
                description: self.description,
                capacity: self.capacity.map(to_u32),
            },
        )
    }
}

const OVERRIDE_COLUMNS: &str = "o.event_id, o.occurrence_start, o.cancelled, o.title, o.starts_at, o.ends_at, o.place,
    o.staff_ids, o.volunteers, o.description, o.capacity";

#[derive(sqlx::FromRow)]
struct SignupRecord {
    id: i64,
    event_id: i64,
    occurrence_start: DateTime<Utc>,
    name: String,
    phone: Option<String>,
    note: Option<String>,
    status: String,
    signed_up_at: DateTime<Utc>,
    promoted_at: Option<DateTime<Utc>>,
    cancelled_at: Option<DateTime<Utc>>,
    checked_in_at: Option<DateTime<Utc>>,
    waiting_ahead: i64,
}

const SIGNUP_COLUMNS: &str = "s.id, s.event_id, s.occurrence_start, s.name, s.phone, s.note, s.status, s.signed_up_at,
    s.promoted_at, s.cancelled_at, s.checked_in_at,
    (SELECT count(*) FROM event_signups w WHERE w.event_id = s.event_id AND w.occurrence_start = s.occurrence_start
        AND w.status = 'waitlisted' AND w.id < s.id) AS waiting_ahead";

impl SignupRecord {
    fn into_signup(self) -> Result<(Signup, Option<String>)> {
        let status = SignupStatus::parse(&self.status).ok_or_else(|| decode_error("sign-up status", &self.status))?;
        let signup = Signup {
            id: self.id,
            event_id: self.event_id,
            occurrence_start: self.occurrence_start,
            name: self.name,
            phone_masked: masked(self.phone.as_deref()),
            note: self.note,
            status,
            waitlist_position: (status == SignupStatus::Waitlisted).then(|| to_u32(self.waiting_ahead + 1)),
            signed_up_at: self.signed_up_at,
            promoted_at: self.promoted_at,
            cancelled_at: self.cancelled_at,
            checked_in_at: self.checked_in_at,
        };
        Ok((signup, self.phone))
    }
}

#[derive(sqlx::FromRow)]
struct ErrandRecord {
    id: i64,
    type_id: i64,
    type_name: String,
    resident_name: Option<String>,
    phone: Option<String>,
    at: DateTime<Utc>,
    staff_id: Option<i64>,
    staff_name: String,
    place: Option<String>,
    event_id: Option<i64>,
    event_title: Option<String>,
    occurrence_start: Option<DateTime<Utc>>,
    outcome: String,
    note: Option<String>,
    created_at: DateTime<Utc>,
    created_by_name: String,
}

const ERRAND_COLUMNS: &str = "er.id, er.type_id, t.name AS type_name, er.resident_name, er.phone, er.at, er.staff_id,
    er.staff_name, er.place, er.event_id, ev.title AS event_title, er.occurrence_start, er.outcome, er.note,
    er.created_at, er.created_by_name";

impl ErrandRecord {
    fn into_errand(self) -> Result<Errand> {
        Ok(Errand {
            id: self.id,
            type_id: self.type_id,
            type_name: self.type_name,
            resident_name: self.resident_name,
            phone_masked: masked(self.phone.as_deref()),
            at: self.at,
            staff_id: self.staff_id,
            staff_name: self.staff_name,
            place: self.place,
            event_id: self.event_id,
            event_title: self.event_title,
            occurrence_start: self.occurrence_start,
            outcome: ErrandOutcome::parse(&self.outcome)
                .ok_or_else(|| decode_error("errand outcome", &self.outcome))?,
            note: self.note,
            created_at: self.created_at,
            created_by: self.created_by_name,
        })
    }
}

#[derive(sqlx::FromRow)]
struct MeetingRecord {
    id: i64,
    kind: String,
    title: String,
    purpose: Option<String>,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    place: String,
    contact_person: Option<String>,
    contact_phone: Option<String>,
    status: String,
    minutes: Option<String>,
    other_attendees: String,
    created_at: DateTime<Utc>,
    created_by_name: String,
    updated_at: DateTime<Utc>,
}

fn meeting_kind(code: &str) -> Result<MeetingKind> {
    MeetingKind::parse(code).ok_or_else(|| decode_error("meeting kind", code))
}

fn meeting_status(code: &str) -> Result<MeetingStatus> {
    MeetingStatus::parse(code).ok_or_else(|| decode_error("meeting status", code))
}

fn linked_case(
    id: Option<i64>,
    number: Option<String>,
    title: Option<String>,
    status: Option<String>,
) -> Option<LinkedCase> {
    let (id, number, title, status) = (id?, number?, title?, status?);
    Some(LinkedCase { id, number, title, status: CaseStatus::parse(&status)? })
}

impl Store {
    async fn staff_names(&self, station_id: i64) -> Result<HashMap<i64, String>> {
        Ok(self.staff(station_id).await?.into_iter().map(|s| (s.id, s.name)).collect())
    }
}

impl WriteTx<'_> {
    /// Ids in `ids` that are not rows of `table` for this station: one statement.
    async fn missing_ids(&mut self, table: &str, ids: &[i64]) -> Result<Vec<i64>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = match table {
            "staff" => {
                "SELECT value FROM json_each($2) WHERE value NOT IN (SELECT id FROM staff WHERE station_id = $1)"
            }
            "parties" => {
                "SELECT value FROM json_each($2) WHERE value NOT IN (SELECT id FROM parties WHERE station_id = $1)"
            }
            _ => "SELECT value FROM json_each($2) WHERE value NOT IN (SELECT id FROM cases WHERE station_id = $1)",
        };
        let rows: Vec<(i64,)> = q(sql).bind(self.actor().station_id).bind(json(&ids)).fetch_all(&mut self.tx).await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    async fn check_staff(&mut self, ids: &[i64], field: &str) -> Result<()> {
        let missing = self.missing_ids("staff", ids).await?;
        if missing.is_empty() {
            Ok(())
        } else {
            Err(CoreError::invalid(field, "所选工作人员不在本站名单中，请刷新后重新选择"))
        }
    }
}

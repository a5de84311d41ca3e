//! SQL for scheduling: errand types and errands, events with their overrides, sign-ups,
//! walk-ins, person-times and volunteers' hours, meetings with invitees, agenda and
//! decisions, and the reminders already shown.
//!
//! Lists of ids and names live in JSON text columns (`staff_ids`, `volunteers`, …) where
//! they are read with their row and never searched; id checks use `json_each` so no SQL
//! is built at run time.

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
    partners: String,
    staff_ids: String,
    volunteers: String,
    description: Option<String>,
    rrule: Option<String>,
    exdates: String,
    capacity: Option<i64>,
    series_end: Option<DateTime<Utc>>,
    split_from: Option<i64>,
    cancelled_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    created_by_name: String,
    updated_at: DateTime<Utc>,
}

const EVENT_COLUMNS: &str = "id, kind, title, starts_at, ends_at, place, partners, staff_ids, volunteers, description,
    rrule, exdates, capacity, series_end, split_from, cancelled_at, created_at, created_by_name, updated_at";

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
            partners: from_json(&self.partners),
            staff,
            volunteers: from_json(&self.volunteers),
            description: self.description,
            rrule: self.rrule,
            exdates: from_json(&self.exdates),
            capacity: self.capacity.map(to_u32),
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

    // ---- events ----

    pub(crate) async fn event_by_id(&self, station_id: i64, id: i64) -> Result<Option<Event>> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = $1 AND station_id = $2");
        let row: Option<EventRecord> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).bind(station_id).fetch_optional(self.sqlite()).await?;
        let names = self.staff_names(station_id).await?;
        row.map(|r| r.into_series(&names).map(|s| s.event)).transpose()
    }

    /// Series that can have an occurrence in [from, to).
    pub(crate) async fn series_in_window(
        &self,
        station_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<SeriesRow>> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events
             WHERE station_id = $1 AND starts_at < $2 AND (series_end IS NULL OR series_end > $3)"
        );
        // A day of slack either side: an override may move an occurrence by up to that much
        // without its series being in the window (further moves are found by their row).
        let rows: Vec<EventRecord> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(station_id)
            .bind(to + Duration::days(1))
            .bind(from - Duration::days(1))
            .fetch_all(self.sqlite())
            .await?;
        let mut ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        // Series whose occurrences were moved into the window from far away.
        let moved: Vec<(i64,)> = sqlx::query_as(
            "SELECT DISTINCT o.event_id FROM event_overrides o JOIN events e ON e.id = o.event_id
             WHERE e.station_id = $1 AND o.starts_at < $2 AND o.ends_at > $3",
        )
        .bind(station_id)
        .bind(to)
        .bind(from)
        .fetch_all(self.sqlite())
        .await?;
        let names = self.staff_names(station_id).await?;
        let mut out = rows.into_iter().map(|r| r.into_series(&names)).collect::<Result<Vec<_>>>()?;
        for (id,) in moved {
            if !ids.contains(&id) {
                ids.push(id);
                if let Some(e) = self.event_by_id(station_id, id).await? {
                    let staff_ids = e.staff.iter().map(|s| s.id).collect();
                    out.push(SeriesRow { event: e, staff_ids });
                }
            }
        }
        Ok(out)
    }

    /// "This one" edits whose occurrence or new time falls in [from, to) (a day of slack).
    pub(crate) async fn overrides_in_window(
        &self,
        station_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<HashMap<OccurrenceKey, Override>> {
        let sql = format!(
            "SELECT {OVERRIDE_COLUMNS} FROM event_overrides o JOIN events e ON e.id = o.event_id
             WHERE e.station_id = $1
               AND ((o.occurrence_start >= $2 AND o.occurrence_start < $3) OR (o.starts_at < $4 AND o.ends_at > $5))"
        );
        let rows: Vec<OverrideRecord> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(station_id)
            .bind(from - Duration::days(2))
            .bind(to + Duration::days(2))
            .bind(to)
            .bind(from)
            .fetch_all(self.sqlite())
            .await?;
        Ok(rows.into_iter().map(OverrideRecord::split).collect())
    }

    pub(crate) async fn override_for(&self, key: OccurrenceKey) -> Result<Option<Override>> {
        let sql = format!(
            "SELECT {OVERRIDE_COLUMNS} FROM event_overrides o WHERE o.event_id = $1 AND o.occurrence_start = $2"
        );
        let row: Option<OverrideRecord> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(key.event_id)
            .bind(key.occurrence_start)
            .fetch_optional(self.sqlite())
            .await?;
        Ok(row.map(|r| r.split().1))
    }

    /// Sign-up, attendance and served figures of every occurrence whose original start is
    /// in [lo, hi], in one grouped statement.
    pub(crate) async fn tallies(
        &self,
        station_id: i64,
        lo: DateTime<Utc>,
        hi: DateTime<Utc>,
    ) -> Result<HashMap<OccurrenceKey, Tally>> {
        // One row of JSON instead of a row per occurrence: sqlx hands every row across
        // threads one by one, which cost ~5 µs a row (10 ms for a month of 2 000).
        let (json,): (String,) = sqlx::query_as(
            "SELECT json_group_array(json_array(event_id, occurrence_start, c, w, ci, wi, served)) FROM (
             SELECT event_id, occurrence_start, sum(confirmed) AS c, sum(waitlisted) AS w, sum(checked_in) AS ci,
                    sum(walk_ins) AS wi, max(served) AS served
             FROM (
                SELECT event_id, occurrence_start, status = 'confirmed' AS confirmed, status = 'waitlisted' AS waitlisted,
                       checked_in_at IS NOT NULL AND status <> 'cancelled' AS checked_in, 0 AS walk_ins, NULL AS served
                FROM event_signups WHERE station_id = $1 AND occurrence_start >= $2 AND occurrence_start <= $3
                UNION ALL
                SELECT event_id, occurrence_start, 0, 0, 0, people, NULL
                FROM event_walkins WHERE station_id = $1 AND occurrence_start >= $2 AND occurrence_start <= $3
                UNION ALL
                SELECT event_id, occurrence_start, 0, 0, 0, 0, served
                FROM event_served WHERE station_id = $1 AND occurrence_start >= $2 AND occurrence_start <= $3
             )
             GROUP BY event_id, occurrence_start)",
        )
        .bind(station_id)
        .bind(lo)
        .bind(hi)
        .fetch_one(self.sqlite())
        .await?;
        let rows: Vec<TallyRow> =
            serde_json::from_str(&json).map_err(|e| CoreError::Database(sqlx::Error::Decode(Box::new(e))))?;
        Ok(rows
            .into_iter()
            .map(|(event_id, occurrence_start, c, w, ci, wi, served)| {
                (
                    OccurrenceKey { event_id, occurrence_start },
                    Tally {
                        confirmed: to_u32(c),
                        waitlisted: to_u32(w),
                        checked_in: to_u32(ci),
                        walk_ins: to_u32(wi),
                        served: served.map(to_u32),
                    },
                )
            })
            .collect())
    }

    pub(crate) async fn tallies_for(&self, station_id: i64, key: OccurrenceKey) -> Result<Tally> {
        let all = self.tallies(station_id, key.occurrence_start, key.occurrence_start).await?;
        Ok(all.get(&key).copied().unwrap_or_default())
    }

    /// The naive way to count, for the benchmark: one statement per occurrence.
    pub async fn reference_tally_one(&self, station_id: i64, key: OccurrenceKey) -> Result<(i64, i64)> {
        let row: (i64, i64) = sqlx::query_as(
            "SELECT count(*) FILTER (WHERE status = 'confirmed'), count(*) FILTER (WHERE status = 'waitlisted')
             FROM event_signups WHERE station_id = $1 AND event_id = $2 AND occurrence_start = $3",
        )
        .bind(station_id)
        .bind(key.event_id)
        .bind(key.occurrence_start)
        .fetch_one(self.sqlite())
        .await?;
        Ok(row)
    }

    /// Original starts of the active sign-ups of a series.
    pub(crate) async fn active_signup_keys(&self, event_id: i64) -> Result<Vec<DateTime<Utc>>> {
        let rows: Vec<(DateTime<Utc>,)> = sqlx::query_as(
            "SELECT DISTINCT occurrence_start FROM event_signups WHERE event_id = $1 AND status <> 'cancelled'",
        )
        .bind(event_id)
        .fetch_all(self.sqlite())
        .await?;
        Ok(rows.into_iter().map(|(t,)| t).collect())
    }

    /// A sign-up and its full phone number.
    pub(crate) async fn signup_by_id(&self, station_id: i64, id: i64) -> Result<Option<(Signup, Option<String>)>> {
        let sql = format!("SELECT {SIGNUP_COLUMNS} FROM event_signups s WHERE s.id = $1 AND s.station_id = $2");
        let row: Option<SignupRecord> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).bind(station_id).fetch_optional(self.sqlite()).await?;
        row.map(SignupRecord::into_signup).transpose()
    }

    /// An occurrence's sign-ups: confirmed and waiting in order, then cancelled ones.
    pub(crate) async fn signups(&self, station_id: i64, key: OccurrenceKey) -> Result<Vec<Signup>> {
        let sql = format!(
            "SELECT {SIGNUP_COLUMNS} FROM event_signups s
             WHERE s.station_id = $1 AND s.event_id = $2 AND s.occurrence_start = $3
             ORDER BY s.status = 'cancelled', s.status = 'waitlisted', s.id"
        );
        let rows: Vec<SignupRecord> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(station_id)
            .bind(key.event_id)
            .bind(key.occurrence_start)
            .fetch_all(self.sqlite())
            .await?;
        rows.into_iter().map(|r| r.into_signup().map(|(s, _)| s)).collect()
    }

    pub(crate) async fn walk_ins(&self, station_id: i64, key: OccurrenceKey) -> Result<Vec<WalkIn>> {
        let rows: Vec<(i64, Option<String>, i64, DateTime<Utc>)> = sqlx::query_as(
            "SELECT id, name, people, at FROM event_walkins
             WHERE station_id = $1 AND event_id = $2 AND occurrence_start = $3 ORDER BY id",
        )
        .bind(station_id)
        .bind(key.event_id)
        .bind(key.occurrence_start)
        .fetch_all(self.sqlite())
        .await?;
        Ok(rows.into_iter().map(|(id, name, people, at)| WalkIn { id, name, people: to_u32(people), at }).collect())
    }

    pub(crate) async fn volunteer_minutes(&self, key: OccurrenceKey) -> Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT volunteer, minutes FROM volunteer_hours WHERE event_id = $1 AND occurrence_start = $2 ORDER BY id",
        )
        .bind(key.event_id)
        .bind(key.occurrence_start)
        .fetch_all(self.sqlite())
        .await?)
    }

    /// Minutes of volunteering per China month (`2026-12`) between two China dates.
    pub(crate) async fn volunteer_minutes_by_month(
        &self,
        station_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT substr(day, 1, 7), sum(minutes) FROM volunteer_hours
             WHERE station_id = $1 AND day >= $2 AND day <= $3 GROUP BY 1 ORDER BY 1",
        )
        .bind(station_id)
        .bind(from)
        .bind(to)
        .fetch_all(self.sqlite())
        .await?)
    }

    // ---- errands ----

    pub(crate) async fn errand_types(&self, station_id: i64) -> Result<Vec<ErrandType>> {
        let rows: Vec<(i64, String, i64, bool)> = sqlx::query_as(
            "SELECT id, name, sort_order, active FROM errand_types WHERE station_id = $1 ORDER BY sort_order, id",
        )
        .bind(station_id)
        .fetch_all(self.sqlite())
        .await?;
        Ok(rows.into_iter().map(|(id, name, sort_order, active)| ErrandType { id, name, sort_order, active }).collect())
    }

    pub(crate) async fn errand_by_id(&self, station_id: i64, id: i64) -> Result<Option<Errand>> {
        let sql = format!(
            "SELECT {ERRAND_COLUMNS} FROM errands er JOIN errand_types t ON t.id = er.type_id
             LEFT JOIN events ev ON ev.id = er.event_id WHERE er.id = $1 AND er.station_id = $2"
        );
        let row: Option<ErrandRecord> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).bind(station_id).fetch_optional(self.sqlite()).await?;
        row.map(ErrandRecord::into_errand).transpose()
    }

    pub(crate) async fn errands(
        &self,
        station_id: i64,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        q: &ErrandQuery,
        limit: u32,
    ) -> Result<Vec<Errand>> {
        let sql = format!(
            "SELECT {ERRAND_COLUMNS} FROM errands er JOIN errand_types t ON t.id = er.type_id
             LEFT JOIN events ev ON ev.id = er.event_id
             WHERE er.station_id = $1 AND ($2 IS NULL OR er.at >= $2) AND ($3 IS NULL OR er.at < $3)
               AND ($4 IS NULL OR er.type_id = $4) AND ($5 IS NULL OR er.staff_id = $5)
               AND ($6 IS NULL OR er.outcome = $6)
             ORDER BY er.at DESC, er.id DESC LIMIT $7"
        );
        let rows: Vec<ErrandRecord> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(station_id)
            .bind(from)
            .bind(to)
            .bind(q.type_id)
            .bind(q.staff_id)
            .bind(q.outcome.map(|o| o.code()))
            .bind(i64::from(limit))
            .fetch_all(self.sqlite())
            .await?;
        rows.into_iter().map(ErrandRecord::into_errand).collect()
    }

    pub(crate) async fn errand_count(&self, station_id: i64, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<u32> {
        let (n,): (i64,) =
            sqlx::query_as("SELECT count(*) FROM errands WHERE station_id = $1 AND at >= $2 AND at < $3")
                .bind(station_id)
                .bind(from)
                .bind(to)
                .fetch_one(self.sqlite())
                .await?;
        Ok(to_u32(n))
    }

    /// Errands by type, staff member and China month in [from, to).
    pub(crate) async fn errand_tallies(
        &self,
        station_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<ErrandTally>> {
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT t.name, er.staff_name, substr(datetime(er.at, '+8 hours'), 1, 7), count(*)
             FROM errands er JOIN errand_types t ON t.id = er.type_id
             WHERE er.station_id = $1 AND er.at >= $2 AND er.at < $3
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        )
        .bind(station_id)
        .bind(from)
        .bind(to)
        .fetch_all(self.sqlite())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(type_name, staff_name, month, n)| ErrandTally { type_name, staff_name, month, n: to_u32(n) })
            .collect())
    }

    // ---- meetings ----

    pub(crate) async fn meetings_in_window(
        &self,
        station_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<CalendarMeeting>> {
        let rows: Vec<MeetingWindowRow> = sqlx::query_as(
            "SELECT m.id, m.kind, m.title, m.starts_at, m.ends_at, m.place, m.status,
                    (SELECT json_group_array(staff_id) FROM meeting_staff WHERE meeting_id = m.id),
                    (SELECT json_group_array(p.name) FROM meeting_parties mp JOIN parties p ON p.id = mp.party_id
                     WHERE mp.meeting_id = m.id)
                 FROM meetings m WHERE m.station_id = $1 AND m.starts_at < $2 AND m.ends_at > $3",
        )
        .bind(station_id)
        .bind(to)
        .bind(from)
        .fetch_all(self.sqlite())
        .await?;
        rows.into_iter()
            .map(|(id, kind, title, start, end, place, status, staff, parties)| {
                Ok(CalendarMeeting {
                    id,
                    kind: meeting_kind(&kind)?,
                    title,
                    start,
                    end,
                    place,
                    status: meeting_status(&status)?,
                    staff_ids: from_json(&staff),
                    parties: from_json(&parties),
                })
            })
            .collect()
    }

    pub(crate) async fn meetings(
        &self,
        station_id: i64,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        status: Option<MeetingStatus>,
    ) -> Result<Vec<MeetingRow>> {
        let rows: Vec<MeetingListRow> = sqlx::query_as(
            "SELECT m.id, m.kind, m.title, m.starts_at, m.ends_at, m.place, m.status,
                    (SELECT count(*) FROM meeting_parties WHERE meeting_id = m.id)
                        + (SELECT count(*) FROM meeting_staff WHERE meeting_id = m.id),
                    (SELECT count(*) FROM meeting_agenda WHERE meeting_id = m.id),
                    (SELECT count(*) FROM meeting_decisions WHERE meeting_id = m.id)
                 FROM meetings m
                 WHERE m.station_id = $1 AND ($2 IS NULL OR m.ends_at > $2) AND ($3 IS NULL OR m.starts_at < $3)
                   AND ($4 IS NULL OR m.status = $4)
                 ORDER BY m.starts_at DESC, m.id DESC LIMIT 500",
        )
        .bind(station_id)
        .bind(from)
        .bind(to)
        .bind(status.map(|s| s.code()))
        .fetch_all(self.sqlite())
        .await?;
        rows.into_iter()
            .map(|(id, kind, title, start, end, place, status, invited, agenda, decisions)| {
                Ok(MeetingRow {
                    id,
                    kind: meeting_kind(&kind)?,
                    title,
                    start,
                    end,
                    place,
                    status: meeting_status(&status)?,
                    invited: to_u32(invited),
                    agenda_items: to_u32(agenda),
                    decisions: to_u32(decisions),
                })
            })
            .collect()
    }

    pub(crate) async fn meeting_by_id(&self, station_id: i64, id: i64) -> Result<Option<Meeting>> {
        let row: Option<MeetingRecord> = sqlx::query_as(
            "SELECT id, kind, title, purpose, starts_at, ends_at, place, contact_person, contact_phone, status,
                    minutes, other_attendees, created_at, created_by_name, updated_at
             FROM meetings WHERE id = $1 AND station_id = $2",
        )
        .bind(id)
        .bind(station_id)
        .fetch_optional(self.sqlite())
        .await?;
        let Some(m) = row else { return Ok(None) };
        let parties: Vec<PartyRow> = sqlx::query_as(
            "SELECT p.id, p.kind, p.name, p.contact_person, mp.attended FROM meeting_parties mp
             JOIN parties p ON p.id = mp.party_id WHERE mp.meeting_id = $1
             ORDER BY p.kind = 'resident_rep', p.id",
        )
        .bind(id)
        .fetch_all(self.sqlite())
        .await?;
        let staff: Vec<(i64, String, Option<bool>)> = sqlx::query_as(
            "SELECT s.id, s.name, ms.attended FROM meeting_staff ms JOIN staff s ON s.id = ms.staff_id
             WHERE ms.meeting_id = $1 ORDER BY s.id",
        )
        .bind(id)
        .fetch_all(self.sqlite())
        .await?;
        type CaseCols = (Option<i64>, Option<String>, Option<String>, Option<String>);
        let agenda: Vec<AgendaRow> = sqlx::query_as(
            "SELECT a.id, a.position, a.title, a.note, c.id, c.number, c.title, c.status FROM meeting_agenda a
                 LEFT JOIN cases c ON c.id = a.case_id WHERE a.meeting_id = $1 ORDER BY a.position",
        )
        .bind(id)
        .fetch_all(self.sqlite())
        .await?;
        let decisions: Vec<DecisionRow> = sqlx::query_as(
            "SELECT d.id, d.position, d.text, d.case_to_status, d.case_moved, c.id, c.number, c.title, c.status
                 FROM meeting_decisions d LEFT JOIN cases c ON c.id = d.case_id
                 WHERE d.meeting_id = $1 ORDER BY d.position",
        )
        .bind(id)
        .fetch_all(self.sqlite())
        .await?;
        let case = |c: CaseCols| linked_case(c.0, c.1, c.2, c.3);
        Ok(Some(Meeting {
            id: m.id,
            kind: meeting_kind(&m.kind)?,
            title: m.title,
            purpose: m.purpose,
            start: m.starts_at,
            end: m.ends_at,
            place: m.place,
            contact_person: m.contact_person,
            contact_phone: m.contact_phone,
            status: meeting_status(&m.status)?,
            parties: parties
                .into_iter()
                .map(|(party_id, party_kind, name, contact_person, attended)| MeetingParty {
                    party_id,
                    party_kind,
                    name,
                    contact_person,
                    attended,
                })
                .collect(),
            staff: staff
                .into_iter()
                .map(|(id, name, attended)| MeetingStaff { staff: StaffRef { id, name }, attended })
                .collect(),
            agenda: agenda
                .into_iter()
                .map(|(id, position, title, note, cid, number, ctitle, status)| AgendaItem {
                    id,
                    position: to_u32(position),
                    title,
                    case: case((cid, number, ctitle, status)),
                    note,
                })
                .collect(),
            minutes: m.minutes,
            other_attendees: from_json(&m.other_attendees),
            decisions: decisions
                .into_iter()
                .map(|(id, position, text, to, moved, cid, number, ctitle, status)| Decision {
                    id,
                    position: to_u32(position),
                    text,
                    case: case((cid, number, ctitle, status)),
                    case_to_status: to.as_deref().and_then(CaseStatus::parse),
                    case_moved: moved,
                })
                .collect(),
            created_at: m.created_at,
            created_by: m.created_by_name,
            updated_at: m.updated_at,
        }))
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
        let rows: Vec<(i64,)> =
            sqlx::query_as(sql).bind(self.actor().station_id).bind(json(&ids)).fetch_all(&mut *self.tx).await?;
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

    // ---- events ----

    pub(crate) async fn insert_event(&mut self, e: &ValidEvent, split_from: Option<i64>) -> Result<i64> {
        self.check_staff(&e.staff_ids, "staffIds").await?;
        let actor = self.actor().clone();
        let id = sqlx::query(
            "INSERT INTO events (station_id, kind, title, starts_at, ends_at, place, partners, staff_ids, volunteers,
                description, rrule, exdates, capacity, series_end, split_from, created_at, created_by_name, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $16)",
        )
        .bind(actor.station_id)
        .bind(e.kind.code())
        .bind(&e.title)
        .bind(e.start)
        .bind(e.end)
        .bind(&e.place)
        .bind(json(&e.partners))
        .bind(json(&e.staff_ids))
        .bind(json(&e.volunteers))
        .bind(&e.description)
        .bind(&e.rrule)
        .bind(json(&e.exdates))
        .bind(e.capacity.map(i64::from))
        .bind(e.series_end)
        .bind(split_from)
        .bind(self.now)
        .bind(&actor.staff_name)
        .execute(&mut *self.tx)
        .await?
        .last_insert_rowid();
        let mut c = event_changes(e);
        if let Some(from) = split_from {
            c.extend(FieldChange::set("splitFrom", Some(&from.to_string())));
        }
        self.audit("event", id, "create", &c).await?;
        Ok(id)
    }

    /// "All": the series takes the form's values.
    pub(crate) async fn update_event(&mut self, before: &Event, e: &ValidEvent) -> Result<()> {
        self.check_staff(&e.staff_ids, "staffIds").await?;
        sqlx::query(
            "UPDATE events SET kind = $1, title = $2, starts_at = $3, ends_at = $4, place = $5, partners = $6,
                staff_ids = $7, volunteers = $8, description = $9, rrule = $10, exdates = $11, capacity = $12,
                series_end = $13, updated_at = $14
             WHERE id = $15 AND station_id = $16",
        )
        .bind(e.kind.code())
        .bind(&e.title)
        .bind(e.start)
        .bind(e.end)
        .bind(&e.place)
        .bind(json(&e.partners))
        .bind(json(&e.staff_ids))
        .bind(json(&e.volunteers))
        .bind(&e.description)
        .bind(&e.rrule)
        .bind(json(&e.exdates))
        .bind(e.capacity.map(i64::from))
        .bind(e.series_end)
        .bind(self.now)
        .bind(before.id)
        .bind(self.actor().station_id)
        .execute(&mut *self.tx)
        .await?;
        let c: Vec<FieldChange> = [
            FieldChange::change("title", Some(&before.title), Some(&e.title)),
            FieldChange::change("kind", Some(before.kind.label()), Some(e.kind.label())),
            FieldChange::change("start", Some(&china_hm(before.start)), Some(&china_hm(e.start))),
            FieldChange::change("end", Some(&china_hm(before.end)), Some(&china_hm(e.end))),
            FieldChange::change("place", Some(&before.place), Some(&e.place)),
            FieldChange::change("rrule", before.rrule.as_deref(), e.rrule.as_deref()),
            FieldChange::change(
                "capacity",
                before.capacity.map(|c| c.to_string()).as_deref(),
                e.capacity.map(|c| c.to_string()).as_deref(),
            ),
            FieldChange::change("exdates", Some(&json(&before.exdates)), Some(&json(&e.exdates))),
            FieldChange::change("description", before.description.as_deref(), e.description.as_deref()),
        ]
        .into_iter()
        .flatten()
        .collect();
        self.audit("event", before.id, "update", &c).await
    }

    /// "This one": stores only what differs from the series.
    pub(crate) async fn override_occurrence(&mut self, s: &Event, at: DateTime<Utc>, e: &ValidEvent) -> Result<()> {
        self.check_staff(&e.staff_ids, "staffIds").await?;
        let series_staff: Vec<i64> = s.staff.iter().map(|x| x.id).collect();
        let moved = e.start != at || e.end - e.start != s.end - s.start;
        let title = (e.title != s.title).then_some(&e.title);
        let place = (e.place != s.place).then_some(&e.place);
        let staff = (e.staff_ids != series_staff).then(|| json(&e.staff_ids));
        let volunteers = (e.volunteers != s.volunteers).then(|| json(&e.volunteers));
        let description = (e.description != s.description).then(|| e.description.clone().unwrap_or_default());
        let capacity = (e.capacity != s.capacity).then_some(e.capacity).flatten().map(i64::from);
        sqlx::query(
            "INSERT INTO event_overrides (event_id, occurrence_start, cancelled, title, starts_at, ends_at, place,
                staff_ids, volunteers, description, capacity)
             VALUES ($1, $2, FALSE, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (event_id, occurrence_start) DO UPDATE SET cancelled = FALSE, title = $3, starts_at = $4,
                ends_at = $5, place = $6, staff_ids = $7, volunteers = $8, description = $9, capacity = $10",
        )
        .bind(s.id)
        .bind(at)
        .bind(title)
        .bind(moved.then_some(e.start))
        .bind(moved.then_some(e.end))
        .bind(place)
        .bind(staff)
        .bind(volunteers)
        .bind(description)
        .bind(capacity)
        .execute(&mut *self.tx)
        .await?;
        let mut c = vec![FieldChange::set("occurrence", Some(&china_hm(at)))];
        c.extend([
            FieldChange::change("title", Some(&s.title), Some(&e.title)),
            FieldChange::change("start", Some(&china_hm(at)), Some(&china_hm(e.start))),
            FieldChange::change("place", Some(&s.place), Some(&e.place)),
            FieldChange::change(
                "capacity",
                s.capacity.map(|c| c.to_string()).as_deref(),
                e.capacity.map(|c| c.to_string()).as_deref(),
            ),
        ]);
        let c: Vec<FieldChange> = c.into_iter().flatten().collect();
        self.audit("event", s.id, "update_occurrence", &c).await?;
        let cap = e.capacity.or(s.capacity);
        self.promote_waitlist(s.id, at, cap).await?;
        Ok(())
    }

    pub(crate) async fn cancel_occurrence(&mut self, s: &Event, at: DateTime<Utc>) -> Result<()> {
        sqlx::query(
            "INSERT INTO event_overrides (event_id, occurrence_start, cancelled) VALUES ($1, $2, TRUE)
             ON CONFLICT (event_id, occurrence_start) DO UPDATE SET cancelled = TRUE",
        )
        .bind(s.id)
        .bind(at)
        .execute(&mut *self.tx)
        .await?;
        let c: Vec<FieldChange> = FieldChange::set("occurrence", Some(&china_hm(at))).into_iter().collect();
        self.audit("event", s.id, "cancel_occurrence", &c).await
    }

    pub(crate) async fn cancel_event(&mut self, s: &Event) -> Result<()> {
        sqlx::query("UPDATE events SET cancelled_at = $1, updated_at = $1 WHERE id = $2 AND station_id = $3")
            .bind(self.now)
            .bind(s.id)
            .bind(self.actor().station_id)
            .execute(&mut *self.tx)
            .await?;
        self.audit("event", s.id, "cancel", &[]).await
    }

    /// Ends a series before an occurrence ("this and following").
    pub(crate) async fn end_series(&mut self, s: &Event, rule: &str, series_end: Option<DateTime<Utc>>) -> Result<()> {
        sqlx::query("UPDATE events SET rrule = $1, series_end = $2, updated_at = $3 WHERE id = $4 AND station_id = $5")
            .bind(rule)
            .bind(series_end.unwrap_or(s.end))
            .bind(self.now)
            .bind(s.id)
            .bind(self.actor().station_id)
            .execute(&mut *self.tx)
            .await?;
        let c: Vec<FieldChange> = FieldChange::change("rrule", s.rrule.as_deref(), Some(rule)).into_iter().collect();
        self.audit("event", s.id, "end_series", &c).await
    }

    /// Moves everything recorded against occurrences of `from_event` (from `since` on, or
    /// all) to `to_event`, shifting each original start by `delta`. Returns how many
    /// active sign-ups moved.
    pub(crate) async fn shift_occurrences(
        &mut self,
        from_event: i64,
        to_event: i64,
        since: Option<DateTime<Utc>>,
        delta: Duration,
    ) -> Result<u32> {
        let seconds = format!("{:+} seconds", delta.num_seconds());
        let mut moved = 0;
        for table in ["event_signups", "event_walkins", "event_served", "volunteer_hours", "event_overrides", "errands"]
        {
            let sql = format!(
                "UPDATE {table} SET event_id = $1,
                    occurrence_start = strftime('%Y-%m-%dT%H:%M:%S', occurrence_start, $2) || '+00:00'
                 WHERE event_id = $3 AND occurrence_start IS NOT NULL AND ($4 IS NULL OR occurrence_start >= $4)"
            );
            let n = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(to_event)
                .bind(&seconds)
                .bind(from_event)
                .bind(since)
                .execute(&mut *self.tx)
                .await?
                .rows_affected();
            if table == "event_signups" {
                moved = u32::try_from(n).unwrap_or(u32::MAX);
            }
        }
        Ok(moved)
    }

    /// Moves waiting people up wherever a series' occurrences have free seats (after its
    /// capacity grew).
    pub(crate) async fn promote_waitlists(&mut self, event_id: i64) -> Result<()> {
        let rows: Vec<(DateTime<Utc>, Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT DISTINCT s.occurrence_start, o.capacity, e.capacity FROM event_signups s
             JOIN events e ON e.id = s.event_id
             LEFT JOIN event_overrides o ON o.event_id = s.event_id AND o.occurrence_start = s.occurrence_start
             WHERE s.event_id = $1 AND s.status = 'waitlisted'",
        )
        .bind(event_id)
        .fetch_all(&mut *self.tx)
        .await?;
        for (at, own, series) in rows {
            self.promote_waitlist(event_id, at, own.or(series).map(to_u32)).await?;
        }
        Ok(())
    }

    /// Fills free seats of one occurrence from its waitlist, first come first served.
    /// Returns the ids moved up.
    pub(crate) async fn promote_waitlist(
        &mut self,
        event_id: i64,
        at: DateTime<Utc>,
        capacity: Option<u32>,
    ) -> Result<Vec<i64>> {
        let (confirmed,): (i64,) = sqlx::query_as(
            "SELECT count(*) FROM event_signups WHERE event_id = $1 AND occurrence_start = $2 AND status = 'confirmed'",
        )
        .bind(event_id)
        .bind(at)
        .fetch_one(&mut *self.tx)
        .await?;
        let free = capacity.map_or(i64::MAX, |c| i64::from(c) - confirmed);
        if free <= 0 {
            return Ok(Vec::new());
        }
        let ids: Vec<(i64,)> = sqlx::query_as(
            "UPDATE event_signups SET status = 'confirmed', promoted_at = $1
             WHERE id IN (SELECT id FROM event_signups WHERE event_id = $2 AND occurrence_start = $3
                          AND status = 'waitlisted' ORDER BY id LIMIT $4)
             RETURNING id",
        )
        .bind(self.now)
        .bind(event_id)
        .bind(at)
        .bind(free)
        .fetch_all(&mut *self.tx)
        .await?;
        let mut ids: Vec<i64> = ids.into_iter().map(|(id,)| id).collect();
        ids.sort_unstable();
        for id in &ids {
            let c: Vec<FieldChange> = FieldChange::change(
                "status",
                Some(SignupStatus::Waitlisted.label()),
                Some(SignupStatus::Confirmed.label()),
            )
            .into_iter()
            .collect();
            self.audit("event_signup", *id, "promote", &c).await?;
        }
        Ok(ids)
    }

    pub(crate) async fn insert_signup(
        &mut self,
        key: OccurrenceKey,
        name: &str,
        phone: Option<&str>,
        note: Option<&str>,
        capacity: Option<u32>,
    ) -> Result<i64> {
        let dup: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM event_signups WHERE event_id = $1 AND occurrence_start = $2 AND status <> 'cancelled'
               AND name = $3 AND coalesce(phone, '') = coalesce($4, '')",
        )
        .bind(key.event_id)
        .bind(key.occurrence_start)
        .bind(name)
        .bind(phone)
        .fetch_optional(&mut *self.tx)
        .await?;
        if dup.is_some() {
            return Err(CoreError::Invalid(vec![FieldError::new(
                "name",
                format!("{name} 已报名这次活动，无需重复报名"),
            )]));
        }
        let (confirmed,): (i64,) = sqlx::query_as(
            "SELECT count(*) FROM event_signups WHERE event_id = $1 AND occurrence_start = $2 AND status = 'confirmed'",
        )
        .bind(key.event_id)
        .bind(key.occurrence_start)
        .fetch_one(&mut *self.tx)
        .await?;
        let status = match capacity {
            Some(c) if confirmed >= i64::from(c) => SignupStatus::Waitlisted,
            _ => SignupStatus::Confirmed,
        };
        let id = sqlx::query(
            "INSERT INTO event_signups (station_id, event_id, occurrence_start, name, phone, note, status, signed_up_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(self.actor().station_id)
        .bind(key.event_id)
        .bind(key.occurrence_start)
        .bind(name)
        .bind(phone)
        .bind(note)
        .bind(status.code())
        .bind(self.now)
        .execute(&mut *self.tx)
        .await?
        .last_insert_rowid();
        let c = changes(&[
            ("event", Some(key.event_id.to_string())),
            ("occurrence", Some(china_hm(key.occurrence_start))),
            ("name", Some(name.to_owned())),
            ("status", Some(status.label().to_owned())),
        ]);
        self.audit("event_signup", id, "create", &c).await?;
        Ok(id)
    }

    pub(crate) async fn cancel_signup(&mut self, s: &Signup) -> Result<()> {
        sqlx::query(
            "UPDATE event_signups SET status = 'cancelled', cancelled_at = $1 WHERE id = $2 AND station_id = $3",
        )
        .bind(self.now)
        .bind(s.id)
        .bind(self.actor().station_id)
        .execute(&mut *self.tx)
        .await?;
        let c: Vec<FieldChange> =
            FieldChange::change("status", Some(s.status.label()), Some(SignupStatus::Cancelled.label()))
                .into_iter()
                .collect();
        self.audit("event_signup", s.id, "cancel", &c).await
    }

    pub(crate) async fn check_in(&mut self, s: &Signup) -> Result<()> {
        sqlx::query("UPDATE event_signups SET checked_in_at = $1 WHERE id = $2 AND station_id = $3")
            .bind(self.now)
            .bind(s.id)
            .bind(self.actor().station_id)
            .execute(&mut *self.tx)
            .await?;
        let c: Vec<FieldChange> = FieldChange::set("checkedIn", Some(&china_hm(self.now))).into_iter().collect();
        self.audit("event_signup", s.id, "check_in", &c).await
    }

    pub(crate) async fn insert_walk_in(
        &mut self,
        key: OccurrenceKey,
        name: Option<String>,
        people: u32,
    ) -> Result<WalkIn> {
        let id = sqlx::query(
            "INSERT INTO event_walkins (station_id, event_id, occurrence_start, name, people, at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(self.actor().station_id)
        .bind(key.event_id)
        .bind(key.occurrence_start)
        .bind(&name)
        .bind(i64::from(people))
        .bind(self.now)
        .execute(&mut *self.tx)
        .await?
        .last_insert_rowid();
        let c = changes(&[
            ("event", Some(key.event_id.to_string())),
            ("occurrence", Some(china_hm(key.occurrence_start))),
            ("name", name.clone()),
            ("people", Some(people.to_string())),
        ]);
        self.audit("event_walkin", id, "create", &c).await?;
        Ok(WalkIn { id, name, people, at: self.now })
    }

    /// Person-times and volunteers' minutes of an occurrence; replaces earlier figures.
    pub(crate) async fn record_served(
        &mut self,
        key: OccurrenceKey,
        day: NaiveDate,
        served: u32,
        note: Option<&str>,
        minutes: &[(String, i64)],
    ) -> Result<()> {
        let actor = self.actor().clone();
        sqlx::query(
            "INSERT INTO event_served (station_id, event_id, occurrence_start, served, note, recorded_at, recorded_by_name)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (event_id, occurrence_start) DO UPDATE SET served = $4, note = $5, recorded_at = $6,
                recorded_by_name = $7",
        )
        .bind(actor.station_id)
        .bind(key.event_id)
        .bind(key.occurrence_start)
        .bind(i64::from(served))
        .bind(note)
        .bind(self.now)
        .bind(&actor.staff_name)
        .execute(&mut *self.tx)
        .await?;
        sqlx::query("DELETE FROM volunteer_hours WHERE event_id = $1 AND occurrence_start = $2")
            .bind(key.event_id)
            .bind(key.occurrence_start)
            .execute(&mut *self.tx)
            .await?;
        for (volunteer, m) in minutes {
            sqlx::query(
                "INSERT INTO volunteer_hours (station_id, event_id, occurrence_start, volunteer, day, minutes, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(actor.station_id)
            .bind(key.event_id)
            .bind(key.occurrence_start)
            .bind(volunteer)
            .bind(day)
            .bind(m)
            .bind(self.now)
            .execute(&mut *self.tx)
            .await?;
        }
        let total: i64 = minutes.iter().map(|(_, m)| m).sum();
        let c = changes(&[
            ("occurrence", Some(china_hm(key.occurrence_start))),
            ("served", Some(served.to_string())),
            ("volunteerMinutes", Some(total.to_string())),
        ]);
        self.audit("event", key.event_id, "record_served", &c).await
    }

    // ---- errands ----

    pub(crate) async fn seed_errand_types(&mut self, names: &[&str]) -> Result<()> {
        let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM errand_types WHERE station_id = $1")
            .bind(self.actor().station_id)
            .fetch_one(&mut *self.tx)
            .await?;
        if n > 0 {
            return Ok(());
        }
        for (i, name) in names.iter().enumerate() {
            self.insert_errand_type(name, i as i64 + 1).await?;
        }
        Ok(())
    }

    pub(crate) async fn insert_errand_type(&mut self, name: &str, sort_order: i64) -> Result<i64> {
        let id =
            sqlx::query("INSERT INTO errand_types (station_id, name, sort_order, active) VALUES ($1, $2, $3, TRUE)")
                .bind(self.actor().station_id)
                .bind(name)
                .bind(sort_order)
                .execute(&mut *self.tx)
                .await?
                .last_insert_rowid();
        let c: Vec<FieldChange> = FieldChange::set("name", Some(name)).into_iter().collect();
        self.audit("errand_type", id, "create", &c).await?;
        Ok(id)
    }

    pub(crate) async fn update_errand_type(&mut self, before: &ErrandType, name: &str, active: bool) -> Result<()> {
        sqlx::query("UPDATE errand_types SET name = $1, active = $2 WHERE id = $3 AND station_id = $4")
            .bind(name)
            .bind(active)
            .bind(before.id)
            .bind(self.actor().station_id)
            .execute(&mut *self.tx)
            .await?;
        let flag = |b: bool| if b { "启用" } else { "停用" };
        let c: Vec<FieldChange> = [
            FieldChange::change("name", Some(&before.name), Some(name)),
            FieldChange::change("active", Some(flag(before.active)), Some(flag(active))),
        ]
        .into_iter()
        .flatten()
        .collect();
        self.audit("errand_type", before.id, "update", &c).await
    }

    pub(crate) async fn insert_errand(&mut self, e: &ValidErrand) -> Result<i64> {
        let actor = self.actor().clone();
        let ty: Option<(String, bool)> =
            sqlx::query_as("SELECT name, active FROM errand_types WHERE id = $1 AND station_id = $2")
                .bind(e.type_id)
                .bind(actor.station_id)
                .fetch_optional(&mut *self.tx)
                .await?;
        let Some((type_name, true)) = ty else {
            return Err(CoreError::invalid("typeId", "办理事项不在本站的列表中，请从列表中选择（可在“设置”里维护）"));
        };
        let staff_name = match e.staff_id {
            Some(id) => {
                let row: Option<(String,)> = sqlx::query_as("SELECT name FROM staff WHERE id = $1 AND station_id = $2")
                    .bind(id)
                    .bind(actor.station_id)
                    .fetch_optional(&mut *self.tx)
                    .await?;
                row.map(|(n,)| n)
                    .ok_or_else(|| CoreError::invalid("staffId", "所选工作人员不在本站名单中，请重新选择"))?
            }
            None => actor.staff_name.clone(),
        };
        let id = sqlx::query(
            "INSERT INTO errands (station_id, type_id, resident_name, phone, at, staff_id, staff_name, place, event_id,
                occurrence_start, outcome, note, created_at, created_by_name)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(actor.station_id)
        .bind(e.type_id)
        .bind(&e.resident_name)
        .bind(&e.phone)
        .bind(e.at)
        .bind(e.staff_id)
        .bind(&staff_name)
        .bind(&e.place)
        .bind(e.event_id)
        .bind(e.occurrence_start)
        .bind(e.outcome.code())
        .bind(&e.note)
        .bind(self.now)
        .bind(&actor.staff_name)
        .execute(&mut *self.tx)
        .await?
        .last_insert_rowid();
        let c = changes(&[
            ("type", Some(type_name)),
            ("residentName", e.resident_name.clone()),
            ("at", Some(china_hm(e.at))),
            ("staff", Some(staff_name)),
            ("place", e.place.clone()),
            ("outcome", Some(e.outcome.label().to_owned())),
        ]);
        self.audit("errand", id, "create", &c).await?;
        Ok(id)
    }

    // ---- meetings ----

    async fn check_meeting_refs(&mut self, m: &ValidMeeting) -> Result<()> {
        let mut errors = Vec::new();
        if !self.missing_ids("parties", &m.party_ids).await?.is_empty() {
            errors.push(FieldError::new("partyIds", "所选单位或居民代表不在本站的相关方名录中，请刷新后重新选择"));
        }
        if !self.missing_ids("staff", &m.staff_ids).await?.is_empty() {
            errors.push(FieldError::new("staffIds", "所选工作人员不在本站名单中，请刷新后重新选择"));
        }
        let case_ids: Vec<i64> = m.agenda.iter().filter_map(|a| a.1).collect();
        let missing = self.missing_ids("cases", &case_ids).await?;
        for (i, a) in m.agenda.iter().enumerate() {
            if a.1.is_some_and(|c| missing.contains(&c)) {
                errors.push(FieldError::new(&format!("agenda.{i}.caseId"), "关联的诉求不存在，请重新选择"));
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(CoreError::Invalid(errors)) }
    }

    async fn write_meeting_children(&mut self, id: i64, m: &ValidMeeting) -> Result<()> {
        for table in ["meeting_parties", "meeting_staff", "meeting_agenda"] {
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE meeting_id = $1")))
                .bind(id)
                .execute(&mut *self.tx)
                .await?;
        }
        sqlx::query("INSERT INTO meeting_parties (meeting_id, party_id) SELECT $1, value FROM json_each($2)")
            .bind(id)
            .bind(json(&m.party_ids))
            .execute(&mut *self.tx)
            .await?;
        sqlx::query("INSERT INTO meeting_staff (meeting_id, staff_id) SELECT $1, value FROM json_each($2)")
            .bind(id)
            .bind(json(&m.staff_ids))
            .execute(&mut *self.tx)
            .await?;
        for (i, (title, case_id, note)) in m.agenda.iter().enumerate() {
            sqlx::query(
                "INSERT INTO meeting_agenda (meeting_id, position, title, case_id, note) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(i as i64 + 1)
            .bind(title)
            .bind(case_id)
            .bind(note)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }

    pub(crate) async fn insert_meeting(&mut self, m: &ValidMeeting) -> Result<i64> {
        self.check_meeting_refs(m).await?;
        let actor = self.actor().clone();
        let id = sqlx::query(
            "INSERT INTO meetings (station_id, kind, title, purpose, starts_at, ends_at, place, contact_person,
                contact_phone, created_at, created_by_name, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10)",
        )
        .bind(actor.station_id)
        .bind(m.kind.code())
        .bind(&m.title)
        .bind(&m.purpose)
        .bind(m.start)
        .bind(m.end)
        .bind(&m.place)
        .bind(&m.contact_person)
        .bind(&m.contact_phone)
        .bind(self.now)
        .bind(&actor.staff_name)
        .execute(&mut *self.tx)
        .await?
        .last_insert_rowid();
        self.write_meeting_children(id, m).await?;
        let c = changes(&[
            ("kind", Some(m.kind.label().to_owned())),
            ("title", Some(m.title.clone())),
            ("start", Some(china_hm(m.start))),
            ("place", Some(m.place.clone())),
            ("parties", Some(json(&m.party_ids))),
            ("agenda", Some(m.agenda.iter().map(|a| a.0.as_str()).collect::<Vec<_>>().join("；"))),
        ]);
        self.audit("meeting", id, "create", &c).await?;
        Ok(id)
    }

    pub(crate) async fn update_meeting(&mut self, before: &Meeting, m: &ValidMeeting) -> Result<()> {
        self.check_meeting_refs(m).await?;
        sqlx::query(
            "UPDATE meetings SET kind = $1, title = $2, purpose = $3, starts_at = $4, ends_at = $5, place = $6,
                contact_person = $7, contact_phone = $8, updated_at = $9 WHERE id = $10 AND station_id = $11",
        )
        .bind(m.kind.code())
        .bind(&m.title)
        .bind(&m.purpose)
        .bind(m.start)
        .bind(m.end)
        .bind(&m.place)
        .bind(&m.contact_person)
        .bind(&m.contact_phone)
        .bind(self.now)
        .bind(before.id)
        .bind(self.actor().station_id)
        .execute(&mut *self.tx)
        .await?;
        self.write_meeting_children(before.id, m).await?;
        let before_agenda = before.agenda.iter().map(|a| a.title.as_str()).collect::<Vec<_>>().join("；");
        let after_agenda = m.agenda.iter().map(|a| a.0.as_str()).collect::<Vec<_>>().join("；");
        let c: Vec<FieldChange> = [
            FieldChange::change("title", Some(&before.title), Some(&m.title)),
            FieldChange::change("start", Some(&china_hm(before.start)), Some(&china_hm(m.start))),
            FieldChange::change("place", Some(&before.place), Some(&m.place)),
            FieldChange::change("purpose", before.purpose.as_deref(), m.purpose.as_deref()),
            FieldChange::change("agenda", Some(&before_agenda), Some(&after_agenda)),
        ]
        .into_iter()
        .flatten()
        .collect();
        self.audit("meeting", before.id, "update", &c).await
    }

    pub(crate) async fn set_meeting_status(&mut self, before: &Meeting, status: MeetingStatus) -> Result<()> {
        sqlx::query("UPDATE meetings SET status = $1, updated_at = $2 WHERE id = $3 AND station_id = $4")
            .bind(status.code())
            .bind(self.now)
            .bind(before.id)
            .bind(self.actor().station_id)
            .execute(&mut *self.tx)
            .await?;
        let c: Vec<FieldChange> =
            FieldChange::change("status", Some(before.status.label()), Some(status.label())).into_iter().collect();
        self.audit("meeting", before.id, "update", &c).await
    }

    pub(crate) async fn record_meeting_outcome(
        &mut self,
        before: &Meeting,
        parties: &[i64],
        staff: &[i64],
        others: &[String],
        minutes: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE meetings SET status = 'held', minutes = $1, other_attendees = $2, updated_at = $3
             WHERE id = $4 AND station_id = $5",
        )
        .bind(minutes)
        .bind(json(&others))
        .bind(self.now)
        .bind(before.id)
        .bind(self.actor().station_id)
        .execute(&mut *self.tx)
        .await?;
        sqlx::query(
            "UPDATE meeting_parties SET attended = party_id IN (SELECT value FROM json_each($1)) WHERE meeting_id = $2",
        )
        .bind(json(&parties))
        .bind(before.id)
        .execute(&mut *self.tx)
        .await?;
        sqlx::query(
            "UPDATE meeting_staff SET attended = staff_id IN (SELECT value FROM json_each($1)) WHERE meeting_id = $2",
        )
        .bind(json(&staff))
        .bind(before.id)
        .execute(&mut *self.tx)
        .await?;
        let came: Vec<&str> = before
            .parties
            .iter()
            .filter(|p| parties.contains(&p.party_id))
            .map(|p| p.name.as_str())
            .chain(before.staff.iter().filter(|s| staff.contains(&s.staff.id)).map(|s| s.staff.name.as_str()))
            .chain(others.iter().map(String::as_str))
            .collect();
        let c: Vec<FieldChange> = [
            FieldChange::change("status", Some(before.status.label()), Some(MeetingStatus::Held.label())),
            FieldChange::set("attendees", Some(&came.join("、"))),
            FieldChange::change("minutes", before.minutes.as_deref(), minutes),
        ]
        .into_iter()
        .flatten()
        .collect();
        self.audit("meeting", before.id, "record_outcome", &c).await
    }

    pub(crate) async fn insert_decision(
        &mut self,
        meeting_id: i64,
        position: u32,
        d: &ValidDecision,
        moved: bool,
    ) -> Result<i64> {
        let id = sqlx::query(
            "INSERT INTO meeting_decisions (meeting_id, position, text, case_id, case_to_status, case_moved, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(meeting_id)
        .bind(i64::from(position))
        .bind(&d.text)
        .bind(d.case_id)
        .bind(d.move_case_to.map(|s| s.code()))
        .bind(moved)
        .bind(self.now)
        .execute(&mut *self.tx)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.message().contains("FOREIGN KEY") => {
                CoreError::invalid("decisions", "决定关联的诉求不存在，请重新选择")
            }
            _ => CoreError::Database(e),
        })?
        .last_insert_rowid();
        let c = changes(&[
            ("meeting", Some(meeting_id.to_string())),
            ("text", Some(d.text.clone())),
            ("case", d.case_id.map(|c| c.to_string())),
            ("caseTo", d.move_case_to.map(|s| s.label().to_owned())),
        ]);
        self.audit("meeting_decision", id, "create", &c).await?;
        Ok(id)
    }

    // ---- reminders ----

    /// Marks a reminder shown; false if it already was.
    pub(crate) async fn mark_reminded(&mut self, kind: &str, ref_id: i64, at: DateTime<Utc>) -> Result<bool> {
        let n = sqlx::query(
            "INSERT INTO reminders_sent (station_id, kind, ref_id, at, sent_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING",
        )
        .bind(self.actor().station_id)
        .bind(kind)
        .bind(ref_id)
        .bind(at)
        .bind(self.now)
        .execute(&mut *self.tx)
        .await?
        .rows_affected();
        if n == 1 {
            let c: Vec<FieldChange> = FieldChange::set("at", Some(&china_hm(at))).into_iter().collect();
            self.audit(&format!("reminder_{kind}"), ref_id, "remind", &c).await?;
        }
        Ok(n == 1)
    }
}

fn event_changes(e: &ValidEvent) -> Vec<FieldChange> {
    changes(&[
        ("kind", Some(e.kind.label().to_owned())),
        ("title", Some(e.title.clone())),
        ("start", Some(china_hm(e.start))),
        ("end", Some(china_hm(e.end))),
        ("place", Some(e.place.clone())),
        ("partners", (!e.partners.is_empty()).then(|| e.partners.join("、"))),
        ("volunteers", (!e.volunteers.is_empty()).then(|| e.volunteers.join("、"))),
        ("rrule", e.rrule.clone()),
        ("exdates", (!e.exdates.is_empty()).then(|| json(&e.exdates))),
        ("capacity", e.capacity.map(|c| c.to_string())),
    ])
}

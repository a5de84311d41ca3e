//! The calendar: event occurrences (expanded from their series, with "this one" edits
//! applied) and meetings in a date range, with sign-up counts; the day agenda of the home
//! page; and double-booking warnings.
//!
//! A window reads only the series that can reach it (`series_end`), expands each from its
//! DTSTART up to the window's end, and counts sign-ups for the whole window in one
//! grouped query, so a month of 2,000 occurrences costs a handful of statements.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use stationdesk_model::deadlines::Calendar;

use super::events::{self, Event};
use super::recurrence::Recurrence;
use super::{
    Conflict, ConflictReason, EventKind, ItemSource, MeetingStatus, OccurrenceKey, StaffRef, china_hm, china_midnight,
    same_place,
};
use crate::error::{CoreError, Result};
use crate::store::Store;

/// One entry of the calendar: an event occurrence or a meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CalendarItem {
    pub source: ItemSource,
    /// The event series' id or the meeting's id.
    pub id: i64,
    /// For an event, the occurrence's original start: with `id` it names the occurrence
    /// for sign-ups and edits. For a meeting, its start.
    pub occurrence_start: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub title: String,
    /// `clinic`, `consultation`, … (the event's or meeting's kind code).
    pub kind: String,
    pub kind_label: String,
    pub place: String,
    pub description: Option<String>,
    pub staff: Vec<StaffRef>,
    pub volunteers: Vec<String>,
    /// Event partners, or a meeting's invited organisations and representatives.
    pub partners: Vec<String>,
    pub capacity: Option<u32>,
    pub confirmed: u32,
    pub waitlisted: u32,
    pub checked_in: u32,
    /// People who came without signing up.
    pub walk_ins: u32,
    /// 受益人次: as recorded, else checked-in plus walk-ins.
    pub served: u32,
    pub served_recorded: bool,
    pub recurring: bool,
    /// This occurrence was edited on its own ("this one").
    pub modified: bool,
    pub cancelled: bool,
}

/// A date range (China dates, both ends included) and filters.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CalendarQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Only events or only meetings.
    #[serde(default)]
    pub source: Option<ItemSource>,
    #[serde(default)]
    pub event_kind: Option<EventKind>,
    /// Part of the place's name: 广场 finds 南门广场.
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub staff_id: Option<i64>,
    #[serde(default)]
    pub include_cancelled: bool,
}

/// The home page's day: what is on, in order, and how many errands were logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DayAgenda {
    pub date: NaiveDate,
    pub items: Vec<CalendarItem>,
    pub errands_logged: u32,
}

/// The longest a calendar query may span: a year and a day.
pub const MAX_RANGE_DAYS: i64 = 366;
/// Conflicts are looked for this far ahead of a recurring event's start.
pub const CONFLICT_HORIZON_DAYS: i64 = 366;
pub const MAX_CONFLICTS: usize = 50;

/// A "this one" edit or cancellation as stored; `None` fields follow the series.
#[derive(Debug, Clone, Default)]
pub(crate) struct Override {
    pub cancelled: bool,
    pub title: Option<String>,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub place: Option<String>,
    pub staff_ids: Option<Vec<i64>>,
    pub volunteers: Option<Vec<String>>,
    pub description: Option<String>,
    pub capacity: Option<u32>,
}

/// Sign-up and attendance figures of one occurrence.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tally {
    pub confirmed: u32,
    pub waitlisted: u32,
    pub checked_in: u32,
    pub walk_ins: u32,
    pub served: Option<u32>,
}

/// A series as the calendar reads it: the stored event and its staff ids.
#[derive(Debug, Clone)]
pub(crate) struct SeriesRow {
    pub event: Event,
    pub staff_ids: Vec<i64>,
}

/// A meeting as the calendar reads it.
#[derive(Debug, Clone)]
pub(crate) struct MeetingRow {
    pub id: i64,
    pub kind: super::MeetingKind,
    pub title: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub place: String,
    pub status: MeetingStatus,
    pub staff_ids: Vec<i64>,
    pub parties: Vec<String>,
}

/// One expanded occurrence before counts are attached.
#[derive(Debug, Clone)]
pub(crate) struct Expanded<'a> {
    pub key: OccurrenceKey,
    pub series: &'a SeriesRow,
    pub ovr: Option<&'a Override>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Occurrences of `series` overlapping [from, to), "this one" edits applied (a moved
/// occurrence shows where it was moved to), in no particular order. `holidays` is the
/// station's calendar when a series skips holidays ([`events::holidays_if`]).
pub(crate) fn expand<'a>(
    series: &'a [SeriesRow],
    overrides: &'a HashMap<OccurrenceKey, Override>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    include_cancelled: bool,
    holidays: Option<&Arc<Calendar>>,
) -> Vec<Expanded<'a>> {
    let mut out = Vec::new();
    let mut seen: HashSet<OccurrenceKey> = HashSet::new();
    let by_id: HashMap<i64, &SeriesRow> = series.iter().map(|s| (s.event.id, s)).collect();
    for s in series {
        let e = &s.event;
        if e.cancelled && !include_cancelled {
            continue;
        }
        let Ok(recurrence) = e.recurrence(holidays) else { continue };
        let duration = e.end - e.start;
        // Reach back a day so an occurrence moved into the window by an override is seen.
        for at in recurrence.starts_between(duration, from - Duration::days(1), to + Duration::days(1)) {
            let key = OccurrenceKey { event_id: e.id, occurrence_start: at };
            seen.insert(key);
            push(&mut out, key, s, overrides.get(&key), from, to, include_cancelled);
        }
    }
    // Occurrences moved into the window from further away.
    for (key, ovr) in overrides {
        if seen.contains(key) {
            continue;
        }
        let Some(s) = by_id.get(&key.event_id) else { continue };
        if s.event.cancelled && !include_cancelled {
            continue;
        }
        let Ok(recurrence) = s.event.recurrence(holidays) else { continue };
        if recurrence.occurs_at(key.occurrence_start) {
            push(&mut out, *key, s, Some(ovr), from, to, include_cancelled);
        }
    }
    out
}

fn push<'a>(
    out: &mut Vec<Expanded<'a>>,
    key: OccurrenceKey,
    series: &'a SeriesRow,
    ovr: Option<&'a Override>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    include_cancelled: bool,
) {
    let e = &series.event;
    let start = ovr.and_then(|o| o.start).unwrap_or(key.occurrence_start);
    let end = ovr.and_then(|o| o.end).unwrap_or(key.occurrence_start + (e.end - e.start));
    let cancelled = e.cancelled || ovr.is_some_and(|o| o.cancelled);
    if start < to && end > from && (include_cancelled || !cancelled) {
        out.push(Expanded { key, series, ovr, start, end });
    }
}

/// Builds the calendar entry of an expanded occurrence.
pub(crate) fn event_item(x: &Expanded<'_>, tally: Tally, staff_names: &HashMap<i64, String>) -> CalendarItem {
    let e = &x.series.event;
    let o = x.ovr;
    let staff_ids = o.and_then(|o| o.staff_ids.as_ref()).unwrap_or(&x.series.staff_ids);
    let mut item = CalendarItem {
        source: ItemSource::Event,
        id: e.id,
        occurrence_start: x.key.occurrence_start,
        start: x.start,
        end: x.end,
        title: o.and_then(|o| o.title.clone()).unwrap_or_else(|| e.title.clone()),
        kind: e.kind.code().to_owned(),
        kind_label: e.kind.label().to_owned(),
        place: o.and_then(|o| o.place.clone()).unwrap_or_else(|| e.place.clone()),
        description: match o.and_then(|o| o.description.clone()) {
            Some(d) => Some(d).filter(|d| !d.is_empty()),
            None => e.description.clone(),
        },
        staff: staff_refs(staff_ids, staff_names),
        volunteers: o.and_then(|o| o.volunteers.clone()).unwrap_or_else(|| e.volunteers.clone()),
        partners: e.partners.clone(),
        capacity: o.and_then(|o| o.capacity).or(e.capacity),
        confirmed: 0,
        waitlisted: 0,
        checked_in: 0,
        walk_ins: 0,
        served: 0,
        served_recorded: false,
        recurring: e.rrule.is_some(),
        modified: o.is_some_and(|o| !o.cancelled),
        cancelled: e.cancelled || o.is_some_and(|o| o.cancelled),
    };
    set_tally(&mut item, tally);
    item
}

/// An occurrence's sign-up and attendance figures; 受益人次 is the recorded figure, else
/// those checked in plus walk-ins.
fn set_tally(item: &mut CalendarItem, tally: Tally) {
    item.confirmed = tally.confirmed;
    item.waitlisted = tally.waitlisted;
    item.checked_in = tally.checked_in;
    item.walk_ins = tally.walk_ins;
    item.served = tally.served.unwrap_or(tally.checked_in + tally.walk_ins);
    item.served_recorded = tally.served.is_some();
}

pub(crate) fn meeting_item(m: &MeetingRow, staff_names: &HashMap<i64, String>) -> CalendarItem {
    CalendarItem {
        source: ItemSource::Meeting,
        id: m.id,
        occurrence_start: m.start,
        start: m.start,
        end: m.end,
        title: m.title.clone(),
        kind: m.kind.code().to_owned(),
        kind_label: m.kind.label().to_owned(),
        place: m.place.clone(),
        description: None,
        staff: staff_refs(&m.staff_ids, staff_names),
        volunteers: Vec::new(),
        partners: m.parties.clone(),
        capacity: None,
        confirmed: 0,
        waitlisted: 0,
        checked_in: 0,
        walk_ins: 0,
        served: 0,
        served_recorded: false,
        recurring: false,
        modified: false,
        cancelled: m.status == MeetingStatus::Cancelled,
    }
}

fn staff_refs(ids: &[i64], names: &HashMap<i64, String>) -> Vec<StaffRef> {
    ids.iter()
        .map(|id| StaffRef { id: *id, name: names.get(id).cloned().unwrap_or_else(|| format!("#{id}")) })
        .collect()
}

/// Every event occurrence and meeting overlapping [from, to), sorted by start.
pub(crate) async fn window(
    store: &Store,
    station_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    include_cancelled: bool,
) -> Result<Vec<CalendarItem>> {
    // The counts are read on their own connection while the series are read and expanded.
    // The rules place every occurrence of the window within a day of it; one moved in from
    // further away by a "this one" edit has its counts read by itself below.
    let (lo, hi) = (from - Duration::days(1), to + Duration::days(1));
    let listing = async {
        let (series, overrides, staff) = tokio::try_join!(
            store.series_in_window(station_id, from, to),
            store.overrides_in_window(station_id, from, to),
            store.staff(station_id),
        )?;
        let staff_names: HashMap<i64, String> = staff.into_iter().map(|s| (s.id, s.name)).collect();
        let skipping = series.iter().any(|s| s.event.skip_holidays);
        let holidays = events::holidays_if(store, station_id, skipping).await?;
        let expanded = expand(&series, &overrides, from, to, include_cancelled, holidays.as_ref());
        let mut items: Vec<CalendarItem> =
            expanded.iter().map(|x| event_item(x, Tally::default(), &staff_names)).collect();
        for m in store.meetings_in_window(station_id, from, to).await? {
            if include_cancelled || m.status != MeetingStatus::Cancelled {
                items.push(meeting_item(&m, &staff_names));
            }
        }
        Ok::<_, CoreError>(items)
    };
    let (mut items, tallies) = tokio::try_join!(listing, store.tallies(station_id, lo, hi))?;
    for item in items.iter_mut().filter(|i| i.source == ItemSource::Event) {
        let key = OccurrenceKey { event_id: item.id, occurrence_start: item.occurrence_start };
        let tally = match tallies.get(&key) {
            Some(t) => *t,
            None if key.occurrence_start < lo || key.occurrence_start > hi => {
                store.tallies_for(station_id, key).await?
            }
            None => Tally::default(),
        };
        set_tally(item, tally);
    }
    items.sort_by(|a, b| (a.start, a.source.code(), a.id).cmp(&(b.start, b.source.code(), b.id)));
    Ok(items)
}

// ---- services ----

/// The month or week view: occurrences and meetings between two China dates (both
/// included), with sign-up counts, filtered.
pub async fn range(store: &Store, station_id: i64, q: &CalendarQuery) -> Result<Vec<CalendarItem>> {
    stationdesk_model::input::period(q.from, q.to)?;
    if (q.to - q.from).num_days() >= MAX_RANGE_DAYS {
        return Err(CoreError::invalid("to", "一次最多查询一年的日程，请缩小日期范围"));
    }
    let from = china_midnight(q.from);
    let to = china_midnight(q.to + Duration::days(1));
    let place = q.place.as_deref().map(str::trim).filter(|p| !p.is_empty());
    let items = window(store, station_id, from, to, q.include_cancelled).await?;
    Ok(items
        .into_iter()
        .filter(|i| q.source.is_none_or(|s| s == i.source))
        .filter(|i| q.event_kind.is_none_or(|k| i.source == ItemSource::Event && i.kind == k.code()))
        .filter(|i| place.is_none_or(|p| i.place.contains(p)))
        .filter(|i| q.staff_id.is_none_or(|id| i.staff.iter().any(|s| s.id == id)))
        .collect())
}

/// The home page's day: what is on that China date, and the errands logged.
pub async fn day_agenda(store: &Store, station_id: i64, date: NaiveDate) -> Result<DayAgenda> {
    let date = stationdesk_model::input::date_in_range("date", "日期", date)?;
    let from = china_midnight(date);
    let to = china_midnight(date + Duration::days(1));
    let items = window(store, station_id, from, to, false).await?;
    let errands_logged = store.errand_count(station_id, from, to).await?;
    Ok(DayAgenda { date, items, errands_logged })
}

/// One occurrence of an event, with its counts; an error if the series has none then.
pub(crate) async fn occurrence_item(
    store: &Store,
    station_id: i64,
    event_id: i64,
    occurrence_start: DateTime<Utc>,
) -> Result<CalendarItem> {
    stationdesk_model::input::instant_in_range("occurrenceStart", "活动时间", occurrence_start)?;
    let event = events::get(store, station_id, event_id).await?;
    let holidays = events::holidays_if(store, station_id, event.skip_holidays).await?;
    let recurrence = event.recurrence(holidays.as_ref())?;
    if !recurrence.occurs_at(occurrence_start) {
        return Err(CoreError::NotFound(format!("该活动在 {} 没有安排，请刷新日历后重试", china_hm(occurrence_start))));
    }
    let key = OccurrenceKey { event_id, occurrence_start };
    let staff_ids = event.staff.iter().map(|s| s.id).collect();
    let staff_names: HashMap<i64, String> = event.staff.iter().map(|s| (s.id, s.name.clone())).collect();
    let series = SeriesRow { event, staff_ids };
    let ovr = store.override_for(key).await?;
    let mut names = staff_names;
    if ovr.as_ref().is_some_and(|o| o.staff_ids.is_some()) {
        names = store.staff(station_id).await?.into_iter().map(|s| (s.id, s.name)).collect();
    }
    let e = &series.event;
    let start = ovr.as_ref().and_then(|o| o.start).unwrap_or(occurrence_start);
    let end = ovr.as_ref().and_then(|o| o.end).unwrap_or(occurrence_start + (e.end - e.start));
    let x = Expanded { key, series: &series, ovr: ovr.as_ref(), start, end };
    let tally = store.tallies_for(station_id, key).await?;
    Ok(event_item(&x, tally, &names))
}

/// Double bookings of a series over its first year: for each occurrence, other events and
/// meetings at overlapping times in the same place or with a shared staff member.
pub(crate) async fn conflicts_for_event(
    store: &Store,
    station_id: i64,
    event: &Event,
    recurrence: &Recurrence,
) -> Result<Vec<Conflict>> {
    if event.cancelled {
        return Ok(Vec::new());
    }
    let duration = event.end - event.start;
    let horizon = event.start + Duration::days(CONFLICT_HORIZON_DAYS);
    let slots: Vec<(DateTime<Utc>, DateTime<Utc>)> =
        recurrence.starts_between(duration, event.start, horizon).into_iter().map(|s| (s, s + duration)).collect();
    let staff: Vec<i64> = event.staff.iter().map(|s| s.id).collect();
    conflicts_for_slots(store, station_id, &slots, &event.place, &staff, (ItemSource::Event, event.id)).await
}

/// Double bookings of one calendar entry (an edited occurrence or a meeting).
pub(crate) async fn conflicts_for_item(store: &Store, station_id: i64, item: &CalendarItem) -> Result<Vec<Conflict>> {
    if item.cancelled {
        return Ok(Vec::new());
    }
    let staff: Vec<i64> = item.staff.iter().map(|s| s.id).collect();
    conflicts_for_slots(store, station_id, &[(item.start, item.end)], &item.place, &staff, (item.source, item.id)).await
}

async fn conflicts_for_slots(
    store: &Store,
    station_id: i64,
    slots: &[(DateTime<Utc>, DateTime<Utc>)],
    place: &str,
    staff: &[i64],
    me: (ItemSource, i64),
) -> Result<Vec<Conflict>> {
    let (Some(from), Some(to)) = (slots.iter().map(|s| s.0).min(), slots.iter().map(|s| s.1).max()) else {
        return Ok(Vec::new());
    };
    let others = window(store, station_id, from, to, false).await?;
    Ok(find_conflicts(slots, place, staff, me, &others))
}

/// The pure part of conflict detection: `others` sorted by start.
pub(crate) fn find_conflicts(
    slots: &[(DateTime<Utc>, DateTime<Utc>)],
    place: &str,
    staff: &[i64],
    me: (ItemSource, i64),
    others: &[CalendarItem],
) -> Vec<Conflict> {
    let mut out = Vec::new();
    for &(start, end) in slots {
        // Entries last at most a day, so nothing starting a day earlier can overlap.
        let first = others.partition_point(|o| o.start < start - Duration::days(1));
        for o in others[first..].iter().take_while(|o| o.start < end) {
            if (o.source, o.id) == me || o.cancelled || !super::overlaps((start, end), (o.start, o.end)) {
                continue;
            }
            let when =
                format!("{}–{}", china_hm(o.start), o.end.with_timezone(&crate::cases::CHINA_OFFSET).format("%H:%M"));
            if same_place(place, &o.place) {
                out.push(Conflict {
                    reason: ConflictReason::Place,
                    at: start,
                    other_source: o.source,
                    other_id: o.id,
                    other_title: o.title.clone(),
                    other_start: o.start,
                    other_end: o.end,
                    staff_name: None,
                    message: format!("场地冲突：{} {when} 已安排{}“{}”", o.place, o.source.label(), o.title),
                });
            }
            for s in o.staff.iter().filter(|s| staff.contains(&s.id)) {
                out.push(Conflict {
                    reason: ConflictReason::Staff,
                    at: start,
                    other_source: o.source,
                    other_id: o.id,
                    other_title: o.title.clone(),
                    other_start: o.start,
                    other_end: o.end,
                    staff_name: Some(s.name.clone()),
                    message: format!(
                        "人员冲突：{} {when} 已在{}“{}”（{}）当班",
                        s.name,
                        o.source.label(),
                        o.title,
                        o.place
                    ),
                });
            }
            if out.len() >= MAX_CONFLICTS {
                return out;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

    use chrono::{NaiveTime, TimeZone};

    use super::*;
    use crate::schedule::china_time;

    fn at(d: u32, h: u32) -> DateTime<Utc> {
        china_time(NaiveDate::from_ymd_opt(2026, 12, d).unwrap(), NaiveTime::from_hms_opt(h, 0, 0).unwrap())
    }

    fn item(id: i64, start: DateTime<Utc>, hours: i64, place: &str, staff: &[(i64, &str)]) -> CalendarItem {
        CalendarItem {
            source: ItemSource::Event,
            id,
            occurrence_start: start,
            start,
            end: start + Duration::hours(hours),
            title: format!("活动{id}"),
            kind: "clinic".into(),
            kind_label: "义诊".into(),
            place: place.into(),
            description: None,
            staff: staff.iter().map(|(id, n)| StaffRef { id: *id, name: (*n).into() }).collect(),
            volunteers: vec![],
            partners: vec![],
            capacity: None,
            confirmed: 0,
            waitlisted: 0,
            checked_in: 0,
            walk_ins: 0,
            served: 0,
            served_recorded: false,
            recurring: false,
            modified: false,
            cancelled: false,
        }
    }

    fn series(id: i64, start: DateTime<Utc>, rule: Option<&str>) -> SeriesRow {
        let event = Event {
            id,
            kind: EventKind::Clinic,
            title: "义诊".into(),
            start,
            end: start + Duration::hours(2),
            place: "服务站".into(),
            partner_ids: vec![],
            partners: vec![],
            staff: vec![],
            volunteers: vec![],
            description: None,
            rrule: rule.map(str::to_owned),
            exdates: vec![],
            skip_holidays: false,
            capacity: Some(10),
            audience: None,
            bring: None,
            link: None,
            series_end: None,
            split_from: None,
            cancelled: false,
            created_at: start,
            created_by: "x".into(),
            updated_at: start,
        };
        SeriesRow { event, staff_ids: vec![] }
    }

    #[test]
    fn same_place_or_staff_at_overlapping_times_is_a_conflict() {
        let others = vec![
            item(1, at(3, 9), 2, "南门 广场", &[]),
            item(2, at(3, 10), 2, "社区活动室", &[(7, "李娜")]),
            item(3, at(3, 11), 1, "南门广场", &[(7, "李娜")]),
            item(4, at(4, 9), 2, "南门广场", &[(7, "李娜")]),
        ];
        let found = find_conflicts(&[(at(3, 9), at(3, 11))], "南门广场", &[7], (ItemSource::Event, 99), &others);
        let got: Vec<(ConflictReason, i64)> = found.iter().map(|c| (c.reason, c.other_id)).collect();
        // Event 3 starts when ours ends: touching is not overlapping.
        assert_eq!(got, [(ConflictReason::Place, 1), (ConflictReason::Staff, 2)]);
        assert!(found[1].message.contains("李娜"), "{}", found[1].message);
        assert!(found[0].message.contains("场地冲突"), "{}", found[0].message);
        // An item never conflicts with itself.
        assert!(
            find_conflicts(&[(at(3, 9), at(3, 11))], "南门广场", &[], (ItemSource::Event, 1), &others[..1]).is_empty()
        );
    }

    #[test]
    fn a_moved_occurrence_shows_where_it_was_moved_to() {
        let s = vec![series(1, at(3, 9), Some("FREQ=WEEKLY;BYDAY=TH"))];
        let mut overrides = HashMap::new();
        // The 10 December occurrence moves to 22 December; the 17th is cancelled.
        overrides.insert(
            OccurrenceKey { event_id: 1, occurrence_start: at(10, 9) },
            Override { start: Some(at(22, 14)), end: Some(at(22, 16)), ..Override::default() },
        );
        overrides.insert(
            OccurrenceKey { event_id: 1, occurrence_start: at(17, 9) },
            Override { cancelled: true, ..Override::default() },
        );
        let x = expand(&s, &overrides, at(20, 0), at(28, 0), false, None);
        let mut starts: Vec<DateTime<Utc>> = x.iter().map(|x| x.start).collect();
        starts.sort();
        assert_eq!(starts, [at(22, 14), at(24, 9)]);
        let x = expand(&s, &overrides, at(9, 0), at(18, 0), false, None);
        assert!(x.is_empty(), "moved away and cancelled: {:?}", x.iter().map(|x| x.start).collect::<Vec<_>>());
        let x = expand(&s, &overrides, at(9, 0), at(18, 0), true, None);
        assert_eq!(x.len(), 1, "the cancelled one shows when asked for");
        let _ = Utc.timestamp_opt(0, 0);
    }
}

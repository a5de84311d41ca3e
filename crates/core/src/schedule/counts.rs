//! The figures the station reports upward ("30+ services held, 2,000+ person-times
//! served"), counted from the records, never by hand: services held (event occurrences,
//! meetings and errands, by kind), person-times served (受益人次), volunteers' hours, for a
//! period and month by month.
//!
//! Rules: an event occurrence counts once it has started and was not cancelled; its
//! person-times are the recorded figure, else checked-in sign-ups plus walk-ins. A meeting
//! counts once it has started and was not cancelled; meetings add no person-times (their
//! participants are parties, not residents served). An errand is a service and one
//! person-time. Volunteers' hours are the recorded ones, by the day they were served.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{ItemSource, china_date, china_midnight, labelled};
use crate::error::{CoreError, Result};
use crate::store::Store;

labelled! {
    /// Which record a service is.
    ServiceSource {
        Event = "event", "活动";
        Meeting = "meeting", "会议";
        Errand = "errand", "办事";
    }
}

/// Services and person-times of one kind (义诊, 恳谈会, 社保认证…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct KindCount {
    pub source: ServiceSource,
    /// The event or meeting kind's code, or the errand type's name.
    pub kind: String,
    pub label: String,
    pub services: u32,
    pub person_times: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NamedCount {
    pub name: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MonthCounts {
    /// `2026-12`.
    pub month: String,
    pub services: u32,
    pub events: u32,
    pub meetings: u32,
    pub errands: u32,
    pub person_times: u32,
    pub volunteer_hours: f64,
}

/// The service figures of a period (China dates, both ends included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ServiceCounts {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Events held + meetings held + errands.
    pub services: u32,
    pub events: u32,
    pub meetings: u32,
    pub errands: u32,
    pub person_times: u32,
    pub volunteer_hours: f64,
    pub by_kind: Vec<KindCount>,
    pub errands_by_staff: Vec<NamedCount>,
    pub by_month: Vec<MonthCounts>,
}

/// Counts of errands by type, staff member and China month, from the store.
#[derive(Debug, Clone)]
pub(crate) struct ErrandTally {
    pub type_name: String,
    pub staff_name: String,
    pub month: String,
    pub n: u32,
}

fn month_of(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

/// Service counts for a period, per kind and per month, as of `now` (occurrences that
/// have not started yet do not count).
pub async fn services(store: &Store, station_id: i64, from: NaiveDate, to: NaiveDate) -> Result<ServiceCounts> {
    services_at(store, station_id, from, to, store.now()).await
}

pub async fn services_at(
    store: &Store,
    station_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<ServiceCounts> {
    let (from, to) = stationdesk_model::input::period(from, to)?;
    if (to - from).num_days() > 3 * 366 {
        return Err(CoreError::invalid("to", "一次最多统计三年，请缩小日期范围"));
    }
    let start = china_midnight(from);
    let end = china_midnight(to + Duration::days(1)).min(now);
    let mut months: BTreeMap<String, MonthCounts> = BTreeMap::new();
    let mut d = NaiveDate::from_ymd_opt(from.year(), from.month(), 1).unwrap_or(from);
    while d <= to {
        let m = month_of(d);
        months.insert(
            m.clone(),
            MonthCounts {
                month: m,
                services: 0,
                events: 0,
                meetings: 0,
                errands: 0,
                person_times: 0,
                volunteer_hours: 0.0,
            },
        );
        d = d.checked_add_months(chrono::Months::new(1)).unwrap_or(to + Duration::days(1));
    }
    let mut kinds: BTreeMap<(ServiceSource, String), KindCount> = BTreeMap::new();
    let mut add = |source: ServiceSource, kind: &str, label: &str, day: NaiveDate, persons: u32| {
        let k = kinds.entry((source, kind.to_owned())).or_insert_with(|| KindCount {
            source,
            kind: kind.to_owned(),
            label: label.to_owned(),
            services: 0,
            person_times: 0,
        });
        k.services += 1;
        k.person_times += persons;
        if let Some(m) = months.get_mut(&month_of(day)) {
            m.services += 1;
            m.person_times += persons;
            match source {
                ServiceSource::Event => m.events += 1,
                ServiceSource::Meeting => m.meetings += 1,
                ServiceSource::Errand => m.errands += 1,
            }
        }
    };
    let mut totals = (0u32, 0u32, 0u32, 0u32);
    // A year at a time: the widest window a recurrence is expanded over without reaching
    // its cap (three years of a busy daily series would be cut short in one walk).
    let mut chunk_start = start;
    while chunk_start < end {
        let chunk_end = (chunk_start + Duration::days(super::calendar::MAX_RANGE_DAYS)).min(end);
        for item in super::calendar::window(store, station_id, chunk_start, chunk_end, false).await? {
            // Count an item in the period it starts in, once it has started.
            if item.start < chunk_start || item.start >= chunk_end {
                continue;
            }
            let day = china_date(item.start);
            match item.source {
                ItemSource::Event => {
                    add(ServiceSource::Event, &item.kind, &item.kind_label, day, item.served);
                    totals.0 += 1;
                    totals.3 += item.served;
                }
                ItemSource::Meeting => {
                    add(ServiceSource::Meeting, &item.kind, &item.kind_label, day, 0);
                    totals.1 += 1;
                }
            }
        }
        chunk_start = chunk_end;
    }
    let errand_tallies = store.errand_tallies(station_id, start, china_midnight(to + Duration::days(1))).await?;
    let mut by_staff: BTreeMap<String, u32> = BTreeMap::new();
    for t in &errand_tallies {
        let k = kinds.entry((ServiceSource::Errand, t.type_name.clone())).or_insert_with(|| KindCount {
            source: ServiceSource::Errand,
            kind: t.type_name.clone(),
            label: t.type_name.clone(),
            services: 0,
            person_times: 0,
        });
        k.services += t.n;
        k.person_times += t.n;
        *by_staff.entry(t.staff_name.clone()).or_default() += t.n;
        if let Some(m) = months.get_mut(&t.month) {
            m.services += t.n;
            m.errands += t.n;
            m.person_times += t.n;
        }
        totals.2 += t.n;
        totals.3 += t.n;
    }
    let mut volunteer_minutes = 0i64;
    for (month, minutes) in store.volunteer_minutes_by_month(station_id, from, to).await? {
        volunteer_minutes += minutes;
        if let Some(m) = months.get_mut(&month) {
            m.volunteer_hours = minutes as f64 / 60.0;
        }
    }
    let mut errands_by_staff: Vec<NamedCount> =
        by_staff.into_iter().map(|(name, count)| NamedCount { name, count }).collect();
    errands_by_staff.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    Ok(ServiceCounts {
        from,
        to,
        services: totals.0 + totals.1 + totals.2,
        events: totals.0,
        meetings: totals.1,
        errands: totals.2,
        person_times: totals.3,
        volunteer_hours: volunteer_minutes as f64 / 60.0,
        by_kind: kinds.into_values().collect(),
        errands_by_staff,
        by_month: months.into_values().collect(),
    })
}

//! The three rates upper levels rank stations by, and the counts beside them.
//!
//! For a period of China dates `from..=to` (`../shared/docs/DOMAIN.md`, "The figures upper levels ask for"):
//!
//! - **响应率** = responded in time ÷ received. *Received*: cases whose received time falls in
//!   the period, except those marked 重复 (a repeat counts as one more resident reporting the
//!   case it repeats, not as a case of its own). *Responded in time*: of those, the ones
//!   whose first contact with the resident (a contact, a survey with them, a call-back that
//!   reached them; or, for an anonymous note without a phone, its first step out of
//!   受理) came no later than the respond deadline.
//! - **解决率** = followed up and called resolved ÷ followed up. *Followed up*: cases whose
//!   latest 回访 that reached the resident falls in the period, each counted once with that
//!   call's answers (a case reopened after a dissatisfied call and called again counts with
//!   the second answer). Anonymous notes closed without a call-back are in neither number.
//! - **满意率** = followed up and 满意 or 基本满意 ÷ followed up (the same calls).
//!
//! Counts: *办结* cases whose (last) 办结 falls in the period; *超期* received cases that
//! were resolved after their resolve deadline or are still open past it (转办 and 重复 not
//! counted); *重新处理* received cases reopened at least once; *重复件* repeats received.
//! *Median days to resolve*: over cases 办结 in the period, from received to 办结, to a
//! tenth of a day.
//!
//! The same figures come station-wide, by category, by assignee (承办人) and by month
//! (of the received, follow-up or 办结 day that each figure is counted by; the monthly
//! rows have no median). The counts are kept per China day (`case_day_stats`): the model
//! (`stationdesk_model::stats`) says what each change adds, the store writes it with the
//! change, so a year's rates read a few thousand rows instead of every case. The property
//! test `rates_match_a_naive_recount_on_random_histories` checks them against a recount.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::cases::CHINA_OFFSET;
use crate::error::{CoreError, Result};
use crate::store::Store;

/// A period of China dates, both ends included. Defaults to this calendar year so far.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct RateQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Counts and rates for one slice (all, a category, an assignee, a month).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Figures {
    pub received: u32,
    pub duplicates: u32,
    pub responded_in_time: u32,
    /// responded_in_time ÷ received; none when nothing was received.
    pub response_rate: Option<f64>,
    pub followed_up: u32,
    pub resolved_by_resident: u32,
    /// resolved_by_resident ÷ followed_up.
    pub resolution_rate: Option<f64>,
    pub satisfied: u32,
    /// satisfied ÷ followed_up.
    pub satisfaction_rate: Option<f64>,
    /// 办结 in the period.
    pub resolved: u32,
    pub overdue: u32,
    pub reopened: u32,
    pub median_days_to_resolve: Option<f64>,
}

/// One row of a breakdown: a category, an assignee or a month (`2025-07`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Breakdown {
    pub key: String,
    pub label: String,
    pub figures: Figures,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RatesReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub total: Figures,
    pub by_category: Vec<Breakdown>,
    pub by_assignee: Vec<Breakdown>,
    pub by_month: Vec<Breakdown>,
}

/// The formulas as the dashboard's tooltips show them.
pub const RESPONSE_RATE_FORMULA: &str =
    "响应率 = 在响应时限内联系到居民（匿名来件为开始办理）的诉求数 ÷ 期间受理的诉求数（不含重复件）";
pub const RESOLUTION_RATE_FORMULA: &str =
    "解决率 = 回访时居民认为已解决的诉求数 ÷ 期间回访联系到居民的诉求数（每件按最后一次联系到居民的回访计）";
pub const SATISFACTION_RATE_FORMULA: &str =
    "满意率 = 回访评价为“满意”或“基本满意”的诉求数 ÷ 期间回访联系到居民的诉求数（每件按最后一次联系到居民的回访计）";

/// What the store hands back: partial sums keyed by (month, category id, assignee id),
/// 0 standing for "none".
#[derive(Debug, Clone, Default)]
pub(crate) struct Partial {
    pub received: u32,
    pub duplicates: u32,
    pub responded_in_time: u32,
    pub overdue: u32,
    pub reopened: u32,
    pub followed_up: u32,
    pub resolved_by_resident: u32,
    pub satisfied: u32,
    pub resolved: u32,
    /// Cases 办结 by duration in tenths of a day.
    pub durations: BTreeMap<i64, u32>,
}

impl Partial {
    pub(crate) fn add(&mut self, other: &Partial) {
        self.received += other.received;
        self.duplicates += other.duplicates;
        self.responded_in_time += other.responded_in_time;
        self.overdue += other.overdue;
        self.reopened += other.reopened;
        self.followed_up += other.followed_up;
        self.resolved_by_resident += other.resolved_by_resident;
        self.satisfied += other.satisfied;
        self.resolved += other.resolved;
        for (k, n) in &other.durations {
            *self.durations.entry(*k).or_default() += n;
        }
    }

    fn figures(&self) -> Figures {
        let rate = |num: u32, den: u32| (den > 0).then(|| f64::from(num) / f64::from(den));
        Figures {
            received: self.received,
            duplicates: self.duplicates,
            responded_in_time: self.responded_in_time,
            response_rate: rate(self.responded_in_time, self.received),
            followed_up: self.followed_up,
            resolved_by_resident: self.resolved_by_resident,
            resolution_rate: rate(self.resolved_by_resident, self.followed_up),
            satisfied: self.satisfied,
            satisfaction_rate: rate(self.satisfied, self.followed_up),
            resolved: self.resolved,
            overdue: self.overdue,
            reopened: self.reopened,
            median_days_to_resolve: median_tenths(&self.durations).map(|t| t / 10.0),
        }
    }
}

/// The median of a histogram of values (midpoint of the two middle values when even).
fn median_tenths(hist: &BTreeMap<i64, u32>) -> Option<f64> {
    let n: u64 = hist.values().map(|&c| u64::from(c)).sum();
    if n == 0 {
        return None;
    }
    let nth = |k: u64| {
        let mut seen = 0;
        for (v, c) in hist {
            seen += u64::from(*c);
            if seen > k {
                return *v as f64;
            }
        }
        0.0
    };
    Some(if n % 2 == 1 { nth(n / 2) } else { (nth(n / 2 - 1) + nth(n / 2)) / 2.0 })
}

/// The period's bounds as UTC instants: `[from 00:00, to+1 00:00)` China time.
pub(crate) fn bounds(
    q: &RateQuery,
    now: DateTime<Utc>,
) -> Result<(NaiveDate, NaiveDate, DateTime<Utc>, DateTime<Utc>)> {
    let today = now.with_timezone(&CHINA_OFFSET).date_naive();
    let to = q.to.unwrap_or(today);
    let from = q.from.unwrap_or_else(|| NaiveDate::from_ymd_opt(to.year(), 1, 1).unwrap_or(to));
    let (from, to) = stationdesk_model::input::period(from, to)?;
    let start = china_midnight(from)?;
    let end = china_midnight(to + chrono::Duration::days(1))?;
    Ok((from, to, start, end))
}

fn china_midnight(day: NaiveDate) -> Result<DateTime<Utc>> {
    day.and_hms_opt(0, 0, 0)
        .and_then(|t| CHINA_OFFSET.from_local_datetime(&t).single())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| CoreError::invalid("from", "无法识别的日期"))
}

/// Folds the store's partial sums into the report's slices.
pub(crate) fn fold(
    from: NaiveDate,
    to: NaiveDate,
    partials: &BTreeMap<(String, i64, i64), Partial>,
    category_names: &BTreeMap<i64, String>,
    staff_names: &BTreeMap<i64, String>,
) -> RatesReport {
    let mut total = Partial::default();
    let mut by_category: BTreeMap<i64, Partial> = BTreeMap::new();
    let mut by_assignee: BTreeMap<i64, Partial> = BTreeMap::new();
    let mut by_month: BTreeMap<String, Partial> = BTreeMap::new();
    for ((month, category, assignee), p) in partials {
        total.add(p);
        by_category.entry(*category).or_default().add(p);
        by_assignee.entry(*assignee).or_default().add(p);
        by_month.entry(month.clone()).or_default().add(p);
    }
    let named = |map: BTreeMap<i64, Partial>, names: &BTreeMap<i64, String>, none: &str| {
        let mut rows: Vec<Breakdown> = map
            .into_iter()
            .map(|(id, p)| Breakdown {
                key: id.to_string(),
                label: names.get(&id).cloned().unwrap_or_else(|| none.to_owned()),
                figures: p.figures(),
            })
            .collect();
        rows.sort_by(|a, b| b.figures.received.cmp(&a.figures.received).then(a.label.cmp(&b.label)));
        rows
    };
    RatesReport {
        from,
        to,
        total: total.figures(),
        by_category: named(by_category, category_names, "未分类"),
        by_assignee: named(by_assignee, staff_names, "未指定承办人"),
        by_month: by_month
            .into_iter()
            .filter(|(m, _)| !m.is_empty())
            .map(|(m, p)| Breakdown { label: m.clone(), key: m, figures: p.figures() })
            .collect(),
    }
}

// ---- service ----

/// Every station's partial sums for a period, read together (the district dashboard):
/// keyed by (month, station, 0), the medians' histogram under an empty month.
pub(crate) async fn district_partials(
    store: &Store,
    q: &RateQuery,
) -> Result<(NaiveDate, NaiveDate, BTreeMap<(String, i64, i64), Partial>)> {
    let now = store.now();
    let (from, to, start, end) = bounds(q, now)?;
    Ok((from, to, store.district_rate_partials((from, to), (start, end), now).await?))
}

/// The rates and counts for a period, station-wide and broken down.
pub async fn report(store: &Store, station_id: i64, q: &RateQuery) -> Result<RatesReport> {
    let now = store.now();
    let (from, to, start, end) = bounds(q, now)?;
    let (partials, categories, staff) = tokio::try_join!(
        store.rate_partials(station_id, (from, to), (start, end), now),
        store.categories(station_id),
        store.staff(station_id),
    )?;
    let categories = categories.into_iter().map(|c| (c.id, c.name)).collect();
    let staff = staff.into_iter().map(|s| (s.id, s.name)).collect();
    Ok(fold(from, to, &partials, &categories, &staff))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_a_histogram() {
        let h: BTreeMap<i64, u32> = [(10, 1), (30, 2), (70, 1)].into_iter().collect();
        assert_eq!(median_tenths(&h), Some(30.0));
        let h: BTreeMap<i64, u32> = [(10, 1), (30, 1)].into_iter().collect();
        assert_eq!(median_tenths(&h), Some(20.0));
        assert_eq!(median_tenths(&BTreeMap::new()), None);
    }

    #[test]
    fn an_empty_period_has_no_rates() {
        let f = Partial::default().figures();
        assert_eq!(f.response_rate, None);
        assert_eq!(f.satisfaction_rate, None);
    }
}

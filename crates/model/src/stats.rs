//! What each case adds to the figures the station reports, as a pure function of the case.
//!
//! The rates read sums kept per China day (`case_day_stats`), a histogram of days to
//! 办结 per month (`case_resolve_times`), and the register's totals per filter combination
//! (`case_counts`). Those tables hold nothing but the sum of [`contribution`] over the
//! cases; a write computes [`StatsDelta::of_change`] from the case before and after and
//! the store adds the delta in the same transaction as the change. The definitions are
//! those of `stationdesk-core`'s `rates` module (`../shared/docs/DOMAIN.md`, "The figures upper levels
//! ask for"):
//!
//! - on the day it was **received**: received (not a 重复), a 重复, responded in time (first
//!   contact no later than the respond deadline), resolved late (办结 after the resolve
//!   deadline; 转办 and 重复 not counted), reopened at least once;
//! - on the day of its last **办结**: resolved, and its days to resolve in the histogram;
//! - on the day of its latest **回访 that reached the resident**: followed up, resolved by
//!   the resident's word, satisfied (满意 or 基本满意).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::cases::{CaseStatus, Channel};
use crate::china::{china_date, month_of};

/// The facts of a case that the figures depend on.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFacts {
    pub received_at: DateTime<Utc>,
    pub category_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub status: CaseStatus,
    pub channel: Channel,
    pub respond_due_at: Option<DateTime<Utc>>,
    pub responded_at: Option<DateTime<Utc>>,
    pub resolve_due_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// Days from received to 办结 in tenths, as stored with the case ([`resolve_tenths`]).
    pub resolve_tenths: Option<i64>,
    pub reopen_count: i64,
    /// The latest 回访 that reached the resident, and its answers.
    pub followed_up_at: Option<DateTime<Utc>>,
    pub follow_up_resolved: Option<bool>,
    pub follow_up_satisfied: Option<bool>,
}

/// Days from received to 办结, in whole tenths of a day (rounded down).
pub fn resolve_tenths(received_at: DateTime<Utc>, resolved_at: DateTime<Utc>) -> i64 {
    (resolved_at - received_at).num_seconds().div_euclid(8640)
}

/// One row of the day table: a China day, a category and an assignee (0 for none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DayKey {
    pub category_id: i64,
    pub assignee_id: i64,
    pub day: NaiveDate,
}

impl DayKey {
    /// The month the day's figures are reported under.
    pub fn month(&self) -> String {
        month_of(self.day)
    }
}

/// The counts of one day row (signed, so a delta can take a case's old share away).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayCounts {
    pub received: i64,
    pub duplicates: i64,
    pub responded_in_time: i64,
    pub resolved_late: i64,
    pub reopened: i64,
    pub resolved: i64,
    pub followed_up: i64,
    pub resolved_by_resident: i64,
    pub satisfied: i64,
}

impl DayCounts {
    fn add(&mut self, o: &DayCounts, sign: i64) {
        self.received += sign * o.received;
        self.duplicates += sign * o.duplicates;
        self.responded_in_time += sign * o.responded_in_time;
        self.resolved_late += sign * o.resolved_late;
        self.reopened += sign * o.reopened;
        self.resolved += sign * o.resolved;
        self.followed_up += sign * o.followed_up;
        self.resolved_by_resident += sign * o.resolved_by_resident;
        self.satisfied += sign * o.satisfied;
    }

    pub fn is_zero(&self) -> bool {
        *self == Self::default()
    }
}

/// One bucket of the days-to-办结 histogram: category, assignee, tenths, month of 办结.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResolveKey {
    pub category_id: i64,
    pub assignee_id: i64,
    pub tenths: i64,
    pub month: String,
}

/// One combination of the register's filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountKey {
    pub status: CaseStatus,
    pub category_id: i64,
    pub channel: Channel,
}

/// What to add to the three tables; zero entries are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatsDelta {
    pub days: BTreeMap<DayKey, DayCounts>,
    pub resolve_times: BTreeMap<ResolveKey, i64>,
    pub counts: BTreeMap<CountKey, i64>,
}

impl StatsDelta {
    /// The change in the figures when a case goes from `before` to `after` (`None`: the
    /// case did not exist, or no longer does).
    /// The 办结 durations summed over category and assignee: one station's histogram per
    /// (month, tenths), kept for the street office's medians. Zero sums are left out.
    pub fn station_resolve_times(&self) -> BTreeMap<(String, i64), i64> {
        let mut sums: BTreeMap<(String, i64), i64> = BTreeMap::new();
        for (k, n) in &self.resolve_times {
            *sums.entry((k.month.clone(), k.tenths)).or_default() += n;
        }
        sums.retain(|_, n| *n != 0);
        sums
    }

    pub fn of_change(before: Option<&CaseFacts>, after: Option<&CaseFacts>) -> Self {
        let mut d = Self::default();
        if let Some(b) = before {
            d.add_case(b, -1);
        }
        if let Some(a) = after {
            d.add_case(a, 1);
        }
        d.prune();
        d
    }

    /// Adds (`sign` 1) or takes away (`sign` -1) one case's share.
    pub fn add_case(&mut self, c: &CaseFacts, sign: i64) {
        let category_id = c.category_id.unwrap_or(0);
        let assignee_id = c.assignee_id.unwrap_or(0);
        let key = |at: DateTime<Utc>| DayKey { category_id, assignee_id, day: china_date(at) };
        let duplicate = c.status == CaseStatus::Duplicate;
        let counted = !duplicate;
        let before =
            |a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>| matches!((a, b), (Some(a), Some(b)) if a <= b);
        let after = |a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>| matches!((a, b), (Some(a), Some(b)) if a > b);

        let received = DayCounts {
            received: i64::from(counted),
            duplicates: i64::from(duplicate),
            responded_in_time: i64::from(counted && before(c.responded_at, c.respond_due_at)),
            resolved_late: i64::from(
                !matches!(c.status, CaseStatus::Duplicate | CaseStatus::Referred)
                    && after(c.resolved_at, c.resolve_due_at),
            ),
            reopened: i64::from(counted && c.reopen_count > 0),
            ..DayCounts::default()
        };
        self.days.entry(key(c.received_at)).or_default().add(&received, sign);

        if let Some(at) = c.resolved_at {
            let resolved = DayCounts { resolved: 1, ..DayCounts::default() };
            self.days.entry(key(at)).or_default().add(&resolved, sign);
            let bucket = ResolveKey {
                category_id,
                assignee_id,
                tenths: c.resolve_tenths.unwrap_or(0),
                month: month_of(china_date(at)),
            };
            *self.resolve_times.entry(bucket).or_default() += sign;
        }
        if let Some(at) = c.followed_up_at {
            let called = DayCounts {
                followed_up: 1,
                resolved_by_resident: i64::from(c.follow_up_resolved.unwrap_or(false)),
                satisfied: i64::from(c.follow_up_satisfied.unwrap_or(false)),
                ..DayCounts::default()
            };
            self.days.entry(key(at)).or_default().add(&called, sign);
        }
        let count = CountKey { status: c.status, category_id, channel: c.channel };
        *self.counts.entry(count).or_default() += sign;
    }

    /// Adds another delta to this one.
    pub fn merge(&mut self, other: &StatsDelta) {
        for (k, v) in &other.days {
            self.days.entry(*k).or_default().add(v, 1);
        }
        for (k, v) in &other.resolve_times {
            *self.resolve_times.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.counts {
            *self.counts.entry(*k).or_default() += v;
        }
        self.prune();
    }

    /// Drops the entries that add nothing.
    pub fn prune(&mut self) {
        self.days.retain(|_, v| !v.is_zero());
        self.resolve_times.retain(|_, v| *v != 0);
        self.counts.retain(|_, v| *v != 0);
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty() && self.resolve_times.is_empty() && self.counts.is_empty()
    }

    /// This delta cut into parts of at most `max_entries` entries each (at least one), which
    /// add up to it: a bulk load's figures, written a statement per part.
    pub fn parts(&self, max_entries: usize) -> Vec<StatsDelta> {
        let max = max_entries.max(1);
        let mut parts = vec![StatsDelta::default()];
        let room = |parts: &mut Vec<StatsDelta>| {
            let last = parts.last().map_or(0, |p| p.days.len() + p.resolve_times.len() + p.counts.len());
            if last >= max {
                parts.push(StatsDelta::default());
            }
            parts.len() - 1
        };
        for (k, v) in &self.days {
            let i = room(&mut parts);
            parts[i].days.insert(*k, *v);
        }
        for (k, v) in &self.resolve_times {
            let i = room(&mut parts);
            parts[i].resolve_times.insert(k.clone(), *v);
        }
        for (k, v) in &self.counts {
            let i = room(&mut parts);
            parts[i].counts.insert(*k, *v);
        }
        parts
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().unwrap_or_default()
    }

    fn fresh() -> CaseFacts {
        CaseFacts {
            received_at: at(2026, 12, 31, 15),
            category_id: Some(3),
            assignee_id: None,
            status: CaseStatus::Accepted,
            channel: Channel::Visit,
            respond_due_at: Some(at(2027, 1, 1, 15)),
            responded_at: None,
            resolve_due_at: Some(at(2027, 1, 7, 15)),
            resolved_at: None,
            resolve_tenths: None,
            reopen_count: 0,
            followed_up_at: None,
            follow_up_resolved: None,
            follow_up_satisfied: None,
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_case_received_before_china_midnight_counts_on_that_china_day() {
        let d = StatsDelta::of_change(None, Some(&fresh()));
        let key = DayKey { category_id: 3, assignee_id: 0, day: day(2026, 12, 31) };
        assert_eq!(d.days.get(&key).map(|c| c.received), Some(1));
        assert_eq!(key.month(), "2026-12");
        let mut late = fresh();
        late.received_at = at(2026, 12, 31, 16);
        let d = StatsDelta::of_change(None, Some(&late));
        assert!(d.days.keys().all(|k| k.day == day(2027, 1, 1)), "{d:?}");
    }

    #[test]
    fn a_step_moves_only_what_changed() {
        let before = fresh();
        let mut after = fresh();
        after.status = CaseStatus::Resolved;
        after.responded_at = Some(at(2027, 1, 1, 1));
        after.resolved_at = Some(at(2027, 1, 9, 2));
        after.resolve_tenths = Some(resolve_tenths(after.received_at, at(2027, 1, 9, 2)));
        let d = StatsDelta::of_change(Some(&before), Some(&after));
        let received = DayKey { category_id: 3, assignee_id: 0, day: day(2026, 12, 31) };
        let r = d.days.get(&received).copied().unwrap_or_default();
        assert_eq!((r.received, r.responded_in_time, r.resolved_late), (0, 1, 1));
        let resolved = DayKey { category_id: 3, assignee_id: 0, day: day(2027, 1, 9) };
        assert_eq!(d.days.get(&resolved).map(|c| c.resolved), Some(1));
        assert_eq!(d.resolve_times.values().sum::<i64>(), 1);
        assert_eq!(d.resolve_times.keys().next().map(|k| (k.tenths, k.month.as_str())), Some((84, "2027-01")));
        let moved: Vec<i64> = d.counts.values().copied().collect();
        assert_eq!(moved, vec![-1, 1], "one case left 受理 and one reached 办结");
    }

    #[test]
    fn an_unchanged_case_changes_nothing() {
        assert!(StatsDelta::of_change(Some(&fresh()), Some(&fresh())).is_empty());
    }

    #[test]
    fn a_duplicate_counts_as_a_repeat_not_a_case() {
        let mut dup = fresh();
        dup.status = CaseStatus::Duplicate;
        dup.responded_at = dup.received_at.checked_add_signed(chrono::Duration::hours(1));
        let d = StatsDelta::of_change(None, Some(&dup));
        let c = d.days.values().next().copied().unwrap_or_default();
        assert_eq!((c.received, c.duplicates, c.responded_in_time), (0, 1, 0));
    }

    #[test]
    fn parts_of_a_delta_add_up_to_it_and_respect_their_size() {
        let mut whole = StatsDelta::default();
        for d in 0..40 {
            let mut c = fresh();
            c.received_at = at(2026, 3, 1, 2) + chrono::Duration::days(d);
            c.category_id = Some(d % 3);
            c.resolved_at = Some(c.received_at + chrono::Duration::days(2));
            c.resolve_tenths = Some(d % 5);
            whole.add_case(&c, 1);
        }
        let entries = |p: &StatsDelta| p.days.len() + p.resolve_times.len() + p.counts.len();
        let parts = whole.parts(7);
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|p| (1..=7).contains(&entries(p))), "{parts:?}");
        let mut sum = StatsDelta::default();
        for p in &parts {
            sum.merge(p);
        }
        assert_eq!(sum, whole);
        assert_eq!(StatsDelta::default().parts(7), vec![StatsDelta::default()]);
    }
}

//! The backup rules: when one is due, which generations to keep, and when the window warns.
//!
//! Values in, values out: the core reads the clock, the backup folder and the last result,
//! and asks these rules what follows.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Utc};

use crate::china::china_date;

/// Days without a good backup after which the window turns red.
pub const WARN_AFTER_DAYS: i64 = 3;
/// Generations kept by default: the last 7 days and the last 12 months.
pub const DEFAULT_KEEP_DAILY: u32 = 7;
pub const DEFAULT_KEEP_MONTHLY: u32 = 12;
/// Copies taken just before a restore are kept apart: the newest few.
pub const KEEP_BEFORE_RESTORE: usize = 5;

/// When the shell asks whether to back up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// While the program is open (asked every few minutes).
    Running,
    /// The program is being closed.
    Quitting,
}

/// Whether a backup is due: once every China day while the program is open, and on
/// quitting when anything was written since the last good backup.
pub fn is_due(
    last_good: Option<DateTime<Utc>>,
    last_change: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    moment: Moment,
) -> bool {
    let Some(good) = last_good else { return true };
    if china_date(good) < china_date(now) {
        return true;
    }
    moment == Moment::Quitting && last_change.is_some_and(|changed| changed > good)
}

/// Which generations to keep: the newest of each of the last `daily` China days that have
/// one, and the newest of each of the last `monthly` months. `taken` are the times of the
/// regular generations, in any order; returns the indexes to keep.
pub fn keep(taken: &[DateTime<Utc>], daily: u32, monthly: u32) -> BTreeSet<usize> {
    let mut order: Vec<usize> = (0..taken.len()).collect();
    order.sort_by(|a, b| taken[*b].cmp(&taken[*a]));
    let mut kept = BTreeSet::new();
    let mut days = Vec::new();
    let mut months = Vec::new();
    for i in order {
        let day = china_date(taken[i]);
        let month = (day.year(), day.month());
        if !days.contains(&day) && days.len() < daily as usize {
            days.push(day);
            kept.insert(i);
        }
        if !months.contains(&month) && months.len() < monthly as usize {
            months.push(month);
            kept.insert(i);
        }
    }
    kept
}

/// What the status line shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    /// A good backup within the last three days and the folder reachable.
    Good,
    /// None succeeded for three days (or ever), or the folder cannot be reached: red.
    Warn,
}

pub fn health(last_good: Option<DateTime<Utc>>, folder_reachable: bool, now: DateTime<Utc>) -> Health {
    match last_good {
        Some(good) if folder_reachable && now - good < chrono::Duration::days(WARN_AFTER_DAYS) => Health::Good,
        _ => Health::Warn,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().unwrap_or_default()
    }

    #[test]
    fn a_backup_is_due_once_a_china_day_and_on_quitting_after_work() {
        let now = at(2026, 12, 2, 3); // 11:00 China time
        assert!(is_due(None, None, now, Moment::Running));
        // 2026-12-01 17:00 UTC is 2026-12-02 01:00 in China: already today's.
        assert!(!is_due(Some(at(2026, 12, 1, 17)), None, now, Moment::Running));
        // 2026-12-01 15:00 UTC is 23:00 the day before in China.
        assert!(is_due(Some(at(2026, 12, 1, 15)), None, now, Moment::Running));
        let good = at(2026, 12, 2, 1);
        assert!(!is_due(Some(good), Some(at(2026, 12, 2, 2)), now, Moment::Running));
        assert!(is_due(Some(good), Some(at(2026, 12, 2, 2)), now, Moment::Quitting));
        assert!(!is_due(Some(good), Some(at(2026, 12, 2, 0)), now, Moment::Quitting));
        assert!(!is_due(Some(good), None, now, Moment::Quitting));
    }

    #[test]
    fn the_newest_of_each_recent_day_and_month_is_kept() {
        // Two a day for 60 days, from 2026-10-01.
        let taken: Vec<_> = (0..120)
            .map(|i| at(2026, 10, 1, 2) + chrono::Duration::days(i / 2) + chrono::Duration::hours(i % 2 * 5))
            .collect();
        let kept = keep(&taken, 7, 12);
        let mut days: Vec<_> = kept.iter().map(|&i| taken[i]).collect();
        days.sort();
        // 7 days (the newest of each), plus the newest of October (11-30's is November's).
        assert_eq!(days.len(), 8, "{days:?}");
        assert_eq!(days[0], at(2026, 10, 31, 7));
        assert_eq!(days[1], at(2026, 11, 23, 7));
        assert_eq!(*days.last().unwrap_or(&days[0]), at(2026, 11, 29, 7));
        assert!(keep(&taken, 0, 0).is_empty());
        assert_eq!(keep(&taken, 0, 1).len(), 1);
    }

    #[test]
    fn the_window_warns_after_three_days_or_when_the_folder_is_away() {
        let now = at(2026, 12, 4, 3);
        assert_eq!(health(Some(at(2026, 12, 1, 4)), true, now), Health::Good);
        assert_eq!(health(Some(at(2026, 12, 1, 3)), true, now), Health::Warn);
        assert_eq!(health(Some(at(2026, 12, 4, 2)), false, now), Health::Warn);
        assert_eq!(health(None, true, now), Health::Warn);
    }
}

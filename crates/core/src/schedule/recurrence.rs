//! Recurrence: RFC 5545 RRULE and EXDATE through the `rrule` crate, in Asia/Shanghai.
//!
//! A series is its first start (DTSTART), its rule and the China dates it skips
//! (EXDATE); a series marked 节假日不举办 also leaves out every occurrence on a day the
//! station's calendar makes a holiday ([`Recurrence::skipping_holidays`]). Expansion stops
//! at the end of the window asked for, so a month view never expands a series to its end;
//! a daily or weekly rule without COUNT also starts walking from the last whole period
//! before the window instead of from DTSTART, so a series that began years ago costs no
//! more than one that began last week.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rrule::{RRule, RRuleSet, Tz, Unvalidated};
use stationdesk_model::deadlines::Calendar;

use crate::cases::CHINA_OFFSET;

/// The zone rules are evaluated in: Asia/Shanghai, UTC+8 all year.
pub const ZONE: Tz = Tz::Asia__Shanghai;

/// Occurrences one expansion may produce at most (ten years of daily events). A new rule
/// that would need more is refused ([`refusal`]); only series saved before that check
/// can still be cut here.
pub const MAX_OCCURRENCES: usize = 3660;

/// A parsed, validated series, ready to expand many times.
#[derive(Debug, Clone)]
pub struct Recurrence {
    set: Option<RRuleSet>,
    start: DateTime<Utc>,
    /// The rule, its period in days (DAILY/WEEKLY × INTERVAL) when it has no COUNT, and
    /// the skipped instants: what rebuilding the set from a later DTSTART needs.
    rebase: Option<(RRule<Unvalidated>, i64, Vec<DateTime<Tz>>)>,
    /// For a series marked 节假日不举办: the calendar whose holidays it leaves out.
    holidays: Option<Arc<Calendar>>,
}

/// A DAILY or WEEKLY rule's period in days, unless it has a COUNT (a count runs from
/// DTSTART, so the walk cannot start later).
fn period_days(rule: &str) -> Option<i64> {
    let mut freq = None;
    let mut interval = 1i64;
    for part in rule.split(';') {
        let (key, value) = part.split_once('=')?;
        match key {
            "FREQ" => freq = Some(value),
            "INTERVAL" => interval = value.parse().ok().filter(|n: &i64| *n >= 1)?,
            "COUNT" => return None,
            _ => {}
        }
    }
    match freq? {
        "DAILY" => Some(interval),
        "WEEKLY" => Some(7 * interval),
        _ => None,
    }
}

/// Accepts `FREQ=WEEKLY;BYDAY=TH` with or without a leading `RRULE:`, in any case.
pub fn normalize_rule(rule: &str) -> String {
    let rule = rule.trim();
    let rule = rule.strip_prefix("RRULE:").or_else(|| rule.strip_prefix("rrule:")).unwrap_or(rule);
    rule.split(';').map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(";").to_ascii_uppercase()
}

impl Recurrence {
    /// A series starting at `start` with an optional rule and skipped China dates. The error
    /// is a message for the person who typed the rule.
    pub fn new(start: DateTime<Utc>, rule: Option<&str>, exdates: &[NaiveDate]) -> Result<Self, String> {
        let Some(rule) = rule.map(normalize_rule).filter(|r| !r.is_empty()) else {
            return Ok(Self { set: None, start, rebase: None, holidays: None });
        };
        let dt_start = start.with_timezone(&ZONE);
        let parsed: RRule<Unvalidated> = rule.parse().map_err(|e| rule_message(&rule, &e))?;
        let validated = parsed.clone().validate(dt_start).map_err(|e| rule_message(&rule, &e))?;
        let local_time = start.with_timezone(&CHINA_OFFSET).time();
        let exdates =
            exdates.iter().map(|d| super::china_time(*d, local_time).with_timezone(&ZONE)).collect::<Vec<_>>();
        let rebase = period_days(&rule).map(|p| (parsed, p, exdates.clone()));
        let set = RRuleSet::new(dt_start).rrule(validated).set_exdates(exdates).limit();
        Ok(Self { set: Some(set), start, rebase, holidays: None })
    }

    /// The series leaves out every occurrence whose China date `calendar` makes a holiday
    /// (`Calendar::is_holiday`: the one rule of which dates a 节假日不举办 series skips).
    /// A one-off event is never left out: it was planned for its day.
    pub fn skipping_holidays(mut self, calendar: Arc<Calendar>) -> Self {
        if self.set.is_some() {
            self.holidays = Some(calendar);
        }
        self
    }

    /// Whether an occurrence starting at `at` is held (not on a holiday it skips).
    fn held(&self, at: DateTime<Utc>) -> bool {
        self.holidays.as_ref().is_none_or(|c| !c.is_holiday(china_date_of(at)))
    }

    pub fn is_recurring(&self) -> bool {
        self.set.is_some()
    }

    /// Original starts of the occurrences that start before `to` and end after `from`
    /// (each lasts `duration`), in order.
    pub fn starts_between(&self, duration: Duration, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<DateTime<Utc>> {
        let Some(set) = &self.set else {
            return if self.start < to && self.start + duration > from { vec![self.start] } else { Vec::new() };
        };
        // China keeps no daylight saving, so whole days later the rule yields the same
        // instants; the new DTSTART lies before `from - duration` and is never returned.
        let later = self.rebase.as_ref().and_then(|(rule, period, exdates)| {
            let lead = from - duration - Duration::days(1);
            let periods = (lead - self.start).num_days().div_euclid(*period);
            if periods < 2 {
                return None;
            }
            let dt_start = (self.start + Duration::days(periods * period)).with_timezone(&ZONE);
            let validated = rule.clone().validate(dt_start).ok()?;
            Some(RRuleSet::new(dt_start).rrule(validated).set_exdates(exdates.clone()).limit())
        });
        let set = later.as_ref().unwrap_or(set);
        let mut out = Vec::new();
        for (n, at) in set.into_iter().enumerate() {
            let at = at.with_timezone(&Utc);
            if at >= to || n >= MAX_OCCURRENCES {
                break;
            }
            if at + duration > from && at >= self.start && self.held(at) {
                out.push(at);
            }
        }
        out
    }

    /// Every occurrence from the start, up to [`MAX_OCCURRENCES`]: the naive expansion the
    /// benchmark compares with, and how a bounded series finds its last occurrence.
    pub fn all_starts(&self) -> Vec<DateTime<Utc>> {
        match &self.set {
            None => vec![self.start],
            Some(set) => set
                .into_iter()
                .take(MAX_OCCURRENCES)
                .map(|at| at.with_timezone(&Utc))
                .filter(|at| self.held(*at))
                .collect(),
        }
    }

    /// The start of the last occurrence, or `None` while the rule has no end (no COUNT or
    /// UNTIL) — then the series is open-ended.
    pub fn last_start(&self, rule: Option<&str>) -> Option<DateTime<Utc>> {
        let rule = rule.map(normalize_rule).unwrap_or_default();
        let bounded = self.set.is_none() || rule.contains("COUNT=") || rule.contains("UNTIL=");
        if !bounded {
            return None;
        }
        self.all_starts().last().copied()
    }

    /// Whether `at` is one of the series' occurrences.
    pub fn occurs_at(&self, at: DateTime<Utc>) -> bool {
        self.starts_between(Duration::seconds(1), at, at + Duration::seconds(1)).contains(&at)
    }

    /// How many occurrences start before `at`.
    pub fn count_before(&self, at: DateTime<Utc>) -> usize {
        match &self.set {
            None => usize::from(self.start < at),
            Some(set) => set
                .into_iter()
                .take(MAX_OCCURRENCES)
                .map(|t| t.with_timezone(&Utc))
                .take_while(|t| *t < at)
                .filter(|t| self.held(*t))
                .count(),
        }
    }
}

/// The rule with its end moved to just before `before` (UNTIL in UTC, as RFC 5545 wants
/// with a zoned DTSTART); COUNT gives way to UNTIL.
pub fn end_rule_before(rule: &str, before: DateTime<Utc>) -> String {
    let until = (before - Duration::seconds(1)).format("%Y%m%dT%H%M%SZ");
    let mut parts: Vec<String> = normalize_rule(rule)
        .split(';')
        .filter(|p| !p.starts_with("COUNT=") && !p.starts_with("UNTIL="))
        .map(str::to_owned)
        .collect();
    parts.push(format!("UNTIL={until}"));
    parts.join(";")
}

/// The rule with COUNT lowered by `done` occurrences (for the later half of a split
/// series), or unchanged when it has no COUNT.
pub fn reduce_count(rule: &str, done: usize) -> String {
    normalize_rule(rule)
        .split(';')
        .map(|p| match p.strip_prefix("COUNT=").and_then(|n| n.parse::<usize>().ok()) {
            Some(n) => format!("COUNT={}", n.saturating_sub(done).max(1)),
            None => p.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// The rrule crate's own message is English and names its internals; the worker gets
/// the rule back (shortened) and two examples instead.
fn rule_message(rule: &str, _e: &rrule::RRuleError) -> String {
    format!(
        "无法识别重复规则“{}”：请按 RFC 5545 书写，如每周四 FREQ=WEEKLY;BYDAY=TH，每月第二个周六 FREQ=MONTHLY;BYDAY=2SA",
        stationdesk_model::input::excerpt(rule)
    )
}

/// The most occurrences in one day a rule may have (BYHOUR × BYMINUTE × BYSECOND): so
/// many that the widest window the calendar expands (a year, and a day either side) stays
/// under [`MAX_OCCURRENCES`], and no view or count is ever cut short.
pub const MAX_PER_DAY: usize = MAX_OCCURRENCES / (super::calendar::MAX_RANGE_DAYS as usize + 2);

/// The longest INTERVAL a rule may have: every 366 days, weeks, months or years.
pub const MAX_INTERVAL: u16 = 366;

/// Why a new series' rule is one a station cannot mean, or `None` when it may be saved.
/// The rrule crate accepts much more than a station schedules, and what it accepts but
/// the calendar cannot show must be refused here, never cut short later: a series runs
/// at most daily (several times a day with BYHOUR), has between 1 and
/// [`MAX_OCCURRENCES`] occurrences with at least one, and ends by the last date the
/// model allows.
pub fn refusal(r: &Recurrence, rule: &str) -> Option<String> {
    let rule = normalize_rule(rule);
    let parsed: RRule<Unvalidated> = match rule.parse() {
        Ok(p) => p,
        Err(e) => return Some(rule_message(&rule, &e)),
    };
    let validated = match parsed.validate(r.start.with_timezone(&ZONE)) {
        Ok(v) => v,
        Err(e) => return Some(rule_message(&rule, &e)),
    };
    use rrule::Frequency as F;
    if !matches!(validated.get_freq(), F::Daily | F::Weekly | F::Monthly | F::Yearly) {
        return Some(
            "重复频率只能是每天、每周、每月或每年（FREQ=DAILY、WEEKLY、MONTHLY、YEARLY）；一天多场请写成 FREQ=DAILY;BYHOUR=9,14"
                .to_owned(),
        );
    }
    let interval = validated.get_interval();
    if interval == 0 || interval > MAX_INTERVAL {
        return Some(format!("重复间隔 INTERVAL 须在 1 到 {MAX_INTERVAL} 之间（如隔周一次写 INTERVAL=2）"));
    }
    let count = validated.get_count();
    if count.is_some_and(|n| n == 0 || n as usize > MAX_OCCURRENCES) {
        return Some(format!("重复次数 COUNT 须在 1 到 {MAX_OCCURRENCES} 之间；长期活动可不写 COUNT"));
    }
    let per_day = [validated.get_by_hour().len(), validated.get_by_minute().len(), validated.get_by_second().len()]
        .iter()
        .map(|n| (*n).max(1))
        .product::<usize>();
    if per_day > MAX_PER_DAY {
        return Some(format!("一天最多安排 {MAX_PER_DAY} 场（BYHOUR、BYMINUTE 的组合），请减少时间点"));
    }
    let last_day = stationdesk_model::input::LATEST_DATE;
    if let Some(until) = validated.get_until()
        && china_date_of(until.with_timezone(&Utc)) > last_day
    {
        return Some(format!("重复截止日期 UNTIL 不能晚于 {last_day}"));
    }
    let Some(set) = &r.set else { return None };
    let mut starts = set.into_iter().map(|t| t.with_timezone(&Utc));
    if starts.next().is_none() {
        return Some(
            "按此规则一次活动也没有（如 2 月 30 日这样不存在的日期，或全被排除），请检查规则和排除日期".to_owned(),
        );
    }
    // An open DAILY or WEEKLY series is walked from near each window, so its length does
    // not matter; anything else is walked from its start and must fit the cap by 2100.
    let open_walked = r.rebase.is_some();
    if !open_walked {
        let within: Vec<DateTime<Utc>> = set
            .into_iter()
            .map(|t| t.with_timezone(&Utc))
            .take_while(|t| china_date_of(*t) <= last_day)
            .take(MAX_OCCURRENCES + 1)
            .collect();
        if within.len() > MAX_OCCURRENCES {
            return Some(format!(
                "按此规则到 {last_day} 前会超过 {MAX_OCCURRENCES} 次活动：请用 COUNT 或 UNTIL 限定在 {MAX_OCCURRENCES} 次以内"
            ));
        }
        let bounded = count.is_some() || validated.get_until().is_some();
        if bounded && set.into_iter().nth(within.len()).is_some() {
            return Some(format!("按此规则最后一次活动晚于 {last_day}，请减少 COUNT 或提前 UNTIL"));
        }
    }
    None
}

fn china_date_of(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&CHINA_OFFSET).date_naive()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

    use chrono::{Datelike, NaiveTime, TimeZone, Timelike, Weekday};

    use super::*;
    use crate::schedule::{china_date, china_time};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        china_time(day(y, m, d), NaiveTime::from_hms_opt(h, min, 0).unwrap())
    }

    #[test]
    fn weekly_thursday_crosses_month_and_year_ends() {
        // Thursday 2026-12-03 09:00 China time, every Thursday.
        let r = Recurrence::new(at(2026, 12, 3, 9, 0), Some("FREQ=WEEKLY;BYDAY=TH"), &[]).unwrap();
        let got = r.starts_between(Duration::hours(2), at(2026, 12, 20, 0, 0), at(2027, 1, 20, 0, 0));
        let days: Vec<NaiveDate> = got.iter().map(|t| china_date(*t)).collect();
        assert_eq!(days, [day(2026, 12, 24), day(2026, 12, 31), day(2027, 1, 7), day(2027, 1, 14)]);
        assert!(got.iter().all(|t| t.with_timezone(&CHINA_OFFSET).hour() == 9));
    }

    #[test]
    fn monthly_on_the_31st_skips_short_months_and_second_saturday_is_right() {
        let r = Recurrence::new(at(2027, 1, 31, 14, 0), Some("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=4"), &[]).unwrap();
        let days: Vec<NaiveDate> = r.all_starts().iter().map(|t| china_date(*t)).collect();
        assert_eq!(days, [day(2027, 1, 31), day(2027, 3, 31), day(2027, 5, 31), day(2027, 7, 31)]);

        let r = Recurrence::new(at(2026, 12, 12, 9, 0), Some("FREQ=MONTHLY;BYDAY=2SA"), &[]).unwrap();
        let got = r.starts_between(Duration::hours(3), at(2026, 12, 1, 0, 0), at(2027, 4, 1, 0, 0));
        let days: Vec<NaiveDate> = got.iter().map(|t| china_date(*t)).collect();
        assert_eq!(days, [day(2026, 12, 12), day(2027, 1, 9), day(2027, 2, 13), day(2027, 3, 13)]);
        assert!(days.iter().all(|d| d.weekday() == Weekday::Sat && (8..=14).contains(&d.day())));
    }

    #[test]
    fn an_eight_oclock_china_event_keeps_its_china_date() {
        // 08:00 China time is 00:00 UTC: the date must not slip to the day before, and a
        // BYDAY rule must be read in China time, not UTC.
        let start = at(2026, 12, 3, 8, 0);
        assert_eq!(start, Utc.with_ymd_and_hms(2026, 12, 3, 0, 0, 0).unwrap());
        let r = Recurrence::new(start, Some("FREQ=WEEKLY;BYDAY=TH;COUNT=3"), &[]).unwrap();
        for t in r.all_starts() {
            assert_eq!(china_date(t).weekday(), Weekday::Thu, "{t}");
            assert_eq!((t.hour(), t.minute()), (0, 0), "{t}");
        }
        // 07:30 China time is 23:30 UTC the day before; still a Thursday in China.
        let r = Recurrence::new(at(2026, 12, 3, 7, 30), Some("FREQ=WEEKLY;BYDAY=TH;COUNT=2"), &[]).unwrap();
        let starts = r.all_starts();
        assert_eq!(starts[1], Utc.with_ymd_and_hms(2026, 12, 9, 23, 30, 0).unwrap());
        assert_eq!(china_date(starts[1]), day(2026, 12, 10));
    }

    #[test]
    fn exdates_leave_out_holidays() {
        let holidays = [day(2026, 12, 31), day(2027, 2, 11)];
        let r = Recurrence::new(at(2026, 12, 3, 9, 0), Some("FREQ=WEEKLY;BYDAY=TH"), &holidays).unwrap();
        let got = r.starts_between(Duration::hours(2), at(2026, 12, 20, 0, 0), at(2027, 1, 10, 0, 0));
        let days: Vec<NaiveDate> = got.iter().map(|t| china_date(*t)).collect();
        assert_eq!(days, [day(2026, 12, 24), day(2027, 1, 7)]);
        assert!(!r.occurs_at(at(2026, 12, 31, 9, 0)));
        assert!(r.occurs_at(at(2027, 1, 7, 9, 0)));
    }

    #[test]
    fn a_series_that_skips_holidays_leaves_out_national_day_and_keeps_what_is_not_a_holiday() {
        let calendar = Arc::new(Calendar::with_station_days(&[]));
        let days = |starts: Vec<DateTime<Utc>>| starts.iter().map(|t| china_date(*t)).collect::<Vec<_>>();
        let (from, to) = (at(2026, 9, 28, 0, 0), at(2026, 10, 20, 0, 0));
        let two = Duration::hours(2);
        // Every Thursday from 3 September 2026, and one begun in 2024 (walked from a later
        // period): National Day, Thursday 1 October 2026, is a holiday.
        for start in [at(2026, 9, 3, 9, 0), at(2024, 2, 29, 9, 0)] {
            let kept = Recurrence::new(start, Some("FREQ=WEEKLY;BYDAY=TH"), &[]).unwrap();
            let skipping = kept.clone().skipping_holidays(calendar.clone());
            assert_eq!(
                days(kept.starts_between(two, from, to)),
                [day(2026, 10, 1), day(2026, 10, 8), day(2026, 10, 15)]
            );
            assert_eq!(days(skipping.starts_between(two, from, to)), [day(2026, 10, 8), day(2026, 10, 15)]);
            assert!(kept.occurs_at(at(2026, 10, 1, 9, 0)));
            assert!(!skipping.occurs_at(at(2026, 10, 1, 9, 0)));
            assert!(skipping.occurs_at(at(2026, 10, 8, 9, 0)));
        }
        // Saturdays: 26 September (中秋) and 3 October are holidays, 10 October a make-up
        // working day (held), 19 September and 17 October plain weekends (held).
        let saturdays = Recurrence::new(at(2026, 9, 19, 9, 0), Some("FREQ=WEEKLY;BYDAY=SA;COUNT=5"), &[])
            .unwrap()
            .skipping_holidays(calendar.clone());
        assert_eq!(days(saturdays.all_starts()), [day(2026, 9, 19), day(2026, 10, 10), day(2026, 10, 17)]);
        assert_eq!(saturdays.count_before(at(2026, 10, 17, 0, 0)), 2);
        // 1 October every year: 2026 is a holiday; 2027's calendar is not loaded, so the
        // series cannot know and keeps it.
        let yearly = Recurrence::new(at(2026, 10, 1, 9, 0), Some("FREQ=YEARLY;COUNT=2"), &[])
            .unwrap()
            .skipping_holidays(calendar.clone());
        assert!(!calendar.covered_years().contains(&2027));
        assert_eq!(days(yearly.all_starts()), [day(2027, 10, 1)]);
        assert_eq!(yearly.last_start(Some("FREQ=YEARLY;COUNT=2")), Some(at(2027, 10, 1, 9, 0)));
        // A one-off event on a holiday was planned for that day.
        let once = Recurrence::new(at(2026, 10, 1, 9, 0), None, &[]).unwrap().skipping_holidays(calendar);
        assert_eq!(days(once.all_starts()), [day(2026, 10, 1)]);
    }

    #[test]
    fn a_window_includes_an_occurrence_already_running() {
        let r = Recurrence::new(at(2026, 12, 3, 9, 0), Some("FREQ=DAILY"), &[]).unwrap();
        let got = r.starts_between(Duration::hours(2), at(2026, 12, 5, 10, 0), at(2026, 12, 5, 12, 0));
        assert_eq!(got, [at(2026, 12, 5, 9, 0)]);
    }

    #[test]
    fn walking_from_a_later_period_gives_the_same_occurrences_as_from_the_start() {
        let start = at(2024, 2, 29, 1, 30); // 09:30 in China, a leap day, a Thursday
        let rules = [
            "FREQ=DAILY",
            "FREQ=DAILY;INTERVAL=3;BYHOUR=9,14",
            "FREQ=WEEKLY;BYDAY=TH",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
            "FREQ=WEEKLY;INTERVAL=3",
            "FREQ=WEEKLY;BYDAY=SA;UNTIL=20261231T000000Z",
            "FREQ=DAILY;BYMONTH=1,7;BYMONTHDAY=1,15,31",
        ];
        let skipped = [day(2026, 10, 1), day(2026, 10, 8), day(2025, 1, 29)];
        for rule in rules {
            let r = Recurrence::new(start, Some(rule), &skipped).expect("rule");
            assert!(r.rebase.is_some(), "{rule} walks from a later period");
            let all = r.all_starts();
            for (from, to) in
                [(at(2026, 9, 28, 0, 0), at(2026, 11, 2, 0, 0)), (at(2025, 1, 1, 0, 0), at(2025, 2, 1, 0, 0))]
            {
                let hour = Duration::hours(1);
                let expected: Vec<_> = all.iter().copied().filter(|t| *t < to && *t + hour > from).collect();
                assert_eq!(r.starts_between(hour, from, to), expected, "{rule} in {from}..{to}");
            }
        }
        let counted = Recurrence::new(start, Some("FREQ=DAILY;COUNT=400"), &[]).expect("rule");
        assert!(counted.rebase.is_none(), "a COUNT is counted from DTSTART");
    }

    #[test]
    fn bad_rules_are_explained() {
        let err = Recurrence::new(at(2026, 12, 3, 9, 0), Some("every thursday"), &[]).unwrap_err();
        assert!(err.contains("FREQ=WEEKLY;BYDAY=TH"), "{err}");
        assert_eq!(normalize_rule(" rrule:freq=weekly; byday=th "), "FREQ=WEEKLY;BYDAY=TH");
    }

    #[test]
    fn rules_a_station_cannot_mean_are_refused_not_cut_short() {
        let start = at(2026, 12, 3, 9, 0);
        let refused = |rule: &str| {
            let r = Recurrence::new(start, Some(rule), &[]).map_err(|e| e.clone());
            match r {
                Ok(r) => refusal(&r, rule).unwrap_or_default(),
                Err(e) => e,
            }
        };
        assert!(refused("FREQ=SECONDLY").contains("重复频率只能是每天、每周、每月或每年"));
        assert!(refused("FREQ=MINUTELY;COUNT=5").contains("重复频率"));
        assert!(refused("FREQ=HOURLY").contains("BYHOUR=9,14"));
        assert!(refused("FREQ=DAILY;COUNT=100000000").contains("COUNT 须在 1 到 3660 之间"));
        assert!(refused("FREQ=DAILY;COUNT=0").contains("COUNT 须在 1 到 3660 之间"));
        assert!(refused("FREQ=WEEKLY;INTERVAL=0").contains("INTERVAL 须在 1 到 366 之间"));
        assert!(refused("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30").contains("2 月 30 日"));
        assert!(refused("FREQ=MONTHLY;BYMONTHDAY=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15").contains("超过 3660 次"));
        assert!(refused("FREQ=DAILY;BYHOUR=8,9,10,11,14;BYMINUTE=0,30").contains("一天最多安排 9 场"));
        assert!(refused("FREQ=DAILY;UNTIL=21500101T000000Z").contains("不能晚于 2100-12-31"));
        assert!(refused("FREQ=YEARLY;COUNT=100").contains("晚于 2100-12-31"));
        let english = refused("FREQ=WEEKLY;BYDAY=XX");
        assert!(english.starts_with("无法识别重复规则") && !english.contains("Invalid"), "{english}");
        for fine in
            ["FREQ=WEEKLY;BYDAY=TH", "FREQ=DAILY;BYHOUR=9,14", "FREQ=MONTHLY;BYDAY=2SA", "FREQ=DAILY;COUNT=3660"]
        {
            assert_eq!(refused(fine), "", "{fine}");
        }
    }

    #[test]
    fn splitting_ends_the_first_half_and_counts_down_the_second() {
        let start = at(2026, 12, 3, 9, 0);
        let split = at(2026, 12, 17, 9, 0);
        let first = end_rule_before("FREQ=WEEKLY;BYDAY=TH;COUNT=10", split);
        assert_eq!(first, "FREQ=WEEKLY;BYDAY=TH;UNTIL=20261217T005959Z");
        let r = Recurrence::new(start, Some(&first), &[]).unwrap();
        assert_eq!(r.all_starts().len(), 2);
        let done = Recurrence::new(start, Some("FREQ=WEEKLY;BYDAY=TH;COUNT=10"), &[]).unwrap().count_before(split);
        assert_eq!(reduce_count("FREQ=WEEKLY;BYDAY=TH;COUNT=10", done), "FREQ=WEEKLY;BYDAY=TH;COUNT=8");
        assert_eq!(r.last_start(Some(&first)), Some(at(2026, 12, 10, 9, 0)));
        let open = Recurrence::new(start, Some("FREQ=WEEKLY"), &[]).unwrap();
        assert_eq!(open.last_start(Some("FREQ=WEEKLY")), None);
    }
}

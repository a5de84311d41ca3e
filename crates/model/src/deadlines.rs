//! Time limits (时限) and the working-day calendar.
//!
//! Every case has two clocks, as in the 12345 hotline practice: *respond* (first contact
//! with the resident) and *resolve* (办结). Their lengths come from the station's time
//! limits for the case's category and urgency, else from the built-in defaults below.
//! A limit is counted in hours, calendar days or working days; working days skip
//! weekends and official holidays and count the official make-up working days (调休上班).
//!
//! Counting rule: a limit of N days or N working days ends at midnight (China time) after
//! the N-th counted day *after* the day of receipt. A case received on Friday 2025-07-04
//! with 7 working days is due at the end of Tuesday 2025-07-15. Hours are plain elapsed time.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::cases::CaseStatus;
use crate::china::CHINA_OFFSET;
use crate::error::{Checked, FieldError, Invalid};
use crate::holidays::{self, HolidayYear};
use crate::labelled;

labelled! {
    /// How pressing a case is (紧急程度).
    Urgency {
        Urgent = "urgent", "紧急";
        Normal = "normal", "一般";
        Complex = "complex", "复杂";
    }
}

/// An ordinary case, when nothing else is said.
impl Default for Urgency {
    fn default() -> Self {
        Self::Normal
    }
}

/// What a limit is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum TimeUnit {
    #[serde(rename = "hours")]
    Hours,
    #[serde(rename = "days")]
    Days,
    #[serde(rename = "working_days")]
    WorkingDays,
}

impl TimeUnit {
    pub fn code(self) -> &'static str {
        match self {
            Self::Hours => "hours",
            Self::Days => "days",
            Self::WorkingDays => "working_days",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Hours, Self::Days, Self::WorkingDays].into_iter().find(|u| u.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Hours => "小时",
            Self::Days => "天",
            Self::WorkingDays => "个工作日",
        }
    }
}

/// A length of time: `24 小时`, `7 个工作日`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Span {
    pub amount: u32,
    pub unit: TimeUnit,
}

impl Span {
    pub const fn new(amount: u32, unit: TimeUnit) -> Self {
        Self { amount, unit }
    }

    pub fn label(self) -> String {
        format!("{} {}", self.amount, self.unit.label())
    }
}

/// The two limits for one category and urgency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    pub respond: Span,
    pub resolve: Span,
}

/// One row of the settings table: the limits for a category (or every category when
/// `category_id` is `None`) at one urgency, and whether the station set it or it is built in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TimeLimit {
    pub category_id: Option<i64>,
    pub category_name: Option<String>,
    pub urgency: Urgency,
    pub limits: Limits,
    pub built_in: bool,
}

/// Categories whose name contains one of these are utilities: water, power, gas, heating.
const UTILITY_WORDS: &[&str] = &["供水", "供电", "停水", "停电", "燃气", "供暖", "供热"];

/// The built-in limits (`../shared/docs/DOMAIN.md`): urgent 2 h to respond and 24 h to resolve; utilities
/// 24 h; ordinary 7 days; complex 15 days; ordinary and complex cases get a response
/// within 24 hours.
pub fn default_limits(category_name: Option<&str>, urgency: Urgency) -> Limits {
    use TimeUnit::*;
    let utility = category_name.is_some_and(|n| UTILITY_WORDS.iter().any(|w| n.contains(w)));
    match urgency {
        Urgency::Urgent => Limits { respond: Span::new(2, Hours), resolve: Span::new(24, Hours) },
        Urgency::Normal if utility => Limits { respond: Span::new(2, Hours), resolve: Span::new(24, Hours) },
        Urgency::Normal => Limits { respond: Span::new(24, Hours), resolve: Span::new(7, Days) },
        Urgency::Complex => Limits { respond: Span::new(24, Hours), resolve: Span::new(15, Days) },
    }
}

/// The limits a case runs on: the station's own for its category and urgency when it set
/// them, else the built-in ones.
pub fn limits_for(station: Option<Limits>, category_name: Option<&str>, urgency: Urgency) -> Limits {
    station.unwrap_or_else(|| default_limits(category_name, urgency))
}

/// Checks a limit the settings page submits.
pub fn validate_limits(limits: &Limits) -> Checked<()> {
    let mut errors = Vec::new();
    for (field, span) in [("respond", limits.respond), ("resolve", limits.resolve)] {
        if span.amount == 0 || span.amount > 1000 {
            errors.push(FieldError::new(field, "时限须在 1 到 1000 之间"));
        }
    }
    if errors.is_empty() && limits.respond.unit == limits.resolve.unit && limits.respond.amount > limits.resolve.amount
    {
        errors.push(FieldError::new("respond", "响应时限不能长于办结时限"));
    }
    if errors.is_empty() { Ok(()) } else { Err(Invalid(errors)) }
}

/// What kind of day a calendar entry makes a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum DayKind {
    /// 放假: not a working day even if a weekday.
    #[serde(rename = "holiday")]
    Holiday,
    /// 调休上班: a working day even if a weekend.
    #[serde(rename = "workday")]
    Workday,
    /// Cancels a built-in entry: the date follows the weekday rule.
    #[serde(rename = "normal")]
    Normal,
}

impl DayKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Holiday => "holiday",
            Self::Workday => "workday",
            Self::Normal => "normal",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.code() == code)
    }

    pub const ALL: &'static [Self] = &[Self::Holiday, Self::Workday, Self::Normal];

    pub fn label(self) -> &'static str {
        match self {
            Self::Holiday => "放假",
            Self::Workday => "调休上班",
            Self::Normal => "按平常",
        }
    }
}

/// One dated entry of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CalendarDay {
    pub day: NaiveDate,
    pub kind: DayKind,
    pub name: String,
    /// From the official schedule shipped with the program, not entered by the station.
    pub built_in: bool,
}

/// Working days: weekdays, minus holidays, plus make-up working days; and which years'
/// official calendars it knows, so a count crossing into another year can say so.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    entries: HashMap<NaiveDate, DayKind>,
    covered: Vec<i32>,
}

impl Calendar {
    /// The shipped official calendar with the station's own entries laid over it.
    pub fn with_station_days(station_days: &[(NaiveDate, DayKind)]) -> Self {
        Self::new(&[], station_days)
    }

    /// The official calendar (shipped years, each replaced by the station's import of
    /// that year's notice when there is one) with the station's own entries laid over it.
    pub fn new(imported: &[HolidayYear], station_days: &[(NaiveDate, DayKind)]) -> Self {
        let mut entries: HashMap<NaiveDate, DayKind> =
            holidays::official_days(imported).into_iter().map(|d| (d.day, d.kind)).collect();
        for &(day, kind) in station_days {
            entries.insert(day, kind);
        }
        let imported_years: Vec<i32> = imported.iter().map(|y| y.year).collect();
        Self { entries, covered: holidays::covered_years(&imported_years) }
    }

    /// The years whose official calendar this one knows.
    pub fn covered_years(&self) -> &[i32] {
        &self.covered
    }

    /// The first year without an official calendar that counting `span` from `from`
    /// passed through (only working days depend on it): the deadline then counted
    /// weekends alone in that year.
    pub fn unknown_year(&self, from: DateTime<Utc>, span: Span) -> Option<i32> {
        if span.unit != TimeUnit::WorkingDays {
            return None;
        }
        let first = from.with_timezone(&CHINA_OFFSET).date_naive() + Duration::days(1);
        let last = self.due(from, span).with_timezone(&CHINA_OFFSET).date_naive() - Duration::days(1);
        (first.year()..=last.year().max(first.year())).find(|y| !self.covered.contains(y))
    }

    /// Whether a series marked 节假日不举办 leaves out its occurrence on `day`: only a day
    /// this calendar makes a holiday (放假: an official one, or one the station added). A
    /// plain weekend is not one, nor a make-up working day (调休上班), nor an official
    /// holiday the station set back to 按平常; and a year with no calendar has none, so
    /// its occurrences are kept (the window asks for that year's notice).
    pub fn is_holiday(&self, day: NaiveDate) -> bool {
        self.entries.get(&day) == Some(&DayKind::Holiday)
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        match self.entries.get(&day) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            Some(DayKind::Normal) | None => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// When a clock of `span` started at `from` runs out.
    pub fn due(&self, from: DateTime<Utc>, span: Span) -> DateTime<Utc> {
        let n = i64::from(span.amount);
        match span.unit {
            TimeUnit::Hours => from + Duration::hours(n),
            TimeUnit::Days => end_of_china_day(from.with_timezone(&CHINA_OFFSET).date_naive() + Duration::days(n)),
            TimeUnit::WorkingDays => {
                let mut day = from.with_timezone(&CHINA_OFFSET).date_naive();
                let mut counted = 0;
                // A limit is at most 1000 working days; there are far more in 10 years.
                for _ in 0..3660 {
                    if counted == n {
                        break;
                    }
                    day += Duration::days(1);
                    if self.is_working_day(day) {
                        counted += 1;
                    }
                }
                end_of_china_day(day)
            }
        }
    }
}

/// Midnight at the end of a China date, in UTC.
fn end_of_china_day(day: NaiveDate) -> DateTime<Utc> {
    let next = day + Duration::days(1);
    match next.and_hms_opt(0, 0, 0).and_then(|t| CHINA_OFFSET.from_local_datetime(&t).single()) {
        Some(t) => t.with_timezone(&Utc),
        None => DateTime::<Utc>::MAX_UTC,
    }
}

/// How a case stands against its clocks; the register colours rows by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum DueState {
    /// 办结, 已回访, 关闭, 转办, 重复: green.
    #[serde(rename = "done")]
    Done,
    /// 办结 and waiting for the call-back.
    #[serde(rename = "awaiting_follow_up")]
    AwaitingFollowUp,
    /// Open, with more than a day left on both clocks.
    #[serde(rename = "on_track")]
    OnTrack,
    /// Open, a clock runs out within a day: yellow.
    #[serde(rename = "near_due")]
    NearDue,
    /// Open, a clock has run out: red.
    #[serde(rename = "overdue")]
    Overdue,
    /// 挂起: grey; the clocks stand still.
    #[serde(rename = "on_hold")]
    OnHold,
}

impl DueState {
    pub const ALL: &'static [Self] =
        &[Self::Done, Self::AwaitingFollowUp, Self::OnTrack, Self::NearDue, Self::Overdue, Self::OnHold];

    pub fn code(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::AwaitingFollowUp => "awaiting_follow_up",
            Self::OnTrack => "on_track",
            Self::NearDue => "near_due",
            Self::Overdue => "overdue",
            Self::OnHold => "on_hold",
        }
    }

    /// What the register's due column says.
    pub fn label(self) -> &'static str {
        match self {
            Self::Done => "已办结",
            Self::AwaitingFollowUp => "待回访",
            Self::OnTrack => "时限内",
            Self::NearDue => "临近时限",
            Self::Overdue => "已超期",
            Self::OnHold => "已挂起",
        }
    }
}

/// "Near due" means within this long.
pub const NEAR_DUE: Duration = Duration::hours(24);

/// Whether a case on hold (挂起) is still late: its resolve deadline had passed before it
/// was put on hold. Holding stops the clock from then on; it does not erase lateness
/// already incurred, so such a case stays 超期 in the rates and red in the register
/// until it is resumed (when its moved deadline says the same).
pub fn late_when_held(resolve_due_at: Option<DateTime<Utc>>, held_since: Option<DateTime<Utc>>) -> bool {
    matches!((resolve_due_at, held_since), (Some(due), Some(since)) if due < since)
}

/// How a case stands against its clocks at `now`.
pub fn due_state(
    status: CaseStatus,
    respond_due_at: Option<DateTime<Utc>>,
    responded_at: Option<DateTime<Utc>>,
    resolve_due_at: Option<DateTime<Utc>>,
    held_since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> DueState {
    use CaseStatus::*;
    match status {
        Resolved => DueState::AwaitingFollowUp,
        FollowedUp | Closed | Referred | Duplicate => DueState::Done,
        OnHold if late_when_held(resolve_due_at, held_since) => DueState::Overdue,
        OnHold => DueState::OnHold,
        Accepted | Investigating | InProgress => {
            // The respond clock is short by nature (hours), so it only counts once run out;
            // the resolve clock turns yellow in its last day.
            let respond_late = respond_due_at.is_some_and(|d| responded_at.is_none() && d <= now);
            match resolve_due_at {
                _ if respond_late => DueState::Overdue,
                Some(due) if due <= now => DueState::Overdue,
                Some(due) if due - now <= NEAR_DUE => DueState::NearDue,
                _ => DueState::OnTrack,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_held_after_its_deadline_stays_overdue_and_one_held_in_time_does_not() {
        let due = Utc.with_ymd_and_hms(2026, 10, 29, 16, 0, 0).unwrap();
        let late_hold = due + Duration::days(3);
        let early_hold = due - Duration::days(3);
        let now = due + Duration::days(10);
        let state = |since| due_state(CaseStatus::OnHold, None, None, Some(due), Some(since), now);
        assert_eq!(state(late_hold), DueState::Overdue);
        assert_eq!(state(early_hold), DueState::OnHold);
        assert!(late_when_held(Some(due), Some(late_hold)));
        assert!(!late_when_held(Some(due), Some(early_hold)));
        assert!(!late_when_held(None, Some(late_hold)));
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// A China wall-clock time as UTC.
    fn cn(y: i32, m: u32, day: u32, h: u32) -> DateTime<Utc> {
        CHINA_OFFSET.from_local_datetime(&d(y, m, day).and_hms_opt(h, 0, 0).unwrap()).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn working_days_skip_weekends() {
        let cal = Calendar::with_station_days(&[]);
        // Friday 2025-07-04, 7 working days: 7,8,9,10,11 | 14,15 → end of Tuesday 15th.
        let due = cal.due(cn(2025, 7, 4, 10), Span::new(7, TimeUnit::WorkingDays));
        assert_eq!(due, cn(2025, 7, 16, 0));
        // Received on a Saturday: counting starts Monday.
        let due = cal.due(cn(2025, 7, 5, 10), Span::new(1, TimeUnit::WorkingDays));
        assert_eq!(due, cn(2025, 7, 8, 0));
    }

    #[test]
    fn working_days_skip_holidays_and_count_make_up_days() {
        let cal = Calendar::with_station_days(&[]);
        // National Day 2025: Oct 1–8 off; Sunday Sep 28 and Saturday Oct 11 are working days.
        // Received Friday Sep 26: 27 Sat no, 28 Sun yes(1), 29(2), 30(3), Oct 1–8 no,
        // 9(4), 10(5), 11 Sat yes(6), 12 Sun no, 13(7) → end of Oct 13.
        let due = cal.due(cn(2025, 9, 26, 16), Span::new(7, TimeUnit::WorkingDays));
        assert_eq!(due, cn(2025, 10, 14, 0));
        // Spring Festival 2026: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 working.
        // Received Thursday Feb 12: 13(1), 14 Sat(2), 15–23 off, 24(3), 25(4), 26(5).
        let due = cal.due(cn(2026, 2, 12, 9), Span::new(5, TimeUnit::WorkingDays));
        assert_eq!(due, cn(2026, 2, 27, 0));
        assert!(cal.is_working_day(d(2026, 2, 28)));
        assert!(!cal.is_working_day(d(2026, 10, 7)));
    }

    #[test]
    fn station_entries_override_the_official_calendar() {
        // The station adds a local day off on Monday 2025-07-07 and cancels nothing else.
        let cal = Calendar::with_station_days(&[(d(2025, 7, 7), DayKind::Holiday)]);
        let due = cal.due(cn(2025, 7, 4, 10), Span::new(1, TimeUnit::WorkingDays));
        assert_eq!(due, cn(2025, 7, 9, 0));
        // Cancelling a built-in make-up day: Sunday 2025-09-28 is a day off again.
        let cal = Calendar::with_station_days(&[(d(2025, 9, 28), DayKind::Normal)]);
        assert!(!cal.is_working_day(d(2025, 9, 28)));
    }

    #[test]
    fn holidays_a_series_skips_are_the_calendars_days_off_not_weekends() {
        let cal = Calendar::with_station_days(&[(d(2026, 10, 2), DayKind::Normal), (d(2026, 11, 5), DayKind::Holiday)]);
        // National Day 2026: Thursday 1 October is a holiday; Saturday 10 October is a
        // make-up working day; Saturday 17 October a plain weekend.
        assert!(cal.is_holiday(d(2026, 10, 1)));
        assert!(cal.is_holiday(d(2026, 10, 7)));
        assert!(!cal.is_holiday(d(2026, 10, 8)));
        assert!(!cal.is_holiday(d(2026, 10, 10)));
        assert!(!cal.is_holiday(d(2026, 10, 17)));
        // The station's own entries lie over the official ones.
        assert!(!cal.is_holiday(d(2026, 10, 2)));
        assert!(cal.is_holiday(d(2026, 11, 5)));
        // A year no notice covers has no holidays at all.
        assert!(!cal.covered_years().contains(&2099));
        assert!(!cal.is_holiday(d(2099, 10, 1)));
    }

    #[test]
    fn hours_and_calendar_days() {
        let cal = Calendar::with_station_days(&[]);
        assert_eq!(cal.due(cn(2025, 7, 4, 23), Span::new(2, TimeUnit::Hours)), cn(2025, 7, 5, 1));
        // 7 calendar days from Friday 4th: end of Friday 11th, weekend included.
        assert_eq!(cal.due(cn(2025, 7, 4, 10), Span::new(7, TimeUnit::Days)), cn(2025, 7, 12, 0));
    }

    #[test]
    fn defaults_follow_the_domain_figures() {
        assert_eq!(default_limits(None, Urgency::Urgent).respond, Span::new(2, TimeUnit::Hours));
        assert_eq!(default_limits(Some("供水供电"), Urgency::Normal).resolve, Span::new(24, TimeUnit::Hours));
        assert_eq!(default_limits(Some("物业管理"), Urgency::Normal).resolve, Span::new(7, TimeUnit::Days));
        assert_eq!(default_limits(None, Urgency::Complex).resolve, Span::new(15, TimeUnit::Days));
        let bad = Limits { respond: Span::new(10, TimeUnit::Days), resolve: Span::new(7, TimeUnit::Days) };
        assert!(validate_limits(&bad).is_err());
    }
}

//! Personal data the station keeps, and for how long (PIPL, issue 12): the two retention
//! settings and their bounds, the cutoff date, which cases are finished, what an
//! anonymised row holds instead of a name, how a resident's phone appears in the audit
//! log (a hash, never the number), and which events ask for consent with a sign-up.
//!
//! Anonymising removes who a record was about (name, phone, 楼栋/单元/房号, survey people,
//! a call-back's words, attachments) and keeps what it was and how it went (title,
//! description, place, 小区, category, status, every date and figure), so the reported
//! figures of every month stay the same.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cases::CaseStatus;
use crate::china::{china_date, china_midnight};
use crate::error::FieldError;

/// Finished cases are kept with personal data this many years after their last change.
pub const CASE_YEARS: (u32, u32) = (1, 30);
pub const DEFAULT_CASE_YEARS: u32 = 3;
/// Event sign-ups, walk-ins and errands: years after the day they were for.
pub const SIGNUP_YEARS: (u32, u32) = (1, 10);
pub const DEFAULT_SIGNUP_YEARS: u32 = 1;

/// At most this many records of each kind are anonymised in one run; a run that reaches
/// it says so and the next run (the next day, or 立即执行 again) goes on.
pub const MAX_PER_RUN: usize = 2000;

/// What a required name column holds once anonymised.
pub const ANONYMISED: &str = "（已匿名）";

/// A station's retention settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RetentionSettings {
    /// Finished cases: years after their last change.
    pub cases_years: u32,
    /// Event sign-ups, walk-ins and errands: years after their day.
    pub signups_years: u32,
}

impl Default for RetentionSettings {
    fn default() -> Self {
        Self { cases_years: DEFAULT_CASE_YEARS, signups_years: DEFAULT_SIGNUP_YEARS }
    }
}

/// Both settings within their bounds, or each refusal in Chinese.
pub fn validate(s: &RetentionSettings) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    let (lo, hi) = CASE_YEARS;
    if !(lo..=hi).contains(&s.cases_years) {
        errors.push(FieldError::new(
            "casesYears",
            format!("办结诉求的保存年限需为 {lo}–{hi} 年（现在填的是 {} 年）", s.cases_years),
        ));
    }
    let (lo, hi) = SIGNUP_YEARS;
    if !(lo..=hi).contains(&s.signups_years) {
        errors.push(FieldError::new(
            "signupsYears",
            format!("活动报名和代办记录的保存年限需为 {lo}–{hi} 年（现在填的是 {} 年）", s.signups_years),
        ));
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// The first China date whose records are still kept: `today` less `years` years
/// (29 February falls back to 28 February). Records of an earlier day are due.
pub fn cutoff_date(today: NaiveDate, years: u32) -> NaiveDate {
    let year = today.year() - i32::try_from(years).unwrap_or(i32::MAX / 2);
    NaiveDate::from_ymd_opt(year, today.month(), today.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, today.month(), 28))
        .unwrap_or(NaiveDate::MIN)
}

/// The cutoff as an instant: China midnight starting the cutoff date. A record whose
/// time is before it is due.
pub fn cutoff(now: DateTime<Utc>, years: u32) -> DateTime<Utc> {
    china_midnight(cutoff_date(china_date(now), years)).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// A case nobody works on any more: 办结, 已回访, 关闭, 转办, 重复. 受理/核查/处理中 and 挂起
/// (it comes back) are not finished.
pub fn is_finished(status: CaseStatus) -> bool {
    matches!(
        status,
        CaseStatus::Resolved
            | CaseStatus::FollowedUp
            | CaseStatus::Closed
            | CaseStatus::Referred
            | CaseStatus::Duplicate
    )
}

/// Whether a case's personal data is due for anonymising: finished, and its last change
/// before the cutoff.
pub fn case_due(status: CaseStatus, last_change: DateTime<Utc>, cutoff: DateTime<Utc>) -> bool {
    is_finished(status) && last_change < cutoff
}

/// The statuses `is_finished` accepts, as codes (the store's query lists them).
pub fn finished_codes() -> Vec<&'static str> {
    CaseStatus::ALL.iter().copied().filter(|s| is_finished(*s)).map(CaseStatus::code).collect()
}

/// How a resident's phone appears in the audit log of a data request: the first 16 hex
/// digits of its SHA-256, enough to match two requests about one number without
/// recording the number.
pub fn phone_reference(phone: &str) -> String {
    let digest = Sha256::digest(phone.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Event kinds whose sign-ups collect health information: a sign-up needs the resident's
/// consent (义诊).
pub const HEALTH_EVENT_KINDS: &[&str] = &["clinic"];

pub fn needs_consent(event_kind_code: &str) -> bool {
    HEALTH_EVENT_KINDS.contains(&event_kind_code)
}

/// The line the resident agrees to, shown next to the consent box.
pub const CONSENT_TEXT: &str = "居民同意本站为本次健康服务记录其姓名、电话和健康相关信息，仅用于本次活动";

/// What the core answers to a health sign-up without consent.
pub const CONSENT_REQUIRED: &str = "义诊等健康类活动报名需居民同意记录个人信息：请向居民说明并勾选“居民已同意”";

/// A case still open among a resident's records: the refusal lists them by number.
pub fn open_cases_refusal(numbers: &[String]) -> String {
    format!("该居民还有未办结的诉求（{}），办结后才能删除其个人信息", numbers.join("、"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn settings_are_bounded_with_messages_that_say_the_range() {
        assert!(validate(&RetentionSettings::default()).is_ok());
        assert!(validate(&RetentionSettings { cases_years: 1, signups_years: 10 }).is_ok());
        assert!(validate(&RetentionSettings { cases_years: 30, signups_years: 1 }).is_ok());
        let e = validate(&RetentionSettings { cases_years: 0, signups_years: 11 }).unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].field, "casesYears");
        assert_eq!(e[0].message, "办结诉求的保存年限需为 1–30 年（现在填的是 0 年）");
        assert_eq!(e[1].message, "活动报名和代办记录的保存年限需为 1–10 年（现在填的是 11 年）");
        assert!(validate(&RetentionSettings { cases_years: 31, signups_years: 1 }).is_err());
    }

    #[test]
    fn the_cutoff_is_the_same_china_day_years_back() {
        assert_eq!(cutoff_date(d(2026, 12, 3), 3), d(2023, 12, 3));
        assert_eq!(cutoff_date(d(2028, 2, 29), 1), d(2027, 2, 28));
        // 2026-12-02 17:00 UTC is already 3 December in China.
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 17, 0, 0).unwrap();
        assert_eq!(cutoff(now, 3), Utc.with_ymd_and_hms(2023, 12, 2, 16, 0, 0).unwrap());
    }

    #[test]
    fn only_finished_cases_before_the_cutoff_are_due() {
        let cut = Utc.with_ymd_and_hms(2023, 12, 2, 16, 0, 0).unwrap();
        let before = cut - chrono::Duration::seconds(1);
        for s in CaseStatus::ALL {
            assert_eq!(case_due(*s, before, cut), is_finished(*s), "{s:?}");
            assert!(!case_due(*s, cut, cut));
        }
        assert!(!is_finished(CaseStatus::OnHold));
        assert!(!is_finished(CaseStatus::InProgress));
        assert_eq!(finished_codes(), ["resolved", "followed_up", "closed", "referred", "duplicate"]);
    }

    #[test]
    fn a_phone_reference_never_holds_the_number() {
        let r = phone_reference("13812341234");
        assert_eq!(r.len(), 16);
        assert!(!r.contains("13812341234"));
        assert_eq!(r, phone_reference("13812341234"));
        assert_ne!(r, phone_reference("13812341235"));
    }

    #[test]
    fn clinics_need_consent_and_the_refusal_lists_open_cases() {
        assert!(needs_consent("clinic"));
        assert!(!needs_consent("culture"));
        assert_eq!(
            open_cases_refusal(&["2026-0001".to_owned(), "2026-0002".to_owned()]),
            "该居民还有未办结的诉求（2026-0001、2026-0002），办结后才能删除其个人信息"
        );
    }
}

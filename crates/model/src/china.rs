//! China time: the station counts days, months, deadlines and notices in UTC+8, which
//! has no daylight saving, so a fixed offset is exact.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

/// China Standard Time.
pub const CHINA_OFFSET: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

/// The China date of an instant.
pub fn china_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&CHINA_OFFSET).date_naive()
}

/// China midnight at the start of a date, as a UTC instant.
pub fn china_midnight(day: NaiveDate) -> Option<DateTime<Utc>> {
    day.and_hms_opt(0, 0, 0).and_then(|t| CHINA_OFFSET.from_local_datetime(&t).single()).map(|t| t.with_timezone(&Utc))
}

/// `2026-12` for a China date: the month a figure counted on that day belongs to.
pub fn month_of(day: NaiveDate) -> String {
    day.format("%Y-%m").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_china_day_starts_at_16_utc_the_day_before() {
        let day = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default();
        let midnight = china_midnight(day).map(|t| t.to_rfc3339());
        assert_eq!(midnight.as_deref(), Some("2026-12-31T16:00:00+00:00"));
        let just_before = Utc.with_ymd_and_hms(2026, 12, 31, 15, 59, 59).single().map(china_date);
        assert_eq!(just_before.map(month_of).as_deref(), Some("2026-12"));
        let at = Utc.with_ymd_and_hms(2026, 12, 31, 16, 0, 0).single().map(china_date);
        assert_eq!(at.map(month_of).as_deref(), Some("2027-01"));
    }
}

//! Open311 GeoReport v2: how a case is told to the public. One rule for each thing the
//! published format asks that our records say otherwise: the status (`open`/`closed`),
//! the datetimes (ISO 8601 with China's offset), how much of an address is public, and
//! what is taken out of free text so that no resident can be recognised.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::cases::CaseStatus;
use crate::china::CHINA_OFFSET;

/// GeoReport v2's two statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PublicStatus {
    Open,
    Closed,
}

impl PublicStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "open" => Some(Self::Open),
            "closed" => Some(Self::Closed),
            _ => None,
        }
    }
}

/// `closed` once the station's work is done — 办结 (whether or not called back yet),
/// 已回访, 关闭, and 重复 (answered by the case it repeats). Everything else is `open`:
/// being worked on, 挂起 (it comes back), and 转办 (another body still has it; a referred
/// case returns to 处理中 or is closed later).
pub fn public_status(status: CaseStatus) -> PublicStatus {
    use CaseStatus::*;
    match status {
        Resolved | FollowedUp | Closed | Duplicate => PublicStatus::Closed,
        Accepted | Investigating | InProgress | OnHold | Referred => PublicStatus::Open,
    }
}

/// `2025-03-09T09:00:00+08:00`: the spec's ISO 8601 subset (W3C note) with the offset,
/// in China time as the station counts it.
pub fn datetime(at: DateTime<Utc>) -> String {
    at.with_timezone(&CHINA_OFFSET).to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The public part of an address: the 小区 and the 楼栋, and a public place (南门广场).
/// The 单元 and the room are left out: a building holds dozens of households, which is
/// precise enough to see where problems gather (a leaking roof, a broken lift), while a
/// unit and a room point at one family — and with the request's text, at one person.
pub fn public_address(compound: Option<&str>, building: Option<&str>, place: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(c) = compound.filter(|c| !c.is_empty()) {
        out.push_str(c);
    }
    if let Some(b) = building.filter(|b| !b.is_empty()) {
        out.push_str(b);
        out.push('栋');
    }
    if let Some(p) = place.filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

/// What stands for a resident's name taken out of public text.
pub const NAME_MARK: &str = "居民";
/// What stands for a long number taken out of public text.
pub const NUMBER_MARK: &str = "****";
/// Runs of this many digits or more are phone, ID card or bank numbers (a landline with
/// its area code, `02887654321`, has 11; a compact date, `20250309`, goes too).
pub const MIN_HIDDEN_DIGITS: usize = 7;

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Free text made public: each of the given names (the resident's, two characters or
/// more) becomes 居民, every run of 7 or more digits (ASCII or full-width) becomes `****`,
/// and so does a mobile number written in groups, `138 1234 5678` or `138-1234-5678`
/// (a date, `2025-03-09`, is 4-2-2 and stays). A staff member writes
/// "已电话联系刘涵（13812345678）" in a note; the public reads "已电话联系居民（****）".
pub fn redact(text: &str, names: &[&str]) -> String {
    let mut named = text.to_owned();
    for name in names.iter().map(|n| n.trim()).filter(|n| n.chars().count() >= 2) {
        named = named.replace(name, NAME_MARK);
    }
    let chars: Vec<char> = named.chars().collect();
    // The digit group starting at `i`: its end.
    let group_end = |i: usize| (i..chars.len()).find(|&j| !is_digit(chars[j])).unwrap_or(chars.len());
    let mut out = String::with_capacity(named.len());
    let mut i = 0;
    while i < chars.len() {
        if !is_digit(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let end = group_end(i);
        // 3-4-4 with the same single separator: a mobile number in groups.
        let grouped = (|| {
            let sep = *chars.get(end)?;
            if end - i != 3 || !matches!(sep, ' ' | '-' | '－') {
                return None;
            }
            let second = group_end(end + 1);
            if second - end - 1 != 4 || chars.get(second) != Some(&sep) {
                return None;
            }
            let third = group_end(second + 1);
            (third - second - 1 == 4).then_some(third)
        })();
        if let Some(third) = grouped {
            out.push_str(NUMBER_MARK);
            i = third;
        } else if end - i >= MIN_HIDDEN_DIGITS {
            out.push_str(NUMBER_MARK);
            i = end;
        } else {
            out.extend(&chars[i..end]);
            i = end;
        }
    }
    out
}

/// What stands for the resident's room taken out of public text.
pub const ROOM_MARK: &str = "某室";

/// The resident's own room as free text writes it (`1402室`, `1402号`, `1402户`, `1402房`)
/// becomes 某室: the public address stops at the building, and so does the text.
pub fn hide_room(text: &str, room: Option<&str>) -> String {
    let Some(room) = room.map(str::trim).filter(|r| !r.is_empty()) else { return text.to_owned() };
    let mut out = text.to_owned();
    for suffix in ['室', '号', '户', '房'] {
        out = out.replace(&format!("{room}{suffix}"), ROOM_MARK);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_case_is_closed_once_the_stations_work_is_done() {
        let closed: Vec<CaseStatus> =
            CaseStatus::ALL.iter().copied().filter(|s| public_status(*s) == PublicStatus::Closed).collect();
        assert_eq!(closed, [CaseStatus::Resolved, CaseStatus::FollowedUp, CaseStatus::Closed, CaseStatus::Duplicate]);
        // Every status the register calls open (the clock runs) is open to the public too.
        for s in CaseStatus::ALL.iter().filter(|s| s.is_open()) {
            assert_eq!(public_status(*s), PublicStatus::Open, "{s:?}");
        }
        assert_eq!(public_status(CaseStatus::Referred).code(), "open");
        assert_eq!(PublicStatus::parse("closed"), Some(PublicStatus::Closed));
        assert_eq!(PublicStatus::parse("已关闭"), None);
    }

    #[test]
    fn datetimes_carry_chinas_offset() {
        let at = Utc.with_ymd_and_hms(2025, 3, 9, 1, 0, 0).single().map(datetime);
        assert_eq!(at.as_deref(), Some("2025-03-09T09:00:00+08:00"));
        let late = Utc.with_ymd_and_hms(2025, 12, 31, 16, 30, 5).single().map(datetime);
        assert_eq!(late.as_deref(), Some("2026-01-01T00:30:05+08:00"));
    }

    #[test]
    fn the_public_address_stops_at_the_building() {
        assert_eq!(public_address(Some("润都荣园"), Some("1"), None), "润都荣园1栋");
        assert_eq!(public_address(Some("润都荣园"), None, Some("南门广场")), "润都荣园 南门广场");
        assert_eq!(public_address(None, None, Some("地下车库")), "地下车库");
        assert_eq!(public_address(Some(""), Some(""), None), "");
    }

    #[test]
    fn names_and_long_numbers_leave_public_text() {
        assert_eq!(redact("已电话联系刘涵（13812345678）", &["刘涵"]), "已电话联系居民（****）");
        assert_eq!(
            redact("回电 138 1234 5678、138-1234-5678 或 ０２８－８７６５４３２１", &[]),
            "回电 ****、**** 或 ０２８－****"
        );
        // Mixed separators are no mobile number in groups.
        assert_eq!(redact("138 1234-5678", &[]), "138 1234-5678");
        // Dates, room counts and short numbers stay.
        assert_eq!(redact("2025-03-09 检查3栋，共12户", &[]), "2025-03-09 检查3栋，共12户");
        assert_eq!(redact("身份证 510104199001011234", &[]), "身份证 ****");
        // A one-character "name" would blank ordinary words: left as is.
        assert_eq!(redact("王 先生来访", &["王"]), "王 先生来访");
        assert_eq!(redact("", &["刘涵"]), "");
    }

    #[test]
    fn the_residents_room_leaves_public_text() {
        assert_eq!(hide_room("7栋3单元1402室漏水，1402号楼上", Some("1402")), "7栋3单元某室漏水，某室楼上");
        assert_eq!(hide_room("共1402户", None), "共1402户");
        assert_eq!(hide_room("3单元", Some(" ")), "3单元");
    }
}

//! Phone numbers as residents and staff type them: one check for every form (cases,
//! parties, sign-ups, errands, meetings, the station's own), one tidy form, one mask.

use crate::error::FieldError;

/// What a refused phone number is told, wherever a phone is typed.
pub const PHONE_FORMAT_HINT: &str = "请填写 11 位手机号（如 13812341234）或带区号的固定电话（如 0311-86012345）";

/// A typed phone number, trimmed and tidied by [`normalize_phone`]; empty means none. A
/// malformed one adds `{label}格式不正确：…` under `field` to `errors`.
pub fn optional_phone(raw: Option<&str>, field: &str, label: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
    let phone = normalize_phone(raw);
    if phone.is_none() {
        errors.push(FieldError::new(field, format!("{label}格式不正确：{PHONE_FORMAT_HINT}")));
    }
    phone
}

/// Accepts a mainland mobile number (11 digits starting 13–19) or a landline with area
/// code (`0311-86012345`, `031186012345`); spaces and dashes are tolerated and tidied.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '－' | '\u{3000}')).collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let b = digits.as_bytes();
    if b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
        return Some(digits);
    }
    if b.first() == Some(&b'0') && (10..=12).contains(&b.len()) {
        // Area codes are 3 digits for 010 and 02x, 4 digits otherwise.
        let area = if matches!(b.get(1), Some(b'1' | b'2')) { 3 } else { 4 };
        let local = b.len() - area;
        if (7..=8).contains(&local) {
            return Some(format!("{}-{}", &digits[..area], &digits[area..]));
        }
    }
    None
}

/// `13812341234` → `138****1234`; landlines keep area code and last four.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len());
    }
    let head: String =
        if let Some(dash) = phone.find('-') { phone[..=dash].to_owned() } else { chars[..3].iter().collect() };
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles_and_landlines_with_area_codes_are_tidied() {
        assert_eq!(normalize_phone("138 1234 1234").as_deref(), Some("13812341234"));
        assert_eq!(normalize_phone("0311 86012345").as_deref(), Some("0311-86012345"));
        assert_eq!(normalize_phone("010-6512345").as_deref(), Some("010-6512345"));
        assert_eq!(normalize_phone("86012345"), None, "a local number needs its area code");
        assert_eq!(normalize_phone("1381234123"), None);
    }

    #[test]
    fn masks_keep_what_identifies_the_line_not_the_person() {
        assert_eq!(mask_phone("13812341234"), "138****1234");
        assert_eq!(mask_phone("0311-86012345"), "0311-****2345");
    }

    #[test]
    fn a_malformed_phone_is_refused_with_both_examples() {
        let mut errors = Vec::new();
        assert_eq!(optional_phone(Some("12345"), "phone", "电话号码", &mut errors), None);
        assert_eq!(
            errors.first().map(|e| e.message.as_str()),
            Some(format!("电话号码格式不正确：{PHONE_FORMAT_HINT}").as_str())
        );
        assert_eq!(optional_phone(Some("  "), "phone", "电话号码", &mut errors), None);
        assert_eq!(errors.len(), 1, "an empty phone is no phone, not an error");
    }
}

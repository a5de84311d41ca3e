//! What any input may hold, whichever form or command it came from: dates a station can
//! mean, free text without control or invisible characters, and how much of a refused
//! input a message may quote.
//!
//! Each rule lives here once; the services call it for every field they take, so the
//! window, the CLI and the dev server refuse the same input with the same words.

use crate::error::FieldError;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// The first date a station's records may name: nothing here predates the program's
/// calendar of working days, and far dates only overflow date arithmetic.
pub const EARLIEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(day) => day,
    None => panic!("2000-01-01 is a valid date"),
};

/// The last date a station's records may name.
pub const LATEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2100, 12, 31) {
    Some(day) => day,
    None => panic!("2100-12-31 is a valid date"),
};

/// How many characters of an input a message quotes at most.
pub const EXCERPT_CHARS: usize = 20;

/// A date the station can mean (2000-01-01 … 2100-12-31), or the message saying so;
/// `label` names the field for a person (`开始日期`, `暂缓至`).
pub fn date_in_range(field: &str, label: &str, day: NaiveDate) -> Result<NaiveDate, FieldError> {
    if (EARLIEST_DATE..=LATEST_DATE).contains(&day) {
        Ok(day)
    } else {
        Err(FieldError::new(field, out_of_range(label, &day.format("%Y-%m-%d").to_string())))
    }
}

/// An instant whose China date the station can mean, or the message saying so. Safe at
/// chrono's own limits, where converting to China time would overflow.
pub fn instant_in_range(field: &str, label: &str, at: DateTime<Utc>) -> Result<DateTime<Utc>, FieldError> {
    let in_china = at.naive_utc().checked_add_signed(TimeDelta::hours(8));
    match in_china {
        Some(t) => date_in_range(field, label, t.date()).map(|_| at),
        None => Err(FieldError::new(field, out_of_range(label, &at.date_naive().format("%Y-%m-%d").to_string()))),
    }
}

/// When a step of a case happened, for history entered from paper records: `None` is now;
/// a time given is not in the future (five minutes of clock skew allowed), not before
/// the case was received, and not before the case's latest recorded step (so the
/// timeline stays in order and a hold never lasts a negative time).
pub fn step_time(
    at: Option<DateTime<Utc>>,
    received_at: DateTime<Utc>,
    latest_step: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, FieldError> {
    let Some(at) = at else { return Ok(now) };
    let at = instant_in_range("at", "时间", at)?;
    let china = |t: DateTime<Utc>| {
        t.naive_utc().checked_add_signed(TimeDelta::hours(8)).map(|t| t.format("%Y-%m-%d %H:%M").to_string())
    };
    if at > now + TimeDelta::minutes(5) {
        return Err(FieldError::new("at", "时间不能晚于现在，请检查日期和时间"));
    }
    if at < received_at {
        return Err(FieldError::new(
            "at",
            format!("时间不能早于本件的受理时间 {}，请检查日期和时间", china(received_at).unwrap_or_default()),
        ));
    }
    if let Some(latest) = latest_step.filter(|l| at < *l) {
        return Err(FieldError::new(
            "at",
            format!("时间不能早于本件上一步的时间 {}：请按先后顺序补录", china(latest).unwrap_or_default()),
        ));
    }
    Ok(at.min(now))
}

/// A period of dates: each end in range and the first not after the last.
pub fn period(from: NaiveDate, to: NaiveDate) -> Result<(NaiveDate, NaiveDate), FieldError> {
    let from = date_in_range("from", "开始日期", from)?;
    let to = date_in_range("to", "结束日期", to)?;
    if from > to {
        return Err(FieldError::new("from", format!("开始日期晚于结束日期（{from} 至 {to}），请检查日期范围")));
    }
    Ok((from, to))
}

fn out_of_range(label: &str, shown: &str) -> String {
    format!("{label}“{}”超出可用范围：请填写 {EARLIEST_DATE} 至 {LATEST_DATE} 之间的日期", excerpt(shown))
}

/// Characters that show nothing but can reorder, hide or disguise text around them:
/// zero-width spaces and joiners, direction marks and overrides, the byte-order mark,
/// soft hyphens and fillers that print as blanks.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// A joiner (U+200C, U+200D) kept between two visible characters, or a variation
/// selector after one, shapes an emoji or a script; anywhere else it only hides.
fn keeps_shape(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}')
}

/// Free text as it may be stored and printed: escape sequences (ANSI colours, terminal
/// commands) and control characters removed, line breaks kept as `\n`, tabs as spaces,
/// invisible characters removed, the ends trimmed.
pub fn clean_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '\u{1B}' => i = skip_escape(&chars, i),
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c if keeps_shape(c) => {
                let before = out.chars().next_back().is_some_and(|b| !b.is_whitespace() && !is_invisible(b));
                let after = chars.get(i).is_some_and(|a| !a.is_whitespace() && !a.is_control() && !is_invisible(*a));
                // A variation selector shapes the character before it (❤ + U+FE0F is
                // the red heart); a joiner needs a character on both sides.
                let selector = ('\u{FE00}'..='\u{FE0F}').contains(&c);
                if before && (after || selector) {
                    out.push(c);
                }
            }
            c if is_invisible(c) => {}
            c => out.push(c),
        }
    }
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    lines.join("\n").trim().to_owned()
}

/// Skips the rest of an escape sequence that started at `chars[i - 1]`: a CSI sequence
/// (`ESC [ … final byte`), an OSC string (`ESC ] … BEL` or `ESC \`), or one character.
fn skip_escape(chars: &[char], mut i: usize) -> usize {
    match chars.get(i) {
        Some('[') => {
            i += 1;
            while let Some(c) = chars.get(i) {
                i += 1;
                if ('\u{40}'..='\u{7E}').contains(c) {
                    break;
                }
            }
            i
        }
        Some(']') => {
            i += 1;
            while let Some(c) = chars.get(i) {
                i += 1;
                if *c == '\u{7}' || (*c == '\u{1B}' && chars.get(i) == Some(&'\\')) {
                    return i + usize::from(*c == '\u{1B}');
                }
            }
            i
        }
        Some(_) => i + 1,
        None => i,
    }
}

/// One line of free text (a title, a name, a place): [`clean_text`] with line breaks
/// turned into spaces.
pub fn clean_line(text: &str) -> String {
    clean_text(text).split('\n').map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// An optional free text, cleaned; `None` when nothing visible is left.
pub fn clean_optional(text: Option<&str>) -> Option<String> {
    text.map(clean_text).filter(|t| !t.is_empty())
}

/// At most [`EXCERPT_CHARS`] characters of an input, on one line, for a message; a longer
/// input ends in `…` with its length, so a 100 000-character paste is not echoed back.
pub fn excerpt(text: &str) -> String {
    let line = clean_line(text);
    let n = line.chars().count();
    if n <= EXCERPT_CHARS {
        line
    } else {
        let head: String = line.chars().take(EXCERPT_CHARS).collect();
        format!("{head}…（共 {n} 字）")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_from_paper_records_is_dated_between_receipt_and_now_in_order() {
        use chrono::TimeZone;
        let t = |d: u32, h: u32| Utc.with_ymd_and_hms(2026, 10, d, h, 0, 0).unwrap();
        let (received, latest, now) = (t(22, 2), Some(t(23, 2)), t(30, 2));
        assert_eq!(step_time(None, received, latest, now), Ok(now));
        assert_eq!(step_time(Some(t(24, 2)), received, latest, now), Ok(t(24, 2)));
        let err = |at| step_time(Some(at), received, latest, now).unwrap_err().message;
        assert!(err(t(31, 2)).contains("不能晚于现在"));
        assert!(err(t(21, 2)).contains("不能早于本件的受理时间 2026-10-22 10:00"));
        assert!(err(t(22, 12)).contains("不能早于本件上一步的时间 2026-10-23 10:00"));
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn dates_outside_2000_to_2100_are_refused_with_the_range() {
        assert_eq!(date_in_range("from", "开始日期", day(2026, 12, 2)), Ok(day(2026, 12, 2)));
        assert!(date_in_range("from", "开始日期", EARLIEST_DATE).is_ok());
        assert!(date_in_range("from", "开始日期", LATEST_DATE).is_ok());
        let far = NaiveDate::from_ymd_opt(262_142, 1, 1).unwrap_or_default();
        let e = date_in_range("from", "开始日期", far).err().map(|e| e.message).unwrap_or_default();
        assert_eq!(e, "开始日期“+262142-01-01”超出可用范围：请填写 2000-01-01 至 2100-12-31 之间的日期");
        assert!(date_in_range("to", "结束日期", day(1999, 12, 31)).is_err());
        assert!(period(day(2026, 12, 2), day(2026, 1, 1)).is_err());
        // 2100-12-31 20:00 UTC is already 2101-01-01 in China.
        let late = china_date_utc(2100, 12, 31, 20);
        assert!(instant_in_range("start", "开始时间", late).is_err());
        // chrono's own limits: China time there is past what chrono can hold.
        assert!(instant_in_range("start", "开始时间", DateTime::<Utc>::MAX_UTC).is_err());
        assert!(instant_in_range("start", "开始时间", DateTime::<Utc>::MIN_UTC).is_err());
    }

    fn china_date_utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        day(y, m, d).and_hms_opt(h, 0, 0).unwrap_or_default().and_utc()
    }

    #[test]
    fn control_escape_and_invisible_characters_are_removed() {
        assert_eq!(clean_text("\u{1b}[2J\u{1b}[31m门禁坏了\u{1b}[0m"), "门禁坏了");
        assert_eq!(clean_text("\u{1b}]0;title\u{7}路灯\u{0}不亮\r\n第二行\t末尾 "), "路灯不亮\n第二行 末尾");
        assert_eq!(clean_text("\u{200F}\u{200B}\u{200D}\u{202E}\u{2066} \u{FEFF}"), "");
        assert_eq!(clean_text("abc\u{202E}def"), "abcdef");
        // A joiner inside an emoji stays; a lone one goes.
        assert_eq!(clean_text("👨\u{200D}👩"), "👨\u{200D}👩");
        assert_eq!(clean_text("谢谢❤\u{FE0F}"), "谢谢❤\u{FE0F}");
        assert_eq!(clean_text("\u{FE0F}\u{200D}"), "");
        assert_eq!(clean_line("南门\n广场\n\n积水"), "南门 广场 积水");
        assert_eq!(clean_optional(Some(" \u{200B} ")), None);
    }

    #[test]
    fn an_excerpt_is_short_and_says_how_long_the_input_was() {
        assert_eq!(excerpt("积水"), "积水");
        let long = "啊".repeat(100_000);
        let e = excerpt(&long);
        assert_eq!(e, format!("{}…（共 100000 字）", "啊".repeat(EXCERPT_CHARS)));
        assert_eq!(excerpt("\u{1b}[2J清屏"), "清屏");
    }
}

//! The State Council's holiday schedules (国务院办公厅关于部分节假日安排的通知) as data.
//!
//! The years shipped with the program are `data/holidays.txt`, compiled in; a station
//! loads a later year's notice from a file of the same form (`holidays import FILE`,
//! 设置 → 节假日). One parser reads both, so a shipped year and an imported one can never
//! be read differently. The format is documented in `docs/holidays.md`:
//!
//! ```text
//! # comments start with #
//! 年份 2026
//! 春节 2026-02-15 至 2026-02-23
//! 元旦 2026-01-01            (a one-day holiday)
//! 调休上班 2026-02-14 春节     (a make-up working day and the holiday it belongs to)
//! ```
//!
//! Every refusal names its line and says what to fix, in Chinese.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::deadlines::{CalendarDay, DayKind};
use crate::input::{EARLIEST_DATE, LATEST_DATE, clean_line, excerpt};

/// The years shipped with the program, in the import format.
pub const SHIPPED: &str = include_str!("../data/holidays.txt");

/// A schedule file is a few dozen lines; anything much larger is the wrong file.
pub const MAX_FILE_BYTES: usize = 64 * 1024;

/// The longest holiday the parser accepts: the longest so far is nine days (春节 2026),
/// so a longer range is a mistyped date.
pub const MAX_HOLIDAY_DAYS: i64 = 15;

/// A holiday's name at most this long, so a make-up day's `…调休上班` fits the 20
/// characters a calendar entry's name may have.
pub const MAX_NAME_CHARS: usize = 16;

/// What a make-up working day line starts with.
const WORKDAY_WORD: &str = "调休上班";

/// One year's notice: its holidays and make-up working days, in date order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct HolidayYear {
    pub year: i32,
    pub days: Vec<CalendarDay>,
}

/// A refused line (`line` 0: the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 { f.write_str(&self.message) } else { write!(f, "第 {} 行：{}", self.line, self.message) }
    }
}

fn refuse(line: usize, message: impl Into<String>) -> LineError {
    LineError { line, message: message.into() }
}

/// The shipped years, parsed once. The test `shipped_data_is_the_former_built_in_calendar`
/// proves the file parses; should it ever not, no year is shipped, and every deadline
/// then says its year's calendar is missing rather than the program stopping.
static SHIPPED_YEARS: LazyLock<Vec<HolidayYear>> = LazyLock::new(|| parse(SHIPPED).unwrap_or_default());

/// The years shipped with the program.
pub fn shipped() -> &'static [HolidayYear] {
    &SHIPPED_YEARS
}

/// A `年份` heading's line, its year, how many lines it has, and its days with their lines.
type Section = (usize, i32, usize, Vec<(usize, CalendarDay)>);

/// Reads a schedule file: every year in it, or every refused line (in line order).
pub fn parse(text: &str) -> Result<Vec<HolidayYear>, Vec<LineError>> {
    if text.len() > MAX_FILE_BYTES {
        return Err(vec![refuse(
            0,
            format!(
                "文件过大（{} KB，最多 {} KB）：一年的节假日安排只有几十行，请确认选对了文件",
                text.len() / 1024,
                MAX_FILE_BYTES / 1024
            ),
        )]);
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut errors = Vec::new();
    let mut years: Vec<Section> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = without_comment(raw);
        let tokens: Vec<&str> = line.split(|c: char| c.is_whitespace()).filter(|t| !t.is_empty()).collect();
        let Some(&first) = tokens.first() else { continue };
        if let Some(rest) = first.strip_prefix("年份") {
            match year_line(rest, &tokens[1..]) {
                Ok(year) if years.iter().any(|(_, y, _, _)| *y == year) => errors.push(refuse(
                    n,
                    format!("「年份 {year}」写了第二次：同一年的安排请写在一处，或分成两个文件分别导入"),
                )),
                Ok(year) => years.push((n, year, 0, Vec::new())),
                Err(message) => errors.push(refuse(n, message)),
            }
            continue;
        }
        let Some((_, year, lines, days)) = years.last_mut() else {
            errors.push(refuse(n, "请先写一行「年份 2027」，说明下面是哪一年的安排"));
            continue;
        };
        *lines += 1;
        match entry_line(&tokens, *year) {
            Ok(new) => days.extend(new.into_iter().map(|d| (n, d))),
            Err(message) => errors.push(refuse(n, message)),
        }
    }
    let mut out = Vec::new();
    for (header, year, lines, days) in years {
        if lines == 0 {
            errors
                .push(refuse(header, format!("「年份 {year}」下面没有任何假期：请按通知逐条写上放假和调休上班的日子")));
            continue;
        }
        let mut seen: HashMap<NaiveDate, (usize, DayKind)> = HashMap::new();
        for (n, d) in &days {
            match seen.get(&d.day) {
                Some(&(first, kind)) if kind != d.kind => errors.push(refuse(
                    *n,
                    format!(
                        "{} 在第 {first} 行已写成{}，这里又写成{}：同一天只能是其中一种，请删去一行",
                        d.day,
                        kind.label(),
                        d.kind.label()
                    ),
                )),
                Some(&(first, _)) => {
                    errors.push(refuse(*n, format!("{} 已在第 {first} 行写过：同一天只能写一次，请检查日期", d.day)))
                }
                None => {
                    seen.insert(d.day, (*n, d.kind));
                }
            }
        }
        let mut days: Vec<CalendarDay> = days.into_iter().map(|(_, d)| d).collect();
        days.sort_by_key(|d| d.day);
        days.dedup_by_key(|d| d.day);
        out.push(HolidayYear { year, days });
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(refuse(
            0,
            "文件里没有节假日安排：请以「年份 2027」开头，每个假期一行，如「春节 2027-02-06 至 2027-02-12」",
        ));
    }
    errors.sort_by_key(|e| e.line);
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// The line without its comment, and with the weekdays a notice writes in brackets
/// (`2月6日（星期六）`) left out.
fn without_comment(raw: &str) -> String {
    let line = raw.split('#').next().unwrap_or("");
    let mut out = String::with_capacity(line.len());
    let mut depth = 0usize;
    for c in line.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn year_line(glued: &str, rest: &[&str]) -> Result<i32, String> {
    let text: String = std::iter::once(glued).chain(rest.iter().copied()).collect::<Vec<_>>().join("");
    let text = text.trim_start_matches([':', '：']).trim_end_matches('年');
    let digits = ascii_digits(text);
    match digits.parse::<i32>() {
        Ok(year) if digits.len() == 4 && (EARLIEST_DATE.year()..=LATEST_DATE.year()).contains(&year) => Ok(year),
        _ => Err(format!(
            "「{}」不是可用的年份：请写 {} 到 {} 之间的四位年份，如「年份 2027」",
            excerpt(text),
            EARLIEST_DATE.year(),
            LATEST_DATE.year()
        )),
    }
}

/// The days of a holiday line or of a make-up working day line.
fn entry_line(tokens: &[&str], year: i32) -> Result<Vec<CalendarDay>, String> {
    let usage = "请写成「春节 2027-02-06 至 2027-02-12」（一天的假期只写一个日期）或「调休上班 2027-02-14 春节」";
    let (first, rest) = tokens.split_first().ok_or(usage)?;
    if *first == WORKDAY_WORD {
        let [date, holiday, ..] = rest else {
            return Err(format!("调休上班要写日期和对应的假期，{usage}"));
        };
        if rest.len() > 2 {
            return Err(format!("这一行多了内容，{usage}"));
        }
        let day = date_of(date, year)?;
        let holiday = name_of(holiday)?;
        let name = if holiday.ends_with(WORKDAY_WORD) { holiday } else { format!("{holiday}{WORKDAY_WORD}") };
        return Ok(vec![CalendarDay { day, kind: DayKind::Workday, name, built_in: true }]);
    }
    if first.chars().next().is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        return Err(format!("这一行缺少假期名称，{usage}"));
    }
    let name = name_of(first)?;
    let range: String = rest.concat();
    if range.is_empty() {
        return Err(format!("「{}」后面缺少日期，{usage}", excerpt(&name)));
    }
    let mut ends = range.split(['至', '~', '～']);
    let start = date_of(ends.next().unwrap_or(""), year)?;
    let end = match ends.next() {
        Some(end) => date_of(end, year)?,
        None => start,
    };
    if ends.next().is_some() {
        return Err(format!("一行只能写一段假期，{usage}"));
    }
    if end < start {
        return Err(format!("结束日 {end} 早于起始日 {start}：请检查是否写反了"));
    }
    let length = (end - start).num_days() + 1;
    if length > MAX_HOLIDAY_DAYS {
        return Err(format!("{start} 至 {end} 共 {length} 天，超过 {MAX_HOLIDAY_DAYS} 天：请检查日期是否写错"));
    }
    Ok(start
        .iter_days()
        .take_while(|d| *d <= end)
        .map(|day| CalendarDay { day, kind: DayKind::Holiday, name: name.clone(), built_in: true })
        .collect())
}

fn name_of(raw: &str) -> Result<String, String> {
    let name = clean_line(raw);
    if name.is_empty() {
        return Err("缺少假期名称".to_owned());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!("假期名称「{}」过长：最多 {MAX_NAME_CHARS} 字", excerpt(&name)));
    }
    Ok(name)
}

/// Full-width digits as ASCII ones.
fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            _ => c,
        })
        .collect()
}

/// A date of the year's notice: `2027-02-06`, `2027/2/6`, `2027.2.6` or `2027年2月6日`,
/// between December of the year before and January of the year after (a 元旦 holiday or
/// a make-up day may cross the new year).
fn date_of(raw: &str, year: i32) -> Result<NaiveDate, String> {
    let text = ascii_digits(raw.trim());
    let parts: Vec<&str> = text.trim_end_matches('日').split(['-', '/', '.', '年', '月']).collect();
    let hint = "请写成 2027-02-06 这样的 年-月-日";
    let day = match parts.as_slice() {
        [y, m, d] if y.len() == 4 && [m, d].iter().all(|p| (1..=2).contains(&p.len())) => {
            match (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
                (Ok(y), Ok(m), Ok(d)) => NaiveDate::from_ymd_opt(y, m, d),
                _ => None,
            }
        }
        _ => None,
    };
    let Some(day) = day else {
        return Err(format!("「{}」不是有效日期：{hint}", excerpt(raw)));
    };
    if !(EARLIEST_DATE..=LATEST_DATE).contains(&day) {
        return Err(format!(
            "{day} 超出可用范围：日期须在 {} 年到 {} 年之间",
            EARLIEST_DATE.year(),
            LATEST_DATE.year()
        ));
    }
    let first = NaiveDate::from_ymd_opt(year - 1, 12, 1).unwrap_or(EARLIEST_DATE).max(EARLIEST_DATE);
    let last = NaiveDate::from_ymd_opt(year + 1, 1, 31).unwrap_or(LATEST_DATE).min(LATEST_DATE);
    if !(first..=last).contains(&day) {
        return Err(format!(
            "{day} 不在 {year} 年的安排里（{first} 至 {last}）：请检查年份，或把它写到它那一年的「年份」下面"
        ));
    }
    Ok(day)
}

/// The official days in force: each shipped year unless the station imported that year's
/// notice, then every imported year.
pub fn official_days(imported: &[HolidayYear]) -> Vec<CalendarDay> {
    let mut years: Vec<&HolidayYear> =
        shipped().iter().filter(|s| !imported.iter().any(|i| i.year == s.year)).chain(imported).collect();
    years.sort_by_key(|y| y.year);
    // A day two notices name (a 元旦 crossing the new year): the later notice says.
    let days: std::collections::BTreeMap<NaiveDate, &CalendarDay> =
        years.iter().flat_map(|y| y.days.iter()).map(|d| (d.day, d)).collect();
    days.into_values().cloned().collect()
}

/// The years whose calendar is known: shipped and imported.
pub fn covered_years(imported_years: &[i32]) -> Vec<i32> {
    let mut years: Vec<i32> = shipped().iter().map(|y| y.year).chain(imported_years.iter().copied()).collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// The year whose calendar the window should ask for on `today` (a China date): this
/// year when it is missing, and from 1 November on next year when that is missing.
pub fn missing_year(today: NaiveDate, covered: &[i32]) -> Option<i32> {
    let year = today.year();
    if !covered.contains(&year) {
        Some(year)
    } else if today.month() >= 11 && !covered.contains(&(year + 1)) {
        Some(year + 1)
    } else {
        None
    }
}

/// The note beside a deadline counted in working days from `start` to `due`, when a year
/// the count ran through has no calendar (it then skipped weekends alone there).
pub fn due_note(
    start: chrono::DateTime<chrono::Utc>,
    due: chrono::DateTime<chrono::Utc>,
    covered: &[i32],
) -> Option<String> {
    let first = crate::china::china_date(start).year();
    // The deadline is midnight after the last counted day.
    let last = crate::china::china_date(due - chrono::Duration::seconds(1)).year();
    (first..=last.max(first)).find(|y| !covered.contains(y)).map(weekend_only_note)
}

/// What a deadline counted across a year with no calendar says beside it.
pub fn weekend_only_note(year: i32) -> String {
    format!("截止时间按周末推算：{year}年节假日安排尚未导入")
}

#[cfg(test)]
#[path = "holidays_tests.rs"]
mod tests;

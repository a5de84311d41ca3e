//! Excel ledgers (台账) in: which column holds what, recognised from the Chinese headers
//! staff write, and one ledger row read into a case's values, or refused with the reason
//! and the row number. No I/O: the core reads the file into [`Cell`]s and saves the cases.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::cases::{CaseStatus, Channel};
use crate::china::CHINA_OFFSET;
use crate::input::{EARLIEST_DATE, LATEST_DATE, clean_line, clean_text, excerpt};
use crate::labelled;
use crate::phone::{PHONE_FORMAT_HINT, normalize_phone};
use crate::workflow::Satisfaction;

pub mod directory;
mod parse;
pub mod roster;
pub use parse::{excel_serial, parse_status, parse_when, split_address, year_in_title};
use parse::{parse_channel, parse_satisfaction, parse_serial};

/// One cell as read from a sheet or a CSV line.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A real Excel date, as the wall-clock time it shows (China time at a station).
    DateTime(NaiveDateTime),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the worker sees it, for headers, messages and the preview.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_owned(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::DateTime(d) if d.time() == NaiveTime::MIN => d.format("%Y-%m-%d").to_string(),
            Cell::DateTime(d) => d.format("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

labelled! {
    /// What a ledger column holds. `ignore` in a mapping file leaves a column out.
    LedgerColumn {
        Number = "number", "序号";
        ReceivedAt = "received_at", "受理时间";
        ContactedAt = "contacted_at", "首次联系时间";
        Channel = "channel", "来源";
        ResidentName = "resident_name", "姓名";
        Phone = "phone", "电话";
        Address = "address", "地址";
        Compound = "compound", "小区";
        Building = "building", "楼栋";
        Entrance = "entrance", "单元";
        Room = "room", "房号";
        Content = "content", "诉求内容";
        Title = "title", "标题";
        Category = "category", "类别";
        Assignee = "assignee", "承办人";
        Urgency = "urgency", "紧急程度";
        Status = "status", "办理情况";
        Resolution = "resolution", "办理结果";
        ResolvedAt = "resolved_at", "办结时间";
        FollowUp = "follow_up", "回访情况";
        FollowedUpAt = "followed_up_at", "回访时间";
        Satisfaction = "satisfaction", "满意度";
    }
}

/// Header words, most specific first: a header is matched whole, then by containing one
/// of these (so 受理时间（年月日） is a date and 办结时间 is not 受理时间).
const HEADERS: &[(&str, LedgerColumn)] = {
    use LedgerColumn::*;
    &[
        ("序号", Number),
        ("编号", Number),
        ("工单号", Number),
        ("回访时间", FollowedUpAt),
        ("回访日期", FollowedUpAt),
        ("回访情况", FollowUp),
        ("回访结果", FollowUp),
        ("回访", FollowUp),
        ("满意度", Satisfaction),
        ("满意情况", Satisfaction),
        ("是否满意", Satisfaction),
        ("办结时间", ResolvedAt),
        ("办结日期", ResolvedAt),
        ("完成时间", ResolvedAt),
        ("办理结果", Resolution),
        ("处理结果", Resolution),
        ("答复内容", Resolution),
        ("办理情况", Status),
        ("处理情况", Status),
        ("办理状态", Status),
        ("状态", Status),
        ("首次联系", ContactedAt),
        ("联系时间", ContactedAt),
        ("响应时间", ContactedAt),
        ("受理时间", ReceivedAt),
        ("受理日期", ReceivedAt),
        ("登记时间", ReceivedAt),
        ("登记日期", ReceivedAt),
        ("反映时间", ReceivedAt),
        ("日期", ReceivedAt),
        ("时间", ReceivedAt),
        ("来源", Channel),
        ("渠道", Channel),
        ("方式", Channel),
        ("姓名", ResidentName),
        ("诉求人", ResidentName),
        ("反映人", ResidentName),
        ("联系人", ResidentName),
        ("电话", Phone),
        ("手机", Phone),
        ("联系方式", Phone),
        ("地址", Address),
        ("住址", Address),
        ("小区", Compound),
        ("楼栋", Building),
        ("楼号", Building),
        ("单元", Entrance),
        ("房号", Room),
        ("户号", Room),
        ("门牌号", Room),
        ("诉求内容", Content),
        ("问题描述", Content),
        ("反映问题", Content),
        ("诉求事项", Content),
        ("内容", Content),
        ("标题", Title),
        ("事由", Title),
        ("类别", Category),
        ("分类", Category),
        ("承办人", Assignee),
        ("负责人", Assignee),
        ("经办人", Assignee),
        ("办理人", Assignee),
        ("紧急程度", Urgency),
        ("缓急", Urgency),
    ]
};

/// Headers of what the program works out itself (deadlines, the latest step, who typed
/// it in): such a column is left out rather than mistaken for a date (应办结时间 is no 办结时间).
const NOT_IMPORTED: &[&str] = &["应办结", "期限", "时限", "最新进展", "登记人", "录入人"];

/// Full-width digits, letters and punctuation as ASCII, the ideographic space as a space.
pub fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A header without spaces, line breaks, colons or a bracketed remark (`（必填）`).
fn header_key(text: &str) -> String {
    let text = half_width(text);
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '(' | '【' | '[' => depth += 1,
            ')' | '】' | ']' => depth = (depth - 1).max(0),
            c if depth > 0 || c.is_whitespace() || c == ':' || c == '*' => {}
            c => out.push(c),
        }
    }
    out
}

/// The column a short sheet's header names, by `headers` (an exact word first, then one the
/// header contains): the parties directory's and a roster's. 序号 and long cells are none.
fn match_header<C: Copy>(header: &str, headers: &[(&str, C)]) -> Option<C> {
    let key = header_key(header);
    if key.is_empty() || key.chars().count() > 12 || key == "序号" {
        return None;
    }
    headers.iter().find(|(h, _)| key == *h).or_else(|| headers.iter().find(|(h, _)| key.contains(h))).map(|(_, c)| *c)
}

/// The first row, among the first [`HEADER_SEARCH_ROWS`], whose recognised columns `accept`
/// takes (told too whether the row has a 序号 cell): its number and its columns, the first
/// column of a kind winning.
fn find_columns<C: Copy + PartialEq>(
    rows: &[(u32, Vec<Cell>)],
    recognise: impl Fn(&str) -> Option<C>,
    accept: impl Fn(&[(usize, C)], bool) -> bool,
) -> Option<(u32, Vec<(usize, C)>)> {
    rows.iter().take(HEADER_SEARCH_ROWS).find_map(|(number, cells)| {
        let mut columns: Vec<(usize, C)> = Vec::new();
        let mut serial = false;
        for (i, cell) in cells.iter().enumerate() {
            let text = cell.text();
            serial |= header_key(&text) == "序号";
            if let Some(c) = recognise(&text)
                && !columns.iter().any(|(_, seen)| *seen == c)
            {
                columns.push((i, c));
            }
        }
        accept(&columns, serial).then_some((*number, columns))
    })
}

/// The column a header names, if it is one a ledger uses.
pub fn recognise(header: &str) -> Option<LedgerColumn> {
    let key = header_key(header);
    if key.is_empty() || key.chars().count() > 12 || NOT_IMPORTED.iter().any(|n| key.contains(n)) {
        return None;
    }
    HEADERS.iter().find(|(h, _)| key == *h).or_else(|| HEADERS.iter().find(|(h, _)| key.contains(h))).map(|(_, c)| *c)
}

/// Which column of the sheet holds what: found from the header row, corrected by the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Mapping {
    /// The header row's number in the sheet (1-based, as Excel shows it).
    pub header_row: u32,
    pub columns: Vec<MappedColumn>,
}

/// One column of the sheet: its header and what it is read as (`None`: left out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MappedColumn {
    /// `A`, `B`, … as Excel names the column.
    pub letter: String,
    pub header: String,
    pub field: Option<LedgerColumn>,
}

/// `0` → `A`, `26` → `AA`.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push((b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// The rows looked at for the header: title rows, a date line and blank rows sit above it.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// Finds the header row (the first row naming at least three known columns, one of them
/// the content or the title) and maps its columns; the first column of a kind wins.
pub fn find_header(rows: &[(u32, Vec<Cell>)]) -> Option<Mapping> {
    rows.iter().take(HEADER_SEARCH_ROWS).find_map(|(number, cells)| {
        let mut seen = Vec::new();
        let columns: Vec<MappedColumn> = cells
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let header = cell.text();
                let field = recognise(&header).filter(|f| !seen.contains(f));
                if let Some(f) = field {
                    seen.push(f);
                }
                MappedColumn { letter: column_letter(i), header, field }
            })
            .collect();
        let has_text = seen.iter().any(|f| matches!(f, LedgerColumn::Content | LedgerColumn::Title));
        (seen.len() >= 3 && has_text).then_some(Mapping { header_row: *number, columns })
    })
}

/// A worker's corrections: a column (by letter or header text) to a field code, or
/// `null`/`"ignore"` to leave it out. `{"反映问题": "content", "F": "ignore"}`.
pub type Corrections = BTreeMap<String, Option<String>>;

/// Applies corrections to a mapping; an unknown column or field is refused by name.
pub fn correct(mapping: &mut Mapping, corrections: &Corrections) -> Result<(), String> {
    for (column, field) in corrections {
        let key = header_key(column);
        let Some(i) = mapping.columns.iter().position(|c| {
            c.letter.eq_ignore_ascii_case(column.trim()) || (!key.is_empty() && header_key(&c.header) == key)
        }) else {
            return Err(format!("对应关系里的列“{}”在表头中找不到：请写列字母（如 C）或表头文字", excerpt(column)));
        };
        let field = match field.as_deref().map(str::trim) {
            None | Some("" | "ignore" | "忽略" | "不导入") => None,
            Some(f) => Some(LedgerColumn::parse(f).ok_or_else(|| {
                format!(
                    "对应关系里的“{}”不是可导入的项目：可选 {}，或写 ignore 不导入此列",
                    excerpt(f),
                    LedgerColumn::labels()
                )
            })?),
        };
        if let Some(f) = field {
            for c in &mut mapping.columns {
                if c.field == Some(f) {
                    c.field = None;
                }
            }
        }
        mapping.columns[i].field = field;
    }
    Ok(())
}

/// How imported cases are numbered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Numbering {
    /// The ledger's 序号 becomes the serial of the case number in its year (1 → RA-2025-0001).
    #[default]
    Keep,
    /// Every case gets the next free number.
    New,
}

/// What a row is read against: now, the numbering, the year a title row names (for dates
/// typed without one), the station's code, categories and staff (name → id).
#[derive(Debug, Clone)]
pub struct RowContext<'a> {
    pub now: DateTime<Utc>,
    pub numbering: Numbering,
    pub default_year: Option<i32>,
    pub station_code: &'a str,
    pub categories: &'a [(String, i64)],
    pub staff: &'a [(String, i64)],
}

/// A ledger row read into a case's values (the intake rules still check them).
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerCase {
    /// The row's number in the sheet.
    pub row: u32,
    /// The case number's serial in the year received, when the ledger's number is kept.
    pub serial: Option<i64>,
    pub received_at: DateTime<Utc>,
    pub channel: Channel,
    pub resident_name: Option<String>,
    pub phone: Option<String>,
    pub compound: Option<String>,
    pub building: Option<String>,
    pub entrance: Option<String>,
    pub room: Option<String>,
    pub place: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub category_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub urgency: crate::deadlines::Urgency,
    pub status: CaseStatus,
    pub resolution: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// The first contact with the resident, when the ledger records it: without it an
    /// imported case counts as not contacted in the 响应率 (the ledger does not say).
    pub contacted_at: Option<DateTime<Utc>>,
    pub follow_up: Option<LedgerFollowUp>,
    pub referred_to: Option<String>,
    pub hold_reason: Option<String>,
}

/// The call-back a ledger records.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerFollowUp {
    pub at: DateTime<Utc>,
    /// The resident calls it resolved (回访情况 does not say 未解决).
    pub resolved: bool,
    pub satisfaction: Satisfaction,
    pub comment: Option<String>,
}

/// A row that will not be saved, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Refusal {
    pub row: u32,
    /// `C（受理时间）`: the column the problem is in, if one.
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(c) => write!(f, "第 {} 行 {} 列：{}", self.row, c, self.message),
            None => write!(f, "第 {} 行：{}", self.row, self.message),
        }
    }
}

/// What [`read_row`] made of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum RowOutcome {
    Case(Box<LedgerCase>),
    /// Blank, or a note such as 填表人：… with neither content nor date: not a case.
    Skipped,
    Refused(Vec<Refusal>),
}

/// The title a ledger's content becomes: its first sentence, at most this many characters.
pub const TITLE_CHARS: usize = 30;

/// Reads one row with the mapping. Every problem of the row is reported, each with its column.
pub fn read_row(row: u32, cells: &[Cell], mapping: &Mapping, cx: &RowContext<'_>) -> RowOutcome {
    let mut refusals = Vec::new();
    let col = |f: LedgerColumn| -> Option<(usize, &MappedColumn)> {
        mapping.columns.iter().enumerate().find(|(_, c)| c.field == Some(f))
    };
    let cell = |f: LedgerColumn| -> Option<&Cell> { col(f).and_then(|(i, _)| cells.get(i)).filter(|c| !c.is_empty()) };
    // Free text keeps its full-width punctuation (，。); numbers, codes and dates are read
    // with full-width digits made ASCII.
    let text = |f: LedgerColumn| -> Option<String> { cell(f).map(|c| clean_line(&c.text())).filter(|t| !t.is_empty()) };
    let narrow = |f: LedgerColumn| -> Option<String> { text(f).map(|t| half_width(&t)) };
    let mut refuse = |f: LedgerColumn, message: String| {
        let column = col(f)
            .map(|(_, c)| if c.header.is_empty() { c.letter.clone() } else { format!("{}（{}）", c.letter, c.header) });
        refusals.push(Refusal { row, column, message });
    };

    let content = cell(LedgerColumn::Content).map(|c| clean_text(&c.text())).filter(|t| !t.is_empty());
    let title_cell = text(LedgerColumn::Title);
    if content.is_none() && title_cell.is_none() && cell(LedgerColumn::ReceivedAt).is_none() {
        return RowOutcome::Skipped;
    }

    let received_at = match cell(LedgerColumn::ReceivedAt) {
        None => {
            refuse(LedgerColumn::ReceivedAt, "受理日期为空：请填写日期，如 2025-03-05".to_owned());
            None
        }
        Some(c) => match parse_when(c, cx.default_year, cx.now) {
            Ok(t) => Some(t),
            Err(m) => {
                refuse(LedgerColumn::ReceivedAt, m);
                None
            }
        },
    };

    let (title, description) = match (title_cell, content) {
        (Some(t), content) => (t, content),
        (None, Some(c)) => {
            let title = first_sentence(&c);
            let description = (title != clean_line(&c)).then_some(c);
            (title, description)
        }
        (None, None) => {
            refuse(LedgerColumn::Content, "诉求内容为空：请填写居民反映的问题".to_owned());
            (String::new(), None)
        }
    };

    let channel = match narrow(LedgerColumn::Channel) {
        None => Channel::Visit,
        Some(t) => parse_channel(&t).unwrap_or_else(|| {
            refuse(LedgerColumn::Channel, format!("来源“{}”无法识别：应为 {} 之一", excerpt(&t), Channel::labels()));
            Channel::Visit
        }),
    };

    let phone = match cell(LedgerColumn::Phone).map(|c| half_width(&c.text())) {
        None => None,
        Some(p) => normalize_phone(&p).or_else(|| {
            refuse(LedgerColumn::Phone, format!("电话“{}”格式不正确：{PHONE_FORMAT_HINT}", excerpt(&p)));
            None
        }),
    };

    let mut address = text(LedgerColumn::Address).map(|a| split_address(&a)).unwrap_or_default();
    for (f, slot) in [
        (LedgerColumn::Compound, &mut address.0),
        (LedgerColumn::Building, &mut address.1),
        (LedgerColumn::Entrance, &mut address.2),
        (LedgerColumn::Room, &mut address.3),
    ] {
        let value = if f == LedgerColumn::Compound { text(f) } else { narrow(f) };
        if let Some(v) = value {
            *slot = Some(v);
        }
    }

    let category_id = text(LedgerColumn::Category).and_then(|name| {
        let found = cx.categories.iter().find(|(n, _)| *n == name).map(|(_, id)| *id);
        if found.is_none() {
            let known: Vec<&str> = cx.categories.iter().map(|(n, _)| n.as_str()).collect();
            refuse(
                LedgerColumn::Category,
                format!(
                    "类别“{}”不是本站的类别：请改为 {} 之一，或先在 设置 → 类别 中添加",
                    excerpt(&name),
                    known.join("、")
                ),
            );
        }
        found
    });
    let assignee_id = text(LedgerColumn::Assignee).and_then(|name| {
        let found = cx.staff.iter().find(|(n, _)| *n == name).map(|(_, id)| *id);
        if found.is_none() {
            refuse(
                LedgerColumn::Assignee,
                format!("承办人“{}”不是本站在岗的工作人员：请先在 设置 → 工作人员 中添加", excerpt(&name)),
            );
        }
        found
    });
    let urgency = match text(LedgerColumn::Urgency) {
        None => crate::deadlines::Urgency::Normal,
        Some(t) => crate::deadlines::Urgency::parse(&t).unwrap_or_else(|| {
            refuse(
                LedgerColumn::Urgency,
                format!("紧急程度“{}”无法识别：应为 {} 之一", excerpt(&t), crate::deadlines::Urgency::labels()),
            );
            crate::deadlines::Urgency::Normal
        }),
    };

    let mut date_of = |f: LedgerColumn, label: &str| -> Option<DateTime<Utc>> {
        let c = cell(f)?;
        match parse_when(c, cx.default_year, cx.now) {
            Ok(t) => Some(t),
            Err(m) => {
                refuse(f, format!("{label}：{m}"));
                None
            }
        }
    };
    let resolved_at = date_of(LedgerColumn::ResolvedAt, "办结时间");
    let contacted_at = date_of(LedgerColumn::ContactedAt, "首次联系时间");
    let followed_up_at = date_of(LedgerColumn::FollowedUpAt, "回访时间");

    let status_text = text(LedgerColumn::Status);
    let mut resolution = text(LedgerColumn::Resolution);
    let follow_up_text = text(LedgerColumn::FollowUp);
    let satisfaction_text = text(LedgerColumn::Satisfaction);
    let satisfaction = satisfaction_text.as_deref().and_then(|t| {
        parse_satisfaction(t).or_else(|| {
            refuse(
                LedgerColumn::Satisfaction,
                format!("满意度“{}”无法识别：应为 满意、基本满意 或 不满意", excerpt(t)),
            );
            None
        })
    });
    let called_back = satisfaction_text.is_some() || follow_up_text.is_some();
    let mut status = match status_text.as_deref() {
        None if called_back || resolved_at.is_some() => CaseStatus::Resolved,
        None => CaseStatus::Accepted,
        Some(t) => match parse_status(t) {
            Some(s) => s,
            // A sentence of what was done, with a 办结时间: the case was resolved.
            None if resolved_at.is_some() => {
                if resolution.is_none() {
                    resolution = Some(t.to_owned());
                }
                CaseStatus::Resolved
            }
            None => {
                refuse(
                    LedgerColumn::Status,
                    format!(
                        "办理情况“{}”无法识别：应为 受理、核查、处理中、办结、已回访、关闭、挂起 或 转办（已办结的请填写办结时间）",
                        excerpt(t)
                    ),
                );
                CaseStatus::Accepted
            }
        },
    };
    // A 重复 row is kept as a duplicate without a link (the ledger does not say of which
    // case): it is not counted as received, as the rates define.
    if status == CaseStatus::Resolved && called_back {
        status = CaseStatus::FollowedUp;
    }
    let done = matches!(status, CaseStatus::Resolved | CaseStatus::FollowedUp | CaseStatus::Closed);
    if done && resolved_at.is_none() && cell(LedgerColumn::ResolvedAt).is_none() {
        refuse(LedgerColumn::ResolvedAt, format!("办理情况为“{}”，但办结时间为空：请填写办结日期", status.label()));
    }
    if let (Some(r), Some(d)) = (received_at, resolved_at)
        && d < r
    {
        refuse(LedgerColumn::ResolvedAt, "办结时间早于受理时间：请检查两个日期".to_owned());
    }
    if let (Some(r), Some(c)) = (received_at, contacted_at)
        && c < r
    {
        refuse(LedgerColumn::ContactedAt, "首次联系时间早于受理时间：请检查两个日期".to_owned());
    }
    if done && resolution.is_none() {
        resolution = Some("已办结（台账导入）".to_owned());
    }
    let follow_up = match (status, satisfaction, resolved_at) {
        (CaseStatus::FollowedUp, None, _) if satisfaction_text.is_none() => {
            refuse(LedgerColumn::Satisfaction, "已回访，但满意度为空：请填写 满意、基本满意 或 不满意".to_owned());
            None
        }
        (CaseStatus::FollowedUp | CaseStatus::Closed, Some(s), Some(resolved)) => {
            let at = followed_up_at.unwrap_or(resolved);
            if at < resolved {
                refuse(LedgerColumn::FollowedUpAt, "回访时间早于办结时间：请检查两个日期".to_owned());
            }
            let resolved_by_word =
                !follow_up_text.as_deref().is_some_and(|t| t.contains("未解决") || t.contains("没有解决"));
            Some(LedgerFollowUp { at, resolved: resolved_by_word, satisfaction: s, comment: follow_up_text.clone() })
        }
        _ => None,
    };
    let serial = match (cx.numbering, narrow(LedgerColumn::Number)) {
        (Numbering::Keep, Some(n)) => match parse_serial(&n, cx.station_code, received_at) {
            Ok(s) => s,
            Err(m) => {
                refuse(LedgerColumn::Number, m);
                None
            }
        },
        _ => None,
    };

    match received_at {
        Some(received_at) if refusals.is_empty() => RowOutcome::Case(Box::new(LedgerCase {
            row,
            serial,
            received_at,
            channel,
            resident_name: text(LedgerColumn::ResidentName),
            phone,
            compound: address.0,
            building: address.1,
            entrance: address.2,
            room: address.3,
            place: address.4,
            title,
            description,
            category_id,
            assignee_id,
            urgency,
            status,
            referred_to: (status == CaseStatus::Referred)
                .then(|| resolution.clone().unwrap_or_else(|| "其他单位（台账导入）".to_owned())),
            hold_reason: (status == CaseStatus::OnHold)
                .then(|| resolution.clone().unwrap_or_else(|| "台账记录为挂起".to_owned())),
            resolution: if done { resolution } else { None },
            resolved_at: if done { resolved_at } else { None },
            contacted_at,
            follow_up,
        })),
        _ => RowOutcome::Refused(refusals),
    }
}

/// The first sentence of a ledger's content, cut to [`TITLE_CHARS`].
fn first_sentence(content: &str) -> String {
    let line = clean_line(content);
    let end = line.find(['。', '！', '？', '；', '!', '?', ';']).unwrap_or(line.len());
    line[..end].chars().take(TITLE_CHARS).collect::<String>().trim().to_owned()
}

#[cfg(test)]
mod tests;

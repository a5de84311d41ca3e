//! 操作记录 (issue 12): the station's audit log as a worker reads it — newest first, a
//! page at a time, filtered by who, what kind of action, which record and which days —
//! its export to .xlsx (itself an audited action, bounded), and the one logged way to see
//! a resident's full phone number (`reveal_phone`).
//!
//! Reading the log is `Action::AuditRead` (站长 and 只读); exporting it also needs
//! `Action::Export` (so only the 站长). The words are the model's (`audit::labels`).

use chrono::{DateTime, NaiveDate, Utc};
use rust_xlsxwriter::{Workbook, XlsxError};
use serde::{Deserialize, Serialize};
use stationdesk_model::audit::labels::{action_label, entity_label};
use stationdesk_model::china::china_midnight;
use stationdesk_model::input::{self, excerpt};
use stationdesk_model::roles::Action;

use crate::error::{CoreError, Result};
use crate::ledger::export::{cell_format, header_format, xlsx};
use crate::store::{Actor, AuditFilter, AuditLogRow, FieldChange, Store};

/// The model's words for the log (action, record and field labels, a row's summary).
pub use stationdesk_model::audit::labels;
/// China time, for showing a row's instant.
pub use stationdesk_model::china::CHINA_OFFSET;

/// The largest page the window or the CLI may ask for.
pub const MAX_PAGE_SIZE: u32 = 200;
/// The most rows one export writes; a filter matching more is refused with its count
/// (narrow the period or add a filter and export in parts).
pub const MAX_EXPORT_ROWS: u32 = 50_000;
/// The longest text typed into the 操作人 or 记录 filter, in characters.
const MAX_FILTER_CHARS: usize = 40;

/// Which rows to show: each part optional; the page from 1.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AuditQuery {
    /// 操作人: the staff member's name as the log records it.
    #[serde(default)]
    pub who: Option<String>,
    /// 操作类型: an action code of the model's table (`phone_reveal`, `transition`, …).
    #[serde(default)]
    pub kind: Option<String>,
    /// 记录: a case number (`RA-2026-0001`).
    #[serde(default)]
    pub record: Option<String>,
    /// 起止日期 (China days, both included), 2000-01-01 … 2100-12-31.
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub page: u32,
    /// 0 means 50; at most [`MAX_PAGE_SIZE`].
    #[serde(default)]
    pub page_size: u32,
}

/// One row as the 操作记录 page, the export and `audit list` show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub staff_name: String,
    pub action: String,
    /// The model's label of `action`: 变更状态, 查看完整电话, …
    pub action_label: String,
    pub entity: String,
    /// The record in words: 诉求 RA-2026-0001, 活动 #3, 服务站.
    pub record: String,
    /// The case number when the record is a case (the page opens it).
    pub case_number: Option<String>,
    /// What changed, in one line; personal fields only say 已填写 / 已修改.
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub total: u32,
}

/// The filter checked: bounded text, a known kind, a real case, a period in range.
struct Checked {
    who: Option<String>,
    kind: Option<String>,
    case: Option<(i64, String)>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl Checked {
    fn filter(&self) -> Result<AuditFilter<'_>> {
        let midnight = |d: NaiveDate| {
            china_midnight(d).ok_or_else(|| CoreError::invalid("from", format!("日期 {d} 无法换算，请换一个日期")))
        };
        Ok(AuditFilter {
            staff_name: self.who.as_deref(),
            action: self.kind.as_deref(),
            entity: self.case.as_ref().map(|_| "case"),
            entity_id: self.case.as_ref().map(|(id, _)| *id),
            from: self.from.map(midnight).transpose()?,
            before: self.to.and_then(|d| d.succ_opt()).map(midnight).transpose()?,
        })
    }

    /// The filter in words, for the export's title row and its audit row.
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        match (self.from, self.to) {
            (Some(f), Some(t)) => parts.push(format!("{f} 至 {t}")),
            (Some(f), None) => parts.push(format!("{f} 起")),
            (None, Some(t)) => parts.push(format!("至 {t}")),
            (None, None) => {}
        }
        if let Some(w) = &self.who {
            parts.push(format!("操作人 {w}"));
        }
        if let Some(k) = &self.kind {
            parts.push(format!("操作 {}", action_label(k)));
        }
        if let Some((_, n)) = &self.case {
            parts.push(format!("诉求 {n}"));
        }
        if parts.is_empty() { "全部".to_owned() } else { parts.join("，") }
    }
}

fn optional_text(text: Option<&str>, field: &str, label: &str) -> Result<Option<String>> {
    let Some(t) = text.map(input::clean_line).filter(|t| !t.trim().is_empty()) else { return Ok(None) };
    let t = t.trim().to_owned();
    if t.chars().count() > MAX_FILTER_CHARS {
        return Err(CoreError::invalid(field, format!("{label}“{}”过长：最多 {MAX_FILTER_CHARS} 个字", excerpt(&t))));
    }
    Ok(Some(t))
}

async fn check(store: &Store, station_id: i64, query: &AuditQuery) -> Result<Checked> {
    let who = optional_text(query.who.as_deref(), "who", "操作人")?;
    let kind = optional_text(query.kind.as_deref(), "kind", "操作类型")?;
    if let Some(k) = &kind
        && !labels::is_action(k)
    {
        return Err(CoreError::invalid("kind", format!("没有“{}”这种操作类型：请从列表中选择", excerpt(k))));
    }
    let case = match optional_text(query.record.as_deref(), "record", "记录")? {
        Some(number) => {
            let case = store.case_by_number(station_id, &number).await?.ok_or_else(|| {
                CoreError::invalid(
                    "record",
                    format!("找不到诉求 {}：请填写诉求编号（形如 RA-2025-0007）", excerpt(&number)),
                )
            })?;
            Some((case.id, case.number))
        }
        None => None,
    };
    let (from, to) = match (query.from, query.to) {
        (Some(f), Some(t)) => input::period(f, t).map(|(f, t)| (Some(f), Some(t)))?,
        (Some(f), None) => (Some(input::date_in_range("from", "开始日期", f)?), None),
        (None, Some(t)) => (None, Some(input::date_in_range("to", "结束日期", t)?)),
        (None, None) => (None, None),
    };
    Ok(Checked { who, kind, case, from, to })
}

fn row_of(r: AuditLogRow) -> AuditRow {
    // A row written by this code always parses; an unreadable one shows no details.
    let changes: Vec<FieldChange> = serde_json::from_str(&r.changes).unwrap_or_default();
    let record = match (&r.case_number, r.entity.as_str(), r.entity_id) {
        (Some(n), _, _) => format!("诉求 {n}"),
        (None, e, 0) => entity_label(e),
        (None, "station" | "audit_log", _) => entity_label(&r.entity),
        (None, e, id) => format!("{} #{id}", entity_label(e)),
    };
    AuditRow {
        id: r.id,
        at: r.at,
        action_label: action_label(&r.action),
        summary: labels::summary(&r.action, &changes, r.note.as_deref()),
        staff_name: r.staff_name,
        action: r.action,
        entity: r.entity,
        record,
        case_number: r.case_number,
    }
}

/// 操作记录: a page of the station's audit log, newest first, with how many rows match.
pub async fn list(store: &Store, actor: &Actor, query: &AuditQuery) -> Result<AuditPage> {
    actor.require(Action::AuditRead)?;
    let page_size = if query.page_size == 0 { 50 } else { query.page_size };
    if page_size > MAX_PAGE_SIZE {
        return Err(CoreError::invalid(
            "pageSize",
            format!("每页最多 {MAX_PAGE_SIZE} 条（要了 {page_size} 条）：请减小每页条数，翻页查看其余的"),
        ));
    }
    if query.page > 100_000 {
        return Err(CoreError::invalid("page", "页码过大：请缩小筛选范围后再翻页"));
    }
    let checked = check(store, actor.station_id, query).await?;
    let offset = i64::from(query.page.max(1) - 1) * i64::from(page_size);
    let (rows, total) = store.audit_page(actor.station_id, &checked.filter()?, i64::from(page_size), offset).await?;
    Ok(AuditPage { rows: rows.into_iter().map(row_of).collect(), total: u32::try_from(total).unwrap_or(u32::MAX) })
}

/// An export: the file's suggested name, its bytes, and how many rows it holds.
#[derive(Debug, Clone)]
pub struct AuditExport {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub rows: u32,
}

const COLUMNS: &[(&str, f64)] = &[("时间", 17.0), ("操作人", 12.0), ("操作", 14.0), ("记录", 20.0), ("变更摘要", 70.0)];

/// The rows the filter matches (page and page size ignored) as an .xlsx workbook, and an
/// `audit_export` row saying who exported what. More than [`MAX_EXPORT_ROWS`] rows is
/// refused with the count, and nothing is recorded.
pub async fn export_xlsx(store: &Store, actor: &Actor, query: &AuditQuery) -> Result<AuditExport> {
    actor.require(Action::AuditRead)?;
    actor.require(Action::Export)?;
    let checked = check(store, actor.station_id, query).await?;
    let filter = checked.filter()?;
    let (_, total) = store.audit_page(actor.station_id, &filter, 0, 0).await?;
    if total > i64::from(MAX_EXPORT_ROWS) {
        return Err(CoreError::invalid(
            "from",
            format!(
                "筛选出的操作记录有 {total} 条，超过一次导出的上限 {MAX_EXPORT_ROWS} 条：请缩短起止日期或加筛选条件，分几次导出"
            ),
        ));
    }
    let (rows, _) = store.audit_page(actor.station_id, &filter, i64::from(MAX_EXPORT_ROWS), 0).await?;
    let rows: Vec<AuditRow> = rows.into_iter().map(row_of).collect();
    let described = checked.describe();
    let bytes = workbook(&rows, &described).map_err(xlsx)?;
    let count = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    let mut w = store.begin_write(actor).await?;
    let changes: Vec<FieldChange> =
        [FieldChange::set("rows", Some(&count.to_string())), FieldChange::set("filter", Some(&described))]
            .into_iter()
            .flatten()
            .collect();
    w.audit("audit_log", 0, "audit_export", &changes).await?;
    w.commit().await?;
    let day = store.now().with_timezone(&CHINA_OFFSET).format("%Y%m%d");
    Ok(AuditExport { file_name: format!("操作记录-{day}.xlsx"), bytes, rows: count })
}

fn workbook(rows: &[AuditRow], described: &str) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("操作记录")?;
    let header = header_format();
    let cell = cell_format();
    ws.write_string(0, 0, format!("操作记录（{described}，共 {} 条）", rows.len()))?;
    for (col, (name, width)) in COLUMNS.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        ws.set_column_width(col, *width)?;
        ws.write_string_with_format(1, col, *name, &header)?;
    }
    ws.set_freeze_panes(2, 0)?;
    for (i, r) in rows.iter().enumerate() {
        let row = u32::try_from(i + 2).unwrap_or(u32::MAX);
        let at = r.at.with_timezone(&CHINA_OFFSET).format("%Y-%m-%d %H:%M:%S").to_string();
        for (col, v) in [at.as_str(), &r.staff_name, &r.action_label, &r.record, &r.summary].into_iter().enumerate() {
            ws.write_string_with_format(row, u16::try_from(col).unwrap_or(u16::MAX), v, &cell)?;
        }
    }
    book.save_to_buffer()
}

/// 显示完整号码: a case's resident's full phone number, for a role that may see it
/// (`Action::PhoneReveal`: 站长 and 工作人员), recorded as a `phone_reveal` row on the case
/// (who looked, when; the number itself is not written). Lists and the case's detail only
/// carry the masked number.
pub async fn reveal_phone(store: &Store, actor: &Actor, case_id: i64) -> Result<String> {
    actor.require(Action::PhoneReveal)?;
    let case = crate::cases::get(store, actor.station_id, case_id).await?;
    let phone = case.phone.ok_or_else(|| CoreError::NotFound(format!("诉求 {} 没有登记联系电话", case.number)))?;
    let mut w = store.begin_write(actor).await?;
    w.audit("case", case.id, "phone_reveal", &[]).await?;
    w.commit().await?;
    Ok(phone)
}

//! The register as the ledger upper levels expect: an .xlsx with one row per case (every
//! field and its latest step), the header frozen, widths for Chinese text, rows coloured
//! like the register, phones masked unless asked otherwise, and the figure sheets
//! (`sheets.rs`): the three rates by month and by category, services and person-times by
//! kind and by month, and the meetings.

use chrono::{DateTime, NaiveDate, Utc};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use serde::{Deserialize, Serialize};

use crate::cases::{CHINA_OFFSET, Case, CaseQuery, mask_phone};
use crate::deadlines::DueState;
use crate::error::{CoreError, Result};
use crate::rates::{self, RateQuery};
use crate::schedule::counts;
use crate::schedule::meetings::{self, MeetingQuery};

use super::sheets;
use crate::roles::Action;
use crate::store::{Actor, FieldChange, LatestFollowUp, LatestStep, Store};

/// What an export contains beyond the register's filter and search.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct ExportOptions {
    /// Full phone numbers instead of `138****1234` (the worker chooses it knowingly).
    pub full_phones: bool,
}

/// The fill of a register row: overdue red, near due yellow, closed green, on hold grey.
pub fn row_color(state: DueState) -> Option<u32> {
    match state {
        DueState::Overdue => Some(0xFFC7CE),
        DueState::NearDue => Some(0xFFEB9C),
        DueState::Done | DueState::AwaitingFollowUp => Some(0xC6EFCE),
        DueState::OnHold => Some(0xD9D9D9),
        DueState::OnTrack => None,
    }
}

/// The register sheet's columns: header and width in characters (a Chinese character is
/// about two widths of a Latin one).
const COLUMNS: &[(&str, f64)] = &[
    ("编号", 14.0),
    ("受理时间", 17.0),
    ("来源", 10.0),
    ("姓名", 9.0),
    ("电话", 15.0),
    ("地址", 24.0),
    ("标题", 30.0),
    ("问题描述", 44.0),
    ("类别", 10.0),
    ("紧急程度", 9.0),
    ("承办人", 9.0),
    ("状态", 8.0),
    ("期限", 10.0),
    ("应办结时间", 17.0),
    ("首次联系时间", 17.0),
    ("办结时间", 17.0),
    ("办理结果", 30.0),
    ("回访时间", 17.0),
    ("回访情况", 12.0),
    ("满意度", 9.0),
    ("最新进展", 36.0),
    ("登记人", 9.0),
];

fn when(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.with_timezone(&CHINA_OFFSET).format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default()
}

fn step_label(action: &str) -> &'static str {
    match action {
        "transition" => "状态变更",
        "contact" => "联系居民",
        "survey" => "现场勘查",
        "follow_up" => "回访",
        "import" => "台账导入",
        _ => "办理",
    }
}

/// `2025-03-09 09:00 状态变更 → 办结：已会同物业修好`.
pub(crate) fn step_text(step: Option<&LatestStep>) -> String {
    let Some(LatestStep { at, action, changes, note, .. }) = step else { return String::new() };
    let mut out = format!("{} {}", when(Some(*at)), step_label(action));
    let changes: Vec<FieldChange> = serde_json::from_str(changes).unwrap_or_default();
    if action == "transition"
        && let Some(to) = changes.iter().find(|c| c.field == "status").and_then(|c| c.after.as_deref())
    {
        let label = crate::cases::CaseStatus::parse(to).map_or(to, |s| s.label());
        out.push_str(" → ");
        out.push_str(label);
    }
    if let Some(n) = note.as_deref().filter(|n| !n.is_empty()) {
        out.push('：');
        out.push_str(n);
    }
    out
}

/// A header cell: bold, light blue, bordered, centred.
pub(crate) fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
}

/// A bordered cell.
pub(crate) fn cell_format() -> Format {
    Format::new().set_border(FormatBorder::Thin)
}

/// A bordered rate, `96.2%`.
pub(crate) fn percent_format() -> Format {
    Format::new().set_border(FormatBorder::Thin).set_num_format("0.0%")
}

pub(crate) fn xlsx(e: XlsxError) -> CoreError {
    CoreError::Conflict(format!("生成 Excel 文件时出错（{e}）：请重试，仍不行时请联系技术支持"))
}

/// The register for these filters and search as an .xlsx file's bytes, for a role that may
/// export. With full phone numbers the role must also be one that may see them
/// (`Action::PhoneReveal`), and the export is recorded (`phone_export`: who, how many rows,
/// which filter; no number), like a reveal in the window.
pub async fn export(store: &Store, actor: &Actor, query: &CaseQuery, options: &ExportOptions) -> Result<Vec<u8>> {
    actor.require(Action::Export)?;
    if options.full_phones {
        actor.require(Action::PhoneReveal)?;
    }
    let (bytes, rows) = register(store, actor.station_id, query, options).await?;
    if options.full_phones {
        let described = match query.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => format!("搜索“{t}”"),
            None => "全部或按台账筛选".to_owned(),
        };
        let changes: Vec<FieldChange> =
            [FieldChange::set("rows", Some(&rows.to_string())), FieldChange::set("filter", Some(&described))]
                .into_iter()
                .flatten()
                .collect();
        let mut w = store.begin_write(actor).await?;
        w.audit("case_register", 0, "phone_export", &changes).await?;
        w.commit().await?;
    }
    Ok(bytes)
}

/// The workbook and how many cases it lists.
async fn register(
    store: &Store,
    station_id: i64,
    query: &CaseQuery,
    options: &ExportOptions,
) -> Result<(Vec<u8>, usize)> {
    let query = match &query.text {
        Some(t) => CaseQuery { text: crate::search::check_query(t)?, ..query.clone() },
        None => query.clone(),
    };
    let (cases, steps, calls) = tokio::try_join!(
        store.export_cases(station_id, &query),
        store.latest_steps(station_id),
        store.latest_follow_ups(station_id),
    )?;
    let today = store.now().with_timezone(&CHINA_OFFSET).date_naive();
    let from = cases
        .iter()
        .map(|c| c.received_at.with_timezone(&CHINA_OFFSET).date_naive())
        .min()
        .unwrap_or(today)
        .min(today)
        .max(stationdesk_model::input::EARLIEST_DATE);
    let from =
        NaiveDate::from_ymd_opt(chrono::Datelike::year(&from), chrono::Datelike::month(&from), 1).unwrap_or(from);
    let report = rates::report(store, station_id, &RateQuery { from: Some(from), to: Some(today) }).await?;
    // The service counts cover at most three years: the latest three of the ledger's.
    let services_from = from.max(today - chrono::Duration::days(3 * 365));
    let services = counts::services(store, station_id, services_from, today).await?;
    let meetings =
        meetings::list(store, station_id, &MeetingQuery { from: Some(services_from), to: Some(today), status: None })
            .await?;
    let mut book = Workbook::new();
    // Excel's own level: on 100 000 cases 1 s faster than the default 6, 17 % larger.
    book.set_zip_compression_level(3);
    register_sheet(book.add_worksheet(), &cases, &steps, &calls, options).map_err(xlsx)?;
    let by_month = report.by_month.iter().map(|b| (b.label.as_str(), &b.figures));
    sheets::rates_sheet(book.add_worksheet(), "三率统计", ("月份", 10.0), by_month.chain([("合计", &report.total)]))
        .map_err(xlsx)?;
    let by_category = report.by_category.iter().map(|b| (b.label.as_str(), &b.figures));
    sheets::rates_sheet(
        book.add_worksheet(),
        "三率统计（按类别）",
        ("类别", 14.0),
        by_category.chain([("合计", &report.total)]),
    )
    .map_err(xlsx)?;
    sheets::services_by_kind_sheet(book.add_worksheet(), &services).map_err(xlsx)?;
    sheets::services_by_month_sheet(book.add_worksheet(), &services).map_err(xlsx)?;
    sheets::meetings_sheet(book.add_worksheet(), &meetings).map_err(xlsx)?;
    Ok((book.save_to_buffer().map_err(xlsx)?, cases.len()))
}

type Steps = std::collections::HashMap<i64, LatestStep>;

fn register_sheet(
    ws: &mut Worksheet,
    cases: &[Case],
    steps: &Steps,
    calls: &std::collections::HashMap<i64, LatestFollowUp>,
    options: &ExportOptions,
) -> std::result::Result<(), XlsxError> {
    ws.set_name("诉求台账")?;
    let header = header_format();
    // A row's colour is the row's format, which its cells adopt: a format per cell would
    // be looked up 2 million times for 100 000 cases.
    let fills: Vec<(DueState, Format)> = DueState::ALL
        .iter()
        .filter_map(|s| row_color(*s).map(|c| (*s, Format::new().set_background_color(Color::RGB(c)))))
        .collect();
    for (col, (name, width)) in COLUMNS.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
        ws.write_string_with_format(0, col as u16, *name, &header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (i, c) in cases.iter().enumerate() {
        let row = i as u32 + 1;
        if let Some((_, fill)) = fills.iter().find(|(s, _)| *s == c.due_state) {
            ws.set_row_format(row, fill)?;
        }
        let phone = c.phone.as_deref().map(|p| if options.full_phones { p.to_owned() } else { mask_phone(p) });
        let call = calls.get(&c.id);
        let call_text = call.map(|f| match (f.reached, f.resolved) {
            (false, _) => "未联系上",
            (true, Some(false)) => "已回访，未解决",
            (true, _) => "已回访，已解决",
        });
        let satisfaction = call
            .and_then(|f| f.satisfaction.as_deref())
            .and_then(crate::workflow::Satisfaction::parse)
            .map(|s| s.label().to_owned());
        let values: [String; 22] = [
            c.number.clone(),
            when(Some(c.received_at)),
            c.channel.label().to_owned(),
            c.resident_name.clone().unwrap_or_default(),
            phone.unwrap_or_default(),
            c.address.display(),
            c.title.clone(),
            c.description.clone().unwrap_or_default(),
            c.category_name.clone().unwrap_or_default(),
            c.urgency.label().to_owned(),
            c.assignee_name.clone().unwrap_or_default(),
            c.status.label().to_owned(),
            c.due_state.label().to_owned(),
            when(c.resolve_due_at),
            when(c.responded_at),
            when(c.resolved_at),
            c.resolution.clone().unwrap_or_default(),
            when(call.map(|f| f.at)),
            call_text.unwrap_or_default().to_owned(),
            satisfaction.unwrap_or_default(),
            step_text(steps.get(&c.id)),
            c.created_by.clone(),
        ];
        for (col, v) in values.into_iter().enumerate() {
            ws.write_string(row, col as u16, v)?;
        }
    }
    if !cases.is_empty() {
        ws.autofilter(0, 0, cases.len() as u32, COLUMNS.len() as u16 - 1)?;
    }
    Ok(())
}

/// The bench's reference: the same number of cells written with no formats, widths or
/// frozen pane, at the same compression level, so the export's own cost shows beside what
/// writing an .xlsx costs at all.
pub fn plain_workbook(rows: usize, columns: usize) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    book.set_zip_compression_level(3);
    let ws = book.add_worksheet();
    for r in 0..rows {
        for c in 0..columns {
            ws.write_string(r as u32, c as u16, "润都荣园1栋2单元301室楼道灯不亮").map_err(xlsx)?;
        }
    }
    book.save_to_buffer().map_err(xlsx)
}

/// How many columns the register sheet has.
pub const REGISTER_COLUMNS: usize = COLUMNS.len();

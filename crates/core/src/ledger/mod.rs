//! Excel ledgers (台账) in and out. In: the file is read into cells (`read`), the header
//! and every row are read by the model's rules (`stationdesk_model::ledger`), each case
//! passes the intake rules (`cases::validate`), and the whole file is saved in one
//! transaction or not at all. Out: the register as an .xlsx (`export`).

pub mod export;
pub mod read;
pub(crate) mod sheets;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use stationdesk_model::ledger::{
    Cell, LedgerCase, Mapping, RowContext, RowOutcome, correct, find_header, read_row, year_in_title,
};
use stationdesk_model::roles::Action;

use crate::cases::{Address, CaseStatus, Channel, NewCase, ValidCase, format_case_number, mask_phone, validate};
use crate::error::{CoreError, FieldError, Result};
use crate::store::{Actor, ImportedCase, Store};
pub use read::{LedgerFile, MAX_FILE_BYTES, MAX_ROWS, Sheet, read_sheet};
pub use stationdesk_model::ledger::{Corrections, LedgerColumn, MappedColumn, Numbering, Refusal};

/// What the worker chose for an import: the numbering and corrections to the mapping.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct ImportOptions {
    pub numbering: Numbering,
    /// A column (letter or header) → a field code, or `null` to leave it out.
    pub corrections: Corrections,
}

/// The first rows as they will be saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PreviewRow {
    pub row: u32,
    /// `RA-2025-0007`, or `None` when the next free number is given at saving.
    pub number: Option<String>,
    pub received_at: DateTime<Utc>,
    pub channel: Channel,
    pub resident_name: Option<String>,
    pub phone_masked: Option<String>,
    pub address: String,
    pub title: String,
    pub category_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub status: CaseStatus,
    pub resolved_at: Option<DateTime<Utc>>,
    pub satisfaction: Option<crate::workflow::Satisfaction>,
}

/// What an import would do, shown before anything is saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    pub file_name: String,
    pub sheet: String,
    pub mapping: Mapping,
    /// Rows that will become cases.
    pub ready: u32,
    /// Rows this file brought in before, unchanged: skipped.
    pub already_imported: u32,
    /// Blank rows and notes (填表人…) that are no case.
    pub skipped: u32,
    /// The first rows as they will be saved (at most [`PREVIEW_ROWS`]).
    pub first: Vec<PreviewRow>,
    /// Every refused row's problems (at most [`MAX_REFUSALS_SHOWN`]).
    pub refused: Vec<Refusal>,
    /// How many rows are refused.
    pub refused_rows: u32,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub file_name: String,
    pub imported: u32,
    pub already_imported: u32,
    pub skipped: u32,
}

/// How far an import is, for the window's progress bar: the file read and every row checked
/// (no count yet), then the rows saved. `label` is what the worker reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    /// Rows saved so far; 0 while the file is read and checked.
    pub done: u32,
    /// Rows to save; 0 while the file is read and checked.
    pub total: u32,
    pub label: String,
}

impl ImportProgress {
    fn checking() -> Self {
        Self { done: 0, total: 0, label: "正在读取并检查台账的每一行…".to_owned() }
    }

    fn saving(done: usize, total: usize) -> Self {
        let (done, total) = (u32::try_from(done).unwrap_or(u32::MAX), u32::try_from(total).unwrap_or(u32::MAX));
        Self { done, total, label: format!("正在保存：{done} / {total} 条") }
    }
}

pub const PREVIEW_ROWS: usize = 20;
pub const MAX_REFUSALS_SHOWN: usize = 1000;

/// A file read and every row judged, with nothing saved.
struct Analysis {
    sheet: String,
    mapping: Mapping,
    ready: Vec<(LedgerCase, ValidCase, String)>,
    already: u32,
    skipped: u32,
    refused: Vec<Refusal>,
    refused_rows: u32,
}

/// The column an intake rule's field came from, for a refusal's "C（电话）".
fn column_of(field: &str) -> &'static [LedgerColumn] {
    match field {
        "title" | "description" => &[LedgerColumn::Content, LedgerColumn::Title],
        "residentName" => &[LedgerColumn::ResidentName],
        "phone" => &[LedgerColumn::Phone],
        "receivedAt" => &[LedgerColumn::ReceivedAt],
        f if f.starts_with("address.") => &[
            LedgerColumn::Address,
            LedgerColumn::Compound,
            LedgerColumn::Building,
            LedgerColumn::Entrance,
            LedgerColumn::Room,
        ],
        _ => &[],
    }
}

fn refusal_of(row: u32, mapping: &Mapping, e: &FieldError) -> Refusal {
    let wanted = column_of(&e.field);
    let column = mapping
        .columns
        .iter()
        .find(|c| c.field.is_some_and(|f| wanted.contains(&f)))
        .map(|c| if c.header.is_empty() { c.letter.clone() } else { format!("{}（{}）", c.letter, c.header) });
    Refusal { row, column, message: e.message.clone() }
}

fn row_hash(cells: &[Cell]) -> String {
    let mut h = Sha256::new();
    for c in cells {
        h.update(c.text().as_bytes());
        h.update([0x1f]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn new_case(c: &LedgerCase) -> NewCase {
    NewCase {
        channel: c.channel,
        resident_name: c.resident_name.clone(),
        phone: c.phone.clone(),
        address: Address {
            compound: c.compound.clone(),
            building: c.building.clone(),
            entrance: c.entrance.clone(),
            room: c.room.clone(),
            place: c.place.clone(),
        },
        category_id: c.category_id,
        title: c.title.clone(),
        description: c.description.clone(),
        received_at: Some(c.received_at),
        urgency: c.urgency,
        assignee_id: c.assignee_id,
        // The ledger's own file and row make an import idempotent (`case_imports`).
        request_key: None,
        duplicate_of: None,
    }
}

/// A row judged on its own: its hash, and what the ledger's rules and then the intake
/// rules say of it.
enum Judged {
    Skipped,
    Refused(Vec<Refusal>),
    Case(Box<LedgerCase>, Box<Result<ValidCase>>),
}

/// Rows judged at once are split among the computer's cores above this many.
const ROWS_PER_THREAD: usize = 2000;

/// Judges every row, the rows split among up to four threads (each row is judged on its
/// own: 100 000 rows took 1.4 s on one core), in the sheet's order.
fn judge_rows(rows: &[&(u32, Vec<Cell>)], mapping: &Mapping, cx: &RowContext) -> Vec<(String, Judged)> {
    let judge = |(row, cells): &(u32, Vec<Cell>)| {
        let outcome = match read_row(*row, cells, mapping, cx) {
            RowOutcome::Skipped => Judged::Skipped,
            RowOutcome::Refused(r) => Judged::Refused(r),
            RowOutcome::Case(c) => {
                let valid = validate(new_case(&c), cx.now);
                Judged::Case(c, Box::new(valid))
            }
        };
        (row_hash(cells), outcome)
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
    if rows.len() <= ROWS_PER_THREAD || threads == 1 {
        return rows.iter().map(|r| judge(r)).collect();
    }
    let part = rows.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let mut parts = rows.chunks(part);
        let first = parts.next().unwrap_or_default();
        let others: Vec<_> =
            parts.map(|p| scope.spawn(move || p.iter().map(|r| judge(r)).collect::<Vec<_>>())).collect();
        let mut all: Vec<(String, Judged)> = first.iter().map(|r| judge(r)).collect();
        for other in others {
            match other.join() {
                Ok(mut judged) => all.append(&mut judged),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    })
}

/// Reads the file and judges every row against the station's lists, the numbers in use
/// and the rows this file brought in before.
async fn analyse(
    store: &Store,
    station_id: i64,
    file: &LedgerFile,
    options: &ImportOptions,
    imported: &std::collections::HashMap<u32, String>,
    numbers: &std::collections::HashSet<String>,
) -> Result<Analysis> {
    let sheet = read_sheet(file)?;
    let Some(mut mapping) = find_header(&sheet.rows) else {
        return Err(CoreError::invalid(
            "file",
            format!(
                "在“{}”的前 {} 行里找不到表头：表头应有 日期、诉求内容 等列名（至少三项），请检查是否选错了工作表或文件",
                stationdesk_model::input::excerpt(&file.name),
                stationdesk_model::ledger::HEADER_SEARCH_ROWS
            ),
        ));
    };
    correct(&mut mapping, &options.corrections).map_err(|m| CoreError::invalid("mapping", m))?;
    if !mapping.columns.iter().any(|c| c.field == Some(LedgerColumn::ReceivedAt)) {
        return Err(CoreError::invalid("mapping", "没有哪一列被认作受理日期：请在对应关系中指定日期所在的列"));
    }
    let default_year = sheet
        .rows
        .iter()
        .take_while(|(n, _)| *n < mapping.header_row)
        .flat_map(|(_, cells)| cells.iter())
        .find_map(|c| year_in_title(&c.text()));
    let code = store.station_code(station_id).await?;
    let categories: Vec<(String, i64)> = crate::station::categories(store, station_id)
        .await?
        .into_iter()
        .filter(|c| c.active)
        .map(|c| (c.name, c.id))
        .collect();
    let staff: Vec<(String, i64)> = crate::station::staff(store, station_id)
        .await?
        .into_iter()
        .filter(|s| s.active)
        .map(|s| (s.name, s.id))
        .collect();
    let now = store.now();
    let cx = RowContext {
        now,
        numbering: options.numbering,
        default_year,
        station_code: &code,
        categories: &categories,
        staff: &staff,
    };
    let mut a = Analysis {
        sheet: sheet.name.clone(),
        mapping: mapping.clone(),
        ready: Vec::new(),
        already: 0,
        skipped: 0,
        refused: Vec::new(),
        refused_rows: 0,
    };
    let mut kept_numbers = std::collections::HashMap::new();
    let body: Vec<&(u32, Vec<Cell>)> = sheet.rows.iter().filter(|(n, _)| *n > mapping.header_row).collect();
    let judged = judge_rows(&body, &mapping, &cx);
    for (entry, (hash, outcome)) in body.iter().zip(judged) {
        let row = &entry.0;
        let mut refusals = match outcome {
            Judged::Skipped => {
                a.skipped += 1;
                continue;
            }
            Judged::Refused(r) => r,
            Judged::Case(c, valid) => match imported.get(row) {
                Some(h) if *h == hash => {
                    a.already += 1;
                    continue;
                }
                Some(_) => vec![Refusal {
                    row: *row,
                    column: None,
                    message: "这一行以前从同名文件导入过，但内容已改动：已导入的诉求请在本程序中修改，或把文件改名后作为新台账导入"
                        .to_owned(),
                }],
                None => match *valid {
                    Err(CoreError::Invalid(errors)) => errors.iter().map(|e| refusal_of(*row, &mapping, e)).collect(),
                    Err(e) => return Err(e),
                    Ok(valid) => {
                        let mut r = Vec::new();
                        if let Some(serial) = c.serial {
                            let year = chrono::Datelike::year(&c.received_at.with_timezone(&crate::cases::CHINA_OFFSET));
                            let number = format_case_number(&code, year, serial);
                            let column = mapping
                                .columns
                                .iter()
                                .find(|m| m.field == Some(LedgerColumn::Number))
                                .map(|m| format!("{}（{}）", m.letter, m.header));
                            if numbers.contains(&number) {
                                r.push(Refusal {
                                    row: *row,
                                    column: column.clone(),
                                    message: format!("编号 {number} 已被本站的另一件诉求使用：请改用“新编号”导入"),
                                });
                            } else if let Some(first) = kept_numbers.insert(number.clone(), *row) {
                                kept_numbers.insert(number.clone(), first);
                                r.push(Refusal {
                                    row: *row,
                                    column,
                                    message: format!("序号与第 {first} 行重复（都是 {number}）：请改正序号，或改用“新编号”导入"),
                                });
                            }
                        }
                        if r.is_empty() {
                            a.ready.push((*c, valid, hash));
                        }
                        r
                    }
                },
            },
        };
        if !refusals.is_empty() {
            a.refused_rows += 1;
            let room = MAX_REFUSALS_SHOWN.saturating_sub(a.refused.len());
            refusals.truncate(room);
            a.refused.append(&mut refusals);
        }
    }
    Ok(a)
}

fn preview_row(code: &str, c: &LedgerCase, v: &ValidCase) -> PreviewRow {
    let year = chrono::Datelike::year(&c.received_at.with_timezone(&crate::cases::CHINA_OFFSET));
    PreviewRow {
        row: c.row,
        number: c.serial.map(|s| format_case_number(code, year, s)),
        received_at: v.received_at,
        channel: v.channel,
        resident_name: v.resident_name.clone(),
        phone_masked: v.phone.as_deref().map(mask_phone),
        address: v.address.display(),
        title: v.title.clone(),
        category_id: v.category_id,
        assignee_id: v.assignee_id,
        status: c.status,
        resolved_at: c.resolved_at,
        satisfaction: c.follow_up.as_ref().map(|f| f.satisfaction),
    }
}

// ---- services ----

/// What importing the file would do: the mapping, the first rows as they will be saved,
/// and every refused row with its reason. Nothing is saved.
pub async fn preview(
    store: &Store,
    station_id: i64,
    file: &LedgerFile,
    options: &ImportOptions,
) -> Result<ImportPreview> {
    let imported = store.imported_rows(station_id, &file.name).await?;
    let numbers = store.case_numbers(station_id).await?.into_iter().collect();
    let a = analyse(store, station_id, file, options, &imported, &numbers).await?;
    let code = store.station_code(station_id).await?;
    Ok(ImportPreview {
        file_name: file.name.clone(),
        sheet: a.sheet,
        mapping: a.mapping,
        ready: a.ready.len() as u32,
        already_imported: a.already,
        skipped: a.skipped,
        first: a.ready.iter().take(PREVIEW_ROWS).map(|(c, v, _)| preview_row(&code, c, v)).collect(),
        refused: a.refused,
        refused_rows: a.refused_rows,
    })
}

/// Imports the file in one transaction: every row, or none when any row is refused (the
/// error names the first refused rows, their columns and what to fix). Rows this file
/// brought in before are skipped, so importing it again adds nothing.
pub async fn import(store: &Store, actor: &Actor, file: &LedgerFile, options: &ImportOptions) -> Result<ImportReport> {
    import_reporting(store, actor, file, options, &mut |_| {}).await
}

/// [`import`], telling `progress` how far it is: once while the file is read and checked,
/// then as the rows are saved (every few hundred rows). Nothing is committed before the end.
pub async fn import_reporting(
    store: &Store,
    actor: &Actor,
    file: &LedgerFile,
    options: &ImportOptions,
    progress: &mut (dyn FnMut(ImportProgress) + Send),
) -> Result<ImportReport> {
    actor.require(Action::Import)?;
    progress(ImportProgress::checking());
    if file.name.trim().is_empty() || file.name.chars().count() > 255 {
        return Err(CoreError::invalid("file", "台账文件名为空或过长（最多 255 字）：请改名后再导入"));
    }
    let mut w = store.begin_write(actor).await?;
    let imported = w.imported_rows(&file.name).await?;
    let numbers = w.case_numbers().await?;
    let a = analyse(store, actor.station_id, file, options, &imported, &numbers).await?;
    if a.refused_rows > 0 {
        let mut errors: Vec<FieldError> =
            a.refused.iter().take(5).map(|r| FieldError::new("file", r.to_string())).collect();
        errors.push(FieldError::new(
            "file",
            format!("共 {} 行有误，整个文件未导入任何一行：请改正后重新导入", a.refused_rows),
        ));
        return Err(CoreError::Invalid(errors));
    }
    let cases: Vec<ImportedCase> = a
        .ready
        .into_iter()
        .map(|(c, valid, hash)| ImportedCase {
            case: valid,
            status: c.status,
            serial: c.serial,
            contacted_at: c.contacted_at,
            resolved_at: c.resolved_at,
            resolution: c.resolution,
            referred_to: c.referred_to,
            hold_reason: c.hold_reason,
            follow_up: c.follow_up.map(|f| (f.at, f.resolved, f.satisfaction, f.comment)),
            source_row: c.row,
            row_hash: hash,
        })
        .collect();
    let total = cases.len();
    progress(ImportProgress::saving(0, total));
    let n = w.insert_imported(&file.name, &cases, &mut |done| progress(ImportProgress::saving(done, total))).await?;
    w.commit().await?;
    Ok(ImportReport {
        file_name: file.name.clone(),
        imported: n as u32,
        already_imported: a.already,
        skipped: a.skipped,
    })
}

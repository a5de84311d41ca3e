//! The official holiday calendar beyond the years the program ships: reading a State
//! Council notice typed into a file (the model's `holidays::parse`, the same parser the
//! shipped years go through), previewing it, importing it for the station (one
//! transaction per file, replacing that year's earlier import), and saying which years
//! the calendar covers and which one the window should ask for.

use serde::{Deserialize, Serialize};
use stationdesk_model::china::china_date;
use stationdesk_model::holidays::{self, LineError, MAX_FILE_BYTES};
pub use stationdesk_model::holidays::{HolidayYear, weekend_only_note};
use stationdesk_model::roles::Action;

use crate::error::{CoreError, FieldError, Result, io_reason};
use crate::store::{Actor, Store};

/// How many refused lines an error names; the rest are counted.
const SHOWN_ERRORS: usize = 5;

/// A schedule file as read: its name (for messages) and its text.
#[derive(Debug, Clone)]
pub struct HolidayFile {
    pub name: String,
    pub text: String,
}

impl HolidayFile {
    /// Reads a file from disk: UTF-8 (with or without a BOM) or GBK as Notepad on Chinese
    /// Windows saves; one too large is refused before it is read.
    pub fn read(path: &std::path::Path) -> Result<Self> {
        let shown = path.display();
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => CoreError::NotFound(format!("找不到节假日安排文件 {shown}：请检查路径")),
            _ => CoreError::Conflict(format!("无法读取节假日安排文件 {shown}：{}", io_reason(&e))),
        })?;
        if meta.is_dir() {
            return Err(CoreError::invalid("file", format!("{shown} 是一个文件夹：请给出节假日安排的文本文件")));
        }
        if meta.len() > MAX_FILE_BYTES as u64 {
            return Err(too_large(meta.len()));
        }
        let bytes = std::fs::read(path)
            .map_err(|e| CoreError::Conflict(format!("无法读取节假日安排文件 {shown}：{}", io_reason(&e))))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| shown.to_string());
        Ok(Self { text: decode(&bytes, &name)?, name })
    }
}

fn too_large(len: u64) -> CoreError {
    CoreError::invalid(
        "file",
        format!(
            "文件过大（{} KB，最多 {} KB）：一年的节假日安排只有几十行，请确认选对了文件",
            len / 1024,
            MAX_FILE_BYTES / 1024
        ),
    )
}

fn decode(bytes: &[u8], name: &str) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err(CoreError::invalid(
            "file",
            format!(
                "「{}」既不是 UTF-8 也不是 GBK 编码的文本：请用记事本打开后另存为 UTF-8 再导入",
                stationdesk_model::input::excerpt(name)
            ),
        ));
    }
    Ok(text.into_owned())
}

/// What importing a file would do: the years and their days as they will be saved, and
/// which of them replace a year the calendar already has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct HolidayPreview {
    pub file_name: String,
    pub years: Vec<HolidayYear>,
    /// Years already known (shipped or imported before) that this file replaces.
    pub replaces: Vec<i32>,
}

/// Which years the official calendar covers, and the one the window should ask for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct HolidayCoverage {
    /// Every year known, shipped or imported, in order.
    pub years: Vec<i32>,
    /// The years the station imported (a shipped year imported again is listed here).
    pub imported: Vec<i32>,
    /// This year when it is missing, or from 1 November (China time) next year when missing.
    pub missing: Option<i32>,
    /// What the window says about the missing year, with how to load it.
    pub warning: Option<String>,
}

/// The file's refusals as one error: the first lines with what to fix, then how many.
fn refused(errors: &[LineError]) -> CoreError {
    let mut out: Vec<FieldError> =
        errors.iter().take(SHOWN_ERRORS).map(|e| FieldError::new("file", e.to_string())).collect();
    if errors.len() > SHOWN_ERRORS {
        out.push(FieldError::new("file", format!("另有 {} 处错误", errors.len() - SHOWN_ERRORS)));
    }
    out.push(FieldError::new("file", "整个文件未导入：请改正后重新导入（格式见使用说明「节假日安排文件」）"));
    CoreError::Invalid(out)
}

/// Reads the file's years, or refuses it with its lines.
pub fn parse(file: &HolidayFile) -> Result<Vec<HolidayYear>> {
    if file.text.len() > MAX_FILE_BYTES {
        return Err(too_large(file.text.len() as u64));
    }
    holidays::parse(&file.text).map_err(|e| refused(&e))
}

/// What importing `file` would save; nothing is saved.
pub async fn preview(store: &Store, station_id: i64, file: &HolidayFile) -> Result<HolidayPreview> {
    let years = parse(file)?;
    let known = coverage(store, station_id).await?.years;
    let replaces = years.iter().map(|y| y.year).filter(|y| known.contains(y)).collect();
    Ok(HolidayPreview { file_name: file.name.clone(), years, replaces })
}

/// Imports every year of `file` in one transaction, each replacing the station's earlier
/// import of that year (so importing the same file again changes nothing but the audit
/// trail), or saves nothing when any line is refused. The station's own calendar entries
/// stay laid over the imported days. Cases already logged keep their deadlines.
pub async fn import(store: &Store, actor: &Actor, file: &HolidayFile) -> Result<Vec<HolidayYear>> {
    actor.require(Action::Settings)?;
    let years = parse(file)?;
    let mut w = store.begin_write(actor).await?;
    for year in &years {
        w.replace_official_year(year).await?;
    }
    w.commit().await?;
    Ok(years)
}

/// The years the station's calendar covers, and the warning for a missing one.
pub async fn coverage(store: &Store, station_id: i64) -> Result<HolidayCoverage> {
    let imported: Vec<i32> = store.official_holidays(station_id).await?.iter().map(|y| y.year).collect();
    let years = holidays::covered_years(&imported);
    let missing = holidays::missing_year(china_date(store.now()), &years);
    let warning = match missing {
        Some(y) => {
            // A series marked 节假日不举办 cannot know that year's holidays and keeps every date.
            let from = crate::schedule::china_midnight(chrono::NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default());
            let events = if store.skipping_series_after(station_id, from).await? {
                "，设为“节假日不举办”的重复活动在该年也会照常排期"
            } else {
                ""
            };
            Some(format!(
                "{y}年的节假日安排尚未导入，按“工作日”计算的时限将只跳过周末{events}。国务院公布{y}年放假安排后，\
                 请在 设置 → 节假日 中“导入节假日安排”（或用 stationdesk-cli holidays import 文件）"
            ))
        }
        None => None,
    };
    Ok(HolidayCoverage { years, imported, missing, warning })
}

/// The station's calendar: the official days in force (shipped years, each replaced by the
/// station's import of that year) with the station's own entries laid over them.
pub(crate) async fn calendar(store: &Store, station_id: i64) -> Result<stationdesk_model::deadlines::Calendar> {
    let (own, imported) =
        tokio::try_join!(store.station_calendar_days(station_id), store.official_holidays(station_id))?;
    let own: Vec<_> = own.into_iter().map(|d| (d.day, d.kind)).collect();
    Ok(stationdesk_model::deadlines::Calendar::new(&imported, &own))
}

/// The note beside an open case's resolve deadline when it runs in working days into a
/// year with no calendar (judged with the limits in force for its category and urgency).
pub(crate) async fn due_note(store: &Store, station_id: i64, case: &crate::cases::Case) -> Result<Option<String>> {
    use stationdesk_model::deadlines::{DueState, TimeUnit, limits_for};
    let (Some(due), DueState::OnTrack | DueState::NearDue | DueState::Overdue | DueState::OnHold) =
        (case.resolve_due_at, case.due_state)
    else {
        return Ok(None);
    };
    let own = store.station_time_limits(station_id).await?;
    let station = [case.category_id.unwrap_or(0), 0]
        .iter()
        .find_map(|c| own.iter().find(|(id, u, _)| id == c && *u == case.urgency).map(|(_, _, l)| *l));
    let limits = limits_for(station, case.category_name.as_deref(), case.urgency);
    if limits.resolve.unit != TimeUnit::WorkingDays {
        return Ok(None);
    }
    let imported: Vec<i32> = store.official_holidays(station_id).await?.iter().map(|y| y.year).collect();
    Ok(holidays::due_note(case.received_at, due, &holidays::covered_years(&imported)))
}

//! The commands only the desktop window has: they show the system's file dialogs or open
//! the system's PDF viewer, so they are written here, with the `AppHandle`; the command list
//! (`stationdesk_api::with_commands!`) names them so other front doors can refuse them.

use std::path::PathBuf;

use stationdesk_api::commands::cases::attach_files;
use stationdesk_api::commands::{cases, holidays, ledger, schedule, station};
use stationdesk_api::{AppCtx, AppError, AppResult};
use stationdesk_core::attachments::{Attachment, AttachmentKind};
use stationdesk_core::backup::{BackupStatus, Generation};
use stationdesk_core::cases::CaseQuery;
use stationdesk_core::error::io_reason;
use stationdesk_core::holidays::HolidayPreview;
use stationdesk_core::ledger::export::ExportOptions;
use stationdesk_core::ledger::{ImportOptions, ImportPreview};
use stationdesk_core::notices::{self, NoticeFont, NoticeFontRole};
use stationdesk_core::open311::{Open311Format, Open311Kind};
use stationdesk_core::parties::PartyImport;
use stationdesk_core::schedule::roster::RosterImport;
use stationdesk_core::settings_file::SettingsSummary;
use stationdesk_core::{CoreError, ErrorCode};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_opener::OpenerExt;

use crate::dialogs::{self, Dropped};

const PHOTOS: &[&str] = &["jpg", "jpeg", "png", "gif", "webp", "bmp", "JPG", "JPEG", "PNG"];

/// Shows the file dialog (photos, or any document) and attaches what the worker picks;
/// empty when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn add_attachments(
    app: AppHandle,
    ctx: State<'_, AppCtx>,
    case_id: i64,
    kind: AttachmentKind,
) -> AppResult<Vec<Attachment>> {
    let (title, filter) = match kind {
        AttachmentKind::Before => ("选择整改前照片", Some(("照片", PHOTOS))),
        AttachmentKind::After => ("选择整改后照片", Some(("照片", PHOTOS))),
        AttachmentKind::Document => ("选择文件", None),
    };
    let paths = dialogs::pick_files(&app, title, filter, true).await?;
    attach_files(&ctx, case_id, kind, paths).await
}

/// Attaches the files just dropped on the window (the paths stay on the Rust side).
#[tauri::command]
#[specta::specta]
pub async fn add_dropped_attachments(
    ctx: State<'_, AppCtx>,
    dropped: State<'_, Dropped>,
    case_id: i64,
    kind: AttachmentKind,
) -> AppResult<Vec<Attachment>> {
    attach_files(&ctx, case_id, kind, dropped.take()).await
}

/// Lets the worker pick a font file for a role and prefers it; none when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn pick_notice_font_file(
    app: AppHandle,
    ctx: State<'_, AppCtx>,
    role: NoticeFontRole,
) -> AppResult<Option<Vec<NoticeFont>>> {
    let filter = ("字体文件", &["ttf", "otf", "ttc", "TTF", "OTF", "TTC"][..]);
    let Some(path) = dialogs::pick_files(&app, "选择字体文件", Some(filter), false).await?.pop() else {
        return Ok(None);
    };
    let choice = path.to_string_lossy();
    Ok(Some(notices::save_font(&ctx.store()?, &ctx.actor()?, role.as_str(), Some(&choice)).await?))
}

/// `name.pdf` whatever the worker typed: a notice is always saved as a PDF.
fn with_pdf_extension(mut path: PathBuf) -> PathBuf {
    let is_pdf = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if !is_pdf {
        let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".pdf");
        path.set_file_name(name);
    }
    path
}

/// Asks where to save a rendered notice (suggesting its file name), writes it there and
/// returns the path; none when the worker cancels.
#[tauri::command]
#[specta::specta]
pub async fn save_notice_pdf(app: AppHandle, ctx: State<'_, AppCtx>, id: u32) -> AppResult<Option<String>> {
    let (file_name, bytes) = ctx.pdf(id)?;
    let Some(path) = dialogs::save_file(&app, "保存通知", &file_name, ("PDF 文件", &["pdf"])).await? else {
        return Ok(None);
    };
    let path = with_pdf_extension(path);
    stationdesk_core::private_files::write(&path, bytes.as_slice()).map_err(|e| {
        AppError::from(CoreError::invalid("path", format!("无法保存到 {}：{}", path.display(), io_reason(&e))))
    })?;
    Ok(Some(path.display().to_string()))
}

/// Opens a rendered notice in the system's PDF viewer, from whose print dialog it is printed.
#[tauri::command]
#[specta::specta]
pub async fn open_notice_pdf(app: AppHandle, ctx: State<'_, AppCtx>, id: u32) -> AppResult<()> {
    let (file_name, bytes) = ctx.pdf(id)?;
    let dir = app
        .path()
        .app_cache_dir()
        .map_err(|_| AppError::new(ErrorCode::Io, "找不到存放临时文件的文件夹，请先用“保存 PDF”保存后再打印"))?
        .join("notices");
    let safe: String = file_name
        .chars()
        .map(|c| if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c })
        .collect();
    let path = dir.join(if safe.is_empty() { "通知.pdf".to_owned() } else { safe });
    stationdesk_core::private_files::create_dir_all(&dir)
        .and_then(|()| stationdesk_core::private_files::write(&path, bytes.as_slice()))
        .map_err(|e| AppError::new(ErrorCode::Io, format!("无法写入 {}：{}", path.display(), io_reason(&e))))?;
    app.opener().open_path(path.to_string_lossy(), None::<&str>).map_err(|_| {
        AppError::new(
            ErrorCode::Io,
            format!("无法打开系统的 PDF 阅读器，请确认已安装 PDF 阅读器；文件已保存在 {}", path.display()),
        )
    })
}

/// 打印: the system's print dialog (GTK's on Linux) for the window's page, whose print
/// sheets the preview has just drawn. The webview's own `window.print()` shows nothing in
/// the desktop window (WebKitGTK leaves it to the embedder), so the window asks here. Under
/// the tests' dialog answers (`STATIONDESK_TEST_DIALOGS`) the dialog is not shown: a line
/// is added to `DIR/printed` instead, one per press.
#[tauri::command]
#[specta::specta]
pub async fn print_window(window: tauri::WebviewWindow) -> AppResult<()> {
    if let Some(dir) = dialogs::test_answers() {
        use std::io::Write;
        return std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("printed"))
            .and_then(|mut f| writeln!(f, "{}", window.label()))
            .map_err(|e| AppError::new(ErrorCode::Io, format!("无法记下打印：{}", io_reason(&e))));
    }
    window.print().map_err(|_| {
        AppError::new(ErrorCode::Io, "无法打开系统的打印对话框：请改用“用系统查看器打开”，从 PDF 阅读器里打印")
    })
}

/// 导入节假日安排: shows the open dialog for a holiday schedule file (text), keeps the file
/// and returns its days for the preview; none when the worker cancels.
#[tauri::command]
#[specta::specta]
pub async fn pick_holiday_file(app: AppHandle, ctx: State<'_, AppCtx>) -> AppResult<Option<HolidayPreview>> {
    let filter = ("节假日安排（文本文件）", &["txt", "TXT"][..]);
    let Some(path) = dialogs::pick_files(&app, "选择节假日安排文件", Some(filter), false).await?.pop() else {
        return Ok(None);
    };
    Ok(Some(holidays::pick_holidays(&ctx, &path).await?))
}

/// 相关方名录 → 从表格导入: shows the open dialog for a directory sheet (.xlsx, .xls,
/// .csv), keeps the file and returns what it would add; none when the worker cancels.
#[tauri::command]
#[specta::specta]
pub async fn pick_party_file(app: AppHandle, ctx: State<'_, AppCtx>) -> AppResult<Option<PartyImport>> {
    let filter = ("相关方名录（Excel 或 CSV）", &["xlsx", "xls", "csv", "XLSX", "XLS", "CSV"][..]);
    let Some(path) = dialogs::pick_files(&app, "选择相关方名录文件", Some(filter), false).await?.pop() else {
        return Ok(None);
    };
    Ok(Some(cases::pick_parties(&ctx, &path).await?))
}

/// 从表格导入报名: shows the open dialog for a sign-up roster (.xlsx, .xls, .csv), keeps the
/// file and returns who it would sign up for the occurrence; none when the worker cancels.
#[tauri::command]
#[specta::specta]
pub async fn pick_roster_file(
    app: AppHandle,
    ctx: State<'_, AppCtx>,
    event_id: i64,
    occurrence_start: chrono::DateTime<chrono::Utc>,
) -> AppResult<Option<RosterImport>> {
    let filter = ("报名名单（Excel 或 CSV）", &["xlsx", "xls", "csv", "XLSX", "XLS", "CSV"][..]);
    let Some(path) = dialogs::pick_files(&app, "选择报名名单文件", Some(filter), false).await?.pop() else {
        return Ok(None);
    };
    Ok(Some(schedule::pick_roster(&ctx, &path, event_id, occurrence_start).await?))
}

/// 导入台账: shows the open dialog for a ledger (.xlsx, .xls, .csv), keeps the file and
/// previews it; none when the worker cancels.
#[tauri::command]
#[specta::specta]
pub async fn pick_ledger_file(
    app: AppHandle,
    ctx: State<'_, AppCtx>,
    options: ImportOptions,
) -> AppResult<Option<ImportPreview>> {
    let filter = ("台账（Excel 或 CSV）", &["xlsx", "xls", "csv", "XLSX", "XLS", "CSV"][..]);
    let Some(path) = dialogs::pick_files(&app, "选择台账文件", Some(filter), false).await?.pop() else {
        return Ok(None);
    };
    Ok(Some(ledger::pick_ledger(&ctx, &path, &options).await?))
}

/// `name.xlsx` whatever the worker typed.
fn with_xlsx_extension(mut path: PathBuf) -> PathBuf {
    if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
        let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".xlsx");
        path.set_file_name(name);
    }
    path
}

/// 导出Excel: writes the register for the window's filters and search where the worker
/// chooses; the path, or none when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_cases_xlsx(
    app: AppHandle,
    ctx: State<'_, AppCtx>,
    query: CaseQuery,
    options: ExportOptions,
) -> AppResult<Option<String>> {
    let name = format!("诉求台账-{}.xlsx", chrono::Local::now().format("%Y%m%d"));
    let Some(path) = dialogs::save_file(&app, "导出 Excel 台账", &name, ("Excel 文件", &["xlsx"])).await? else {
        return Ok(None);
    };
    let bytes = ledger::export_xlsx(&ctx, &query, &options).await?;
    let path = with_xlsx_extension(path);
    write_chosen(&path, &bytes, "（文件是否正在 Excel 中打开？）")
}

/// The work report's figures as an .xlsx, saved where the worker chooses; none when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_report_xlsx(
    app: AppHandle,
    ctx: State<'_, AppCtx>,
    period: stationdesk_core::report::ReportPeriod,
) -> AppResult<Option<String>> {
    let (name, bytes) = stationdesk_api::commands::report::work_report_xlsx(&ctx, period).await?;
    let Some(path) = dialogs::save_file(&app, "保存工作报告 Excel", &name, ("Excel 文件", &["xlsx"])).await?
    else {
        return Ok(None);
    };
    let path = with_xlsx_extension(path);
    write_chosen(&path, &bytes, "（文件是否正在 Excel 中打开？）")
}

/// The district report's figures as an .xlsx, saved where the office chooses; none when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_district_report_xlsx(
    app: AppHandle,
    ctx: State<'_, AppCtx>,
    period: stationdesk_core::report::ReportPeriod,
    issuer: String,
) -> AppResult<Option<String>> {
    let (name, bytes) = stationdesk_api::commands::district::district_report_xlsx(&ctx, period, issuer).await?;
    let Some(path) = dialogs::save_file(&app, "保存街道汇总报告 Excel", &name, ("Excel 文件", &["xlsx"])).await?
    else {
        return Ok(None);
    };
    let path = with_xlsx_extension(path);
    write_chosen(&path, &bytes, "（文件是否正在 Excel 中打开？）")
}

/// `name.json` / `name.xml` whatever the worker typed.
fn with_extension(mut path: PathBuf, ext: &str) -> PathBuf {
    if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext)) {
        let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".");
        name.push(ext);
        path.set_file_name(name);
    }
    path
}

/// 导出 Open311: the requests for the window's filters and search, or the service list,
/// as GeoReport v2 JSON or XML, saved where the worker chooses; the path, or none.
#[tauri::command]
#[specta::specta]
pub async fn save_open311(
    app: AppHandle,
    ctx: State<'_, AppCtx>,
    query: CaseQuery,
    kind: Open311Kind,
    format: Open311Format,
) -> AppResult<Option<String>> {
    let ext = format.extension();
    let stem = match kind {
        Open311Kind::Requests => "requests",
        Open311Kind::Services => "services",
    };
    let name = format!("{stem}-{}.{ext}", chrono::Local::now().format("%Y%m%d"));
    let filter = match format {
        Open311Format::Json => ("JSON 文件", &["json"][..]),
        Open311Format::Xml => ("XML 文件", &["xml"][..]),
    };
    let Some(path) = dialogs::save_file(&app, "导出 Open311", &name, filter).await? else {
        return Ok(None);
    };
    let bytes = ledger::export_open311(&ctx, &query, kind, format).await?;
    let path = with_extension(path, ext);
    write_chosen(&path, &bytes, "")
}

/// 操作记录 导出Excel: the filtered audit log (at most 50 000 rows) saved where the worker
/// chooses; none when cancelled. The core checks the filter and the role and records the
/// export before the file is written.
#[tauri::command]
#[specta::specta]
pub async fn save_audit_xlsx(
    app: AppHandle,
    ctx: State<'_, AppCtx>,
    query: stationdesk_core::audit_log::AuditQuery,
) -> AppResult<Option<String>> {
    let name = format!("操作记录-{}.xlsx", chrono::Local::now().format("%Y%m%d"));
    let Some(path) = dialogs::save_file(&app, "导出操作记录", &name, ("Excel 文件", &["xlsx"])).await? else {
        return Ok(None);
    };
    let (_, bytes) = stationdesk_api::commands::audit::audit_log_xlsx(&ctx, &query).await?;
    let path = with_xlsx_extension(path);
    write_chosen(&path, &bytes, "（文件是否正在 Excel 中打开？）")
}

/// 个人信息保护 导出: a resident's own records (every case with its timeline, sign-ups,
/// errands) as JSON saved where the 站长 chooses, owner-only; none when cancelled. The file
/// is named by the day, never by the phone. The core checks the role and records the export.
#[tauri::command]
#[specta::specta]
pub async fn save_personal_data(app: AppHandle, ctx: State<'_, AppCtx>, phone: String) -> AppResult<Option<String>> {
    let name = format!("居民个人信息-{}.json", chrono::Local::now().format("%Y%m%d"));
    let Some(path) = dialogs::save_file(&app, "导出居民个人信息", &name, ("JSON 文件", &["json"])).await?
    else {
        return Ok(None);
    };
    let path = with_extension(path, "json");
    stationdesk_api::commands::privacy::export_personal_data(&ctx, &phone, &path).await?;
    Ok(Some(path.display().to_string()))
}

/// 从另一台电脑导入设置: shows the open dialog for a settings file (.json), keeps it and
/// returns what it holds (first start) or would change here (设置); none when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn pick_settings_file(app: AppHandle, ctx: State<'_, AppCtx>) -> AppResult<Option<SettingsSummary>> {
    let filter = ("StationDesk 设置文件", &["json", "JSON"][..]);
    let Some(path) = dialogs::pick_files(&app, "选择设置文件", Some(filter), false).await?.pop() else {
        return Ok(None);
    };
    Ok(Some(station::pick_settings(&ctx, &path).await?))
}

/// 导出设置文件 (站长): the station's settings, saved owner-only (the parties directory
/// has phone numbers) where the worker chooses; the export is recorded. The path, or none.
#[tauri::command]
#[specta::specta]
pub async fn save_settings_file(app: AppHandle, ctx: State<'_, AppCtx>) -> AppResult<Option<String>> {
    let code = ctx.station().map(|s| s.code).unwrap_or_default();
    let name = format!("服务站设置-{code}-{}.json", chrono::Local::now().format("%Y%m%d"));
    let Some(path) = dialogs::save_file(&app, "导出设置文件", &name, ("JSON 文件", &["json"])).await? else {
        return Ok(None);
    };
    let (_, bytes) = station::export_settings(&ctx).await?;
    write_chosen(&with_extension(path, "json"), &bytes, "")
}

/// Writes an export where the worker chose to save it; the path, or why it could not be
/// written (with `hint` after the reason).
fn write_chosen(path: &std::path::Path, bytes: &[u8], hint: &str) -> AppResult<Option<String>> {
    stationdesk_core::private_files::write(path, bytes).map_err(|e| {
        AppError::from(CoreError::invalid("path", format!("无法保存到 {}：{}{hint}", path.display(), io_reason(&e))))
    })?;
    Ok(Some(path.display().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_notice_always_ends_in_pdf() {
        assert_eq!(with_pdf_extension("/tmp/通知".into()), PathBuf::from("/tmp/通知.pdf"));
        assert_eq!(with_pdf_extension("/tmp/通知.PDF".into()), PathBuf::from("/tmp/通知.PDF"));
        assert_eq!(with_pdf_extension("/tmp/通知.txt".into()), PathBuf::from("/tmp/通知.txt.pdf"));
        assert_eq!(with_extension("/tmp/requests".into(), "xml"), PathBuf::from("/tmp/requests.xml"));
        assert_eq!(with_extension("/tmp/r.JSON".into(), "json"), PathBuf::from("/tmp/r.JSON"));
    }
}

/// 选择文件夹 for backups: a USB disk or a network share, picked in the system's dialog;
/// none when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn choose_backup_folder(app: AppHandle, ctx: State<'_, AppCtx>) -> AppResult<Option<BackupStatus>> {
    let Some(folder) = dialogs::pick_folder(&app, "选择备份文件夹（移动硬盘或网络盘）").await? else {
        return Ok(None);
    };
    let folder = folder.display().to_string();
    stationdesk_api::commands::backup::set_backup_folder(&ctx, Some(folder)).await.map(Some)
}

/// 备份本站数据到文件夹…: on a district server, the station's records and attachments
/// written into a folder picked in the system's dialog (a USB disk); none when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn backup_station_to_folder(app: AppHandle, ctx: State<'_, AppCtx>) -> AppResult<Option<Generation>> {
    let Some(folder) = dialogs::pick_folder(&app, "选择存放本站备份的文件夹（移动硬盘或网络盘）").await?
    else {
        return Ok(None);
    };
    stationdesk_api::commands::backup::backup_station_to(&ctx, &folder).await.map(Some)
}

/// 打开安装包位置: the installer the district's manifest names for this computer, read
/// again now, shown in the file manager (a path) or the browser (an address); never a path
/// from the window. Under the tests' dialog answers the place is written to `DIR/opened`.
#[tauri::command]
#[specta::specta]
pub async fn open_update_installer(app: AppHandle, ctx: State<'_, AppCtx>) -> AppResult<()> {
    let Some(found) = stationdesk_api::commands::updates::check_for_update(&ctx).await? else {
        return Err(AppError::new(ErrorCode::NotFound, "还没有填写更新地址：请在 设置 → 软件更新 中填写"));
    };
    let Some(installer) = found.installer else {
        return Err(AppError::new(ErrorCode::NotFound, found.message));
    };
    if let Some(dir) = dialogs::test_answers() {
        use std::io::Write;
        return std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("opened"))
            .and_then(|mut f| writeln!(f, "{installer}"))
            .map_err(|e| AppError::new(ErrorCode::Io, format!("无法记下打开的位置：{}", io_reason(&e))));
    }
    let opened = if installer.to_ascii_lowercase().starts_with("http://") || installer.starts_with("https://") {
        app.opener().open_url(&installer, None::<&str>)
    } else {
        app.opener().reveal_item_in_dir(&installer)
    };
    opened.map_err(|_| AppError::new(ErrorCode::Io, format!("无法打开安装包的位置，请手动打开：{installer}")))
}

//! Printed notices: the stations' wording, a case's 受理回执 and 答复函, saving and printing.

use std::path::PathBuf;

use base64::Engine;
use stationdesk_core::CoreError;
use stationdesk_core::notices::{self, NoticeFont, NoticeTemplate, PrintedNotice};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_opener::OpenerExt;

use crate::ctx::AppCtx;
use crate::error::{AppError, AppResult};

#[tauri::command]
#[specta::specta]
pub async fn list_notice_templates(ctx: State<'_, AppCtx>) -> AppResult<Vec<NoticeTemplate>> {
    Ok(notices::templates(ctx.store()?, ctx.station_id()?).await?)
}

/// Saves a kind's wording (checked placeholder by placeholder); `body` none resets it.
#[tauri::command]
#[specta::specta]
pub async fn save_notice_template(
    ctx: State<'_, AppCtx>,
    kind: String,
    body: Option<String>,
) -> AppResult<NoticeTemplate> {
    Ok(notices::save_template(ctx.store()?, &ctx.actor()?, &kind, body.as_deref()).await?)
}

/// The system fonts the station prefers for its notices, and whether each is found.
#[tauri::command]
#[specta::specta]
pub async fn list_notice_fonts(ctx: State<'_, AppCtx>) -> AppResult<Vec<NoticeFont>> {
    Ok(notices::fonts(ctx.store()?, ctx.station_id()?).await?)
}

/// Prefers a system font (`仿宋`, a font file's path) for a role; `choice` none goes back
/// to the bundled font.
#[tauri::command]
#[specta::specta]
pub async fn save_notice_font(
    ctx: State<'_, AppCtx>,
    role: String,
    choice: Option<String>,
) -> AppResult<Vec<NoticeFont>> {
    Ok(notices::save_font(ctx.store()?, &ctx.actor()?, &role, choice.as_deref()).await?)
}

/// Renders a case's 受理回执 (`receipt`) or 答复函 (`reply`); recorded in its history.
#[tauri::command]
#[specta::specta]
pub async fn print_case_notice(ctx: State<'_, AppCtx>, case_id: i64, kind: String) -> AppResult<PrintedNotice> {
    Ok(notices::print_case_notice(ctx.store()?, &ctx.actor()?, case_id, &kind).await?)
}

fn decode(pdf_base64: &str) -> AppResult<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(pdf_base64)
        .map_err(|_| AppError::new("invalid_input", "通知内容已损坏，请重新生成后再保存"))
}

/// Writes a notice to the path the save dialog returned.
#[tauri::command]
#[specta::specta]
pub async fn save_notice_pdf(path: String, pdf_base64: String) -> AppResult<()> {
    let bytes = decode(&pdf_base64)?;
    let mut path = PathBuf::from(path);
    if path.extension().is_none() {
        path.set_extension("pdf");
    }
    std::fs::write(&path, bytes)
        .map_err(|e| AppError::from(CoreError::invalid("path", format!("无法保存到 {}：{e}", path.display()))))
}

/// Opens a notice in the system's PDF viewer, from whose print dialog it is printed.
#[tauri::command]
#[specta::specta]
pub async fn open_notice_pdf(app: AppHandle, file_name: String, pdf_base64: String) -> AppResult<()> {
    let bytes = decode(&pdf_base64)?;
    let dir =
        app.path().app_cache_dir().map_err(|e| AppError::new("io", &format!("找不到临时文件夹：{e}")))?.join("notices");
    let safe: String = file_name
        .chars()
        .map(|c| if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c })
        .collect();
    let path = dir.join(if safe.is_empty() { "通知.pdf".to_owned() } else { safe });
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, bytes))
        .map_err(|e| AppError::new("io", &format!("无法写入 {}：{e}", path.display())))?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| AppError::new("io", &format!("无法打开系统的 PDF 阅读器：{e}；文件已保存在 {}", path.display())))
}

/// Batch progress: `done` of `total` copies laid out (the last step writes the PDF).
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct NoticeProgress {
    pub done: u32,
    pub total: u32,
}

/// Renders a 会议通知 (`meeting`) or 活动通知 (`event`) from the form's fields, one copy
/// per addressee when given, reporting progress on `progress`. `input` is the engine's
/// JSON input (fields in crates/notice/README.md).
#[tauri::command]
#[specta::specta]
pub async fn print_notice(
    ctx: State<'_, AppCtx>,
    kind: String,
    input: String,
    addressees: Vec<String>,
    progress: tauri::ipc::Channel<NoticeProgress>,
) -> AppResult<PrintedNotice> {
    let mut report = |done: usize, total: usize| {
        let _ = progress.send(NoticeProgress { done: done as u32, total: total as u32 });
    };
    Ok(notices::print_form(ctx.store()?, &ctx.actor()?, &kind, &input, &addressees, &mut report).await?)
}

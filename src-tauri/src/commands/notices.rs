//! Printed notices: the stations' wording, a case's 受理回执 and 答复函, saving and printing.
//! A print returns the notice's id and page count; its bytes stay in `AppCtx` until the
//! window asks for them (`notice_pdf`), saves them or opens them for printing.

use std::path::PathBuf;

use stationdesk_core::error::io_reason;
use stationdesk_core::notices::{self, CaseNoticeKind, NoticeFont, NoticeForm, NoticeKind, NoticeTemplate};
use stationdesk_core::{CoreError, ErrorCode};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_opener::OpenerExt;

use crate::bytes::Bytes;
use crate::ctx::{AppCtx, PrintedNotice};
use crate::dialogs;
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
    kind: NoticeKind,
    body: Option<String>,
) -> AppResult<NoticeTemplate> {
    Ok(notices::save_template(ctx.store()?, &ctx.actor()?, kind.as_str(), body.as_deref()).await?)
}

/// The system fonts the station prefers for its notices, and whether each is found.
#[tauri::command]
#[specta::specta]
pub async fn list_notice_fonts(ctx: State<'_, AppCtx>) -> AppResult<Vec<NoticeFont>> {
    Ok(notices::fonts(ctx.store()?, ctx.station_id()?).await?)
}

/// Prefers a system font by family name (`仿宋`) for a role; `choice` none goes back to
/// the bundled font.
#[tauri::command]
#[specta::specta]
pub async fn save_notice_font(
    ctx: State<'_, AppCtx>,
    role: String,
    choice: Option<String>,
) -> AppResult<Vec<NoticeFont>> {
    Ok(notices::save_font(ctx.store()?, &ctx.actor()?, &role, choice.as_deref()).await?)
}

/// Lets the worker pick a font file for a role and prefers it; none when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn pick_notice_font_file(
    app: AppHandle,
    ctx: State<'_, AppCtx>,
    role: String,
) -> AppResult<Option<Vec<NoticeFont>>> {
    let filter = ("字体文件", &["ttf", "otf", "ttc", "TTF", "OTF", "TTC"][..]);
    let Some(path) = dialogs::pick_files(&app, "选择字体文件", Some(filter), false).await?.pop() else {
        return Ok(None);
    };
    let choice = path.to_string_lossy();
    Ok(Some(notices::save_font(ctx.store()?, &ctx.actor()?, &role, Some(&choice)).await?))
}

/// Renders a case's 受理回执 or 答复函; recorded in its history.
#[tauri::command]
#[specta::specta]
pub async fn print_case_notice(ctx: State<'_, AppCtx>, case_id: i64, kind: CaseNoticeKind) -> AppResult<PrintedNotice> {
    let printed = notices::print_case_notice(ctx.store()?, &ctx.actor()?, case_id, kind.as_str()).await?;
    Ok(ctx.keep_pdf(printed))
}

/// The bytes of a rendered notice, for the preview.
#[tauri::command]
#[specta::specta]
pub async fn notice_pdf(ctx: State<'_, AppCtx>, id: u32) -> AppResult<Bytes> {
    let (_, bytes) = ctx.pdf(id)?;
    Ok(Bytes(bytes.as_ref().clone()))
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
    std::fs::write(&path, bytes.as_slice()).map_err(|e| {
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
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, bytes.as_slice()))
        .map_err(|e| AppError::new(ErrorCode::Io, format!("无法写入 {}：{}", path.display(), io_reason(&e))))?;
    app.opener().open_path(path.to_string_lossy(), None::<&str>).map_err(|_| {
        AppError::new(
            ErrorCode::Io,
            format!("无法打开系统的 PDF 阅读器，请确认已安装 PDF 阅读器；文件已保存在 {}", path.display()),
        )
    })
}

/// Batch progress: `done` of `total` copies laid out (the last step writes the PDF).
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct NoticeProgress {
    pub done: u32,
    pub total: u32,
}

/// Renders a 会议通知 or 活动通知 from the form's fields, one copy per addressee when
/// given, reporting progress on `progress`.
#[tauri::command]
#[specta::specta]
pub async fn print_notice(
    ctx: State<'_, AppCtx>,
    notice: NoticeForm,
    addressees: Vec<String>,
    progress: tauri::ipc::Channel<NoticeProgress>,
) -> AppResult<PrintedNotice> {
    let mut report = |done: usize, total: usize| {
        let _ = progress.send(NoticeProgress { done: done as u32, total: total as u32 });
    };
    let printed = notices::print_form(ctx.store()?, &ctx.actor()?, notice, &addressees, &mut report).await?;
    Ok(ctx.keep_pdf(printed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_notice_always_ends_in_pdf() {
        assert_eq!(with_pdf_extension("/tmp/通知".into()), PathBuf::from("/tmp/通知.pdf"));
        assert_eq!(with_pdf_extension("/tmp/通知.PDF".into()), PathBuf::from("/tmp/通知.PDF"));
        assert_eq!(with_pdf_extension("/tmp/通知.txt".into()), PathBuf::from("/tmp/通知.txt.pdf"));
    }
}

//! Open and save dialogs, shown from Rust: the window asks for "save this notice" or "attach
//! photos", never hands the core a path of its own.
//!
//! The end-to-end tests cannot press buttons in the system's dialogs (WebDriver reaches the
//! page only), so with `STATIONDESK_TEST_DIALOGS=DIR` set the dialogs answer from DIR
//! instead of showing: a save dialog saves to DIR under the suggested name; an open or
//! folder dialog picks the paths listed one per line in `DIR/pick` (read once, then
//! removed), or is cancelled when there is none; the print dialog is not shown and the press
//! is noted in `DIR/printed` (`desktop::print_window`). This is the one way the tests answer
//! a dialog; the window behaves otherwise as a worker sees it.

use std::path::PathBuf;
use std::sync::Mutex;

use stationdesk_core::ErrorCode;
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

use stationdesk_api::{AppError, AppResult};

/// A file filter: its name in the dialog and the extensions it shows.
pub type Filter<'a> = (&'a str, &'a [&'a str]);

/// The folder the tests answer dialogs from, when they do.
pub fn test_answers() -> Option<PathBuf> {
    std::env::var_os("STATIONDESK_TEST_DIALOGS").filter(|d| !d.is_empty()).map(PathBuf::from)
}

/// The paths the test wrote into `DIR/pick`, taken once.
fn test_pick(dir: &std::path::Path) -> Vec<PathBuf> {
    let file = dir.join("pick");
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    let _ = std::fs::remove_file(&file);
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(PathBuf::from).collect()
}

fn builder(app: &AppHandle, title: &str, filter: Option<Filter<'_>>) -> FileDialogBuilder<tauri::Wry> {
    let mut b = app.dialog().file().set_title(title);
    if let Some(window) = app.get_webview_window("main") {
        b = b.set_parent(&window);
    }
    if let Some((name, extensions)) = filter {
        b = b.add_filter(name, extensions);
    }
    b
}

fn to_path(p: FilePath) -> AppResult<PathBuf> {
    p.into_path().map_err(|_| AppError::new(ErrorCode::InvalidInput, "无法识别所选文件的位置，请换一个文件夹再试"))
}

fn closed() -> AppError {
    AppError::new(ErrorCode::Internal, "文件对话框意外关闭，请重试")
}

/// The save dialog with a suggested file name; `None` when the worker cancels.
pub async fn save_file(
    app: &AppHandle,
    title: &str,
    file_name: &str,
    filter: Filter<'_>,
) -> AppResult<Option<PathBuf>> {
    if let Some(dir) = test_answers() {
        return Ok(Some(dir.join(file_name)));
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    builder(app, title, Some(filter)).set_file_name(file_name).save_file(move |p| {
        let _ = tx.send(p);
    });
    rx.await.map_err(|_| closed())?.map(to_path).transpose()
}

/// The open dialog for one or more files; empty when the worker cancels.
pub async fn pick_files(
    app: &AppHandle,
    title: &str,
    filter: Option<Filter<'_>>,
    multiple: bool,
) -> AppResult<Vec<PathBuf>> {
    if let Some(dir) = test_answers() {
        let mut picked = test_pick(&dir);
        picked.truncate(if multiple { picked.len() } else { 1 });
        return Ok(picked);
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    let b = builder(app, title, filter);
    if multiple {
        b.pick_files(move |p| {
            let _ = tx.send(p.unwrap_or_default());
        });
    } else {
        b.pick_file(move |p| {
            let _ = tx.send(p.into_iter().collect());
        });
    }
    rx.await.map_err(|_| closed())?.into_iter().map(to_path).collect()
}

/// The folder dialog; `None` when the worker cancels.
pub async fn pick_folder(app: &AppHandle, title: &str) -> AppResult<Option<PathBuf>> {
    if let Some(dir) = test_answers() {
        return Ok(test_pick(&dir).into_iter().next());
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    builder(app, title, None).pick_folder(move |p| {
        let _ = tx.send(p);
    });
    rx.await.map_err(|_| closed())?.map(to_path).transpose()
}

/// The files last dropped on the window, kept on the Rust side; the window only says
/// "attach what was dropped".
#[derive(Debug, Default)]
pub struct Dropped(Mutex<Vec<PathBuf>>);

impl Dropped {
    pub fn set(&self, paths: Vec<PathBuf>) {
        *self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = paths;
    }

    pub fn take(&self) -> Vec<PathBuf> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }
}

//! Ledgers (台账): the picked file's import preview and the import; the desktop shell
//! picks the file and saves the export with its dialogs (`desktop.rs`), so no path comes
//! from the window.

use stationdesk_core::roles::Action;
use std::path::Path;

use stationdesk_core::cases::CaseQuery;
use stationdesk_core::ledger::export::{self, ExportOptions};
use stationdesk_core::ledger::{self, ImportOptions, ImportPreview, ImportProgress, ImportReport, LedgerFile};
use stationdesk_core::open311::{self, Open311Format, Open311Kind};

use crate::ctx::AppCtx;
use crate::error::AppResult;

/// What importing the picked ledger would do with these options (numbering, corrected
/// columns): the first rows as they will be saved and every refused row. Saves nothing.
pub async fn preview_ledger(ctx: &AppCtx, options: ImportOptions) -> AppResult<ImportPreview> {
    let file = ctx.ledger()?;
    Ok(ledger::preview(&ctx.store()?, ctx.reading(Action::Import)?, &file, &options).await?)
}

/// Imports the picked ledger: every row or, when any row is refused, none; how far it is
/// goes to `progress`.
pub async fn import_ledger(
    ctx: &AppCtx,
    options: ImportOptions,
    progress: &mut (dyn FnMut(ImportProgress) + Send),
) -> AppResult<ImportReport> {
    let file = ctx.ledger()?;
    let report = ledger::import_reporting(&ctx.store()?, &ctx.actor()?, &file, &options, progress).await?;
    ctx.forget_ledger();
    Ok(report)
}

/// Reads a ledger the desktop shell's dialog returned, keeps it and previews it.
pub async fn pick_ledger(ctx: &AppCtx, path: &Path, options: &ImportOptions) -> AppResult<ImportPreview> {
    let file = ctx.keep_ledger(LedgerFile::read(path)?);
    Ok(ledger::preview(&ctx.store()?, ctx.reading(Action::Import)?, &file, options).await?)
}

/// The register for the window's filters and search as .xlsx bytes, for the shell to save.
pub async fn export_xlsx(ctx: &AppCtx, query: &CaseQuery, options: &ExportOptions) -> AppResult<Vec<u8>> {
    Ok(export::export(&ctx.store()?, &ctx.actor()?, query, options).await?)
}

/// The Open311 GeoReport v2 file (requests for the window's filters and search, or the
/// service list) as bytes, for the shell to save.
pub async fn export_open311(
    ctx: &AppCtx,
    query: &CaseQuery,
    kind: Open311Kind,
    format: Open311Format,
) -> AppResult<Vec<u8>> {
    let filter = open311::RequestFilter::default();
    Ok(open311::export(&ctx.store()?, ctx.reading(Action::Export)?, kind, format, query, &filter).await?)
}

//! The official holiday calendar: the picked schedule file's preview and import, and which
//! years are covered; the desktop shell picks the file with its dialog (`desktop.rs`), so
//! no path comes from the window.

use stationdesk_core::roles::Action;
use std::path::Path;

use stationdesk_core::holidays::{self, HolidayCoverage, HolidayFile, HolidayPreview, HolidayYear};

use crate::ctx::AppCtx;
use crate::error::AppResult;

/// Which years the calendar covers, and the warning when this or next year is missing.
pub async fn holiday_coverage(ctx: &AppCtx) -> AppResult<HolidayCoverage> {
    Ok(holidays::coverage(&ctx.store()?, ctx.station_id()?).await?)
}

/// Imports the picked schedule file: every year in it or, when a line is wrong, nothing.
pub async fn import_holidays(ctx: &AppCtx) -> AppResult<Vec<HolidayYear>> {
    let file = ctx.holiday_file()?;
    let years = holidays::import(&ctx.store()?, &ctx.actor()?, &file).await?;
    ctx.forget_holiday_file();
    Ok(years)
}

/// Reads a schedule file the desktop shell's dialog returned, keeps it and previews it.
pub async fn pick_holidays(ctx: &AppCtx, path: &Path) -> AppResult<HolidayPreview> {
    let file = ctx.keep_holiday_file(HolidayFile::read(path)?);
    Ok(holidays::preview(&ctx.store()?, ctx.reading(Action::Settings)?, &file).await?)
}

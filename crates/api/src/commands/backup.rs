//! 设置 → 备份与恢复: the status line, 立即备份, the generations kept, restore. The folder
//! is chosen with a dialog in the desktop shell (`choose_backup_folder`): the window never
//! sends a path, and names a backup only by its name in the station's folder.

use std::path::Path;

use stationdesk_core::ErrorCode;
use stationdesk_core::backup::{self, BackupSettings, BackupStatus, Generation, Restored};
use stationdesk_core::roles::Action;

use crate::{AppCtx, AppError, AppResult};

/// When the last good backup was made, whether to warn, the settings in force.
pub async fn backup_status(ctx: &AppCtx) -> AppResult<BackupStatus> {
    let mut status = backup::status(&ctx.store()?).await?;
    status.upgrade_copy = ctx.upgrade_copy();
    Ok(status)
}

/// The generations kept, newest first.
pub async fn list_backups(ctx: &AppCtx) -> AppResult<Vec<Generation>> {
    Ok(backup::list(&ctx.store()?).await?)
}

/// 立即备份.
pub async fn backup_now(ctx: &AppCtx) -> AppResult<Generation> {
    Ok(backup::backup_now(&ctx.store()?, None).await?)
}

/// 备份本站数据到文件夹 on a district server: the station's records and attachments into
/// a folder picked in the desktop shell's dialog (not in the command list: a path).
pub async fn backup_station_to(ctx: &AppCtx, folder: &Path) -> AppResult<Generation> {
    ctx.actor()?.require(Action::Backup)?;
    Ok(backup::backup_station(&ctx.store()?, folder, None).await?)
}

/// How many daily and monthly generations to keep; the folder stays as chosen.
pub async fn save_backup_keep(ctx: &AppCtx, keep_daily: u32, keep_monthly: u32) -> AppResult<BackupStatus> {
    let store = &ctx.store()?;
    let folder = backup::settings(store)?.folder;
    backup::save_settings(store, &BackupSettings { folder, keep_daily, keep_monthly })?;
    backup_status(ctx).await
}

/// Goes back to the default folder (`backups/` beside the database).
pub async fn default_backup_folder(ctx: &AppCtx) -> AppResult<BackupStatus> {
    set_backup_folder(ctx, None).await
}

/// Uses a folder picked in the desktop shell's dialog; not in the command list, since the
/// window never sends a path.
pub async fn set_backup_folder(ctx: &AppCtx, folder: Option<String>) -> AppResult<BackupStatus> {
    let store = &ctx.store()?;
    let settings = backup::settings(store)?;
    backup::save_settings(store, &BackupSettings { folder, ..settings })?;
    backup_status(ctx).await
}

fn by_name(name: &str) -> AppResult<&str> {
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(AppError::new(ErrorCode::InvalidInput, "请从列表中选择一份备份"));
    }
    Ok(name)
}

/// What a backup holds, fully checked, before the worker confirms the restore.
pub async fn preview_backup(ctx: &AppCtx, name: String) -> AppResult<Generation> {
    Ok(backup::preview(&ctx.store()?, by_name(&name)?).await?)
}

/// Restores a backup from the station's folder; the program goes on with the restored data.
pub async fn restore_backup(ctx: &AppCtx, name: String) -> AppResult<Restored> {
    ctx.restore_backup(by_name(&name)?).await
}

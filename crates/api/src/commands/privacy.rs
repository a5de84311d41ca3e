//! 设置 → 个人信息保护 (站长): the retention settings, what is due, the last run,
//! 立即执行 (after a dry-run count), and a resident's records found by phone.

use stationdesk_core::personal_data::{self, ResidentRecords};
use stationdesk_core::retention::{self, RetentionCounts, RetentionSettings, RetentionStatus};

use crate::{AppCtx, AppResult};

/// The settings, the cutoffs, what is due now and the last run.
pub async fn retention_status(ctx: &AppCtx) -> AppResult<RetentionStatus> {
    Ok(retention::status(&ctx.store()?, &ctx.actor()?).await?)
}

/// Saves the two settings and answers the status they give.
pub async fn save_retention(ctx: &AppCtx, settings: RetentionSettings) -> AppResult<RetentionStatus> {
    let (store, actor) = (ctx.store()?, ctx.actor()?);
    retention::save_settings(&store, &actor, &settings).await?;
    Ok(retention::status(&store, &actor).await?)
}

/// 立即执行: a dry run counts, a real one anonymises what is due.
pub async fn run_retention(ctx: &AppCtx, dry_run: bool) -> AppResult<RetentionCounts> {
    Ok(retention::run(&ctx.store()?, &ctx.actor()?, dry_run).await?)
}

/// Everything recorded under a phone number (audited as a look-up).
pub async fn find_personal_data(ctx: &AppCtx, phone: String) -> AppResult<ResidentRecords> {
    Ok(personal_data::find(&ctx.store()?, &ctx.actor()?, &phone).await?)
}

/// The resident's own copy of everything recorded under the phone, written owner-only to
/// `path` (chosen in the shell's save dialog); the number of records (audited as an export).
pub async fn export_personal_data(ctx: &AppCtx, phone: &str, path: &std::path::Path) -> AppResult<usize> {
    Ok(personal_data::export_to_file(&ctx.store()?, &ctx.actor()?, phone, path).await?)
}

/// Anonymises a resident's records (refused while a case of theirs is open).
pub async fn anonymise_personal_data(ctx: &AppCtx, phone: String) -> AppResult<RetentionCounts> {
    Ok(personal_data::anonymise(&ctx.store()?, &ctx.actor()?, &phone).await?)
}

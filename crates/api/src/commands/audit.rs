//! The audit log: the start-up check of its hash chain (the window's red banner).

use stationdesk_core::audit::{self, AuditStatus};
use stationdesk_core::audit_log::{self, AuditPage, AuditQuery};

use crate::{AppCtx, AppResult};

/// The check when the window opens: the rows since each station's last clean check.
pub async fn audit_status(ctx: &AppCtx) -> AppResult<AuditStatus> {
    Ok(audit::check_on_open(&ctx.store()?).await?)
}

/// 操作记录: a page of the station's audit log, newest first, for these filters.
pub async fn list_audit_log(ctx: &AppCtx, query: AuditQuery) -> AppResult<AuditPage> {
    Ok(audit_log::list(&ctx.store()?, &ctx.actor()?, &query).await?)
}

/// 显示完整号码: a case's resident's full phone number, logged as a phone reveal.
pub async fn reveal_case_phone(ctx: &AppCtx, case_id: i64) -> AppResult<String> {
    Ok(audit_log::reveal_phone(&ctx.store()?, &ctx.actor()?, case_id).await?)
}

/// 导出Excel on 操作记录: the filtered log as .xlsx bytes with its suggested name, for
/// the shell to save (the export is recorded in the log).
pub async fn audit_log_xlsx(ctx: &AppCtx, query: &AuditQuery) -> AppResult<(String, Vec<u8>)> {
    let export = audit_log::export_xlsx(&ctx.store()?, &ctx.actor()?, query).await?;
    Ok((export.file_name, export.bytes))
}

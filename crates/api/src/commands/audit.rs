//! The audit log: the start-up check of its hash chain (the window's red banner).

use stationdesk_core::audit::{self, AuditStatus};

use crate::{AppCtx, AppResult};

/// The check when the window opens: the rows since each station's last clean check.
pub async fn audit_status(ctx: &AppCtx) -> AppResult<AuditStatus> {
    Ok(audit::check_on_open(&ctx.store()?).await?)
}

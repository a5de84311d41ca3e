//! The audit log's checks: the whole chain for `stationdesk-cli audit verify`, the rows
//! since the last check when the window opens (`store/audit_chain.rs` walks, the model's
//! `audit::chain` decides), and the one sentence both show when a chain is broken.

use serde::Serialize;

use crate::error::Result;
use crate::store::{ChainCheck, Store};

/// What a check found, station by station, and the warning to show when a chain broke.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AuditStatus {
    pub stations: Vec<ChainCheck>,
    /// 操作记录校验未通过：… — none when every chain is whole.
    pub warning: Option<String>,
}

impl AuditStatus {
    fn of(stations: Vec<ChainCheck>) -> Self {
        let broken: Vec<String> = stations.iter().filter(|c| c.broken.is_some()).map(ChainCheck::message).collect();
        let warning = (!broken.is_empty()).then(|| {
            format!(
                "操作记录校验未通过：{}。记录可能被绕过本程序改动或删除过，请联系管理员用备份核对",
                broken.join("；")
            )
        });
        Self { stations, warning }
    }
}

/// Every station's chain from its first row (`audit verify`).
pub async fn verify_all(store: &Store) -> Result<AuditStatus> {
    Ok(AuditStatus::of(store.verify_audit_chains(true).await?))
}

/// The window's check when it opens: only the rows written since each station's last
/// clean check (bounded however long the log), and whether its checkpoint row is intact.
pub async fn check_on_open(store: &Store) -> Result<AuditStatus> {
    Ok(AuditStatus::of(store.verify_audit_chains(false).await?))
}

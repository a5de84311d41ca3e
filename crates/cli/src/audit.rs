//! `audit verify [--json]`: walks each station's audit chain from its first row and says,
//! in Chinese, how many rows were checked and where the first break is; a break exits
//! non-zero.

use clap::Subcommand;
use stationdesk_core::{CoreError, Store, audit};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the audit log's hash chain, station by station, from its first row.
    Verify,
}

pub async fn run(store: &Store, command: &AuditCommand, json: bool) -> Result<(), CoreError> {
    match command {
        AuditCommand::Verify => {
            let status = audit::verify_all(store).await?;
            if json {
                crate::print_json(&status.stations);
            } else {
                for c in &status.stations {
                    crate::outln!("{}", c.message());
                }
            }
            if let Some(warning) = status.warning {
                return Err(CoreError::Conflict(warning));
            }
        }
    }
    Ok(())
}

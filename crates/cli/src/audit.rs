//! `audit verify [--json]`: walks each station's audit chain from its first row and says,
//! in Chinese, how many rows were checked and where the first break is; a break exits
//! non-zero. `audit list [--from --to --who --kind --record] [--xlsx FILE]`: the 操作记录
//! page's rows (newest first), or its export (itself recorded in the log).

use std::path::PathBuf;

use clap::{Args, Subcommand};
use stationdesk_core::audit_log::labels::ACTION_LABELS;
use stationdesk_core::audit_log::{self, AuditQuery, CHINA_OFFSET};
use stationdesk_core::{Actor, CoreError, Store, audit};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the audit log's hash chain, station by station, from its first row.
    Verify,
    /// The audit log newest first (站长 or 只读), filtered; --xlsx writes the export (站长).
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// On or after this China day (2026-12-01).
    #[arg(long)]
    from: Option<String>,
    /// On or before this China day.
    #[arg(long)]
    to: Option<String>,
    /// The staff member's name as the log records it.
    #[arg(long)]
    who: Option<String>,
    /// An action code (phone_reveal, transition, …) or its label (查看完整电话, 变更状态, …).
    #[arg(long)]
    kind: Option<String>,
    /// A case number (RA-2026-0001).
    #[arg(long)]
    record: Option<String>,
    /// Page (from 1) and rows per page (at most 200) when listing.
    #[arg(long, default_value_t = 1)]
    page: u32,
    #[arg(long, default_value_t = 50)]
    page_size: u32,
    /// Write every matching row (at most 50 000) to this .xlsx file instead of listing.
    #[arg(long)]
    xlsx: Option<PathBuf>,
}

/// A kind typed as a code or as the label a worker reads.
fn kind_code(kind: Option<&str>) -> Option<String> {
    let kind = kind?.trim();
    let code =
        ACTION_LABELS.iter().find(|(code, label)| *code == kind || *label == kind).map_or(kind, |(code, _)| code);
    Some(code.to_owned())
}

async fn list(store: &Store, actor: &Actor, args: &ListArgs, json: bool) -> Result<(), CoreError> {
    let query = AuditQuery {
        who: args.who.clone(),
        kind: kind_code(args.kind.as_deref()),
        record: args.record.clone(),
        from: crate::ledger::date_arg("from", &args.from)?,
        to: crate::ledger::date_arg("to", &args.to)?,
        page: args.page,
        page_size: args.page_size,
    };
    if let Some(out) = &args.xlsx {
        let export = audit_log::export_xlsx(store, actor, &query).await?;
        crate::ledger::write_out(out, &export.bytes)?;
        crate::outln!("已导出 {} 条操作记录到 {}", export.rows, out.display());
        return Ok(());
    }
    let page = audit_log::list(store, actor, &query).await?;
    if json {
        crate::print_json(&page);
        return Ok(());
    }
    for r in &page.rows {
        let at = r.at.with_timezone(&CHINA_OFFSET).format("%Y-%m-%d %H:%M:%S");
        crate::outln!("{at}  {}  {}  {}  {}", r.staff_name, r.action_label, r.record, r.summary);
    }
    crate::outln!("共 {} 条（第 {} 页，每页 {} 条）", page.total, args.page.max(1), args.page_size);
    Ok(())
}

pub async fn run(store: &Store, actor: Option<&Actor>, command: &AuditCommand, json: bool) -> Result<(), CoreError> {
    match command {
        AuditCommand::List(args) => {
            let actor = actor.ok_or_else(|| CoreError::Conflict("请先初始化服务站".to_owned()))?;
            list(store, actor, args, json).await?;
        }
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

//! `backup [--to DIR]`, `backup list` and `restore FILE`: one line each over the core's
//! backup service, the same the window's 设置 → 备份与恢复 calls.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use stationdesk_core::backup::{self, BackupKind, Generation};
use stationdesk_core::cases::CHINA_OFFSET;
use stationdesk_core::{CoreError, Store};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BackupArgs {
    /// Another folder for this backup only (a USB disk); default: the station's backup folder.
    #[arg(long)]
    to: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<BackupCommand>,
}

#[derive(Debug, Subcommand)]
enum BackupCommand {
    /// The backups in the station's backup folder, newest first, with what each holds.
    List,
}

/// One line saying what a backup holds.
pub fn describe(g: &Generation) -> String {
    let kind = if g.kind == BackupKind::BeforeRestore { "（恢复前的自动备份）" } else { "" };
    format!(
        "{}{kind}  {}  {}（{}）  诉求 {} 件，附件 {} 个，活动 {} 场，会议 {} 次，代办 {} 件，操作记录 {} 条，{:.1} MB",
        g.taken_at.with_timezone(&CHINA_OFFSET).format("%Y-%m-%d %H:%M:%S"),
        g.name,
        g.station_name,
        g.station_code,
        g.counts.cases,
        g.counts.attachments,
        g.counts.events,
        g.counts.meetings,
        g.counts.errands,
        g.counts.audit_rows,
        g.bytes as f64 / 1_048_576.0
    )
}

pub async fn run(store: &Store, args: &BackupArgs, json: bool) -> Result<(), CoreError> {
    match &args.command {
        Some(BackupCommand::List) => {
            let all = backup::list(store).await?;
            let status = backup::status(store).await?;
            if json {
                crate::print_json(&all);
            } else if all.is_empty() {
                crate::outln!("备份文件夹 {} 里还没有备份", status.folder);
            } else {
                crate::outln!("备份文件夹：{}", status.folder);
                for g in &all {
                    crate::outln!("{}", describe(g));
                }
            }
        }
        None => {
            let started = std::time::Instant::now();
            let g = backup::backup_now(store, args.to.as_deref()).await?;
            if json {
                crate::print_json(&g);
            } else {
                crate::outln!("已备份到 {}（用时 {:.1} 秒）", g.path, started.elapsed().as_secs_f64());
                crate::outln!("{}", describe(&g));
            }
        }
    }
    Ok(())
}

/// Restores a backup: says what it holds, backs up the current database, swaps it in.
/// The store is closed afterwards, whatever happened.
pub async fn restore(store: &Store, file: &str, json: bool) -> Result<backup::Restored, CoreError> {
    let shown = backup::preview(store, file).await?;
    if !json {
        crate::outln!("将恢复：{}", describe(&shown));
    }
    let done = backup::restore(store, file).await?;
    if json {
        crate::print_json(&done);
    } else {
        crate::outln!("恢复前的数据库已备份到 {}", done.before.path);
        crate::outln!("已恢复：诉求 {} 件，附件 {} 个", done.restored.counts.cases, done.restored.counts.attachments);
    }
    Ok(done)
}

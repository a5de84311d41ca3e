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
    /// On the district server: the station to back up, by its code (a station's own login
    /// backs up its own station; the administrator's login names one).
    #[arg(long)]
    station: Option<String>,
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
    if store.is_postgres() {
        return on_server(store, args, json).await;
    }
    if args.station.is_some() {
        return Err(CoreError::invalid("station", "--station 只用于街道服务器：本机的数据库只有一个服务站，不用指定"));
    }
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

/// A station's backup from the district server, into the folder `--to` names.
async fn on_server(store: &Store, args: &BackupArgs, json: bool) -> Result<(), CoreError> {
    let Some(to) = args.to.as_deref().filter(|_| args.command.is_none()) else {
        return Err(CoreError::invalid(
            "to",
            "连接街道服务器时，请用 --to 指定存放本站备份的文件夹（例如移动硬盘上的文件夹）；备份都在那个文件夹里，可直接查看",
        ));
    };
    let started = std::time::Instant::now();
    let g = backup::backup_station(store, to, args.station.as_deref()).await?;
    if json {
        crate::print_json(&g);
    } else {
        crate::outln!("已从街道服务器备份到 {}（用时 {:.1} 秒）", g.path, started.elapsed().as_secs_f64());
        crate::outln!("{}", describe(&g));
    }
    Ok(())
}

/// Restores a station's backup onto the district server (the administrator's login):
/// says what it holds, backs up the station's rows as they are, then replaces them.
pub async fn restore_on_server(store: &Store, file: &str, json: bool) -> Result<backup::Restored, CoreError> {
    let done = backup::restore_station(store, file, &mut |_| {}).await?;
    if json {
        crate::print_json(&done);
    } else {
        crate::outln!("恢复的备份：{}", describe(&done.restored));
        crate::outln!("服务器上本站恢复前的数据已备份到 {}", done.before.path);
        crate::outln!(
            "已在街道服务器上恢复 {}（{}）：诉求 {} 件，附件 {} 个",
            done.restored.station_name,
            done.restored.station_code,
            done.restored.counts.cases,
            done.restored.counts.attachments
        );
    }
    Ok(done)
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

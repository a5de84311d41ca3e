//! `update check [--from SOURCE]` and `update source [SOURCE | --clear]`: the district's new
//! versions, over the same core as 设置 → 软件更新. Nothing is downloaded or installed; the
//! check says which version is published and where its installer is.

use clap::Subcommand;
use stationdesk_core::CoreError;
use stationdesk_core::updates;

#[derive(Debug, Subcommand)]
pub enum UpdateCommand {
    /// Read the district's version manifest (a shared folder, a latest.json, or an http://
    /// address) and compare it with this program; exit code 0 either way.
    Check {
        /// Where to look this time (default: the place kept by `update source`).
        #[arg(long)]
        from: Option<String>,
    },
    /// Show, keep (a folder, a file, or an http:// address) or with --clear forget where this
    /// computer's user looks for new versions.
    Source {
        source: Option<String>,
        #[arg(long, conflicts_with = "source")]
        clear: bool,
    },
}

pub async fn run(command: &UpdateCommand, json: bool) -> Result<(), CoreError> {
    match command {
        UpdateCommand::Check { from } => {
            let source = match from {
                Some(s) => s.clone(),
                None => updates::load_source()?.ok_or_else(|| {
                    CoreError::invalid("source", "还没有填写更新地址：用 update source 地址 填写，或用 --from 指定")
                })?,
            };
            let found = updates::check(&source).await?;
            if json {
                crate::print_json(&found);
            } else {
                crate::outln!("{}", found.message);
                if let Some(notes) = found.notes.as_deref().filter(|_| found.newer) {
                    crate::outln!("更新内容：{notes}");
                }
                if let Some(installer) = found.installer.as_deref().filter(|_| found.newer) {
                    crate::outln!("安装包：{installer}");
                }
            }
        }
        UpdateCommand::Source { source, clear } => {
            let kept = if *clear || source.is_some() {
                updates::save_source(source.as_deref())?;
                updates::source()?
            } else {
                updates::source()?
            };
            if json {
                crate::print_json(&kept);
            } else {
                match &kept.source {
                    Some(s) => crate::outln!("更新地址：{s}（本机版本 {}）", kept.current),
                    None => crate::outln!("未填写更新地址（本机版本 {}）", kept.current),
                }
            }
        }
    }
    Ok(())
}

//! `holidays import FILE` and `holidays list [--year Y]`: the official holiday calendar
//! beyond the years the program ships, over the same core services as 设置 → 节假日.

use std::path::PathBuf;

use chrono::Datelike;
use clap::Subcommand;
use stationdesk_core::deadlines::DayKind;
use stationdesk_core::holidays::{self, HolidayFile, HolidayYear};
use stationdesk_core::{Actor, CoreError, Store, settings};

#[derive(Debug, Subcommand)]
pub enum HolidaysCommand {
    /// Load a year's State Council notice typed into a text file (format: docs/holidays.md);
    /// replaces that year's earlier import; nothing is saved when a line is wrong.
    Import {
        file: PathBuf,
        /// Only show what would be saved.
        #[arg(long)]
        dry_run: bool,
    },
    /// The years the calendar covers, or with --year that year's holidays and make-up days.
    List {
        #[arg(long)]
        year: Option<i32>,
    },
}

fn summary(y: &HolidayYear) -> String {
    let holidays = y.days.iter().filter(|d| d.kind == DayKind::Holiday).count();
    format!("{} 年：放假 {holidays} 天，调休上班 {} 天", y.year, y.days.len() - holidays)
}

pub async fn run(store: &Store, actor: &Actor, command: &HolidaysCommand, json: bool) -> Result<(), CoreError> {
    match command {
        HolidaysCommand::Import { file, dry_run } => {
            let file = HolidayFile::read(file)?;
            let preview = holidays::preview(store, actor.station_id, &file).await?;
            if *dry_run {
                if json {
                    crate::print_json(&preview);
                } else {
                    for y in &preview.years {
                        crate::outln!("将导入 {}", summary(y));
                        for d in &y.days {
                            crate::outln!("  {}  {}  {}", d.day, d.kind.label(), d.name);
                        }
                    }
                    crate::outln!("（未保存：去掉 --dry-run 即导入）");
                }
                return Ok(());
            }
            let years = holidays::import(store, actor, &file).await?;
            if json {
                crate::print_json(&years);
            } else {
                for y in &years {
                    let again = if preview.replaces.contains(&y.year) { "（替换原有安排）" } else { "" };
                    crate::outln!("已导入 {}{again}", summary(y));
                }
            }
        }
        HolidaysCommand::List { year: None } => {
            let coverage = holidays::coverage(store, actor.station_id).await?;
            if json {
                crate::print_json(&coverage);
            } else {
                let years: Vec<String> = coverage
                    .years
                    .iter()
                    .map(|y| {
                        if coverage.imported.contains(y) {
                            format!("{y}（导入）")
                        } else {
                            format!("{y}（内置）")
                        }
                    })
                    .collect();
                crate::outln!("已有节假日安排的年份：{}", years.join("、"));
                if let Some(warning) = &coverage.warning {
                    crate::outln!("{warning}");
                }
            }
        }
        HolidaysCommand::List { year: Some(year) } => {
            let days = settings::calendar_days(store, actor.station_id, *year).await?;
            if json {
                crate::print_json(&days);
            } else {
                if days.is_empty() {
                    crate::outln!("{year} 年没有节假日安排");
                }
                for d in &days {
                    let source = if d.built_in { "国务院安排" } else { "本站设置" };
                    let weekday =
                        ["一", "二", "三", "四", "五", "六", "日"][d.day.weekday().num_days_from_monday() as usize];
                    crate::outln!("{}  周{weekday}  {}  {}  {source}", d.day, d.kind.label(), d.name);
                }
            }
        }
    }
    Ok(())
}

//! Personal data (PIPL, issue 12), 站长 only: `retention show|set|run [--dry-run]` — how
//! long finished cases and sign-ups keep who they were about, and anonymising what is
//! due; `personal-data find|export|anonymise --phone P` — a resident's request about
//! their own records.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use stationdesk_core::retention::{self, RetentionCounts, RetentionSettings};
use stationdesk_core::{Actor, CoreError, Store, personal_data};

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// The settings, what is due now and what the last run did.
    Show,
    /// Change how many years personal data is kept.
    Set(SetArgs),
    /// Anonymise what is due now (`--dry-run`: only count it).
    Run {
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// Finished cases: years after their last change (1–30).
    #[arg(long)]
    cases_years: Option<u32>,
    /// Event sign-ups, walk-ins and errands: years after their day (1–10).
    #[arg(long)]
    signups_years: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum PersonalDataCommand {
    /// Everything recorded under a phone number: cases, event sign-ups, errands.
    Find {
        #[arg(long)]
        phone: String,
    },
    /// The resident's own data in full, as JSON, written owner-only (0600).
    Export {
        #[arg(long)]
        phone: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Remove who the records under this phone were about (refused while a case is open).
    Anonymise {
        #[arg(long)]
        phone: String,
    },
}

fn print_counts(c: &RetentionCounts, json: bool, verb: &str) {
    if json {
        crate::print_json(c);
    } else {
        crate::outln!("{verb}：{}", c.summary());
    }
}

pub async fn retention(store: &Store, actor: &Actor, command: &RetentionCommand, json: bool) -> Result<(), CoreError> {
    match command {
        RetentionCommand::Show => {
            let s = retention::status(store, actor).await?;
            if json {
                crate::print_json(&s);
                return Ok(());
            }
            crate::outln!(
                "办结诉求保存 {} 年（{} 之前最后变动的将匿名），活动报名和代办保存 {} 年（{} 之前的将匿名）",
                s.settings.cases_years,
                s.cases_cutoff,
                s.settings.signups_years,
                s.signups_cutoff
            );
            crate::outln!("现在到期：{}", s.due.summary());
            match (&s.last_run_at, &s.last_run) {
                (Some(at), Some(run)) => crate::outln!(
                    "上次执行：{}（{}）{}",
                    stationdesk_core::workflow::china_date(*at),
                    s.last_run_by.as_deref().unwrap_or(""),
                    run.summary()
                ),
                _ => crate::outln!("上次执行：还没有执行过"),
            }
        }
        RetentionCommand::Set(a) => {
            let now = retention::status(store, actor).await?.settings;
            let wanted = RetentionSettings {
                cases_years: a.cases_years.unwrap_or(now.cases_years),
                signups_years: a.signups_years.unwrap_or(now.signups_years),
            };
            let s = retention::save_settings(store, actor, &wanted).await?;
            if json {
                crate::print_json(&s);
            } else {
                crate::outln!("已保存：办结诉求保存 {} 年，活动报名和代办保存 {} 年", s.cases_years, s.signups_years);
            }
        }
        RetentionCommand::Run { dry_run } => {
            let c = retention::run(store, actor, *dry_run).await?;
            print_counts(&c, json, if *dry_run { "将匿名（未执行）" } else { "已匿名" });
        }
    }
    Ok(())
}

pub async fn personal_data(
    store: &Store,
    actor: &Actor,
    command: &PersonalDataCommand,
    json: bool,
) -> Result<(), CoreError> {
    match command {
        PersonalDataCommand::Find { phone } => {
            let found = personal_data::find(store, actor, phone).await?;
            if json {
                crate::print_json(&found);
                return Ok(());
            }
            crate::outln!("电话 {} 的记录：", found.phone_masked);
            for c in &found.cases {
                let open = if c.open { "（未办结）" } else { "" };
                crate::outln!("诉求 {} {} {}{}", c.number, c.status_label, c.title, open);
            }
            for s in &found.signups {
                let day = stationdesk_core::workflow::china_date(s.occurrence_start);
                crate::outln!("活动报名 {} {} {}", day, s.event_title, s.name);
            }
            for e in &found.errands {
                let day = stationdesk_core::workflow::china_date(e.at);
                crate::outln!("代办 {} {} {}", day, e.type_name, e.resident_name.as_deref().unwrap_or(""));
            }
            crate::outln!(
                "共 {} 件诉求、{} 条活动报名、{} 条代办",
                found.cases.len(),
                found.signups.len(),
                found.errands.len()
            );
        }
        PersonalDataCommand::Export { phone, out } => {
            let n = personal_data::export_to_file(store, actor, phone, out).await?;
            crate::outln!("已导出 {n} 条记录到 {}（仅本账户可读）", out.display());
        }
        PersonalDataCommand::Anonymise { phone } => {
            let c = personal_data::anonymise(store, actor, phone).await?;
            print_counts(&c, json, "已删除该居民的个人信息");
        }
    }
    Ok(())
}

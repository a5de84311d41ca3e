//! `case set-status`, `case follow-up` and `report rates`: the workflow and the figures
//! from the command line, over the same core services as the window.

use chrono::NaiveDate;
use clap::Args;
use stationdesk_core::cases::{self, CHINA_OFFSET, CaseStatus};
use stationdesk_core::input::excerpt;
use stationdesk_core::rates::{self, Figures, RateQuery};
use stationdesk_core::workflow::{self, NewFollowUp, Satisfaction, TransitionRequest};
use stationdesk_core::{CoreError, Store, station};

#[derive(Debug, Args)]
pub struct SetStatusArgs {
    /// The case number, e.g. RA-2025-0007.
    pub number: String,
    /// The new status: 核查 处理中 办结 关闭 挂起 转办 重复 (or its code).
    pub status: String,
    /// The step's note, shown on the timeline.
    #[arg(long)]
    pub note: Option<String>,
    /// 办结: what was done.
    #[arg(long)]
    pub resolution: Option<String>,
    /// 挂起: why.
    #[arg(long)]
    pub hold_reason: Option<String>,
    /// 挂起: resume date, YYYY-MM-DD.
    #[arg(long)]
    pub hold_until: Option<String>,
    /// 转办: the receiving body.
    #[arg(long)]
    pub referred_to: Option<String>,
    /// 重复: the number of the case this one repeats.
    #[arg(long)]
    pub duplicate_of: Option<String>,
    /// When the step happened, for history from paper records: `2026-10-23 09:30` (China
    /// time); default now. Not in the future, not before receipt or the case's last step.
    #[arg(long)]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct ContactArgs {
    /// The case number, e.g. RA-2025-0007.
    pub number: String,
    /// What was said or agreed, shown on the timeline.
    #[arg(long)]
    pub note: String,
    /// When the contact happened (China time); default now.
    #[arg(long)]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct AssignArgs {
    /// The case number, e.g. RA-2025-0007.
    pub number: String,
    /// The staff member who handles the case (承办人), by name.
    #[arg(long)]
    pub to: String,
}

#[derive(Debug, Args)]
pub struct FollowUpArgs {
    pub number: String,
    /// Reached the resident: yes/no (是/否).
    #[arg(long)]
    pub reached: Option<String>,
    /// The resident calls it resolved: yes/no (是/否).
    #[arg(long)]
    pub resolved: Option<String>,
    /// 满意 基本满意 不满意.
    #[arg(long)]
    pub satisfied: Option<String>,
    #[arg(long)]
    pub comment: Option<String>,
    /// An anonymous note without a phone: close without a call-back.
    #[arg(long)]
    pub without_callback: bool,
    /// Not resolved or not satisfied: send the case back to 处理中.
    #[arg(long)]
    pub reopen: bool,
    /// When the call was made (China time); default now.
    #[arg(long)]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct RatesArgs {
    /// First day, YYYY-MM-DD (default: 1 January of the end date's year).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day, YYYY-MM-DD (default: today).
    #[arg(long)]
    pub to: Option<String>,
}

fn yes_no(field: &str, text: &str) -> Result<bool, CoreError> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "是" | "true" => Ok(true),
        "no" | "n" | "否" | "false" => Ok(false),
        other => {
            Err(CoreError::invalid(field, format!("--{field} 只能是 yes 或 no（是/否），收到“{}”", excerpt(other))))
        }
    }
}

fn date(field: &str, text: &str) -> Result<NaiveDate, CoreError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| CoreError::invalid(field, format!("无法识别日期“{}”，请写成 2025-07-10", excerpt(text))))
}

pub async fn set_status(
    store: &Store,
    actor: &stationdesk_core::Actor,
    a: &SetStatusArgs,
) -> Result<cases::Case, CoreError> {
    let to = CaseStatus::parse(&a.status).ok_or_else(|| {
        let names: Vec<&str> = CaseStatus::ALL.iter().map(|s| s.label()).collect();
        CoreError::invalid("status", format!("没有“{}”这个状态，可选：{}", excerpt(&a.status), names.join("、")))
    })?;
    let case = cases::get_by_number(store, actor.station_id, &a.number).await?;
    let req = TransitionRequest {
        to: Some(to),
        note: a.note.clone(),
        resolution: a.resolution.clone(),
        hold_reason: a.hold_reason.clone(),
        hold_until: a.hold_until.as_deref().map(|d| date("hold-until", d)).transpose()?,
        referred_to: a.referred_to.clone(),
        duplicate_of: a.duplicate_of.clone(),
    };
    let at = a.at.as_deref().map(crate::parse_china_time).transpose()?;
    workflow::transition_at(store, actor, case.id, &req, at).await
}

pub async fn contact(
    store: &Store,
    actor: &stationdesk_core::Actor,
    a: &ContactArgs,
) -> Result<cases::Case, CoreError> {
    let case = cases::get_by_number(store, actor.station_id, &a.number).await?;
    let at = a.at.as_deref().map(crate::parse_china_time).transpose()?;
    workflow::record_contact_at(store, actor, case.id, &a.note, at).await
}

pub async fn assign(store: &Store, actor: &stationdesk_core::Actor, a: &AssignArgs) -> Result<cases::Case, CoreError> {
    let case = cases::get_by_number(store, actor.station_id, &a.number).await?;
    let staff = station::staff_named(store, actor.station_id, &a.to).await?;
    let handling = workflow::CaseHandling { assignee_id: Some(staff.id), urgency: None };
    workflow::update_handling(store, actor, case.id, &handling).await
}

pub async fn follow_up(
    store: &Store,
    actor: &stationdesk_core::Actor,
    a: &FollowUpArgs,
) -> Result<cases::Case, CoreError> {
    let case = cases::get_by_number(store, actor.station_id, &a.number).await?;
    let satisfaction = match &a.satisfied {
        None => None,
        Some(s) => Some(Satisfaction::parse(s).ok_or_else(|| {
            CoreError::invalid(
                "satisfied",
                format!("--satisfied 只能是 满意、基本满意 或 不满意，收到“{}”", excerpt(s)),
            )
        })?),
    };
    let input = NewFollowUp {
        reached: match &a.reached {
            Some(r) => yes_no("reached", r)?,
            None => !a.without_callback,
        },
        resolved: a.resolved.as_deref().map(|r| yes_no("resolved", r)).transpose()?,
        satisfaction,
        comment: a.comment.clone(),
        without_callback: a.without_callback,
        reopen: a.reopen,
    };
    let at = a.at.as_deref().map(crate::parse_china_time).transpose()?;
    workflow::follow_up_at(store, actor, case.id, &input, at).await
}

fn pct(rate: Option<f64>) -> String {
    rate.map(|r| format!("{:.1}%", r * 100.0)).unwrap_or_else(|| "—".to_owned())
}

fn line(label: &str, f: &Figures) -> String {
    format!(
        "{label:<12} 受理 {:>5}  响应率 {:>6}  解决率 {:>6}  满意率 {:>6}  办结 {:>5}  超期 {:>4}  重新处理 {:>3}  中位办结 {} 天",
        f.received,
        pct(f.response_rate),
        pct(f.resolution_rate),
        pct(f.satisfaction_rate),
        f.resolved,
        f.overdue,
        f.reopened,
        f.median_days_to_resolve.map(|d| format!("{d:.1}")).unwrap_or_else(|| "—".to_owned())
    )
}

/// `stationdesk-cli migrate`: a station's file onto the district server, then the check.
pub async fn migrate(from: &str, to: &str, login: &str, json: bool) -> Result<(), CoreError> {
    let login = station::StationLogin::new(login, &crate::new_password()?)?;
    let source = stationdesk_core::Location::parse(from)?;
    if !matches!(source, stationdesk_core::Location::SqliteFile(ref p) if p.exists()) {
        return Err(CoreError::invalid("from", format!("找不到要搬迁的数据库文件：{}", source.describe())));
    }
    let (from, _) = stationdesk_core::Store::open(&source).await?;
    let (to, _) = stationdesk_core::Store::open(&stationdesk_core::Location::parse(to)?).await?;
    let mut progress = |step: stationdesk_core::store::MoveStep| {
        if !json && step.phase == stationdesk_core::store::MovePhase::Copying {
            crate::errln!("  复制 {}：{} 行", step.table, step.rows);
        }
    };
    let report = stationdesk_core::district::move_station(&from, &to, &login, &mut progress).await;
    from.close().await;
    to.close().await;
    let report = report?;
    let ok = report.verified;
    if json {
        crate::print_json(&report);
    } else {
        crate::outln!(
            "{} 服务站 {}：{}",
            if report.copied { "已搬迁" } else { "此前已搬迁，本次只核对" },
            report.station_code,
            if ok { "逐表核对一致" } else { "核对发现不一致！" }
        );
        for t in &report.tables {
            crate::outln!(
                "  {:<20} 本机 {:>7} 行  服务器 {:>7} 行  校验 {}  {}",
                t.table,
                t.source_rows,
                t.target_rows,
                t.checksum,
                if t.matches { "一致" } else { "不一致" }
            );
        }
        crate::outln!("  附件 {} 个；本机文件未作任何修改", report.attachments);
    }
    if ok {
        Ok(())
    } else {
        Err(CoreError::Conflict("搬迁后的核对不一致：请勿删除本机文件，并联系维护人员".to_owned()))
    }
}

/// The street office's table: every station's figures for the period, ranked.
pub async fn report_district(store: &Store, json: bool, a: &RatesArgs) -> Result<(), CoreError> {
    let q = RateQuery {
        from: a.from.as_deref().map(|d| date("from", d)).transpose()?,
        to: a.to.as_deref().map(|d| date("to", d)).transpose()?,
    };
    let dash = stationdesk_core::district::dashboard(store, &q).await?;
    if json {
        crate::print_json(&dash);
        return Ok(());
    }
    crate::outln!("街道汇总 统计期间 {} 至 {}（{} 个服务站）", dash.from, dash.to, dash.stations.len());
    crate::outln!("{}", line("全街道", &dash.total));
    for l in &dash.stations {
        crate::outln!(
            "{:>2}. {}  服务 {} 次  {} 人次",
            l.rank,
            line(&format!("{}（{}）", l.station.name, l.station.code), &l.figures),
            l.services,
            l.person_times
        );
    }
    crate::outln!("{}", dash.ranking_rule);
    Ok(())
}

pub async fn report_rates(store: &Store, json: bool, a: &RatesArgs) -> Result<(), CoreError> {
    let station = station::current(store).await?;
    let q = RateQuery {
        from: a.from.as_deref().map(|d| date("from", d)).transpose()?,
        to: a.to.as_deref().map(|d| date("to", d)).transpose()?,
    };
    let report = rates::report(store, station.id, &q).await?;
    if json {
        crate::print_json(&report);
        return Ok(());
    }
    crate::outln!("{} 统计期间 {} 至 {}", station.name, report.from, report.to);
    crate::outln!("{}", line("合计", &report.total));
    crate::outln!("按分类：");
    for b in &report.by_category {
        crate::outln!("  {}", line(&b.label, &b.figures));
    }
    crate::outln!("按承办人：");
    for b in &report.by_assignee {
        crate::outln!("  {}", line(&b.label, &b.figures));
    }
    crate::outln!("{}", rates::RESPONSE_RATE_FORMULA);
    crate::outln!("{}", rates::RESOLUTION_RATE_FORMULA);
    crate::outln!("{}", rates::SATISFACTION_RATE_FORMULA);
    Ok(())
}

/// One line after a step: the number, the new status and the resolve deadline.
pub fn print_case(case: &cases::Case) {
    let due = case
        .resolve_due_at
        .map(|d| d.with_timezone(&CHINA_OFFSET).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default();
    crate::outln!("{} 现为“{}”，办结时限 {due}", case.number, case.status.label());
}

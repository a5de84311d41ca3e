//! The monthly / yearly work report (工作报告) the street office asks every station for:
//! the period's figures from the rates service and the service counts (never counted a
//! second time here), the top categories, and typical cases (典型案例) drafted from case
//! timelines and edited by the worker. `print` lays it out as a PDF through the notice
//! engine, `workbook` writes the same figures as an .xlsx.

mod district;
mod print;
mod workbook;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use district::{DistrictReport, district_document, district_pdf, district_report, district_xlsx, station_report};
pub use print::{document, pdf};
pub use stationdesk_model::report::{ReportPeriod, TypicalCase, check_typical_cases};
pub use workbook::xlsx;

use crate::cases::{CHINA_OFFSET, CaseStatus};
use crate::error::{CoreError, Result};
use crate::rates::{self, Breakdown, Figures, RateQuery};
use crate::schedule::counts::{self, ServiceCounts};
use crate::store::Store;
use stationdesk_model::report::{CaseStory, StoryStep};

/// Categories the report names (the rest are summed as [`OTHER_CATEGORIES`]).
pub const TOP_CATEGORIES: usize = 5;
/// The line summing the categories after the top ones (not 其他, which is a category of its own).
pub const OTHER_CATEGORIES: &str = "其余类别";

/// One of the three rates with its formula (the dashboard's own text) and its terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RateLine {
    /// 响应率, 解决率, 满意率.
    pub name: String,
    pub formula: String,
    pub numerator: u32,
    pub denominator: u32,
    pub rate: Option<f64>,
    /// `96.2%`, or `—` when nothing was counted.
    pub text: String,
}

/// A category and its cases received in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CategoryCount {
    pub name: String,
    pub received: u32,
}

/// The report's figures for one station and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct WorkReport {
    pub period: ReportPeriod,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub station_name: String,
    /// `荣傲家园社区微言服务站2026年11月工作报告`.
    pub title: String,
    /// The rates service's figures for the period (received, 办结, 超期…).
    pub figures: Figures,
    pub rates: Vec<RateLine>,
    /// Largest first, at most [`TOP_CATEGORIES`], then [`OTHER_CATEGORIES`] if any remain.
    pub top_categories: Vec<CategoryCount>,
    /// The rates month by month (one row for a monthly report).
    pub by_month: Vec<Breakdown>,
    /// Services held and person-times, by kind and by month; errands and meetings.
    pub services: ServiceCounts,
    /// The day the report was made (China date), printed as its 成文日期.
    pub made_on: NaiveDate,
}

/// `96.2%` (one decimal), `—` when there is nothing to divide by.
pub fn rate_text(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

pub(crate) fn rate_lines(f: &Figures) -> Vec<RateLine> {
    let line = |name: &str, formula: &str, numerator: u32, denominator: u32, rate: Option<f64>| RateLine {
        name: name.to_owned(),
        formula: formula.to_owned(),
        numerator,
        denominator,
        rate,
        text: rate_text(rate),
    };
    vec![
        line("响应率", rates::RESPONSE_RATE_FORMULA, f.responded_in_time, f.received, f.response_rate),
        line("解决率", rates::RESOLUTION_RATE_FORMULA, f.resolved_by_resident, f.followed_up, f.resolution_rate),
        line("满意率", rates::SATISFACTION_RATE_FORMULA, f.satisfied, f.followed_up, f.satisfaction_rate),
    ]
}

fn top_categories(rows: &[Breakdown]) -> Vec<CategoryCount> {
    let mut rows: Vec<&Breakdown> = rows.iter().filter(|b| b.figures.received > 0).collect();
    rows.sort_by(|a, b| b.figures.received.cmp(&a.figures.received).then(a.label.cmp(&b.label)));
    let mut out: Vec<CategoryCount> = rows
        .iter()
        .take(TOP_CATEGORIES)
        .map(|b| CategoryCount { name: b.label.clone(), received: b.figures.received })
        .collect();
    let rest: u32 = rows.iter().skip(TOP_CATEGORIES).map(|b| b.figures.received).sum();
    if rest > 0 {
        out.push(CategoryCount { name: OTHER_CATEGORIES.to_owned(), received: rest });
    }
    out
}

/// The station's name as the report's title and issuer print it.
async fn station_name(store: &Store, station_id: i64) -> Result<String> {
    store
        .stations()
        .await?
        .into_iter()
        .find(|s| s.id == station_id)
        .map(|s| s.name)
        .ok_or_else(|| CoreError::NotFound("找不到这个服务站，请重新登录后再试".to_owned()))
}

/// The period checked against the dates records may name, with its first and last day.
fn checked_bounds(period: ReportPeriod) -> Result<(ReportPeriod, NaiveDate, NaiveDate)> {
    let period = period.checked()?;
    let (from, to) = period.bounds().ok_or_else(|| CoreError::invalid("period", "无法识别的报告期间，请重新选择"))?;
    Ok((period, from, to))
}

/// The work report's figures for a station and a month or a year.
pub async fn work_report(store: &Store, station_id: i64, period: ReportPeriod) -> Result<WorkReport> {
    let (period, from, to) = checked_bounds(period)?;
    let station_name = station_name(store, station_id).await?;
    let rates = rates::report(store, station_id, &RateQuery { from: Some(from), to: Some(to) }).await?;
    let services = counts::services(store, station_id, from, to).await?;
    Ok(WorkReport {
        period,
        from,
        to,
        title: period.title(&station_name),
        station_name,
        rates: rate_lines(&rates.total),
        top_categories: top_categories(&rates.by_category),
        figures: rates.total,
        by_month: rates.by_month,
        services,
        made_on: store.now().with_timezone(&CHINA_OFFSET).date_naive(),
    })
}

/// A typical case's paragraph drafted from the case's timeline (received, surveys, steps
/// with notes such as a meeting's decision, 办结, the call-back); the worker edits it.
pub async fn draft_typical_case(store: &Store, station_id: i64, case_id: i64) -> Result<TypicalCase> {
    let d = crate::cases::detail(store, station_id, case_id).await?;
    let day = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&CHINA_OFFSET).date_naive();
    let mut steps: Vec<(chrono::DateTime<chrono::Utc>, StoryStep)> = Vec::new();
    for s in &d.surveys {
        steps.push((
            s.surveyed_at,
            StoryStep::Survey { day: day(s.surveyed_at), people: s.people.clone(), findings: s.findings.clone() },
        ));
    }
    for h in d.history.iter().filter(|h| h.action == "transition") {
        let to = h.changes.iter().find(|c| c.field == "status").and_then(|c| c.after.as_deref());
        if to == Some(CaseStatus::Resolved.code()) {
            let resolution = h
                .changes
                .iter()
                .find(|c| c.field == "resolution")
                .and_then(|c| c.after.clone())
                .or_else(|| d.case.resolution.clone())
                .unwrap_or_default();
            steps.push((h.at, StoryStep::Resolved { day: day(h.at), resolution }));
        } else if let Some(note) = h.note.as_deref().filter(|n| !n.trim().is_empty()) {
            steps.push((h.at, StoryStep::Note { day: day(h.at), note: note.to_owned() }));
        }
    }
    // A case whose 办结 left no timeline step (imported from a ledger) still has its own.
    if let (Some(at), false) = (d.case.resolved_at, steps.iter().any(|(_, s)| matches!(s, StoryStep::Resolved { .. })))
    {
        let resolution = d.case.resolution.clone().unwrap_or_default();
        steps.push((at, StoryStep::Resolved { day: day(at), resolution }));
    }
    for f in d.follow_ups.iter().filter(|f| f.reached) {
        let satisfaction = f.satisfaction.map(|s| s.label().to_owned());
        steps.push((f.at, StoryStep::FollowUp { day: day(f.at), resolved: f.resolved, satisfaction }));
    }
    steps.sort_by_key(|(at, _)| *at);
    let story = CaseStory {
        received: day(d.case.received_at),
        channel: d.case.channel,
        place: d.address_text.clone(),
        title: d.case.title.clone(),
        description: d.case.description.clone().unwrap_or_default(),
        steps: steps.into_iter().map(|(_, s)| s).collect(),
    };
    let title: String = d.case.title.chars().take(stationdesk_model::report::MAX_CASE_TITLE_CHARS).collect();
    Ok(TypicalCase { case_id, title, text: stationdesk_model::report::draft(&story) })
}

/// Drafts for the cases numbered (`RA-2026-0012`), for the CLI's `--typical`.
pub async fn draft_by_numbers(store: &Store, station_id: i64, numbers: &[String]) -> Result<Vec<TypicalCase>> {
    if numbers.len() > stationdesk_model::report::MAX_TYPICAL_CASES {
        return Err(CoreError::invalid(
            "typical",
            format!("典型案例最多 {} 个，请少选一些", stationdesk_model::report::MAX_TYPICAL_CASES),
        ));
    }
    let mut out = Vec::with_capacity(numbers.len());
    for n in numbers {
        let case = crate::cases::get_by_number(store, station_id, n).await?;
        out.push(draft_typical_case(store, station_id, case.id).await?);
    }
    Ok(out)
}

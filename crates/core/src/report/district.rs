//! The district's work report (街道汇总): the street office's month or year over every
//! station on its server — the district's figures and three rates (the dashboard's own,
//! never counted a second time), each station's line in the ranking, and the months of a
//! year — as a PDF in the stations' report layout and as an .xlsx. A station's own report
//! for the office is the station's `work_report` (`station_report`).

use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use serde::{Deserialize, Serialize};
use stationdesk_notice::{MAX_BARS, MAX_ROWS, ReportBar, ReportBlock, ReportDocument, ReportSection};

use super::print::{figures_table, overview_parts, paragraph, rate_paragraphs, table};
use super::workbook::{case_counts, summary};
use super::{RateLine, ReportPeriod, WorkReport, rate_lines};
use crate::cases::CHINA_OFFSET;
use crate::district::{self, RANKING_RULE, StationLine};
use crate::error::{CoreError, Result};
use crate::ledger::export::xlsx as xlsx_error;
use crate::ledger::sheets::rates_sheet;
use crate::notices::PrintedNotice;
use crate::rates::{Breakdown, Figures, RateQuery};
use crate::store::Store;
use stationdesk_model::report::check_issuer;

/// The district report's figures for a month or a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DistrictReport {
    pub period: ReportPeriod,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// 发文机关署名, as the office typed it.
    pub issuer: String,
    /// `荣华街道办事处2026年11月社区服务站工作情况报告`.
    pub title: String,
    /// The district as a whole: counts summed over the stations, rates over the sums.
    pub figures: Figures,
    pub rates: Vec<RateLine>,
    /// Services held and person-times, summed over the stations.
    pub services: u32,
    pub person_times: u32,
    /// Every station, ranked as the dashboard ranks them.
    pub stations: Vec<StationLine>,
    /// The district's months (one for a monthly report).
    pub by_month: Vec<Breakdown>,
    pub ranking_rule: String,
    /// The day the report was made (China date), its 成文日期.
    pub made_on: NaiveDate,
}

/// The district report for a period, signed by `issuer`.
pub async fn district_report(store: &Store, period: ReportPeriod, issuer: &str) -> Result<DistrictReport> {
    if !store.is_district() {
        return Err(CoreError::Forbidden("街道汇总报告由街道的登录生成；服务站请用“工作报告”".to_owned()));
    }
    let issuer = check_issuer(issuer)?;
    let (period, from, to) = super::checked_bounds(period)?;
    let d = district::dashboard(store, &RateQuery { from: Some(from), to: Some(to) }).await?;
    if d.stations.is_empty() {
        return Err(CoreError::NotFound("服务器上还没有服务站，无法生成街道汇总报告".to_owned()));
    }
    Ok(DistrictReport {
        period,
        from,
        to,
        title: period.district_title(&issuer),
        issuer,
        rates: rate_lines(&d.total),
        figures: d.total,
        services: d.stations.iter().map(|s| s.services).sum(),
        person_times: d.stations.iter().map(|s| s.person_times).sum(),
        stations: d.stations,
        by_month: d.by_month,
        ranking_rule: RANKING_RULE.to_owned(),
        made_on: store.now().with_timezone(&CHINA_OFFSET).date_naive(),
    })
}

/// One station's own work report, as the station itself would print it, for the office:
/// the station must be on this server.
pub async fn station_report(store: &Store, station_id: i64, period: ReportPeriod) -> Result<WorkReport> {
    if !store.stations().await?.iter().any(|s| s.id == station_id) {
        return Err(CoreError::NotFound(format!("找不到编号为 {station_id} 的服务站")));
    }
    super::work_report(store, station_id, period).await
}

/// A station's name short enough for a chart's six-character label: the words every
/// station's name ends with are left off (`荣傲家园社区微言服务站` → `荣傲家园`).
fn short_name(name: &str) -> String {
    let mut s = name.trim();
    for suffix in ["服务站", "微言", "社区"] {
        s = s.strip_suffix(suffix).unwrap_or(s);
    }
    let s = if s.is_empty() { name.trim() } else { s };
    if s.chars().count() <= 6 { s.to_owned() } else { s.chars().take(5).chain(['…']).collect() }
}

fn overview(r: &DistrictReport) -> ReportSection {
    let who = format!("辖区{}个社区服务站", r.stations.len());
    let (text, mut rows) =
        overview_parts(r.period, (r.from, r.to), &who, &r.figures, &r.rates, (r.services, r.person_times));
    rows.insert(0, vec!["服务站".to_owned(), format!("{}个", r.stations.len())]);
    let mut blocks = vec![paragraph(text), table(&["项目", "数量"], &[1.0, 1.0], rows)];
    blocks.extend(rate_paragraphs(&r.rates, "全街道"));
    ReportSection { heading: "基本情况".to_owned(), blocks }
}

fn stations(r: &DistrictReport) -> ReportSection {
    let ranked = |s: &StationLine| format!("{}．{}", s.rank, s.station.name);
    let services: Vec<Vec<String>> = r
        .stations
        .iter()
        .take(MAX_ROWS)
        .map(|s| vec![ranked(s), s.services.to_string(), s.person_times.to_string()])
        .collect();
    let mut blocks = vec![
        paragraph(format!("各服务站诉求办理情况见下表，按排名先后列出。{}。", r.ranking_rule)),
        figures_table("服务站", 2.8, r.stations.iter().take(MAX_ROWS).map(|s| (ranked(s), &s.figures))),
        paragraph("各服务站开展服务情况见下表。"),
        table(&["服务站", "开展服务（次）", "服务群众（人次）"], &[2.8, 1.6, 1.6], services),
    ];
    let mut busiest: Vec<&StationLine> = r.stations.iter().filter(|s| s.figures.received > 0).collect();
    busiest.sort_by(|a, b| b.figures.received.cmp(&a.figures.received).then(a.station.code.cmp(&b.station.code)));
    if busiest.len() > 1 {
        let caption = if busiest.len() > MAX_BARS {
            format!("图1 受理诉求最多的{MAX_BARS}个服务站（件）")
        } else {
            "图1 各服务站受理诉求（件）".to_owned()
        };
        blocks.push(ReportBlock::Bars {
            caption,
            unit: "件".to_owned(),
            bars: busiest
                .iter()
                .take(MAX_BARS)
                .map(|s| ReportBar { label: short_name(&s.station.name), value: s.figures.received })
                .collect(),
        });
    }
    ReportSection { heading: "各服务站情况".to_owned(), blocks }
}

fn months(r: &DistrictReport) -> Option<ReportSection> {
    (r.by_month.len() > 1).then(|| ReportSection {
        heading: "各月情况".to_owned(),
        blocks: vec![
            paragraph("全街道各月诉求办理情况见下表。"),
            figures_table("月份", 1.4, r.by_month.iter().map(|b| (b.label.clone(), &b.figures))),
        ],
    })
}

/// The district report as the notice engine lays it out.
pub fn district_document(r: &DistrictReport) -> ReportDocument {
    let mut sections = vec![overview(r), stations(r)];
    sections.extend(months(r));
    ReportDocument {
        title: r.title.clone(),
        sections,
        issuer: r.issuer.clone(),
        date: r.made_on.format("%Y-%m-%d").to_string(),
    }
}

/// The district report's PDF (the bundled fonts: the office has no station's settings):
/// `街道工作报告-2026年11月.pdf`.
pub fn district_pdf(r: &DistrictReport) -> Result<PrintedNotice> {
    crate::notices::render_bundled_report(&district_document(r), format!("街道工作报告-{}.pdf", r.period.label()))
}

fn summary_sheet(ws: &mut Worksheet, r: &DistrictReport) -> std::result::Result<(), XlsxError> {
    let f = &r.figures;
    let counts: Vec<(&str, f64, &str)> = [("服务站", r.stations.len() as f64, "个")]
        .into_iter()
        .chain(case_counts(f))
        .chain([
            ("开展服务", f64::from(r.services), "次，活动、会议与代办合计"),
            ("服务人次", f64::from(r.person_times), "人次"),
        ])
        .collect();
    summary(ws, (r.period, r.from, r.to), &counts, &r.rates)
}

/// The district report's figures as an .xlsx: 基本情况, 各服务站 (ranked, the rates
/// sheet's columns), 三率统计 (by month).
pub fn district_xlsx(r: &DistrictReport) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    summary_sheet(book.add_worksheet(), r).map_err(xlsx_error)?;
    let names: Vec<String> = r.stations.iter().map(|s| format!("{}. {}", s.rank, s.station.name)).collect();
    let stations =
        names.iter().map(String::as_str).zip(r.stations.iter().map(|s| &s.figures)).chain([("全街道", &r.figures)]);
    rates_sheet(book.add_worksheet(), "各服务站", ("服务站（按排名）", 30.0), stations).map_err(xlsx_error)?;
    let months = r.by_month.iter().map(|b| (b.label.as_str(), &b.figures)).chain([("合计", &r.figures)]);
    rates_sheet(book.add_worksheet(), "三率统计", ("月份", 10.0), months).map_err(xlsx_error)?;
    book.save_to_buffer().map_err(xlsx_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_labels_leave_off_the_words_every_station_name_ends_with() {
        assert_eq!(short_name("荣傲家园社区微言服务站"), "荣傲家园");
        assert_eq!(short_name("东湖社区服务站"), "东湖");
        assert_eq!(short_name("服务站"), "服务站");
        assert_eq!(short_name("金色港湾花园北区服务站"), "金色港湾花…");
    }
}

//! The district's work report (街道汇总): the street office's month or year over every
//! station on its server — the district's figures and three rates (the dashboard's own,
//! never counted a second time), each station's line in the ranking, and the months of a
//! year — as a PDF in the stations' report layout and as an .xlsx. A station's own report
//! for the office is the station's `work_report` (`station_report`).

use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use serde::{Deserialize, Serialize};
use stationdesk_notice::{MAX_BARS, MAX_ROWS, ReportBar, ReportBlock, ReportDocument, ReportSection};

use super::{RateLine, ReportPeriod, WorkReport, rate_lines, rate_text};
use crate::cases::CHINA_OFFSET;
use crate::district::{self, RANKING_RULE, StationLine};
use crate::error::{CoreError, Result};
use crate::ledger::export::{cell_format, header_format, percent_format, xlsx as xlsx_error};
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
    let period = period.checked()?;
    let (from, to) = period.bounds().ok_or_else(|| CoreError::invalid("period", "无法识别的报告期间，请重新选择"))?;
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

fn paragraph(text: impl Into<String>) -> ReportBlock {
    ReportBlock::Paragraph { text: text.into() }
}

fn table(header: &[&str], widths: &[f32], rows: Vec<Vec<String>>) -> ReportBlock {
    ReportBlock::Table { header: header.iter().map(|h| (*h).to_owned()).collect(), widths: widths.to_vec(), rows }
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
    let f = &r.figures;
    let mut text = format!(
        "{}（{}至{}），辖区{}个社区服务站共受理居民诉求{}件",
        r.period.this(),
        r.from.format("%Y年%-m月%-d日"),
        r.to.format("%Y年%-m月%-d日"),
        r.stations.len(),
        f.received
    );
    if f.duplicates > 0 {
        text.push_str(&format!("（另有重复反映{}件）", f.duplicates));
    }
    text.push_str(&format!(
        "，办结{}件，超期{}件；开展各类服务{}次，服务群众{}人次。",
        f.resolved, f.overdue, r.services, r.person_times
    ));
    let mut rows = vec![
        vec!["服务站".to_owned(), format!("{}个", r.stations.len())],
        vec!["受理诉求".to_owned(), format!("{}件", f.received)],
        vec!["办结".to_owned(), format!("{}件", f.resolved)],
        vec!["超期".to_owned(), format!("{}件", f.overdue)],
        vec!["重新处理".to_owned(), format!("{}件", f.reopened)],
    ];
    rows.extend(
        r.rates.iter().map(|l| vec![l.name.clone(), format!("{}（{}/{}）", l.text, l.numerator, l.denominator)]),
    );
    rows.push(vec!["开展服务".to_owned(), format!("{}次", r.services)]);
    rows.push(vec!["服务群众".to_owned(), format!("{}人次", r.person_times)]);
    let mut blocks = vec![paragraph(text), table(&["项目", "数量"], &[1.0, 1.0], rows)];
    for (i, l) in r.rates.iter().enumerate() {
        let value = if l.rate.is_some() {
            format!("全街道{}为{}（{}÷{}）", l.name, l.text, l.numerator, l.denominator)
        } else {
            format!("全街道{}暂无数据（分母为0）", l.name)
        };
        blocks.push(paragraph(format!("{}．{value}。计算方法：{}。", i + 1, l.formula)));
    }
    ReportSection { heading: "基本情况".to_owned(), blocks }
}

fn stations(r: &DistrictReport) -> ReportSection {
    let ranked = |s: &StationLine| format!("{}．{}", s.rank, s.station.name);
    let rows: Vec<Vec<String>> = r
        .stations
        .iter()
        .take(MAX_ROWS)
        .map(|s| {
            let f = &s.figures;
            vec![
                ranked(s),
                f.received.to_string(),
                f.resolved.to_string(),
                f.overdue.to_string(),
                rate_text(f.response_rate),
                rate_text(f.resolution_rate),
                rate_text(f.satisfaction_rate),
            ]
        })
        .collect();
    let services: Vec<Vec<String>> = r
        .stations
        .iter()
        .take(MAX_ROWS)
        .map(|s| vec![ranked(s), s.services.to_string(), s.person_times.to_string()])
        .collect();
    let mut blocks = vec![
        paragraph(format!("各服务站诉求办理情况见下表，按排名先后列出。{}。", r.ranking_rule)),
        table(
            &["服务站", "受理", "办结", "超期", "响应率", "解决率", "满意率"],
            &[2.8, 1.0, 1.0, 1.0, 1.3, 1.3, 1.3],
            rows,
        ),
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
    (r.by_month.len() > 1).then(|| {
        let rows = r
            .by_month
            .iter()
            .map(|b| {
                let f = &b.figures;
                vec![
                    b.label.clone(),
                    f.received.to_string(),
                    f.resolved.to_string(),
                    f.overdue.to_string(),
                    rate_text(f.response_rate),
                    rate_text(f.resolution_rate),
                    rate_text(f.satisfaction_rate),
                ]
            })
            .collect();
        ReportSection {
            heading: "各月情况".to_owned(),
            blocks: vec![
                paragraph("全街道各月诉求办理情况见下表。"),
                table(
                    &["月份", "受理", "办结", "超期", "响应率", "解决率", "满意率"],
                    &[1.4, 1.0, 1.0, 1.0, 1.3, 1.3, 1.3],
                    rows,
                ),
            ],
        }
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
    ws.set_name("基本情况")?;
    let header = header_format();
    for (col, (name, width)) in [("项目", 14.0), ("数值", 12.0), ("说明", 80.0)].into_iter().enumerate() {
        ws.set_column_width(col as u16, width)?;
        ws.write_string_with_format(0, col as u16, name, &header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let (cell, percent) = (cell_format(), percent_format());
    let f = &r.figures;
    ws.write_string_with_format(1, 0, "报告期间", &cell)?;
    ws.write_string_with_format(1, 1, r.period.label(), &cell)?;
    ws.write_string_with_format(1, 2, format!("{}（{} 至 {}）", r.period.label(), r.from, r.to), &cell)?;
    let counts: [(&str, u32, &str); 7] = [
        ("服务站", r.stations.len() as u32, "个"),
        ("受理诉求", f.received, "件，不含重复件"),
        ("重复件", f.duplicates, "件"),
        ("办结", f.resolved, "件，期间内办结"),
        ("超期", f.overdue, "件，超过办结期限办结或仍未办结"),
        ("开展服务", r.services, "次，活动、会议与代办合计"),
        ("服务人次", r.person_times, "人次"),
    ];
    let mut row = 2;
    for (name, value, note) in counts {
        ws.write_string_with_format(row, 0, name, &cell)?;
        ws.write_number_with_format(row, 1, value, &cell)?;
        ws.write_string_with_format(row, 2, note, &cell)?;
        row += 1;
    }
    for l in &r.rates {
        ws.write_string_with_format(row, 0, &l.name, &cell)?;
        match l.rate {
            Some(v) => ws.write_number_with_format(row, 1, v, &percent)?,
            None => ws.write_string_with_format(row, 1, "—", &cell)?,
        };
        ws.write_string_with_format(row, 2, format!("{}（{}/{}）", l.formula, l.numerator, l.denominator), &cell)?;
        row += 1;
    }
    Ok(())
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

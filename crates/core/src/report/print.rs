//! The work report as a document for the notice engine: title, 一、基本情况 二、诉求办理
//! 三、服务活动 四、典型案例, a table of the figures, bar charts of the top categories and of
//! person-times by kind, the station over the date.

use stationdesk_notice::{MAX_BARS, ReportBar, ReportBlock, ReportDocument, ReportSection};

use chrono::NaiveDate;

use super::{RateLine, ReportPeriod, TypicalCase, WorkReport, check_typical_cases, rate_text};
use crate::error::Result;
use crate::notices::PrintedNotice;
use crate::rates::Figures;
use crate::store::Store;

/// Characters of a chart label (the engine's label column holds six).
const LABEL_CHARS: usize = 6;

fn label(text: &str) -> String {
    if text.chars().count() <= LABEL_CHARS {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(LABEL_CHARS - 1).collect();
        s.push('…');
        s
    }
}

pub(super) fn paragraph(text: impl Into<String>) -> ReportBlock {
    ReportBlock::Paragraph { text: text.into() }
}

pub(super) fn table(header: &[&str], widths: &[f32], rows: Vec<Vec<String>>) -> ReportBlock {
    ReportBlock::Table { header: header.iter().map(|h| (*h).to_owned()).collect(), widths: widths.to_vec(), rows }
}

fn hours(h: f64) -> String {
    let s = format!("{h:.1}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

fn overview(r: &WorkReport) -> ReportSection {
    let f = &r.figures;
    let s = &r.services;
    let (text, rows) = overview_parts(r.period, (r.from, r.to), "服务站", f, &r.rates, (s.services, s.person_times));
    ReportSection {
        heading: "基本情况".to_owned(),
        blocks: vec![paragraph(text), table(&["项目", "数量"], &[1.0, 1.0], rows)],
    }
}

fn requests(r: &WorkReport) -> ReportSection {
    let mut blocks = Vec::new();
    if r.top_categories.is_empty() {
        blocks.push(paragraph(format!("{}未受理居民诉求。", r.period.this())));
    } else {
        let list: Vec<String> = r.top_categories.iter().map(|c| format!("{}{}件", c.name, c.received)).collect();
        blocks.push(paragraph(format!("从诉求类别看，{}。", list.join("、"))));
        blocks.push(ReportBlock::Bars {
            caption: "图1 受理诉求较多的类别（件）".to_owned(),
            unit: "件".to_owned(),
            // The rest summed would dwarf each named category: it stays in the sentence.
            bars: r
                .top_categories
                .iter()
                .filter(|c| c.name != super::OTHER_CATEGORIES)
                .take(MAX_BARS)
                .map(|c| ReportBar { label: label(&c.name), value: c.received })
                .collect(),
        });
    }
    blocks.extend(rate_paragraphs(&r.rates, ""));
    if r.by_month.len() > 1 {
        blocks.push(paragraph("各月诉求办理情况见下表。"));
        blocks.push(figures_table("月份", 1.4, r.by_month.iter().map(|b| (b.label.clone(), &b.figures))));
    }
    ReportSection { heading: "诉求办理".to_owned(), blocks }
}

/// 基本情况's sentence (`本月（…至…），{who}共受理居民诉求…`) and its table's rows: the
/// counts, the three rates with their terms, services and person-times.
pub(super) fn overview_parts(
    period: ReportPeriod,
    (from, to): (NaiveDate, NaiveDate),
    who: &str,
    f: &Figures,
    rates: &[RateLine],
    (services, person_times): (u32, u32),
) -> (String, Vec<Vec<String>>) {
    let mut text = format!(
        "{}（{}至{}），{who}共受理居民诉求{}件",
        period.this(),
        from.format("%Y年%-m月%-d日"),
        to.format("%Y年%-m月%-d日"),
        f.received
    );
    if f.duplicates > 0 {
        text.push_str(&format!("（另有重复反映{}件）", f.duplicates));
    }
    text.push_str(&format!(
        "，办结{}件，超期{}件；开展各类服务{services}次，服务群众{person_times}人次。",
        f.resolved, f.overdue
    ));
    let mut rows = vec![
        vec!["受理诉求".to_owned(), format!("{}件", f.received)],
        vec!["办结".to_owned(), format!("{}件", f.resolved)],
        vec!["超期".to_owned(), format!("{}件", f.overdue)],
        vec!["重新处理".to_owned(), format!("{}件", f.reopened)],
    ];
    rows.extend(rates.iter().map(|l| vec![l.name.clone(), format!("{}（{}/{}）", l.text, l.numerator, l.denominator)]));
    rows.push(vec!["开展服务".to_owned(), format!("{services}次")]);
    rows.push(vec!["服务群众".to_owned(), format!("{person_times}人次")]);
    (text, rows)
}

/// Each rate with its terms and formula, numbered: `1．响应率为96.2%（25÷26）。计算方法：…`;
/// `whose` goes before the rate's name (`全街道`).
pub(super) fn rate_paragraphs<'a>(rates: &'a [RateLine], whose: &'a str) -> impl Iterator<Item = ReportBlock> + 'a {
    rates.iter().enumerate().map(move |(i, l)| {
        let value = if l.rate.is_some() {
            format!("{whose}{}为{}（{}÷{}）", l.name, l.text, l.numerator, l.denominator)
        } else {
            format!("{whose}{}暂无数据（分母为0）", l.name)
        };
        paragraph(format!("{}．{value}。计算方法：{}。", i + 1, l.formula))
    })
}

/// A table of counts and rates, one row per month or station (`first` names the rows).
pub(super) fn figures_table<'a>(
    first: &str,
    width: f32,
    rows: impl Iterator<Item = (String, &'a Figures)>,
) -> ReportBlock {
    let rows = rows
        .map(|(label, f)| {
            vec![
                label,
                f.received.to_string(),
                f.resolved.to_string(),
                f.overdue.to_string(),
                rate_text(f.response_rate),
                rate_text(f.resolution_rate),
                rate_text(f.satisfaction_rate),
            ]
        })
        .collect();
    table(&[first, "受理", "办结", "超期", "响应率", "解决率", "满意率"], &[width, 1.0, 1.0, 1.0, 1.3, 1.3, 1.3], rows)
}

fn services(r: &WorkReport) -> ReportSection {
    let s = &r.services;
    let mut blocks = vec![paragraph(format!(
        "{}开展服务{}次，其中活动{}场、会议{}场、代办服务{}件，服务群众{}人次，志愿服务{}小时。",
        r.period.this(),
        s.services,
        s.events,
        s.meetings,
        s.errands,
        s.person_times,
        hours(s.volunteer_hours)
    ))];
    if !s.by_kind.is_empty() {
        let rows = s
            .by_kind
            .iter()
            .map(|k| {
                vec![k.source.label().to_owned(), k.label.clone(), k.services.to_string(), k.person_times.to_string()]
            })
            .collect();
        blocks.push(table(&["类型", "服务项目", "次数", "人次"], &[1.0, 2.6, 1.0, 1.0], rows));
        let mut by_people: Vec<_> = s.by_kind.iter().filter(|k| k.person_times > 0).collect();
        by_people.sort_by(|a, b| b.person_times.cmp(&a.person_times).then(a.label.cmp(&b.label)));
        if by_people.len() > 1 {
            blocks.push(ReportBlock::Bars {
                caption: "图2 各类服务的服务人次".to_owned(),
                unit: "人次".to_owned(),
                bars: by_people
                    .iter()
                    .take(8)
                    .map(|k| ReportBar { label: label(&k.label), value: k.person_times })
                    .collect(),
            });
        }
    }
    ReportSection { heading: "服务活动".to_owned(), blocks }
}

const ORDINALS: [&str; 5] = ["一", "二", "三", "四", "五"];

/// The report as the notice engine lays it out; the typical cases are checked first.
pub fn document(r: &WorkReport, typical: &[TypicalCase]) -> Result<ReportDocument> {
    let typical = check_typical_cases(typical)?;
    let mut sections = vec![overview(r), requests(r), services(r)];
    if !typical.is_empty() {
        let mut blocks = Vec::new();
        for (i, c) in typical.iter().enumerate() {
            let n = ORDINALS.get(i).copied().unwrap_or("五");
            blocks.push(ReportBlock::Subheading { text: format!("（{n}）{}", c.title) });
            blocks.push(paragraph(c.text.clone()));
        }
        sections.push(ReportSection { heading: "典型案例".to_owned(), blocks });
    }
    Ok(ReportDocument {
        title: r.title.clone(),
        sections,
        issuer: r.station_name.clone(),
        date: r.made_on.format("%Y-%m-%d").to_string(),
    })
}

/// The report's PDF with the station's fonts: `工作报告-2026年11月.pdf`.
pub async fn pdf(store: &Store, station_id: i64, r: &WorkReport, typical: &[TypicalCase]) -> Result<PrintedNotice> {
    let doc = document(r, typical)?;
    crate::notices::render_report(store, station_id, &doc, format!("工作报告-{}.pdf", r.period.label())).await
}

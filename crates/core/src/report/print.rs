//! The work report as a document for the notice engine: title, 一、基本情况 二、诉求办理
//! 三、服务活动 四、典型案例, a table of the figures, bar charts of the top categories and of
//! person-times by kind, the station over the date.

use stationdesk_notice::{MAX_BARS, ReportBar, ReportBlock, ReportDocument, ReportSection};

use super::{TypicalCase, WorkReport, check_typical_cases, rate_text};
use crate::error::Result;
use crate::notices::PrintedNotice;
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

fn paragraph(text: impl Into<String>) -> ReportBlock {
    ReportBlock::Paragraph { text: text.into() }
}

fn table(header: &[&str], widths: &[f32], rows: Vec<Vec<String>>) -> ReportBlock {
    ReportBlock::Table { header: header.iter().map(|h| (*h).to_owned()).collect(), widths: widths.to_vec(), rows }
}

fn hours(h: f64) -> String {
    let s = format!("{h:.1}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

fn overview(r: &WorkReport) -> ReportSection {
    let f = &r.figures;
    let s = &r.services;
    let this = r.period.this();
    let mut text = format!(
        "{this}（{}至{}），服务站共受理居民诉求{}件",
        r.from.format("%Y年%-m月%-d日"),
        r.to.format("%Y年%-m月%-d日"),
        f.received
    );
    if f.duplicates > 0 {
        text.push_str(&format!("（另有重复反映{}件）", f.duplicates));
    }
    text.push_str(&format!(
        "，办结{}件，超期{}件；开展各类服务{}次，服务群众{}人次。",
        f.resolved, f.overdue, s.services, s.person_times
    ));
    let mut rows = vec![
        vec!["受理诉求".to_owned(), format!("{}件", f.received)],
        vec!["办结".to_owned(), format!("{}件", f.resolved)],
        vec!["超期".to_owned(), format!("{}件", f.overdue)],
        vec!["重新处理".to_owned(), format!("{}件", f.reopened)],
    ];
    rows.extend(
        r.rates.iter().map(|l| vec![l.name.clone(), format!("{}（{}/{}）", l.text, l.numerator, l.denominator)]),
    );
    rows.push(vec!["开展服务".to_owned(), format!("{}次", s.services)]);
    rows.push(vec!["服务群众".to_owned(), format!("{}人次", s.person_times)]);
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
    for (i, l) in r.rates.iter().enumerate() {
        let value = if l.rate.is_some() {
            format!("{}为{}（{}÷{}）", l.name, l.text, l.numerator, l.denominator)
        } else {
            format!("{}暂无数据（分母为0）", l.name)
        };
        blocks.push(paragraph(format!("{}．{value}。计算方法：{}。", i + 1, l.formula)));
    }
    if r.by_month.len() > 1 {
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
        blocks.push(paragraph("各月诉求办理情况见下表。"));
        blocks.push(table(
            &["月份", "受理", "办结", "超期", "响应率", "解决率", "满意率"],
            &[1.4, 1.0, 1.0, 1.0, 1.3, 1.3, 1.3],
            rows,
        ));
    }
    ReportSection { heading: "诉求办理".to_owned(), blocks }
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

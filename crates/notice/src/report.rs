//! A work report (工作报告) in the notices' official layout: the title, sections headed
//! 一、二、三…, paragraphs, bordered tables, horizontal bar charts, and the issuer over
//! the date. The app fills it from the station's figures; the engine only lays it out.

use serde::{Deserialize, Serialize};

use crate::documents::chinese_date;
use crate::error::NoticeError;
use crate::fonts::FontSet;
use crate::page::{Composer, Layout, Para};
use crate::{RenderOptions, Rendered};

/// Sections a report may have (一、 … 二十、).
pub const MAX_SECTIONS: usize = 20;
/// Blocks in one section; rows in one table; bars in one chart.
pub const MAX_BLOCKS: usize = 200;
pub const MAX_ROWS: usize = 500;
pub const MAX_BARS: usize = 12;

/// The whole report.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportDocument {
    /// `荣傲家园社区微言服务站2026年11月工作报告`.
    pub title: String,
    pub sections: Vec<ReportSection>,
    /// 发文机关署名.
    pub issuer: String,
    /// 成文日期 `2026-12-02`; empty means today.
    pub date: String,
}

/// A section: its heading (numbered 一、二、… by the engine) and what is under it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportSection {
    pub heading: String,
    pub blocks: Vec<ReportBlock>,
}

/// One block of a section.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ReportBlock {
    /// A paragraph, indented two characters; line breaks start new paragraphs.
    Paragraph { text: String },
    /// A sub-heading in 黑体 (`（一）楼梯改造`), written as it should print.
    Subheading { text: String },
    /// A bordered table; `widths` are relative column widths (one per header cell).
    Table { header: Vec<String>, widths: Vec<f32>, rows: Vec<Vec<String>> },
    /// A horizontal bar chart with its caption (`图1 诉求类别（件）`) under it; at most
    /// [`MAX_BARS`] bars, labels of up to six characters.
    Bars { caption: String, unit: String, bars: Vec<ReportBar> },
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportBar {
    pub label: String,
    pub value: u32,
}

const NUMERALS: [&str; MAX_SECTIONS] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六", "十七",
    "十八", "十九", "二十",
];

fn check(doc: &ReportDocument) -> Result<(), NoticeError> {
    if doc.title.trim().is_empty() {
        return Err(NoticeError::MissingField { field: "标题" });
    }
    if doc.issuer.trim().is_empty() {
        return Err(NoticeError::MissingField { field: "发文机关" });
    }
    if doc.sections.len() > MAX_SECTIONS {
        return Err(NoticeError::BadInput(format!("报告最多 {MAX_SECTIONS} 节，请合并部分内容")));
    }
    for s in &doc.sections {
        if s.blocks.len() > MAX_BLOCKS {
            return Err(NoticeError::BadInput(format!("“{}”一节内容过多（最多 {MAX_BLOCKS} 段）", s.heading)));
        }
        for b in &s.blocks {
            match b {
                ReportBlock::Table { header, widths, rows } => {
                    if header.is_empty() || header.len() != widths.len() {
                        return Err(NoticeError::BadInput("表格的表头和列宽数目不一致".to_owned()));
                    }
                    if rows.len() > MAX_ROWS || rows.iter().any(|r| r.len() != header.len()) {
                        return Err(NoticeError::BadInput(format!("表格最多 {MAX_ROWS} 行，且每行的格数要与表头一致")));
                    }
                }
                ReportBlock::Bars { bars, .. } if bars.len() > MAX_BARS => {
                    return Err(NoticeError::BadInput(format!("一张图最多 {MAX_BARS} 个条目")));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// Lay a report out without writing the PDF (for previews and tests).
pub fn layout_report(fonts: &FontSet, doc: &ReportDocument) -> Result<Layout, NoticeError> {
    check(doc)?;
    fonts.ready()?;
    let date = chinese_date("成文日期", &doc.date)?;
    let mut c = Composer::new(fonts);
    c.title(&doc.title, 22.0);
    c.blank(1);
    for (i, s) in doc.sections.iter().enumerate() {
        let n = NUMERALS.get(i).copied().unwrap_or("二十");
        c.keep_lines(2);
        c.paragraph(&format!("{n}、{}", s.heading.trim()), Para::HEADING, "小标题");
        for b in &s.blocks {
            match b {
                ReportBlock::Paragraph { text } => c.paragraph(text, Para::BODY, "正文"),
                ReportBlock::Subheading { text } => {
                    c.keep_lines(2);
                    c.paragraph(text, Para::HEADING, "小标题");
                }
                ReportBlock::Table { header, widths, rows } => {
                    let header: Vec<&str> = header.iter().map(String::as_str).collect();
                    c.table(&header, widths, rows, "表格");
                }
                ReportBlock::Bars { caption, unit, bars } => {
                    let bars: Vec<(String, u32)> = bars.iter().map(|b| (b.label.clone(), b.value)).collect();
                    c.bars(caption, &bars, unit);
                }
            }
        }
    }
    c.signature(None, &doc.issuer, &date, 2);
    let (pages, warnings) = c.finish();
    Ok(Layout { title: doc.title.trim().to_owned(), pages, warnings })
}

/// Render a report to PDF bytes (fonts embedded as subsets).
pub fn render_report(fonts: &FontSet, doc: &ReportDocument, options: &RenderOptions) -> Result<Rendered, NoticeError> {
    let laid = layout_report(fonts, doc)?;
    let pdf = crate::pdf::write(fonts, &laid.pages, &laid.title, crate::created(options))?;
    Ok(Rendered { pdf, pages: laid.pages.len(), warnings: laid.warnings })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> ReportDocument {
        ReportDocument {
            title: "荣傲家园社区微言服务站2026年11月工作报告".into(),
            sections: vec![ReportSection {
                heading: "诉求办理".into(),
                blocks: vec![
                    ReportBlock::Paragraph { text: "本月受理居民诉求12件。".into() },
                    ReportBlock::Bars {
                        caption: "图1 诉求类别（件）".into(),
                        unit: "件".into(),
                        bars: vec![
                            ReportBar { label: "物业管理".into(), value: 8 },
                            ReportBar { label: "市政设施".into(), value: 4 },
                            ReportBar { label: "其他".into(), value: 0 },
                        ],
                    },
                ],
            }],
            issuer: "荣傲家园社区微言服务站".into(),
            date: "2026-12-02".into(),
        }
    }

    #[test]
    fn bars_are_filled_rectangles_in_proportion_with_their_values() {
        let laid = layout_report(FontSet::bundled(), &doc()).expect("layout");
        let page = &laid.pages[0];
        let bars: Vec<f32> = page.rects.iter().filter(|r| r.filled && r.width > 1.0).map(|r| r.width).collect();
        assert_eq!(bars.len(), 2, "a zero value draws no bar");
        assert!((bars[0] / bars[1] - 2.0).abs() < 0.01, "8 is twice 4: {bars:?}");
        let text = page.text();
        assert!(text.contains("一、诉求办理"), "{text}");
        assert!(text.contains("8件") && text.contains("0件") && text.contains("图1"), "{text}");
        assert!(text.contains("2026年12月2日"), "{text}");
    }

    #[test]
    fn a_table_whose_rows_do_not_match_its_header_is_refused() {
        let mut d = doc();
        d.sections[0].blocks.push(ReportBlock::Table {
            header: vec!["项目".into(), "数量".into()],
            widths: vec![2.0, 1.0],
            rows: vec![vec!["受理".into()]],
        });
        let e = layout_report(FontSet::bundled(), &d).expect_err("refused");
        assert!(e.to_string().contains("每行的格数"), "{e}");
        d.title = " ".into();
        assert_eq!(layout_report(FontSet::bundled(), &d).expect_err("no title").to_string(), "请填写“标题”");
    }
}

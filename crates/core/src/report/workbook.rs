//! The work report's figures as an .xlsx: 基本情况 (the figures, the three rates with
//! their formulas), 三率统计 (by month, the register export's own sheet), 诉求类别 and
//! 服务统计 (services and person-times by kind), in the register export's formats.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use chrono::NaiveDate;

use super::{RateLine, ReportPeriod, WorkReport};
use crate::error::Result;
use crate::ledger::export::{cell_format, header_format, percent_format, xlsx as xlsx_error};
use crate::ledger::sheets::rates_sheet;
use crate::rates::{Figures, RatesReport};

fn headers(ws: &mut Worksheet, names: &[(&str, f64)]) -> std::result::Result<(), XlsxError> {
    let header = header_format();
    for (col, (name, width)) in names.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
        ws.write_string_with_format(0, col as u16, *name, &header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The 基本情况 sheet's rows of case counts, with the units and what each counts, as the
/// station's and the district's reports both print them.
pub(super) fn case_counts(f: &Figures) -> [(&'static str, f64, &'static str); 4] {
    [
        ("受理诉求", f64::from(f.received), "件，不含重复件"),
        ("重复件", f64::from(f.duplicates), "件"),
        ("办结", f64::from(f.resolved), "件，期间内办结"),
        ("超期", f64::from(f.overdue), "件，超过办结期限办结或仍未办结"),
    ]
}

fn summary_sheet(ws: &mut Worksheet, r: &WorkReport) -> std::result::Result<(), XlsxError> {
    let f = &r.figures;
    let s = &r.services;
    let counts: Vec<(&str, f64, &str)> = case_counts(f)
        .into_iter()
        .chain([
            ("重新处理", f64::from(f.reopened), "件"),
            ("开展服务", f64::from(s.services), "次，活动、会议与代办合计"),
            ("活动", f64::from(s.events), "场"),
            ("会议", f64::from(s.meetings), "场"),
            ("代办服务", f64::from(s.errands), "件"),
            ("服务人次", f64::from(s.person_times), "人次"),
            ("志愿服务时长", s.volunteer_hours, "小时"),
        ])
        .collect();
    summary(ws, (r.period, r.from, r.to), &counts, &r.rates)
}

/// A report's 基本情况 sheet: the period, the counts (name, value, what it counts), then
/// the three rates with their formulas.
pub(super) fn summary(
    ws: &mut Worksheet,
    (period, from, to): (ReportPeriod, NaiveDate, NaiveDate),
    counts: &[(&str, f64, &str)],
    rates: &[RateLine],
) -> std::result::Result<(), XlsxError> {
    ws.set_name("基本情况")?;
    headers(ws, &[("项目", 14.0), ("数值", 12.0), ("说明", 80.0)])?;
    let (cell, percent) = (cell_format(), percent_format());
    ws.write_string_with_format(1, 0, "报告期间", &cell)?;
    ws.write_string_with_format(1, 1, period.label(), &cell)?;
    ws.write_string_with_format(1, 2, format!("{}（{from} 至 {to}）", period.label()), &cell)?;
    let mut row = 2;
    for (name, value, note) in counts {
        ws.write_string_with_format(row, 0, *name, &cell)?;
        ws.write_number_with_format(row, 1, *value, &cell)?;
        ws.write_string_with_format(row, 2, *note, &cell)?;
        row += 1;
    }
    for l in rates {
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

fn categories_sheet(ws: &mut Worksheet, r: &WorkReport) -> std::result::Result<(), XlsxError> {
    ws.set_name("诉求类别")?;
    headers(ws, &[("类别", 16.0), ("受理（件）", 12.0)])?;
    let cell = cell_format();
    for (i, c) in r.top_categories.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string_with_format(row, 0, &c.name, &cell)?;
        ws.write_number_with_format(row, 1, c.received, &cell)?;
    }
    Ok(())
}

fn services_sheet(ws: &mut Worksheet, r: &WorkReport) -> std::result::Result<(), XlsxError> {
    ws.set_name("服务统计")?;
    headers(ws, &[("类型", 8.0), ("服务项目", 20.0), ("次数", 10.0), ("人次", 10.0)])?;
    let cell = cell_format();
    let s = &r.services;
    let mut row = 1;
    for k in &s.by_kind {
        ws.write_string_with_format(row, 0, k.source.label(), &cell)?;
        ws.write_string_with_format(row, 1, &k.label, &cell)?;
        ws.write_number_with_format(row, 2, k.services, &cell)?;
        ws.write_number_with_format(row, 3, k.person_times, &cell)?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, "合计", &cell)?;
    ws.write_string_with_format(row, 1, "", &cell)?;
    ws.write_number_with_format(row, 2, s.services, &cell)?;
    ws.write_number_with_format(row, 3, s.person_times, &cell)?;
    Ok(())
}

/// The report's figures as an .xlsx file's bytes.
pub fn xlsx(r: &WorkReport) -> Result<Vec<u8>> {
    let rates = RatesReport {
        from: r.from,
        to: r.to,
        total: r.figures.clone(),
        by_category: Vec::new(),
        by_assignee: Vec::new(),
        by_month: r.by_month.clone(),
    };
    let mut book = Workbook::new();
    summary_sheet(book.add_worksheet(), r).map_err(xlsx_error)?;
    let months = rates.by_month.iter().map(|b| (b.label.as_str(), &b.figures)).chain([("合计", &rates.total)]);
    rates_sheet(book.add_worksheet(), "三率统计", ("月份", 10.0), months).map_err(xlsx_error)?;
    categories_sheet(book.add_worksheet(), r).map_err(xlsx_error)?;
    services_sheet(book.add_worksheet(), r).map_err(xlsx_error)?;
    book.save_to_buffer().map_err(xlsx_error)
}

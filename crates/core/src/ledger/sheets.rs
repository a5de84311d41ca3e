//! The ledger's figure sheets beside the register: the three rates by month and by
//! category (the rates service), services and person-times by kind and by month (the
//! service counts), and the meetings held (the meetings service). Each sheet is a header
//! frozen in place, widths for Chinese text, thin borders, percentages as `0.0%`; every
//! figure comes from its service, none is counted again here.

use rust_xlsxwriter::{Format, FormatBorder, Worksheet, XlsxError};

use crate::cases::CHINA_OFFSET;
use crate::rates::Figures;
use crate::schedule::counts::ServiceCounts;
use crate::schedule::meetings::MeetingRow;

type Done = std::result::Result<(), XlsxError>;

use super::export::{cell_format as cell, header_format as header, percent_format};

/// The header row with its widths (characters), frozen.
fn head(ws: &mut Worksheet, name: &str, columns: &[(&str, f64)]) -> Done {
    ws.set_name(name)?;
    let h = header();
    for (col, (title, width)) in columns.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
        ws.write_string_with_format(0, col as u16, *title, &h)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// 三率统计 (by month) and 三率统计（按类别）: one row per month or category, then 合计.
pub(crate) fn rates_sheet<'a>(
    ws: &mut Worksheet,
    name: &str,
    first: (&str, f64),
    rows: impl Iterator<Item = (&'a str, &'a Figures)>,
) -> Done {
    let columns = [
        first,
        ("受理", 10.0),
        ("按时响应", 10.0),
        ("响应率", 10.0),
        ("回访", 10.0),
        ("居民认为已解决", 16.0),
        ("解决率", 10.0),
        ("满意", 10.0),
        ("满意率", 10.0),
        ("办结", 10.0),
        ("超期", 10.0),
    ];
    head(ws, name, &columns)?;
    let cell = cell();
    let percent = percent_format();
    for (i, (label, f)) in rows.enumerate() {
        let r = i as u32 + 1;
        ws.write_string_with_format(r, 0, label, &cell)?;
        let counts = [
            (1, f.received),
            (2, f.responded_in_time),
            (4, f.followed_up),
            (5, f.resolved_by_resident),
            (7, f.satisfied),
            (9, f.resolved),
            (10, f.overdue),
        ];
        for (col, n) in counts {
            ws.write_number_with_format(r, col, n, &cell)?;
        }
        for (col, rate) in [(3, f.response_rate), (6, f.resolution_rate), (8, f.satisfaction_rate)] {
            match rate {
                Some(v) => ws.write_number_with_format(r, col, v, &percent)?,
                None => ws.write_string_with_format(r, col, "—", &cell)?,
            };
        }
    }
    Ok(())
}

/// 服务统计（按项目）: each kind of event, meeting and errand with how many were held
/// and the person-times served, then 合计 (the service counts' own totals).
pub(crate) fn services_by_kind_sheet(ws: &mut Worksheet, c: &ServiceCounts) -> Done {
    head(ws, "服务统计（按项目）", &[("类型", 8.0), ("项目", 18.0), ("场次/件数", 12.0), ("受益人次", 12.0)])?;
    let cell = cell();
    let mut r = 1;
    for k in &c.by_kind {
        ws.write_string_with_format(r, 0, k.source.label(), &cell)?;
        ws.write_string_with_format(r, 1, &k.label, &cell)?;
        ws.write_number_with_format(r, 2, k.services, &cell)?;
        ws.write_number_with_format(r, 3, k.person_times, &cell)?;
        r += 1;
    }
    let bold = cell.clone().set_bold();
    ws.write_string_with_format(r, 0, "合计", &bold)?;
    ws.write_string_with_format(r, 1, format!("{} 至 {}", c.from, c.to), &bold)?;
    ws.write_number_with_format(r, 2, c.services, &bold)?;
    ws.write_number_with_format(r, 3, c.person_times, &bold)?;
    Ok(())
}

/// 服务统计（按月）: services (events, meetings, errands), person-times and volunteers'
/// hours month by month, then 合计.
pub(crate) fn services_by_month_sheet(ws: &mut Worksheet, c: &ServiceCounts) -> Done {
    head(
        ws,
        "服务统计（按月）",
        &[
            ("月份", 10.0),
            ("服务合计", 10.0),
            ("活动场次", 10.0),
            ("会议次数", 10.0),
            ("办事件数", 10.0),
            ("受益人次", 10.0),
            ("志愿服务时长（小时）", 22.0),
        ],
    )?;
    let cell = cell();
    let hours = Format::new().set_border(FormatBorder::Thin).set_num_format("0.0");
    let total = ("合计", c.services, c.events, c.meetings, c.errands, c.person_times, c.volunteer_hours);
    let rows = c
        .by_month
        .iter()
        .map(|m| (m.month.as_str(), m.services, m.events, m.meetings, m.errands, m.person_times, m.volunteer_hours))
        .chain([total]);
    for (i, (label, services, events, meetings, errands, person_times, volunteer)) in rows.enumerate() {
        let r = i as u32 + 1;
        ws.write_string_with_format(r, 0, label, &cell)?;
        for (col, n) in [(1, services), (2, events), (3, meetings), (4, errands), (5, person_times)] {
            ws.write_number_with_format(r, col, n, &cell)?;
        }
        ws.write_number_with_format(r, 6, volunteer, &hours)?;
    }
    Ok(())
}

/// 恳谈会: every meeting of the period, oldest first, with its status and what it decided.
pub(crate) fn meetings_sheet(ws: &mut Worksheet, meetings: &[MeetingRow]) -> Done {
    head(
        ws,
        "恳谈会",
        &[
            ("时间", 17.0),
            ("类型", 8.0),
            ("主题", 34.0),
            ("地点", 16.0),
            ("状态", 8.0),
            ("邀请人数", 10.0),
            ("议题数", 8.0),
            ("决定数", 8.0),
        ],
    )?;
    let cell = cell();
    for (i, m) in meetings.iter().enumerate() {
        let r = i as u32 + 1;
        let at = m.start.with_timezone(&CHINA_OFFSET).format("%Y-%m-%d %H:%M").to_string();
        for (col, text) in [(0, at.as_str()), (1, m.kind.label()), (2, &m.title), (3, &m.place), (4, m.status.label())]
        {
            ws.write_string_with_format(r, col, text, &cell)?;
        }
        for (col, n) in [(5, m.invited), (6, m.agenda_items), (7, m.decisions)] {
            ws.write_number_with_format(r, col, n, &cell)?;
        }
    }
    Ok(())
}

//! The work report (工作报告): its figures, a typical case drafted from a case's timeline,
//! the PDF (kept like a notice, so the preview, save and print flow is the notices'), and
//! the workbook's bytes for the desktop's save dialog.

use stationdesk_core::report::{self, ReportPeriod, TypicalCase, WorkReport};
use stationdesk_core::roles::Action;

use crate::ctx::{AppCtx, PrintedNotice};
use crate::error::AppResult;

pub async fn work_report(ctx: &AppCtx, period: ReportPeriod) -> AppResult<WorkReport> {
    Ok(report::work_report(&ctx.store()?, ctx.reading(Action::ReportsRead)?, period).await?)
}

pub async fn draft_typical_case(ctx: &AppCtx, case_id: i64) -> AppResult<TypicalCase> {
    Ok(report::draft_typical_case(&ctx.store()?, ctx.reading(Action::ReportsRead)?, case_id).await?)
}

pub async fn print_work_report(
    ctx: &AppCtx,
    period: ReportPeriod,
    typical: Vec<TypicalCase>,
) -> AppResult<PrintedNotice> {
    let (store, station_id) = (ctx.store()?, ctx.reading(Action::ReportsRead)?);
    let r = report::work_report(&store, station_id, period).await?;
    Ok(ctx.keep_pdf(report::pdf(&store, station_id, &r, &typical).await?))
}

/// The workbook's file name and bytes (the desktop shell asks where to save them).
pub async fn work_report_xlsx(ctx: &AppCtx, period: ReportPeriod) -> AppResult<(String, Vec<u8>)> {
    let r = report::work_report(&ctx.store()?, ctx.reading(Action::ReportsRead)?, period).await?;
    Ok((format!("工作报告-{}.xlsx", r.period.label()), report::xlsx(&r)?))
}

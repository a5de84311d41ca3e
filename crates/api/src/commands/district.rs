//! The street office's (街道) view on a district server: the dashboard over every station
//! and a station's register to look into, read-only with phones masked.

use stationdesk_core::cases::{CaseDetail, CaseQuery, CaseRow, Page};
use stationdesk_core::district::{self, DistrictDashboard};
use stationdesk_core::rates::RateQuery;

use stationdesk_core::report::{self, DistrictReport, ReportPeriod};

use crate::ctx::{AppCtx, PrintedNotice};
use crate::error::AppResult;

pub async fn district_dashboard(ctx: &AppCtx, query: RateQuery) -> AppResult<DistrictDashboard> {
    Ok(district::dashboard(&ctx.store()?, &query).await?)
}

pub async fn district_register(ctx: &AppCtx, station_id: i64, query: CaseQuery) -> AppResult<Page<CaseRow>> {
    Ok(district::station_register(&ctx.store()?, station_id, &query).await?)
}

pub async fn district_case(ctx: &AppCtx, station_id: i64, id: i64) -> AppResult<CaseDetail> {
    Ok(district::station_case(&ctx.store()?, station_id, id).await?)
}

pub async fn district_report(ctx: &AppCtx, period: ReportPeriod, issuer: String) -> AppResult<DistrictReport> {
    Ok(report::district_report(&ctx.store()?, period, &issuer).await?)
}

pub async fn print_district_report(ctx: &AppCtx, period: ReportPeriod, issuer: String) -> AppResult<PrintedNotice> {
    let r = report::district_report(&ctx.store()?, period, &issuer).await?;
    Ok(ctx.keep_pdf(report::district_pdf(&r)?))
}

pub async fn print_station_report(ctx: &AppCtx, station_id: i64, period: ReportPeriod) -> AppResult<PrintedNotice> {
    let store = ctx.store()?;
    let r = report::station_report(&store, station_id, period).await?;
    Ok(ctx.keep_pdf(report::pdf(&store, station_id, &r, &[]).await?))
}

/// The district report's workbook: its file name and bytes (the desktop shell asks where).
pub async fn district_report_xlsx(ctx: &AppCtx, period: ReportPeriod, issuer: String) -> AppResult<(String, Vec<u8>)> {
    let r = report::district_report(&ctx.store()?, period, &issuer).await?;
    Ok((format!("街道工作报告-{}.xlsx", r.period.label()), report::district_xlsx(&r)?))
}

//! The street office's (街道) view on a district server: the dashboard over every station
//! and a station's register to look into, read-only with phones masked.

use stationdesk_core::cases::{CaseDetail, CaseQuery, CaseRow, Page};
use stationdesk_core::district::{self, DistrictDashboard};
use stationdesk_core::rates::RateQuery;

use crate::ctx::AppCtx;
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

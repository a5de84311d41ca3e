//! Cases: intake, register, detail.

use stationdesk_core::cases::{self, Case, CaseDetail, CaseQuery, CaseRow, NewCase, Page};
use tauri::State;

use crate::ctx::AppCtx;
use crate::error::AppResult;

#[tauri::command]
#[specta::specta]
pub async fn create_case(ctx: State<'_, AppCtx>, input: NewCase) -> AppResult<Case> {
    Ok(cases::create(ctx.store()?, &ctx.actor()?, input).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn list_cases(ctx: State<'_, AppCtx>, query: CaseQuery) -> AppResult<Page<CaseRow>> {
    Ok(cases::list(ctx.store()?, ctx.station_id()?, &query).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn get_case(ctx: State<'_, AppCtx>, id: i64) -> AppResult<CaseDetail> {
    Ok(cases::detail(ctx.store()?, ctx.station_id()?, id).await?)
}

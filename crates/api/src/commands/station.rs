//! The station, its staff on duty and its categories.

use stationdesk_core::station::{self, Category, StationDetails};

use crate::ctx::{AppCtx, AppState};
use crate::error::AppResult;

pub async fn app_state(ctx: &AppCtx) -> AppResult<AppState> {
    ctx.state().await
}

pub async fn setup_station(ctx: &AppCtx, code: String, name: String, staff_name: String) -> AppResult<AppState> {
    let (station, staff) = station::init(ctx.store()?, &code, &name, &staff_name).await?;
    ctx.set_on_duty(stationdesk_core::Actor {
        station_id: station.id,
        staff_id: Some(staff.id),
        staff_name: staff.name,
    });
    ctx.set_station(station);
    ctx.state().await
}

pub async fn choose_staff(ctx: &AppCtx, name: String) -> AppResult<AppState> {
    ctx.set_on_duty(station::actor_for(ctx.store()?, &ctx.station()?, &name).await?);
    ctx.state().await
}

pub async fn update_station(ctx: &AppCtx, details: StationDetails) -> AppResult<AppState> {
    ctx.set_station(station::update(ctx.store()?, &ctx.actor()?, &details).await?);
    ctx.state().await
}

pub async fn list_categories(ctx: &AppCtx) -> AppResult<Vec<Category>> {
    Ok(station::categories(ctx.store()?, ctx.station_id()?).await?)
}

pub async fn add_category(ctx: &AppCtx, name: String) -> AppResult<Category> {
    Ok(station::add_category(ctx.store()?, &ctx.actor()?, &name).await?)
}

pub async fn update_category(ctx: &AppCtx, id: i64, name: String, active: bool) -> AppResult<Category> {
    Ok(station::update_category(ctx.store()?, &ctx.actor()?, id, &name, active).await?)
}

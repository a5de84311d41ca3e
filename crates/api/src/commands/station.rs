//! The station, its staff on duty and its categories.

use stationdesk_core::database_choice::{self, DatabaseChoice, DatabaseHealth, MoveTarget, ServerAddress, ServerCheck};
use stationdesk_core::roles::Action;
use stationdesk_core::station::{self, Category, StationDetails};
use stationdesk_core::store::{MoveReport, MoveStep};

use crate::ctx::{AppCtx, AppState};
use crate::error::AppResult;

pub async fn app_state(ctx: &AppCtx) -> AppResult<AppState> {
    ctx.state().await
}

pub async fn setup_station(ctx: &AppCtx, code: String, name: String, staff_name: String) -> AppResult<AppState> {
    let (station, staff) = station::init(&ctx.store()?, &code, &name, &staff_name).await?;
    ctx.set_on_duty(stationdesk_core::Actor {
        station_id: station.id,
        staff_id: Some(staff.id),
        staff_name: staff.name,
        role: staff.role,
    });
    ctx.set_station(station);
    ctx.state().await
}

pub async fn choose_staff(ctx: &AppCtx, name: String) -> AppResult<AppState> {
    ctx.set_on_duty(station::actor_for(&ctx.store()?, &ctx.station()?, &name).await?);
    ctx.state().await
}

pub async fn allowed_actions(ctx: &AppCtx) -> AppResult<Vec<Action>> {
    Ok(stationdesk_core::accounts::allowed_actions(&ctx.actor()?))
}

pub async fn update_station(ctx: &AppCtx, details: StationDetails) -> AppResult<AppState> {
    ctx.set_station(station::update(&ctx.store()?, &ctx.actor()?, &details).await?);
    ctx.state().await
}

pub async fn list_categories(ctx: &AppCtx) -> AppResult<Vec<Category>> {
    Ok(station::categories(&ctx.store()?, ctx.station_id()?).await?)
}

pub async fn add_category(ctx: &AppCtx, name: String) -> AppResult<Category> {
    Ok(station::add_category(&ctx.store()?, &ctx.actor()?, &name).await?)
}

pub async fn update_category(ctx: &AppCtx, id: i64, name: String, active: bool) -> AppResult<Category> {
    Ok(station::update_category(&ctx.store()?, &ctx.actor()?, id, &name, active).await?)
}

/// The database this PC opens at start: none for this PC's file, else the server's
/// fields without the password.
pub async fn database_choice(_ctx: &AppCtx) -> AppResult<Option<ServerAddress>> {
    Ok(match database_choice::load()? {
        Some(DatabaseChoice::Server { url }) => ServerAddress::shown(&url),
        _ => None,
    })
}

/// 测试连接: connects once, changes nothing, says what the login is or what is wrong.
pub async fn check_server(_ctx: &AppCtx, address: ServerAddress) -> AppResult<ServerCheck> {
    Ok(database_choice::check_server(&address.url()?).await?)
}

/// Keeps the choice for the next start: a server (checked first), or none for this PC's file.
pub async fn choose_database(_ctx: &AppCtx, server: Option<ServerAddress>) -> AppResult<Option<ServerAddress>> {
    let choice = match &server {
        Some(address) => {
            let url = address.url()?;
            database_choice::check_server(&url).await?;
            DatabaseChoice::Server { url }
        }
        None => DatabaseChoice::Local,
    };
    database_choice::save(&choice)?;
    Ok(server.map(|a| ServerAddress { password: String::new(), ..a }))
}

/// Whether the database answers now (the window polls this for a shared server).
pub async fn database_health(ctx: &AppCtx) -> AppResult<DatabaseHealth> {
    Ok(database_choice::health(&ctx.store()?).await)
}

/// 连接街道服务器: connects to the server for good (kept for the next start) and goes on
/// with the station there, now.
pub async fn connect_server(ctx: &AppCtx, address: ServerAddress) -> AppResult<AppState> {
    let store = database_choice::connect(&address, &database_choice::config_path()?).await?;
    ctx.switch_to(store).await?;
    ctx.state().await
}

/// 把本站数据迁到街道服务器: moves this PC's file onto the server, reporting each table on
/// `progress`; when every table checks out the window goes on with the server.
pub async fn move_to_server(
    ctx: &AppCtx,
    target: MoveTarget,
    progress: &mut (dyn FnMut(MoveStep) + Send),
) -> AppResult<MoveReport> {
    let from = ctx.store()?;
    let moved = database_choice::move_to_server(&from, &target, &database_choice::config_path()?, progress).await?;
    if let Some(store) = moved.store {
        ctx.switch_to(store).await?;
    }
    Ok(moved.report)
}

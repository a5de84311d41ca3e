//! The station, its staff on duty and its categories.

use stationdesk_core::accounts;
use stationdesk_core::database_choice::{self, DatabaseChoice, DatabaseHealth, MoveTarget, ServerAddress, ServerCheck};
use stationdesk_core::roles::Action;
use stationdesk_core::station::{self, Category, StationDetails};
use stationdesk_core::store::{MoveReport, MoveStep};

use crate::ctx::{AppCtx, AppState};
use crate::error::AppResult;

pub async fn app_state(ctx: &AppCtx) -> AppResult<AppState> {
    ctx.state().await
}

pub async fn setup_station(
    ctx: &AppCtx,
    code: String,
    name: String,
    staff_name: String,
    login: String,
    password: String,
) -> AppResult<AppState> {
    let store = ctx.store()?;
    let head = accounts::init_station(&store, &code, &name, &staff_name, Some(&login), &password).await?;
    ctx.set_station(station::current(&store).await?);
    ctx.set_on_duty(head);
    ctx.state().await
}

/// The login screen: the core checks the password, counts failures and holds them back.
pub async fn log_in(ctx: &AppCtx, login: String, password: String) -> AppResult<AppState> {
    let actor = accounts::login(&ctx.store()?, &ctx.station()?, &login, &password).await?;
    ctx.set_on_duty(actor);
    ctx.state().await
}

/// 退出登录: back to the login screen.
pub async fn log_out(ctx: &AppCtx) -> AppResult<AppState> {
    ctx.log_out();
    ctx.state().await
}

/// 为站长设置密码, once, for a station without a 站长 who can log in; then the 站长 is on duty.
pub async fn set_head_password(ctx: &AppCtx, password: String) -> AppResult<AppState> {
    let head = accounts::set_first_head_password(&ctx.store()?, &ctx.station()?, &password).await?;
    ctx.set_on_duty(head);
    ctx.state().await
}

/// The idle lock comes on (the window saw no key press or mouse move for the station's
/// minutes): from now on the core acts for nobody until 解锁.
pub async fn lock(ctx: &AppCtx) -> AppResult<AppState> {
    ctx.lock();
    ctx.state().await
}

/// The idle lock's 解锁: the person on duty gives their password again (through the login,
/// so failures count and are held back).
pub async fn unlock(ctx: &AppCtx, password: String) -> AppResult<AppState> {
    let store = ctx.store()?;
    let on_duty = ctx.on_duty_even_if_locked()?;
    let login = station::staff(&store, on_duty.station_id)
        .await?
        .into_iter()
        .find(|s| Some(s.id) == on_duty.staff_id)
        .and_then(|s| s.login)
        .unwrap_or(on_duty.staff_name);
    let actor = accounts::login(&store, &ctx.station()?, &login, &password).await?;
    ctx.set_on_duty(actor);
    ctx.state().await
}

/// 自动锁定: the station's idle lock in minutes (0 never).
pub async fn save_idle_lock(ctx: &AppCtx, minutes: i64) -> AppResult<AppState> {
    ctx.set_station(station::set_idle_lock(&ctx.store()?, &ctx.actor()?, minutes).await?);
    ctx.state().await
}

/// What the role on duty reads when it may not do `action` (a page opened by its URL).
pub async fn refusal(ctx: &AppCtx, action: Action) -> AppResult<String> {
    Ok(stationdesk_core::roles::refusal(ctx.actor()?.role, action))
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
pub async fn choose_database(ctx: &AppCtx, server: Option<ServerAddress>) -> AppResult<Option<ServerAddress>> {
    ctx.require_once_set_up(Action::Settings)?;
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
    ctx.require_once_set_up(Action::Settings)?;
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
    ctx.actor()?.require(Action::Settings)?;
    let from = ctx.store()?;
    let moved = database_choice::move_to_server(&from, &target, &database_choice::config_path()?, progress).await?;
    if let Some(store) = moved.store {
        ctx.switch_to(store).await?;
    }
    Ok(moved.report)
}

//! The station, its staff on duty and its categories.

use stationdesk_core::accounts;
use stationdesk_core::database_choice::{self, DatabaseChoice, DatabaseHealth, MoveTarget, ServerAddress, ServerCheck};
use stationdesk_core::roles::Action;
use stationdesk_core::settings_file::{self, PickedSettings, SettingsSummary};
use stationdesk_core::station::{self, Category, StationDetails};
use stationdesk_core::store::{MoveReport, MoveStep};

use crate::ctx::{AppCtx, AppState};
use crate::error::{AppError, AppResult};
use stationdesk_core::ErrorCode;

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
    with_settings: bool,
) -> AppResult<AppState> {
    let store = ctx.store()?;
    let settings = if with_settings { Some(ctx.settings_file()?) } else { None };
    let head = accounts::init_station(&store, &code, &name, &staff_name, Some(&login), &password).await?;
    ctx.set_station(station::current(&store).await?);
    ctx.set_on_duty(head.clone());
    if let Some(file) = settings {
        // Checked through when it was picked; only the database can refuse it now.
        settings_file::import(&store, &head, &file, false).await.map_err(|e| {
            AppError::new(
                ErrorCode::Conflict,
                format!(
                    "服务站已建好，但设置文件未能导入：{}。请在 设置 → 设置文件 里再导入一次",
                    AppError::from(e).message
                ),
            )
        })?;
        ctx.forget_settings_file();
        ctx.set_station(station::current(&store).await?);
    }
    ctx.state().await
}

/// The settings file the desktop shell's dialog returned, kept and shown: what it holds on
/// the first-start screen, what importing it would change once the station is set up.
pub async fn pick_settings(ctx: &AppCtx, path: &std::path::Path) -> AppResult<SettingsSummary> {
    let picked = PickedSettings::read(path)?;
    let file = settings_file::parse(&picked)?;
    let picked = ctx.keep_settings_file(picked);
    match ctx.actor() {
        Ok(actor) => Ok(settings_file::import(&ctx.store()?, &actor, &picked, true).await?),
        Err(_) => Ok(settings_file::summary(&picked.name, &file)),
    }
}

/// 确认导入: the picked settings file becomes this station's settings; what changed.
pub async fn import_settings(ctx: &AppCtx) -> AppResult<SettingsSummary> {
    let file = ctx.settings_file()?;
    let store = ctx.store()?;
    let done = settings_file::import(&store, &ctx.actor()?, &file, false).await?;
    ctx.forget_settings_file();
    ctx.set_station(station::current(&store).await?);
    Ok(done)
}

/// 不导入: forgets the picked settings file.
pub async fn forget_settings(ctx: &AppCtx) -> AppResult<()> {
    ctx.forget_settings_file();
    Ok(())
}

/// 导出设置文件: the station's settings file, named and ready to save.
pub async fn export_settings(ctx: &AppCtx) -> AppResult<(String, Vec<u8>)> {
    Ok(settings_file::export(&ctx.store()?, &ctx.actor()?).await?)
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

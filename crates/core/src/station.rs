//! The station (服务站), its staff and its editable list of case categories.

use serde::{Deserialize, Serialize};

use crate::cases::optional_phone;
use crate::error::{CoreError, FieldError, Result};
use crate::store::{Actor, FieldChange, Store};
use stationdesk_model::roles::{self, Action, Role};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Station {
    pub id: i64,
    /// Short code that starts every case number: `RA` in `RA-2025-0007`.
    pub code: String,
    pub name: String,
    /// 服务站电话, printed on receipts and notices as the number residents call.
    pub phone: Option<String>,
    /// 二维码链接: the sign-up or contact link in the QR code of an event poster whose
    /// event names no link of its own.
    pub poster_link: Option<String>,
    /// The idle lock: minutes without a key press or mouse move before the window locks;
    /// 0 never (设置 → 账号).
    pub idle_lock_minutes: u32,
}

/// What the station edits about itself in 设置.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct StationDetails {
    pub name: String,
    pub phone: Option<String>,
    /// The posters' default 二维码链接 (an http(s) address or a WeChat ID); none for none.
    #[serde(default)]
    pub poster_link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Staff {
    pub id: i64,
    pub name: String,
    pub active: bool,
    /// The name this person logs in with (unique at the station); their name by default.
    pub login: Option<String>,
    pub role: Role,
    /// 停用: the account cannot log in (the person stays on past records).
    pub disabled: bool,
    /// Whether a password is set (an account without one cannot log in yet).
    pub has_password: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub sort_order: i64,
    pub active: bool,
}

/// Seeded at `init`; the station edits the list afterwards.
pub const DEFAULT_CATEGORIES: &[&str] = &[
    "市政设施",
    "物业管理",
    "环境卫生",
    "社保医保",
    "邻里纠纷",
    "停车交通",
    "电梯",
    "噪音扰民",
    "供水供电",
    "绿化养护",
    "安全隐患",
    "其他",
];

const MAX_STATION_NAME_CHARS: usize = 50;
pub(crate) const MAX_CATEGORY_CHARS: usize = 12;
/// The longest staff name, in characters.
pub(crate) const MAX_STAFF_NAME_CHARS: usize = MAX_CATEGORY_CHARS * 2;

fn valid_code(code: &str) -> Result<String> {
    let code = code.trim().to_ascii_uppercase();
    let ok = (1..=8).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_uppercase())
        && code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if ok {
        Ok(code)
    } else {
        Err(CoreError::invalid("code", "服务站代码须为 1–8 位英文字母或数字，以字母开头，如 RA"))
    }
}

pub(crate) fn valid_name(field: &str, label: &str, name: &str, max: usize) -> Result<String> {
    let name = stationdesk_model::input::clean_line(name);
    if name.is_empty() {
        return Err(CoreError::invalid(field, format!("请填写{label}")));
    }
    if name.chars().count() > max {
        return Err(CoreError::invalid(field, format!("{label}过长，最多 {max} 字")));
    }
    Ok(name)
}

/// First-run setup: creates the station, its first staff member and the seeded
/// categories. Refused if the database already has a station.
pub async fn init(store: &Store, code: &str, name: &str, first_staff: &str) -> Result<(Station, Staff)> {
    let code = valid_code(code)?;
    let name = valid_name("name", "服务站名称", name, MAX_STATION_NAME_CHARS)?;
    let first_staff = valid_name("staffName", "工作人员姓名", first_staff, MAX_CATEGORY_CHARS * 2)?;
    if let Some(existing) = store.stations().await?.into_iter().next() {
        return Err(already_initialised(&existing));
    }
    create(store, code, name, first_staff, None).await
}

fn already_initialised(existing: &Station) -> CoreError {
    CoreError::Conflict(format!("此数据库已初始化为“{}”（代码 {}），无需再次初始化", existing.name, existing.code))
}

/// The server login a station connects to the district's server with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationLogin {
    pub login: String,
    pub password: String,
}

impl StationLogin {
    /// Checks a login name (lower-case letters, digits and `_`, 3–40, starting with a
    /// letter) and a password (8–100 characters).
    pub fn new(login: &str, password: &str) -> Result<Self> {
        let login = login.trim();
        let ok = (3..=40).contains(&login.len())
            && login.starts_with(|c: char| c.is_ascii_lowercase())
            && login.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            return Err(CoreError::invalid(
                "login",
                "登录名须为 3–40 位小写英文字母、数字或下划线，以字母开头，如 ra_station",
            ));
        }
        if !(8..=100).contains(&password.chars().count()) {
            return Err(CoreError::invalid("password", "密码须为 8–100 个字符"));
        }
        Ok(Self { login: login.to_owned(), password: password.to_owned() })
    }
}

/// The district's administrator adds a station to the shared server: the station, its
/// first staff member, the seeded categories and the server login the station connects
/// with, all in one transaction. Only on a PostgreSQL server (a SQLite file holds one station).
pub async fn add_to_district(
    store: &Store,
    code: &str,
    name: &str,
    first_staff: &str,
    login: &StationLogin,
) -> Result<(Station, Staff)> {
    if !store.is_postgres() {
        return Err(CoreError::invalid(
            "db",
            "本机数据库文件只保存一个服务站；添加服务站需连接街道服务器（--db postgres://…）",
        ));
    }
    let code = valid_code(code)?;
    let name = valid_name("name", "服务站名称", name, MAX_STATION_NAME_CHARS)?;
    let first_staff = valid_name("staffName", "工作人员姓名", first_staff, MAX_CATEGORY_CHARS * 2)?;
    if let Some(existing) = store.stations().await?.into_iter().find(|s| s.code == code) {
        return Err(CoreError::Conflict(format!(
            "服务站代码 {} 已被“{}”使用，请换一个代码",
            existing.code, existing.name
        )));
    }
    create(store, code, name, first_staff, Some(login)).await
}

/// The district's administrator gives the street office (街道) a login that reads every
/// station's records and can change none (the server's policies see to both).
pub async fn add_district_login(store: &Store, login: &StationLogin) -> Result<()> {
    if !store.is_postgres() {
        return Err(CoreError::invalid("db", "街道账号只在街道服务器上使用（--db postgres://…）"));
    }
    let mut w = store.begin_bootstrap().await?;
    w.add_district_login(&login.login, &login.password).await?;
    w.commit().await
}

async fn create(
    store: &Store,
    code: String,
    name: String,
    first_staff: String,
    login: Option<&StationLogin>,
) -> Result<(Station, Staff)> {
    let mut w = store.begin_bootstrap().await?;
    // `init` on a station's own file: looked at again under the write lock, so two first
    // runs at once (two windows, or the window and a script) make one station, not two.
    if login.is_none()
        && let Some(existing) = w.first_station().await?
    {
        return Err(already_initialised(&existing));
    }
    let station_id = w.insert_station(&code, &name).await?;
    w.set_actor(station_id, None, &first_staff);
    w.audit(
        "station",
        station_id,
        "create",
        &[FieldChange::set("code", Some(&code)), FieldChange::set("name", Some(&name))]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>(),
    )
    .await?;
    let staff_id = w.insert_staff(station_id, &first_staff, &first_staff, Role::Head).await?;
    for (i, c) in DEFAULT_CATEGORIES.iter().enumerate() {
        w.insert_category(station_id, c, i as i64 + 1).await?;
    }
    if let Some(login) = login {
        w.set_station_login(station_id, &login.login, &login.password).await?;
    }
    w.commit().await?;
    Ok((
        Station {
            id: station_id,
            code,
            name,
            phone: None,
            poster_link: None,
            idle_lock_minutes: roles::DEFAULT_IDLE_LOCK_MINUTES,
        },
        Staff {
            id: staff_id,
            login: Some(first_staff.clone()),
            name: first_staff,
            active: true,
            role: Role::Head,
            disabled: false,
            has_password: false,
        },
    ))
}

/// The station this database serves. A district database will hold several; the choice
/// then comes from settings.
pub async fn current(store: &Store) -> Result<Station> {
    store.stations().await?.into_iter().next().ok_or_else(not_initialized)
}

/// Renames the station or sets its phone number or its posters' default link; every field is checked before anything
/// is saved, and the change is audited.
pub async fn update(store: &Store, actor: &Actor, input: &StationDetails) -> Result<Station> {
    actor.require(Action::Settings)?;
    let mut errors: Vec<FieldError> = Vec::new();
    let name = match valid_name("name", "服务站名称", &input.name, MAX_STATION_NAME_CHARS) {
        Ok(n) => Some(n),
        Err(CoreError::Invalid(mut e)) => {
            errors.append(&mut e);
            None
        }
        Err(e) => return Err(e),
    };
    let phone = optional_phone(input.phone.as_deref(), "phone", "服务站电话", &mut errors);
    let poster_link = stationdesk_model::poster::link("posterLink", "二维码链接", input.poster_link.as_deref())
        .unwrap_or_else(|e| {
            errors.push(e);
            None
        });
    let Some(name) = name.filter(|_| errors.is_empty()) else {
        return Err(CoreError::Invalid(errors));
    };
    let Some(before) = store.stations().await?.into_iter().find(|s| s.id == actor.station_id) else {
        return Err(not_initialized());
    };
    let after = Station { name, phone, poster_link, ..before.clone() };
    let mut w = store.begin_write(actor).await?;
    w.update_station(&before, &after).await?;
    w.commit().await?;
    Ok(after)
}

/// 自动锁定: the minutes without a key press or mouse move before the window locks (0
/// never), for the station's PCs; audited.
pub async fn set_idle_lock(store: &Store, actor: &Actor, minutes: i64) -> Result<Station> {
    actor.require(Action::Settings)?;
    let minutes = roles::check_idle_lock_minutes(minutes).map_err(|e| CoreError::Invalid(vec![e]))?;
    let Some(before) = store.stations().await?.into_iter().find(|s| s.id == actor.station_id) else {
        return Err(not_initialized());
    };
    let mut w = store.begin_write(actor).await?;
    w.set_idle_lock(&before, minutes).await?;
    w.commit().await?;
    Ok(Station { idle_lock_minutes: minutes, ..before })
}

/// Like [`current`] but `None` on a fresh database, for the first-run screen.
pub async fn current_opt(store: &Store) -> Result<Option<Station>> {
    Ok(store.stations().await?.into_iter().next())
}

pub fn not_initialized() -> CoreError {
    CoreError::NotFound("服务站尚未初始化：请先完成首次设置（或运行 stationdesk-cli init）".to_owned())
}

pub async fn staff(store: &Store, station_id: i64) -> Result<Vec<Staff>> {
    store.staff(station_id).await
}

/// The active staff member of that name, e.g. the assignee named on the command line.
pub async fn staff_named(store: &Store, station_id: i64, name: &str) -> Result<Staff> {
    let name = stationdesk_model::input::clean_line(name);
    let all = store.staff(station_id).await?;
    if let Some(found) = all.iter().find(|s| s.active && s.name == name) {
        return Ok(found.clone());
    }
    let names: Vec<&str> = all.iter().filter(|s| s.active).map(|s| s.name.as_str()).collect();
    Err(CoreError::invalid(
        "assignee",
        format!(
            "本站没有在岗的工作人员“{}”，可选：{}",
            stationdesk_model::input::excerpt(&name),
            if names.is_empty() { "（无）".to_owned() } else { names.join("、") }
        ),
    ))
}

/// Adds a staff member (an account without a password yet, 工作人员), or returns the
/// existing one with that name. For the 站长: accounts are theirs to manage.
pub async fn add_staff(store: &Store, actor: &Actor, name: &str) -> Result<Staff> {
    actor.require(Action::Accounts)?;
    staff_or_new(store, actor, name).await
}

pub(crate) async fn staff_or_new(store: &Store, actor: &Actor, name: &str) -> Result<Staff> {
    let name = valid_name("name", "工作人员姓名", name, MAX_CATEGORY_CHARS * 2)?;
    if let Some(existing) = store.staff(actor.station_id).await?.into_iter().find(|s| s.name == name) {
        return Ok(existing);
    }
    // Looked up again inside the write transaction: several programs starting at once
    // under the same new name (six CLI calls, or the window and a script) queue on the
    // write lock, and all but the first find the row the first one added.
    let mut w = store.begin_write(actor).await?;
    if let Some(existing) = w.staff_named(actor.station_id, &name).await? {
        return Ok(existing);
    }
    let id = w.insert_staff(actor.station_id, &name, &name, Role::Staff).await?;
    w.commit().await?;
    Ok(Staff {
        id,
        login: Some(name.clone()),
        name,
        active: true,
        role: Role::Staff,
        disabled: false,
        has_password: false,
    })
}

/// The actor for a named staff member picked from the on-duty list, with their role,
/// adding them (as 工作人员) on first use. A disabled account is refused.
pub async fn actor_for(store: &Store, station: &Station, staff_name: &str) -> Result<Actor> {
    let bootstrap = Actor {
        station_id: station.id,
        staff_id: None,
        staff_name: stationdesk_model::input::clean_line(staff_name),
        role: Role::Staff,
    };
    let staff = staff_or_new(store, &bootstrap, staff_name).await?;
    if staff.disabled {
        return Err(CoreError::LoginFailed(crate::accounts::DISABLED.to_owned()));
    }
    Ok(Actor { station_id: station.id, staff_id: Some(staff.id), staff_name: staff.name, role: staff.role })
}

pub async fn categories(store: &Store, station_id: i64) -> Result<Vec<Category>> {
    store.categories(station_id).await
}

pub async fn add_category(store: &Store, actor: &Actor, name: &str) -> Result<Category> {
    actor.require(Action::Settings)?;
    let name = valid_name("name", "分类名称", name, MAX_CATEGORY_CHARS)?;
    let existing = store.categories(actor.station_id).await?;
    if existing.iter().any(|c| c.name == name) {
        return Err(CoreError::invalid("name", format!("已有分类“{name}”")));
    }
    // Checked again, and the position taken, inside the write transaction, so two
    // workers adding at once neither collide nor share a position.
    let mut w = store.begin_write(actor).await?;
    let (taken, last) = w.category_slot(actor.station_id, &name).await?;
    if taken {
        return Err(CoreError::invalid("name", format!("已有分类“{name}”")));
    }
    let sort_order = last + 1;
    let id = w.insert_category(actor.station_id, &name, sort_order).await?;
    w.commit().await?;
    Ok(Category { id, name, sort_order, active: true })
}

/// Renames a category or takes it out of (or back into) the intake list. Cases keep
/// their category either way.
pub async fn update_category(store: &Store, actor: &Actor, id: i64, name: &str, active: bool) -> Result<Category> {
    actor.require(Action::Settings)?;
    let name = valid_name("name", "分类名称", name, MAX_CATEGORY_CHARS)?;
    let all = store.categories(actor.station_id).await?;
    let Some(before) = all.iter().find(|c| c.id == id) else {
        return Err(CoreError::NotFound("找不到该分类，可能已被他人修改，请刷新".to_owned()));
    };
    if all.iter().any(|c| c.id != id && c.name == name) {
        return Err(CoreError::invalid("name", format!("已有分类“{name}”")));
    }
    let mut w = store.begin_write(actor).await?;
    w.update_category(before, &name, active).await?;
    w.commit().await?;
    Ok(Category { id, name, sort_order: before.sort_order, active })
}

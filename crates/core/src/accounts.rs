//! Staff accounts (issue 12): logging in with a login name and a password (argon2id),
//! failed logins counted in the database and held back, and the 站长's services to add
//! staff, reset a password and disable an account. Every service is audited; no password
//! or hash reaches the audit log or any message.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use serde::{Deserialize, Serialize};
use stationdesk_model::roles::{self, Action, Role};

use crate::error::{CoreError, Result};
use crate::station::{self, Staff, Station};
use crate::store::{Actor, Location, Store};

/// What a disabled account reads when it tries to log in (or is picked).
pub const DISABLED: &str = "该账号已停用：请找站长重新启用";

/// A new account, as the 站长 types it in 设置 → 账号 or `account add`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NewAccount {
    /// The person's name as shown on records.
    pub name: String,
    /// The login name; the name when empty.
    pub login: Option<String>,
    pub role: Role,
    /// The initial password, which the person should change.
    pub password: String,
}

/// argon2id with the crate's defaults (19 MiB, 2 passes), a fresh salt per password.
fn hash(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| CoreError::Io(std::io::Error::other("无法生成密码的散列，请重试")))
}

fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A hash of a password nobody knows, verified against when the login name is unknown so
/// that an unknown name takes as long as a wrong password.
fn decoy() -> String {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("stationdesk-decoy-password").unwrap_or_default()).clone()
}

fn password(password: &str) -> Result<()> {
    roles::check_password(password).map_err(|e| CoreError::Invalid(vec![e]))
}

/// Logs a staff member in at the station: their actor (with the role every service
/// checks), or a refusal that never says whether the name or the password was wrong.
/// After 5 failures in a row logging in is held back (30 s, doubling, at most 15 min),
/// counted in the database so a restart does not reset it.
pub async fn login(store: &Store, station: &Station, login: &str, password: &str) -> Result<Actor> {
    let login = login.trim();
    let bootstrap =
        Actor { station_id: station.id, staff_id: None, staff_name: login.to_owned(), role: Role::ReadOnly };
    let mut w = store.begin_write(&bootstrap).await?;
    let now = store.now();
    let account = w.account_by_login(station.id, login).await?;
    let Some((account, stored)) = account.and_then(|a| a.password_hash.clone().map(|h| (a, h))) else {
        let _ = verify(password, &decoy());
        return Err(CoreError::LoginFailed(roles::WRONG_LOGIN.to_owned()));
    };
    if let Some(until) = account.locked_until.filter(|t| *t > now) {
        return Err(CoreError::LoginFailed(roles::locked_message((until - now).num_seconds())));
    }
    let actor = Actor {
        station_id: station.id,
        staff_id: Some(account.staff.id),
        staff_name: account.staff.name.clone(),
        role: account.staff.role,
    };
    w.act_as(actor.clone());
    if !verify(password, &stored) {
        let failed = account.failed_logins + 1;
        let hold = roles::lock_seconds(u32::try_from(failed).unwrap_or(u32::MAX));
        let until = (hold > 0).then(|| now + chrono::Duration::seconds(hold));
        w.record_login_failure(account.staff.id, failed, until).await?;
        w.commit().await?;
        return Err(CoreError::LoginFailed(if hold > 0 {
            roles::locked_message(hold)
        } else {
            roles::WRONG_LOGIN.to_owned()
        }));
    }
    if account.staff.disabled || !account.staff.active {
        return Err(CoreError::LoginFailed(DISABLED.to_owned()));
    }
    w.record_login(account.staff.id).await?;
    w.commit().await?;
    Ok(actor)
}

/// Every account of the station (no hashes), for 设置 → 账号 and `account list`.
pub async fn list(store: &Store, actor: &Actor) -> Result<Vec<Staff>> {
    actor.require(Action::Accounts)?;
    store.staff(actor.station_id).await
}

/// What the actor's role may do, for the window to show only that.
pub fn allowed_actions(actor: &Actor) -> Vec<Action> {
    roles::allowed_actions(actor.role)
}

/// Whether the station has a 站长 who can log in; none after the upgrade from a version
/// without accounts, until one is set.
pub async fn has_head(store: &Store, station_id: i64) -> Result<bool> {
    store.has_head_with_password(station_id).await
}

/// Adds an account (or gives an existing staff member without one a login and a role),
/// with an initial password.
pub async fn create_account(store: &Store, actor: &Actor, input: &NewAccount) -> Result<Staff> {
    actor.require(Action::Accounts)?;
    if input.role == Role::District {
        return Err(CoreError::invalid(
            "role",
            "街道账号在街道服务器上添加（station add-district-login），不是服务站的账号",
        ));
    }
    let name = station::valid_name("name", "姓名", &input.name, station::MAX_STAFF_NAME_CHARS)?;
    let login = roles::check_login(input.login.as_deref().filter(|l| !l.trim().is_empty()).unwrap_or(&name))
        .map_err(|e| CoreError::Invalid(vec![e]))?;
    password(&input.password)?;
    let hashed = hash(&input.password)?;
    // Looked up and written in one transaction: a refusal leaves no staff row behind.
    let mut w = store.begin_write(actor).await?;
    if let Some(other) = w.account_by_login(actor.station_id, &login).await?
        && other.staff.name != name
    {
        return Err(CoreError::invalid("login", format!("登录名“{login}”已被{}使用，请换一个", other.staff.name)));
    }
    let staff = match w.staff_named(actor.station_id, &name).await? {
        Some(existing) if existing.has_password => {
            return Err(CoreError::invalid("name", format!("{name}已有账号；要改密码请用“重设密码”")));
        }
        Some(existing) => {
            w.set_login(&existing, &login, input.role).await?;
            existing
        }
        None => {
            let id = w.insert_staff(actor.station_id, &name, &login, input.role).await?;
            Staff { id, name, active: true, login: None, role: input.role, disabled: false, has_password: false }
        }
    };
    w.set_password_hash(staff.id, &hashed, "password_set").await?;
    w.commit().await?;
    Ok(Staff { login: Some(login), role: input.role, has_password: true, ..staff })
}

/// The 站长 sets a new password for someone who forgot theirs (their hold is lifted too).
pub async fn reset_password(store: &Store, actor: &Actor, staff_id: i64, new_password: &str) -> Result<()> {
    actor.require(Action::Accounts)?;
    password(new_password)?;
    let hashed = hash(new_password)?;
    let mut w = store.begin_write(actor).await?;
    if w.account_by_id(actor.station_id, staff_id).await?.is_none() {
        return Err(CoreError::NotFound("找不到这个账号，请刷新后重试".to_owned()));
    }
    w.set_password_hash(staff_id, &hashed, "password_reset").await?;
    w.commit().await
}

/// 停用 / 启用 an account. The last 站长 cannot be disabled, nor can the 站长 disable
/// themselves (nobody would be left to manage accounts).
pub async fn disable_account(store: &Store, actor: &Actor, staff_id: i64, disabled: bool) -> Result<Staff> {
    actor.require(Action::Accounts)?;
    let mut w = store.begin_write(actor).await?;
    let Some(before) = w.account_by_id(actor.station_id, staff_id).await? else {
        return Err(CoreError::NotFound("找不到这个账号，请刷新后重试".to_owned()));
    };
    if disabled && actor.staff_id == Some(staff_id) {
        return Err(CoreError::invalid("account", "不能停用自己正在使用的账号；请让另一位站长操作"));
    }
    if disabled && before.staff.role == Role::Head && w.other_heads(actor.station_id, staff_id).await? == 0 {
        return Err(CoreError::invalid("account", "这是本站唯一的站长账号，不能停用；请先把另一人设为站长"));
    }
    w.set_disabled(staff_id, disabled).await?;
    w.commit().await?;
    Ok(Staff { disabled, ..before.staff })
}

/// Anyone logged in changes their own password, giving the current one first.
pub async fn change_own_password(store: &Store, actor: &Actor, current: &str, new_password: &str) -> Result<()> {
    let Some(staff_id) = actor.staff_id else {
        return Err(CoreError::invalid(
            "password",
            "系统管理员没有自己的密码；请用 account reset-password 设置某个账号的密码",
        ));
    };
    password(new_password)?;
    let hashed = hash(new_password)?;
    let mut w = store.begin_write(actor).await?;
    let stored = w.account_by_id(actor.station_id, staff_id).await?.and_then(|a| a.password_hash);
    if !stored.is_some_and(|h| verify(current, &h)) {
        return Err(CoreError::invalid("current", "当前密码不对，请重新输入"));
    }
    w.set_password_hash(staff_id, &hashed, "password_changed").await?;
    w.commit().await
}

/// The OS account running this program, by name.
pub fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|u| !u.trim().is_empty())
        .or_else(|| my_uid().map(|uid| format!("uid {uid}")))
        .unwrap_or_else(|| "未知".to_owned())
}

/// This process's effective user id: a file it creates is owned by it (no unsafe call).
#[cfg(unix)]
fn my_uid() -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    tempfile::tempfile().and_then(|f| f.metadata()).map(|m| m.uid()).ok()
}

#[cfg(not(unix))]
fn my_uid() -> Option<u32> {
    None
}

/// Whether this OS account owns the file.
#[cfg(unix)]
fn owns(path: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (my_uid(), std::fs::metadata(path)) {
        (Some(me), Ok(file)) => file.uid() == me,
        _ => false,
    }
}

#[cfg(not(unix))]
fn owns(_path: &std::path::Path) -> bool {
    // Windows keeps each user's app-data folder to that user already.
    true
}

/// The OS-level administrator's test: only the OS account owning the station's SQLite file
/// may act without a station password (on a district server the server login in the
/// address is the credential).
pub fn require_owner(store: &Store) -> Result<()> {
    if let Location::SqliteFile(path) = store.location()
        && !owns(path)
    {
        return Err(CoreError::Forbidden(format!(
            "本机账户 {} 不是数据库文件的所有者，不能以系统管理员身份操作：请用 --user 登录名 登录",
            os_user()
        )));
    }
    Ok(())
}

/// The OS-level administrator as the audit log records them.
pub fn administrator(station_id: i64) -> Actor {
    Actor {
        station_id, staff_id: None, staff_name: format!("系统管理员（本机账户 {}）", os_user()), role: Role::Head
    }
}

/// 为站长设置密码, once: a station with no 站长 who can log in (upgraded from a version
/// without accounts, or made by `station add` on a district server) gets its first 站长's
/// password from whoever may administer the database at this PC ([`require_owner`]),
/// audited as the OS-level administrator; then the 站长 is logged in. Refused as soon as a
/// 站长 can log in, so it cannot take over a station that has one.
pub async fn set_first_head_password(store: &Store, station: &Station, new_password: &str) -> Result<Actor> {
    if has_head(store, station.id).await? {
        return Err(CoreError::Conflict(
            "本站已有能登录的站长：请用站长的账号登录；忘记密码请让另一位站长重设".to_owned(),
        ));
    }
    require_owner(store)?;
    password(new_password)?;
    let head = store
        .staff(station.id)
        .await?
        .into_iter()
        .find(|s| s.role == Role::Head && s.active && !s.disabled)
        .ok_or_else(|| {
            CoreError::NotFound("本站没有站长账号：请在本机用 stationdesk-cli account add 添加".to_owned())
        })?;
    let hashed = hash(new_password)?;
    let admin = administrator(station.id);
    let mut w = store.begin_write(&admin).await?;
    w.set_password_hash(head.id, &hashed, "password_set").await?;
    w.commit().await?;
    login(store, station, head.login.as_deref().unwrap_or(&head.name), new_password).await
}

/// First start in the window: the station, its first staff member as 站长 with a login
/// (the name when empty) and a password (both checked before anything is written), then
/// that 站长 logged in. `station::init` refuses a database that already has a station, so
/// this never touches an existing one.
pub async fn init_station(
    store: &Store,
    code: &str,
    name: &str,
    head: &str,
    login_name: Option<&str>,
    new_password: &str,
) -> Result<Actor> {
    let head = station::valid_name("staffName", "姓名", head, station::MAX_STAFF_NAME_CHARS)?;
    let login_name = roles::check_login(login_name.filter(|l| !l.trim().is_empty()).unwrap_or(&head))
        .map_err(|e| CoreError::Invalid(vec![e]))?;
    password(new_password)?;
    let (station, _) = station::init(store, code, name, &head).await?;
    let input =
        NewAccount { name: head, login: Some(login_name.clone()), role: Role::Head, password: new_password.to_owned() };
    create_account(store, &administrator(station.id), &input).await?;
    login(store, &station, &login_name, new_password).await
}

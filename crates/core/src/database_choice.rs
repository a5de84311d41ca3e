//! Which database this PC's StationDesk opens: the file on this PC (the default) or the
//! district's shared server, as chosen at first start or in 设置 → 数据库. The choice is
//! kept in `database.json` in the per-user app-data folder, readable by this user only (a
//! server address holds the station's password). `--db` and `STATIONDESK_DB` still win.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::store::{Location, default_data_dir};

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum DatabaseChoice {
    /// 只在本机使用: the SQLite file in the app-data folder.
    Local,
    /// 连接街道服务器: `postgres://login:password@host:port/database`.
    Server { url: String },
}

/// The address's password stays out of logs.
impl std::fmt::Debug for DatabaseChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Local => f.write_str("Local"),
            Self::Server { url } => {
                let shown = Location::parse(url).map(|l| l.describe()).unwrap_or_else(|_| "(invalid)".to_owned());
                f.debug_struct("Server").field("url", &shown).finish()
            }
        }
    }
}

/// A server as the 设置 form asks for it; the address is made here, not in the window.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ServerAddress {
    /// 服务器地址: `10.0.0.5` or `db.jiedao.local`.
    pub host: String,
    pub port: u16,
    /// 数据库名.
    pub database: String,
    /// 本站登录名.
    pub login: String,
    /// Empty when shown back to the window.
    pub password: String,
}

/// The password stays out of logs.
impl std::fmt::Debug for ServerAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerAddress")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("database", &self.database)
            .field("login", &self.login)
            .finish_non_exhaustive()
    }
}

/// Letters, digits and `-._~` stay; everything else is %-escaped (UTF-8).
fn escape(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl ServerAddress {
    /// The `postgres://` address, or which field to fix.
    pub fn url(&self) -> Result<String> {
        let mut errors = Vec::new();
        let host = self.host.trim();
        if host.is_empty()
            || host.len() > 253
            || !host.chars().all(|c| c.is_ascii_alphanumeric() || "-._:[]".contains(c))
        {
            errors.push(crate::FieldError::new("host", "请填写服务器地址，如 10.0.0.5（只含字母、数字、点和横线）"));
        }
        if self.port == 0 {
            errors.push(crate::FieldError::new("port", "端口应为 1–65535，街道服务器一般是 5432"));
        }
        if self.database.trim().is_empty() || self.database.chars().count() > 63 {
            errors.push(crate::FieldError::new("database", "请填写数据库名（街道管理员提供），最多 63 个字符"));
        }
        if self.login.trim().is_empty() || self.login.chars().count() > 63 {
            errors.push(crate::FieldError::new("login", "请填写本站的登录名（街道管理员提供）"));
        }
        if self.password.is_empty() || self.password.chars().count() > 100 {
            errors.push(crate::FieldError::new("password", "请填写密码（最多 100 个字符）"));
        }
        if !errors.is_empty() {
            return Err(CoreError::Invalid(errors));
        }
        Ok(format!(
            "postgres://{}:{}@{host}:{}/{}",
            escape(self.login.trim()),
            escape(&self.password),
            self.port,
            escape(self.database.trim())
        ))
    }

    /// The fields of a saved address, the password left out.
    pub fn shown(url: &str) -> Option<Self> {
        let Ok(Location::Postgres(pg)) = Location::parse(url) else { return None };
        let (login, host, port, database) = pg.parts()?;
        Some(Self { host, port, database, login, password: String::new() })
    }
}

/// What the 测试连接 button reports about a server before it is chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ServerCheck {
    /// The address without the password.
    pub server: String,
    /// `PostgreSQL 15.18`.
    pub version: String,
    /// What this login is there, in words: `服务站：荣傲家园社区微言服务站（RA）`, `街道（只读，3 个服务站）`.
    pub login_is: String,
    pub login_kind: LoginKind,
}

/// What a login is on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum LoginKind {
    /// A station's own login: its desk.
    Station,
    /// The street office's: every station, read-only.
    District,
    /// The database's owner: the district administrator, for adding and moving stations.
    Administrator,
    /// The database has no tables yet.
    NotReady,
}

/// 把本站数据迁到街道服务器: the server as the district administrator connects to it, and
/// the login this station will use there from then on.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MoveTarget {
    /// The server, with the administrator's (the database owner's) login and password.
    pub server: ServerAddress,
    /// The station's new login on the server (`ra_station`).
    pub station_login: String,
    pub station_password: String,
}

impl std::fmt::Debug for MoveTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MoveTarget")
            .field("server", &self.server)
            .field("station_login", &self.station_login)
            .finish_non_exhaustive()
    }
}

const FILE_NAME: &str = "database.json";

/// Where the choice is kept.
pub fn config_path() -> Result<PathBuf> {
    Ok(default_data_dir()?.join(FILE_NAME))
}

/// The saved choice, if any.
pub fn load_from(path: &Path) -> Result<Option<DatabaseChoice>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(CoreError::Io(e)),
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|_| CoreError::Conflict(format!("数据库设置文件已损坏：{}；请删除它后重新选择数据库", path.display())))
}

/// Saves the choice: written to a temporary file readable by this user only, then renamed
/// over the old one, so a crash leaves either choice whole.
pub fn save_to(path: &Path, choice: &DatabaseChoice) -> Result<()> {
    if let DatabaseChoice::Server { url } = choice {
        // Refuse what could not be opened later.
        Location::parse(url)?;
    }
    let text = serde_json::to_string_pretty(choice).map_err(|e| CoreError::Io(std::io::Error::other(e)))?;
    Ok(crate::private_files::replace(path, text.as_bytes())?)
}

/// The saved choice in the app-data folder.
pub fn load() -> Result<Option<DatabaseChoice>> {
    load_from(&config_path()?)
}

pub fn save(choice: &DatabaseChoice) -> Result<()> {
    save_to(&config_path()?, choice)
}

/// The location a choice stands for.
pub fn location_of(choice: &DatabaseChoice) -> Result<Location> {
    match choice {
        DatabaseChoice::Local => Ok(Location::SqliteFile(default_data_dir()?.join("stationdesk.db"))),
        DatabaseChoice::Server { url } => Location::parse(url),
    }
}

/// Whether the database answers now, for the window's banner when a server goes away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DatabaseHealth {
    pub ok: bool,
    /// What is wrong, in Chinese, when it does not answer.
    pub message: Option<String>,
    /// A shared server (the window only watches those; a file on this PC does not go away).
    pub server: bool,
}

/// Asks the database one trivial question, waiting at most three seconds.
pub async fn health(store: &crate::Store) -> DatabaseHealth {
    let server = store.is_postgres();
    match tokio::time::timeout(std::time::Duration::from_secs(3), store.ping()).await {
        Ok(Ok(_)) => DatabaseHealth { ok: true, message: None, server },
        Ok(Err(e)) => DatabaseHealth { ok: false, message: Some(e.user_message()), server },
        Err(_) => DatabaseHealth {
            ok: false,
            message: Some("数据库 3 秒内没有应答：请检查网络（街道服务器）".to_owned()),
            server,
        },
    }
}

/// Connects to a server without changing anything there and says what this login is.
pub async fn check_server(url: &str) -> Result<ServerCheck> {
    let Location::Postgres(url) = Location::parse(url)? else {
        return Err(CoreError::invalid("url", "街道服务器的地址以 postgres:// 开头"));
    };
    crate::store::postgres::check(&url).await
}

/// Connects this PC to a district server for good (the first start's 连接街道服务器): the
/// address is checked as 测试连接 checks it, a login that is neither a station's nor the
/// street office's is refused (the administrator's is for adding and moving stations), the
/// store is opened and the choice kept in `config` for the next start.
pub async fn connect(address: &ServerAddress, config: &Path) -> Result<crate::Store> {
    let url = address.url()?;
    let check = check_server(&url).await?;
    match check.login_kind {
        LoginKind::Station | LoginKind::District => {}
        LoginKind::Administrator => {
            return Err(CoreError::invalid(
                "login",
                "这是街道管理员（数据库所有者）的账号，不能用来办理业务：请填写本站自己的登录名",
            ));
        }
        LoginKind::NotReady => return Err(CoreError::Conflict(check.login_is)),
    }
    let (store, _) = crate::Store::open(&Location::parse(&url)?).await?;
    if !store.is_district() && crate::station::current_opt(&store).await?.is_none() {
        store.close().await;
        return Err(no_station(&address.login));
    }
    if let Err(e) = save_to(config, &DatabaseChoice::Server { url }) {
        store.close().await;
        return Err(e);
    }
    Ok(store)
}

fn no_station(login: &str) -> CoreError {
    CoreError::NotFound(format!(
        "服务器上没有登录名“{}”的服务站：请街道管理员先添加本站（stationdesk-cli station add … --login {0}），再连接",
        stationdesk_model::input::excerpt(login.trim())
    ))
}

/// What moving this PC's file onto the server ended in: the check, and the station's store
/// on the server when every table checked out (the choice is then kept in `config`).
#[derive(Debug)]
pub struct Moved {
    pub report: crate::store::MoveReport,
    pub store: Option<crate::Store>,
}

/// 把本站数据迁到街道服务器 from the window: the same move as `stationdesk-cli migrate`
/// (`district::move_station`, one server transaction, then counts and checksums table by
/// table), connected as the district administrator; when every table checks out, this PC
/// switches to the station's new login there. The file is only read.
pub async fn move_to_server(
    from: &crate::Store,
    target: &MoveTarget,
    config: &Path,
    progress: &mut (dyn FnMut(crate::store::MoveStep) + Send),
) -> Result<Moved> {
    if from.is_postgres() {
        return Err(CoreError::Conflict("本机已连接街道服务器，无需迁移".to_owned()));
    }
    let admin_url = target.server.url()?;
    let login =
        crate::station::StationLogin::new(&target.station_login, &target.station_password).map_err(|e| match e {
            CoreError::Invalid(fields) => CoreError::Invalid(
                fields
                    .into_iter()
                    .map(|f| {
                        let name = if f.field == "login" { "stationLogin" } else { "stationPassword" };
                        crate::FieldError::new(name, f.message)
                    })
                    .collect(),
            ),
            other => other,
        })?;
    let station_url =
        ServerAddress { login: login.login.clone(), password: login.password.clone(), ..target.server.clone() }
            .url()?;
    let check = check_server(&admin_url).await?;
    if !matches!(check.login_kind, LoginKind::Administrator | LoginKind::NotReady) {
        return Err(CoreError::invalid(
            "login",
            format!(
                "迁移需用街道管理员（数据库所有者）的账号连接，这个登录是{}：请街道管理员在此输入管理账号",
                check.login_is
            ),
        ));
    }
    let (admin, _) = crate::Store::open(&Location::parse(&admin_url)?).await?;
    let report = crate::district::move_station(from, &admin, &login, progress).await;
    admin.close().await;
    let report = report?;
    if !report.verified {
        return Ok(Moved { report, store: None });
    }
    let (store, _) = crate::Store::open(&Location::parse(&station_url)?).await?;
    if let Err(e) = save_to(config, &DatabaseChoice::Server { url: station_url }) {
        store.close().await;
        return Err(e);
    }
    Ok(Moved { report, store: Some(store) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_makes_the_address_and_names_what_is_missing() {
        let a = ServerAddress {
            host: " 10.0.0.5 ".to_owned(),
            port: 5432,
            database: "stationdesk".to_owned(),
            login: "ra_station".to_owned(),
            password: "p@ss:w/rd 密".to_owned(),
        };
        let url = a.url().expect("url");
        assert_eq!(url, "postgres://ra_station:p%40ss%3Aw%2Frd%20%E5%AF%86@10.0.0.5:5432/stationdesk");
        let back = ServerAddress::shown(&url).expect("shown");
        assert_eq!(
            (back.host.as_str(), back.port, back.login.as_str(), back.password.as_str()),
            ("10.0.0.5", 5432, "ra_station", "")
        );
        let empty = ServerAddress {
            host: String::new(),
            port: 0,
            database: String::new(),
            login: String::new(),
            password: String::new(),
        };
        let fields: Vec<String> = match empty.url() {
            Err(CoreError::Invalid(e)) => e.into_iter().map(|f| f.field).collect(),
            other => panic!("{other:?}"),
        };
        assert_eq!(fields, ["host", "port", "database", "login", "password"]);
    }

    #[test]
    fn a_choice_is_kept_for_this_user_only_and_read_back() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("app").join(FILE_NAME);
        assert_eq!(load_from(&path).expect("none yet"), None);
        let choice =
            DatabaseChoice::Server { url: "postgres://ra_station:秘密@10.0.0.5:5432/stationdesk".to_owned() };
        save_to(&path, &choice).expect("save");
        assert_eq!(load_from(&path).expect("load"), Some(choice));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "the file holds a password: owner only");
        }
        save_to(&path, &DatabaseChoice::Local).expect("back to local");
        assert_eq!(load_from(&path).expect("load"), Some(DatabaseChoice::Local));
        let err = save_to(&path, &DatabaseChoice::Server { url: "postgres://".to_owned() }).expect_err("bad url");
        assert!(
            err.user_message().contains("数据库名") || err.user_message().contains("服务器地址"),
            "{}",
            err.user_message()
        );
        std::fs::write(&path, "{not json").expect("damage");
        assert!(load_from(&path).expect_err("damaged").user_message().contains("已损坏"));
    }
}

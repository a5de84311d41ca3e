//! The district's shared PostgreSQL server: its address, opening it, and what a failed
//! connection means in a worker's words.
//!
//! Each station connects with its own login. The server itself keeps stations apart:
//! every table has row-level security that admits only rows of the station whose
//! `stations.login` is the connected role (see `migrations/postgres`), so a station's
//! connection cannot read or write another station's rows even through a bug in our SQL.
//! The district's administrator (the schema's owner) runs the migrations and adds stations.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{ConnectOptions, Connection};

use super::{Clock, Db, Location, OpenReport, Store, q};
use crate::error::{CoreError, Result};

pub(super) static PG_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The oldest server we run on (`server_version_num`): PostgreSQL 13.
const OLDEST_SERVER: i64 = 130_000;

/// A server address as given; its password never appears in [`Debug`] or [`describe`](Self::describe).
#[derive(Clone, PartialEq, Eq)]
pub struct PgUrl(String);

impl std::fmt::Debug for PgUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl PgUrl {
    pub fn parse(url: &str) -> Result<Self> {
        let options = PgConnectOptions::from_str(url).map_err(|_| {
            CoreError::invalid(
                "db",
                "无法识别服务器地址：应写成 postgres://登录名:密码@服务器地址:端口/数据库名，例如 postgres://ra:密码@10.0.0.5:5432/stationdesk",
            )
        })?;
        if options.get_database().is_none_or(str::is_empty) {
            return Err(CoreError::invalid("db", "服务器地址缺少数据库名：请在地址末尾写上 /数据库名"));
        }
        Ok(Self(url.to_owned()))
    }

    fn options(&self) -> Result<PgConnectOptions> {
        PgConnectOptions::from_str(&self.0).map_err(|_| CoreError::invalid("db", "无法识别服务器地址"))
    }

    /// `postgres://login@host:port/database`, without the password.
    pub fn describe(&self) -> String {
        match self.options() {
            Ok(o) => format!(
                "postgres://{}@{}:{}/{}",
                o.get_username(),
                o.get_host(),
                o.get_port(),
                o.get_database().unwrap_or_default()
            ),
            Err(_) => "postgres://（地址无法识别）".to_owned(),
        }
    }

    /// Login, host, port and database, for showing back in 设置 (no password).
    pub fn parts(&self) -> Option<(String, String, u16, String)> {
        let o = self.options().ok()?;
        Some((o.get_username().to_owned(), o.get_host().to_owned(), o.get_port(), o.get_database()?.to_owned()))
    }

    /// The full address, password included, for connecting (never for a log).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// What a failed connection means, in words that say what to fix.
pub fn connect_error(url: &PgUrl, e: &sqlx::Error) -> CoreError {
    let target = url.describe();
    let message = match e {
        sqlx::Error::Database(db) => match db.code().as_deref() {
            Some("28P01") => "登录名或密码不对：请核对街道管理员给本站的登录名和密码".to_owned(),
            Some("28000") => "服务器拒绝了这个登录（没有此登录名，或不允许从本机连接）：请联系街道管理员".to_owned(),
            Some("42501") => {
                "这个登录不能使用此数据库（服务器上还没有为它开通服务站）：请联系街道管理员为本站开通登录".to_owned()
            }
            Some("3D000") => "服务器上没有这个数据库：请核对地址末尾的数据库名".to_owned(),
            Some("53300") => "服务器的连接数已满：请稍后再试，或联系街道管理员".to_owned(),
            Some("57P03") => "服务器正在启动或关闭，暂不接受连接：请稍后再试".to_owned(),
            _ => format!("服务器拒绝连接（{}）：请联系街道管理员", db.code().unwrap_or_default()),
        },
        sqlx::Error::Tls(_) => {
            "服务器要求加密连接（TLS）或加密握手失败：请在地址末尾加上 ?sslmode=require，或联系街道管理员".to_owned()
        }
        sqlx::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => {
                "服务器没有响应连接（端口未开放或数据库服务未启动）：请核对地址和端口，或联系街道管理员".to_owned()
            }
            std::io::ErrorKind::TimedOut => "连接服务器超时：请检查网线或网络，以及服务器地址".to_owned(),
            _ => "连不上服务器：请检查网络和服务器地址".to_owned(),
        },
        sqlx::Error::PoolTimedOut => "连接服务器超时：请检查网线或网络，以及服务器地址".to_owned(),
        sqlx::Error::Configuration(_) => "服务器地址的写法有误：请核对登录名、密码、地址和端口".to_owned(),
        _ => "连不上服务器：请检查网络和服务器地址".to_owned(),
    };
    CoreError::Conflict(format!("无法连接街道服务器 {target}：{message}"))
}

/// Connects, checks the server, and brings the schema up to date (once, under sqlx's
/// advisory lock, however many stations connect meanwhile).
pub(super) async fn open(url: &PgUrl) -> Result<(Store, OpenReport)> {
    let options = url
        .options()?
        .application_name("stationdesk")
        // Search patterns are skewed (a common gram vs a rare one): a generic plan chosen
        // after five runs used the index for common grams and took 270 ms instead of 45, so
        // the search functions plan every call for its own words (`SET plan_cache_mode` in
        // the schema). Everything else keeps PostgreSQL's default: planning a case's insert
        // afresh every time cost a quarter of a millisecond.
        // JIT compiles a query the planner guesses expensive: on a freshly loaded table
        // (no statistics yet) a 10 ms search spent 266 ms compiling. The register's
        // queries are short; none gains from it.
        .options([("TimeZone", "UTC"), ("jit", "off")]);
    // One connection first, so a refusal is told as it is (a pool would only time out).
    let probe = tokio::time::timeout(Duration::from_secs(8), options.connect())
        .await
        .map_err(|_| connect_error(url, &sqlx::Error::PoolTimedOut))?
        .map_err(|e| connect_error(url, &e))?;
    let _ = probe.close().await;
    let pool = PgPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(8))
        .connect_with(options)
        .await
        .map_err(|e| connect_error(url, &e))?;

    let (version,): (String,) = q("SHOW server_version_num").fetch_one(&pool).await?;
    if version.parse::<i64>().unwrap_or(0) < OLDEST_SERVER {
        return Err(CoreError::Conflict(format!(
            "街道服务器的 PostgreSQL 版本太旧（{version}）：需要 13 或更新的版本，请联系街道管理员升级"
        )));
    }

    let applied = applied(&pool).await?;
    if let Err(e) = super::version::refuse_newer(&PG_MIGRATIONS, &applied, &url.describe()) {
        pool.close().await;
        return Err(e);
    }
    let pending = super::version::pending(&PG_MIGRATIONS, &applied);
    if !pending.is_empty() {
        PG_MIGRATIONS.run(&pool).await.map_err(|e| match &e {
            sqlx::migrate::MigrateError::Execute(sqlx::Error::Database(db))
                if db.code().as_deref() == Some("42501") =>
            {
                CoreError::Conflict(
                    "街道服务器上的数据库需要升级，而本站的登录没有升级权限：请街道管理员用管理账号运行一次 stationdesk-cli --db <管理地址> station list（会自动升级）"
                        .to_owned(),
                )
            }
            _ => CoreError::Migrate(e),
        })?;
    }
    let (district,): (bool,) = q("SELECT sd_district()").fetch_one(&pool).await?;
    let store = Store {
        db: Db::Postgres(pool),
        location: Location::Postgres(url.clone()),
        shared: true,
        district,
        clock: Clock::System,
    };
    Ok((store, OpenReport { created: false, applied_migrations: pending, backup: None }))
}

/// Connects once, changes nothing, and says what this login is on the server.
pub async fn check(url: &PgUrl) -> Result<crate::database_choice::ServerCheck> {
    let options = url.options()?.application_name("stationdesk");
    let mut c = tokio::time::timeout(Duration::from_secs(8), options.connect())
        .await
        .map_err(|_| connect_error(url, &sqlx::Error::PoolTimedOut))?
        .map_err(|e| connect_error(url, &e))?;
    let (version, number): (String, String) =
        q("SELECT split_part(version(), ' ', 2), current_setting('server_version_num')").fetch_one(&mut c).await?;
    if number.parse::<i64>().unwrap_or(0) < OLDEST_SERVER {
        return Err(CoreError::Conflict(format!(
            "街道服务器的 PostgreSQL 版本太旧（{version}）：需要 13 或更新的版本，请联系街道管理员升级"
        )));
    }
    let (ready,): (bool,) = q("SELECT to_regprocedure('sd_station()') IS NOT NULL").fetch_one(&mut c).await?;
    use crate::database_choice::LoginKind;
    let (login_kind, login_is) = if !ready {
        (
            LoginKind::NotReady,
            "服务器上的这个数据库还没有建表：请街道管理员先用管理账号连接一次（stationdesk-cli --db … station list）"
                .to_owned(),
        )
    } else {
        let (station, district, owner): (Option<i64>, bool, bool) = q("SELECT sd_station(), sd_district(),
                pg_has_role(current_user, (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'cases'), 'MEMBER')")
        .fetch_one(&mut c)
        .await?;
        if (station, district, owner) == (None, false, false) {
            // Such a login may not even read `stations`.
            let _ = c.close().await;
            return Err(CoreError::Conflict(
                "这个登录在服务器上既不属于任何服务站，也不是街道账号：请联系街道管理员为本站开通登录".to_owned(),
            ));
        }
        let rows: Vec<(String, String)> = q("SELECT code, name FROM stations ORDER BY code").fetch_all(&mut c).await?;
        match (station, district, owner) {
            (Some(_), _, _) => match rows.first() {
                Some((code, name)) => (LoginKind::Station, format!("服务站：{name}（{code}）")),
                None => (LoginKind::Station, "服务站（未找到本站记录）".to_owned()),
            },
            (None, true, _) => (LoginKind::District, format!("街道（只读，{} 个服务站）", rows.len())),
            (None, false, _) => {
                (LoginKind::Administrator, format!("街道管理员（数据库所有者，{} 个服务站）", rows.len()))
            }
        }
    };
    let _ = c.close().await;
    Ok(crate::database_choice::ServerCheck {
        server: url.describe(),
        version: format!("PostgreSQL {version}"),
        login_is,
        login_kind,
    })
}

/// Migrations applied on the server (none on a fresh database).
async fn applied(pool: &PgPool) -> Result<Vec<i64>> {
    let (exists,): (bool,) = q("SELECT to_regclass('_sqlx_migrations') IS NOT NULL").fetch_one(pool).await?;
    if !exists {
        return Ok(Vec::new());
    }
    let applied: Vec<(i64,)> = q("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(pool).await?;
    Ok(applied.into_iter().map(|(v,)| v).collect())
}

/// The district IT person's first step: a fresh database on the server, created by a role
/// that may create databases (`server` is `postgres://role:password@host:port`, no database),
/// in UTF-8 with a UTF-8 character type so Chinese text sorts and searches as text. Returns
/// the administrator's address of the new database; opening it runs the migrations.
pub async fn create_database(server: &str, name: &str) -> Result<Location> {
    check_name(name)?;
    let server = server.trim_end_matches('/');
    let url = PgUrl::parse(&format!("{server}/postgres"))?;
    let mut c = sqlx::PgConnection::connect_with(&url.options()?).await.map_err(|e| connect_error(&url, &e))?;
    q(sqlx::AssertSqlSafe(format!(
        "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
    )))
    .execute(&mut c)
    .await?;
    let _ = c.close().await;
    Location::parse(&format!("{server}/{name}"))
}

/// Drops a database made by [`create_database`] and the given logins (benchmarks, tests).
pub async fn drop_database(server: &str, name: &str, logins: &[String]) -> Result<()> {
    check_name(name)?;
    let server = server.trim_end_matches('/');
    let url = PgUrl::parse(&format!("{server}/postgres"))?;
    let mut c = sqlx::PgConnection::connect_with(&url.options()?).await.map_err(|e| connect_error(&url, &e))?;
    // A login's connections end a moment after its pool closed; until then FORCE would
    // have to terminate another role's sessions, which only a superuser may. Wait for them.
    let mut attempts = 0;
    loop {
        match q(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).execute(&mut c).await {
            Ok(_) => break,
            // 42501: a session of another role still there; 55006: the database in use.
            Err(e)
                if attempts < 40
                    && e.as_database_error().and_then(|d| d.code()).is_some_and(|c| c == "42501" || c == "55006") =>
            {
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    for login in logins {
        check_name(login)?;
        q(sqlx::AssertSqlSafe(format!("DROP ROLE IF EXISTS {login}"))).execute(&mut c).await?;
    }
    let _ = c.close().await;
    Ok(())
}

/// Database and login names go into DDL, which takes no parameters: letters, digits, `_` only.
fn check_name(name: &str) -> Result<()> {
    let ok = (1..=60).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(CoreError::invalid("name", "数据库名须为小写英文字母、数字或下划线，以字母开头"))
    }
}

impl Store {
    /// The database's size on the server (PostgreSQL) or the file's (SQLite, with its WAL).
    pub async fn database_bytes(&self) -> Result<u64> {
        match &self.location {
            Location::Postgres(_) => {
                let (n,): (i64,) = q("SELECT pg_database_size(current_database())").fetch_one(self).await?;
                Ok(u64::try_from(n).unwrap_or(0))
            }
            Location::SqliteFile(path) => Ok(std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
                + std::fs::metadata(path.with_extension("db-wal")).map(|m| m.len()).unwrap_or(0)),
        }
    }
}

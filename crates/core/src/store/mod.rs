//! Storage: the only module that speaks SQL.
//!
//! `Store` wraps an enum of native sqlx pools (`sqlx::Any` loses types; see `../shared/docs/PROBES.md`).
//! Today the enum has the embedded SQLite file; the district's shared PostgreSQL joins it as
//! a second variant with its own migrations folder. Every change goes through one write
//! path, [`WriteTx`], which records an audit row in the same transaction as the change.

mod attachments;
mod audit;
mod cases;
mod migrate;
mod notices;
mod parties;
pub mod postgres;
mod rates;
mod reference;
mod schedule;
mod sql;
mod station;
mod stats;
mod workflow;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::postgres::PgPool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Postgres, Sqlite, Transaction};

pub(crate) use sql::{Arg, IntoArg, Q, q, query};

pub use audit::{AuditEntry, FieldChange};
pub(crate) use cases::Flow;
pub(crate) use migrate::move_station;
pub use migrate::{MoveReport, TableCheck};

use crate::error::{CoreError, Result};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// Where the database lives, as given by `--db`, `STATIONDESK_DB` or the default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    SqliteFile(PathBuf),
    /// A district's shared server: `postgres://login:password@host:port/database`.
    Postgres(postgres::PgUrl),
}

impl Location {
    /// Parses `sqlite:///path/to.db`, `sqlite://relative.db` or a plain file path.
    pub fn parse(url: &str) -> Result<Self> {
        let url = url.trim();
        if url.is_empty() {
            return Err(CoreError::invalid("db", "数据库地址为空：请给出 SQLite 文件路径"));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(postgres::PgUrl::parse(url)?));
        }
        let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
        let path = path.split('?').next().unwrap_or(path);
        Ok(Self::SqliteFile(PathBuf::from(path)))
    }

    /// `STATIONDESK_DB` if set, else the database chosen at first start or in 设置
    /// (`database.json`), else `stationdesk.db` in the per-user app-data folder.
    pub fn from_env_or_default() -> Result<Self> {
        match std::env::var("STATIONDESK_DB") {
            Ok(url) if !url.trim().is_empty() => Self::parse(&url),
            _ => match crate::database_choice::load()? {
                Some(choice) => crate::database_choice::location_of(&choice),
                None => Ok(Self::SqliteFile(default_data_dir()?.join("stationdesk.db"))),
            },
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Self::SqliteFile(p) => p.display().to_string(),
            Self::Postgres(url) => url.describe(),
        }
    }
}

/// The OS's per-user app-data folder: `~/.local/share/stationdesk` on Linux,
/// `%APPDATA%\StationDesk\StationDesk\data` on Windows.
pub fn default_data_dir() -> Result<PathBuf> {
    directories::ProjectDirs::from("cn", "StationDesk", "StationDesk")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| CoreError::Io(std::io::Error::other("找不到当前用户的应用数据目录（HOME 未设置？）")))
}

/// Who is making a change: the station and the staff member chosen at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub station_id: i64,
    pub staff_id: Option<i64>,
    pub staff_name: String,
}

#[derive(Debug, Clone)]
enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open write transaction on either backend.
#[derive(Debug)]
pub(crate) enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Tx {
    pub(crate) async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

/// An open database with its migrations applied.
#[derive(Debug, Clone)]
pub struct Store {
    db: Db,
    location: Location,
    /// More than one station in this database (a district's shared server).
    shared: bool,
    /// Connected with a street-office login: every station readable, none writable.
    district: bool,
    clock: Clock,
}

/// Where "now" comes from: the system clock, or a clock a test sets and moves, so a
/// history can be replayed across China midnight, month and year ends.
#[derive(Debug, Clone, Default)]
pub enum Clock {
    #[default]
    System,
    Manual(Arc<Mutex<DateTime<Utc>>>),
}

impl Clock {
    pub fn manual(start: DateTime<Utc>) -> Self {
        Self::Manual(Arc::new(Mutex::new(start)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Self::System => Utc::now(),
            Self::Manual(t) => *t.lock().unwrap_or_else(std::sync::PoisonError::into_inner),
        }
    }

    /// Moves a manual clock; the system clock cannot be moved.
    pub fn set(&self, to: DateTime<Utc>) {
        if let Self::Manual(t) = self {
            *t.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = to;
        }
    }
}

/// What happened when the store was opened, for the log and the CLI.
#[derive(Debug, Clone, Default)]
pub struct OpenReport {
    pub created: bool,
    pub applied_migrations: Vec<i64>,
    pub backup: Option<PathBuf>,
}

impl Store {
    pub async fn open(location: &Location) -> Result<(Self, OpenReport)> {
        match location {
            Location::SqliteFile(path) => open_sqlite(path).await,
            Location::Postgres(url) => postgres::open(url).await,
        }
    }

    /// Whether records of several stations live here, so queries must match the station.
    pub(crate) fn is_shared(&self) -> bool {
        self.shared
    }

    /// Reads "now" from this store's clock instead of the system's.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The instant every service of this store takes as now.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn location(&self) -> &Location {
        &self.location
    }

    pub async fn close(&self) {
        match &self.db {
            Db::Sqlite(pool) => {
                // Fold the WAL back into the file so a copied .db is complete on its own.
                let _ = q("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await;
                pool.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }

    /// Whether this is the street office's read-only login on a district server.
    pub fn is_district(&self) -> bool {
        self.district
    }

    /// Which dialect this store speaks, for the few queries that differ.
    pub fn is_postgres(&self) -> bool {
        matches!(self.db, Db::Postgres(_))
    }

    /// Starts the one write path: every mutation is a method of [`WriteTx`] and records
    /// its audit row in the same transaction.
    pub async fn begin_write<'a>(&self, actor: &'a Actor) -> Result<WriteTx<'a>> {
        // IMMEDIATE takes the write lock up front, so two writers queue on busy_timeout
        // instead of failing with SQLITE_BUSY when a read transaction tries to upgrade.
        let tx = match &self.db {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            // A station's writes queue one after another, as on SQLite, so a read-then-write
            // (a step checked against the case as it stands) never races another of the
            // same station; other stations write in parallel.
            Db::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                q("SELECT pg_advisory_xact_lock(20261202, CAST($1 AS INTEGER))")
                    .bind(actor.station_id)
                    .execute(&mut *tx)
                    .await?;
                Tx::Postgres(tx)
            }
        };
        Ok(WriteTx { tx, actor, bootstrap_actor: None, now: self.now().trunc_subsecs(0) })
    }

    /// A bare transaction, outside the audited write path (benchmark references only).
    pub(crate) async fn begin_tx(&self) -> Result<Tx> {
        Ok(match &self.db {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// `PRAGMA integrity_check`, for tests and the admin.
    pub async fn integrity_check(&self) -> Result<String> {
        if self.is_postgres() {
            // The server checks its own pages; a reachable, answering server is "ok".
            let (_,): (i32,) = q("SELECT 1").fetch_one(self).await?;
            return Ok("ok".to_owned());
        }
        let (result,): (String,) = q("PRAGMA integrity_check").fetch_one(self).await?;
        Ok(result)
    }
}

/// A write transaction bound to the staff member making it.
#[derive(Debug)]
pub struct WriteTx<'a> {
    tx: Tx,
    actor: &'a Actor,
    /// Set by first-run setup once the station row exists.
    bootstrap_actor: Option<Actor>,
    now: DateTime<Utc>,
}

impl WriteTx<'_> {
    pub(crate) fn actor(&self) -> &Actor {
        self.bootstrap_actor.as_ref().unwrap_or(self.actor)
    }

    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await
    }
}

async fn open_sqlite(path: &Path) -> Result<(Store, OpenReport)> {
    let existed = path.exists();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(10))
        .foreign_keys(true)
        .pragma("temp_store", "memory")
        .pragma("cache_size", "-65536")
        .pragma("journal_size_limit", "67108864");
    let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await?;

    let mut report = OpenReport { created: !existed, ..OpenReport::default() };
    let pending = pending_migrations(&pool).await?;
    if existed && !pending.is_empty() {
        let stamp = Utc::now().format("%Y%m%d-%H%M%S");
        let target = path.with_extension(format!("before-v{}-{stamp}.db", pending[0]));
        vacuum_into(&pool, &target).await?;
        report.backup = Some(target);
    }
    SQLITE_MIGRATIONS.run(&pool).await?;
    report.applied_migrations = pending;
    let (stations,): (i64,) = q("SELECT count(*) FROM stations").fetch_one(&pool).await?;
    let store = Store {
        db: Db::Sqlite(pool),
        location: Location::SqliteFile(path.to_path_buf()),
        shared: stations > 1,
        district: false,
        clock: Clock::System,
    };
    Ok((store, report))
}

async fn pending_migrations(pool: &SqlitePool) -> Result<Vec<i64>> {
    let has_table: Option<(i64,)> = q("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
        .fetch_optional(pool)
        .await?;
    let applied: Vec<(i64,)> = if has_table.is_some() {
        q("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(pool).await?
    } else {
        Vec::new()
    };
    Ok(SQLITE_MIGRATIONS.iter().map(|m| m.version).filter(|v| !applied.iter().any(|(a,)| a == v)).collect())
}

async fn vacuum_into(pool: &SqlitePool, target: &Path) -> Result<()> {
    if target.exists() {
        return Err(CoreError::Conflict(format!("备份文件已存在：{}", target.display())));
    }
    let target = target.to_str().ok_or_else(|| CoreError::invalid("backup", "备份路径含有无法识别的字符"))?;
    q("VACUUM INTO $1").bind(target).execute(pool).await?;
    Ok(())
}

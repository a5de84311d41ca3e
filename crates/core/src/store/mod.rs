//! Storage: the only module that speaks SQL.
//!
//! `Store` wraps an enum of native sqlx pools (`sqlx::Any` loses types; see `../shared/docs/PROBES.md`).
//! Today the enum has the embedded SQLite file; the district's shared PostgreSQL joins it as
//! a second variant with its own migrations folder. Every change goes through one write
//! path, [`WriteTx`], which records an audit row in the same transaction as the change.

/// Where the station `$1`'s audit chain ends: its last linked row (one home for the
/// store's reads of the head, a `SELECT` of `chain_seq` and `hash` goes before it).
macro_rules! chain_head_of_station_1 {
    () => {
        "FROM audit_log WHERE station_id = $1 AND chain_seq IS NOT NULL AND hash IS NOT NULL
         ORDER BY chain_seq DESC LIMIT 1"
    };
}

mod accounts;
mod attachments;
mod audit;
mod audit_chain;
pub mod backup;
mod case_writes;
mod cases;
mod demo;
mod holidays;
mod ledger;
mod migrate;
mod notices;
mod parties;
pub mod postgres;
mod rates;
mod reference;
mod retention;
mod schedule;
mod sql;
mod station;
mod stats;
mod version;
mod workflow;

use stationdesk_model::roles::{self, Action, Role};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::postgres::PgPool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{AssertSqlSafe, Postgres, Sqlite, Transaction};

pub(crate) use sql::{Arg, IntoArg, Q, q, query};

pub use audit::{AuditEntry, FieldChange};
pub(crate) use audit::{AuditFilter, AuditLogRow};
pub use audit_chain::{ChainBreak, ChainCheck};
pub(crate) use case_writes::Flow;
pub use ledger::MAX_EXPORT_ROWS;
pub(crate) use ledger::{ImportedCase, LatestFollowUp, LatestStep};
pub use migrate::{MovePhase, MoveReport, MoveStep, TableCheck};
pub(crate) use migrate::{export_station, move_station, replace_station};
pub(crate) use retention::Due;

use crate::error::{CoreError, Result, io_reason};
use stationdesk_model::input::excerpt;

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
        if path.trim().is_empty() {
            return Err(CoreError::invalid(
                "db",
                format!(
                    "数据库地址“{}”里没有文件路径：请写成 sqlite://路径/station.db 或直接给出文件路径",
                    excerpt(url)
                ),
            ));
        }
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

/// Who is making a change: the station, the staff member logged in (or the OS-level
/// administrator, `staff_id` none) and their role, which every service checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub station_id: i64,
    pub staff_id: Option<i64>,
    pub staff_name: String,
    pub role: Role,
}

impl Actor {
    /// The permission table's answer for this actor's role: nothing, or the refusal in
    /// Chinese saying who can do it. Every service calls this before anything else.
    pub fn require(&self, action: Action) -> Result<()> {
        if roles::allows(self.role, action) {
            Ok(())
        } else {
            Err(CoreError::Forbidden(roles::refusal(self.role, action)))
        }
    }

    pub fn may(&self, action: Action) -> bool {
        roles::allows(self.role, action)
    }
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

/// Whether opening may create a missing SQLite file (and its folder).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// A missing file is an error naming the path: a mistyped or unmounted path must not
    /// become a second, empty register.
    Refuse,
    /// Only `init`, the window's first run on the default path, and throwaway databases
    /// (benchmarks, tests, the dev server's demo) create one.
    Create,
}

impl Store {
    /// Opens an existing database; a missing SQLite file is refused (see [`Missing`]).
    pub async fn open(location: &Location) -> Result<(Self, OpenReport)> {
        Self::open_with(location, Missing::Refuse).await
    }

    /// Opens the database, creating a missing SQLite file and its folder.
    pub async fn open_or_create(location: &Location) -> Result<(Self, OpenReport)> {
        Self::open_with(location, Missing::Create).await
    }

    pub async fn open_with(location: &Location, missing: Missing) -> Result<(Self, OpenReport)> {
        match location {
            Location::SqliteFile(path) => open_sqlite(path, missing).await,
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

    /// Whether [`Store::close`] was called (a restore closes the store it replaces).
    pub fn is_closed(&self) -> bool {
        match &self.db {
            Db::Sqlite(pool) => pool.is_closed(),
            Db::Postgres(pool) => pool.is_closed(),
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
            // The lock is taken with BEGIN, in the same round trip (the id is our own integer).
            Db::Postgres(pool) => Tx::Postgres(
                pool.begin_with(AssertSqlSafe(format!(
                    "BEGIN; SELECT pg_advisory_xact_lock(20261202, CAST({} AS INTEGER))",
                    actor.station_id
                )))
                .await?,
            ),
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

    /// One trivial question, to learn whether the database answers at all (the window's
    /// banner asks every few seconds, so never a whole-file check).
    pub async fn ping(&self) -> Result<()> {
        let (_,): (i32,) = q("SELECT 1").fetch_one(self).await?;
        Ok(())
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

async fn open_sqlite(path: &Path, missing: Missing) -> Result<(Store, OpenReport)> {
    let existed = check_sqlite_path(path, missing)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !existed
    {
        crate::private_files::create_dir_all(dir).map_err(|e| {
            CoreError::Conflict(format!("无法建立数据库所在的文件夹 {}：{}", dir.display(), io_reason(&e)))
        })?;
    }
    if existed {
        // A file made by an older StationDesk (0644): its -wal and -shm would be too.
        for file in [path.to_path_buf(), side_file(path, "-wal"), side_file(path, "-shm")] {
            crate::private_files::tighten(&file);
        }
    } else {
        // Made 0600 before SQLite opens it: SQLite gives the -wal and -shm it creates the
        // database file's mode.
        crate::private_files::touch(path)
            .map_err(|e| CoreError::Conflict(format!("无法建立数据库文件 {}：{}", path.display(), io_reason(&e))))?;
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
        // Up to 64 MiB of page cache per connection, but at most 64 MiB for the program
        // (SQLite's process-wide soft limit frees other connections' unused pages first):
        // with four connections each filling its own cache the window held 290 MB after
        // opening a 100 000-case register (`make measure`).
        .pragma("soft_heap_limit", "67108864")
        .pragma("journal_size_limit", "67108864");
    // Several programs opening a fresh file at once: switching it to WAL, or reading the
    // schema while another program writes it, can answer "busy" at once rather than wait,
    // so opening tries again for a while before saying so.
    let mut attempt = 0_u64;
    let (pool, applied) = loop {
        // A file on this computer cannot hang up: the pool's ping before every query (one
        // more trip to SQLite's worker thread each time) buys nothing here.
        let pool_options = SqlitePoolOptions::new().max_connections(4).test_before_acquire(false);
        let opened = match pool_options.connect_with(options.clone()).await {
            Ok(pool) => match version::applied_sqlite(&pool).await {
                Ok(applied) => Ok((pool, applied)),
                Err(e) => Err(e),
            },
            Err(e) => Err(CoreError::Database(e)),
        };
        match opened {
            Ok(done) => break done,
            Err(CoreError::Database(e)) if crate::error::is_busy(&e) && attempt < 40 => {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(50 * attempt.min(6))).await;
            }
            Err(e) => return Err(opening_failed_core(path, e)),
        }
    };

    // A newer program's database: refused before anything is written to it.
    if let Err(e) = version::refuse_newer(&SQLITE_MIGRATIONS, &applied, &path.display().to_string()) {
        pool.close().await;
        return Err(e);
    }
    let mut pending = version::pending(&SQLITE_MIGRATIONS, &applied);
    let mut report = OpenReport { created: !existed, ..OpenReport::default() };
    if !pending.is_empty() {
        // One migrator at a time: another program may be setting up or upgrading this
        // very file. After waiting, what it has done is no longer pending.
        let _lock = MigrationLock::acquire(path).await;
        pending = pending_migrations(&pool).await?;
        // A file with tables of its own holds records worth a backup; a fresh one has none.
        let (tables,): (i64,) =
            q("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name <> '_sqlx_migrations'
                AND name NOT LIKE 'sqlite!_%' ESCAPE '!'")
            .fetch_one(&pool)
            .await?;
        if existed && !pending.is_empty() && tables > 0 {
            let stamp = Utc::now().format("%Y%m%d-%H%M%S");
            let target = path.with_extension(format!("before-v{}-{stamp}.db", pending[0]));
            crate::backup::copy_before_upgrade(&pool, &target).await?;
            report.backup = Some(target);
        }
        if !pending.is_empty() {
            migrate_sqlite(&pool).await?;
        }
    }
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

/// Whether the file exists; refuses what cannot be a station's database, saying what is
/// really wrong (a missing file or folder, a folder, a device such as /dev/null).
fn check_sqlite_path(path: &Path, missing: Missing) -> Result<bool> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(CoreError::invalid(
            "db",
            format!(
                "{} 是一个文件夹，不是数据库文件：请给出文件路径，例如 {}",
                path.display(),
                path.join("station.db").display()
            ),
        )),
        Ok(meta) if !meta.is_file() => Err(CoreError::invalid(
            "db",
            format!("{} 不是普通文件，不能用作数据库：请给出数据库文件的路径", path.display()),
        )),
        Ok(_) => {
            if let Err(e) = std::fs::File::open(path) {
                return Err(CoreError::Conflict(format!(
                    "无法读取数据库文件 {}：{}，请让管理员改正文件权限",
                    path.display(),
                    io_reason(&e)
                )));
            }
            // SQLite must write the -shm and -wal beside the file even to read it; a
            // leftover one that this user cannot write is the problem, not the database.
            for side in ["-shm", "-wal"] {
                let side = PathBuf::from(format!("{}{side}", path.display()));
                if side.exists()
                    && let Err(e) = std::fs::OpenOptions::new().write(true).open(&side)
                    && e.kind() == std::io::ErrorKind::PermissionDenied
                {
                    return Err(CoreError::Conflict(format!(
                        "数据库旁的临时文件 {} 不允许当前用户写入（可能是别的用户或程序留下的）：请在没有程序使用数据库时删除它，或改正它的权限",
                        side.display()
                    )));
                }
            }
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => match missing {
            Missing::Create => Ok(false),
            Missing::Refuse => {
                let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
                Err(CoreError::NotFound(match dir {
                    Some(dir) if !dir.is_dir() => format!(
                        "找不到数据库所在的文件夹 {}：请检查路径（移动硬盘或网络盘是否已连接），或先运行 stationdesk-cli init",
                        dir.display()
                    ),
                    _ => format!("找不到数据库文件 {}：请检查路径，或先运行 stationdesk-cli init", path.display()),
                }))
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(path);
            Err(CoreError::Conflict(format!(
                "无法进入数据库所在的文件夹 {}：权限不足，请让管理员改正文件夹权限",
                dir.display()
            )))
        }
        Err(e) => Err(CoreError::Conflict(format!("无法读取数据库文件 {}：{}", path.display(), io_reason(&e)))),
    }
}

/// Applies the pending migrations of a SQLite file. Several programs may open a fresh
/// file at the same moment (four CLI calls, or the window and a script): SQLite has no
/// advisory lock for sqlx to take, so each migration's transaction may find the tables
/// already made by another opener ("table stations already exists"). The loser waits and
/// looks again: once the other has finished, nothing is pending.
async fn migrate_sqlite(pool: &SqlitePool) -> Result<()> {
    let mut attempt = 0;
    loop {
        match SQLITE_MIGRATIONS.run(pool).await {
            Ok(()) => return Ok(()),
            Err(e) => {
                attempt += 1;
                if pending_migrations(pool).await.is_ok_and(|p| p.is_empty()) {
                    return Ok(());
                }
                if attempt >= 40 {
                    return Err(e.into());
                }
                tokio::time::sleep(Duration::from_millis(50 * attempt.min(6))).await;
            }
        }
    }
}

/// An exclusive lock on `<file>-migrating` beside the database while its migrations run:
/// SQLite has no advisory lock for sqlx to take, and the database file itself is not
/// locked this way (on Windows that would clash with SQLite's own byte-range locks).
/// Where the lock file cannot be made (a read-only folder) opening goes on without it and
/// [`migrate_sqlite`] still waits for the other migrator.
struct MigrationLock {
    file: Option<(std::fs::File, PathBuf)>,
}

impl MigrationLock {
    async fn acquire(db: &Path) -> Self {
        let path = PathBuf::from(format!("{}-migrating", db.display()));
        let locked = tokio::task::spawn_blocking(move || {
            crate::private_files::touch(&path).ok()?;
            let file = std::fs::OpenOptions::new().write(true).open(&path).ok()?;
            file.lock().ok()?;
            Some((file, path))
        })
        .await
        .ok()
        .flatten();
        Self { file: locked }
    }
}

impl Drop for MigrationLock {
    fn drop(&mut self) {
        if let Some((file, path)) = self.file.take() {
            // Removed while still held, so a later opener never waits on a stale file;
            // one already waiting on it finds nothing pending once it gets it.
            let _ = std::fs::remove_file(&path);
            let _ = file.unlock();
        }
    }
}

/// The file SQLite keeps beside the database (`-wal`, `-shm`).
fn side_file(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Why a SQLite file could not be opened, naming the file and what to do.
fn opening_failed_core(path: &Path, e: CoreError) -> CoreError {
    let CoreError::Database(sqlx::Error::Database(db)) = &e else {
        return e;
    };
    let code = db.code().and_then(|c| c.parse::<i32>().ok()).unwrap_or(0);
    // SQLITE_READONLY_CANTINIT / _DIRECTORY and SQLITE_CANTOPEN: usually the -shm or -wal
    // beside the file, or the folder, not the file itself.
    let shm = PathBuf::from(format!("{}-shm", path.display()));
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    let read_only = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.permissions().readonly());
    if code & 0xff == 8 || code & 0xff == 14 {
        for side in [&shm, &wal] {
            if read_only(side) {
                return CoreError::Conflict(format!(
                    "数据库旁的临时文件 {} 是只读的（可能是别的用户或程序留下的）：请在没有程序使用数据库时删除它，或改正它的权限",
                    side.display()
                ));
            }
        }
        if read_only(path) {
            return CoreError::Conflict(format!("数据库文件 {} 是只读的：请改正文件权限后重试", path.display()));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            return CoreError::Conflict(format!(
                "无法打开数据库文件 {}：请检查文件夹 {} 是否允许当前用户写入（需要在旁边建立临时文件）",
                path.display(),
                dir.display()
            ));
        }
    }
    e
}

async fn pending_migrations(pool: &SqlitePool) -> Result<Vec<i64>> {
    Ok(version::pending(&SQLITE_MIGRATIONS, &version::applied_sqlite(pool).await?))
}

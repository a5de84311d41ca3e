//! SQL of backups: a consistent copy of the live SQLite file (`VACUUM INTO`), what a copy
//! holds (integrity, counts, station, schema), and swapping a restored file in.
//!
//! File handling (temporary names, fsync, rename, modes) is `crate::backup`'s; only the
//! statements live here.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{ConnectOptions, Connection};

use super::{Db, SQLITE_MIGRATIONS, Store, q};
use crate::error::{CoreError, Result};

/// What a database holds, as shown before a restore and checked after a backup.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RecordCounts {
    pub cases: i64,
    pub parties: i64,
    pub attachments: i64,
    pub events: i64,
    pub meetings: i64,
    pub errands: i64,
    /// Audit rows: every change ever made, the finest measure of "the same records".
    pub audit_rows: i64,
}

/// A database's own facts: its station, schema and counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatabaseFacts {
    pub station_code: String,
    pub station_name: String,
    /// The newest migration applied (`20261202000007`).
    pub schema_version: i64,
    pub counts: RecordCounts,
    /// Every attachment's content hash, for the files that must go with it.
    pub attachment_hashes: Vec<String>,
}

/// The newest migration this program knows.
pub fn latest_schema_version() -> i64 {
    SQLITE_MIGRATIONS.iter().map(|m| m.version).max().unwrap_or(0)
}

const COUNTS: &str = "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM parties),
    (SELECT count(*) FROM attachments), (SELECT count(*) FROM events), (SELECT count(*) FROM meetings),
    (SELECT count(*) FROM errands), (SELECT count(*) FROM audit_log)";

type CountsRow = (i64, i64, i64, i64, i64, i64, i64);

fn counts(r: CountsRow) -> RecordCounts {
    RecordCounts {
        cases: r.0,
        parties: r.1,
        attachments: r.2,
        events: r.3,
        meetings: r.4,
        errands: r.5,
        audit_rows: r.6,
    }
}

impl Store {
    /// The live SQLite file's path, or why a backup of this database is not made here.
    pub(crate) fn sqlite_path(&self) -> Result<&Path> {
        match &self.location {
            super::Location::SqliteFile(path) => Ok(path),
            super::Location::Postgres(_) => Err(CoreError::Conflict(
                "连接街道服务器时，本站数据由街道服务器统一备份（pg_dump）：请联系街道管理员".to_owned(),
            )),
        }
    }

    /// A consistent copy of the whole database as it is now, while others keep working.
    pub(crate) async fn vacuum_into(&self, target: &Path) -> Result<()> {
        let Db::Sqlite(pool) = &self.db else {
            return Err(CoreError::Conflict("只有本机的数据库文件可以这样复制".to_owned()));
        };
        vacuum_into(pool, target).await
    }

    /// When anything was last written (the newest audit row).
    pub(crate) async fn last_change(&self) -> Result<Option<DateTime<Utc>>> {
        let (at,): (Option<DateTime<Utc>>,) = q("SELECT max(at) FROM audit_log").fetch_one(self).await?;
        Ok(at)
    }

    pub(crate) async fn record_counts(&self) -> Result<RecordCounts> {
        let row: CountsRow = q(COUNTS).fetch_one(self).await?;
        Ok(counts(row))
    }
}

pub(crate) async fn vacuum_into(pool: &sqlx::SqlitePool, target: &Path) -> Result<()> {
    let name = target.to_str().ok_or_else(|| CoreError::invalid("backup", "备份路径含有无法识别的字符"))?;
    // SQLite accepts an empty file as the target and keeps its mode: the copy is never
    // readable by others, not even while it is being written.
    crate::private_files::touch(target)?;
    q("VACUUM INTO $1").bind(name).execute(pool).await?;
    Ok(())
}

/// Opens a copy read-only (nothing written beside it) and reads its facts, after SQLite's
/// own integrity check. `Err` says in Chinese why this is not a usable StationDesk file.
pub async fn read_facts(path: &Path) -> Result<DatabaseFacts> {
    let bad = |why: &str| CoreError::Conflict(format!("{} {why}", path.display()));
    let mut header = [0_u8; 16];
    {
        use std::io::Read;
        let mut file =
            std::fs::File::open(path).map_err(|e| bad(&format!("无法读取：{}", crate::error::io_reason(&e))))?;
        if file.read_exact(&mut header).is_err() || &header != b"SQLite format 3\0" {
            return Err(bad("不是 StationDesk 备份（也不是数据库文件）"));
        }
    }
    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(path)
        .read_only(true)
        .immutable(true)
        .busy_timeout(Duration::from_secs(5));
    let mut conn = options.connect().await.map_err(|_| bad("无法打开：文件不完整或已损坏"))?;
    let facts = async {
        let check: Vec<(String,)> = q("PRAGMA integrity_check").fetch_all(&mut conn).await?;
        if check.len() != 1 || check[0].0 != "ok" {
            return Ok(Err(bad("不完整或已损坏（完整性检查未通过），不能用于恢复")));
        }
        let has: Vec<(String,)> =
            q("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('stations', '_sqlx_migrations')")
                .fetch_all(&mut conn)
                .await?;
        if has.len() != 2 {
            return Ok(Err(bad("不是 StationDesk 的数据库")));
        }
        let (schema_version,): (Option<i64>,) =
            q("SELECT max(version) FROM _sqlx_migrations WHERE success").fetch_one(&mut conn).await?;
        let schema_version = schema_version.unwrap_or(0);
        if schema_version > latest_schema_version() {
            return Ok(Err(bad(&format!(
                "来自较新版本的 StationDesk（数据库版本 {schema_version}，本程序只认识到 {}）：请先升级本程序再恢复",
                latest_schema_version()
            ))));
        }
        let stations: Vec<(String, String)> =
            q("SELECT code, name FROM stations ORDER BY id").fetch_all(&mut conn).await?;
        let Some((station_code, station_name)) = stations.first().cloned() else {
            return Ok(Err(bad("里还没有服务站（是空数据库），不能用于恢复")));
        };
        let row: CountsRow = q(COUNTS).fetch_one(&mut conn).await?;
        let hashes: Vec<(String,)> =
            q("SELECT DISTINCT sha256 FROM attachments ORDER BY sha256").fetch_all(&mut conn).await?;
        Ok::<_, CoreError>(Ok(DatabaseFacts {
            station_code,
            station_name,
            schema_version,
            counts: counts(row),
            attachment_hashes: hashes.into_iter().map(|(h,)| h).collect(),
        }))
    }
    .await;
    let _ = conn.close().await;
    match facts {
        Ok(done) => done,
        Err(CoreError::Database(_)) => Err(bad("无法读取：文件不完整或已损坏")),
        Err(e) => Err(e),
    }
}

/// Puts `replacement` in the place of the live file `live`, atomically: the live file is
/// taken out of WAL mode (which fails while another program has it open, so no one keeps
/// writing into a file that is no longer there) and held under an exclusive lock while the
/// replacement is renamed over it. A kill at any moment leaves one whole database there.
pub(crate) async fn swap_in(live: &Path, replacement: &Path) -> Result<()> {
    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(live)
        .busy_timeout(Duration::from_secs(3))
        .journal_mode(SqliteJournalMode::Delete);
    let busy = || {
        CoreError::Conflict("数据库正被其他程序使用（例如另开的工作台窗口或命令行）：请先关闭它们，再恢复".to_owned())
    };
    let mut conn = match options.connect().await {
        Ok(conn) => conn,
        Err(e) if crate::error::is_busy(&e) => return Err(busy()),
        Err(e) => return Err(e.into()),
    };
    let swapped = async {
        let (mode,): (String,) = q("PRAGMA journal_mode").fetch_one(&mut conn).await?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(busy());
        }
        q("BEGIN EXCLUSIVE").execute(&mut conn).await.map_err(|e| match e {
            sqlx::Error::Database(_) => busy(),
            e => e.into(),
        })?;
        // Windows refuses to replace a file that is open, so there the lock only proves that
        // no one else has it, and the file is replaced just after it is closed: a program
        // opening it in between makes the rename fail (busy), never loses a write.
        #[cfg(unix)]
        {
            std::fs::rename(replacement, live)?;
            crate::backup::sync_dir(live)?;
        }
        let _ = q("ROLLBACK").execute(&mut conn).await;
        Ok(())
    }
    .await;
    let _ = conn.close().await;
    #[cfg(not(unix))]
    let swapped = swapped.and_then(|()| {
        std::fs::rename(replacement, live).map_err(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied => busy(),
            _ => e.into(),
        })?;
        crate::backup::sync_dir(live)
    });
    swapped
}

//! Backups that happen by themselves, and restore.
//!
//! A backup is one folder per generation in the station's backup folder (a USB disk, a
//! network share, or `backups/` beside the database):
//!
//! ```text
//! stationdesk-RA-20261202-093000/
//!     manifest.json   what it holds: date, station, schema, counts, the copy's SHA-256
//!     station.db      a consistent copy (`VACUUM INTO`, made while others keep working)
//!     files/ab/ab…    the attachments the copy refers to, by content hash
//! ```
//!
//! A folder rather than one archive: the copy restores with nothing but a file manager,
//! and an attachment already in the previous generation is hard-linked instead of copied
//! where the disk allows (photos never change under their hash), so seven daily
//! generations of a station with 2 GB of photos do not take 14 GB. The generation is
//! written under a temporary name (`.partial-…`), every file and folder synced, the copy
//! checked (SQLite's integrity check, the record counts against the live database), and
//! only then renamed: a generation with its final name is whole. Files are 0600 and
//! folders 0700: they hold residents' personal data.
//!
//! The settings (folder, generations kept) and the last result live beside the database
//! in `<name>.backup.json`, not in it: the folder is a path on this PC, and a restore must
//! not turn back the record of when the last backup was made.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result, io_reason};
use crate::store::backup::{self as sql, DatabaseFacts};
pub use crate::store::backup::{RecordCounts, latest_schema_version};
use crate::store::{Location, Store};
use stationdesk_model::backup as rules;
pub use stationdesk_model::backup::Moment;

mod files;
mod restore;
mod server;
use files::*;
pub(crate) use files::{copy_before_upgrade, sync_dir};
pub use restore::*;
pub use server::*;

const FORMAT: &str = "stationdesk-backup";
const FORMAT_VERSION: u32 = 1;
const MANIFEST: &str = "manifest.json";
const DB_FILE: &str = "station.db";
const PARTIAL: &str = ".partial-";

/// The station's choices for backups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BackupSettings {
    /// The folder chosen (none: `backups/` beside the database).
    pub folder: Option<String>,
    /// Daily generations kept (the last N days with a backup).
    pub keep_daily: u32,
    /// Monthly generations kept (the newest of each of the last M months).
    pub keep_monthly: u32,
}

impl Default for BackupSettings {
    fn default() -> Self {
        Self { folder: None, keep_daily: rules::DEFAULT_KEEP_DAILY, keep_monthly: rules::DEFAULT_KEEP_MONTHLY }
    }
}

/// What `<name>.backup.json` holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Sidecar {
    #[serde(default)]
    settings: BackupSettings,
    last_good_at: Option<DateTime<Utc>>,
    last_good_name: Option<String>,
    last_attempt_at: Option<DateTime<Utc>>,
    /// Why the last attempt failed; cleared by the next good one.
    last_error: Option<String>,
}

/// Why a generation was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum BackupKind {
    /// The daily one, on quitting, or 立即备份.
    Regular,
    /// The current database, copied just before a restore replaced it.
    BeforeRestore,
}

/// `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Manifest {
    format: String,
    format_version: u32,
    taken_at: DateTime<Utc>,
    kind: BackupKind,
    station_code: String,
    station_name: String,
    schema_version: i64,
    counts: RecordCounts,
    db_sha256: String,
    db_bytes: u64,
    files: u64,
    files_bytes: u64,
    /// Attachments whose file was already missing from the live folder.
    files_missing: u64,
}

/// A backup as the window and the CLI show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Generation {
    /// The folder's name, which `restore` takes back.
    pub name: String,
    pub path: String,
    pub taken_at: DateTime<Utc>,
    pub kind: BackupKind,
    pub station_code: String,
    pub station_name: String,
    pub schema_version: i64,
    pub counts: RecordCounts,
    /// The database copy and the attachment files, in bytes.
    pub bytes: u64,
    pub files: u64,
    pub files_missing: u64,
}

/// The status line: when the last good backup was made, and whether to warn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BackupStatus {
    pub settings: BackupSettings,
    /// The folder in use (the chosen one or the default).
    pub folder: String,
    pub folder_reachable: bool,
    pub last_good_at: Option<DateTime<Utc>>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// Red: no good backup for 3 days, or the folder cannot be reached.
    pub warn: bool,
    /// One line for the status bar, in Chinese.
    pub summary: String,
    /// Backups are made by the district server (a station on PostgreSQL).
    pub on_server: bool,
    /// The copy made before this start's upgrade (`….before-v….db`), if one was: the window
    /// says where it is (set by the shell, which opened the database).
    pub upgrade_copy: Option<String>,
}

/// The sidecar beside a SQLite database.
fn sidecar_path(db: &Path) -> PathBuf {
    let stem = db.file_stem().and_then(|s| s.to_str()).unwrap_or("stationdesk");
    db.with_file_name(format!("{stem}.backup.json"))
}

fn default_folder(db: &Path) -> PathBuf {
    db.parent().map(Path::to_path_buf).unwrap_or_default().join("backups")
}

fn load_sidecar(db: &Path) -> Sidecar {
    std::fs::read_to_string(sidecar_path(db)).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
}

fn save_sidecar(db: &Path, sidecar: &Sidecar) -> Result<()> {
    let text = serde_json::to_string_pretty(sidecar).map_err(|e| CoreError::Io(std::io::Error::other(e)))?;
    write_atomically(&sidecar_path(db), text.as_bytes())
}

fn folder_of(db: &Path, settings: &BackupSettings) -> PathBuf {
    settings.folder.as_ref().map(PathBuf::from).unwrap_or_else(|| default_folder(db))
}

/// The settings in force for this database.
pub fn settings(store: &Store) -> Result<BackupSettings> {
    Ok(load_sidecar(store.sqlite_path()?).settings)
}

/// Saves the settings; a chosen folder must exist and be writable (tried with a file).
pub fn save_settings(store: &Store, settings: &BackupSettings) -> Result<BackupSettings> {
    let db = store.sqlite_path()?;
    if !(1..=366).contains(&settings.keep_daily) {
        return Err(CoreError::invalid("keepDaily", "保留的每日备份应为 1–366 份"));
    }
    if settings.keep_monthly > 120 {
        return Err(CoreError::invalid("keepMonthly", "保留的每月备份应为 0–120 份"));
    }
    if let Some(folder) = &settings.folder {
        check_folder_writable(Path::new(folder))?;
    }
    let mut sidecar = load_sidecar(db);
    sidecar.settings = settings.clone();
    save_sidecar(db, &sidecar)?;
    Ok(sidecar.settings)
}

fn check_folder_writable(folder: &Path) -> Result<()> {
    if !folder.is_dir() {
        return Err(CoreError::invalid(
            "folder",
            format!("找不到备份文件夹 {}：请检查移动硬盘或网络盘是否已连接，或另选一个文件夹", folder.display()),
        ));
    }
    let probe = folder.join(format!(".stationdesk-probe-{}", std::process::id()));
    match std::fs::write(&probe, b"") {
        Ok(()) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => Err(CoreError::invalid(
            "folder",
            format!("不能在备份文件夹 {} 里写入（{}）：请另选一个文件夹或改正权限", folder.display(), io_reason(&e)),
        )),
    }
}

/// The status line's facts.
pub async fn status(store: &Store) -> Result<BackupStatus> {
    let now = store.now();
    let Ok(db) = store.sqlite_path() else {
        return Ok(BackupStatus {
            settings: BackupSettings::default(),
            folder: String::new(),
            folder_reachable: true,
            last_good_at: None,
            last_attempt_at: None,
            last_error: None,
            warn: false,
            summary: "本站数据在街道服务器上，由街道统一备份".to_owned(),
            on_server: true,
            upgrade_copy: None,
        });
    };
    let sidecar = load_sidecar(db);
    let folder = folder_of(db, &sidecar.settings);
    let reachable = folder.is_dir() || (sidecar.settings.folder.is_none() && db.parent().is_some_and(Path::is_dir));
    let warn = rules::health(sidecar.last_good_at, reachable, now) == rules::Health::Warn;
    let when = |t: DateTime<Utc>| t.with_timezone(&stationdesk_model::china::CHINA_OFFSET).format("%Y-%m-%d %H:%M");
    let summary = match (&sidecar.last_good_at, reachable) {
        (_, false) => format!("备份文件夹无法访问：{}（移动硬盘或网络盘是否已连接？）", folder.display()),
        (None, true) => "还没有成功的备份".to_owned(),
        (Some(t), true) if warn => format!("已超过 {} 天没有成功备份（上次：{}）", rules::WARN_AFTER_DAYS, when(*t)),
        (Some(t), true) => format!("上次备份：{}", when(*t)),
    };
    Ok(BackupStatus {
        settings: sidecar.settings.clone(),
        folder: folder.display().to_string(),
        folder_reachable: reachable,
        last_good_at: sidecar.last_good_at,
        last_attempt_at: sidecar.last_attempt_at,
        last_error: sidecar.last_error,
        warn,
        summary,
        on_server: false,
        upgrade_copy: None,
    })
}

/// The daily job: backs up when [`rules::is_due`] says so. `Ok(None)`: nothing was due.
pub async fn run_if_due(store: &Store, moment: Moment) -> Result<Option<Generation>> {
    let db = store.sqlite_path()?;
    let sidecar = load_sidecar(db);
    let last_change = store.last_change().await?;
    if !rules::is_due(sidecar.last_good_at, last_change, store.now(), moment) {
        return Ok(None);
    }
    backup_now(store, None).await.map(Some)
}

/// 立即备份 (`to`: another folder for this once, as `backup --to DIR`). The result, good or
/// not, is recorded for the status line; old generations are pruned after a good one.
pub async fn backup_now(store: &Store, to: Option<&Path>) -> Result<Generation> {
    make(store, to, BackupKind::Regular).await
}

async fn make(store: &Store, to: Option<&Path>, kind: BackupKind) -> Result<Generation> {
    let db = store.sqlite_path()?.to_path_buf();
    let mut sidecar = load_sidecar(&db);
    let folder = to.map(Path::to_path_buf).unwrap_or_else(|| folder_of(&db, &sidecar.settings));
    let now = store.now();
    let made = write_generation(store, &db, &folder, kind, now).await;
    // Record the result only for the station's own folder: a one-off `--to` is not the
    // daily job's.
    if to.is_none() || to == Some(folder_of(&db, &sidecar.settings).as_path()) {
        sidecar.last_attempt_at = Some(now);
        match &made {
            Ok(g) => {
                sidecar.last_good_at = Some(now);
                sidecar.last_good_name = Some(g.name.clone());
                sidecar.last_error = None;
            }
            Err(e) => sidecar.last_error = Some(e.user_message()),
        }
        save_sidecar(&db, &sidecar)?;
        if made.is_ok() {
            prune(&folder, &sidecar.settings)?;
        }
    }
    made
}

async fn write_generation(
    store: &Store,
    db: &Path,
    folder: &Path,
    kind: BackupKind,
    now: DateTime<Utc>,
) -> Result<Generation> {
    let station = crate::station::current(store).await?;
    if to_reach(folder, db).is_err() {
        return Err(CoreError::Conflict(format!(
            "备份文件夹无法访问：{}。请检查移动硬盘或网络盘是否已连接，或在 设置 → 备份与恢复 另选文件夹",
            folder.display()
        )));
    }
    create_private_dir(folder)?;
    clean_partials(folder);
    let (base, partial) = generation_names(folder, &station.code, now, kind);
    let result = fill(store, db, folder, &partial, kind, now).await;
    let manifest = match result {
        Ok(m) => m,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&partial);
            return Err(e);
        }
    };
    settle(folder, &partial, &base, &manifest)
}

/// A generation's final name (`stationdesk-RA-20261202-093000`, `-before-restore` for the
/// copy made before a restore) and the temporary folder it is written in.
fn generation_names(folder: &Path, code: &str, now: DateTime<Utc>, kind: BackupKind) -> (String, PathBuf) {
    let stamp = now.with_timezone(&stationdesk_model::china::CHINA_OFFSET).format("%Y%m%d-%H%M%S");
    let suffix = if kind == BackupKind::BeforeRestore { "-before-restore" } else { "" };
    let base = format!("stationdesk-{code}-{stamp}{suffix}");
    let partial = folder.join(format!("{PARTIAL}{base}-{}", std::process::id()));
    (base, partial)
}

/// Gives a written generation its final name (one not yet taken), synced: from then on it is whole.
fn settle(folder: &Path, partial: &Path, base: &str, manifest: &Manifest) -> Result<Generation> {
    let mut name = base.to_owned();
    let mut n = 1;
    while folder.join(&name).exists() {
        n += 1;
        name = format!("{base}-{n}");
    }
    let target = folder.join(&name);
    sync_folder(partial)?;
    std::fs::rename(partial, &target).map_err(|e| io_error(folder, &e))?;
    sync_folder(folder)?;
    Ok(generation(&name, &target, manifest))
}

/// Writes `manifest.json`, synced, last of a generation's files.
fn write_manifest(partial: &Path, manifest: &Manifest) -> Result<()> {
    let text = serde_json::to_string_pretty(manifest).map_err(|e| CoreError::Io(std::io::Error::other(e)))?;
    write_atomically(&partial.join(MANIFEST), text.as_bytes())?;
    sync_dir(&partial.join(MANIFEST))
}

fn to_reach(folder: &Path, db: &Path) -> Result<()> {
    if folder.is_dir() || (folder == default_folder(db) && db.parent().is_some_and(Path::is_dir)) {
        Ok(())
    } else {
        Err(CoreError::NotFound(folder.display().to_string()))
    }
}

/// Writes the generation under `partial`: the copy, its files, the manifest, all synced.
async fn fill(
    store: &Store,
    db: &Path,
    folder: &Path,
    partial: &Path,
    kind: BackupKind,
    now: DateTime<Utc>,
) -> Result<Manifest> {
    create_private_dir(partial)?;
    let copy = partial.join(DB_FILE);
    let live_before = store.record_counts().await?;
    store.vacuum_into(&copy).await?;
    set_private(&copy)?;
    sync_file(&copy)?;
    let facts = sql::read_facts(&copy).await?;
    // The copy must hold what the live database held at its instant: counted before and
    // after, a write in between (the window keeps working) only adds rows.
    let live_after = store.record_counts().await?;
    if !(at_most(&live_before, &facts.counts) && at_most(&facts.counts, &live_after)) {
        return Err(CoreError::Conflict(format!(
            "备份副本与数据库的记录数不符（副本 {} 件诉求，数据库 {} 件）：备份未完成，请重试",
            facts.counts.cases, live_after.cases
        )));
    }
    let (files, files_bytes, files_missing) = copy_files(db, folder, partial, &facts)?;
    let (db_sha256, db_bytes) = hash_file(&copy)?;
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        taken_at: now,
        kind,
        station_code: facts.station_code.clone(),
        station_name: facts.station_name.clone(),
        schema_version: facts.schema_version,
        counts: facts.counts.clone(),
        db_sha256,
        db_bytes,
        files,
        files_bytes,
        files_missing,
    };
    write_manifest(partial, &manifest)?;
    Ok(manifest)
}

/// Every count of `a` at most `b`'s (records are never deleted, only added).
fn at_most(a: &RecordCounts, b: &RecordCounts) -> bool {
    a.cases <= b.cases
        && a.parties <= b.parties
        && a.attachments <= b.attachments
        && a.events <= b.events
        && a.meetings <= b.meetings
        && a.errands <= b.errands
        && a.audit_rows <= b.audit_rows
}

/// Copies the attachments the copy refers to; hard-links one the newest earlier generation
/// already has (same hash, same bytes). Returns (files, bytes, missing in the live folder).
fn copy_files(db: &Path, folder: &Path, partial: &Path, facts: &DatabaseFacts) -> Result<(u64, u64, u64)> {
    if facts.attachment_hashes.is_empty() {
        return Ok((0, 0, 0));
    }
    let live_files = {
        let stem = db.file_stem().and_then(|s| s.to_str()).unwrap_or("stationdesk");
        db.with_file_name(format!("{stem}.files"))
    };
    let previous = newest_generation_dir(folder);
    let files_dir = partial.join("files");
    create_private_dir(&files_dir)?;
    let (mut files, mut bytes, mut missing) = (0, 0, 0);
    let mut made_dirs = std::collections::BTreeSet::new();
    for sha in &facts.attachment_hashes {
        if sha.len() < 3 || !sha.chars().all(|c| c.is_ascii_hexdigit()) {
            continue;
        }
        let rel = Path::new(&sha[..2]).join(sha);
        let source = live_files.join(&rel);
        let Ok(meta) = std::fs::metadata(&source) else {
            missing += 1;
            continue;
        };
        let dir = files_dir.join(&sha[..2]);
        if made_dirs.insert(sha[..2].to_owned()) {
            create_private_dir(&dir)?;
        }
        let target = files_dir.join(&rel);
        let linked = previous
            .as_ref()
            .map(|p| p.join("files").join(&rel))
            .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() == meta.len()))
            .is_some_and(|p| std::fs::hard_link(&p, &target).is_ok());
        if !linked {
            copy_synced(&source, &target)?;
        }
        files += 1;
        bytes += meta.len();
    }
    for d in &made_dirs {
        sync_folder(&files_dir.join(d))?;
    }
    sync_folder(&files_dir)?;
    Ok((files, bytes, missing))
}

fn newest_generation_dir(folder: &Path) -> Option<PathBuf> {
    let mut all = list_in(folder).ok()?;
    all.sort_by_key(|g| g.taken_at);
    all.pop().map(|g| PathBuf::from(g.path))
}

/// Keeps the generations [`rules::keep`] says, and the newest few copies made before a
/// restore; removes the rest and any half-written leftovers.
fn prune(folder: &Path, settings: &BackupSettings) -> Result<()> {
    let all = list_in(folder)?;
    let regular: Vec<&Generation> = all.iter().filter(|g| g.kind == BackupKind::Regular).collect();
    let times: Vec<DateTime<Utc>> = regular.iter().map(|g| g.taken_at).collect();
    let keep = rules::keep(&times, settings.keep_daily, settings.keep_monthly);
    for (i, g) in regular.iter().enumerate() {
        if !keep.contains(&i) {
            let _ = std::fs::remove_dir_all(&g.path);
        }
    }
    let mut before: Vec<&Generation> = all.iter().filter(|g| g.kind == BackupKind::BeforeRestore).collect();
    before.sort_by_key(|g| std::cmp::Reverse(g.taken_at));
    for g in before.iter().skip(rules::KEEP_BEFORE_RESTORE) {
        let _ = std::fs::remove_dir_all(&g.path);
    }
    Ok(())
}

/// The generations in the station's backup folder, newest first.
pub async fn list(store: &Store) -> Result<Vec<Generation>> {
    let db = store.sqlite_path()?;
    let folder = folder_of(db, &load_sidecar(db).settings);
    if !folder.is_dir() {
        if to_reach(&folder, db).is_ok() {
            return Ok(Vec::new());
        }
        return Err(CoreError::NotFound(format!(
            "备份文件夹无法访问：{}。请检查移动硬盘或网络盘是否已连接",
            folder.display()
        )));
    }
    let mut all = list_in(&folder)?;
    all.sort_by_key(|g| std::cmp::Reverse(g.taken_at));
    Ok(all)
}

/// Every whole generation in a folder, by its manifest (not checked further: that is for
/// [`inspect`]); partial and foreign folders are skipped.
fn list_in(folder: &Path) -> Result<Vec<Generation>> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(folder).map_err(|e| io_error(folder, &e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !entry.path().is_dir() {
            continue;
        }
        if let Ok(m) = read_manifest(&entry.path()) {
            out.push(generation(&name, &entry.path(), &m));
        }
    }
    Ok(out)
}

fn generation(name: &str, path: &Path, m: &Manifest) -> Generation {
    Generation {
        name: name.to_owned(),
        path: path.display().to_string(),
        taken_at: m.taken_at,
        kind: m.kind,
        station_code: m.station_code.clone(),
        station_name: m.station_name.clone(),
        schema_version: m.schema_version,
        counts: m.counts.clone(),
        bytes: m.db_bytes + m.files_bytes,
        files: m.files,
        files_missing: m.files_missing,
    }
}

fn read_manifest(dir: &Path) -> Result<Manifest> {
    let text = std::fs::read_to_string(dir.join(MANIFEST))?;
    let m: Manifest = serde_json::from_str(&text).map_err(|e| CoreError::Io(std::io::Error::other(e)))?;
    if m.format != FORMAT {
        return Err(CoreError::Conflict("not a backup".to_owned()));
    }
    Ok(m)
}

/// The location's database path, for the shells (the window's restore reopens it).
pub fn location_path(location: &Location) -> Option<&Path> {
    match location {
        Location::SqliteFile(p) => Some(p),
        Location::Postgres(_) => None,
    }
}

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
    let stamp = now.with_timezone(&stationdesk_model::china::CHINA_OFFSET).format("%Y%m%d-%H%M%S");
    let suffix = if kind == BackupKind::BeforeRestore { "-before-restore" } else { "" };
    let base = format!("stationdesk-{}-{stamp}{suffix}", station.code);
    let partial = folder.join(format!("{PARTIAL}{base}-{}", std::process::id()));
    let result = fill(store, db, folder, &partial, kind, now).await;
    let manifest = match result {
        Ok(m) => m,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&partial);
            return Err(e);
        }
    };
    let mut name = base.clone();
    let mut n = 1;
    while folder.join(&name).exists() {
        n += 1;
        name = format!("{base}-{n}");
    }
    let target = folder.join(&name);
    sync_folder(&partial)?;
    std::fs::rename(&partial, &target).map_err(|e| io_error(folder, &e))?;
    sync_folder(folder)?;
    Ok(generation(&name, &target, &manifest))
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
    std::fs::File::open(&copy)?.sync_all()?;
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
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| CoreError::Io(std::io::Error::other(e)))?;
    write_atomically(&partial.join(MANIFEST), text.as_bytes())?;
    sync_dir(&partial.join(MANIFEST))?;
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

/// A generation by its name in the station's folder, or any path (`restore FILE`): the
/// generation's folder, a file in it, or a bare database copy such as the one made before
/// an upgrade (`stationdesk.before-v….db`).
fn resolve(store: &Store, source: &str) -> Result<PathBuf> {
    let path = PathBuf::from(source);
    if path.exists() {
        return Ok(path);
    }
    let db = store.sqlite_path()?;
    let in_folder = folder_of(db, &load_sidecar(db).settings).join(source);
    if !source.contains(['/', '\\']) && in_folder.exists() {
        return Ok(in_folder);
    }
    Err(CoreError::NotFound(format!("找不到备份 {}：请检查路径", path.display())))
}

/// What a backup holds, fully checked: the manifest, the copy's hash, SQLite's integrity
/// check, the counts against the manifest, the schema, every attachment file. `Err` is one
/// Chinese line saying what is wrong with it.
pub async fn inspect(path: &Path) -> Result<(Generation, PathBuf, Option<PathBuf>)> {
    let dir = if path.is_dir() {
        Some(path.to_path_buf())
    } else {
        path.parent().filter(|p| p.join(MANIFEST).is_file()).map(Path::to_path_buf)
    };
    let Some(dir) = dir else {
        // A bare database file: the pre-upgrade copy, or one copied by hand.
        let facts = sql::read_facts(path).await?;
        let (_, bytes) = hash_file(path)?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let taken_at =
            std::fs::metadata(path).and_then(|m| m.modified()).map(DateTime::<Utc>::from).unwrap_or_default();
        let g = Generation {
            name,
            path: path.display().to_string(),
            taken_at,
            kind: BackupKind::Regular,
            station_code: facts.station_code,
            station_name: facts.station_name,
            schema_version: facts.schema_version,
            counts: facts.counts,
            bytes,
            files: 0,
            files_missing: 0,
        };
        return Ok((g, path.to_path_buf(), None));
    };
    let m = match read_manifest(&dir) {
        Ok(m) => m,
        Err(_) if dir.join(MANIFEST).is_file() => {
            return Err(CoreError::Conflict(format!(
                "{} 的说明文件（manifest.json）已损坏或不是 StationDesk 备份",
                dir.display()
            )));
        }
        Err(_) => {
            return Err(CoreError::Conflict(format!(
                "{} 不是 StationDesk 备份（里面没有 manifest.json）",
                dir.display()
            )));
        }
    };
    if m.format_version > FORMAT_VERSION || m.schema_version > latest_schema_version() {
        return Err(CoreError::Conflict(format!(
            "{} 来自较新版本的 StationDesk（数据库版本 {}，本程序只认识到 {}）：请先升级本程序再恢复",
            dir.display(),
            m.schema_version,
            latest_schema_version()
        )));
    }
    let copy = dir.join(DB_FILE);
    let (sha, bytes) = hash_file(&copy).map_err(|_| {
        CoreError::Conflict(format!("{} 不完整：缺少数据库副本 {DB_FILE}，不能用于恢复", dir.display()))
    })?;
    if sha != m.db_sha256 || bytes != m.db_bytes {
        return Err(CoreError::Conflict(format!(
            "{} 不完整或已损坏：数据库副本 {} 字节，应为 {} 字节且内容校验一致，不能用于恢复",
            dir.display(),
            bytes,
            m.db_bytes
        )));
    }
    let facts = sql::read_facts(&copy).await?;
    if facts.counts != m.counts || facts.station_code != m.station_code {
        return Err(CoreError::Conflict(format!(
            "{} 的记录数与说明文件不符：备份已被改动，不能用于恢复",
            dir.display()
        )));
    }
    let files = dir.join("files");
    let absent = facts
        .attachment_hashes
        .iter()
        .filter(|sha| sha.len() > 2 && !files.join(&sha[..2]).join(sha.as_str()).is_file())
        .count() as u64;
    if absent > m.files_missing {
        return Err(CoreError::Conflict(format!(
            "{} 不完整：缺少 {} 个附件文件，不能用于恢复",
            dir.display(),
            absent - m.files_missing
        )));
    }
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok((generation(&name, &dir, &m), copy, Some(files)))
}

/// What a backup holds, by its name in the station's folder or a path, after every check
/// and the station's own (a backup of another station is refused).
pub async fn preview(store: &Store, source: &str) -> Result<Generation> {
    let path = resolve(store, source)?;
    let (g, _, _) = inspect(&path).await?;
    same_station(store, &g).await?;
    Ok(g)
}

async fn same_station(store: &Store, g: &Generation) -> Result<()> {
    if let Ok(st) = crate::station::current(store).await
        && st.code != g.station_code
    {
        return Err(CoreError::Conflict(format!(
            "这是 {}（{}）的备份，不是本站（{}，{}）的：请选本站的备份",
            g.station_name, g.station_code, st.name, st.code
        )));
    }
    Ok(())
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Restored {
    pub restored: Generation,
    /// The copy of the database as it was just before.
    pub before: Generation,
}

/// Restores a backup over the live database: checked first, the current database backed
/// up, the attachments put back, then the file swapped atomically. The store is closed on
/// return, whatever happened: the caller opens the database again (restored, or as it was).
pub async fn restore(store: &Store, source: &str) -> Result<Restored> {
    let db = store.sqlite_path()?.to_path_buf();
    let path = resolve(store, source)?;
    let (restored, copy, files) = inspect(&path).await?;
    same_station(store, &restored).await?;
    let before = make(store, None, BackupKind::BeforeRestore)
        .await
        .map_err(|e| CoreError::Conflict(format!("恢复前无法先备份当前数据库，因此没有恢复：{}", e.user_message())))?;
    if let Some(files) = files {
        restore_files(&db, &files)?;
    }
    let staged = db.with_file_name(format!(
        "{}.restoring",
        db.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    ));
    let _ = std::fs::remove_file(&staged);
    copy_synced(&copy, &staged)?;
    // The restored file keeps the live file's permissions (another user of this PC may
    // share it); the backups themselves stay 0600.
    if let Ok(meta) = std::fs::metadata(&db) {
        std::fs::set_permissions(&staged, meta.permissions())?;
    }
    sync_dir(&staged)?;
    store.close().await;
    if let Err(e) = sql::swap_in(&db, &staged).await {
        let _ = std::fs::remove_file(&staged);
        return Err(e);
    }
    Ok(Restored { restored, before })
}

/// Records the restore in the restored database's audit log (who, when, from which
/// backup, and where the database as it was went), once it has been opened again.
pub async fn record_restore(store: &Store, actor: &crate::Actor, done: &Restored) -> Result<()> {
    let note = format!(
        "从备份 {}（{}）恢复；恢复前的数据库已备份为 {}",
        done.restored.name,
        done.restored.taken_at.with_timezone(&stationdesk_model::china::CHINA_OFFSET).format("%Y-%m-%d %H:%M"),
        done.before.name
    );
    let mut tx = store.begin_write(actor).await?;
    tx.audit_note("station", actor.station_id, "restore_backup", &[], Some(&note)).await?;
    tx.commit().await
}

/// Puts a generation's attachment files into the live folder; those already there are
/// the same bytes (named by their hash) and stay.
fn restore_files(db: &Path, files: &Path) -> Result<()> {
    let stem = db.file_stem().and_then(|s| s.to_str()).unwrap_or("stationdesk");
    let live = db.with_file_name(format!("{stem}.files"));
    let Ok(dirs) = std::fs::read_dir(files) else { return Ok(()) };
    for d in dirs.flatten() {
        let Ok(inner) = std::fs::read_dir(d.path()) else { continue };
        for f in inner.flatten() {
            let target = live.join(d.file_name()).join(f.file_name());
            if target.is_file() {
                continue;
            }
            std::fs::create_dir_all(live.join(d.file_name()))?;
            let (sha, _) = hash_file(&f.path())?;
            if sha != f.file_name().to_string_lossy() {
                return Err(CoreError::Conflict(format!(
                    "备份里的附件 {} 已损坏（内容与名称不符），没有恢复",
                    f.path().display()
                )));
            }
            let part = target.with_extension("restoring");
            copy_synced(&f.path(), &part)?;
            std::fs::rename(&part, &target)?;
            sync_dir(&target)?;
        }
    }
    Ok(())
}

/// Writes the pre-upgrade copy atomically (temporary name, synced, renamed; 0600).
pub(crate) async fn copy_before_upgrade(pool: &sqlx::SqlitePool, target: &Path) -> Result<()> {
    if target.exists() {
        // Another program opening the same file this second has just made it.
        return Ok(());
    }
    // What a killed copy left: only one opener copies at a time (under the migration
    // lock), so any temporary copy beside the database is stale.
    if let (Some(dir), Some(name)) = (target.parent(), target.file_name().and_then(|n| n.to_str()))
        && let Some(prefix) = name.split(".before-v").next()
        && let Ok(entries) = std::fs::read_dir(dir)
    {
        for entry in entries.flatten() {
            let other = entry.file_name().to_string_lossy().into_owned();
            if other.starts_with(&format!("{prefix}.before-v")) && other.contains(".part-") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let part = target.with_extension(format!("part-{}", std::process::id()));
    let made = async {
        sql::vacuum_into(pool, &part).await?;
        set_private(&part)?;
        std::fs::File::open(&part)?.sync_all()?;
        std::fs::rename(&part, target)?;
        sync_dir(target)
    }
    .await;
    if made.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    made
}

fn hash_file(path: &Path) -> Result<(String, u64)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0_u8; 1 << 16];
    let mut total = 0_u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((hasher.finalize().iter().map(|b| format!("{b:02x}")).collect(), total))
}

fn copy_synced(from: &Path, to: &Path) -> Result<()> {
    let mut source = std::fs::File::open(from)?;
    let mut target = private_file(to)?;
    std::io::copy(&mut source, &mut target)?;
    target.sync_all()?;
    Ok(())
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let part = path.with_extension(format!("part-{}", std::process::id()));
    let mut file = private_file(&part)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&part, path)?;
    sync_dir(path)
}

fn private_file(path: &Path) -> Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    Ok(options.open(path)?)
}

fn set_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| io_error(dir, &e))
}

/// Syncs the folder holding `path`, so a rename into it survives a power cut.
pub(crate) fn sync_dir(path: &Path) -> Result<()> {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => sync_folder(dir),
        None => Ok(()),
    }
}

/// Syncs a folder's entries (on Windows folders cannot be opened this way; NTFS journals
/// renames itself).
fn sync_folder(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Removes what a killed backup left (`.partial-…` folders older than a minute, so a
/// backup running in another program right now is left alone).
fn clean_partials(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let old =
            entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t.elapsed().is_ok_and(|e| e.as_secs() > 60));
        if entry.file_name().to_string_lossy().starts_with(PARTIAL) && old {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> CoreError {
    CoreError::Conflict(format!("无法写入备份文件夹 {}：{}", path.display(), io_reason(e)))
}

/// The location's database path, for the shells (the window's restore reopens it).
pub fn location_path(location: &Location) -> Option<&Path> {
    match location {
        Location::SqliteFile(p) => Some(p),
        Location::Postgres(_) => None,
    }
}

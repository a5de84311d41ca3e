//! Restoring a backup: finding it, checking it through, and swapping it in.

use super::*;
use stationdesk_model::roles::Action;

/// A generation by its name in the station's folder, or any path (`restore FILE`): the
/// generation's folder, a file in it, or a bare database copy such as the one made before
/// an upgrade (`stationdesk.before-v….db`).
pub(super) fn resolve(store: &Store, source: &str) -> Result<PathBuf> {
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

pub(super) async fn same_station(store: &Store, g: &Generation) -> Result<()> {
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
    // The restored file is 0600 (`copy_synced`), as the live one is made at open.
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
    actor.require(Action::Backup)?;
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
pub(super) fn restore_files(db: &Path, files: &Path) -> Result<()> {
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
            crate::private_files::create_dir_all(&live.join(d.file_name()))?;
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

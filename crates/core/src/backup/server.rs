//! One station's backup on the district server, and its restore.
//!
//! A station's backup made from the server is a generation like a PC's (`manifest.json`,
//! `station.db`, `files/`), written the same way (temporary name, synced, checked,
//! renamed). Its `station.db` holds the station's rows in a SQLite file of their own, with
//! the server's ids, read in one snapshot of the server: it opens as the station's own
//! database, restores onto a PC like any backup, or back onto the server here.
//!
//! A station's own login takes its backup (`backup --to DIR`: the folder is named each
//! time, as a station on the server has no file beside which to remember it), and so can
//! the administrator for any station. Restoring replaces the station's rows on the server
//! and needs the administrator; the station's rows as they were are backed up first, into
//! the folder the backup came from.

use super::*;
use crate::store::{MoveStep, export_station, replace_station};

/// Backs up the station `code` (none: the login's own) from the server into `folder`.
pub async fn backup_station(store: &Store, folder: &Path, code: Option<&str>) -> Result<Generation> {
    write_server_generation(store, folder, code, BackupKind::Regular).await
}

/// The station a server backup is of: the one named, or the login's only one.
async fn station_to_back_up(store: &Store, code: Option<&str>) -> Result<crate::station::Station> {
    let stations = store.stations().await?;
    match code {
        Some(code) => stations.into_iter().find(|s| s.code == code).ok_or_else(|| {
            CoreError::NotFound(format!("街道服务器上没有代码为 {code} 的服务站（或这个登录看不到它）"))
        }),
        None => match <[_; 1]>::try_from(stations) {
            Ok([only]) => Ok(only),
            Err(all) if all.is_empty() => Err(crate::station::not_initialized()),
            Err(_) => {
                Err(CoreError::invalid("station", "这个登录能看到多个服务站：请用 --station 指定要备份的服务站代码"))
            }
        },
    }
}

async fn write_server_generation(
    store: &Store,
    folder: &Path,
    code: Option<&str>,
    kind: BackupKind,
) -> Result<Generation> {
    if !store.is_postgres() {
        return Err(CoreError::Conflict("只有连接街道服务器时才这样备份一个服务站".to_owned()));
    }
    let station = station_to_back_up(store, code).await?;
    check_folder_writable(folder)?;
    clean_partials(folder);
    let now = store.now();
    let (base, partial) = generation_names(folder, &station.code, now, kind);
    let manifest = match fill_from_server(store, station.id, &partial, kind, now).await {
        Ok(m) => m,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&partial);
            return Err(e);
        }
    };
    settle(folder, &partial, &base, &manifest)
}

/// Writes the generation under `partial`: the station's rows, its attachments, the manifest.
async fn fill_from_server(
    store: &Store,
    station_id: i64,
    partial: &Path,
    kind: BackupKind,
    now: DateTime<Utc>,
) -> Result<Manifest> {
    create_private_dir(partial)?;
    let copy = partial.join(DB_FILE);
    let files_dir = partial.join("files");
    let (file, _) = Store::open_or_create(&Location::SqliteFile(copy.clone())).await?;
    let mut made_dirs = std::collections::BTreeSet::new();
    let mut files_bytes = 0;
    let mut write_blob = |sha: &str, bytes: &[u8]| -> Result<()> {
        let named = sha.len() > 2 && sha.chars().all(|c| c.is_ascii_hexdigit());
        if !named || Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect::<String>() != sha {
            return Err(CoreError::Conflict(format!(
                "服务器上的附件 {sha} 内容与其校验值不符：备份未完成，请联系街道管理员"
            )));
        }
        let dir = files_dir.join(&sha[..2]);
        if made_dirs.insert(sha[..2].to_owned()) {
            create_private_dir(&dir)?;
        }
        let mut target = private_file(&dir.join(sha))?;
        target.write_all(bytes)?;
        target.sync_all()?;
        files_bytes += bytes.len() as u64;
        Ok(())
    };
    let exported = export_station(store, station_id, &file, &mut write_blob, &mut |_, _| {}).await;
    file.close().await;
    let exported = exported?;
    let differ: Vec<&str> = exported.tables.iter().filter(|t| !t.matches).map(|t| t.label.as_str()).collect();
    if !differ.is_empty() {
        return Err(CoreError::Conflict(format!(
            "备份副本与服务器上的记录不符（{}）：备份未完成，请重试",
            differ.join("、")
        )));
    }
    for d in &made_dirs {
        sync_folder(&files_dir.join(d))?;
    }
    if !made_dirs.is_empty() {
        sync_folder(&files_dir)?;
    }
    set_private(&copy)?;
    sync_file(&copy)?;
    let facts = sql::read_facts(&copy).await?;
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
        files: exported.attachments,
        files_bytes,
        files_missing: exported.missing,
    };
    write_manifest(partial, &manifest)?;
    Ok(manifest)
}

/// Restores a station's backup onto the server (`store` opened by the district's
/// administrator): checked through first, the station's rows as they are backed up into
/// the backup's own folder, then replaced in one server transaction that checks every
/// table before it commits. `progress` hears of each table copied and checked.
pub async fn restore_station(
    store: &Store,
    source: &str,
    progress: &mut (dyn FnMut(MoveStep) + Send),
) -> Result<Restored> {
    let path = PathBuf::from(source);
    if !path.exists() {
        return Err(CoreError::NotFound(format!("找不到备份 {}：请检查路径", path.display())));
    }
    const WHAT: &str = "在街道服务器上恢复服务站的备份";
    store.require_server_owner(WHAT).await?;
    let (restored, copy, files) = inspect(&path).await?;
    let generation_dir = files.as_deref().and_then(Path::parent).unwrap_or(&path);
    let folder = generation_dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let before = write_server_generation(store, folder, Some(&restored.station_code), BackupKind::BeforeRestore)
        .await
        .map_err(|e| {
            CoreError::Conflict(format!("恢复前无法先备份服务器上本站现有的数据，因此没有恢复：{}", e.user_message()))
        })?;
    // The copy is opened (and brought to this program's schema) in a private scratch
    // folder: the backup itself is never written to.
    let scratch = tempfile::Builder::new().prefix("stationdesk-restore-").tempdir()?;
    let staged = scratch.path().join(DB_FILE);
    copy_synced(&copy, &staged)?;
    let (from, _) = Store::open(&Location::SqliteFile(staged)).await?;
    let note = format!(
        "从备份 {}（{}）恢复；恢复前的数据已备份为 {}",
        restored.name,
        restored.taken_at.with_timezone(&stationdesk_model::china::CHINA_OFFSET).format("%Y-%m-%d %H:%M"),
        before.name
    );
    let blobs = files.unwrap_or_else(|| scratch.path().join("files"));
    let replaced = replace_station(&from, &blobs, store, &note, progress).await;
    from.close().await;
    replaced?;
    Ok(Restored { restored, before })
}

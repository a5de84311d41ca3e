//! Files and folders of a backup: hashed, synced, private to this user.

use super::*;

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
        sync_file(&part)?;
        std::fs::rename(&part, target)?;
        sync_dir(target)
    }
    .await;
    if made.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    made
}

pub(super) fn hash_file(path: &Path) -> Result<(String, u64)> {
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

/// Flushes a file written by another handle (SQLite's `VACUUM INTO`) to the disk. Opened
/// for writing: Windows refuses to flush a read-only handle (access denied).
pub(super) fn sync_file(path: &Path) -> Result<()> {
    std::fs::OpenOptions::new().write(true).open(path)?.sync_all()?;
    Ok(())
}

pub(super) fn copy_synced(from: &Path, to: &Path) -> Result<()> {
    let mut source = std::fs::File::open(from)?;
    let mut target = private_file(to)?;
    std::io::copy(&mut source, &mut target)?;
    target.sync_all()?;
    Ok(())
}

pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let part = path.with_extension(format!("part-{}", std::process::id()));
    let mut file = private_file(&part)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&part, path)?;
    sync_dir(path)
}

pub(super) fn private_file(path: &Path) -> Result<std::fs::File> {
    Ok(crate::private_files::create(path)?)
}

pub(super) fn set_private(path: &Path) -> Result<()> {
    crate::private_files::tighten(path);
    Ok(())
}

pub(super) fn create_private_dir(dir: &Path) -> Result<()> {
    crate::private_files::create_dir_all(dir).map_err(|e| io_error(dir, &e))
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
pub(super) fn sync_folder(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Removes what a killed backup left (`.partial-…` folders older than a minute, so a
/// backup running in another program right now is left alone).
pub(super) fn clean_partials(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let old =
            entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t.elapsed().is_ok_and(|e| e.as_secs() > 60));
        if entry.file_name().to_string_lossy().starts_with(PARTIAL) && old {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

pub(super) fn io_error(path: &Path, e: &std::io::Error) -> CoreError {
    CoreError::Conflict(format!("无法写入备份文件夹 {}：{}", path.display(), io_reason(e)))
}

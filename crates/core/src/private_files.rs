//! Files that hold residents' personal data are readable by this user only: the database
//! and the -wal and -shm SQLite makes beside it, backups, attachments, exports and saved
//! notices are created 0600, and the folders the program makes for them 0700 (PIPL: names,
//! phones, addresses and health data). Each file gets its mode when it is created, before
//! a byte is written, so it is never readable by others, whatever the user's umask.
//!
//! On Windows the per-user folders already keep other users out: these are plain file
//! operations there. Where the file system cannot hold Unix modes (a FAT USB disk, a
//! Windows share) or the file belongs to another user, tightening is left to that file
//! system: the write still happens, as it did before.

use std::io::Write;
use std::path::Path;

/// Opens `path` for writing, truncated, created 0600; a file already there that others
/// could read is tightened before anything is written into it.
pub fn create(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    tighten_open(&file);
    Ok(file)
}

/// Creates an empty file 0600 if none is there (for SQLite to fill: a database, or the
/// target of `VACUUM INTO`, which keeps the mode of the empty file it is given).
pub fn touch(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    tighten_open(&file);
    Ok(())
}

/// Writes `bytes` to `path` (replacing what was there) as a file only this user can read.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = create(path)?;
    file.write_all(bytes)?;
    file.flush()
}

/// Replaces `path` with `bytes` whole or not at all: written to a temporary file beside it
/// (tempfile makes it 0600 on Unix, kept on rename), synced, then renamed over the old one,
/// so a crash leaves the old file or the new one. The folder is made 0700 if missing.
pub fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Creates `dir` and any missing parents 0700; folders already there keep their mode (a
/// folder the user chose, such as a shared disk, is theirs to set).
pub fn create_dir_all(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Takes group and world access away from an existing file (a database made by an older
/// StationDesk at 0644); a missing file, or one this user may not change, is left as is.
pub fn tighten(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path)
            && meta.is_file()
            && meta.permissions().mode() & 0o077 != 0
        {
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(meta.permissions().mode() & 0o700));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

fn tighten_open(file: &std::fs::File) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = file.metadata()
            && meta.permissions().mode() & 0o077 != 0
        {
            let _ = file.set_permissions(std::fs::Permissions::from_mode(meta.permissions().mode() & 0o700));
        }
    }
    #[cfg(not(unix))]
    let _ = file;
}

#[cfg(all(test, unix))]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).expect("meta").permissions().mode() & 0o777
    }

    #[test]
    fn files_and_folders_are_the_owners_only() {
        let dir = tempfile::tempdir().expect("dir");
        let nested = dir.path().join("a").join("b");
        create_dir_all(&nested).expect("dirs");
        assert_eq!((mode(&dir.path().join("a")), mode(&nested)), (0o700, 0o700));
        let out = nested.join("导出.xlsx");
        write(&out, b"data").expect("write");
        assert_eq!(mode(&out), 0o600);
        // Saved over a file others could read: tightened.
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        write(&out, b"again").expect("write");
        assert_eq!(mode(&out), 0o600);
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o664)).expect("chmod");
        tighten(&out);
        assert_eq!(mode(&out), 0o600);
        tighten(&nested.join("missing"));
    }
}

//! Photos and documents on a case (before/after photos, letters, plans).
//!
//! The bytes are stored next to the database, in `<database>.files/ab/abcdef…`, named by
//! their SHA-256: the same photo attached twice is stored once, and a file that was
//! damaged or lost is noticed when it is read (the hash no longer matches). A file is
//! written to a temporary name, flushed to disk and renamed before its row is committed,
//! so a crash leaves at worst an unreferenced file, never a row without its bytes.
//! Removing an attachment hides it from the case and keeps both row and file: they go
//! with the case's retention, never silently.
//!
//! Several files added at once (the file dialog, a drop) are all or nothing: every file is
//! read and checked before anything is written, then the rows go in one transaction. A
//! batch whose transaction fails after its bytes were written leaves those files behind
//! unreferenced, and they are left there on purpose: they are named by their content, so
//! the same photo attached again reuses them, and backups copy only the files rows name;
//! deleting them instead could race with another save of the same photo that committed a
//! row for that very hash meanwhile, and lose a file a row needs.

use stationdesk_model::roles::Action;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};
use crate::store::{Actor, Store};

/// Larger files are refused with a message that says so.
pub const MAX_ATTACHMENT_BYTES: u64 = 20 * 1024 * 1024;

/// At most this many files are added at once, so a batch is held in memory whole
/// (at most 20 × 20 MB) before its transaction.
pub const MAX_FILES_AT_ONCE: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum AttachmentKind {
    /// 整改前 photo.
    #[serde(rename = "before")]
    Before,
    /// 整改后 photo.
    #[serde(rename = "after")]
    After,
    /// Any document: a letter, a plan, a scan.
    #[serde(rename = "document")]
    Document,
}

impl AttachmentKind {
    pub const ALL: &'static [Self] = &[Self::Before, Self::After, Self::Document];

    pub fn label(self) -> &'static str {
        match self {
            Self::Before => "整改前",
            Self::After => "整改后",
            Self::Document => "文档",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Before => "before",
            Self::After => "after",
            Self::Document => "document",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Before, Self::After, Self::Document].into_iter().find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub id: i64,
    pub case_id: i64,
    pub kind: AttachmentKind,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// The media type by extension; photos are what the thumbnails show.
pub fn media_type(file_name: &str) -> &'static str {
    let ext = Path::new(file_name).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "bmp" => "image/bmp",
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where the bytes of the given hash live under `dir`.
pub(crate) fn blob_path(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(&sha256[..2]).join(sha256)
}

/// Writes the bytes under their hash (unless already there).
fn store_blob(dir: &Path, sha: &str, bytes: &[u8]) -> Result<()> {
    let target = blob_path(dir, sha);
    if target.exists() {
        return Ok(());
    }
    let parent = target.parent().unwrap_or(dir);
    crate::private_files::create_dir_all(parent)?;
    // tempfile creates the file 0600 on Unix; it keeps that mode on rename.
    let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| CoreError::Io(e.error))?;
    // The rename is durable once the directory is.
    if let Ok(d) = std::fs::File::open(parent) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Reads a file to attach, refusing what is too large or unreadable with a message.
pub fn read_for_attachment(path: &Path) -> Result<(String, Vec<u8>)> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .map(str::to_owned)
        .ok_or_else(|| CoreError::invalid("path", format!("无法识别的文件名：{}", path.display())))?;
    let meta = std::fs::metadata(path).map_err(|e| {
        CoreError::invalid("path", format!("无法读取文件 {}：{}", path.display(), crate::error::io_reason(&e)))
    })?;
    if !meta.is_file() {
        return Err(CoreError::invalid("path", format!("{} 不是文件，请选择照片或文档", path.display())));
    }
    check_size(&name, meta.len())?;
    let bytes = std::fs::read(path).map_err(|e| {
        CoreError::invalid("path", format!("无法读取文件 {}：{}", path.display(), crate::error::io_reason(&e)))
    })?;
    Ok((name, bytes))
}

fn check_size(name: &str, size: u64) -> Result<()> {
    if size > MAX_ATTACHMENT_BYTES {
        return Err(CoreError::invalid(
            "path",
            format!(
                "文件“{name}”有 {:.1} MB，超过 {} MB 的上限；请压缩照片或拆分文档后再添加",
                size as f64 / 1_048_576.0,
                MAX_ATTACHMENT_BYTES / 1_048_576
            ),
        ));
    }
    if size == 0 {
        return Err(CoreError::invalid("path", format!("文件“{name}”是空的，请检查后重新选择")));
    }
    Ok(())
}

// ---- services ----

/// Attaches a file's bytes to a case.
pub async fn add(
    store: &Store,
    actor: &Actor,
    case_id: i64,
    kind: AttachmentKind,
    file_name: &str,
    bytes: &[u8],
) -> Result<Attachment> {
    actor.require(Action::CasesWrite)?;
    let file = checked(file_name, bytes.to_vec())?;
    let mut added = add_checked(store, actor, case_id, kind, vec![file]).await?;
    added.pop().ok_or_else(|| CoreError::Conflict("附件没有保存，请重试".to_owned()))
}

/// Attaches the file at `path` (from the file dialog or a drop on the window).
pub async fn add_file(
    store: &Store,
    actor: &Actor,
    case_id: i64,
    kind: AttachmentKind,
    path: &Path,
) -> Result<Attachment> {
    actor.require(Action::CasesWrite)?;
    let mut added = add_files(store, actor, case_id, kind, &[path.to_path_buf()]).await?;
    added.pop().ok_or_else(|| CoreError::Conflict("附件没有保存，请重试".to_owned()))
}

/// Attaches the files at `paths`, all or none: one that is too large, empty or unreadable
/// refuses the whole batch before anything is written, naming that file.
pub async fn add_files(
    store: &Store,
    actor: &Actor,
    case_id: i64,
    kind: AttachmentKind,
    paths: &[PathBuf],
) -> Result<Vec<Attachment>> {
    actor.require(Action::CasesWrite)?;
    if paths.len() > MAX_FILES_AT_ONCE {
        return Err(CoreError::invalid(
            "path",
            format!("一次最多添加 {MAX_FILES_AT_ONCE} 个文件，这次选了 {} 个；请分几次添加", paths.len()),
        ));
    }
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let file = read_for_attachment(path).and_then(|(name, bytes)| checked(&name, bytes));
        match file {
            Ok(file) => files.push(file),
            Err(e) if paths.len() > 1 => {
                let why = e.user_message();
                return Err(CoreError::invalid(
                    "path",
                    format!("{why}。这次选的 {} 个文件都没有添加：请去掉或换掉这个文件后重新添加", paths.len()),
                ));
            }
            Err(e) => return Err(e),
        }
    }
    add_checked(store, actor, case_id, kind, files).await
}

/// A file checked and hashed, ready to be written.
struct CheckedFile {
    name: String,
    bytes: Vec<u8>,
    sha: String,
}

fn checked(file_name: &str, bytes: Vec<u8>) -> Result<CheckedFile> {
    let name = stationdesk_model::input::clean_line(file_name);
    if name.is_empty() || name.chars().count() > 255 {
        return Err(CoreError::invalid("fileName", "文件名为空或过长（最多 255 字）"));
    }
    check_size(&name, bytes.len() as u64)?;
    let sha = hex(&Sha256::digest(&bytes));
    Ok(CheckedFile { name, bytes, sha })
}

/// Writes checked files' bytes, then their rows in one transaction.
async fn add_checked(
    store: &Store,
    actor: &Actor,
    case_id: i64,
    kind: AttachmentKind,
    files: Vec<CheckedFile>,
) -> Result<Vec<Attachment>> {
    // On a SQLite file the bytes live in a folder beside it; on the district's server they
    // live in the database, written in the same transaction as the attachment's row (one
    // place to back up, the same row-level security, no shared folder to mount).
    let dir = if store.is_postgres() { None } else { Some(store.files_dir()?) };
    // The case must exist before bytes are written for it.
    crate::cases::get(store, actor.station_id, case_id).await?;
    if let Some(dir) = &dir {
        for f in &files {
            store_blob(dir, &f.sha, &f.bytes)?;
        }
    }
    let mut w = store.begin_write(actor).await?;
    let mut added = Vec::with_capacity(files.len());
    for f in &files {
        if dir.is_none() {
            w.insert_blob(&f.sha, &f.bytes).await?;
        }
        let size = f.bytes.len() as i64;
        added.push(w.insert_attachment(case_id, kind, &f.name, media_type(&f.name), size, &f.sha).await?);
    }
    w.commit().await?;
    Ok(added)
}

/// The bytes of an attachment, checked against their hash.
pub async fn content(store: &Store, station_id: i64, id: i64) -> Result<(Attachment, Vec<u8>)> {
    let a = store
        .attachment(station_id, id)
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("找不到编号为 {id} 的附件")))?;
    let (bytes, place) = if store.is_postgres() {
        let bytes = store.blob(station_id, &a.sha256).await?.ok_or_else(|| {
            CoreError::NotFound(format!("附件“{}”的内容不在服务器上；请联系街道管理员从备份恢复", a.file_name))
        })?;
        (bytes, "街道服务器".to_owned())
    } else {
        let path = blob_path(&store.files_dir()?, &a.sha256);
        let bytes = std::fs::read(&path).map_err(|_| {
            CoreError::NotFound(format!(
                "附件“{}”的文件不见了（应在 {}）；请从备份恢复该文件",
                a.file_name,
                path.display()
            ))
        })?;
        (bytes, path.display().to_string())
    };
    if hex(&Sha256::digest(&bytes)) != a.sha256 {
        return Err(CoreError::Conflict(format!(
            "附件“{}”的文件已损坏（内容与登记时的校验值不符）；请从备份恢复 {place}",
            a.file_name
        )));
    }
    Ok((a, bytes))
}

/// Hides an attachment from the case; row and file are kept for the retention period.
pub async fn remove(store: &Store, actor: &Actor, id: i64) -> Result<()> {
    actor.require(Action::CasesWrite)?;
    let mut w = store.begin_write(actor).await?;
    w.remove_attachment(id).await?;
    w.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blobs_are_stored_once_under_their_hash() {
        let dir = tempfile::tempdir().unwrap();
        let a = hex(&Sha256::digest(b"photo"));
        store_blob(dir.path(), &a, b"photo").unwrap();
        // A second store of the same bytes leaves the one file as it is.
        store_blob(dir.path(), &a, b"photo").unwrap();
        assert_eq!(std::fs::read_dir(dir.path().join(&a[..2])).unwrap().count(), 1);
        assert_eq!(std::fs::read(blob_path(dir.path(), &a)).unwrap(), b"photo");
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn too_large_files_are_refused_with_the_limit() {
        let err = check_size("现场.jpg", MAX_ATTACHMENT_BYTES + 1).unwrap_err().to_string();
        assert!(err.contains("超过 20 MB"), "{err}");
        assert_eq!(media_type("整改后.JPG"), "image/jpeg");
    }
}

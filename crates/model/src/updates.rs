//! Telling a station a newer StationDesk exists: the version manifest the district publishes
//! (in a shared folder or on its web server), read and compared with this program's version.
//! Nothing is ever downloaded or installed here; the worker is told the version and where its
//! installer is, and runs it themselves.
//!
//! The manifest is Tauri's updater format (`version`, `notes`, `pub_date`, `platforms` keyed
//! `{os}-{arch}[-{installer}]` with `url`), so the same file can serve a signed updater later:
//!
//! ```json
//! { "version": "0.2.0", "notes": "节假日 2027 年安排", "pub_date": "2027-01-05T08:00:00Z",
//!   "platforms": { "windows-x86_64": { "url": "StationDesk_0.2.0_x64-setup.exe" },
//!                  "linux-x86_64-deb": { "url": "stationdesk_0.2.0_amd64.deb" } } }
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Checked, Invalid};

/// The largest manifest read (a real one is a few hundred bytes).
pub const MAX_MANIFEST_BYTES: usize = 64 * 1024;
/// The longest update source a worker may type (a folder path or an address).
pub const MAX_SOURCE_CHARS: usize = 500;
/// The manifest's file name when the source is a folder.
pub const MANIFEST_FILE: &str = "latest.json";
const MAX_NOTES_CHARS: usize = 2000;
const MAX_URL_CHARS: usize = 1000;

/// A release version, as semver orders them (a pre-release `0.2.0-rc.1` comes before its
/// release); a leading `v` is allowed.
pub type Version = semver::Version;

/// Reads `1.2.3` or `v1.2.3-rc.1`; `None` for anything else.
pub fn parse_version(text: &str) -> Option<Version> {
    let text = text.trim();
    if text.len() > 64 {
        return None;
    }
    Version::parse(text.strip_prefix('v').unwrap_or(text)).ok()
}

/// One platform's installer in a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformRelease {
    /// Where the installer is: an address, a path, or a file name beside the manifest.
    pub url: String,
}

/// A manifest as published, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub version: Version,
    pub notes: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub platforms: BTreeMap<String, PlatformRelease>,
}

#[derive(Deserialize)]
struct RawManifest {
    version: Option<serde_json::Value>,
    notes: Option<String>,
    pub_date: Option<String>,
    #[serde(default)]
    platforms: BTreeMap<String, RawPlatform>,
}

#[derive(Deserialize)]
struct RawPlatform {
    url: Option<String>,
}

fn refused(message: impl Into<String>) -> Invalid {
    Invalid::field("manifest", message)
}

/// Reads a manifest's bytes: refused, saying what is wrong with the file in Chinese, when
/// it is not the format above.
pub fn parse_manifest(bytes: &[u8]) -> Checked<Manifest> {
    const HINT: &str = "请让街道的管理员按说明（docs/updates.md）重新发布 latest.json";
    if bytes.len() > MAX_MANIFEST_BYTES {
        return Err(refused(format!(
            "版本说明文件过大（超过 {} KB），不是 StationDesk 的版本说明；{HINT}",
            MAX_MANIFEST_BYTES / 1024
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| refused(format!("版本说明文件不是 UTF-8 文本；{HINT}")))?;
    let raw: RawManifest = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        refused(format!("版本说明文件不是正确的 JSON（第 {} 行第 {} 列有误）；{HINT}", e.line(), e.column()))
    })?;
    let version = match &raw.version {
        Some(serde_json::Value::String(v)) => parse_version(v).ok_or_else(|| {
            refused(format!("版本说明里的版本号“{}”不是“主.次.修订”的形式（如 0.2.0）；{HINT}", excerpt(v, 30)))
        })?,
        _ => return Err(refused(format!("版本说明缺少版本号（version，如 \"0.2.0\"）；{HINT}"))),
    };
    let notes = raw.notes.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    if notes.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTES_CHARS) {
        return Err(refused(format!("版本说明的更新内容（notes）超过 {MAX_NOTES_CHARS} 字；{HINT}")));
    }
    let published_at = match raw.pub_date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => Some(DateTime::parse_from_rfc3339(d).map(|t| t.with_timezone(&Utc)).map_err(|_| {
            refused(format!(
                "版本说明的发布时间（pub_date）“{}”不是 RFC 3339 时间（如 2027-01-05T08:00:00Z）；{HINT}",
                excerpt(d, 40)
            ))
        })?),
    };
    let mut platforms = BTreeMap::new();
    for (key, p) in raw.platforms {
        let url = p.url.map(|u| u.trim().to_owned()).unwrap_or_default();
        if url.is_empty() {
            return Err(refused(format!("版本说明中“{}”的安装包位置（url）是空的；{HINT}", excerpt(&key, 40))));
        }
        if url.chars().count() > MAX_URL_CHARS || url.chars().any(char::is_control) {
            return Err(refused(format!("版本说明中“{}”的安装包位置（url）不正确；{HINT}", excerpt(&key, 40))));
        }
        platforms.insert(key, PlatformRelease { url });
    }
    Ok(Manifest { version, notes, published_at, platforms })
}

fn excerpt(text: &str, chars: usize) -> String {
    let mut out: String = text.chars().take(chars).collect();
    if text.chars().count() > chars {
        out.push('…');
    }
    out
}

/// The manifest keys that name this program's installer, most specific first:
/// `windows-x86_64-nsis`, then `windows-x86_64`.
pub fn platform_keys(os: &str, arch: &str, installer: Option<&str>) -> Vec<String> {
    let os = if os == "macos" { "darwin" } else { os };
    let base = format!("{os}-{arch}");
    let mut keys = Vec::new();
    if let Some(kind) = installer {
        keys.push(format!("{base}-{kind}"));
    }
    keys.push(base);
    keys
}

/// What the check found, for the banner and 设置 → 软件更新.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct UpdateCheck {
    /// This program's version.
    pub current: String,
    /// The version the district publishes.
    pub latest: String,
    /// Whether the published version is newer than this one.
    pub newer: bool,
    /// What is new, as the district wrote it (at most 2000 characters).
    pub notes: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    /// Where this computer's installer is (an address or a path); none when the manifest
    /// has none for this kind of computer.
    pub installer: Option<String>,
    /// The sentence the window and the CLI show.
    pub message: String,
}

/// Compares the manifest with this program's version, picking the installer for `keys`
/// (the first that the manifest names). The installer's place is returned as written; the
/// caller resolves a name relative to where the manifest was read.
pub fn compare(manifest: &Manifest, current: &Version, keys: &[String]) -> (UpdateCheck, Option<String>) {
    let newer = manifest.version > *current;
    let url = keys.iter().find_map(|k| manifest.platforms.get(k)).map(|p| p.url.clone());
    let message = if !newer {
        format!("已是最新版本（本机 {current}，街道发布的最新版本 {}）", manifest.version)
    } else if url.is_some() {
        format!("有新版本 {}（本机 {current}）：请关闭工作台后运行安装包，数据会保留", manifest.version)
    } else {
        format!(
            "有新版本 {}（本机 {current}），但版本说明里没有本机这类电脑的安装包，请联系街道的管理员",
            manifest.version
        )
    };
    let check = UpdateCheck {
        current: current.to_string(),
        latest: manifest.version.to_string(),
        newer,
        notes: manifest.notes.clone(),
        published_at: manifest.published_at,
        installer: None,
        message,
    };
    (check, url)
}

/// The update source a worker typed, trimmed: refused when empty, too long or not a folder,
/// a file or an `http://` address (reading `https://` would put a TLS stack in every
/// installer for a few hundred bytes; a district's intranet server or shared folder serves).
pub fn check_source(text: &str) -> Checked<String> {
    let source = text.trim();
    if source.is_empty() {
        return Err(Invalid::field("source", "请填写街道发布新版本的共享文件夹或网址"));
    }
    if source.chars().count() > MAX_SOURCE_CHARS || source.chars().any(char::is_control) {
        return Err(Invalid::field("source", format!("更新地址最多 {MAX_SOURCE_CHARS} 个字符，且不能含换行")));
    }
    let lower = source.to_ascii_lowercase();
    if lower.starts_with("https://") {
        return Err(Invalid::field(
            "source",
            "本版本不能读取 https:// 地址的版本说明：请填写街道内网的 http:// 地址，或共享文件夹",
        ));
    }
    if lower.contains("://") && !lower.starts_with("http://") {
        return Err(Invalid::field(
            "source",
            "更新地址只能是共享文件夹（如 \\\\街道服务器\\stationdesk）或以 http:// 开头的网址",
        ));
    }
    Ok(source.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        parse_version(s).unwrap()
    }

    #[test]
    fn versions_compare_number_by_number_and_a_pre_release_comes_first() {
        assert!(v("0.10.0") > v("0.9.9"));
        assert!(v("1.0.0") > v("1.0.0-rc.2"));
        assert!(v("1.0.0-rc.2") > v("1.0.0-rc.1"));
        assert_eq!(v("v0.2.0"), v("0.2.0"));
        assert_eq!(v("0.2.0").to_string(), "0.2.0");
        for bad in ["", "1.2", "1.2.3.4", "a.b.c", "1.2.3-", "1..3", "1.2.3 beta"] {
            assert_eq!(parse_version(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_manifest_is_read_and_its_faults_are_named_in_chinese() {
        let m = parse_manifest(
            "\u{feff}{\"version\":\"0.2.0\",\"notes\":\" 2027 年节假日 \",\"pub_date\":\"2027-01-05T08:00:00Z\",\
             \"platforms\":{\"windows-x86_64\":{\"url\":\"StationDesk_0.2.0_x64-setup.exe\",\"signature\":\"\"}}}"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(m.version, v("0.2.0"));
        assert_eq!(m.notes.as_deref(), Some("2027 年节假日"));
        assert_eq!(m.published_at.unwrap().to_rfc3339(), "2027-01-05T08:00:00+00:00");
        let message = |bytes: &[u8]| parse_manifest(bytes).unwrap_err().to_string();
        assert!(message(b"{\"version\": 2}").contains("缺少版本号"));
        assert!(message(b"{\"version\": \"2.0\"}").contains("“2.0”不是“主.次.修订”"));
        assert!(message(b"<html>").contains("不是正确的 JSON（第 1 行第 1 列有误）"));
        assert!(message(&[0xff, 0xfe]).contains("不是 UTF-8"));
        assert!(message(&vec![b' '; MAX_MANIFEST_BYTES + 1]).contains("过大"));
        assert!(message(b"{\"version\":\"1.0.0\",\"pub_date\":\"2027/1/5\"}").contains("pub_date"));
        assert!(
            message(b"{\"version\":\"1.0.0\",\"platforms\":{\"linux-x86_64\":{}}}")
                .contains("“linux-x86_64”的安装包位置")
        );
    }

    #[test]
    fn the_installer_for_this_kind_of_computer_is_picked_and_the_sentence_says_what_to_do() {
        let m = parse_manifest(
            br#"{"version":"0.2.0","platforms":{"linux-x86_64":{"url":"any.tar"},"linux-x86_64-deb":{"url":"a.deb"}}}"#,
        )
        .unwrap();
        let deb = platform_keys("linux", "x86_64", Some("deb"));
        let (check, url) = compare(&m, &v("0.1.0"), &deb);
        assert!(check.newer);
        assert_eq!(url.as_deref(), Some("a.deb"));
        assert_eq!(check.message, "有新版本 0.2.0（本机 0.1.0）：请关闭工作台后运行安装包，数据会保留");
        let (_, url) = compare(&m, &v("0.1.0"), &platform_keys("linux", "x86_64", Some("rpm")));
        assert_eq!(url.as_deref(), Some("any.tar"), "the general key when the installer kind has none");
        let (check, url) = compare(&m, &v("0.1.0"), &platform_keys("windows", "x86_64", Some("nsis")));
        assert_eq!(url, None);
        assert!(check.message.contains("没有本机这类电脑的安装包"));
        let (check, _) = compare(&m, &v("0.2.0"), &deb);
        assert!(!check.newer);
        assert_eq!(check.message, "已是最新版本（本机 0.2.0，街道发布的最新版本 0.2.0）");
    }

    #[test]
    fn a_source_is_a_folder_a_file_or_a_web_address() {
        assert_eq!(check_source("  \\\\jiedao\\stationdesk ").unwrap(), "\\\\jiedao\\stationdesk");
        assert!(check_source("http://10.0.0.5/stationdesk/").is_ok());
        assert!(check_source("/mnt/jiedao/latest.json").is_ok());
        assert!(check_source("").unwrap_err().to_string().contains("请填写"));
        assert!(check_source("ftp://x/").unwrap_err().to_string().contains("http://"));
        assert!(check_source("https://x/").unwrap_err().to_string().contains("不能读取 https://"));
        assert!(check_source(&"a".repeat(501)).unwrap_err().to_string().contains("500"));
    }
}

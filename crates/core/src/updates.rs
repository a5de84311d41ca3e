//! 软件更新: where this computer looks for the district's version manifest (kept per
//! computer in `updates.json` beside `database.json`), and the check itself: the manifest
//! read from a shared folder, a file, or an `http://` address, compared with this program's
//! version (the rules are `stationdesk_model::updates`). Nothing is downloaded or installed:
//! the worker is told the version and where its installer is.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use stationdesk_model::updates::{self as rules, MANIFEST_FILE, MAX_MANIFEST_BYTES};

pub use stationdesk_model::updates::UpdateCheck;

use crate::error::{CoreError, Result};
use crate::store::default_data_dir;

/// How long a check waits for a shared folder or a server before saying it cannot reach it.
const WAIT: Duration = Duration::from_secs(10);
const FILE_NAME: &str = "updates.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Kept {
    source: Option<String>,
}

/// Where this computer's update source is kept.
pub fn config_path() -> Result<PathBuf> {
    Ok(default_data_dir()?.join(FILE_NAME))
}

/// The update source kept at `path`, if any.
pub fn load_source_from(path: &Path) -> Result<Option<String>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(CoreError::Io(e)),
    };
    let kept: Kept = serde_json::from_str(&text).map_err(|_| {
        CoreError::Conflict(format!("更新设置文件已损坏：{}；请删除它后重新填写更新地址", path.display()))
    })?;
    Ok(kept.source)
}

/// Keeps `source` (checked first; none forgets it), written whole or not at all.
pub fn save_source_to(path: &Path, source: Option<&str>) -> Result<Option<String>> {
    let source = source.map(rules::check_source).transpose().map_err(|e| CoreError::Invalid(e.0))?;
    let text = serde_json::to_string_pretty(&Kept { source: source.clone() })
        .map_err(|e| CoreError::Io(std::io::Error::other(e)))?;
    crate::private_files::replace(path, text.as_bytes())?;
    Ok(source)
}

pub fn load_source() -> Result<Option<String>> {
    load_source_from(&config_path()?)
}

pub fn save_source(source: Option<&str>) -> Result<Option<String>> {
    save_source_to(&config_path()?, source)
}

/// 设置 → 软件更新: where this computer looks, and this program's version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct UpdateSource {
    pub source: Option<String>,
    pub current: String,
}

/// What 设置 → 软件更新 shows.
pub fn source() -> Result<UpdateSource> {
    Ok(UpdateSource { source: load_source()?, current: current_version().to_string() })
}

/// This program's version.
pub fn current_version() -> rules::Version {
    rules::parse_version(env!("CARGO_PKG_VERSION")).unwrap_or_else(|| rules::Version::new(0, 0, 0))
}

/// The installer kind this computer takes: NSIS on Windows; on Linux .deb where dpkg keeps
/// its database, .rpm where rpm does.
fn installer_kind() -> Option<&'static str> {
    if cfg!(windows) {
        Some("nsis")
    } else if cfg!(target_os = "linux") {
        if Path::new("/var/lib/dpkg/status").exists() {
            Some("deb")
        } else if Path::new("/var/lib/rpm").exists() {
            Some("rpm")
        } else {
            None
        }
    } else {
        None
    }
}

/// Where the manifest was read: an address, or a file.
enum Origin {
    Web(url::Url),
    File(PathBuf),
}

/// Reads the district's manifest at `source` and compares it with this program's version.
pub async fn check(source: &str) -> Result<UpdateCheck> {
    check_as(source, &current_version(), installer_kind()).await
}

/// The check for a given version and installer kind (the tests' way in).
pub async fn check_as(source: &str, current: &rules::Version, installer: Option<&str>) -> Result<UpdateCheck> {
    let source = rules::check_source(source).map_err(|e| CoreError::Invalid(e.0))?;
    let (origin, bytes) = read_manifest(source).await?;
    let manifest = rules::parse_manifest(&bytes).map_err(|e| CoreError::Invalid(e.0))?;
    let keys = rules::platform_keys(std::env::consts::OS, std::env::consts::ARCH, installer);
    let (mut found, url) = rules::compare(&manifest, current, &keys);
    found.installer = url.map(|u| resolve(&origin, &u));
    Ok(found)
}

/// The installer's place as the worker can use it: an address or an absolute path as
/// written, a name relative to where the manifest was read.
fn resolve(origin: &Origin, installer: &str) -> String {
    let lower = installer.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return installer.to_owned();
    }
    match origin {
        Origin::Web(base) => base.join(installer).map(|u| u.to_string()).unwrap_or_else(|_| installer.to_owned()),
        Origin::File(manifest) => {
            let absolute = Path::new(installer).is_absolute() || installer.starts_with("\\\\");
            match manifest.parent() {
                Some(dir) if !absolute => dir.join(installer).display().to_string(),
                _ => installer.to_owned(),
            }
        }
    }
}

fn unreachable(what: &str) -> CoreError {
    CoreError::Conflict(format!("{what}；请确认这台电脑能访问街道的共享文件夹或服务器，或请街道的管理员核对更新地址"))
}

async fn read_manifest(source: String) -> Result<(Origin, Vec<u8>)> {
    let task = if source.to_ascii_lowercase().starts_with("http://") {
        let url = manifest_url(&source)?;
        tokio::task::spawn_blocking(move || fetch(&url).map(|b| (Origin::Web(url), b)))
    } else {
        tokio::task::spawn_blocking(move || read_file(Path::new(&source)))
    };
    match tokio::time::timeout(WAIT, task).await {
        Err(_) => Err(unreachable(&format!("{} 秒内没有读到版本说明", WAIT.as_secs()))),
        Ok(Err(e)) => Err(CoreError::Io(std::io::Error::other(e))),
        Ok(Ok(read)) => read,
    }
}

/// `http://host/dir/` or `http://host/dir` names the folder holding `latest.json`; an address
/// ending in `.json` names the manifest itself.
fn manifest_url(source: &str) -> Result<url::Url> {
    let bad =
        || CoreError::invalid("source", format!("更新地址“{source}”不是正确的网址（如 http://10.1.2.3/stationdesk/）"));
    let mut url = url::Url::parse(source).map_err(|_| bad())?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad());
    }
    if !url.path().to_ascii_lowercase().ends_with(".json") {
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        url = url.join(MANIFEST_FILE).map_err(|_| bad())?;
    }
    Ok(url)
}

fn fetch(url: &url::Url) -> Result<Vec<u8>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(WAIT))
        .http_status_as_error(false)
        .max_redirects(3)
        .build()
        .into();
    let mut response = agent.get(url.as_str()).call().map_err(|e| web_error(url, &e))?;
    let status = response.status().as_u16();
    if status == 404 {
        return Err(unreachable(&format!("街道服务器上没有版本说明（{url} 不存在）")));
    }
    if status != 200 {
        return Err(unreachable(&format!("街道服务器没有给出版本说明（{url} 答复 HTTP {status}）")));
    }
    response.body_mut().with_config().limit(MAX_MANIFEST_BYTES as u64 + 1).read_to_vec().map_err(|e| web_error(url, &e))
}

/// ureq's errors in the words of someone at the desk.
fn web_error(url: &url::Url, e: &ureq::Error) -> CoreError {
    let host = url.host_str().unwrap_or("");
    match e {
        ureq::Error::HostNotFound => unreachable(&format!("找不到服务器 {host}")),
        ureq::Error::ConnectionFailed => unreachable(&format!("连不上服务器 {host}")),
        ureq::Error::Timeout(_) => unreachable(&format!("服务器 {host} 在 {} 秒内没有答复", WAIT.as_secs())),
        ureq::Error::BodyExceedsLimit(_) => {
            CoreError::invalid("manifest", format!("{url} 不是 StationDesk 的版本说明（内容过大）"))
        }
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => {
            unreachable(&format!("{url} 转到了别的地址，没有读到版本说明"))
        }
        ureq::Error::TlsRequired | ureq::Error::RequireHttpsOnly(_) => CoreError::invalid(
            "source",
            "本版本不能读取 https:// 地址的版本说明：请填写街道内网的 http:// 地址，或共享文件夹",
        ),
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::ConnectionReset => {
                unreachable(&format!("连不上服务器 {host}（对方没有提供网页服务）"))
            }
            std::io::ErrorKind::TimedOut => unreachable(&format!("服务器 {host} 在 {} 秒内没有答复", WAIT.as_secs())),
            _ => unreachable(&format!("从服务器 {host} 读取版本说明时网络中断")),
        },
        _ => unreachable(&format!("没有从 {url} 读到版本说明")),
    }
}

/// A folder means its `latest.json`; a file is read as the manifest.
fn read_file(source: &Path) -> Result<(Origin, Vec<u8>)> {
    let path = if source.is_dir() { source.join(MANIFEST_FILE) } else { source.to_path_buf() };
    let file = std::fs::File::open(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => unreachable(&format!(
            "找不到版本说明 {}（共享文件夹是否已连接，其中是否有 {MANIFEST_FILE}？）",
            path.display()
        )),
        _ => unreachable(&format!("无法读取版本说明 {}：{}", path.display(), crate::error::io_reason(&e))),
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_MANIFEST_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreachable(&format!("无法读取版本说明 {}：{}", path.display(), crate::error::io_reason(&e))))?;
    Ok((Origin::File(path), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> rules::Version {
        rules::parse_version(s).unwrap()
    }

    const MANIFEST: &str = r#"{"version":"0.2.0","notes":"2027 年节假日安排","platforms":{
        "linux-x86_64-deb":{"url":"stationdesk_0.2.0_amd64.deb"},
        "windows-x86_64":{"url":"\\\\jiedao\\stationdesk\\StationDesk_0.2.0_x64-setup.exe"}}}"#;

    #[tokio::test]
    async fn a_shared_folder_tells_of_a_newer_version_and_where_its_installer_is() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("latest.json"), MANIFEST).unwrap();
        let source = dir.path().display().to_string();
        let found = check_as(&source, &v("0.1.0"), Some("deb")).await.unwrap();
        assert!(found.newer);
        assert_eq!(found.latest, "0.2.0");
        assert_eq!(found.notes.as_deref(), Some("2027 年节假日安排"));
        let installer = found.installer.unwrap();
        if cfg!(target_os = "linux") {
            assert_eq!(installer, dir.path().join("stationdesk_0.2.0_amd64.deb").display().to_string());
        }
        let file = dir.path().join("latest.json").display().to_string();
        let same = check_as(&file, &v("0.2.0"), Some("deb")).await.unwrap();
        assert!(!same.newer, "the file itself may be named");
        assert_eq!(same.message, "已是最新版本（本机 0.2.0，街道发布的最新版本 0.2.0）");
    }

    #[tokio::test]
    async fn a_missing_folder_or_a_broken_manifest_is_said_in_chinese() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("没有连接").display().to_string();
        let e = check_as(&missing, &v("0.1.0"), None).await.unwrap_err().user_message();
        assert!(e.contains("找不到版本说明") && e.contains("共享文件夹是否已连接"), "{e}");
        std::fs::write(dir.path().join("latest.json"), "<html>404</html>").unwrap();
        let e = check_as(&dir.path().display().to_string(), &v("0.1.0"), None).await.unwrap_err().user_message();
        assert!(e.contains("不是正确的 JSON"), "{e}");
        let e = check_as("https://example.org/", &v("0.1.0"), None).await.unwrap_err().user_message();
        assert!(e.contains("http://"), "{e}");
    }

    #[tokio::test]
    async fn a_web_address_is_read_over_http_and_an_unreachable_one_is_named() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let mut request = vec![0u8; 4096];
                let n = socket.read(&mut request).await.unwrap_or(0);
                let head = String::from_utf8_lossy(&request[..n]).to_string();
                let reply = if head.starts_with("GET /stationdesk/latest.json ") {
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{MANIFEST}",
                        MANIFEST.len()
                    )
                } else {
                    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_owned()
                };
                let _ = socket.write_all(reply.as_bytes()).await;
            }
        });
        let found = check_as(&format!("http://127.0.0.1:{port}/stationdesk"), &v("0.1.0"), Some("deb")).await.unwrap();
        assert!(found.newer);
        assert_eq!(
            found.installer.unwrap(),
            format!("http://127.0.0.1:{port}/stationdesk/stationdesk_0.2.0_amd64.deb")
        );
        let windows = check_as(&format!("http://127.0.0.1:{port}/stationdesk/"), &v("0.1.0"), Some("nsis")).await;
        if cfg!(windows) {
            assert_eq!(windows.unwrap().installer.unwrap(), "\\\\jiedao\\stationdesk\\StationDesk_0.2.0_x64-setup.exe");
        }
        let e =
            check_as(&format!("http://127.0.0.1:{port}/other/"), &v("0.1.0"), None).await.unwrap_err().user_message();
        assert!(e.contains("街道服务器上没有版本说明"), "{e}");
        // A port nobody listens on.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let e = check_as(&format!("http://127.0.0.1:{closed}/"), &v("0.1.0"), None).await.unwrap_err().user_message();
        assert!(e.contains("连不上服务器 127.0.0.1"), "{e}");
    }

    #[test]
    fn the_source_is_kept_per_computer_and_checked_before_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("updates.json");
        assert_eq!(load_source_from(&path).unwrap(), None);
        let kept = save_source_to(&path, Some("  http://10.1.2.3/stationdesk/ ")).unwrap();
        assert_eq!(kept.as_deref(), Some("http://10.1.2.3/stationdesk/"));
        assert_eq!(load_source_from(&path).unwrap().as_deref(), Some("http://10.1.2.3/stationdesk/"));
        let e = save_source_to(&path, Some("ftp://x")).unwrap_err().user_message();
        assert!(e.contains("http://"), "{e}");
        assert_eq!(load_source_from(&path).unwrap().as_deref(), Some("http://10.1.2.3/stationdesk/"), "unchanged");
        save_source_to(&path, None).unwrap();
        assert_eq!(load_source_from(&path).unwrap(), None);
    }
}

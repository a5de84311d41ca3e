//! The fonts a station's notices print with: the bundled set, or the system fonts a
//! station prefers for a role (仿宋, 宋体, 黑体, 方正小标宋), checked when saved and
//! cached once built.

use serde::{Deserialize, Serialize};
use stationdesk_model::roles::Action;
use std::sync::{Arc, Mutex};

use stationdesk_notice::{FontChoice, FontPreferences, FontSet};

use super::notice_error;
use crate::error::{CoreError, Result};
use crate::store::{Actor, Store};

/// What a station may point at a font of its own: body text (仿宋), missing characters
/// (宋体), headings (黑体), the document title (方正小标宋).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum NoticeFontRole {
    Fangsong,
    Songti,
    Heiti,
    Title,
}

impl NoticeFontRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fangsong => "fangsong",
            Self::Songti => "songti",
            Self::Heiti => "heiti",
            Self::Title => "title",
        }
    }
}

/// The four font roles a station may point at its own fonts, with the family offices use.
const FONT_ROLES: [(NoticeFontRole, &str, &str); 4] = [
    (NoticeFontRole::Fangsong, "正文（仿宋）", "仿宋"),
    (NoticeFontRole::Songti, "缺字补充（宋体）", "宋体"),
    (NoticeFontRole::Heiti, "小标题（黑体）", "黑体"),
    (NoticeFontRole::Title, "文件标题（方正小标宋）", "方正小标宋简体"),
];

/// One font role as the settings page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NoticeFont {
    pub role: NoticeFontRole,
    pub label: String,
    /// The family name offices use for this role, e.g. `仿宋`.
    pub suggested: String,
    /// What the station set (a family name or a font file), none for the bundled font.
    pub choice: Option<String>,
    /// The font file it found on this computer.
    pub path: Option<String>,
    /// Why the chosen font cannot be used here (then the bundled one prints).
    pub problem: Option<String>,
}

/// Fonts for one render: the bundled set, or the station's preferred set (cached).
pub(super) enum Fonts {
    Bundled,
    Preferred(Arc<FontSet>),
}

impl Fonts {
    pub(super) fn get(&self) -> &FontSet {
        match self {
            Fonts::Bundled => FontSet::bundled(),
            Fonts::Preferred(set) => set,
        }
    }
}

/// The last preferred font set built, keyed by the stored setting, with the files it was
/// built from: system fonts are looked up and parsed once, not per document.
struct Preferred {
    rows: Vec<(String, String)>,
    files: Vec<std::path::PathBuf>,
    set: Arc<FontSet>,
    warnings: Vec<String>,
}

static PREFERRED: Mutex<Option<Preferred>> = Mutex::new(None);

/// Each role's code and label, as 设置 → 通知字体 lists them.
pub(crate) fn fonts_roles() -> impl Iterator<Item = (&'static str, &'static str)> {
    FONT_ROLES.iter().map(|&(r, label, _)| (r.as_str(), label))
}

fn font_role(role: &str) -> Result<(&'static str, &'static str, &'static str)> {
    FONT_ROLES.iter().map(|&(r, label, family)| (r.as_str(), label, family)).find(|(r, _, _)| *r == role).ok_or_else(
        || CoreError::invalid("role", format!("没有“{role}”这种字体用途；可选：fangsong、songti、heiti、title")),
    )
}

fn set_choice(prefs: &mut FontPreferences, role: &str, choice: FontChoice) {
    match role {
        "fangsong" => prefs.fangsong = Some(choice),
        "songti" => prefs.songti = Some(choice),
        "heiti" => prefs.heiti = Some(choice),
        _ => prefs.title = Some(choice),
    }
}

/// The station's notice fonts and, for each chosen one, the file found or the problem.
pub async fn fonts(store: &Store, station_id: i64) -> Result<Vec<NoticeFont>> {
    let rows = store.notice_fonts(station_id).await?;
    Ok(FONT_ROLES
        .iter()
        .map(|&(role, label, suggested)| {
            let choice = rows.iter().find(|(r, _)| r == role.as_str()).map(|(_, c)| c.clone());
            let found = choice.as_deref().map(|c| FontChoice::from_setting(c).resolve());
            NoticeFont {
                role,
                label: label.to_owned(),
                suggested: suggested.to_owned(),
                path: found.as_ref().and_then(|f| f.as_ref().ok()).map(|p| p.display().to_string()),
                problem: found.and_then(|f| f.err()).map(|e| e.to_string()),
                choice,
            }
        })
        .collect())
}

/// Sets the font a role prefers by its family name (`仿宋`), as typed in the window: a font
/// file is chosen in the program's own file dialog ([`save_font`] with the path it
/// returned), so the window never hands the program a path to read.
pub async fn save_font_family(
    store: &Store,
    actor: &Actor,
    role: &str,
    family: Option<&str>,
) -> Result<Vec<NoticeFont>> {
    actor.require(Action::Settings)?;
    if let Some(f) = family
        && matches!(FontChoice::from_setting(f), FontChoice::Path(_))
    {
        return Err(CoreError::invalid("choice", "这里只填字体名称（如 仿宋）；字体文件请点“选择字体文件…”选择"));
    }
    save_font(store, actor, role, family).await
}

/// Sets the font a role prefers (a family such as `仿宋`, or a font file's path), after
/// checking it is installed and readable; `None` goes back to the bundled font.
pub async fn save_font(store: &Store, actor: &Actor, role: &str, choice: Option<&str>) -> Result<Vec<NoticeFont>> {
    actor.require(Action::Settings)?;
    let (role, label, _) = font_role(role)?;
    let choice = choice.map(str::trim).filter(|c| !c.is_empty());
    if let Some(c) = choice {
        if c.chars().count() > 1000 {
            return Err(CoreError::invalid("choice", "字体名称或路径过长，最多 1000 字"));
        }
        let mut prefs = FontPreferences::default();
        set_choice(&mut prefs, role, FontChoice::from_setting(c));
        let checked = tokio::task::spawn_blocking(move || FontSet::with_preferences(&prefs).map(|_| ()))
            .await
            .map_err(|e| CoreError::invalid("choice", format!("检查字体时出错：{e}")))?;
        checked.map_err(|e| notice_error("choice", e))?;
    }
    let mut w = store.begin_write(actor).await?;
    w.save_notice_font(role, label, choice).await?;
    w.commit().await?;
    fonts(store, actor.station_id).await
}

/// The fonts a station's notices print with, and a warning for each preferred font that
/// is no longer installed (that role then prints with the bundled font).
pub(super) async fn station_fonts(store: &Store, station_id: i64) -> Result<(Fonts, Vec<String>)> {
    let rows = store.notice_fonts(station_id).await?;
    if rows.is_empty() {
        return Ok((Fonts::Bundled, Vec::new()));
    }
    // The same setting as last time, every font found then and its file still there: no
    // folder search, no parse. (A font missing then is looked for again.)
    if let Ok(cache) = PREFERRED.lock()
        && let Some(p) = cache.as_ref()
        && p.rows == rows
        && p.warnings.is_empty()
        && p.files.iter().all(|f| f.is_file())
    {
        return Ok((Fonts::Preferred(Arc::clone(&p.set)), Vec::new()));
    }
    let mut prefs = FontPreferences::default();
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for (role, choice) in &rows {
        match FontChoice::from_setting(choice).resolve() {
            Ok(path) => {
                files.push(path.clone());
                set_choice(&mut prefs, role, FontChoice::Path(path));
            }
            Err(e) => warnings.push(format!("{e}；本次使用内置字体")),
        }
    }
    if files.is_empty() {
        return Ok((Fonts::Bundled, warnings));
    }
    match tokio::task::spawn_blocking(move || FontSet::with_preferences(&prefs)).await {
        Ok(Ok(set)) => {
            let set = Arc::new(set);
            if let Ok(mut cache) = PREFERRED.lock() {
                *cache = Some(Preferred { rows, files, set: Arc::clone(&set), warnings: warnings.clone() });
            }
            Ok((Fonts::Preferred(set), warnings))
        }
        Ok(Err(e)) => {
            warnings.push(format!("{e}；本次使用内置字体"));
            Ok((Fonts::Bundled, warnings))
        }
        Err(e) => {
            warnings.push(format!("读取首选字体时出错（{e}）；本次使用内置字体"));
            Ok((Fonts::Bundled, warnings))
        }
    }
}

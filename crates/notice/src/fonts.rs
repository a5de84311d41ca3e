//! The fonts a notice is set in: bundled open fonts (so a fresh install prints correctly),
//! optionally preceded by the station's own system fonts, with a fallback chain per
//! character. Faces are parsed lazily, once per process (or once per [`FontSet`]).
//!
//! The bundled faces are files installed beside the program (not compiled in: Fandol is
//! GPL-3, our program MIT), found at run time by [`bundled_dir`] and read on first use.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use printpdf::ParsedFont;

use crate::error::NoticeError;

/// The bundled faces' files, in the fonts folder (see fonts/README.md for what each covers).
const FANG_FILE: &str = "FandolFang-Regular.otf";
const HEI_FILE: &str = "FandolHei-Regular.otf";
const SERIF_FILE: &str = "NotoSerifSC-Regular.otf";
/// Subscript digits (CO₂, SpO₂), ❤, ✔ and other symbols none of the three has (a 95 KB
/// subset of DejaVu Sans, see fonts/README.md); last in every chain.
const SYMBOLS_FILE: &str = "DejaVuSans-Symbols.ttf";
const BUNDLED_FILES: [&str; 4] = [FANG_FILE, HEI_FILE, SERIF_FILE, SYMBOLS_FILE];

/// The environment variable naming the fonts folder (tests, unusual installs); when set,
/// it is the only place looked at.
pub const FONTS_DIR_ENV: &str = "STATIONDESK_FONTS_DIR";

/// Where the bundled fonts may be, in order: `$STATIONDESK_FONTS_DIR` alone when set;
/// else `<exe dir>/fonts` (Windows install, a portable copy, the CLI beside it),
/// `<exe dir>/../lib/StationDesk/fonts` (the .deb/.rpm resource folder),
/// `<exe dir>/../Resources/fonts` (macOS), `/usr/lib/StationDesk/fonts` (the CLI copied
/// elsewhere on a machine with the package), and last the source tree's
/// `crates/notice/fonts` (development and tests).
fn candidate_dirs() -> Vec<PathBuf> {
    if let Some(dir) = std::env::var_os(FONTS_DIR_ENV).filter(|d| !d.is_empty()) {
        return vec![PathBuf::from(dir)];
    }
    let mut dirs = Vec::new();
    if let Some(exe_dir) = std::env::current_exe().ok().and_then(|e| e.parent().map(Path::to_path_buf)) {
        dirs.push(exe_dir.join("fonts"));
        dirs.push(exe_dir.join("../lib/StationDesk/fonts"));
        dirs.push(exe_dir.join("../Resources/fonts"));
    }
    if cfg!(target_os = "linux") {
        dirs.push(PathBuf::from("/usr/lib/StationDesk/fonts"));
    }
    dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"));
    dirs
}

/// The folder holding all four bundled font files, found once per process; or the error
/// naming every place looked at.
pub fn bundled_dir() -> Result<&'static Path, NoticeError> {
    static DIR: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let found = DIR.get_or_init(|| {
        let dirs = candidate_dirs();
        dirs.iter()
            .find(|d| BUNDLED_FILES.iter().all(|f| d.join(f).is_file()))
            .cloned()
            .ok_or_else(|| dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join("；"))
    });
    match found {
        Ok(dir) => Ok(dir.as_path()),
        Err(looked) => Err(NoticeError::FontsMissing { looked: looked.clone(), files: BUNDLED_FILES.join("、") }),
    }
}

/// What a piece of text is for; each role has its own chain of faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontRole {
    /// Body text: 仿宋 (FandolFang), falling back to 宋体.
    Body,
    /// Headings and the 附件 label: 黑体 (FandolHei).
    Heading,
    /// Titles: 方正小标宋 when installed, else the bundled 宋体 drawn a little heavier.
    Title,
    /// 宋体 (Noto Serif CJK SC), the face that covers every common character.
    Serif,
}

/// A font the station prefers over the bundled one, if it is installed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FontChoice {
    /// A font file (`.ttf`, `.otf`, `.ttc`; the first face of a collection).
    Path(PathBuf),
    /// A family name such as `仿宋`, `FangSong`, `宋体`, `SimSun`, `黑体`, `SimHei`,
    /// `方正小标宋简体`; looked up by its usual file names in the system font folders.
    Family(String),
}

impl FontChoice {
    /// A setting as typed: a path (it has a folder separator or a font file's extension)
    /// or a family name.
    pub fn from_setting(text: &str) -> FontChoice {
        let t = text.trim();
        let lower = t.to_lowercase();
        if t.contains('/') || t.contains('\\') || [".ttf", ".otf", ".ttc"].iter().any(|e| lower.ends_with(e)) {
            FontChoice::Path(PathBuf::from(t))
        } else {
            FontChoice::Family(t.to_owned())
        }
    }

    /// The font file this choice names on this computer, or why there is none.
    pub fn resolve(&self) -> Result<PathBuf, NoticeError> {
        resolve_choice(self)
    }
}

/// Which system fonts to prefer (a station setting). `None` keeps the bundled font.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FontPreferences {
    /// 仿宋 for body text.
    pub fangsong: Option<FontChoice>,
    /// 宋体, used before the bundled Noto Serif for any character the body font lacks.
    pub songti: Option<FontChoice>,
    /// 黑体 for headings.
    pub heiti: Option<FontChoice>,
    /// 方正小标宋 (or another title face) for titles.
    pub title: Option<FontChoice>,
}

#[derive(Debug)]
enum Bytes {
    /// A bundled face's file name in [`bundled_dir`], read when first needed.
    Bundled(&'static str),
    /// The system's complete CJK face ([`SYSTEM_CJK`]), looked up and read when a
    /// character none of the bundled faces has is first asked for.
    SystemCjk,
    Owned(Vec<u8>),
}

/// One font face, parsed on first use.
#[derive(Debug)]
pub(crate) struct Face {
    /// For debugging output: which font this is.
    #[allow(dead_code, reason = "read through Debug only")]
    label: String,
    bytes: Bytes,
    index: usize,
    parsed: OnceLock<Option<Parsed>>,
    /// Closing marks this face draws centred in the em box rather than in its left half
    /// (measured ink boxes of the bundled faces, fonts/README.md): they have no blank half
    /// to compress. FandolFang and FandolHei centre `？` (ink 0.32–0.68 em).
    centred: &'static str,
    /// Glyph and advance (em) per character already looked up: the font's cmap lookup is
    /// a search, and a notice asks for the same few hundred characters many times.
    glyphs: Mutex<HashMap<char, Option<(u16, f32)>>>,
}

#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) font: ParsedFont,
    units_per_em: f32,
}

impl Face {
    fn new(label: &str, bytes: Bytes) -> Self {
        Face {
            label: label.to_owned(),
            bytes,
            index: 0,
            parsed: OnceLock::new(),
            centred: "",
            glyphs: Mutex::default(),
        }
    }

    fn with_centred(self, centred: &'static str) -> Self {
        Face { centred, ..self }
    }

    /// The glyph id and advance (em) of a character, if the face has it.
    fn glyph(&self, ch: char) -> Option<(u16, f32)> {
        if let Ok(cache) = self.glyphs.lock()
            && let Some(hit) = cache.get(&ch)
        {
            return *hit;
        }
        let p = self.parsed()?;
        let found = match p.font.lookup_glyph_index(ch as u32) {
            Some(gid) if gid != 0 => Some((gid, f32::from(p.font.get_horizontal_advance(gid)) / p.units_per_em)),
            _ => None,
        };
        if let Ok(mut cache) = self.glyphs.lock() {
            cache.insert(ch, found);
        }
        found
    }

    pub(crate) fn parsed(&self) -> Option<&Parsed> {
        self.parsed
            .get_or_init(|| {
                let read;
                let mut index = self.index;
                let bytes = match &self.bytes {
                    Bytes::Bundled(file) => {
                        read = std::fs::read(bundled_dir().ok()?.join(file)).ok()?;
                        read.as_slice()
                    }
                    Bytes::SystemCjk => {
                        let (path, face) = system_cjk()?;
                        index = face;
                        read = std::fs::read(path).ok()?;
                        read.as_slice()
                    }
                    Bytes::Owned(b) => b.as_slice(),
                };
                let font = ParsedFont::from_bytes(bytes, index, &mut Vec::new())?;
                let units_per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
                Some(Parsed { font, units_per_em })
            })
            .as_ref()
    }
}

/// A glyph found for a character: which face, which glyph, how wide (in em).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Found {
    pub(crate) face: usize,
    pub(crate) gid: u16,
    pub(crate) advance_em: f32,
    /// Draw a little heavier (fill + thin stroke): the face stands in for a bold title face.
    pub(crate) embolden: bool,
    /// A closing mark whose ink is centred (no blank half to compress).
    pub(crate) centred: bool,
}

/// The set of faces and the fallback chain of each role. Build it once and share it: the
/// bundled set is [`FontSet::bundled`]; one with system fonts comes from
/// [`FontSet::with_preferences`] and belongs in the app's context.
#[derive(Debug)]
pub struct FontSet {
    pub(crate) faces: Vec<Face>,
    body: Vec<usize>,
    heading: Vec<usize>,
    title: Vec<usize>,
    serif: Vec<usize>,
}

const BUNDLED_FANG: usize = 0;
const BUNDLED_HEI: usize = 1;
const BUNDLED_SERIF: usize = 2;
const BUNDLED_SYMBOLS: usize = 3;
/// The full-coverage fallback: the bundled Noto Serif SC is a subset (fonts/README.md).
const SYSTEM_CJK_FACE: usize = 4;

impl FontSet {
    fn bundled_faces() -> Vec<Face> {
        vec![
            Face::new("FandolFang", Bytes::Bundled(FANG_FILE)).with_centred("？"),
            Face::new("FandolHei", Bytes::Bundled(HEI_FILE)).with_centred("？"),
            Face::new("Noto Serif CJK SC", Bytes::Bundled(SERIF_FILE)),
            Face::new("DejaVu Sans symbols", Bytes::Bundled(SYMBOLS_FILE)),
            Face::new("system CJK", Bytes::SystemCjk),
        ]
    }

    fn new_bundled() -> Self {
        FontSet {
            faces: Self::bundled_faces(),
            body: vec![BUNDLED_FANG, BUNDLED_SERIF],
            heading: vec![BUNDLED_HEI, BUNDLED_SERIF],
            // No open 小标宋 exists; the bundled 宋体 is drawn heavier for titles instead.
            title: vec![BUNDLED_SERIF],
            serif: vec![BUNDLED_SERIF, SYSTEM_CJK_FACE, BUNDLED_SYMBOLS],
        }
    }

    /// The bundled fonts, shared by the whole process and parsed on first use.
    pub fn bundled() -> &'static FontSet {
        static BUNDLED: OnceLock<FontSet> = OnceLock::new();
        BUNDLED.get_or_init(FontSet::new_bundled)
    }

    /// The bundled fonts with the station's preferred system fonts in front of them. A
    /// preferred font that is not installed is an error, so the setting can say so.
    pub fn with_preferences(prefs: &FontPreferences) -> Result<FontSet, NoticeError> {
        let mut set = FontSet::new_bundled();
        let mut add = |choice: &FontChoice| -> Result<usize, NoticeError> {
            let path = resolve_choice(choice)?;
            let bytes = std::fs::read(&path)
                .map_err(|e| NoticeError::FontFile { path: path.clone(), reason: e.to_string() })?;
            let label = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            set.faces.push(Face::new(&label, Bytes::Owned(bytes)));
            let idx = set.faces.len() - 1;
            if set.faces[idx].parsed().is_none() {
                return Err(NoticeError::FontFile { path, reason: "不是可用的字体文件".into() });
            }
            Ok(idx)
        };
        if let Some(c) = &prefs.songti {
            let i = add(c)?;
            set.body.insert(1, i);
            set.heading.insert(1, i);
            set.serif.insert(0, i);
        }
        if let Some(c) = &prefs.fangsong {
            let i = add(c)?;
            set.body.insert(0, i);
        }
        if let Some(c) = &prefs.heiti {
            let i = add(c)?;
            set.heading.insert(0, i);
        }
        if let Some(c) = &prefs.title {
            let i = add(c)?;
            set.title.insert(0, i);
        }
        Ok(set)
    }

    /// Whether the bundled fonts folder is there: every layout asks first, so a missing
    /// folder refuses printing with a message instead of a page of □.
    pub fn ready(&self) -> Result<(), NoticeError> {
        bundled_dir().map(|_| ())
    }

    /// Parse every bundled face now (e.g. while the app starts), instead of on first use;
    /// the system's fallback face stays unread until a character needs it.
    pub fn preload(&self) -> Result<(), NoticeError> {
        self.ready()?;
        if self.faces.iter().take(4).any(|f| f.parsed().is_none()) {
            return Err(NoticeError::BundledFonts);
        }
        Ok(())
    }

    fn chain(&self, role: FontRole) -> &[usize] {
        match role {
            FontRole::Body => &self.body,
            FontRole::Heading => &self.heading,
            FontRole::Title => &self.title,
            FontRole::Serif => &self.serif,
        }
    }

    /// The first face in the role's chain, then in the 宋体 chain, that has the character.
    pub(crate) fn find(&self, role: FontRole, ch: char) -> Option<Found> {
        let extra: &[usize] = if role == FontRole::Serif { &[] } else { &self.serif };
        for &i in self.chain(role).iter().chain(extra) {
            if let Some((gid, advance_em)) = self.faces[i].glyph(ch) {
                let embolden = role == FontRole::Title && i == BUNDLED_SERIF;
                let centred = self.faces[i].centred.contains(ch);
                return Some(Found { face: i, gid, advance_em, embolden, centred });
            }
        }
        None
    }

    /// Whether any face can draw the character.
    pub fn covers(&self, ch: char) -> bool {
        self.find(FontRole::Body, ch).is_some()
    }
}

/// Usual file names of the families offices have (Windows and common Linux installs).
fn family_files(family: &str) -> &'static [&'static str] {
    match family.trim().to_lowercase().as_str() {
        "仿宋" | "仿宋_gb2312" | "fangsong" | "simfang" => &["simfang.ttf", "SIMFANG.TTF", "FANGSONG_GB2312.TTF"],
        "宋体" | "simsun" | "songti" => &["simsun.ttc", "SIMSUN.TTC", "simsun.ttf"],
        "黑体" | "simhei" | "heiti" => &["simhei.ttf", "SIMHEI.TTF"],
        "方正小标宋" | "方正小标宋简体" | "方正小标宋_gbk" | "fzxiaobiaosong" => {
            &["FZXBSJW.TTF", "fzxbsjw.ttf", "方正小标宋简体.ttf", "方正小标宋_GBK.ttf", "FZXBSK.TTF"]
        }
        _ => &[],
    }
}

/// Complete CJK faces a system has (file, face of the collection), best first: the bundled
/// faces cover GB 2312 and more (fonts/README.md); a rarer character (a name's 喆, Extension
/// A/B) comes from one of these. Debian's `fonts-noto-cjk` (face 2 is SC; the .deb depends
/// on it or on WenQuanYi), Fedora's Noto CJK, WenQuanYi, and Windows' SimSun and YaHei.
const SYSTEM_CJK: [(&str, usize); 10] = [
    ("NotoSerifCJK-Regular.ttc", 2),
    ("NotoSerifCJKsc-Regular.otf", 0),
    ("NotoSansCJK-Regular.ttc", 2),
    ("NotoSansCJKsc-Regular.otf", 0),
    ("simsun.ttc", 0),
    ("SIMSUN.TTC", 0),
    ("msyh.ttc", 0),
    ("wqy-zenhei.ttc", 0),
    ("wqy-microhei.ttc", 0),
    ("NotoSansCJK-Regular.otc", 2),
];

/// The system's complete CJK face, looked up once per process.
fn system_cjk() -> Option<(&'static Path, usize)> {
    static FOUND: OnceLock<Option<(PathBuf, usize)>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            let dirs = font_dirs();
            SYSTEM_CJK
                .iter()
                .find_map(|&(name, face)| dirs.iter().find_map(|d| find_file(d, &[name], 3)).map(|p| (p, face)))
        })
        .as_ref()
        .map(|(p, face)| (p.as_path(), *face))
}

fn font_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(windir) = std::env::var_os("WINDIR") {
        dirs.push(Path::new(&windir).join("Fonts"));
    }
    dirs.push(PathBuf::from("C:\\Windows\\Fonts"));
    if let Some(local) = std::env::var_os("LOCALAPPDATA") {
        dirs.push(Path::new(&local).join("Microsoft\\Windows\\Fonts"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".local/share/fonts"));
        dirs.push(Path::new(&home).join(".fonts"));
    }
    dirs.push(PathBuf::from("/usr/share/fonts"));
    dirs.push(PathBuf::from("/usr/local/share/fonts"));
    dirs
}

fn find_file(dir: &Path, names: &[&str], depth: usize) -> Option<PathBuf> {
    for n in names {
        let p = dir.join(n);
        if p.is_file() {
            return Some(p);
        }
    }
    if depth == 0 {
        return None;
    }
    let entries = std::fs::read_dir(dir).ok()?;
    entries.flatten().filter(|e| e.path().is_dir()).find_map(|e| find_file(&e.path(), names, depth - 1))
}

fn resolve_choice(choice: &FontChoice) -> Result<PathBuf, NoticeError> {
    match choice {
        FontChoice::Path(p) if p.is_file() => Ok(p.clone()),
        FontChoice::Path(p) => Err(NoticeError::SystemFont(p.display().to_string())),
        FontChoice::Family(name) => {
            let names = family_files(name);
            font_dirs().iter().find_map(|d| find_file(d, names, 3)).ok_or_else(|| NoticeError::SystemFont(name.clone()))
        }
    }
}

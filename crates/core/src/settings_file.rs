//! 设置文件: a configured station's settings in one JSON file, so the next PC (a
//! replacement, or the next station of a district) is set up in one step — 首次设置 →
//! 从另一台电脑导入设置, 设置 → 设置文件, or `station export-settings` / `import-settings`.
//!
//! It carries the case categories and errand types, the time limits, the station's own
//! calendar changes and imported holiday years, the notices' wording and fonts, the
//! parties directory, the idle lock and the retention periods. It does not carry the
//! station's code, name or phone (they tell stations apart), accounts or any resident's
//! record. Importing makes this PC's settings the file's: lists take the file's entries
//! (entries only here are switched off, never deleted: past cases keep them), limits,
//! wording and fonts the file does not set go back to the built-in ones, and parties are
//! added or updated by name. All in one transaction, each change audited.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use stationdesk_model::audit::FieldChange;
use stationdesk_model::holidays::HolidayYear;
use stationdesk_model::retention::RetentionSettings;
use stationdesk_model::roles::{self, Action};

use crate::deadlines::{DayKind, Limits, Urgency, validate_limits};
use crate::error::{CoreError, FieldError, Result};
use crate::notices::{NoticeKind, fonts_roles};
use crate::parties::{PartyInput, PartyKind};
use crate::station::{Category, MAX_CATEGORY_CHARS, valid_name};
use crate::store::{Actor, Store};

/// What the file says it is.
pub const FORMAT: &str = "stationdesk-settings";
/// The format this program writes and the newest it reads.
pub const VERSION: u32 = 1;
/// A settings file is a few kilobytes; anything this large is not one.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// The most entries a list in the file may hold.
const MAX_ENTRIES: usize = 1000;
/// The most refusals one message lists.
const MAX_SHOWN: usize = 8;
const MAX_ERRAND_TYPE_CHARS: usize = 20;

/// The file as written and read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingsFile {
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    /// The program version that wrote it.
    #[serde(default)]
    pub program_version: String,
    /// The station it was exported from (shown, never applied).
    pub from_station: FromStation,
    #[serde(default)]
    pub categories: Vec<ListEntry>,
    #[serde(default)]
    pub errand_types: Vec<ListEntry>,
    /// The station's own limits; `category` none for all categories.
    #[serde(default)]
    pub time_limits: Vec<LimitEntry>,
    /// The station's own changes to the working-day calendar.
    #[serde(default)]
    pub calendar_days: Vec<DayEntry>,
    /// Holiday years the station imported (the shipped years are in every program).
    #[serde(default)]
    pub official_holidays: Vec<HolidayYear>,
    /// The station's own wording, by notice kind (`meeting`, `event`, `receipt`, `reply`).
    #[serde(default)]
    pub notice_templates: Vec<TemplateEntry>,
    /// The station's preferred fonts, by role (`fangsong`, `songti`, `heiti`, `title`).
    #[serde(default)]
    pub notice_fonts: Vec<FontEntry>,
    #[serde(default)]
    pub parties: Vec<PartyEntry>,
    pub idle_lock_minutes: Option<u32>,
    pub retention: Option<RetentionSettings>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FromStation {
    pub code: String,
    pub name: String,
}

/// A category or errand type and whether it is offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListEntry {
    pub name: String,
    #[serde(default = "yes")]
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LimitEntry {
    pub category: Option<String>,
    pub urgency: Urgency,
    pub limits: Limits,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DayEntry {
    pub day: NaiveDate,
    pub kind: DayKind,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateEntry {
    pub kind: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FontEntry {
    pub role: String,
    pub choice: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartyEntry {
    pub kind: PartyKind,
    pub name: String,
    #[serde(default)]
    pub contact_person: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// A settings file the worker picked: its name and bytes.
#[derive(Debug, Clone)]
pub struct PickedSettings {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl PickedSettings {
    /// Reads a file from disk, refusing a folder or one too large before reading it.
    pub fn read(path: &std::path::Path) -> Result<Self> {
        let shown = path.display();
        let unreadable = |e: &std::io::Error| {
            CoreError::Conflict(format!("无法读取设置文件 {shown}：{}", crate::error::io_reason(e)))
        };
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => CoreError::NotFound(format!("找不到设置文件 {shown}：请检查路径")),
            _ => unreadable(&e),
        })?;
        if meta.is_dir() {
            return Err(CoreError::invalid("file", format!("{shown} 是一个文件夹：请选择导出的设置文件（.json）")));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(not_settings(&path.to_string_lossy()));
        }
        let bytes = std::fs::read(path).map_err(|e| unreadable(&e))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| shown.to_string());
        Ok(Self { name, bytes })
    }
}

/// What a settings file holds, or what importing it changes on this PC: one line each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SettingsSummary {
    pub file_name: String,
    /// The station it came from, e.g. `RA 荣傲家园社区微言服务站`.
    pub from: String,
    pub exported_at: DateTime<Utc>,
    pub lines: Vec<String>,
}

fn not_settings(name: &str) -> CoreError {
    CoreError::invalid(
        "file",
        format!(
            "“{}”不是 StationDesk 的设置文件：请在原电脑的 设置 → 设置文件 里点“导出设置文件”，再选择导出的 .json 文件",
            stationdesk_model::input::excerpt(name)
        ),
    )
}

/// Reads and checks a settings file: every entry against the same rules the settings
/// pages apply, each refusal naming the entry. Nothing is saved.
pub fn parse(picked: &PickedSettings) -> Result<SettingsFile> {
    if picked.bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(not_settings(&picked.name));
    }
    let text = std::str::from_utf8(&picked.bytes).map_err(|_| not_settings(&picked.name))?;
    let head: serde_json::Value = serde_json::from_str(text).map_err(|_| not_settings(&picked.name))?;
    if head.get("format").and_then(serde_json::Value::as_str) != Some(FORMAT) {
        return Err(not_settings(&picked.name));
    }
    let version = head.get("version").and_then(serde_json::Value::as_u64).unwrap_or(0);
    if version > u64::from(VERSION) {
        return Err(CoreError::invalid(
            "file",
            format!(
                "这个设置文件由较新版本的 StationDesk 导出（格式 {version}），本程序只认得格式 {VERSION}：请先把本机的 StationDesk 升级"
            ),
        ));
    }
    let file: SettingsFile = serde_json::from_value(head).map_err(|e| {
        CoreError::invalid(
            "file",
            format!(
                "设置文件“{}”的内容有误（{}）：文件可能被改动过，请在原电脑重新导出",
                stationdesk_model::input::excerpt(&picked.name),
                serde_place(&e)
            ),
        )
    })?;
    check(&file)?;
    Ok(file)
}

/// Where serde stopped, in words (its own message is English).
fn serde_place(e: &serde_json::Error) -> String {
    let what = e.to_string();
    let field = what.split('`').nth(1).filter(|f| f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    match field {
        Some(f) => format!("字段 {f} 不符合格式"),
        None => "某一项不符合格式".to_owned(),
    }
}

/// Every entry against the settings pages' own rules.
fn check(file: &SettingsFile) -> Result<()> {
    let mut errors: Vec<String> = Vec::new();
    let lists = [
        ("诉求分类", file.categories.len()),
        ("办理事项", file.errand_types.len()),
        ("时限", file.time_limits.len()),
        ("节假日调整", file.calendar_days.len()),
        ("节假日安排", file.official_holidays.len()),
        ("相关方", file.parties.len()),
    ];
    for (label, n) in lists {
        if n > MAX_ENTRIES {
            errors.push(format!("{label}有 {n} 项，超过上限 {MAX_ENTRIES} 项"));
        }
    }
    if !errors.is_empty() {
        return Err(refused(errors));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, c) in file.categories.iter().enumerate() {
        match valid_name("name", "分类名称", &c.name, MAX_CATEGORY_CHARS) {
            Err(e) => errors.push(format!("诉求分类第 {} 项：{}", i + 1, first_message(&e))),
            Ok(name) if !seen.insert(name.clone()) => errors.push(format!("诉求分类“{name}”出现了两次")),
            Ok(_) => {}
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (i, t) in file.errand_types.iter().enumerate() {
        match valid_name("name", "事项名称", &t.name, MAX_ERRAND_TYPE_CHARS) {
            Err(e) => errors.push(format!("办理事项第 {} 项：{}", i + 1, first_message(&e))),
            Ok(name) if !seen.insert(name.clone()) => errors.push(format!("办理事项“{name}”出现了两次")),
            Ok(_) => {}
        }
    }
    for l in &file.time_limits {
        let what = format!("{}（{}）的时限", l.category.as_deref().unwrap_or("全部分类"), l.urgency.label());
        if let Err(e) = validate_limits(&l.limits) {
            errors.push(format!("{what}：{}", e.0.first().map(|f| f.message.as_str()).unwrap_or("不在允许范围内")));
        }
        if let Some(name) = &l.category
            && !file.categories.iter().any(|c| stationdesk_model::input::clean_line(&c.name) == *name)
        {
            errors.push(format!("{what}：分类“{name}”不在文件的诉求分类里"));
        }
    }
    for d in &file.calendar_days {
        if let Err(e) = stationdesk_model::input::date_in_range("day", "日期", d.day) {
            errors.push(format!("节假日调整 {}：{}", d.day, e.message));
        }
        if d.name.chars().count() > 20 {
            errors.push(format!("节假日调整 {}：名称过长，最多 20 字", d.day));
        }
    }
    for y in &file.official_holidays {
        let bad = !(2000..=2100).contains(&y.year)
            || y.days.len() > 60
            || y.days.iter().any(|d| (chrono::Datelike::year(&d.day) - y.year).abs() > 1);
        if bad {
            errors
                .push(format!("{} 年的节假日安排不完整或日期不属于该年：请在原电脑重新导入该年的通知后再导出", y.year));
        }
    }
    for t in &file.notice_templates {
        let Ok(kind) = NoticeKind::parse(&t.kind) else {
            errors.push(format!("通知模板“{}”不认识：可为 会议通知、活动通知、受理回执、答复函", t.kind));
            continue;
        };
        let body = stationdesk_model::input::clean_text(&t.body);
        if body.is_empty() || body.chars().count() > 20_000 {
            errors.push(format!("{}的模板为空或超过 20000 字", kind.label()));
        } else if let Err(e) = stationdesk_notice::validate_template(kind, &body) {
            errors.push(format!("{}的模板：{e}", kind.label()));
        }
    }
    for f in &file.notice_fonts {
        if !fonts_roles().any(|(role, _)| role == f.role) {
            errors.push(format!("字体用途“{}”不认识：可为 fangsong、songti、heiti、title", f.role));
        }
        if f.choice.trim().is_empty() || f.choice.chars().count() > 1000 {
            errors.push(format!("字体用途 {} 的字体名称为空或过长（最多 1000 字）", f.role));
        }
    }
    for p in &file.parties {
        if let Err(e) = crate::parties::validate(&party_input(p, None)) {
            errors.push(format!("相关方“{}”：{}", stationdesk_model::input::excerpt(&p.name), first_message(&e)));
        }
    }
    if let Some(m) = file.idle_lock_minutes
        && let Err(e) = roles::check_idle_lock_minutes(i64::from(m))
    {
        errors.push(e.message);
    }
    if let Some(r) = &file.retention
        && let Err(e) = stationdesk_model::retention::validate(r)
    {
        errors.extend(e.into_iter().map(|f| f.message));
    }
    if errors.is_empty() { Ok(()) } else { Err(refused(errors)) }
}

fn first_message(e: &CoreError) -> String {
    match e {
        CoreError::Invalid(errors) => errors.iter().map(|f| f.message.clone()).collect::<Vec<_>>().join("；"),
        other => other.to_string(),
    }
}

fn refused(messages: Vec<String>) -> CoreError {
    let n = messages.len();
    let mut errors: Vec<FieldError> =
        messages.into_iter().take(MAX_SHOWN).map(|m| FieldError::new("file", m)).collect();
    errors.push(FieldError::new("file", format!("设置文件共 {n} 处有误，未导入任何设置：请在原电脑改正后重新导出")));
    CoreError::Invalid(errors)
}

fn party_input(p: &PartyEntry, id: Option<i64>) -> PartyInput {
    PartyInput {
        id,
        kind: p.kind,
        name: p.name.clone(),
        contact_person: p.contact_person.clone(),
        phone: p.phone.clone(),
        note: p.note.clone(),
        active: p.active,
    }
}

fn from_label(file: &SettingsFile) -> String {
    format!("{} {}", file.from_station.code, file.from_station.name)
}

/// What the file holds, counted, for the first-start screen (there is nothing to compare
/// with yet).
pub fn summary(file_name: &str, file: &SettingsFile) -> SettingsSummary {
    let active = |l: &[ListEntry]| l.iter().filter(|e| e.active).count();
    let mut lines = vec![
        format!("诉求分类 {} 项（启用 {} 项）", file.categories.len(), active(&file.categories)),
        format!("办理事项 {} 项", active(&file.errand_types)),
        format!("本站设定的时限 {} 项", file.time_limits.len()),
        format!("节假日调整 {} 天", file.calendar_days.len()),
    ];
    if !file.official_holidays.is_empty() {
        let years: Vec<String> = file.official_holidays.iter().map(|y| y.year.to_string()).collect();
        lines.push(format!("导入过的节假日安排：{} 年", years.join("、")));
    }
    lines.push(format!("修改过的通知模板 {} 种", file.notice_templates.len()));
    lines.push(format!("指定的打印字体 {} 种", file.notice_fonts.len()));
    lines.push(format!("相关方名录 {} 家", file.parties.len()));
    if let Some(m) = file.idle_lock_minutes {
        lines.push(if m == 0 { "不自动锁定".to_owned() } else { format!("{m} 分钟无操作自动锁定") });
    }
    if let Some(r) = file.retention {
        lines.push(format!("个人信息保存期限：诉求 {} 年，报名与代办 {} 年", r.cases_years, r.signups_years));
    }
    SettingsSummary { file_name: file_name.to_owned(), from: from_label(file), exported_at: file.exported_at, lines }
}

// ---- services ----

/// 导出设置文件 (站长): this station's settings as the file's bytes and a file name such as
/// `服务站设置-RA-20261203.json`. The export is audited.
pub async fn export(store: &Store, actor: &Actor) -> Result<(String, Vec<u8>)> {
    actor.require(Action::Settings)?;
    let station_id = actor.station_id;
    let Some(station) = store.stations().await?.into_iter().find(|s| s.id == station_id) else {
        return Err(crate::station::not_initialized());
    };
    let categories = store.categories(station_id).await?;
    let name_of: HashMap<i64, String> = categories.iter().map(|c| (c.id, c.name.clone())).collect();
    let time_limits = store
        .station_time_limits(station_id)
        .await?
        .into_iter()
        .filter_map(|(id, urgency, limits)| {
            let category = if id == 0 { None } else { Some(name_of.get(&id)?.clone()) };
            Some(LimitEntry { category, urgency, limits })
        })
        .collect();
    let file = SettingsFile {
        format: FORMAT.to_owned(),
        version: VERSION,
        exported_at: store.now(),
        program_version: env!("CARGO_PKG_VERSION").to_owned(),
        from_station: FromStation { code: station.code.clone(), name: station.name.clone() },
        categories: categories.iter().map(|c| ListEntry { name: c.name.clone(), active: c.active }).collect(),
        errand_types: store
            .errand_types(station_id)
            .await?
            .into_iter()
            .map(|t| ListEntry { name: t.name, active: t.active })
            .collect(),
        time_limits,
        calendar_days: store
            .station_calendar_days(station_id)
            .await?
            .into_iter()
            .map(|d| DayEntry { day: d.day, kind: d.kind, name: d.name })
            .collect(),
        official_holidays: store.official_holidays(station_id).await?,
        notice_templates: store
            .notice_templates(station_id)
            .await?
            .into_iter()
            .map(|(kind, body, _)| TemplateEntry { kind, body })
            .collect(),
        notice_fonts: store
            .notice_fonts(station_id)
            .await?
            .into_iter()
            .map(|(role, choice)| FontEntry { role, choice })
            .collect(),
        parties: store
            .parties(station_id)
            .await?
            .into_iter()
            .map(|p| PartyEntry {
                kind: p.kind,
                name: p.name,
                contact_person: p.contact_person,
                phone: p.phone,
                note: p.note,
                active: p.active,
            })
            .collect(),
        idle_lock_minutes: Some(station.idle_lock_minutes),
        retention: Some(store.retention_row(station_id).await?.settings),
    };
    let bytes = serde_json::to_vec_pretty(&file).map_err(|e| CoreError::Conflict(format!("无法写出设置文件：{e}")))?;
    let mut w = store.begin_write(actor).await?;
    let changes: Vec<FieldChange> = FieldChange::set("settingsFile", Some("导出")).into_iter().collect();
    w.audit("station", station_id, "settings_export", &changes).await?;
    w.commit().await?;
    let day = crate::schedule::china_date(store.now()).format("%Y%m%d");
    Ok((format!("服务站设置-{}-{day}.json", station.code), bytes))
}

/// 从另一台电脑导入设置 (站长): makes this station's settings the file's, in one
/// transaction, and says what changed; with `dry_run` says what would change and saves
/// nothing.
pub async fn import(store: &Store, actor: &Actor, picked: &PickedSettings, dry_run: bool) -> Result<SettingsSummary> {
    actor.require(Action::Settings)?;
    let file = parse(picked)?;
    let station_id = actor.station_id;
    let Some(station) = store.stations().await?.into_iter().find(|s| s.id == station_id) else {
        return Err(crate::station::not_initialized());
    };
    let categories = store.categories(station_id).await?;
    // The built-in errand types are seeded on first use: compared with those, not nothing.
    let errand_types = crate::schedule::errands::types(store, actor).await?;
    let own_limits = store.station_time_limits(station_id).await?;
    let own_days = store.station_calendar_days(station_id).await?;
    let imported_years = store.official_holidays(station_id).await?;
    let own_templates = store.notice_templates(station_id).await?;
    let own_fonts = store.notice_fonts(station_id).await?;
    let parties = store.parties(station_id).await?;
    let retention = store.retention_row(station_id).await?.settings;

    let mut lines = Vec::new();
    let mut w = store.begin_write(actor).await?;

    // 诉求分类: the file's list; ids by name for the limits below.
    let mut ids: HashMap<String, i64> = categories.iter().map(|c| (c.name.clone(), c.id)).collect();
    if !file.categories.is_empty() {
        let mut changes = ListChanges::default();
        let mut last = categories.iter().map(|c| c.sort_order).max().unwrap_or(0);
        for e in &file.categories {
            let name = stationdesk_model::input::clean_line(&e.name);
            match categories.iter().find(|c| c.name == name) {
                None => {
                    last += 1;
                    let id = w.insert_category(station_id, &name, last).await?;
                    if !e.active {
                        let added = Category { id, name: name.clone(), sort_order: last, active: true };
                        w.update_category(&added, &name, false).await?;
                    }
                    ids.insert(name.clone(), id);
                    changes.added.push(name);
                }
                Some(c) if c.active != e.active => {
                    w.update_category(c, &c.name, e.active).await?;
                    changes.switched(e.active, name);
                }
                Some(_) => {}
            }
        }
        for c in categories.iter().filter(|c| c.active) {
            if !file.categories.iter().any(|e| stationdesk_model::input::clean_line(&e.name) == c.name) {
                w.update_category(c, &c.name, false).await?;
                changes.off.push(c.name.clone());
            }
        }
        changes.describe("诉求分类", &mut lines);
    }

    // 办理事项: the same way.
    if !file.errand_types.is_empty() {
        let mut changes = ListChanges::default();
        let mut last = errand_types.iter().map(|t| t.sort_order).max().unwrap_or(0);
        for e in &file.errand_types {
            let name = stationdesk_model::input::clean_line(&e.name);
            match errand_types.iter().find(|t| t.name == name) {
                None => {
                    last += 1;
                    let id = w.insert_errand_type(&name, last).await?;
                    if !e.active {
                        let added = crate::schedule::errands::ErrandType {
                            id,
                            name: name.clone(),
                            sort_order: last,
                            active: true,
                        };
                        w.update_errand_type(&added, &name, false).await?;
                    }
                    changes.added.push(name);
                }
                Some(t) if t.active != e.active => {
                    w.update_errand_type(t, &t.name, e.active).await?;
                    changes.switched(e.active, name);
                }
                Some(_) => {}
            }
        }
        for t in errand_types.iter().filter(|t| t.active) {
            if !file.errand_types.iter().any(|e| stationdesk_model::input::clean_line(&e.name) == t.name) {
                w.update_errand_type(t, &t.name, false).await?;
                changes.off.push(t.name.clone());
            }
        }
        changes.describe("办理事项", &mut lines);
    }

    // 时限: the file's own limits; the others back to the built-in ones.
    let mut wanted: Vec<(i64, Urgency, Limits)> = Vec::new();
    for l in &file.time_limits {
        let id = match &l.category {
            None => 0,
            Some(name) => *ids.get(name).ok_or_else(|| CoreError::invalid("file", format!("分类“{name}”不存在")))?,
        };
        wanted.push((id, l.urgency, l.limits));
    }
    let (mut set, mut reset) = (0, 0);
    for &(id, urgency, limits) in &wanted {
        if !own_limits.iter().any(|&(i, u, l)| i == id && u == urgency && l == limits) {
            w.save_time_limit(id, urgency, Some(&limits)).await?;
            set += 1;
        }
    }
    for &(id, urgency, _) in &own_limits {
        if !wanted.iter().any(|&(i, u, _)| i == id && u == urgency) {
            w.save_time_limit(id, urgency, None).await?;
            reset += 1;
        }
    }
    if set + reset > 0 {
        lines.push(format!("时限：按文件设定 {set} 项，恢复默认 {reset} 项"));
    }

    // 节假日安排 the station imported, then its own calendar changes over them.
    let mut years = Vec::new();
    for y in &file.official_holidays {
        if !imported_years.iter().any(|have| have == y) {
            w.replace_official_year(y).await?;
            years.push(y.year.to_string());
        }
    }
    if !years.is_empty() {
        lines.push(format!("节假日安排：导入 {} 年", years.join("、")));
    }
    let (mut days_set, mut days_removed) = (0, 0);
    for d in &file.calendar_days {
        let name = stationdesk_model::input::clean_line(&d.name);
        if !own_days.iter().any(|o| o.day == d.day && o.kind == d.kind && o.name == name) {
            w.save_calendar_day(d.day, d.kind, &name).await?;
            days_set += 1;
        }
    }
    for o in &own_days {
        if !file.calendar_days.iter().any(|d| d.day == o.day) {
            w.delete_calendar_day(o.day).await?;
            days_removed += 1;
        }
    }
    if days_set + days_removed > 0 {
        lines.push(format!("节假日调整：按文件设定 {days_set} 天，恢复按国家安排 {days_removed} 天"));
    }

    // 通知模板: the file's wording; kinds it does not set go back to the built-in wording.
    let mut templates = Vec::new();
    for kind in NoticeKind::ALL {
        let theirs = file
            .notice_templates
            .iter()
            .find(|t| NoticeKind::parse(&t.kind).ok() == Some(kind))
            .map(|t| stationdesk_model::input::clean_text(&t.body));
        let ours = own_templates.iter().find(|(k, _, _)| k == kind.as_str()).map(|(_, b, _)| b.clone());
        if theirs != ours {
            w.save_notice_template(kind.as_str(), kind.label(), theirs.as_deref()).await?;
            templates.push(format!("{}（{}）", kind.label(), if theirs.is_some() { "按文件措辞" } else { "恢复默认" }));
        }
    }
    if !templates.is_empty() {
        lines.push(format!("通知模板：{}", templates.join("、")));
    }

    // 打印字体: the file's choices; a font this PC lacks prints with the bundled one.
    let mut fonts = Vec::new();
    for (role, label) in fonts_roles() {
        let theirs = file.notice_fonts.iter().find(|f| f.role == role).map(|f| f.choice.trim().to_owned());
        let ours = own_fonts.iter().find(|(r, _)| r == role).map(|(_, c)| c.clone());
        if theirs != ours {
            w.save_notice_font(role, label, theirs.as_deref()).await?;
            let found = theirs
                .as_deref()
                .map(|c| stationdesk_notice::FontChoice::from_setting(c).resolve().is_ok())
                .unwrap_or(true);
            let what = theirs.as_deref().unwrap_or("内置字体");
            fonts.push(if found {
                format!("{label}：{what}")
            } else {
                format!("{label}：{what}（本机未安装，打印时用内置字体）")
            });
        }
    }
    if !fonts.is_empty() {
        lines.push(format!("打印字体：{}", fonts.join("；")));
    }

    // 相关方名录: added or updated by name; the directory's other entries stay.
    let (mut added, mut updated) = (Vec::new(), 0);
    for p in &file.parties {
        let valid = crate::parties::validate(&party_input(p, None))?;
        match parties.iter().find(|have| have.name == valid.name) {
            None => {
                w.save_party(&valid).await?;
                added.push(valid.name.clone());
            }
            Some(have) => {
                let same = have.kind == valid.kind
                    && have.contact_person == valid.contact_person
                    && have.phone == valid.phone
                    && have.note == valid.note
                    && have.active == valid.active;
                if !same {
                    w.save_party(&PartyInput { id: Some(have.id), ..valid }).await?;
                    updated += 1;
                }
            }
        }
    }
    if !added.is_empty() || updated > 0 {
        lines.push(format!("相关方名录：新增 {} 家{}，更新 {updated} 家", added.len(), names_in_brackets(&added)));
    }

    if let Some(minutes) = file.idle_lock_minutes
        && minutes != station.idle_lock_minutes
    {
        w.set_idle_lock(&station, minutes).await?;
        lines.push(if minutes == 0 {
            "自动锁定：不自动锁定".to_owned()
        } else {
            format!("自动锁定：{minutes} 分钟无操作")
        });
    }
    if let Some(r) = file.retention
        && r != retention
    {
        w.save_retention_settings(&r).await?;
        let changes: Vec<FieldChange> = [
            FieldChange::change(
                "retentionCasesYears",
                Some(retention.cases_years.to_string().as_str()),
                Some(r.cases_years.to_string().as_str()),
            ),
            FieldChange::change(
                "retentionSignupsYears",
                Some(retention.signups_years.to_string().as_str()),
                Some(r.signups_years.to_string().as_str()),
            ),
        ]
        .into_iter()
        .flatten()
        .collect();
        w.audit("station", station_id, "retention_settings", &changes).await?;
        lines.push(format!("个人信息保存期限：诉求 {} 年，报名与代办 {} 年", r.cases_years, r.signups_years));
    }

    if lines.is_empty() {
        lines.push("与本机现有设置相同，没有需要改动的".to_owned());
    }
    let from = from_label(&file);
    if dry_run {
        // Dropped without a commit: nothing above is saved.
        drop(w);
    } else {
        let changes: Vec<FieldChange> = [
            FieldChange::set("settingsFile", Some(picked.name.as_str())),
            FieldChange::set("fromStation", Some(from.as_str())),
        ]
        .into_iter()
        .flatten()
        .collect();
        w.audit("station", station_id, "settings_import", &changes).await?;
        w.commit().await?;
    }
    Ok(SettingsSummary { file_name: picked.name.clone(), from, exported_at: file.exported_at, lines })
}

/// A list's changes: added, switched on, switched off.
#[derive(Default)]
struct ListChanges {
    added: Vec<String>,
    on: Vec<String>,
    off: Vec<String>,
}

impl ListChanges {
    fn switched(&mut self, on: bool, name: String) {
        if on { self.on.push(name) } else { self.off.push(name) }
    }

    fn describe(&self, label: &str, lines: &mut Vec<String>) {
        let mut parts = Vec::new();
        if !self.added.is_empty() {
            parts.push(format!("新增 {} 项{}", self.added.len(), names_in_brackets(&self.added)));
        }
        if !self.on.is_empty() {
            parts.push(format!("启用 {} 项{}", self.on.len(), names_in_brackets(&self.on)));
        }
        if !self.off.is_empty() {
            parts.push(format!("停用 {} 项{}", self.off.len(), names_in_brackets(&self.off)));
        }
        if !parts.is_empty() {
            lines.push(format!("{label}：{}", parts.join("，")));
        }
    }
}

/// `（甲、乙、丙 等）`: the first few names.
fn names_in_brackets(names: &[String]) -> String {
    if names.is_empty() {
        return String::new();
    }
    let shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
    let more = if names.len() > 5 { " 等" } else { "" };
    format!("（{}{more}）", shown.join("、"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picked(text: &str) -> PickedSettings {
        PickedSettings { name: "设置.json".to_owned(), bytes: text.as_bytes().to_vec() }
    }

    fn messages(e: CoreError) -> String {
        first_message(&e)
    }

    const MINIMAL: &str = r#"{"format":"stationdesk-settings","version":1,"exportedAt":"2026-12-03T08:00:00Z",
        "fromStation":{"code":"RA","name":"荣傲家园社区微言服务站"}}"#;

    #[test]
    fn a_minimal_file_reads() {
        let file = parse(&picked(MINIMAL)).expect("minimal file");
        assert_eq!(file.from_station.code, "RA");
        assert!(file.categories.is_empty());
    }

    #[test]
    fn other_files_are_refused_in_chinese() {
        for text in ["", "not json", "{}", r#"{"format":"x"}"#, "[1,2]"] {
            let m = messages(parse(&picked(text)).expect_err(text));
            assert!(m.contains("不是 StationDesk 的设置文件"), "{text}: {m}");
        }
        let newer = MINIMAL.replace("\"version\":1", "\"version\":7");
        assert!(messages(parse(&picked(&newer)).expect_err("newer")).contains("较新版本"));
        let broken = MINIMAL.replace("\"exportedAt\":\"2026-12-03T08:00:00Z\"", "\"exportedAt\":5");
        let m = messages(parse(&picked(&broken)).expect_err("broken"));
        assert!(m.contains("内容有误") && !m.contains("invalid type"), "{m}");
    }

    #[test]
    fn every_wrong_entry_is_named() {
        let text = MINIMAL.replace(
            "\"fromStation\"",
            r#""categories":[{"name":"电梯","active":true},{"name":"电梯","active":false},{"name":"","active":true}],
               "timeLimits":[{"category":"供暖","urgency":"normal","limits":{"respond":{"amount":0,"unit":"hours"},"resolve":{"amount":7,"unit":"days"}}}],
               "noticeTemplates":[{"kind":"letter","body":"x"}],
               "idleLockMinutes":100000,
               "fromStation""#,
        );
        let m = messages(parse(&picked(&text)).expect_err("wrong entries"));
        for expected in [
            "诉求分类“电梯”出现了两次",
            "诉求分类第 3 项",
            "供暖",
            "通知模板“letter”不认识",
            "自动锁定时间",
            "未导入任何设置",
        ] {
            assert!(m.contains(expected), "missing {expected}: {m}");
        }
    }
}

//! Printed notices from the station's records: the wording each station gave its notices
//! (editable templates with a reset to the built-in one), the 受理回执 and 答复函 of a
//! case, and the audit row every print leaves. Layout and PDF writing live in the
//! Tauri-free `stationdesk-notice` crate.

use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use stationdesk_notice::{CaseNotice, FontSet, Notice, NoticeError, NoticeKind, RenderOptions};

use crate::cases::{self, CHINA_OFFSET, CaseStatus};
use crate::error::{CoreError, Result};
use crate::store::{Actor, Store};

/// The four kinds by their code: `meeting`, `event`, `receipt`, `reply`.
pub fn kind(code: &str) -> Result<NoticeKind> {
    NoticeKind::parse(code).map_err(|e| CoreError::invalid("kind", e.to_string()))
}

/// A notice engine error as the station worker reads it.
pub fn notice_error(field: &str, e: NoticeError) -> CoreError {
    CoreError::invalid(field, e.to_string())
}

/// One kind's wording as the settings page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NoticeTemplate {
    /// `meeting`, `event`, `receipt`, `reply`.
    pub kind: String,
    /// 会议通知, 活动通知, 受理回执, 答复函.
    pub label: String,
    pub body: String,
    /// The built-in wording (no station edit stored).
    pub is_default: bool,
    /// The placeholders this kind's template may use, e.g. `{会议时间}`.
    pub placeholders: Vec<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// A printed (or previewed) notice: the PDF and what to tell the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PrintedNotice {
    /// `受理回执-RA-2026-0001.pdf`.
    pub file_name: String,
    #[serde(skip)]
    pub pdf: Vec<u8>,
    /// The PDF for the window (preview, save, print).
    pub pdf_base64: String,
    pub pages: u32,
    /// Characters no bundled font has, printed as □ (e.g. an emoji), one line each.
    pub warnings: Vec<String>,
}

fn template_of(kind: NoticeKind, body: Option<(String, DateTime<Utc>)>) -> NoticeTemplate {
    let names = stationdesk_notice::placeholders(kind);
    let placeholders = names.inline.iter().chain(names.blocks).map(|n| format!("{{{n}}}")).collect();
    let (body, is_default, updated_at) = match body {
        Some((b, at)) => (b, false, Some(at)),
        None => (stationdesk_notice::default_template(kind).to_owned(), true, None),
    };
    NoticeTemplate {
        kind: kind.as_str().to_owned(),
        label: kind.label().to_owned(),
        body,
        is_default,
        placeholders,
        updated_at,
    }
}

/// The wording of every kind: the station's where it set one, else the built-in.
pub async fn templates(store: &Store, station_id: i64) -> Result<Vec<NoticeTemplate>> {
    let own = store.notice_templates(station_id).await?;
    Ok(NoticeKind::ALL
        .iter()
        .map(|&k| template_of(k, own.iter().find(|(c, _, _)| c == k.as_str()).map(|(_, b, at)| (b.clone(), *at))))
        .collect())
}

/// Saves a kind's wording after checking every placeholder; `None` resets it to the
/// built-in template.
pub async fn save_template(store: &Store, actor: &Actor, code: &str, body: Option<&str>) -> Result<NoticeTemplate> {
    let k = kind(code)?;
    if let Some(b) = body {
        if b.trim().is_empty() {
            return Err(CoreError::invalid("body", "模板不能为空；要用默认措辞请点“恢复默认”"));
        }
        if b.chars().count() > 20_000 {
            return Err(CoreError::invalid("body", "模板过长，最多 20000 字"));
        }
        stationdesk_notice::validate_template(k, b).map_err(|e| notice_error("body", e))?;
    }
    let mut w = store.begin_write(actor).await?;
    w.save_notice_template(k.as_str(), k.label(), body).await?;
    w.commit().await?;
    let all = templates(store, actor.station_id).await?;
    all.into_iter().find(|t| t.kind == k.as_str()).ok_or_else(|| CoreError::NotFound("模板不存在".to_owned()))
}

/// The station's template for a kind, if it set one.
async fn station_template(store: &Store, station_id: i64, k: NoticeKind) -> Result<Option<String>> {
    Ok(store.notice_templates(station_id).await?.into_iter().find(|(c, _, _)| c == k.as_str()).map(|(_, b, _)| b))
}

/// The 受理回执 or 答复函 of a case, filled from the record and the station's wording. The
/// contact person is the case's 承办人, else the staff member printing it; the station
/// keeps no phone number yet, so the phone clause is left out of the wording.
pub async fn case_notice(store: &Store, actor: &Actor, case_id: i64, k: NoticeKind) -> Result<Notice> {
    let station_id = actor.station_id;
    let case = cases::get(store, station_id, case_id).await?;
    let station = crate::station::current(store).await?;
    let china = |t: DateTime<Utc>| t.with_timezone(&CHINA_OFFSET);
    let input = CaseNotice {
        case_number: case.number.clone(),
        received_at: china(case.received_at).format("%Y-%m-%d %H:%M").to_string(),
        channel: case.channel.label().to_owned(),
        title: case.title.clone(),
        description: case.description.clone().unwrap_or_default(),
        resident_name: case.resident_name.clone().unwrap_or_default(),
        address: case.address.display(),
        expected_response: case.resolve_due_at.map(|d| china(d).format("%Y-%m-%d").to_string()).unwrap_or_default(),
        follow_up: format!("凭受理编号 {} 到{}或来电查询办理进度", case.number, station.name),
        resolution: case.resolution.clone().unwrap_or_default(),
        contact_person: case.assignee_name.clone().unwrap_or_else(|| actor.staff_name.clone()),
        contact_phone: String::new(),
        issuer: station.name.clone(),
        date: String::new(),
        template: Some(
            station_template(store, station_id, k)
                .await?
                .unwrap_or_else(|| stationdesk_notice::default_template(k).to_owned())
                .replace("，联系电话：{联系电话}", ""),
        ),
    };
    match k {
        NoticeKind::Receipt => Ok(Notice::Receipt(input)),
        NoticeKind::Reply => {
            if !matches!(case.status, CaseStatus::Resolved | CaseStatus::FollowedUp | CaseStatus::Closed)
                || case.resolution.is_none()
            {
                return Err(CoreError::invalid(
                    "kind",
                    format!("答复函要在“办结”并填写办理结果之后才能打印；这件诉求目前是“{}”", case.status.label()),
                ));
            }
            Ok(Notice::Reply(input))
        }
        _ => Err(CoreError::invalid("kind", "诉求只能打印受理回执（receipt）或答复函（reply）")),
    }
}

/// Renders a notice with the bundled fonts (parsed once per process).
pub fn render(notice: &Notice, file_name: String) -> Result<PrintedNotice> {
    let out = stationdesk_notice::render(FontSet::bundled(), notice, &RenderOptions::default())
        .map_err(|e| notice_error("notice", e))?;
    Ok(printed(file_name, out))
}

fn printed(file_name: String, out: stationdesk_notice::Rendered) -> PrintedNotice {
    PrintedNotice {
        file_name,
        pdf_base64: base64::engine::general_purpose::STANDARD.encode(&out.pdf),
        pdf: out.pdf,
        pages: u32::try_from(out.pages).unwrap_or(u32::MAX),
        warnings: out.warnings.iter().map(|w| w.message.clone()).collect(),
    }
}

/// Prints a case's receipt or reply letter and records the print in the case's history.
pub async fn print_case_notice(store: &Store, actor: &Actor, case_id: i64, code: &str) -> Result<PrintedNotice> {
    let k = kind(code)?;
    let notice = case_notice(store, actor, case_id, k).await?;
    let number = match &notice {
        Notice::Receipt(c) | Notice::Reply(c) => c.case_number.clone(),
        _ => String::new(),
    };
    let printed = render(&notice, format!("{}-{number}.pdf", k.label()))?;
    let mut w = store.begin_write(actor).await?;
    w.record_print("case", case_id, k.label(), printed.pages).await?;
    w.commit().await?;
    Ok(printed)
}

/// Records a print of a notice not tied to a case (a meeting or event notice).
pub async fn record_print(store: &Store, actor: &Actor, entity: &str, id: i64, label: &str, pages: u32) -> Result<()> {
    let mut w = store.begin_write(actor).await?;
    w.record_print(entity, id, label, pages).await?;
    w.commit().await
}

/// Renders a 会议通知 or 活动通知 from the notices page's form (the engine's JSON input),
/// one copy per addressee when `addressees` is not empty (`1栋1单元` … `4栋6单元`), with
/// `progress(done, total)` after each copy; the print is recorded in the audit log.
pub async fn print_form(
    store: &Store,
    actor: &Actor,
    code: &str,
    input: &str,
    addressees: &[String],
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<PrintedNotice> {
    let k = kind(code)?;
    let mut input: serde_json::Value = serde_json::from_str(input)
        .map_err(|e| CoreError::invalid("input", format!("通知内容不是有效的 JSON：{e}")))?;
    if let (Some(obj), Some(t)) = (input.as_object_mut(), station_template(store, actor.station_id, k).await?) {
        obj.entry("template").or_insert(serde_json::Value::String(t));
    }
    let notice = Notice::from_json(k, &input.to_string()).map_err(|e| notice_error("input", e))?;
    let out = if addressees.iter().any(|a| !a.trim().is_empty()) {
        stationdesk_notice::render_batch(FontSet::bundled(), &notice, addressees, &RenderOptions::default(), progress)
    } else {
        stationdesk_notice::render(FontSet::bundled(), &notice, &RenderOptions::default())
    }
    .map_err(|e| notice_error("input", e))?;
    let printed = printed(format!("{}.pdf", k.label()), out);
    record_print(store, actor, "notice", 0, k.label(), printed.pages).await?;
    Ok(printed)
}

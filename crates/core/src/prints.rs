//! Prints of notices, recorded when the worker prints them (not when a notice is rendered
//! for its preview): a notice of a record (a case's 受理回执, a meeting's or an event's
//! notice) leaves an audit row in that record's history; a notice typed on the notices
//! page is also kept in the print history (打印记录) with the form it was made from, so it
//! can be opened again, reprinted or edited as a new one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use stationdesk_model::roles::Action;

use crate::error::{CoreError, Result};
use crate::notices::{NoticeForm, NoticeKind, PrintSource};
use crate::store::{Actor, Store};

/// The largest form (with its addressees) the print history keeps, as JSON.
pub const MAX_INPUT_BYTES: usize = 64 * 1024;

/// The most rows a page of the print history shows.
pub const MAX_PAGE_SIZE: u32 = 100;

/// How a notice was printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum PrintVia {
    /// 打印: the system print dialog, opened from the preview.
    Dialog,
    /// 用系统查看器打开: the PDF opened in the system viewer, to print from there.
    Viewer,
}

impl PrintVia {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dialog => "dialog",
            Self::Viewer => "viewer",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "dialog" => Some(Self::Dialog),
            "viewer" => Some(Self::Viewer),
            _ => None,
        }
    }

    /// 打印, 用系统查看器打开.
    pub fn label(self) -> &'static str {
        match self {
            Self::Dialog => "打印",
            Self::Viewer => "用系统查看器打开",
        }
    }
}

/// The form kept with a print: what the notices page sends to render it again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct KeptInput {
    notice: NoticeForm,
    addressees: Vec<String>,
}

/// One row of the print history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NoticePrint {
    pub id: i64,
    pub kind: NoticeKind,
    /// 会议通知, 活动通知.
    pub kind_label: String,
    /// The notice's title: `关于召开……的通知`, or the event's name.
    pub title: String,
    /// Copies in the print (one per addressee when printed per addressee).
    pub copies: u32,
    pub pages: u32,
    pub via: PrintVia,
    /// 打印, 用系统查看器打开.
    pub via_label: String,
    pub staff_name: String,
    pub printed_at: DateTime<Utc>,
}

/// A print with the form it was made from, to open again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NoticePrintDetail {
    pub print: NoticePrint,
    pub notice: NoticeForm,
    /// The addressees it was printed for, one copy each (empty: one copy).
    pub addressees: Vec<String>,
}

/// A page of the print history, newest first, and how many prints match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NoticePrintPage {
    pub rows: Vec<NoticePrint>,
    pub total: u32,
}

/// Which prints to list: a word in the title, and the page (from 1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NoticePrintQuery {
    pub search: Option<String>,
    pub page: u32,
    pub page_size: u32,
}

/// A row of `notice_prints` as the store reads it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct PrintRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub input: String,
    pub copies: i64,
    pub pages: i64,
    pub via: String,
    pub staff_name: String,
    pub printed_at: DateTime<Utc>,
}

/// A new row of `notice_prints`.
pub(crate) struct NewPrint<'a> {
    pub kind: NoticeKind,
    pub title: &'a str,
    pub input: &'a str,
    pub copies: u32,
    pub pages: u32,
    pub via: PrintVia,
}

fn kind_of(form: &NoticeForm) -> NoticeKind {
    match form {
        NoticeForm::Meeting(_) => NoticeKind::Meeting,
        NoticeForm::Event(_) => NoticeKind::Event,
    }
}

/// The title a form prints under.
fn title_of(form: &NoticeForm) -> String {
    let title = match form {
        NoticeForm::Meeting(m) if m.meeting_name.trim().is_empty() => "会议通知".to_owned(),
        NoticeForm::Meeting(m) => format!("关于召开{}的通知", m.meeting_name.trim()),
        NoticeForm::Event(e) if e.title.trim().is_empty() => "活动通知".to_owned(),
        NoticeForm::Event(e) => e.title.trim().to_owned(),
    };
    title.chars().take(200).collect()
}

fn kept_json(form: &NoticeForm, addressees: &[String]) -> Result<String> {
    let kept = KeptInput { notice: form.clone(), addressees: addressees.to_vec() };
    serde_json::to_string(&kept).map_err(|e| CoreError::invalid("input", format!("通知内容无法保存：{e}")))
}

/// Refuses a form too large to keep in the print history, before it is rendered.
pub fn check_input(form: &NoticeForm, addressees: &[String]) -> Result<()> {
    let len = kept_json(form, addressees)?.len();
    if len > MAX_INPUT_BYTES {
        return Err(CoreError::invalid(
            "input",
            format!("通知内容过长（{} KB），最多 64 KB：请精简正文、附表或主送名单后再生成", len.div_ceil(1024)),
        ));
    }
    Ok(())
}

/// Records one print of a rendered notice: an audit row on the record it was made from,
/// or for a form from the notices page a row of the print history (with its own audit
/// row). Returns the history row for a form. A work report's print is not recorded.
pub async fn record(
    store: &Store,
    actor: &Actor,
    source: &PrintSource,
    pages: u32,
    via: PrintVia,
) -> Result<Option<NoticePrint>> {
    actor.require(Action::Notices)?;
    let pages_text = match via {
        PrintVia::Dialog => format!("{pages} 页"),
        PrintVia::Viewer => format!("{pages} 页，{}", via.label()),
    };
    match source {
        PrintSource::Unrecorded => Ok(None),
        PrintSource::Record { entity, id, label } => {
            let mut w = store.begin_write(actor).await?;
            w.record_print(entity, *id, label, &format!("{label}（{pages_text}）")).await?;
            w.commit().await?;
            Ok(None)
        }
        PrintSource::Form { form, addressees } => {
            let input = kept_json(form, addressees)?;
            if input.len() > MAX_INPUT_BYTES {
                return Err(CoreError::invalid("input", "通知内容过长，最多 64 KB"));
            }
            let kind = kind_of(form);
            let title = title_of(form);
            let copies = addressees.iter().filter(|a| !a.trim().is_empty()).count().max(1);
            let copies = u32::try_from(copies).unwrap_or(u32::MAX);
            let pages = pages.max(1);
            let new = NewPrint { kind, title: &title, input: &input, copies, pages, via };
            let mut w = store.begin_write(actor).await?;
            let id = w.add_notice_print(&new).await?;
            let label = format!("{}「{title}」", kind.label());
            w.record_print("notice_print", id, &label, &format!("{label}（{pages_text}）")).await?;
            let at = w.now();
            w.commit().await?;
            Ok(Some(NoticePrint {
                id,
                kind,
                kind_label: kind.label().to_owned(),
                title,
                copies,
                pages,
                via,
                via_label: via.label().to_owned(),
                staff_name: actor.staff_name.clone(),
                printed_at: at,
            }))
        }
    }
}

fn row_of(r: &PrintRow) -> Result<NoticePrint> {
    let kind = crate::notices::kind(&r.kind)?;
    let via = PrintVia::parse(&r.via).unwrap_or(PrintVia::Dialog);
    Ok(NoticePrint {
        id: r.id,
        kind,
        kind_label: kind.label().to_owned(),
        title: r.title.clone(),
        copies: u32::try_from(r.copies).unwrap_or(1),
        pages: u32::try_from(r.pages).unwrap_or(1),
        via,
        via_label: via.label().to_owned(),
        staff_name: r.staff_name.clone(),
        printed_at: r.printed_at,
    })
}

/// The station's print history, newest first, a page at a time, optionally only the
/// prints whose title contains a word.
pub async fn list(store: &Store, station_id: i64, query: &NoticePrintQuery) -> Result<NoticePrintPage> {
    let search = query.search.as_deref().map(stationdesk_model::input::clean_text).unwrap_or_default();
    let search = search.trim();
    if search.chars().count() > 100 {
        return Err(CoreError::invalid("search", "搜索的标题过长，最多 100 字"));
    }
    let page_size = if query.page_size == 0 { 20 } else { query.page_size };
    if page_size > MAX_PAGE_SIZE {
        return Err(CoreError::invalid("pageSize", format!("每页最多 {MAX_PAGE_SIZE} 条")));
    }
    if query.page > 100_000 {
        return Err(CoreError::invalid("page", "页码过大"));
    }
    let offset = i64::from(query.page.max(1) - 1) * i64::from(page_size);
    let (rows, total) =
        store.notice_prints(station_id, (!search.is_empty()).then_some(search), i64::from(page_size), offset).await?;
    Ok(NoticePrintPage {
        rows: rows.iter().map(row_of).collect::<Result<_>>()?,
        total: u32::try_from(total).unwrap_or(u32::MAX),
    })
}

/// One print with the form it was made from, to open it again.
pub async fn get(store: &Store, station_id: i64, id: i64) -> Result<NoticePrintDetail> {
    let row = store
        .notice_print(station_id, id)
        .await?
        .ok_or_else(|| CoreError::NotFound("这条打印记录不存在".to_owned()))?;
    let kept: KeptInput = serde_json::from_str(&row.input)
        .map_err(|e| CoreError::Conflict(format!("这条打印记录保存的通知内容无法读取：{e}")))?;
    Ok(NoticePrintDetail { print: row_of(&row)?, notice: kept.notice, addressees: kept.addressees })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notices::MeetingNotice;

    fn meeting(name: &str, purpose: &str) -> NoticeForm {
        NoticeForm::Meeting(MeetingNotice {
            meeting_name: name.to_owned(),
            purpose: purpose.to_owned(),
            ..MeetingNotice::default()
        })
    }

    #[test]
    fn a_meeting_prints_under_its_notice_title() {
        assert_eq!(title_of(&meeting("加装电梯议事协商会", "")), "关于召开加装电梯议事协商会的通知");
        assert_eq!(title_of(&meeting("  ", "")), "会议通知");
    }

    #[test]
    fn a_form_over_64_kb_is_refused_and_one_under_is_kept() {
        assert!(check_input(&meeting("议事会", &"很".repeat(20_000)), &[]).is_ok());
        let err = check_input(&meeting("议事会", &"很".repeat(30_000)), &[]).expect_err("90 KB");
        assert!(err.user_message().contains("64 KB"), "{}", err.user_message());
    }
}

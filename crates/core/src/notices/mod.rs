//! Printed notices from the station's records: the wording each station gave its notices
//! (editable templates with a reset to the built-in one), the 受理回执 and 答复函 of a
//! case, and the audit row every print leaves. Layout and PDF writing live in the
//! Tauri-free `stationdesk-notice` crate.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use stationdesk_model::roles::Action;

use stationdesk_notice::{CaseNotice, Notice, NoticeError, RenderOptions};
pub use stationdesk_notice::{EventNotice, MeetingNotice, NoticeKind};

use stationdesk_model::poster;

mod fonts;
pub(crate) use fonts::fonts_roles;
use fonts::station_fonts;
pub use fonts::{NoticeFont, NoticeFontRole, fonts, save_font, save_font_family};

use crate::cases::{self, CHINA_OFFSET};
use crate::error::{CoreError, Result};
use crate::store::{Actor, Store};

/// The four kinds by their code: `meeting`, `event`, `receipt`, `reply`.
/// What was typed is read as its excerpt, so the engine's refusal, which names the code,
/// quotes at most that much.
pub fn kind(code: &str) -> Result<NoticeKind> {
    NoticeKind::parse(&stationdesk_model::input::excerpt(code)).map_err(|e| CoreError::invalid("kind", e.to_string()))
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
    pub kind: NoticeKind,
    /// 会议通知, 活动通知, 受理回执, 答复函.
    pub label: String,
    pub body: String,
    /// The built-in wording (no station edit stored).
    pub is_default: bool,
    /// The placeholders this kind's template may use, e.g. `{会议时间}`.
    pub placeholders: Vec<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// The notices a case prints: its 受理回执 and, once resolved, its 答复函.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum CaseNoticeKind {
    Receipt,
    Reply,
}

impl CaseNoticeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Receipt => "receipt",
            Self::Reply => "reply",
        }
    }
}

/// A notice typed on the notices page: its kind and that kind's fields (the engine's
/// input, see crates/notice/README.md), `{ kind: "meeting", input: {...} }` on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", content = "input", rename_all = "camelCase")]
pub enum NoticeForm {
    Meeting(MeetingNotice),
    Event(EventNotice),
}

/// A rendered notice: the PDF, what to tell the worker, and what it was made from. A
/// render is a preview; the print is recorded when the worker prints it
/// ([`crate::prints::record`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PrintedNotice {
    /// `受理回执-RA-2026-0001.pdf`.
    pub file_name: String,
    pub pdf: Vec<u8>,
    pub pages: u32,
    /// Characters no bundled font has, printed as □ (e.g. an emoji), one line each.
    pub warnings: Vec<String>,
    /// What a print of it is recorded against.
    pub source: PrintSource,
}

/// What a rendered notice was made from: the record whose history a print goes into, or
/// the notices page's form, kept in the print history (打印记录).
#[derive(Debug, Clone, PartialEq)]
pub enum PrintSource {
    /// A notice of a record: the audit entity (`case`, `meeting`, `event`), its id and what
    /// was printed (`受理回执`, `会议通知（各单位一份，共 3 份）`).
    Record { entity: &'static str, id: i64, label: String },
    /// A notice typed on the notices page, with the addressees it was printed for.
    Form { form: Box<NoticeForm>, addressees: Vec<String> },
    /// Not a notice (the work report): its prints are not recorded.
    Unrecorded,
}

fn template_of(kind: NoticeKind, body: Option<(String, DateTime<Utc>)>) -> NoticeTemplate {
    let names = stationdesk_notice::placeholders(kind);
    let placeholders = names.inline.iter().chain(names.blocks).map(|n| format!("{{{n}}}")).collect();
    let (body, is_default, updated_at) = match body {
        Some((b, at)) => (b, false, Some(at)),
        None => (stationdesk_notice::default_template(kind).to_owned(), true, None),
    };
    NoticeTemplate { kind, label: kind.label().to_owned(), body, is_default, placeholders, updated_at }
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
    actor.require(Action::Notices)?;
    let k = kind(code)?;
    let body = body.map(stationdesk_model::input::clean_text);
    let body = body.as_deref();
    if let Some(b) = body {
        if b.is_empty() {
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
    all.into_iter().find(|t| t.kind == k).ok_or_else(|| CoreError::NotFound("模板不存在".to_owned()))
}

/// The station's template for a kind, if it set one.
async fn station_template(store: &Store, station_id: i64, k: NoticeKind) -> Result<Option<String>> {
    Ok(store.notice_templates(station_id).await?.into_iter().find(|(c, _, _)| c == k.as_str()).map(|(_, b, _)| b))
}

/// The 受理回执 or 答复函 of a case, filled from the record and the station's wording. The
/// contact person is the case's 承办人, else the staff member printing it, at the station's
/// phone number (without one, the phone clause is left out of the wording).
pub async fn case_notice(store: &Store, actor: &Actor, case_id: i64, k: NoticeKind) -> Result<Notice> {
    actor.require(Action::Notices)?;
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
        // The template's next sentence asks for the case number (查询时请告知受理编号…):
        // naming it here too printed it twice, with spaces around it.
        follow_up: format!("您可到{}或来电查询办理进度。", station.name),
        // The letter finishes a sentence the worker left open; the record keeps what was typed.
        resolution: match k {
            NoticeKind::Reply => crate::workflow::reply_sentence(case.resolution.as_deref().unwrap_or_default()),
            _ => case.resolution.clone().unwrap_or_default(),
        },
        contact_person: case.assignee_name.clone().unwrap_or_else(|| actor.staff_name.clone()),
        contact_phone: station.phone.clone().unwrap_or_default(),
        issuer: station.name.clone(),
        date: String::new(),
        template: Some(wording(store, station_id, k).await?),
    };
    match k {
        NoticeKind::Receipt => Ok(Notice::Receipt(input)),
        NoticeKind::Reply => {
            if crate::workflow::reply_letter(case.status, case.resolution.as_deref())
                != crate::workflow::ReplyLetter::Ready
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

/// Renders a notice with the station's fonts: the bundled ones (parsed once per process),
/// with the system fonts the station prefers in front of them.
pub async fn render(store: &Store, station_id: i64, notice: &Notice, file_name: String) -> Result<PrintedNotice> {
    let (fonts, font_warnings) = station_fonts(store, station_id).await?;
    let out = stationdesk_notice::render(fonts.get(), notice, &RenderOptions::default())
        .map_err(|e| notice_error("notice", e))?;
    Ok(printed(file_name, out, font_warnings, PrintSource::Unrecorded))
}

/// Renders a work report (工作报告) with the station's fonts, like a notice.
pub(crate) async fn render_report(
    store: &Store,
    station_id: i64,
    doc: &stationdesk_notice::ReportDocument,
    file_name: String,
) -> Result<PrintedNotice> {
    let (fonts, font_warnings) = station_fonts(store, station_id).await?;
    let out = stationdesk_notice::render_report(fonts.get(), doc, &RenderOptions::default())
        .map_err(|e| notice_error("report", e))?;
    Ok(printed(file_name, out, font_warnings, PrintSource::Unrecorded))
}

/// A report printed with the bundled fonts (the street office's: it has no station settings).
pub(crate) fn render_bundled_report(
    doc: &stationdesk_notice::ReportDocument,
    file_name: String,
) -> Result<PrintedNotice> {
    let fonts = fonts::Fonts::Bundled;
    let out = stationdesk_notice::render_report(fonts.get(), doc, &RenderOptions::default())
        .map_err(|e| notice_error("report", e))?;
    Ok(printed(file_name, out, Vec::new(), PrintSource::Unrecorded))
}

fn printed(
    file_name: String,
    out: stationdesk_notice::Rendered,
    mut warnings: Vec<String>,
    source: PrintSource,
) -> PrintedNotice {
    warnings.extend(out.warnings.iter().map(|w| w.message.clone()));
    PrintedNotice { file_name, pdf: out.pdf, pages: u32::try_from(out.pages).unwrap_or(u32::MAX), warnings, source }
}

/// A notice of a record, rendered for its preview: the print is recorded against the record.
async fn render_record(
    store: &Store,
    station_id: i64,
    notice: &Notice,
    file_name: String,
    entity: &'static str,
    id: i64,
    label: String,
) -> Result<PrintedNotice> {
    let printed = render(store, station_id, notice, file_name).await?;
    Ok(PrintedNotice { source: PrintSource::Record { entity, id, label }, ..printed })
}

/// Renders a case's receipt or reply letter for its preview; a print of it goes into the
/// case's history.
pub async fn render_case_notice(store: &Store, actor: &Actor, case_id: i64, code: &str) -> Result<PrintedNotice> {
    actor.require(Action::Notices)?;
    let k = kind(code)?;
    let notice = case_notice(store, actor, case_id, k).await?;
    let number = match &notice {
        Notice::Receipt(c) | Notice::Reply(c) => c.case_number.clone(),
        _ => String::new(),
    };
    let file_name = format!("{}-{number}.pdf", k.label());
    render_record(store, actor.station_id, &notice, file_name, "case", case_id, k.label().to_owned()).await
}

/// Renders a 会议通知 or 活动通知 from the notices page's form, one copy per addressee
/// when `addressees` is not empty (`1栋1单元` … `4栋6单元`), with `progress(done, total)`
/// after each copy, for its preview; a print of it goes into the print history with the
/// form. Without wording of its own the form prints in the station's.
pub async fn render_form(
    store: &Store,
    actor: &Actor,
    form: NoticeForm,
    addressees: &[String],
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<PrintedNotice> {
    actor.require(Action::Notices)?;
    let k = match &form {
        NoticeForm::Meeting(_) => NoticeKind::Meeting,
        NoticeForm::Event(_) => NoticeKind::Event,
    };
    crate::prints::check_input(&form, addressees)?;
    let source = PrintSource::Form { form: Box::new(form.clone()), addressees: addressees.to_vec() };
    let own = station_template(store, actor.station_id, k).await?;
    let notice = match form {
        NoticeForm::Meeting(m) => Notice::Meeting(MeetingNotice { template: m.template.or(own), ..m }),
        NoticeForm::Event(e) => Notice::Event(EventNotice { template: e.template.or(own), ..e }),
    };
    let (fonts, font_warnings) = station_fonts(store, actor.station_id).await?;
    let out = if addressees.iter().any(|a| !a.trim().is_empty()) {
        stationdesk_notice::render_batch(fonts.get(), &notice, addressees, &RenderOptions::default(), progress)
    } else {
        stationdesk_notice::render(fonts.get(), &notice, &RenderOptions::default())
    }
    .map_err(|e| notice_error("input", e))?;
    Ok(printed(format!("{}.pdf", k.label()), out, font_warnings, source))
}

/// `2026年12月3日（星期四）下午3:00`, the way notices give a time.
pub fn notice_time(at: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let t = at.with_timezone(&CHINA_OFFSET);
    let week = ["一", "二", "三", "四", "五", "六", "日"][t.weekday().num_days_from_monday() as usize];
    let (half, hour) = match t.hour() {
        h if h < 12 => ("上午", h),
        12 => ("中午", 12),
        h => ("下午", h - 12),
    };
    format!("{}年{}月{}日（星期{week}）{half}{hour}:{:02}", t.year(), t.month(), t.day(), t.minute())
}

/// The 会议通知 of a meeting record: its invited organisations as addressees, its agenda,
/// an attendee table of the invited organisations and staff, and a 回执.
pub async fn meeting_notice(store: &Store, actor: &Actor, meeting_id: i64) -> Result<Notice> {
    actor.require(Action::Notices)?;
    use stationdesk_notice::{Attendee, ReplySlip};
    let meeting = crate::schedule::meetings::get(store, actor.station_id, meeting_id).await?;
    if meeting.status == crate::schedule::MeetingStatus::Cancelled {
        return Err(CoreError::invalid("meeting", "这次会议已取消，不能再打印通知"));
    }
    let station = crate::station::current(store).await?;
    let directory = crate::parties::list(store, actor.station_id).await?;
    let phone_of = |id: i64| directory.iter().find(|p| p.id == id).and_then(|p| p.phone.clone()).unwrap_or_default();
    let mut attendees: Vec<Attendee> = meeting
        .parties
        .iter()
        .map(|p| Attendee {
            name: p.contact_person.clone().unwrap_or_default(),
            unit: p.name.clone(),
            role: crate::parties::PartyKind::parse(&p.party_kind).map(|k| k.label().to_owned()).unwrap_or_default(),
            phone: phone_of(p.party_id),
        })
        .collect();
    attendees.extend(meeting.staff.iter().map(|s| Attendee {
        name: s.staff.name.clone(),
        unit: station.name.clone(),
        role: "工作人员".to_owned(),
        phone: String::new(),
    }));
    let agenda = meeting
        .agenda
        .iter()
        .map(|a| match &a.case {
            Some(c) => format!("{}（诉求 {}）", a.title, c.number),
            None => a.title.clone(),
        })
        .collect();
    let name = meeting.title.strip_prefix("关于").unwrap_or(&meeting.title).to_owned();
    let reply_by = meeting.start - chrono::Duration::days(1);
    let input = MeetingNotice {
        meeting_name: name,
        addressees: meeting.parties.iter().map(|p| p.name.clone()).collect(),
        // The wording is 为{会议目的}，经研究……: a purpose typed as a sentence would read
        // 为为……。，经研究.
        purpose: meeting
            .purpose
            .as_deref()
            .map(|p| p.trim().trim_start_matches('为').trim_end_matches(['。', '.', '；', ';', '，', ',', '！', '!']))
            .filter(|p| !p.is_empty())
            .map_or_else(|| format!("商议{}", meeting.title), str::to_owned),
        time: notice_time(meeting.start),
        place: meeting.place.clone(),
        attendees_note: String::new(),
        attendees,
        agenda,
        requirements: vec!["请参会单位安排熟悉情况的负责人参加，并准时到会。".to_owned()],
        contact_person: meeting.contact_person.clone().unwrap_or_else(|| actor.staff_name.clone()),
        // A meeting that names no phone of its own gives the station's.
        contact_phone: meeting.contact_phone.clone().or_else(|| station.phone.clone()).unwrap_or_default(),
        reply_slip: Some(ReplySlip {
            deadline: reply_by.with_timezone(&CHINA_OFFSET).format("%-m月%-d日17:00").to_string(),
            return_to: station.name.clone(),
        }),
        extra: String::new(),
        issuer: station.name.clone(),
        date: String::new(),
        template: None,
    };
    let template = wording(store, actor.station_id, NoticeKind::Meeting).await?;
    let input = MeetingNotice { template: Some(template), ..input };
    Ok(Notice::Meeting(input))
}

/// The 活动通知 of one occurrence of an event.
pub async fn event_notice(
    store: &Store,
    actor: &Actor,
    event_id: i64,
    occurrence_start: DateTime<Utc>,
) -> Result<Notice> {
    actor.require(Action::Notices)?;
    let detail = crate::schedule::events::occurrence(store, actor.station_id, event_id, occurrence_start).await?;
    if detail.item.cancelled {
        return Err(CoreError::invalid("event", "这次活动已取消，不能再打印通知"));
    }
    let station = crate::station::current(store).await?;
    let (item, event) = (&detail.item, &detail.event);
    // The event's own sign-up or contact link, else the station's default one.
    let qr = poster::qr_link(event.link.as_deref(), station.poster_link.as_deref());
    let end = item.end.with_timezone(&CHINA_OFFSET).format("%-H:%M");
    let partners =
        if item.partners.is_empty() { String::new() } else { format!("（{}）", item.partners.join("、")) };
    let input = EventNotice {
        title: item.title.clone(),
        addressees: Vec::new(),
        summary: item.description.clone().unwrap_or_default(),
        time: format!("{}—{end}", notice_time(item.start)),
        place: format!("{}{partners}", item.place),
        audience: poster::audience(event.audience.as_deref()).to_owned(),
        bring: event.bring.clone().unwrap_or_default(),
        signup: match item.capacity {
            Some(n) if qr.is_some() => format!("名额{n}人，请到{}或扫描下方二维码报名，额满后登记候补", station.name),
            Some(n) => format!("名额{n}人，请到{}报名，额满后登记候补", station.name),
            None => String::new(),
        },
        qr_text: qr.map(str::to_owned).unwrap_or_default(),
        qr_caption: qr.map(|_| poster::qr_caption(item.capacity.is_some()).to_owned()).unwrap_or_default(),
        contact_person: actor.staff_name.clone(),
        contact_phone: station.phone.clone().unwrap_or_default(),
        issuer: station.name.clone(),
        date: String::new(),
        template: Some(wording(store, actor.station_id, NoticeKind::Event).await?),
    };
    Ok(Notice::Event(input))
}

/// The station's wording for a kind, or the built-in one. A clause whose placeholders are
/// all empty (the phone, when none is on record) is left out by the template engine.
async fn wording(store: &Store, station_id: i64, k: NoticeKind) -> Result<String> {
    Ok(station_template(store, station_id, k)
        .await?
        .unwrap_or_else(|| stationdesk_notice::default_template(k).to_owned()))
}

/// Renders a meeting's 会议通知 for its preview; a print of it goes into the meeting's history.
pub async fn render_meeting_notice(store: &Store, actor: &Actor, meeting_id: i64) -> Result<PrintedNotice> {
    actor.require(Action::Notices)?;
    let notice = meeting_notice(store, actor, meeting_id).await?;
    let file_name = format!("会议通知-{meeting_id}.pdf");
    let label = NoticeKind::Meeting.label().to_owned();
    render_record(store, actor.station_id, &notice, file_name, "meeting", meeting_id, label).await
}

/// Renders a meeting's 会议通知 once per invited organisation, each copy addressed to it
/// (its 主送 line names that organisation alone) and on pages of its own, in one PDF; a
/// print of it goes into the meeting's history with the number of copies.
pub async fn render_meeting_notices(store: &Store, actor: &Actor, meeting_id: i64) -> Result<PrintedNotice> {
    actor.require(Action::Notices)?;
    let notice = meeting_notice(store, actor, meeting_id).await?;
    let Notice::Meeting(m) = &notice else {
        return Err(CoreError::invalid("meeting", "这不是会议通知"));
    };
    if m.addressees.is_empty() {
        return Err(CoreError::invalid(
            "meeting",
            "这次会议还没有邀请单位，无法分单位打印：请先在会议里添加参会单位，或点「打印会议通知」打印一份",
        ));
    }
    let addressees = m.addressees.clone();
    let (fonts, font_warnings) = station_fonts(store, actor.station_id).await?;
    let out =
        stationdesk_notice::render_batch(fonts.get(), &notice, &addressees, &RenderOptions::default(), &mut |_, _| {})
            .map_err(|e| notice_error("meeting", e))?;
    let label = format!("{}（各单位一份，共 {} 份）", NoticeKind::Meeting.label(), addressees.len());
    let source = PrintSource::Record { entity: "meeting", id: meeting_id, label };
    Ok(printed(format!("会议通知-{meeting_id}-各单位.pdf"), out, font_warnings, source))
}

/// Renders an event occurrence's 活动通知 for its preview; a print of it goes into the
/// event's history.
pub async fn render_event_notice(
    store: &Store,
    actor: &Actor,
    event_id: i64,
    occurrence_start: DateTime<Utc>,
) -> Result<PrintedNotice> {
    actor.require(Action::Notices)?;
    let notice = event_notice(store, actor, event_id, occurrence_start).await?;
    let file_name = format!("活动通知-{event_id}.pdf");
    let label = format!("{}（{}场）", NoticeKind::Event.label(), notice_time(occurrence_start));
    render_record(store, actor.station_id, &notice, file_name, "event", event_id, label).await
}

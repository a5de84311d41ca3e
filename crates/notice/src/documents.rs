//! The four kinds of notice: their input (plain serde structs, the JSON the CLI reads and
//! the app fills from its records), their default wording, and how they are composed.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::NoticeError;
use crate::fonts::FontSet;
use crate::page::{Composer, Layout, Para};
use crate::template::{self, TemplateBlock};
use crate::wording::{
    CASE_NAMES, EVENT_NAMES, EVENT_TEMPLATE, MEETING_NAMES, MEETING_TEMPLATE, RECEIPT_TEMPLATE, REPLY_TEMPLATE,
};

/// China Standard Time; dates on notices are local dates.
pub(crate) fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix())
}

use chrono::Offset;

/// A 会议通知 for a consultation meeting.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeetingNotice {
    /// 会议名称, e.g. `荣傲家园加装电梯议事协商会`; the title is 关于召开{会议名称}的通知.
    pub meeting_name: String,
    /// 主送: who it is addressed to (`各楼门长`, `1栋1单元全体居民`); joined with `、`.
    pub addressees: Vec<String>,
    /// 会议目的: completes the sentence 为……，经研究，定于…….
    pub purpose: String,
    /// 会议时间, free text: `2025年7月15日（星期二）下午3:00`.
    pub time: String,
    /// 会议地点.
    pub place: String,
    /// 参会人员 as a sentence (optional), printed above the table.
    pub attendees_note: String,
    /// The attendee table (optional).
    pub attendees: Vec<Attendee>,
    /// 会议议程, one item each; printed numbered.
    pub agenda: Vec<String>,
    /// 有关要求 / what to bring, one item each; printed numbered.
    pub requirements: Vec<String>,
    pub contact_person: String,
    pub contact_phone: String,
    /// A 回执 (reply slip) as an attachment page, if present.
    pub reply_slip: Option<ReplySlip>,
    /// 补充说明: further paragraphs at the end of the body (optional).
    pub extra: String,
    /// 发文机关署名: the issuing body.
    pub issuer: String,
    /// 成文日期, `2025-07-10`; empty means today.
    pub date: String,
    /// Edited wording; `None` uses [`default_template`].
    pub template: Option<String>,
}

/// One row of the attendee table.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Attendee {
    pub name: String,
    /// 单位或楼栋: `3栋2单元`, `物业公司`.
    pub unit: String,
    /// 身份或职务: `楼门长`, `业主代表`.
    pub role: String,
    pub phone: String,
}

/// The 回执 attachment: when and where to hand it back.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReplySlip {
    /// `7月14日17:00`.
    pub deadline: String,
    /// `社区服务站一楼接待台`.
    pub return_to: String,
}

/// A 活动通知 / poster for an event such as a free clinic (义诊).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EventNotice {
    /// 活动名称, the large title: `夏季义诊进社区`.
    pub title: String,
    /// 主送 (optional for a poster).
    pub addressees: Vec<String>,
    /// 活动简介: a paragraph or two (optional).
    pub summary: String,
    pub time: String,
    pub place: String,
    /// 服务对象: who it is for.
    pub audience: String,
    /// 请携带: what to bring.
    pub bring: String,
    /// 报名方式 (optional).
    pub signup: String,
    /// Text or link in the QR code (optional): a sign-up page, a WeChat group link.
    pub qr_text: String,
    /// The line under the QR code, e.g. `微信扫码报名`; default: the QR text itself.
    pub qr_caption: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub issuer: String,
    /// `2025-07-10`; empty means today.
    pub date: String,
    pub template: Option<String>,
}

/// A 受理回执 (receipt) or 答复函 (reply letter) for a case; the app fills it from the
/// case record, the CLI from a JSON file.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CaseNotice {
    /// 受理编号, `RA-2026-0001`.
    pub case_number: String,
    /// 受理时间: `2025-07-10 09:30`, `2025-07-10`, or RFC 3339 (shown in China time).
    pub received_at: String,
    /// 受理渠道 (optional): `来访`, `电话`, `12345转办`.
    pub channel: String,
    /// 诉求标题.
    pub title: String,
    /// 诉求内容 (optional).
    pub description: String,
    /// The resident's name (optional; `居民朋友` when empty).
    pub resident_name: String,
    /// The address the case is about (optional).
    pub address: String,
    /// 答复期限: a date `2025-07-17` or text `5个工作日内` (receipt).
    pub expected_response: String,
    /// How to follow up (receipt, optional): `拨打本站电话或到站查询`.
    pub follow_up: String,
    /// 办理结果: what was done (reply letter).
    pub resolution: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub issuer: String,
    /// `2025-07-10`; empty means today.
    pub date: String,
    pub template: Option<String>,
}

/// Which document.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum NoticeKind {
    Meeting,
    Event,
    Receipt,
    Reply,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 4] = [NoticeKind::Meeting, NoticeKind::Event, NoticeKind::Receipt, NoticeKind::Reply];

    /// `meeting`, `event`, `receipt`, `reply` (also the Chinese names).
    pub fn parse(s: &str) -> Result<NoticeKind, NoticeError> {
        match s.trim() {
            "meeting" | "会议通知" => Ok(NoticeKind::Meeting),
            "event" | "活动通知" => Ok(NoticeKind::Event),
            "receipt" | "受理回执" => Ok(NoticeKind::Receipt),
            "reply" | "答复函" => Ok(NoticeKind::Reply),
            other => Err(NoticeError::UnknownKind(other.to_owned())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Meeting => "meeting",
            NoticeKind::Event => "event",
            NoticeKind::Receipt => "receipt",
            NoticeKind::Reply => "reply",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            NoticeKind::Meeting => "会议通知",
            NoticeKind::Event => "活动通知",
            NoticeKind::Receipt => "受理回执",
            NoticeKind::Reply => "答复函",
        }
    }
}

/// A notice of any kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    Meeting(MeetingNotice),
    Event(EventNotice),
    Receipt(CaseNotice),
    Reply(CaseNotice),
}

impl Notice {
    /// Read the JSON input of a kind (the struct's fields, see the crate README).
    pub fn from_json(kind: NoticeKind, json: &str) -> Result<Notice, NoticeError> {
        let bad = |e: serde_json::Error| NoticeError::BadInput(json_error(&e));
        Ok(match kind {
            NoticeKind::Meeting => Notice::Meeting(serde_json::from_str(json).map_err(bad)?),
            NoticeKind::Event => Notice::Event(serde_json::from_str(json).map_err(bad)?),
            NoticeKind::Receipt => Notice::Receipt(serde_json::from_str(json).map_err(bad)?),
            NoticeKind::Reply => Notice::Reply(serde_json::from_str(json).map_err(bad)?),
        })
    }

    pub fn kind(&self) -> NoticeKind {
        match self {
            Notice::Meeting(_) => NoticeKind::Meeting,
            Notice::Event(_) => NoticeKind::Event,
            Notice::Receipt(_) => NoticeKind::Receipt,
            Notice::Reply(_) => NoticeKind::Reply,
        }
    }

    /// The same notice addressed to one addressee (a batch page).
    pub fn addressed_to(&self, addressee: &str) -> Notice {
        let one = vec![addressee.to_owned()];
        match self {
            Notice::Meeting(m) => Notice::Meeting(MeetingNotice { addressees: one, ..m.clone() }),
            Notice::Event(e) => Notice::Event(EventNotice { addressees: one, ..e.clone() }),
            Notice::Receipt(c) => Notice::Receipt(CaseNotice { resident_name: addressee.to_owned(), ..c.clone() }),
            Notice::Reply(c) => Notice::Reply(CaseNotice { resident_name: addressee.to_owned(), ..c.clone() }),
        }
    }
}

fn json_error(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let what = if let Some(rest) = msg.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or_default();
        format!("不认识的字段“{name}”（字段名见 crates/notice/README.md）")
    } else if msg.starts_with("invalid type") {
        "某个字段的类型不对（文字要加引号，列表要用 [ ]）".to_owned()
    } else {
        "不是有效的 JSON".to_owned()
    };
    format!("{what}，第 {} 行第 {} 列", e.line(), e.column())
}

/// `2025-07-10` → `2025年7月10日`; empty → today (China time).
pub fn chinese_date(field: &'static str, value: &str) -> Result<String, NoticeError> {
    let v = value.trim();
    let date = if v.is_empty() {
        Utc::now().with_timezone(&china()).date_naive()
    } else {
        NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| NoticeError::BadDate { field, value: v.to_owned() })?
    };
    Ok(format!("{}", date.format("%Y年%-m月%-d日")))
}

/// A time as `2025年7月10日9时30分` (or just the date when midnight / date-only).
fn chinese_time(field: &'static str, value: &str) -> Result<String, NoticeError> {
    let v = value.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(format_time(t.with_timezone(&china()).naive_local()));
    }
    for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(v, f) {
            return Ok(format_time(t));
        }
    }
    chinese_date(field, v)
}

fn format_time(t: NaiveDateTime) -> String {
    use chrono::Timelike;
    if t.hour() == 0 && t.minute() == 0 {
        format!("{}", t.format("%Y年%-m月%-d日"))
    } else {
        format!("{}", t.format("%Y年%-m月%-d日%-H时%M分"))
    }
}

fn required(field: &'static str, v: &str) -> Result<(), NoticeError> {
    if v.trim().is_empty() { Err(NoticeError::MissingField { field }) } else { Ok(()) }
}

const CHINESE_NUMERALS: [&str; 20] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六", "十七",
    "十八", "十九", "二十",
];

/// What a filled template block turns into, before the empty sections are dropped.
#[derive(Debug)]
enum Part {
    Title(String),
    Addressee(String),
    Heading(String),
    Paragraph(String, String),
    Labelled(String),
    Numbered(Vec<String>, &'static str),
    Table(Vec<Attendee>),
    Qr(String, String),
}

struct Doc {
    title_size: f32,
    numbered_headings: bool,
    issuer: String,
    date: String,
    reply_slip: Option<ReplySlip>,
    parts: Vec<Part>,
    fallback_title: &'static str,
    /// Grid lines of the QR code and blank lines above the signature.
    qr_lines: usize,
    signature_gap: usize,
}

fn values_map(pairs: Vec<(&'static str, String)>) -> BTreeMap<&'static str, String> {
    pairs.into_iter().collect()
}

fn blocks_to_parts(blocks: Vec<TemplateBlock>, block: &mut dyn FnMut(&str) -> Option<Part>) -> Vec<Part> {
    let mut parts = Vec::new();
    for b in blocks {
        match b {
            TemplateBlock::Title(t) => parts.push(Part::Title(t)),
            TemplateBlock::Addressee(t) => parts.push(Part::Addressee(t)),
            TemplateBlock::Heading(t) => parts.push(Part::Heading(t)),
            TemplateBlock::Paragraph(t) => parts.push(Part::Paragraph(t, "正文".to_owned())),
            TemplateBlock::Labelled(t) => parts.push(Part::Labelled(t)),
            TemplateBlock::Block(name) => parts.extend(block(&name)),
        }
    }
    // A heading with nothing under it (its fields were empty) goes too.
    let mut keep = vec![true; parts.len()];
    for i in 0..parts.len() {
        if matches!(parts[i], Part::Heading(_))
            && parts.get(i + 1).is_none_or(|p| matches!(p, Part::Heading(_) | Part::Title(_)))
        {
            keep[i] = false;
        }
    }
    parts.into_iter().zip(keep).filter_map(|(p, k)| k.then_some(p)).collect()
}

fn meeting_doc(m: &MeetingNotice) -> Result<Doc, NoticeError> {
    required("会议名称", &m.meeting_name)?;
    required("会议时间", &m.time)?;
    required("会议地点", &m.place)?;
    required("发文机关", &m.issuer)?;
    let date = chinese_date("成文日期", &m.date)?;
    let values = values_map(vec![
        ("会议名称", m.meeting_name.clone()),
        ("主送", m.addressees.join("、")),
        ("会议目的", m.purpose.clone()),
        ("会议时间", m.time.clone()),
        ("会议地点", m.place.clone()),
        ("参会人员", m.attendees_note.clone()),
        ("联系人", m.contact_person.clone()),
        ("联系电话", m.contact_phone.clone()),
        ("补充说明", m.extra.clone()),
        ("回执截止", m.reply_slip.as_ref().map(|r| r.deadline.clone()).unwrap_or_default()),
        ("发文机关", m.issuer.clone()),
        ("成文日期", date.clone()),
    ]);
    let text = m.template.as_deref().unwrap_or(MEETING_TEMPLATE);
    let blocks = template::fill(text, &MEETING_NAMES, &values)?;
    let parts = blocks_to_parts(blocks, &mut |name| match name {
        "参会人员表" if !m.attendees.is_empty() => Some(Part::Table(m.attendees.clone())),
        "会议议程" if !m.agenda.is_empty() => Some(Part::Numbered(m.agenda.clone(), "会议议程")),
        "有关要求" if !m.requirements.is_empty() => Some(Part::Numbered(m.requirements.clone(), "有关要求")),
        _ => None,
    });
    Ok(Doc {
        title_size: 22.0,
        numbered_headings: true,
        issuer: m.issuer.clone(),
        date,
        reply_slip: m.reply_slip.clone(),
        parts,
        fallback_title: "会议通知",
        qr_lines: 5,
        signature_gap: 2,
    })
}

fn event_doc(e: &EventNotice) -> Result<Doc, NoticeError> {
    required("活动名称", &e.title)?;
    required("活动时间", &e.time)?;
    required("活动地点", &e.place)?;
    required("发文机关", &e.issuer)?;
    let date = chinese_date("成文日期", &e.date)?;
    let values = values_map(vec![
        ("活动名称", e.title.clone()),
        ("主送", e.addressees.join("、")),
        ("活动简介", e.summary.clone()),
        ("活动时间", e.time.clone()),
        ("活动地点", e.place.clone()),
        ("服务对象", e.audience.clone()),
        ("携带物品", e.bring.clone()),
        ("报名方式", e.signup.clone()),
        ("二维码内容", e.qr_text.clone()),
        ("联系人", e.contact_person.clone()),
        ("联系电话", e.contact_phone.clone()),
        ("发文机关", e.issuer.clone()),
        ("成文日期", date.clone()),
    ]);
    let text = e.template.as_deref().unwrap_or(EVENT_TEMPLATE);
    let blocks = template::fill(text, &EVENT_NAMES, &values)?;
    let caption = if e.qr_caption.trim().is_empty() { e.qr_text.clone() } else { e.qr_caption.clone() };
    let parts = blocks_to_parts(blocks, &mut |name| match name {
        "二维码" if !e.qr_text.trim().is_empty() => Some(Part::Qr(e.qr_text.clone(), caption.clone())),
        _ => None,
    });
    Ok(Doc {
        title_size: 30.0,
        numbered_headings: false,
        issuer: e.issuer.clone(),
        date,
        reply_slip: None,
        parts,
        fallback_title: "活动通知",
        qr_lines: 4,
        signature_gap: 1,
    })
}

fn case_doc(c: &CaseNotice, reply: bool) -> Result<Doc, NoticeError> {
    required("受理编号", &c.case_number)?;
    required("诉求标题", &c.title)?;
    required("受理时间", &c.received_at)?;
    required("发文机关", &c.issuer)?;
    if reply {
        required("办理结果", &c.resolution)?;
    }
    let date = chinese_date("成文日期", &c.date)?;
    let received = chinese_time("受理时间", &c.received_at)?;
    let expected = match NaiveDate::parse_from_str(c.expected_response.trim(), "%Y-%m-%d") {
        Ok(_) => format!("{}前", chinese_date("答复期限", &c.expected_response)?),
        Err(_) => c.expected_response.trim().to_owned(),
    };
    let salutation =
        if c.resident_name.trim().is_empty() { "居民朋友".to_owned() } else { c.resident_name.clone() };
    let values = values_map(vec![
        ("诉求编号", c.case_number.clone()),
        ("受理时间", received),
        ("受理渠道", if c.channel.trim().is_empty() { "来访".to_owned() } else { c.channel.clone() }),
        ("诉求标题", c.title.clone()),
        ("诉求内容", c.description.clone()),
        ("居民称呼", salutation),
        ("地址", c.address.clone()),
        ("答复期限", if expected.is_empty() { "5个工作日内".to_owned() } else { expected }),
        (
            "查询方式",
            if c.follow_up.trim().is_empty() {
                "您可拨打本站电话或到站查询办理进度。".to_owned()
            } else {
                c.follow_up.clone()
            },
        ),
        ("办理结果", c.resolution.clone()),
        ("联系人", c.contact_person.clone()),
        ("联系电话", c.contact_phone.clone()),
        ("发文机关", c.issuer.clone()),
        ("成文日期", date.clone()),
    ]);
    let default = if reply { REPLY_TEMPLATE } else { RECEIPT_TEMPLATE };
    let text = c.template.as_deref().unwrap_or(default);
    let blocks = template::fill(text, &CASE_NAMES, &values)?;
    let parts = blocks_to_parts(blocks, &mut |_| None);
    Ok(Doc {
        title_size: 22.0,
        numbered_headings: !reply,
        issuer: c.issuer.clone(),
        date,
        reply_slip: None,
        parts,
        fallback_title: if reply { "答复函" } else { "受理回执" },
        qr_lines: 5,
        signature_gap: 2,
    })
}

/// Lay a notice out: pages of placed characters and rectangles, plus warnings.
pub(crate) fn compose(fonts: &FontSet, notice: &Notice) -> Result<Layout, NoticeError> {
    fonts.ready()?;
    let doc = match notice {
        Notice::Meeting(m) => meeting_doc(m)?,
        Notice::Event(e) => event_doc(e)?,
        Notice::Receipt(c) => case_doc(c, false)?,
        Notice::Reply(c) => case_doc(c, true)?,
    };
    let mut title = String::new();
    let mut c = Composer::new(fonts);
    let mut heading_no = 0;
    for part in &doc.parts {
        match part {
            Part::Title(t) => {
                if title.is_empty() {
                    title = t.clone();
                }
                c.title(t, doc.title_size);
                c.blank(1);
            }
            Part::Addressee(t) => c.paragraph(t, Para::FLUSH, "主送"),
            Part::Heading(t) => {
                let text = if doc.numbered_headings {
                    heading_no += 1;
                    let n = CHINESE_NUMERALS.get(heading_no - 1).copied().unwrap_or("二十");
                    format!("{n}、{t}")
                } else {
                    t.clone()
                };
                c.keep_lines(2);
                c.paragraph(&text, Para::HEADING, "小标题");
            }
            Part::Paragraph(t, field) => c.paragraph(t, Para::BODY, field),
            Part::Labelled(t) => c.labelled(t),
            Part::Numbered(items, field) => {
                for (i, it) in items.iter().filter(|s| !s.trim().is_empty()).enumerate() {
                    c.paragraph(&format!("{}．{}", i + 1, it.trim()), Para::BODY, field);
                }
            }
            Part::Table(rows) => {
                let rows: Vec<Vec<String>> = rows
                    .iter()
                    .enumerate()
                    .map(|(i, a)| {
                        vec![(i + 1).to_string(), a.name.clone(), a.unit.clone(), a.role.clone(), a.phone.clone()]
                    })
                    .collect();
                c.table(
                    &["序号", "姓名", "单位或楼栋", "身份", "联系电话"],
                    &[1.0, 2.0, 3.0, 2.0, 3.0],
                    &rows,
                    "参会人员",
                );
            }
            Part::Qr(text, caption) => {
                let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
                    .map_err(|_| NoticeError::QrTooLong(text.len()))?;
                c.keep_lines(doc.qr_lines + 1);
                c.qr(&code, doc.qr_lines);
                let p = Para { align: crate::text::Align::Center, indent: 0.0, ..Para::BODY };
                c.paragraph(caption, p, "二维码说明");
            }
        }
    }
    let note = doc.reply_slip.as_ref().map(|_| "附件：会议回执");
    c.signature(note, &doc.issuer, &doc.date, doc.signature_gap);
    if let Some(slip) = &doc.reply_slip {
        c.new_page();
        c.paragraph("附件", Para { indent: 0.0, ..Para::HEADING }, "附件");
        c.blank(1);
        c.title("会议回执", 22.0);
        c.blank(1);
        let blank: Vec<Vec<String>> = (0..6).map(|_| vec![String::new(); 4]).collect();
        c.table(&["姓名", "楼栋单元或单位", "联系电话", "是否参加"], &[2.0, 3.0, 3.0, 2.0], &blank, "回执");
        c.blank(1);
        let mut note = String::from("请于");
        note.push_str(if slip.deadline.trim().is_empty() { "会议前" } else { slip.deadline.trim() });
        note.push_str("前将回执交回");
        note.push_str(if slip.return_to.trim().is_empty() { "社区服务站" } else { slip.return_to.trim() });
        note.push('。');
        c.paragraph(&note.replace("会议前前", "会议前"), Para::BODY, "回执");
    }
    let (pages, warnings) = c.finish();
    if title.is_empty() {
        title = doc.fallback_title.to_owned();
    }
    Ok(Layout { title, pages, warnings })
}

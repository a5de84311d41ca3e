//! Cases (诉求): a resident's request, complaint, suggestion or question, from intake on.
//!
//! This module holds the rules that need no database: the channels and statuses, what a
//! valid intake looks like, case numbers, masking. `store::cases` persists them, and the
//! functions at the bottom are the services the window and the CLI both call.

use chrono::{DateTime, Duration, NaiveDate, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use stationdesk_model::roles::{Action, Role, sees_households};

use crate::attachments::Attachment;
use crate::deadlines::{DueState, Urgency};
use crate::error::{CoreError, FieldError, Result};
use crate::parties::CaseParty;
use crate::store::{Actor, AuditEntry, Store};
use crate::workflow::{FollowUp, Survey, TransitionRequest};
use stationdesk_model::input::{clean_line, clean_optional, excerpt, instant_in_range};

pub use stationdesk_model::cases::{CaseStatus, Channel};
/// China Standard Time: no daylight saving, so a fixed offset is exact.
pub use stationdesk_model::china::CHINA_OFFSET;

/// Structured address: a flat (小区/楼栋/单元/户) or a public place such as 南门广场.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct Address {
    /// 小区, e.g. 润都荣园.
    pub compound: Option<String>,
    /// 楼栋, stored without the 栋 suffix: "1".
    pub building: Option<String>,
    /// 单元, stored without the 单元 suffix: "2".
    pub entrance: Option<String>,
    /// 户 (room), stored without 室: "301".
    pub room: Option<String>,
    /// A public place instead of (or beside) a flat: 南门广场, 地下车库.
    pub place: Option<String>,
}

impl Address {
    /// The address without the household (楼栋/单元/房号): the 小区 and the public place.
    pub fn without_household(&self) -> Address {
        Address { compound: self.compound.clone(), place: self.place.clone(), ..Address::default() }
    }

    /// How the address reads on screen and in print: `润都荣园1栋2单元301室 南门广场`.
    pub fn display(&self) -> String {
        let mut out = String::new();
        if let Some(c) = &self.compound {
            out.push_str(c);
        }
        if let Some(b) = &self.building {
            out.push_str(b);
            out.push('栋');
        }
        if let Some(e) = &self.entrance {
            out.push_str(e);
            out.push_str("单元");
        }
        if let Some(r) = &self.room {
            out.push_str(r);
            out.push('室');
        }
        if let Some(p) = &self.place {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(p);
        }
        out
    }
}

/// What the intake form (or `case add`) submits.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NewCase {
    pub channel: Channel,
    #[serde(default)]
    pub resident_name: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub address: Address,
    #[serde(default)]
    pub category_id: Option<i64>,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Defaults to now; a box note may be logged a day after it was dropped in.
    #[serde(default)]
    pub received_at: Option<DateTime<Utc>>,
    /// With the category, decides the time limits. Defaults to 一般.
    #[serde(default)]
    pub urgency: Urgency,
    /// 承办人: a staff member of the station.
    #[serde(default)]
    pub assignee_id: Option<i64>,
    /// The intake form's own key for this save (made when the form opened, 8–64 letters,
    /// digits or `-`): a save sent again after its answer was lost returns the case the
    /// first one made instead of a second case.
    #[serde(default)]
    pub request_key: Option<String>,
    /// 重复件: the number of an earlier case of the station this one repeats, picked from
    /// the similar cases while typing. The case is saved and linked in one transaction:
    /// a link refused saves nothing.
    #[serde(default)]
    pub duplicate_of: Option<String>,
}

/// A case as the detail view shows it: every field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Case {
    pub id: i64,
    /// `RA-2025-0007`: station code, year received, serial within that station and year.
    pub number: String,
    pub station_code: String,
    pub channel: Channel,
    pub status: CaseStatus,
    pub resident_name: Option<String>,
    /// Masked (`138****1234`) in what the window and the CLI are sent (`with_phone_masked`);
    /// the full number only through `audit_log::reveal_phone`, which is logged.
    pub phone: Option<String>,
    pub address: Address,
    pub category_id: Option<i64>,
    pub category_name: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub received_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
    pub urgency: Urgency,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    /// First contact with the resident is due by then (the respond clock).
    pub respond_due_at: Option<DateTime<Utc>>,
    /// 办结 is due by then (the resolve clock).
    pub resolve_due_at: Option<DateTime<Utc>>,
    pub responded_at: Option<DateTime<Utc>>,
    /// The last time the case reached 办结; cleared when it is reopened.
    pub resolved_at: Option<DateTime<Utc>>,
    /// What was done (办理结果), given at 办结.
    pub resolution: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub hold_reason: Option<String>,
    /// A China date: when to take the case up again.
    pub hold_until: Option<NaiveDate>,
    /// The status a case on hold returns to.
    pub status_before_hold: Option<CaseStatus>,
    pub referred_to: Option<String>,
    /// The case this one repeats (status 重复).
    pub duplicate_of: Option<CaseLink>,
    pub reopen_count: i64,
    pub due_state: DueState,
}

/// Another case, by number and title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CaseLink {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub status: CaseStatus,
}

/// The detail view: the case, everything attached to it, and its history, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CaseDetail {
    pub case: Case,
    /// The statuses the case may move to now (回访 is recorded with its own form).
    pub next: Vec<CaseStatus>,
    /// The same steps with their buttons' words and the fields their forms ask for.
    pub steps: Vec<crate::workflow::NextStep>,
    /// Contacts with the resident and surveys can still be recorded.
    pub in_hand: bool,
    /// Whether the 答复函 can be printed yet.
    pub reply_letter: crate::workflow::ReplyLetter,
    /// The address as it reads on screen and in print.
    pub address_text: String,
    /// Whether the 回访 form applies now (the case is 办结).
    pub can_follow_up: bool,
    /// No phone to call back: an anonymous note may be closed without a call-back.
    pub anonymous: bool,
    pub parties: Vec<CaseParty>,
    pub surveys: Vec<Survey>,
    pub follow_ups: Vec<FollowUp>,
    pub attachments: Vec<Attachment>,
    /// Cases marked as repeats of this one: each is one more resident reporting it.
    pub duplicates: Vec<CaseLink>,
    pub history: Vec<AuditEntry>,
    /// The history with the repeats' steps merged in, in time order (`timeline::merged`).
    pub timeline: Vec<crate::timeline::TimelineEntry>,
    /// Beside the resolve deadline when it was counted in working days into a year whose
    /// holiday calendar is missing: `截止时间按周末推算：2027年节假日安排尚未导入`.
    pub due_note: Option<String>,
}

impl Case {
    /// The case as the window and `case show` get it: the phone masked (`138****1234`).
    /// The full number is only given by `audit_log::reveal_phone`, which records who asked.
    #[must_use]
    pub fn with_phone_masked(mut self) -> Self {
        self.phone = self.phone.as_deref().map(mask_phone);
        self
    }

    /// The case as `role` may read it: 楼栋/单元/房号 left out for a role that does not see
    /// households (`roles::sees_households`). The phone is masked apart from this, for every
    /// role ([`Self::with_phone_masked`]).
    #[must_use]
    pub fn for_reader(mut self, role: Role) -> Self {
        if !sees_households(role) {
            self.address = self.address.without_household();
        }
        self
    }
}

impl CaseDetail {
    /// The detail as `role` may read it (see [`Case::for_reader`]).
    #[must_use]
    pub fn for_reader(mut self, role: Role) -> Self {
        self.case = self.case.for_reader(role);
        self
    }
}

impl CaseRow {
    /// The row as `role` may read it: the address without 楼栋/单元/房号 for a role that does
    /// not see households.
    #[must_use]
    pub fn for_reader(mut self, role: Role) -> Self {
        if !sees_households(role) {
            self.address = std::mem::take(&mut self.public_address);
        }
        self
    }
}

impl<T> Page<T> {
    /// The same page with each item changed by `f`.
    pub fn map_items<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            total_capped: self.total_capped,
            page: self.page,
            page_size: self.page_size,
        }
    }
}

/// A register row: what the list needs, with the phone masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CaseRow {
    pub id: i64,
    pub number: String,
    pub channel: Channel,
    pub status: CaseStatus,
    pub category_name: Option<String>,
    pub title: String,
    pub resident_name: Option<String>,
    /// `138****1234`; the full number is only in the detail view.
    pub phone_masked: Option<String>,
    pub address: String,
    /// The address without 楼栋/单元/房号, given instead to a role that does not see
    /// households ([`CaseRow::for_reader`]); never sent itself.
    #[serde(skip)]
    pub public_address: String,
    pub received_at: DateTime<Utc>,
    pub urgency: Urgency,
    pub assignee_name: Option<String>,
    pub resolve_due_at: Option<DateTime<Utc>>,
    pub due_state: DueState,
}

/// How a case stands against its clocks: the model's rule.
pub use stationdesk_model::deadlines::due_state;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum CaseSort {
    #[default]
    #[serde(rename = "received_desc")]
    ReceivedDesc,
    #[serde(rename = "received_asc")]
    ReceivedAsc,
}

/// The register's filters, search text and page.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct CaseQuery {
    pub status: Option<CaseStatus>,
    pub category_id: Option<i64>,
    pub channel: Option<Channel>,
    /// Chinese words of any length, digits, Latin; all words must occur.
    pub text: Option<String>,
    /// 1-based.
    pub page: u32,
    pub page_size: u32,
    pub sort: CaseSort,
}

impl CaseQuery {
    pub const MAX_PAGE_SIZE: u32 = 200;

    pub(crate) fn page_size(&self) -> u32 {
        match self.page_size {
            0 => 20,
            n => n.min(Self::MAX_PAGE_SIZE),
        }
    }

    pub(crate) fn offset(&self) -> u32 {
        self.page.max(1).saturating_sub(1).saturating_mul(self.page_size())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u32,
    /// The search matched more than [`SEARCH_COUNT_CAP`] cases and `total` stops there
    /// ("10000+"): counting every hit of a common character costs more than it tells.
    pub total_capped: bool,
    pub page: u32,
    pub page_size: u32,
}

/// Search totals are counted exactly up to this many hits.
pub const SEARCH_COUNT_CAP: u32 = 10_000;

pub const MAX_TITLE_CHARS: usize = 100;
pub const MAX_DESCRIPTION_CHARS: usize = 5000;
pub const MAX_NAME_CHARS: usize = 30;
pub const MAX_ADDRESS_PART_CHARS: usize = 30;

/// A `NewCase` that passed validation: trimmed, normalised, ready to store.
#[derive(Debug, Clone)]
pub(crate) struct ValidCase {
    pub channel: Channel,
    pub resident_name: Option<String>,
    pub phone: Option<String>,
    pub address: Address,
    pub category_id: Option<i64>,
    pub title: String,
    pub description: Option<String>,
    pub received_at: DateTime<Utc>,
    pub urgency: Urgency,
    pub assignee_id: Option<i64>,
}

/// Checks every field and reports all problems at once, each next to its field.
/// The category's existence is checked by the store inside the same transaction.
pub(crate) fn validate(input: NewCase, now: DateTime<Utc>) -> Result<ValidCase> {
    let mut errors = Vec::new();

    let title = clean_line(&input.title);
    if title.is_empty() {
        errors.push(FieldError::new("title", "请填写标题：用一句话概括居民反映的问题"));
    } else if title.chars().count() > MAX_TITLE_CHARS {
        errors.push(FieldError::new(
            "title",
            format!(
                "标题过长（{} 字），请压缩到 {MAX_TITLE_CHARS} 字以内，详细情况写在“问题描述”里",
                title.chars().count()
            ),
        ));
    }

    let description = clean_optional(input.description.as_deref());
    if let Some(d) = &description {
        let n = d.chars().count();
        if n > MAX_DESCRIPTION_CHARS {
            errors.push(FieldError::new(
                "description",
                format!("问题描述过长（{n} 字），最多 {MAX_DESCRIPTION_CHARS} 字；材料较多时请作为附件保存"),
            ));
        }
    }

    let resident_name = clean(input.resident_name);
    if resident_name.as_ref().is_some_and(|n| n.chars().count() > MAX_NAME_CHARS) {
        errors.push(FieldError::new("residentName", format!("居民姓名过长，最多 {MAX_NAME_CHARS} 字")));
    }

    let phone = optional_phone(input.phone.as_deref(), "phone", "电话号码", &mut errors);

    let address = Address {
        compound: address_part(input.address.compound, &[], "compound", "小区", &mut errors),
        building: address_part(input.address.building, &["号楼", "栋", "幢"], "building", "楼栋", &mut errors),
        entrance: address_part(input.address.entrance, &["单元"], "entrance", "单元", &mut errors),
        room: address_part(input.address.room, &["室", "户"], "room", "户号", &mut errors),
        place: address_part(input.address.place, &[], "place", "地点", &mut errors),
    };

    let received_at = input.received_at.unwrap_or(now).trunc_subsecs(0);
    if received_at > now + Duration::minutes(5) {
        errors.push(FieldError::new("receivedAt", "受理时间不能晚于现在，请检查日期和时间"));
    } else if let Err(e) = instant_in_range("receivedAt", "受理时间", received_at) {
        errors.push(e);
    }

    if errors.is_empty() {
        Ok(ValidCase {
            channel: input.channel,
            resident_name,
            phone,
            address,
            category_id: input.category_id,
            title,
            description,
            received_at,
            urgency: input.urgency,
            assignee_id: input.assignee_id,
        })
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// One line of text without control or invisible characters; empty means "not given".
fn clean(value: Option<String>) -> Option<String> {
    value.map(|v| clean_line(&v)).filter(|v| !v.is_empty())
}

fn address_part(
    value: Option<String>,
    suffixes: &[&str],
    field: &str,
    label: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let mut v = clean(value)?;
    for s in suffixes {
        if let Some(stripped) = v.strip_suffix(s) {
            v = stripped.trim_end().to_owned();
            break;
        }
    }
    if v.chars().count() > MAX_ADDRESS_PART_CHARS {
        errors.push(FieldError::new(
            &format!("address.{field}"),
            format!("{label}过长，最多 {MAX_ADDRESS_PART_CHARS} 字"),
        ));
    }
    Some(v).filter(|v| !v.is_empty())
}

/// Phone numbers are checked, tidied and masked by the model's one leaf module.
pub use stationdesk_model::phone::{PHONE_FORMAT_HINT, mask_phone, normalize_phone, optional_phone};

/// The longest case number an input may name (`RA-2025-0007` is 12 characters).
const MAX_CASE_NUMBER_CHARS: usize = 32;

/// `RA-2025-0007`.
pub fn format_case_number(station_code: &str, year: i32, serial: i64) -> String {
    format!("{station_code}-{year}-{serial:04}")
}

// ---- services: the window and the CLI call these ----

/// Logs a new case at status 受理 and returns it with its number; with `duplicate_of`,
/// marks it 重复 of that case in the same transaction (the workflow's own step).
pub async fn create(store: &Store, actor: &Actor, mut input: NewCase) -> Result<Case> {
    actor.require(Action::CasesWrite)?;
    let key = input.request_key.as_deref().map(check_request_key).transpose()?;
    let duplicate_of = input.duplicate_of.take().map(|n| clean_line(&n)).filter(|n| !n.is_empty());
    if let Some(n) = &duplicate_of
        && n.chars().count() > MAX_CASE_NUMBER_CHARS
    {
        let msg = format!("重复件的编号 {} 过长，请检查编号（形如 RA-2025-0007）", excerpt(n));
        return Err(CoreError::invalid("duplicateOf", msg));
    }
    let valid = validate(input, store.now())?;
    let mut w = store.begin_write(actor).await?;
    // Looked up under the station's write lock: two sends of one form cannot both miss.
    if let Some(key) = &key
        && let Some(id) = w.case_for_request(key).await?
    {
        return w.case_for_update(id).await;
    }
    let mut case = w.insert_case(&valid).await?;
    if let Some(number) = duplicate_of {
        let note = format!("登记时发现与 {number} 为同一问题");
        let req = TransitionRequest {
            duplicate_of: Some(number),
            ..TransitionRequest::to(CaseStatus::Duplicate).with_note(&note)
        };
        // Refused (no such case at this station, or itself a repeat): nothing is saved.
        case = crate::workflow::apply_in(&mut w, case.id, &req).await?;
    }
    if let Some(key) = &key {
        w.remember_request(key, case.id).await?;
    }
    w.commit().await?;
    Ok(case)
}

/// A form's request key as [`NewCase::request_key`] describes it.
fn check_request_key(key: &str) -> Result<String> {
    let ok = (8..=64).contains(&key.len()) && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok {
        Ok(key.to_owned())
    } else {
        Err(CoreError::invalid("requestKey", "登记表单的标识无效：请关闭登记页重新打开后再保存"))
    }
}

pub async fn get(store: &Store, station_id: i64, id: i64) -> Result<Case> {
    store.case_by_id(station_id, id).await?.ok_or_else(|| CoreError::NotFound(format!("找不到编号为 {id} 的诉求")))
}

pub async fn get_by_number(store: &Store, station_id: i64, number: &str) -> Result<Case> {
    store
        .case_by_number(station_id, number.trim())
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("找不到诉求 {}，请检查编号（形如 RA-2025-0007）", excerpt(number))))
}

/// Every field of a case with everything attached to it and its history, for the
/// detail view and `case show`.
pub async fn detail(store: &Store, station_id: i64, id: i64) -> Result<CaseDetail> {
    let case = get(store, station_id, id).await?;
    let history = store.audit_history(station_id, "case", case.id).await?;
    let parties = store.case_parties(case.id).await?;
    let surveys = store.case_surveys(case.id).await?;
    let follow_ups = store.case_follow_ups(case.id).await?;
    let attachments = store.case_attachments(case.id).await?;
    let duplicates = store.case_duplicates(case.id).await?;
    let timeline = crate::timeline::merged(store, station_id, case.id).await?;
    let due_note = crate::holidays::due_note(store, station_id, &case).await?;
    Ok(CaseDetail {
        due_note,
        next: crate::workflow::allowed_next(case.status).to_vec(),
        steps: crate::workflow::next_steps(case.status),
        in_hand: crate::workflow::in_hand(case.status),
        reply_letter: crate::workflow::reply_letter(case.status, case.resolution.as_deref()),
        address_text: case.address.display(),
        can_follow_up: case.status == CaseStatus::Resolved,
        anonymous: stationdesk_model::workflow::anonymous(case.phone.as_deref()),
        case: case.with_phone_masked(),
        parties,
        surveys,
        follow_ups,
        attachments,
        duplicates,
        history,
        timeline,
    })
}

/// The register: filtered, searched, sorted by received time, one page.
pub async fn list(store: &Store, station_id: i64, query: &CaseQuery) -> Result<Page<CaseRow>> {
    check_page_size(query.page_size)?;
    match &query.text {
        Some(text) => {
            let query = CaseQuery { text: crate::search::check_query(text)?, ..query.clone() };
            store.list_cases(station_id, &query).await
        }
        None => store.list_cases(station_id, query).await,
    }
}

/// A page larger than [`CaseQuery::MAX_PAGE_SIZE`] is refused, not silently cut short
/// (`case list --page-size 5000` printed 200 rows under the heading of 5000).
fn check_page_size(page_size: u32) -> Result<()> {
    if page_size > CaseQuery::MAX_PAGE_SIZE {
        return Err(CoreError::invalid(
            "pageSize",
            format!("每页最多 {} 条（要了 {page_size} 条）：请减小每页条数，翻页查看其余的", CaseQuery::MAX_PAGE_SIZE),
        ));
    }
    Ok(())
}

/// The cases that need a worker's attention: overdue, due within a day, or 办结 and
/// waiting for the call-back; most pressing first.
pub async fn attention(store: &Store, station_id: i64, page: u32, page_size: u32) -> Result<Page<CaseRow>> {
    check_page_size(page_size)?;
    let q = CaseQuery { page, page_size, ..CaseQuery::default() };
    store.attention_cases(station_id, q.page_size(), q.offset(), store.now()).await
}

/// A case being typed, to look for earlier reports of the same problem (its title's and
/// description's word pairs, and its place).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct SimilarQuery {
    pub title: String,
    pub description: Option<String>,
    pub address: Address,
}

/// A likely duplicate: open, or closed within [`SIMILAR_CLOSED_DAYS`] days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SimilarCase {
    pub case: CaseRow,
    /// 0–1: shared word pairs of the titles and descriptions, more for the same 楼栋 or
    /// place, less at another 小区 (`stationdesk_model::similar::likeness`).
    pub score: f64,
    pub same_place: bool,
}

pub const SIMILAR_CLOSED_DAYS: i64 = 30;

/// Likely duplicates of a case being typed: open or recently closed, best first (at most
/// 5). Candidates share a word pair of the title or description, or stand at the same
/// 小区 and 楼栋 (or place); the model scores them (`stationdesk_model::similar`).
pub async fn similar(store: &Store, station_id: i64, q: &SimilarQuery) -> Result<Vec<SimilarCase>> {
    use stationdesk_model::similar::{PlaceMatch, Report, SHOW_FROM, likeness};
    // Only what a title and a description may hold is compared, and at most 60 word pairs
    // are searched: a pasted page must not become a query of thousands of pairs.
    let title: String = q.title.chars().take(MAX_TITLE_CHARS).collect();
    let description: String = q.description.as_deref().unwrap_or("").chars().take(MAX_DESCRIPTION_CHARS).collect();
    let report = |title: &str, description: &str, a: &Address| Report {
        title: crate::search::pairs(title).into_iter().collect(),
        text: crate::search::pairs(&format!("{title}\n{description}")).into_iter().collect(),
        compound: a.compound.clone(),
        building: a.building.clone(),
        place: a.place.clone(),
    };
    let mine = report(&title, &description, &q.address);
    if mine.text.is_empty() {
        return Ok(Vec::new());
    }
    let since = store.now() - Duration::days(SIMILAR_CLOSED_DAYS);
    let mut searched: Vec<String> = mine.title.iter().cloned().collect();
    searched.extend(mine.text.iter().filter(|p| !mine.title.contains(*p)).cloned());
    searched.truncate(60);
    let mut candidates: Vec<CaseRow> =
        store.similar_candidates(station_id, &searched, since).await?.into_iter().map(|(row, _)| row).collect();
    for row in store.similar_at_address(station_id, &q.address, since).await? {
        if !candidates.iter().any(|c| c.id == row.id) {
            candidates.push(row);
        }
    }
    let ids: Vec<i64> = candidates.iter().map(|c| c.id).collect();
    let texts = store.similar_texts(station_id, &ids).await?;
    let mut out: Vec<SimilarCase> = candidates
        .into_iter()
        .filter_map(|row| {
            let (description, compound, building, place) = texts.get(&row.id)?.clone();
            let address = Address { compound, building, place, ..Address::default() };
            let theirs = report(&row.title, description.as_deref().unwrap_or(""), &address);
            let l = likeness(&mine, &theirs);
            Some(SimilarCase { case: row, score: l.score, same_place: l.place == PlaceMatch::Same })
        })
        .filter(|s| s.score >= SHOW_FROM)
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    out.truncate(5);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(title: &str) -> NewCase {
        NewCase {
            channel: Channel::SuggestionBox,
            resident_name: None,
            phone: None,
            address: Address::default(),
            category_id: None,
            title: title.to_owned(),
            description: None,
            received_at: None,
            urgency: Urgency::Normal,
            assignee_id: None,
            request_key: None,
            duplicate_of: None,
        }
    }

    #[test]
    fn phones_are_normalised_or_refused() {
        assert_eq!(normalize_phone("138 1234 1234").as_deref(), Some("13812341234"));
        assert_eq!(normalize_phone("0311-86012345").as_deref(), Some("0311-86012345"));
        assert_eq!(normalize_phone("01062345678").as_deref(), Some("010-62345678"));
        assert_eq!(normalize_phone("12812341234"), None);
        assert_eq!(normalize_phone("1381234123"), None);
        assert_eq!(normalize_phone("138abc41234"), None);
    }

    #[test]
    fn phones_are_masked_in_lists() {
        assert_eq!(mask_phone("13812341234"), "138****1234");
        assert_eq!(mask_phone("0311-86012345"), "0311-****2345");
    }

    #[test]
    fn every_bad_field_is_reported_with_its_name() {
        let mut bad = input("   ");
        bad.phone = Some("12345".into());
        bad.description = Some("字".repeat(100_000));
        let Err(CoreError::Invalid(errors)) = validate(bad, Utc::now()) else { panic!("bad input was accepted") };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "description", "phone"]);
        assert!(errors[1].message.contains("100000 字"), "{}", errors[1].message);
    }

    #[test]
    fn future_received_time_is_refused() {
        let mut bad = input("楼道灯不亮");
        bad.received_at = Some(Utc::now() + Duration::days(1));
        let err = validate(bad, Utc::now()).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("不能晚于现在"), "{err}");
    }

    #[test]
    fn address_suffixes_are_stripped_and_restored() {
        let mut ok = input("单元门禁坏了");
        ok.address = Address {
            compound: Some("润都荣园".into()),
            building: Some("1号楼".into()),
            entrance: Some("2单元".into()),
            room: Some("301".into()),
            place: None,
        };
        let Ok(valid) = validate(ok, Utc::now()) else { panic!("valid input refused") };
        assert_eq!(valid.address.building.as_deref(), Some("1"));
        assert_eq!(valid.address.display(), "润都荣园1栋2单元301室");
    }

    #[test]
    fn channels_parse_from_label_or_code() {
        assert_eq!(Channel::parse("意见箱"), Some(Channel::SuggestionBox));
        assert_eq!(Channel::parse("hotline_12345"), Some(Channel::Hotline12345));
        assert_eq!(Channel::parse("传真"), None);
        assert_eq!(format_case_number("RA", 2025, 7), "RA-2025-0007");
    }
}

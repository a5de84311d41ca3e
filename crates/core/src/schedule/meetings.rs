//! Meetings (恳谈会 / 议事会): title, purpose, time and place; invited organisations and
//! resident representatives from the parties directory, and staff; an agenda whose items
//! may link to cases. Afterwards: who came, the minutes, and decisions — a decision on a
//! case can move that case on in the same transaction, so it shows on the case's timeline.

use chrono::{DateTime, Duration, NaiveDate, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use stationdesk_model::roles::Action;

use super::calendar;
use super::{Conflict, MeetingKind, MeetingStatus, StaffRef, names, optional, required};
use crate::cases::{CaseStatus, optional_phone};
use crate::error::{CoreError, FieldError, Result};
use stationdesk_model::workflow::DECISION_STEPS;

use crate::store::{Actor, Store, WriteTx};
use crate::workflow::TransitionRequest;

pub const MAX_AGENDA_ITEMS: usize = 30;
pub const MAX_MINUTES_CHARS: usize = 20_000;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AgendaItemInput {
    pub title: String,
    /// A case this item is about.
    #[serde(default)]
    pub case_id: Option<i64>,
    #[serde(default)]
    pub note: Option<String>,
}

/// What the meeting form (or `meeting add`) submits; for an edit, the whole form again.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MeetingInput {
    pub kind: MeetingKind,
    /// 关于南区地下车库楼梯改造的恳谈会.
    pub title: String,
    #[serde(default)]
    pub purpose: Option<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub place: String,
    #[serde(default)]
    pub contact_person: Option<String>,
    #[serde(default)]
    pub contact_phone: Option<String>,
    /// Invited organisations and resident representatives (rows of the parties directory).
    #[serde(default)]
    pub party_ids: Vec<i64>,
    /// Invited staff.
    #[serde(default)]
    pub staff_ids: Vec<i64>,
    #[serde(default)]
    pub agenda: Vec<AgendaItemInput>,
}

/// An invited organisation or resident representative, and whether they came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MeetingParty {
    pub party_id: i64,
    /// The parties directory's kind code: `property`, `developer`, `resident_rep`, …
    pub party_kind: String,
    pub name: String,
    pub contact_person: Option<String>,
    pub attended: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MeetingStaff {
    pub staff: StaffRef,
    pub attended: Option<bool>,
}

/// A case as an agenda item or decision shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LinkedCase {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub status: CaseStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AgendaItem {
    pub id: i64,
    pub position: u32,
    pub title: String,
    pub case: Option<LinkedCase>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub id: i64,
    pub position: u32,
    pub text: String,
    pub case: Option<LinkedCase>,
    /// The status the meeting decided to move the case to.
    pub case_to_status: Option<CaseStatus>,
    /// Whether the case was moved when the decision was recorded.
    pub case_moved: bool,
}

/// A meeting with everything its page and its printed notice need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Meeting {
    pub id: i64,
    pub kind: MeetingKind,
    pub title: String,
    pub purpose: Option<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub place: String,
    pub contact_person: Option<String>,
    pub contact_phone: Option<String>,
    pub status: MeetingStatus,
    pub parties: Vec<MeetingParty>,
    pub staff: Vec<MeetingStaff>,
    pub agenda: Vec<AgendaItem>,
    pub minutes: Option<String>,
    /// People who came without an invitation.
    pub other_attendees: Vec<String>,
    pub decisions: Vec<Decision>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
}

/// A meeting and double-booking warnings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MeetingSaved {
    pub meeting: Meeting,
    pub conflicts: Vec<Conflict>,
}

/// A row of the meetings list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MeetingRow {
    pub id: i64,
    pub kind: MeetingKind,
    pub title: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub place: String,
    pub status: MeetingStatus,
    pub invited: u32,
    pub agenda_items: u32,
    pub decisions: u32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct MeetingQuery {
    /// China dates, both included.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub status: Option<MeetingStatus>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DecisionInput {
    pub text: String,
    /// The case decided on; defaults to the agenda item's case.
    #[serde(default)]
    pub case_id: Option<i64>,
    #[serde(default)]
    pub agenda_item_id: Option<i64>,
    /// Move the case on, e.g. to 处理中 with the agreed plan.
    #[serde(default)]
    pub move_case_to: Option<CaseStatus>,
    /// The note on the case's timeline; defaults to the meeting and the decision.
    #[serde(default)]
    pub case_note: Option<String>,
}

/// After the meeting: who came, minutes, decisions. Decisions already recorded stay;
/// these are added.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct MeetingOutcome {
    pub attended_party_ids: Vec<i64>,
    pub attended_staff_ids: Vec<i64>,
    pub other_attendees: Vec<String>,
    pub minutes: Option<String>,
    pub decisions: Vec<DecisionInput>,
}

#[derive(Debug, Clone)]
pub(crate) struct ValidMeeting {
    pub kind: MeetingKind,
    pub title: String,
    pub purpose: Option<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub place: String,
    pub contact_person: Option<String>,
    pub contact_phone: Option<String>,
    pub party_ids: Vec<i64>,
    pub staff_ids: Vec<i64>,
    pub agenda: Vec<(String, Option<i64>, Option<String>)>,
}

#[derive(Debug, Clone)]
pub(crate) struct ValidDecision {
    pub text: String,
    pub case_id: Option<i64>,
    pub move_case_to: Option<CaseStatus>,
    pub case_note: Option<String>,
}

fn dedup(ids: &[i64]) -> Vec<i64> {
    let mut v = ids.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

pub(crate) fn validate(input: &MeetingInput) -> Result<ValidMeeting> {
    let mut errors = Vec::new();
    let title = required(&input.title, "title", "会议名称", "（如：关于地下车库楼梯改造的恳谈会）", 60, &mut errors);
    let place = required(&input.place, "place", "会议地点", "", 50, &mut errors);
    let purpose = optional(&input.purpose, "purpose", "会议议题", 1000, &mut errors);
    let start = input.start.trunc_subsecs(0);
    let end = input.end.trunc_subsecs(0);
    if !super::check_times(start, end, &mut errors) {
        // Out of range: no arithmetic on them.
    } else if end <= start {
        errors.push(FieldError::new("end", "结束时间须晚于开始时间"));
    } else if end - start > Duration::hours(24) {
        errors.push(FieldError::new("end", "一次会议不能超过 24 小时"));
    }
    let contact_person = optional(&input.contact_person, "contactPerson", "联系人", 30, &mut errors);
    let contact_phone = optional_phone(input.contact_phone.as_deref(), "contactPhone", "联系电话", &mut errors);
    if input.agenda.len() > MAX_AGENDA_ITEMS {
        errors.push(FieldError::new("agenda", format!("议程最多 {MAX_AGENDA_ITEMS} 项")));
    }
    let mut agenda = Vec::new();
    for (i, item) in input.agenda.iter().enumerate() {
        let field = format!("agenda.{i}.title");
        let t = required(&item.title, &field, &format!("第 {} 项议程", i + 1), "", 100, &mut errors);
        let note = optional(&item.note, &format!("agenda.{i}.note"), "议程说明", 500, &mut errors);
        agenda.push((t, item.case_id, note));
    }
    if errors.is_empty() {
        Ok(ValidMeeting {
            kind: input.kind,
            title,
            purpose,
            start,
            end,
            place,
            contact_person,
            contact_phone,
            party_ids: dedup(&input.party_ids),
            staff_ids: dedup(&input.staff_ids),
            agenda,
        })
    } else {
        Err(CoreError::Invalid(errors))
    }
}

fn not_found(id: i64) -> CoreError {
    CoreError::NotFound(format!("找不到编号为 {id} 的会议，可能已被他人修改，请刷新"))
}

// ---- services ----

pub async fn create(store: &Store, actor: &Actor, input: &MeetingInput) -> Result<MeetingSaved> {
    actor.require(Action::Scheduling)?;
    let valid = validate(input)?;
    let mut w = store.begin_write(actor).await?;
    let id = w.insert_meeting(&valid).await?;
    w.commit().await?;
    saved(store, actor.station_id, id).await
}

/// Saves changes to a meeting not yet held: the whole form again.
pub async fn update(store: &Store, actor: &Actor, id: i64, input: &MeetingInput) -> Result<MeetingSaved> {
    actor.require(Action::Scheduling)?;
    let valid = validate(input)?;
    let before = get(store, actor.station_id, id).await?;
    if before.status == MeetingStatus::Cancelled {
        return Err(CoreError::Conflict("该会议已取消，不能再修改".to_owned()));
    }
    let mut w = store.begin_write(actor).await?;
    w.update_meeting(&before, &valid).await?;
    w.commit().await?;
    saved(store, actor.station_id, id).await
}

async fn saved(store: &Store, station_id: i64, id: i64) -> Result<MeetingSaved> {
    let meeting = get(store, station_id, id).await?;
    let item = calendar::meeting_item(
        &calendar::MeetingRow {
            id: meeting.id,
            kind: meeting.kind,
            title: meeting.title.clone(),
            start: meeting.start,
            end: meeting.end,
            place: meeting.place.clone(),
            status: meeting.status,
            staff_ids: meeting.staff.iter().map(|s| s.staff.id).collect(),
            parties: Vec::new(),
        },
        &meeting.staff.iter().map(|s| (s.staff.id, s.staff.name.clone())).collect(),
    );
    let conflicts = calendar::conflicts_for_item(store, station_id, &item).await?;
    Ok(MeetingSaved { meeting, conflicts })
}

pub async fn cancel(store: &Store, actor: &Actor, id: i64) -> Result<Meeting> {
    actor.require(Action::Scheduling)?;
    let before = get(store, actor.station_id, id).await?;
    if before.status == MeetingStatus::Held {
        return Err(CoreError::Conflict("会议已召开并记录了纪要，不能取消".to_owned()));
    }
    if before.status != MeetingStatus::Cancelled {
        let mut w = store.begin_write(actor).await?;
        w.set_meeting_status(&before, MeetingStatus::Cancelled).await?;
        w.commit().await?;
    }
    get(store, actor.station_id, id).await
}

pub async fn get(store: &Store, station_id: i64, id: i64) -> Result<Meeting> {
    store.meeting_by_id(station_id, id).await?.ok_or_else(|| not_found(id))
}

pub async fn list(store: &Store, station_id: i64, q: &MeetingQuery) -> Result<Vec<MeetingRow>> {
    super::check_dates(q.from, q.to)?;
    let from = q.from.map(super::china_midnight);
    let to = q.to.map(|d| super::china_midnight(d + Duration::days(1)));
    store.meetings(station_id, from, to, q.status).await
}

/// Records who came, the minutes and the decisions; a decision that moves a case does so
/// in the same transaction, so the meeting and the case's timeline never disagree.
pub async fn record_outcome(store: &Store, actor: &Actor, id: i64, input: &MeetingOutcome) -> Result<Meeting> {
    actor.require(Action::Scheduling)?;
    let before = get(store, actor.station_id, id).await?;
    let mut errors = Vec::new();
    if before.status == MeetingStatus::Cancelled {
        errors.push(FieldError::new("status", "该会议已取消，不能记录纪要"));
    } else if before.start > store.now() + Duration::minutes(30) {
        errors.push(FieldError::new("status", "会议尚未召开，开会后再记录参会情况、纪要和决定"));
    }
    let minutes = optional(&input.minutes, "minutes", "会议纪要", MAX_MINUTES_CHARS, &mut errors);
    let others = names(&input.other_attendees, "otherAttendees", "参会人", 30, &mut errors);
    let mut decisions = Vec::new();
    for (i, d) in input.decisions.iter().enumerate() {
        let text =
            required(&d.text, &format!("decisions.{i}.text"), &format!("第 {} 项决定", i + 1), "", 1000, &mut errors);
        let agenda_case = d
            .agenda_item_id
            .and_then(|a| before.agenda.iter().find(|x| x.id == a))
            .and_then(|x| x.case.as_ref().map(|c| c.id));
        if d.agenda_item_id.is_some() && !before.agenda.iter().any(|x| Some(x.id) == d.agenda_item_id) {
            errors.push(FieldError::new(&format!("decisions.{i}.agendaItemId"), "该议程不属于本次会议，请刷新"));
        }
        let case_id = d.case_id.or(agenda_case);
        if d.move_case_to.is_some() && case_id.is_none() {
            errors.push(FieldError::new(
                &format!("decisions.{i}.moveCaseTo"),
                format!("第 {} 项决定没有关联诉求，无法推进诉求状态", i + 1),
            ));
        }
        if let Some(to) = d.move_case_to.filter(|to| !DECISION_STEPS.contains(to)) {
            let allowed: Vec<&str> = DECISION_STEPS.iter().map(|s| s.label()).collect();
            errors.push(FieldError::new(
                &format!("decisions.{i}.moveCaseTo"),
                format!(
                    "会议决定不能把诉求改为“{}”（需在诉求详情中填写更多信息）；可改为：{}",
                    to.label(),
                    allowed.join("、")
                ),
            ));
        }
        let case_note = optional(&d.case_note, &format!("decisions.{i}.caseNote"), "诉求处理说明", 500, &mut errors);
        decisions.push(ValidDecision { text, case_id, move_case_to: d.move_case_to, case_note });
    }
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let mut w = store.begin_write(actor).await?;
    w.record_meeting_outcome(
        &before,
        &dedup(&input.attended_party_ids),
        &dedup(&input.attended_staff_ids),
        &others,
        minutes.as_deref(),
    )
    .await?;
    let first = u32::try_from(before.decisions.len()).unwrap_or(u32::MAX);
    for (i, d) in decisions.iter().enumerate() {
        let moved = match (d.case_id, d.move_case_to) {
            (Some(case_id), Some(to)) => move_case(&mut w, &before, case_id, to, d).await?,
            _ => false,
        };
        w.insert_decision(before.id, first + i as u32 + 1, d, moved).await?;
    }
    w.commit().await?;
    get(store, actor.station_id, id).await
}

/// Moves a case on as a meeting decided, inside the meeting's transaction, through the
/// case workflow (so its rules, clocks and timeline apply). A refused step refuses the
/// whole outcome: nothing is half saved.
async fn move_case(
    w: &mut WriteTx<'_>,
    meeting: &Meeting,
    case_id: i64,
    to: CaseStatus,
    d: &ValidDecision,
) -> Result<bool> {
    let req = TransitionRequest {
        to: Some(to),
        note: Some(decision_note(meeting, d)),
        resolution: (to == CaseStatus::Resolved).then(|| d.text.clone()),
        ..TransitionRequest::default()
    };
    crate::workflow::apply_in(w, case_id, &req).await?;
    Ok(true)
}

/// The note a moved case shows on its timeline.
pub(crate) fn decision_note(meeting: &Meeting, d: &ValidDecision) -> String {
    let note = d.case_note.clone().unwrap_or_else(|| {
        format!("{}（{}）决定：{}", meeting.title, super::china_date(meeting.start).format("%Y-%m-%d"), d.text)
    });
    note.chars().take(500).collect()
}

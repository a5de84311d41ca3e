//! The case workflow as rules: what each step needs, and what it changes.
//!
//! ```text
//! 受理 ─▶ 核查 ─▶ 处理中 ─▶ 办结 ─(回访)─▶ 已回访 ─▶ 关闭
//!   │       │        │        │  └(匿名, 无法回访)────────▶ 关闭
//!   │       │        │        └─▶ 处理中 (重新处理, counted)
//!   └───────┴────────┴─▶ 挂起 (reason, resume date) ─▶ back to where it was
//!   └───────┴────────┴─▶ 转办 (to whom) ─▶ 处理中 | 关闭
//!   └───────┴─▶ 重复 (of another case)
//! ```
//! The table is [`allowed_next`]; the steps a case offers, as the window shows them, are in
//! [`crate::steps`]. A service validates a request ([`validate`]), loads
//! what the step needs that only the store knows ([`Looked`]: a fresh deadline, the case
//! repeated), and [`apply`] says what the case becomes and what the audit row records; the
//! store persists that, nothing more.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::audit::FieldChange;
use crate::cases::CaseStatus;
pub use crate::cases::{allowed_next, is_reopen};
use crate::deadlines::Urgency;
use crate::error::{Checked, FieldError, Invalid};
use crate::labelled;

/// A status change and what it needs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct TransitionRequest {
    pub to: Option<CaseStatus>,
    /// Shown on the timeline; required when reopening.
    pub note: Option<String>,
    /// 办结: what was done.
    pub resolution: Option<String>,
    /// 挂起: why, and until when (a China date).
    pub hold_reason: Option<String>,
    pub hold_until: Option<NaiveDate>,
    /// 转办: the body the case goes to.
    pub referred_to: Option<String>,
    /// 重复: the number of the case this one repeats.
    pub duplicate_of: Option<String>,
}

impl TransitionRequest {
    pub fn to(status: CaseStatus) -> Self {
        Self { to: Some(status), ..Self::default() }
    }

    pub fn with_note(mut self, note: &str) -> Self {
        self.note = Some(note.to_owned());
        self
    }
}

pub(crate) const RESOLUTION_REQUIRED: &str = "办结请填写办理结果：做了什么、问题是否已解决";
pub(crate) const HOLD_REASON_REQUIRED: &str = "挂起请填写原因（例如：等待开发商施工方案）";
pub(crate) const HOLD_UNTIL_REQUIRED: &str = "挂起请填写预计恢复办理的日期";
pub(crate) const REFERRED_TO_REQUIRED: &str = "转办请填写接收单位（例如：区住建局、12345热线）";
pub(crate) const DUPLICATE_OF_REQUIRED: &str = "请填写与之重复的诉求编号（形如 RA-2025-0007）";
pub(crate) const REOPEN_NOTE_REQUIRED: &str = "重新处理请写明原因（例如：回访时居民表示问题仍未解决）";

pub const MAX_NOTE_CHARS: usize = 500;
pub const MAX_RESOLUTION_CHARS: usize = 2000;
pub const MAX_REFERRED_TO_CHARS: usize = 50;

/// A request checked against the table and the case: trimmed text, what the step needs.
#[derive(Debug, Clone)]
pub struct ValidTransition {
    pub from: CaseStatus,
    pub to: CaseStatus,
    pub note: Option<String>,
    pub resolution: Option<String>,
    pub hold_reason: Option<String>,
    pub hold_until: Option<NaiveDate>,
    pub referred_to: Option<String>,
    pub duplicate_of: Option<String>,
}

fn clean(value: &Option<String>) -> Option<String> {
    crate::input::clean_optional(value.as_deref())
}

fn names(statuses: &[CaseStatus]) -> String {
    statuses.iter().map(|s| s.label()).collect::<Vec<_>>().join("、")
}

/// The message for a refused step: names the allowed next statuses.
pub fn refusal(from: CaseStatus, to: CaseStatus) -> String {
    let next = allowed_next(from);
    let hint = match (from, to) {
        (CaseStatus::Resolved, CaseStatus::FollowedUp | CaseStatus::Closed) => {
            "；回访结果请用“回访登记”记录（匿名且无电话的意见箱来件可在回访登记中选择“无法回访，直接关闭”）"
        }
        _ => "",
    };
    if next.is_empty() {
        format!("诉求已是“{}”，不能再改为“{}”{hint}", from.label(), to.label())
    } else {
        format!("不能从“{}”改为“{}”。可改为：{}{hint}", from.label(), to.label(), names(next))
    }
}

/// Checks a step against the table and what the target status needs.
/// `number` is the case's own number (a case cannot repeat itself).
pub fn validate(from: CaseStatus, number: &str, req: &TransitionRequest, today: NaiveDate) -> Checked<ValidTransition> {
    let Some(to) = req.to else {
        return Err(Invalid::field("to", format!("请选择新的状态。可改为：{}", names(allowed_next(from)))));
    };
    if !allowed_next(from).contains(&to) {
        return Err(Invalid::field("to", refusal(from, to)));
    }
    let mut errors = Vec::new();
    let note = clean(&req.note);
    if note.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        errors.push(FieldError::new("note", format!("说明过长，最多 {MAX_NOTE_CHARS} 字")));
    }
    if is_reopen(from, to) && note.is_none() {
        errors.push(FieldError::new("note", REOPEN_NOTE_REQUIRED));
    }
    let mut v = ValidTransition {
        from,
        to,
        note,
        resolution: None,
        hold_reason: None,
        hold_until: None,
        referred_to: None,
        duplicate_of: None,
    };
    match to {
        CaseStatus::Resolved => match clean(&req.resolution) {
            None => errors.push(FieldError::new("resolution", RESOLUTION_REQUIRED)),
            Some(r) if r.chars().count() > MAX_RESOLUTION_CHARS => {
                errors.push(FieldError::new("resolution", format!("办理结果过长，最多 {MAX_RESOLUTION_CHARS} 字")))
            }
            Some(r) => v.resolution = Some(r),
        },
        CaseStatus::OnHold => {
            match clean(&req.hold_reason) {
                None => errors.push(FieldError::new("holdReason", HOLD_REASON_REQUIRED)),
                Some(r) if r.chars().count() > MAX_NOTE_CHARS => {
                    errors.push(FieldError::new("holdReason", format!("挂起原因过长，最多 {MAX_NOTE_CHARS} 字")))
                }
                Some(r) => v.hold_reason = Some(r),
            }
            match req.hold_until {
                None => errors.push(FieldError::new("holdUntil", HOLD_UNTIL_REQUIRED)),
                Some(d) if d < today => errors.push(FieldError::new("holdUntil", "恢复日期不能早于今天")),
                Some(d) => match crate::input::date_in_range("holdUntil", "恢复日期", d) {
                    Ok(d) => v.hold_until = Some(d),
                    Err(e) => errors.push(e),
                },
            }
        }
        CaseStatus::Referred => match clean(&req.referred_to) {
            None => errors.push(FieldError::new("referredTo", REFERRED_TO_REQUIRED)),
            Some(r) if r.chars().count() > MAX_REFERRED_TO_CHARS => {
                errors.push(FieldError::new("referredTo", "接收单位名称过长，最多 50 字"))
            }
            Some(r) => v.referred_to = Some(r),
        },
        CaseStatus::Duplicate => match clean(&req.duplicate_of) {
            None => errors.push(FieldError::new("duplicateOf", DUPLICATE_OF_REQUIRED)),
            Some(n) if n.eq_ignore_ascii_case(number) => {
                errors.push(FieldError::new("duplicateOf", "不能标记为与自身重复"))
            }
            Some(n) => v.duplicate_of = Some(n.to_ascii_uppercase()),
        },
        _ => {}
    }
    if errors.is_empty() { Ok(v) } else { Err(Invalid(errors)) }
}

// ---- survey, contact, follow-up ----

/// 现场勘查: who went, when, and what they found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Survey {
    pub id: i64,
    pub surveyed_at: DateTime<Utc>,
    /// Who went, as written: 张敏、物业经理李强.
    pub people: String,
    pub findings: String,
    pub created_by: String,
    /// The resident was there: the survey is a contact with them (响应率).
    pub with_resident: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct NewSurvey {
    /// Defaults to now.
    pub surveyed_at: Option<DateTime<Utc>>,
    pub people: String,
    pub findings: String,
    /// The resident took part: the survey counts as contacting them.
    pub with_resident: bool,
}

labelled! {
    /// 满意 / 基本满意 / 不满意.
    Satisfaction {
        Satisfied = "satisfied", "满意";
        BasicallySatisfied = "basically_satisfied", "基本满意";
        Dissatisfied = "dissatisfied", "不满意";
    }
}

impl Satisfaction {
    /// 满意 and 基本满意 count as satisfied in the 满意率.
    pub fn counts_as_satisfied(self) -> bool {
        !matches!(self, Self::Dissatisfied)
    }
}

/// One 回访 (follow-up call) as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct FollowUp {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// An anonymous note closed without a call-back: no answers.
    pub without_callback: bool,
    pub reached: bool,
    pub resolved: Option<bool>,
    pub satisfaction: Option<Satisfaction>,
    pub comment: Option<String>,
    pub staff_name: String,
}

/// What the 回访 form submits.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct NewFollowUp {
    /// Reached the resident? When not, the case stays 办结 for another try.
    pub reached: bool,
    /// 问题是否解决.
    pub resolved: Option<bool>,
    pub satisfaction: Option<Satisfaction>,
    pub comment: Option<String>,
    /// An anonymous note with no phone: close it without a call-back.
    pub without_callback: bool,
    /// Not resolved or not satisfied: send the case straight back to 处理中.
    pub reopen: bool,
}

pub const MAX_COMMENT_CHARS: usize = 1000;

/// A follow-up checked against the case.
#[derive(Debug, Clone)]
pub struct ValidFollowUp {
    pub without_callback: bool,
    pub reached: bool,
    pub resolved: Option<bool>,
    pub satisfaction: Option<Satisfaction>,
    pub comment: Option<String>,
    /// Where the case goes: 已回访, 关闭, 处理中 (reopened), or stays 办结.
    pub to: CaseStatus,
}

/// `has_phone`: the resident left a number, so the case cannot be closed without a call.
pub fn validate_follow_up(status: CaseStatus, has_phone: bool, input: &NewFollowUp) -> Checked<ValidFollowUp> {
    if status != CaseStatus::Resolved {
        return Err(Invalid::field("status", format!("只有“办结”的诉求才能回访，这件诉求目前是“{}”", status.label())));
    }
    let mut errors = Vec::new();
    let comment = clean(&input.comment);
    if comment.as_ref().is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS) {
        errors.push(FieldError::new("comment", format!("回访意见过长，最多 {MAX_COMMENT_CHARS} 字")));
    }
    if input.without_callback {
        if has_phone {
            errors.push(FieldError::new(
                "withoutCallback",
                "这件诉求留有电话，请先回访；只有匿名且无电话的来件才能不回访直接关闭",
            ));
        }
        return if errors.is_empty() {
            Ok(ValidFollowUp {
                without_callback: true,
                reached: false,
                resolved: None,
                satisfaction: None,
                comment,
                to: CaseStatus::Closed,
            })
        } else {
            Err(Invalid(errors))
        };
    }
    if !input.reached {
        if input.reopen {
            errors.push(FieldError::new("reopen", "未联系上居民时不能据此重新处理；请稍后再次回访"));
        }
        return if errors.is_empty() {
            Ok(ValidFollowUp {
                without_callback: false,
                reached: false,
                resolved: None,
                satisfaction: None,
                comment,
                to: CaseStatus::Resolved,
            })
        } else {
            Err(Invalid(errors))
        };
    }
    if input.resolved.is_none() {
        errors.push(FieldError::new("resolved", "请选择居民认为问题是否已解决"));
    }
    if input.satisfaction.is_none() {
        errors.push(FieldError::new("satisfaction", "请选择居民的满意程度：满意、基本满意或不满意"));
    }
    let unhappy = input.resolved == Some(false) || input.satisfaction == Some(Satisfaction::Dissatisfied);
    if input.reopen && !unhappy {
        errors.push(FieldError::new("reopen", "居民表示已解决且满意，无需重新处理"));
    }
    if input.reopen && comment.is_none() {
        errors.push(FieldError::new("comment", "重新处理请在回访意见中写明居民反映的问题"));
    }
    if !errors.is_empty() {
        return Err(Invalid(errors));
    }
    Ok(ValidFollowUp {
        without_callback: false,
        reached: true,
        resolved: input.resolved,
        satisfaction: input.satisfaction,
        comment,
        to: if input.reopen { CaseStatus::InProgress } else { CaseStatus::FollowedUp },
    })
}

pub fn validate_survey(input: &NewSurvey, now: DateTime<Utc>) -> Checked<(DateTime<Utc>, String, String)> {
    let mut errors = Vec::new();
    let people = crate::input::clean_line(&input.people);
    let findings = crate::input::clean_text(&input.findings);
    if people.is_empty() {
        errors.push(FieldError::new("people", "请填写参加勘查的人员（例如：张敏、物业经理李强）"));
    } else if people.chars().count() > 200 {
        errors.push(FieldError::new("people", "勘查人员过长，最多 200 字"));
    }
    if findings.is_empty() {
        errors.push(FieldError::new("findings", "请填写勘查发现的情况"));
    } else if findings.chars().count() > 2000 {
        errors.push(FieldError::new("findings", "勘查情况过长，最多 2000 字"));
    }
    let at = input.surveyed_at.unwrap_or(now);
    if at > now + chrono::Duration::minutes(5) {
        errors.push(FieldError::new("surveyedAt", "勘查时间不能晚于现在"));
    } else if let Err(e) = crate::input::instant_in_range("surveyedAt", "勘查时间", at) {
        errors.push(e);
    }
    if errors.is_empty() { Ok((at, people, findings)) } else { Err(Invalid(errors)) }
}

/// Assignee and urgency, as the detail view edits them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct CaseHandling {
    pub assignee_id: Option<i64>,
    /// A new urgency recomputes both clocks from the received time.
    pub urgency: Option<Urgency>,
}

// ---- what a step changes ----

/// The workflow columns of a case: what a step reads and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub status: CaseStatus,
    pub urgency: Urgency,
    pub assignee_id: Option<i64>,
    pub respond_due_at: Option<DateTime<Utc>>,
    pub resolve_due_at: Option<DateTime<Utc>>,
    pub responded_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub hold_reason: Option<String>,
    pub hold_until: Option<NaiveDate>,
    pub held_since: Option<DateTime<Utc>>,
    pub status_before_hold: Option<CaseStatus>,
    pub referred_to: Option<String>,
    pub duplicate_of: Option<i64>,
    pub reopen_count: i64,
    /// No phone: nobody to contact (an anonymous note), see [`anonymous`].
    pub anonymous: bool,
}

/// A case without a phone number is an anonymous note: there is nobody to contact, so its
/// first step out of 受理 answers the respond clock. A case with a phone is responded only
/// when the resident is contacted: a recorded contact, an on-site survey with them, a 回访
/// that reached them, or (from a paper ledger) its 首次联系时间. One definition for the
/// 响应率 (`RESPONSE_RATE_FORMULA` in the core's rates), the 回访 form's 无法回访 and the detail view.
pub fn anonymous(phone: Option<&str>) -> bool {
    phone.is_none_or(|p| p.trim().is_empty())
}

/// The case a 重复 points at, as found by its number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateTarget {
    pub id: i64,
    pub number: String,
    pub status: CaseStatus,
    /// When the target is itself a repeat: the number of the case it repeats.
    pub repeats: Option<String>,
}

/// What a step needs that only the store can look up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Looked {
    /// For a reopening: the resolve deadline of a clock started now.
    pub fresh_resolve_due: Option<DateTime<Utc>>,
    /// For 重复: the case with the number asked for, if there is one.
    pub duplicate_target: Option<DuplicateTarget>,
}

/// What a step does: the case's new workflow columns and the audit row's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub flow: Flow,
    pub changes: Vec<FieldChange>,
    /// A 重复 also notes on the repeated case that one more resident reported it.
    pub linked: Option<(i64, String)>,
}

fn time(v: Option<DateTime<Utc>>) -> Option<String> {
    v.map(|t| t.to_rfc3339())
}

/// A case going back to 处理中 gets a fresh resolve clock from now and counts once more.
fn reopen(f: &mut Flow, fresh_resolve_due: Option<DateTime<Utc>>) {
    f.resolve_due_at = fresh_resolve_due.or(f.resolve_due_at);
    f.resolved_at = None;
    f.reopen_count += 1;
}

/// What a validated status change does to a case at `now`.
pub fn apply(case: &Flow, number: &str, v: &ValidTransition, now: DateTime<Utc>, looked: &Looked) -> Checked<Change> {
    let mut f = case.clone();
    let mut changes = vec![FieldChange::change("status", Some(v.from.code()), Some(v.to.code()))];
    let mut linked = None;

    if v.from == CaseStatus::Accepted && f.responded_at.is_none() && f.anonymous {
        // An anonymous note has no one to contact: its first step out of 受理 answers the
        // respond clock. A resident with a phone is answered only by a contact.
        f.responded_at = Some(now);
    }
    if v.from == CaseStatus::OnHold {
        // The clocks stood still while the case was on hold.
        if let Some(since) = f.held_since {
            let held = now - since;
            f.resolve_due_at = f.resolve_due_at.map(|d| d + held);
            if f.responded_at.is_none() {
                f.respond_due_at = f.respond_due_at.map(|d| d + held);
            }
        }
        f.hold_reason = None;
        f.hold_until = None;
        f.held_since = None;
        f.status_before_hold = None;
    }
    if is_reopen(v.from, v.to) {
        reopen(&mut f, looked.fresh_resolve_due);
        changes.push(FieldChange::change(
            "resolveDueAt",
            time(case.resolve_due_at).as_deref(),
            time(f.resolve_due_at).as_deref(),
        ));
    }
    match v.to {
        CaseStatus::Resolved => {
            f.resolved_at = Some(now);
            f.resolution = v.resolution.clone();
            changes.push(FieldChange::set("resolution", v.resolution.as_deref()));
        }
        CaseStatus::Closed => f.closed_at = Some(now),
        CaseStatus::OnHold => {
            f.hold_reason = v.hold_reason.clone();
            f.hold_until = v.hold_until;
            f.held_since = Some(now);
            f.status_before_hold = Some(v.from);
            changes.push(FieldChange::set("holdReason", v.hold_reason.as_deref()));
            changes.push(FieldChange::set("holdUntil", v.hold_until.map(|d| d.to_string()).as_deref()));
        }
        CaseStatus::Referred => {
            f.referred_to = v.referred_to.clone();
            changes.push(FieldChange::set("referredTo", v.referred_to.as_deref()));
        }
        CaseStatus::Duplicate => {
            let asked = v.duplicate_of.clone().unwrap_or_default();
            let Some(target) = &looked.duplicate_target else {
                return Err(Invalid::field(
                    "duplicateOf",
                    format!("找不到诉求 {}，请检查编号（形如 RA-2025-0007）", crate::input::excerpt(&asked)),
                ));
            };
            if let (CaseStatus::Duplicate, Some(first)) = (target.status, &target.repeats) {
                return Err(Invalid::field(
                    "duplicateOf",
                    format!("{asked} 本身是 {first} 的重复件，请关联到 {first}"),
                ));
            }
            f.duplicate_of = Some(target.id);
            changes.push(FieldChange::set("duplicateOf", Some(&target.number)));
            linked = Some((target.id, format!("{number} 标记为本件的重复件（又一位居民反映同一问题）")));
        }
        _ => {}
    }
    f.status = v.to;
    Ok(Change { flow: f, changes: changes.into_iter().flatten().collect(), linked })
}

/// What a 回访 does to a case: 已回访, 关闭 (no call-back possible), back to 处理中, or
/// it stays 办结 for another try. A call that reached the resident is a contact: the first
/// one answers the respond clock if nothing did before. The answers are recorded by the caller.
pub fn apply_follow_up(
    case: &Flow,
    v: &ValidFollowUp,
    now: DateTime<Utc>,
    fresh_resolve_due: Option<DateTime<Utc>>,
) -> Flow {
    let mut f = case.clone();
    if v.reached && f.responded_at.is_none() {
        f.responded_at = Some(now);
    }
    match v.to {
        CaseStatus::Closed => f.closed_at = Some(now),
        CaseStatus::InProgress => reopen(&mut f, fresh_resolve_due),
        _ => {}
    }
    f.status = v.to;
    f
}

/// A 现场勘查 on a case still at 受理 takes it to 核查. It answers the respond clock when
/// the resident was there (a contact), or, for an anonymous note, as its first step out of
/// 受理. `None`: the survey changes nothing on the case.
pub fn apply_survey(case: &Flow, with_resident: bool, now: DateTime<Utc>) -> Option<Flow> {
    let moves = case.status == CaseStatus::Accepted;
    let answers = case.responded_at.is_none() && (with_resident || (moves && case.anonymous));
    (moves || answers).then(|| Flow {
        status: if moves { CaseStatus::Investigating } else { case.status },
        responded_at: if answers { Some(now) } else { case.responded_at },
        ..case.clone()
    })
}

/// The first contact with the resident stops the respond clock; later ones change nothing.
pub fn apply_contact(case: &Flow, now: DateTime<Utc>) -> Option<Flow> {
    case.responded_at.is_none().then(|| Flow { responded_at: Some(now), ..case.clone() })
}

/// The statuses a meeting decision may move a linked case to: those a decision's text
/// says enough for (its text is the 办结 result). 挂起, 转办 and 重复 need a resume date, a
/// receiving body or another case's number, so they are done in the case's own view.
pub const DECISION_STEPS: &[CaseStatus] = &[
    CaseStatus::Accepted,
    CaseStatus::Investigating,
    CaseStatus::InProgress,
    CaseStatus::Resolved,
    CaseStatus::Closed,
];

/// Whether the station still works on a case itself, so contacts with the resident and
/// surveys are recorded: not once it is closed, a repeat, referred elsewhere or called back.
pub fn in_hand(status: CaseStatus) -> bool {
    !matches!(status, CaseStatus::Closed | CaseStatus::Duplicate | CaseStatus::Referred | CaseStatus::FollowedUp)
}

/// Whether a case in this status can still have a survey recorded.
pub fn survey_allowed(status: CaseStatus) -> Checked<()> {
    if !in_hand(status) {
        return Err(Invalid::field("status", format!("诉求已“{}”，不能再登记勘查", status.label())));
    }
    Ok(())
}

/// Whether a contact with the resident can still be recorded on a case in this status.
pub fn contact_allowed(status: CaseStatus) -> Checked<()> {
    if !in_hand(status) {
        return Err(Invalid::field("status", format!("诉求已“{}”，不能再登记联系居民", status.label())));
    }
    Ok(())
}

/// Where a case stands for its reply letter (答复函), which reports what was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ReplyLetter {
    /// Not 办结 yet: nothing to reply.
    NotYet,
    /// 办结 without its result written: write it first.
    NeedsResolution,
    Ready,
}

/// A reply letter can be printed after 办结, once its result is written.
pub fn reply_letter(status: CaseStatus, resolution: Option<&str>) -> ReplyLetter {
    if !matches!(status, CaseStatus::Resolved | CaseStatus::FollowedUp | CaseStatus::Closed) {
        ReplyLetter::NotYet
    } else if resolution.is_none_or(|r| r.trim().is_empty()) {
        ReplyLetter::NeedsResolution
    } else {
        ReplyLetter::Ready
    }
}

/// 办理结果 as the reply letter prints it: the letter puts it as a paragraph of its own, so a
/// sentence the worker left open is finished with 。 (a trailing comma-like mark becomes
/// one). Only the letter reads this; the stored record keeps what was typed.
pub fn reply_sentence(resolution: &str) -> String {
    let text = resolution.trim_end();
    // A closing quote or bracket may follow the sentence's own mark: “……修好了。”
    let body = text.trim_end_matches(['”', '’', '」', '』', '）', ')', '》', '"', '\'']);
    let finished = ['。', '！', '？', '…', '.', '!', '?'];
    if text.is_empty() || body.ends_with(finished) {
        return text.to_owned();
    }
    match text.strip_suffix(['，', '、', '；', '：', ',', ';', ':']) {
        Some(open) => format!("{}。", open.trim_end()),
        None => format!("{text}。"),
    }
}

#[cfg(test)]
#[path = "workflow_tests.rs"]
mod tests;

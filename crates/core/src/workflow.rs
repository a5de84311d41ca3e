//! The case workflow: which status may follow which, what each step needs, and the
//! steps recorded on the way — surveys (现场勘查), contacts with the resident, follow-up
//! calls (回访).
//!
//! ```text
//! 受理 ─▶ 核查 ─▶ 处理中 ─▶ 办结 ─(回访)─▶ 已回访 ─▶ 关闭
//!   │       │        │        │  └(匿名, 无法回访)────────▶ 关闭
//!   │       │        │        └─▶ 处理中 (重新处理, counted)
//!   └───────┴────────┴─▶ 挂起 (reason, resume date) ─▶ back to where it was
//!   └───────┴────────┴─▶ 转办 (to whom) ─▶ 处理中 | 关闭
//!   └───────┴─▶ 重复 (of another case)
//! ```
//! The table is [`allowed_next`]; every step is one transaction with its audit row,
//! whose note shows on the case's timeline.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::cases::{Case, CaseStatus};
use crate::error::{CoreError, FieldError, Result};
use crate::labels::labelled;
use crate::store::{Actor, Store};

/// The transition table and the reopening rule are pure, so they live in the model.
pub use stationdesk_model::cases::{allowed_next, is_reopen};

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

pub const MAX_NOTE_CHARS: usize = 500;
pub const MAX_RESOLUTION_CHARS: usize = 2000;

/// A request checked against the table and the case: trimmed text, what the step needs.
#[derive(Debug, Clone)]
pub(crate) struct ValidTransition {
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
    value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
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
pub(crate) fn validate(case: &Case, req: &TransitionRequest, today: NaiveDate) -> Result<ValidTransition> {
    let from = case.status;
    let Some(to) = req.to else {
        return Err(CoreError::invalid("to", format!("请选择新的状态。可改为：{}", names(allowed_next(from)))));
    };
    if !allowed_next(from).contains(&to) {
        return Err(CoreError::invalid("to", refusal(from, to)));
    }
    let mut errors = Vec::new();
    let note = clean(&req.note);
    if note.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        errors.push(FieldError::new("note", format!("说明过长，最多 {MAX_NOTE_CHARS} 字")));
    }
    if is_reopen(from, to) && note.is_none() {
        errors.push(FieldError::new("note", "重新处理请写明原因（例如：回访时居民表示问题仍未解决）"));
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
            None => errors.push(FieldError::new("resolution", "办结请填写办理结果：做了什么、问题是否已解决")),
            Some(r) if r.chars().count() > MAX_RESOLUTION_CHARS => {
                errors.push(FieldError::new("resolution", format!("办理结果过长，最多 {MAX_RESOLUTION_CHARS} 字")))
            }
            Some(r) => v.resolution = Some(r),
        },
        CaseStatus::OnHold => {
            match clean(&req.hold_reason) {
                None => errors.push(FieldError::new("holdReason", "挂起请填写原因（例如：等待开发商施工方案）")),
                Some(r) if r.chars().count() > MAX_NOTE_CHARS => {
                    errors.push(FieldError::new("holdReason", format!("挂起原因过长，最多 {MAX_NOTE_CHARS} 字")))
                }
                Some(r) => v.hold_reason = Some(r),
            }
            match req.hold_until {
                None => errors.push(FieldError::new("holdUntil", "挂起请填写预计恢复办理的日期")),
                Some(d) if d < today => errors.push(FieldError::new("holdUntil", "恢复日期不能早于今天")),
                Some(d) => v.hold_until = Some(d),
            }
        }
        CaseStatus::Referred => match clean(&req.referred_to) {
            None => errors.push(FieldError::new("referredTo", "转办请填写接收单位（例如：区住建局、12345热线）")),
            Some(r) if r.chars().count() > 50 => {
                errors.push(FieldError::new("referredTo", "接收单位名称过长，最多 50 字"))
            }
            Some(r) => v.referred_to = Some(r),
        },
        CaseStatus::Duplicate => match clean(&req.duplicate_of) {
            None => errors.push(FieldError::new("duplicateOf", "请填写与之重复的诉求编号（形如 RA-2025-0007）")),
            Some(n) if n.eq_ignore_ascii_case(&case.number) => {
                errors.push(FieldError::new("duplicateOf", "不能标记为与自身重复"))
            }
            Some(n) => v.duplicate_of = Some(n.to_ascii_uppercase()),
        },
        _ => {}
    }
    if errors.is_empty() { Ok(v) } else { Err(CoreError::Invalid(errors)) }
}

pub use stationdesk_model::china::china_date;

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
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct NewSurvey {
    /// Defaults to now.
    pub surveyed_at: Option<DateTime<Utc>>,
    pub people: String,
    pub findings: String,
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
pub(crate) struct ValidFollowUp {
    pub without_callback: bool,
    pub reached: bool,
    pub resolved: Option<bool>,
    pub satisfaction: Option<Satisfaction>,
    pub comment: Option<String>,
    /// Where the case goes: 已回访, 关闭, 处理中 (reopened), or stays 办结.
    pub to: CaseStatus,
}

pub(crate) fn validate_follow_up(case: &Case, input: &NewFollowUp) -> Result<ValidFollowUp> {
    if case.status != CaseStatus::Resolved {
        return Err(CoreError::invalid(
            "status",
            format!("只有“办结”的诉求才能回访，这件诉求目前是“{}”", case.status.label()),
        ));
    }
    let mut errors = Vec::new();
    let comment = clean(&input.comment);
    if comment.as_ref().is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS) {
        errors.push(FieldError::new("comment", format!("回访意见过长，最多 {MAX_COMMENT_CHARS} 字")));
    }
    if input.without_callback {
        if case.phone.is_some() {
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
            Err(CoreError::Invalid(errors))
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
            Err(CoreError::Invalid(errors))
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
        return Err(CoreError::Invalid(errors));
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

pub(crate) fn validate_survey(input: &NewSurvey, now: DateTime<Utc>) -> Result<(DateTime<Utc>, String, String)> {
    let mut errors = Vec::new();
    let people = input.people.trim().to_owned();
    let findings = input.findings.trim().to_owned();
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
    }
    if errors.is_empty() { Ok((at, people, findings)) } else { Err(CoreError::Invalid(errors)) }
}

/// Assignee and urgency, as the detail view edits them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct CaseHandling {
    pub assignee_id: Option<i64>,
    /// A new urgency recomputes both clocks from the received time.
    pub urgency: Option<crate::deadlines::Urgency>,
}

// ---- services ----

/// A status change inside a write transaction another service opened, e.g. a meeting
/// decision that moves its linked case on in the same step.
pub(crate) async fn apply_in(w: &mut crate::store::WriteTx<'_>, case_id: i64, req: &TransitionRequest) -> Result<Case> {
    w.transition_case(case_id, req).await
}

/// Moves a case to another status with the step's note, time and staff member.
pub async fn transition(store: &Store, actor: &Actor, case_id: i64, req: &TransitionRequest) -> Result<Case> {
    let mut w = store.begin_write(actor).await?;
    let case = w.transition_case(case_id, req).await?;
    w.commit().await?;
    Ok(case)
}

/// Records a 回访 and moves the case on (已回访, 关闭, back to 处理中, or stays 办结).
pub async fn follow_up(store: &Store, actor: &Actor, case_id: i64, input: &NewFollowUp) -> Result<Case> {
    let mut w = store.begin_write(actor).await?;
    let case = w.follow_up_case(case_id, input).await?;
    w.commit().await?;
    Ok(case)
}

/// Records a 现场勘查; a case still at 受理 moves to 核查.
pub async fn add_survey(store: &Store, actor: &Actor, case_id: i64, input: &NewSurvey) -> Result<Case> {
    let mut w = store.begin_write(actor).await?;
    let case = w.add_survey(case_id, input).await?;
    w.commit().await?;
    Ok(case)
}

/// Records the first (or a later) contact with the resident; the first one stops the
/// respond clock.
pub async fn record_contact(store: &Store, actor: &Actor, case_id: i64, note: &str) -> Result<Case> {
    let note = note.trim();
    if note.is_empty() {
        return Err(CoreError::invalid("note", "请写明联系情况（例如：电话联系居民，约定明天上午现场查看）"));
    }
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(CoreError::invalid("note", format!("联系情况过长，最多 {MAX_NOTE_CHARS} 字")));
    }
    let mut w = store.begin_write(actor).await?;
    let case = w.record_contact(case_id, note).await?;
    w.commit().await?;
    Ok(case)
}

/// Sets the assignee and urgency.
pub async fn update_handling(store: &Store, actor: &Actor, case_id: i64, input: &CaseHandling) -> Result<Case> {
    let mut w = store.begin_write(actor).await?;
    let case = w.update_handling(case_id, input).await?;
    w.commit().await?;
    Ok(case)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::CaseStatus::*;

    #[test]
    fn the_transition_table_allows_exactly_the_sensible_steps() {
        // Every pair, allowed or refused: rows are "from", the string lists the allowed "to"s
        // in CaseStatus::ALL order (受理 核查 处理中 办结 已回访 关闭 挂起 转办 重复).
        let expected = [
            (Accepted, ".XXX..XXX"),
            (Investigating, "..XX..XXX"),
            (InProgress, ".X.X..XX."),
            (Resolved, "..X......"),
            (FollowedUp, "..X..X..."),
            (Closed, "........."),
            (OnHold, "XXX....X."),
            (Referred, "..X..X..."),
            (Duplicate, "........."),
        ];
        assert_eq!(expected.len(), CaseStatus::ALL.len());
        for (from, row) in expected {
            for (to, mark) in CaseStatus::ALL.iter().zip(row.chars()) {
                assert_eq!(allowed_next(from).contains(to), mark == 'X', "{} → {}", from.label(), to.label());
            }
        }
    }

    #[test]
    fn a_refusal_names_the_allowed_next_statuses() {
        let msg = refusal(Accepted, Closed);
        assert_eq!(msg, "不能从“受理”改为“关闭”。可改为：核查、处理中、办结、挂起、转办、重复");
        assert!(refusal(Closed, InProgress).contains("不能再改为"));
        assert!(refusal(Resolved, FollowedUp).contains("回访登记"));
    }

    #[test]
    fn reopening_is_only_from_resolved_or_followed_up() {
        assert!(is_reopen(FollowedUp, InProgress));
        assert!(is_reopen(Resolved, InProgress));
        assert!(!is_reopen(OnHold, InProgress));
        assert!(!is_reopen(Referred, InProgress));
    }
}

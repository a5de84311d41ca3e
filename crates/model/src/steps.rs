//! The steps a case offers now, as the window shows them: each allowed status with its
//! button's words, its form's title and fields, and the very messages the core refuses
//! empty fields with. `CaseDetail.steps` carries them to the window, which keeps no copy.

use serde::{Deserialize, Serialize};

use crate::cases::{CaseStatus, allowed_next, is_reopen};
use crate::workflow::{
    DUPLICATE_OF_REQUIRED, HOLD_REASON_REQUIRED, HOLD_UNTIL_REQUIRED, MAX_NOTE_CHARS, MAX_REFERRED_TO_CHARS,
    MAX_RESOLUTION_CHARS, REFERRED_TO_REQUIRED, REOPEN_NOTE_REQUIRED, RESOLUTION_REQUIRED,
};

/// A field a step's form asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum StepFieldName {
    Resolution,
    HoldReason,
    HoldUntil,
    ReferredTo,
    DuplicateOf,
}

/// One field of a step's form: what it is called, what to write, and the message when it
/// is left empty (the same the core refuses with).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct StepField {
    pub name: StepFieldName,
    pub label: String,
    pub placeholder: String,
    pub required_message: String,
    /// Longest accepted text, in characters (none for a date).
    pub max_chars: Option<u32>,
    /// A line under the field.
    pub extra: Option<String>,
}

/// A status a case may move to now, with the words and fields of its button and form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NextStep {
    pub to: CaseStatus,
    /// The button: 转为核查, 重新处理, 恢复办理（核查）.
    pub action: String,
    /// The form's title.
    pub title: String,
    /// The usual next step, offered as the main button.
    pub primary: bool,
    /// Back to 处理中 after 办结 or 回访: needs a reason, counts as 重新处理.
    pub reopen: bool,
    pub fields: Vec<StepField>,
    pub note_label: String,
    pub note_placeholder: String,
    /// The note's message when it is required and empty; none when it is optional.
    pub note_required_message: Option<String>,
    pub note_max_chars: u32,
    /// Whether the step needs nothing more than the press: no field, no required note.
    pub one_press: bool,
    /// For a one-press step, the step back that undoes it, where the table allows it and the
    /// way back needs nothing either (核查 ⇄ 处理中). None: the window confirms first.
    pub undo: Option<CaseStatus>,
}

fn field(
    name: StepFieldName,
    label: &str,
    placeholder: &str,
    required: &str,
    max: Option<usize>,
    extra: Option<&str>,
) -> StepField {
    StepField {
        name,
        label: label.to_owned(),
        placeholder: placeholder.to_owned(),
        required_message: required.to_owned(),
        max_chars: max.and_then(|m| u32::try_from(m).ok()),
        extra: extra.map(str::to_owned),
    }
}

/// The usual next step from a status, offered first.
fn primary_next(from: CaseStatus) -> Option<CaseStatus> {
    match from {
        CaseStatus::Accepted => Some(CaseStatus::Investigating),
        CaseStatus::Investigating => Some(CaseStatus::InProgress),
        CaseStatus::InProgress => Some(CaseStatus::Resolved),
        CaseStatus::FollowedUp => Some(CaseStatus::Closed),
        _ => None,
    }
}

/// What each allowed step from `from` is called and asks for.
pub fn next_steps(from: CaseStatus) -> Vec<NextStep> {
    allowed_next(from).iter().map(|&to| next_step(from, to)).collect()
}

/// Whether a step from `from` to `to` needs anything besides the press.
fn needs_nothing(from: CaseStatus, to: CaseStatus) -> bool {
    !is_reopen(from, to) && fields(to).is_empty()
}

/// The step back that undoes a one-press step `from → to`: allowed by the table, not a
/// reopening, needing nothing itself.
fn undo_of(from: CaseStatus, to: CaseStatus) -> Option<CaseStatus> {
    (needs_nothing(from, to) && allowed_next(to).contains(&from) && needs_nothing(to, from)).then_some(from)
}

fn fields(to: CaseStatus) -> Vec<StepField> {
    use StepFieldName::*;
    match to {
        CaseStatus::Resolved => vec![field(
            Resolution,
            "办理结果",
            "如：物业已对南门广场坑洼路面重新铺装，排水已恢复",
            RESOLUTION_REQUIRED,
            Some(MAX_RESOLUTION_CHARS),
            None,
        )],
        CaseStatus::OnHold => vec![
            field(HoldReason, "挂起原因", "如：等待开发商施工方案", HOLD_REASON_REQUIRED, Some(MAX_NOTE_CHARS), None),
            field(
                HoldUntil,
                "预计恢复办理日期",
                "",
                HOLD_UNTIL_REQUIRED,
                None,
                Some("挂起期间时限暂停计算，恢复办理后顺延"),
            ),
        ],
        CaseStatus::Referred => vec![field(
            ReferredTo,
            "接收单位",
            "如：区住建局、供水公司、12345热线",
            REFERRED_TO_REQUIRED,
            Some(MAX_REFERRED_TO_CHARS),
            None,
        )],
        CaseStatus::Duplicate => vec![field(
            DuplicateOf,
            "与哪件诉求重复",
            "诉求编号，如 RA-2025-0007",
            DUPLICATE_OF_REQUIRED,
            None,
            Some("本件将计为同一问题的又一位反映居民，两件的记录都保留"),
        )],
        _ => Vec::new(),
    }
}

fn next_step(from: CaseStatus, to: CaseStatus) -> NextStep {
    let reopen = is_reopen(from, to);
    let action = if reopen {
        "重新处理".to_owned()
    } else if from == CaseStatus::OnHold {
        format!("恢复办理（{}）", to.label())
    } else {
        match to {
            CaseStatus::Investigating => "转为核查",
            CaseStatus::InProgress => "转为处理中",
            CaseStatus::Resolved => "办结",
            CaseStatus::Closed => "关闭",
            CaseStatus::OnHold => "挂起",
            CaseStatus::Referred => "转办",
            CaseStatus::Duplicate => "标记为重复",
            CaseStatus::Accepted => "退回受理",
            CaseStatus::FollowedUp => to.label(),
        }
        .to_owned()
    };
    let title = if reopen {
        "重新处理".to_owned()
    } else {
        match to {
            CaseStatus::Investigating => "转为核查",
            CaseStatus::InProgress => "转为处理中",
            CaseStatus::Resolved => "办结",
            CaseStatus::Closed => "关闭诉求",
            CaseStatus::OnHold => "挂起",
            CaseStatus::Referred => "转办",
            CaseStatus::Duplicate => "标记为重复件",
            CaseStatus::Accepted => "退回受理",
            CaseStatus::FollowedUp => "已回访",
        }
        .to_owned()
    };
    let fields = fields(to);
    let note_placeholder = if reopen {
        "如：回访时居民表示雨后仍有积水"
    } else {
        match to {
            CaseStatus::Investigating => "如：已电话联系居民，约定明天上午与物业经理现场查看",
            CaseStatus::InProgress => "如：物业已制定整改方案，计划下周一施工",
            CaseStatus::Resolved => "可补充说明，如：已回复居民",
            CaseStatus::Closed => "如：接收单位已办结并答复居民",
            CaseStatus::OnHold => "可补充说明",
            CaseStatus::Referred => "如：属供水公司职责，已电话转交",
            CaseStatus::Duplicate => "如：与南门广场积水为同一问题",
            _ => "",
        }
    };
    NextStep {
        to,
        action,
        title,
        primary: primary_next(from) == Some(to),
        reopen,
        fields,
        note_label: if reopen { "重新处理的原因" } else { "说明" }.to_owned(),
        note_placeholder: note_placeholder.to_owned(),
        note_required_message: reopen.then(|| REOPEN_NOTE_REQUIRED.to_owned()),
        note_max_chars: u32::try_from(MAX_NOTE_CHARS).unwrap_or(u32::MAX),
        one_press: needs_nothing(from, to),
        undo: undo_of(from, to),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::CaseStatus::*;

    #[test]
    fn each_allowed_step_says_what_it_is_called_and_asks_for() {
        let from_resolved = next_steps(Resolved);
        assert_eq!(from_resolved.len(), 1);
        let back = &from_resolved[0];
        assert_eq!((back.action.as_str(), back.reopen), ("重新处理", true));
        assert_eq!(back.note_required_message.as_deref(), Some(REOPEN_NOTE_REQUIRED));
        let steps = next_steps(InProgress);
        let to: Vec<CaseStatus> = steps.iter().map(|s| s.to).collect();
        assert_eq!(to, allowed_next(InProgress));
        let resolve = steps.iter().find(|s| s.to == Resolved).expect("办结 is allowed");
        assert!(resolve.primary);
        assert_eq!(resolve.fields.first().map(|f| f.required_message.as_str()), Some(RESOLUTION_REQUIRED));
        let resume: Vec<String> = next_steps(OnHold).into_iter().map(|s| s.action).collect();
        assert_eq!(resume, ["恢复办理（受理）", "恢复办理（核查）", "恢复办理（处理中）", "恢复办理（转办）"]);
    }

    #[test]
    fn only_a_step_the_table_can_take_back_offers_an_undo() {
        let step = |from, to| next_steps(from).into_iter().find(|s| s.to == to).expect("allowed");
        // 核查 ⇄ 处理中: each needs nothing and each is the other's way back.
        assert_eq!(step(Investigating, InProgress).undo, Some(Investigating));
        assert_eq!(step(InProgress, Investigating).undo, Some(InProgress));
        // One press, but no way back by the rules: the window asks first.
        let investigate = step(Accepted, Investigating);
        assert!(investigate.one_press);
        assert_eq!(investigate.undo, None);
        assert_eq!(step(FollowedUp, Closed).undo, None);
        assert_eq!(step(OnHold, Accepted).undo, None, "back to 挂起 needs a reason");
        // Steps that ask for something are not one press.
        assert!(!step(InProgress, Resolved).one_press);
        assert!(!step(Resolved, InProgress).one_press, "reopening needs a reason");
        assert_eq!(step(Resolved, InProgress).undo, None);
    }
}

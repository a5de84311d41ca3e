//! Cases (诉求): the codes every layer shares — where a request came in, where it stands —
//! and the workflow table between the statuses.

use crate::labelled;

labelled! {
    /// Where a request came in (来源). `CaseChannel` in TypeScript, where `Channel` is Tauri's.
    #[serde(rename = "CaseChannel")]
    Channel {
        Visit = "visit", "来访";
        SuggestionBox = "suggestion_box", "意见箱";
        Phone = "phone", "电话";
        WeChat = "wechat", "微信";
        LiveStream = "live_stream", "直播";
        Hotline12345 = "hotline_12345", "12345转办";
        GridPatrol = "grid_patrol", "网格巡查";
    }
}

labelled! {
    /// Where a case stands. Every case starts at `Accepted`; [`allowed_next`] holds the
    /// transitions between them.
    CaseStatus {
        Accepted = "accepted", "受理";
        Investigating = "investigating", "核查";
        InProgress = "in_progress", "处理中";
        Resolved = "resolved", "办结";
        FollowedUp = "followed_up", "已回访";
        Closed = "closed", "关闭";
        OnHold = "on_hold", "挂起";
        Referred = "referred", "转办";
        Duplicate = "duplicate", "重复";
    }
}

/// A walk-in, when nothing else is said.
impl Default for Channel {
    fn default() -> Self {
        Self::Visit
    }
}

impl CaseStatus {
    /// Being worked on: the resolve clock runs and a case past it counts as 超期.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Accepted | Self::Investigating | Self::InProgress)
    }
}

/// Where each status may go by a transition. 已回访 is reached through a follow-up call
/// only, as is 关闭 straight from 办结 (an anonymous note closed without a call-back).
pub fn allowed_next(from: CaseStatus) -> &'static [CaseStatus] {
    use CaseStatus::*;
    match from {
        Accepted => &[Investigating, InProgress, Resolved, OnHold, Referred, Duplicate],
        Investigating => &[InProgress, Resolved, OnHold, Referred, Duplicate],
        InProgress => &[Investigating, Resolved, OnHold, Referred],
        Resolved => &[InProgress],
        FollowedUp => &[InProgress, Closed],
        OnHold => &[Accepted, Investigating, InProgress, Referred],
        Referred => &[InProgress, Closed],
        Closed | Duplicate => &[],
    }
}

/// Moving back to 处理中 after 办结 or 回访: the resident was not satisfied, or the fix
/// did not hold. Counted per case.
pub fn is_reopen(from: CaseStatus, to: CaseStatus) -> bool {
    matches!(from, CaseStatus::Resolved | CaseStatus::FollowedUp) && to == CaseStatus::InProgress
}

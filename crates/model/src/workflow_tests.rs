//! The workflow's rules, step by step (`workflow.rs`).

use super::*;
use crate::cases::CaseStatus::*;
use chrono::TimeZone;

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

fn flow(status: CaseStatus) -> Flow {
    Flow {
        status,
        urgency: Urgency::Normal,
        assignee_id: None,
        respond_due_at: Utc.with_ymd_and_hms(2026, 12, 2, 16, 0, 0).single(),
        resolve_due_at: Utc.with_ymd_and_hms(2026, 12, 10, 16, 0, 0).single(),
        responded_at: None,
        resolved_at: None,
        resolution: None,
        closed_at: None,
        hold_reason: None,
        hold_until: None,
        held_since: None,
        status_before_hold: None,
        referred_to: None,
        duplicate_of: None,
        reopen_count: 0,
        anonymous: false,
    }
}

fn at(d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, d, h, 0, 0).single().unwrap_or_default()
}

fn step(f: &Flow, req: &TransitionRequest, now: DateTime<Utc>, looked: &Looked) -> Checked<Change> {
    let v = validate(f.status, "RA-2026-0002", req, crate::china::china_date(now))?;
    apply(f, "RA-2026-0002", &v, now, looked)
}

#[test]
fn a_status_change_alone_does_not_answer_a_residents_respond_clock() {
    let c = step(&flow(Accepted), &TransitionRequest::to(Investigating), at(2, 3), &Looked::default());
    let c = c.map(|c| c.flow);
    assert_eq!(c.as_ref().map(|f| (f.status, f.responded_at)), Ok((Investigating, None)));
    // Only contacting the resident does, once.
    let Ok(c) = c else { panic!("step refused") };
    let contacted = apply_contact(&c, at(2, 5));
    assert_eq!(contacted.as_ref().map(|f| f.responded_at), Some(Some(at(2, 5))));
    assert_eq!(contacted.and_then(|f| apply_contact(&f, at(2, 9))), None, "a later contact changes nothing");
}

#[test]
fn an_anonymous_notes_first_step_out_of_accepted_answers_its_respond_clock() {
    assert!(anonymous(None) && anonymous(Some(" ")) && !anonymous(Some("13800138000")));
    let note = Flow { anonymous: true, ..flow(Accepted) };
    let c = step(&note, &TransitionRequest::to(Investigating), at(2, 3), &Looked::default()).map(|c| c.flow);
    assert_eq!(c.as_ref().map(|f| f.responded_at), Ok(Some(at(2, 3))));
    let Ok(c) = c else { panic!("step refused") };
    let later = step(&c, &TransitionRequest::to(InProgress), at(3, 3), &Looked::default()).map(|c| c.flow);
    assert_eq!(later.map(|f| f.responded_at), Ok(Some(at(2, 3))), "the first step only");
}

#[test]
fn a_survey_answers_the_clock_only_with_the_resident_there_or_for_an_anonymous_note() {
    let without = apply_survey(&flow(Accepted), false, at(2, 3));
    assert_eq!(without.map(|f| (f.status, f.responded_at)), Some((Investigating, None)));
    let with = apply_survey(&flow(Accepted), true, at(2, 3));
    assert_eq!(with.map(|f| (f.status, f.responded_at)), Some((Investigating, Some(at(2, 3)))));
    // Later in the work: the survey with the resident is still their first contact.
    let later = apply_survey(&flow(InProgress), true, at(4, 0));
    assert_eq!(later.map(|f| (f.status, f.responded_at)), Some((InProgress, Some(at(4, 0)))));
    assert_eq!(apply_survey(&flow(InProgress), false, at(4, 0)), None);
    let note = Flow { anonymous: true, ..flow(Accepted) };
    assert_eq!(apply_survey(&note, false, at(2, 3)).map(|f| f.responded_at), Some(Some(at(2, 3))));
}

#[test]
fn a_call_back_that_reaches_the_resident_is_a_contact() {
    let done = flow(Resolved);
    let call = |reached: bool| ValidFollowUp {
        without_callback: false,
        reached,
        resolved: reached.then_some(true),
        satisfaction: reached.then_some(Satisfaction::Satisfied),
        comment: None,
        to: if reached { FollowedUp } else { Resolved },
    };
    assert_eq!(apply_follow_up(&done, &call(false), at(6, 0), None).responded_at, None);
    assert_eq!(apply_follow_up(&done, &call(true), at(6, 0), None).responded_at, Some(at(6, 0)));
    let answered = Flow { responded_at: Some(at(2, 0)), ..done };
    assert_eq!(apply_follow_up(&answered, &call(true), at(6, 0), None).responded_at, Some(at(2, 0)));
}

#[test]
fn the_clocks_stand_still_on_hold() {
    let hold = TransitionRequest {
        hold_reason: Some("等待开发商施工方案".into()),
        hold_until: NaiveDate::from_ymd_opt(2026, 12, 5),
        ..TransitionRequest::to(OnHold)
    };
    let held = step(&flow(InProgress), &hold, at(3, 0), &Looked::default()).map(|c| c.flow);
    let Ok(held) = held else { panic!("hold refused: {held:?}") };
    assert_eq!((held.status_before_hold, held.held_since), (Some(InProgress), Some(at(3, 0))));
    let resumed = step(&held, &TransitionRequest::to(InProgress), at(5, 0), &Looked::default()).map(|c| c.flow);
    let Ok(resumed) = resumed else { panic!("resume refused") };
    // Held two days: both deadlines move by two days (nobody was called yet).
    assert_eq!(resumed.resolve_due_at, Some(at(12, 16)));
    assert_eq!(resumed.respond_due_at, Some(at(4, 16)));
    assert_eq!(resumed.held_since, None);
}

#[test]
fn reopening_starts_a_fresh_resolve_clock_and_counts() {
    let mut done = flow(Resolved);
    done.resolved_at = Some(at(4, 0));
    let fresh = Looked { fresh_resolve_due: Some(at(20, 16)), ..Looked::default() };
    let back = step(&done, &TransitionRequest::to(InProgress).with_note("居民反映仍漏水"), at(6, 0), &fresh);
    let Ok(back) = back else { panic!("reopen refused") };
    assert_eq!((back.flow.resolved_at, back.flow.reopen_count, back.flow.resolve_due_at), (None, 1, Some(at(20, 16))));
    assert!(back.changes.iter().any(|c| c.field == "resolveDueAt"));
    let unexplained = step(&done, &TransitionRequest::to(InProgress), at(6, 0), &fresh);
    assert!(unexplained.is_err(), "a reopening needs its reason");
}

#[test]
fn a_repeat_of_a_repeat_is_pointed_to_the_first_report() {
    let req = TransitionRequest { duplicate_of: Some("ra-2026-0003".into()), ..TransitionRequest::to(Duplicate) };
    let missing = step(&flow(Accepted), &req, at(2, 3), &Looked::default());
    assert_eq!(
        missing.err().map(|e| e.to_string()),
        Some("找不到诉求 RA-2026-0003，请检查编号（形如 RA-2025-0007）".to_owned())
    );
    let target = DuplicateTarget {
        id: 3,
        number: "RA-2026-0003".into(),
        status: Duplicate,
        repeats: Some("RA-2026-0001".into()),
    };
    let looked = Looked { duplicate_target: Some(target), ..Looked::default() };
    let refused = step(&flow(Accepted), &req, at(2, 3), &looked);
    assert_eq!(
        refused.err().map(|e| e.to_string()),
        Some("RA-2026-0003 本身是 RA-2026-0001 的重复件，请关联到 RA-2026-0001".to_owned())
    );
}

#[test]
fn the_reply_letter_finishes_an_open_sentence() {
    assert_eq!(
        reply_sentence("物业已重新铺设南门广场路面，雨后不再积水"),
        "物业已重新铺设南门广场路面，雨后不再积水。"
    );
    assert_eq!(reply_sentence("路面已修复。"), "路面已修复。");
    assert_eq!(reply_sentence("路面已修复！\n"), "路面已修复！");
    assert_eq!(reply_sentence("居民说“修好了。”"), "居民说“修好了。”");
    assert_eq!(reply_sentence("居民表示“满意”"), "居民表示“满意”。");
    assert_eq!(reply_sentence("已转交物业，"), "已转交物业。");
    assert_eq!(reply_sentence("已铺设（约30平方米）"), "已铺设（约30平方米）。");
    assert_eq!(reply_sentence(""), "");
}

//! The workflow through the store: steps and refusals, clocks, follow-ups, duplicates,
//! the attention view, attachments, and the three rates on a scripted history.

use chrono::{Datelike, Duration, Utc};
use stationdesk_core::attachments::{self, AttachmentKind};
use stationdesk_core::cases::{self, Address, Case, CaseStatus, SimilarQuery};
use stationdesk_core::deadlines::{DueState, Limits, Span, TimeUnit, Urgency};
use stationdesk_core::parties::{self, PartyInput, PartyKind};
use stationdesk_core::rates::{self, RateQuery};
use stationdesk_core::workflow::{self, NewFollowUp, NewSurvey, Satisfaction, TransitionRequest};
use stationdesk_core::{CoreError, settings};

use crate::{Fixture, case};

fn to(status: CaseStatus) -> TransitionRequest {
    TransitionRequest::to(status)
}

fn resolve(what: &str) -> TransitionRequest {
    TransitionRequest { resolution: Some(what.to_owned()), ..to(CaseStatus::Resolved) }
}

fn answer(resolved: bool, satisfaction: Satisfaction) -> NewFollowUp {
    NewFollowUp { reached: true, resolved: Some(resolved), satisfaction: Some(satisfaction), ..NewFollowUp::default() }
}

impl Fixture {
    async fn received(&self, title: &str, ago: Duration, phone: Option<&str>) -> Case {
        let mut input = case(title, "");
        input.received_at = Some(Utc::now() - ago);
        input.phone = phone.map(str::to_owned);
        input.resident_name = phone.map(|_| "刘涵".to_owned());
        cases::create(&self.store, &self.actor, input).await.expect("create")
    }

    async fn step(&self, c: &Case, req: TransitionRequest) -> Case {
        workflow::transition(&self.store, &self.actor, c.id, &req).await.expect("transition")
    }

    async fn call(&self, c: &Case, input: NewFollowUp) -> Case {
        workflow::follow_up(&self.store, &self.actor, c.id, &input).await.expect("follow-up")
    }
}

#[tokio::test]
async fn a_case_goes_from_box_note_to_satisfied_follow_up_with_its_timeline() {
    let f = Fixture::new().await;
    let c = f.received("南门广场路面坑洼积水", Duration::hours(1), Some("13812341234")).await;
    assert_eq!(c.due_state, DueState::OnTrack);
    let survey = NewSurvey {
        people: "张敏、物业经理李强".into(),
        findings: "广场东侧三处坑洼，积水".into(),
        with_resident: true,
        ..Default::default()
    };
    let c = workflow::add_survey(&f.store, &f.actor, c.id, &survey).await.expect("survey");
    assert_eq!(c.status, CaseStatus::Investigating, "a survey takes a new case to 核查");
    assert!(c.responded_at.is_some(), "the survey with the resident there is a contact");
    let c = f.step(&c, to(CaseStatus::InProgress).with_note("物业制定整改方案，周内重铺")).await;
    let c = f.step(&c, resolve("物业已重新铺设南门广场路面")).await;
    assert_eq!(c.due_state, DueState::AwaitingFollowUp);
    let c = f.call(&c, answer(true, Satisfaction::Satisfied)).await;
    assert_eq!(c.status, CaseStatus::FollowedUp);

    let d = cases::detail(&f.store, f.actor.station_id, c.id).await.expect("detail");
    let actions: Vec<&str> = d.history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(actions, ["create", "survey", "transition", "transition", "follow_up"]);
    assert_eq!(d.history[2].note.as_deref(), Some("物业制定整改方案，周内重铺"));
    assert_eq!(d.surveys[0].people, "张敏、物业经理李强");
    assert_eq!(d.follow_ups[0].satisfaction, Some(Satisfaction::Satisfied));
    assert_eq!(d.next, [CaseStatus::InProgress, CaseStatus::Closed]);
    // The register's status filter follows the step (the index entry was rewritten).
    let q =
        cases::CaseQuery { status: Some(CaseStatus::FollowedUp), text: Some("积水".into()), ..Default::default() };
    assert_eq!(cases::list(&f.store, f.actor.station_id, &q).await.expect("list").total, 1);
}

#[tokio::test]
async fn refused_steps_name_the_allowed_ones_and_change_nothing() {
    let f = Fixture::new().await;
    let c = f.received("楼道灯不亮", Duration::hours(1), None).await;
    let err = workflow::transition(&f.store, &f.actor, c.id, &to(CaseStatus::Closed)).await.unwrap_err();
    assert_eq!(err.to_string(), "不能从“受理”改为“关闭”。可改为：核查、处理中、办结、挂起、转办、重复");
    let Err(CoreError::Invalid(errors)) =
        workflow::transition(&f.store, &f.actor, c.id, &to(CaseStatus::Resolved)).await
    else {
        panic!("办结 without a resolution was accepted")
    };
    assert_eq!(errors[0].field, "resolution");
    let hold = TransitionRequest { hold_reason: Some("等待施工".into()), ..to(CaseStatus::OnHold) };
    let Err(CoreError::Invalid(errors)) = workflow::transition(&f.store, &f.actor, c.id, &hold).await else {
        panic!("挂起 without a date was accepted")
    };
    assert_eq!(errors[0].field, "holdUntil");
    let after = cases::get(&f.store, f.actor.station_id, c.id).await.expect("get");
    assert_eq!(after.status, CaseStatus::Accepted);
    let d = cases::detail(&f.store, f.actor.station_id, c.id).await.expect("detail");
    assert_eq!(d.history.len(), 1, "refused steps leave no audit row");
}

#[tokio::test]
async fn on_hold_stops_the_clocks_and_resumes_where_it_was() {
    let f = Fixture::new().await;
    let c = f.received("地库台阶改造", Duration::hours(1), None).await;
    let c = f.step(&c, to(CaseStatus::InProgress)).await;
    let due = c.resolve_due_at.expect("due");
    let hold = TransitionRequest {
        hold_reason: Some("等待开发商施工方案".into()),
        hold_until: Some((Utc::now() + Duration::days(10)).date_naive()),
        ..to(CaseStatus::OnHold)
    };
    let c = f.step(&c, hold).await;
    assert_eq!(c.due_state, DueState::OnHold);
    assert_eq!(c.status_before_hold, Some(CaseStatus::InProgress));
    let c = f.step(&c, to(CaseStatus::InProgress)).await;
    assert!(c.resolve_due_at.expect("due") >= due, "resuming never shortens the clock");
    assert_eq!(c.hold_reason, None);
}

#[tokio::test]
async fn deadlines_follow_urgency_category_and_station_limits() {
    let f = Fixture::new().await;
    let mut urgent = case("燃气管道漏气", "");
    urgent.urgency = Urgency::Urgent;
    let u = cases::create(&f.store, &f.actor, urgent).await.expect("create");
    assert_eq!(u.respond_due_at.expect("respond") - u.received_at, Duration::hours(2));
    assert_eq!(u.resolve_due_at.expect("resolve") - u.received_at, Duration::hours(24));

    let water = f.category("供水供电").await;
    let mut w = case("3号楼停水", "");
    w.category_id = Some(water);
    let w = cases::create(&f.store, &f.actor, w).await.expect("create");
    assert_eq!(w.resolve_due_at.expect("resolve") - w.received_at, Duration::hours(24), "utilities: 24 h");

    // The station sets 5 working days for ordinary 物业管理 cases.
    let property = f.category("物业管理").await;
    let limits = Limits { respond: Span::new(1, TimeUnit::WorkingDays), resolve: Span::new(5, TimeUnit::WorkingDays) };
    settings::save_time_limit(&f.store, &f.actor, Some(property), Urgency::Normal, Some(&limits)).await.expect("save");
    let mut p = case("单元门禁损坏", "");
    p.category_id = Some(property);
    let p = cases::create(&f.store, &f.actor, p).await.expect("create");
    let span = p.resolve_due_at.expect("resolve") - p.received_at;
    assert!(span >= Duration::days(5) && span <= Duration::days(15), "5 working days, got {span}");
    let listed = settings::time_limits(&f.store, f.actor.station_id).await.expect("limits");
    assert!(listed.iter().any(|l| l.category_id == Some(property) && !l.built_in && l.limits == limits));

    let bad = Limits { respond: Span::new(0, TimeUnit::Hours), resolve: Span::new(5, TimeUnit::Days) };
    let err = settings::save_time_limit(&f.store, &f.actor, None, Urgency::Normal, Some(&bad)).await.unwrap_err();
    assert!(err.to_string().contains("1 到 1000"), "{err}");
}

#[tokio::test]
async fn duplicates_are_found_while_typing_and_linked_to_the_first_report() {
    let f = Fixture::new().await;
    let square =
        Address { compound: Some("润都荣园".into()), place: Some("南门广场".into()), ..Address::default() };
    let mut first = case("南门广场路面坑洼积水", "");
    first.address = square.clone();
    let first = cases::create(&f.store, &f.actor, first).await.expect("create");
    f.received("楼道灯不亮", Duration::hours(1), None).await;

    let q = SimilarQuery { title: "南门广场积水".into(), address: square.clone(), ..Default::default() };
    let similar = cases::similar(&f.store, f.actor.station_id, &q).await.expect("similar");
    assert_eq!(similar.len(), 1, "{similar:?}");
    assert_eq!(similar[0].case.number, first.number);
    assert!(similar[0].same_place);

    let mut second = case("南门广场积水", "");
    second.address = square;
    let second = cases::create(&f.store, &f.actor, second).await.expect("create");
    let dup = TransitionRequest { duplicate_of: Some(first.number.to_lowercase()), ..to(CaseStatus::Duplicate) };
    let second = f.step(&second, dup).await;
    assert_eq!(second.duplicate_of.as_ref().map(|d| d.number.as_str()), Some(first.number.as_str()));
    let d = cases::detail(&f.store, f.actor.station_id, first.id).await.expect("detail");
    assert_eq!(d.duplicates.len(), 1);
    assert_eq!(d.history.last().map(|h| h.action.as_str()), Some("duplicate_linked"), "both histories kept");
    // The kept case's timeline shows the repeat's steps merged in time order, marked.
    let merged = stationdesk_core::timeline::merged(&f.store, f.actor.station_id, first.id).await.expect("timeline");
    assert_eq!(merged, d.timeline, "the detail carries the merged timeline");
    let from_second: Vec<&str> = merged
        .iter()
        .filter(|t| t.from_case.as_deref() == Some(second.number.as_str()))
        .map(|t| t.entry.action.as_str())
        .collect();
    assert_eq!(from_second, ["create", "transition"], "the repeat's intake and its 重复 step");
    assert_eq!(merged.len(), d.history.len() + 2);
    assert!(merged.windows(2).all(|w| w[0].entry.at <= w[1].entry.at), "in time order");
    assert_eq!(merged.first().map(|t| t.from_case.clone()), Some(None), "the kept case's intake comes first");
}

/// Issue 14: the same problem told in other words at the same 楼栋 is found through its
/// place and description; the same words at another 小区 rank below those at this one.
#[tokio::test]
async fn similar_cases_weigh_the_place_and_the_description() {
    let f = Fixture::new().await;
    let building = |compound: &str| Address {
        compound: Some(compound.into()),
        building: Some("3".into()),
        entrance: Some("2".into()),
        ..Address::default()
    };
    let mut lift = case("电梯故障困人", "");
    lift.description = Some("3号楼2单元电梯停运，老人下楼困难".into());
    lift.address = building("荣傲家园");
    let lift = cases::create(&f.store, &f.actor, lift).await.expect("create");
    let mut there = case("楼道灯不亮", "");
    there.address = building("润都荣园");
    let there = cases::create(&f.store, &f.actor, there).await.expect("create");
    let mut here = case("楼道灯不亮", "");
    here.address = building("荣傲家园");
    let here = cases::create(&f.store, &f.actor, here).await.expect("create");

    let q = SimilarQuery {
        title: "又坏了，下不了楼".into(),
        description: Some("电梯停在5楼不动".into()),
        address: building("荣傲家园"),
    };
    let found = cases::similar(&f.store, f.actor.station_id, &q).await.expect("similar");
    assert_eq!(found.first().map(|s| s.case.number.as_str()), Some(lift.number.as_str()), "{found:?}");
    assert!(found[0].same_place);

    let q = SimilarQuery { title: "楼道灯不亮".into(), address: building("荣傲家园"), ..Default::default() };
    let found = cases::similar(&f.store, f.actor.station_id, &q).await.expect("similar");
    let rank = |id: i64| found.iter().position(|s| s.case.id == id);
    assert!(rank(here.id).is_some() && rank(there.id).is_some(), "{found:?}");
    assert!(rank(here.id) < rank(there.id), "the same words at another 小区 rank lower: {found:?}");
}

#[tokio::test]
async fn the_attention_view_lists_overdue_then_awaiting_follow_up() {
    let f = Fixture::new().await;
    let late = f.received("井盖松动", Duration::days(10), None).await;
    f.received("路灯不亮", Duration::hours(1), None).await;
    let done = f.received("垃圾清运", Duration::hours(2), Some("13812341234")).await;
    f.step(&done, resolve("已清运")).await;
    let page = cases::attention(&f.store, f.actor.station_id, 1, 20).await.expect("attention");
    let numbers: Vec<(&str, DueState)> = page.items.iter().map(|r| (r.number.as_str(), r.due_state)).collect();
    assert_eq!(
        numbers,
        [(late.number.as_str(), DueState::Overdue), (done.number.as_str(), DueState::AwaitingFollowUp)]
    );
    assert_eq!(page.total, 2);
}

#[tokio::test]
async fn the_attention_view_pages_across_its_two_parts() {
    let f = Fixture::new().await;
    let mut overdue = Vec::new();
    for (title, days) in [("井盖松动", 12), ("路面塌陷", 11), ("楼道堆物", 10)] {
        overdue.push(f.received(title, Duration::days(days), None).await.number);
    }
    let mut awaiting = Vec::new();
    for title in ["垃圾清运", "绿化修剪", "路灯更换"] {
        let c = f.received(title, Duration::hours(3), Some("13812341234")).await;
        awaiting.push(f.step(&c, resolve("已处理")).await.number);
    }
    let whole = cases::attention(&f.store, f.actor.station_id, 1, 20).await.expect("attention");
    let all: Vec<String> = whole.items.iter().map(|r| r.number.clone()).collect();
    assert_eq!(all, [overdue.clone(), awaiting.clone()].concat(), "overdue by deadline, then by 办结");
    assert_eq!(whole.total, 6);
    let mut paged = Vec::new();
    for page in 1..=4 {
        let p = cases::attention(&f.store, f.actor.station_id, page, 2).await.expect("page");
        assert_eq!(p.total, 6, "page {page}");
        assert_eq!(p.page, page);
        assert!(p.items.len() == 2 || (page == 4 && p.items.is_empty()), "page {page}: {:?}", p.items.len());
        paged.extend(p.items.into_iter().map(|r| r.number));
    }
    assert_eq!(paged, all, "pages of two, the second one straddling both parts, add up to the whole list");
}

#[tokio::test]
async fn parties_and_attachments_stay_with_the_case() {
    let f = Fixture::new().await;
    let c = f.received("地库台阶改造", Duration::hours(1), None).await;
    let input = PartyInput {
        id: None,
        kind: PartyKind::Property,
        name: "润都荣园物业服务中心".into(),
        contact_person: Some("李强".into()),
        phone: Some("0311 86012345".into()),
        note: None,
        active: true,
    };
    let p = parties::save(&f.store, &f.actor, &input).await.expect("party");
    assert_eq!(p.phone.as_deref(), Some("0311-86012345"));
    let dup = parties::save(&f.store, &f.actor, &input).await.unwrap_err();
    assert!(dup.to_string().contains("名录里已有"), "{dup}");
    parties::link(&f.store, &f.actor, c.id, p.id, Some("负责整改")).await.expect("link");

    let photo = b"\x89PNG\r\n\x1a\n fake photo bytes";
    let a = attachments::add(&f.store, &f.actor, c.id, AttachmentKind::Before, "整改前.png", photo).await.expect("add");
    let (_, bytes) = attachments::content(&f.store, f.actor.station_id, a.id).await.expect("content");
    assert_eq!(bytes, photo);
    let d = cases::detail(&f.store, f.actor.station_id, c.id).await.expect("detail");
    assert_eq!(d.parties[0].role.as_deref(), Some("负责整改"));
    assert_eq!(d.attachments[0].media_type, "image/png");

    // A damaged file beside a SQLite database is reported, not shown (on the server the
    // bytes are rows of the database itself).
    if !f.store.is_postgres() {
        let path = f.store.files_dir().expect("dir").join(&a.sha256[..2]).join(&a.sha256);
        std::fs::write(&path, b"something else").expect("overwrite");
        let err = attachments::content(&f.store, f.actor.station_id, a.id).await.unwrap_err();
        assert!(err.to_string().contains("已损坏"), "{err}");
    }
    attachments::remove(&f.store, &f.actor, a.id).await.expect("remove");
    let d = cases::detail(&f.store, f.actor.station_id, c.id).await.expect("detail");
    assert!(d.attachments.is_empty());
    let too_big = vec![0u8; (attachments::MAX_ATTACHMENT_BYTES + 1) as usize];
    let err = attachments::add(&f.store, &f.actor, c.id, AttachmentKind::Document, "扫描件.pdf", &too_big).await;
    assert!(err.unwrap_err().to_string().contains("超过 20 MB"));
}

/// The scripted history; the expected figures are worked out by hand in the comments.
/// 响应率's "contacted" (DOMAIN.md): for a resident with a phone only a contact answers the
/// respond clock — a recorded contact, a survey with them, a call-back that reached them —
/// never a status change alone; an anonymous note's first step out of 受理 does.
#[tokio::test]
async fn only_a_contact_answers_a_residents_respond_clock() {
    let f = Fixture::new().await;
    let phone = Some("13812341234");
    let moved = f.received("楼道灯不亮", Duration::hours(1), phone).await;
    let moved = f.step(&moved, to(CaseStatus::InProgress)).await;
    assert_eq!(moved.responded_at, None, "a status change is not a contact");
    let survey = NewSurvey {
        people: "张敏、物业经理李强".into(), findings: "三楼灯坏".into(), ..Default::default()
    };
    let moved = workflow::add_survey(&f.store, &f.actor, moved.id, &survey).await.expect("survey");
    assert_eq!(moved.responded_at, None, "a survey without the resident is not a contact");
    let with = NewSurvey { with_resident: true, ..survey.clone() };
    let moved = workflow::add_survey(&f.store, &f.actor, moved.id, &with).await.expect("survey");
    let first = moved.responded_at.expect("the survey with the resident is a contact");
    let moved = workflow::record_contact(&f.store, &f.actor, moved.id, "电话告知维修时间").await.expect("contact");
    assert_eq!(moved.responded_at, Some(first), "the first contact counts");
    let detail = cases::detail(&f.store, f.actor.station_id, moved.id).await.expect("detail");
    assert!(detail.surveys.iter().any(|s| s.with_resident) && detail.surveys.iter().any(|s| !s.with_resident));
    let survey_rows: Vec<_> = detail.history.iter().filter(|h| h.action == "survey").collect();
    assert!(
        survey_rows.iter().any(|h| h.changes.iter().any(|c| c.field == "respondedAt")),
        "the timeline says which step answered the clock"
    );

    let note = f.received("井盖松动", Duration::hours(1), None).await;
    assert!(cases::detail(&f.store, f.actor.station_id, note.id).await.expect("detail").anonymous);
    let note = f.step(&note, to(CaseStatus::Investigating)).await;
    assert!(note.responded_at.is_some(), "an anonymous note has nobody to contact: its first step answers");

    let q = RateQuery { from: Some((Utc::now() - Duration::days(1)).date_naive()), to: None };
    let t = rates::report(&f.store, f.actor.station_id, &q).await.expect("rates").total;
    assert_eq!((t.received, t.responded_in_time), (2, 2));
    // A third, with a phone, moved on but never contacted: received, not responded.
    let silent = f.received("电梯异响", Duration::hours(30), phone).await;
    f.step(&silent, to(CaseStatus::Investigating)).await;
    let t = rates::report(&f.store, f.actor.station_id, &q).await.expect("rates").total;
    assert_eq!((t.received, t.responded_in_time), (3, 2));
}

#[tokio::test]
async fn the_three_rates_on_a_scripted_history() {
    let f = Fixture::new().await;
    let phone = Some("13812341234");
    // A: 1 h ago, steps on without a contact; the call-back reaches the resident now (in
    // time: their first contact), resolved, 满意.
    let a = f.received("A 南门广场积水", Duration::hours(1), phone).await;
    let a = f.step(&a, to(CaseStatus::Investigating)).await;
    let a = f.step(&a, resolve("已修补")).await;
    f.call(&a, answer(true, Satisfaction::Satisfied)).await;
    // B: 3 days ago, first contact is the call now (respond due after 24 h: late). Called:
    // not resolved, 不满意 → reopened; resolved again, called: resolved, 基本满意.
    let b = f.received("B 地库台阶", Duration::days(3), phone).await;
    let b = f.step(&b, to(CaseStatus::InProgress)).await;
    let b = f.step(&b, resolve("第一次整改")).await;
    let reopen =
        NewFollowUp {
            reopen: true, comment: Some("台阶仍然太陡".into()), ..answer(false, Satisfaction::Dissatisfied)
        };
    let b = f.call(&b, reopen).await;
    assert_eq!((b.status, b.reopen_count), (CaseStatus::InProgress, 1));
    let b = f.step(&b, resolve("台阶重建完成")).await;
    f.call(&b, answer(true, Satisfaction::BasicallySatisfied)).await;
    // C: 2 h ago, resident called back now (in time), still open.
    let c = f.received("C 楼道灯", Duration::hours(2), phone).await;
    workflow::record_contact(&f.store, &f.actor, c.id, "电话联系，约定明天维修").await.expect("contact");
    // D: a repeat of A: not a received case of its own, counted as a duplicate.
    let d = f.received("D 南门广场积水", Duration::minutes(30), phone).await;
    f.step(&d, TransitionRequest { duplicate_of: Some(a.number.clone()), ..to(CaseStatus::Duplicate) }).await;
    // E: an anonymous note 10 days ago never acted on: not responded, overdue.
    f.received("E 井盖松动", Duration::days(10), None).await;
    // F: first call not reached (neither a contact nor counted), second reaches the
    // resident now (in time): resolved, 不满意.
    let fc = f.received("F 噪音扰民", Duration::hours(1), phone).await;
    let fc = f.step(&fc, resolve("已劝导")).await;
    let fc = f.call(&fc, NewFollowUp { reached: false, ..NewFollowUp::default() }).await;
    assert_eq!(fc.status, CaseStatus::Resolved, "not reached: stays 办结 for another try");
    f.call(&fc, answer(true, Satisfaction::Dissatisfied)).await;
    // G: anonymous, its first step out of 受理 now answers it (in time), resolved, closed
    // without a call-back.
    let g = f.received("G 垃圾清运", Duration::hours(1), None).await;
    let g = f.step(&g, resolve("已清运")).await;
    let g = f.call(&g, NewFollowUp { without_callback: true, ..NewFollowUp::default() }).await;
    assert_eq!(g.status, CaseStatus::Closed);

    let q = RateQuery { from: Some((Utc::now() - Duration::days(30)).date_naive()), to: None };
    let r = rates::report(&f.store, f.actor.station_id, &q).await.expect("rates");
    let t = &r.total;
    // Received A B C E F G = 6 (D is a duplicate); in time A C F G = 4.
    assert_eq!((t.received, t.duplicates, t.responded_in_time), (6, 1, 4));
    assert_eq!(t.response_rate, Some(4.0 / 6.0));
    // Followed up (reached, latest call per case): A (是, 满意), B (是, 基本满意), F (是, 不满意).
    assert_eq!((t.followed_up, t.resolved_by_resident, t.satisfied), (3, 3, 2));
    assert_eq!(t.resolution_rate, Some(1.0));
    assert_eq!(t.satisfaction_rate, Some(2.0 / 3.0));
    // 办结 in the period: A B F G; overdue: E; reopened: B.
    assert_eq!((t.resolved, t.overdue, t.reopened), (4, 1, 1));
    // Days to 办结: A, F, G under an hour (0.0), B 3 days → median of [0, 0, 0, 3.0] = 0.0.
    assert_eq!(t.median_days_to_resolve, Some(0.0));
    // Whole calendar months around today: the medians come from the kept histogram
    // instead of the cases, with the same answer.
    let today = Utc::now().date_naive();
    let first = (today - Duration::days(60)).with_day(1).expect("first of month");
    let last = (today + Duration::days(62)).with_day(1).expect("first of month") - Duration::days(1);
    let months = rates::report(&f.store, f.actor.station_id, &RateQuery { from: Some(first), to: Some(last) })
        .await
        .expect("rates");
    assert_eq!((months.total.resolved, months.total.median_days_to_resolve), (4, Some(0.0)));
    assert_eq!(months.total.received, 6);
    assert_eq!(r.by_assignee.len(), 1);
    assert_eq!(r.by_assignee[0].label, "未指定承办人");
    assert!(!r.by_month.is_empty());
}

#[tokio::test]
async fn an_empty_period_reports_no_rates_and_a_reversed_one_is_refused() {
    let f = Fixture::new().await;
    let r = rates::report(&f.store, f.actor.station_id, &RateQuery::default()).await.expect("rates");
    assert_eq!(r.total.received, 0);
    assert_eq!(r.total.response_rate, None);
    let today = Utc::now().date_naive();
    let reversed = RateQuery { from: Some(today), to: Some(today - Duration::days(1)) };
    let err = rates::report(&f.store, f.actor.station_id, &reversed).await.unwrap_err();
    assert!(err.to_string().contains("开始日期晚于结束日期"), "{err}");
}

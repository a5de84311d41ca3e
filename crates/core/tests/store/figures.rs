//! Issue 14, "Figures", on either backend: a case held after its deadline stays 超期 in
//! the rates and the register, and steps entered from paper records keep their dates.

use chrono::{Duration, NaiveDate, Utc};
use stationdesk_core::cases::{self, CaseQuery, CaseStatus};
use stationdesk_core::deadlines::DueState;
use stationdesk_core::rates::{self, RateQuery};
use stationdesk_core::workflow::{self, TransitionRequest};

use crate::{Fixture, case};

fn to(status: CaseStatus) -> TransitionRequest {
    TransitionRequest { to: Some(status), ..TransitionRequest::default() }
}

fn hold() -> TransitionRequest {
    TransitionRequest {
        hold_reason: Some("等待物业采购灯具".to_owned()),
        hold_until: NaiveDate::from_ymd_opt(2100, 1, 1),
        ..to(CaseStatus::OnHold)
    }
}

async fn overdue(f: &Fixture) -> u32 {
    let q = RateQuery { from: Some((Utc::now() - Duration::days(60)).date_naive()), to: None };
    rates::report(&f.store, f.actor.station_id, &q).await.expect("rates").total.overdue
}

async fn due_state(f: &Fixture, id: i64) -> DueState {
    let page = cases::list(&f.store, f.actor.station_id, &CaseQuery::default()).await.expect("list");
    page.items.into_iter().find(|r| r.id == id).expect("listed").due_state
}

#[tokio::test]
async fn a_case_held_after_its_deadline_stays_overdue_and_one_held_in_time_does_not() {
    let f = Fixture::new().await;
    let late = cases::create(
        &f.store,
        &f.actor,
        cases::NewCase { received_at: Some(Utc::now() - Duration::days(40)), ..case("楼道灯不亮", "三楼") },
    )
    .await
    .expect("create");
    workflow::transition(&f.store, &f.actor, late.id, &to(CaseStatus::Investigating)).await.expect("核查");
    assert_eq!(overdue(&f).await, 1);
    workflow::transition(&f.store, &f.actor, late.id, &hold()).await.expect("挂起");
    assert_eq!(overdue(&f).await, 1, "holding a late case hid that it was late");
    assert_eq!(due_state(&f, late.id).await, DueState::Overdue);

    let in_time = cases::create(&f.store, &f.actor, case("单元门禁损坏", "二单元")).await.expect("create");
    workflow::transition(&f.store, &f.actor, in_time.id, &hold()).await.expect("挂起");
    assert_eq!(due_state(&f, in_time.id).await, DueState::OnHold);
    assert_eq!(overdue(&f).await, 1);
}

#[tokio::test]
async fn a_step_from_paper_records_keeps_its_date_and_its_bounds() {
    let f = Fixture::new().await;
    let received = (Utc::now() - Duration::days(30)).trunc_subsecs_to_minute();
    let c =
        cases::create(&f.store, &f.actor, cases::NewCase { received_at: Some(received), ..case("路灯不亮", "南门") })
            .await
            .expect("create");
    let contacted = received + Duration::hours(3);
    let after =
        workflow::record_contact_at(&f.store, &f.actor, c.id, "电话联系居民", Some(contacted)).await.expect("contact");
    assert_eq!(after.responded_at, Some(contacted));
    let resolved = received + Duration::days(2);
    let req = TransitionRequest { resolution: Some("已维修".to_owned()), ..to(CaseStatus::Resolved) };
    let early = workflow::transition_at(&f.store, &f.actor, c.id, &req, Some(received + Duration::hours(1))).await;
    assert!(early.expect_err("before the contact").user_message().contains("不能早于本件上一步的时间"));
    let after = workflow::transition_at(&f.store, &f.actor, c.id, &req, Some(resolved)).await.expect("办结");
    assert_eq!(after.resolved_at, Some(resolved));
}

trait Minute {
    fn trunc_subsecs_to_minute(self) -> Self;
}

impl Minute for chrono::DateTime<Utc> {
    fn trunc_subsecs_to_minute(self) -> Self {
        use chrono::{DurationRound, TimeDelta};
        self.duration_trunc(TimeDelta::minutes(1)).unwrap_or(self)
    }
}

//! The monthly work report on a scripted history: its figures are the rates service's
//! and the service counts', the stairs case's drafted paragraph names its real dates and
//! steps, and the PDF and the workbook say the same.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::{DateTime, Datelike, Duration, Utc};
use stationdesk_core::cases::{self, CHINA_OFFSET, CaseStatus, NewCase};
use stationdesk_core::parties::{self, PartyInput, PartyKind};
use stationdesk_core::rates::{self, RateQuery};
use stationdesk_core::report::{self, ReportPeriod, TypicalCase};
use stationdesk_core::schedule::MeetingKind;
use stationdesk_core::schedule::meetings::{self, AgendaItemInput, DecisionInput, MeetingInput, MeetingOutcome};
use stationdesk_core::workflow::{self, NewFollowUp, NewSurvey, Satisfaction, TransitionRequest};

use crate::{Fixture, case};

fn china_day(t: DateTime<Utc>) -> chrono::NaiveDate {
    t.with_timezone(&CHINA_OFFSET).date_naive()
}

async fn party(f: &Fixture, kind: &str, name: &str) -> i64 {
    let input = PartyInput {
        id: None,
        kind: PartyKind::parse(kind).expect("party kind"),
        name: name.to_owned(),
        contact_person: None,
        phone: None,
        note: None,
        active: true,
    };
    parties::save(&f.store, &f.actor, &input).await.expect("party").id
}

/// The stairs case from the seed: received at the desk, surveyed, taken to a 恳谈会 whose
/// decision moved it on, fixed, and called back satisfied. Returns its id and the day it
/// was received.
async fn stairs_case(f: &Fixture) -> (i64, DateTime<Utc>) {
    let received = Utc::now() - Duration::hours(3);
    let input = NewCase {
        received_at: Some(received),
        phone: Some("13812341234".into()),
        resident_name: Some("刘涵".into()),
        category_id: Some(f.category("物业管理").await),
        ..case("地库楼梯台阶过多，老人上下困难", "去车库要先上8级台阶再下8级台阶")
    };
    let c = cases::create(&f.store, &f.actor, input).await.expect("case");
    let survey = NewSurvey {
        surveyed_at: Some(received + Duration::minutes(30)),
        people: "赵子坤、物业经理李强".into(),
        findings: "1至4栋负二层楼梯上下各8级台阶".into(),
        with_resident: false,
    };
    workflow::add_survey(&f.store, &f.actor, c.id, &survey).await.expect("survey");
    let start = received + Duration::hours(1);
    let developer = party(f, "developer", "荣盛房地产开发公司").await;
    let input = MeetingInput {
        kind: MeetingKind::Consultation,
        title: "地下车库楼梯改造恳谈会".into(),
        purpose: None,
        start,
        end: start + Duration::minutes(50),
        place: "微言服务站".into(),
        contact_person: None,
        contact_phone: None,
        party_ids: vec![developer],
        staff_ids: vec![],
        agenda: vec![AgendaItemInput { title: "楼梯改造方案".into(), case_id: Some(c.id), note: None }],
    };
    let m = meetings::create(&f.store, &f.actor, &input).await.expect("meeting").meeting;
    let outcome = MeetingOutcome {
        attended_party_ids: vec![developer],
        decisions: vec![DecisionInput {
            text: "开发商出资改造楼梯".into(),
            case_id: None,
            agenda_item_id: Some(m.agenda[0].id),
            move_case_to: Some(CaseStatus::InProgress),
            case_note: None,
        }],
        ..MeetingOutcome::default()
    };
    meetings::record_outcome(&f.store, &f.actor, m.id, &outcome).await.expect("outcome");
    let fixed = TransitionRequest {
        resolution: Some("21个单元的楼梯全部改造完成".into()),
        ..TransitionRequest::to(CaseStatus::Resolved)
    };
    workflow::transition(&f.store, &f.actor, c.id, &fixed).await.expect("办结");
    let call = NewFollowUp {
        reached: true,
        resolved: Some(true),
        satisfaction: Some(Satisfaction::Satisfied),
        ..NewFollowUp::default()
    };
    workflow::follow_up(&f.store, &f.actor, c.id, &call).await.expect("回访");
    (c.id, received)
}

fn pdf_tool(tool: &str, pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let mut cmd = std::process::Command::new(tool);
    cmd.arg(&path);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd.output().expect("poppler runs");
    assert!(out.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
async fn the_monthly_report_has_the_rates_services_and_the_stairs_case() {
    let f = Fixture::new().await;
    let (stairs, received) = stairs_case(&f).await;
    let other = NewCase {
        received_at: Some(received),
        category_id: Some(f.category("市政设施").await),
        ..case("南门广场路面坑洼积水", "")
    };
    cases::create(&f.store, &f.actor, other).await.expect("second case");
    let day = china_day(received);
    let period = ReportPeriod::Month { year: day.year(), month: day.month() };

    let r = report::work_report(&f.store, f.actor.station_id, period).await.expect("report");
    let (from, to) = period.bounds().expect("bounds");
    let rates = rates::report(&f.store, f.actor.station_id, &RateQuery { from: Some(from), to: Some(to) })
        .await
        .expect("rates");
    assert_eq!(r.figures, rates.total, "the report's figures are the rates service's");
    assert_eq!(r.figures.received, 2);
    assert_eq!(r.figures.resolved, 1);
    assert_eq!(r.rates[0].formula, rates::RESPONSE_RATE_FORMULA);
    assert_eq!(r.rates[2].text, "100.0%", "{:?}", r.rates[2]);
    let names: Vec<(&str, u32)> = r.top_categories.iter().map(|c| (c.name.as_str(), c.received)).collect();
    assert_eq!(names, [("市政设施", 1), ("物业管理", 1)]);
    assert_eq!(r.services.meetings, 1, "the 恳谈会 was held");
    assert_eq!(r.title, format!("荣傲家园社区微言服务站{}年{}月工作报告", day.year(), day.month()));

    let drafted = report::draft_typical_case(&f.store, f.actor.station_id, stairs).await.expect("draft");
    let text = &drafted.text;
    let today = china_day(Utc::now());
    let first = format!("{}年{}月{}日，居民到服务站反映", day.year(), day.month(), day.day());
    assert!(text.starts_with(&first), "{text}");
    for step in [
        "“地库楼梯台阶过多，老人上下困难”",
        "赵子坤、物业经理李强到现场勘查",
        "服务站召开地下车库楼梯改造恳谈会，商定开发商出资改造楼梯",
        &format!("{}月{}日，21个单元的楼梯全部改造完成，诉求办结", today.month(), today.day()),
        "回访，居民表示问题已解决，评价为“满意”",
    ] {
        assert!(text.contains(step), "missing {step}: {text}");
    }
    assert!(!text.contains("刘涵") && !text.contains("1381234"), "no resident's name or phone: {text}");

    let edited =
        TypicalCase { text: format!("{text}群众参与公共事务的积极性更高了。"), ..drafted.clone() };
    let printed = report::pdf(&f.store, f.actor.station_id, &r, &[edited]).await.expect("pdf");
    let pdf_text: String = pdf_tool("pdftotext", &printed.pdf).split_whitespace().collect();
    for expected in [
        r.title.as_str(),
        "一、基本情况",
        "二、诉求办理",
        "三、服务活动",
        "四、典型案例",
        "响应率为",
        "满意率为100.0%（1÷1）",
        "计算方法：满意率=回访评价为",
        "图1受理诉求较多的类别（件）",
        "（一）地库楼梯台阶过多，老人上下困难",
        "群众参与公共事务的积极性更高了。",
    ] {
        assert!(pdf_text.contains(&expected.replace(' ', "")), "PDF lacks {expected}: {pdf_text}");
    }
    let fonts = pdf_tool("pdffonts", &printed.pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty() && rows.iter().all(|l| l.contains(" yes ")), "every font embedded: {fonts}");

    let bytes = report::xlsx(&r).expect("xlsx");
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("calamine opens it");
    let summary = book.worksheet_range("基本情况").expect("summary");
    let value =
        |name: &str| summary.rows().find(|row| row[0] == Data::String(name.to_owned())).map(|row| row[1].clone());
    assert_eq!(value("受理诉求"), Some(Data::Float(2.0)));
    assert_eq!(value("办结"), Some(Data::Float(1.0)));
    assert_eq!(value("会议"), Some(Data::Float(1.0)));
    assert_eq!(value("满意率"), Some(Data::Float(1.0)));
    let categories = book.worksheet_range("诉求类别").expect("categories");
    assert_eq!(categories.get((1, 0)), Some(&Data::String("市政设施".into())));
    assert!(book.worksheet_range("三率统计").is_ok() && book.worksheet_range("服务统计").is_ok());
}

#[tokio::test]
async fn typical_cases_and_periods_out_of_bounds_are_refused() {
    let f = Fixture::new().await;
    let period = ReportPeriod::parse_month("2026-11").expect("month");
    let r = report::work_report(&f.store, f.actor.station_id, period).await.expect("empty month");
    assert_eq!(r.figures.received, 0);
    assert_eq!(r.rates[0].text, "—");
    let six = vec![TypicalCase { case_id: 1, title: "标题".into(), text: "内容".into() }; 6];
    let e = report::pdf(&f.store, f.actor.station_id, &r, &six).await.expect_err("six cases");
    assert!(e.user_message().contains("典型案例最多 5 个"), "{}", e.user_message());
    let far = ReportPeriod::Year { year: 1990 };
    let e = report::work_report(&f.store, f.actor.station_id, far).await.expect_err("1990");
    assert!(e.user_message().contains("超出可用范围"), "{}", e.user_message());
    let e = report::draft_by_numbers(&f.store, f.actor.station_id, &["RA-2026-9999".into()]).await.expect_err("none");
    assert!(e.user_message().contains("找不到诉求 RA-2026-9999"), "{}", e.user_message());
}

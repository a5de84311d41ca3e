//! 操作记录 (issue 12): the station's audit log read back newest first, a page at a time,
//! filtered by who, kind, record and period; its export to .xlsx (recorded, bounded by
//! role); and the phone reveal, refused for 街道 and 只读 and logged for 站长 and 工作人员.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use stationdesk_core::audit_log::{self, AuditQuery, MAX_PAGE_SIZE};
use stationdesk_core::cases::{self, NewCase};
use stationdesk_core::workflow::{self, TransitionRequest};
use stationdesk_core::{Actor, ErrorCode, NaiveDate};
use stationdesk_model::cases::CaseStatus;
use stationdesk_model::roles::{self, Action, Role};

use crate::{Fixture, case};

const PHONE: &str = "13812341234";

fn with_phone(title: &str) -> NewCase {
    NewCase { phone: Some(PHONE.to_owned()), resident_name: Some("王秀英".to_owned()), ..case(title, "5号楼") }
}

fn today(f: &Fixture) -> NaiveDate {
    stationdesk_model::china::china_date(f.store.now())
}

/// Three cases by 赵子坤, one moved on by 钱晓梅: five rows (the station's own first).
async fn seeded(f: &Fixture) -> (Actor, Vec<cases::Case>) {
    let qian = Actor { staff_name: "钱晓梅".to_owned(), role: Role::Staff, ..f.actor.clone() };
    let mut made = Vec::new();
    for title in ["3号楼楼道灯不亮", "小区南门积水", "垃圾清运不及时"] {
        made.push(cases::create(&f.store, &f.actor, with_phone(title)).await.expect("case"));
    }
    let req = TransitionRequest::to(CaseStatus::Investigating).with_note("已派网格员核查");
    workflow::transition(&f.store, &qian, made[1].id, &req).await.expect("transition");
    (qian, made)
}

async fn page(f: &Fixture, query: AuditQuery) -> audit_log::AuditPage {
    audit_log::list(&f.store, &f.actor, &query).await.expect("list")
}

#[tokio::test]
async fn the_log_is_newest_first_and_each_filter_narrows_it() {
    let f = Fixture::new().await;
    let (_, made) = seeded(&f).await;
    let all = page(&f, AuditQuery::default()).await;
    assert!(all.total >= 4, "{}", all.total);
    let first = &all.rows[0];
    assert_eq!((first.staff_name.as_str(), first.action_label.as_str()), ("钱晓梅", "变更状态"));
    assert_eq!(first.record, format!("诉求 {}", made[1].number));
    assert_eq!(first.summary, "状态：受理 → 核查；说明：已派网格员核查");
    assert!(all.rows.windows(2).all(|w| (w[0].at, w[0].id) > (w[1].at, w[1].id)), "newest first");
    // The personal fields the intake filled say so, without their values.
    let created = all.rows.iter().find(|r| r.action == "create" && r.case_number.is_some()).expect("a create");
    assert!(created.summary.contains("联系电话：已填写") && created.summary.contains("居民姓名：已填写"));
    assert!(all.rows.iter().all(|r| !r.summary.contains(PHONE) && !r.summary.contains("王秀英")));

    let who = page(&f, AuditQuery { who: Some("钱晓梅".into()), ..AuditQuery::default() }).await;
    assert_eq!(who.total, 1);
    let kind = page(&f, AuditQuery { kind: Some("create".into()), ..AuditQuery::default() }).await;
    assert!(kind.rows.iter().all(|r| r.action == "create"));
    assert_eq!(kind.rows.iter().filter(|r| r.case_number.is_some()).count(), 3);
    let record = page(&f, AuditQuery { record: Some(made[1].number.clone()), ..AuditQuery::default() }).await;
    assert_eq!(record.total, 2);
    assert!(record.rows.iter().all(|r| r.case_number.as_deref() == Some(made[1].number.as_str())));

    let day = today(&f);
    let on_the_day = page(&f, AuditQuery { from: Some(day), to: Some(day), ..AuditQuery::default() }).await;
    assert_eq!(on_the_day.total, all.total);
    let next = day.succ_opt().expect("tomorrow");
    let later = page(&f, AuditQuery { from: Some(next), ..AuditQuery::default() }).await;
    assert_eq!(later.total, 0);
    let before = page(&f, AuditQuery { to: day.pred_opt(), ..AuditQuery::default() }).await;
    assert_eq!(before.total, 0);
}

#[tokio::test]
async fn pages_are_bounded_and_bad_filters_are_refused_in_chinese() {
    let f = Fixture::new().await;
    seeded(&f).await;
    let all = page(&f, AuditQuery::default()).await;
    let p1 = page(&f, AuditQuery { page: 1, page_size: 2, ..AuditQuery::default() }).await;
    let p2 = page(&f, AuditQuery { page: 2, page_size: 2, ..AuditQuery::default() }).await;
    assert_eq!((p1.rows.len(), p1.total), (2, all.total));
    assert_eq!(p2.rows[0].id, all.rows[2].id);
    let far = page(&f, AuditQuery { page: 99, page_size: 2, ..AuditQuery::default() }).await;
    assert!(far.rows.is_empty());

    let refused = |q: AuditQuery| {
        let store = f.store.clone();
        let actor = f.actor.clone();
        async move { audit_log::list(&store, &actor, &q).await.expect_err("refused").user_message() }
    };
    let big = refused(AuditQuery { page_size: MAX_PAGE_SIZE + 1, ..AuditQuery::default() }).await;
    assert!(big.contains("每页最多 200 条"), "{big}");
    let kind = refused(AuditQuery { kind: Some("drop".into()), ..AuditQuery::default() }).await;
    assert!(kind.contains("没有“drop”这种操作类型"), "{kind}");
    let record = refused(AuditQuery { record: Some("RA-2020-9999".into()), ..AuditQuery::default() }).await;
    assert!(record.contains("找不到诉求 RA-2020-9999"), "{record}");
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
    let backwards = refused(AuditQuery { from: d(2026, 12, 5), to: d(2026, 12, 1), ..AuditQuery::default() }).await;
    assert!(backwards.contains("开始日期晚于结束日期"), "{backwards}");
    let ancient = refused(AuditQuery { from: d(1999, 1, 1), ..AuditQuery::default() }).await;
    assert!(ancient.contains("超出可用范围"), "{ancient}");
    let long = refused(AuditQuery { who: Some("长".repeat(41)), ..AuditQuery::default() }).await;
    assert!(long.contains("最多 40 个字"), "{long}");
}

#[tokio::test]
async fn a_phone_is_revealed_only_to_who_may_and_every_reveal_is_logged() {
    let f = Fixture::new().await;
    let (qian, made) = seeded(&f).await;
    let id = made[0].id;
    // The detail carries the mask only.
    let detail = cases::detail(&f.store, f.actor.station_id, id).await.expect("detail");
    assert_eq!(detail.case.phone.as_deref(), Some("138****1234"));
    for role in [Role::ReadOnly, Role::District, Role::Volunteer] {
        let who = Actor { role, ..f.actor.clone() };
        let e = audit_log::reveal_phone(&f.store, &who, id).await.expect_err("refused");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        assert_eq!(e.user_message(), roles::refusal(role, Action::PhoneReveal));
    }
    let reveals = AuditQuery { kind: Some("phone_reveal".into()), ..AuditQuery::default() };
    assert_eq!(page(&f, reveals.clone()).await.total, 0, "a refused reveal logs nothing");

    assert_eq!(audit_log::reveal_phone(&f.store, &f.actor, id).await.expect("站长"), PHONE);
    assert_eq!(audit_log::reveal_phone(&f.store, &qian, id).await.expect("工作人员"), PHONE);
    let logged = page(&f, reveals).await;
    assert_eq!(logged.total, 2);
    let names: Vec<&str> = logged.rows.iter().map(|r| r.staff_name.as_str()).collect();
    assert_eq!(names, ["钱晓梅", "赵子坤"]);
    assert!(
        logged.rows.iter().all(|r| r.action_label == "查看完整电话" && r.record == format!("诉求 {}", made[0].number))
    );
    // On the case's timeline too, labelled by the model, and the number is in no row.
    let detail = cases::detail(&f.store, f.actor.station_id, id).await.expect("detail");
    let shown: Vec<_> = detail.history.iter().filter(|h| h.action == "phone_reveal").collect();
    assert_eq!(shown.len(), 2);
    assert!(shown.iter().all(|h| h.action_label == "查看完整电话" && h.changes.is_empty() && h.note.is_none()));
    let json = serde_json::to_string(&detail).expect("json");
    assert!(!json.contains(PHONE), "the detail carries the full number");

    let no_phone = cases::create(&f.store, &f.actor, case("路灯不亮", "7号楼")).await.expect("case");
    let e = audit_log::reveal_phone(&f.store, &f.actor, no_phone.id).await.expect_err("no phone");
    assert!(e.user_message().contains("没有登记联系电话"), "{}", e.user_message());
}

#[tokio::test]
async fn the_export_holds_the_filtered_rows_and_is_itself_recorded() {
    let f = Fixture::new().await;
    let (qian, made) = seeded(&f).await;
    audit_log::reveal_phone(&f.store, &f.actor, made[2].id).await.expect("reveal");
    let query = AuditQuery { record: Some(made[1].number.clone()), page_size: 1, ..AuditQuery::default() };
    let export = audit_log::export_xlsx(&f.store, &f.actor, &query).await.expect("export");
    assert_eq!(export.rows, 2, "the page size does not cut an export");
    assert!(export.file_name.starts_with("操作记录-") && export.file_name.ends_with(".xlsx"));
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(export.bytes)).expect("calamine opens it");
    let sheet = book.worksheet_range("操作记录").expect("sheet");
    let cells: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| if let Data::String(s) = c { s.clone() } else { String::new() }).collect())
        .collect();
    assert!(cells[0][0].contains(&made[1].number) && cells[0][0].contains("共 2 条"), "{:?}", cells[0]);
    assert_eq!(cells[1], ["时间", "操作人", "操作", "记录", "变更摘要"]);
    assert_eq!(cells.len(), 4);
    assert_eq!(cells[2][1..4], ["钱晓梅", "变更状态", &format!("诉求 {}", made[1].number)]);
    assert_eq!(cells[3][2], "新建");

    // The export itself is in the log: who, how many rows, which filter.
    let exports = page(&f, AuditQuery { kind: Some("audit_export".into()), ..AuditQuery::default() }).await;
    assert_eq!(exports.total, 1);
    let row = &exports.rows[0];
    assert_eq!((row.staff_name.as_str(), row.record.as_str()), ("赵子坤", "操作记录"));
    assert!(row.summary.contains("行数：2") && row.summary.contains(&made[1].number), "{}", row.summary);

    // 工作人员 may not read the log, 只读 may read it but not export it.
    let e = audit_log::export_xlsx(&f.store, &qian, &query).await.expect_err("staff");
    assert_eq!(e.user_message(), roles::refusal(Role::Staff, Action::AuditRead));
    let reader = Actor { role: Role::ReadOnly, ..f.actor.clone() };
    assert!(audit_log::list(&f.store, &reader, &AuditQuery::default()).await.is_ok());
    let e = audit_log::export_xlsx(&f.store, &reader, &query).await.expect_err("read-only");
    assert_eq!(e.user_message(), roles::refusal(Role::ReadOnly, Action::Export));
    let exports = page(&f, AuditQuery { kind: Some("audit_export".into()), ..AuditQuery::default() }).await;
    assert_eq!(exports.total, 1, "a refused export records nothing");
}

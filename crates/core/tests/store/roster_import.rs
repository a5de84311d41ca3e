//! An event's sign-up roster (报名名单) in from a sheet as a building leader keeps it: a
//! title row, the header, phones written with spaces, consent in words; everyone or nobody,
//! the same sheet twice adds nobody, and beyond the capacity residents wait in sheet order.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use rust_xlsxwriter::Workbook;
use stationdesk_core::ledger::LedgerFile;
use stationdesk_core::schedule::events::{self, EventInput, SignupInput};
use stationdesk_core::schedule::{EventKind, SignupStatus, china_date, china_time, roster};
use stationdesk_core::{Actor, CoreError, ErrorCode};
use stationdesk_model::roles::Role;

use crate::Fixture;

const HEADER: [&str; 6] = ["序号", "姓名", "楼栋", "联系电话", "是否同意", "备注"];

fn sheet(header: &[&str], rows: &[[&str; 6]]) -> LedgerFile {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "12月义诊报名名单（3号楼）").expect("title");
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            // A phone typed into Excel is a number, as staff's sheets hold it.
            if let Ok(n) = v.parse::<f64>()
                && v.len() == 11
            {
                ws.write_number(2 + r as u32, c as u16, n).expect("cell");
            } else {
                ws.write_string(2 + r as u32, c as u16, *v).expect("cell");
            }
        }
    }
    LedgerFile { name: "义诊报名名单.xlsx".to_owned(), bytes: book.save_to_buffer().expect("xlsx") }
}

const ROWS: [[&str; 6]; 4] = [
    ["1", "刘涵", "3-2-301", "13912345678", "同意", "行动不便"],
    ["2", "张桂兰", "3-1-102", "138 0000 1111", "是", ""],
    ["3", "李秀英", "3-1-201", "", "√", ""],
    ["4", "王建国", "3-2-502", "13700002222", "已同意", "要测血糖"],
];

fn next_thursday() -> NaiveDate {
    let mut d = china_date(Utc::now()) + Duration::days(7);
    while d.weekday() != Weekday::Thu {
        d += Duration::days(1);
    }
    d
}

async fn event(f: &Fixture, kind: EventKind, capacity: Option<u32>) -> (i64, chrono::DateTime<Utc>) {
    let day = next_thursday();
    let nine = NaiveTime::from_hms_opt(9, 0, 0).expect("time");
    let eleven = NaiveTime::from_hms_opt(11, 0, 0).expect("time");
    let input = EventInput {
        kind,
        title: if kind == EventKind::Clinic { "社区义诊" } else { "书法兴趣班" }.into(),
        start: china_time(day, nine),
        end: china_time(day, eleven),
        place: "服务站".into(),
        partner_ids: vec![],
        partners: vec![],
        staff_ids: vec![],
        volunteers: vec![],
        description: None,
        rrule: None,
        exdates: vec![],
        skip_holidays: false,
        capacity,
        audience: None,
        bring: None,
        link: None,
    };
    let saved = events::create(&f.store, &f.actor, &input).await.expect("event");
    (saved.event.id, china_time(day, nine))
}

async fn signups(f: &Fixture, id: i64, at: chrono::DateTime<Utc>) -> Vec<(String, SignupStatus)> {
    let d = events::occurrence(&f.store, f.actor.station_id, id, at).await.expect("occurrence");
    d.signups.into_iter().map(|s| (s.name, s.status)).collect()
}

#[tokio::test]
async fn a_roster_signs_up_everyone_once_and_the_last_ones_wait() {
    let f = Fixture::new().await;
    let (id, at) = event(&f, EventKind::Clinic, Some(3)).await;
    // 刘涵 signed up at the desk already, with the same phone.
    let desk = SignupInput {
        event_id: id,
        occurrence_start: at,
        name: "刘涵".into(),
        phone: Some("13912345678".into()),
        note: None,
        consent: true,
    };
    events::sign_up(&f.store, &f.actor, &desk).await.expect("desk sign-up");

    let file = sheet(&HEADER, &ROWS);
    let dry = roster::import(&f.store, &f.actor, id, at, &file, true).await.expect("dry run");
    assert_eq!(dry.title, "社区义诊");
    assert_eq!(dry.added, ["张桂兰", "李秀英", "王建国"]);
    assert_eq!((dry.waitlisted, dry.already), (1, 1));
    assert_eq!(signups(&f, id, at).await.len(), 1, "a dry run signed someone up");

    let done = roster::import(&f.store, &f.actor, id, at, &file, false).await.expect("import");
    assert_eq!(done, dry);
    assert_eq!(
        signups(&f, id, at).await,
        [
            ("刘涵".to_owned(), SignupStatus::Confirmed),
            ("张桂兰".to_owned(), SignupStatus::Confirmed),
            ("李秀英".to_owned(), SignupStatus::Confirmed),
            ("王建国".to_owned(), SignupStatus::Waitlisted),
        ]
    );
    let d = events::occurrence(&f.store, f.actor.station_id, id, at).await.expect("occurrence");
    let zhang = d.signups.iter().find(|s| s.name == "张桂兰").expect("张桂兰");
    assert_eq!(zhang.phone_masked.as_deref(), Some("138****1111"), "the phone with spaces is tidied");
    let wang = d.signups.iter().find(|s| s.name == "王建国").expect("王建国");
    assert_eq!(wang.note.as_deref(), Some("要测血糖"));

    // The same sheet again adds nobody.
    let again = roster::import(&f.store, &f.actor, id, at, &file, false).await.expect("again");
    assert!(again.added.is_empty());
    assert_eq!(again.already, 4);
    assert_eq!(signups(&f, id, at).await.len(), 4);
}

#[tokio::test]
async fn a_roster_with_a_wrong_row_signs_up_nobody_and_names_the_rows() {
    let f = Fixture::new().await;
    let (id, at) = event(&f, EventKind::Clinic, None).await;
    let mut rows = ROWS.to_vec();
    rows.push(["5", "赵敏", "", "1234", "同意", ""]);
    rows.push(["6", "", "", "13811112222", "同意", ""]);
    rows.push(["7", "孙丽", "", "", "待定", ""]);
    rows.push(["8", "周强", "", "", "不同意", ""]);
    let Err(CoreError::Invalid(errors)) =
        roster::import(&f.store, &f.actor, id, at, &sheet(&HEADER, &rows), false).await
    else {
        panic!("a wrong roster was imported");
    };
    let text: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert!(text[0].starts_with("第 7 行：电话号码格式不正确"), "{text:?}");
    assert_eq!(text[1], "第 8 行：请填写报名人姓名");
    assert_eq!(text[2], "第 9 行：“是否同意”填的是“待定”，请填“同意”或“不同意”");
    assert_eq!(text[3], "第 10 行：居民未同意记录个人信息，不能报名健康类活动");
    assert_eq!(text[4], "共 4 处有误，整个名单未导入任何一人：请改正后重新导入");
    assert!(signups(&f, id, at).await.is_empty(), "a refused roster signed someone up");

    // A 义诊 roster without a consent column is refused as a whole; a 文化活动 needs none.
    let no_consent = ["序号", "姓名", "楼栋", "联系电话", "房号", "备注"];
    let e = roster::import(&f.store, &f.actor, id, at, &sheet(&no_consent, &ROWS), true).await.expect_err("consent");
    assert!(e.user_message().contains("请在名单里加一列“是否同意”"), "{}", e.user_message());
    let (culture, at2) = event(&f, EventKind::Culture, None).await;
    let ok =
        roster::import(&f.store, &f.actor, culture, at2, &sheet(&no_consent, &ROWS), false).await.expect("culture");
    assert_eq!(ok.added.len(), 4);

    // A sheet that is not a roster, and a role that may not sign anyone up.
    let e =
        roster::import(&f.store, &f.actor, id, at, &sheet(&["单位名称", "类型"], &[]), true).await.expect_err("header");
    assert!(e.user_message().contains("找不到报名名单的表头"), "{}", e.user_message());
    let reader = Actor { role: Role::ReadOnly, ..f.actor.clone() };
    let e = roster::import(&f.store, &reader, id, at, &sheet(&HEADER, &ROWS), false).await.expect_err("role");
    assert_eq!(e.code(), ErrorCode::Forbidden);
}

//! Issue 11, Excel ledgers in and out, on either backend: a ledger as staff write it is
//! imported field by field, importing it again adds nothing, one bad row imports nothing,
//! and the exported register reads back with its header, masked phones, colours and
//! frozen header.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook};
use stationdesk_core::cases::{self, CHINA_OFFSET, CaseQuery, CaseStatus, Channel};
use stationdesk_core::ledger::export::{ExportOptions, export};
use stationdesk_core::ledger::{self, ImportOptions, LedgerFile, Numbering};
use stationdesk_core::rates::{self, RateQuery};
use stationdesk_core::workflow::{self, Satisfaction, TransitionRequest};

use crate::{Fixture, case};

const HEADER: [&str; 14] = [
    "序号",
    "受理日期",
    "来源",
    "姓名",
    "联系电话",
    "地址",
    "诉求内容",
    "类别",
    "承办人",
    "办理情况",
    "办结时间",
    "回访情况",
    "满意度",
    "备注",
];

/// One ledger row: text cells, except a real Excel date where `real_date` is given.
struct Row<'a> {
    cells: [&'a str; 14],
    real_date: Option<(u16, u8, u8)>,
}

/// A ledger as staff keep it: a merged title row naming the year, a line of who filled it
/// in, the header on row 3, a blank row between cases, dates typed every way.
fn staff_ledger(rows: &[Row<'_>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let title = Format::new().set_bold().set_align(FormatAlign::Center);
    ws.merge_range(0, 0, 0, 13, "荣傲家园社区微言服务站诉求台账（2025年）", &title).expect("title");
    ws.write_string(1, 0, "填报单位：荣傲家园社区    填报人：赵子坤").expect("line");
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(2, c as u16, *h).expect("header");
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (i, row) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        for (c, v) in row.cells.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r, c as u16, *v).expect("cell");
            }
        }
        if let Some((y, m, d)) = row.real_date {
            let when = ExcelDateTime::from_ymd(y, m, d).expect("date");
            ws.write_datetime_with_format(r, 1, &when, &date).expect("date cell");
        }
    }
    book.save_to_buffer().expect("xlsx")
}

fn good_rows() -> Vec<Row<'static>> {
    vec![
        Row {
            cells: [
                "1",
                "2025.3.5",
                "意见箱",
                "刘涵",
                "138 1234 1234",
                "润都荣园1号楼2单元301",
                "南门广场坑洼积水。下雨后积水没过脚面，老人孩子出入不便",
                "市政设施",
                "赵子坤",
                "已办结",
                "2025年3月9日",
                "已回访，问题已解决",
                "满意",
                "",
            ],
            real_date: None,
        },
        Row { cells: [""; 14], real_date: None },
        Row {
            cells: [
                "2",
                "",
                "电话",
                "王建国",
                "0311-86012345",
                "荣傲家园3栋1单元",
                "地库楼梯台阶过多，老人上下困难",
                "物业管理",
                "",
                "处理中",
                "",
                "",
                "",
                "",
            ],
            real_date: Some((2025, 3, 6)),
        },
        Row {
            cells: [
                "３",
                "２０２５年３月８日",
                "微信",
                "",
                "１３９００００１１１１",
                "南门广场",
                "夜间广场舞噪音大",
                "",
                "",
                "办结",
                "2025-03-10",
                "",
                "不满意",
                "",
            ],
            real_date: None,
        },
        Row { cells: ["", "", "", "", "", "", "", "", "", "", "", "", "", "填表人：赵子坤"], real_date: None },
    ]
}

fn file(name: &str, bytes: Vec<u8>) -> LedgerFile {
    LedgerFile { name: name.to_owned(), bytes }
}

fn china(t: DateTime<Utc>) -> String {
    t.with_timezone(&CHINA_OFFSET).format("%Y-%m-%d %H:%M").to_string()
}

async fn count(f: &Fixture) -> u32 {
    cases::list(&f.store, f.actor.station_id, &CaseQuery::default()).await.expect("list").total
}

#[tokio::test]
async fn a_ledger_as_staff_write_it_is_imported_field_by_field_and_counts_in_its_months() {
    let f = Fixture::new().await;
    let ledger = file("诉求台账2025.xlsx", staff_ledger(&good_rows()));
    let options = ImportOptions::default();

    let preview = ledger::preview(&f.store, f.actor.station_id, &ledger, &options).await.expect("preview");
    assert_eq!(preview.mapping.header_row, 3);
    assert_eq!((preview.ready, preview.refused_rows, preview.skipped), (3, 0, 2), "{:?}", preview.refused);
    assert_eq!(preview.first[0].number.as_deref(), Some("RA-2025-0001"));
    assert_eq!(preview.first[0].phone_masked.as_deref(), Some("138****1234"));
    assert_eq!(count(&f).await, 0, "a preview saved something");

    let report = ledger::import(&f.store, &f.actor, &ledger, &options).await.expect("import");
    assert_eq!((report.imported, report.already_imported), (3, 0));

    let one = cases::get_by_number(&f.store, f.actor.station_id, "RA-2025-0001").await.expect("case 1");
    assert_eq!(china(one.received_at), "2025-03-05 00:00");
    assert_eq!(one.channel, Channel::SuggestionBox);
    assert_eq!(one.resident_name.as_deref(), Some("刘涵"));
    assert_eq!(one.phone.as_deref(), Some("13812341234"));
    assert_eq!(one.address.display(), "润都荣园1栋2单元301室");
    assert_eq!(one.title, "南门广场坑洼积水");
    assert_eq!(one.description.as_deref(), Some("南门广场坑洼积水。下雨后积水没过脚面，老人孩子出入不便"));
    assert_eq!(one.category_name.as_deref(), Some("市政设施"));
    assert_eq!(one.assignee_name.as_deref(), Some("赵子坤"));
    assert_eq!(one.status, CaseStatus::FollowedUp);
    assert_eq!(one.resolved_at.map(china).as_deref(), Some("2025-03-09 00:00"));
    let detail = cases::detail(&f.store, f.actor.station_id, one.id).await.expect("detail");
    assert_eq!(detail.follow_ups.len(), 1);
    assert_eq!(detail.follow_ups[0].satisfaction, Some(Satisfaction::Satisfied));
    assert!(detail.history.iter().any(|h| h.action == "import"), "no audit row says where it came from");

    let two = cases::get_by_number(&f.store, f.actor.station_id, "RA-2025-0002").await.expect("case 2");
    assert_eq!(china(two.received_at), "2025-03-06 00:00", "a real Excel date");
    assert_eq!(two.status, CaseStatus::InProgress);
    assert_eq!(two.phone.as_deref(), Some("0311-86012345"));
    assert_eq!(two.address.building.as_deref(), Some("3"));

    let three = cases::get_by_number(&f.store, f.actor.station_id, "RA-2025-0003").await.expect("case 3");
    assert_eq!(china(three.received_at), "2025-03-08 00:00", "full-width digits");
    assert_eq!(three.phone.as_deref(), Some("13900001111"));
    assert_eq!(three.address.place.as_deref(), Some("南门广场"));
    assert_eq!(three.status, CaseStatus::FollowedUp);

    // The figures of March 2025, from the rates service: three received, two followed up,
    // one satisfied, two resolved.
    let march = RateQuery { from: NaiveDate::from_ymd_opt(2025, 3, 1), to: NaiveDate::from_ymd_opt(2025, 3, 31) };
    let r = rates::report(&f.store, f.actor.station_id, &march).await.expect("rates");
    assert_eq!(
        (r.total.received, r.total.followed_up, r.total.satisfied, r.total.resolved),
        (3, 2, 1, 2),
        "{:?}",
        r.total
    );
    assert_eq!(r.total.satisfaction_rate, Some(0.5));

    // A new case after the import takes the next number of its year.
    let next = cases::create(
        &f.store,
        &f.actor,
        cases::NewCase {
            received_at: NaiveDate::from_ymd_opt(2025, 4, 1).and_then(|d| d.and_hms_opt(2, 0, 0)).map(|t| t.and_utc()),
            ..case("楼道灯不亮", "三楼")
        },
    )
    .await
    .expect("create");
    assert_eq!(next.number, "RA-2025-0004");
}

#[tokio::test]
async fn importing_the_same_file_twice_adds_nothing() {
    let f = Fixture::new().await;
    let ledger = file("诉求台账2025.xlsx", staff_ledger(&good_rows()));
    let options = ImportOptions { numbering: Numbering::New, ..ImportOptions::default() };
    ledger::import(&f.store, &f.actor, &ledger, &options).await.expect("first import");
    let again = ledger::import(&f.store, &f.actor, &ledger, &options).await.expect("second import");
    assert_eq!((again.imported, again.already_imported), (0, 3));
    assert_eq!(count(&f).await, 3);
    let preview = ledger::preview(&f.store, f.actor.station_id, &ledger, &options).await.expect("preview");
    assert_eq!((preview.ready, preview.already_imported), (0, 3));
}

#[tokio::test]
async fn a_file_with_one_bad_row_imports_nothing_and_names_that_row() {
    let f = Fixture::new().await;
    let mut rows = good_rows();
    rows[3].cells[1] = "2025.2.30";
    rows[3].cells[4] = "12345";
    let ledger = file("诉求台账2025.xlsx", staff_ledger(&rows));
    let preview =
        ledger::preview(&f.store, f.actor.station_id, &ledger, &ImportOptions::default()).await.expect("preview");
    assert_eq!((preview.ready, preview.refused_rows), (2, 1));
    assert_eq!(preview.refused.len(), 2);
    assert_eq!(preview.refused[0].row, 7);
    assert_eq!(preview.refused[0].column.as_deref(), Some("B（受理日期）"));
    assert_eq!(preview.refused[1].column.as_deref(), Some("E（联系电话）"));

    let err = ledger::import(&f.store, &f.actor, &ledger, &ImportOptions::default()).await.expect_err("refused");
    let message = err.user_message();
    assert!(message.contains("第 7 行 B（受理日期） 列：日期“2025.2.30”不存在"), "{message}");
    assert!(message.contains("未导入任何一行"), "{message}");
    assert_eq!(count(&f).await, 0, "a refused file left cases behind");
    let march = RateQuery { from: NaiveDate::from_ymd_opt(2025, 3, 1), to: NaiveDate::from_ymd_opt(2025, 3, 31) };
    let r = rates::report(&f.store, f.actor.station_id, &march).await.expect("rates");
    assert_eq!(r.total.received, 0, "a refused file left figures behind");
}

#[tokio::test]
async fn a_gbk_csv_ledger_is_imported() {
    let f = Fixture::new().await;
    let text = "荣傲家园社区微言服务站诉求台账（2025年）,,,,\n\
                序号,日期,来源,电话,问题描述,办理情况\n\
                1,3月5日,来访,13812341234,\"单元门禁损坏，外来人员随意进出\",受理\n\
                ,,,,,\n\
                2,2025/3/7 9:30,12345热线,,楼顶漏水,挂起\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    let ledger = file("台账.csv", gbk.into_owned());
    let report = ledger::import(&f.store, &f.actor, &ledger, &ImportOptions::default()).await.expect("import");
    assert_eq!(report.imported, 2);
    let one = cases::get_by_number(&f.store, f.actor.station_id, "RA-2025-0001").await.expect("case 1");
    assert_eq!(china(one.received_at), "2025-03-05 00:00", "the year from the title row");
    assert_eq!(one.title, "单元门禁损坏，外来人员随意进出");
    let two = cases::get_by_number(&f.store, f.actor.station_id, "RA-2025-0002").await.expect("case 2");
    assert_eq!(china(two.received_at), "2025-03-07 09:30");
    assert_eq!((two.channel, two.status), (Channel::Hotline12345, CaseStatus::OnHold));
}

fn sheet_xml(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("xlsx is a zip");
    let mut xml = String::new();
    zip.by_name(name).expect("sheet part").read_to_string(&mut xml).expect("xml");
    xml
}

#[tokio::test]
async fn the_exported_register_reads_back_with_header_masked_phones_colours_and_frozen_header() {
    let f = Fixture::new().await;
    let late = cases::create(
        &f.store,
        &f.actor,
        cases::NewCase {
            received_at: Some(Utc::now() - Duration::days(40)),
            phone: Some("13812341234".into()),
            ..case("楼道灯不亮", "三楼")
        },
    )
    .await
    .expect("late case");
    let done = cases::create(&f.store, &f.actor, case("路灯不亮", "南门")).await.expect("case");
    // Two steps: the register shows the later one.
    let start = TransitionRequest { to: Some(CaseStatus::InProgress), ..Default::default() };
    workflow::transition(&f.store, &f.actor, done.id, &start).await.expect("处理中");
    let req = TransitionRequest {
        to: Some(CaseStatus::Resolved),
        resolution: Some("已更换灯泡".into()),
        ..Default::default()
    };
    workflow::transition(&f.store, &f.actor, done.id, &req).await.expect("办结");

    let bytes = export(&f.store, &f.actor, &CaseQuery::default(), &ExportOptions::default()).await.expect("export");
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).expect("calamine opens it");
    assert_eq!(book.sheet_names()[..2], ["诉求台账", "三率统计"]);
    let range = book.worksheet_range("诉求台账").expect("register");
    let header: Vec<String> = range.rows().next().expect("header").iter().map(|d| d.to_string()).collect();
    assert_eq!(&header[..5], ["编号", "受理时间", "来源", "姓名", "电话"]);
    let row_of = |number: &str| range.rows().position(|r| r[0] == Data::String(number.to_owned())).expect("row");
    let late_row = row_of(&late.number);
    assert_eq!(range.rows().nth(late_row).expect("row")[4], Data::String("138****1234".into()));
    assert_eq!(range.rows().nth(late_row).expect("row")[12], Data::String("已超期".into()));
    let done_row = row_of(&done.number);
    assert!(done_row < late_row, "newest first, as in the register");
    let latest = range.rows().nth(done_row).expect("row")[20].to_string();
    assert!(latest.contains("状态变更 → 办结"), "latest step: {latest}");

    let styles = book.worksheet_style("诉求台账").expect("styles");
    let fill = |row: usize| {
        styles
            .get((row as u32, 0))
            .and_then(|s| s.fill.as_ref())
            .and_then(|f| f.foreground_color.or(f.background_color))
            .map(|c| (c.red, c.green, c.blue))
    };
    assert_eq!(fill(late_row), Some((0xFF, 0xC7, 0xCE)), "the overdue row is not red");
    assert_eq!(fill(done_row), Some((0xC6, 0xEF, 0xCE)), "the resolved row is not green");
    assert!(sheet_xml(&bytes, "xl/worksheets/sheet1.xml").contains(r#"state="frozen""#), "the header is not frozen");

    let full =
        export(&f.store, &f.actor, &CaseQuery::default(), &ExportOptions { full_phones: true }).await.expect("export");
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(full)).expect("calamine opens it");
    let range = book.worksheet_range("诉求台账").expect("register");
    assert!(range.rows().any(|r| r[4] == Data::String("13812341234".into())), "full phones were not written");

    // The filter and search of the register apply.
    let q = CaseQuery { text: Some("路灯".into()), ..CaseQuery::default() };
    let only = export(&f.store, &f.actor, &q, &ExportOptions::default()).await.expect("export");
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(only)).expect("calamine opens it");
    let range = book.worksheet_range("诉求台账").expect("register");
    assert_eq!(range.height(), 2, "header and the one case found");
    let rates_sheet = book.worksheet_range("三率统计").expect("rates");
    assert_eq!(rates_sheet.rows().next().expect("header")[3], Data::String("响应率".into()));
}

#[tokio::test]
async fn kept_numbers_are_the_ledgers_and_a_number_in_use_is_a_refused_row() {
    let f = Fixture::new().await;
    let mut rows = good_rows();
    rows[0].cells[0] = "7";
    rows[2].cells[0] = "RA-2025-0008";
    rows[3].cells[0] = "";
    let kept = file("诉求台账2025.xlsx", staff_ledger(&rows));
    ledger::import(&f.store, &f.actor, &kept, &ImportOptions::default()).await.expect("import");
    let numbers: Vec<String> = cases::list(&f.store, f.actor.station_id, &CaseQuery::default())
        .await
        .expect("list")
        .items
        .into_iter()
        .map(|r| r.number)
        .collect();
    // Newest first: the row without a 序号 got the next number after the kept ones.
    assert_eq!(numbers, ["RA-2025-0009", "RA-2025-0008", "RA-2025-0007"]);

    // The same rows under another file name would repeat the numbers: refused, by row.
    let copy = file("诉求台账2025（副本）.xlsx", staff_ledger(&rows));
    let err = ledger::import(&f.store, &f.actor, &copy, &ImportOptions::default()).await.expect_err("in use");
    assert!(
        err.user_message().contains("第 4 行 A（序号） 列：编号 RA-2025-0007 已被本站的另一件诉求使用"),
        "{}",
        err.user_message()
    );
    let fresh = ImportOptions { numbering: Numbering::New, ..ImportOptions::default() };
    let report = ledger::import(&f.store, &f.actor, &copy, &fresh).await.expect("new numbers");
    assert_eq!(report.imported, 3);
    assert_eq!(count(&f).await, 6);
    cases::get_by_number(&f.store, f.actor.station_id, "RA-2025-0012").await.expect("numbered after the last");
}

/// The window's progress bar: the core says it is checking, then how many rows are saved,
/// every few hundred, up to all of them; and only then are they in the register.
#[tokio::test]
async fn a_large_import_reports_how_far_it_is() {
    let from = Fixture::new().await;
    stationdesk_core::demo::load(&from.store, &from.actor, 450, 7, false).await.expect("demo");
    let bytes = export(&from.store, &from.actor, &CaseQuery::default(), &ExportOptions { full_phones: true })
        .await
        .expect("export");
    let f = Fixture::new().await;
    let mut heard: Vec<(u32, u32, String)> = Vec::new();
    let report = ledger::import_reporting(
        &f.store,
        &f.actor,
        &file("台账.xlsx", bytes),
        &ImportOptions::default(),
        &mut |p| heard.push((p.done, p.total, p.label)),
    )
    .await
    .expect("import");
    assert_eq!(report.imported, 450);
    assert_eq!(heard.first(), Some(&(0, 0, "正在读取并检查台账的每一行…".to_owned())));
    assert_eq!(heard.last(), Some(&(450, 450, "正在保存：450 / 450 条".to_owned())));
    assert!(heard.iter().skip(1).all(|(_, total, _)| *total == 450), "{heard:?}");
    let saving: Vec<u32> = heard.iter().skip(1).map(|(done, _, _)| *done).collect();
    assert!(saving.windows(2).all(|w| w[0] <= w[1]), "{saving:?}");
    assert!(saving.iter().filter(|d| **d > 0 && **d < 450).count() >= 3, "too few steps: {saving:?}");
    assert_eq!(count(&f).await, 450);
    // Their search entries are written after the rows (newest first in the ledger): every
    // word finds as many cases as in the register the ledger came from.
    for word in ["噪", "积水", "楼道感应灯", "王"] {
        let query = CaseQuery { text: Some(word.to_owned()), ..CaseQuery::default() };
        let there = cases::list(&from.store, from.actor.station_id, &query).await.expect("search there").total;
        let here = cases::list(&f.store, f.actor.station_id, &query).await.expect("search here").total;
        assert!(there > 0, "no demo case has {word}");
        assert_eq!(here, there, "{word}");
    }
}

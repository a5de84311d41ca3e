//! The parties directory (相关方名录) in from a sheet as staff keep it: a title row, the
//! header, kinds written in their own words; all rows or none, and the same sheet twice
//! adds nothing.

use rust_xlsxwriter::Workbook;
use stationdesk_core::CoreError;
use stationdesk_core::ledger::LedgerFile;
use stationdesk_core::parties::{self, PartyKind};

use crate::Fixture;

fn sheet(rows: &[[&str; 6]]) -> LedgerFile {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "荣傲家园社区相关方名录（2026年）").expect("title");
    for (c, h) in ["序号", "单位名称", "类型", "联系人", "联系电话", "备注"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(2 + r as u32, c as u16, *v).expect("cell");
            }
        }
    }
    LedgerFile { name: "相关方名录.xlsx".to_owned(), bytes: book.save_to_buffer().expect("xlsx") }
}

const GOOD: [[&str; 6]; 4] = [
    ["1", "润都荣园物业服务中心", "物业公司", "王经理", "138 1234 5678", "每周二例会"],
    ["2", "荣盛房地产开发有限公司", "开发商", "李工", "", ""],
    ["3", "社区卫生服务站", "卫生", "", "010-6543 2100", "义诊合作"],
    ["4", "3号楼居民代表 张秀英", "", "", "", ""],
];

#[tokio::test]
async fn a_directory_sheet_adds_every_party_once() {
    let f = Fixture::new().await;
    let file = sheet(&GOOD);
    let dry = parties::import(&f.store, &f.actor, &file, true).await.expect("dry run");
    assert_eq!(dry.added.len(), 4);
    assert!(parties::list(&f.store, f.actor.station_id).await.expect("list").is_empty(), "a dry run saved");

    let report = parties::import(&f.store, &f.actor, &file, false).await.expect("import");
    assert_eq!(
        report.added,
        ["润都荣园物业服务中心", "荣盛房地产开发有限公司", "社区卫生服务站", "3号楼居民代表 张秀英"]
    );
    let list = parties::list(&f.store, f.actor.station_id).await.expect("list");
    let got: Vec<(&str, PartyKind, Option<&str>, Option<&str>)> =
        list.iter().map(|p| (p.name.as_str(), p.kind, p.contact_person.as_deref(), p.phone.as_deref())).collect();
    assert!(
        got.contains(&("润都荣园物业服务中心", PartyKind::Property, Some("王经理"), Some("13812345678"))),
        "{got:?}"
    );
    assert!(got.contains(&("荣盛房地产开发有限公司", PartyKind::Developer, Some("李工"), None)), "{got:?}");
    assert!(got.contains(&("社区卫生服务站", PartyKind::Hospital, None, Some("010-65432100"))), "{got:?}");
    assert!(got.contains(&("3号楼居民代表 张秀英", PartyKind::Other, None, None)), "{got:?}");

    // The same sheet again, and a longer one: only the new party is added.
    let again = parties::import(&f.store, &f.actor, &file, false).await.expect("again");
    assert_eq!((again.added.len(), again.already), (0, 4));
    let mut more = GOOD.to_vec();
    more.push(["5", "自来水公司客服", "供水", "", "0311-86012345", ""]);
    let more = parties::import(&f.store, &f.actor, &sheet(&more), false).await.expect("more");
    assert_eq!((more.added, more.already), (vec!["自来水公司客服".to_owned()], 4));
    assert_eq!(parties::list(&f.store, f.actor.station_id).await.expect("list").len(), 5);
}

#[tokio::test]
async fn a_sheet_with_a_wrong_row_saves_nothing_and_names_the_rows() {
    let f = Fixture::new().await;
    let mut rows = GOOD.to_vec();
    rows.push(["5", "某某公司", "合作伙伴关系", "", "", ""]);
    rows.push(["6", "某某物业", "物业", "", "12345", ""]);
    let Err(CoreError::Invalid(errors)) = parties::import(&f.store, &f.actor, &sheet(&rows), false).await else {
        panic!("a sheet with wrong rows was taken");
    };
    let messages: Vec<String> = errors.into_iter().map(|e| e.message).collect();
    assert!(messages[0].starts_with("第 7 行：类型“合作伙伴关系”不认识，可填 物业、开发商"), "{messages:?}");
    assert!(messages[1].starts_with("第 8 行：") && messages[1].contains("电话"), "{messages:?}");
    assert_eq!(messages.last().map(String::as_str), Some("共 2 处有误，整个名录未导入任何一行：请改正后重新导入"));
    assert!(parties::list(&f.store, f.actor.station_id).await.expect("list").is_empty(), "half the sheet was saved");

    // A case ledger is not a directory: said, not guessed.
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["序号", "受理日期", "诉求内容"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    let file = LedgerFile { name: "台账.xlsx".to_owned(), bytes: book.save_to_buffer().expect("xlsx") };
    let e = parties::import(&f.store, &f.actor, &file, false).await.expect_err("not a directory");
    assert!(e.user_message().contains("找不到相关方名录的表头"), "{}", e.user_message());
}

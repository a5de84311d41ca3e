//! Issue 11, Excel ledgers: `import cases FILE [--mapping] [--dry-run]` and
//! `export cases --out X.xlsx`, with one Chinese line naming the row and column of a bad file.

use crate::{initialised, run, stderr, stdout};

/// A UTF-8 CSV ledger with a BOM, as Excel's "CSV UTF-8" saves it; the content column is
/// headed 反映问题 and a note column 说明 that a mapping file moves.
const LEDGER: &str = "\u{feff}序号,日期,来源,联系电话,反映问题,说明,办理情况,办结时间,满意度\n\
    1,2025.3.5,来访,13812341234,楼道灯不亮,三楼,已办结,2025.3.6,满意\n\
    2,2025.3.7,电话,,单元门禁损坏,,处理中,,\n";

#[test]
fn import_dry_run_then_import_then_export_with_a_mapping_file() {
    let (dir, db) = initialised();
    let ledger = dir.path().join("台账.csv");
    std::fs::write(&ledger, LEDGER).expect("ledger");
    let mapping = dir.path().join("mapping.json");
    std::fs::write(&mapping, r#"{"F": "ignore", "反映问题": "content"}"#).expect("mapping");
    let ledger = ledger.to_str().expect("path");
    let mapping = mapping.to_str().expect("path");

    let o = run(&db, &["import", "cases", ledger, "--mapping", mapping, "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("E 反映问题 → 诉求内容"), "{out}");
    assert!(out.contains("F 说明 → 不导入"), "{out}");
    assert!(out.contains("可导入 2 行"), "{out}");
    let o = run(&db, &["case", "list"]);
    assert!(stdout(&o).contains("共 0 条"), "a dry run saved cases");

    let o = run(&db, &["import", "cases", ledger, "--mapping", mapping]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已导入 2 条诉求"), "{}", stdout(&o));
    let o = run(&db, &["import", "cases", ledger, "--mapping", mapping]);
    assert!(stdout(&o).contains("已导入 0 条诉求") && stdout(&o).contains("略过 2 行"), "{}", stdout(&o));
    let o = run(&db, &["case", "show", "RA-2025-0001"]);
    assert!(stdout(&o).contains("[已回访] 楼道灯不亮"), "{}", stdout(&o));

    let out = dir.path().join("台账导出.xlsx");
    let o = run(&db, &["export", "cases", "--out", out.to_str().expect("path"), "--status", "处理中"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::metadata(&out).is_ok_and(|m| m.len() > 1000), "no .xlsx written");
    let logged = |db: &std::path::Path| stdout(&run(db, &["audit", "list", "--kind", "phone_export"]));
    assert!(logged(&db).contains("共 0 条"), "a masked export is not a look at phones: {}", logged(&db));
    // Full numbers are a look at every listed resident's phone: logged, the numbers not.
    let o = run(&db, &["export", "cases", "--out", out.to_str().expect("path"), "--full-phones"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = logged(&db);
    assert!(text.contains("导出完整电话  诉求台账  行数：2") && text.contains("共 1 条"), "{text}");
    assert!(!text.contains("13812341234"), "{text}");
}

#[test]
fn a_bad_file_gets_one_chinese_line_naming_the_row_and_column() {
    let (dir, db) = initialised();
    let ledger = dir.path().join("台账.csv");
    std::fs::write(&ledger, LEDGER.replace("2025.3.7", "2025.3.77")).expect("ledger");
    let o = run(&db, &["import", "cases", ledger.to_str().expect("path")]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("第 3 行 B（日期） 列：日期“2025.3.77”不存在"), "{err}");
    assert!(err.contains("未导入任何一行"), "{err}");
    let o = run(&db, &["case", "list"]);
    assert!(stdout(&o).contains("共 0 条"), "a refused file left cases behind");

    let not_a_ledger = dir.path().join("照片.xlsx");
    std::fs::write(&not_a_ledger, b"PK\x03\x04not really").expect("file");
    let o = run(&db, &["import", "cases", not_a_ledger.to_str().expect("path")]);
    let err = stderr(&o);
    assert!(!o.status.success() && err.contains("不是有效的 .xlsx 文件"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

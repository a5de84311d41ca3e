//! `audit verify`: a clean log says how many rows it checked; a row changed behind the
//! program's back (the SQLite trigger dropped, the row updated, the trigger put back) is
//! named with its id and the command exits non-zero.

use crate::{initialised, run, stderr, stdout};

fn forge(db: &std::path::Path, sql: &str) {
    use sqlx::ConnectOptions;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new().filename(db).connect().await.expect("open");
        let batch = format!(
            "DROP TRIGGER audit_log_no_update; {sql};
             CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
             BEGIN SELECT RAISE(ABORT, '操作记录只能追加，不能修改或删除'); END;"
        );
        sqlx::raw_sql(sqlx::AssertSqlSafe(batch)).execute(&mut conn).await.expect("forge");
    });
}

#[test]
fn verify_reports_a_clean_log_and_names_a_forged_row() {
    let (_dir, db) = initialised();
    let o = run(&db, &["case", "add", "--title", "南门广场积水", "--channel", "意见箱"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&db, &["audit", "verify"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已校验") && stdout(&o).contains("未发现改动"), "{}", stdout(&o));

    forge(&db, "UPDATE audit_log SET changes = '[]' WHERE id = (SELECT max(id) FROM audit_log)");
    let o = run(&db, &["audit", "verify", "--json"]);
    assert!(!o.status.success(), "a forged row verified");
    let checks: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let broken = &checks[0]["broken"];
    assert_eq!(broken["faultLabel"], "内容被改动", "{checks}");
    let id = broken["id"].as_i64().expect("id");
    assert!(
        stderr(&o).contains(&format!("操作记录校验未通过：荣傲家园社区微言服务站：第 {id} 号操作记录内容被改动")),
        "{}",
        stderr(&o)
    );
}

//! Issue 12: the audit log's hash chain finds a row changed behind the program's back, a
//! row removed from the middle and rows cut from the end; and no audit row holds a
//! resident's phone number or name. Rows are forged the only way left: on SQLite with
//! the trigger dropped and put back, on PostgreSQL as the owner with the trigger disabled.

use sqlx::Connection;
use stationdesk_core::cases::{self, CaseStatus};
use stationdesk_core::workflow::{self, TransitionRequest};
use stationdesk_core::{ChainCheck, Location};

use crate::{Fixture, case, test_server};

/// A raw connection that may rewrite the log: the SQLite file, or the server's owner.
enum Owner {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

impl Owner {
    async fn connect(f: &Fixture) -> Self {
        match &f.location {
            Location::SqliteFile(path) => Self::Sqlite(
                sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.expect("connect"),
            ),
            Location::Postgres(url) => {
                let server = test_server().expect("test server");
                let (_, _, _, db) = url.parts().expect("parts");
                Self::Postgres(sqlx::PgConnection::connect(&format!("{server}/{db}")).await.expect("connect as owner"))
            }
        }
    }

    /// Runs a rewrite of audit_log past its guard.
    async fn forge(&mut self, sql: &str) {
        match self {
            Self::Sqlite(c) => {
                let batch = format!(
                    "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; {sql};
                     CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                     BEGIN SELECT RAISE(ABORT, '操作记录只能追加，不能修改或删除'); END;
                     CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                     BEGIN SELECT RAISE(ABORT, '操作记录只能追加，不能修改或删除'); END;"
                );
                sqlx::raw_sql(sqlx::AssertSqlSafe(batch)).execute(c).await.expect("forge on SQLite");
            }
            Self::Postgres(c) => {
                let batch = format!(
                    "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; {sql};
                     ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;"
                );
                sqlx::raw_sql(sqlx::AssertSqlSafe(batch)).execute(c).await.expect("forge on PostgreSQL");
            }
        }
    }

    async fn count(&mut self, sql: &str) -> i64 {
        let q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.to_owned()));
        match self {
            Self::Sqlite(c) => q.fetch_one(c).await.expect("count"),
            Self::Postgres(c) => {
                sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.to_owned())).fetch_one(c).await.expect("count")
            }
        }
    }
}

/// A case and a few steps on it: the audit rows' ids, oldest first.
async fn some_history(f: &Fixture) -> Vec<i64> {
    let c = cases::create(&f.store, &f.actor, case("南门广场积水", "雨后积水，老人出行不便")).await.expect("case");
    workflow::transition(&f.store, &f.actor, c.id, &TransitionRequest::to(CaseStatus::Investigating))
        .await
        .expect("investigate");
    workflow::record_contact(&f.store, &f.actor, c.id, "电话告知居民，明天上门").await.expect("contact");
    let mut owner = Owner::connect(f).await;
    let n = owner.count("SELECT count(*) FROM audit_log").await;
    assert!(n >= 4, "{n} audit rows");
    let detail = f.store.audit_history(f.actor.station_id, "case", c.id).await.expect("history");
    detail.iter().map(|e| e.id).collect()
}

async fn only(f: &Fixture, whole: bool) -> ChainCheck {
    let mut all = f.store.verify_audit_chains(whole).await.expect("verify");
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

#[tokio::test]
async fn issue_12_a_clean_log_verifies() {
    let f = Fixture::new().await;
    some_history(&f).await;
    let check = only(&f, true).await;
    assert_eq!(check.broken, None, "{}", check.message());
    assert!(check.checked >= 4, "{check:?}");
    assert!(check.message().contains("未发现改动"), "{}", check.message());
    // Written again after the check: the tail since the checkpoint verifies too.
    some_history(&f).await;
    let tail = only(&f, false).await;
    assert!(tail.from_checkpoint && tail.broken.is_none(), "{tail:?}");
    // Only the three rows written since: a case, its step and its contact.
    assert_eq!(tail.checked, 3, "{tail:?}");
}

#[tokio::test]
async fn issue_12_rows_from_before_the_upgrade_are_counted_not_checked() {
    let f = Fixture::new().await;
    some_history(&f).await;
    // Two rows as an older StationDesk wrote them (no hash), before the chain's first row.
    let mut owner = Owner::connect(&f).await;
    owner
        .forge(&format!(
            "INSERT INTO audit_log (id, station_id, at, staff_name, entity, entity_id, action, changes)
             VALUES (-2, {0}, '2025-07-09T01:30:00+00:00', '赵子坤', 'case', 1, 'create', '[]'),
                    (-1, {0}, '2025-07-09T01:31:00+00:00', '赵子坤', 'case', 1, 'contact', '[]')",
            f.actor.station_id
        ))
        .await;
    let check = only(&f, true).await;
    assert_eq!((check.broken.clone(), check.before_chain), (None, 2), "{check:?}");
    assert!(check.message().contains("另有 2 条升级前的记录，未纳入校验链"), "{}", check.message());
}

#[tokio::test]
async fn issue_12_a_forged_row_is_found_with_its_id() {
    let f = Fixture::new().await;
    let ids = some_history(&f).await;
    let forged = ids[1];
    let mut owner = Owner::connect(&f).await;
    owner.forge(&format!("UPDATE audit_log SET note = '无需处理' WHERE id = {forged}")).await;
    let check = only(&f, true).await;
    let broken = check.broken.clone().expect("the forged row goes unnoticed");
    assert_eq!((broken.id, broken.fault_label.as_str()), (forged, "内容被改动"), "{check:?}");
    assert!(check.message().contains(&format!("第 {forged} 号操作记录内容被改动")), "{}", check.message());
    assert!(check.message().contains("赵子坤"), "{}", check.message());
}

#[tokio::test]
async fn issue_12_a_deleted_middle_row_is_found() {
    let f = Fixture::new().await;
    let ids = some_history(&f).await;
    let mut owner = Owner::connect(&f).await;
    owner.forge(&format!("DELETE FROM audit_log WHERE id = {}", ids[1])).await;
    let broken = only(&f, true).await.broken.expect("the gap goes unnoticed");
    assert_eq!((broken.id, broken.fault_label.as_str()), (ids[2], "缺少记录"));
    assert_eq!(broken.detail, format!("第 {} 号操作记录之前缺少记录", ids[2]));
}

#[tokio::test]
async fn issue_12_rows_cut_from_the_end_are_found_at_the_next_check() {
    let f = Fixture::new().await;
    let ids = some_history(&f).await;
    assert_eq!(only(&f, true).await.broken, None);
    let mut owner = Owner::connect(&f).await;
    let last = *ids.last().expect("rows");
    owner.forge(&format!("DELETE FROM audit_log WHERE id = {last}")).await;
    let broken = only(&f, false).await.broken.expect("the cut goes unnoticed");
    assert_eq!(broken.fault_label, "缺少记录");
    assert_eq!(broken.id, ids[ids.len() - 2]);
    assert!(broken.detail.contains("之后缺少记录"), "{}", broken.detail);
}

#[tokio::test]
async fn issue_12_no_audit_row_holds_a_residents_phone_or_name() {
    let f = Fixture::new().await;
    let mut input = case("楼道堆放杂物", "三单元楼道里堆满纸箱，欧阳娜娜担心起火");
    input.resident_name = Some("欧阳娜娜".to_owned());
    input.phone = Some("13912345678".to_owned());
    let c = cases::create(&f.store, &f.actor, input).await.expect("case");
    workflow::record_contact(&f.store, &f.actor, c.id, "已联系居民，约好周五清理").await.expect("contact");
    workflow::transition(&f.store, &f.actor, c.id, &TransitionRequest::to(CaseStatus::Investigating))
        .await
        .expect("investigate");
    let mut owner = Owner::connect(&f).await;
    let leaks = owner
        .count("SELECT count(*) FROM audit_log WHERE changes LIKE '%13912345678%' OR changes LIKE '%欧阳娜娜%'")
        .await;
    assert_eq!(leaks, 0, "the phone or the name is in the audit log");
    // The timeline still says what was recorded, and the work stays in clear.
    let history = f.store.audit_history(f.actor.station_id, "case", c.id).await.expect("history");
    let created = history.iter().find(|e| e.action == "create").expect("create row");
    let phone = created.changes.iter().find(|ch| ch.field == "phone").expect("phone is recorded as set");
    assert!(phone.redacted && phone.after.is_none(), "{phone:?}");
    let title = created.changes.iter().find(|ch| ch.field == "title").expect("title");
    assert_eq!(title.after.as_deref(), Some("楼道堆放杂物"));
    // The case itself keeps them.
    let kept = cases::get(&f.store, f.actor.station_id, c.id).await.expect("case");
    assert_eq!(kept.phone.as_deref(), Some("13912345678"));
}

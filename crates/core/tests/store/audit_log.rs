//! Issue 12, "An audit log nobody can rewrite": the database itself refuses to change or
//! remove an audit row, whoever asks. Raw SQL through the program's own login (the SQLite
//! file; the station's server login) and, on PostgreSQL, the district administrator's.

use sqlx::Connection;
use stationdesk_core::cases;
use stationdesk_core::{CoreError, Location};

use crate::{Fixture, case, test_server};

const REFUSED: &str = "操作记录只能追加，不能修改或删除：本次修改未保存";

type AuditRow = (i64, String, String, Option<String>);

const ROWS: &str = "SELECT id, action, changes, note FROM audit_log ORDER BY id";

enum Raw {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

impl Raw {
    async fn connect(url: &str) -> Self {
        if url.starts_with("postgres") {
            Self::Postgres(sqlx::PgConnection::connect(url).await.expect("connect"))
        } else {
            Self::Sqlite(sqlx::SqliteConnection::connect(url).await.expect("connect"))
        }
    }

    async fn execute(&mut self, sql: &'static str) -> Result<u64, sqlx::Error> {
        match self {
            Self::Sqlite(c) => sqlx::query(sql).execute(c).await.map(|r| r.rows_affected()),
            Self::Postgres(c) => sqlx::query(sql).execute(c).await.map(|r| r.rows_affected()),
        }
    }

    async fn rows(&mut self) -> Vec<AuditRow> {
        match self {
            Self::Sqlite(c) => sqlx::query_as(ROWS).fetch_all(c).await.expect("rows"),
            Self::Postgres(c) => sqlx::query_as(ROWS).fetch_all(c).await.expect("rows"),
        }
    }
}

/// Every way to rewrite the log is refused in Chinese, and the rows are as they were.
async fn refuses_every_rewrite(raw: &mut Raw, who: &str) {
    let before = raw.rows().await;
    assert!(!before.is_empty(), "no audit rows to protect");
    let mut attempts = vec![
        "UPDATE audit_log SET changes = '{}', note = '改过' WHERE id = (SELECT min(id) FROM audit_log)",
        "UPDATE audit_log SET staff_name = '别人'",
        "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
        "DELETE FROM audit_log",
    ];
    if matches!(raw, Raw::Postgres(_)) {
        attempts.push("TRUNCATE audit_log");
    }
    for sql in attempts {
        let err = raw.execute(sql).await.expect_err(&format!("{who}: {sql} went through"));
        assert_eq!(CoreError::from(err).user_message(), REFUSED, "{who}: {sql}");
    }
    assert_eq!(raw.rows().await, before, "{who}: the audit rows changed");
    // Appending still works (the program's one way of writing it).
    let added = raw
        .execute(
            "INSERT INTO audit_log (station_id, at, staff_name, entity, entity_id, action, changes)
             SELECT station_id, at, staff_name, entity, entity_id, 'test_append', '{}' FROM audit_log
             WHERE id = (SELECT min(id) FROM audit_log)",
        )
        .await;
    assert_eq!(added.expect("append"), 1, "{who}");
}

#[tokio::test]
async fn issue_12_a_raw_update_or_delete_of_the_audit_log_is_refused() {
    let f = Fixture::new().await;
    cases::create(&f.store, &f.actor, case("南门广场积水", "雨后积水，老人出行不便")).await.expect("case");
    let url = match &f.location {
        Location::SqliteFile(path) => format!("sqlite://{}", path.display()),
        Location::Postgres(url) => url.expose().to_owned(),
    };
    let mut raw = Raw::connect(&url).await;
    refuses_every_rewrite(&mut raw, "the station's own login").await;
    if let Raw::Postgres(c) = &mut raw {
        // Refused by privilege, not only by the trigger: the login has no such right.
        let rights: (bool, bool, bool, bool) = sqlx::query_as(
            "SELECT has_table_privilege('audit_log', 'UPDATE'), has_table_privilege('audit_log', 'DELETE'),
                    has_table_privilege('audit_log', 'TRUNCATE'), has_table_privilege('audit_log', 'INSERT')",
        )
        .fetch_one(c)
        .await
        .expect("privileges");
        assert_eq!(rights, (false, false, false, true), "UPDATE, DELETE, TRUNCATE, INSERT on audit_log");
    }

    // The district administrator owns the tables (no privilege can be taken from an
    // owner): the triggers refuse it all the same.
    if let (Some(server), Location::Postgres(url)) = (test_server(), &f.location) {
        let (_, _, _, db) = url.parts().expect("parts");
        let mut owner = Raw::connect(&format!("{server}/{db}")).await;
        refuses_every_rewrite(&mut owner, "district administrator").await;
    }

    // The program goes on writing its log as before.
    let reopened = f.reopen().await;
    cases::create(&reopened, &f.actor, case("楼道灯不亮", "三楼")).await.expect("a case after the refusals");
    assert_eq!(reopened.integrity_check().await.expect("check"), "ok");
}

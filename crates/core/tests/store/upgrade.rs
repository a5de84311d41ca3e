//! Upgrades keep every record: each fixture in `tests/fixtures/` was made by a released
//! program (`stationdesk-<version>.db`, see its README) and dumped right after
//! (`stationdesk-<version>.expected.json`, by `tests/fixtures/dump.py`). Opening a copy
//! with this build migrates it; every row of every table the release had must still be
//! there, unchanged, and every attachment's bytes. And a database written by a newer
//! program is refused and left as it was.

use sha2::{Digest, Sha256};
use sqlx::{ConnectOptions, Connection};
use stationdesk_core::cases::{self, CaseQuery};
use stationdesk_core::{Location, Store, station};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::test_server;

/// Tables renamed since a release: (name in the fixture, name now). None yet; a migration
/// that renames a table adds its pair here, with the migration's name in a comment.
const RENAMED: &[(&str, &str)] = &[];

/// Tables whose rows a later migration may add to (never change or remove): the
/// migrations' own bookkeeping.
const GROWING: &[&str] = &["_sqlx_migrations"];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// Every `stationdesk-<version>.db` with its expected dump.
fn fixtures() -> Vec<(PathBuf, PathBuf)> {
    let mut found: Vec<(PathBuf, PathBuf)> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "db")
                && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("stationdesk-"))
        })
        .map(|db| {
            let expected = db.with_extension("expected.json");
            assert!(expected.is_file(), "{} has no expected dump {}", db.display(), expected.display());
            (db, expected)
        })
        .collect();
    found.sort();
    found
}

#[derive(Debug, serde::Deserialize)]
struct Dump {
    tables: BTreeMap<String, Table>,
    attachments: BTreeMap<String, String>,
}

#[derive(Debug, serde::Deserialize)]
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// Copies the fixture and its attachment folder into `dir` under the same names.
fn copy_fixture(db: &Path, dir: &Path) -> PathBuf {
    let target = dir.join(db.file_name().expect("name"));
    std::fs::copy(db, &target).expect("copy fixture");
    let files = db.with_extension("files");
    if files.is_dir() {
        copy_dir(&files, &target.with_extension("files"));
    }
    target
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy");
        }
    }
}

async fn read_only(path: &Path) -> sqlx::SqliteConnection {
    sqlx::sqlite::SqliteConnectOptions::new().filename(path).read_only(true).connect().await.expect("open read-only")
}

/// The rows of `table` as SQLite's quote() writes each of `columns`, sorted as the dump is.
async fn rows(conn: &mut sqlx::SqliteConnection, table: &str, columns: &[String]) -> Vec<Vec<String>> {
    let select = columns.iter().map(|c| format!("quote(\"{c}\")")).collect::<Vec<_>>().join(", ");
    let sql = format!("SELECT {select} FROM \"{table}\"");
    let mut out: Vec<Vec<String>> = Vec::new();
    for row in sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&mut *conn).await.expect("read table") {
        use sqlx::Row;
        out.push((0..columns.len()).map(|i| row.get::<String, _>(i)).collect());
    }
    out.sort();
    out
}

async fn columns_of(conn: &mut sqlx::SqliteConnection, table: &str) -> Vec<String> {
    let rows: Vec<(String,)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT name FROM pragma_table_xinfo('{table}') WHERE hidden = 0")))
            .fetch_all(&mut *conn)
            .await
            .expect("columns");
    rows.into_iter().map(|(c,)| c).collect()
}

/// Compares every table of `expected` with the database at `path`; returns what differs.
async fn differences(path: &Path, expected: &Dump, exact: bool) -> Vec<String> {
    let mut conn = read_only(path).await;
    let mut wrong = Vec::new();
    for (name, table) in &expected.tables {
        let now = RENAMED.iter().find(|(old, _)| old == name).map_or(name.as_str(), |(_, new)| new);
        let have = columns_of(&mut conn, now).await;
        if have.is_empty() {
            wrong.push(format!("table {name} is gone"));
            continue;
        }
        let missing: Vec<&String> = table.columns.iter().filter(|c| !have.contains(c)).collect();
        if !missing.is_empty() {
            wrong.push(format!("table {name}: columns gone: {missing:?}"));
            continue;
        }
        let actual = rows(&mut conn, now, &table.columns).await;
        let lost: Vec<&Vec<String>> = table.rows.iter().filter(|r| actual.binary_search(r).is_err()).collect();
        let added: Vec<&Vec<String>> = actual.iter().filter(|r| table.rows.binary_search(r).is_err()).collect();
        let may_grow = !exact && GROWING.contains(&name.as_str());
        if !lost.is_empty() || (!added.is_empty() && !may_grow) || (!may_grow && actual.len() != table.rows.len()) {
            wrong.push(format!(
                "table {name}: {} rows expected, {} now; lost or changed: {:?}; new or changed: {:?}",
                table.rows.len(),
                actual.len(),
                lost.iter().take(3).collect::<Vec<_>>(),
                added.iter().take(3).collect::<Vec<_>>()
            ));
        }
    }
    let _ = conn.close().await;
    wrong
}

fn column(table: &Table, name: &str) -> usize {
    table.columns.iter().position(|c| c == name).unwrap_or_else(|| panic!("no column {name}"))
}

fn sha256_of(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn every_released_database_opens_with_every_record_unchanged() {
    if test_server().is_some() {
        return;
    }
    let fixtures = fixtures();
    assert!(!fixtures.is_empty(), "no fixture database in tests/fixtures");
    for (fixture, expected_json) in fixtures {
        let name = fixture.display().to_string();
        let expected: Dump =
            serde_json::from_str(&std::fs::read_to_string(&expected_json).expect("read dump")).expect("parse dump");
        assert!(expected.tables.get("cases").is_some_and(|t| !t.rows.is_empty()), "{name}: the dump has no cases");
        // The fixture itself is what was dumped.
        assert_eq!(differences(&fixture, &expected, true).await, Vec::<String>::new(), "{name} is not its dump");

        let dir = tempfile::tempdir().expect("temp dir");
        let db = copy_fixture(&fixture, dir.path());
        let (store, report) = Store::open(&Location::SqliteFile(db.clone())).await.expect("the current build opens it");
        assert_eq!(store.integrity_check().await.expect("check"), "ok", "{name}");
        // The search index (not in the dump) still finds each case by its title.
        let st = station::current(&store).await.expect("station");
        let cases = &expected.tables["cases"];
        let (id, title) = (column(cases, "id"), column(cases, "title"));
        for row in cases.rows.iter().step_by(7) {
            let title = row[title].trim_matches('\'').replace("''", "'");
            let query = CaseQuery { text: Some(title.clone()), page: 1, page_size: 100, ..CaseQuery::default() };
            let found = cases::list(&store, st.id, &query).await.expect("search");
            assert!(
                found.items.iter().any(|c| c.id.to_string() == row[id]),
                "{name}: searching {title} does not find case {}",
                row[id]
            );
        }
        store.close().await;

        let wrong = differences(&db, &expected, false).await;
        assert!(wrong.is_empty(), "{name} after the upgrade:\n{}", wrong.join("\n"));

        // Every attachment's bytes, where the migrated database looks for them.
        let files = db.with_extension("files");
        for (sha, content) in &expected.attachments {
            assert_eq!(&sha256_of(&files.join(&sha[..2]).join(sha)), content, "{name}: attachment {sha}");
        }

        // Migrations applied: a copy was made first, holding exactly the fixture's records.
        if report.applied_migrations.is_empty() {
            assert!(report.backup.is_none(), "{name}: a copy made with nothing to migrate");
        } else {
            let copy = report.backup.expect("a pre-upgrade copy");
            let copy_name = copy.file_name().expect("name").to_string_lossy().into_owned();
            assert!(copy_name.contains(".before-v") && copy_name.ends_with(".db"), "{copy_name}");
            let wrong = differences(&copy, &expected, true).await;
            assert!(wrong.is_empty(), "{name}: the pre-upgrade copy {copy_name} differs:\n{}", wrong.join("\n"));
        }
        // No temporary copy left beside it.
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("read")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".part-"))
            .collect();
        assert!(left.is_empty(), "{name}: {left:?}");
    }
}

/// A migration no release has: as if a newer StationDesk had written the database.
const FUTURE: i64 = 29_991_231_000_001;

/// Every file in `dir` with its bytes' hash.
fn folder_state(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .expect("read")
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), sha256_of(&e.path())))
        .collect()
}

#[tokio::test]
async fn a_database_from_a_newer_program_is_refused_and_left_as_it_was() {
    if let Some(server) = test_server() {
        return refused_on_the_server(&server).await;
    }
    let (fixture, _) = fixtures().into_iter().next().expect("a fixture");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = copy_fixture(&fixture, dir.path());
    {
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new().filename(&db).connect().await.expect("raw open");
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
             VALUES ($1, 'added by a newer program', 1, x'00', 1)",
        )
        .bind(FUTURE)
        .execute(&mut conn)
        .await
        .expect("fake a newer migration");
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut conn).await.expect("checkpoint");
        conn.close().await.expect("close");
    }
    let before = folder_state(dir.path());
    for _ in 0..2 {
        let e = Store::open(&Location::SqliteFile(db.clone())).await.expect_err("a newer database must be refused");
        let message = e.user_message();
        assert!(message.contains("由更新版本的社区服务站工作台"), "{message}");
        assert!(message.contains(&FUTURE.to_string()), "{message}");
        assert!(message.contains(&format!("本程序版本 {}", env!("CARGO_PKG_VERSION"))), "{message}");
        assert!(message.contains("请安装新版本"), "{message}");
        // Nothing changed: no migration, no pre-upgrade copy, the file's bytes the same.
        assert_eq!(folder_state(dir.path()), before, "the folder changed");
    }
}

/// The same on the district server: the administrator's open refuses before migrating.
async fn refused_on_the_server(server: &str) {
    let (name, admin) = super::fresh_pg_database(server).await;
    admin.close().await;
    let url = format!("{server}/{name}");
    let mut conn = sqlx::PgConnection::connect(&url).await.expect("connect");
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES ($1, 'added by a newer program', true, '\\x00', 1)",
    )
    .bind(FUTURE)
    .execute(&mut conn)
    .await
    .expect("fake a newer migration");
    let before = migrations_on(&mut conn).await;
    let e = Store::open(&Location::parse(&url).expect("url")).await.expect_err("a newer database must be refused");
    let message = e.user_message();
    assert!(message.contains("由更新版本的社区服务站工作台") && message.contains(&FUTURE.to_string()), "{message}");
    assert_eq!(migrations_on(&mut conn).await, before, "the server's migrations changed");
    let _ = conn.close().await;
}

async fn migrations_on(conn: &mut sqlx::PgConnection) -> Vec<(i64, String)> {
    sqlx::query_as("SELECT version, description FROM _sqlx_migrations ORDER BY version")
        .fetch_all(conn)
        .await
        .expect("migrations")
}

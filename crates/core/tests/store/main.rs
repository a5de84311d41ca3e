//! Integration tests of the core against a real database: the services the window and
//! the CLI call, what ends up in the database, search, and crash safety.
//!
//! Every fixture is a SQLite file by default. With `STATIONDESK_TEST_PG` set to a server
//! address with a role that may create databases and roles
//! (`postgres://stationdesk_test:…@127.0.0.1:5432`, as `scripts/pg-test.sh` sets it), the
//! same tests run on PostgreSQL instead: each fixture is a fresh database on that server,
//! migrated by the district administrator, with station RA added and connected through its
//! own login, so row-level security is on for everything the tests do. Tests of the SQLite
//! file itself (crash safety, upgrades) stay on SQLite.

#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

mod accounts;
mod attachments;
mod audit_chain;
mod audit_log;
mod audit_page;
mod backup;
mod bad_input;
mod cases;
mod crash;
mod district;
mod district_backup;
mod event_partners;
mod event_poster;
mod figures;
mod first_use;
mod holiday_skip;
mod holidays;
mod ledger;
mod ledger_sheets;
mod notices;
mod open311;
mod owner_only;
mod parties_import;
mod prints;
mod rates_property;
mod report;
mod retention;
mod roster_import;
mod schedule;
mod search;
mod settings_file;
mod upgrade;
mod workflow;

use stationdesk_core::cases::{Address, Channel, NewCase};
use std::sync::atomic::{AtomicUsize, Ordering};

use stationdesk_core::station::StationLogin;
use stationdesk_core::{Actor, Location, Store, station};

/// A fresh database with station RA and staff 赵子坤 on duty: a SQLite file in a temp
/// folder, or a fresh PostgreSQL database when `STATIONDESK_TEST_PG` is set.
#[derive(Debug)]
pub struct Fixture {
    pub store: Store,
    pub actor: Actor,
    pub dir: tempfile::TempDir,
    /// Where the store is, to open it again as after a restart.
    pub location: Location,
}

/// The test server's address without a database (`postgres://role:password@host:port`).
pub fn test_server() -> Option<String> {
    std::env::var("STATIONDESK_TEST_PG")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim_end_matches('/').to_owned())
}

/// A fresh, empty database on the test server, migrated by its administrator: returns
/// the database name and the administrator's store.
pub async fn fresh_pg_database(server: &str) -> (String, Store) {
    use sqlx::Connection;
    static N: AtomicUsize = AtomicUsize::new(0);
    let name = format!("sdt_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
    let mut admin =
        sqlx::PgConnection::connect(&format!("{server}/postgres")).await.expect("connect to the test server");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
    )))
    .execute(&mut admin)
    .await
    .expect("create test database");
    let (store, _) = Store::open(&Location::parse(&format!("{server}/{name}")).expect("url")).await.expect("migrate");
    (name, store)
}

/// Adds a station to a district database and opens it through the station's own login.
pub async fn pg_station(
    server: &str,
    db: &str,
    admin: &Store,
    code: &str,
    name: &str,
    staff: &str,
) -> (Store, Location) {
    let login = StationLogin::new(&format!("{db}_{}", code.to_ascii_lowercase()), "test-password-1").expect("login");
    station::add_to_district(admin, code, name, staff, &login).await.expect("add station");
    let host = server.rsplit_once('@').map(|(_, h)| h).expect("server address with @host");
    let location = Location::parse(&format!("postgres://{}:{}@{host}/{db}", login.login, login.password)).expect("url");
    let (store, _) = Store::open(&location).await.expect("open as the station");
    (store, location)
}

impl Fixture {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let (store, location) = match test_server() {
            Some(server) => {
                let (db, admin) = fresh_pg_database(&server).await;
                let opened = pg_station(&server, &db, &admin, "RA", "荣傲家园社区微言服务站", "赵子坤").await;
                admin.close().await;
                opened
            }
            None => {
                let location = Location::SqliteFile(dir.path().join("station.db"));
                let (store, _) = Store::open_or_create(&location).await.expect("open");
                station::init(&store, "RA", "荣傲家园社区微言服务站", "赵子坤").await.expect("init");
                (store, location)
            }
        };
        let st = station::current(&store).await.expect("station");
        let actor = station::actor_for(&store, &st, "赵子坤").await.expect("actor");
        Self { store, actor, dir, location }
    }

    /// The same database opened again, as after a restart.
    pub async fn reopen(&self) -> Store {
        Store::open(&self.location).await.expect("reopen").0
    }

    pub async fn category(&self, name: &str) -> i64 {
        let all = station::categories(&self.store, self.actor.station_id).await.expect("categories");
        all.into_iter().find(|c| c.name == name).map(|c| c.id).expect("seeded category")
    }
}

pub fn case(title: &str, description: &str) -> NewCase {
    NewCase {
        channel: Channel::Visit,
        resident_name: None,
        phone: None,
        address: Address::default(),
        category_id: None,
        title: title.to_owned(),
        description: Some(description.to_owned()),
        received_at: None,
        ..NewCase::default()
    }
}

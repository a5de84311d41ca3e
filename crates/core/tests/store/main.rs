//! Integration tests of the core against a real SQLite file: the services the window and
//! the CLI call, what ends up in the database, search, and crash safety.

#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

mod bad_input;
mod cases;
mod crash;
mod notices;
mod rates_property;
mod schedule;
mod search;
mod workflow;

use stationdesk_core::cases::{Address, Channel, NewCase};
use stationdesk_core::{Actor, Location, Store, station};

/// A fresh database in a temp folder with station RA and staff 赵子坤 on duty.
#[derive(Debug)]
pub struct Fixture {
    pub store: Store,
    pub actor: Actor,
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let (store, _) = Store::open(&Location::SqliteFile(dir.path().join("station.db"))).await.expect("open");
        let (st, _) = station::init(&store, "RA", "荣傲家园社区微言服务站", "赵子坤").await.expect("init");
        let actor = station::actor_for(&store, &st, "赵子坤").await.expect("actor");
        Self { store, actor, dir }
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

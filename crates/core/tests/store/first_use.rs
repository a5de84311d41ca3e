//! Issue 14, "Races on first use" and "Any command creates a missing database": several
//! programs at once on one database, as six CLI calls or the window and a script are.

use stationdesk_core::schedule::errands;
use stationdesk_core::{Location, Store, station};

use crate::Fixture;

/// Separate stores on one database, each with its own pool, as separate programs have.
async fn programs(f: &Fixture, n: usize) -> Vec<Store> {
    let mut stores = Vec::new();
    for _ in 0..n {
        stores.push(f.reopen().await);
    }
    stores
}

#[tokio::test]
async fn six_programs_adding_one_new_staff_name_at_once_all_get_the_one_row() {
    let f = Fixture::new().await;
    let stores = programs(&f, 6).await;
    for round in 0..5 {
        let name = format!("新同事{round}");
        let tasks: Vec<_> = stores
            .iter()
            .map(|s| {
                let (s, actor, name) = (s.clone(), f.actor.clone(), name.clone());
                tokio::spawn(async move { station::add_staff(&s, &actor, &name).await })
            })
            .collect();
        let mut ids = Vec::new();
        for t in tasks {
            let staff = t.await.expect("task").unwrap_or_else(|e| panic!("round {round}: {}", e.user_message()));
            ids.push(staff.id);
        }
        ids.dedup();
        assert_eq!(ids.len(), 1, "round {round}: one staff row, got ids {ids:?}");
    }
    let all = station::staff(&f.store, f.actor.station_id).await.expect("staff");
    assert_eq!(all.iter().filter(|s| s.name.starts_with("新同事")).count(), 5);
}

#[tokio::test]
async fn two_workers_adding_one_category_or_errand_type_at_once_get_one_and_a_chinese_refusal() {
    let f = Fixture::new().await;
    let stores = programs(&f, 4).await;
    let tasks: Vec<_> = stores
        .iter()
        .map(|s| {
            let (s, actor) = (s.clone(), f.actor.clone());
            tokio::spawn(async move { station::add_category(&s, &actor, "电梯加装").await })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.expect("task") {
            Ok(_) => ok += 1,
            Err(e) => assert!(e.user_message().contains("已有分类“电梯加装”"), "{}", e.user_message()),
        }
    }
    assert_eq!(ok, 1);
    let categories = station::categories(&f.store, f.actor.station_id).await.expect("categories");
    let mut orders: Vec<i64> = categories.iter().map(|c| c.sort_order).collect();
    orders.sort_unstable();
    orders.dedup();
    assert_eq!(orders.len(), categories.len(), "every category keeps its own position");

    errands::types(&f.store, &f.actor).await.expect("seeded");
    let tasks: Vec<_> = stores
        .iter()
        .map(|s| {
            let (s, actor) = (s.clone(), f.actor.clone());
            tokio::spawn(async move { errands::add_type(&s, &actor, "老年卡办理").await })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.expect("task") {
            Ok(_) => ok += 1,
            Err(e) => assert!(e.user_message().contains("已有事项“老年卡办理”"), "{}", e.user_message()),
        }
    }
    assert_eq!(ok, 1);
}

#[tokio::test]
async fn four_programs_opening_a_fresh_file_at_once_all_find_it_set_up() {
    for round in 0..6 {
        let dir = tempfile::tempdir().expect("temp dir");
        let location = Location::SqliteFile(dir.path().join("station.db"));
        let tasks: Vec<_> = (0..4)
            .map(|_| {
                let location = location.clone();
                tokio::spawn(async move { Store::open_or_create(&location).await })
            })
            .collect();
        for t in tasks {
            let (store, report) =
                t.await.expect("task").unwrap_or_else(|e| panic!("round {round}: {}", e.user_message()));
            assert!(report.backup.is_none(), "round {round}: a fresh file needs no backup");
            assert!(station::current_opt(&store).await.expect("the tables are there").is_none());
            store.close().await;
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .filter(|n| n.contains("before-v") || n.ends_with("-migrating"))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
    }
}

#[tokio::test]
async fn opening_a_missing_file_is_refused_and_creates_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("盘符").join("station.db");
    let err = Store::open(&Location::SqliteFile(path.clone())).await.expect_err("missing");
    assert!(err.user_message().contains("找不到数据库所在的文件夹"), "{}", err.user_message());
    assert!(!dir.path().join("盘符").exists());
    let (store, report) = Store::open_or_create(&Location::SqliteFile(path.clone())).await.expect("create");
    assert!(report.created);
    store.close().await;
    Store::open(&Location::SqliteFile(path)).await.expect("now it exists");
}

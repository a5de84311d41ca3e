use chrono::{TimeZone, Utc};
use stationdesk_core::cases::{self, Address, CaseQuery, CaseStatus, Channel};
use stationdesk_core::{CoreError, Location, Store};

use crate::{Fixture, case};

#[tokio::test]
async fn intake_numbers_cases_per_station_and_year_and_audits_them() {
    let f = Fixture::new().await;
    let mut first = case("南门广场路面坑洼，雨后积水", "雨后积水没过脚面");
    first.channel = Channel::SuggestionBox;
    first.received_at = Some(Utc.with_ymd_and_hms(2025, 7, 9, 1, 30, 0).single().expect("time"));
    first.address =
        Address { compound: Some("润都荣园".into()), place: Some("南门广场".into()), ..Address::default() };
    first.category_id = Some(f.category("市政设施").await);
    let a = cases::create(&f.store, &f.actor, first.clone()).await.expect("create");
    let b = cases::create(&f.store, &f.actor, first).await.expect("create");
    let c = cases::create(&f.store, &f.actor, case("楼道灯不亮", "")).await.expect("create");

    assert_eq!(a.number, "RA-2025-0001");
    assert_eq!(b.number, "RA-2025-0002");
    assert!(c.number.starts_with(&format!("RA-{}-0001", Utc::now().format("%Y"))), "{}", c.number);
    assert_eq!(a.status, CaseStatus::Accepted);
    assert_eq!(a.category_name.as_deref(), Some("市政设施"));
    assert_eq!(a.address.display(), "润都荣园 南门广场");
    assert_eq!(c.description, None, "an empty description is stored as none");

    let detail = cases::detail(&f.store, f.actor.station_id, a.id).await.expect("detail");
    assert_eq!(detail.history.len(), 1);
    let created = &detail.history[0];
    assert_eq!((created.action.as_str(), created.staff_name.as_str()), ("create", "赵子坤"));
    let title = created.changes.iter().find(|ch| ch.field == "title").expect("title in audit");
    assert_eq!(title.after.as_deref(), Some("南门广场路面坑洼，雨后积水"));
    let category = created.changes.iter().find(|ch| ch.field == "category").expect("category in audit");
    assert_eq!(category.after.as_deref(), Some("市政设施"));
}

#[tokio::test]
async fn bad_input_is_refused_and_nothing_is_saved() {
    let f = Fixture::new().await;
    let mut bad = case("", &"长".repeat(100_000));
    bad.phone = Some("138-1234".into());
    let err = cases::create(&f.store, &f.actor, bad).await.expect_err("must refuse");
    let fields: Vec<&str> = err.field_errors().iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["title", "description", "phone"]);
    assert!(err.user_message().contains("请填写标题"), "{}", err.user_message());

    let mut unknown_category = case("电梯异响", "");
    unknown_category.category_id = Some(9999);
    let err = cases::create(&f.store, &f.actor, unknown_category).await.expect_err("must refuse");
    assert_eq!(err.field_errors()[0].field, "categoryId");

    let all = cases::list(&f.store, f.actor.station_id, &CaseQuery::default()).await.expect("list");
    assert_eq!(all.total, 0, "a refused case left rows behind");
    // The refused transaction must not have used up a serial either.
    let ok = cases::create(&f.store, &f.actor, case("电梯异响", "")).await.expect("create");
    assert!(ok.number.ends_with("-0001"), "{}", ok.number);
}

#[tokio::test]
async fn register_filters_sorts_pages_and_masks_phones() {
    let f = Fixture::new().await;
    let lift = f.category("电梯").await;
    for day in 1..=25u32 {
        let mut c = case(&format!("电梯停运第{day}天"), "老人上下楼困难");
        c.received_at = Some(Utc.with_ymd_and_hms(2025, 3, day, 2, 0, 0).single().expect("time"));
        c.category_id = (day % 2 == 0).then_some(lift);
        c.channel = if day % 5 == 0 { Channel::Phone } else { Channel::Visit };
        c.phone = Some("13812341234".into());
        cases::create(&f.store, &f.actor, c).await.expect("create");
    }
    let page2 =
        cases::list(&f.store, f.actor.station_id, &CaseQuery { page: 2, page_size: 10, ..CaseQuery::default() })
            .await
            .expect("list");
    assert_eq!(page2.total, 25);
    let titles: Vec<&str> = page2.items.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles.first().copied(), Some("电梯停运第15天"), "newest first, second page");
    assert_eq!(titles.last().copied(), Some("电梯停运第6天"));
    assert_eq!(page2.items[0].phone_masked.as_deref(), Some("138****1234"));

    let q = CaseQuery { category_id: Some(lift), channel: Some(Channel::Phone), ..CaseQuery::default() };
    let filtered = cases::list(&f.store, f.actor.station_id, &q).await.expect("list");
    let titles: Vec<&str> = filtered.items.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["电梯停运第20天", "电梯停运第10天"]);

    let q = CaseQuery { status: Some(CaseStatus::Closed), ..CaseQuery::default() };
    assert_eq!(cases::list(&f.store, f.actor.station_id, &q).await.expect("list").total, 0);
}

#[tokio::test]
async fn reopening_an_existing_file_keeps_cases_and_skips_the_backup() {
    let f = Fixture::new().await;
    let created = cases::create(&f.store, &f.actor, case("小区花园树枝遮挡窗户", "")).await.expect("create");
    f.store.close().await;
    let (store, report) = Store::open(&f.location).await.expect("reopen");
    assert!(report.backup.is_none() && report.applied_migrations.is_empty(), "{report:?}");
    let again = cases::get(&store, f.actor.station_id, created.id).await.expect("still there");
    assert_eq!(again, created);
    assert_eq!(store.integrity_check().await.expect("check"), "ok");
}

#[tokio::test]
async fn a_second_init_is_refused_with_the_existing_station_named() {
    let f = Fixture::new().await;
    let err = stationdesk_core::station::init(&f.store, "RB", "别的站", "某人").await.expect_err("second init");
    assert!(matches!(err, CoreError::Conflict(_)));
    assert!(err.user_message().contains("荣傲家园社区微言服务站"), "{}", err.user_message());
}

#[tokio::test]
async fn an_existing_file_is_backed_up_before_migrating() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("old.db");
    {
        // A database file from before StationDesk's schema: migrations are pending.
        use sqlx::ConnectOptions;
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .connect()
            .await
            .expect("raw open");
        sqlx::query("CREATE TABLE ledger_2024 (line TEXT)").execute(&mut conn).await.expect("create");
        sqlx::query("INSERT INTO ledger_2024 VALUES ('南门广场积水')").execute(&mut conn).await.expect("insert");
    }
    let (store, report) = Store::open(&Location::SqliteFile(path.clone())).await.expect("open");
    let backup = report.backup.expect("a backup was taken");
    assert!(!report.applied_migrations.is_empty());
    store.close().await;

    use sqlx::ConnectOptions;
    let mut copy = sqlx::sqlite::SqliteConnectOptions::new().filename(&backup).connect().await.expect("open backup");
    let (line,): (String,) = sqlx::query_as("SELECT line FROM ledger_2024").fetch_one(&mut copy).await.expect("row");
    assert_eq!(line, "南门广场积水");
    let tables: Vec<(String,)> = sqlx::query_as("SELECT name FROM sqlite_master WHERE name = 'cases'")
        .fetch_all(&mut copy)
        .await
        .expect("tables");
    assert!(tables.is_empty(), "the backup is the file as it was before migrating");
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_named_as_such_and_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ledger.db");
    let garbage = "台账2025.xlsx 被误改了扩展名\n".repeat(300);
    std::fs::write(&path, &garbage).expect("write");
    let err = Store::open(&Location::SqliteFile(path.clone())).await.expect_err("must refuse");
    assert!(err.user_message().contains("不是本程序的数据库"), "{}", err.user_message());
    assert_eq!(std::fs::read_to_string(&path).expect("read"), garbage, "the file was changed");
}

#[tokio::test]
async fn a_save_sent_again_with_its_forms_key_makes_no_second_case() {
    let f = Fixture::new().await;
    let mut form = case("3号楼电梯异响", "夜里电梯运行时有很大的摩擦声");
    form.request_key = Some("7d1f6c2e-5b1a-4c55-9f0e-0a3b2c4d5e6f".into());
    // The first save committed but its answer was lost; the form sends the same save again,
    // twice at once for good measure.
    let first = cases::create(&f.store, &f.actor, form.clone()).await.expect("first save");
    let (again, once_more) =
        tokio::join!(cases::create(&f.store, &f.actor, form.clone()), cases::create(&f.store, &f.actor, form.clone()));
    let (again, once_more) = (again.expect("sent again"), once_more.expect("sent once more"));
    assert_eq!((again.id, again.number.as_str()), (first.id, first.number.as_str()));
    assert_eq!(once_more.id, first.id);
    let all = cases::list(&f.store, f.actor.station_id, &CaseQuery::default()).await.expect("list");
    assert_eq!(all.total, 1, "the same form's saves made more than one case");
    let history = cases::detail(&f.store, f.actor.station_id, first.id).await.expect("detail").history;
    assert_eq!(history.len(), 1, "a repeated save wrote the audit again");

    // A new form (a new key) is a new case; a key that is not a form's is refused.
    form.request_key = Some("0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b".into());
    let other = cases::create(&f.store, &f.actor, form.clone()).await.expect("new form");
    assert_ne!(other.id, first.id);
    form.request_key = Some("x'; DROP".into());
    let err = cases::create(&f.store, &f.actor, form).await.expect_err("bad key");
    assert!(err.user_message().contains("重新打开"), "{}", err.user_message());
}

/// Issue 14: a case logged as a repeat of an earlier one is saved and linked in one
/// transaction; a link refused leaves no case, no serial and no form key behind.
#[tokio::test]
async fn intake_that_links_a_duplicate_saves_both_or_nothing() {
    let f = Fixture::new().await;
    let first = cases::create(&f.store, &f.actor, case("3号楼电梯异响", "夜里有摩擦声")).await.expect("first");
    let mut repeat = case("3号楼电梯响", "又一位居民反映电梯异响");
    repeat.duplicate_of = Some(first.number.to_lowercase());
    let second = cases::create(&f.store, &f.actor, repeat).await.expect("saved and linked");
    assert_eq!(second.status, CaseStatus::Duplicate);
    assert_eq!(second.duplicate_of.as_ref().map(|d| d.number.as_str()), Some(first.number.as_str()));
    let detail = cases::detail(&f.store, f.actor.station_id, first.id).await.expect("detail");
    let repeats: Vec<&str> = detail.duplicates.iter().map(|d| d.number.as_str()).collect();
    assert_eq!(repeats, [second.number.as_str()], "the first case lists its repeat");
    let history = cases::detail(&f.store, f.actor.station_id, second.id).await.expect("detail").history;
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    assert!(actions.contains(&"create") && actions.contains(&"transition"), "{actions:?}");

    // Links the core refuses: a case that does not exist, one of another station's code,
    // a repeat itself (link to its first instead), a number far too long.
    let refused = [
        (format!("RA-{}-9999", Utc::now().format("%Y")), "找不到诉求"),
        (first.number.replacen("RA", "RB", 1), "找不到诉求"),
        (second.number.clone(), "请关联到"),
        ("RA-".repeat(1000), "过长"),
    ];
    for (i, (number, says)) in refused.iter().enumerate() {
        let mut form = case("楼道灯不亮", "");
        form.request_key = Some(format!("a1b2c3d4-0000-4000-8000-00000000000{i}"));
        form.duplicate_of = Some(number.clone());
        let err = cases::create(&f.store, &f.actor, form).await.expect_err("link refused");
        assert!(err.user_message().contains(says), "{number:.20}: {}", err.user_message());
        assert_eq!(err.field_errors().first().map(|e| e.field.as_str()), Some("duplicateOf"));
    }
    let all = cases::list(&f.store, f.actor.station_id, &CaseQuery::default()).await.expect("list");
    assert_eq!(all.total, 2, "a refused link left a case behind");

    // Nothing of the refused saves was kept: not the serial, not the form's key.
    let mut again = case("楼道灯不亮", "");
    again.request_key = Some("a1b2c3d4-0000-4000-8000-000000000000".into());
    let third = cases::create(&f.store, &f.actor, again).await.expect("the same form saved without the link");
    assert_eq!(third.status, CaseStatus::Accepted);
    assert!(third.number.ends_with("-0003"), "{}", third.number);
}

/// On a district server a case of another station cannot be linked either: the station
/// does not see it, and nothing is saved.
#[tokio::test]
async fn a_duplicate_of_another_stations_case_is_refused_on_the_server() {
    let Some(server) = crate::test_server() else { return };
    let (db, admin) = crate::fresh_pg_database(&server).await;
    let (ra, _) = crate::pg_station(&server, &db, &admin, "RA", "荣傲家园社区微言服务站", "赵子坤").await;
    let (rb, _) = crate::pg_station(&server, &db, &admin, "RB", "润都社区服务站", "李梅").await;
    admin.close().await;
    let actor_of = |s: &Store, name: &'static str| {
        let s = s.clone();
        async move {
            let st = stationdesk_core::station::current(&s).await.expect("station");
            stationdesk_core::station::actor_for(&s, &st, name).await.expect("actor")
        }
    };
    let (ra_actor, rb_actor) = (actor_of(&ra, "赵子坤").await, actor_of(&rb, "李梅").await);
    let theirs = cases::create(&rb, &rb_actor, case("路灯不亮", "")).await.expect("RB's case");
    let mut form = case("路灯不亮", "");
    form.duplicate_of = Some(theirs.number.clone());
    let err = cases::create(&ra, &ra_actor, form).await.expect_err("another station's case");
    assert!(err.user_message().contains("找不到诉求"), "{}", err.user_message());
    let all = cases::list(&ra, ra_actor.station_id, &CaseQuery::default()).await.expect("list");
    assert_eq!(all.total, 0, "the refused link left a case at RA");
}

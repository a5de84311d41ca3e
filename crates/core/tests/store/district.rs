//! The district's shared server: stations kept apart by the server itself, case numbers
//! that stay unique per station under concurrent writers, and the street office's
//! read-only login. These need a PostgreSQL server (`STATIONDESK_TEST_PG`, which
//! `make test` sets); on SQLite they check only that a second station is refused.

use sqlx::Connection;
use stationdesk_core::cases::{self, CaseQuery};
use stationdesk_core::prints::{self, NoticePrint, NoticePrintQuery, PrintVia};
use stationdesk_core::station::{self, StationLogin};
use stationdesk_core::store::MovePhase;
use stationdesk_core::{CoreError, Location, Store};

use crate::{Fixture, case, fresh_pg_database, pg_station, test_server};

/// Two stations on one fresh server database, each opened through its own login.
struct District {
    server: String,
    db: String,
    admin: Store,
    ra: Store,
    rb: Store,
}

impl District {
    async fn new(server: String) -> Self {
        let (db, admin) = fresh_pg_database(&server).await;
        let (ra, _) = pg_station(&server, &db, &admin, "RA", "荣傲家园社区微言服务站", "赵子坤").await;
        let (rb, _) = pg_station(&server, &db, &admin, "RB", "润都荣园社区服务站", "钱敏").await;
        Self { server, db, admin, ra, rb }
    }

    /// The street office's (街道) login added by the administrator, and the store it opens.
    async fn street_office(&self) -> Store {
        let office = StationLogin::new(&format!("{}_street", self.db), "test-password-1").expect("login");
        station::add_district_login(&self.admin, &office).await.expect("district login");
        let host = self.server.rsplit_once('@').map(|(_, h)| h).expect("host");
        let location =
            Location::parse(&format!("postgres://{}:test-password-1@{host}/{}", office.login, self.db)).expect("url");
        let (street, _) = Store::open(&location).await.expect("open as the street office");
        street
    }

    /// A raw connection as a given login, for queries that bypass our store entirely.
    async fn raw(&self, login: &str) -> sqlx::PgConnection {
        let host = self.server.rsplit_once('@').map(|(_, h)| h).expect("host");
        sqlx::PgConnection::connect(&format!("postgres://{login}:test-password-1@{host}/{}", self.db))
            .await
            .expect("raw connection")
    }
}

async fn actor(store: &Store, staff: &str) -> stationdesk_core::Actor {
    let st = station::current(store).await.expect("station");
    station::actor_for(store, &st, staff).await.expect("actor")
}

#[tokio::test]
async fn a_station_login_can_neither_read_nor_write_another_stations_rows() {
    let Some(server) = test_server() else {
        // A SQLite file holds one station: adding a second is refused in words.
        let f = Fixture::new().await;
        let login = StationLogin::new("rb_station", "test-password-1").expect("login");
        let err = station::add_to_district(&f.store, "RB", "别的站", "某人", &login).await.expect_err("refused");
        assert!(err.user_message().contains("街道服务器"), "{}", err.user_message());
        return;
    };
    let d = District::new(server).await;
    let ra_actor = actor(&d.ra, "赵子坤").await;
    let rb_actor = actor(&d.rb, "钱敏").await;
    let ra_case = cases::create(&d.ra, &ra_actor, case("南门广场路面坑洼积水", "雨后积水")).await.expect("RA case");
    let rb_case = cases::create(&d.rb, &rb_actor, case("地下车库楼梯积水", "台阶湿滑")).await.expect("RB case");
    // Both stations number from 1: numbers are per station.
    assert_eq!(ra_case.number, format!("RA-{}-0001", ra_case.number[3..7].to_owned()));
    assert!(rb_case.number.starts_with("RB-") && rb_case.number.ends_with("-0001"), "{}", rb_case.number);

    // Through the store: RA's register and search show only RA's case, and RB's case by
    // id is not found even when asked for with RB's station id.
    let page = cases::list(&d.ra, ra_actor.station_id, &CaseQuery::default()).await.expect("list");
    assert_eq!(page.items.iter().map(|r| r.number.as_str()).collect::<Vec<_>>(), [ra_case.number.as_str()]);
    let found =
        cases::list(&d.ra, ra_actor.station_id, &CaseQuery { text: Some("积水".to_owned()), ..CaseQuery::default() })
            .await
            .expect("search");
    assert_eq!(found.total, 1, "RB's 积水 must not be found by RA");
    let err = cases::get(&d.ra, rb_actor.station_id, rb_case.id).await.expect_err("RB's case from RA");
    assert!(matches!(err, CoreError::NotFound(_)), "{err:?}");

    // Raw SQL as RA's login, naming RB's rows outright (the bug our WHERE clauses guard
    // against): the server returns nothing and changes nothing.
    let ra_login = format!("{}_ra", d.db);
    let mut raw = d.raw(&ra_login).await;
    for table in ["cases", "case_search", "audit_log", "staff", "categories", "case_counts", "case_day_stats"] {
        let (n,): (i64,) =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table} WHERE station_id = $1")))
                .bind(rb_actor.station_id)
                .fetch_one(&mut raw)
                .await
                .expect("count");
        assert_eq!(n, 0, "RA's login sees {n} of RB's rows in {table}");
    }
    let (stations,): (i64,) =
        sqlx::query_as("SELECT count(*) FROM stations").fetch_one(&mut raw).await.expect("stations");
    assert_eq!(stations, 1, "RA's login sees only its own station");
    let changed = sqlx::query("UPDATE cases SET title = '被改了' WHERE id = $1")
        .bind(rb_case.id)
        .execute(&mut raw)
        .await
        .expect("update runs")
        .rows_affected();
    assert_eq!(changed, 0);
    // The audit log is append-only for every login, its own station's rows included.
    for station_id in [rb_actor.station_id, ra_actor.station_id] {
        let deleted =
            sqlx::query("DELETE FROM audit_log WHERE station_id = $1").bind(station_id).execute(&mut raw).await;
        let Err(sqlx::Error::Database(e)) = deleted else { panic!("audit rows deleted by RA's login: {deleted:?}") };
        assert_eq!(e.code().as_deref(), Some("42501"), "{e}");
    }
    let smuggled = sqlx::query("INSERT INTO staff (station_id, name, created_at) VALUES ($1, '冒名', now())")
        .bind(rb_actor.station_id)
        .execute(&mut raw)
        .await;
    let Err(sqlx::Error::Database(e)) = smuggled else { panic!("a row for RB written by RA: {smuggled:?}") };
    assert_eq!(e.code().as_deref(), Some("42501"), "{e}");
    // Nor can a station's login move itself into another station or alter the schema.
    let err = sqlx::query("DROP TABLE cases").execute(&mut raw).await.expect_err("drop refused");
    assert!(err.to_string().contains("owner") || err.to_string().contains("must be"), "{err}");

    // RB's case is as RB left it.
    let again = cases::get(&d.rb, rb_actor.station_id, rb_case.id).await.expect("RB reads its case");
    assert_eq!(again.title, "地下车库楼梯积水");
    d.admin.close().await;
}

#[tokio::test]
async fn case_numbers_stay_unique_per_station_under_concurrent_writers() {
    let Some(server) = test_server() else { return };
    let d = District::new(server).await;
    let ra_actor = actor(&d.ra, "赵子坤").await;
    let rb_actor = actor(&d.rb, "钱敏").await;
    let mut tasks = Vec::new();
    for w in 0..8 {
        let (store, actor) =
            if w % 2 == 0 { (d.ra.clone(), ra_actor.clone()) } else { (d.rb.clone(), rb_actor.clone()) };
        tasks.push(tokio::spawn(async move {
            let mut numbers = Vec::new();
            for i in 0..10 {
                let c = cases::create(&store, &actor, case(&format!("并发登记 写入者{w} 第{i}件"), ""))
                    .await
                    .expect("create");
                numbers.push(c.number);
            }
            numbers
        }));
    }
    let mut ra = Vec::new();
    let mut rb = Vec::new();
    for t in tasks {
        for n in t.await.expect("writer") {
            if n.starts_with("RA-") { ra.push(n) } else { rb.push(n) }
        }
    }
    for (numbers, code) in [(&mut ra, "RA"), (&mut rb, "RB")] {
        numbers.sort();
        let serials: Vec<u32> =
            numbers.iter().map(|n| n.rsplit('-').next().expect("serial").parse().expect("digits")).collect();
        assert_eq!(serials, (1..=40).collect::<Vec<u32>>(), "{code}: {numbers:?}");
    }
    let page = cases::list(&d.ra, ra_actor.station_id, &CaseQuery::default()).await.expect("list");
    assert_eq!(page.total, 40);
    d.admin.close().await;
}

#[tokio::test]
async fn the_street_office_login_reads_every_station_and_writes_none() {
    let Some(server) = test_server() else { return };
    let d = District::new(server).await;
    let ra_actor = actor(&d.ra, "赵子坤").await;
    let rb_actor = actor(&d.rb, "钱敏").await;
    cases::create(&d.ra, &ra_actor, case("南门广场路面坑洼积水", "")).await.expect("RA case");
    cases::create(&d.rb, &rb_actor, case("地下车库楼梯积水", "")).await.expect("RB case");
    let office = StationLogin::new(&format!("{}_street", d.db), "test-password-1").expect("login");
    station::add_district_login(&d.admin, &office).await.expect("district login");

    let host = d.server.rsplit_once('@').map(|(_, h)| h).expect("host");
    let location =
        Location::parse(&format!("postgres://{}:test-password-1@{host}/{}", office.login, d.db)).expect("url");
    let (street, _) = Store::open(&location).await.expect("open as the street office");
    let stations = street.stations().await.expect("stations");
    assert_eq!(stations.iter().map(|s| s.code.as_str()).collect::<Vec<_>>(), ["RA", "RB"]);

    let mut raw = d.raw(&office.login).await;
    let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM cases").fetch_one(&mut raw).await.expect("count");
    assert_eq!(n, 2);
    let changed =
        sqlx::query("UPDATE cases SET title = '街道改的'").execute(&mut raw).await.expect("runs").rows_affected();
    assert_eq!(changed, 0, "the street office changes nothing");
    let written = sqlx::query("INSERT INTO staff (station_id, name, created_at) VALUES ($1, '街道', now())")
        .bind(ra_actor.station_id)
        .execute(&mut raw)
        .await;
    assert!(written.is_err(), "the street office wrote a row");
    let (update, delete, truncate): (bool, bool, bool) = sqlx::query_as(
        "SELECT has_table_privilege('audit_log', 'UPDATE'), has_table_privilege('audit_log', 'DELETE'),
                has_table_privilege('audit_log', 'TRUNCATE')",
    )
    .fetch_one(&mut raw)
    .await
    .expect("privileges");
    assert!(!update && !delete && !truncate, "the street office may rewrite the audit log");
    for sql in ["UPDATE audit_log SET note = '街道改的'", "DELETE FROM audit_log", "TRUNCATE audit_log"] {
        let refused = sqlx::query(sql).execute(&mut raw).await;
        let Err(sqlx::Error::Database(e)) = refused else { panic!("{sql} as the street office: {refused:?}") };
        assert_eq!(e.code().as_deref(), Some("42501"), "{sql}: {e}");
    }
    // And through the services: a write as the street office is refused.
    let err = station::add_staff(&street, &ra_actor, "街道的人").await.expect_err("refused");
    assert!(!err.user_message().is_empty());
    d.admin.close().await;
}

#[tokio::test]
async fn a_wrong_password_or_database_is_said_in_words() {
    let Some(server) = test_server() else { return };
    let host = server.rsplit_once('@').map(|(_, h)| h).expect("host");
    let (db, admin) = fresh_pg_database(&server).await;
    let wrong = Location::parse(&format!("postgres://stationdesk_test:wrong-password@{host}/{db}")).expect("url");
    let err = Store::open(&wrong).await.expect_err("wrong password");
    assert!(err.user_message().contains("密码不对"), "{}", err.user_message());
    assert!(!err.user_message().contains("wrong-password"), "the password is never echoed");
    let missing = Location::parse(&format!("{server}/no_such_database_here")).expect("url");
    let err = Store::open(&missing).await.expect_err("no database");
    assert!(err.user_message().contains("没有这个数据库"), "{}", err.user_message());
    let refused = Location::parse("postgres://someone:pw@127.0.0.1:1/stationdesk").expect("url");
    let err = Store::open(&refused).await.expect_err("nothing listens on port 1");
    assert!(err.user_message().contains("服务器没有响应连接"), "{}", err.user_message());
    admin.close().await;
}

#[tokio::test]
async fn the_street_office_dashboard_ranks_every_station_and_masks_phones() {
    use stationdesk_core::district;
    use stationdesk_core::rates::{self, RateQuery};
    let Some(server) = test_server() else {
        // On a station's own file the dashboard is that one station.
        let f = Fixture::new().await;
        cases::create(&f.store, &f.actor, case("南门广场路面坑洼积水", "")).await.expect("case");
        let d = district::dashboard(&f.store, &RateQuery::default()).await.expect("dashboard");
        assert_eq!(d.stations.len(), 1);
        assert_eq!((d.stations[0].rank, d.total.received), (1, 1));
        return;
    };
    let d = District::new(server).await;
    let ra_actor = actor(&d.ra, "赵子坤").await;
    let rb_actor = actor(&d.rb, "钱敏").await;
    let mut with_phone = case("单元门禁损坏", "");
    with_phone.phone = Some("13812341234".to_owned());
    with_phone.address.compound = Some("润都荣园".to_owned());
    with_phone.address.building = Some("3".to_owned());
    with_phone.address.room = Some("301".to_owned());
    let ra_case = cases::create(&d.ra, &ra_actor, with_phone).await.expect("RA case");
    cases::create(&d.ra, &ra_actor, case("南门广场路面坑洼积水", "")).await.expect("RA case");
    cases::create(&d.rb, &rb_actor, case("地下车库楼梯积水", "")).await.expect("RB case");
    let street = d.street_office().await;
    assert!(street.is_district() && !d.ra.is_district());

    let dash = district::dashboard(&street, &RateQuery::default()).await.expect("dashboard");
    let received: Vec<(&str, u32)> =
        dash.stations.iter().map(|l| (l.station.code.as_str(), l.figures.received)).collect();
    assert_eq!(received.len(), 2);
    assert!(received.contains(&("RA", 2)) && received.contains(&("RB", 1)), "{received:?}");
    assert_eq!(dash.total.received, 3);
    // Each station's line is the same figures the station itself reports.
    let own = rates::report(&d.ra, ra_actor.station_id, &RateQuery::default()).await.expect("RA rates");
    let line = dash.stations.iter().find(|l| l.station.code == "RA").expect("RA line");
    assert_eq!(line.figures, own.total);
    assert!(dash.ranking_rule.contains("满意率"));

    // Looking into RA's register: phones masked, and the case opened from it too.
    let page = district::station_register(&street, ra_actor.station_id, &CaseQuery::default()).await.expect("register");
    assert_eq!(page.total, 2);
    let detail = district::station_case(&street, ra_actor.station_id, ra_case.id).await.expect("case");
    assert_eq!(detail.case.phone.as_deref(), Some("138****1234"));
    // The 小区 without the household (楼栋/单元/房号), in the register and the case.
    let row = page.items.iter().find(|r| r.id == ra_case.id).expect("row");
    assert_eq!(row.address, "润都荣园");
    assert_eq!(detail.case.address.display(), "润都荣园");
    assert!(!serde_json::to_string(&page).expect("json").contains("301室"));
    // Everything the window gets: the case, its history and the merged timeline.
    let whole = serde_json::to_string(&detail).expect("json");
    assert!(!whole.contains("13812341234"), "{whole}");
    // The log never held the phone (issue 12): its row says only that it was filled in.
    let history = serde_json::to_string(&detail.history).expect("json");
    assert!(history.contains(r#"{"field":"phone","before":null,"after":null,"redacted":true}"#), "{history}");
    let timeline = serde_json::to_string(&detail.timeline).expect("json");
    assert!(!timeline.contains("1381234") && !timeline.contains("138****1234"), "{timeline}");
    d.admin.close().await;
}

/// The dashboard reads every station's rows in one query per table; each line must still
/// be exactly what the station reports itself — counts, the three rates, overdue, the
/// median and every month — over a period with part-months at both ends.
#[tokio::test]
async fn each_station_line_is_what_the_station_itself_reports() {
    use chrono::{Duration, Utc};
    use stationdesk_core::rates::{self, RateQuery};
    use stationdesk_core::{demo, district};
    let today = Utc::now().with_timezone(&stationdesk_core::cases::CHINA_OFFSET).date_naive();
    let q = RateQuery { from: Some(today - Duration::days(400)), to: Some(today - Duration::days(3)) };
    let compare = |line: &district::StationLine, own: &rates::RatesReport| {
        assert_eq!(line.figures, own.total, "{}", line.station.code);
        assert_eq!(line.by_month, own.by_month, "{}", line.station.code);
        assert!(own.total.received > 0 && own.total.resolved > 0, "the demo filled the period");
        assert!(own.total.median_days_to_resolve.is_some());
    };
    let Some(server) = test_server() else {
        let f = Fixture::new().await;
        demo::load(&f.store, &f.actor, 400, 11, false).await.expect("demo");
        let d = district::dashboard(&f.store, &q).await.expect("dashboard");
        let own = rates::report(&f.store, f.actor.station_id, &q).await.expect("rates");
        compare(&d.stations[0], &own);
        assert_eq!(d.total, own.total);
        return;
    };
    let d = District::new(server).await;
    let ra_actor = actor(&d.ra, "赵子坤").await;
    let rb_actor = actor(&d.rb, "钱敏").await;
    demo::load(&d.ra, &ra_actor, 400, 11, false).await.expect("RA demo");
    demo::load(&d.rb, &rb_actor, 250, 12, false).await.expect("RB demo");
    let street = d.street_office().await;
    let dash = district::dashboard(&street, &q).await.expect("dashboard");
    let ra = rates::report(&d.ra, ra_actor.station_id, &q).await.expect("RA rates");
    let rb = rates::report(&d.rb, rb_actor.station_id, &q).await.expect("RB rates");
    let line = |code: &str| dash.stations.iter().find(|l| l.station.code == code).expect("line");
    compare(line("RA"), &ra);
    compare(line("RB"), &rb);
    assert_ne!(ra.total.received, rb.total.received, "two different stations");
    assert_eq!(dash.total.received, ra.total.received + rb.total.received);
    assert_eq!(dash.total.overdue, ra.total.overdue + rb.total.overdue);
    street.close().await;
    d.admin.close().await;
}

/// A station's own SQLite file with some of everything in it.
/// Prints a 会议通知 from the notices page's form (rendered, then 打印 pressed).
async fn print_a_notice(store: &Store, actor: &stationdesk_core::Actor, name: &str) -> NoticePrint {
    use stationdesk_core::notices::{self, MeetingNotice, NoticeForm};
    let form = NoticeForm::Meeting(MeetingNotice {
        meeting_name: name.to_owned(),
        time: "2026年12月10日（星期四）下午3:00".to_owned(),
        place: "社区会议室".to_owned(),
        issuer: "社区服务站".to_owned(),
        ..MeetingNotice::default()
    });
    let shown = notices::render_form(store, actor, form, &[], &mut |_, _| {}).await.expect("render");
    prints::record(store, actor, &shown.source, shown.pages, PrintVia::Dialog).await.expect("print").expect("row")
}

async fn sqlite_station(dir: &std::path::Path, code: &str, name: &str) -> (Store, stationdesk_core::Actor) {
    use stationdesk_core::attachments::{self, AttachmentKind};
    let (store, _) =
        Store::open_or_create(&Location::SqliteFile(dir.join(format!("{code}.db")))).await.expect("open file");
    let (st, _) = station::init(&store, code, name, "赵子坤").await.expect("init");
    let actor = station::actor_for(&store, &st, "赵子坤").await.expect("actor");
    let details = station::StationDetails {
        name: name.to_owned(),
        phone: Some("0311-86012345".to_owned()),
        poster_link: Some("https://rc.example.cn/zixun".to_owned()),
    };
    station::update(&store, &actor, &details).await.expect("station's phone and poster link");
    stationdesk_core::demo::load(&store, &actor, 120, 3, false).await.expect("demo");
    let mut c = case("南门广场路面坑洼积水", "雨后积水严重");
    c.phone = Some("13812341234".to_owned());
    let c = cases::create(&store, &actor, c).await.expect("case");
    attachments::add(&store, &actor, c.id, AttachmentKind::Before, "整改前.png", b"\x89PNG fake photo")
        .await
        .expect("photo");
    (store, actor)
}

#[tokio::test]
async fn a_stations_file_moves_onto_the_server_with_every_record_and_checks_out() {
    use stationdesk_core::district;
    use stationdesk_core::rates::{self, RateQuery};
    let Some(server) = test_server() else { return };
    let dir = tempfile::tempdir().expect("dir");
    let (file, file_actor) = sqlite_station(dir.path(), "RC", "宋营新苑社区服务站").await;
    let (db, admin) = fresh_pg_database(&server).await;
    // A station already on the server, so the moved one's ids must not collide with its.
    let (ra, _) = pg_station(&server, &db, &admin, "RA", "荣傲家园社区微言服务站", "赵子坤").await;
    let ra_actor = actor(&ra, "赵子坤").await;
    cases::create(&ra, &ra_actor, case("地下车库楼梯积水", "")).await.expect("RA case");
    // A notice printed at each station (打印记录): the file's row must not take RA's id.
    let ra_print = print_a_notice(&ra, &ra_actor, "地下车库议事会").await;
    let file_print = print_a_notice(&file, &file_actor, "宋营新苑楼道整治会").await;
    assert_eq!(ra_print.id, file_print.id, "both are their database's first print");

    let login = StationLogin::new(&format!("{db}_rc"), "test-password-1").expect("login");
    let mut seen = Vec::new();
    let report = district::move_station(&file, &admin, &login, &mut |s| seen.push(s)).await.expect("move");
    assert!(report.copied);
    let bad: Vec<_> = report.tables.iter().filter(|t| !t.matches).collect();
    assert!(bad.is_empty(), "tables that differ: {bad:?}");
    let cases_row = report.tables.iter().find(|t| t.table == "cases").expect("cases");
    assert_eq!(cases_row.target_rows, 121);
    assert_eq!(report.attachments, 1);
    assert!(seen.iter().any(|s| s.table == "audit_log" && s.phase == MovePhase::Copying && s.rows > 0));
    // The progress bar counts every table copied and checked, and ends full.
    let done: Vec<u32> = seen.iter().map(|s| s.done).collect();
    assert_eq!(done, (1..=seen.len() as u32).collect::<Vec<_>>(), "one step per table, in order");
    assert_eq!(seen.last().map(|s| (s.done, s.total)), Some((seen.len() as u32, seen.len() as u32)));
    assert_eq!(seen.iter().find(|s| s.table == "cases").map(|s| s.label.as_str()), Some("诉求"));
    assert!(report.verified);

    // The station, opened through its new login, reports what its file reported.
    let host = server.rsplit_once('@').map(|(_, h)| h).expect("host");
    let (rc, _) =
        Store::open(&Location::parse(&format!("postgres://{}:test-password-1@{host}/{db}", login.login)).expect("url"))
            .await
            .expect("open as RC");
    let rc_actor = actor(&rc, "赵子坤").await;
    let moved_station = station::current(&rc).await.expect("RC on the server");
    assert_eq!(moved_station.phone.as_deref(), Some("0311-86012345"));
    assert_eq!(moved_station.poster_link.as_deref(), Some("https://rc.example.cn/zixun"), "the posters' link moved");
    let before = rates::report(&file, file_actor.station_id, &RateQuery::default()).await.expect("file rates");
    let after = rates::report(&rc, rc_actor.station_id, &RateQuery::default()).await.expect("server rates");
    assert_eq!(before.total, after.total);
    let search = |s: &Store, id: i64| {
        let s = s.clone();
        async move {
            let q = CaseQuery { text: Some("积水".to_owned()), page_size: 200, ..CaseQuery::default() };
            let page = cases::list(&s, id, &q).await.expect("search");
            let mut numbers: Vec<String> = page.items.into_iter().map(|r| r.number).collect();
            numbers.sort();
            numbers
        }
    };
    assert_eq!(search(&file, file_actor.station_id).await, search(&rc, rc_actor.station_id).await);
    let moved =
        cases::list(&rc, rc_actor.station_id, &CaseQuery { text: Some("南门广场".to_owned()), ..CaseQuery::default() })
            .await
            .expect("find the photo's case");
    let detail = cases::detail(&rc, rc_actor.station_id, moved.items[0].id).await.expect("detail");
    assert!(!detail.history.is_empty(), "the audit trail came along");
    // Its hash chain was linked again under the new ids and checks out on the server.
    let chains = rc.verify_audit_chains(true).await.expect("verify");
    let chain = chains.iter().find(|c| c.station_id == rc_actor.station_id).expect("RC's chain");
    assert!(chain.broken.is_none() && chain.checked > 121, "{}", chain.message());
    let (_, bytes) = stationdesk_core::attachments::content(&rc, rc_actor.station_id, detail.attachments[0].id)
        .await
        .expect("photo bytes");
    assert_eq!(bytes, b"\x89PNG fake photo");
    // RA still sees only its own case.
    assert_eq!(cases::list(&ra, ra_actor.station_id, &CaseQuery::default()).await.expect("RA").total, 1);
    // The print history came along with its audit row, under a new id; each login sees its own.
    let all = NoticePrintQuery { search: None, page: 1, page_size: 20 };
    let rc_prints = prints::list(&rc, rc_actor.station_id, &all).await.expect("RC prints");
    assert_eq!(
        rc_prints.rows.iter().map(|r| r.title.as_str()).collect::<Vec<_>>(),
        ["关于召开宋营新苑楼道整治会的通知"]
    );
    let moved_print = &rc_prints.rows[0];
    assert_ne!(moved_print.id, ra_print.id);
    let reopened = prints::get(&rc, rc_actor.station_id, moved_print.id).await.expect("reopen");
    assert_eq!(reopened.print.pages, file_print.pages);
    let audit = rc.audit_history(rc_actor.station_id, "notice_print", moved_print.id).await.expect("audit");
    assert_eq!(audit.len(), 1, "the print's audit row follows its new id");
    let ra_prints = prints::list(&ra, ra_actor.station_id, &all).await.expect("RA prints");
    assert_eq!(ra_prints.rows, std::slice::from_ref(&ra_print));
    let peek = prints::list(&ra, rc_actor.station_id, &all).await.expect("RA asks for RC's");
    assert_eq!(peek.total, 0, "row-level security: RA's login sees none of RC's prints");
    assert!(prints::get(&ra, rc_actor.station_id, moved_print.id).await.is_err());

    // Run again: nothing copied twice, and it still checks out.
    let again = district::move_station(&file, &admin, &login, &mut |_| {}).await.expect("again");
    assert!(!again.copied);
    assert!(again.tables.iter().all(|t| t.matches), "{:?}", again.tables);
    assert_eq!(cases::list(&rc, rc_actor.station_id, &CaseQuery::default()).await.expect("RC").total, 121);
    admin.close().await;
}

#[tokio::test]
async fn testing_a_connection_says_what_the_login_is_and_what_is_wrong() {
    use stationdesk_core::database_choice::check_server;
    let Some(server) = test_server() else {
        let err = check_server("sqlite:/tmp/x.db").await.expect_err("not a server");
        assert!(err.user_message().contains("postgres://"), "{}", err.user_message());
        return;
    };
    let host = server.rsplit_once('@').map(|(_, h)| h).expect("host");
    let (db, admin) = fresh_pg_database(&server).await;
    pg_station(&server, &db, &admin, "RA", "荣傲家园社区微言服务站", "赵子坤").await;
    let ok = check_server(&format!("postgres://{db}_ra:test-password-1@{host}/{db}")).await.expect("station login");
    assert_eq!(ok.login_is, "服务站：荣傲家园社区微言服务站（RA）");
    assert!(ok.version.starts_with("PostgreSQL 1"), "{}", ok.version);
    assert!(!ok.server.contains("test-password-1"));
    let owner = check_server(&format!("{server}/{db}")).await.expect("administrator");
    assert!(owner.login_is.starts_with("街道管理员"), "{}", owner.login_is);
    let wrong = check_server(&format!("postgres://{db}_ra:nope@{host}/{db}")).await.expect_err("wrong password");
    assert!(wrong.user_message().contains("密码不对"), "{}", wrong.user_message());
    // A database nobody has set up yet: said so, and nothing is created by checking.
    let (empty, empty_admin) = {
        use sqlx::Connection;
        let name = format!("{db}_empty");
        let mut c = sqlx::PgConnection::connect(&format!("{server}/postgres")).await.expect("connect");
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut c).await.expect("create");
        (name, c)
    };
    let bare = check_server(&format!("{server}/{empty}")).await.expect("bare database");
    assert!(bare.login_is.contains("还没有建表"), "{}", bare.login_is);
    drop(empty_admin);
    admin.close().await;
}

#[tokio::test]
async fn health_says_when_the_database_stops_answering() {
    use stationdesk_core::database_choice::health;
    let f = Fixture::new().await;
    let ok = health(&f.store).await;
    assert!(ok.ok && ok.message.is_none());
    assert_eq!(ok.server, f.store.is_postgres());
    f.store.close().await;
    let gone = health(&f.store).await;
    assert!(!gone.ok);
    let message = gone.message.unwrap_or_default();
    assert!(message.contains("无法连接数据库") || message.contains("连接断开"), "{message}");
}

/// The test server's `(role, password, host, port)` from `postgres://role:password@host:port`.
fn server_parts(server: &str) -> (String, String, String, u16) {
    let rest = server.strip_prefix("postgres://").expect("postgres://");
    let (creds, host_port) = rest.rsplit_once('@').expect("@");
    let (role, password) = creds.split_once(':').expect("role:password");
    let (host, port) = host_port.rsplit_once(':').unwrap_or((host_port, "5432"));
    (role.to_owned(), password.to_owned(), host.to_owned(), port.parse().expect("port"))
}

/// The form's fields for a login on the test server's database `db`.
fn address(server: &str, db: &str, login: &str, password: &str) -> stationdesk_core::database_choice::ServerAddress {
    let (_, _, host, port) = server_parts(server);
    stationdesk_core::database_choice::ServerAddress {
        host,
        port,
        database: db.to_owned(),
        login: login.to_owned(),
        password: password.to_owned(),
    }
}

fn field_of(e: &CoreError) -> Vec<String> {
    match e {
        CoreError::Invalid(fields) => fields.iter().map(|f| f.field.clone()).collect(),
        other => panic!("not a field error: {other:?}"),
    }
}

#[tokio::test]
async fn the_window_moves_its_file_onto_the_server_as_the_administrator_then_uses_the_stations_login() {
    use stationdesk_core::database_choice::{self, DatabaseChoice, MoveTarget};
    let Some(server) = test_server() else { return };
    let dir = tempfile::tempdir().expect("dir");
    let config = dir.path().join("app").join("database.json");
    let (file, _) = sqlite_station(dir.path(), "RC", "宋营新苑社区服务站").await;
    let (db, admin) = fresh_pg_database(&server).await;
    let (ra, _) = pg_station(&server, &db, &admin, "RA", "荣傲家园社区微言服务站", "赵子坤").await;
    let (role, admin_password, _, _) = server_parts(&server);
    let admin_address = address(&server, &db, &role, &admin_password);
    let target = |server: stationdesk_core::database_choice::ServerAddress, password: &str| MoveTarget {
        server,
        station_login: format!("{db}_rc"),
        station_password: password.to_owned(),
    };
    let mut steps = 0;

    // A station's login is not the administrator's: refused before anything is copied.
    let ra_address = address(&server, &db, &format!("{db}_ra"), "test-password-1");
    let e = database_choice::move_to_server(&file, &target(ra_address, "rc-password-1"), &config, &mut |_| steps += 1)
        .await
        .expect_err("a station's login");
    assert_eq!(field_of(&e), ["login"]);
    assert!(e.user_message().contains("数据库所有者"), "{}", e.user_message());
    // The new login's rules name the move form's own fields.
    let e = database_choice::move_to_server(&file, &target(admin_address.clone(), "short"), &config, &mut |_| {})
        .await
        .expect_err("short password");
    assert_eq!(field_of(&e), ["stationPassword"]);
    assert_eq!((steps, admin.stations().await.expect("stations").len()), (0, 1), "nothing was copied");
    assert!(!config.exists(), "no choice kept after a refusal");

    // The secrets stay out of Debug output.
    let t = target(admin_address.clone(), "rc-password-1");
    let shown = format!("{t:?}");
    assert!(!shown.contains("rc-password-1") && !shown.contains(&admin_password), "{shown}");

    let mut seen = Vec::new();
    let moved = database_choice::move_to_server(&file, &t, &config, &mut |s| seen.push(s)).await.expect("move");
    assert!(moved.report.verified && moved.report.copied);
    assert_eq!(seen.last().map(|s| (s.done, s.total)), Some((seen.len() as u32, seen.len() as u32)));
    let store = moved.store.expect("switched to the server");
    assert!(store.is_postgres());
    let here = station::current(&store).await.expect("station");
    assert_eq!(here.code, "RC", "the store is the station's own login");
    assert_eq!(store.stations().await.expect("stations").len(), 1, "RLS: only RC is seen");
    let Some(DatabaseChoice::Server { url }) = database_choice::load_from(&config).expect("kept") else {
        panic!("no server choice kept")
    };
    assert!(url.contains(&format!("{db}_rc:")), "the station's login is kept, not the administrator's");
    let shown = format!("{:?}", DatabaseChoice::Server { url });
    assert!(!shown.contains("rc-password-1"), "{shown}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&config).expect("meta").permissions().mode() & 0o777, 0o600);
    }
    // The file still answers as before.
    assert_eq!(station::current(&file).await.expect("file station").code, "RC");
    // Moving again from the same file only checks (the window would say so).
    let again = database_choice::move_to_server(&file, &t, &config, &mut |_| {}).await.expect("again");
    assert!(!again.report.copied && again.report.verified);
    // A PC already on the server has nothing to move.
    let e = database_choice::move_to_server(&store, &t, &config, &mut |_| {}).await.expect_err("on the server");
    assert!(e.user_message().contains("无需迁移"), "{}", e.user_message());
    for s in [store, ra, admin] {
        s.close().await;
    }
    if let Some(s) = again.store {
        s.close().await;
    }
}

#[tokio::test]
async fn connecting_from_the_window_needs_a_login_with_a_station_and_keeps_the_choice() {
    use stationdesk_core::database_choice::{self, DatabaseChoice};
    let Some(server) = test_server() else { return };
    let dir = tempfile::tempdir().expect("dir");
    let config = dir.path().join("database.json");
    let (db, admin) = fresh_pg_database(&server).await;
    let (ra, _) = pg_station(&server, &db, &admin, "RA", "荣傲家园社区微言服务站", "赵子坤").await;
    let (role, password, _, _) = server_parts(&server);

    // The administrator's login is for adding and moving stations, not for a desk.
    let owner = address(&server, &db, &role, &password);
    let e = database_choice::connect(&owner, &config).await.expect_err("administrator");
    assert_eq!(field_of(&e), ["login"]);
    // A login the server knows but that has no station.
    sqlx::query("CREATE ROLE sdt_dw_nostation_core LOGIN PASSWORD 'test-password-1'")
        .execute(&mut sqlx::PgConnection::connect(&format!("{server}/{db}")).await.expect("connect"))
        .await
        .ok();
    let e = database_choice::connect(&address(&server, &db, "sdt_dw_nostation_core", "test-password-1"), &config)
        .await
        .expect_err("no station");
    assert!(e.user_message().contains("请联系街道管理员为本站开通登录"), "{}", e.user_message());
    let e = database_choice::connect(&address(&server, &db, &format!("{db}_ra"), "wrong-password"), &config)
        .await
        .expect_err("wrong password");
    assert!(e.user_message().contains("登录名或密码不对"), "{}", e.user_message());
    assert!(!config.exists(), "no choice kept after a refusal");

    let store = database_choice::connect(&address(&server, &db, &format!("{db}_ra"), "test-password-1"), &config)
        .await
        .expect("station login");
    assert_eq!(station::current(&store).await.expect("station").code, "RA");
    assert!(matches!(database_choice::load_from(&config).expect("kept"), Some(DatabaseChoice::Server { .. })));
    for s in [store, ra, admin] {
        s.close().await;
    }
}

/// 街道汇总报告: the district's month over every station, each station's line its own
/// report's figures, printed with the stations named and the office's signature, and the
/// same figures in the workbook. A station's login is refused; a station's own report is
/// printed for the office as the station prints it.
#[tokio::test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
async fn the_district_report_sums_every_station_and_prints_them_ranked() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    use chrono::Datelike;
    use stationdesk_core::demo;
    use stationdesk_core::report::{self, ReportPeriod};
    let Some(server) = test_server() else {
        // A station's own file is no district.
        let f = Fixture::new().await;
        let period = ReportPeriod::Year { year: 2026 };
        let refused = report::district_report(&f.store, period, "荣华街道办事处").await.expect_err("no district");
        assert!(matches!(&refused, CoreError::Forbidden(m) if m.contains("街道的登录")), "{refused:?}");
        return;
    };
    let d = District::new(server).await;
    let ra_actor = actor(&d.ra, "赵子坤").await;
    let rb_actor = actor(&d.rb, "钱敏").await;
    demo::load(&d.ra, &ra_actor, 300, 21, false).await.expect("RA demo");
    demo::load(&d.rb, &rb_actor, 200, 22, false).await.expect("RB demo");
    let street = d.street_office().await;
    // Last year: the demo's cases are spread over the two years before today.
    let year = chrono::Utc::now().year() - 1;
    let period = ReportPeriod::Year { year };

    let refused = report::district_report(&d.ra, period, "荣华街道办事处").await.expect_err("a station's login");
    assert!(matches!(refused, CoreError::Forbidden(_)), "{refused:?}");
    let unsigned = report::district_report(&street, period, "  ").await.expect_err("no issuer");
    assert!(matches!(&unsigned, CoreError::Invalid(e) if e[0].message.contains("署名")), "{unsigned:?}");

    let r = report::district_report(&street, period, "荣华街道办事处").await.expect("district report");
    let ra = report::work_report(&d.ra, ra_actor.station_id, period).await.expect("RA report");
    let rb = report::work_report(&d.rb, rb_actor.station_id, period).await.expect("RB report");
    assert!(ra.figures.received > 0 && rb.figures.received > 0 && ra.figures.received != rb.figures.received);
    assert_eq!(r.figures.received, ra.figures.received + rb.figures.received);
    assert_eq!(r.figures.resolved, ra.figures.resolved + rb.figures.resolved);
    assert_eq!(r.figures.overdue, ra.figures.overdue + rb.figures.overdue);
    assert_eq!(r.person_times, ra.services.person_times + rb.services.person_times);
    let line = |code: &str| r.stations.iter().find(|l| l.station.code == code).expect("line");
    assert_eq!(line("RA").figures, ra.figures);
    assert_eq!(line("RB").figures, rb.figures);
    // The district's satisfaction rate is over the sums, not an average of the two rates.
    let satisfied = ra.figures.satisfied + rb.figures.satisfied;
    let followed = ra.figures.followed_up + rb.figures.followed_up;
    assert_eq!(r.rates[2].text, report::rate_text(Some(f64::from(satisfied) / f64::from(followed))));
    assert_eq!(r.by_month.len(), 12);
    assert_eq!(r.title, format!("荣华街道办事处{year}年社区服务站工作情况报告"));

    let printed = report::district_pdf(&r).expect("pdf");
    let text = crate::notices::pdf_text(&printed.pdf);
    let flat: String = text.split_whitespace().collect();
    for words in [
        format!("荣华街道办事处{year}年社区服务站工作情况报告"),
        format!("辖区2个社区服务站共受理居民诉求{}件", r.figures.received),
        "荣傲家园社区微言服务站".to_owned(),
        "润都荣园社区服务站".to_owned(),
        "各服务站开展服务情况".to_owned(),
        "各服务站受理诉求".to_owned(),
        "各月情况".to_owned(),
        r.rates[2].text.clone(),
    ] {
        assert!(flat.contains(&words), "{words} not in:\n{text}");
    }
    assert!(text.contains("荣华街道办事处"), "the signature");

    let bytes = report::district_xlsx(&r).expect("xlsx");
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("calamine opens it");
    assert_eq!(book.sheet_names(), ["基本情况", "各服务站", "三率统计"]);
    let sheet = book.worksheet_range("各服务站").expect("sheet");
    let names: Vec<String> = sheet.rows().skip(1).map(|row| row[0].to_string()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.iter().any(|n| n.ends_with("荣傲家园社区微言服务站")), "{names:?}");
    assert_eq!(names[2], "全街道");
    let total = sheet.rows().nth(3).expect("全街道 row");
    assert_eq!(total[1], Data::Float(f64::from(r.figures.received)));

    // A station's own report, printed for the office: the station's figures and name.
    let own = report::station_report(&street, rb_actor.station_id, period).await.expect("RB's own report");
    assert_eq!(own.figures, rb.figures);
    let missing = report::station_report(&street, 9_999, period).await.expect_err("no such station");
    assert!(matches!(missing, CoreError::NotFound(_)), "{missing:?}");
    street.close().await;
    d.admin.close().await;
}

//! One station's backup taken from the district server: it opens on its own as the
//! station's database, and restores back onto the server with every record, leaving the
//! other stations alone. Needs a PostgreSQL server (`STATIONDESK_TEST_PG`).

use stationdesk_core::attachments::{self, AttachmentKind};
use stationdesk_core::backup::{self, BackupKind};
use stationdesk_core::cases::{self, CaseQuery};
use stationdesk_core::rates::{self, RateQuery};
use stationdesk_core::station;
use stationdesk_core::store::MovePhase;
use stationdesk_core::{Actor, Location, Store};

use crate::{case, fresh_pg_database, pg_station, test_server};

async fn actor(store: &Store, staff: &str) -> Actor {
    let st = station::current(store).await.expect("station");
    station::actor_for(store, &st, staff).await.expect("actor")
}

/// Every case number of the station, sorted.
async fn numbers(store: &Store, station_id: i64, text: Option<&str>) -> Vec<String> {
    let q = CaseQuery { text: text.map(str::to_owned), page_size: 200, ..CaseQuery::default() };
    let mut all: Vec<String> =
        cases::list(store, station_id, &q).await.expect("list").items.into_iter().map(|r| r.number).collect();
    all.sort();
    all
}

#[tokio::test]
async fn a_stations_backup_from_the_server_opens_on_its_own_and_restores_every_record() {
    let Some(server) = test_server() else { return };
    let (db, admin) = fresh_pg_database(&server).await;
    // RB first, so RA's ids on the server are not 1.
    let (rb, _) = pg_station(&server, &db, &admin, "RB", "润都荣园社区服务站", "钱敏").await;
    let (ra, _) = pg_station(&server, &db, &admin, "RA", "荣傲家园社区微言服务站", "赵子坤").await;
    let (ra_actor, rb_actor) = (actor(&ra, "赵子坤").await, actor(&rb, "钱敏").await);
    stationdesk_core::demo::load(&ra, &ra_actor, 60, 7, false).await.expect("demo");
    let mut c = case("地下车库楼梯积水", "雨后楼梯口积水，老人出入不便");
    c.phone = Some("13812341234".to_owned());
    let photo_case = cases::create(&ra, &ra_actor, c).await.expect("case");
    attachments::add(&ra, &ra_actor, photo_case.id, AttachmentKind::Before, "整改前.png", b"\x89PNG stairs photo")
        .await
        .expect("photo");
    cases::create(&rb, &rb_actor, case("润都荣园路灯不亮", "")).await.expect("RB case");
    let ra_numbers = numbers(&ra, ra_actor.station_id, None).await;
    let ra_rates = rates::report(&ra, ra_actor.station_id, &RateQuery::default()).await.expect("rates");
    assert_eq!(ra_numbers.len(), 61);

    // The station's own login takes its backup.
    let dir = tempfile::tempdir().expect("dir");
    let g = backup::backup_station(&ra, dir.path(), None).await.expect("backup from the server");
    assert_eq!((g.station_code.as_str(), g.kind, g.counts.cases, g.files), ("RA", BackupKind::Regular, 61, 1));
    let gen_dir = std::path::Path::new(&g.path);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(gen_dir.join("station.db")).expect("copy").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the copy holds residents' personal data");
    }
    // A login that sees several stations must say which.
    let e = backup::backup_station(&admin, dir.path(), None).await.expect_err("which station?");
    assert!(e.user_message().contains("--station"), "{}", e.user_message());

    // The backup's database opens on its own, as the station's file would.
    let scratch = tempfile::tempdir().expect("scratch");
    let opened_copy = scratch.path().join("copy.db");
    std::fs::copy(gen_dir.join("station.db"), &opened_copy).expect("copy the copy");
    let (file, _) = Store::open(&Location::SqliteFile(opened_copy)).await.expect("open the backup's database");
    let file_station = station::current(&file).await.expect("station");
    assert_eq!((file_station.code.as_str(), file_station.id), ("RA", ra_actor.station_id));
    assert_eq!(numbers(&file, ra_actor.station_id, None).await, ra_numbers);
    assert_eq!(
        numbers(&file, ra_actor.station_id, Some("积水")).await,
        numbers(&ra, ra_actor.station_id, Some("积水")).await,
        "its search index was built"
    );
    let file_rates = rates::report(&file, ra_actor.station_id, &RateQuery::default()).await.expect("file rates");
    assert_eq!(serde_json::to_value(&file_rates).ok(), serde_json::to_value(&ra_rates).ok());
    let chains = file.verify_audit_chains(true).await.expect("verify");
    assert!(chains.iter().all(|c| c.broken.is_none() && c.checked > 61), "{chains:?}");
    file.close().await;

    // The station works on; then its records are restored to the backup.
    let late = cases::create(&ra, &ra_actor, case("备份之后登记的诉求", "")).await.expect("late case");
    let e = backup::restore_station(&ra, &g.path, &mut |_| {}).await.expect_err("a station's login may not restore");
    assert!(e.user_message().contains("管理账号"), "{}", e.user_message());
    let mut steps = Vec::new();
    let done = backup::restore_station(&admin, &g.path, &mut |s| steps.push(s)).await.expect("restore");
    assert_eq!((done.before.kind, done.before.counts.cases), (BackupKind::BeforeRestore, 62));
    assert!(steps.iter().any(|s| s.phase == MovePhase::Checking && s.table == "cases" && s.rows == 61));
    assert_eq!(steps.last().map(|s| (s.done, s.total)), Some((steps.len() as u32, steps.len() as u32)));

    // RA, through its own login, sees what the backup held: the late case is gone.
    assert_eq!(numbers(&ra, ra_actor.station_id, None).await, ra_numbers);
    assert!(!numbers(&ra, ra_actor.station_id, None).await.contains(&late.number));
    let after = rates::report(&ra, ra_actor.station_id, &RateQuery::default()).await.expect("rates after");
    assert_eq!(serde_json::to_value(&after).ok(), serde_json::to_value(&ra_rates).ok());
    let found =
        cases::list(&ra, ra_actor.station_id, &CaseQuery { text: Some("地下车库".to_owned()), ..CaseQuery::default() })
            .await
            .expect("search");
    let detail = cases::detail(&ra, ra_actor.station_id, found.items[0].id).await.expect("detail");
    let (_, bytes) =
        attachments::content(&ra, ra_actor.station_id, detail.attachments[0].id).await.expect("photo bytes");
    assert_eq!(bytes, b"\x89PNG stairs photo");
    let chains = admin.verify_audit_chains(true).await.expect("chains");
    assert!(chains.iter().all(|c| c.broken.is_none()), "{chains:?}");
    let history = ra.audit_history(ra_actor.station_id, "station", ra_actor.station_id).await.expect("station audit");
    assert!(
        history.iter().any(|h| h.action == "restore_backup" && h.note.as_deref().is_some_and(|n| n.contains(&g.name))),
        "the restore is in the station's audit log"
    );
    // The audit log only grows: the late case's intake is still in it, before the restore.
    let late_log = ra.audit_history(ra_actor.station_id, "case", late.id).await.expect("late case's log");
    assert!(!late_log.is_empty(), "rows written since the backup stay in the log");
    // A new case takes a number never handed out before, not the late case's again.
    let next = cases::create(&ra, &ra_actor, case("恢复之后登记的诉求", "")).await.expect("new case");
    assert!(!ra_numbers.contains(&next.number) && next.number != late.number, "{} / {}", next.number, late.number);
    // RB was not touched.
    assert_eq!(numbers(&rb, rb_actor.station_id, None).await.len(), 1);

    // The copy made before the restore brings the late case back.
    backup::restore_station(&admin, &done.before.path, &mut |_| {}).await.expect("restore the before copy");
    assert!(numbers(&ra, ra_actor.station_id, None).await.contains(&late.number));
    admin.close().await;
}

const CHILD_ENV: &str = "STATIONDESK_PG_BACKUP_CHILD";

/// Runs only as the child of the kill -9 tests below, forever, printing a line after each
/// round: `backup|<station's url>|<folder>` backs the station up into the folder;
/// `restore|<administrator's url>|<a>|<b>` restores the two backups in turn.
#[tokio::test]
async fn pg_backup_child() {
    let Ok(job) = std::env::var(CHILD_ENV) else { return };
    let parts: Vec<&str> = job.split('|').collect();
    let [what, url, sources @ ..] = parts.as_slice() else { return };
    let (store, _) = Store::open(&Location::parse(url).expect("url")).await.expect("open");
    println!("READY");
    for i in 0.. {
        if *what == "backup" {
            let g = backup::backup_station(&store, std::path::Path::new(sources[0]), None).await.expect("backup");
            println!("DONE {}", g.name);
        } else {
            let source = sources[i % sources.len()];
            backup::restore_station(&store, source, &mut |_| {}).await.expect("restore");
            println!("DONE {source}");
        }
    }
}

/// Spawns the child with `job`, kills it `delay` after it is ready (with `after_one`, after
/// its first round finished: on a busy machine no round might finish within any delay);
/// the lines it printed.
fn run_and_kill(job: &str, delay: std::time::Duration, after_one: bool) -> Vec<String> {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let exe = std::env::current_exe().expect("test binary");
    let mut child = Command::new(&exe)
        .args(["--exact", "district_backup::pg_backup_child", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, job)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(std::result::Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    let wanted = if after_one { "DONE " } else { "READY" };
    while let Ok(line) = rx.recv_timeout(std::time::Duration::from_secs(120)) {
        let ready = if after_one { line.contains(wanted) } else { line.ends_with(wanted) };
        lines.push(line);
        if ready {
            break;
        }
    }
    std::thread::sleep(delay);
    child.kill().expect("kill -9");
    let _ = child.wait();
    let _ = reader.join();
    lines.extend(rx.try_iter());
    lines
}

#[tokio::test]
async fn kill_9_during_backups_from_the_server_leaves_only_whole_backups() {
    use std::time::{Duration, Instant};
    let Some(server) = test_server() else { return };
    let (db, admin) = fresh_pg_database(&server).await;
    let (ra, _) = pg_station(&server, &db, &admin, "RA", "荣傲家园社区微言服务站", "赵子坤").await;
    let ra_actor = actor(&ra, "赵子坤").await;
    stationdesk_core::demo::load(&ra, &ra_actor, 40, 5, false).await.expect("demo");
    let want = numbers(&ra, ra_actor.station_id, None).await;
    let dir = tempfile::tempdir().expect("dir");
    // The station's own login, as `pg_station` made it.
    let host = server.rsplit_once('@').map(|(_, h)| h).expect("host");
    let job = format!("backup|postgres://{db}_ra:test-password-1@{host}/{db}|{}", dir.path().display());
    let started = Instant::now();
    let mut finished = 0;
    for round in 0..20_u64 {
        let lines = run_and_kill(&job, Duration::from_millis(60 + round * 97 % 1200), round == 0);
        finished += lines.iter().filter(|l| l.starts_with("DONE ")).count();
    }
    let mut whole = 0;
    for entry in std::fs::read_dir(dir.path()).expect("read").flatten() {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue; // `.partial-…`: a backup killed before its rename
        }
        let (g, copy, _) = backup::inspect(&entry.path()).await.unwrap_or_else(|e| panic!("{e}"));
        let scratch = tempfile::tempdir().expect("scratch");
        let opened = scratch.path().join("copy.db");
        std::fs::copy(&copy, &opened).expect("copy");
        let (file, _) = Store::open(&Location::SqliteFile(opened)).await.expect("open the copy");
        assert_eq!(numbers(&file, ra_actor.station_id, None).await, want, "{}", g.name);
        file.close().await;
        whole += 1;
    }
    assert!((finished..=finished + 20).contains(&whole), "{whole} whole backups, {finished} acknowledged");
    assert!(finished > 0, "no backup finished in 20 rounds");
    eprintln!("20 kill -9 rounds during backups from the server: {finished} finished, {:?}", started.elapsed());
    admin.close().await;
}

#[tokio::test]
async fn kill_9_during_restores_on_the_server_leaves_one_backups_records() {
    use std::time::{Duration, Instant};
    let Some(server) = test_server() else { return };
    let (db, admin) = fresh_pg_database(&server).await;
    let (rb, _) = pg_station(&server, &db, &admin, "RB", "润都荣园社区服务站", "钱敏").await;
    let (ra, _) = pg_station(&server, &db, &admin, "RA", "荣傲家园社区微言服务站", "赵子坤").await;
    let (ra_actor, rb_actor) = (actor(&ra, "赵子坤").await, actor(&rb, "钱敏").await);
    stationdesk_core::demo::load(&ra, &ra_actor, 40, 3, false).await.expect("demo");
    cases::create(&rb, &rb_actor, case("润都荣园路灯不亮", "")).await.expect("RB case");
    let dir = tempfile::tempdir().expect("dir");
    let (dir_a, dir_b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&dir_a).expect("dir");
    std::fs::create_dir_all(&dir_b).expect("dir");
    let a = backup::backup_station(&ra, &dir_a, None).await.expect("backup a");
    let want_a = numbers(&ra, ra_actor.station_id, None).await;
    for i in 0..7 {
        cases::create(&ra, &ra_actor, case(&format!("第二次备份前登记的诉求{i}"), "")).await.expect("case");
    }
    let b = backup::backup_station(&ra, &dir_b, None).await.expect("backup b");
    let want_b = numbers(&ra, ra_actor.station_id, None).await;
    assert_ne!(want_a, want_b);

    let job = format!("restore|{server}/{db}|{}|{}", a.path, b.path);
    let started = Instant::now();
    let mut finished = 0;
    for round in 0..20_u64 {
        let lines = run_and_kill(&job, Duration::from_millis(40 + round * 173 % 2500), round == 0);
        finished += lines.iter().filter(|l| l.starts_with("DONE ")).count();
        let now = numbers(&ra, ra_actor.station_id, None).await;
        assert!(now == want_a || now == want_b, "round {round}: neither backup's records ({} cases)", now.len());
        let chains = admin.verify_audit_chains(true).await.expect("chains");
        assert!(chains.iter().all(|c| c.broken.is_none()), "round {round}: {chains:?}");
        assert_eq!(numbers(&rb, rb_actor.station_id, None).await.len(), 1, "round {round}: RB touched");
    }
    assert!(finished > 0, "no restore finished in 20 rounds");
    eprintln!("20 kill -9 rounds during restores on the server: {finished} finished, {:?}", started.elapsed());
    admin.close().await;
}

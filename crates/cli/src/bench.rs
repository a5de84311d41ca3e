//! `stationdesk-cli bench`: times the register's hot paths on demo data, each beside a
//! reference measured in the same run (a plain LIKE scan for search). Not a test: it
//! prints figures for the closing note and for anyone changing the store.

use std::time::{Duration, Instant};

use clap::Args;
use stationdesk_core::cases::{self, CaseQuery, CaseStatus, Channel, NewCase};
use stationdesk_core::rates::{self, RateQuery};
use stationdesk_core::schedule::china_midnight;
use stationdesk_core::station::Station;
use stationdesk_core::{Actor, CoreError, Location, Store, station};

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Database sizes to measure, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "100000")]
    pub cases: Vec<usize>,
    /// Repetitions per measurement (the median is printed).
    #[arg(long, default_value_t = 50)]
    pub reps: usize,
    /// Also measure on a PostgreSQL server, side by side: the server's address with a
    /// role that may create databases and logins (postgres://role:password@host:port).
    /// Each size gets a fresh database there, dropped afterwards.
    #[arg(long)]
    pub pg: Option<String>,
    /// With --pg: also time the street office's dashboard over this many stations on one
    /// server (each station's own login writes its demo cases; the office reads them all).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=40))]
    pub district: Option<u16>,
    /// Cases per station for --district.
    #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub district_cases: u32,
    /// With --district: keep the district's database under this name and, when it is
    /// already there from an earlier run, measure it again without reloading (the load
    /// takes most of an hour at 20 × 100 000).
    #[arg(long)]
    pub district_keep: Option<String>,
}

const WORDS: &[&str] = &["噪", "积水", "楼梯", "王建国", "雨后积水", "楼道感应灯"];

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:8.3} ms", d.as_secs_f64() * 1000.0)
}

async fn time<F, Fut, T>(reps: usize, mut f: F) -> Result<Duration, CoreError>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = Result<T, CoreError>>,
{
    f(usize::MAX).await?; // warm the statement cache and the page cache
    let mut samples = Vec::with_capacity(reps);
    for i in 0..reps {
        let started = Instant::now();
        f(i).await?;
        samples.push(started.elapsed());
    }
    Ok(median(samples))
}

pub async fn run(args: &BenchArgs) -> Result<(), CoreError> {
    crate::outln!("StationDesk benchmark — median of {} runs each; SQLite WAL, synchronous=FULL", args.reps);
    for &size in &args.cases {
        bench_size(size, args.reps).await?;
        if let Some(server) = &args.pg {
            bench_pg(server, size, args.reps).await?;
        }
    }
    if let (Some(server), Some(stations)) = (&args.pg, args.district) {
        let keep = args.district_keep.as_deref();
        bench_district(server, usize::from(stations), args.district_cases as usize, args.reps, keep).await?;
    }
    Ok(())
}

/// The street office's dashboard over `stations` stations with `each` cases apiece, beside
/// the naive reference: every station's year of cases loaded and counted, one after another.
async fn bench_district(
    server: &str,
    stations: usize,
    each: usize,
    reps: usize,
    keep: Option<&str>,
) -> Result<(), CoreError> {
    use stationdesk_core::{district, store::postgres};
    let name = keep.map_or_else(|| format!("sdt_bench_{}_district", std::process::id()), str::to_owned);
    let station_logins: Vec<String> = (0..stations).map(|i| format!("{name}_s{i}")).collect();
    let office_login = format!("{name}_jd");
    let host = server.rsplit_once('@').map_or(server, |(_, h)| h).trim_end_matches('/');
    let kept = Location::parse(&format!("{}/{name}", server.trim_end_matches('/')))?;
    let reuse = match keep {
        Some(_) => match Store::open(&kept).await {
            Ok((admin, _)) => {
                let there = admin.stations().await.map(|s| s.len()).unwrap_or(0);
                admin.close().await;
                if there != stations {
                    return Err(CoreError::invalid(
                        "district-keep",
                        format!("保留的数据库 {name} 里有 {there} 个服务站，不是 {stations} 个：请换个名字"),
                    ));
                }
                true
            }
            Err(_) => false,
        },
        None => false,
    };
    let admin_location = if reuse { kept } else { postgres::create_database(server, &name).await? };
    let result = async {
        let (admin, _) = Store::open(&admin_location).await?;
        let started = Instant::now();
        for (i, login) in station_logins.iter().enumerate().filter(|_| !reuse) {
            let login = station::StationLogin::new(login, "bench-password-1")?;
            let code = format!("S{:02}", i + 1);
            station::add_to_district(&admin, &code, &format!("第{}社区服务站", i + 1), "基准测试", &login).await?;
            let location = Location::parse(&format!("postgres://{}:{}@{host}/{name}", login.login, login.password))?;
            let (store, _) = Store::open(&location).await?;
            let st = station::current(&store).await?;
            let actor = station::actor_for(&store, &st, "基准测试").await?;
            stationdesk_core::demo::load(&store, &actor, each, 7 + i as u64, false).await?;
            store.close().await;
        }
        let load = started.elapsed();
        admin.reference_settle().await?;
        let office = station::StationLogin::new(&office_login, "bench-password-1")?;
        if !reuse {
            station::add_district_login(&admin, &office).await?;
        }
        let bytes = admin.database_bytes().await?;
        admin.close().await;
        let location = Location::parse(&format!("postgres://{}:{}@{host}/{name}", office.login, office.password))?;
        let (store, _) = Store::open(&location).await?;
        crate::outln!();
        let load = if reuse { "kept from an earlier run".to_owned() } else { format!("{:.1} s", load.as_secs_f64()) };
        crate::outln!(
            "== PostgreSQL district, {stations} stations × {each} cases: demo load {load}, database {:.0} MiB ==",
            bytes as f64 / 1048576.0
        );
        let now = chrono::Utc::now();
        let to = now.with_timezone(&stationdesk_core::cases::CHINA_OFFSET).date_naive();
        let year = RateQuery { from: Some(to - chrono::Duration::days(364)), to: Some(to) };
        let dashboard = time(reps.min(20), |_| district::dashboard(&store, &year)).await?;
        let d = district::dashboard(&store, &year).await?;
        let (start, end) = (china_midnight(d.from), china_midnight(d.to + chrono::Duration::days(1)));
        let ids: Vec<i64> = d.stations.iter().map(|l| l.station.id).collect();
        let naive = |_| {
            let store = &store;
            let ids = &ids;
            async move {
                let mut received = 0u32;
                for id in ids {
                    received += store.reference_rates_naive(*id, start, end).await?.0;
                }
                Ok::<u32, CoreError>(received)
            }
        };
        let naive_time = time(reps.min(5), naive).await?;
        let naive_received = naive(0).await?;
        let check = if naive_received == d.total.received { "" } else { " (counts differ!)" };
        crate::outln!("{:<34} {:>12} {:>14}  reference is", "operation", "StationDesk", "reference");
        crate::outln!(
            "{:<34} {} {}  each station's year of rows, counted{check}",
            format!("dashboard, a year ({} received)", d.total.received),
            ms(dashboard),
            ms(naive_time)
        );
        store.close().await;
        Ok::<(), CoreError>(())
    }
    .await;
    if keep.is_none() {
        let mut logins = station_logins.clone();
        logins.push(office_login);
        postgres::drop_database(server, &name, &logins).await?;
    }
    result
}

async fn bench_size(size: usize, reps: usize) -> Result<(), CoreError> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("bench.db");
    let (store, _) = Store::open_or_create(&Location::SqliteFile(path.clone())).await?;
    let (st, _) = station::init(&store, "RA", "荣傲家园社区微言服务站", "基准测试").await?;
    let actor = station::actor_for(&store, &st, "基准测试").await?;
    let started = Instant::now();
    stationdesk_core::demo::load(&store, &actor, size, 7, false).await?;
    let load = started.elapsed();
    // The one-transaction load leaves every page it wrote in the WAL as well until the next
    // checkpoint folds it in (then truncated): the file and the WAL are told apart.
    let mib = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0) as f64 / 1048576.0;
    let wal = mib(&path.with_extension("db-wal"));
    store.reference_settle().await?;
    crate::outln!();
    crate::outln!(
        "== SQLite, {size} cases: demo load {:.1} s, database file {:.0} MiB (the load's WAL of {wal:.0} MiB \
         checkpointed into it, as the program's next start finds it) ==",
        load.as_secs_f64(),
        mib(&path),
    );
    measure(&store, &st, &actor, reps).await?;
    store.close().await;
    Ok(())
}

/// The same measurements on a fresh database of a PostgreSQL server, through a station's
/// own login (row-level security on, as a station runs).
async fn bench_pg(server: &str, size: usize, reps: usize) -> Result<(), CoreError> {
    use stationdesk_core::store::postgres;
    let name = format!("sdt_bench_{}_{size}", std::process::id());
    let admin_location = postgres::create_database(server, &name).await?;
    let result = async {
        let (admin, _) = Store::open(&admin_location).await?;
        let login = station::StationLogin::new(&format!("{name}_ra"), "bench-password-1")?;
        station::add_to_district(&admin, "RA", "荣傲家园社区微言服务站", "基准测试", &login).await?;
        let host = server.rsplit_once('@').map_or(server, |(_, h)| h);
        let location = Location::parse(&format!("postgres://{}:{}@{host}/{name}", login.login, login.password))?;
        let (store, _) = Store::open(&location).await?;
        let st = station::current(&store).await?;
        let actor = station::actor_for(&store, &st, "基准测试").await?;
        let started = Instant::now();
        stationdesk_core::demo::load(&store, &actor, size, 7, false).await?;
        let load = started.elapsed();
        admin.reference_settle().await?;
        admin.close().await;
        let bytes = store.database_bytes().await?;
        crate::outln!();
        crate::outln!(
            "== PostgreSQL, {size} cases: demo load {:.1} s, database {:.0} MiB (statistics tables compacted, \
             every table vacuumed and analysed after the one-transaction load, as autovacuum keeps a live server) ==",
            load.as_secs_f64(),
            bytes as f64 / 1048576.0
        );
        measure(&store, &st, &actor, reps).await?;
        store.close().await;
        Ok::<(), CoreError>(())
    }
    .await;
    postgres::drop_database(server, &name, &[format!("{name}_ra")]).await?;
    result
}

async fn measure(store: &Store, st: &Station, actor: &Actor, reps: usize) -> Result<(), CoreError> {
    let (store, st, actor) = (store.clone(), st.clone(), actor.clone());
    crate::outln!("{:<34} {:>12} {:>14}  reference is", "operation", "StationDesk", "reference");

    let create = time(reps, |i| {
        let store = &store;
        let actor = &actor;
        async move {
            let input = NewCase {
                channel: Channel::SuggestionBox,
                resident_name: Some("刘涵".into()),
                phone: Some("13812341234".into()),
                address: Default::default(),
                category_id: None,
                title: format!("南门广场路面坑洼积水 {i}"),
                description: Some("雨后南门广场积水严重，老人出行不便，希望尽快修补路面。".into()),
                received_at: None,
                ..NewCase::default()
            };
            cases::create(store, actor, input).await
        }
    })
    .await?;
    let bare = time(reps, |i| store.reference_bare_insert(st.id, i)).await?;
    crate::outln!("{:<34} {} {}  bare INSERT, no index/audit", "create one case (+index, audit)", ms(create), ms(bare));

    let categories = station::categories(&store, st.id).await?;
    let category_id = categories.iter().find(|c| c.name == "物业管理").map(|c| c.id);
    let page_query =
        CaseQuery { status: Some(CaseStatus::Closed), category_id, page: 3, page_size: 50, ..CaseQuery::default() };
    let page = time(reps, |_| cases::list(&store, st.id, &page_query)).await?;
    let page_ref = time(reps, |_| store.reference_unindexed_page(st.id, "closed", category_id.unwrap_or(0))).await?;
    crate::outln!("{:<34} {} {}  same query, NOT INDEXED scan", "filtered page of 50 (+total)", ms(page), ms(page_ref));

    for word in WORDS {
        let q = CaseQuery { text: Some((*word).to_owned()), page_size: 50, ..CaseQuery::default() };
        let mut hits = 0i64;
        let search = time(reps, |_| {
            let store = &store;
            let q = &q;
            async move { cases::list(store, st.id, q).await }
        })
        .await?;
        if let Ok(p) = cases::list(&store, st.id, &q).await {
            hits = if p.total_capped { i64::MAX } else { i64::from(p.total) };
        }
        let like_hits = store.reference_like_count(st.id, word).await?;
        let like = time(reps.min(20), |_| store.reference_like_count(st.id, word)).await?;
        let shown =
            if hits == i64::MAX { format!("{like_hits} hits, counted to 10000+") } else { format!("{hits} hits") };
        let label = format!("search {}-char \"{word}\" ({shown})", word.chars().count());
        let check = if like_hits == hits || (hits == i64::MAX && like_hits > 10_000) {
            ""
        } else {
            " (LIKE found a different count!)"
        };
        crate::outln!("{label:<34} {} {}  LIKE '%…%' scan, count{check}", ms(search), ms(like));
    }

    // The needs-attention view (first page) and the rates for the last 12 months.
    let attention = time(reps, |_| cases::attention(&store, st.id, 1, 50)).await?;
    let shown = cases::attention(&store, st.id, 1, 50).await?.total;
    let now = chrono::Utc::now();
    let naive_attention = time(reps.min(20), |_| store.reference_attention_naive(st.id, now)).await?;
    let naive_shown = store.reference_attention_naive(st.id, now).await?;
    let check = if naive_shown as u32 == shown { "" } else { " (counts differ!)" };
    crate::outln!(
        "{:<34} {} {}  load open rows, judge in Rust{check}",
        format!("needs attention ({shown} cases)"),
        ms(attention),
        ms(naive_attention)
    );
    let to = now.with_timezone(&stationdesk_core::cases::CHINA_OFFSET).date_naive();
    let year = RateQuery { from: Some(to - chrono::Duration::days(364)), to: Some(to) };
    let rates_time = time(reps, |_| rates::report(&store, st.id, &year)).await?;
    let report = rates::report(&store, st.id, &year).await?;
    // The same period as the report: China midnight to China midnight.
    let (start, end) =
        (china_midnight(to - chrono::Duration::days(364)), china_midnight(to + chrono::Duration::days(1)));
    let naive_rates = time(reps.min(20), |_| store.reference_rates_naive(st.id, start, end)).await?;
    let (received, in_time) = store.reference_rates_naive(st.id, start, end).await?;
    let check = if (received, in_time) == (report.total.received, report.total.responded_in_time) {
        ""
    } else {
        " (counts differ!)"
    };
    crate::outln!(
        "{:<34} {} {}  load a year of rows, count in Rust{check}",
        format!("rates for a year ({} received)", report.total.received),
        ms(rates_time),
        ms(naive_rates)
    );
    Ok(())
}

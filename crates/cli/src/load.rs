//! `stationdesk-cli load`: several stations writing to one district server at once, as a
//! street office's morning looks: cases logged and moved on, sign-ups, errands. Every
//! write the service acknowledged is remembered and checked afterwards through each
//! station's own login: none lost, no case number twice, no row of another station
//! visible. Optionally the server is restarted mid-run (`--restart`), and the writers must
//! report refusals and carry on by themselves. Not a unit test: `make test` runs it briefly
//! and `make load` for ten minutes; it prints latencies for the closing note.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use clap::Args;
use stationdesk_core::cases::{self, CaseStatus, Channel, NewCase};
use stationdesk_core::schedule::EventKind;
use stationdesk_core::schedule::errands::{self, ErrandInput};
use stationdesk_core::schedule::events::{self, EventInput, SignupInput};
use stationdesk_core::station::{self, StationLogin};
use stationdesk_core::workflow::{self, TransitionRequest};
use stationdesk_core::{Actor, CoreError, Location, Store};

#[derive(Debug, Args)]
pub struct LoadArgs {
    /// The district server's administrator address on a fresh, empty database
    /// (postgres://owner:password@host:port/database).
    #[arg(long)]
    pub admin: String,
    /// Simulated stations, each with its own login.
    #[arg(long, default_value_t = 8)]
    pub stations: usize,
    /// Writers per station.
    #[arg(long, default_value_t = 2)]
    pub writers: usize,
    /// How long the stations write.
    #[arg(long, default_value_t = 120)]
    pub seconds: u64,
    /// A shell command run once at half time to restart the server (e.g.
    /// `pg_ctlcluster 15 main restart -m fast`).
    #[arg(long)]
    pub restart: Option<String>,
    /// Prefix of the stations' logins (they are created on the server).
    #[arg(long, default_value = "sdt_load")]
    pub login_prefix: String,
}

/// What one writer saw.
#[derive(Debug, Default)]
struct Tally {
    /// (case id, number) of every case whose creation was acknowledged.
    cases: Vec<(i64, String)>,
    /// Cases whose step to 核查 was acknowledged.
    moved: Vec<i64>,
    signups: Vec<i64>,
    errands: Vec<i64>,
    latencies: BTreeMap<&'static str, Vec<Duration>>,
    refusals: BTreeMap<String, u32>,
}

struct Station {
    store: Store,
    actor: Actor,
    event_id: i64,
    occurrence: chrono::DateTime<Utc>,
    errand_type: i64,
}

async fn prepare(args: &LoadArgs, admin: &Store, i: usize) -> Result<Station, CoreError> {
    let code = format!("L{i}");
    let login = StationLogin::new(&format!("{}_{}", args.login_prefix, i), "load-test-password")?;
    station::add_to_district(admin, &code, &format!("压力测试第{i}站"), "值班员", &login).await?;
    let Location::Postgres(url) = admin.location() else {
        return Err(CoreError::invalid("admin", "压力测试需要街道服务器（postgres://…）"));
    };
    let described = url.expose();
    let (_, host) = described.rsplit_once('@').ok_or_else(|| CoreError::invalid("admin", "地址缺少 @主机"))?;
    let location = Location::parse(&format!("postgres://{}:{}@{host}", login.login, login.password))?;
    let (store, _) = Store::open(&location).await?;
    let st = station::current(&store).await?;
    let actor = station::actor_for(&store, &st, "值班员").await?;
    let start = Utc::now() + chrono::Duration::days(1);
    let event = events::create(
        &store,
        &actor,
        &EventInput {
            kind: EventKind::Clinic,
            title: "社区卫生服务中心义诊".to_owned(),
            start,
            end: start + chrono::Duration::hours(2),
            place: "社区活动室".to_owned(),
            partner_ids: vec![],
            partners: Vec::new(),
            staff_ids: Vec::new(),
            volunteers: Vec::new(),
            description: None,
            rrule: None,
            exdates: Vec::new(),
            capacity: Some(30),
            audience: None,
            bring: None,
            link: None,
        },
    )
    .await?;
    let errand_type = errands::types(&store, &actor).await?.first().map(|t| t.id).unwrap_or_default();
    Ok(Station { store, actor, event_id: event.event.id, occurrence: event.event.start, errand_type })
}

async fn writer(station: &Station, w: usize, until: Instant) -> Tally {
    let mut t = Tally::default();
    let mut n = 0_u64;
    while Instant::now() < until {
        n += 1;
        let started = Instant::now();
        let (op, result): (&'static str, Result<(), CoreError>) = match n % 4 {
            0 | 1 => {
                let input = NewCase {
                    channel: Channel::Visit,
                    title: format!("压力测试 写入者{w} 第{n}件 楼道感应灯不亮"),
                    description: Some("夜间上下楼看不清台阶".to_owned()),
                    ..NewCase::default()
                };
                (
                    "登记诉求",
                    cases::create(&station.store, &station.actor, input).await.map(|c| t.cases.push((c.id, c.number))),
                )
            }
            2 => match t.cases.iter().rev().find(|(id, _)| !t.moved.contains(id)).map(|(id, _)| *id) {
                Some(id) => (
                    "转为核查",
                    workflow::transition(
                        &station.store,
                        &station.actor,
                        id,
                        &TransitionRequest::to(CaseStatus::Investigating),
                    )
                    .await
                    .map(|_| t.moved.push(id)),
                ),
                None => continue,
            },
            _ if n % 8 == 3 => {
                let input = SignupInput {
                    event_id: station.event_id,
                    occurrence_start: station.occurrence,
                    name: format!("居民{w}-{n}"),
                    phone: None,
                    note: None,
                    consent: true,
                };
                (
                    "义诊报名",
                    events::sign_up(&station.store, &station.actor, &input).await.map(|s| t.signups.push(s.id)),
                )
            }
            _ => {
                let input = ErrandInput { type_id: station.errand_type, ..ErrandInput::default() };
                (
                    "办事登记",
                    errands::create(&station.store, &station.actor, &input).await.map(|e| t.errands.push(e.id)),
                )
            }
        };
        match result {
            Ok(()) => t.latencies.entry(op).or_default().push(started.elapsed()),
            Err(e) => {
                *t.refusals.entry(e.user_message()).or_default() += 1;
                // A worker would read the message and try again a moment later.
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
    t
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

pub async fn run(args: &LoadArgs) -> Result<(), CoreError> {
    let location = Location::parse(&args.admin)?;
    let (admin, _) = Store::open(&location).await?;
    if !admin.stations().await?.is_empty() {
        return Err(CoreError::Conflict("压力测试只在空的数据库上运行：这个数据库里已有服务站".to_owned()));
    }
    let mut stations = Vec::new();
    for i in 0..args.stations {
        stations.push(prepare(args, &admin, i).await?);
    }
    crate::outln!(
        "压力测试：{} 个服务站 × {} 个写入者，{} 秒{}",
        args.stations,
        args.writers,
        args.seconds,
        if args.restart.is_some() { "，中途重启服务器" } else { "" }
    );
    let until = Instant::now() + Duration::from_secs(args.seconds);
    let restart = args.restart.clone().map(|cmd| {
        let half = Duration::from_secs(args.seconds / 2);
        tokio::spawn(async move {
            tokio::time::sleep(half).await;
            let status = tokio::process::Command::new("sh").arg("-c").arg(&cmd).status().await;
            crate::outln!("服务器重启（{cmd}）：{}", if status.is_ok_and(|s| s.success()) { "完成" } else { "失败" });
        })
    });
    let stations: Vec<Arc<Station>> = stations.into_iter().map(Arc::new).collect();
    let mut set = tokio::task::JoinSet::new();
    for (i, s) in stations.iter().enumerate() {
        for w in 0..args.writers {
            let s = Arc::clone(s);
            set.spawn(async move { (i, writer(&s, i * 100 + w, until).await) });
        }
    }
    let mut tallies: Vec<Vec<Tally>> = (0..stations.len()).map(|_| Vec::new()).collect();
    while let Some(done) = set.join_next().await {
        let (i, t) = done.map_err(|e| CoreError::Conflict(format!("写入任务异常结束：{e}")))?;
        tallies[i].push(t);
    }
    if let Some(h) = restart {
        let _ = h.await;
    }

    // Check through each station's own login.
    let mut lost = 0_usize;
    let mut duplicates = 0_usize;
    let mut foreign = 0_i64;
    let mut acknowledged = 0_usize;
    let mut latencies: BTreeMap<&'static str, Vec<Duration>> = BTreeMap::new();
    let mut refusals: BTreeMap<String, u32> = BTreeMap::new();
    for (s, station_tallies) in stations.iter().zip(&tallies) {
        let mut numbers = HashSet::new();
        for t in station_tallies {
            for (id, number) in &t.cases {
                acknowledged += 1;
                if !numbers.insert(number.clone()) {
                    duplicates += 1;
                }
                match cases::get(&s.store, s.actor.station_id, *id).await {
                    Ok(c) if &c.number == number => {}
                    _ => lost += 1,
                }
            }
            for id in &t.moved {
                acknowledged += 1;
                match cases::get(&s.store, s.actor.station_id, *id).await {
                    Ok(c) if c.status != CaseStatus::Accepted => {}
                    _ => lost += 1,
                }
            }
            for id in &t.signups {
                acknowledged += 1;
                if events::signup(&s.store, s.actor.station_id, *id).await.is_err() {
                    lost += 1;
                }
            }
            for id in &t.errands {
                acknowledged += 1;
                if errands::get(&s.store, s.actor.station_id, *id).await.is_err() {
                    lost += 1;
                }
            }
            for (op, l) in &t.latencies {
                latencies.entry(op).or_default().extend(l);
            }
            for (m, n) in &t.refusals {
                *refusals.entry(m.clone()).or_default() += n;
            }
        }
        // Numbers the station holds in the register: each once.
        let stored = s.store.case_numbers(s.actor.station_id).await?;
        let distinct: HashSet<&String> = stored.iter().collect();
        duplicates += stored.len() - distinct.len();
        foreign += s.store.rows_of_other_stations(s.actor.station_id).await?;
    }
    crate::outln!("已确认的写入 {acknowledged} 次；丢失 {lost}；重复编号 {duplicates}；跨站可见的行 {foreign}");
    for (op, mut l) in latencies {
        l.sort_unstable();
        crate::outln!(
            "  {op}：{} 次，p50 {:.1} ms，p99 {:.1} ms",
            l.len(),
            percentile(&l, 0.5).as_secs_f64() * 1000.0,
            percentile(&l, 0.99).as_secs_f64() * 1000.0
        );
    }
    for (message, n) in &refusals {
        crate::outln!("  拒绝 {n} 次：{message}");
    }
    for s in &stations {
        s.store.close().await;
    }
    admin.close().await;
    if lost > 0 || duplicates > 0 || foreign > 0 {
        return Err(CoreError::Conflict(format!(
            "压力测试未通过：丢失 {lost}，重复编号 {duplicates}，跨站可见 {foreign}"
        )));
    }
    crate::outln!("压力测试通过");
    Ok(())
}

//! The rates are proven, not trusted: random case histories go through the services
//! (intake, steps, holds, reopenings, duplicates, surveys, contacts, follow-up calls, new
//! assignees and urgencies) on a clock that crosses China midnight, month and year ends;
//! then every figure of the rates report, and the register's totals, are compared with a
//! naive recount over the raw rows (`cases`, `case_followups` and the case timeline in
//! `audit_log`), written here from the definitions, sharing no code with the statistics the
//! core keeps. "Responded" is recounted from the timeline, as DOMAIN.md defines it: a case
//! with a phone by its first contact with the resident (a contact, a survey with them, a
//! call-back that reached them), an anonymous note (no phone) also by its first step out of
//! 受理; the stored `responded_at` must be that instant.
//!
//! `RATES_SEEDS=100..400 cargo test -p stationdesk-core --test store rates_match` explores
//! other seeds; a failure names its seed, and `RATES_SEEDS=<seed>` replays it.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};
use stationdesk_core::cases::{self, Address, CaseQuery, CaseStatus, Channel, NewCase};
use stationdesk_core::deadlines::Urgency;
use stationdesk_core::rates::{self, Figures, RateQuery, RatesReport};
use stationdesk_core::store::Clock;
use stationdesk_core::workflow::{self, CaseHandling, NewFollowUp, NewSurvey, Satisfaction, TransitionRequest};
use stationdesk_core::{Actor, CoreError, Location, Store, station};

/// Cases per history database; with the default seeds, 12 × 30 = 360 case histories.
const CASES_PER_SEED: usize = 30;
const DEFAULT_SEEDS: std::ops::Range<u64> = 1..13;

/// Where histories start: a few days before China midnight at a month's or a year's end.
const ANCHORS: [(i32, u32, u32); 6] =
    [(2025, 12, 31), (2026, 1, 31), (2026, 2, 28), (2026, 6, 30), (2026, 9, 30), (2026, 12, 31)];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rates_match_a_naive_recount_on_random_histories() {
    let seeds = seeds_from_env().unwrap_or(DEFAULT_SEEDS);
    let mut histories = 0;
    let mut compared = 0;
    let mut done: BTreeMap<String, u32> = BTreeMap::new();
    for seed in seeds.clone() {
        let (cases, periods, steps) = history(seed).await;
        histories += cases;
        compared += periods;
        for (k, n) in steps {
            *done.entry(k).or_default() += n;
        }
    }
    println!("{histories} case histories over seeds {seeds:?}, {compared} periods compared: no difference");
    println!("steps taken: {done:?}");
    if seeds == DEFAULT_SEEDS {
        assert!(histories >= 300, "only {histories} histories");
    }
}

fn seeds_from_env() -> Option<std::ops::Range<u64>> {
    let text = std::env::var("RATES_SEEDS").ok()?;
    match text.split_once("..") {
        Some((a, b)) => Some(a.trim().parse().ok()?..b.trim().parse().ok()?),
        None => {
            let one: u64 = text.trim().parse().ok()?;
            Some(one..one + 1)
        }
    }
}

struct History {
    seed: u64,
    rng: SmallRng,
    store: Store,
    clock: Clock,
    actor: Actor,
    raw: SqlitePool,
    categories: Vec<i64>,
    staff: Vec<i64>,
    cases: Vec<i64>,
    /// What the history did, by kind of step, for the summary.
    done: BTreeMap<String, u32>,
    _dir: tempfile::TempDir,
}

/// Runs one seed's history; returns the cases made, the periods compared and the steps.
async fn history(seed: u64) -> (usize, usize, BTreeMap<String, u32>) {
    let mut h = History::new(seed).await;
    let mut compared = 0;
    let mut step = 0;
    while h.cases.len() < CASES_PER_SEED || step < CASES_PER_SEED * 6 {
        step += 1;
        h.act().await;
        if step % 40 == 0 {
            compared += h.compare_some_periods(2).await;
        }
    }
    // Let time run on so open cases fall overdue, and compare again.
    for _ in 0..3 {
        h.advance().await;
        compared += h.compare_some_periods(6).await;
    }
    (h.cases.len(), compared, h.done)
}

fn china_date(t: DateTime<Utc>) -> NaiveDate {
    (t + Duration::hours(8)).date_naive()
}

impl History {
    async fn new(seed: u64) -> Self {
        let mut rng = SmallRng::seed_from_u64(seed);
        let (y, m, d) = ANCHORS[rng.random_range(0..ANCHORS.len())];
        let anchor = Utc.with_ymd_and_hms(y, m, d, 16, 0, 0).single().expect("anchor");
        let start = anchor - Duration::seconds(rng.random_range(0..5 * 86_400));
        let clock = Clock::manual(start);
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("station.db");
        let (store, _) = Store::open_or_create(&Location::SqliteFile(path.clone())).await.expect("open");
        let store = store.with_clock(clock.clone());
        let (st, _) = station::init(&store, "RA", "荣傲家园社区微言服务站", "赵子坤").await.expect("init");
        let actor = station::actor_for(&store, &st, "赵子坤").await.expect("actor");
        let mut staff = vec![actor.staff_id.expect("staff id")];
        for name in ["张敏", "李强"] {
            staff.push(station::add_staff(&store, &actor, name).await.expect("staff").id);
        }
        let categories: Vec<i64> =
            station::categories(&store, st.id).await.expect("categories").into_iter().take(4).map(|c| c.id).collect();
        let raw = SqlitePool::connect_with(SqliteConnectOptions::new().filename(&path).read_only(true))
            .await
            .expect("raw reader");
        Self {
            seed,
            rng,
            store,
            clock,
            actor,
            raw,
            categories,
            staff,
            cases: Vec::new(),
            done: BTreeMap::new(),
            _dir: dir,
        }
    }

    fn now(&self) -> DateTime<Utc> {
        self.store.now()
    }

    /// A refusal is part of a random history; anything but a refusal of input is a bug.
    fn allow_refusal<T>(&mut self, what: &str, r: Result<T, CoreError>) -> Option<T> {
        match r {
            Ok(v) => {
                *self.done.entry(what.to_owned()).or_default() += 1;
                Some(v)
            }
            Err(CoreError::Invalid(_)) => {
                *self.done.entry(format!("{what} refused")).or_default() += 1;
                None
            }
            Err(e) => panic!("seed {}: {what} failed: {e:?}", self.seed),
        }
    }

    async fn act(&mut self) {
        let roll = self.rng.random_range(0..100);
        if self.cases.is_empty() || (roll < 28 && self.cases.len() < CASES_PER_SEED) {
            self.intake().await;
        } else if roll < 60 {
            self.transition().await;
        } else if roll < 74 {
            self.follow_up().await;
        } else if roll < 78 {
            self.survey_or_contact().await;
        } else if roll < 82 {
            self.handling().await;
        } else {
            self.advance().await;
        }
    }

    async fn intake(&mut self) {
        let channel = Channel::ALL[self.rng.random_range(0..Channel::ALL.len())];
        let anonymous = channel == Channel::SuggestionBox && self.rng.random_bool(0.6);
        let received_at = self.now() - Duration::seconds(self.rng.random_range(0..2 * 86_400));
        let input = NewCase {
            channel,
            resident_name: (!anonymous).then(|| "王建国".to_owned()),
            phone: (!anonymous).then(|| format!("138{:08}", self.rng.random_range(0..100_000_000))),
            address: Address { place: Some("南门广场".to_owned()), ..Address::default() },
            category_id: self.pick_category(),
            title: "雨后路面积水".to_owned(),
            description: None,
            received_at: Some(received_at),
            urgency: [Urgency::Urgent, Urgency::Normal, Urgency::Complex][self.rng.random_range(0..3)],
            assignee_id: self.pick_assignee(),
            request_key: None,
            duplicate_of: None,
        };
        let made = cases::create(&self.store, &self.actor, input).await;
        if let Some(c) = self.allow_refusal("intake", made) {
            self.cases.push(c.id);
        }
    }

    fn pick_category(&mut self) -> Option<i64> {
        (self.rng.random_range(0..10) > 0).then(|| self.categories[self.rng.random_range(0..self.categories.len())])
    }

    fn pick_assignee(&mut self) -> Option<i64> {
        (self.rng.random_range(0..4) > 0).then(|| self.staff[self.rng.random_range(0..self.staff.len())])
    }

    fn pick_case(&mut self) -> i64 {
        self.cases[self.rng.random_range(0..self.cases.len())]
    }

    async fn transition(&mut self) {
        let id = self.pick_case();
        let c = cases::get(&self.store, self.actor.station_id, id).await.expect("case");
        let next = workflow::allowed_next(c.status);
        if next.is_empty() {
            return;
        }
        let to = next[self.rng.random_range(0..next.len())];
        let today = china_date(self.now());
        let mut req = TransitionRequest::to(to);
        if workflow::is_reopen(c.status, to) {
            req.note = Some("回访时居民表示问题仍未解决".to_owned());
        }
        match to {
            CaseStatus::Resolved => req.resolution = Some("物业已重新铺设路面".to_owned()),
            CaseStatus::OnHold => {
                req.hold_reason = Some("等待开发商施工方案".to_owned());
                req.hold_until = Some(today + Duration::days(self.rng.random_range(0..10)));
            }
            CaseStatus::Referred => req.referred_to = Some("区住建局".to_owned()),
            CaseStatus::Duplicate => {
                let other = self.pick_case();
                let other = cases::get(&self.store, self.actor.station_id, other).await.expect("case");
                req.duplicate_of = Some(other.number);
            }
            _ => {}
        }
        let what = if workflow::is_reopen(c.status, to) { "reopen".to_owned() } else { format!("to {}", to.label()) };
        let done = workflow::transition(&self.store, &self.actor, id, &req).await;
        self.allow_refusal(&what, done);
    }

    /// A call to one of the cases awaiting it (办结), now and then to any case.
    async fn follow_up(&mut self) {
        let q = CaseQuery { status: Some(CaseStatus::Resolved), page_size: 200, ..CaseQuery::default() };
        let waiting = cases::list(&self.store, self.actor.station_id, &q).await.expect("list").items;
        let id = match waiting.len() {
            0 => return,
            n if self.rng.random_range(0..10) > 0 => waiting[self.rng.random_range(0..n)].id,
            _ => self.pick_case(),
        };
        let c = cases::get(&self.store, self.actor.station_id, id).await.expect("case");
        let roll = self.rng.random_range(0..10);
        let input = if roll < 2 && c.phone.is_none() {
            NewFollowUp { without_callback: true, ..NewFollowUp::default() }
        } else if roll < 3 {
            NewFollowUp { reached: false, ..NewFollowUp::default() }
        } else {
            let resolved = self.rng.random_bool(0.7);
            let satisfaction = [Satisfaction::Satisfied, Satisfaction::BasicallySatisfied, Satisfaction::Dissatisfied]
                [self.rng.random_range(0..3)];
            let unhappy = !resolved || satisfaction == Satisfaction::Dissatisfied;
            let reopen = unhappy && self.rng.random_bool(0.5);
            NewFollowUp {
                reached: true,
                resolved: Some(resolved),
                satisfaction: Some(satisfaction),
                comment: reopen.then(|| "居民反映积水仍在".to_owned()),
                reopen,
                ..NewFollowUp::default()
            }
        };
        let what = match (input.without_callback, input.reached, input.reopen) {
            (true, _, _) => "call: closed without",
            (_, false, _) => "call: not reached",
            (_, true, true) => "call: reached, reopened",
            (_, true, false) => "call: reached",
        };
        let done = workflow::follow_up(&self.store, &self.actor, id, &input).await;
        self.allow_refusal(what, done);
    }

    async fn survey_or_contact(&mut self) {
        let id = self.pick_case();
        let done = if self.rng.random_bool(0.5) {
            let survey = NewSurvey {
                people: "张敏、物业经理李强".into(),
                findings: "三处坑洼积水".into(),
                with_resident: self.rng.random_bool(0.5),
                ..NewSurvey::default()
            };
            workflow::add_survey(&self.store, &self.actor, id, &survey).await.map(|_| ())
        } else {
            workflow::record_contact(&self.store, &self.actor, id, "电话联系居民，说明处理进度").await.map(|_| ())
        };
        self.allow_refusal("survey or contact", done);
    }

    async fn handling(&mut self) {
        let id = self.pick_case();
        let input = CaseHandling {
            assignee_id: self.pick_assignee(),
            urgency: self
                .rng
                .random_bool(0.5)
                .then(|| [Urgency::Urgent, Urgency::Normal, Urgency::Complex][self.rng.random_range(0..3)]),
        };
        let done = workflow::update_handling(&self.store, &self.actor, id, &input).await;
        self.allow_refusal("handling", done);
    }

    /// Minutes, hours, days, or to a second either side of the next China midnight.
    async fn advance(&mut self) {
        let now = self.now();
        let to = match self.rng.random_range(0..4) {
            0 => now + Duration::minutes(self.rng.random_range(1..120)),
            1 => now + Duration::hours(self.rng.random_range(1..30)),
            2 => now + Duration::days(self.rng.random_range(1..9)),
            _ => {
                let next = china_date(now) + Duration::days(1);
                let midnight =
                    Utc.from_utc_datetime(&next.and_hms_opt(0, 0, 0).expect("midnight")) - Duration::hours(8);
                midnight + Duration::seconds(self.rng.random_range(-2..3))
            }
        };
        self.clock.set(to.max(now + Duration::seconds(1)));
        *self.done.entry("clock moved".to_owned()).or_default() += 1;
    }

    /// Compares the whole span, a random month of it, random sub-periods and one day.
    async fn compare_some_periods(&mut self, random: usize) -> usize {
        let rows = RawRows::load(&self.raw, self.actor.station_id).await;
        rows.check_responded(self.seed);
        let (Some(first), Some(last)) = (rows.first_day(), rows.last_day()) else { return 0 };
        let last = last.max(china_date(self.now()));
        let mut periods = vec![(first, last), (first, first), (last, last)];
        for _ in 0..random {
            let span = (last - first).num_days().max(0);
            let a = first + Duration::days(self.rng.random_range(0..=span));
            let b = a + Duration::days(self.rng.random_range(0..=span));
            periods.push((a, b.min(last)));
        }
        let month = first.format("%Y-%m-01").to_string();
        if let Ok(m) = NaiveDate::parse_from_str(&month, "%Y-%m-%d") {
            let next = m + Duration::days(40);
            let end = NaiveDate::parse_from_str(&next.format("%Y-%m-01").to_string(), "%Y-%m-%d").expect("month")
                - Duration::days(1);
            periods.push((m, end));
        }
        let now = self.now();
        for (from, to) in &periods {
            let q = RateQuery { from: Some(*from), to: Some(*to) };
            let report = rates::report(&self.store, self.actor.station_id, &q).await.expect("rates");
            let expected = rows.naive(*from, *to, now);
            if let Err(diff) = same(&report, &expected) {
                panic!("seed {}: rates for {from}..={to} at {now} differ from the naive recount:\n{diff}", self.seed);
            }
        }
        self.compare_register(&rows).await;
        periods.len()
    }

    /// The register's totals for every status, category and channel filter.
    async fn compare_register(&self, rows: &RawRows) {
        let total = |q: CaseQuery| async move {
            cases::list(&self.store, self.actor.station_id, &q).await.expect("list").total
        };
        assert_eq!(total(CaseQuery::default()).await as usize, rows.cases.len(), "seed {}: register total", self.seed);
        for s in CaseStatus::ALL {
            let naive = rows.cases.iter().filter(|c| c.status == s.code()).count();
            let q = CaseQuery { status: Some(*s), ..CaseQuery::default() };
            assert_eq!(total(q).await as usize, naive, "seed {}: register total for {}", self.seed, s.label());
        }
        for ch in Channel::ALL {
            let naive = rows.cases.iter().filter(|c| c.channel == ch.code()).count();
            let q = CaseQuery { channel: Some(*ch), ..CaseQuery::default() };
            assert_eq!(total(q).await as usize, naive, "seed {}: register total for {}", self.seed, ch.label());
        }
        for cat in &self.categories {
            let naive = rows.cases.iter().filter(|c| c.category_id == Some(*cat)).count();
            let q = CaseQuery { category_id: Some(*cat), ..CaseQuery::default() };
            assert_eq!(total(q).await as usize, naive, "seed {}: register total for category {cat}", self.seed);
        }
    }
}

// ---- the naive recount ----

#[derive(Debug, sqlx::FromRow)]
struct RawCase {
    id: i64,
    phone: Option<String>,
    received_at: DateTime<Utc>,
    category_id: Option<i64>,
    assignee_id: Option<i64>,
    status: String,
    channel: String,
    respond_due_at: Option<DateTime<Utc>>,
    responded_at: Option<DateTime<Utc>>,
    resolve_due_at: Option<DateTime<Utc>>,
    resolved_at: Option<DateTime<Utc>>,
    reopen_count: i64,
    held_since: Option<DateTime<Utc>>,
}

#[derive(Debug, sqlx::FromRow)]
struct RawCall {
    case_id: i64,
    at: DateTime<Utc>,
    reached: bool,
    resolved: Option<bool>,
    satisfaction: Option<String>,
}

/// A step on a case's timeline.
#[derive(Debug, sqlx::FromRow)]
struct RawStep {
    entity_id: i64,
    at: DateTime<Utc>,
    action: String,
    changes: String,
}

impl RawStep {
    fn has(&self, field: &str, before: Option<&str>, after: Option<&str>) -> bool {
        let Ok(changes) = serde_json::from_str::<Vec<serde_json::Value>>(&self.changes) else { return false };
        changes.iter().any(|c| {
            c["field"] == field && before.is_none_or(|b| c["before"] == b) && after.is_none_or(|a| c["after"] == a)
        })
    }

    /// Contacted the resident: a contact, a survey with them, a call that reached them.
    fn contacts(&self) -> bool {
        match self.action.as_str() {
            "contact" => true,
            "survey" => self.has("withResident", None, None),
            "follow_up" => self.has("reached", None, Some("是")),
            _ => false,
        }
    }

    /// Moved the case on from 受理 (a status change or a survey that started 核查).
    fn leaves_accepted(&self) -> bool {
        matches!(self.action.as_str(), "transition" | "survey") && self.has("status", Some("accepted"), None)
    }
}

struct RawRows {
    cases: Vec<RawCase>,
    /// Each case's first response as the definition reads it off its timeline.
    responded: BTreeMap<i64, DateTime<Utc>>,
    /// Each case's latest call that reached the resident.
    latest_call: BTreeMap<i64, RawCall>,
}

/// Counts of one slice, in the report's terms, with the days to resolve in tenths.
#[derive(Debug, Default, Clone)]
struct Naive {
    received: u32,
    duplicates: u32,
    responded_in_time: u32,
    followed_up: u32,
    resolved_by_resident: u32,
    satisfied: u32,
    resolved: u32,
    overdue: u32,
    reopened: u32,
    tenths: Vec<i64>,
}

impl Naive {
    fn figures(&self, with_median: bool) -> Figures {
        let rate = |a: u32, b: u32| (b > 0).then(|| f64::from(a) / f64::from(b));
        let mut t = self.tenths.clone();
        t.sort_unstable();
        let median = (with_median && !t.is_empty()).then(|| {
            let n = t.len();
            let mid = if n % 2 == 1 { t[n / 2] as f64 } else { (t[n / 2 - 1] + t[n / 2]) as f64 / 2.0 };
            mid / 10.0
        });
        Figures {
            received: self.received,
            duplicates: self.duplicates,
            responded_in_time: self.responded_in_time,
            response_rate: rate(self.responded_in_time, self.received),
            followed_up: self.followed_up,
            resolved_by_resident: self.resolved_by_resident,
            resolution_rate: rate(self.resolved_by_resident, self.followed_up),
            satisfied: self.satisfied,
            satisfaction_rate: rate(self.satisfied, self.followed_up),
            resolved: self.resolved,
            overdue: self.overdue,
            reopened: self.reopened,
            median_days_to_resolve: median,
        }
    }
}

struct Expected {
    total: Figures,
    by_category: BTreeMap<String, Figures>,
    by_assignee: BTreeMap<String, Figures>,
    by_month: BTreeMap<String, Figures>,
}

impl RawRows {
    async fn load(pool: &SqlitePool, station_id: i64) -> Self {
        let cases: Vec<RawCase> = sqlx::query_as(
            "SELECT id, phone, received_at, category_id, assignee_id, status, channel, respond_due_at, responded_at,
                resolve_due_at, resolved_at, reopen_count, held_since FROM cases WHERE station_id = $1 ORDER BY id",
        )
        .bind(station_id)
        .fetch_all(pool)
        .await
        .expect("raw cases");
        let calls: Vec<RawCall> = sqlx::query_as(
            "SELECT case_id, at, reached, resolved, satisfaction FROM case_followups WHERE station_id = $1 ORDER BY id",
        )
        .bind(station_id)
        .fetch_all(pool)
        .await
        .expect("raw calls");
        let mut latest_call = BTreeMap::new();
        for call in calls.into_iter().filter(|c| c.reached) {
            latest_call.insert(call.case_id, call);
        }
        let steps: Vec<RawStep> = sqlx::query_as(
            "SELECT entity_id, at, action, changes FROM audit_log WHERE station_id = $1 AND entity = 'case' ORDER BY id",
        )
        .bind(station_id)
        .fetch_all(pool)
        .await
        .expect("raw timeline");
        let anonymous: BTreeMap<i64, bool> =
            cases.iter().map(|c| (c.id, c.phone.as_deref().is_none_or(|p| p.trim().is_empty()))).collect();
        let mut responded: BTreeMap<i64, DateTime<Utc>> = BTreeMap::new();
        for s in &steps {
            let nobody_to_call = anonymous.get(&s.entity_id).copied().unwrap_or(false);
            if s.contacts() || (nobody_to_call && s.leaves_accepted()) {
                let first = responded.entry(s.entity_id).or_insert(s.at);
                *first = (*first).min(s.at);
            }
        }
        Self { cases, responded, latest_call }
    }

    /// Every case's stored `responded_at` is its first response on the timeline.
    fn check_responded(&self, seed: u64) {
        for c in &self.cases {
            assert_eq!(
                c.responded_at,
                self.responded.get(&c.id).copied(),
                "seed {seed}: case {} (phone: {}) responded_at differs from its timeline",
                c.id,
                c.phone.is_some()
            );
        }
    }

    fn first_day(&self) -> Option<NaiveDate> {
        self.cases.iter().map(|c| china_date(c.received_at)).min()
    }

    fn last_day(&self) -> Option<NaiveDate> {
        let calls = self.latest_call.values().map(|c| china_date(c.at));
        self.cases
            .iter()
            .flat_map(|c| [Some(c.received_at), c.resolved_at])
            .flatten()
            .map(china_date)
            .chain(calls)
            .max()
    }

    fn naive(&self, from: NaiveDate, to: NaiveDate, now: DateTime<Utc>) -> Expected {
        let within = |t: DateTime<Utc>| (from..=to).contains(&china_date(t));
        let month = |t: DateTime<Utc>| china_date(t).format("%Y-%m").to_string();
        // (slice, month) → counts; slice is ("", ""), ("c", id) or ("a", id).
        let mut cells: BTreeMap<(String, String), Naive> = BTreeMap::new();
        for c in &self.cases {
            let slices =
                [String::new(), format!("c{}", c.category_id.unwrap_or(0)), format!("a{}", c.assignee_id.unwrap_or(0))];
            let mut add = |m: String, f: &dyn Fn(&mut Naive)| {
                for s in &slices {
                    f(cells.entry((s.clone(), m.clone())).or_default());
                    f(cells.entry((s.clone(), "*".to_owned())).or_default());
                }
            };
            let duplicate = c.status == "duplicate";
            if within(c.received_at) {
                let m = month(c.received_at);
                if duplicate {
                    add(m.clone(), &|n| n.duplicates += 1);
                } else {
                    add(m.clone(), &|n| n.received += 1);
                    if matches!((self.responded.get(&c.id), c.respond_due_at), (Some(r), Some(d)) if *r <= d) {
                        add(m.clone(), &|n| n.responded_in_time += 1);
                    }
                    if c.reopen_count > 0 {
                        add(m.clone(), &|n| n.reopened += 1);
                    }
                }
                let open = matches!(c.status.as_str(), "accepted" | "investigating" | "in_progress");
                let late = matches!((c.resolved_at, c.resolve_due_at), (Some(r), Some(d)) if r > d);
                let past_due = open && c.resolve_due_at.is_some_and(|d| d < now);
                // Put on hold after the deadline had passed: still late (DOMAIN.md).
                let held_late =
                    c.status == "on_hold" && matches!((c.resolve_due_at, c.held_since), (Some(d), Some(h)) if d < h);
                if !duplicate && c.status != "referred" && (late || past_due || held_late) {
                    add(m, &|n| n.overdue += 1);
                }
            }
            if let Some(r) = c.resolved_at.filter(|r| within(*r)) {
                let tenths = (r - c.received_at).num_seconds().div_euclid(8640);
                add(month(r), &|n| {
                    n.resolved += 1;
                    n.tenths.push(tenths);
                });
            }
            if let Some(call) = self.latest_call.get(&c.id).filter(|call| within(call.at)) {
                let satisfied = matches!(call.satisfaction.as_deref(), Some("satisfied" | "basically_satisfied"));
                let resolved = call.resolved == Some(true);
                add(month(call.at), &|n| {
                    n.followed_up += 1;
                    n.resolved_by_resident += u32::from(resolved);
                    n.satisfied += u32::from(satisfied);
                });
            }
        }
        let mut e = Expected {
            total: Naive::default().figures(true),
            by_category: BTreeMap::new(),
            by_assignee: BTreeMap::new(),
            by_month: BTreeMap::new(),
        };
        for ((slice, m), n) in cells {
            match (slice.split_at(slice.len().min(1)), m.as_str()) {
                (("", _), "*") => e.total = n.figures(true),
                (("", _), m) => {
                    e.by_month.insert(m.to_owned(), n.figures(false));
                }
                (("c", id), "*") => {
                    e.by_category.insert(id.to_owned(), n.figures(true));
                }
                (("a", id), "*") => {
                    e.by_assignee.insert(id.to_owned(), n.figures(true));
                }
                _ => {}
            }
        }
        e
    }
}

fn is_zero(f: &Figures) -> bool {
    *f == Figures::default()
}

/// Compares the report with the recount; rows with nothing in them on either side are
/// left out (the day table keeps a row whose counts went back to zero).
fn same(report: &RatesReport, expected: &Expected) -> Result<(), String> {
    let mut diff = Vec::new();
    if report.total != expected.total {
        diff.push(format!("total:\n  report {:?}\n  naive  {:?}", report.total, expected.total));
    }
    let rows = |name: &str, got: &[rates::Breakdown], want: &BTreeMap<String, Figures>, diff: &mut Vec<String>| {
        let got: BTreeMap<String, Figures> =
            got.iter().filter(|b| !is_zero(&b.figures)).map(|b| (b.key.clone(), b.figures.clone())).collect();
        let want: BTreeMap<String, Figures> =
            want.iter().filter(|(_, f)| !is_zero(f)).map(|(k, f)| (k.clone(), f.clone())).collect();
        for key in got.keys().chain(want.keys()).collect::<std::collections::BTreeSet<_>>() {
            if got.get(key) != want.get(key) {
                diff.push(format!("{name} {key}:\n  report {:?}\n  naive  {:?}", got.get(key), want.get(key)));
            }
        }
    };
    rows("category", &report.by_category, &expected.by_category, &mut diff);
    rows("assignee", &report.by_assignee, &expected.by_assignee, &mut diff);
    rows("month", &report.by_month, &expected.by_month, &mut diff);
    if diff.is_empty() { Ok(()) } else { Err(diff.join("\n")) }
}

/// The figures have one home, the model: a migrated database computes none of them in a
/// trigger (no counts, no sums, no China-day arithmetic in SQL).
#[tokio::test]
async fn a_migrated_database_keeps_no_figures_in_triggers() {
    let h = History::new(1).await;
    let triggers: Vec<(String, String)> = sqlx::query_as("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        .fetch_all(&h.raw)
        .await
        .expect("triggers");
    for (name, sql) in &triggers {
        let sql = sql.to_lowercase();
        for word in ["case_counts", "case_day_stats", "case_resolve_times", "date(", "julianday", "strftime", "hours"] {
            assert!(!sql.contains(word), "trigger {name} still computes a figure ({word})");
        }
    }
}

/// Demo data goes in by the bulk path (many cases a statement, follow-up calls in a batch):
/// its figures match a recount too.
#[tokio::test]
async fn demo_data_rates_match_a_naive_recount() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("station.db");
    let (store, _) = Store::open_or_create(&Location::SqliteFile(path.clone())).await.expect("open");
    let store = store.with_clock(Clock::manual(Utc::now()));
    let (st, _) = station::init(&store, "RA", "荣傲家园社区微言服务站", "赵子坤").await.expect("init");
    let actor = station::actor_for(&store, &st, "赵子坤").await.expect("actor");
    stationdesk_core::demo::load(&store, &actor, 1500, 11, false).await.expect("demo");
    let raw = SqlitePool::connect_with(SqliteConnectOptions::new().filename(&path).read_only(true))
        .await
        .expect("raw reader");
    let rows = RawRows::load(&raw, st.id).await;
    assert!(rows.latest_call.len() > 100, "the demo made follow-up calls ({})", rows.latest_call.len());
    rows.check_responded(11);
    let contacted = rows.cases.iter().filter(|c| c.phone.is_some() && rows.responded.contains_key(&c.id)).count();
    assert!(contacted > 700, "the demo recorded contacts with residents ({contacted} of 1500 cases)");
    let (first, last) = (rows.first_day().expect("cases"), rows.last_day().expect("cases"));
    let now = store.now();
    let mut periods = vec![(first, last)];
    let mut day = first;
    while day <= last {
        periods.push((day, (day + Duration::days(30)).min(last)));
        day += Duration::days(31);
    }
    let whole = rates::report(&store, st.id, &RateQuery { from: Some(first), to: Some(last) }).await.expect("rates");
    let rate = whole.total.response_rate.unwrap_or(0.0);
    println!("demo 响应率 {:.1}% ({} of {})", rate * 100.0, whole.total.responded_in_time, whole.total.received);
    assert!((0.6..0.98).contains(&rate), "a realistic demo 响应率, not {rate}");
    for (from, to) in periods {
        let q = RateQuery { from: Some(from), to: Some(to) };
        let report = rates::report(&store, st.id, &q).await.expect("rates");
        if let Err(diff) = same(&report, &rows.naive(from, to, now)) {
            panic!("demo rates for {from}..={to} differ from the naive recount:\n{diff}");
        }
    }
}

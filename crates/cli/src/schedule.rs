//! `event`, `meeting`, `errand`, `report services` and `bench-schedule`: scheduling from
//! the command line, over the same core services as the window. Times are China time
//! (`2026-12-03 09:00`); `--json` prints the core's values as the window receives them.

use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use clap::{Args, Subcommand};
use serde::Serialize;
use stationdesk_core::cases::{self, CHINA_OFFSET};
use stationdesk_core::input::excerpt;
use stationdesk_core::schedule::calendar::{self, CalendarItem, CalendarQuery};
use stationdesk_core::schedule::errands::{self, ErrandInput, ErrandQuery};
use stationdesk_core::schedule::events::{self, EventInput, ServedInput, SignupInput, WalkInInput};
use stationdesk_core::schedule::meetings::{self, AgendaItemInput, MeetingInput, MeetingQuery};
use stationdesk_core::schedule::recurrence::Recurrence;
use stationdesk_core::schedule::{
    Conflict, EditScope, ErrandOutcome, EventKind, MeetingKind, OccurrenceKey, china_date, china_midnight, counts,
};
use stationdesk_core::{Actor, CoreError, Location, Store, parties, station};

pub use crate::event_args::{EventAddArgs, EventEditArgs};

/// The scheduling commands, flattened into the CLI's top level.
#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    /// Events (活动): add, list occurrences, sign-ups, attendance.
    #[command(subcommand)]
    Event(EventCommand),
    /// Meetings (恳谈会 / 议事会).
    #[command(subcommand)]
    Meeting(MeetingCommand),
    /// The errand log (办事登记).
    #[command(subcommand)]
    Errand(ErrandCommand),
    /// Time a year of 50 recurring events and a month view beside a naive expansion.
    BenchSchedule(BenchArgs),
}

#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Schedule an event, once or recurring; prints its id and any double bookings.
    Add(Box<EventAddArgs>),
    /// Change an event's title, place, capacity, description or poster fields; what is
    /// not given stays as it is (an empty value removes an optional one).
    Edit(Box<EventEditArgs>),
    /// Occurrences between two dates (both included), expanded, with sign-up counts.
    List(EventListArgs),
    /// Sign a resident up for one occurrence; beyond capacity they wait.
    Signup {
        /// The event id.
        #[arg(long)]
        event: i64,
        /// The occurrence's start, `2026-12-03 09:00`.
        #[arg(long)]
        at: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        phone: Option<String>,
        /// The resident agreed to their data being recorded (required for 义诊 and other
        /// health events).
        #[arg(long)]
        consent: bool,
    },
    /// Cancel a sign-up by its id; the first person waiting moves up.
    CancelSignup { id: i64 },
    /// Mark a signed-up person present.
    CheckIn { id: i64 },
    /// Log someone who came without signing up.
    WalkIn {
        #[arg(long)]
        event: i64,
        #[arg(long)]
        at: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, default_value_t = 1)]
        people: u32,
    },
    /// Record person-times served (default: attendance) and volunteers' hours.
    Served {
        #[arg(long)]
        event: i64,
        #[arg(long)]
        at: String,
        #[arg(long)]
        served: Option<u32>,
    },
    /// Cancel an occurrence (`--at`), this and the following ones, or the whole event.
    Cancel {
        #[arg(long)]
        event: i64,
        #[arg(long)]
        at: Option<String>,
        /// this (仅此次), following (此次及以后) or all (全部).
        #[arg(long, default_value = "all")]
        scope: String,
    },
}

#[derive(Debug, Args)]
pub struct EventListArgs {
    #[arg(long)]
    from: String,
    #[arg(long)]
    to: String,
    /// Only this kind of event.
    #[arg(long)]
    kind: Option<String>,
    /// Part of the place's name.
    #[arg(long)]
    place: Option<String>,
    /// Only what this staff member is on duty for.
    #[arg(long)]
    on_duty: Option<String>,
    /// Include meetings too.
    #[arg(long)]
    with_meetings: bool,
    /// Include cancelled occurrences.
    #[arg(long)]
    all: bool,
}

#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Schedule a meeting; prints its id and any double bookings.
    Add(Box<MeetingAddArgs>),
    /// Meetings, newest first.
    List {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
    },
    /// One meeting with invitees, agenda, minutes and decisions.
    Show { id: i64 },
}

#[derive(Debug, Args)]
pub struct MeetingAddArgs {
    /// 恳谈会 or 议事会.
    #[arg(long, default_value = "恳谈会")]
    kind: String,
    #[arg(long)]
    title: String,
    #[arg(long)]
    purpose: Option<String>,
    #[arg(long)]
    start: String,
    #[arg(long)]
    end: String,
    #[arg(long)]
    place: String,
    /// An invited organisation or resident representative from the parties directory, by
    /// name; repeat for more.
    #[arg(long)]
    party: Vec<String>,
    /// An invited staff member, by name; repeat for more.
    #[arg(long)]
    on_duty: Vec<String>,
    /// An agenda item; end it with ` #RA-2025-0002` to link a case. Repeat for more.
    #[arg(long)]
    agenda: Vec<String>,
    #[arg(long)]
    contact_person: Option<String>,
    #[arg(long)]
    contact_phone: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ErrandCommand {
    /// Log an errand: only the type is required.
    Add(Box<ErrandAddArgs>),
    /// The errand log, newest first.
    List {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

#[derive(Debug, Args)]
pub struct ErrandAddArgs {
    /// A type from the station's list: 社保认证 医保缴费 证明开具 老年卡 就业登记 其他 …
    #[arg(long = "type")]
    kind: String,
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    /// Default now.
    #[arg(long)]
    at: Option<String>,
    /// The staff member who handled it (default: --staff).
    #[arg(long)]
    by: Option<String>,
    /// Default the office.
    #[arg(long)]
    place: Option<String>,
    /// 办结 需补材料 转办 (default 办结).
    #[arg(long)]
    outcome: Option<String>,
    #[arg(long)]
    note: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServicesArgs {
    /// First day, YYYY-MM-DD (default: the first of this month).
    #[arg(long)]
    from: Option<String>,
    /// Last day, YYYY-MM-DD (default: today).
    #[arg(long)]
    to: Option<String>,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Repetitions per measurement (the median is printed).
    #[arg(long, default_value_t = 20)]
    reps: usize,
}

// ---- parsing ----

pub(crate) fn parse_time(field: &str, text: &str) -> Result<DateTime<Utc>, CoreError> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .and_then(|n| CHINA_OFFSET.from_local_datetime(&n).single())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| CoreError::invalid(field, format!("无法识别时间“{}”，请写成 2026-12-03 09:00", excerpt(text))))
}

/// An end time: a full time, or `11:00` on the start's China date.
fn parse_end(text: &str, start: DateTime<Utc>) -> Result<DateTime<Utc>, CoreError> {
    if let Ok(t) = NaiveTime::parse_from_str(text.trim(), "%H:%M") {
        return Ok(stationdesk_core::schedule::china_time(china_date(start), t));
    }
    parse_time("end", text)
}

fn parse_date(field: &str, text: &str) -> Result<NaiveDate, CoreError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| CoreError::invalid(field, format!("无法识别日期“{}”，请写成 2026-12-03", excerpt(text))))
}

fn event_kind(text: &str) -> Result<EventKind, CoreError> {
    EventKind::parse(text).ok_or_else(|| {
        CoreError::invalid("kind", format!("没有“{}”这种活动，可选：{}", excerpt(text), EventKind::labels()))
    })
}

async fn staff_ids(store: &Store, station_id: i64, names: &[String]) -> Result<Vec<i64>, CoreError> {
    let all = station::staff(store, station_id).await?;
    names
        .iter()
        .map(|n| {
            all.iter().find(|s| s.name == n.trim()).map(|s| s.id).ok_or_else(|| {
                let known: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
                CoreError::invalid("onDuty", format!("没有工作人员“{}”，本站有：{}", excerpt(n), known.join("、")))
            })
        })
        .collect()
}

fn hm(t: DateTime<Utc>) -> String {
    t.with_timezone(&CHINA_OFFSET).format("%Y-%m-%d %H:%M").to_string()
}

fn print_json<T: Serialize>(value: &T) {
    crate::print_json(value);
}

fn print_conflicts(conflicts: &[Conflict]) {
    for c in conflicts {
        crate::outln!("注意：{}", c.message);
    }
}

fn print_item(i: &CalendarItem) {
    let seats = match i.capacity {
        Some(c) => format!("报名 {}/{c}，候补 {}", i.confirmed, i.waitlisted),
        None if i.confirmed > 0 => format!("报名 {}", i.confirmed),
        None => String::new(),
    };
    let cancelled = if i.cancelled { "［已取消］" } else { "" };
    crate::outln!(
        "{}–{}  {}  {}{}  {}  #{}  {}",
        hm(i.start),
        i.end.with_timezone(&CHINA_OFFSET).format("%H:%M"),
        i.kind_label,
        cancelled,
        i.title,
        i.place,
        i.id,
        seats
    );
}

// ---- dispatch ----

pub async fn dispatch(command: &ScheduleCommand, store: &Store, actor: &Actor, json: bool) -> Result<(), CoreError> {
    match command {
        ScheduleCommand::Event(c) => event(c, store, actor, json).await,
        ScheduleCommand::Meeting(c) => meeting(c, store, actor, json).await,
        ScheduleCommand::Errand(c) => errand(c, store, actor, json).await,
        ScheduleCommand::BenchSchedule(args) => bench(args).await,
    }
}

async fn event(c: &EventCommand, store: &Store, actor: &Actor, json: bool) -> Result<(), CoreError> {
    let sid = actor.station_id;
    match c {
        EventCommand::Add(a) => {
            let start = parse_time("start", &a.start)?;
            let end = parse_end(&a.end, start)?;
            let exdates = a.except.iter().map(|d| parse_date("except", d)).collect::<Result<Vec<_>, _>>()?;
            let input = EventInput {
                kind: event_kind(&a.kind)?,
                title: a.title.clone(),
                start,
                end,
                place: a.place.clone(),
                partner_ids: vec![],
                partners: a.partner.clone(),
                staff_ids: staff_ids(store, sid, &a.on_duty).await?,
                volunteers: a.volunteer.clone(),
                description: a.description.clone(),
                rrule: a.rrule.clone(),
                exdates,
                capacity: a.capacity,
                audience: a.poster.audience.clone(),
                bring: a.poster.bring.clone(),
                link: a.poster.link.clone(),
            };
            let saved = events::create(store, actor, &input).await?;
            if json {
                print_json(&saved);
            } else {
                crate::outln!("{}", saved.event.id);
                print_conflicts(&saved.conflicts);
            }
        }
        EventCommand::Edit(a) => {
            let event = events::get(store, sid, a.event).await?;
            let at = a.at.as_deref().map(|t| parse_time("at", t)).transpose()?;
            let scope = match &a.scope {
                Some(s) => EditScope::parse(s).ok_or_else(|| {
                    CoreError::invalid("scope", "范围须为 this、following 或 all（仅此次、此次及以后、全部）")
                })?,
                None => EditScope::All,
            };
            let edit = a.edit(&event, at, scope);
            let saved = events::edit(store, actor, &edit).await?;
            if json {
                print_json(&saved);
            } else {
                crate::outln!("已修改（{}）：{}", scope.label(), saved.event.title);
                print_conflicts(&saved.conflicts);
            }
        }
        EventCommand::List(a) => {
            let q = CalendarQuery {
                from: parse_date("from", &a.from)?,
                to: parse_date("to", &a.to)?,
                source: (!a.with_meetings).then_some(stationdesk_core::schedule::ItemSource::Event),
                event_kind: a.kind.as_deref().map(event_kind).transpose()?,
                place: a.place.clone(),
                staff_id: match &a.on_duty {
                    Some(n) => staff_ids(store, sid, std::slice::from_ref(n)).await?.first().copied(),
                    None => None,
                },
                include_cancelled: a.all,
            };
            let items = calendar::range(store, sid, &q).await?;
            if json {
                print_json(&items);
            } else {
                items.iter().for_each(print_item);
                crate::outln!("共 {} 项", items.len());
            }
        }
        EventCommand::Signup { event, at, name, phone, consent } => {
            let input = SignupInput {
                event_id: *event,
                occurrence_start: parse_time("at", at)?,
                name: name.clone(),
                phone: phone.clone(),
                note: None,
                consent: *consent,
            };
            let s = events::sign_up(store, actor, &input).await?;
            if json {
                print_json(&s);
            } else {
                match s.waitlist_position {
                    Some(n) => crate::outln!("报名号 {}：{} 已满额，候补第 {n} 位", s.id, s.name),
                    None => crate::outln!("报名号 {}：{} 报名成功", s.id, s.name),
                }
            }
        }
        EventCommand::CancelSignup { id } => {
            let out = events::cancel_signup(store, actor, *id).await?;
            if json {
                print_json(&out);
            } else {
                crate::outln!("已取消 {} 的报名", out.cancelled.name);
                if let Some(p) = &out.promoted {
                    let phone = out.promoted_phone.as_deref().map(|p| format!("（{p}）")).unwrap_or_default();
                    crate::outln!("候补递补：{}{phone}，请通知本人", p.name);
                }
            }
        }
        EventCommand::CheckIn { id } => {
            let s = events::check_in(store, actor, *id).await?;
            if json { print_json(&s) } else { crate::outln!("{} 已签到", s.name) }
        }
        EventCommand::WalkIn { event, at, name, people } => {
            let input = WalkInInput {
                event_id: *event,
                occurrence_start: parse_time("at", at)?,
                name: name.clone(),
                people: Some(*people),
            };
            let w = events::walk_in(store, actor, &input).await?;
            if json { print_json(&w) } else { crate::outln!("已登记现场参加 {} 人", w.people) }
        }
        EventCommand::Served { event, at, served } => {
            let input = ServedInput {
                event_id: *event,
                occurrence_start: parse_time("at", at)?,
                served: *served,
                volunteer_hours: None,
                note: None,
            };
            let d = events::record_served(store, actor, &input).await?;
            if json {
                print_json(&d);
            } else {
                // A fold from 0.0: an empty f64 sum is -0.0, printed "-0.0 小时".
                let hours = d.volunteer_hours.iter().fold(0.0, |sum, v| sum + v.hours);
                crate::outln!("受益人次 {}，志愿服务 {hours:.1} 小时", d.item.served);
            }
        }
        EventCommand::Cancel { event, at, scope } => {
            let scope = EditScope::parse(scope).ok_or_else(|| {
                CoreError::invalid("scope", "范围须为 this、following 或 all（仅此次、此次及以后、全部）")
            })?;
            let at = at.as_deref().map(|t| parse_time("at", t)).transpose()?;
            let e = events::cancel(store, actor, *event, at, scope).await?;
            if json { print_json(&e) } else { crate::outln!("已取消（{}）：{}", scope.label(), e.title) }
        }
    }
    Ok(())
}

async fn meeting(c: &MeetingCommand, store: &Store, actor: &Actor, json: bool) -> Result<(), CoreError> {
    let sid = actor.station_id;
    match c {
        MeetingCommand::Add(a) => {
            let start = parse_time("start", &a.start)?;
            let end = parse_end(&a.end, start)?;
            let kind = MeetingKind::parse(&a.kind)
                .ok_or_else(|| CoreError::invalid("kind", format!("会议类型须为：{}", MeetingKind::labels())))?;
            let directory = parties::list(store, sid).await?;
            let party_ids = a
                .party
                .iter()
                .map(|n| {
                    directory.iter().find(|p| p.name == n.trim()).map(|p| p.id).ok_or_else(|| {
                        CoreError::invalid("party", format!("相关方名录中没有“{}”，请先在名录中添加", excerpt(n)))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let mut agenda = Vec::new();
            for item in &a.agenda {
                let (title, case_id) = match item.rsplit_once(" #") {
                    Some((title, number)) => {
                        (title.to_owned(), Some(cases::get_by_number(store, sid, number).await?.id))
                    }
                    None => (item.clone(), None),
                };
                agenda.push(AgendaItemInput { title, case_id, note: None });
            }
            let input = MeetingInput {
                kind,
                title: a.title.clone(),
                purpose: a.purpose.clone(),
                start,
                end,
                place: a.place.clone(),
                contact_person: a.contact_person.clone(),
                contact_phone: a.contact_phone.clone(),
                party_ids,
                staff_ids: staff_ids(store, sid, &a.on_duty).await?,
                agenda,
            };
            let saved = meetings::create(store, actor, &input).await?;
            if json {
                print_json(&saved);
            } else {
                crate::outln!("{}", saved.meeting.id);
                print_conflicts(&saved.conflicts);
            }
        }
        MeetingCommand::List { from, to } => {
            let q = MeetingQuery {
                from: from.as_deref().map(|d| parse_date("from", d)).transpose()?,
                to: to.as_deref().map(|d| parse_date("to", d)).transpose()?,
                status: None,
            };
            let rows = meetings::list(store, sid, &q).await?;
            if json {
                print_json(&rows);
            } else {
                for m in &rows {
                    crate::outln!(
                        "#{}  {}  {}  {}  {}  [{}]",
                        m.id,
                        hm(m.start),
                        m.kind.label(),
                        m.title,
                        m.place,
                        m.status.label()
                    );
                }
                crate::outln!("共 {} 个会议", rows.len());
            }
        }
        MeetingCommand::Show { id } => {
            let m = meetings::get(store, sid, *id).await?;
            if json {
                print_json(&m);
            } else {
                crate::outln!("{}（{}）[{}]", m.title, m.kind.label(), m.status.label());
                crate::outln!("时间：{}  地点：{}", hm(m.start), m.place);
                let invited: Vec<&str> = m.parties.iter().map(|p| p.name.as_str()).collect();
                crate::outln!("邀请：{}", invited.join("、"));
                for a in &m.agenda {
                    let case = a.case.as_ref().map(|c| format!("（{}）", c.number)).unwrap_or_default();
                    crate::outln!("  议程 {}：{}{case}", a.position, a.title);
                }
                for d in &m.decisions {
                    crate::outln!("  决定 {}：{}", d.position, d.text);
                }
            }
        }
    }
    Ok(())
}

async fn errand(c: &ErrandCommand, store: &Store, actor: &Actor, json: bool) -> Result<(), CoreError> {
    let sid = actor.station_id;
    match c {
        ErrandCommand::Add(a) => {
            let types = errands::types(store, actor).await?;
            let ty = types.iter().find(|t| t.name == a.kind.trim() && t.active).ok_or_else(|| {
                let names: Vec<&str> = types.iter().filter(|t| t.active).map(|t| t.name.as_str()).collect();
                CoreError::invalid(
                    "type",
                    format!("没有“{}”这个办理事项，可选：{}", excerpt(&a.kind), names.join("、")),
                )
            })?;
            let outcome = match &a.outcome {
                Some(o) => Some(ErrandOutcome::parse(o).ok_or_else(|| {
                    CoreError::invalid("outcome", format!("办理结果须为：{}", ErrandOutcome::labels()))
                })?),
                None => None,
            };
            let staff_id = match &a.by {
                Some(n) => staff_ids(store, sid, std::slice::from_ref(n)).await?.first().copied(),
                None => None,
            };
            let input = ErrandInput {
                type_id: ty.id,
                resident_name: a.name.clone(),
                phone: a.phone.clone(),
                at: a.at.as_deref().map(|t| parse_time("at", t)).transpose()?,
                staff_id,
                place: a.place.clone(),
                outcome,
                note: a.note.clone(),
                ..ErrandInput::default()
            };
            let e = errands::create(store, actor, &input).await?;
            if json {
                print_json(&e);
            } else {
                crate::outln!("{}  {}  {}  {}", e.id, e.type_name, e.staff_name, e.outcome.label());
            }
        }
        ErrandCommand::List { from, to, limit } => {
            let q = ErrandQuery {
                from: from.as_deref().map(|d| parse_date("from", d)).transpose()?,
                to: to.as_deref().map(|d| parse_date("to", d)).transpose()?,
                limit: Some(*limit),
                ..ErrandQuery::default()
            };
            let rows = errands::list(store, sid, &q).await?;
            if json {
                print_json(&rows);
            } else {
                for e in &rows {
                    crate::outln!(
                        "{}  {}  {}  {}  {}",
                        hm(e.at),
                        e.type_name,
                        e.resident_name.as_deref().unwrap_or("—"),
                        e.staff_name,
                        e.outcome.label()
                    );
                }
                crate::outln!("共 {} 条", rows.len());
            }
        }
    }
    Ok(())
}

/// `report services`: the figures for the monthly report.
pub async fn report_services(store: &Store, json: bool, a: &ServicesArgs) -> Result<(), CoreError> {
    let station = station::current(store).await?;
    let today = china_date(Utc::now());
    let from = match &a.from {
        Some(d) => parse_date("from", d)?,
        None => today.with_day(1).unwrap_or(today),
    };
    let to = match &a.to {
        Some(d) => parse_date("to", d)?,
        None => today,
    };
    let c = counts::services(store, station.id, from, to).await?;
    if json {
        print_json(&c);
        return Ok(());
    }
    crate::outln!(
        "{} 至 {}：开展服务 {} 次，服务群众 {} 人次，志愿服务 {:.1} 小时",
        c.from,
        c.to,
        c.services,
        c.person_times,
        c.volunteer_hours
    );
    crate::outln!("  活动 {} 场，会议 {} 场，办事 {} 件", c.events, c.meetings, c.errands);
    for k in &c.by_kind {
        crate::outln!("  {}·{}：{} 次，{} 人次", k.source.label(), k.label, k.services, k.person_times);
    }
    for m in &c.by_month {
        crate::outln!("  {}：{} 次，{} 人次，志愿 {:.1} 小时", m.month, m.services, m.person_times, m.volunteer_hours);
    }
    Ok(())
}

// ---- benchmark ----

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:9.3} ms", d.as_secs_f64() * 1000.0)
}

/// 50 recurring series over a year (15 twice daily, 35 daily: ~2,000 occurrences a month),
/// one sign-up on each occurrence of the month shown; then the year expanded, the month
/// view, and the naive way (each series expanded from its start with no window, sign-ups
/// counted one occurrence at a time) in the same run.
pub async fn bench(args: &BenchArgs) -> Result<(), CoreError> {
    let dir = tempfile::tempdir()?;
    let (store, _) = Store::open_or_create(&Location::SqliteFile(dir.path().join("bench.db"))).await?;
    let (st, _) = station::init(&store, "RA", "荣傲家园社区微言服务站", "基准测试").await?;
    let actor = station::actor_for(&store, &st, "基准测试").await?;
    let today = china_date(Utc::now());
    let month = today.with_day(1).unwrap_or(today) + Months::new(1);
    let month_end = month + Months::new(1) - chrono::Duration::days(1);
    let year_start = month_end + chrono::Duration::days(1) - Months::new(12);
    crate::outln!("StationDesk schedule benchmark — median of {} runs; month view {month} to {month_end}", args.reps);

    let started = Instant::now();
    let mut ids = Vec::new();
    for i in 0..50u32 {
        let rule = if i < 15 { "FREQ=DAILY;BYHOUR=9,14" } else { "FREQ=DAILY" };
        let start = stationdesk_core::schedule::china_time(
            year_start,
            NaiveTime::from_hms_opt(9, i % 50, 0).unwrap_or_default(),
        );
        let input = EventInput {
            kind: EventKind::ALL[i as usize % EventKind::ALL.len()],
            title: format!("活动{i}"),
            start,
            end: start + chrono::Duration::hours(1),
            place: format!("{}号楼活动室", i + 1),
            partner_ids: vec![],
            partners: vec![],
            staff_ids: vec![],
            volunteers: vec![],
            description: None,
            rrule: Some(rule.to_owned()),
            exdates: vec![],
            capacity: Some(30),
            audience: None,
            bring: None,
            link: None,
        };
        ids.push(events::create(&store, &actor, &input).await?.event.id);
    }
    let create = started.elapsed();
    let month_q = CalendarQuery {
        from: month,
        to: month_end,
        source: None,
        event_kind: None,
        place: None,
        staff_id: None,
        include_cancelled: false,
    };
    let occurrences = calendar::range(&store, st.id, &month_q).await?;
    let started = Instant::now();
    for item in &occurrences {
        let input = SignupInput {
            event_id: item.id,
            occurrence_start: item.occurrence_start,
            name: "张桂兰".into(),
            phone: None,
            note: None,
            consent: true,
        };
        events::sign_up(&store, &actor, &input).await?;
    }
    let signups = started.elapsed();
    crate::outln!(
        "setup: 50 series in {:.1} s, {} sign-ups (one per occurrence of the month) in {:.1} s",
        create.as_secs_f64(),
        occurrences.len(),
        signups.as_secs_f64()
    );
    crate::outln!("{:<52} {:>12}  {:>8}", "operation", "median", "items");

    let year_q = CalendarQuery { from: year_start, to: month_end, ..month_q.clone() };
    let mut n_year = 0;
    let mut samples = Vec::new();
    for _ in 0..args.reps.max(1) {
        let t = Instant::now();
        n_year = calendar::range(&store, st.id, &year_q).await?.len();
        samples.push(t.elapsed());
    }
    crate::outln!("{:<52} {} {:>8}", "a year of 50 series, expanded, with counts", ms(median(samples)), n_year);

    let mut n_month = 0;
    let mut signed = 0;
    let mut samples = Vec::new();
    for _ in 0..args.reps.max(1) {
        let t = Instant::now();
        let items = calendar::range(&store, st.id, &month_q).await?;
        samples.push(t.elapsed());
        n_month = items.len();
        signed = items.iter().map(|i| i.confirmed).sum::<u32>();
    }
    crate::outln!("{:<52} {} {:>8}", "month view with sign-up counts (StationDesk)", ms(median(samples)), n_month);

    // Naive: every series expanded from its DTSTART with no window, then filtered.
    let mut series = Vec::new();
    for id in &ids {
        series.push(events::get(&store, st.id, *id).await?);
    }
    let (from, to) = (china_midnight(month), china_midnight(month_end + chrono::Duration::days(1)));
    let mut keys = Vec::new();
    let mut samples = Vec::new();
    for _ in 0..args.reps.max(1) {
        let t = Instant::now();
        keys.clear();
        for e in &series {
            let r =
                Recurrence::new(e.start, e.rrule.as_deref(), &e.exdates).map_err(|m| CoreError::invalid("rrule", m))?;
            for at in r.all_starts() {
                if at >= from && at < to {
                    keys.push(OccurrenceKey { event_id: e.id, occurrence_start: at });
                }
            }
        }
        samples.push(t.elapsed());
    }
    let naive_expand = median(samples);
    crate::outln!(
        "{:<52} {} {:>8}",
        "naive: expand every series from its start, no window",
        ms(naive_expand),
        keys.len()
    );
    let reps = args.reps.clamp(1, 5);
    let mut samples = Vec::new();
    let mut naive_signed = 0;
    for _ in 0..reps {
        let t = Instant::now();
        naive_signed = 0;
        for k in &keys {
            naive_signed += store.reference_tally_one(st.id, *k).await?.0;
        }
        samples.push(t.elapsed());
    }
    crate::outln!(
        "{:<52} {} {:>8}",
        "naive: + one sign-up count query per occurrence",
        ms(median(samples) + naive_expand),
        keys.len()
    );
    if i64::from(signed) != naive_signed || n_month != keys.len() {
        crate::outln!(
            "warning: the naive way counted {naive_signed} sign-ups in {} occurrences, the month view {signed} in {n_month}",
            keys.len()
        );
    }
    store.close().await;
    Ok(())
}

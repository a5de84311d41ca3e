//! Issue 14 at the services: the window and the dev server send typed values that no
//! command line could spell (`DateTime::MAX_UTC`, `NaiveDate::MIN`, `u32::MAX`, text
//! with terminal escapes), so the services themselves are fed hostile input from a fixed
//! seed. No call may panic or hang, and every refusal is a Chinese sentence for a
//! worker, short, with no English from chrono, rrule, serde or sqlx.

use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use stationdesk_core::cases::{self, CaseQuery, CaseStatus, NewCase};
use stationdesk_core::rates::{self, RateQuery};
use stationdesk_core::schedule::calendar::{self, CalendarQuery};
use stationdesk_core::schedule::errands::{self, ErrandInput, ErrandQuery};
use stationdesk_core::schedule::events::{self, EventEdit, EventInput, SignupInput, WalkInInput};
use stationdesk_core::schedule::meetings::{self, AgendaItemInput, MeetingInput, MeetingQuery};
use stationdesk_core::schedule::{EditScope, EventKind, MeetingKind, counts};
use stationdesk_core::workflow::{self, NewSurvey, TransitionRequest};
use stationdesk_core::{Actor, CoreError, Store, notices, settings};

use crate::Fixture;

const ROUNDS: usize = 3000;
const BUDGET: Duration = Duration::from_secs(40);
const HANG: Duration = Duration::from_secs(20);

/// SplitMix64: a seeded generator without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn instant(&mut self) -> DateTime<Utc> {
        let fixed = [
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC,
            Utc.with_ymd_and_hms(1999, 12, 31, 15, 59, 59).single().unwrap_or_default(),
            Utc.with_ymd_and_hms(2026, 12, 3, 1, 0, 0).single().unwrap_or_default(),
            Utc.with_ymd_and_hms(2100, 12, 31, 15, 59, 0).single().unwrap_or_default(),
            Utc.with_ymd_and_hms(2100, 12, 31, 16, 0, 0).single().unwrap_or_default(),
        ];
        match self.below(fixed.len() + 1) {
            i if i < fixed.len() => fixed[i],
            _ => DateTime::from_timestamp((self.next() % 20_000_000_000_000) as i64 - 10_000_000_000_000, 0)
                .unwrap_or_default(),
        }
    }

    fn date(&mut self) -> NaiveDate {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        let fixed = [
            NaiveDate::MIN,
            NaiveDate::MAX,
            day(1999, 12, 31),
            day(2000, 1, 1),
            day(2026, 12, 1),
            day(2026, 12, 31),
            day(2100, 12, 31),
            day(2101, 1, 1),
        ];
        match self.below(fixed.len() + 1) {
            i if i < fixed.len() => fixed[i],
            _ => NaiveDate::from_num_days_from_ce_opt((self.next() % 200_000_000) as i32 - 100_000_000)
                .unwrap_or_default(),
        }
    }

    fn text(&mut self) -> String {
        let pieces = [
            "南门广场积水",
            "",
            " ",
            "\u{200F}\u{200B}\u{200D}",
            "\u{202E}反转",
            "\u{1b}[2J\u{1b}[31m清屏",
            "a\u{0}b\u{7f}",
            "'; DROP TABLE cases; --",
            "\"积水\" OR *",
            "RA-2026-0001",
            "13812341234",
        ];
        match self.below(pieces.len() + 2) {
            i if i < pieces.len() => pieces[i].to_owned(),
            i if i == pieces.len() => "渠".repeat(100_000),
            _ => "a ".repeat(50_000),
        }
    }

    fn number(&mut self) -> u32 {
        [0, 1, 7, 200, 5_000, u32::MAX][self.below(6)]
    }

    fn rule(&mut self) -> Option<String> {
        let rules = [
            "FREQ=WEEKLY;BYDAY=TH",
            "FREQ=SECONDLY",
            "FREQ=HOURLY",
            "FREQ=DAILY;COUNT=100000000",
            "FREQ=DAILY;COUNT=0",
            "FREQ=WEEKLY;INTERVAL=0",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=DAILY;UNTIL=99991231T000000Z",
            "FREQ=MONTHLY;BYDAY=2SA",
            "nonsense",
        ];
        (self.below(5) > 0).then(|| rules[self.below(rules.len())].to_owned())
    }
}

/// Three or more English words in a row, outside what the input itself said.
fn english_sentence(message: &str, inputs: &[String]) -> Option<String> {
    let mut ours = inputs
        .iter()
        .filter(|i| i.chars().count() > 2)
        .fold(message.to_owned(), |m, i| m.replace(&stationdesk_core::input::excerpt(i), "").replace(i.as_str(), ""));
    ours = ours.split('“').map(|part| part.split_once('”').map_or(part, |(_, after)| after)).collect();
    for segment in ours.split(|c: char| !c.is_ascii() || c == '\n') {
        let mut run = 0;
        for token in segment.split(' ') {
            let word = token.trim_matches(|c: char| matches!(c, '\'' | '"' | ':' | ',' | '.' | '(' | ')' | ';'));
            let is_word = !token.starts_with('-') && word.len() >= 2 && word.chars().all(|c| c.is_ascii_alphabetic());
            run = if is_word { run + 1 } else { 0 };
            if run >= 3 {
                return Some(segment.to_owned());
            }
        }
    }
    None
}

/// One service call with generated input: its name, the texts it was given, its result.
async fn call(
    store: Store,
    actor: Actor,
    seed: u64,
    event_id: i64,
    case_id: i64,
) -> (String, Vec<String>, Result<(), CoreError>) {
    let mut rng = Rng(seed);
    let sid = actor.station_id;
    let texts: Vec<String> = (0..3).map(|_| rng.text()).collect();
    let t = |i: usize| texts[i].clone();
    let which = rng.below(16);
    let result = match which {
        0 => {
            let input = NewCase {
                title: t(0),
                description: Some(t(1)),
                received_at: Some(rng.instant()),
                ..NewCase::default()
            };
            cases::create(&store, &actor, input).await.map(drop)
        }
        1 => {
            let q = CaseQuery { text: Some(t(0)), page: rng.number(), page_size: rng.number(), ..CaseQuery::default() };
            cases::list(&store, sid, &q).await.map(drop)
        }
        2 => rates::report(&store, sid, &RateQuery { from: Some(rng.date()), to: Some(rng.date()) }).await.map(drop),
        3 => {
            let q = CalendarQuery {
                from: rng.date(),
                to: rng.date(),
                source: None,
                event_kind: None,
                place: Some(t(0)),
                staff_id: None,
                include_cancelled: true,
            };
            calendar::range(&store, sid, &q).await.map(drop)
        }
        4 => calendar::day_agenda(&store, sid, rng.date()).await.map(drop),
        5 => counts::services(&store, sid, rng.date(), rng.date()).await.map(drop),
        6 => {
            let q = ErrandQuery {
                from: Some(rng.date()),
                to: Some(rng.date()),
                limit: Some(rng.number()),
                ..ErrandQuery::default()
            };
            errands::list(&store, sid, &q).await.map(drop)
        }
        7 => {
            let types = errands::types(&store, &actor).await.unwrap_or_default();
            let input = ErrandInput {
                type_id: types.first().map_or(0, |t| t.id),
                resident_name: Some(t(0)),
                at: Some(rng.instant()),
                note: Some(t(1)),
                event_id: (rng.below(2) == 0).then_some(event_id),
                occurrence_start: Some(rng.instant()),
                ..ErrandInput::default()
            };
            errands::create(&store, &actor, &input).await.map(drop)
        }
        8 => meetings::list(&store, sid, &MeetingQuery { from: Some(rng.date()), to: Some(rng.date()), status: None })
            .await
            .map(drop),
        9 => {
            let start = rng.instant();
            let input = MeetingInput {
                kind: MeetingKind::Consultation,
                title: t(0),
                purpose: Some(t(1)),
                start,
                end: rng.instant(),
                place: t(2),
                contact_person: None,
                contact_phone: None,
                party_ids: vec![],
                staff_ids: vec![],
                agenda: vec![AgendaItemInput { title: t(1), case_id: None, note: None }],
            };
            meetings::create(&store, &actor, &input).await.map(drop)
        }
        10 | 11 => {
            let input = EventInput {
                kind: EventKind::Clinic,
                title: t(0),
                start: rng.instant(),
                end: rng.instant(),
                place: t(1),
                partner_ids: vec![],
                partners: vec![t(2)],
                staff_ids: vec![],
                volunteers: vec![],
                description: Some(t(2)),
                rrule: rng.rule(),
                exdates: vec![rng.date()],
                capacity: Some(rng.number()),
                audience: None,
                bring: None,
                link: None,
            };
            if which == 10 {
                events::create(&store, &actor, &input).await.map(drop)
            } else {
                let scope = EditScope::ALL[rng.below(EditScope::ALL.len())];
                let edit = EventEdit { event_id, occurrence_start: Some(rng.instant()), scope, input };
                events::edit(&store, &actor, &edit).await.map(drop)
            }
        }
        12 => {
            let input = SignupInput {
                event_id,
                occurrence_start: rng.instant(),
                name: t(0),
                phone: None,
                note: Some(t(1)),
                consent: true,
            };
            events::sign_up(&store, &actor, &input).await.map(drop)
        }
        13 => {
            let input =
                WalkInInput { event_id, occurrence_start: rng.instant(), name: Some(t(0)), people: Some(rng.number()) };
            events::walk_in(&store, &actor, &input).await.map(drop)
        }
        14 => {
            let to = CaseStatus::ALL[rng.below(CaseStatus::ALL.len())];
            let req = TransitionRequest {
                to: Some(to),
                note: Some(t(0)),
                resolution: Some(t(1)),
                hold_reason: Some(t(2)),
                hold_until: Some(rng.date()),
                referred_to: Some(t(0)),
                duplicate_of: Some(t(1)),
            };
            workflow::transition(&store, &actor, case_id, &req).await.map(drop)
        }
        _ => match rng.below(5) {
            3 => {
                let survey = NewSurvey {
                    surveyed_at: Some(rng.instant()),
                    people: t(0),
                    findings: t(1),
                    with_resident: rng.below(2) == 1,
                };
                workflow::add_survey(&store, &actor, case_id, &survey).await.map(drop)
            }
            4 => workflow::record_contact(&store, &actor, case_id, &t(0)).await.map(drop),
            0 => {
                settings::save_calendar_day(
                    &store,
                    &actor,
                    rng.date(),
                    stationdesk_core::deadlines::DayKind::Holiday,
                    &t(0),
                )
                .await
            }
            1 => notices::render_event_notice(&store, &actor, event_id, rng.instant()).await.map(drop),
            _ => events::occurrence(&store, sid, event_id, rng.instant()).await.map(drop),
        },
    };
    (format!("call {which}"), texts, result)
}

#[tokio::test]
async fn services_never_panic_hang_or_refuse_in_english_on_hostile_input() {
    let f = Fixture::new().await;
    let case = cases::create(&f.store, &f.actor, crate::case("南门广场积水", "雨后积水")).await.expect("case");
    let start = Utc.with_ymd_and_hms(2026, 12, 3, 1, 0, 0).single().expect("start");
    let weekly = EventInput {
        kind: EventKind::Clinic,
        title: "社区义诊".into(),
        start,
        end: start + chrono::Duration::hours(2),
        place: "服务站".into(),
        partner_ids: vec![],
        partners: vec![],
        staff_ids: vec![],
        volunteers: vec![],
        description: None,
        rrule: Some("FREQ=WEEKLY;BYDAY=TH".into()),
        exdates: vec![],
        capacity: Some(2),
        audience: None,
        bring: None,
        link: None,
    };
    let event = events::create(&f.store, &f.actor, &weekly).await.expect("event").event;
    let base = std::env::var("STATIONDESK_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(14u64);
    let started = Instant::now();
    let (mut rounds, mut refusals) = (0, 0);
    while rounds < ROUNDS && started.elapsed() < BUDGET {
        let seed = base.wrapping_mul(1_000_003).wrapping_add(rounds as u64);
        rounds += 1;
        let task = tokio::spawn(call(f.store.clone(), f.actor.clone(), seed, event.id, case.id));
        let joined = tokio::time::timeout(HANG, task).await;
        let Ok(joined) = joined else { panic!("seed {seed} hung for {HANG:?}") };
        let (name, texts, result) = match joined {
            Ok(done) => done,
            Err(e) => panic!("seed {seed} panicked: {e}"),
        };
        let Err(e) = result else { continue };
        refusals += 1;
        let message = e.user_message();
        assert!(message.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)), "seed {seed} {name}: {message}");
        // A form's refusal lists each field; no one message quotes more than an excerpt.
        let longest =
            e.field_errors().iter().map(|f| f.message.chars().count()).max().unwrap_or(message.chars().count());
        assert!(longest < 200, "seed {seed} {name}: a message of {longest} characters: {message}");
        if let Some(sentence) = english_sentence(&message, &texts) {
            panic!("seed {seed} {name}: English reached the user (“{sentence}”): {message}");
        }
    }
    assert!(rounds >= 100, "only {rounds} rounds in {BUDGET:?}");
    assert!(refusals * 3 >= rounds, "the generator should mostly hit refusals: {refusals} of {rounds}");
}

/// The model's text rule holds in every form, not only the case intake: a name or title
/// of invisible characters is blank, escapes and direction overrides are stripped.
#[tokio::test]
async fn every_form_refuses_invisible_titles_and_strips_escapes() {
    use stationdesk_core::parties::{self, PartyInput, PartyKind};
    let f = Fixture::new().await;
    let invisible = "\u{200F}\u{200B}\u{200D}\u{202E}";
    let start = Utc.with_ymd_and_hms(2026, 12, 10, 7, 0, 0).single().expect("start");
    let event = |title: &str| EventInput {
        kind: EventKind::Clinic,
        title: title.to_owned(),
        start,
        end: start + chrono::Duration::hours(2),
        place: "服务站".into(),
        partner_ids: vec![],
        partners: vec![invisible.to_owned()],
        staff_ids: vec![],
        volunteers: vec![],
        description: None,
        rrule: None,
        exdates: vec![],
        capacity: None,
        audience: None,
        bring: None,
        link: None,
    };
    let e = events::create(&f.store, &f.actor, &event(invisible)).await.err().map(|e| e.user_message());
    assert!(e.as_deref().is_some_and(|m| m.starts_with("请填写活动名称")), "{e:?}");
    let saved = events::create(&f.store, &f.actor, &event("\u{1b}[2J社区\u{202E}义诊")).await.expect("event");
    assert_eq!(saved.event.title, "社区义诊");
    assert!(saved.event.partners.is_empty(), "an invisible partner name was kept: {:?}", saved.event.partners);

    let meeting = MeetingInput {
        kind: MeetingKind::Consultation,
        title: "\u{1b}]0;x\u{7}楼梯改造恳谈会\r\n".into(),
        purpose: Some(invisible.to_owned()),
        start,
        end: start + chrono::Duration::hours(1),
        place: "会议室".into(),
        contact_person: None,
        contact_phone: None,
        party_ids: vec![],
        staff_ids: vec![],
        agenda: vec![],
    };
    let m = meetings::create(&f.store, &f.actor, &meeting).await.expect("meeting").meeting;
    assert_eq!((m.title.as_str(), m.purpose.as_deref()), ("楼梯改造恳谈会", None));

    let party = PartyInput {
        id: None,
        kind: PartyKind::Property,
        name: invisible.to_owned(),
        contact_person: None,
        phone: None,
        note: None,
        active: true,
    };
    let e = parties::save(&f.store, &f.actor, &party).await.err().map(|e| e.user_message());
    assert!(e.as_deref().is_some_and(|m| m.starts_with("请填写单位或代表的名称")), "{e:?}");
}

/// The longest report period (three years) of the busiest series a rule may describe is
/// counted in full: no occurrence is lost to the expansion cap.
#[tokio::test]
async fn three_years_of_a_busy_daily_series_are_counted_in_full() {
    let f = Fixture::new().await;
    let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).single().expect("start"); // 08:00 in China
    let busy = EventInput {
        kind: EventKind::GovService,
        title: "社保认证代办".into(),
        start,
        end: start + chrono::Duration::minutes(20),
        place: "服务站".into(),
        partner_ids: vec![],
        partners: vec![],
        staff_ids: vec![],
        volunteers: vec![],
        description: None,
        rrule: Some("FREQ=DAILY;BYHOUR=8,9,10,11,14,15,16,17,18".into()),
        exdates: vec![],
        capacity: None,
        audience: None,
        bring: None,
        link: None,
    };
    events::create(&f.store, &f.actor, &busy).await.expect("nine a day is allowed");
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 16, 0, 0).single().expect("now"); // 2026-12-01 in China
    let c = counts::services_at(&f.store, f.actor.station_id, day(2024, 1, 1), day(2026, 11, 30), now)
        .await
        .expect("counts");
    let days = (day(2026, 11, 30) - day(2024, 1, 1)).num_days() + 1;
    assert_eq!(i64::from(c.events), 9 * days, "{} of {} occurrences counted", c.events, 9 * days);
}

//! SQL for cases, their serial numbers and their search index.

use crate::store::{Arg, IntoArg, q, query};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use stationdesk_model::audit::chain::Head;
use stationdesk_model::deadlines::limits_for;
use stationdesk_model::intake::check_references;
use stationdesk_model::stats::{CaseFacts, StatsDelta};

use super::case_writes::{Batch, Flow, NewRow, ROWS_PER_STATEMENT};
use super::stats::{bind_stats, stats_sql};
use super::{Store, Tx, WriteTx};
use crate::cases::SEARCH_COUNT_CAP;
use crate::cases::{
    Address, CHINA_OFFSET, Case, CaseLink, CaseQuery, CaseRow, CaseSort, CaseStatus, Channel, Page, ValidCase,
    due_state, format_case_number, mask_phone,
};
use crate::deadlines::{Calendar, Limits, Span, TimeUnit, Urgency};
use crate::error::{CoreError, Result};
use crate::search::{self, Tag};
use crate::workflow::Satisfaction;

/// A case as [`CASE_COLUMNS`] selects it, in the same order (a packed read fills it by place).
#[derive(sqlx::FromRow, serde::Deserialize)]
pub(super) struct CaseRecord {
    id: i64,
    number: String,
    station_code: String,
    channel: String,
    status: String,
    resident_name: Option<String>,
    phone: Option<String>,
    compound: Option<String>,
    building: Option<String>,
    entrance: Option<String>,
    room: Option<String>,
    place: Option<String>,
    category_id: Option<i64>,
    category_name: Option<String>,
    title: String,
    description: Option<String>,
    received_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
    created_by_name: String,
    updated_at: DateTime<Utc>,
    urgency: String,
    assignee_id: Option<i64>,
    assignee_name: Option<String>,
    respond_due_at: Option<DateTime<Utc>>,
    resolve_due_at: Option<DateTime<Utc>>,
    responded_at: Option<DateTime<Utc>>,
    resolved_at: Option<DateTime<Utc>>,
    resolution: Option<String>,
    closed_at: Option<DateTime<Utc>>,
    hold_reason: Option<String>,
    hold_until: Option<NaiveDate>,
    held_since: Option<DateTime<Utc>>,
    status_before_hold: Option<String>,
    referred_to: Option<String>,
    duplicate_of: Option<i64>,
    duplicate_number: Option<String>,
    duplicate_title: Option<String>,
    duplicate_status: Option<String>,
    reopen_count: i64,
}

pub(super) const CASE_COLUMNS: &str = "c.id, c.number, s.code AS station_code, c.channel, c.status, c.resident_name,
    c.phone, c.compound, c.building, c.entrance, c.room, c.place, c.category_id, g.name AS category_name, c.title,
    c.description, c.received_at, c.created_at, c.created_by_name, c.updated_at, c.urgency, c.assignee_id,
    a.name AS assignee_name, c.respond_due_at, c.resolve_due_at, c.responded_at, c.resolved_at, c.resolution,
    c.closed_at, c.hold_reason, c.hold_until, c.held_since, c.status_before_hold, c.referred_to, c.duplicate_of,
    d.number AS duplicate_number, d.title AS duplicate_title, d.status AS duplicate_status, c.reopen_count";

/// The joins `CASE_COLUMNS` reads from, after `FROM cases c`.
pub(super) const CASE_JOINS: &str = "JOIN stations s ON s.id = c.station_id
    LEFT JOIN categories g ON g.id = c.category_id
    LEFT JOIN staff a ON a.id = c.assignee_id
    LEFT JOIN cases d ON d.id = c.duplicate_of";

pub(super) fn unknown_code(what: &str, code: &str) -> CoreError {
    CoreError::Database(sqlx::Error::Decode(format!("unknown {what} code {code:?} in the database").into()))
}

pub(super) fn parse_status(code: &str) -> Result<CaseStatus> {
    CaseStatus::parse(code).ok_or_else(|| unknown_code("status", code))
}

impl CaseRecord {
    /// The register's order: received, then id.
    pub(super) fn order_key(&self) -> (DateTime<Utc>, i64) {
        (self.received_at, self.id)
    }

    pub(super) fn into_case(self, now: DateTime<Utc>) -> Result<Case> {
        let status = parse_status(&self.status)?;
        let duplicate_of = match (self.duplicate_of, self.duplicate_number, self.duplicate_title, self.duplicate_status)
        {
            (Some(id), Some(number), Some(title), Some(status)) => {
                Some(CaseLink { id, number, title, status: parse_status(&status)? })
            }
            _ => None,
        };
        Ok(Case {
            id: self.id,
            number: self.number,
            station_code: self.station_code,
            channel: Channel::parse(&self.channel).ok_or_else(|| unknown_code("channel", &self.channel))?,
            status,
            resident_name: self.resident_name,
            phone: self.phone,
            address: Address {
                compound: self.compound,
                building: self.building,
                entrance: self.entrance,
                room: self.room,
                place: self.place,
            },
            category_id: self.category_id,
            category_name: self.category_name,
            title: self.title,
            description: self.description,
            received_at: self.received_at,
            created_at: self.created_at,
            created_by: self.created_by_name,
            updated_at: self.updated_at,
            urgency: Urgency::parse(&self.urgency).ok_or_else(|| unknown_code("urgency", &self.urgency))?,
            assignee_id: self.assignee_id,
            assignee_name: self.assignee_name,
            due_state: due_state(
                status,
                self.respond_due_at,
                self.responded_at,
                self.resolve_due_at,
                self.held_since,
                now,
            ),
            respond_due_at: self.respond_due_at,
            resolve_due_at: self.resolve_due_at,
            responded_at: self.responded_at,
            resolved_at: self.resolved_at,
            resolution: self.resolution,
            closed_at: self.closed_at,
            hold_reason: self.hold_reason,
            hold_until: self.hold_until,
            status_before_hold: self.status_before_hold.as_deref().map(parse_status).transpose()?,
            referred_to: self.referred_to,
            duplicate_of,
            reopen_count: self.reopen_count,
        })
    }
}

/// The text a case is found by: number, title, description, place, resident and phone.
pub(super) fn index_text(
    number: &str,
    title: &str,
    description: Option<&str>,
    address: &Address,
    resident_name: Option<&str>,
    phone: Option<&str>,
) -> search::IndexText {
    let address = address.display();
    search::index_text(
        [Some(number), Some(title), description, Some(address.as_str()), resident_name, phone].into_iter().flatten(),
    )
}

pub(super) fn case_index_text(c: &ValidCase, number: &str) -> search::IndexText {
    index_text(number, &c.title, c.description.as_deref(), &c.address, c.resident_name.as_deref(), c.phone.as_deref())
}

pub(super) fn case_tags(station_id: i64, status: CaseStatus, category_id: Option<i64>, channel: Channel) -> String {
    search::tags_text(
        [
            Some(Tag::Station(station_id)),
            Some(Tag::Status(status.code())),
            category_id.map(Tag::Category),
            Some(Tag::Channel(channel.code())),
        ]
        .into_iter()
        .flatten(),
    )
}

/// The case's rowid in the search index (`cases.search_key`): received time in seconds
/// shifted left 22 bits, plus the id's low 22 bits. Hits then come out of the index in
/// received order, so a page of search results is the index's first 50 entries instead of
/// every hit sorted. Two keys collide only for cases received in the same second whose ids
/// differ by a multiple of 4 194 304; the UNIQUE constraint would refuse such an insert.
pub(super) fn search_key(received_at: DateTime<Utc>, id: i64) -> i64 {
    (received_at.timestamp() << 22) | (id & 0x3F_FFFF)
}

/// What `reserve` hands out: serials, the station code, the next free id, and what the
/// deadlines and the assignee check need.
pub(super) struct Reservation {
    pub(super) first_serial: i64,
    pub(super) code: String,
    pub(super) category: Option<String>,
    pub(super) next_id: i64,
    /// The station's own time limit for the category (or all categories) and urgency.
    pub(super) limits: Option<Limits>,
    /// The assignee's name when the id is an active staff member of the station.
    pub(super) assignee: Option<String>,
    /// The station's audit chain as it stands, for the new cases' audit rows.
    pub(super) head: Head,
}

/// Parses `"24 hours 7 days"` as the reservation query returns a time-limit row.
fn parse_limits(text: &str) -> Option<Limits> {
    let mut it = text.split(' ');
    let mut span = || -> Option<Span> {
        let amount = it.next()?.parse().ok()?;
        let unit = TimeUnit::parse(it.next()?)?;
        Some(Span::new(amount, unit))
    };
    Some(Limits { respond: span()?, resolve: span()? })
}

/// The reservation's lookups after the serial and the first id (station `$1`, category
/// `$4`, urgency `$5`, assignee `$6`): the station code, the category's name, the time
/// limit, the assignee's name and the head of the audit chain.
macro_rules! reservation_lookups {
    () => {
        concat!(
            "(SELECT code FROM stations WHERE id = $1),
             (SELECT name FROM categories WHERE id = $4 AND station_id = $1 AND active),
             (SELECT respond_amount || ' ' || respond_unit || ' ' || resolve_amount || ' ' || resolve_unit
                FROM time_limits WHERE station_id = $1 AND category_id IN (coalesce($4, 0), 0)
                 AND urgency = $5 ORDER BY category_id DESC LIMIT 1),
             (SELECT name FROM staff WHERE id = $6 AND station_id = $1 AND active),
             (SELECT chain_seq ",
            chain_head_of_station_1!(),
            "),
             (SELECT hash ",
            chain_head_of_station_1!(),
            ")"
        )
    };
}

impl WriteTx<'_> {
    /// The official calendar (shipped and imported years) with this station's entries,
    /// for working-day limits.
    pub(crate) async fn calendar(&mut self) -> Result<Calendar> {
        let rows: Vec<(NaiveDate, String)> = q("SELECT day, kind FROM calendar_days WHERE station_id = $1")
            .bind(self.actor().station_id)
            .fetch_all(&mut self.tx)
            .await?;
        let days: Vec<_> =
            rows.into_iter().filter_map(|(d, k)| crate::deadlines::DayKind::parse(&k).map(|k| (d, k))).collect();
        let imported = self.official_holidays().await?;
        Ok(Calendar::new(&imported, &days))
    }

    /// Both deadlines of a case received at `from`.
    pub(crate) async fn deadlines(
        &mut self,
        from: DateTime<Utc>,
        limits: Limits,
    ) -> Result<(DateTime<Utc>, DateTime<Utc>)> {
        let calendar = if limits.respond.unit == TimeUnit::WorkingDays || limits.resolve.unit == TimeUnit::WorkingDays {
            self.calendar().await?
        } else {
            Calendar::default()
        };
        Ok((calendar.due(from, limits.respond), calendar.due(from, limits.resolve)))
    }

    /// Inserts a validated case at 受理 with its number, deadlines, search entry and audit
    /// row, and returns it as stored.
    pub(crate) async fn insert_case(&mut self, c: &ValidCase) -> Result<Case> {
        let year = c.received_at.with_timezone(&CHINA_OFFSET).year();
        let mut r = self.reserve(year, 1, c.category_id, c.urgency, c.assignee_id).await?;
        check_references(c.category_id, r.category.as_deref(), c.assignee_id, r.assignee.as_deref())?;
        let limits = limits_for(r.limits, r.category.as_deref(), c.urgency);
        let (respond_due, resolve_due) = self.deadlines(c.received_at, limits).await?;
        let flow = Flow { respond_due_at: Some(respond_due), resolve_due_at: Some(resolve_due), ..Flow::default() };
        let row = NewRow {
            case: c,
            status: CaseStatus::Accepted,
            flow: &flow,
            id: r.next_id,
            year,
            serial: r.first_serial,
            number: format_case_number(&r.code, year, r.first_serial),
            category: r.category.as_deref(),
        };
        self.insert_rows(&[row], &mut r.head, Batch::One).await?;
        let actor = self.actor();
        Ok(Case {
            id: r.next_id,
            number: format_case_number(&r.code, year, r.first_serial),
            station_code: r.code.clone(),
            channel: c.channel,
            status: CaseStatus::Accepted,
            resident_name: c.resident_name.clone(),
            phone: c.phone.clone(),
            address: c.address.clone(),
            category_id: c.category_id,
            category_name: r.category.clone(),
            title: c.title.clone(),
            description: c.description.clone(),
            received_at: c.received_at,
            created_at: self.now,
            created_by: actor.staff_name.clone(),
            updated_at: self.now,
            urgency: c.urgency,
            assignee_id: c.assignee_id,
            assignee_name: r.assignee.clone(),
            respond_due_at: Some(respond_due),
            resolve_due_at: Some(resolve_due),
            responded_at: None,
            resolved_at: None,
            resolution: None,
            closed_at: None,
            hold_reason: None,
            hold_until: None,
            status_before_hold: None,
            referred_to: None,
            duplicate_of: None,
            reopen_count: 0,
            due_state: due_state(CaseStatus::Accepted, Some(respond_due), None, Some(resolve_due), None, self.now),
        })
    }

    /// Reserves `count` consecutive serials for the year and looks up, in the same round
    /// trip, the station code, the category's name (if active and the station's own), the
    /// station's time limit for the category and urgency, the assignee's name (if an active
    /// staff member of the station), the next free case id and the head of the station's
    /// audit chain. The write lock is held, so the ids stay free until commit.
    /// Both dialects reserve the serial and the ids their own way, then share the lookups.
    pub(super) async fn reserve(
        &mut self,
        year: i32,
        count: i64,
        category_id: Option<i64>,
        urgency: Urgency,
        assignee_id: Option<i64>,
    ) -> Result<Reservation> {
        type Row =
            (i64, i64, Option<String>, Option<String>, Option<String>, Option<String>, Option<i64>, Option<String>);
        let rows: Vec<Row> = q(concat!(
            "INSERT INTO case_serials (station_id, year, last_serial) VALUES ($1, $2, $3)
                 ON CONFLICT (station_id, year) DO UPDATE SET last_serial = case_serials.last_serial + $3;
             SELECT (SELECT last_serial FROM case_serials WHERE station_id = $1 AND year = $2),
                    (SELECT coalesce(max(id), 0) + 1 FROM cases), ",
            reservation_lookups!()
        ))
        // On a shared server ids come from the table's sequence (another station's cases are
        // invisible here, so max(id) would collide), handed out by the schema's function.
        // One round trip: the serial comes back from the upsert itself.
        .pg(concat!(
            "WITH s AS (INSERT INTO case_serials (station_id, year, last_serial) VALUES ($1, $2, $3)
                 ON CONFLICT (station_id, year) DO UPDATE SET last_serial = case_serials.last_serial + $3
                 RETURNING last_serial)
             SELECT (SELECT last_serial FROM s), sd_case_ids($3), ",
            reservation_lookups!()
        ))
        .bind(self.actor().station_id)
        .bind(i64::from(year))
        .bind(count)
        .bind(category_id)
        .bind(urgency.code())
        .bind(assignee_id)
        .fetch_all(&mut self.tx)
        .await?;
        let Some((last, next_id, Some(code), category, limits, assignee, seq, hash)) = rows.into_iter().next() else {
            return Err(crate::station::not_initialized());
        };
        let head = match (seq, hash) {
            (Some(seq), Some(hash)) => Head { seq, hash },
            _ => Head::genesis(),
        };
        Ok(Reservation {
            first_serial: last - count + 1,
            code,
            category,
            next_id,
            limits: limits.as_deref().and_then(parse_limits),
            assignee,
            head,
        })
    }

    /// Rewrites a case's search entry after its status (a filter token) changed.
    pub(crate) async fn reindex_case(&mut self, c: &Case) -> Result<()> {
        let text = index_text(
            &c.number,
            &c.title,
            c.description.as_deref(),
            &c.address,
            c.resident_name.as_deref(),
            c.phone.as_deref(),
        );
        let key = search_key(c.received_at, c.id);
        let tags = case_tags(self.actor().station_id, c.status, c.category_id, c.channel);
        let statement = if matches!(self.tx, Tx::Postgres(_)) {
            q("DELETE FROM case_search WHERE search_key = $1;
                 INSERT INTO case_search (search_key, doc) VALUES ($1, CAST($2 AS tsvector))")
            .bind(key)
            .bind(search::pg_document(&text, &tags))
        } else {
            q("DELETE FROM case_search WHERE rowid = $1;
                 INSERT INTO case_search (rowid, uni, bi, tags) VALUES ($1, $2, $3, $4)")
            .bind(key)
            .bind(text.uni)
            .bind(text.bi)
            .bind(tags)
        };
        statement.execute(&mut self.tx).await?;
        Ok(())
    }

    /// A case read inside the write transaction, as it stands now.
    pub(crate) async fn case_for_update(&mut self, id: i64) -> Result<Case> {
        let sql = format!("SELECT {CASE_COLUMNS} FROM cases c {CASE_JOINS} WHERE c.station_id = $1 AND c.id = $2");
        let row: Option<CaseRecord> =
            q(AssertSqlSafe(sql)).bind(self.actor().station_id).bind(id).fetch_optional(&mut self.tx).await?;
        row.ok_or_else(|| CoreError::NotFound(format!("找不到编号为 {id} 的诉求")))?.into_case(self.now)
    }

    /// The case a form's earlier save with this key made, if any.
    pub(crate) async fn case_for_request(&mut self, key: &str) -> Result<Option<i64>> {
        let row: Option<(i64,)> = q("SELECT case_id FROM case_requests WHERE station_id = $1 AND request_key = $2")
            .bind(self.actor().station_id)
            .bind(key)
            .fetch_optional(&mut self.tx)
            .await?;
        Ok(row.map(|r| r.0))
    }

    /// Remembers which case a form's save made, in the same transaction as the case.
    pub(crate) async fn remember_request(&mut self, key: &str, case_id: i64) -> Result<()> {
        q("INSERT INTO case_requests (station_id, request_key, case_id, at) VALUES ($1, $2, $3, $4)")
            .bind(self.actor().station_id)
            .bind(key)
            .bind(case_id)
            .bind(self.now)
            .execute(&mut self.tx)
            .await?;
        Ok(())
    }

    pub(crate) async fn case_id_by_number(&mut self, number: &str) -> Result<Option<i64>> {
        let row: Option<(i64,)> = q("SELECT id FROM cases WHERE station_id = $1 AND number = $2")
            .bind(self.actor().station_id)
            .bind(number.to_ascii_uppercase())
            .fetch_optional(&mut self.tx)
            .await?;
        Ok(row.map(|r| r.0))
    }
}

/// A WHERE clause built from fixed fragments with `$n` parameters.
#[derive(Debug, Clone)]
struct Filter {
    sql: String,
    params: Vec<Arg>,
}

impl Filter {
    fn new(first: &str, param: impl IntoArg) -> Self {
        Self { sql: first.replace("$?", "$1"), params: vec![param.into_arg()] }
    }

    fn and(&mut self, fragment: &str, param: impl IntoArg) {
        self.params.push(param.into_arg());
        let n = self.params.len();
        self.sql.push_str(" AND ");
        self.sql.push_str(&fragment.replace("$?", &format!("${n}")));
    }
}

impl Store {
    pub(crate) async fn case_by_id(&self, station_id: i64, id: i64) -> Result<Option<Case>> {
        let sql = format!("SELECT {CASE_COLUMNS} FROM cases c {CASE_JOINS} WHERE c.station_id = $1 AND c.id = $2");
        let row: Option<CaseRecord> = q(AssertSqlSafe(sql)).bind(station_id).bind(id).fetch_optional(self).await?;
        let now = self.now();
        row.map(|r| r.into_case(now)).transpose()
    }

    pub(crate) async fn case_by_number(&self, station_id: i64, number: &str) -> Result<Option<Case>> {
        let sql = format!("SELECT {CASE_COLUMNS} FROM cases c {CASE_JOINS} WHERE c.station_id = $1 AND c.number = $2");
        let number = number.to_ascii_uppercase();
        let row: Option<CaseRecord> = q(AssertSqlSafe(sql)).bind(station_id).bind(number).fetch_optional(self).await?;
        let now = self.now();
        row.map(|r| r.into_case(now)).transpose()
    }

    pub(crate) async fn list_cases(&self, station_id: i64, q: &CaseQuery) -> Result<Page<CaseRow>> {
        let page_size = q.page_size();
        let offset = q.offset();
        let order = match q.sort {
            CaseSort::ReceivedDesc => "c.received_at DESC, c.id DESC",
            CaseSort::ReceivedAsc => "c.received_at ASC, c.id ASC",
        };

        // The register's filters, as SQL on `cases` and as tokens in the search index.
        let mut on_cases = Filter::new("c.station_id = $?", station_id);
        let mut on_counts = Filter::new("station_id = $?", station_id);
        let mut tags = vec![Tag::Station(station_id)];
        if let Some(s) = q.status {
            on_cases.and("c.status = $?", s.code());
            on_counts.and("status = $?", s.code());
            tags.push(Tag::Status(s.code()));
        }
        if let Some(ch) = q.channel {
            on_cases.and("c.channel = $?", ch.code());
            on_counts.and("channel = $?", ch.code());
            tags.push(Tag::Channel(ch.code()));
        }
        if let Some(cat) = q.category_id {
            on_cases.and("c.category_id = $?", cat);
            on_counts.and("category_id = $?", cat);
            tags.push(Tag::Category(cat));
        }
        let pg = self.is_postgres();
        let text = q.text.as_deref().and_then(if pg { search::pg_match_expression } else { search::match_expression });
        let key_order = match q.sort {
            CaseSort::ReceivedDesc => "DESC",
            CaseSort::ReceivedAsc => "ASC",
        };
        let (count_sql, count_params, sql, params) = match text {
            None => {
                let count_sql =
                    format!("SELECT CAST(coalesce(sum(n), 0) AS BIGINT) FROM case_counts WHERE {}", on_counts.sql);
                let sql = format!(
                    "SELECT {ROW_COLUMNS} FROM cases c {ROW_JOINS}
                     WHERE {} ORDER BY {order} LIMIT {page_size} OFFSET {offset}",
                    on_cases.sql
                );
                (count_sql, on_counts.params, sql, on_cases.params)
            }
            Some(text) => {
                // Filters and search are answered together inside the index.
                let tags = self.search_tags(&tags);
                let expr =
                    if pg { search::pg_filtered_match(&text, tags) } else { search::filtered_match(&text, tags) };
                if pg {
                    return self.pg_search_page(station_id, &expr, key_order, page_size, offset, q.page).await;
                }
                let count_sql =
                    "SELECT count(*) FROM (SELECT rowid FROM case_search WHERE case_search MATCH $1 LIMIT $2)";
                let sql = format!(
                    "SELECT {ROW_COLUMNS} FROM (
                        SELECT rowid AS k FROM case_search WHERE case_search MATCH $1
                        ORDER BY rowid {key_order} LIMIT {page_size} OFFSET {offset}
                     ) s CROSS JOIN cases c ON c.search_key = s.k {ROW_JOINS}
                     WHERE c.station_id = $2 ORDER BY s.k {key_order}"
                );
                let count_params = vec![Arg::Text(Some(expr.clone())), Arg::I64(Some(i64::from(SEARCH_COUNT_CAP) + 1))];
                (count_sql.to_owned(), count_params, sql, vec![Arg::Text(Some(expr)), Arg::I64(Some(station_id))])
            }
        };
        // The count and the page are asked on two connections at once: on a 100 000-case
        // file a five-character search's count (0.9 ms) and its page (0.35 ms) took turns.
        let count = async {
            let (n,): (i64,) = query(AssertSqlSafe(count_sql)).bind_all(count_params).fetch_one(self).await?;
            Ok::<_, CoreError>(n)
        };
        let (total, items) = tokio::try_join!(count, fetch_rows(self, &sql, &params))?;
        Ok(page_of(items, total, q.text.is_some(), q.page, page_size))
    }

    /// The register's filter tokens a search matches in the index. The station's own is
    /// left out where nothing else could match: a SQLite file holds one station (init
    /// refuses a second), and a station's login on a shared server is confined to its own
    /// rows by the server's search functions themselves. Only the street office, which
    /// reads every station, matches the station it drills into (on 100 000 cases the
    /// token made the index intersect every one of them with the words' few).
    pub(super) fn search_tags<'t>(&self, tags: &'t [Tag<'t>]) -> impl Iterator<Item = Tag<'t>> + 't {
        let station = if self.is_postgres() { self.is_district() } else { self.is_shared() };
        tags.iter().copied().filter(move |t| station || !matches!(t, Tag::Station(_)))
    }

    /// A page of search results on PostgreSQL: the page's keys and the count of every hit
    /// come from one scan of the index (`sd_search_page`), then the page's cases by key.
    async fn pg_search_page(
        &self,
        station_id: i64,
        expr: &str,
        key_order: &str,
        page_size: u32,
        offset: u32,
        page: u32,
    ) -> Result<Page<CaseRow>> {
        let hits: Vec<(i64, i64)> =
            query("SELECT k, total FROM sd_search_page(CAST($1 AS tsquery), $2, $3, $4, $5) AS s(k, total)")
                .bind(expr)
                .bind(i64::from(page_size))
                .bind(i64::from(offset))
                .bind(key_order == "DESC")
                .bind(i64::from(SEARCH_COUNT_CAP))
                .fetch_all(self)
                .await?;
        let total = match hits.first() {
            Some((_, total)) => *total,
            None if offset == 0 => 0,
            // Past the last page: the count alone, for the pager.
            None => {
                let (n,): (i64,) = query("SELECT sd_search_count(CAST($1 AS tsquery), $2)")
                    .bind(expr)
                    .bind(i64::from(SEARCH_COUNT_CAP) + 1)
                    .fetch_one(self)
                    .await?;
                n
            }
        };
        let items = if hits.is_empty() {
            Vec::new()
        } else {
            // The keys are the server's own integers, written into the text as such.
            let keys: Vec<String> = hits.iter().map(|(k, _)| k.to_string()).collect();
            let sql = format!(
                "SELECT {ROW_COLUMNS} FROM cases c {ROW_JOINS}
                 WHERE c.station_id = $1 AND c.search_key IN ({}) ORDER BY c.search_key {key_order}",
                keys.join(", ")
            );
            fetch_rows(self, &sql, &[Arg::I64(Some(station_id))]).await?
        };
        Ok(page_of(items, total, true, page, page_size))
    }
}

/// A page with its total, a search's total shown as "10000+" past the cap.
fn page_of(items: Vec<CaseRow>, total: i64, searched: bool, page: u32, page_size: u32) -> Page<CaseRow> {
    let total = u32::try_from(total).unwrap_or(u32::MAX);
    let total_capped = searched && total > SEARCH_COUNT_CAP;
    let total = if total_capped { SEARCH_COUNT_CAP } else { total };
    Page { items, total, total_capped, page: page.max(1), page_size }
}

/// The register's columns, for [`RowRecord`].
pub(super) const ROW_COLUMNS: &str = "c.id, c.number, c.channel, c.status, g.name AS category_name, c.title,
    c.resident_name, c.phone, c.compound, c.building, c.entrance, c.room, c.place, c.received_at, c.urgency,
    a.name AS assignee_name, c.respond_due_at, c.responded_at, c.resolve_due_at, c.held_since";

pub(super) const ROW_JOINS: &str =
    "LEFT JOIN categories g ON g.id = c.category_id LEFT JOIN staff a ON a.id = c.assignee_id";

#[derive(sqlx::FromRow)]
pub(super) struct RowRecord {
    id: i64,
    number: String,
    channel: String,
    status: String,
    category_name: Option<String>,
    title: String,
    resident_name: Option<String>,
    phone: Option<String>,
    compound: Option<String>,
    building: Option<String>,
    entrance: Option<String>,
    room: Option<String>,
    place: Option<String>,
    received_at: DateTime<Utc>,
    urgency: String,
    assignee_name: Option<String>,
    respond_due_at: Option<DateTime<Utc>>,
    responded_at: Option<DateTime<Utc>>,
    resolve_due_at: Option<DateTime<Utc>>,
    held_since: Option<DateTime<Utc>>,
}

impl RowRecord {
    pub(super) fn into_row(self, now: DateTime<Utc>) -> Result<CaseRow> {
        let address = Address {
            compound: self.compound,
            building: self.building,
            entrance: self.entrance,
            room: self.room,
            place: self.place,
        };
        let status = parse_status(&self.status)?;
        Ok(CaseRow {
            id: self.id,
            number: self.number,
            channel: Channel::parse(&self.channel).ok_or_else(|| unknown_code("channel", &self.channel))?,
            status,
            category_name: self.category_name,
            title: self.title,
            resident_name: self.resident_name,
            phone_masked: self.phone.as_deref().map(mask_phone),
            public_address: address.without_household().display(),
            address: address.display(),
            received_at: self.received_at,
            urgency: Urgency::parse(&self.urgency).ok_or_else(|| unknown_code("urgency", &self.urgency))?,
            assignee_name: self.assignee_name,
            resolve_due_at: self.resolve_due_at,
            due_state: due_state(
                status,
                self.respond_due_at,
                self.responded_at,
                self.resolve_due_at,
                self.held_since,
                now,
            ),
        })
    }
}

/// Runs a query selecting [`ROW_COLUMNS`] and makes register rows of it.
pub(super) async fn fetch_rows(store: &Store, sql: &str, params: &[Arg]) -> Result<Vec<CaseRow>> {
    let rows: Vec<RowRecord> =
        q(AssertSqlSafe(sql.to_owned())).bind_all(params.iter().cloned()).fetch_all(store).await?;
    let now = store.now();
    rows.into_iter().map(|r| r.into_row(now)).collect()
}

impl WriteTx<'_> {
    /// Demo data: one follow-up call a day after 办结 for every case past it, answers
    /// spread by id; the figures take each call in as the 回访 service would.
    pub(crate) async fn demo_follow_ups(&mut self) -> Result<()> {
        let station_id = self.actor().station_id;
        let staff = self.actor().staff_name.clone();
        let due = self
            .facts_where(
                "status IN ('followed_up', 'closed') AND resolved_at IS NOT NULL AND followed_up_at IS NULL
                 AND NOT EXISTS (SELECT 1 FROM case_followups f WHERE f.case_id = cases.id)",
            )
            .await?;
        for chunk in due.chunks(ROWS_PER_STATEMENT) {
            let mut stats = StatsDelta::default();
            let mut calls = Vec::with_capacity(chunk.len());
            for (id, before) in chunk {
                let Some(resolved_at) = before.resolved_at else { continue };
                // A day after 办结, but never later than now (a call is not logged ahead).
                let at = (resolved_at + chrono::Duration::days(1)).min(self.now.max(resolved_at));
                let satisfaction = match id {
                    id if id % 13 == 0 || id % 17 == 0 => Satisfaction::Dissatisfied,
                    id if id % 5 == 0 => Satisfaction::BasicallySatisfied,
                    _ => Satisfaction::Satisfied,
                };
                let after = CaseFacts {
                    followed_up_at: Some(at),
                    follow_up_resolved: Some(id % 13 != 0),
                    follow_up_satisfied: Some(satisfaction.counts_as_satisfied()),
                    ..before.clone()
                };
                stats.merge(&StatsDelta::of_change(Some(before), Some(&after)));
                calls.push((*id, at, after.follow_up_resolved, satisfaction, after.follow_up_satisfied));
            }
            if calls.is_empty() {
                continue;
            }
            let sql = format!(
                "INSERT INTO case_followups (station_id, case_id, at, without_callback, reached, resolved,
                    satisfaction, comment, staff_name) VALUES {};
                 UPDATE cases SET followed_up_at = v.column2, follow_up_resolved = v.column3,
                    follow_up_satisfied = v.column4
                 FROM (VALUES {}) AS v WHERE cases.id = v.column1;
                 {}",
                vec!["(?, ?, ?, FALSE, TRUE, ?, ?, NULL, ?)"; calls.len()].join(", "),
                vec!["(?, ?, ?, ?)"; calls.len()].join(", "),
                stats_sql(&stats)
            );
            let mut q = q(AssertSqlSafe(sql));
            for (id, at, resolved, satisfaction, _) in &calls {
                q = q.bind(station_id).bind(*id).bind(*at).bind(*resolved).bind(satisfaction.code()).bind(&staff);
            }
            for (id, at, resolved, _, satisfied) in &calls {
                q = q.bind(*id).bind(*at).bind(*resolved).bind(*satisfied);
            }
            bind_stats(q, station_id, &stats).execute(&mut self.tx).await?;
        }
        Ok(())
    }
}

impl WriteTx<'_> {
    /// Records a person entered rather than the demo loader (`demo_name` in the audit
    /// columns): cases, events, meetings and errands of the station. Read inside the
    /// load's transaction, so nothing is entered between the check and the load.
    pub(crate) async fn real_record_count(&mut self, demo_name: &str) -> Result<i64> {
        let (n,): (i64,) = query(
            "SELECT (SELECT count(*) FROM cases WHERE station_id = $1 AND created_by_name <> $2)
                  + (SELECT count(*) FROM events WHERE station_id = $1)
                  + (SELECT count(*) FROM meetings WHERE station_id = $1)
                  + (SELECT count(*) FROM errands WHERE station_id = $1)",
        )
        .bind(self.actor().station_id)
        .bind(demo_name)
        .fetch_one(&mut self.tx)
        .await?;
        Ok(n)
    }
}

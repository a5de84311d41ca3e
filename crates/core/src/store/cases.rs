//! SQL for cases, their serial numbers and their search index.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Utc};
use sqlx::AssertSqlSafe;

use super::{Store, WriteTx};
use crate::cases::SEARCH_COUNT_CAP;
use crate::cases::{
    Address, CHINA_OFFSET, Case, CaseQuery, CaseRow, CaseSort, CaseStatus, Channel, Page, ValidCase,
    format_case_number, mask_phone,
};
use crate::error::{CoreError, Result};
use crate::search::{self, Tag};
use crate::store::FieldChange;

#[derive(sqlx::FromRow)]
struct CaseRecord {
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
}

const CASE_COLUMNS: &str = "c.id, c.number, s.code AS station_code, c.channel, c.status, c.resident_name, c.phone,
    c.compound, c.building, c.entrance, c.room, c.place, c.category_id, g.name AS category_name, c.title,
    c.description, c.received_at, c.created_at, c.created_by_name, c.updated_at";

fn unknown_code(what: &str, code: &str) -> CoreError {
    CoreError::Database(sqlx::Error::Decode(format!("unknown {what} code {code:?} in the database").into()))
}

impl CaseRecord {
    fn into_case(self) -> Result<Case> {
        Ok(Case {
            id: self.id,
            number: self.number,
            station_code: self.station_code,
            channel: Channel::parse(&self.channel).ok_or_else(|| unknown_code("channel", &self.channel))?,
            status: CaseStatus::parse(&self.status).ok_or_else(|| unknown_code("status", &self.status))?,
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
        })
    }
}

/// The text a case is found by: number, title, description, place, resident and phone.
fn case_index_text(c: &ValidCase, number: &str) -> search::IndexText {
    let address = c.address.display();
    search::index_text(
        [
            Some(number),
            Some(c.title.as_str()),
            c.description.as_deref(),
            Some(address.as_str()),
            c.resident_name.as_deref(),
            c.phone.as_deref(),
        ]
        .into_iter()
        .flatten(),
    )
}

fn case_tags(station_id: i64, status: CaseStatus, category_id: Option<i64>, channel: Channel) -> String {
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
fn search_key(received_at: DateTime<Utc>, id: i64) -> i64 {
    (received_at.timestamp() << 22) | (id & 0x3F_FFFF)
}

/// Cases per multi-row INSERT: one round trip to SQLite's worker thread writes this many
/// cases with their index entries and audit rows (33 parameters each, far below the limit).
const ROWS_PER_STATEMENT: usize = 100;

/// What `reserve` hands out: serials, the station code, the next free id.
struct Reservation {
    first_serial: i64,
    code: String,
    category: Option<String>,
    next_id: i64,
}

/// One case ready to insert.
struct NewRow<'a> {
    case: &'a ValidCase,
    status: CaseStatus,
    id: i64,
    year: i32,
    serial: i64,
    number: String,
    category: Option<&'a str>,
}

impl WriteTx<'_> {
    /// Inserts a validated case at 受理 with its number, search entry and audit row, and
    /// returns it as stored.
    pub(crate) async fn insert_case(&mut self, c: &ValidCase) -> Result<Case> {
        let year = c.received_at.with_timezone(&CHINA_OFFSET).year();
        let r = self.reserve(year, 1, c.category_id).await?;
        if c.category_id.is_some() && r.category.is_none() {
            return Err(CoreError::invalid(
                "categoryId",
                "分类不在本站的分类列表中，请从列表中选择（可在“设置”里维护分类）",
            ));
        }
        let row = NewRow {
            case: c,
            status: CaseStatus::Accepted,
            id: r.next_id,
            year,
            serial: r.first_serial,
            number: format_case_number(&r.code, year, r.first_serial),
            category: r.category.as_deref(),
        };
        self.insert_rows(&[row]).await?;
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
        })
    }

    /// Bulk load for demo data and benchmarks: the same rows, index entries and audit
    /// rows as [`insert_case`](Self::insert_case), many per statement. The cases must be in
    /// received order and their categories the station's own.
    pub(crate) async fn insert_cases_bulk(&mut self, cases: &[(ValidCase, CaseStatus)]) -> Result<()> {
        let names: HashMap<i64, String> = sqlx::query_as("SELECT id, name FROM categories WHERE station_id = $1")
            .bind(self.actor().station_id)
            .fetch_all(&mut *self.tx)
            .await?
            .into_iter()
            .collect();
        let mut i = 0;
        while i < cases.len() {
            let year = cases[i].0.received_at.with_timezone(&CHINA_OFFSET).year();
            let run = cases[i..]
                .iter()
                .take_while(|(c, _)| c.received_at.with_timezone(&CHINA_OFFSET).year() == year)
                .count();
            let r = self.reserve(year, run as i64, None).await?;
            let rows: Vec<NewRow> = cases[i..i + run]
                .iter()
                .enumerate()
                .map(|(k, (c, status))| NewRow {
                    case: c,
                    status: *status,
                    id: r.next_id + k as i64,
                    year,
                    serial: r.first_serial + k as i64,
                    number: format_case_number(&r.code, year, r.first_serial + k as i64),
                    category: c.category_id.and_then(|id| names.get(&id)).map(String::as_str),
                })
                .collect();
            for chunk in rows.chunks(ROWS_PER_STATEMENT) {
                self.insert_rows(chunk).await?;
            }
            i += run;
        }
        Ok(())
    }

    /// Reserves `count` consecutive serials for the year and looks up, in the same round
    /// trip, the station code, the category's name (if active and the station's own) and
    /// the next free case id. The write lock is held, so the ids stay free until commit.
    async fn reserve(&mut self, year: i32, count: i64, category_id: Option<i64>) -> Result<Reservation> {
        let rows: Vec<(i64, Option<String>, Option<String>, i64)> = sqlx::query_as(
            "INSERT INTO case_serials (station_id, year, last_serial) VALUES ($1, $2, $3)
                 ON CONFLICT (station_id, year) DO UPDATE SET last_serial = case_serials.last_serial + $3;
             SELECT (SELECT last_serial FROM case_serials WHERE station_id = $1 AND year = $2),
                    (SELECT code FROM stations WHERE id = $1),
                    (SELECT name FROM categories WHERE id = $4 AND station_id = $1 AND active),
                    (SELECT coalesce(max(id), 0) + 1 FROM cases)",
        )
        .bind(self.actor().station_id)
        .bind(year)
        .bind(count)
        .bind(category_id)
        .fetch_all(&mut *self.tx)
        .await?;
        let Some((last, Some(code), category, next_id)) = rows.into_iter().next() else {
            return Err(crate::station::not_initialized());
        };
        Ok(Reservation { first_serial: last - count + 1, code, category, next_id })
    }

    /// Writes the cases, their search entries and their audit rows in one statement batch.
    /// Placeholders are anonymous `?`, bound in order of appearance: SQLite looks named
    /// ones up by a linear scan, which made a 2 000-parameter batch quadratic.
    async fn insert_rows(&mut self, rows: &[NewRow<'_>]) -> Result<()> {
        let list = |n: usize| vec!["?"; n].join(", ");
        let cases_values = vec![format!("({})", list(23)); rows.len()].join(", ");
        let search_values = vec![format!("({})", list(4)); rows.len()].join(", ");
        let audit_values = vec!["(?, ?, ?, ?, 'case', ?, 'create', ?)"; rows.len()].join(", ");
        let sql = format!(
            "INSERT INTO cases (id, station_id, year, serial, number, channel, status, resident_name, phone,
                compound, building, entrance, room, place, category_id, title, description, received_at,
                created_at, created_by, created_by_name, updated_at, search_key) VALUES {cases_values};
             INSERT INTO case_search (rowid, uni, bi, tags) VALUES {search_values};
             INSERT INTO audit_log (station_id, at, staff_id, staff_name, entity, entity_id, action, changes)
                VALUES {audit_values}"
        );

        let actor = self.actor().clone();
        let now = self.now;
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for r in rows {
            let c = r.case;
            q = q
                .bind(r.id)
                .bind(actor.station_id)
                .bind(r.year)
                .bind(r.serial)
                .bind(r.number.clone())
                .bind(c.channel.code())
                .bind(r.status.code())
                .bind(c.resident_name.clone())
                .bind(c.phone.clone())
                .bind(c.address.compound.clone())
                .bind(c.address.building.clone())
                .bind(c.address.entrance.clone())
                .bind(c.address.room.clone())
                .bind(c.address.place.clone())
                .bind(c.category_id)
                .bind(c.title.clone())
                .bind(c.description.clone())
                .bind(c.received_at)
                .bind(now)
                .bind(actor.staff_id)
                .bind(actor.staff_name.clone())
                .bind(now)
                .bind(search_key(c.received_at, r.id));
        }
        for r in rows {
            let c = r.case;
            let text = case_index_text(c, &r.number);
            q = q.bind(search_key(c.received_at, r.id)).bind(text.uni).bind(text.bi).bind(case_tags(
                actor.station_id,
                r.status,
                c.category_id,
                c.channel,
            ));
        }
        for r in rows {
            let c = r.case;
            let received = c.received_at.to_rfc3339();
            let changes: Vec<FieldChange> = [
                FieldChange::set("number", Some(&r.number)),
                FieldChange::set("status", Some(r.status.code())),
                FieldChange::set("channel", Some(c.channel.code())),
                FieldChange::set("title", Some(&c.title)),
                FieldChange::set("description", c.description.as_deref()),
                FieldChange::set("residentName", c.resident_name.as_deref()),
                FieldChange::set("phone", c.phone.as_deref()),
                FieldChange::set("address", Some(c.address.display().as_str()).filter(|a| !a.is_empty())),
                FieldChange::set("category", r.category),
                FieldChange::set("receivedAt", Some(&received)),
            ]
            .into_iter()
            .flatten()
            .collect();
            q = q
                .bind(actor.station_id)
                .bind(now)
                .bind(actor.staff_id)
                .bind(actor.staff_name.clone())
                .bind(r.id)
                .bind(serde_json::to_string(&changes).unwrap_or_else(|_| "[]".to_owned()));
        }
        q.execute(&mut *self.tx).await?;
        Ok(())
    }
}

/// Positional parameters for SQL assembled from fixed fragments.
#[derive(Debug, Clone)]
enum Param {
    Int(i64),
    Text(String),
}

/// A WHERE clause built from fixed fragments with `$n` parameters.
#[derive(Debug, Clone)]
struct Filter {
    sql: String,
    params: Vec<Param>,
}

impl Filter {
    fn new(first: &str, param: Param) -> Self {
        Self { sql: first.replace("$?", "$1"), params: vec![param] }
    }

    fn and(&mut self, fragment: &str, param: Param) {
        self.params.push(param);
        let n = self.params.len();
        self.sql.push_str(" AND ");
        self.sql.push_str(&fragment.replace("$?", &format!("${n}")));
    }

    fn bind<'q, O>(&'q self, q: QueryAs<'q, O>) -> QueryAs<'q, O> {
        bind_all(q, &self.params)
    }
}

type QueryAs<'q, O> = sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments>;

fn bind_all<'q, O>(mut q: QueryAs<'q, O>, params: &'q [Param]) -> QueryAs<'q, O> {
    for p in params {
        q = match p {
            Param::Int(i) => q.bind(*i),
            Param::Text(t) => q.bind(t.as_str()),
        };
    }
    q
}

impl Store {
    pub(crate) async fn case_by_id(&self, station_id: i64, id: i64) -> Result<Option<Case>> {
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM cases c JOIN stations s ON s.id = c.station_id
             LEFT JOIN categories g ON g.id = c.category_id WHERE c.station_id = $1 AND c.id = $2"
        );
        let row: Option<CaseRecord> =
            sqlx::query_as(AssertSqlSafe(sql)).bind(station_id).bind(id).fetch_optional(self.sqlite()).await?;
        row.map(CaseRecord::into_case).transpose()
    }

    pub(crate) async fn case_by_number(&self, station_id: i64, number: &str) -> Result<Option<Case>> {
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM cases c JOIN stations s ON s.id = c.station_id
             LEFT JOIN categories g ON g.id = c.category_id WHERE c.station_id = $1 AND c.number = $2"
        );
        let number = number.to_ascii_uppercase();
        let row: Option<CaseRecord> =
            sqlx::query_as(AssertSqlSafe(sql)).bind(station_id).bind(number).fetch_optional(self.sqlite()).await?;
        row.map(CaseRecord::into_case).transpose()
    }

    pub(crate) async fn list_cases(&self, station_id: i64, q: &CaseQuery) -> Result<Page<CaseRow>> {
        let page_size = q.page_size();
        let offset = q.offset();
        let order = match q.sort {
            CaseSort::ReceivedDesc => "c.received_at DESC, c.id DESC",
            CaseSort::ReceivedAsc => "c.received_at ASC, c.id ASC",
        };
        const ROW_COLUMNS: &str = "c.id, c.number, c.channel, c.status, g.name, c.title, c.resident_name, c.phone,
            c.compound, c.building, c.entrance, c.room, c.place, c.received_at";

        // The register's filters, as SQL on `cases` and as tokens in the search index.
        let mut on_cases = Filter::new("c.station_id = $?", Param::Int(station_id));
        let mut on_counts = Filter::new("station_id = $?", Param::Int(station_id));
        let mut tags = vec![Tag::Station(station_id)];
        if let Some(s) = q.status {
            on_cases.and("c.status = $?", Param::Text(s.code().to_owned()));
            on_counts.and("status = $?", Param::Text(s.code().to_owned()));
            tags.push(Tag::Status(s.code()));
        }
        if let Some(ch) = q.channel {
            on_cases.and("c.channel = $?", Param::Text(ch.code().to_owned()));
            on_counts.and("channel = $?", Param::Text(ch.code().to_owned()));
            tags.push(Tag::Channel(ch.code()));
        }
        if let Some(cat) = q.category_id {
            on_cases.and("c.category_id = $?", Param::Int(cat));
            on_counts.and("category_id = $?", Param::Int(cat));
            tags.push(Tag::Category(cat));
        }
        let count_sql = format!("SELECT coalesce(sum(n), 0) FROM case_counts WHERE {}", on_counts.sql);
        let (filtered_total,): (i64,) =
            on_counts.bind(sqlx::query_as(AssertSqlSafe(count_sql))).fetch_one(self.sqlite()).await?;

        let text = q.text.as_deref().and_then(search::match_expression);
        let (total, sql, params) = match text {
            None => {
                let sql = format!(
                    "SELECT {ROW_COLUMNS} FROM cases c LEFT JOIN categories g ON g.id = c.category_id
                     WHERE {} ORDER BY {order} LIMIT {page_size} OFFSET {offset}",
                    on_cases.sql
                );
                (filtered_total, sql, on_cases.params)
            }
            Some(text) => {
                // Filters and search are answered together inside the index. A SQLite
                // file holds one station (init refuses a second), so the station token
                // is only matched where the database is shared.
                let tags = tags.iter().copied().filter(|t| self.is_shared() || !matches!(t, Tag::Station(_)));
                let expr = search::filtered_match(&text, tags);
                let (hits,): (i64,) = sqlx::query_as(
                    "SELECT count(*) FROM (SELECT rowid FROM case_search WHERE case_search MATCH $1 LIMIT $2)",
                )
                .bind(&expr)
                .bind(i64::from(SEARCH_COUNT_CAP) + 1)
                .fetch_one(self.sqlite())
                .await?;
                let key_order = match q.sort {
                    CaseSort::ReceivedDesc => "DESC",
                    CaseSort::ReceivedAsc => "ASC",
                };
                let sql = format!(
                    "SELECT {ROW_COLUMNS} FROM (
                        SELECT rowid AS k FROM case_search WHERE case_search MATCH $1
                        ORDER BY rowid {key_order} LIMIT {page_size} OFFSET {offset}
                     ) s CROSS JOIN cases c ON c.search_key = s.k
                     LEFT JOIN categories g ON g.id = c.category_id
                     WHERE c.station_id = $2 ORDER BY s.k {key_order}"
                );
                (hits, sql, vec![Param::Text(expr), Param::Int(station_id)])
            }
        };
        type Row = (
            i64,
            String,
            String,
            String,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            DateTime<Utc>,
        );
        let rows: Vec<Row> = bind_all(sqlx::query_as(AssertSqlSafe(sql)), &params).fetch_all(self.sqlite()).await?;
        let items = rows
            .into_iter()
            .map(|r| {
                let address = Address { compound: r.8, building: r.9, entrance: r.10, room: r.11, place: r.12 };
                Ok(CaseRow {
                    id: r.0,
                    number: r.1,
                    channel: Channel::parse(&r.2).ok_or_else(|| unknown_code("channel", &r.2))?,
                    status: CaseStatus::parse(&r.3).ok_or_else(|| unknown_code("status", &r.3))?,
                    category_name: r.4,
                    title: r.5,
                    resident_name: r.6,
                    phone_masked: r.7.as_deref().map(mask_phone),
                    address: address.display(),
                    received_at: r.13,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let total = u32::try_from(total).unwrap_or(u32::MAX);
        let total_capped = q.text.is_some() && total > SEARCH_COUNT_CAP;
        let total = if total_capped { SEARCH_COUNT_CAP } else { total };
        Ok(Page { items, total, total_capped, page: q.page.max(1), page_size })
    }
}

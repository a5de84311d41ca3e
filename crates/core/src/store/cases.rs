//! SQL for cases, their serial numbers and their search index.

use chrono::{DateTime, Datelike, Utc};
use sqlx::AssertSqlSafe;

use super::{Store, WriteTx};
use crate::cases::{
    Address, Case, CaseQuery, CaseRow, CaseSort, CaseStatus, Channel, Page, ValidCase, CHINA_OFFSET, format_case_number,
    mask_phone,
};
use crate::error::{CoreError, Result};
use crate::search;
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

/// The text a case is found by: title, description, place, resident and phone.
fn case_index_text(c: &ValidCase, number: &str) -> search::IndexText {
    let address = c.address.display();
    search::index_text(
        [Some(number), Some(c.title.as_str()), c.description.as_deref(), Some(address.as_str()), c.resident_name.as_deref(), c.phone.as_deref()]
            .into_iter()
            .flatten(),
    )
}

impl WriteTx<'_> {
    /// Inserts a validated case at 受理 with its number, search entry and audit row.
    pub(crate) async fn insert_case(&mut self, c: &ValidCase) -> Result<i64> {
        let category = match c.category_id {
            None => None,
            Some(category_id) => {
                let found: Option<(String,)> =
                    sqlx::query_as("SELECT name FROM categories WHERE id = $1 AND station_id = $2 AND active")
                        .bind(category_id)
                        .bind(self.actor().station_id)
                        .fetch_optional(&mut *self.tx)
                        .await?;
                let Some((name,)) = found else {
                    return Err(CoreError::invalid(
                        "categoryId",
                        "分类不在本站的分类列表中，请从列表中选择（可在“设置”里维护分类）",
                    ));
                };
                Some(name)
            }
        };
        let code = self.station_code().await?;
        let year = c.received_at.with_timezone(&CHINA_OFFSET).year();
        let serial = self.reserve_serials(year, 1).await?;
        self.insert_case_row(c, CaseStatus::Accepted, category.as_deref(), &code, year, serial).await
    }

    /// Bulk load for demo data and benchmarks: the same rows, index entries and audit
    /// rows as [`insert_case`](Self::insert_case), with serials reserved per year in one go.
    /// The cases must be in received order and their categories the station's own.
    pub(crate) async fn insert_cases_bulk(&mut self, cases: &[(ValidCase, CaseStatus)]) -> Result<()> {
        let code = self.station_code().await?;
        let names: std::collections::HashMap<i64, String> = sqlx::query_as("SELECT id, name FROM categories WHERE station_id = $1")
            .bind(self.actor().station_id)
            .fetch_all(&mut *self.tx)
            .await?
            .into_iter()
            .collect();
        let mut i = 0;
        while i < cases.len() {
            let year = cases[i].0.received_at.with_timezone(&CHINA_OFFSET).year();
            let run = cases[i..].iter().take_while(|(c, _)| c.received_at.with_timezone(&CHINA_OFFSET).year() == year).count();
            let first = self.reserve_serials(year, run as i64).await?;
            for (k, (c, status)) in cases[i..i + run].iter().enumerate() {
                let category = c.category_id.and_then(|id| names.get(&id)).map(String::as_str);
                self.insert_case_row(c, *status, category, &code, year, first + k as i64).await?;
            }
            i += run;
        }
        Ok(())
    }

    async fn station_code(&mut self) -> Result<String> {
        let (code,): (String,) = sqlx::query_as("SELECT code FROM stations WHERE id = $1")
            .bind(self.actor().station_id)
            .fetch_optional(&mut *self.tx)
            .await?
            .ok_or_else(crate::station::not_initialized)?;
        Ok(code)
    }

    /// Reserves `count` consecutive serials for the year and returns the first.
    async fn reserve_serials(&mut self, year: i32, count: i64) -> Result<i64> {
        let station_id = self.actor().station_id;
        sqlx::query(
            "INSERT INTO case_serials (station_id, year, last_serial) VALUES ($1, $2, $3)
             ON CONFLICT (station_id, year) DO UPDATE SET last_serial = case_serials.last_serial + $3",
        )
        .bind(station_id)
        .bind(year)
        .bind(count)
        .execute(&mut *self.tx)
        .await?;
        let (last,): (i64,) = sqlx::query_as("SELECT last_serial FROM case_serials WHERE station_id = $1 AND year = $2")
            .bind(station_id)
            .bind(year)
            .fetch_one(&mut *self.tx)
            .await?;
        Ok(last - count + 1)
    }

    async fn insert_case_row(
        &mut self,
        c: &ValidCase,
        status: CaseStatus,
        category: Option<&str>,
        code: &str,
        year: i32,
        serial: i64,
    ) -> Result<i64> {
        let number = format_case_number(code, year, serial);
        let actor = self.actor().clone();
        let id = sqlx::query(
            "INSERT INTO cases (station_id, year, serial, number, channel, status, resident_name, phone,
                compound, building, entrance, room, place, category_id, title, description,
                received_at, created_at, created_by, created_by_name, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $18)",
        )
        .bind(actor.station_id)
        .bind(year)
        .bind(serial)
        .bind(&number)
        .bind(c.channel.code())
        .bind(status.code())
        .bind(&c.resident_name)
        .bind(&c.phone)
        .bind(&c.address.compound)
        .bind(&c.address.building)
        .bind(&c.address.entrance)
        .bind(&c.address.room)
        .bind(&c.address.place)
        .bind(c.category_id)
        .bind(&c.title)
        .bind(&c.description)
        .bind(c.received_at)
        .bind(self.now)
        .bind(actor.staff_id)
        .bind(&actor.staff_name)
        .execute(&mut *self.tx)
        .await?
        .last_insert_rowid();

        let text = case_index_text(c, &number);
        sqlx::query("INSERT INTO case_search (rowid, uni, bi) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(text.uni)
            .bind(text.bi)
            .execute(&mut *self.tx)
            .await?;

        let received = c.received_at.to_rfc3339();
        let changes: Vec<FieldChange> = [
            FieldChange::set("number", Some(&number)),
            FieldChange::set("status", Some(status.code())),
            FieldChange::set("channel", Some(c.channel.code())),
            FieldChange::set("title", Some(&c.title)),
            FieldChange::set("description", c.description.as_deref()),
            FieldChange::set("residentName", c.resident_name.as_deref()),
            FieldChange::set("phone", c.phone.as_deref()),
            FieldChange::set("address", Some(c.address.display().as_str()).filter(|a| !a.is_empty())),
            FieldChange::set("category", category),
            FieldChange::set("receivedAt", Some(&received)),
        ]
        .into_iter()
        .flatten()
        .collect();
        self.audit("case", id, "create", &changes).await?;
        Ok(id)
    }
}

/// Positional parameters for SQL assembled from fixed fragments.
enum Param {
    Int(i64),
    Text(String),
}

struct Filter {
    sql: String,
    params: Vec<Param>,
}

impl Filter {
    fn new(station_id: i64) -> Self {
        Self { sql: "c.station_id = $1".to_owned(), params: vec![Param::Int(station_id)] }
    }

    fn and(&mut self, fragment: &str, param: Param) {
        self.params.push(param);
        let n = self.params.len();
        self.sql.push_str(" AND ");
        self.sql.push_str(&fragment.replace("$?", &format!("${n}")));
    }

    fn bind<'q, O>(
        &'q self,
        mut q: sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments>,
    ) -> sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments> {
        for p in &self.params {
            q = match p {
                Param::Int(i) => q.bind(*i),
                Param::Text(t) => q.bind(t.as_str()),
            };
        }
        q
    }
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
        let mut f = Filter::new(station_id);
        if let Some(s) = q.status {
            f.and("c.status = $?", Param::Text(s.code().to_owned()));
        }
        if let Some(ch) = q.channel {
            f.and("c.channel = $?", Param::Text(ch.code().to_owned()));
        }
        if let Some(cat) = q.category_id {
            f.and("c.category_id = $?", Param::Int(cat));
        }
        if let Some(expr) = q.text.as_deref().and_then(search::match_expression) {
            f.and("c.id IN (SELECT rowid FROM case_search WHERE case_search MATCH $?)", Param::Text(expr));
        }
        let order = match q.sort {
            CaseSort::ReceivedDesc => "c.received_at DESC, c.id DESC",
            CaseSort::ReceivedAsc => "c.received_at ASC, c.id ASC",
        };
        let page_size = q.page_size();
        let sql = format!(
            "SELECT c.id, c.number, c.channel, c.status, g.name, c.title, c.resident_name, c.phone,
                    c.compound, c.building, c.entrance, c.room, c.place, c.received_at
             FROM cases c LEFT JOIN categories g ON g.id = c.category_id
             WHERE {} ORDER BY {order} LIMIT {page_size} OFFSET {}",
            f.sql,
            q.offset()
        );
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
        let rows: Vec<Row> = f.bind(sqlx::query_as(AssertSqlSafe(sql))).fetch_all(self.sqlite()).await?;
        let count_sql = format!("SELECT count(*) FROM cases c WHERE {}", f.sql);
        let (total,): (i64,) = f.bind(sqlx::query_as(AssertSqlSafe(count_sql))).fetch_one(self.sqlite()).await?;

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
        Ok(Page { items, total: u32::try_from(total).unwrap_or(u32::MAX), page: q.page.max(1), page_size })
    }
}

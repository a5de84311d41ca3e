//! Moving a station's SQLite file onto the district's server: every table's rows copied
//! under new ids (the server's ids are shared by all stations), the search index rebuilt,
//! attachment bytes moved into the database, then each table counted and checksummed on
//! both sides. One server transaction: an interrupted move leaves nothing behind and can
//! simply be run again; a finished one is recognised and only verified. The SQLite file is
//! only read.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use sqlx::AssertSqlSafe;

mod chain;
mod export;
mod replace;
mod spec;

pub(crate) use export::export_station;
pub(crate) use replace::replace_station;

use super::cases::{case_tags, index_text, search_key};
use super::{Db, Store, Tx, q};
use crate::cases::{Address, CaseStatus, Channel};
use crate::error::{CoreError, Result};
use spec::{Map, SPECS, Spec, kind_table, label};

/// One table's outcome: rows on each side and whether their checksums agree.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TableCheck {
    pub table: String,
    /// The table's name in Chinese (`诉求`, `操作记录`).
    pub label: String,
    pub source_rows: u64,
    pub target_rows: u64,
    pub checksum: String,
    pub matches: bool,
}

/// What a move did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MoveReport {
    pub station_code: String,
    /// False when the station was already on the server from an earlier run (then only checked).
    pub copied: bool,
    pub tables: Vec<TableCheck>,
    pub attachments: u64,
    /// Every table has the same rows and checksum on both sides.
    pub verified: bool,
}

/// Which half of a move a [`MoveStep`] belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum MovePhase {
    /// Rows going into the server's transaction.
    Copying,
    /// Counting and checksumming a table on both sides.
    Checking,
}

/// One table done, as a move reports its progress (the window's progress bar).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MoveStep {
    pub phase: MovePhase,
    pub table: String,
    /// The table's name in Chinese.
    pub label: String,
    pub rows: u64,
    /// Steps finished so far, of `total`: every table copied (and the attachments), then
    /// every table checked; a move found finished only checks.
    pub done: u32,
    pub total: u32,
}

/// A row as text per column (NULL as `None`), in the table's column order.
type Row = Vec<Option<String>>;

struct Column {
    name: String,
    pg_type: String,
}

impl Store {
    fn sqlite_pool(&self) -> Result<&sqlx::SqlitePool> {
        match &self.db {
            Db::Sqlite(p) => Ok(p),
            Db::Postgres(_) => Err(CoreError::invalid("from", "要搬迁的应是本机的 SQLite 数据库文件")),
        }
    }

    fn pg_pool(&self) -> Result<&sqlx::PgPool> {
        match &self.db {
            Db::Postgres(p) => Ok(p),
            Db::Sqlite(_) => Err(CoreError::invalid("to", "搬迁的目标应是街道服务器（postgres://…）")),
        }
    }

    /// The columns a table has on the server, in order (PostgreSQL-only ones left out).
    async fn pg_columns(&self, table: &str) -> Result<Vec<Column>> {
        let rows: Vec<(String, String)> = q("SELECT column_name, data_type FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position")
        .bind(table)
        .fetch_all(self)
        .await?;
        Ok(rows
            .into_iter()
            .filter(|(name, _)| !(table == "stations" && name == "login"))
            .map(|(name, pg_type)| Column { name, pg_type })
            .collect())
    }
}

/// Every row of a SQLite table, each column as text.
async fn source_rows(from: &Store, table: &str, columns: &[Column]) -> Result<Vec<Row>> {
    let list = columns.iter().map(|c| format!("CAST(\"{}\" AS TEXT)", c.name)).collect::<Vec<_>>().join(", ");
    // By the first column (the id where there is one), so rows referring to earlier rows
    // of the same table (a split series, a duplicate) come after them.
    let first = columns.first().map_or("1".to_owned(), |c| format!("\"{}\"", c.name));
    let sql = format!("SELECT {list} FROM \"{table}\" ORDER BY {first}");
    let pool = from.sqlite_pool()?;
    let rows = sqlx::query(AssertSqlSafe(sql)).fetch_all(pool).await?;
    rows.iter()
        .map(|r| {
            columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let v = sqlx::Row::try_get::<Option<String>, _>(r, i)?;
                    Ok(if c.pg_type == "timestamp with time zone" { v.map(|t| to_micros(&t)) } else { v })
                })
                .collect()
        })
        .collect()
}

/// An instant as the server keeps it: microseconds (SQLite may hold nanoseconds, which the
/// server would round its own way). Unparseable text is left for the server to refuse.
fn to_micros(text: &str) -> String {
    match DateTime::parse_from_rfc3339(text) {
        Ok(t) => t.with_timezone(&Utc).to_rfc3339_opts(chrono::SecondsFormat::Micros, false),
        Err(_) => text.to_owned(),
    }
}

/// A value as both sides compare it: instants in microseconds since 1970, booleans 0/1.
fn canonical(pg_type: &str, value: Option<&str>) -> String {
    let Some(v) = value else { return "\u{2205}".to_owned() };
    match pg_type {
        "timestamp with time zone" => DateTime::parse_from_rfc3339(v)
            .or_else(|_| DateTime::parse_from_str(v, "%Y-%m-%d %H:%M:%S%.f%#z"))
            .map(|t| t.with_timezone(&Utc).timestamp_micros().to_string())
            .unwrap_or_else(|_| v.to_owned()),
        "boolean" => match v {
            "1" | "t" | "true" | "TRUE" => "1".to_owned(),
            _ => "0".to_owned(),
        },
        _ => v.to_owned(),
    }
}

/// The order-independent checksum of a table's canonical rows.
fn checksum(columns: &[Column], rows: &[Row]) -> String {
    let mut sum = RowSum::default();
    for r in rows {
        sum.add(columns, r);
    }
    sum.hex()
}

/// An order-independent checksum taken a row at a time, so a table need not be held whole:
/// each row's canonical line hashed, the hashes added up (a repeated row counts twice).
#[derive(Default)]
struct RowSum {
    sum: u128,
    rows: u64,
}

impl RowSum {
    fn add(&mut self, columns: &[Column], row: &Row) {
        let mut h = Sha256::new();
        for (i, (c, v)) in columns.iter().zip(row).enumerate() {
            if i > 0 {
                h.update("\u{1f}".as_bytes());
            }
            h.update(canonical(&c.pg_type, v.as_deref()).as_bytes());
        }
        let digest = h.finalize();
        let mut first = [0_u8; 16];
        first.copy_from_slice(&digest[..16]);
        self.sum = self.sum.wrapping_add(u128::from_le_bytes(first));
        self.rows += 1;
    }

    fn hex(&self) -> String {
        format!("{:016x}", (self.sum >> 64) as u64 ^ self.sum as u64)
    }
}

/// The select list that reads a server row as text: instants in UTC with microseconds,
/// booleans as 1/0.
fn server_text(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| match c.pg_type.as_str() {
            "timestamp with time zone" => {
                format!("to_char(\"{}\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')", c.name)
            }
            "boolean" => format!("CASE WHEN \"{0}\" THEN '1' WHEN NOT \"{0}\" THEN '0' END", c.name),
            _ => format!("CAST(\"{}\" AS text)", c.name),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A fetched row as text per column.
fn text_row<R: sqlx::Row>(r: &R, n: usize) -> Result<Row>
where
    usize: sqlx::ColumnIndex<R>,
    for<'a> Option<String>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    (0..n).map(|i| r.try_get::<Option<String>, _>(i).map_err(CoreError::from)).collect()
}

/// The server's rows of the new station, as canonical text.
async fn target_rows(
    conn: &mut sqlx::PgConnection,
    spec: &Spec,
    columns: &[Column],
    station_id: i64,
) -> Result<Vec<Row>> {
    target_rows_where(conn, spec, columns, station_id, "TRUE").await
}

/// [`target_rows`], of those rows that also meet `and` (built from numbers only).
async fn target_rows_where(
    conn: &mut sqlx::PgConnection,
    spec: &Spec,
    columns: &[Column],
    station_id: i64,
    and: &str,
) -> Result<Vec<Row>> {
    let list = server_text(columns);
    let sql = format!("SELECT {list} FROM \"{}\" WHERE ({}) AND ({and})", spec.table, spec.mine);
    let rows = sqlx::query(AssertSqlSafe(sql)).bind(station_id).fetch_all(conn).await?;
    rows.iter()
        .map(|r| {
            (0..columns.len()).map(|i| sqlx::Row::try_get::<Option<String>, _>(r, i).map_err(CoreError::from)).collect()
        })
        .collect()
}

/// Shifts ids: `offsets[table]` is added to every id of that table.
struct Remap {
    station_id: i64,
    offsets: HashMap<&'static str, i64>,
}

impl Remap {
    fn id(&self, table: &str, v: &str) -> Result<String> {
        let n: i64 = v.parse().map_err(|_| CoreError::Conflict(format!("表 {table} 中的编号“{v}”不是数字")))?;
        if n == 0 {
            return Ok("0".to_owned());
        }
        Ok((n + self.offsets.get(table).copied().unwrap_or(0)).to_string())
    }

    /// Applies the table's maps to one row, in place.
    fn row(&self, spec: &Spec, columns: &[Column], row: &mut Row) -> Result<()> {
        let at = |name: &str| columns.iter().position(|c| c.name == name);
        let kind = at("entity").or_else(|| at("kind")).and_then(|i| row[i].clone());
        for (name, map) in spec.maps {
            let Some(i) = at(name) else { continue };
            let Some(v) = row[i].clone() else { continue };
            row[i] = Some(match map {
                Map::SearchKey => v,
                Map::Id => self.id(spec.table, &v)?,
                Map::Ref(t) => self.id(t, &v)?,
                Map::Station => self.station_id.to_string(),
                Map::JsonRefs(t) => {
                    let ids: Vec<i64> = serde_json::from_str(&v).unwrap_or_default();
                    let shifted: Vec<i64> = ids.iter().map(|n| n + self.offsets.get(t).copied().unwrap_or(0)).collect();
                    serde_json::to_string(&shifted).unwrap_or(v)
                }
                Map::ByKind => match kind.as_deref().and_then(kind_table) {
                    Some(t) => self.id(t, &v)?,
                    None if kind.as_deref() == Some("station") => self.station_id.to_string(),
                    None => v,
                },
            });
        }
        // A case's search key follows its new id.
        if spec.table == "cases"
            && let (Some(k), Some(id), Some(received)) = (at("search_key"), at("id"), at("received_at"))
            && let (Some(id), Some(received)) = (row[id].as_deref(), row[received].as_deref())
        {
            let id: i64 = id.parse().unwrap_or(0);
            let received = DateTime::parse_from_rfc3339(received).map(|t| t.with_timezone(&Utc)).unwrap_or_default();
            row[k] = Some(search_key(received, id).to_string());
        }
        Ok(())
    }
}

/// Inserts rows into a server table, each value cast from text to the column's type.
/// `tail` follows each statement (`ON CONFLICT …`, or nothing).
async fn insert_rows(tx: &mut Tx, table: &str, columns: &[Column], rows: &[Row], tail: &str) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let names = columns.iter().map(|c| format!("\"{}\"", c.name)).collect::<Vec<_>>().join(", ");
    let per_statement = (30_000 / columns.len().max(1)).max(1);
    for chunk in rows.chunks(per_statement) {
        let mut n = 0;
        let values = chunk
            .iter()
            .map(|_| {
                let one = columns
                    .iter()
                    .map(|c| {
                        n += 1;
                        format!("CAST(${n} AS {})", c.pg_type)
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("({one})")
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("INSERT INTO \"{table}\" ({names}) VALUES {values} {tail}");
        let mut query = q(AssertSqlSafe(sql));
        for r in chunk {
            for v in r {
                query = query.bind(v.clone());
            }
        }
        query.execute(&mut *tx).await?;
    }
    Ok(())
}

/// Moves the station of the SQLite store `from` onto the server `to` (opened by the
/// district's administrator, the schema's owner) with the given login. `progress` hears
/// of each table as it is copied, then as it is checked.
pub(crate) async fn move_station(
    from: &Store,
    to: &Store,
    login: &crate::station::StationLogin,
    progress: &mut (dyn FnMut(MoveStep) + Send),
) -> Result<MoveReport> {
    let source_station = from.stations().await?;
    let [station] = source_station.as_slice() else {
        return Err(CoreError::invalid("from", "要搬迁的数据库文件里应正好有一个服务站"));
    };
    let pool = to.pg_pool()?;
    require_owner(pool, "搬迁").await?;
    let existing: Option<(i64, Option<String>)> =
        q("SELECT id, login FROM stations WHERE code = $1").bind(&station.code).fetch_optional(pool).await?;

    let mut copied = false;
    let mut attachments = 0;
    let tables_n = u32::try_from(SPECS.len()).unwrap_or(u32::MAX);
    let total = if existing.is_some() { tables_n } else { tables_n * 2 + 1 };
    let mut done = 0;
    let mut step = |phase: MovePhase, table: &str, rows: u64| {
        done += 1;
        progress(MoveStep { phase, table: table.to_owned(), label: label(table).to_owned(), rows, done, total });
    };
    let remap = match existing {
        Some((id, _)) => found_offsets(from, to, id).await?,
        None => {
            copied = true;
            let mut tx = Tx::Postgres(pool.begin().await?);
            lock_tables(&mut tx).await?;
            let (created_at,): (Option<String>,) =
                sqlx::query_as("SELECT created_at FROM stations LIMIT 1").fetch_one(from.sqlite_pool()?).await?;
            let new_id = q("INSERT INTO stations (code, name, phone, created_at, login, poster_link, idle_lock_minutes) VALUES ($1, $2, $3, CAST($4 AS timestamptz), $5, $6, $7)")
                .bind(&station.code)
                .bind(&station.name)
                .bind(station.phone.clone())
                .bind(created_at)
                .bind(&login.login)
                .bind(station.poster_link.clone())
                .bind(i64::from(station.idle_lock_minutes))
                .insert_id(&mut tx)
                .await?;
            let blobs = from.files_dir()?;
            let (remap, n) = copy_station(from, to, &mut tx, new_id, &blobs, &mut step).await?;
            attachments = n;
            q("SELECT sd_add_login($1, $2)").bind(&login.login).bind(&login.password).execute(&mut tx).await?;
            tx.commit().await?;
            // The server's statistics know nothing of the rows just copied until
            // autovacuum's next round, and the planner took a 100 000-case table for a
            // small one (searches scanned it: 150 ms instead of 10). Best effort: the move
            // is done either way.
            let _ = q("ANALYZE").execute(to).await;
            remap
        }
    };
    let mut conn = pool.acquire().await?;
    let tables = check_station(from, to, &mut conn, &remap, &mut step).await?;
    let verified = tables.iter().all(|t| t.matches);
    Ok(MoveReport { station_code: station.code.clone(), copied, tables, attachments, verified })
}

/// Refuses a login that does not own the schema: moving and restoring a station write
/// every table and hand out ids, which only the district's administrator may.
async fn require_owner(pool: &sqlx::PgPool, what: &str) -> Result<()> {
    let (owner,): (bool,) =
        q("SELECT pg_has_role(current_user, (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'cases'), 'MEMBER')")
            .fetch_one(pool)
            .await?;
    if owner {
        Ok(())
    } else {
        Err(CoreError::invalid(
            "to",
            format!("{what}需用街道服务器的管理账号（数据库所有者）连接，服务站的登录没有这个权限"),
        ))
    }
}

impl Store {
    /// Refuses, in words, a login that is not the district server's administrator.
    pub(crate) async fn require_server_owner(&self, what: &str) -> Result<()> {
        require_owner(self.pg_pool()?, what).await
    }
}

/// Other stations' saves wait while ids are handed out and a station's rows go in or out.
async fn lock_tables(tx: &mut Tx) -> Result<()> {
    let tables: Vec<&str> =
        SPECS.iter().map(|s| s.table).chain(["stations", "case_search", "attachment_blobs"]).collect();
    let lock = format!("LOCK TABLE {} IN EXCLUSIVE MODE", tables.join(", "));
    q(AssertSqlSafe(lock)).execute(tx).await?;
    Ok(())
}

/// Copies every table of the SQLite store `from` into the server's transaction under new
/// ids, as rows of the station `station_id`; the attachments' bytes come from the folder
/// `blobs` (`ab/ab…`). Returns how ids were shifted, and the attachments copied.
async fn copy_station(
    from: &Store,
    to: &Store,
    tx: &mut Tx,
    station_id: i64,
    blobs: &std::path::Path,
    step: &mut (dyn FnMut(MovePhase, &str, u64) + Send),
) -> Result<(Remap, u64)> {
    let mut remap = Remap { station_id, offsets: HashMap::new() };
    for spec in SPECS {
        if spec.maps.iter().any(|(c, m)| *c == "id" && *m == Map::Id) {
            let (max_here,): (i64,) = q(AssertSqlSafe(format!(
                "SELECT greatest(coalesce(max(id), 0), (SELECT last_value FROM {}_id_seq)) FROM {}",
                spec.table, spec.table
            )))
            .fetch_one(&mut *tx)
            .await?;
            let (max_there,): (Option<i64>,) =
                sqlx::query_as(AssertSqlSafe(format!("SELECT max(id) FROM {}", spec.table)))
                    .fetch_one(from.sqlite_pool()?)
                    .await?;
            remap.offsets.insert(spec.table, max_here);
            q(AssertSqlSafe(format!("SELECT setval('{}_id_seq', $1)", spec.table)))
                .bind(max_here + max_there.unwrap_or(0) + 1)
                .execute(&mut *tx)
                .await?;
        }
    }
    for spec in SPECS {
        let columns = to.pg_columns(spec.table).await?;
        let mut rows = source_rows(from, spec.table, &columns).await?;
        if spec.table == "audit_log" {
            chain::check_source(&columns, &rows)?;
        }
        for r in &mut rows {
            remap.row(spec, &columns, r)?;
        }
        if spec.table == "audit_log" {
            chain::relink(&columns, &mut rows)?;
        }
        step(MovePhase::Copying, spec.table, rows.len() as u64);
        insert_rows(tx, spec.table, &columns, &rows, "").await?;
        if spec.table == "cases" {
            index_cases(tx, &columns, &rows, station_id).await?;
        }
    }
    let attachments = move_blobs(from, blobs, tx, station_id).await?;
    step(MovePhase::Copying, "attachment_blobs", attachments);
    Ok((remap, attachments))
}

/// How the ids of a station moved earlier were shifted, found from each table's first id
/// on both sides.
async fn found_offsets(from: &Store, to: &Store, station_id: i64) -> Result<Remap> {
    let mut remap = Remap { station_id, offsets: HashMap::new() };
    for spec in SPECS {
        if spec.maps.iter().any(|(c, m)| *c == "id" && *m == Map::Id) {
            let (min_there,): (Option<i64>,) =
                sqlx::query_as(AssertSqlSafe(format!("SELECT min(id) FROM {}", spec.table)))
                    .fetch_one(from.sqlite_pool()?)
                    .await?;
            let (min_here,): (Option<i64>,) =
                q(AssertSqlSafe(format!("SELECT min(id) FROM {} WHERE {}", spec.table, spec.mine)))
                    .bind(station_id)
                    .fetch_one(to)
                    .await?;
            if let (Some(a), Some(b)) = (min_there, min_here) {
                remap.offsets.insert(spec.table, b - a);
            }
        }
    }
    Ok(remap)
}

/// Table by table: the SQLite store's rows, mapped as `remap` says, against the server's
/// rows of the station as `conn` sees them (inside a transaction: its own rows too).
async fn check_station(
    from: &Store,
    to: &Store,
    conn: &mut sqlx::PgConnection,
    remap: &Remap,
    step: &mut (dyn FnMut(MovePhase, &str, u64) + Send),
) -> Result<Vec<TableCheck>> {
    let mut tables = Vec::new();
    for spec in SPECS {
        let columns = to.pg_columns(spec.table).await?;
        let mut source = source_rows(from, spec.table, &columns).await?;
        for r in &mut source {
            remap.row(spec, &columns, r)?;
        }
        if spec.table == "audit_log" {
            chain::relink(&columns, &mut source)?;
        }
        let target = target_rows(conn, spec, &columns, remap.station_id).await?;
        let (a, b) = (checksum(&columns, &source), checksum(&columns, &target));
        step(MovePhase::Checking, spec.table, target.len() as u64);
        tables.push(TableCheck {
            table: spec.table.to_owned(),
            label: label(spec.table).to_owned(),
            source_rows: source.len() as u64,
            target_rows: target.len() as u64,
            matches: a == b && source.len() == target.len(),
            checksum: b,
        });
    }
    Ok(tables)
}

/// The search index for the copied cases, cut from the same fields as on intake, on the
/// server or (a station's backup made from the server) in a SQLite file.
async fn index_cases(tx: &mut Tx, columns: &[Column], rows: &[Row], station_id: i64) -> Result<()> {
    let at = |name: &str| columns.iter().position(|c| c.name == name);
    let get = |r: &Row, name: &str| at(name).and_then(|i| r[i].clone());
    let pg = matches!(tx, Tx::Postgres(_));
    let mut values: Vec<(i64, [String; 3])> = Vec::with_capacity(rows.len());
    for r in rows {
        let address = Address {
            compound: get(r, "compound"),
            building: get(r, "building"),
            entrance: get(r, "entrance"),
            room: get(r, "room"),
            place: get(r, "place"),
        };
        let number = get(r, "number").unwrap_or_default();
        let text = index_text(
            &number,
            &get(r, "title").unwrap_or_default(),
            get(r, "description").as_deref(),
            &address,
            get(r, "resident_name").as_deref(),
            get(r, "phone").as_deref(),
        );
        let status = get(r, "status").and_then(|s| CaseStatus::parse(&s)).unwrap_or(CaseStatus::Accepted);
        let channel = get(r, "channel").and_then(|s| Channel::parse(&s)).unwrap_or(Channel::Visit);
        let category = get(r, "category_id").and_then(|c| c.parse().ok());
        let key: i64 = get(r, "search_key").and_then(|k| k.parse().ok()).unwrap_or_default();
        let tags = case_tags(station_id, status, category, channel);
        values.push((
            key,
            if pg {
                [crate::search::pg_document(&text, &tags), String::new(), String::new()]
            } else {
                [text.uni, text.bi, tags]
            },
        ));
    }
    for chunk in values.chunks(if pg { 500 } else { 100 }) {
        let sql = if pg {
            let list = vec!["(?, ?, CAST(? AS tsvector))"; chunk.len()].join(", ");
            format!("INSERT INTO case_search (search_key, station_id, doc) VALUES {list}")
        } else {
            // The full-text index takes a row per statement (as on intake).
            vec!["INSERT INTO case_search (rowid, uni, bi, tags) VALUES (?, ?, ?, ?)"; chunk.len()].join(";\n")
        };
        let mut query = q(AssertSqlSafe(sql));
        for (key, [a, b, c]) in chunk {
            query = if pg {
                query.bind(*key).bind(station_id).bind(a.clone())
            } else {
                query.bind(*key).bind(a.clone()).bind(b.clone()).bind(c.clone())
            };
        }
        query.execute(&mut *tx).await?;
    }
    Ok(())
}

/// Attachment bytes from the folder beside the SQLite file into the server's database.
async fn move_blobs(from: &Store, dir: &std::path::Path, tx: &mut Tx, station_id: i64) -> Result<u64> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT DISTINCT sha256 FROM attachments").fetch_all(from.sqlite_pool()?).await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let mut n = 0;
    for (sha,) in rows {
        let path = dir.join(&sha[..2.min(sha.len())]).join(&sha);
        let bytes = std::fs::read(&path).map_err(|_| {
            CoreError::NotFound(format!("附件文件不见了（应在 {}）：请先从备份恢复，再搬迁", path.display()))
        })?;
        if Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect::<String>() != sha {
            return Err(CoreError::Conflict(format!("附件文件已损坏（{}）：请先从备份恢复，再搬迁", path.display())));
        }
        q("INSERT INTO attachment_blobs (station_id, sha256, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(station_id)
            .bind(sha)
            .bind(bytes)
            .execute(&mut *tx)
            .await?;
        n += 1;
    }
    Ok(n)
}

//! One station's rows on the district server written into a SQLite file of their own: the
//! station's backup, made from the server. The ids stay the server's, so the file opens as
//! the station's own database (`stationdesk-cli --db station.db case list`), restores onto
//! a PC like any backup, and back onto the server ([`super::replace::replace_station`]).
//! Everything is read in one snapshot of the server (`REPEATABLE READ`), so a backup taken
//! while the station keeps working holds the records of one instant.

use chrono::SecondsFormat;

use super::*;

/// Rows read and written at a time.
const BATCH: usize = 2000;

/// The station's own row.
const STATION: Spec = Spec { table: "stations", mine: "id = $1", maps: &[] };

/// What an export wrote, each table checked in the file against the server's snapshot.
pub(crate) struct Exported {
    pub(crate) tables: Vec<TableCheck>,
    /// Attachments whose bytes were written.
    pub(crate) attachments: u64,
    /// Attachments the server has no bytes for.
    pub(crate) missing: u64,
}

/// Copies the station `station_id` of the server `from` into `to`, a SQLite file just
/// created (whatever it holds is replaced). `blob` receives each attachment's hash and
/// bytes, one at a time; `progress` hears of each table copied.
pub(crate) async fn export_station(
    from: &Store,
    station_id: i64,
    to: &Store,
    blob: &mut (dyn FnMut(&str, &[u8]) -> Result<()> + Send),
    progress: &mut (dyn FnMut(&str, u64) + Send),
) -> Result<Exported> {
    let server = from.pg_pool()?;
    let mut snapshot = server.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?;
    let file = to.sqlite_pool()?;
    let mut tx = Tx::Sqlite(file.begin_with("BEGIN IMMEDIATE").await?);
    for spec in SPECS.iter().rev() {
        q(AssertSqlSafe(format!("DELETE FROM \"{}\"", spec.table))).execute(&mut tx).await?;
    }
    q("DELETE FROM case_search; DELETE FROM stations").execute(&mut tx).await?;

    // Rows are read and written a batch at a time (a 100 000-case station's tables whole
    // took 1.7 GB); a row may refer to one of its table written in a later batch.
    q("PRAGMA defer_foreign_keys = ON").execute(&mut tx).await?;
    let mut expected = Vec::with_capacity(SPECS.len() + 1);
    for spec in std::iter::once(&STATION).chain(SPECS) {
        let columns = from.pg_columns(spec.table).await?;
        // A cursor per table: a FETCH's text is prepared once and remembers its columns.
        let cursor = format!("rows_of_{}", spec.table);
        let declare = format!(
            "DECLARE {cursor} NO SCROLL CURSOR FOR SELECT {} FROM \"{}\" WHERE {}",
            server_text(&columns),
            spec.table,
            spec.mine
        );
        sqlx::query(AssertSqlSafe(declare)).bind(station_id).execute(&mut *snapshot).await?;
        let mut sum = RowSum::default();
        loop {
            let fetched =
                sqlx::query(AssertSqlSafe(format!("FETCH {BATCH} FROM {cursor}"))).fetch_all(&mut *snapshot).await?;
            let mut rows = fetched.iter().map(|r| text_row(r, columns.len())).collect::<Result<Vec<Row>>>()?;
            drop(fetched);
            for row in &mut rows {
                as_sqlite_writes(&columns, row);
                sum.add(&columns, row);
            }
            insert_sqlite(&mut tx, spec.table, &columns, &rows).await?;
            if spec.table == "cases" {
                index_cases(&mut tx, &columns, &rows, station_id).await?;
            }
            if rows.len() < BATCH {
                break;
            }
        }
        sqlx::query(AssertSqlSafe(format!("CLOSE {cursor}"))).execute(&mut *snapshot).await?;
        if spec.table == "stations" && sum.rows != 1 {
            return Err(CoreError::NotFound(format!("服务器上找不到编号为 {station_id} 的服务站")));
        }
        progress(spec.table, sum.rows);
        expected.push((spec, sum, columns));
    }

    let hashes: Vec<(String,)> = q("SELECT DISTINCT sha256 FROM attachments WHERE station_id = $1 ORDER BY sha256")
        .bind(station_id)
        .fetch_all(&mut *snapshot)
        .await?;
    let (mut attachments, mut missing) = (0, 0);
    for (sha,) in hashes {
        let bytes: Option<(Vec<u8>,)> = q("SELECT bytes FROM attachment_blobs WHERE station_id = $1 AND sha256 = $2")
            .bind(station_id)
            .bind(sha.clone())
            .fetch_optional(&mut *snapshot)
            .await?;
        match bytes {
            Some((bytes,)) => {
                blob(&sha, &bytes)?;
                attachments += 1;
            }
            None => missing += 1,
        }
    }
    progress("attachment_blobs", attachments);
    tx.commit().await?;
    snapshot.rollback().await?;

    // Read back from the file: what was written is what the server held.
    let mut tables = Vec::with_capacity(expected.len());
    for (spec, there, columns) in &expected {
        let here = file_sum(to, spec.table, columns).await?;
        tables.push(TableCheck {
            table: spec.table.to_owned(),
            label: label(spec.table).to_owned(),
            source_rows: there.rows,
            target_rows: here.rows,
            matches: here.hex() == there.hex() && here.rows == there.rows,
            checksum: here.hex(),
        });
    }
    Ok(Exported { tables, attachments, missing })
}

/// A row read from the server, as SQLite's file keeps it: instants written the way the
/// program writes them there (RFC 3339 in UTC, as few fraction digits as needed), so that
/// they compare and sort alike with the rows written later.
fn as_sqlite_writes(columns: &[Column], row: &mut Row) {
    for (c, v) in columns.iter().zip(row.iter_mut()) {
        if c.pg_type == "timestamp with time zone"
            && let Some(text) = v.as_deref()
            && let Ok(t) = DateTime::parse_from_rfc3339(text)
        {
            *v = Some(t.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::AutoSi, false));
        }
    }
}

/// Inserts rows into a SQLite table; each text value takes the column's own type there.
async fn insert_sqlite(tx: &mut Tx, table: &str, columns: &[Column], rows: &[Row]) -> Result<()> {
    let names = columns.iter().map(|c| format!("\"{}\"", c.name)).collect::<Vec<_>>().join(", ");
    let one = format!("({})", vec!["?"; columns.len()].join(", "));
    let per_statement = (30_000 / columns.len().max(1)).clamp(1, 500);
    for chunk in rows.chunks(per_statement) {
        let sql = format!("INSERT INTO \"{table}\" ({names}) VALUES {}", vec![one.as_str(); chunk.len()].join(", "));
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

/// The checksum of a table in the SQLite file, read a batch at a time (a fresh file that
/// nothing else writes: its rows come in the same order each time).
async fn file_sum(file: &Store, table: &str, columns: &[Column]) -> Result<RowSum> {
    let list = columns.iter().map(|c| format!("CAST(\"{}\" AS TEXT)", c.name)).collect::<Vec<_>>().join(", ");
    let pool = file.sqlite_pool()?;
    let mut sum = RowSum::default();
    let mut offset = 0;
    loop {
        let sql = format!("SELECT {list} FROM \"{table}\" LIMIT {BATCH} OFFSET {offset}");
        let fetched = sqlx::query(AssertSqlSafe(sql)).fetch_all(pool).await?;
        for r in &fetched {
            let mut row = text_row(r, columns.len())?;
            for (c, v) in columns.iter().zip(row.iter_mut()) {
                if c.pg_type == "timestamp with time zone" {
                    *v = v.as_deref().map(to_micros);
                }
            }
            sum.add(columns, &row);
        }
        if fetched.len() < BATCH {
            return Ok(sum);
        }
        offset += BATCH;
    }
}

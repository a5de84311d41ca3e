//! Deliberately naive versions of the hot queries, for `stationdesk-cli bench` to print
//! beside the real ones in the same run. Not used by the application.

use crate::store::q;
use chrono::{DateTime, Utc};

use super::Store;
use crate::deadlines::DueState;
use crate::error::Result;

impl Store {
    /// Counts cases whose searchable text contains `word`, by scanning every row.
    pub async fn reference_like_count(&self, station_id: i64, word: &str) -> Result<i64> {
        let pattern = format!("%{word}%");
        let (n,): (i64,) = q(
            "SELECT count(*) FROM cases WHERE station_id = $1 AND (number LIKE $2 OR title LIKE $2 OR description LIKE $2
                OR place LIKE $2 OR compound LIKE $2 OR resident_name LIKE $2 OR phone LIKE $2)",
        )
        .bind(station_id)
        .bind(pattern)
        .fetch_one(self)
        .await?;
        Ok(n)
    }

    /// The register's filtered page and total without using any index.
    pub async fn reference_unindexed_page(&self, station_id: i64, status: &str, category_id: i64) -> Result<i64> {
        let rows: Vec<(i64,)> =
            q("SELECT id FROM cases NOT INDEXED WHERE station_id = $1 AND status = $2 AND category_id = $3
             ORDER BY received_at DESC LIMIT 50 OFFSET 100")
            .pg("SELECT id FROM cases WHERE station_id + 0 = $1 AND status || '' = $2 AND category_id + 0 = $3
             ORDER BY received_at DESC LIMIT 50 OFFSET 100")
            .bind(station_id)
            .bind(status)
            .bind(category_id)
            .fetch_all(self)
            .await?;
        let (n,): (i64,) = q(
            "SELECT count(*) FROM cases NOT INDEXED WHERE station_id = $1 AND status = $2 AND category_id = $3",
        )
        .pg("SELECT count(*) FROM cases WHERE station_id + 0 = $1 AND status || '' = $2 AND category_id + 0 = $3")
        .bind(station_id)
        .bind(status)
        .bind(category_id)
        .fetch_one(self)
        .await?;
        Ok(n + rows.len() as i64)
    }

    /// One committed INSERT of a case-like row with no search entry and no audit row.
    pub async fn reference_bare_insert(&self, station_id: i64, i: usize) -> Result<()> {
        let mut tx = self.begin_tx().await?;
        q(
            "CREATE TABLE IF NOT EXISTS bench_bare (id INTEGER PRIMARY KEY, station_id INTEGER, title TEXT, received_at TEXT)",
        )
        .pg("CREATE TEMP TABLE IF NOT EXISTS bench_bare (id bigserial PRIMARY KEY, station_id bigint, title text, received_at timestamptz)")
        .execute(&mut tx)
        .await?;
        q("INSERT INTO bench_bare (station_id, title, received_at) VALUES ($1, $2, $3)")
            .bind(station_id)
            .bind(format!("南门广场路面坑洼积水 {i}"))
            .bind(chrono::Utc::now())
            .execute(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// After a benchmark's bulk load, brings a PostgreSQL database to the state a live
    /// server keeps it in (run as the database's owner): the demo writes every case in one
    /// transaction, so each day's figures row was rewritten hundreds of times with no
    /// chance to reuse the space (the day table grew to 2 KB a row, 20 times its size, and
    /// a year of rates read it in 30-70 ms instead of 3), and the planner has no
    /// statistics yet. A live server writes one case per transaction, prunes as it goes
    /// and analyses in autovacuum's next round. On SQLite the load's pages are folded from
    /// the WAL back into the file, as the program's next start finds them (it checkpoints
    /// on quitting): left in a 350 MiB WAL, every page read looked it up there first.
    pub async fn reference_settle(&self) -> Result<()> {
        match &self.db {
            super::Db::Sqlite(pool) => {
                q("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await?;
            }
            super::Db::Postgres(pool) => {
                // VACUUM refuses to run in a transaction, which a prepared statement or a
                // multi-statement text opens: sent alone, as plain text.
                sqlx::raw_sql("VACUUM (FULL, ANALYZE) case_day_stats, case_resolve_times, station_resolve_times, case_counts, case_serials")
                .execute(pool)
                .await?;
                // The rest as autovacuum leaves a live server: every page of the load marked
                // visible and the statistics fresh. Left to itself, autovacuum got to the
                // 100 000 new rows in the middle of the measurements and made them swing.
                sqlx::raw_sql("VACUUM (ANALYZE)").execute(pool).await?;
            }
        }
        Ok(())
    }

    /// The naive reference for the benchmark: every received case's row loaded and
    /// counted in Rust.
    pub async fn reference_rates_naive(
        &self,
        station_id: i64,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<(u32, u32)> {
        type Row = (String, Option<DateTime<Utc>>, Option<DateTime<Utc>>);
        let rows: Vec<Row> = q("SELECT status, responded_at, respond_due_at FROM cases NOT INDEXED
             WHERE station_id = $1 AND received_at >= $2 AND received_at < $3")
        .pg("SELECT status, responded_at, respond_due_at FROM cases
             WHERE station_id + 0 = $1 AND received_at >= $2 AND received_at < $3")
        .bind(station_id)
        .bind(start)
        .bind(end)
        .fetch_all(self)
        .await?;
        let received = rows.iter().filter(|r| r.0 != "duplicate").count();
        let in_time =
            rows.iter().filter(|r| r.0 != "duplicate" && matches!((r.1, r.2), (Some(a), Some(d)) if a <= d)).count();
        Ok((received as u32, in_time as u32))
    }

    /// The naive attention view: every open or 办结 case loaded, judged and sorted in Rust.
    pub async fn reference_attention_naive(&self, station_id: i64, now: DateTime<Utc>) -> Result<usize> {
        type Row = (i64, String, Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<DateTime<Utc>>);
        let rows: Vec<Row> = q("SELECT id, status, respond_due_at, responded_at, resolve_due_at FROM cases NOT INDEXED
             WHERE station_id = $1 AND status IN ('accepted', 'investigating', 'in_progress', 'resolved')")
        .pg("SELECT id, status, respond_due_at, responded_at, resolve_due_at FROM cases
             WHERE station_id + 0 = $1 AND status IN ('accepted', 'investigating', 'in_progress', 'resolved')")
        .bind(station_id)
        .fetch_all(self)
        .await?;
        let mut hits: Vec<(u8, Option<DateTime<Utc>>, i64)> = rows
            .into_iter()
            .filter_map(|(id, status, respond, responded, resolve)| {
                let status = crate::cases::CaseStatus::parse(&status)?;
                match crate::cases::due_state(status, respond, responded, resolve, None, now) {
                    DueState::Overdue | DueState::NearDue => Some((0, resolve, id)),
                    DueState::AwaitingFollowUp => Some((1, None, id)),
                    _ => None,
                }
            })
            .collect();
        hits.sort();
        Ok(hits.len())
    }
}

//! Deliberately naive versions of the hot queries, for `stationdesk-cli bench` to print
//! beside the real ones in the same run. Not used by the application.

use super::Store;
use crate::error::Result;

impl Store {
    /// Counts cases whose searchable text contains `word`, by scanning every row.
    pub async fn reference_like_count(&self, station_id: i64, word: &str) -> Result<i64> {
        let pattern = format!("%{word}%");
        let (n,): (i64,) = sqlx::query_as(
            "SELECT count(*) FROM cases WHERE station_id = $1 AND (number LIKE $2 OR title LIKE $2 OR description LIKE $2
                OR place LIKE $2 OR compound LIKE $2 OR resident_name LIKE $2 OR phone LIKE $2)",
        )
        .bind(station_id)
        .bind(pattern)
        .fetch_one(self.sqlite())
        .await?;
        Ok(n)
    }

    /// The register's filtered page and total without using any index.
    pub async fn reference_unindexed_page(&self, station_id: i64, status: &str, category_id: i64) -> Result<i64> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM cases NOT INDEXED WHERE station_id = $1 AND status = $2 AND category_id = $3
             ORDER BY received_at DESC LIMIT 50 OFFSET 100",
        )
        .bind(station_id)
        .bind(status)
        .bind(category_id)
        .fetch_all(self.sqlite())
        .await?;
        let (n,): (i64,) = sqlx::query_as(
            "SELECT count(*) FROM cases NOT INDEXED WHERE station_id = $1 AND status = $2 AND category_id = $3",
        )
        .bind(station_id)
        .bind(status)
        .bind(category_id)
        .fetch_one(self.sqlite())
        .await?;
        Ok(n + rows.len() as i64)
    }

    /// One committed INSERT of a case-like row with no search entry and no audit row.
    pub async fn reference_bare_insert(&self, station_id: i64, i: usize) -> Result<()> {
        let mut tx = self.sqlite().begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS bench_bare (id INTEGER PRIMARY KEY, station_id INTEGER, title TEXT, received_at TEXT)",
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO bench_bare (station_id, title, received_at) VALUES ($1, $2, $3)")
            .bind(station_id)
            .bind(format!("南门广场路面坑洼积水 {i}"))
            .bind(chrono::Utc::now())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

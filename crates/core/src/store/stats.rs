//! Persists what the model says a change adds to the figures
//! ([`stationdesk_model::stats::StatsDelta`]): upserts into `case_day_stats`,
//! `case_resolve_times` (and its per-station sums, `station_resolve_times`) and `case_counts`, in the transaction of the change itself. No
//! rule lives here: which day, which bucket and how much all come from the model.

use crate::store::{Q, q};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;
use stationdesk_model::stats::{CaseFacts, StatsDelta};

use super::WriteTx;
use super::cases::{parse_status, unknown_code};
use crate::cases::Channel;
use crate::error::{CoreError, Result};

/// The columns of `cases` that [`CaseFacts`] is read from, with the case's id.
#[derive(Debug, sqlx::FromRow)]
struct FactsRecord {
    id: i64,
    received_at: DateTime<Utc>,
    category_id: Option<i64>,
    assignee_id: Option<i64>,
    status: String,
    channel: String,
    respond_due_at: Option<DateTime<Utc>>,
    responded_at: Option<DateTime<Utc>>,
    resolve_due_at: Option<DateTime<Utc>>,
    resolved_at: Option<DateTime<Utc>>,
    resolve_tenths: Option<i64>,
    reopen_count: i64,
    followed_up_at: Option<DateTime<Utc>>,
    follow_up_resolved: Option<bool>,
    follow_up_satisfied: Option<bool>,
}

impl FactsRecord {
    fn into_facts(self) -> Result<(i64, CaseFacts)> {
        let facts = CaseFacts {
            received_at: self.received_at,
            category_id: self.category_id,
            assignee_id: self.assignee_id,
            status: parse_status(&self.status)?,
            channel: Channel::parse(&self.channel).ok_or_else(|| unknown_code("channel", &self.channel))?,
            respond_due_at: self.respond_due_at,
            responded_at: self.responded_at,
            resolve_due_at: self.resolve_due_at,
            resolved_at: self.resolved_at,
            resolve_tenths: self.resolve_tenths,
            reopen_count: self.reopen_count,
            followed_up_at: self.followed_up_at,
            follow_up_resolved: self.follow_up_resolved,
            follow_up_satisfied: self.follow_up_satisfied,
        };
        Ok((self.id, facts))
    }
}

const FACTS_COLUMNS: &str = "id, received_at, category_id, assignee_id, status, channel, respond_due_at, responded_at,
    resolve_due_at, resolved_at, resolve_tenths, reopen_count, followed_up_at, follow_up_resolved, follow_up_satisfied";

impl WriteTx<'_> {
    /// What the figures know of a case, as stored.
    pub(crate) async fn case_facts(&mut self, case_id: i64) -> Result<CaseFacts> {
        let sql = format!("SELECT {FACTS_COLUMNS} FROM cases WHERE id = $1");
        let row: Option<FactsRecord> = q(AssertSqlSafe(sql)).bind(case_id).fetch_optional(&mut self.tx).await?;
        let (_, facts) = row.ok_or_else(|| CoreError::NotFound("找不到这件诉求".to_owned()))?.into_facts()?;
        Ok(facts)
    }

    /// The facts of the station's cases matching a condition on `cases`, by id, in one
    /// read (demo loads ask this of every case).
    pub(crate) async fn facts_where(&mut self, condition: &str) -> Result<Vec<(i64, CaseFacts)>> {
        let sql = format!("SELECT {FACTS_COLUMNS} FROM cases WHERE station_id = $1 AND ({condition}) ORDER BY id");
        let rows: Vec<FactsRecord> =
            q(AssertSqlSafe(sql)).bind(self.actor().station_id).fetch_all(&mut self.tx).await?;
        rows.into_iter().map(FactsRecord::into_facts).collect()
    }

    /// Adds a delta to the statistics tables (nothing to do for an empty one).
    pub(crate) async fn persist_stats(&mut self, delta: &StatsDelta) -> Result<()> {
        if delta.is_empty() {
            return Ok(());
        }
        let sql = stats_sql(delta);
        let q = bind_stats(q(AssertSqlSafe(sql)), self.actor().station_id, delta);
        q.execute(&mut self.tx).await?;
        Ok(())
    }
}

/// Upsert statements for a delta, with anonymous `?` placeholders so they can follow
/// other statements of a batch; bind them with [`bind_stats`]. Empty for an empty delta.
pub(super) fn stats_sql(delta: &StatsDelta) -> String {
    let rows = |n: usize, width: usize| vec![format!("({})", vec!["?"; width].join(", ")); n].join(", ");
    let mut sql = String::new();
    if !delta.days.is_empty() {
        sql.push_str(&format!(
            "INSERT INTO case_day_stats (station_id, category_id, assignee_id, month, day, received, duplicates,
                responded_in_time, resolved_late, reopened, resolved, followed_up, resolved_by_resident, satisfied)
             VALUES {}
             ON CONFLICT (station_id, category_id, assignee_id, month, day) DO UPDATE SET
                received = case_day_stats.received + excluded.received,
                duplicates = case_day_stats.duplicates + excluded.duplicates,
                responded_in_time = case_day_stats.responded_in_time + excluded.responded_in_time,
                resolved_late = case_day_stats.resolved_late + excluded.resolved_late,
                reopened = case_day_stats.reopened + excluded.reopened,
                resolved = case_day_stats.resolved + excluded.resolved,
                followed_up = case_day_stats.followed_up + excluded.followed_up,
                resolved_by_resident = case_day_stats.resolved_by_resident + excluded.resolved_by_resident,
                satisfied = case_day_stats.satisfied + excluded.satisfied;\n",
            rows(delta.days.len(), 14)
        ));
    }
    if !delta.resolve_times.is_empty() {
        sql.push_str(&format!(
            "INSERT INTO case_resolve_times (station_id, category_id, assignee_id, tenths, month, n) VALUES {}
             ON CONFLICT (station_id, category_id, assignee_id, tenths, month) DO UPDATE SET
                n = case_resolve_times.n + excluded.n;\n",
            rows(delta.resolve_times.len(), 6)
        ));
        let by_station = delta.station_resolve_times();
        if !by_station.is_empty() {
            sql.push_str(&format!(
                "INSERT INTO station_resolve_times (station_id, month, tenths, n) VALUES {}
                 ON CONFLICT (station_id, month, tenths) DO UPDATE SET n = station_resolve_times.n + excluded.n;\n",
                rows(by_station.len(), 4)
            ));
        }
    }
    if !delta.counts.is_empty() {
        sql.push_str(&format!(
            "INSERT INTO case_counts (station_id, status, category_id, channel, n) VALUES {}
             ON CONFLICT (station_id, status, category_id, channel) DO UPDATE SET n = case_counts.n + excluded.n;\n",
            rows(delta.counts.len(), 5)
        ));
    }
    sql
}

/// Binds the placeholders of [`stats_sql`], in the same order.
pub(super) fn bind_stats(mut q: Q, station_id: i64, delta: &StatsDelta) -> Q {
    for (k, c) in &delta.days {
        q = q
            .bind(station_id)
            .bind(k.category_id)
            .bind(k.assignee_id)
            .bind(k.month())
            .bind(day_text(k.day))
            .bind(c.received)
            .bind(c.duplicates)
            .bind(c.responded_in_time)
            .bind(c.resolved_late)
            .bind(c.reopened)
            .bind(c.resolved)
            .bind(c.followed_up)
            .bind(c.resolved_by_resident)
            .bind(c.satisfied);
    }
    for (k, n) in &delta.resolve_times {
        q = q.bind(station_id).bind(k.category_id).bind(k.assignee_id).bind(k.tenths).bind(k.month.clone()).bind(*n);
    }
    for ((month, tenths), n) in delta.station_resolve_times() {
        q = q.bind(station_id).bind(month).bind(tenths).bind(n);
    }
    for (k, n) in &delta.counts {
        q = q.bind(station_id).bind(k.status.code()).bind(k.category_id).bind(k.channel.code()).bind(*n);
    }
    q
}

/// Days are stored as `YYYY-MM-DD` text, which sorts and compares as dates.
fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

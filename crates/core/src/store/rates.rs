//! SQL for the rates: three grouped scans over covering indexes, each returning a few
//! hundred partial sums keyed by (month, category, assignee).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::Store;
use crate::error::Result;
use crate::rates::Partial;

type Key = (String, i64, i64);

impl Store {
    pub(crate) async fn rate_partials(
        &self,
        station_id: i64,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<BTreeMap<Key, Partial>> {
        let mut out: BTreeMap<Key, Partial> = BTreeMap::new();

        // Received in the period: 响应率, 超期, 重新处理, 重复件 (by received month).
        type Received = (String, i64, i64, i64, i64, i64, i64, i64);
        let rows: Vec<Received> = sqlx::query_as(
            "SELECT substr(datetime(received_at, '+8 hours'), 1, 7), coalesce(category_id, 0), coalesce(assignee_id, 0),
                sum(status <> 'duplicate'),
                sum(status = 'duplicate'),
                sum(status <> 'duplicate' AND responded_at IS NOT NULL AND responded_at <= respond_due_at),
                sum(status NOT IN ('duplicate', 'referred') AND (resolved_at > resolve_due_at
                    OR (resolved_at IS NULL AND status IN ('accepted', 'investigating', 'in_progress')
                        AND resolve_due_at < $4))),
                sum(status <> 'duplicate' AND reopen_count > 0)
             FROM cases INDEXED BY cases_for_rates
             WHERE station_id = $1 AND received_at >= $2 AND received_at < $3
             GROUP BY 1, 2, 3",
        )
        .bind(station_id)
        .bind(start)
        .bind(end)
        .bind(now)
        .fetch_all(self.sqlite())
        .await?;
        for (month, cat, who, received, dup, in_time, overdue, reopened) in rows {
            let p = out.entry((month, cat, who)).or_default();
            p.received += count(received);
            p.duplicates += count(dup);
            p.responded_in_time += count(in_time);
            p.overdue += count(overdue);
            p.reopened += count(reopened);
        }

        // 办结 in the period, with durations in tenths of a day (by 办结 month).
        let rows: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT substr(datetime(resolved_at, '+8 hours'), 1, 7), coalesce(category_id, 0), coalesce(assignee_id, 0),
                CAST((julianday(resolved_at) - julianday(received_at)) * 10 AS INTEGER), count(*)
             FROM cases INDEXED BY cases_by_resolved
             WHERE station_id = $1 AND resolved_at >= $2 AND resolved_at < $3 AND resolved_at IS NOT NULL
             GROUP BY 1, 2, 3, 4",
        )
        .bind(station_id)
        .bind(start)
        .bind(end)
        .fetch_all(self.sqlite())
        .await?;
        for (month, cat, who, tenths, n) in rows {
            let p = out.entry((month, cat, who)).or_default();
            p.resolved += count(n);
            *p.durations.entry(tenths).or_default() += count(n);
        }

        // Follow-ups in the period that reached the resident, each case by its latest
        // such call (by follow-up month): 解决率, 满意率.
        let rows: Vec<(String, i64, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT substr(datetime(f.at, '+8 hours'), 1, 7), coalesce(c.category_id, 0), coalesce(c.assignee_id, 0),
                count(*), sum(f.resolved), sum(f.satisfaction IN ('satisfied', 'basically_satisfied'))
             FROM (
                SELECT case_id, at, resolved, satisfaction,
                       row_number() OVER (PARTITION BY case_id ORDER BY at DESC, id DESC) AS latest
                FROM case_followups
                WHERE station_id = $1 AND at >= $2 AND at < $3 AND reached
             ) f JOIN cases c ON c.id = f.case_id
             WHERE f.latest = 1
             GROUP BY 1, 2, 3",
        )
        .bind(station_id)
        .bind(start)
        .bind(end)
        .fetch_all(self.sqlite())
        .await?;
        for (month, cat, who, followed, resolved, satisfied) in rows {
            let p = out.entry((month, cat, who)).or_default();
            p.followed_up += count(followed);
            p.resolved_by_resident += count(resolved);
            p.satisfied += count(satisfied);
        }
        Ok(out)
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
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT status, responded_at, respond_due_at FROM cases NOT INDEXED
             WHERE station_id = $1 AND received_at >= $2 AND received_at < $3",
        )
        .bind(station_id)
        .bind(start)
        .bind(end)
        .fetch_all(self.sqlite())
        .await?;
        let received = rows.iter().filter(|r| r.0 != "duplicate").count();
        let in_time =
            rows.iter().filter(|r| r.0 != "duplicate" && matches!((r.1, r.2), (Some(a), Some(d)) if a <= d)).count();
        Ok((received as u32, in_time as u32))
    }
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

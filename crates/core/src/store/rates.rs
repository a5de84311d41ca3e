//! SQL for the rates: the day table (kept by the core, see `stationdesk_model::stats`) summed by month, category and assignee,
//! the open overdue cases counted live, and a duration histogram for the medians.

use crate::store::q;
use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::Store;
use crate::error::Result;
use crate::rates::Partial;
use stationdesk_model::deadlines::late_when_held;

type Key = (String, i64, i64);

/// (category, assignee, tenths of a day, how many cases).
type Bucket = (Option<i64>, Option<i64>, Option<i64>, i64);

/// A month, category and assignee with the day table's nine sums.
type Day = (String, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);

/// A case on hold: month, category, assignee, resolve deadline, held since.
type Held = (String, i64, i64, Option<DateTime<Utc>>, Option<DateTime<Utc>>);

impl Store {
    pub(crate) async fn rate_partials(
        &self,
        station_id: i64,
        (from, to): (NaiveDate, NaiveDate),
        (start, end): (DateTime<Utc>, DateTime<Utc>),
        now: DateTime<Utc>,
    ) -> Result<BTreeMap<Key, Partial>> {
        // The four reads are independent, so they run at once on the pool's connections
        // (each a read of committed rows; a report is not a transaction): on 100 000 cases
        // the day sums, the live overdue count and the histogram each take a few
        // milliseconds, and one after another they were most of a year's report.
        let scope = Scope::Station(station_id);
        let (days, overdue, held, histogram) = tokio::try_join!(
            self.day_sums(scope, from, to),
            self.open_overdue(scope, start, end, now),
            self.held_cases(scope, start, end),
            self.resolve_histogram(scope, (from, to), (start, end)),
        )?;
        Ok(fold_rows(days, overdue, held, histogram))
    }

    /// The same partial sums for every station this login may read, each table read once
    /// for all of them (the street office's dashboard): the key's category slot holds the
    /// station and its assignee slot 0, so a station's months and median come apart by it.
    pub(crate) async fn district_rate_partials(
        &self,
        (from, to): (NaiveDate, NaiveDate),
        (start, end): (DateTime<Utc>, DateTime<Utc>),
        now: DateTime<Utc>,
    ) -> Result<BTreeMap<Key, Partial>> {
        let scope = Scope::District;
        let (days, overdue, held, histogram) = tokio::try_join!(
            self.day_sums(scope, from, to),
            self.open_overdue(scope, start, end, now),
            self.held_cases(scope, start, end),
            self.resolve_histogram(scope, (from, to), (start, end)),
        )?;
        Ok(fold_rows(days, overdue, held, histogram))
    }

    /// Everything kept per day, summed by month, category and assignee (a station) or by
    /// month and station (the district).
    async fn day_sums(&self, scope: Scope, from: NaiveDate, to: NaiveDate) -> Result<Vec<Day>> {
        const SUMS: &str = "CAST(sum(received) AS BIGINT), CAST(sum(duplicates) AS BIGINT),
                CAST(sum(responded_in_time) AS BIGINT), CAST(sum(resolved_late) AS BIGINT), CAST(sum(reopened) AS BIGINT), CAST(sum(resolved) AS BIGINT), CAST(sum(followed_up) AS BIGINT),
                CAST(sum(resolved_by_resident) AS BIGINT), CAST(sum(satisfied) AS BIGINT)";
        let query = match scope {
            Scope::Station(id) => q(sqlx::AssertSqlSafe(format!(
                "SELECT month, category_id, assignee_id, {SUMS}
                 FROM case_day_stats WHERE station_id = $1 AND day >= $2 AND day <= $3
                 GROUP BY category_id, assignee_id, month"
            )))
            .bind(id),
            // Every station's rows of the period: the whole table is read once (the key
            // leads with the station, so there is no range on the day to use).
            Scope::District => q(sqlx::AssertSqlSafe(format!(
                "SELECT month, station_id, CAST(0 AS BIGINT), {SUMS}
                 FROM case_day_stats WHERE day >= $1 AND day <= $2
                 GROUP BY station_id, month"
            ))),
        };
        Ok(query.bind(from.to_string()).bind(to.to_string()).fetch_packed(self, 12).await?)
    }

    /// Still open past the deadline: depends on the clock, so counted live from the
    /// partial index of open cases.
    async fn open_overdue(
        &self,
        scope: Scope,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<(String, i64, i64, i64)>> {
        let query = match scope {
            Scope::Station(id) => q("SELECT substr(date(received_at, '+8 hours'), 1, 7), coalesce(category_id, 0), coalesce(assignee_id, 0),
                    count(*)
                 FROM cases INDEXED BY cases_open_by_due
                 WHERE station_id = $1 AND status IN ('accepted', 'investigating', 'in_progress')
                   AND resolve_due_at < $4 AND received_at >= $2 AND received_at < $3
                 GROUP BY 1, 2, 3")
            .pg("SELECT to_char((received_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM'), coalesce(category_id, 0),
                    coalesce(assignee_id, 0), count(*)
                 FROM cases
                 WHERE station_id = $1 AND status IN ('accepted', 'investigating', 'in_progress')
                   AND resolve_due_at < $4 AND received_at >= $2 AND received_at < $3
                 GROUP BY 1, 2, 3")
            .bind(id),
            // Station by station through the same index (the join leads with the stations).
            Scope::District => q("SELECT substr(date(c.received_at, '+8 hours'), 1, 7), c.station_id, CAST(0 AS BIGINT), count(*)
                 FROM stations s JOIN cases c INDEXED BY cases_open_by_due ON c.station_id = s.id
                 WHERE c.status IN ('accepted', 'investigating', 'in_progress')
                   AND c.resolve_due_at < $3 AND c.received_at >= $1 AND c.received_at < $2
                 GROUP BY 1, 2")
            .pg("SELECT to_char((c.received_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM'), c.station_id,
                    CAST(0 AS BIGINT), count(*)
                 FROM stations s JOIN cases c ON c.station_id = s.id
                 WHERE c.status IN ('accepted', 'investigating', 'in_progress')
                   AND c.resolve_due_at < $3 AND c.received_at >= $1 AND c.received_at < $2
                 GROUP BY 1, 2"),
        };
        Ok(query.bind(start).bind(end).bind(now).fetch_all(self).await?)
    }

    /// On hold: still 超期 when the deadline had passed before the hold (the model's
    /// `late_when_held`), each judged by the rule, read from the covering index of holds.
    async fn held_cases(&self, scope: Scope, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Vec<Held>> {
        let query = match scope {
            Scope::Station(id) => q("SELECT substr(date(received_at, '+8 hours'), 1, 7), coalesce(category_id, 0), coalesce(assignee_id, 0),
                    resolve_due_at, held_since
                 FROM cases INDEXED BY cases_on_hold WHERE station_id = $1 AND status = 'on_hold' AND received_at >= $2 AND received_at < $3")
            .pg("SELECT to_char((received_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM'), coalesce(category_id, 0),
                    coalesce(assignee_id, 0), resolve_due_at, held_since
                 FROM cases WHERE station_id = $1 AND status = 'on_hold' AND received_at >= $2 AND received_at < $3")
            .bind(id),
            Scope::District => q("SELECT substr(date(c.received_at, '+8 hours'), 1, 7), c.station_id, CAST(0 AS BIGINT),
                    c.resolve_due_at, c.held_since
                 FROM stations s JOIN cases c INDEXED BY cases_on_hold ON c.station_id = s.id
                 WHERE c.status = 'on_hold' AND c.received_at >= $1 AND c.received_at < $2")
            .pg("SELECT to_char((c.received_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM'), c.station_id,
                    CAST(0 AS BIGINT), c.resolve_due_at, c.held_since
                 FROM stations s JOIN cases c ON c.station_id = s.id
                 WHERE c.status = 'on_hold' AND c.received_at >= $1 AND c.received_at < $2"),
        };
        Ok(query.bind(start).bind(end).fetch_packed(self, 5).await?)
    }

    /// Days to 办结 in tenths, per category and assignee (a station) or per station (the
    /// district), for the medians (month left empty: the monthly breakdown has no median).
    /// Whole months inside the period come from the kept histogram; the part-months at
    /// either end from the cases.
    async fn resolve_histogram(
        &self,
        scope: Scope,
        (from, to): (NaiveDate, NaiveDate),
        (start, end): (DateTime<Utc>, DateTime<Utc>),
    ) -> Result<Vec<Bucket>> {
        let first_full = if from.day() == 1 { Some(from) } else { next_month(from) };
        let after_full = next_month(to).filter(|m| *m == to + chrono::Duration::days(1)).or(Some(first_of_month(to)));
        let (Some(first), Some(after)) = (first_full, after_full) else {
            return self.resolve_times_between(scope, start, end).await;
        };
        if first >= after {
            return self.resolve_times_between(scope, start, end).await;
        }
        let last_month = (after - chrono::Duration::days(1)).format("%Y-%m").to_string();
        let months = match scope {
            Scope::Station(id) => {
                q("SELECT category_id, assignee_id, tenths, CAST(sum(n) AS BIGINT) FROM case_resolve_times
                 WHERE station_id = $1 AND month >= $2 AND month <= $3
                 GROUP BY category_id, assignee_id, tenths")
                .bind(id)
            }
            Scope::District => {
                q("SELECT station_id, CAST(0 AS BIGINT), tenths, CAST(sum(n) AS BIGINT) FROM station_resolve_times
                 WHERE month >= $1 AND month <= $2
                 GROUP BY station_id, tenths")
            }
        };
        let months = months.bind(first.format("%Y-%m").to_string()).bind(last_month).fetch_packed::<Bucket>(self, 4);
        let months = async { Ok::<_, crate::error::CoreError>(months.await?) };
        let (head, tail) = ((start, china_midnight(first)), (china_midnight(after), end));
        let part = |(lo, hi): (DateTime<Utc>, DateTime<Utc>)| async move {
            if lo < hi { self.resolve_times_between(scope, lo, hi).await } else { Ok(Vec::new()) }
        };
        let (mut rows, head, tail) = tokio::try_join!(months, part(head), part(tail))?;
        rows.extend(head);
        rows.extend(tail);
        Ok(rows)
    }

    /// The duration histogram of cases 办结 between two instants, from the cases.
    async fn resolve_times_between(&self, scope: Scope, lo: DateTime<Utc>, hi: DateTime<Utc>) -> Result<Vec<Bucket>> {
        let query = match scope {
            Scope::Station(id) => q("SELECT category_id, assignee_id, resolve_tenths, count(*)
                 FROM cases INDEXED BY cases_by_resolved_at
                 WHERE station_id = $1 AND resolved_at IS NOT NULL AND resolved_at >= $2 AND resolved_at < $3
                 GROUP BY 1, 2, 3")
            .pg("SELECT category_id, assignee_id, resolve_tenths, count(*)
                 FROM cases
                 WHERE station_id = $1 AND resolved_at IS NOT NULL AND resolved_at >= $2 AND resolved_at < $3
                 GROUP BY 1, 2, 3")
            .bind(id),
            Scope::District => q("SELECT c.station_id, CAST(0 AS BIGINT), c.resolve_tenths, count(*)
                 FROM stations s JOIN cases c INDEXED BY cases_by_resolved_at ON c.station_id = s.id
                 WHERE c.resolved_at IS NOT NULL AND c.resolved_at >= $1 AND c.resolved_at < $2
                 GROUP BY 1, 3")
            .pg("SELECT c.station_id, CAST(0 AS BIGINT), c.resolve_tenths, count(*)
                 FROM stations s JOIN cases c ON c.station_id = s.id
                 WHERE c.resolved_at IS NOT NULL AND c.resolved_at >= $1 AND c.resolved_at < $2
                 GROUP BY 1, 3"),
        };
        Ok(query.bind(lo).bind(hi).fetch_packed(self, 4).await?)
    }
}

/// Whose rows a rates query reads: one station's, by category and assignee, or every
/// station's the login may see, by station.
#[derive(Debug, Clone, Copy)]
enum Scope {
    Station(i64),
    District,
}

/// The four reads' rows folded into partial sums by (month, category, assignee) — or
/// (month, station, 0) for the district; the histogram's rows under an empty month.
fn fold_rows(
    days: Vec<Day>,
    overdue: Vec<(String, i64, i64, i64)>,
    held: Vec<Held>,
    histogram: Vec<Bucket>,
) -> BTreeMap<Key, Partial> {
    let mut out: BTreeMap<Key, Partial> = BTreeMap::new();
    for r in days {
        let p = out.entry((r.0, r.1, r.2)).or_default();
        p.received += count(r.3);
        p.duplicates += count(r.4);
        p.responded_in_time += count(r.5);
        p.overdue += count(r.6);
        p.reopened += count(r.7);
        p.resolved += count(r.8);
        p.followed_up += count(r.9);
        p.resolved_by_resident += count(r.10);
        p.satisfied += count(r.11);
    }
    for (month, cat, who, n) in overdue {
        out.entry((month, cat, who)).or_default().overdue += count(n);
    }
    for (month, cat, who, due, since) in held {
        if late_when_held(due, since) {
            out.entry((month, cat, who)).or_default().overdue += 1;
        }
    }
    for (cat, who, tenths, n) in histogram {
        let p = out.entry((String::new(), cat.unwrap_or(0), who.unwrap_or(0))).or_default();
        *p.durations.entry(tenths.unwrap_or(0)).or_default() += count(n);
    }
    out
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn next_month(d: NaiveDate) -> Option<NaiveDate> {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1)
}

/// China midnight at the start of a date, in UTC.
fn china_midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0)
        .and_then(|t| chrono::TimeZone::from_local_datetime(&crate::cases::CHINA_OFFSET, &t).single())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

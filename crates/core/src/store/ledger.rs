//! SQL for ledgers (台账): the rows a file already brought in, imported cases with their
//! history written in batches inside the import's one transaction, and the register read
//! whole for the Excel export.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, Utc};
use sqlx::AssertSqlSafe;
use stationdesk_model::deadlines::limits_for;

use super::audit::link_row;
use super::case_writes::{Flow, NewRow, ROWS_PER_STATEMENT};
use super::cases::{CASE_COLUMNS, CASE_JOINS, CaseRecord};
use super::sql::On;
use super::{Store, WriteTx};
use crate::cases::{CHINA_OFFSET, Case, CaseQuery, CaseStatus, ValidCase, format_case_number};
use crate::deadlines::{Limits, Urgency};
use crate::error::{CoreError, Result};
use crate::search::{self, Tag};
use crate::store::{Arg, FieldChange, q};
use crate::workflow::Satisfaction;

/// A ledger row ready to save: the case as the intake rules passed it and its history.
#[derive(Debug, Clone)]
pub(crate) struct ImportedCase {
    pub case: ValidCase,
    pub status: CaseStatus,
    /// The kept serial of the ledger's number; `None` takes the next free one.
    pub serial: Option<i64>,
    pub contacted_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
    pub referred_to: Option<String>,
    pub hold_reason: Option<String>,
    /// (at, resolved by the resident's word, satisfaction, comment)
    pub follow_up: Option<(DateTime<Utc>, bool, Satisfaction, Option<String>)>,
    pub source_row: u32,
    pub row_hash: String,
}

/// The most rows one export writes (the register of a large station is about 100 000).
pub const MAX_EXPORT_ROWS: usize = 300_000;

/// The rows of a file already imported: row number → the hash of its cells then.
async fn imported_rows_on<'e>(
    on: impl Into<On<'e>>,
    station_id: i64,
    source_name: &str,
) -> Result<HashMap<u32, String>> {
    let rows: Vec<(i64, String)> =
        q("SELECT source_row, row_hash FROM case_imports WHERE station_id = $1 AND source_name = $2")
            .bind(station_id)
            .bind(source_name)
            .fetch_all(on)
            .await?;
    Ok(rows.into_iter().filter_map(|(r, h)| Some((u32::try_from(r).ok()?, h))).collect())
}

async fn case_numbers_on<'e>(on: impl Into<On<'e>>, station_id: i64) -> Result<HashSet<String>> {
    let rows: Vec<(String,)> =
        q("SELECT number FROM cases WHERE station_id = $1").bind(station_id).fetch_all(on).await?;
    Ok(rows.into_iter().map(|(n,)| n).collect())
}

impl Store {
    pub(crate) async fn imported_rows(&self, station_id: i64, source_name: &str) -> Result<HashMap<u32, String>> {
        imported_rows_on(self, station_id, source_name).await
    }

    pub(crate) async fn station_code(&self, station_id: i64) -> Result<String> {
        let row: Option<(String,)> =
            q("SELECT code FROM stations WHERE id = $1").bind(station_id).fetch_optional(self).await?;
        row.map(|r| r.0).ok_or_else(crate::station::not_initialized)
    }

    /// Every case the register shows for these filters and search, newest first, with
    /// every field; more than [`MAX_EXPORT_ROWS`] is refused.
    pub(crate) async fn export_cases(&self, station_id: i64, query: &CaseQuery) -> Result<Vec<Case>> {
        let limit = MAX_EXPORT_ROWS + 1;
        let mut tags = vec![Tag::Station(station_id)];
        let mut conditions = vec!["c.station_id = $1".to_owned()];
        let mut params = vec![Arg::I64(Some(station_id))];
        if let Some(s) = query.status {
            params.push(Arg::Text(Some(s.code().to_owned())));
            conditions.push(format!("c.status = ${}", params.len()));
            tags.push(Tag::Status(s.code()));
        }
        if let Some(ch) = query.channel {
            params.push(Arg::Text(Some(ch.code().to_owned())));
            conditions.push(format!("c.channel = ${}", params.len()));
            tags.push(Tag::Channel(ch.code()));
        }
        if let Some(cat) = query.category_id {
            params.push(Arg::I64(Some(cat)));
            conditions.push(format!("c.category_id = ${}", params.len()));
            tags.push(Tag::Category(cat));
        }
        let pg = self.is_postgres();
        let text =
            query.text.as_deref().and_then(if pg { search::pg_match_expression } else { search::match_expression });
        let (sql, params) = match text {
            None => (
                format!(
                    "SELECT {CASE_COLUMNS} FROM cases c {CASE_JOINS} WHERE {}
                     ORDER BY c.received_at DESC, c.id DESC LIMIT {limit}",
                    conditions.join(" AND ")
                ),
                params,
            ),
            Some(text) => {
                let tags = self.search_tags(&tags);
                let expr =
                    if pg { search::pg_filtered_match(&text, tags) } else { search::filtered_match(&text, tags) };
                let sql = if pg {
                    format!(
                        "SELECT {CASE_COLUMNS} FROM sd_search_newest(CAST($1 AS tsquery), {limit}, 0) AS hits(k)
                         JOIN cases c ON c.search_key = hits.k {CASE_JOINS}
                         WHERE c.station_id = $2 ORDER BY hits.k DESC"
                    )
                } else {
                    format!(
                        "SELECT {CASE_COLUMNS} FROM (
                            SELECT rowid AS k FROM case_search WHERE case_search MATCH $1
                            ORDER BY rowid DESC LIMIT {limit}
                         ) hits CROSS JOIN cases c ON c.search_key = hits.k {CASE_JOINS}
                         WHERE c.station_id = $2 ORDER BY hits.k DESC"
                    )
                };
                (sql, vec![Arg::Text(Some(expr)), Arg::I64(Some(station_id))])
            }
        };
        // Packed: a hundred thousand rows of 39 columns took 3.5 s to come over one by one.
        let mut rows: Vec<CaseRecord> = q(AssertSqlSafe(sql)).bind_all(params).fetch_packed(self, 39).await?;
        if rows.len() > MAX_EXPORT_ROWS {
            return Err(CoreError::invalid(
                "filter",
                format!("一次最多导出 {MAX_EXPORT_ROWS} 条诉求：请按状态、类别或来源筛选后分批导出"),
            ));
        }
        // The register's order, newest first (a packed read does not keep the query's).
        rows.sort_unstable_by_key(|r| std::cmp::Reverse(r.order_key()));
        let now = self.now();
        rows.into_iter().map(|r| r.into_case(now)).collect()
    }

    /// Each case's latest timeline step.
    pub(crate) async fn latest_steps(&self, station_id: i64) -> Result<HashMap<i64, LatestStep>> {
        let rows: Vec<LatestStep> = q("SELECT id, entity_id AS case_id, at, action, changes, note FROM audit_log
                WHERE station_id = $1 AND entity = 'case'
                  AND action IN ('transition', 'contact', 'survey', 'follow_up', 'import')")
        .bind(station_id)
        .fetch_packed(self, 6)
        .await?;
        Ok(latest_by_case(rows, |s| (s.case_id, s.id)))
    }

    /// Each case's latest 回访.
    pub(crate) async fn latest_follow_ups(&self, station_id: i64) -> Result<HashMap<i64, LatestFollowUp>> {
        let rows: Vec<LatestFollowUp> = q("SELECT id, case_id, at, reached, resolved, satisfaction FROM case_followups
                WHERE station_id = $1")
        .bind(station_id)
        .fetch_packed(self, 6)
        .await?;
        Ok(latest_by_case(rows, |f| (f.case_id, f.id)))
    }
}

/// Each case's row with the highest id (`key` gives the case and the row's id).
fn latest_by_case<T>(rows: Vec<T>, key: impl Fn(&T) -> (i64, i64)) -> HashMap<i64, T> {
    let mut out: HashMap<i64, T> = HashMap::with_capacity(rows.len());
    for row in rows {
        let (case_id, id) = key(&row);
        match out.get(&case_id) {
            Some(kept) if key(kept).1 > id => {}
            _ => {
                out.insert(case_id, row);
            }
        }
    }
    out
}

/// A case's latest 回访: when, reached, resolved by the resident's word, satisfaction code.
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub(crate) struct LatestFollowUp {
    pub id: i64,
    pub case_id: i64,
    pub at: DateTime<Utc>,
    #[serde(deserialize_with = "super::sql::sql_bool")]
    pub reached: bool,
    #[serde(deserialize_with = "super::sql::sql_opt_bool")]
    pub resolved: Option<bool>,
    pub satisfaction: Option<String>,
}

/// A case's latest timeline step (an audit row): when, what, the fields it changed, its note.
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub(crate) struct LatestStep {
    pub id: i64,
    pub case_id: i64,
    pub at: DateTime<Utc>,
    pub action: String,
    pub changes: String,
    pub note: Option<String>,
}

impl WriteTx<'_> {
    pub(crate) async fn imported_rows(&mut self, source_name: &str) -> Result<HashMap<u32, String>> {
        let station_id = self.actor().station_id;
        imported_rows_on(&mut self.tx, station_id, source_name).await
    }

    pub(crate) async fn case_numbers(&mut self) -> Result<HashSet<String>> {
        let station_id = self.actor().station_id;
        case_numbers_on(&mut self.tx, station_id).await
    }

    /// Saves imported cases with their numbers, deadlines, history, search entries, audit
    /// rows and their share of the figures (dated as the ledger says), and remembers each
    /// one's source row. Kept serials must be free (checked by the caller in this transaction).
    /// Writes the imported cases in statements of a hundred rows; `saved` hears how many cases
    /// are fully written (their rows, their source and audit rows, then their search entries).
    pub(crate) async fn insert_imported(
        &mut self,
        source_name: &str,
        cases: &[ImportedCase],
        saved: &mut (dyn FnMut(usize) + Send),
    ) -> Result<usize> {
        if cases.is_empty() {
            return Ok(0);
        }
        let station_id = self.actor().station_id;
        let (code,): (String,) =
            q("SELECT code FROM stations WHERE id = $1").bind(station_id).fetch_one(&mut self.tx).await?;
        let names: HashMap<i64, String> = q("SELECT id, name FROM categories WHERE station_id = $1")
            .bind(station_id)
            .fetch_all(&mut self.tx)
            .await?
            .into_iter()
            .collect();
        let calendar = self.calendar().await?;
        let mut limits: HashMap<(Option<i64>, Urgency), Limits> = HashMap::new();
        let mut flows = Vec::with_capacity(cases.len());
        for c in cases {
            let v = &c.case;
            let key = (v.category_id, v.urgency);
            let l = match limits.get(&key) {
                Some(l) => *l,
                None => {
                    let station = self.station_limits(v.category_id, v.urgency).await?;
                    let name = v.category_id.and_then(|id| names.get(&id)).map(String::as_str);
                    let l = limits_for(station, name, v.urgency);
                    limits.insert(key, l);
                    l
                }
            };
            let fu = c.follow_up.as_ref();
            flows.push(Flow {
                respond_due_at: Some(calendar.due(v.received_at, l.respond)),
                resolve_due_at: Some(calendar.due(v.received_at, l.resolve)),
                responded_at: c.contacted_at,
                resolved_at: c.resolved_at,
                resolution: c.resolution.clone(),
                closed_at: (c.status == CaseStatus::Closed).then(|| fu.map(|f| f.0).or(c.resolved_at)).flatten(),
                hold_reason: c.hold_reason.clone(),
                hold_until: None,
                held_since: (c.status == CaseStatus::OnHold).then_some(v.received_at),
                status_before_hold: (c.status == CaseStatus::OnHold).then_some(CaseStatus::InProgress.code()),
                referred_to: c.referred_to.clone(),
                followed_up_at: fu.map(|f| f.0),
                follow_up_resolved: fu.map(|f| f.1),
                follow_up_satisfied: fu.map(|f| f.2.counts_as_satisfied()),
            });
        }

        // Serials per year: kept ones as the ledger numbered them, the rest after the
        // highest of those and of the station's own.
        let year_of = |c: &ImportedCase| c.case.received_at.with_timezone(&CHINA_OFFSET).year();
        let mut years: Vec<i32> = cases.iter().map(year_of).collect();
        years.sort_unstable();
        years.dedup();
        let mut serials = vec![0_i64; cases.len()];
        for year in years {
            let in_year: Vec<usize> = (0..cases.len()).filter(|&i| year_of(&cases[i]) == year).collect();
            let kept = in_year.iter().filter_map(|&i| cases[i].serial).max().unwrap_or(0);
            let fresh = in_year.iter().filter(|&&i| cases[i].serial.is_none()).count() as i64;
            let rows: Vec<(i64,)> =
                q("INSERT INTO case_serials (station_id, year, last_serial) VALUES ($1, $2, $3 + $4)
                     ON CONFLICT (station_id, year) DO UPDATE SET last_serial =
                        (CASE WHEN case_serials.last_serial > $3 THEN case_serials.last_serial ELSE $3 END) + $4;
                 SELECT last_serial FROM case_serials WHERE station_id = $1 AND year = $2")
                .bind(station_id)
                .bind(i64::from(year))
                .bind(kept)
                .bind(fresh)
                .fetch_all(&mut self.tx)
                .await?;
            let last = rows.into_iter().next().map(|r| r.0).ok_or_else(crate::station::not_initialized)?;
            let mut next = last - fresh + 1;
            for &i in &in_year {
                serials[i] = match cases[i].serial {
                    Some(s) => s,
                    None => {
                        next += 1;
                        next - 1
                    }
                };
            }
        }
        let count = i64::try_from(cases.len()).unwrap_or(i64::MAX);
        let (first_id,): (i64,) = q("SELECT coalesce(max(id), 0) + 1 + 0 * $1 FROM cases")
            .pg("SELECT sd_case_ids($1)")
            .bind(count)
            .fetch_one(&mut self.tx)
            .await?;

        let rows: Vec<NewRow> = cases
            .iter()
            .zip(&flows)
            .enumerate()
            .map(|(k, (c, flow))| {
                let year = year_of(c);
                NewRow {
                    case: &c.case,
                    status: c.status,
                    flow,
                    id: first_id + k as i64,
                    year,
                    serial: serials[k],
                    number: format_case_number(&code, year, serials[k]),
                    category: c.case.category_id.and_then(|id| names.get(&id)).map(String::as_str),
                }
            })
            .collect();
        // Progress counts a case a third written after its row, two after its audit row and
        // whole after its search entry.
        let mut head = self.chain_head().await?;
        self.insert_rows_bulk(&rows, &mut head, &mut |done| saved(done / 3)).await?;

        // The call-backs, the source rows and one audit row per case saying where it came from.
        let actor = self.actor().clone();
        let now = self.now;
        let ids: Vec<(usize, i64)> = (0..cases.len()).map(|k| (k, first_id + k as i64)).collect();
        let statements = ids.chunks(ROWS_PER_STATEMENT).map(|chunk| {
            let calls: Vec<(usize, i64)> =
                chunk.iter().copied().filter(|(k, _)| cases[*k].follow_up.is_some()).collect();
            let mut sql = format!(
                "INSERT INTO case_imports (station_id, source_name, source_row, row_hash, case_id, imported_at) VALUES {};
                 INSERT INTO audit_log (station_id, at, staff_id, staff_name, entity, entity_id, action, changes,
                    chain_seq, prev_hash, hash) VALUES {}",
                vec!["(?, ?, ?, ?, ?, ?)"; chunk.len()].join(", "),
                vec!["(?, ?, ?, ?, 'case', ?, 'import', ?, ?, ?, ?)"; chunk.len()].join(", "),
            );
            if !calls.is_empty() {
                sql.push_str(&format!(
                    ";
                 INSERT INTO case_followups (station_id, case_id, at, without_callback, reached, resolved,
                    satisfaction, comment, staff_name) VALUES {}",
                    vec!["(?, ?, ?, FALSE, TRUE, ?, ?, ?, ?)"; calls.len()].join(", ")
                ));
            }
            let mut query = q(AssertSqlSafe(sql));
            for &(k, id) in chunk {
                let c = &cases[k];
                query = query
                    .bind(station_id)
                    .bind(source_name)
                    .bind(i64::from(c.source_row))
                    .bind(c.row_hash.as_str())
                    .bind(id)
                    .bind(now);
            }
            for &(k, id) in chunk {
                let c = &cases[k];
                let source = format!("{source_name} 第 {} 行", c.source_row);
                let changes: Vec<FieldChange> =
                    [FieldChange::set("source", Some(&source)), FieldChange::set("status", Some(c.status.code()))]
                        .into_iter()
                        .flatten()
                        .collect();
                let changes = serde_json::to_string(&changes).unwrap_or_else(|_| "[]".to_owned());
                let who = (station_id, actor.staff_id, actor.staff_name.as_str());
                let link = link_row(&mut head, who, now, "case", id, "import", &changes, None);
                query = query
                    .bind(station_id)
                    .bind(now)
                    .bind(actor.staff_id)
                    .bind(actor.staff_name.as_str())
                    .bind(id)
                    .bind(changes)
                    .bind(link.seq)
                    .bind(link.prev_hash)
                    .bind(link.hash);
            }
            for &(k, id) in &calls {
                if let Some((at, resolved, satisfaction, comment)) = &cases[k].follow_up {
                    let comment: Option<String> = comment.as_ref().map(|c| c.chars().take(1000).collect());
                    query = query
                        .bind(station_id)
                        .bind(id)
                        .bind(*at)
                        .bind(*resolved)
                        .bind(satisfaction.code())
                        .bind(comment)
                        .bind(actor.staff_name.as_str());
                }
            }
            (query, chunk.len())
        });
        let written = cases.len();
        self.execute_pipelined(statements, &mut |done| saved((written + done) / 3)).await?;
        // The figures and search entries last, after every multi-row statement (`finish_bulk`).
        self.finish_bulk(&rows, &mut |done| saved((2 * written + done) / 3)).await?;
        Ok(cases.len())
    }
}

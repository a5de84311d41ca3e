//! Writing new cases: one at a time (intake) or many per statement (demo data, a ledger
//! import). A case's row, its audit row, its search entry and its share of the figures are
//! built here as statements; many-row writes run them pipelined, each next statement built
//! while the one before runs on the database.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use stationdesk_model::audit::chain::Head;
use stationdesk_model::stats::{CaseFacts, StatsDelta, resolve_tenths};

use super::cases::{case_index_text, case_tags, search_key};
use super::stats::{bind_stats, stats_sql};
use super::{Actor, Tx, WriteTx};
use crate::cases::{CHINA_OFFSET, CaseStatus, ValidCase, format_case_number};
use crate::deadlines::Urgency;
use crate::error::Result;
use crate::search;
use crate::store::audit::link_row;
use crate::store::{FieldChange, Q, q};

/// Cases per multi-row INSERT: one round trip to SQLite's worker thread writes this many
/// cases with their index entries and audit rows (48 parameters each, far below the limit).
pub(super) const ROWS_PER_STATEMENT: usize = 100;

/// What [`WriteTx::insert_rows`] writes beside the cases and their audit rows: for `One`
/// their search entries and their share of the figures too; for `Bulk` neither, and the
/// caller writes both with [`WriteTx::finish_bulk`] after its last multi-row statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Batch {
    One,
    Bulk,
}

/// The workflow columns a new case starts with; demo data fills the later ones too.
#[derive(Debug, Clone, Default)]
pub(crate) struct Flow {
    pub respond_due_at: Option<DateTime<Utc>>,
    pub resolve_due_at: Option<DateTime<Utc>>,
    pub responded_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub hold_reason: Option<String>,
    pub hold_until: Option<NaiveDate>,
    pub held_since: Option<DateTime<Utc>>,
    pub status_before_hold: Option<&'static str>,
    pub referred_to: Option<String>,
    /// A 回访 already made (a ledger's history): when, resolved by the resident's word, satisfied.
    pub followed_up_at: Option<DateTime<Utc>>,
    pub follow_up_resolved: Option<bool>,
    pub follow_up_satisfied: Option<bool>,
}

impl NewRow<'_> {
    /// What the figures know of the case as it will be stored.
    fn facts(&self) -> CaseFacts {
        let c = self.case;
        let f = self.flow;
        CaseFacts {
            received_at: c.received_at,
            category_id: c.category_id,
            assignee_id: c.assignee_id,
            status: self.status,
            channel: c.channel,
            respond_due_at: f.respond_due_at,
            responded_at: f.responded_at,
            resolve_due_at: f.resolve_due_at,
            resolved_at: f.resolved_at,
            resolve_tenths: f.resolved_at.map(|r| resolve_tenths(c.received_at, r)),
            reopen_count: 0,
            followed_up_at: f.followed_up_at,
            follow_up_resolved: f.follow_up_resolved,
            follow_up_satisfied: f.follow_up_satisfied,
        }
    }
}

/// One case ready to insert.
pub(super) struct NewRow<'a> {
    pub(super) case: &'a ValidCase,
    pub(super) status: CaseStatus,
    pub(super) flow: &'a Flow,
    pub(super) id: i64,
    pub(super) year: i32,
    pub(super) serial: i64,
    pub(super) number: String,
    pub(super) category: Option<&'a str>,
}

/// What building a case's statements needs from the transaction, copied out of it so the
/// next statement can be built while the one before runs.
pub(super) struct Writer {
    actor: Actor,
    now: DateTime<Utc>,
    pg: bool,
}

impl Writer {
    /// The search entries of `rows`: SQLite's index takes the grams as three columns, a row
    /// per statement (a single-row insert needs no statement savepoint); the server takes
    /// its document whole.
    fn search_statement<'r, 'c: 'r>(&self, rows: impl ExactSizeIterator<Item = &'r NewRow<'c>>) -> Q {
        self.bind_search(q(AssertSqlSafe(self.search_sql(rows.len()))), rows)
    }

    fn search_sql(&self, n: usize) -> String {
        if self.pg {
            format!(
                "INSERT INTO case_search (search_key, doc) VALUES {}",
                vec!["(?, CAST(? AS tsvector))"; n].join(", ")
            )
        } else {
            vec!["INSERT INTO case_search (rowid, uni, bi, tags) VALUES (?, ?, ?, ?)"; n].join(";\n")
        }
    }

    fn bind_search<'r, 'c: 'r>(&self, mut q: Q, rows: impl IntoIterator<Item = &'r NewRow<'c>>) -> Q {
        let station_id = self.actor.station_id;
        for r in rows {
            let c = r.case;
            let text = case_index_text(c, &r.number);
            let tags = case_tags(station_id, r.status, c.category_id, c.channel);
            q = q.bind(search_key(c.received_at, r.id));
            q = if self.pg {
                q.bind(search::pg_document(&text, &tags))
            } else {
                q.bind(text.uni).bind(text.bi).bind(tags)
            };
        }
        q
    }

    /// The cases and their audit rows as one statement batch, the audit rows linked after
    /// `head` (which moves onto the last of them), with their search entries and figures for
    /// a `Batch::One` (see [`Batch`]).
    /// Placeholders are anonymous `?`, bound in order of appearance: SQLite looks named
    /// ones up by a linear scan, which made a 2 000-parameter batch quadratic.
    fn rows_statement(&self, rows: &[NewRow<'_>], head: &mut Head, batch: Batch) -> Q {
        let one = batch == Batch::One;
        // What the new cases add to the figures, in the same batch.
        let mut stats = StatsDelta::default();
        if one {
            for r in rows {
                stats.add_case(&r.facts(), 1);
            }
            stats.prune();
        }
        let stats_statements = stats_sql(&stats);
        let list = |n: usize| vec!["?"; n].join(", ");
        let cases_values = vec![format!("({})", list(40)); rows.len()].join(", ");
        let audit_values = vec!["(?, ?, ?, ?, 'case', ?, 'create', ?, ?, ?, ?)"; rows.len()].join(", ");
        let search_sql = if one { self.search_sql(rows.len()) + ";" } else { String::new() };
        let sql = format!(
            "INSERT INTO cases (id, station_id, year, serial, number, channel, status, resident_name, phone,
                compound, building, entrance, room, place, category_id, title, description, received_at,
                created_at, created_by, created_by_name, updated_at, search_key, urgency, assignee_id,
                respond_due_at, resolve_due_at, responded_at, resolved_at, resolution, closed_at, hold_reason,
                hold_until, held_since, status_before_hold, referred_to, resolve_tenths, followed_up_at,
                follow_up_resolved, follow_up_satisfied) VALUES {cases_values};
             {search_sql}
             INSERT INTO audit_log (station_id, at, staff_id, staff_name, entity, entity_id, action, changes,
                chain_seq, prev_hash, hash) VALUES {audit_values};
             {stats_statements}"
        );

        let actor = &self.actor;
        let now = self.now;
        // The case, its index entry, its audit row and the figures are independent writes.
        let mut q = q(AssertSqlSafe(sql)).pg_together();
        for r in rows {
            let c = r.case;
            let f = r.flow;
            q = q
                .bind(r.id)
                .bind(actor.station_id)
                .bind(i64::from(r.year))
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
                .bind(search_key(c.received_at, r.id))
                .bind(c.urgency.code())
                .bind(c.assignee_id)
                .bind(f.respond_due_at)
                .bind(f.resolve_due_at)
                .bind(f.responded_at)
                .bind(f.resolved_at)
                .bind(f.resolution.clone())
                .bind(f.closed_at)
                .bind(f.hold_reason.clone())
                .bind(f.hold_until)
                .bind(f.held_since)
                .bind(f.status_before_hold)
                .bind(f.referred_to.clone())
                .bind(f.resolved_at.map(|r| resolve_tenths(c.received_at, r)))
                .bind(f.followed_up_at)
                .bind(f.follow_up_resolved)
                .bind(f.follow_up_satisfied);
        }
        if one {
            q = self.bind_search(q, rows);
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
                FieldChange::set("urgency", Some(c.urgency.label())),
                FieldChange::set("receivedAt", Some(&received)),
            ]
            .into_iter()
            .flatten()
            .collect();
            let changes = serde_json::to_string(&changes).unwrap_or_else(|_| "[]".to_owned());
            let who = (actor.station_id, actor.staff_id, actor.staff_name.as_str());
            let link = link_row(head, who, now, "case", r.id, "create", &changes, None);
            q = q
                .bind(actor.station_id)
                .bind(now)
                .bind(actor.staff_id)
                .bind(actor.staff_name.clone())
                .bind(r.id)
                .bind(changes)
                .bind(link.seq)
                .bind(link.prev_hash)
                .bind(link.hash);
        }
        bind_stats(q, actor.station_id, &stats)
    }
}

/// How much of an import's rows a statement writes, for the progress bar.
pub(super) type Statement = (Q, usize);

impl WriteTx<'_> {
    pub(super) fn writer(&self) -> Writer {
        Writer { actor: self.actor().clone(), now: self.now, pg: matches!(self.tx, Tx::Postgres(_)) }
    }

    /// Runs `statements` in order in this transaction, building each next one (on this
    /// thread) while the one before runs on the database (SQLite's worker thread or the
    /// server): building a hundred cases' statement costs about as much as running it.
    /// `done` hears the rows written so far after each statement.
    pub(super) async fn execute_pipelined(
        &mut self,
        mut statements: impl Iterator<Item = Statement> + Send,
        done: &mut (dyn FnMut(usize) + Send),
    ) -> Result<()> {
        let pg = matches!(self.tx, Tx::Postgres(_));
        let mut build = || statements.next().map(|(q, n)| (q.ready(pg), n));
        let Some(mut current) = build() else {
            return Ok(());
        };
        let mut rows = 0;
        loop {
            let (statement, n) = current;
            // `join!` polls the statement first: it is handed to the database, then the
            // next one is built while it runs.
            let (ran, next) = tokio::join!(statement.execute(&mut self.tx), async { build() });
            ran?;
            rows += n;
            done(rows);
            match next {
                Some(next) => current = next,
                None => return Ok(()),
            }
        }
    }

    /// Writes the cases and their audit rows (see [`Writer::rows_statement`]).
    pub(super) async fn insert_rows(&mut self, rows: &[NewRow<'_>], head: &mut Head, batch: Batch) -> Result<()> {
        self.writer().rows_statement(rows, head, batch).execute(&mut self.tx).await?;
        Ok(())
    }

    /// Writes many cases as a `Batch::Bulk`, [`ROWS_PER_STATEMENT`] at a time, pipelined;
    /// the caller then writes their search entries and figures with [`Self::finish_bulk`].
    pub(super) async fn insert_rows_bulk(
        &mut self,
        rows: &[NewRow<'_>],
        head: &mut Head,
        done: &mut (dyn FnMut(usize) + Send),
    ) -> Result<()> {
        let writer = self.writer();
        let statements =
            rows.chunks(ROWS_PER_STATEMENT).map(|chunk| (writer.rows_statement(chunk, head, Batch::Bulk), chunk.len()));
        self.execute_pipelined(statements, done).await
    }

    /// Bulk load for demo data and benchmarks: the same rows, index entries and audit
    /// rows as [`insert_case`](Self::insert_case), many per statement. The cases must be in
    /// received order and their categories the station's own.
    pub(crate) async fn insert_cases_bulk(&mut self, cases: &[(ValidCase, CaseStatus, Flow)]) -> Result<()> {
        let names: HashMap<i64, String> = q("SELECT id, name FROM categories WHERE station_id = $1")
            .bind(self.actor().station_id)
            .fetch_all(&mut self.tx)
            .await?
            .into_iter()
            .collect();
        let mut i = 0;
        while i < cases.len() {
            let year = cases[i].0.received_at.with_timezone(&CHINA_OFFSET).year();
            let run = cases[i..]
                .iter()
                .take_while(|(c, _, _)| c.received_at.with_timezone(&CHINA_OFFSET).year() == year)
                .count();
            let mut r = self.reserve(year, run as i64, None, Urgency::Normal, None).await?;
            let rows: Vec<NewRow> = cases[i..i + run]
                .iter()
                .enumerate()
                .map(|(k, (c, status, flow))| NewRow {
                    case: c,
                    status: *status,
                    flow,
                    id: r.next_id + k as i64,
                    year,
                    serial: r.first_serial + k as i64,
                    number: format_case_number(&r.code, year, r.first_serial + k as i64),
                    category: c.category_id.and_then(|id| names.get(&id)).map(String::as_str),
                })
                .collect();
            self.insert_rows_bulk(&rows, &mut r.head, &mut |_| {}).await?;
            self.finish_bulk(&rows, &mut |_| {}).await?;
            i += run;
        }
        Ok(())
    }

    /// Writes the search entries and the figures of cases written by [`Self::insert_rows`]
    /// as a `Batch::Bulk`, after the caller's last multi-row statement. SQLite opens a
    /// statement savepoint around every multi-row insert, and FTS5 writes its pending entries
    /// out as a new segment (to be merged later) at every savepoint, so interleaved they made
    /// a segment per hundred cases; entries in ascending key order are appended (one lower
    /// than the one before also starts a segment). The figures of all the cases go in a few
    /// statements instead of one per hundred cases, and every batch of a hundred cases is the
    /// same statement, prepared once.
    pub(super) async fn finish_bulk(
        &mut self,
        rows: &[NewRow<'_>],
        saved: &mut (dyn FnMut(usize) + Send),
    ) -> Result<()> {
        let mut stats = StatsDelta::default();
        for r in rows {
            stats.add_case(&r.facts(), 1);
        }
        stats.prune();
        // At most 14 parameters an entry: well within SQLite's 32 766 and the server's 65 535.
        for part in stats.parts(1000).iter().filter(|p| !p.is_empty()) {
            self.persist_stats(part).await?;
        }
        // In key order, whatever order the rows came in (a ledger lists the newest first).
        let mut by_key: Vec<&NewRow> = rows.iter().collect();
        by_key.sort_by_key(|r| search_key(r.case.received_at, r.id));
        let writer = self.writer();
        let statements = by_key
            .chunks(ROWS_PER_STATEMENT)
            .map(|chunk| (writer.search_statement(chunk.iter().copied()), chunk.len()));
        // SQLite's index keeps new entries in memory up to its `hashsize` (1 MiB) and then
        // writes them out as a segment, to be merged with the others later: a larger size
        // for a bulk write makes fewer segments and less merging (100 000 cases: 1.5 s less).
        // The setting is kept in the index's own table, so it is put back before commit.
        let sqlite = !writer.pg && rows.len() > BULK_HASH_ROWS;
        if sqlite {
            search_hash_size(self, BULK_HASH_BYTES).await?;
        }
        self.execute_pipelined(statements, saved).await?;
        if sqlite {
            search_hash_size(self, DEFAULT_HASH_BYTES).await?;
        }
        Ok(())
    }
}

/// FTS5's own default for `hashsize`.
const DEFAULT_HASH_BYTES: i64 = 1024 * 1024;
/// For a bulk write (16 MiB measured as fast as 64 MiB and with less memory).
const BULK_HASH_BYTES: i64 = 16 * 1024 * 1024;
/// Bulk writes smaller than this keep the default.
const BULK_HASH_ROWS: usize = 1000;

/// Sets the SQLite search index's in-memory size (the `'hashsize'` configuration option).
async fn search_hash_size(w: &mut WriteTx<'_>, bytes: i64) -> Result<()> {
    q("INSERT INTO case_search (case_search, rank) VALUES ('hashsize', $1)").bind(bytes).execute(&mut w.tx).await?;
    Ok(())
}

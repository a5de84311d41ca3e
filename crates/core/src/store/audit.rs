//! The audit log: who changed which record, when, and what changed.

use crate::store::q;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Store, WriteTx};
use crate::error::Result;

pub use stationdesk_model::audit::FieldChange;
use stationdesk_model::audit::chain::{Content, Head, Link};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub staff_name: String,
    /// `case`, `category`, `staff`, `station`.
    pub entity: String,
    pub entity_id: i64,
    /// `create`, `update`, `transition`, `survey`, `contact`, `follow_up`,
    /// `duplicate_linked`, `party`, `attachment`.
    pub action: String,
    /// The model's label of `action` (`audit::labels`): 变更状态, 查看完整电话, …
    pub action_label: String,
    pub changes: Vec<FieldChange>,
    /// The step's note: a transition's reason, a survey's findings, a call's content.
    pub note: Option<String>,
}

impl WriteTx<'_> {
    /// Records one audit row in the current transaction. Every mutation calls this.
    pub(crate) async fn audit(
        &mut self,
        entity: &str,
        entity_id: i64,
        action: &str,
        changes: &[FieldChange],
    ) -> Result<()> {
        self.audit_note(entity, entity_id, action, changes, None).await
    }

    /// An audit row with a note shown on the record's timeline.
    pub(crate) async fn audit_note(
        &mut self,
        entity: &str,
        entity_id: i64,
        action: &str,
        changes: &[FieldChange],
        note: Option<&str>,
    ) -> Result<()> {
        let changes = serde_json::to_string(changes).unwrap_or_else(|_| "[]".to_owned());
        let actor = self.actor().clone();
        let mut head = self.chain_head().await?;
        let at = self.now;
        let link = head.link(&mut Content {
            station_id: actor.station_id,
            seq: 0,
            at,
            staff_id: actor.staff_id,
            staff_name: &actor.staff_name,
            entity,
            entity_id,
            action,
            changes: &changes,
            note,
        });
        q("INSERT INTO audit_log (station_id, at, staff_id, staff_name, entity, entity_id, action, changes, note,
                chain_seq, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
        .bind(actor.station_id)
        .bind(at)
        .bind(actor.staff_id)
        .bind(&actor.staff_name)
        .bind(entity)
        .bind(entity_id)
        .bind(action)
        .bind(changes)
        .bind(note)
        .bind(link.seq)
        .bind(link.prev_hash)
        .bind(link.hash)
        .execute(&mut self.tx)
        .await?;
        Ok(())
    }

    /// The end of this station's chain, read inside the write transaction, which holds the
    /// station's write lock (SQLite's IMMEDIATE, PostgreSQL's advisory lock per station,
    /// `Store::begin_write`): the next writer reads the row this one adds, so two writers
    /// never link to the same row (and `audit_chain`'s uniqueness refuses it if they did).
    pub(crate) async fn chain_head(&mut self) -> Result<Head> {
        let row: Option<(i64, String)> = q(concat!("SELECT chain_seq, hash ", chain_head_of_station_1!()))
            .bind(self.actor().station_id)
            .fetch_optional(&mut self.tx)
            .await?;
        Ok(row.map_or_else(Head::genesis, |(seq, hash)| Head { seq, hash }))
    }
}

/// Links one row of a batch (the batch's rows are written in this order, after `head`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn link_row(
    head: &mut Head,
    (station_id, staff_id, staff_name): (i64, Option<i64>, &str),
    at: DateTime<Utc>,
    entity: &str,
    entity_id: i64,
    action: &str,
    changes: &str,
    note: Option<&str>,
) -> Link {
    head.link(&mut Content { station_id, seq: 0, at, staff_id, staff_name, entity, entity_id, action, changes, note })
}

#[derive(sqlx::FromRow)]
struct AuditRecord {
    id: i64,
    at: DateTime<Utc>,
    staff_name: String,
    entity: String,
    entity_id: i64,
    action: String,
    changes: String,
    note: Option<String>,
}

impl Store {
    /// The history of one record, oldest first.
    pub async fn audit_history(&self, station_id: i64, entity: &str, entity_id: i64) -> Result<Vec<AuditEntry>> {
        let rows: Vec<AuditRecord> =
            q("SELECT id, at, staff_name, entity, entity_id, action, changes, note FROM audit_log
             WHERE station_id = $1 AND entity = $2 AND entity_id = $3 ORDER BY id")
            .bind(station_id)
            .bind(entity)
            .bind(entity_id)
            .fetch_all(self)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                at: r.at,
                staff_name: r.staff_name,
                entity: r.entity,
                entity_id: r.entity_id,
                action_label: stationdesk_model::audit::labels::action_label(&r.action),
                action: r.action,
                // A row written by this code always parses; an unreadable one shows as no details.
                changes: serde_json::from_str(&r.changes).unwrap_or_default(),
                note: r.note,
            })
            .collect())
    }
}

/// Which audit rows a page or an export takes, as the store filters them (the service
/// checked and bounded each part).
#[derive(Debug, Default)]
pub(crate) struct AuditFilter<'a> {
    pub staff_name: Option<&'a str>,
    pub action: Option<&'a str>,
    pub entity: Option<&'a str>,
    pub entity_id: Option<i64>,
    /// From this instant (China midnight of the first day).
    pub from: Option<DateTime<Utc>>,
    /// Before this instant (China midnight after the last day).
    pub before: Option<DateTime<Utc>>,
}

/// One row of the station's audit log with its record's case number, as the store reads it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct AuditLogRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub staff_name: String,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    pub changes: String,
    pub note: Option<String>,
    pub case_number: Option<String>,
}

impl AuditFilter<'_> {
    /// ` AND …` for each part given, numbered from `$2` ($1 is the station), and the
    /// arguments in that order.
    fn sql(&self) -> (String, Vec<super::sql::Arg>) {
        use super::sql::Arg;
        let mut sql = String::new();
        let mut args = Vec::new();
        let mut add = |fragment: &str, arg: Arg| {
            args.push(arg);
            sql.push_str(&fragment.replace('?', &format!("${}", args.len() + 1)));
        };
        if let Some(v) = self.staff_name {
            add(" AND a.staff_name = ?", Arg::Text(Some(v.to_owned())));
        }
        if let Some(v) = self.action {
            add(" AND a.action = ?", Arg::Text(Some(v.to_owned())));
        }
        if let Some(v) = self.entity {
            add(" AND a.entity = ?", Arg::Text(Some(v.to_owned())));
        }
        if let Some(v) = self.entity_id {
            add(" AND a.entity_id = ?", Arg::I64(Some(v)));
        }
        if let Some(v) = self.from {
            add(" AND a.at >= ?", Arg::Ts(Some(v)));
        }
        if let Some(v) = self.before {
            add(" AND a.at < ?", Arg::Ts(Some(v)));
        }
        (sql, args)
    }
}

impl Store {
    /// A page of the station's audit log, newest first, and how many rows match.
    pub(crate) async fn audit_page(
        &self,
        station_id: i64,
        filter: &AuditFilter<'_>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<AuditLogRow>, i64)> {
        let (conditions, args) = filter.sql();
        let n = args.len();
        let rows = q(sqlx::AssertSqlSafe(format!(
            "SELECT a.id, a.at, a.staff_name, a.entity, a.entity_id, a.action, a.changes, a.note,
                    c.number AS case_number
             FROM audit_log a LEFT JOIN cases c ON a.entity = 'case' AND c.id = a.entity_id
             WHERE a.station_id = $1{conditions}
             ORDER BY a.at DESC, a.id DESC LIMIT ${} OFFSET ${}",
            n + 2,
            n + 3
        )))
        .bind(station_id)
        .bind_all(args.clone());
        let count =
            q(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM audit_log a WHERE a.station_id = $1{conditions}")))
                .bind(station_id)
                .bind_all(args);
        let rows: Vec<AuditLogRow> = rows.bind(limit).bind(offset).fetch_all(self).await?;
        let (total,): (i64,) = count.fetch_one(self).await?;
        Ok((rows, total))
    }
}

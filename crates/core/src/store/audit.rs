//! The audit log: who changed which record, when, and what changed.

use crate::store::q;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Store, WriteTx};
use crate::error::Result;

pub use stationdesk_model::audit::FieldChange;

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
        q("INSERT INTO audit_log (station_id, at, staff_id, staff_name, entity, entity_id, action, changes, note)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(actor.station_id)
        .bind(self.now)
        .bind(actor.staff_id)
        .bind(&actor.staff_name)
        .bind(entity)
        .bind(entity_id)
        .bind(action)
        .bind(changes)
        .bind(note)
        .execute(&mut self.tx)
        .await?;
        Ok(())
    }
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
                action: r.action,
                // A row written by this code always parses; an unreadable one shows as no details.
                changes: serde_json::from_str(&r.changes).unwrap_or_default(),
                note: r.note,
            })
            .collect())
    }
}

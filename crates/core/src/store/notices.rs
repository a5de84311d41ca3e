//! SQL for the stations' notice wording and the audit row of each print.

use crate::store::q;
use chrono::{DateTime, Utc};

use super::{Store, WriteTx};
use crate::error::Result;
use crate::store::FieldChange;

impl Store {
    /// The station's own templates: (kind, body, updated at).
    pub(crate) async fn notice_templates(&self, station_id: i64) -> Result<Vec<(String, String, DateTime<Utc>)>> {
        Ok(q("SELECT kind, body, updated_at FROM notice_templates WHERE station_id = $1")
            .bind(station_id)
            .fetch_all(self)
            .await?)
    }

    /// The station's preferred notice fonts: (role, choice).
    pub(crate) async fn notice_fonts(&self, station_id: i64) -> Result<Vec<(String, String)>> {
        Ok(q("SELECT role, choice FROM notice_fonts WHERE station_id = $1 ORDER BY role")
            .bind(station_id)
            .fetch_all(self)
            .await?)
    }
}

impl WriteTx<'_> {
    /// Stores a kind's wording, or with `None` deletes it (back to the built-in).
    pub(crate) async fn save_notice_template(&mut self, kind: &str, label: &str, body: Option<&str>) -> Result<()> {
        let station_id = self.actor().station_id;
        match body {
            Some(b) => {
                q(
                    "INSERT INTO notice_templates (station_id, kind, body, updated_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (station_id, kind) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
                )
                .bind(station_id)
                .bind(kind)
                .bind(b)
                .bind(self.now)
                .execute(&mut self.tx)
                .await?;
            }
            None => {
                q("DELETE FROM notice_templates WHERE station_id = $1 AND kind = $2")
                    .bind(station_id)
                    .bind(kind)
                    .execute(&mut self.tx)
                    .await?;
            }
        }
        let changes: Vec<FieldChange> =
            [FieldChange::set("template", Some(if body.is_some() { "修改措辞" } else { "恢复默认" }))]
                .into_iter()
                .flatten()
                .collect();
        self.audit_note("notice_template", 0, "update", &changes, Some(label)).await
    }

    /// Stores the font a station prefers for a role, or with `None` goes back to the
    /// bundled one.
    pub(crate) async fn save_notice_font(&mut self, role: &str, label: &str, choice: Option<&str>) -> Result<()> {
        let station_id = self.actor().station_id;
        match choice {
            Some(c) => {
                q(
                    "INSERT INTO notice_fonts (station_id, role, choice, updated_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (station_id, role) DO UPDATE SET choice = excluded.choice, updated_at = excluded.updated_at",
                )
                .bind(station_id)
                .bind(role)
                .bind(c)
                .bind(self.now)
                .execute(&mut self.tx)
                .await?;
            }
            None => {
                q("DELETE FROM notice_fonts WHERE station_id = $1 AND role = $2")
                    .bind(station_id)
                    .bind(role)
                    .execute(&mut self.tx)
                    .await?;
            }
        }
        let changes: Vec<FieldChange> =
            [FieldChange::set("font", Some(choice.unwrap_or("内置字体")))].into_iter().flatten().collect();
        self.audit_note("notice_font", 0, "update", &changes, Some(label)).await
    }

    /// Every print leaves an audit row on the record it was printed from.
    pub(crate) async fn record_print(&mut self, entity: &str, id: i64, label: &str, pages: u32) -> Result<()> {
        let changes: Vec<FieldChange> =
            [FieldChange::set("printed", Some(&format!("{label}（{pages} 页）")))].into_iter().flatten().collect();
        self.audit_note(entity, id, "print", &changes, Some(label)).await
    }
}

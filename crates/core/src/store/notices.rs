//! SQL for the stations' notice wording, the audit row of each print and the print
//! history of the notices page (`notice_prints`).

use crate::store::q;
use chrono::{DateTime, Utc};

use super::{Store, WriteTx};
use crate::error::{CoreError, Result};
use crate::prints::{NewPrint, PrintRow};
use crate::store::FieldChange;

impl Store {
    /// The station's own templates: (kind, body, updated at).
    pub(crate) async fn notice_templates(&self, station_id: i64) -> Result<Vec<(String, String, DateTime<Utc>)>> {
        Ok(q("SELECT kind, body, updated_at FROM notice_templates WHERE station_id = $1")
            .bind(station_id)
            .fetch_all(self)
            .await?)
    }

    /// A page of the station's print history, newest first, with how many match; `search`
    /// is a word of the title.
    pub(crate) async fn notice_prints(
        &self,
        station_id: i64,
        search: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<PrintRow>, i64)> {
        // `!` escapes LIKE's wildcards in what was typed; no search matches every title.
        let pattern = match search {
            Some(s) => format!("%{}%", s.replace('!', "!!").replace('%', "!%").replace('_', "!_")),
            None => "%".to_owned(),
        };
        let rows: Vec<PrintRow> = q("SELECT id, kind, title, input, copies, pages, via, staff_name, printed_at
             FROM notice_prints WHERE station_id = $1 AND title LIKE $2 ESCAPE '!'
             ORDER BY printed_at DESC, id DESC LIMIT $3 OFFSET $4")
        .bind(station_id)
        .bind(pattern.as_str())
        .bind(limit)
        .bind(offset)
        .fetch_all(self)
        .await?;
        let (total,): (i64,) =
            q("SELECT count(*) FROM notice_prints WHERE station_id = $1 AND title LIKE $2 ESCAPE '!'")
                .bind(station_id)
                .bind(pattern.as_str())
                .fetch_one(self)
                .await?;
        Ok((rows, total))
    }

    /// One row of the print history.
    pub(crate) async fn notice_print(&self, station_id: i64, id: i64) -> Result<Option<PrintRow>> {
        Ok(q("SELECT id, kind, title, input, copies, pages, via, staff_name, printed_at
             FROM notice_prints WHERE station_id = $1 AND id = $2")
        .bind(station_id)
        .bind(id)
        .fetch_optional(self)
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

    /// Every print leaves an audit row on the record it was printed from: `label` names
    /// the document, `printed` says what was printed (`受理回执（2 页）`).
    pub(crate) async fn record_print(&mut self, entity: &str, id: i64, label: &str, printed: &str) -> Result<()> {
        let changes: Vec<FieldChange> = [FieldChange::set("printed", Some(printed))].into_iter().flatten().collect();
        self.audit_note(entity, id, "print", &changes, Some(label)).await
    }

    /// Adds a row to the print history (打印记录) and returns its id.
    pub(crate) async fn add_notice_print(&mut self, p: &NewPrint<'_>) -> Result<i64> {
        let actor = self.actor().clone();
        // fetch_all, not fetch_one: RETURNING with fetch_one kept the WAL from
        // checkpointing (`../shared/docs/PROBES.md`).
        let rows: Vec<(i64,)> = q("INSERT INTO notice_prints
                (station_id, kind, title, input, copies, pages, via, staff_id, staff_name, printed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id")
        .bind(actor.station_id)
        .bind(p.kind.as_str())
        .bind(p.title)
        .bind(p.input)
        .bind(p.copies)
        .bind(p.pages)
        .bind(p.via.as_str())
        .bind(actor.staff_id)
        .bind(&actor.staff_name)
        .bind(self.now)
        .fetch_all(&mut self.tx)
        .await?;
        rows.first().map(|&(id,)| id).ok_or_else(|| CoreError::Conflict("打印记录未能保存，请重试".to_owned()))
    }
}

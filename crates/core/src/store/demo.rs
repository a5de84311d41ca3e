//! Demo data's first steps: the contact or the first step out of 受理 that answered each
//! demo case's respond clock, as audit rows on its timeline.

use chrono::{DateTime, Utc};
use sqlx::AssertSqlSafe;
use stationdesk_model::audit::chain::stored_instant;
use stationdesk_model::workflow::anonymous;

use super::audit::link_row;

use super::WriteTx;
use super::case_writes::ROWS_PER_STATEMENT;
use crate::error::Result;
use crate::store::{FieldChange, q};

/// What a demo resident was told on the first call.
const DEMO_CONTACT_NOTE: &str = "电话联系居民，告知诉求已受理，约定上门查看时间";

impl WriteTx<'_> {
    /// For every demo case whose respond clock was answered (`responded_at`): a recorded
    /// contact with the resident, or for an anonymous note (no phone) its step from 受理 to
    /// 核查, at that time, as the services would have written them. Cases that already have
    /// such a row are left alone (a second load with `--force`).
    pub(crate) async fn demo_first_steps(&mut self) -> Result<()> {
        let station_id = self.actor().station_id;
        let staff = self.actor().staff_name.clone();
        let rows: Vec<(i64, DateTime<Utc>, Option<String>)> = q("SELECT id, responded_at, phone FROM cases c
             WHERE station_id = $1 AND created_by_name = $2 AND responded_at IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'case' AND a.entity_id = c.id
                                 AND a.action IN ('contact', 'transition'))
             ORDER BY id")
        .bind(station_id)
        .bind(&staff)
        .fetch_all(&mut self.tx)
        .await?;
        let mut head = self.chain_head().await?;
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            let sql = format!(
                "INSERT INTO audit_log (station_id, at, staff_id, staff_name, entity, entity_id, action, changes, note,
                    chain_seq, prev_hash, hash)
                 VALUES {}",
                vec!["(?, ?, NULL, ?, 'case', ?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ")
            );
            let mut q = q(AssertSqlSafe(sql));
            for (id, at, phone) in chunk {
                let (action, change, note) = if anonymous(phone.as_deref()) {
                    ("transition", FieldChange::change("status", Some("accepted"), Some("investigating")), None)
                } else {
                    ("contact", FieldChange::set("respondedAt", Some(&at.to_rfc3339())), Some(DEMO_CONTACT_NOTE))
                };
                let changes =
                    serde_json::to_string(&change.into_iter().collect::<Vec<_>>()).unwrap_or_else(|_| "[]".to_owned());
                let at = stored_instant(*at);
                let link = link_row(&mut head, (station_id, None, &staff), at, "case", *id, action, &changes, note);
                q = q
                    .bind(station_id)
                    .bind(at)
                    .bind(&staff)
                    .bind(*id)
                    .bind(action)
                    .bind(changes)
                    .bind(note)
                    .bind(link.seq)
                    .bind(link.prev_hash)
                    .bind(link.hash);
            }
            q.execute(&mut self.tx).await?;
        }
        Ok(())
    }
}

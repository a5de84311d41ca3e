//! SQL for the reminders already shown, so a restart never repeats one.

use super::*;
use crate::store::q;

impl WriteTx<'_> {
    /// Marks a reminder shown; false if it already was.
    pub(crate) async fn mark_reminded(&mut self, kind: &str, ref_id: i64, at: DateTime<Utc>) -> Result<bool> {
        let n = q("INSERT INTO reminders_sent (station_id, kind, ref_id, at, sent_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING")
        .bind(self.actor().station_id)
        .bind(kind)
        .bind(ref_id)
        .bind(at)
        .bind(self.now)
        .execute(&mut self.tx)
        .await?;
        if n == 1 {
            let c: Vec<FieldChange> = FieldChange::set("at", Some(&china_hm(at))).into_iter().collect();
            self.audit(&format!("reminder_{kind}"), ref_id, "remind", &c).await?;
        }
        Ok(n == 1)
    }
}

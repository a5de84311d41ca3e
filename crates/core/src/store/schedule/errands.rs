//! SQL for errand types and the errands logged (办事登记).

use super::*;
use crate::store::q;

impl Store {
    pub(crate) async fn errand_types(&self, station_id: i64) -> Result<Vec<ErrandType>> {
        let rows: Vec<(i64, String, i64, bool)> =
            q("SELECT id, name, sort_order, active FROM errand_types WHERE station_id = $1 ORDER BY sort_order, id")
                .bind(station_id)
                .fetch_all(self)
                .await?;
        Ok(rows.into_iter().map(|(id, name, sort_order, active)| ErrandType { id, name, sort_order, active }).collect())
    }

    pub(crate) async fn errand_by_id(&self, station_id: i64, id: i64) -> Result<Option<Errand>> {
        let sql = format!(
            "SELECT {ERRAND_COLUMNS} FROM errands er JOIN errand_types t ON t.id = er.type_id
             LEFT JOIN events ev ON ev.id = er.event_id WHERE er.id = $1 AND er.station_id = $2"
        );
        let row: Option<ErrandRecord> =
            q(sqlx::AssertSqlSafe(sql)).bind(id).bind(station_id).fetch_optional(self).await?;
        row.map(ErrandRecord::into_errand).transpose()
    }

    pub(crate) async fn errands(
        &self,
        station_id: i64,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        q: &ErrandQuery,
        limit: u32,
    ) -> Result<Vec<Errand>> {
        let sql = format!(
            "SELECT {ERRAND_COLUMNS} FROM errands er JOIN errand_types t ON t.id = er.type_id
             LEFT JOIN events ev ON ev.id = er.event_id
             WHERE er.station_id = $1 AND ($2 IS NULL OR er.at >= $2) AND ($3 IS NULL OR er.at < $3)
               AND ($4 IS NULL OR er.type_id = $4) AND ($5 IS NULL OR er.staff_id = $5)
               AND ($6 IS NULL OR er.outcome = $6)
             ORDER BY er.at DESC, er.id DESC LIMIT $7"
        );
        let rows: Vec<ErrandRecord> = crate::store::query(sqlx::AssertSqlSafe(sql))
            .bind(station_id)
            .bind(from)
            .bind(to)
            .bind(q.type_id)
            .bind(q.staff_id)
            .bind(q.outcome.map(|o| o.code()))
            .bind(i64::from(limit))
            .fetch_all(self)
            .await?;
        rows.into_iter().map(ErrandRecord::into_errand).collect()
    }

    pub(crate) async fn errand_count(&self, station_id: i64, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<u32> {
        let (n,): (i64,) = q("SELECT count(*) FROM errands WHERE station_id = $1 AND at >= $2 AND at < $3")
            .bind(station_id)
            .bind(from)
            .bind(to)
            .fetch_one(self)
            .await?;
        Ok(to_u32(n))
    }

    /// Errands by type, staff member and China month in [from, to).
    pub(crate) async fn errand_tallies(
        &self,
        station_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<ErrandTally>> {
        let rows: Vec<(String, String, String, i64)> = q(
            "SELECT t.name, er.staff_name, substr(datetime(er.at, '+8 hours'), 1, 7), count(*)
             FROM errands er JOIN errand_types t ON t.id = er.type_id
             WHERE er.station_id = $1 AND er.at >= $2 AND er.at < $3
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        )
        .pg(
            "SELECT t.name, er.staff_name, to_char((er.at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM'), count(*)
             FROM errands er JOIN errand_types t ON t.id = er.type_id
             WHERE er.station_id = $1 AND er.at >= $2 AND er.at < $3
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        )
        .bind(station_id)
        .bind(from)
        .bind(to)
        .fetch_all(self)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(type_name, staff_name, month, n)| ErrandTally { type_name, staff_name, month, n: to_u32(n) })
            .collect())
    }
}

impl WriteTx<'_> {
    pub(crate) async fn seed_errand_types(&mut self, names: &[&str]) -> Result<()> {
        let (n,): (i64,) = q("SELECT count(*) FROM errand_types WHERE station_id = $1")
            .bind(self.actor().station_id)
            .fetch_one(&mut self.tx)
            .await?;
        if n > 0 {
            return Ok(());
        }
        for (i, name) in names.iter().enumerate() {
            self.insert_errand_type(name, i as i64 + 1).await?;
        }
        Ok(())
    }

    /// Whether a type of that name exists, and the last sort position, read inside the
    /// write transaction.
    pub(crate) async fn errand_type_slot(&mut self, name: &str) -> Result<(bool, i64)> {
        let (taken, last): (i64, i64) = q("SELECT CAST(count(CASE WHEN name = $2 THEN 1 END) AS BIGINT),
                CAST(coalesce(max(sort_order), 0) AS BIGINT) FROM errand_types WHERE station_id = $1")
        .bind(self.actor().station_id)
        .bind(name)
        .fetch_one(&mut self.tx)
        .await?;
        Ok((taken > 0, last))
    }

    pub(crate) async fn insert_errand_type(&mut self, name: &str, sort_order: i64) -> Result<i64> {
        let id = q("INSERT INTO errand_types (station_id, name, sort_order, active) VALUES ($1, $2, $3, TRUE)")
            .bind(self.actor().station_id)
            .bind(name)
            .bind(sort_order)
            .insert_id(&mut self.tx)
            .await?;
        let c: Vec<FieldChange> = FieldChange::set("name", Some(name)).into_iter().collect();
        self.audit("errand_type", id, "create", &c).await?;
        Ok(id)
    }

    pub(crate) async fn update_errand_type(&mut self, before: &ErrandType, name: &str, active: bool) -> Result<()> {
        q("UPDATE errand_types SET name = $1, active = $2 WHERE id = $3 AND station_id = $4")
            .bind(name)
            .bind(active)
            .bind(before.id)
            .bind(self.actor().station_id)
            .execute(&mut self.tx)
            .await?;
        let flag = |b: bool| if b { "启用" } else { "停用" };
        let c: Vec<FieldChange> = [
            FieldChange::change("name", Some(&before.name), Some(name)),
            FieldChange::change("active", Some(flag(before.active)), Some(flag(active))),
        ]
        .into_iter()
        .flatten()
        .collect();
        self.audit("errand_type", before.id, "update", &c).await
    }

    pub(crate) async fn insert_errand(&mut self, e: &ValidErrand) -> Result<i64> {
        let actor = self.actor().clone();
        let ty: Option<(String, bool)> = q("SELECT name, active FROM errand_types WHERE id = $1 AND station_id = $2")
            .bind(e.type_id)
            .bind(actor.station_id)
            .fetch_optional(&mut self.tx)
            .await?;
        let Some((type_name, true)) = ty else {
            return Err(CoreError::invalid("typeId", "办理事项不在本站的列表中，请从列表中选择（可在“设置”里维护）"));
        };
        let staff_name = match e.staff_id {
            Some(id) => {
                let row: Option<(String,)> = q("SELECT name FROM staff WHERE id = $1 AND station_id = $2")
                    .bind(id)
                    .bind(actor.station_id)
                    .fetch_optional(&mut self.tx)
                    .await?;
                row.map(|(n,)| n)
                    .ok_or_else(|| CoreError::invalid("staffId", "所选工作人员不在本站名单中，请重新选择"))?
            }
            None => actor.staff_name.clone(),
        };
        let id = q(
            "INSERT INTO errands (station_id, type_id, resident_name, phone, at, staff_id, staff_name, place, event_id,
                occurrence_start, outcome, note, created_at, created_by_name)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(actor.station_id)
        .bind(e.type_id)
        .bind(&e.resident_name)
        .bind(&e.phone)
        .bind(e.at)
        .bind(e.staff_id)
        .bind(&staff_name)
        .bind(&e.place)
        .bind(e.event_id)
        .bind(e.occurrence_start)
        .bind(e.outcome.code())
        .bind(&e.note)
        .bind(self.now)
        .bind(&actor.staff_name)
        .insert_id(&mut self.tx)
        .await?;
        let c = changes(&[
            ("type", Some(type_name)),
            ("residentName", e.resident_name.clone()),
            ("at", Some(china_hm(e.at))),
            ("staff", Some(staff_name)),
            ("place", e.place.clone()),
            ("outcome", Some(e.outcome.label().to_owned())),
        ]);
        self.audit("errand", id, "create", &c).await?;
        Ok(id)
    }
}

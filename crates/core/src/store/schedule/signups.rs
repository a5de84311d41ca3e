//! SQL for sign-ups and walk-ins of one occurrence, and the waitlist moving up.

use crate::store::q;
use stationdesk_model::signups::{admit, seats_free};

use super::*;

impl Store {
    /// Original starts of the active sign-ups of a series.
    pub(crate) async fn active_signup_keys(&self, event_id: i64) -> Result<Vec<DateTime<Utc>>> {
        let rows: Vec<(DateTime<Utc>,)> =
            q("SELECT DISTINCT occurrence_start FROM event_signups WHERE event_id = $1 AND status <> 'cancelled'")
                .bind(event_id)
                .fetch_all(self)
                .await?;
        Ok(rows.into_iter().map(|(t,)| t).collect())
    }

    /// A sign-up and its full phone number.
    pub(crate) async fn signup_by_id(&self, station_id: i64, id: i64) -> Result<Option<(Signup, Option<String>)>> {
        let sql = format!("SELECT {SIGNUP_COLUMNS} FROM event_signups s WHERE s.id = $1 AND s.station_id = $2");
        let row: Option<SignupRecord> =
            q(sqlx::AssertSqlSafe(sql)).bind(id).bind(station_id).fetch_optional(self).await?;
        row.map(SignupRecord::into_signup).transpose()
    }

    /// Who is signed up (not cancelled) for an occurrence: each name with its full phone, so
    /// a roster read again can tell who is already on the list.
    pub(crate) async fn signup_identities(
        &self,
        station_id: i64,
        key: OccurrenceKey,
    ) -> Result<Vec<(String, Option<String>)>> {
        Ok(q("SELECT name, phone FROM event_signups
              WHERE station_id = $1 AND event_id = $2 AND occurrence_start = $3 AND status <> 'cancelled'")
        .bind(station_id)
        .bind(key.event_id)
        .bind(key.occurrence_start)
        .fetch_all(self)
        .await?)
    }

    /// An occurrence's sign-ups: confirmed and waiting in order, then cancelled ones.
    pub(crate) async fn signups(&self, station_id: i64, key: OccurrenceKey) -> Result<Vec<Signup>> {
        let sql = format!(
            "SELECT {SIGNUP_COLUMNS} FROM event_signups s
             WHERE s.station_id = $1 AND s.event_id = $2 AND s.occurrence_start = $3
             ORDER BY s.status = 'cancelled', s.status = 'waitlisted', s.id"
        );
        let rows: Vec<SignupRecord> = q(sqlx::AssertSqlSafe(sql))
            .bind(station_id)
            .bind(key.event_id)
            .bind(key.occurrence_start)
            .fetch_all(self)
            .await?;
        rows.into_iter().map(|r| r.into_signup().map(|(s, _)| s)).collect()
    }

    pub(crate) async fn walk_ins(&self, station_id: i64, key: OccurrenceKey) -> Result<Vec<WalkIn>> {
        let rows: Vec<(i64, Option<String>, i64, DateTime<Utc>)> = q("SELECT id, name, people, at FROM event_walkins
             WHERE station_id = $1 AND event_id = $2 AND occurrence_start = $3 ORDER BY id")
        .bind(station_id)
        .bind(key.event_id)
        .bind(key.occurrence_start)
        .fetch_all(self)
        .await?;
        Ok(rows.into_iter().map(|(id, name, people, at)| WalkIn { id, name, people: to_u32(people), at }).collect())
    }
}

impl WriteTx<'_> {
    /// Moves waiting people up wherever a series' occurrences have free seats (after its
    /// capacity grew).
    pub(crate) async fn promote_waitlists(&mut self, event_id: i64) -> Result<()> {
        let rows: Vec<(DateTime<Utc>, Option<i64>, Option<i64>)> =
            q("SELECT DISTINCT s.occurrence_start, o.capacity, e.capacity FROM event_signups s
             JOIN events e ON e.id = s.event_id
             LEFT JOIN event_overrides o ON o.event_id = s.event_id AND o.occurrence_start = s.occurrence_start
             WHERE s.event_id = $1 AND s.status = 'waitlisted'")
            .bind(event_id)
            .fetch_all(&mut self.tx)
            .await?;
        for (at, own, series) in rows {
            self.promote_waitlist(event_id, at, own.or(series).map(to_u32)).await?;
        }
        Ok(())
    }

    /// Fills free seats of one occurrence from its waitlist, first come first served.
    /// Returns the ids moved up.
    pub(crate) async fn promote_waitlist(
        &mut self,
        event_id: i64,
        at: DateTime<Utc>,
        capacity: Option<u32>,
    ) -> Result<Vec<i64>> {
        let (confirmed,): (i64,) = q(
            "SELECT count(*) FROM event_signups WHERE event_id = $1 AND occurrence_start = $2 AND status = 'confirmed'",
        )
        .bind(event_id)
        .bind(at)
        .fetch_one(&mut self.tx)
        .await?;
        let free = seats_free(u32::try_from(confirmed).unwrap_or(u32::MAX), capacity);
        if free == 0 {
            return Ok(Vec::new());
        }
        let ids: Vec<(i64,)> = q("UPDATE event_signups SET status = 'confirmed', promoted_at = $1
             WHERE id IN (SELECT id FROM event_signups WHERE event_id = $2 AND occurrence_start = $3
                          AND status = 'waitlisted' ORDER BY id LIMIT $4)
             RETURNING id")
        .bind(self.now)
        .bind(event_id)
        .bind(at)
        .bind(i64::from(free))
        .fetch_all(&mut self.tx)
        .await?;
        let mut ids: Vec<i64> = ids.into_iter().map(|(id,)| id).collect();
        ids.sort_unstable();
        for id in &ids {
            let c: Vec<FieldChange> = FieldChange::change(
                "status",
                Some(SignupStatus::Waitlisted.label()),
                Some(SignupStatus::Confirmed.label()),
            )
            .into_iter()
            .collect();
            self.audit("event_signup", *id, "promote", &c).await?;
        }
        Ok(ids)
    }

    pub(crate) async fn insert_signup(
        &mut self,
        key: OccurrenceKey,
        name: &str,
        phone: Option<&str>,
        note: Option<&str>,
        capacity: Option<u32>,
    ) -> Result<i64> {
        let dup: Option<(i64,)> =
            q("SELECT id FROM event_signups WHERE event_id = $1 AND occurrence_start = $2 AND status <> 'cancelled'
               AND name = $3 AND coalesce(phone, '') = coalesce($4, '')")
            .bind(key.event_id)
            .bind(key.occurrence_start)
            .bind(name)
            .bind(phone)
            .fetch_optional(&mut self.tx)
            .await?;
        let (confirmed,): (i64,) = q(
            "SELECT count(*) FROM event_signups WHERE event_id = $1 AND occurrence_start = $2 AND status = 'confirmed'",
        )
        .bind(key.event_id)
        .bind(key.occurrence_start)
        .fetch_one(&mut self.tx)
        .await?;
        let status = admit(name, dup.is_some(), u32::try_from(confirmed).unwrap_or(u32::MAX), capacity)?;
        let id = q(
            "INSERT INTO event_signups (station_id, event_id, occurrence_start, name, phone, note, status, signed_up_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(self.actor().station_id)
        .bind(key.event_id)
        .bind(key.occurrence_start)
        .bind(name)
        .bind(phone)
        .bind(note)
        .bind(status.code())
        .bind(self.now)
        .insert_id(&mut self.tx)
        .await?;
        let c = changes(&[
            ("event", Some(key.event_id.to_string())),
            ("occurrence", Some(china_hm(key.occurrence_start))),
            ("signupName", Some(name.to_owned())),
            ("status", Some(status.label().to_owned())),
        ]);
        self.audit("event_signup", id, "create", &c).await?;
        Ok(id)
    }

    pub(crate) async fn cancel_signup(&mut self, s: &Signup) -> Result<()> {
        q("UPDATE event_signups SET status = 'cancelled', cancelled_at = $1 WHERE id = $2 AND station_id = $3")
            .bind(self.now)
            .bind(s.id)
            .bind(self.actor().station_id)
            .execute(&mut self.tx)
            .await?;
        let c: Vec<FieldChange> =
            FieldChange::change("status", Some(s.status.label()), Some(SignupStatus::Cancelled.label()))
                .into_iter()
                .collect();
        self.audit("event_signup", s.id, "cancel", &c).await
    }

    pub(crate) async fn check_in(&mut self, s: &Signup) -> Result<()> {
        q("UPDATE event_signups SET checked_in_at = $1 WHERE id = $2 AND station_id = $3")
            .bind(self.now)
            .bind(s.id)
            .bind(self.actor().station_id)
            .execute(&mut self.tx)
            .await?;
        let c: Vec<FieldChange> = FieldChange::set("checkedIn", Some(&china_hm(self.now))).into_iter().collect();
        self.audit("event_signup", s.id, "check_in", &c).await
    }

    pub(crate) async fn insert_walk_in(
        &mut self,
        key: OccurrenceKey,
        name: Option<String>,
        people: u32,
    ) -> Result<WalkIn> {
        let id = q("INSERT INTO event_walkins (station_id, event_id, occurrence_start, name, people, at)
             VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(self.actor().station_id)
        .bind(key.event_id)
        .bind(key.occurrence_start)
        .bind(&name)
        .bind(i64::from(people))
        .bind(self.now)
        .insert_id(&mut self.tx)
        .await?;
        let c = changes(&[
            ("event", Some(key.event_id.to_string())),
            ("occurrence", Some(china_hm(key.occurrence_start))),
            ("signupName", name.clone()),
            ("people", Some(people.to_string())),
        ]);
        self.audit("event_walkin", id, "create", &c).await?;
        Ok(WalkIn { id, name, people, at: self.now })
    }
}

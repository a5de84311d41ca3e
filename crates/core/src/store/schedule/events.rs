//! SQL for events: series, their one-off overrides, the occurrences' tallies, the
//! person-times served and volunteers' hours.

use super::*;
use crate::parties::{PartyInput, PartyKind};
use crate::store::q;

impl Store {
    pub(crate) async fn event_by_id(&self, station_id: i64, id: i64) -> Result<Option<Event>> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = $1 AND station_id = $2");
        let row: Option<EventRecord> =
            q(sqlx::AssertSqlSafe(sql)).bind(id).bind(station_id).fetch_optional(self).await?;
        let names = self.staff_names(station_id).await?;
        row.map(|r| r.into_series(&names).map(|s| s.event)).transpose()
    }

    /// Whether a series marked 节假日不举办, not cancelled, may have occurrences after `from`.
    pub(crate) async fn skipping_series_after(&self, station_id: i64, from: DateTime<Utc>) -> Result<bool> {
        let (n,): (i64,) = q("SELECT count(*) FROM events WHERE station_id = $1 AND skip_holidays
                 AND cancelled_at IS NULL AND (series_end IS NULL OR series_end > $2)")
        .bind(station_id)
        .bind(from)
        .fetch_one(self)
        .await?;
        Ok(n > 0)
    }

    /// Series that can have an occurrence in [from, to).
    pub(crate) async fn series_in_window(
        &self,
        station_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<SeriesRow>> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events
             WHERE station_id = $1 AND starts_at < $2 AND (series_end IS NULL OR series_end > $3)"
        );
        // A day of slack either side: an override may move an occurrence by up to that much
        // without its series being in the window (further moves are found by their row).
        let rows: Vec<EventRecord> = q(sqlx::AssertSqlSafe(sql))
            .bind(station_id)
            .bind(to + Duration::days(1))
            .bind(from - Duration::days(1))
            .fetch_all(self)
            .await?;
        let mut ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        // Series whose occurrences were moved into the window from far away.
        let moved: Vec<(i64,)> =
            q("SELECT DISTINCT o.event_id FROM event_overrides o JOIN events e ON e.id = o.event_id
             WHERE e.station_id = $1 AND o.starts_at < $2 AND o.ends_at > $3")
            .bind(station_id)
            .bind(to)
            .bind(from)
            .fetch_all(self)
            .await?;
        let names = self.staff_names(station_id).await?;
        let mut out = rows.into_iter().map(|r| r.into_series(&names)).collect::<Result<Vec<_>>>()?;
        for (id,) in moved {
            if !ids.contains(&id) {
                ids.push(id);
                if let Some(e) = self.event_by_id(station_id, id).await? {
                    let staff_ids = e.staff.iter().map(|s| s.id).collect();
                    out.push(SeriesRow { event: e, staff_ids });
                }
            }
        }
        Ok(out)
    }

    /// "This one" edits whose occurrence or new time falls in [from, to) (a day of slack).
    pub(crate) async fn overrides_in_window(
        &self,
        station_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<HashMap<OccurrenceKey, Override>> {
        let sql = format!(
            "SELECT {OVERRIDE_COLUMNS} FROM event_overrides o JOIN events e ON e.id = o.event_id
             WHERE e.station_id = $1
               AND ((o.occurrence_start >= $2 AND o.occurrence_start < $3) OR (o.starts_at < $4 AND o.ends_at > $5))"
        );
        let rows: Vec<OverrideRecord> = q(sqlx::AssertSqlSafe(sql))
            .bind(station_id)
            .bind(from - Duration::days(2))
            .bind(to + Duration::days(2))
            .bind(to)
            .bind(from)
            .fetch_all(self)
            .await?;
        Ok(rows.into_iter().map(OverrideRecord::split).collect())
    }

    pub(crate) async fn override_for(&self, key: OccurrenceKey) -> Result<Option<Override>> {
        let sql = format!(
            "SELECT {OVERRIDE_COLUMNS} FROM event_overrides o WHERE o.event_id = $1 AND o.occurrence_start = $2"
        );
        let row: Option<OverrideRecord> =
            q(sqlx::AssertSqlSafe(sql)).bind(key.event_id).bind(key.occurrence_start).fetch_optional(self).await?;
        Ok(row.map(|r| r.split().1))
    }

    /// Sign-up, attendance and served figures of every occurrence whose original start is
    /// in [lo, hi], in one grouped statement.
    pub(crate) async fn tallies(
        &self,
        station_id: i64,
        lo: DateTime<Utc>,
        hi: DateTime<Utc>,
    ) -> Result<HashMap<OccurrenceKey, Tally>> {
        // One row of JSON instead of a row per occurrence: sqlx hands every row across
        // threads one by one, which cost ~5 µs a row (10 ms for a month of 2 000).
        let sql = "SELECT json_group_array(json_array(event_id, occurrence_start, c, w, ci, wi, served)) FROM (
             SELECT event_id, occurrence_start, CAST(sum(confirmed) AS BIGINT) AS c, CAST(sum(waitlisted) AS BIGINT) AS w,
                    CAST(sum(checked_in) AS BIGINT) AS ci, CAST(sum(walk_ins) AS BIGINT) AS wi, max(served) AS served
             FROM (
                SELECT event_id, occurrence_start, CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END AS confirmed,
                       CASE WHEN status = 'waitlisted' THEN 1 ELSE 0 END AS waitlisted,
                       CASE WHEN checked_in_at IS NOT NULL AND status <> 'cancelled' THEN 1 ELSE 0 END AS checked_in,
                       0 AS walk_ins, CAST(NULL AS BIGINT) AS served
                FROM event_signups WHERE station_id = $1 AND occurrence_start >= $2 AND occurrence_start <= $3
                UNION ALL
                SELECT event_id, occurrence_start, 0, 0, 0, people, NULL
                FROM event_walkins WHERE station_id = $1 AND occurrence_start >= $2 AND occurrence_start <= $3
                UNION ALL
                SELECT event_id, occurrence_start, 0, 0, 0, 0, served
                FROM event_served WHERE station_id = $1 AND occurrence_start >= $2 AND occurrence_start <= $3
             ) AS parts
             GROUP BY event_id, occurrence_start) AS tallies";
        let (json,): (String,) = q(sql)
            .pg(sqlx::AssertSqlSafe(sql.replace("json_array(", "json_build_array(")))
            .bind(station_id)
            .bind(lo)
            .bind(hi)
            .fetch_one(self)
            .await?;
        let rows: Vec<TallyRow> =
            serde_json::from_str(&json).map_err(|e| CoreError::Database(sqlx::Error::Decode(Box::new(e))))?;
        Ok(rows
            .into_iter()
            .map(|(event_id, occurrence_start, c, w, ci, wi, served)| {
                (
                    OccurrenceKey { event_id, occurrence_start },
                    Tally {
                        confirmed: to_u32(c),
                        waitlisted: to_u32(w),
                        checked_in: to_u32(ci),
                        walk_ins: to_u32(wi),
                        served: served.map(to_u32),
                    },
                )
            })
            .collect())
    }

    pub(crate) async fn tallies_for(&self, station_id: i64, key: OccurrenceKey) -> Result<Tally> {
        let all = self.tallies(station_id, key.occurrence_start, key.occurrence_start).await?;
        Ok(all.get(&key).copied().unwrap_or_default())
    }

    /// The naive way to count, for the benchmark: one statement per occurrence.
    pub async fn reference_tally_one(&self, station_id: i64, key: OccurrenceKey) -> Result<(i64, i64)> {
        let row: (i64, i64) =
            q("SELECT count(*) FILTER (WHERE status = 'confirmed'), count(*) FILTER (WHERE status = 'waitlisted')
             FROM event_signups WHERE station_id = $1 AND event_id = $2 AND occurrence_start = $3")
            .bind(station_id)
            .bind(key.event_id)
            .bind(key.occurrence_start)
            .fetch_one(self)
            .await?;
        Ok(row)
    }

    pub(crate) async fn volunteer_minutes(&self, key: OccurrenceKey) -> Result<Vec<(String, i64)>> {
        Ok(q(
            "SELECT volunteer, minutes FROM volunteer_hours WHERE event_id = $1 AND occurrence_start = $2 ORDER BY id",
        )
        .bind(key.event_id)
        .bind(key.occurrence_start)
        .fetch_all(self)
        .await?)
    }

    /// Minutes of volunteering per China month (`2026-12`) between two China dates.
    pub(crate) async fn volunteer_minutes_by_month(
        &self,
        station_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(String, i64)>> {
        Ok(q("SELECT substr(day, 1, 7), CAST(sum(minutes) AS BIGINT) FROM volunteer_hours
             WHERE station_id = $1 AND day >= $2 AND day <= $3 GROUP BY 1 ORDER BY 1")
        .pg("SELECT to_char(day, 'YYYY-MM'), CAST(sum(minutes) AS BIGINT) FROM volunteer_hours
             WHERE station_id = $1 AND day >= $2 AND day <= $3 GROUP BY 1 ORDER BY 1")
        .bind(station_id)
        .bind(from)
        .bind(to)
        .fetch_all(self)
        .await?)
    }
}

impl WriteTx<'_> {
    /// The event's partners from the directory: typed names found there by name or added
    /// (as 其他, audited like any new party), then every id checked to be the station's.
    /// Returns the ids and their names, in order.
    async fn event_partners(&mut self, e: &ValidEvent) -> Result<(Vec<i64>, Vec<String>)> {
        let station_id = self.actor().station_id;
        let directory: Vec<(i64, String)> =
            q("SELECT id, name FROM parties WHERE station_id = $1").bind(station_id).fetch_all(&mut self.tx).await?;
        let mut partners: Vec<(i64, String)> = Vec::new();
        for id in &e.partner_ids {
            let Some(found) = directory.iter().find(|(d, _)| d == id) else {
                return Err(CoreError::invalid("partnerIds", format!("合作单位 #{id} 不在相关方名录里，请重新选择")));
            };
            partners.push(found.clone());
        }
        for name in &e.partners {
            let id = match directory.iter().find(|(_, n)| n == name) {
                Some((id, _)) => *id,
                None => {
                    let input = PartyInput {
                        id: None,
                        kind: PartyKind::Other,
                        name: name.clone(),
                        contact_person: None,
                        phone: None,
                        note: Some("登记活动时添加".to_owned()),
                        active: true,
                    };
                    let valid = crate::parties::validate(&input)?;
                    self.save_party(&valid).await?.id
                }
            };
            if !partners.iter().any(|(p, _)| *p == id) {
                partners.push((id, name.clone()));
            }
        }
        Ok(partners.into_iter().unzip())
    }

    pub(crate) async fn insert_event(&mut self, e: &ValidEvent, split_from: Option<i64>) -> Result<i64> {
        self.check_staff(&e.staff_ids, "staffIds").await?;
        let (partner_ids, partners) = self.event_partners(e).await?;
        let actor = self.actor().clone();
        let id = q(
            "INSERT INTO events (station_id, kind, title, starts_at, ends_at, place, partners, staff_ids, volunteers,
                description, rrule, exdates, capacity, series_end, split_from, created_at, created_by_name, updated_at,
                partner_ids, audience, bring, link, skip_holidays)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $16, $18, $19, $20, $21,
                $22)",
        )
        .bind(actor.station_id)
        .bind(e.kind.code())
        .bind(&e.title)
        .bind(e.start)
        .bind(e.end)
        .bind(&e.place)
        .bind(json(&partners))
        .bind(json(&e.staff_ids))
        .bind(json(&e.volunteers))
        .bind(&e.description)
        .bind(&e.rrule)
        .bind(json(&e.exdates))
        .bind(e.capacity.map(i64::from))
        .bind(e.series_end)
        .bind(split_from)
        .bind(self.now)
        .bind(&actor.staff_name)
        .bind(json(&partner_ids))
        .bind(&e.audience)
        .bind(&e.bring)
        .bind(&e.link)
        .bind(e.skip_holidays)
        .insert_id(&mut self.tx)
        .await?;
        let mut c = event_changes(e, &partners);
        if let Some(from) = split_from {
            c.extend(FieldChange::set("splitFrom", Some(&from.to_string())));
        }
        self.audit("event", id, "create", &c).await?;
        Ok(id)
    }

    /// "All": the series takes the form's values.
    pub(crate) async fn update_event(&mut self, before: &Event, e: &ValidEvent) -> Result<()> {
        self.check_staff(&e.staff_ids, "staffIds").await?;
        let (partner_ids, partners) = self.event_partners(e).await?;
        q("UPDATE events SET kind = $1, title = $2, starts_at = $3, ends_at = $4, place = $5, partners = $6,
                staff_ids = $7, volunteers = $8, description = $9, rrule = $10, exdates = $11, capacity = $12,
                series_end = $13, updated_at = $14, partner_ids = $17, audience = $18, bring = $19, link = $20,
                skip_holidays = $21
             WHERE id = $15 AND station_id = $16")
        .bind(e.kind.code())
        .bind(&e.title)
        .bind(e.start)
        .bind(e.end)
        .bind(&e.place)
        .bind(json(&partners))
        .bind(json(&e.staff_ids))
        .bind(json(&e.volunteers))
        .bind(&e.description)
        .bind(&e.rrule)
        .bind(json(&e.exdates))
        .bind(e.capacity.map(i64::from))
        .bind(e.series_end)
        .bind(self.now)
        .bind(before.id)
        .bind(self.actor().station_id)
        .bind(json(&partner_ids))
        .bind(&e.audience)
        .bind(&e.bring)
        .bind(&e.link)
        .bind(e.skip_holidays)
        .execute(&mut self.tx)
        .await?;
        let c: Vec<FieldChange> = [
            FieldChange::change("title", Some(&before.title), Some(&e.title)),
            FieldChange::change("kind", Some(before.kind.label()), Some(e.kind.label())),
            FieldChange::change("start", Some(&china_hm(before.start)), Some(&china_hm(e.start))),
            FieldChange::change("end", Some(&china_hm(before.end)), Some(&china_hm(e.end))),
            FieldChange::change("place", Some(&before.place), Some(&e.place)),
            FieldChange::change("partners", Some(&before.partners.join("、")), Some(&partners.join("、"))),
            FieldChange::change("rrule", before.rrule.as_deref(), e.rrule.as_deref()),
            FieldChange::change(
                "capacity",
                before.capacity.map(|c| c.to_string()).as_deref(),
                e.capacity.map(|c| c.to_string()).as_deref(),
            ),
            FieldChange::change("exdates", Some(&json(&before.exdates)), Some(&json(&e.exdates))),
            FieldChange::change("skipHolidays", Some(yes_no(before.skip_holidays)), Some(yes_no(e.skip_holidays))),
            FieldChange::change("description", before.description.as_deref(), e.description.as_deref()),
            FieldChange::change("audience", before.audience.as_deref(), e.audience.as_deref()),
            FieldChange::change("bring", before.bring.as_deref(), e.bring.as_deref()),
            FieldChange::change("link", before.link.as_deref(), e.link.as_deref()),
        ]
        .into_iter()
        .flatten()
        .collect();
        self.audit("event", before.id, "update", &c).await
    }

    /// "This one": stores only what differs from the series.
    pub(crate) async fn override_occurrence(&mut self, s: &Event, at: DateTime<Utc>, e: &ValidEvent) -> Result<()> {
        self.check_staff(&e.staff_ids, "staffIds").await?;
        let series_staff: Vec<i64> = s.staff.iter().map(|x| x.id).collect();
        let moved = e.start != at || e.end - e.start != s.end - s.start;
        let title = (e.title != s.title).then_some(&e.title);
        let place = (e.place != s.place).then_some(&e.place);
        let staff = (e.staff_ids != series_staff).then(|| json(&e.staff_ids));
        let volunteers = (e.volunteers != s.volunteers).then(|| json(&e.volunteers));
        let description = (e.description != s.description).then(|| e.description.clone().unwrap_or_default());
        let capacity = (e.capacity != s.capacity).then_some(e.capacity).flatten().map(i64::from);
        q("INSERT INTO event_overrides (event_id, occurrence_start, cancelled, title, starts_at, ends_at, place,
                staff_ids, volunteers, description, capacity)
             VALUES ($1, $2, FALSE, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (event_id, occurrence_start) DO UPDATE SET cancelled = FALSE, title = $3, starts_at = $4,
                ends_at = $5, place = $6, staff_ids = $7, volunteers = $8, description = $9, capacity = $10")
        .bind(s.id)
        .bind(at)
        .bind(title)
        .bind(moved.then_some(e.start))
        .bind(moved.then_some(e.end))
        .bind(place)
        .bind(staff)
        .bind(volunteers)
        .bind(description)
        .bind(capacity)
        .execute(&mut self.tx)
        .await?;
        let mut c = vec![FieldChange::set("occurrence", Some(&china_hm(at)))];
        c.extend([
            FieldChange::change("title", Some(&s.title), Some(&e.title)),
            FieldChange::change("start", Some(&china_hm(at)), Some(&china_hm(e.start))),
            FieldChange::change("place", Some(&s.place), Some(&e.place)),
            FieldChange::change(
                "capacity",
                s.capacity.map(|c| c.to_string()).as_deref(),
                e.capacity.map(|c| c.to_string()).as_deref(),
            ),
        ]);
        let c: Vec<FieldChange> = c.into_iter().flatten().collect();
        self.audit("event", s.id, "update_occurrence", &c).await?;
        let cap = e.capacity.or(s.capacity);
        self.promote_waitlist(s.id, at, cap).await?;
        Ok(())
    }

    pub(crate) async fn cancel_occurrence(&mut self, s: &Event, at: DateTime<Utc>) -> Result<()> {
        q("INSERT INTO event_overrides (event_id, occurrence_start, cancelled) VALUES ($1, $2, TRUE)
             ON CONFLICT (event_id, occurrence_start) DO UPDATE SET cancelled = TRUE")
        .bind(s.id)
        .bind(at)
        .execute(&mut self.tx)
        .await?;
        let c: Vec<FieldChange> = FieldChange::set("occurrence", Some(&china_hm(at))).into_iter().collect();
        self.audit("event", s.id, "cancel_occurrence", &c).await
    }

    pub(crate) async fn cancel_event(&mut self, s: &Event) -> Result<()> {
        q("UPDATE events SET cancelled_at = $1, updated_at = $1 WHERE id = $2 AND station_id = $3")
            .bind(self.now)
            .bind(s.id)
            .bind(self.actor().station_id)
            .execute(&mut self.tx)
            .await?;
        self.audit("event", s.id, "cancel", &[]).await
    }

    /// Ends a series before an occurrence ("this and following").
    pub(crate) async fn end_series(&mut self, s: &Event, rule: &str, series_end: Option<DateTime<Utc>>) -> Result<()> {
        q("UPDATE events SET rrule = $1, series_end = $2, updated_at = $3 WHERE id = $4 AND station_id = $5")
            .bind(rule)
            .bind(series_end.unwrap_or(s.end))
            .bind(self.now)
            .bind(s.id)
            .bind(self.actor().station_id)
            .execute(&mut self.tx)
            .await?;
        let c: Vec<FieldChange> = FieldChange::change("rrule", s.rrule.as_deref(), Some(rule)).into_iter().collect();
        self.audit("event", s.id, "end_series", &c).await
    }

    /// Moves everything recorded against occurrences of `from_event` (from `since` on, or
    /// all) to `to_event`, shifting each original start by `delta`. Returns how many
    /// active sign-ups moved.
    pub(crate) async fn shift_occurrences(
        &mut self,
        from_event: i64,
        to_event: i64,
        since: Option<DateTime<Utc>>,
        delta: Duration,
    ) -> Result<u32> {
        let seconds = format!("{:+} seconds", delta.num_seconds());
        let mut moved = 0;
        for table in ["event_signups", "event_walkins", "event_served", "volunteer_hours", "event_overrides", "errands"]
        {
            let sql = format!(
                "UPDATE {table} SET event_id = $1,
                    occurrence_start = strftime('%Y-%m-%dT%H:%M:%S', occurrence_start, $2) || '+00:00'
                 WHERE event_id = $3 AND occurrence_start IS NOT NULL AND ($4 IS NULL OR occurrence_start >= $4)"
            );
            let pg = format!(
                "UPDATE {table} SET event_id = $1, occurrence_start = occurrence_start + CAST($2 AS interval)
                 WHERE event_id = $3 AND occurrence_start IS NOT NULL AND ($4 IS NULL OR occurrence_start >= $4)"
            );
            let n = q(sqlx::AssertSqlSafe(sql))
                .pg(sqlx::AssertSqlSafe(pg))
                .bind(to_event)
                .bind(&seconds)
                .bind(from_event)
                .bind(since)
                .execute(&mut self.tx)
                .await?;
            if table == "event_signups" {
                moved = u32::try_from(n).unwrap_or(u32::MAX);
            }
        }
        Ok(moved)
    }

    /// Person-times and volunteers' minutes of an occurrence; replaces earlier figures.
    pub(crate) async fn record_served(
        &mut self,
        key: OccurrenceKey,
        day: NaiveDate,
        served: u32,
        note: Option<&str>,
        minutes: &[(String, i64)],
    ) -> Result<()> {
        let actor = self.actor().clone();
        q(
            "INSERT INTO event_served (station_id, event_id, occurrence_start, served, note, recorded_at, recorded_by_name)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (event_id, occurrence_start) DO UPDATE SET served = $4, note = $5, recorded_at = $6,
                recorded_by_name = $7",
        )
        .bind(actor.station_id)
        .bind(key.event_id)
        .bind(key.occurrence_start)
        .bind(i64::from(served))
        .bind(note)
        .bind(self.now)
        .bind(&actor.staff_name)
        .execute(&mut self.tx)
        .await?;
        q("DELETE FROM volunteer_hours WHERE event_id = $1 AND occurrence_start = $2")
            .bind(key.event_id)
            .bind(key.occurrence_start)
            .execute(&mut self.tx)
            .await?;
        for (volunteer, m) in minutes {
            q(
                "INSERT INTO volunteer_hours (station_id, event_id, occurrence_start, volunteer, day, minutes, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(actor.station_id)
            .bind(key.event_id)
            .bind(key.occurrence_start)
            .bind(volunteer)
            .bind(day)
            .bind(m)
            .bind(self.now)
            .execute(&mut self.tx)
            .await?;
        }
        let total: i64 = minutes.iter().map(|(_, m)| m).sum();
        let c = changes(&[
            ("occurrence", Some(china_hm(key.occurrence_start))),
            ("served", Some(served.to_string())),
            ("volunteerMinutes", Some(total.to_string())),
        ]);
        self.audit("event", key.event_id, "record_served", &c).await
    }
}

fn event_changes(e: &ValidEvent, partners: &[String]) -> Vec<FieldChange> {
    changes(&[
        ("kind", Some(e.kind.label().to_owned())),
        ("title", Some(e.title.clone())),
        ("start", Some(china_hm(e.start))),
        ("end", Some(china_hm(e.end))),
        ("place", Some(e.place.clone())),
        ("partners", (!partners.is_empty()).then(|| partners.join("、"))),
        ("volunteers", (!e.volunteers.is_empty()).then(|| e.volunteers.join("、"))),
        ("rrule", e.rrule.clone()),
        ("exdates", (!e.exdates.is_empty()).then(|| json(&e.exdates))),
        ("skipHolidays", e.skip_holidays.then(|| yes_no(true).to_owned())),
        ("capacity", e.capacity.map(|c| c.to_string())),
        ("audience", e.audience.clone()),
        ("bring", e.bring.clone()),
        ("link", e.link.clone()),
    ])
}

/// A flag as the audit history shows it.
fn yes_no(flag: bool) -> &'static str {
    if flag { "是" } else { "否" }
}

//! SQL for stations, staff and categories.

use crate::store::q;
use chrono::{SubsecRound, Utc};

use stationdesk_model::roles::Role;

use super::{Actor, Store, WriteTx};
use crate::error::Result;
use crate::station::{Category, Staff, Station};
use crate::store::FieldChange;

type StationRow = (i64, String, String, Option<String>, Option<String>, i64);

fn station((id, code, name, phone, poster_link, idle): StationRow) -> Station {
    let idle_lock_minutes = u32::try_from(idle).unwrap_or(stationdesk_model::roles::DEFAULT_IDLE_LOCK_MINUTES);
    Station { id, code, name, phone, poster_link, idle_lock_minutes }
}

impl Store {
    pub async fn stations(&self) -> Result<Vec<Station>> {
        let rows: Vec<StationRow> =
            q("SELECT id, code, name, phone, poster_link, idle_lock_minutes FROM stations ORDER BY id")
                .fetch_all(self)
                .await?;
        Ok(rows.into_iter().map(station).collect())
    }

    pub async fn staff(&self, station_id: i64) -> Result<Vec<Staff>> {
        self.accounts(station_id).await
    }

    pub async fn categories(&self, station_id: i64) -> Result<Vec<Category>> {
        let rows: Vec<(i64, String, i64, bool)> =
            q("SELECT id, name, sort_order, active FROM categories WHERE station_id = $1 ORDER BY sort_order, id")
                .bind(station_id)
                .fetch_all(self)
                .await?;
        Ok(rows.into_iter().map(|(id, name, sort_order, active)| Category { id, name, sort_order, active }).collect())
    }

    /// Every case number the station holds (for checks after a load test).
    pub async fn case_numbers(&self, station_id: i64) -> Result<Vec<String>> {
        let rows: Vec<(String,)> =
            q("SELECT number FROM cases WHERE station_id = $1").bind(station_id).fetch_all(self).await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Rows of other stations this connection can see in the tables residents' data lives
    /// in: 0 for a station's login on a district server (the server's policies), whatever
    /// our SQL asks.
    pub async fn rows_of_other_stations(&self, station_id: i64) -> Result<i64> {
        let (n,): (i64,) = q("SELECT (SELECT count(*) FROM cases WHERE station_id <> $1)
                + (SELECT count(*) FROM event_signups WHERE station_id <> $1)
                + (SELECT count(*) FROM errands WHERE station_id <> $1)
                + (SELECT count(*) FROM audit_log WHERE station_id <> $1)
                + (SELECT count(*) FROM stations WHERE id <> $1)")
        .bind(station_id)
        .fetch_one(self)
        .await?;
        Ok(n)
    }

    /// A write transaction before any station exists (first-run setup only).
    pub(crate) async fn begin_bootstrap(&self) -> Result<WriteTx<'static>> {
        static NOBODY: Actor = Actor { station_id: 0, staff_id: None, staff_name: String::new(), role: Role::Head };
        self.begin_write(&NOBODY).await
    }
}

impl WriteTx<'_> {
    /// Used once, by `init`, after the station row exists.
    pub(crate) fn set_actor(&mut self, station_id: i64, staff_id: Option<i64>, staff_name: &str) {
        self.bootstrap_actor =
            Some(Actor { station_id, staff_id, staff_name: staff_name.to_owned(), role: Role::Head });
    }

    /// From here on the transaction's writes and audit rows are this actor's (a login,
    /// once the account is known).
    pub(crate) fn act_as(&mut self, actor: Actor) {
        self.bootstrap_actor = Some(actor);
    }

    /// The first station, read inside the write transaction.
    pub(crate) async fn first_station(&mut self) -> Result<Option<Station>> {
        let row: Option<StationRow> =
            q("SELECT id, code, name, phone, poster_link, idle_lock_minutes FROM stations ORDER BY id LIMIT 1")
                .fetch_optional(&mut self.tx)
                .await?;
        Ok(row.map(station))
    }

    pub(crate) async fn insert_station(&mut self, code: &str, name: &str) -> Result<i64> {
        let id = q("INSERT INTO stations (code, name, created_at) VALUES ($1, $2, $3)")
            .bind(code)
            .bind(name)
            .bind(Utc::now().trunc_subsecs(0))
            .insert_id(&mut self.tx)
            .await?;
        Ok(id)
    }

    /// PostgreSQL: names the server login that sees this station's rows, and creates it
    /// (or sets its password) with the right to connect. The password goes to the server
    /// as a parameter and never into the audit log.
    pub(crate) async fn set_station_login(&mut self, station_id: i64, login: &str, password: &str) -> Result<()> {
        q("UPDATE stations SET login = $1 WHERE id = $2").bind(login).bind(station_id).execute(&mut self.tx).await?;
        q("SELECT sd_add_login($1, $2)").bind(login).bind(password).execute(&mut self.tx).await?;
        self.audit(
            "station",
            station_id,
            "update",
            &FieldChange::set("login", Some(login)).into_iter().collect::<Vec<_>>(),
        )
        .await
    }

    /// PostgreSQL: a street-office login, admitted to read every station.
    pub(crate) async fn add_district_login(&mut self, login: &str, password: &str) -> Result<()> {
        q("INSERT INTO district_logins (login) VALUES ($1) ON CONFLICT DO NOTHING")
            .bind(login)
            .execute(&mut self.tx)
            .await?;
        q("SELECT sd_add_login($1, $2)").bind(login).bind(password).execute(&mut self.tx).await?;
        self.audit("district", 0, "login", &FieldChange::set("login", Some(login)).into_iter().collect::<Vec<_>>())
            .await
    }

    /// The staff member of that name, read inside the write transaction (so a name added
    /// by another program a moment ago is seen, not inserted twice).
    pub(crate) async fn staff_named(&mut self, station_id: i64, name: &str) -> Result<Option<Staff>> {
        let row: Option<(i64,)> = q("SELECT id FROM staff WHERE station_id = $1 AND name = $2")
            .bind(station_id)
            .bind(name)
            .fetch_optional(&mut self.tx)
            .await?;
        match row {
            Some((id,)) => Ok(self.account_by_id(station_id, id).await?.map(|a| a.staff)),
            None => Ok(None),
        }
    }

    /// Whether a category of that name exists, and the last sort position, read inside
    /// the write transaction.
    pub(crate) async fn category_slot(&mut self, station_id: i64, name: &str) -> Result<(bool, i64)> {
        let (taken, last): (i64, i64) = q("SELECT CAST(count(CASE WHEN name = $2 THEN 1 END) AS BIGINT),
                CAST(coalesce(max(sort_order), 0) AS BIGINT) FROM categories WHERE station_id = $1")
        .bind(station_id)
        .bind(name)
        .fetch_one(&mut self.tx)
        .await?;
        Ok((taken > 0, last))
    }

    /// A new staff member, logging in as `login` (their name unless said otherwise).
    pub(crate) async fn insert_staff(&mut self, station_id: i64, name: &str, login: &str, role: Role) -> Result<i64> {
        let id = q("INSERT INTO staff (station_id, name, active, created_at, login, role, disabled)
                VALUES ($1, $2, TRUE, $3, $4, $5, FALSE)")
        .bind(station_id)
        .bind(name)
        .bind(self.now)
        .bind(login)
        .bind(role.code())
        .insert_id(&mut self.tx)
        .await?;
        let changes: Vec<FieldChange> = [
            FieldChange::set("name", Some(name)),
            FieldChange::set("login", Some(login)),
            FieldChange::set("role", Some(role.label())),
        ]
        .into_iter()
        .flatten()
        .collect();
        self.audit("staff", id, "create", &changes).await?;
        Ok(id)
    }

    pub(crate) async fn insert_category(&mut self, station_id: i64, name: &str, sort_order: i64) -> Result<i64> {
        let id = q("INSERT INTO categories (station_id, name, sort_order, active) VALUES ($1, $2, $3, TRUE)")
            .bind(station_id)
            .bind(name)
            .bind(sort_order)
            .insert_id(&mut self.tx)
            .await?;
        self.audit("category", id, "create", &FieldChange::set("name", Some(name)).into_iter().collect::<Vec<_>>())
            .await?;
        Ok(id)
    }

    pub(crate) async fn update_station(&mut self, before: &Station, after: &Station) -> Result<()> {
        let (name, phone, poster_link) = (after.name.as_str(), after.phone.as_deref(), after.poster_link.as_deref());
        q("UPDATE stations SET name = $1, phone = $2, poster_link = $4 WHERE id = $3")
            .bind(name)
            .bind(phone)
            .bind(before.id)
            .bind(poster_link)
            .execute(&mut self.tx)
            .await?;
        let changes: Vec<FieldChange> = [
            FieldChange::change("name", Some(&before.name), Some(name)),
            FieldChange::change("phone", before.phone.as_deref(), phone),
            FieldChange::change("posterLink", before.poster_link.as_deref(), poster_link),
        ]
        .into_iter()
        .flatten()
        .collect();
        self.audit("station", before.id, "update", &changes).await
    }

    pub(crate) async fn set_idle_lock(&mut self, before: &Station, minutes: u32) -> Result<()> {
        q("UPDATE stations SET idle_lock_minutes = $1 WHERE id = $2")
            .bind(i64::from(minutes))
            .bind(before.id)
            .execute(&mut self.tx)
            .await?;
        let (old, new) = (before.idle_lock_minutes.to_string(), minutes.to_string());
        let changes: Vec<FieldChange> =
            FieldChange::change("idleLockMinutes", Some(old.as_str()), Some(new.as_str())).into_iter().collect();
        self.audit("station", before.id, "update", &changes).await
    }

    pub(crate) async fn update_category(&mut self, before: &Category, name: &str, active: bool) -> Result<()> {
        q("UPDATE categories SET name = $1, active = $2 WHERE id = $3 AND station_id = $4")
            .bind(name)
            .bind(active)
            .bind(before.id)
            .bind(self.actor().station_id)
            .execute(&mut self.tx)
            .await?;
        let flag = |b: bool| if b { "启用" } else { "停用" };
        let changes: Vec<FieldChange> = [
            FieldChange::change("name", Some(&before.name), Some(name)),
            FieldChange::change("active", Some(flag(before.active)), Some(flag(active))),
        ]
        .into_iter()
        .flatten()
        .collect();
        self.audit("category", before.id, "update", &changes).await
    }
}

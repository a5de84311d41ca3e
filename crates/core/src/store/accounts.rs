//! SQL for staff accounts: login names, roles, the disabled flag (`staff`) and passwords'
//! hashes with the failed-login count (`staff_credentials`). No hash ever goes into the
//! audit log: a password change is audited as the action alone.

use chrono::{DateTime, Utc};
use stationdesk_model::roles::Role;

use super::{Store, WriteTx, q};
use crate::error::Result;
use crate::station::Staff;
use crate::store::FieldChange;

/// An account as the login and the account services read it, hash included (never sent on).
#[derive(Debug, Clone)]
pub(crate) struct AccountRow {
    pub staff: Staff,
    pub password_hash: Option<String>,
    pub failed_logins: i64,
    pub locked_until: Option<DateTime<Utc>>,
}

type Row = (i64, String, bool, Option<String>, String, bool, Option<String>, Option<i64>, Option<DateTime<Utc>>);

/// The account columns, then the condition.
macro_rules! select {
    ($where:literal) => {
        concat!(
            "SELECT s.id, s.name, s.active, s.login, s.role, s.disabled,
                c.password_hash, c.failed_logins, c.locked_until
            FROM staff s LEFT JOIN staff_credentials c ON c.staff_id = s.id ",
            $where
        )
    };
}

pub(crate) fn role_of(code: &str) -> Role {
    Role::ALL.iter().copied().find(|r| r.code() == code).unwrap_or(Role::ReadOnly)
}

fn account((id, name, active, login, role, disabled, hash, failed, locked): Row) -> AccountRow {
    AccountRow {
        staff: Staff { id, name, active, login, role: role_of(&role), disabled, has_password: hash.is_some() },
        password_hash: hash,
        failed_logins: failed.unwrap_or(0),
        locked_until: locked,
    }
}

impl Store {
    /// Every account of the station, in the order they were added (no hashes).
    pub(crate) async fn accounts(&self, station_id: i64) -> Result<Vec<Staff>> {
        let rows: Vec<Row> =
            q(select!("WHERE s.station_id = $1 ORDER BY s.id")).bind(station_id).fetch_all(self).await?;
        Ok(rows.into_iter().map(|r| account(r).staff).collect())
    }

    /// Whether the station has a 站长 who can log in (else the first start after the
    /// upgrade asks for one).
    pub(crate) async fn has_head_with_password(&self, station_id: i64) -> Result<bool> {
        let (n,): (i64,) = q("SELECT count(*) FROM staff s JOIN staff_credentials c ON c.staff_id = s.id
                WHERE s.station_id = $1 AND s.role = 'head' AND NOT s.disabled")
        .bind(station_id)
        .fetch_one(self)
        .await?;
        Ok(n > 0)
    }
}

impl WriteTx<'_> {
    pub(crate) async fn account_by_login(&mut self, station_id: i64, login: &str) -> Result<Option<AccountRow>> {
        let row: Option<Row> = q(select!("WHERE s.station_id = $1 AND s.login = $2"))
            .bind(station_id)
            .bind(login)
            .fetch_optional(&mut self.tx)
            .await?;
        Ok(row.map(account))
    }

    pub(crate) async fn account_by_id(&mut self, station_id: i64, id: i64) -> Result<Option<AccountRow>> {
        let row: Option<Row> = q(select!("WHERE s.station_id = $1 AND s.id = $2"))
            .bind(station_id)
            .bind(id)
            .fetch_optional(&mut self.tx)
            .await?;
        Ok(row.map(account))
    }

    /// Active 站长 accounts other than `but`, to keep one who can manage accounts.
    pub(crate) async fn other_heads(&mut self, station_id: i64, but: i64) -> Result<i64> {
        let (n,): (i64,) = q("SELECT count(*) FROM staff
                WHERE station_id = $1 AND role = 'head' AND NOT disabled AND active AND id <> $2")
        .bind(station_id)
        .bind(but)
        .fetch_one(&mut self.tx)
        .await?;
        Ok(n)
    }

    /// Gives a staff member (new or existing) a login and a role.
    pub(crate) async fn set_login(&mut self, before: &Staff, login: &str, role: Role) -> Result<()> {
        q("UPDATE staff SET login = $1, role = $2 WHERE id = $3 AND station_id = $4")
            .bind(login)
            .bind(role.code())
            .bind(before.id)
            .bind(self.actor().station_id)
            .execute(&mut self.tx)
            .await?;
        let changes: Vec<FieldChange> = [
            FieldChange::change("login", before.login.as_deref(), Some(login)),
            FieldChange::change("role", Some(before.role.label()), Some(role.label())),
        ]
        .into_iter()
        .flatten()
        .collect();
        self.audit("staff", before.id, "account", &changes).await
    }

    /// Sets a password's hash (clearing the failed logins); audited as `action` alone.
    pub(crate) async fn set_password_hash(&mut self, staff_id: i64, hash: &str, action: &str) -> Result<()> {
        q("INSERT INTO staff_credentials (staff_id, station_id, password_hash, failed_logins, locked_until, changed_at)
             VALUES ($1, $2, $3, 0, NULL, $4)
             ON CONFLICT (staff_id) DO UPDATE SET password_hash = excluded.password_hash, failed_logins = 0,
                 locked_until = NULL, changed_at = excluded.changed_at")
        .bind(staff_id)
        .bind(self.actor().station_id)
        .bind(hash)
        .bind(self.now)
        .execute(&mut self.tx)
        .await?;
        self.audit("staff", staff_id, action, &[]).await
    }

    /// A failed login: the count and the hold, written and audited.
    pub(crate) async fn record_login_failure(
        &mut self,
        staff_id: i64,
        failed: i64,
        locked_until: Option<DateTime<Utc>>,
    ) -> Result<()> {
        q("UPDATE staff_credentials SET failed_logins = $1, locked_until = $2 WHERE staff_id = $3 AND station_id = $4")
            .bind(failed)
            .bind(locked_until)
            .bind(staff_id)
            .bind(self.actor().station_id)
            .execute(&mut self.tx)
            .await?;
        let count = failed.to_string();
        self.audit(
            "staff",
            staff_id,
            "login_failed",
            &FieldChange::set("failedLogins", Some(&count)).into_iter().collect::<Vec<_>>(),
        )
        .await
    }

    /// A login that succeeded: the failures forgotten, the login audited.
    pub(crate) async fn record_login(&mut self, staff_id: i64) -> Result<()> {
        q("UPDATE staff_credentials SET failed_logins = 0, locked_until = NULL WHERE staff_id = $1 AND station_id = $2")
            .bind(staff_id)
            .bind(self.actor().station_id)
            .execute(&mut self.tx)
            .await?;
        self.audit("staff", staff_id, "login", &[]).await
    }

    pub(crate) async fn set_disabled(&mut self, staff_id: i64, disabled: bool) -> Result<()> {
        q("UPDATE staff SET disabled = $1 WHERE id = $2 AND station_id = $3")
            .bind(disabled)
            .bind(staff_id)
            .bind(self.actor().station_id)
            .execute(&mut self.tx)
            .await?;
        let (before, after) = if disabled { ("启用", "停用") } else { ("停用", "启用") };
        let changes: Vec<FieldChange> = FieldChange::change("account", Some(before), Some(after)).into_iter().collect();
        self.audit("staff", staff_id, "update", &changes).await
    }
}

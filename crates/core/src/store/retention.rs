//! SQL for keeping personal data only as long as the station's settings say: the
//! settings and the last run, the records due, anonymising them (cases with their
//! surveys, call-backs and attachments; sign-ups, walk-ins, errands), and a resident's
//! records found by phone.

use chrono::{DateTime, Utc};
use sqlx::AssertSqlSafe;
use stationdesk_model::retention::{ANONYMISED, RetentionSettings, finished_codes};

use super::cases::{CASE_COLUMNS, CASE_JOINS, CaseRecord};
use super::{Store, Tx, WriteTx, q};
use crate::cases::Case;
use crate::error::Result;
use crate::personal_data::{ResidentErrand, ResidentSignup};

/// The station's row of `station_retention`: the settings and the last run.
#[derive(Debug, Clone, Default)]
pub(crate) struct RetentionRow {
    pub settings: RetentionSettings,
    pub last_run_at: Option<DateTime<Utc>>,
    pub last_run_by: Option<String>,
    pub last_run: Option<String>,
}

/// Which rows a step anonymises: those due by age, or one resident's by phone.
#[derive(Debug, Clone)]
pub(crate) enum Due<'a> {
    /// Finished cases changed last before `cases`; sign-ups, walk-ins and errands before
    /// `signups`.
    Before { cases: DateTime<Utc>, signups: DateTime<Utc> },
    /// Every record with this (normalised) phone; the cases among them must be finished.
    Phone(&'a str),
}

/// `status IN ('resolved', …)`, from the model's list.
fn finished_list() -> String {
    finished_codes().iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(", ")
}

impl Due<'_> {
    /// The cases' condition after `FROM cases c WHERE c.station_id = $1 AND`, with `$2`.
    fn cases(&self) -> String {
        match self {
            Due::Before { .. } => {
                format!("c.anonymised_at IS NULL AND c.status IN ({}) AND c.updated_at < $2", finished_list())
            }
            Due::Phone(_) => {
                format!("c.anonymised_at IS NULL AND c.status IN ({}) AND c.phone = $2", finished_list())
            }
        }
    }

    /// A sign-up's, walk-in's (no phone: never by phone) or errand's condition with `$2`.
    fn signups(&self, time: &str) -> String {
        match self {
            Due::Before { .. } => format!("anonymised_at IS NULL AND {time} < $2"),
            Due::Phone(_) => "anonymised_at IS NULL AND phone = $2".to_owned(),
        }
    }

    fn case_arg(&self) -> super::Arg {
        use super::IntoArg;
        match self {
            Due::Before { cases, .. } => cases.into_arg(),
            Due::Phone(p) => (*p).to_owned().into_arg(),
        }
    }

    fn signup_arg(&self) -> super::Arg {
        use super::IntoArg;
        match self {
            Due::Before { signups, .. } => signups.into_arg(),
            Due::Phone(p) => (*p).to_owned().into_arg(),
        }
    }
}

/// How many records of each kind are due (a dry run), each counted up to `cap`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct DueCounts {
    pub cases: i64,
    pub signups: i64,
    pub walkins: i64,
    pub errands: i64,
}

/// What anonymising did, with the attachment files no remaining row needs (SQLite:
/// deleted by the service after the commit; PostgreSQL: their bytes deleted in the
/// transaction).
#[derive(Debug, Clone, Default)]
pub(crate) struct Anonymised {
    pub cases: i64,
    pub attachments: i64,
    pub unshared: Vec<String>,
    pub signups: i64,
    pub walkins: i64,
    pub errands: i64,
}

impl Store {
    pub(crate) async fn retention_row(&self, station_id: i64) -> Result<RetentionRow> {
        type Row = (i64, i64, Option<DateTime<Utc>>, Option<String>, Option<String>);
        let row: Option<Row> = q("SELECT cases_years, signups_years, last_run_at, last_run_by, last_run
             FROM station_retention WHERE station_id = $1")
        .bind(station_id)
        .fetch_optional(self)
        .await?;
        Ok(match row {
            None => RetentionRow::default(),
            Some((c, s, at, by, run)) => RetentionRow {
                settings: RetentionSettings {
                    cases_years: u32::try_from(c).unwrap_or(stationdesk_model::retention::DEFAULT_CASE_YEARS),
                    signups_years: u32::try_from(s).unwrap_or(stationdesk_model::retention::DEFAULT_SIGNUP_YEARS),
                },
                last_run_at: at,
                last_run_by: by,
                last_run: run,
            },
        })
    }

    /// Records due (`Due`), counted up to `cap` each.
    pub(crate) async fn retention_due(&self, station_id: i64, due: &Due<'_>, cap: i64) -> Result<DueCounts> {
        let count = |sql: String, arg: super::Arg| {
            q(AssertSqlSafe(format!("SELECT count(*) FROM ({sql} LIMIT $3) AS due")))
                .bind(station_id)
                .bind(arg)
                .bind(cap)
        };
        let (cases,): (i64,) =
            count(format!("SELECT c.id FROM cases c WHERE c.station_id = $1 AND {}", due.cases()), due.case_arg())
                .fetch_one(self)
                .await?;
        let (signups,): (i64,) = count(
            format!("SELECT id FROM event_signups WHERE station_id = $1 AND {}", due.signups("occurrence_start")),
            due.signup_arg(),
        )
        .fetch_one(self)
        .await?;
        let walkins = match due {
            Due::Phone(_) => 0,
            Due::Before { .. } => {
                let (n,): (i64,) = count(
                    format!(
                        "SELECT id FROM event_walkins WHERE station_id = $1 AND {}",
                        due.signups("occurrence_start")
                    ),
                    due.signup_arg(),
                )
                .fetch_one(self)
                .await?;
                n
            }
        };
        let (errands,): (i64,) =
            count(format!("SELECT id FROM errands WHERE station_id = $1 AND {}", due.signups("at")), due.signup_arg())
                .fetch_one(self)
                .await?;
        Ok(DueCounts { cases, signups, walkins, errands })
    }

    /// One number from a query (store tests check rows with it).
    #[doc(hidden)]
    pub async fn count_for_tests(&self, sql: &str) -> Result<i64> {
        let (n,): (i64,) = q(AssertSqlSafe(sql.to_owned())).fetch_one(self).await?;
        Ok(n)
    }

    /// A resident's cases, by phone, as the register shows them.
    pub(crate) async fn cases_by_phone(&self, station_id: i64, phone: &str) -> Result<Vec<Case>> {
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM cases c {CASE_JOINS} WHERE c.station_id = $1 AND c.phone = $2 ORDER BY c.id"
        );
        let rows: Vec<CaseRecord> = q(AssertSqlSafe(sql)).bind(station_id).bind(phone).fetch_all(self).await?;
        let now = self.now();
        rows.into_iter().map(|r| r.into_case(now)).collect()
    }

    pub(crate) async fn signups_by_phone(&self, station_id: i64, phone: &str) -> Result<Vec<ResidentSignup>> {
        type Row = (
            i64,
            String,
            DateTime<Utc>,
            String,
            Option<String>,
            Option<String>,
            String,
            DateTime<Utc>,
            Option<DateTime<Utc>>,
            Option<bool>,
        );
        let rows: Vec<Row> = q("SELECT s.id, e.title, s.occurrence_start, s.name, s.phone, s.note, s.status,
                    s.signed_up_at, s.checked_in_at, s.consent
             FROM event_signups s JOIN events e ON e.id = s.event_id
             WHERE s.station_id = $1 AND s.phone = $2 ORDER BY s.occurrence_start, s.id")
        .bind(station_id)
        .bind(phone)
        .fetch_all(self)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| ResidentSignup {
                id: r.0,
                event_title: r.1,
                occurrence_start: r.2,
                name: r.3,
                phone: r.4,
                note: r.5,
                status: r.6,
                signed_up_at: r.7,
                checked_in_at: r.8,
                consent: r.9,
            })
            .collect())
    }

    pub(crate) async fn errands_by_phone(&self, station_id: i64, phone: &str) -> Result<Vec<ResidentErrand>> {
        type Row = (i64, String, DateTime<Utc>, Option<String>, Option<String>, Option<String>, Option<String>, String);
        let rows: Vec<Row> = q("SELECT e.id, t.name, e.at, e.resident_name, e.phone, e.place, e.note, e.outcome
             FROM errands e JOIN errand_types t ON t.id = e.type_id
             WHERE e.station_id = $1 AND e.phone = $2 ORDER BY e.at, e.id")
        .bind(station_id)
        .bind(phone)
        .fetch_all(self)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| ResidentErrand {
                id: r.0,
                type_name: r.1,
                at: r.2,
                resident_name: r.3,
                phone: r.4,
                place: r.5,
                note: r.6,
                outcome: r.7,
            })
            .collect())
    }
}

impl WriteTx<'_> {
    /// A health event's sign-up: the resident's consent and when it was given.
    pub(crate) async fn record_signup_consent(&mut self, signup_id: i64, consent: bool) -> Result<()> {
        q("UPDATE event_signups SET consent = $1, consent_at = $2 WHERE id = $3 AND station_id = $4")
            .bind(consent)
            .bind(self.now)
            .bind(signup_id)
            .bind(self.actor().station_id)
            .execute(&mut self.tx)
            .await?;
        Ok(())
    }

    pub(crate) async fn save_retention_settings(&mut self, s: &RetentionSettings) -> Result<()> {
        q("INSERT INTO station_retention (station_id, cases_years, signups_years) VALUES ($1, $2, $3)
             ON CONFLICT (station_id) DO UPDATE SET cases_years = excluded.cases_years,
                 signups_years = excluded.signups_years")
        .bind(self.actor().station_id)
        .bind(i64::from(s.cases_years))
        .bind(i64::from(s.signups_years))
        .execute(&mut self.tx)
        .await?;
        Ok(())
    }

    /// Keeps what a run did (its counts as JSON) as the station's last run.
    pub(crate) async fn record_retention_run(&mut self, defaults: &RetentionSettings, counts: &str) -> Result<()> {
        let actor = self.actor().clone();
        q("INSERT INTO station_retention (station_id, cases_years, signups_years, last_run_at, last_run_by, last_run)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (station_id) DO UPDATE SET last_run_at = excluded.last_run_at,
                 last_run_by = excluded.last_run_by, last_run = excluded.last_run")
        .bind(actor.station_id)
        .bind(i64::from(defaults.cases_years))
        .bind(i64::from(defaults.signups_years))
        .bind(self.now)
        .bind(&actor.staff_name)
        .bind(counts)
        .execute(&mut self.tx)
        .await?;
        Ok(())
    }

    /// Anonymises at most `limit` records of each kind that `due` selects, in this
    /// transaction: a case loses its resident's name, phone, 楼栋/单元/房号, its surveys'
    /// people, its call-backs' words and its attachments (marked, file names replaced; the
    /// bytes no remaining row needs listed in `unshared`), and its search entry is cut
    /// again from the text it keeps. Sign-ups lose name, phone and note; walk-ins their
    /// name; errands the resident's name, phone and note. Everything counted stays.
    pub(crate) async fn anonymise(&mut self, due: &Due<'_>, limit: i64) -> Result<Anonymised> {
        let station_id = self.actor().station_id;
        let now = self.now;
        let mut done = Anonymised::default();

        let sql =
            format!("SELECT c.id FROM cases c WHERE c.station_id = $1 AND {} ORDER BY c.id LIMIT $3", due.cases());
        let ids: Vec<(i64,)> =
            q(AssertSqlSafe(sql)).bind(station_id).bind(due.case_arg()).bind(limit).fetch_all(&mut self.tx).await?;
        let mut shas: Vec<String> = Vec::new();
        for (id,) in ids {
            q("UPDATE cases SET resident_name = NULL, phone = NULL, building = NULL, entrance = NULL, room = NULL,
                    anonymised_at = $3 WHERE station_id = $1 AND id = $2;
                 UPDATE case_surveys SET people = $4 WHERE case_id = $2;
                 UPDATE case_followups SET comment = NULL WHERE station_id = $1 AND case_id = $2")
            .bind(station_id)
            .bind(id)
            .bind(now)
            .bind(ANONYMISED)
            .execute(&mut self.tx)
            .await?;
            let files: Vec<(String,)> = q("UPDATE attachments SET anonymised_at = $3, file_name = $4,
                    removed_at = coalesce(removed_at, $3), removed_by_name = coalesce(removed_by_name, $5)
                 WHERE station_id = $1 AND case_id = $2 AND anonymised_at IS NULL RETURNING sha256")
            .bind(station_id)
            .bind(id)
            .bind(now)
            .bind(ANONYMISED)
            .bind(self.actor().staff_name.clone())
            .fetch_all(&mut self.tx)
            .await?;
            done.attachments += i64::try_from(files.len()).unwrap_or(i64::MAX);
            shas.extend(files.into_iter().map(|(s,)| s));
            let case = self.case_for_update(id).await?;
            self.reindex_case(&case).await?;
            done.cases += 1;
        }
        shas.sort();
        shas.dedup();
        let postgres = matches!(self.tx, Tx::Postgres(_));
        for sha in shas {
            // A file stays while any row not anonymised (shown, or removed but within its
            // case's retention) has the same bytes; on SQLite the file is the database's,
            // whichever station, on the server the bytes are the station's.
            let left: (i64,) = if postgres {
                q("SELECT count(*) FROM attachments WHERE sha256 = $1 AND anonymised_at IS NULL AND station_id = $2")
                    .bind(sha.as_str())
                    .bind(station_id)
                    .fetch_one(&mut self.tx)
                    .await?
            } else {
                q("SELECT count(*) FROM attachments WHERE sha256 = $1 AND anonymised_at IS NULL")
                    .bind(sha.as_str())
                    .fetch_one(&mut self.tx)
                    .await?
            };
            let left = left.0;
            if left > 0 {
                continue;
            }
            if postgres {
                q("DELETE FROM attachment_blobs WHERE sha256 = $1 AND station_id = $2")
                    .bind(sha.as_str())
                    .bind(station_id)
                    .execute(&mut self.tx)
                    .await?;
            }
            done.unshared.push(sha);
        }

        // Each statement binds $1 station, $2 the cutoff or phone, $3 the limit, $4 now.
        let bounded = |table: &str, set: &str, cond: String| {
            q(AssertSqlSafe(format!(
                "UPDATE {table} SET {set}, anonymised_at = $4 WHERE id IN
                     (SELECT id FROM {table} WHERE station_id = $1 AND {cond} ORDER BY id LIMIT $3)"
            )))
            .bind(station_id)
            .bind(due.signup_arg())
            .bind(limit)
            .bind(now)
        };
        let signups = bounded("event_signups", "name = $5, phone = NULL, note = NULL", due.signups("occurrence_start"))
            .bind(ANONYMISED);
        done.signups = i64::try_from(signups.execute(&mut self.tx).await?).unwrap_or(i64::MAX);
        if let Due::Before { .. } = due {
            let walkins = bounded("event_walkins", "name = NULL", due.signups("occurrence_start"));
            done.walkins = i64::try_from(walkins.execute(&mut self.tx).await?).unwrap_or(i64::MAX);
        }
        let errands = bounded("errands", "resident_name = NULL, phone = NULL, note = NULL", due.signups("at"));
        done.errands = i64::try_from(errands.execute(&mut self.tx).await?).unwrap_or(i64::MAX);
        Ok(done)
    }
}

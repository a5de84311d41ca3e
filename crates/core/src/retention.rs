//! Keeping personal data only as long as needed (PIPL, issue 12): the station's two
//! retention settings, the run that anonymises what is due (the daily job, 立即执行, CLI
//! `retention run`), with a dry run that only counts, and what the last run did.
//!
//! The rules (bounds, cutoff, which cases are finished, what an anonymised row holds)
//! are `stationdesk_model::retention`. One run is one transaction with one audit row of
//! counts; at most `MAX_PER_RUN` records of each kind, the rest the next run.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use stationdesk_model::china::china_date;
pub use stationdesk_model::retention::RetentionSettings;
use stationdesk_model::retention::{self as rules, MAX_PER_RUN};
use stationdesk_model::roles::Action;

use crate::error::{CoreError, Result};
use crate::store::{Actor, Due, FieldChange, Store};

/// What a run anonymised (or, for a dry run, would).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RetentionCounts {
    pub cases: i64,
    /// Attachments of those cases (marked removed, file names replaced).
    pub attachments: i64,
    /// Attachment files deleted: those no remaining record shares.
    pub files_deleted: i64,
    pub signups: i64,
    pub walkins: i64,
    pub errands: i64,
    /// The run stopped at its bound: more is due, for the next run.
    pub more_left: bool,
    /// The counts in one Chinese sentence (`summary()`), for the window.
    #[serde(default)]
    pub summary: String,
}

impl RetentionCounts {
    pub fn total(&self) -> i64 {
        self.cases + self.signups + self.walkins + self.errands
    }

    /// "诉求 3 件（附件 2 个），活动报名 5 条，现场参加 1 条，代办 2 条".
    /// The same counts with `summary` filled in.
    pub fn summarised(mut self) -> Self {
        self.summary = self.summary();
        self
    }

    pub fn summary(&self) -> String {
        let mut s = format!(
            "诉求 {} 件（附件 {} 个，删除文件 {} 个），活动报名 {} 条，现场参加 {} 条，代办 {} 条",
            self.cases, self.attachments, self.files_deleted, self.signups, self.walkins, self.errands
        );
        if self.more_left {
            s.push_str(&format!("；每次最多处理每类 {MAX_PER_RUN} 条，其余下次继续"));
        }
        s
    }
}

/// The settings, the cutoffs they give today, what is due now and the last run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RetentionStatus {
    pub settings: RetentionSettings,
    /// Finished cases last changed before this China date are due.
    pub cases_cutoff: NaiveDate,
    /// Sign-ups, walk-ins and errands of a day before this are due.
    pub signups_cutoff: NaiveDate,
    /// A dry run now: what 立即执行 would anonymise.
    pub due: RetentionCounts,
    pub last_run_at: Option<DateTime<Utc>>,
    pub last_run_by: Option<String>,
    pub last_run: Option<RetentionCounts>,
}

fn due_before(settings: &RetentionSettings, now: DateTime<Utc>) -> Due<'static> {
    Due::Before { cases: rules::cutoff(now, settings.cases_years), signups: rules::cutoff(now, settings.signups_years) }
}

fn bound() -> i64 {
    i64::try_from(MAX_PER_RUN).unwrap_or(i64::MAX)
}

/// What a dry run counts: each kind up to the bound, `more_left` past it.
pub(crate) async fn count_due(store: &Store, station_id: i64, due: &Due<'_>) -> Result<RetentionCounts> {
    let n = store.retention_due(station_id, due, bound() + 1).await?;
    let cap = |v: i64| v.min(bound());
    Ok(RetentionCounts {
        cases: cap(n.cases),
        signups: cap(n.signups),
        walkins: cap(n.walkins),
        errands: cap(n.errands),
        more_left: [n.cases, n.signups, n.walkins, n.errands].iter().any(|v| *v > bound()),
        ..RetentionCounts::default()
    }
    .summarised())
}

pub async fn status(store: &Store, actor: &Actor) -> Result<RetentionStatus> {
    actor.require(Action::PersonalData)?;
    let row = store.retention_row(actor.station_id).await?;
    let now = store.now();
    let due = count_due(store, actor.station_id, &due_before(&row.settings, now)).await?;
    let today = china_date(now);
    Ok(RetentionStatus {
        settings: row.settings,
        cases_cutoff: rules::cutoff_date(today, row.settings.cases_years),
        signups_cutoff: rules::cutoff_date(today, row.settings.signups_years),
        due,
        last_run_at: row.last_run_at,
        last_run_by: row.last_run_by,
        last_run: row
            .last_run
            .as_deref()
            .and_then(|s| serde_json::from_str::<RetentionCounts>(s).ok())
            .map(RetentionCounts::summarised),
    })
}

/// Saves the two settings (站长), within the model's bounds.
pub async fn save_settings(store: &Store, actor: &Actor, settings: &RetentionSettings) -> Result<RetentionSettings> {
    actor.require(Action::PersonalData)?;
    rules::validate(settings).map_err(CoreError::Invalid)?;
    let before = store.retention_row(actor.station_id).await?.settings;
    let mut w = store.begin_write(actor).await?;
    w.save_retention_settings(settings).await?;
    let (bc, ac) = (before.cases_years.to_string(), settings.cases_years.to_string());
    let (bs, as_) = (before.signups_years.to_string(), settings.signups_years.to_string());
    let changes: Vec<FieldChange> = [
        FieldChange::change("retentionCasesYears", Some(&bc), Some(&ac)),
        FieldChange::change("retentionSignupsYears", Some(&bs), Some(&as_)),
    ]
    .into_iter()
    .flatten()
    .collect();
    w.audit("station", actor.station_id, "retention_settings", &changes).await?;
    w.commit().await?;
    Ok(*settings)
}

/// Anonymises what is due (a dry run only counts it): one transaction, one audit row of
/// counts, the station's last run kept; attachment files no record needs any more are
/// deleted after the commit.
pub async fn run(store: &Store, actor: &Actor, dry_run: bool) -> Result<RetentionCounts> {
    actor.require(Action::PersonalData)?;
    let row = store.retention_row(actor.station_id).await?;
    let due = due_before(&row.settings, store.now());
    if dry_run {
        return count_due(store, actor.station_id, &due).await;
    }
    let mut w = store.begin_write(actor).await?;
    let done = w.anonymise(&due, bound()).await?;
    let counts = RetentionCounts {
        cases: done.cases,
        attachments: done.attachments,
        files_deleted: i64::try_from(done.unshared.len()).unwrap_or(i64::MAX),
        signups: done.signups,
        walkins: done.walkins,
        errands: done.errands,
        more_left: [done.cases, done.signups, done.walkins, done.errands].iter().any(|v| *v >= bound()),
        summary: String::new(),
    }
    .summarised();
    let json = serde_json::to_string(&counts).unwrap_or_else(|_| "{}".to_owned());
    w.record_retention_run(&row.settings, &json).await?;
    w.audit("station", actor.station_id, "retention_run", &count_changes(&counts)).await?;
    w.commit().await?;
    delete_files(store, &done.unshared);
    Ok(counts)
}

/// Who the daily job acts as: the station itself, with the 站长's permission for this one
/// service, recorded as 自动执行 in the audit log.
pub fn daily_actor(station_id: i64) -> Actor {
    Actor {
        station_id,
        staff_id: None,
        staff_name: "系统自动执行（个人信息保存期限）".to_owned(),
        role: stationdesk_model::roles::Role::Head,
    }
}

/// The desktop's daily job: once a China day (the last run was on an earlier day, or
/// never), anonymises what is due for the station. Never on the street office's login.
/// Answers what it did, or `None` when it was not due.
pub async fn run_daily(store: &Store, station_id: i64) -> Result<Option<RetentionCounts>> {
    if store.is_district() {
        return Ok(None);
    }
    let row = store.retention_row(station_id).await?;
    let today = china_date(store.now());
    if row.last_run_at.is_some_and(|at| china_date(at) >= today) {
        return Ok(None);
    }
    run(store, &daily_actor(station_id), false).await.map(Some)
}

/// The audit row's fields: counts only, never what was removed.
pub(crate) fn count_changes(c: &RetentionCounts) -> Vec<FieldChange> {
    [
        ("anonymisedCases", c.cases),
        ("anonymisedAttachments", c.attachments),
        ("deletedFiles", c.files_deleted),
        ("anonymisedSignups", c.signups),
        ("anonymisedWalkins", c.walkins),
        ("anonymisedErrands", c.errands),
    ]
    .into_iter()
    .filter_map(|(field, n)| FieldChange::set(field, Some(&n.to_string())))
    .collect()
}

/// SQLite: deletes the attachment files no record refers to any more (after the commit,
/// so a rolled-back run never loses a file). On the server the bytes went with the
/// transaction. A file already gone is fine; one that cannot be deleted stays behind
/// for the next backup cleanup (its record no longer points at it).
pub(crate) fn delete_files(store: &Store, shas: &[String]) {
    if store.is_postgres() || shas.is_empty() {
        return;
    }
    let Ok(dir) = store.files_dir() else { return };
    for sha in shas {
        if sha.len() == 64 && sha.chars().all(|c| c.is_ascii_hexdigit()) {
            let _ = std::fs::remove_file(crate::attachments::blob_path(&dir, sha));
        }
    }
}

//! 从表格导入报名: an occurrence's sign-ups in from the roster a building leader or a WeChat
//! group collected (.xlsx, .xls or .csv with 姓名 and 电话/备注/是否同意). Every row is
//! checked as a sign-up typed in the window would be; a sheet with any wrong row signs up
//! nobody, and the message names the rows and what to fix. Residents already signed up
//! (same name and phone) are skipped and counted, so importing the same sheet again adds
//! nobody. Beyond the capacity residents go on the waitlist in sheet order, as they would
//! one by one.

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use stationdesk_model::input::excerpt;
use stationdesk_model::ledger::HEADER_SEARCH_ROWS;
use stationdesk_model::ledger::roster::{RosterColumn, consent_from_text, find_roster_header, roster_row};
use stationdesk_model::retention::needs_consent;
use stationdesk_model::roles::Action;
use stationdesk_model::signups::closed_for_signups;

use super::{OccurrenceKey, SignupStatus, calendar, optional, required};
use crate::cases::optional_phone;
use crate::error::{CoreError, FieldError, Result};
use crate::ledger::{LedgerFile, read_sheet};
use crate::store::{Actor, Store};

/// The most residents one roster may sign up: an event's list is tens, at most hundreds; a
/// sheet of thousands is some other sheet.
pub const MAX_ROSTER_ROWS: usize = 2_000;

/// What importing a roster did (or, on a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RosterImport {
    /// The occurrence's title, for the preview's heading.
    pub title: String,
    /// The names signed up, in sheet order.
    pub added: Vec<String>,
    /// How many of `added` go on the waitlist (the last ones: seats go in sheet order).
    pub waitlisted: u32,
    /// Rows naming someone already signed up for this occurrence (or twice in the sheet).
    pub already: u32,
}

struct RosterEntry {
    name: String,
    phone: Option<String>,
    note: Option<String>,
}

/// Reads the roster and signs up every resident not yet on the occurrence's list, in one
/// transaction; `dry_run` only says what it would do.
pub async fn import(
    store: &Store,
    actor: &Actor,
    event_id: i64,
    occurrence_start: DateTime<Utc>,
    file: &LedgerFile,
    dry_run: bool,
) -> Result<RosterImport> {
    actor.require(Action::EventCheckIn)?;
    let key = OccurrenceKey { event_id, occurrence_start: occurrence_start.trunc_subsecs(0) };
    let item = calendar::occurrence_item(store, actor.station_id, key.event_id, key.occurrence_start).await?;
    if let Some(why) = closed_for_signups(item.cancelled, item.end, store.now()) {
        return Err(CoreError::Conflict(why.to_owned()));
    }
    let sheet = read_sheet(file)?;
    let Some(mapping) = find_roster_header(&sheet.rows) else {
        return Err(CoreError::invalid(
            "file",
            format!(
                "在“{}”的前 {HEADER_SEARCH_ROWS} 行里找不到报名名单的表头：表头应有“姓名”和电话、备注、是否同意或序号中的至少一项",
                excerpt(&file.name)
            ),
        ));
    };
    let consent_needed = needs_consent(&item.kind);
    if consent_needed && !mapping.has(RosterColumn::Consent) {
        return Err(CoreError::invalid(
            "file",
            format!(
                "{}是健康类活动，报名须记录居民同意：请在名单里加一列“是否同意”，逐行填“同意”后再导入",
                excerpt(&item.title)
            ),
        ));
    }

    let mut entries: Vec<RosterEntry> = Vec::new();
    let mut refused: Vec<String> = Vec::new();
    for (row, cells) in sheet.rows.iter().filter(|(n, _)| *n > mapping.header_row) {
        let Some(r) = roster_row(*row, cells, &mapping) else { continue };
        if entries.len() + refused.len() >= MAX_ROSTER_ROWS {
            return Err(CoreError::invalid(
                "file",
                format!("报名名单超过 {MAX_ROSTER_ROWS} 行：一次活动的名单请分开导入，或检查是否选错了文件"),
            ));
        }
        let mut errors: Vec<FieldError> = Vec::new();
        let name = required(&r.name, "name", "报名人姓名", "", 30, &mut errors);
        let phone = optional_phone(Some(&r.phone), "phone", "电话号码", &mut errors);
        let note = optional(&Some(r.note.clone()), "note", "备注", 200, &mut errors);
        if consent_needed {
            match consent_from_text(&r.consent) {
                Some(true) => {}
                Some(false) => errors.push(FieldError::new("consent", "居民未同意记录个人信息，不能报名健康类活动")),
                None => errors.push(FieldError::new(
                    "consent",
                    format!("“是否同意”填的是“{}”，请填“同意”或“不同意”", excerpt(&r.consent)),
                )),
            }
        }
        if errors.is_empty() {
            entries.push(RosterEntry { name, phone, note });
        } else {
            refused.extend(errors.into_iter().map(|e| format!("第 {} 行：{}", r.row, e.message)));
        }
    }
    if !refused.is_empty() {
        let n = refused.len();
        let mut errors: Vec<FieldError> = refused.into_iter().take(5).map(|m| FieldError::new("file", m)).collect();
        errors.push(FieldError::new("file", format!("共 {n} 处有误，整个名单未导入任何一人：请改正后重新导入")));
        return Err(CoreError::Invalid(errors));
    }
    if entries.is_empty() {
        return Err(CoreError::invalid("file", format!("“{}”的表头下面没有报名的人", excerpt(&file.name))));
    }

    let mut known = store.signup_identities(actor.station_id, key).await?;
    let before = entries.len();
    entries.retain(|e| {
        let seen = known.iter().any(|(n, p)| *n == e.name && *p == e.phone);
        if !seen {
            known.push((e.name.clone(), e.phone.clone()));
        }
        !seen
    });
    let signups = store.signups(actor.station_id, key).await?;
    let confirmed = signups.iter().filter(|s| s.status == SignupStatus::Confirmed).count();
    let free = item.capacity.map(|c| usize::try_from(c).unwrap_or(usize::MAX).saturating_sub(confirmed));
    let waitlisted = free.map_or(0, |f| entries.len().saturating_sub(f));
    let report = RosterImport {
        title: item.title.clone(),
        added: entries.iter().map(|e| e.name.clone()).collect(),
        waitlisted: u32::try_from(waitlisted).unwrap_or(u32::MAX),
        already: u32::try_from(before - entries.len()).unwrap_or(u32::MAX),
    };
    if !dry_run && !entries.is_empty() {
        let mut w = store.begin_write(actor).await?;
        for e in &entries {
            let id = w.insert_signup(key, &e.name, e.phone.as_deref(), e.note.as_deref(), item.capacity).await?;
            if consent_needed {
                w.record_signup_consent(id, true).await?;
            }
        }
        w.commit().await?;
    }
    Ok(report)
}

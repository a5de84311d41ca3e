//! Desktop reminders: events and meetings starting within the hour. Each is marked as
//! shown in the same transaction that hands it out, so a restart never shows it twice.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use stationdesk_model::roles::Action;

use super::calendar;
use super::{ItemSource, china_hm};
use crate::cases::CaseStatus;
use crate::error::Result;
use crate::store::{Actor, Store};

/// How far ahead a reminder fires.
pub const LEAD_MINUTES: i64 = 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    pub source: ItemSource,
    pub id: i64,
    pub occurrence_start: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub title: String,
    pub place: String,
    /// The notification's title and body.
    pub heading: String,
    pub body: String,
}

/// What starts between `now` and an hour from now and has not been shown yet; marks it
/// shown. Call it every minute.
pub async fn due(store: &Store, actor: &Actor, now: DateTime<Utc>) -> Result<Vec<Reminder>> {
    actor.require(Action::ScheduleRead)?;
    let now = now.trunc_subsecs(0);
    let items = calendar::window(store, actor.station_id, now, now + Duration::minutes(LEAD_MINUTES), false).await?;
    let candidates: Vec<Reminder> = items
        .into_iter()
        .filter(|i| i.start >= now && i.start <= now + Duration::minutes(LEAD_MINUTES))
        .map(|i| {
            let minutes = (i.start - now).num_minutes();
            Reminder {
                source: i.source,
                id: i.id,
                occurrence_start: i.occurrence_start,
                start: i.start,
                heading: format!("{}分钟后：{}", minutes.max(0), i.title),
                body: format!("{} {}，地点：{}", i.kind_label, china_hm(i.start), i.place),
                title: i.title,
                place: i.place,
            }
        })
        .collect();
    keep_unshown(store, actor, candidates, |r| (r.source.code(), r.id, r.occurrence_start)).await
}

/// Marks each candidate shown, in one transaction, and keeps those not shown before.
async fn keep_unshown<T>(
    store: &Store,
    actor: &Actor,
    candidates: Vec<T>,
    key: impl Fn(&T) -> (&'static str, i64, DateTime<Utc>),
) -> Result<Vec<T>> {
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let mut w = store.begin_write(actor).await?;
    let mut out = Vec::new();
    for r in candidates {
        let (kind, id, at) = key(&r);
        if w.mark_reminded(kind, id, at).await? {
            out.push(r);
        }
    }
    w.commit().await?;
    Ok(out)
}

/// How many near-due cases one check looks at (the most pressing first).
const CASES_PER_CHECK: u32 = 50;

/// A case whose resolve deadline falls within the next day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CaseReminder {
    pub case_id: i64,
    pub number: String,
    pub title: String,
    pub resolve_due_at: DateTime<Utc>,
    pub heading: String,
    pub body: String,
}

/// Open cases that will go overdue within a day ([`crate::deadlines::NEAR_DUE`]) and have
/// not been reminded of for this deadline; marks them reminded. A case whose deadline
/// moves (on hold, reopened) is reminded again for the new one.
pub async fn cases_due(store: &Store, actor: &Actor, now: DateTime<Utc>) -> Result<Vec<CaseReminder>> {
    actor.require(Action::CasesRead)?;
    let now = now.trunc_subsecs(0);
    let soon = now + crate::deadlines::NEAR_DUE;
    let page = store.attention_cases(actor.station_id, CASES_PER_CHECK, 0, now).await?;
    let candidates: Vec<CaseReminder> = page
        .items
        .into_iter()
        .filter(|c| matches!(c.status, CaseStatus::Accepted | CaseStatus::Investigating | CaseStatus::InProgress))
        .filter_map(|c| {
            let due = c.resolve_due_at.filter(|d| *d > now && *d <= soon)?;
            let hours = (due - now).num_minutes().div_euclid(60);
            let left = if hours >= 1 {
                format!("{hours}小时")
            } else {
                format!("{}分钟", (due - now).num_minutes().max(1))
            };
            Some(CaseReminder {
                case_id: c.id,
                heading: format!("诉求{left}后超期：{}", c.title),
                body: format!(
                    "{} 办结期限 {}，承办人：{}",
                    c.number,
                    china_hm(due),
                    c.assignee_name.as_deref().unwrap_or("未指定")
                ),
                number: c.number,
                title: c.title,
                resolve_due_at: due,
            })
        })
        .collect();
    keep_unshown(store, actor, candidates, |r| ("case_due", r.case_id, r.resolve_due_at)).await
}

//! Desktop reminders: events and meetings starting within the hour. Each is marked as
//! shown in the same transaction that hands it out, so a restart never shows it twice.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use serde::{Deserialize, Serialize};

use super::calendar;
use super::{ItemSource, china_hm};
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
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let mut w = store.begin_write(actor).await?;
    let mut out = Vec::new();
    for r in candidates {
        if w.mark_reminded(r.source.code(), r.id, r.occurrence_start).await? {
            out.push(r);
        }
    }
    w.commit().await?;
    Ok(out)
}

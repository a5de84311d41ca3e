//! A case's timeline with its repeats merged in: a case marked 重复 of this one is one
//! more resident reporting the same problem, so what was done on it (its intake, calls,
//! contacts) reads in the kept case's timeline, in time order, marked with its number.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::store::{AuditEntry, Store};

/// The most repeats whose steps are merged in (the list of repeats names them all).
pub const MAX_MERGED_REPEATS: usize = 50;

/// One timeline row: the step, and the repeat's number when it happened on a repeat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TimelineEntry {
    pub entry: AuditEntry,
    /// The repeat's case number (None: a step of this case).
    pub from_case: Option<String>,
}

/// The case's own steps and those of its repeats (at most [`MAX_MERGED_REPEATS`]), oldest
/// first; steps at the same instant keep the order they were written in.
pub async fn merged(store: &Store, station_id: i64, case_id: i64) -> Result<Vec<TimelineEntry>> {
    let mut out: Vec<TimelineEntry> = store
        .audit_history(station_id, "case", case_id)
        .await?
        .into_iter()
        .map(|entry| TimelineEntry { entry, from_case: None })
        .collect();
    for repeat in store.case_duplicates(case_id).await?.into_iter().take(MAX_MERGED_REPEATS) {
        let steps = store.audit_history(station_id, "case", repeat.id).await?;
        out.extend(steps.into_iter().map(|entry| TimelineEntry { entry, from_case: Some(repeat.number.clone()) }));
    }
    out.sort_by(|a, b| a.entry.at.cmp(&b.entry.at).then(a.entry.id.cmp(&b.entry.id)));
    Ok(out)
}

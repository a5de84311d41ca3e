//! Checking the audit log's hash chain, station by station (the rule is the model's
//! `audit::chain`): a whole walk for `stationdesk-cli audit verify`, or the rows since the
//! last checked one for the window's start-up check; each clean walk moves the station's
//! checkpoint (`audit_checkpoints`), so a chain cut short at its end is found too.

use chrono::{DateTime, Utc};
use serde::Serialize;
use stationdesk_model::audit::chain::{Content, Fault, Head, Link, Stored, Walk};

use super::Store;
use crate::error::Result;
use crate::store::q;

/// Rows read per query: memory stays bounded on a long log.
const PAGE: i64 = 2_000;

/// The first broken row of a station's chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ChainBreak {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub staff_name: String,
    /// `changed`, `unlinked`, `missing`.
    pub fault: String,
    /// 内容被改动 / 链断开 / 缺少记录.
    pub fault_label: String,
    /// Where and what, in a sentence: 第 12 号操作记录之前缺少记录.
    pub detail: String,
}

impl ChainBreak {
    fn new(id: i64, at: DateTime<Utc>, staff_name: &str, fault: Fault, at_end: bool) -> Self {
        let detail = match (fault, at_end) {
            (Fault::Missing, true) => format!("第 {id} 号操作记录之后缺少记录（上次校验时还有）"),
            (Fault::Missing, false) => format!("第 {id} 号操作记录之前缺少记录"),
            (Fault::Unlinked, _) => format!("第 {id} 号操作记录链断开（与前一条接不上）"),
            (Fault::Changed, _) => format!("第 {id} 号操作记录内容被改动"),
        };
        Self {
            id,
            at,
            staff_name: staff_name.to_owned(),
            fault: fault.code().to_owned(),
            fault_label: fault.label().to_owned(),
            detail,
        }
    }
}

/// One station's check.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ChainCheck {
    pub station_id: i64,
    pub station_name: String,
    /// Linked rows checked by this walk.
    pub checked: u64,
    /// Rows written before the chain existed (升级前的记录，未纳入校验链).
    pub before_chain: u64,
    /// Whether the walk started at the last checkpoint rather than the first row.
    pub from_checkpoint: bool,
    pub broken: Option<ChainBreak>,
}

impl ChainCheck {
    /// One line in Chinese for the CLI and the window's banner.
    pub fn message(&self) -> String {
        match &self.broken {
            None => {
                let mut m = format!("{}：已校验 {} 条操作记录，未发现改动", self.station_name, self.checked);
                if self.before_chain > 0 {
                    m.push_str(&format!("；另有 {} 条升级前的记录，未纳入校验链", self.before_chain));
                }
                m
            }
            Some(b) => format!(
                "{}：{}（{}，{}）。已校验 {} 条",
                self.station_name,
                b.detail,
                b.at.with_timezone(&crate::cases::CHINA_OFFSET).format("%Y-%m-%d %H:%M"),
                b.staff_name,
                self.checked
            ),
        }
    }
}

#[derive(sqlx::FromRow)]
struct ChainRow {
    id: i64,
    at: DateTime<Utc>,
    staff_id: Option<i64>,
    staff_name: String,
    entity: String,
    entity_id: i64,
    action: String,
    changes: String,
    note: Option<String>,
    chain_seq: Option<i64>,
    prev_hash: Option<String>,
    hash: Option<String>,
}

impl ChainRow {
    fn stored(&self, station_id: i64) -> Stored<'_> {
        Stored {
            content: Content {
                station_id,
                seq: 0,
                at: self.at,
                staff_id: self.staff_id,
                staff_name: &self.staff_name,
                entity: &self.entity,
                entity_id: self.entity_id,
                action: &self.action,
                changes: &self.changes,
                note: self.note.as_deref(),
            },
            link: match (self.chain_seq, &self.prev_hash, &self.hash) {
                (Some(seq), Some(prev), Some(hash)) => Some(Link { seq, prev_hash: prev.clone(), hash: hash.clone() }),
                _ => None,
            },
        }
    }

    fn fault(&self, fault: Fault) -> ChainBreak {
        ChainBreak::new(self.id, self.at, &self.staff_name, fault, false)
    }
}

const COLUMNS: &str =
    "id, at, staff_id, staff_name, entity, entity_id, action, changes, note, chain_seq, prev_hash, hash";

impl Store {
    /// Checks every station this login sees: the whole chain (`whole`), or the rows since
    /// each station's checkpoint. A clean walk moves the checkpoint (not for the street
    /// office's read-only login).
    pub async fn verify_audit_chains(&self, whole: bool) -> Result<Vec<ChainCheck>> {
        let stations: Vec<(i64, String)> = q("SELECT id, name FROM stations ORDER BY id").fetch_all(self).await?;
        let mut out = Vec::with_capacity(stations.len());
        for (id, name) in stations {
            out.push(self.verify_station_chain(id, name, whole).await?);
        }
        Ok(out)
    }

    async fn verify_station_chain(&self, station_id: i64, station_name: String, whole: bool) -> Result<ChainCheck> {
        let checkpoint: Option<(i64, i64, String)> =
            q("SELECT last_id, chain_seq, hash FROM audit_checkpoints WHERE station_id = $1")
                .bind(station_id)
                .fetch_optional(self)
                .await?;
        let mut check =
            ChainCheck { station_id, station_name, checked: 0, before_chain: 0, from_checkpoint: false, broken: None };
        // The checkpoint's row must still be there as it was.
        if let Some((last_id, seq, hash)) = &checkpoint {
            let at: Option<ChainRow> = q(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM audit_log WHERE station_id = $1 AND chain_seq = $2"
            )))
            .bind(station_id)
            .bind(*seq)
            .fetch_optional(self)
            .await?;
            match at {
                Some(r) if r.hash.as_deref() == Some(hash.as_str()) && r.id == *last_id => {}
                Some(r) => {
                    check.broken = Some(r.fault(Fault::Changed));
                    return Ok(check);
                }
                None => {
                    check.broken = Some(self.missing_at_end(station_id).await?);
                    return Ok(check);
                }
            }
        }
        let (mut walk, mut after) = match (&checkpoint, whole) {
            (Some((last_id, seq, hash)), false) => {
                check.from_checkpoint = true;
                (Walk::after(Head { seq: *seq, hash: hash.clone() }), *last_id)
            }
            _ => {
                // Rows from before the chain are counted, not read: the walk starts at the
                // first linked row (a hash stripped from it shows as its successor's gap).
                let (first, before): (Option<i64>, i64) = q("SELECT
                        (SELECT min(id) FROM audit_log WHERE station_id = $1 AND chain_seq IS NOT NULL),
                        (SELECT count(*) FROM audit_log WHERE station_id = $1 AND chain_seq IS NULL AND id <
                            coalesce((SELECT min(id) FROM audit_log WHERE station_id = $1 AND chain_seq IS NOT NULL),
                                     (SELECT max(id) + 1 FROM audit_log WHERE station_id = $1), 0))")
                .bind(station_id)
                .fetch_one(self)
                .await?;
                let mut walk = Walk::from_start();
                walk.unlinked_before = u64::try_from(before).unwrap_or(0);
                (walk, first.map_or(i64::MAX - 1, |f| f - 1))
            }
        };
        let mut last: Option<i64> = None;
        loop {
            let rows: Vec<ChainRow> = q(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM audit_log WHERE station_id = $1 AND id > $2 ORDER BY id LIMIT $3"
            )))
            .bind(station_id)
            .bind(after)
            .bind(PAGE)
            .fetch_all(self)
            .await?;
            for r in &rows {
                if let Some(f) = walk.step(&r.stored(station_id)) {
                    check.checked = walk.checked;
                    check.before_chain = walk.unlinked_before;
                    check.broken = Some(r.fault(f));
                    return Ok(check);
                }
                last = Some(r.id);
            }
            match rows.last() {
                Some(r) if rows.len() as i64 == PAGE => after = r.id,
                _ => break,
            }
        }
        check.checked = walk.checked;
        check.before_chain = walk.unlinked_before;
        if let (Some(head), Some(last_id)) = (walk.head(), last)
            && !self.is_district()
        {
            q("INSERT INTO audit_checkpoints (station_id, last_id, chain_seq, hash, checked_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (station_id) DO UPDATE SET last_id = excluded.last_id, chain_seq = excluded.chain_seq,
                    hash = excluded.hash, checked_at = excluded.checked_at")
            .bind(station_id)
            .bind(last_id)
            .bind(head.seq)
            .bind(head.hash.clone())
            .bind(self.now())
            .execute(self)
            .await?;
        }
        Ok(check)
    }

    /// The chain ends before the checkpoint: rows were removed at its end. The break is
    /// told at the last row that is left.
    async fn missing_at_end(&self, station_id: i64) -> Result<ChainBreak> {
        let last: Option<ChainRow> = q(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM audit_log WHERE station_id = $1 ORDER BY id DESC LIMIT 1"
        )))
        .bind(station_id)
        .fetch_optional(self)
        .await?;
        Ok(match last {
            Some(r) => ChainBreak::new(r.id, r.at, &r.staff_name, Fault::Missing, true),
            None => ChainBreak::new(0, self.now(), "", Fault::Missing, true),
        })
    }
}

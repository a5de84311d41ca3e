//! The audit log's hash chain, per station: each row's `hash` is SHA-256 over the previous
//! row's hash and the row's canonical content, and carries its place in the station's
//! chain (`seq`, 1, 2, 3 …), so a changed row, a removed row and a re-linked chain are each
//! told apart. Rows written before the chain existed have no hash: they come before the
//! station's first linked row and are counted, not checked.

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use sha2::{Digest, Sha256};

/// The previous hash of a station's first linked row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What a row's hash covers, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content<'a> {
    pub station_id: i64,
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub staff_id: Option<i64>,
    pub staff_name: &'a str,
    pub entity: &'a str,
    pub entity_id: i64,
    pub action: &'a str,
    /// The `changes` column's JSON text, exactly as stored.
    pub changes: &'a str,
    pub note: Option<&'a str>,
}

/// An instant as both backends keep it: whole microseconds (PostgreSQL keeps no more).
pub fn stored_instant(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

impl Content<'_> {
    /// The canonical serialisation: a JSON array of the fields in a fixed order, the
    /// instant in UTC microseconds, so the same row gives the same text on either backend.
    pub fn canonical(&self) -> String {
        let at = stored_instant(self.at).to_rfc3339_opts(SecondsFormat::Micros, true);
        serde_json::json!([
            "stationdesk-audit-v1",
            self.station_id,
            self.seq,
            at,
            self.staff_id,
            self.staff_name,
            self.entity,
            self.entity_id,
            self.action,
            self.changes,
            self.note,
        ])
        .to_string()
    }

    /// This row's hash, linked to the previous row's.
    pub fn hash(&self, prev_hash: &str) -> String {
        let mut h = Sha256::new();
        h.update(prev_hash.as_bytes());
        h.update(b"\n");
        h.update(self.canonical().as_bytes());
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// A row's place in the chain, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub seq: i64,
    pub prev_hash: String,
    pub hash: String,
}

/// The chain's end so far: the last linked row's place and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

impl Head {
    pub fn genesis() -> Self {
        Self { seq: 0, hash: GENESIS.to_owned() }
    }

    /// Links the next row after this head and moves the head onto it. The content's `seq`
    /// is set here.
    pub fn link(&mut self, content: &mut Content<'_>) -> Link {
        content.seq = self.seq + 1;
        let hash = content.hash(&self.hash);
        let link = Link { seq: content.seq, prev_hash: std::mem::replace(&mut self.hash, hash.clone()), hash };
        self.seq = link.seq;
        link
    }
}

/// What is wrong at a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The row's content or its hash was changed after it was written.
    Changed,
    /// The row does not link to the row before it (its previous hash is another).
    Unlinked,
    /// Rows are missing before this one (its place in the chain skips), or at the end.
    Missing,
}

impl Fault {
    pub fn label(self) -> &'static str {
        match self {
            Self::Changed => "内容被改动",
            Self::Unlinked => "链断开",
            Self::Missing => "缺少记录",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Changed => "changed",
            Self::Unlinked => "unlinked",
            Self::Missing => "missing",
        }
    }
}

/// A stored row, as the walk reads it.
#[derive(Debug, Clone)]
pub struct Stored<'a> {
    pub content: Content<'a>,
    pub link: Option<Link>,
}

/// Walks one station's rows in id order (possibly starting after a checkpoint).
#[derive(Debug, Clone)]
pub struct Walk {
    head: Option<Head>,
    /// Rows before the first linked row (written before the chain existed).
    pub unlinked_before: u64,
    pub checked: u64,
}

impl Walk {
    /// From the station's first row.
    pub fn from_start() -> Self {
        Self { head: None, unlinked_before: 0, checked: 0 }
    }

    /// From a checkpoint: the rows after a row already checked.
    pub fn after(head: Head) -> Self {
        Self { head: Some(head), unlinked_before: 0, checked: 0 }
    }

    pub fn head(&self) -> Option<&Head> {
        self.head.as_ref()
    }

    /// Checks the next row; the first fault found is returned and the walk should stop.
    pub fn step(&mut self, row: &Stored<'_>) -> Option<Fault> {
        let Some(link) = &row.link else {
            if self.head.is_none() {
                self.unlinked_before += 1;
                return None;
            }
            // A row without a hash after the chain began was not written by the program.
            return Some(Fault::Changed);
        };
        let mut content = row.content.clone();
        content.seq = link.seq;
        if content.hash(&link.prev_hash) != link.hash {
            return Some(Fault::Changed);
        }
        let expected = self.head.clone().unwrap_or_else(Head::genesis);
        if link.seq > expected.seq + 1 {
            return Some(Fault::Missing);
        }
        if link.seq != expected.seq + 1 || link.prev_hash != expected.hash {
            return Some(Fault::Unlinked);
        }
        self.checked += 1;
        self.head = Some(Head { seq: link.seq, hash: link.hash.clone() });
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn content(n: i64, changes: &str) -> Content<'_> {
        Content {
            station_id: 1,
            seq: 0,
            at: Utc.timestamp_opt(1_800_000_000 + n, 123_456_789).unwrap(),
            staff_id: Some(2),
            staff_name: "王芳",
            entity: "case",
            entity_id: n,
            action: "update",
            changes,
            note: None,
        }
    }

    fn chain(n: i64) -> Vec<Stored<'static>> {
        let mut head = Head::genesis();
        (0..n)
            .map(|k| {
                let mut c = content(k, "[]");
                let link = head.link(&mut c);
                Stored { content: c, link: Some(link) }
            })
            .collect()
    }

    fn walk(rows: &[Stored<'_>]) -> Result<u64, (usize, Fault)> {
        let mut w = Walk::from_start();
        for (i, r) in rows.iter().enumerate() {
            if let Some(f) = w.step(r) {
                return Err((i, f));
            }
        }
        Ok(w.checked)
    }

    #[test]
    fn a_clean_chain_checks() {
        assert_eq!(walk(&chain(5)), Ok(5));
    }

    #[test]
    fn the_canonical_form_ignores_what_no_backend_keeps() {
        let a = content(1, "[]");
        let mut b = a.clone();
        b.at = stored_instant(b.at);
        assert_eq!(a.canonical(), b.canonical());
        assert!(a.canonical().contains("2027-01-15T08:00:01.123456Z"), "{}", a.canonical());
    }

    #[test]
    fn a_changed_row_is_found() {
        let mut rows = chain(5);
        rows[2].content.changes = r#"[{"field":"status"}]"#;
        assert_eq!(walk(&rows), Err((2, Fault::Changed)));
        let mut rows = chain(5);
        rows[3].content.note = Some("改过");
        assert_eq!(walk(&rows), Err((3, Fault::Changed)));
    }

    #[test]
    fn a_removed_row_is_found() {
        let mut rows = chain(5);
        rows.remove(2);
        assert_eq!(walk(&rows), Err((2, Fault::Missing)));
    }

    #[test]
    fn a_relinked_row_is_found() {
        // A forger rewrites row 2 with a fresh hash: row 3 no longer links to it.
        let mut rows = chain(5);
        let prev = rows[1].link.clone().unwrap();
        let mut head = Head { seq: prev.seq, hash: prev.hash };
        let mut forged = content(2, r#"["forged"]"#);
        rows[2].link = Some(head.link(&mut forged));
        rows[2].content = forged;
        assert_eq!(walk(&rows), Err((3, Fault::Unlinked)));
    }

    #[test]
    fn rows_before_the_chain_are_counted_not_checked() {
        let mut rows = vec![Stored { content: content(0, "[]"), link: None }];
        rows.extend(chain(2));
        let mut w = Walk::from_start();
        assert!(rows.iter().all(|r| w.step(r).is_none()));
        assert_eq!((w.unlinked_before, w.checked), (1, 2));
        // But a row without a hash after the chain began is not one of ours.
        rows.push(Stored { content: content(9, "[]"), link: None });
        assert_eq!(walk(&rows), Err((3, Fault::Changed)));
    }

    #[test]
    fn a_walk_resumes_after_a_checkpoint() {
        let rows = chain(4);
        let l = rows[1].link.clone().unwrap();
        let mut w = Walk::after(Head { seq: l.seq, hash: l.hash });
        assert!(rows[2..].iter().all(|r| w.step(r).is_none()));
        assert_eq!(w.checked, 2);
        let mut w = Walk::after(Head { seq: 2, hash: GENESIS.to_owned() });
        assert_eq!(w.step(&rows[2]), Some(Fault::Unlinked));
    }
}

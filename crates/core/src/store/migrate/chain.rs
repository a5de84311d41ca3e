//! The audit chain across a move: the station's rows get new ids and a new station id, so
//! their hashes are worked out again on the moved values, in the same order. The source
//! chain is checked first, so a move never turns a broken chain into a sound one.

use chrono::{DateTime, Utc};
use stationdesk_model::audit::chain::{Content, Head, Link, Stored, Walk};

use super::{Column, Row};
use crate::error::{CoreError, Result};

/// A row's chain values, read from the text of its columns.
struct Parsed<'a> {
    content: Content<'a>,
    link: Option<Link>,
    id: String,
}

fn parse<'a>(columns: &[Column], row: &'a Row) -> Result<Parsed<'a>> {
    let at = |name: &str| columns.iter().position(|c| c.name == name).and_then(|i| row[i].as_deref());
    let int = |name: &str| -> Result<Option<i64>> {
        at(name)
            .map(|v| v.parse::<i64>().map_err(|_| CoreError::Conflict(format!("操作记录中的“{name}”不是数字：{v}"))))
            .transpose()
    };
    let when = at("at").unwrap_or_default();
    let instant = DateTime::parse_from_rfc3339(when)
        .or_else(|_| DateTime::parse_from_str(when, "%Y-%m-%d %H:%M:%S%.f%#z"))
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| CoreError::Conflict(format!("操作记录中的时间无法读取：{when}")))?;
    let link = match (int("chain_seq")?, at("prev_hash"), at("hash")) {
        (Some(seq), Some(prev), Some(hash)) => Some(Link { seq, prev_hash: prev.to_owned(), hash: hash.to_owned() }),
        _ => None,
    };
    Ok(Parsed {
        content: Content {
            station_id: int("station_id")?.unwrap_or(0),
            seq: 0,
            at: instant,
            staff_id: int("staff_id")?,
            staff_name: at("staff_name").unwrap_or_default(),
            entity: at("entity").unwrap_or_default(),
            entity_id: int("entity_id")?.unwrap_or(0),
            action: at("action").unwrap_or_default(),
            changes: at("changes").unwrap_or_default(),
            note: at("note"),
        },
        link,
        id: at("id").unwrap_or_default().to_owned(),
    })
}

/// Refuses a move whose source chain is broken, naming the row.
pub(super) fn check_source(columns: &[Column], rows: &[Row]) -> Result<()> {
    let mut walk = Walk::from_start();
    for row in rows {
        let p = parse(columns, row)?;
        let id = p.id.clone();
        if let Some(f) = walk.step(&Stored { content: p.content, link: p.link }) {
            return Err(CoreError::Conflict(format!(
                "本站操作记录校验未通过：第 {id} 号记录{}。请先用 stationdesk-cli audit verify 查明原因，再搬迁",
                f.label()
            )));
        }
    }
    Ok(())
}

/// Links the moved rows again, in id order; rows written before the chain stay unlinked.
pub(super) fn relink(columns: &[Column], rows: &mut [Row]) -> Result<()> {
    let index = |name: &str| columns.iter().position(|c| c.name == name);
    let (Some(seq_i), Some(prev_i), Some(hash_i)) = (index("chain_seq"), index("prev_hash"), index("hash")) else {
        return Ok(());
    };
    let mut head = Head::genesis();
    for row in rows.iter_mut() {
        let link = {
            let p = parse(columns, row)?;
            if p.link.is_none() {
                continue;
            }
            let mut content = p.content;
            head.link(&mut content)
        };
        row[seq_i] = Some(link.seq.to_string());
        row[prev_i] = Some(link.prev_hash);
        row[hash_i] = Some(link.hash);
    }
    Ok(())
}

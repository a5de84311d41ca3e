//! Restoring one station on the district server from its backup, in one server
//! transaction: the station's rows are replaced by the backup's under the same ids (a
//! backup made from the server keeps them), every table checked against the backup, and
//! the restore written into the station's audit log; any difference rolls it all back.
//! Other stations' rows are not touched, and their saves wait only while it runs.
//!
//! The audit log only grows, on the server as everywhere (its triggers refuse a delete,
//! the administrator's too). Its rows written since the backup stay, and so do the staff
//! they name; rows of the backup the server lacks are added back. The log then tells what
//! happened before the restore, and the restore itself, in one unbroken chain.

use chrono::SubsecRound;
use stationdesk_model::roles::Role;

use super::*;
use crate::store::{Actor, WriteTx};

pub(crate) async fn replace_station(
    from: &Store,
    blobs: &std::path::Path,
    to: &Store,
    note: &str,
    progress: &mut (dyn FnMut(MoveStep) + Send),
) -> Result<MoveReport> {
    let stations = from.stations().await?;
    let [station] = stations.as_slice() else {
        return Err(CoreError::invalid("from", "备份的数据库里应正好有一个服务站"));
    };
    let pool = to.pg_pool()?;
    require_owner(pool, "在街道服务器上恢复服务站的备份").await?;
    let found: Option<(i64,)> =
        q("SELECT id FROM stations WHERE code = $1").bind(&station.code).fetch_optional(pool).await?;
    let Some((station_id,)) = found else {
        return Err(CoreError::NotFound(format!(
            "街道服务器上没有代码为 {} 的服务站：新服务站的数据请用“搬迁到街道服务器”（stationdesk-cli migrate）",
            station.code
        )));
    };
    if station.id != station_id {
        return Err(CoreError::Conflict(format!(
            "这份备份不是在街道服务器上为 {}（{}）做的（其中的编号与服务器上的不同），不能在服务器上恢复",
            station.name, station.code
        )));
    }
    let total = u32::try_from(SPECS.len() * 2 + 1).unwrap_or(u32::MAX);
    let mut done = 0;
    let mut step = |phase: MovePhase, table: &str, rows: u64| {
        done += 1;
        progress(MoveStep { phase, table: table.to_owned(), label: label(table).to_owned(), rows, done, total });
    };
    // Numbers only: safe to write into the statements.
    let staff: Vec<(i64,)> = sqlx::query_as("SELECT id FROM staff ORDER BY id").fetch_all(from.sqlite_pool()?).await?;
    let staff = if staff.is_empty() {
        "NULL".to_owned()
    } else {
        staff.iter().map(|(id,)| id.to_string()).collect::<Vec<_>>().join(", ")
    };
    let (last_audit,): (Option<i64>,) =
        sqlx::query_as("SELECT max(id) FROM audit_log").fetch_one(from.sqlite_pool()?).await?;
    let named_in_log = |column: &str| format!("EXISTS (SELECT 1 FROM audit_log a WHERE a.staff_id = {column})");

    let mut tx = Tx::Postgres(pool.begin().await?);
    lock_tables(&mut tx).await?;
    q("DELETE FROM case_search WHERE station_id = $1; DELETE FROM attachment_blobs WHERE station_id = $1")
        .bind(station_id)
        .execute(&mut tx)
        .await?;
    for spec in SPECS.iter().rev() {
        let keep = match spec.table {
            // Numbers handed out since the backup are not handed out again.
            "audit_log" | "case_serials" => continue,
            "staff" => format!("NOT {}", named_in_log("staff.id")),
            "staff_credentials" => {
                format!("staff_id IN ({staff}) OR NOT {}", named_in_log("staff_credentials.staff_id"))
            }
            _ => "TRUE".to_owned(),
        };
        q(AssertSqlSafe(format!("DELETE FROM \"{}\" WHERE ({}) AND ({keep})", spec.table, spec.mine)))
            .bind(station_id)
            .execute(&mut tx)
            .await?;
    }
    q("UPDATE stations SET name = $2, phone = $3, poster_link = $4, idle_lock_minutes = $5 WHERE id = $1")
        .bind(station_id)
        .bind(&station.name)
        .bind(station.phone.clone())
        .bind(station.poster_link.clone())
        .bind(i64::from(station.idle_lock_minutes))
        .execute(&mut tx)
        .await?;

    let same = Remap { station_id, offsets: HashMap::new() };
    let mut backup_rows = Vec::with_capacity(SPECS.len());
    for spec in SPECS {
        let columns = to.pg_columns(spec.table).await?;
        let mut rows = source_rows(from, spec.table, &columns).await?;
        if spec.table == "audit_log" {
            chain::check_source(&columns, &rows)?;
        }
        for r in &mut rows {
            same.row(spec, &columns, r)?;
        }
        let tail = match spec.table {
            // Kept for the audit rows naming them: brought back to the backup's values.
            "staff" => format!(
                "ON CONFLICT (id) DO UPDATE SET {}",
                columns
                    .iter()
                    .filter(|c| c.name != "id")
                    .map(|c| format!("\"{0}\" = EXCLUDED.\"{0}\"", c.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "audit_log" => "ON CONFLICT (id) DO NOTHING".to_owned(),
            "case_serials" => "ON CONFLICT (station_id, year) DO UPDATE \
                SET last_serial = greatest(case_serials.last_serial, EXCLUDED.last_serial)"
                .to_owned(),
            _ => String::new(),
        };
        step(MovePhase::Copying, spec.table, rows.len() as u64);
        insert_rows(&mut tx, spec.table, &columns, &rows, &tail).await?;
        if spec.table == "cases" {
            index_cases(&mut tx, &columns, &rows, station_id).await?;
        }
        if spec.maps.iter().any(|(c, m)| *c == "id" && *m == Map::Id) {
            // A server restored from an older dump may have its counter behind the backup.
            q(AssertSqlSafe(format!(
                "SELECT setval('{0}_id_seq', greatest((SELECT last_value FROM {0}_id_seq), (SELECT coalesce(max(id), 1) FROM {0})))",
                spec.table
            )))
            .execute(&mut tx)
            .await?;
        }
        backup_rows.push((spec, columns, rows));
    }
    let attachments = move_blobs(from, blobs, &mut tx, station_id).await?;
    step(MovePhase::Copying, "attachment_blobs", attachments);

    // Every table as the backup has it; of the audit log and the staff, the backup's rows.
    let Tx::Postgres(conn) = &mut tx else {
        return Err(CoreError::invalid("to", "恢复的目标应是街道服务器（postgres://…）"));
    };
    let mut tables = Vec::with_capacity(backup_rows.len());
    for (spec, columns, source) in &backup_rows {
        let and = match spec.table {
            "audit_log" => last_audit.map_or("FALSE".to_owned(), |id| format!("id <= {id}")),
            "staff" => format!("id IN ({staff})"),
            "staff_credentials" => format!("staff_id IN ({staff})"),
            _ => "TRUE".to_owned(),
        };
        let target = target_rows_where(conn, spec, columns, station_id, &and).await?;
        let (a, b) = (checksum(columns, source), checksum(columns, &target));
        step(MovePhase::Checking, spec.table, target.len() as u64);
        let matches = if spec.table == "case_serials" {
            serials_at_least(columns, source, &target)
        } else {
            a == b && source.len() == target.len()
        };
        tables.push(TableCheck {
            table: spec.table.to_owned(),
            label: label(spec.table).to_owned(),
            source_rows: source.len() as u64,
            target_rows: target.len() as u64,
            matches,
            checksum: b,
        });
    }
    let differ: Vec<&str> = tables.iter().filter(|t| !t.matches).map(|t| t.label.as_str()).collect();
    if !differ.is_empty() {
        drop(tx); // rolled back: nothing of the restore stays
        return Err(CoreError::Conflict(format!(
            "恢复后核对不一致（{}），已全部撤销：服务器上本站的数据没有改动",
            differ.join("、")
        )));
    }
    let actor = Actor { station_id, staff_id: None, staff_name: "街道管理员".to_owned(), role: Role::Head };
    let mut write = WriteTx { tx, actor: &actor, bootstrap_actor: None, now: to.now().trunc_subsecs(0) };
    write.audit_note("station", station_id, "restore_backup", &[], Some(note)).await?;
    write.commit().await?;
    // As after a move: the planner learns of the rows now rather than at autovacuum's next
    // round. Best effort: the restore is done either way.
    let _ = q("ANALYZE").execute(to).await;
    Ok(MoveReport { station_code: station.code.clone(), copied: true, tables, attachments, verified: true })
}

/// Whether every year's last case number on the server is at least the backup's.
fn serials_at_least(columns: &[Column], backup: &[Row], server: &[Row]) -> bool {
    let at = |name: &str| columns.iter().position(|c| c.name == name);
    let (Some(year), Some(last)) = (at("year"), at("last_serial")) else { return false };
    let number = |r: &Row, i: usize| r[i].as_deref().and_then(|v| v.parse::<i64>().ok());
    backup.iter().all(|b| {
        server.iter().any(|s| s[year] == b[year] && number(s, last).zip(number(b, last)).is_some_and(|(s, b)| s >= b))
    })
}

//! Which migrations a database holds against the ones this program knows: those still to
//! apply, and those a newer StationDesk applied that this one does not know (a database
//! written by a newer program is refused, never half-understood or migrated back).

use super::*;

/// The migrations of `known` not applied yet, in order.
pub(super) fn pending(known: &sqlx::migrate::Migrator, applied: &[i64]) -> Vec<i64> {
    known.iter().map(|m| m.version).filter(|v| !applied.contains(v)).collect()
}

/// Refuses a database that holds a migration this program does not know: a newer
/// StationDesk wrote it. Nothing is changed before this check.
pub(super) fn refuse_newer(known: &sqlx::migrate::Migrator, applied: &[i64], place: &str) -> Result<()> {
    let Some(newest) = applied.iter().copied().filter(|v| !known.iter().any(|m| m.version == *v)).max() else {
        return Ok(());
    };
    Err(CoreError::Conflict(format!(
        "这个数据库（{place}）由更新版本的社区服务站工作台（数据库版本 {newest}）写入，本程序版本 {} 不能打开它：请安装新版本后再打开；数据库未作任何改动",
        env!("CARGO_PKG_VERSION")
    )))
}

/// The migrations applied to a SQLite file (none for a fresh one).
pub(super) async fn applied_sqlite(pool: &SqlitePool) -> Result<Vec<i64>> {
    let has_table: Option<(i64,)> = q("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
        .fetch_optional(pool)
        .await?;
    if has_table.is_none() {
        return Ok(Vec::new());
    }
    let applied: Vec<(i64,)> = q("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(pool).await?;
    Ok(applied.into_iter().map(|(v,)| v).collect())
}

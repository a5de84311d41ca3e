//! SQL for attachments, and where their bytes live.

use crate::store::q;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::{Location, Store, WriteTx};
use crate::attachments::{Attachment, AttachmentKind};
use crate::error::{CoreError, Result};
use crate::store::FieldChange;

type AttachmentRow = (i64, i64, String, String, String, i64, String, DateTime<Utc>, String);

const ATTACHMENT_COLUMNS: &str = "id, case_id, kind, file_name, media_type, size, sha256, created_at, created_by_name";

fn attachment(r: AttachmentRow) -> Option<Attachment> {
    Some(Attachment {
        id: r.0,
        case_id: r.1,
        kind: AttachmentKind::parse(&r.2)?,
        file_name: r.3,
        media_type: r.4,
        size: r.5,
        sha256: r.6,
        created_at: r.7,
        created_by: r.8,
    })
}

impl Store {
    /// The folder next to the database that holds attachment bytes: `stationdesk.files/`
    /// beside `stationdesk.db`.
    pub fn files_dir(&self) -> Result<PathBuf> {
        match &self.location {
            Location::SqliteFile(path) => {
                let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("stationdesk");
                let dir = path.parent().map(PathBuf::from).unwrap_or_default();
                Ok(dir.join(format!("{stem}.files")))
            }
            Location::Postgres(_) => {
                Err(CoreError::Conflict("连接街道服务器时暂不能保存附件：附件功能将在下一版本支持服务器".to_owned()))
            }
        }
    }

    pub(crate) async fn case_attachments(&self, case_id: i64) -> Result<Vec<Attachment>> {
        let sql = format!(
            "SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE case_id = $1 AND removed_at IS NULL ORDER BY id"
        );
        let rows: Vec<AttachmentRow> = q(sqlx::AssertSqlSafe(sql)).bind(case_id).fetch_all(self).await?;
        Ok(rows.into_iter().filter_map(attachment).collect())
    }

    pub(crate) async fn attachment(&self, station_id: i64, id: i64) -> Result<Option<Attachment>> {
        let sql = format!("SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE id = $1 AND station_id = $2");
        let row: Option<AttachmentRow> =
            q(sqlx::AssertSqlSafe(sql)).bind(id).bind(station_id).fetch_optional(self).await?;
        Ok(row.and_then(attachment))
    }
}

impl Store {
    /// PostgreSQL: an attachment's bytes, by the station and their hash.
    pub(crate) async fn blob(&self, station_id: i64, sha256: &str) -> Result<Option<Vec<u8>>> {
        let row: Option<(Vec<u8>,)> = q("SELECT bytes FROM attachment_blobs WHERE station_id = $1 AND sha256 = $2")
            .bind(station_id)
            .bind(sha256)
            .fetch_optional(self)
            .await?;
        Ok(row.map(|r| r.0))
    }
}

impl WriteTx<'_> {
    /// PostgreSQL: keeps an attachment's bytes under their hash, once per station.
    pub(crate) async fn insert_blob(&mut self, sha256: &str, bytes: &[u8]) -> Result<()> {
        q("INSERT INTO attachment_blobs (station_id, sha256, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(self.actor().station_id)
            .bind(sha256)
            .bind(bytes)
            .execute(&mut self.tx)
            .await?;
        Ok(())
    }

    pub(crate) async fn insert_attachment(
        &mut self,
        case_id: i64,
        kind: AttachmentKind,
        file_name: &str,
        media_type: &str,
        size: i64,
        sha256: &str,
    ) -> Result<Attachment> {
        let case = self.case_for_update(case_id).await?;
        let actor = self.actor().clone();
        let rows: Vec<(i64,)> =
            q("INSERT INTO attachments (station_id, case_id, kind, file_name, media_type, size, sha256, created_at,
                created_by_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
            .bind(actor.station_id)
            .bind(case.id)
            .bind(kind.code())
            .bind(file_name)
            .bind(media_type)
            .bind(size)
            .bind(sha256)
            .bind(self.now)
            .bind(&actor.staff_name)
            .fetch_all(&mut self.tx)
            .await?;
        let Some(&(id,)) = rows.first() else {
            return Err(CoreError::Conflict("附件未能登记，请重试".to_owned()));
        };
        let changes: Vec<FieldChange> =
            [FieldChange::set("attachment", Some(file_name))].into_iter().flatten().collect();
        self.audit("case", case.id, "attachment", &changes).await?;
        Ok(Attachment {
            id,
            case_id: case.id,
            kind,
            file_name: file_name.to_owned(),
            media_type: media_type.to_owned(),
            size,
            sha256: sha256.to_owned(),
            created_at: self.now,
            created_by: actor.staff_name,
        })
    }

    pub(crate) async fn remove_attachment(&mut self, id: i64) -> Result<()> {
        let actor = self.actor().clone();
        let row: Vec<(i64, String)> = q("UPDATE attachments SET removed_at = $3, removed_by_name = $4
             WHERE id = $1 AND station_id = $2 AND removed_at IS NULL RETURNING case_id, file_name")
        .bind(id)
        .bind(actor.station_id)
        .bind(self.now)
        .bind(&actor.staff_name)
        .fetch_all(&mut self.tx)
        .await?;
        let Some((case_id, name)) = row.into_iter().next() else {
            return Err(CoreError::NotFound(format!("找不到编号为 {id} 的附件（可能已被移除）")));
        };
        let changes: Vec<FieldChange> =
            [FieldChange::change("attachment", Some(&name), None)].into_iter().flatten().collect();
        self.audit("case", case_id, "attachment", &changes).await
    }
}

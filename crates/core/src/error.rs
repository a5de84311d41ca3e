//! The core's one error type. Messages are written for a community worker, in Chinese:
//! they say what was wrong and what to do, and never show SQL or a stack.

pub use stationdesk_model::error::FieldError;
use stationdesk_model::error::Invalid;

/// What kind of failure an error is, for the window to branch on; the wire names are the
/// snake_case strings (`invalid_input`, `not_found`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Input refused before anything was written; `fields` says where.
    InvalidInput,
    NotFound,
    /// The request conflicts with what is stored (or a stored file is damaged).
    Conflict,
    /// Another program holds the database's write lock.
    Busy,
    Database,
    Migrate,
    Io,
    /// The database could not be opened at start.
    DatabaseUnavailable,
    /// No staff member on duty was chosen yet.
    NoStaff,
    /// The role on duty may not do this (the permission table, `stationdesk_model::roles`).
    Forbidden,
    /// A login refused: wrong name or password, held back after failures, or disabled.
    LoginFailed,
    /// What only the desktop window can do (dialogs, the system PDF viewer), asked elsewhere.
    NotSupported,
    /// Anything else: a bug, never a user's mistake.
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidInput => "invalid_input",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::Busy => "busy",
            Self::Database => "database",
            Self::Migrate => "migrate",
            Self::Io => "io",
            Self::DatabaseUnavailable => "database_unavailable",
            Self::NoStaff => "no_staff",
            Self::Forbidden => "forbidden",
            Self::LoginFailed => "login_failed",
            Self::NotSupported => "not_supported",
            Self::Internal => "internal",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// Input refused before anything was written.
    #[error("{}", join_messages(.0))]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    NotFound(String),
    /// The request conflicts with what is stored (e.g. a second `init`).
    #[error("{0}")]
    Conflict(String),
    /// The role on duty may not do this: the table's refusal, saying who can.
    #[error("{0}")]
    Forbidden(String),
    /// A login refused (never saying whether the name or the password was wrong).
    #[error("{0}")]
    LoginFailed(String),
    #[error("数据库出错：{0}")]
    Database(#[from] sqlx::Error),
    #[error("数据库升级失败：{0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("文件读写失败：{0}")]
    Io(#[from] std::io::Error),
}

impl From<Invalid> for CoreError {
    fn from(e: Invalid) -> Self {
        Self::Invalid(e.0)
    }
}

impl From<FieldError> for CoreError {
    fn from(e: FieldError) -> Self {
        Self::Invalid(vec![e])
    }
}

fn join_messages(errors: &[FieldError]) -> String {
    errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("；")
}

impl CoreError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, message)])
    }

    /// A stable machine-readable code, for the UI to branch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Invalid(_) => ErrorCode::InvalidInput,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::Forbidden(_) => ErrorCode::Forbidden,
            Self::LoginFailed(_) => ErrorCode::LoginFailed,
            Self::Database(e) if is_busy(e) => ErrorCode::Busy,
            Self::Database(_) => ErrorCode::Database,
            Self::Migrate(_) => ErrorCode::Migrate,
            Self::Io(_) => ErrorCode::Io,
        }
    }

    /// The message for a person: database errors are summarised, not dumped.
    pub fn user_message(&self) -> String {
        match self {
            Self::Database(e) if is_busy(e) => "数据库正忙（另一程序正在写入），请稍后再试".to_owned(),
            Self::Database(sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed) => {
                "无法连接数据库，请检查数据库文件或服务器是否可用".to_owned()
            }
            Self::Database(sqlx::Error::Database(db)) if refuses_audit_change(db.as_ref()) => AUDIT_APPEND_ONLY.to_owned(),
            Self::Database(sqlx::Error::Database(db)) if pg_code(db.as_ref()).is_some() => {
                pg_message(pg_code(db.as_ref()).unwrap_or_default()).to_owned()
            }
            Self::Database(sqlx::Error::Io(e)) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                "没有权限读写数据库文件或它所在的文件夹：请让管理员改正权限后重试".to_owned()
            }
            Self::Database(sqlx::Error::Io(_)) => CONNECTION_LOST.to_owned(),
            Self::Database(sqlx::Error::Database(db)) => match sqlite_primary_code(db.as_ref()) {
                Some(11 | 26) => {
                    "文件不是本程序的数据库，或已经损坏：请检查文件路径，或从备份恢复（升级前的备份文件名含 before-v）"
                        .to_owned()
                }
                Some(14) => "无法打开数据库文件：请检查所在文件夹是否存在、当前用户是否有写入权限".to_owned(),
                Some(8) => "数据库文件（或它所在的文件夹）是只读的，本次修改未保存：请检查文件和文件夹的权限后重试".to_owned(),
                Some(13) => "磁盘已满，本次修改未保存：请清理磁盘空间后重试".to_owned(),
                _ => GENERIC_DATABASE_MESSAGE.to_owned(),
            },
            Self::Database(_) => GENERIC_DATABASE_MESSAGE.to_owned(),
            // The operating system's own words (often English) stay out of the message.
            Self::Io(e) => format!("文件读写失败：{}", io_reason(e)),
            // sqlx's reason is English and about SQL; the backup made before migrating
            // is what the worker can act on.
            Self::Migrate(_) => "数据库升级失败：请关闭其他正在使用这个数据库的程序后重试；如仍失败，请从升级前的备份（文件名含 before-v）恢复或联系管理员".to_owned(),
            other => other.to_string(),
        }
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Self::Invalid(fields) => fields,
            _ => &[],
        }
    }
}

/// Why a file could not be read or written, in a few words for a person (`权限不足`),
/// never the operating system's own message.
pub fn io_reason(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::PermissionDenied => "权限不足",
        K::NotFound => "文件或文件夹不存在",
        K::AlreadyExists => "同名文件已存在",
        K::StorageFull => "磁盘已满",
        K::ReadOnlyFilesystem => "磁盘或文件夹是只读的",
        K::IsADirectory => "这是一个文件夹，不是文件",
        K::InvalidFilename => "文件名不合规",
        _ => "读写出错，请检查磁盘和文件夹后重试",
    }
}

/// What the database says when the audit log is to be changed (the triggers of migration
/// `20261203020001_audit_append_only` raise it on both backends).
const AUDIT_REFUSAL: &str = "操作记录只能追加，不能修改或删除";

const AUDIT_APPEND_ONLY: &str = "操作记录只能追加，不能修改或删除：本次修改未保存";

/// The audit log's triggers (both backends) or PostgreSQL's missing privilege on it.
fn refuses_audit_change(e: &dyn sqlx::error::DatabaseError) -> bool {
    e.message().contains(AUDIT_REFUSAL)
        || (pg_code(e) == Some("42501") && e.message().contains("audit_log") && !e.message().contains("row-level"))
}

/// A dropped connection to the district server, however it was noticed (the socket failed,
/// or the server said it is shutting down): one wording, so the load test and a worker see
/// one cause, not two.
const CONNECTION_LOST: &str = "与街道服务器的连接断开了，本次修改未保存：请检查网络，连接恢复后重试";

const GENERIC_DATABASE_MESSAGE: &str = "数据库操作失败，本次修改未保存；请重试，如仍失败请联系管理员";

/// A PostgreSQL server's SQLSTATE, when the error came from one.
fn pg_code(e: &dyn sqlx::error::DatabaseError) -> Option<&str> {
    e.try_downcast_ref::<sqlx::postgres::PgDatabaseError>().map(|pg| pg.code())
}

/// What a PostgreSQL refusal means for the person at the desk.
fn pg_message(code: &str) -> &'static str {
    match code {
        "42501" => "此登录没有修改这些记录的权限（街道账号只能查看；服务站只能改本站的记录），本次修改未保存",
        "23505" => "与已有记录重复，本次修改未保存：请检查后重试",
        "40001" | "40P01" | "55P03" => "数据库正忙（其他服务站正在写入），请稍后再试",
        c if c.starts_with("08") || c.starts_with("57") => CONNECTION_LOST,
        "53100" => "街道服务器的磁盘已满，本次修改未保存：请联系街道管理员",
        _ => GENERIC_DATABASE_MESSAGE,
    }
}

/// SQLite's primary result code (the low byte of an extended code), e.g. 26 = SQLITE_NOTADB.
fn sqlite_primary_code(e: &dyn sqlx::error::DatabaseError) -> Option<i32> {
    e.code().and_then(|c| c.parse::<i32>().ok()).map(|c| c & 0xff)
}

pub(crate) fn is_busy(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.message().contains("database is locked") || db.message().contains("busy"))
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

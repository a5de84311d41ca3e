//! The one error type every front door returns (Tauri IPC, the dev server's HTTP): `{ code,
//! message, fields }`. The UI shows `message`; `fields` carries per-field messages for forms;
//! `code` ([`ErrorCode`]) is for branching.

use serde::Serialize;
use stationdesk_core::{CoreError, ErrorCode, FieldError};

#[derive(Debug, Serialize, specta::Type)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    pub fields: Vec<FieldError>,
}

impl From<CoreError> for AppError {
    fn from(e: CoreError) -> Self {
        Self { code: e.code(), message: e.user_message(), fields: e.field_errors().to_vec() }
    }
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), fields: Vec::new() }
    }
}

pub type AppResult<T> = Result<T, AppError>;

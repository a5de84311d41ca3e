//! The one error type that crosses IPC: `{ code, message, fields }`. The UI shows
//! `message`; `fields` carries per-field messages for forms; `code` is for branching.

use serde::Serialize;
use stationdesk_core::{CoreError, FieldError};

#[derive(Debug, Serialize, specta::Type)]
pub struct AppError {
    pub code: String,
    pub message: String,
    pub fields: Vec<FieldError>,
}

impl From<CoreError> for AppError {
    fn from(e: CoreError) -> Self {
        Self { code: e.code().to_owned(), message: e.user_message(), fields: e.field_errors().to_vec() }
    }
}

impl AppError {
    pub fn new(code: &str, message: &str) -> Self {
        Self { code: code.to_owned(), message: message.to_owned(), fields: Vec::new() }
    }
}

pub type AppResult<T> = Result<T, AppError>;

//! What a change did to a record, field by field: the audit log's rows and the case
//! timeline are made of these.

use serde::{Deserialize, Serialize};

/// One field's value before and after a change (`before` is empty on create).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl FieldChange {
    pub fn set(field: &str, after: Option<&str>) -> Option<Self> {
        after.map(|a| Self { field: field.to_owned(), before: None, after: Some(a.to_owned()) })
    }

    pub fn change(field: &str, before: Option<&str>, after: Option<&str>) -> Option<Self> {
        (before != after).then(|| Self {
            field: field.to_owned(),
            before: before.map(str::to_owned),
            after: after.map(str::to_owned),
        })
    }
}

//! What a change did to a record, field by field: the audit log's rows and the case
//! timeline are made of these. Also the audit log's hash chain: the canonical form of a
//! row, its hash, and the walk that checks a station's chain (`chain`).

use serde::{Deserialize, Serialize};

pub mod chain;
pub mod labels;

/// Fields that hold a resident's personal data (names, phones, addresses, ID numbers,
/// what a resident wrote about themselves, who was met on a visit, health notes of a
/// sign-up): the audit log records that they changed, never their values. The one list.
pub const PERSONAL_FIELDS: &[&str] = &[
    "residentName",
    "phone",
    "address",
    "description",
    "people",
    "contactPerson",
    "idNumber",
    "health",
    "signupName",
    "signupPhone",
];

/// Whether a field's value is kept out of the audit log.
pub fn is_personal(field: &str) -> bool {
    PERSONAL_FIELDS.contains(&field)
}

/// One field's value before and after a change (`before` is empty on create). A personal
/// field (`is_personal`) keeps neither value: `redacted` says it was set or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// The values were personal data and are not recorded.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub redacted: bool,
}

impl FieldChange {
    pub fn set(field: &str, after: Option<&str>) -> Option<Self> {
        after.map(|a| Self::new(field, None, Some(a)))
    }

    pub fn change(field: &str, before: Option<&str>, after: Option<&str>) -> Option<Self> {
        (before != after).then(|| Self::new(field, before, after))
    }

    fn new(field: &str, before: Option<&str>, after: Option<&str>) -> Self {
        let redacted = is_personal(field);
        let keep = |v: Option<&str>| if redacted { None } else { v.map(str::to_owned) };
        Self { field: field.to_owned(), before: keep(before), after: keep(after), redacted }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_fields_keep_no_value() {
        let c = FieldChange::set("phone", Some("13800138000")).unwrap();
        assert!(c.redacted);
        assert_eq!((c.before, c.after), (None, None));
        let json = serde_json::to_string(&FieldChange::change("residentName", Some("张三"), Some("李四"))).unwrap();
        assert!(!json.contains("张三") && !json.contains("李四"), "{json}");
        assert!(json.contains(r#""redacted":true"#), "{json}");
        // Unchanged personal values record nothing at all.
        assert_eq!(FieldChange::change("phone", Some("1"), Some("1")), None);
    }

    #[test]
    fn work_fields_stay_in_clear() {
        let c = FieldChange::change("status", Some("accepted"), Some("investigating")).unwrap();
        assert!(!c.redacted);
        assert_eq!(c.after.as_deref(), Some("investigating"));
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"field":"status","before":"accepted","after":"investigating"}"#
        );
    }
}

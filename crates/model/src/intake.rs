//! Intake (受理): what a new case may refer to.

use crate::error::{Checked, FieldError, Invalid};

/// A category and an assignee chosen on the form must be the station's own and active:
/// `*_found` is the name the store found for the id asked, if any.
pub fn check_references(
    category_asked: Option<i64>,
    category_found: Option<&str>,
    assignee_asked: Option<i64>,
    assignee_found: Option<&str>,
) -> Checked<()> {
    let mut errors = Vec::new();
    if category_asked.is_some() && category_found.is_none() {
        errors.push(FieldError::new("categoryId", "分类不在本站的分类列表中，请从列表中选择（可在“设置”里维护分类）"));
    }
    if assignee_asked.is_some() && assignee_found.is_none() {
        errors.push(FieldError::new("assigneeId", "承办人不是本站在岗的工作人员，请从列表中选择"));
    }
    if errors.is_empty() { Ok(()) } else { Err(Invalid(errors)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_category_or_assignee_not_of_the_station_is_refused_by_field() {
        assert!(check_references(Some(3), Some("市政设施"), None, None).is_ok());
        let both = check_references(Some(99), None, Some(7), None).err().map(|e| e.0);
        let fields: Vec<String> = both.unwrap_or_default().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["categoryId", "assigneeId"]);
    }
}

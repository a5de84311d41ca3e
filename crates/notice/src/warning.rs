//! Things a rendered notice should tell its user about, although it was printed.

/// A character that no font (bundled or preferred) can draw: it was printed as `□` in
/// its place, and this warning says which field and which character.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NoticeWarning {
    /// The input field (or template line) the character came from.
    pub field: String,
    /// The character itself.
    pub character: String,
    /// Its code point, `U+1F600`.
    pub codepoint: String,
    /// The message for the user, in Chinese.
    pub message: String,
}

impl NoticeWarning {
    pub(crate) fn missing_glyph(field: &str, ch: char) -> Self {
        let codepoint = format!("U+{:04X}", ch as u32);
        NoticeWarning {
            field: field.to_owned(),
            character: ch.to_string(),
            message: format!("“{field}”里的字符“{ch}”（{codepoint}）没有字体可以显示，已印成“□”，请改用文字"),
            codepoint,
        }
    }
}

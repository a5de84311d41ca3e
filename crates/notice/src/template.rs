//! Editable wording. Each kind of notice has a default template; staff may change it (the
//! app stores the edited text) and the engine fills it in. A template is plain text, one
//! block per line:
//!
//! - `# 标题` — the title (centred, 22 pt; wraps to a second line if long)
//! - `> 主送：` — the addressee line, flush left
//! - `## 小标题` — a heading in 黑体; numbered 一、二、三… in the kinds that number them
//! - `- 标签：内容` — a labelled line: the label up to the first `：` in 黑体, the rest in
//!   the body font (posters)
//! - `{参会人员表}` alone on a line — a block: a table, a numbered list or the QR code
//! - any other line — a paragraph, indented two characters and justified
//!
//! `{名称}` inside a line is replaced by the field's value. A line whose placeholders are
//! all empty is left out, and so is a heading whose section ends up empty. `{{` and `}}`
//! print literal braces. An unknown name or an unpaired brace is an error naming it.

use std::collections::BTreeMap;

use crate::error::NoticeError;

/// One line of a filled-in template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateBlock {
    Title(String),
    Addressee(String),
    Heading(String),
    Paragraph(String),
    /// A paragraph whose text up to the first `：` is a label in 黑体.
    Labelled(String),
    /// A block placeholder by name (`参会人员表`).
    Block(String),
}

/// The names a kind's template may use: inline values and stand-alone blocks.
#[derive(Debug, Clone, Copy)]
pub struct Placeholders {
    pub inline: &'static [&'static str],
    pub blocks: &'static [&'static str],
}

impl Placeholders {
    fn known(&self) -> String {
        self.inline.iter().chain(self.blocks).map(|n| format!("{{{n}}}")).collect::<Vec<_>>().join("、")
    }
}

enum Piece<'a> {
    Text(String),
    Name(&'a str),
}

fn pieces(line: &str, line_no: usize) -> Result<Vec<Piece<'_>>, NoticeError> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = line;
    while let Some(pos) = rest.find(['{', '}']) {
        text.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        if let Some(after) = tail.strip_prefix("{{") {
            text.push('{');
            rest = after;
        } else if let Some(after) = tail.strip_prefix("}}") {
            text.push('}');
            rest = after;
        } else if tail.starts_with('}') {
            return Err(NoticeError::UnbalancedBrace { line: line_no, brace: '}' });
        } else {
            let Some(end) = tail.find('}') else {
                return Err(NoticeError::UnbalancedBrace { line: line_no, brace: '{' });
            };
            let name = &tail[1..end];
            if name.contains('{') {
                return Err(NoticeError::UnbalancedBrace { line: line_no, brace: '{' });
            }
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text)));
            }
            out.push(Piece::Name(name));
            rest = &tail[end + 1..];
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    Ok(out)
}

/// Check a template without filling it in: every placeholder known, every brace paired,
/// block placeholders alone on their line. Use it when staff save an edited template.
pub fn validate(template: &str, names: &Placeholders) -> Result<(), NoticeError> {
    fill(template, names, &BTreeMap::new()).map(|_| ())
}

/// Fill in a template. `values` maps inline placeholder names to text; a name missing
/// from `values` counts as empty.
pub fn fill(
    template: &str,
    names: &Placeholders,
    values: &BTreeMap<&str, String>,
) -> Result<Vec<TemplateBlock>, NoticeError> {
    let mut out = Vec::new();
    for (i, raw) in template.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let (kind, body) = if let Some(b) = line.strip_prefix("## ") {
            (2, b)
        } else if let Some(b) = line.strip_prefix("# ") {
            (1, b)
        } else if let Some(b) = line.strip_prefix("> ") {
            (3, b)
        } else if let Some(b) = line.strip_prefix("- ") {
            (4, b)
        } else {
            (0, line)
        };
        let parts = pieces(body, line_no)?;
        let mut text = String::new();
        let (mut any_name, mut any_value) = (false, false);
        for p in &parts {
            match p {
                Piece::Text(t) => text.push_str(t),
                Piece::Name(n) if names.blocks.contains(n) => {
                    if parts.len() != 1 || kind != 0 {
                        return Err(NoticeError::BlockPlaceholderInline { name: (*n).to_owned(), line: line_no });
                    }
                }
                Piece::Name(n) if names.inline.contains(n) => {
                    any_name = true;
                    let v = values.get(n).map(|v| v.trim()).unwrap_or_default();
                    any_value |= !v.is_empty();
                    text.push_str(v);
                }
                Piece::Name(n) => {
                    return Err(NoticeError::UnknownPlaceholder {
                        name: (*n).to_owned(),
                        line: line_no,
                        known: names.known(),
                    });
                }
            }
        }
        if let [Piece::Name(n)] = parts.as_slice()
            && names.blocks.contains(n)
        {
            out.push(TemplateBlock::Block((*n).to_owned()));
            continue;
        }
        if any_name && !any_value {
            continue;
        }
        out.push(match kind {
            1 => TemplateBlock::Title(text),
            2 => TemplateBlock::Heading(text),
            3 => TemplateBlock::Addressee(text),
            4 => TemplateBlock::Labelled(text),
            _ => TemplateBlock::Paragraph(text),
        });
    }
    Ok(out)
}

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
//! all empty is left out, and so is a heading whose section ends up empty. In a paragraph
//! or a labelled line, a clause (up to `，`, `；` or `。`) whose placeholders are all empty
//! is left out too: `联系人：{联系人}，联系电话：{联系电话}。` without a phone reads
//! `联系人：张敏。`. `{{` and `}}` print literal braces. An unknown name or an unpaired
//! brace is an error naming it.

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

/// Where a clause ends: a clause whose placeholders are all empty is left out of its line.
const CLAUSE_ENDS: [char; 3] = ['，', '；', '。'];

/// A stretch of a filled-in line up to and including `，`, `；` or `。`.
#[derive(Default)]
struct Clause {
    text: String,
    ends_with: Option<char>,
    /// It had placeholders, and at least one of them had a value.
    names: bool,
    filled: bool,
}

/// The line without its clauses whose placeholders were all empty. A sentence's ending
/// moves to the clause before: `联系人：{联系人}，联系电话：{联系电话}。` without a phone
/// reads `联系人：张敏。`.
fn without_empty_clauses(clauses: Vec<Clause>) -> String {
    let mut kept: Vec<Clause> = Vec::new();
    for c in clauses {
        if c.names && !c.filled {
            let closes = !matches!(c.ends_with, Some('，' | '；'));
            if let Some(prev) = kept.last_mut()
                && closes
                && let Some(sep @ ('，' | '；')) = prev.ends_with
            {
                if prev.text.ends_with(sep) {
                    prev.text.pop();
                }
                if let Some(end) = c.ends_with {
                    prev.text.push(end);
                }
                prev.ends_with = c.ends_with;
            }
            continue;
        }
        kept.push(c);
    }
    kept.into_iter().map(|c| c.text).collect()
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
        // A labelled line's label (up to its first `：`) is never left out with a clause.
        let (label, body) = match body.split_once('：') {
            Some((l, rest)) if kind == 4 && !l.contains(['{', '}']) => (&body[..l.len() + '：'.len_utf8()], rest),
            _ => ("", body),
        };
        let parts = pieces(body, line_no)?;
        let mut clauses = vec![Clause::default()];
        let (mut any_name, mut any_value) = (false, false);
        for p in &parts {
            match p {
                Piece::Text(t) => {
                    for c in t.chars() {
                        let last = clauses.len() - 1;
                        clauses[last].text.push(c);
                        if CLAUSE_ENDS.contains(&c) {
                            clauses[last].ends_with = Some(c);
                            clauses.push(Clause::default());
                        }
                    }
                }
                Piece::Name(n) if names.blocks.contains(n) => {
                    if parts.len() != 1 || kind != 0 {
                        return Err(NoticeError::BlockPlaceholderInline { name: (*n).to_owned(), line: line_no });
                    }
                }
                Piece::Name(n) if names.inline.contains(n) => {
                    any_name = true;
                    let v = values.get(n).map(|v| v.trim()).unwrap_or_default();
                    any_value |= !v.is_empty();
                    let last = clauses.len() - 1;
                    let clause = &mut clauses[last];
                    clause.names = true;
                    clause.filled |= !v.is_empty();
                    clause.text.push_str(v);
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
        let text = if matches!(kind, 0 | 4) {
            format!("{label}{}", without_empty_clauses(clauses))
        } else {
            clauses.into_iter().map(|c| c.text).collect()
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: Placeholders = Placeholders {
        inline: &["联系人", "联系电话", "会议目的", "会议时间"],
        blocks: &["参会人员表"],
    };

    fn lines(template: &str, values: &[(&'static str, &str)]) -> Vec<String> {
        let values: BTreeMap<&str, String> = values.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
        fill(template, &NAMES, &values)
            .expect("fills")
            .into_iter()
            .map(|b| match b {
                TemplateBlock::Title(t)
                | TemplateBlock::Addressee(t)
                | TemplateBlock::Heading(t)
                | TemplateBlock::Paragraph(t)
                | TemplateBlock::Labelled(t)
                | TemplateBlock::Block(t) => t,
            })
            .collect()
    }

    #[test]
    fn a_clause_whose_placeholders_are_empty_is_left_out_and_the_sentence_still_ends() {
        let t = "联系人：{联系人}，联系电话：{联系电话}。";
        assert_eq!(
            lines(t, &[("联系人", "张敏"), ("联系电话", "0311-86012345")]),
            ["联系人：张敏，联系电话：0311-86012345。"]
        );
        assert_eq!(lines(t, &[("联系人", "张敏")]), ["联系人：张敏。"]);
        assert_eq!(lines(t, &[("联系电话", "0311-86012345")]), ["联系电话：0311-86012345。"]);
        assert!(lines(t, &[]).is_empty(), "a line with nothing filled is left out whole");

        // Clauses without placeholders stay; a sentence of empty clauses goes.
        let t = "为{会议目的}，经研究，定于{会议时间}开会。联系电话：{联系电话}。请准时参加。";
        assert_eq!(lines(t, &[("会议时间", "周四下午")]), ["经研究，定于周四下午开会。请准时参加。"]);
        // A value's own punctuation is never a clause end.
        assert_eq!(lines("联系人：{联系人}。", &[("联系人", "张敏，李强")]), ["联系人：张敏，李强。"]);
    }

    #[test]
    fn a_labelled_line_keeps_its_label() {
        let t = "- 联系方式：{联系人}，{联系电话}";
        assert_eq!(lines(t, &[("联系人", "张敏")]), ["联系方式：张敏"]);
        assert_eq!(lines(t, &[("联系电话", "0311-86012345")]), ["联系方式：0311-86012345"]);
        assert!(lines(t, &[]).is_empty());
    }
}

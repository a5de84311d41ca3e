//! An event's sign-up roster (报名名单) in from a sheet staff keep — the list a building
//! leader or a WeChat group collected: which column holds the name, the phone, a note and
//! the resident's consent, recognised from the Chinese headers, and each row's cells as
//! text. The core checks the values and signs the residents up.

use super::{Cell, find_columns, match_header};

/// What a column of a roster holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RosterColumn {
    Name,
    Phone,
    Note,
    Consent,
}

/// Header words, most specific first (`联系电话` is a phone before `联系` anything else).
const HEADERS: &[(&str, RosterColumn)] = &[
    ("联系电话", RosterColumn::Phone),
    ("联系方式", RosterColumn::Phone),
    ("手机号", RosterColumn::Phone),
    ("电话", RosterColumn::Phone),
    ("手机", RosterColumn::Phone),
    ("知情同意", RosterColumn::Consent),
    ("是否同意", RosterColumn::Consent),
    ("同意", RosterColumn::Consent),
    ("报名人姓名", RosterColumn::Name),
    ("居民姓名", RosterColumn::Name),
    ("报名人", RosterColumn::Name),
    ("姓名", RosterColumn::Name),
    ("名字", RosterColumn::Name),
    ("备注", RosterColumn::Note),
    ("说明", RosterColumn::Note),
];

/// The column a header names, if it is one of a roster.
pub fn recognise_roster_column(header: &str) -> Option<RosterColumn> {
    match_header(header, HEADERS)
}

/// Where the header is and which column holds what (the first column of a kind wins).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterMapping {
    pub header_row: u32,
    pub columns: Vec<(usize, RosterColumn)>,
}

impl RosterMapping {
    pub fn has(&self, column: RosterColumn) -> bool {
        self.columns.iter().any(|(_, c)| *c == column)
    }
}

/// The first row, among the first [`super::HEADER_SEARCH_ROWS`], naming the name column
/// and a second one (phone, note, consent, or 序号: a bare list of names is a roster too).
pub fn find_roster_header(rows: &[(u32, Vec<Cell>)]) -> Option<RosterMapping> {
    let named = |columns: &[(usize, RosterColumn)], serial: bool| {
        columns.iter().any(|(_, c)| *c == RosterColumn::Name) && (columns.len() >= 2 || serial)
    };
    find_columns(rows, recognise_roster_column, named)
        .map(|(header_row, columns)| RosterMapping { header_row, columns })
}

/// One row's cells as text, by column; `None` for a row with nothing in the mapped columns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RosterRowText {
    pub row: u32,
    pub name: String,
    pub phone: String,
    pub note: String,
    pub consent: String,
}

pub fn roster_row(row: u32, cells: &[Cell], mapping: &RosterMapping) -> Option<RosterRowText> {
    let mut out = RosterRowText { row, ..RosterRowText::default() };
    for (i, column) in &mapping.columns {
        let text = cells.get(*i).map(Cell::text).unwrap_or_default();
        let slot = match column {
            RosterColumn::Name => &mut out.name,
            RosterColumn::Phone => &mut out.phone,
            RosterColumn::Note => &mut out.note,
            RosterColumn::Consent => &mut out.consent,
        };
        *slot = text;
    }
    let empty = [&out.name, &out.phone, &out.note, &out.consent].iter().all(|t| t.is_empty());
    (!empty).then_some(out)
}

/// A consent cell as staff fill it: 是 / 同意 / 已同意 / √ / ✓ / 已签字 mean yes; empty,
/// 否, 不同意 and ✗ mean no. `None` for a word that is neither (the row is refused).
pub fn consent_from_text(text: &str) -> Option<bool> {
    let t = text.trim();
    match t {
        "" | "否" | "不同意" | "未同意" | "无" | "×" | "✗" | "N" | "n" | "no" | "No" | "NO" | "0" => {
            Some(false)
        }
        "是" | "同意" | "已同意" | "√" | "✓" | "✔" | "已签字" | "签字" | "Y" | "y" | "yes" | "Yes" | "YES" | "1" => {
            Some(true)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(cells: &[&str]) -> Vec<Cell> {
        cells.iter().map(|c| if c.is_empty() { Cell::Empty } else { Cell::Text((*c).to_owned()) }).collect()
    }

    #[test]
    fn headers_as_staff_write_them() {
        assert_eq!(recognise_roster_column("姓名"), Some(RosterColumn::Name));
        assert_eq!(recognise_roster_column("报名人姓名"), Some(RosterColumn::Name));
        assert_eq!(recognise_roster_column("联系电话（手机）"), Some(RosterColumn::Phone));
        assert_eq!(recognise_roster_column("手机号码"), Some(RosterColumn::Phone));
        assert_eq!(recognise_roster_column("是否同意登记健康信息"), Some(RosterColumn::Consent));
        assert_eq!(recognise_roster_column("备 注"), Some(RosterColumn::Note));
        assert_eq!(recognise_roster_column("序号"), None);
        assert_eq!(recognise_roster_column("楼栋"), None);
    }

    #[test]
    fn the_header_is_found_below_a_title_and_rows_are_read_by_it() {
        let rows = vec![
            (1, text(&["12月义诊报名名单（3号楼）"])),
            (2, text(&["序号", "姓名", "楼栋", "联系电话", "是否同意", "备注"])),
            (3, text(&["1", "刘涵", "3-2-301", "13912345678", "同意", "行动不便"])),
            (4, text(&["", "", "", "", "", ""])),
        ];
        let m = find_roster_header(&rows).expect("header");
        assert_eq!(m.header_row, 2);
        let r = roster_row(3, &rows[2].1, &m).expect("row");
        assert_eq!(
            (r.name.as_str(), r.phone.as_str(), r.consent.as_str(), r.note.as_str()),
            ("刘涵", "13912345678", "同意", "行动不便")
        );
        assert_eq!(roster_row(4, &rows[3].1, &m), None);
        // A bare list of names under 序号 is a roster; a name alone is not a header.
        assert!(find_roster_header(&[(1, text(&["序号", "姓名"]))]).is_some());
        assert_eq!(find_roster_header(&[(1, text(&["姓名"]))]), None);
        assert_eq!(find_roster_header(&[(1, text(&["电话", "备注"]))]), None);
    }

    #[test]
    fn consent_words() {
        for yes in ["是", "同意", "已同意", "√", "✓", "Y", " 是 "] {
            assert_eq!(consent_from_text(yes), Some(true), "{yes}");
        }
        for no in ["", "否", "不同意", "×"] {
            assert_eq!(consent_from_text(no), Some(false), "{no}");
        }
        assert_eq!(consent_from_text("待定"), None);
    }
}

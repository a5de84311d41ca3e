//! The parties directory (相关方名录) in from a sheet staff keep: which column holds the
//! name, the kind, the contact person, the phone and the note, recognised from the Chinese
//! headers, and each row's cells as text. The core checks the values and saves them.

use super::{Cell, find_columns, match_header};

/// What a column of a parties sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyColumn {
    Name,
    Kind,
    ContactPerson,
    Phone,
    Note,
}

/// Header words, most specific first (`联系人电话` is a phone, `联系人` a person).
const HEADERS: &[(&str, PartyColumn)] = &[
    ("联系人电话", PartyColumn::Phone),
    ("联系电话", PartyColumn::Phone),
    ("电话", PartyColumn::Phone),
    ("手机", PartyColumn::Phone),
    ("联系人", PartyColumn::ContactPerson),
    ("负责人", PartyColumn::ContactPerson),
    ("对接人", PartyColumn::ContactPerson),
    ("单位名称", PartyColumn::Name),
    ("名称", PartyColumn::Name),
    ("单位", PartyColumn::Name),
    ("相关方", PartyColumn::Name),
    ("类型", PartyColumn::Kind),
    ("类别", PartyColumn::Kind),
    ("性质", PartyColumn::Kind),
    ("备注", PartyColumn::Note),
    ("说明", PartyColumn::Note),
];

/// The column a header names, if it is one of a parties sheet.
pub fn recognise_party_column(header: &str) -> Option<PartyColumn> {
    match_header(header, HEADERS)
}

/// Where the header is and which column holds what (the first column of a kind wins).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyMapping {
    pub header_row: u32,
    pub columns: Vec<(usize, PartyColumn)>,
}

/// The first row, among the first [`super::HEADER_SEARCH_ROWS`], naming the name column
/// and at least one other.
pub fn find_party_header(rows: &[(u32, Vec<Cell>)]) -> Option<PartyMapping> {
    let named = |columns: &[(usize, PartyColumn)], _serial: bool| {
        columns.iter().any(|(_, c)| *c == PartyColumn::Name) && columns.len() >= 2
    };
    find_columns(rows, recognise_party_column, named).map(|(header_row, columns)| PartyMapping { header_row, columns })
}

/// One row's cells as text, by column; `None` for a row with nothing in the mapped columns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PartyRowText {
    pub row: u32,
    pub name: String,
    pub kind: String,
    pub contact_person: String,
    pub phone: String,
    pub note: String,
}

pub fn party_row(row: u32, cells: &[Cell], mapping: &PartyMapping) -> Option<PartyRowText> {
    let mut out = PartyRowText { row, ..PartyRowText::default() };
    for (i, column) in &mapping.columns {
        let text = cells.get(*i).map(Cell::text).unwrap_or_default();
        let slot = match column {
            PartyColumn::Name => &mut out.name,
            PartyColumn::Kind => &mut out.kind,
            PartyColumn::ContactPerson => &mut out.contact_person,
            PartyColumn::Phone => &mut out.phone,
            PartyColumn::Note => &mut out.note,
        };
        *slot = text;
    }
    let empty = [&out.name, &out.kind, &out.contact_person, &out.phone, &out.note].iter().all(|t| t.is_empty());
    (!empty).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(cells: &[&str]) -> Vec<Cell> {
        cells.iter().map(|c| if c.is_empty() { Cell::Empty } else { Cell::Text((*c).to_owned()) }).collect()
    }

    #[test]
    fn headers_as_staff_write_them() {
        assert_eq!(recognise_party_column("单位名称"), Some(PartyColumn::Name));
        assert_eq!(recognise_party_column("联系人"), Some(PartyColumn::ContactPerson));
        assert_eq!(recognise_party_column("联系人电话"), Some(PartyColumn::Phone));
        assert_eq!(recognise_party_column("联系电话（手机）"), Some(PartyColumn::Phone));
        assert_eq!(recognise_party_column("类 型"), Some(PartyColumn::Kind));
        assert_eq!(recognise_party_column("序号"), None);
        assert_eq!(recognise_party_column("诉求内容"), None);
    }

    #[test]
    fn the_header_is_found_below_a_title_and_rows_are_read_by_it() {
        let rows = vec![
            (1, text(&["荣傲家园社区相关方名录（2026年）"])),
            (2, text(&["序号", "单位名称", "类型", "联系人", "联系电话", "备注"])),
            (3, text(&["1", "润都荣园物业服务中心", "物业", "王经理", "13812345678", "每周二例会"])),
            (4, text(&["", "", "", "", "", ""])),
        ];
        let m = find_party_header(&rows).expect("header");
        assert_eq!(m.header_row, 2);
        let r = party_row(3, &rows[2].1, &m).expect("row");
        assert_eq!(
            (r.name.as_str(), r.kind.as_str(), r.contact_person.as_str(), r.phone.as_str(), r.note.as_str()),
            ("润都荣园物业服务中心", "物业", "王经理", "13812345678", "每周二例会")
        );
        assert_eq!(party_row(4, &rows[3].1, &m), None);
        // A sheet without a name column is not a parties sheet.
        assert_eq!(find_party_header(&[(1, text(&["类型", "联系人", "电话"]))]), None);
    }
}

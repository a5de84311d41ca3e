//! Reading a ledger file into cells: .xlsx/.xls through calamine, .csv in UTF-8 or GBK
//! through encoding_rs and csv. Their errors are told in Chinese, never shown raw.

use std::io::Cursor;

use calamine::{Data, Reader, open_workbook_auto_from_rs, open_workbook_from_rs};
use stationdesk_model::input::excerpt;
use stationdesk_model::ledger::{Cell, excel_serial};

use crate::error::{CoreError, Result};

/// The largest ledger file taken: a station's decade of cases is a few megabytes.
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;
/// The most rows one import reads (header and title rows included).
pub const MAX_ROWS: usize = 200_000;
/// The most columns a ledger row may have.
pub const MAX_COLUMNS: usize = 100;

/// A ledger file as it was chosen: its name (which also identifies it on a re-import) and bytes.
#[derive(Debug, Clone)]
pub struct LedgerFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl LedgerFile {
    /// Reads a file from disk, refusing one too large before reading it.
    pub fn read(path: &std::path::Path) -> Result<Self> {
        let shown = path.display();
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => CoreError::NotFound(format!("找不到台账文件 {shown}：请检查路径")),
            _ => CoreError::Conflict(format!("无法读取台账文件 {shown}：{}", crate::error::io_reason(&e))),
        })?;
        if meta.is_dir() {
            return Err(CoreError::invalid(
                "file",
                format!("{shown} 是一个文件夹：请给出台账文件（.xlsx、.xls 或 .csv）"),
            ));
        }
        check_size(meta.len() as usize)?;
        let bytes = std::fs::read(path)
            .map_err(|e| CoreError::Conflict(format!("无法读取台账文件 {shown}：{}", crate::error::io_reason(&e))))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| shown.to_string());
        Ok(Self { name, bytes })
    }
}

pub(crate) fn check_size(len: usize) -> Result<()> {
    if len > MAX_FILE_BYTES {
        return Err(CoreError::invalid(
            "file",
            format!(
                "台账文件过大（{} MB），最多 {} MB：请按年份分成几个文件导入",
                len / 1_048_576,
                MAX_FILE_BYTES / 1_048_576
            ),
        ));
    }
    Ok(())
}

/// The rows of the first sheet with data, each with its row number as Excel shows it.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<(u32, Vec<Cell>)>,
}

enum Kind {
    Xlsx,
    Xls,
    Csv,
}

fn kind_of(name: &str, bytes: &[u8]) -> Result<Kind> {
    let lower = name.to_lowercase();
    if lower.ends_with(".csv") || lower.ends_with(".txt") {
        Ok(Kind::Csv)
    } else if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") || bytes.starts_with(b"PK") {
        Ok(Kind::Xlsx)
    } else if lower.ends_with(".xls") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Ok(Kind::Xls)
    } else {
        Err(CoreError::invalid(
            "file",
            format!("无法识别文件“{}”的格式：请选择 Excel 台账（.xlsx 或 .xls）或 CSV 文件", excerpt(name)),
        ))
    }
}

/// Reads the file's first sheet that has any data (a CSV is one sheet).
pub fn read_sheet(file: &LedgerFile) -> Result<Sheet> {
    check_size(file.bytes.len())?;
    match kind_of(&file.name, &file.bytes)? {
        Kind::Csv => read_csv(file),
        Kind::Xlsx => {
            let book = open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(&file.bytes[..]))
                .map_err(|_| unreadable(file, "不是有效的 .xlsx 文件（可能已损坏，或是改了扩展名的其他文件）"))?;
            read_book(file, calamine::Sheets::Xlsx(book))
        }
        Kind::Xls => {
            let book = open_workbook_auto_from_rs(Cursor::new(&file.bytes[..]))
                .map_err(|_| unreadable(file, "不是有效的 Excel 文件（可能已损坏或设置了打开密码）"))?;
            read_book(file, book)
        }
    }
}

fn unreadable(file: &LedgerFile, why: &str) -> CoreError {
    CoreError::invalid(
        "file",
        format!("无法读取“{}”：{why}；请在 Excel 中打开后另存为 .xlsx 再导入", excerpt(&file.name)),
    )
}

fn read_book<RS: std::io::Read + std::io::Seek>(file: &LedgerFile, mut book: calamine::Sheets<RS>) -> Result<Sheet> {
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|_| unreadable(file, &format!("工作表“{}”无法读取", excerpt(&name))))?;
        if range.is_empty() {
            continue;
        }
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        if range.height() > MAX_ROWS {
            return Err(too_many_rows(range.height()));
        }
        if range.width() + first_col as usize > MAX_COLUMNS {
            return Err(CoreError::invalid(
                "file",
                format!("工作表“{}”超过 {MAX_COLUMNS} 列：请删去台账以外的列后再导入", excerpt(&name)),
            ));
        }
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                let mut row = vec![Cell::Empty; first_col as usize];
                row.extend(cells.iter().map(cell_of));
                (first_row + i as u32 + 1, row)
            })
            .collect();
        return Ok(Sheet { name, rows });
    }
    Err(CoreError::invalid("file", format!("“{}”里没有任何数据：请检查是否选错了文件", excerpt(&file.name))))
}

fn too_many_rows(n: usize) -> CoreError {
    CoreError::invalid("file", format!("台账有 {n} 行，一次最多导入 {MAX_ROWS} 行：请按年份分成几个文件导入"))
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.to_owned()),
        Data::DateTime(t) => excel_serial(t.as_f64()).map_or(Cell::Number(t.as_f64()), Cell::DateTime),
        Data::DateTimeIso(s) => Cell::Text(s.replace('T', " ")),
        Data::DurationIso(s) => Cell::Text(s.clone()),
    }
}

/// UTF-8 (with or without a BOM) or, failing that, GBK as Excel on Chinese Windows saves.
fn decode(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_owned());
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    (!had_errors).then(|| text.into_owned())
}

fn read_csv(file: &LedgerFile) -> Result<Sheet> {
    let text = decode(&file.bytes).ok_or_else(|| {
        CoreError::invalid(
            "file",
            format!(
                "“{}”既不是 UTF-8 也不是 GBK 编码的 CSV：请在 Excel 中另存为“CSV UTF-8”或 .xlsx 再导入",
                excerpt(&file.name)
            ),
        )
    })?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // Row numbers as the worker sees them in Excel or Notepad: the line each record starts
    // on, counted from the byte offset. (The reader's own line count is one short per CRLF
    // line before it, and Excel on Windows saves CSV with CRLF.)
    let (mut counted_to, mut line) = (0_usize, 1_u64);
    let mut line_at = |byte: usize| {
        // A record's position is where reading it began, before any blank lines it skipped.
        let bytes = text.as_bytes();
        let mut byte = byte.min(bytes.len());
        while byte < bytes.len() && matches!(bytes[byte], b'\r' | b'\n') {
            byte += 1;
        }
        line += bytes[counted_to.min(byte)..byte].iter().filter(|b| **b == b'\n').count() as u64;
        counted_to = counted_to.max(byte);
        line
    };
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| line_at(p.byte() as usize));
            CoreError::invalid(
                "file",
                format!("CSV 第 {line} 行无法读取（引号不成对或编码有误）：请在 Excel 中打开检查后另存"),
            )
        })?;
        if rows.len() >= MAX_ROWS {
            return Err(too_many_rows(rows.len() + 1));
        }
        let line = record.position().map_or(rows.len() as u64 + 1, |p| line_at(p.byte() as usize));
        if record.len() > MAX_COLUMNS {
            return Err(CoreError::invalid(
                "file",
                format!("CSV 第 {line} 行超过 {MAX_COLUMNS} 列：请检查分隔符是否为逗号"),
            ));
        }
        let cells = record.iter().map(|f| if f.trim().is_empty() { Cell::Empty } else { Cell::Text(f.to_owned()) });
        rows.push((u32::try_from(line).unwrap_or(u32::MAX), cells.collect()));
    }
    Ok(Sheet { name: file.name.clone(), rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_csv_is_decoded_and_garbage_is_refused_in_chinese() {
        let (gbk, _, _) = encoding_rs::GBK.encode("序号,日期,诉求内容\n1,2025.3.5,楼道灯不亮\n");
        let sheet = read_sheet(&LedgerFile { name: "台账.csv".into(), bytes: gbk.into_owned() });
        let sheet = sheet.map_err(|e| e.to_string());
        assert_eq!(sheet.as_ref().map(|s| s.rows[1].1[2].text()), Ok("楼道灯不亮".to_owned()));
        let bad = read_sheet(&LedgerFile { name: "台账.xlsx".into(), bytes: b"PK\x03\x04garbage".to_vec() });
        assert!(bad.is_err_and(|e| e.to_string().contains("不是有效的 .xlsx 文件")));
        let odd = read_sheet(&LedgerFile { name: "台账.docx".into(), bytes: b"hello".to_vec() });
        assert!(odd.is_err_and(|e| e.to_string().contains("无法识别文件")));
    }

    #[test]
    fn csv_rows_are_numbered_by_their_lines_with_either_line_ending() {
        for end in ["\n", "\r\n"] {
            let text = ["台账（2025年）", "序号,日期,诉求内容", "1,2025.3.5,\"楼道灯\n不亮\"", "", "2,2025.3.6,积水"]
                .join(end);
            let sheet = read_sheet(&LedgerFile { name: "台账.csv".into(), bytes: text.into_bytes() });
            let numbers: Vec<u32> = sheet.map(|s| s.rows.iter().map(|(n, _)| *n).collect()).unwrap_or_default();
            // The quoted cell spans lines 3–4; the blank line 5 is no record.
            assert_eq!(numbers, [1, 2, 3, 6], "line ending {end:?}");
        }
    }
}

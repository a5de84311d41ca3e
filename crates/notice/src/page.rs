//! Page composition on the GB/T 9704 grid: A4, text block 156 × 225 mm at 28 mm from the
//! left and 37 mm from the top, 22 lines of 28 characters at 16 pt. Blocks (title,
//! paragraphs, tables, a QR code, the signature) go onto grid lines; a block that does not
//! fit starts a new page. Coordinates are PDF points from the page's lower left corner.

use crate::fonts::{FontRole, FontSet};
use crate::text::{self, Align, Placed, Style};
use crate::warning::NoticeWarning;

const MM: f32 = 72.0 / 25.4;
/// A4 in pt.
pub const PAGE_WIDTH: f32 = 210.0 * MM;
pub const PAGE_HEIGHT: f32 = 297.0 * MM;
/// The text block.
pub const BLOCK_LEFT: f32 = 28.0 * MM;
pub const BLOCK_WIDTH: f32 = 156.0 * MM;
pub const BLOCK_TOP: f32 = PAGE_HEIGHT - 37.0 * MM;
pub const BLOCK_HEIGHT: f32 = 225.0 * MM;
pub const BLOCK_BOTTOM: f32 = BLOCK_TOP - BLOCK_HEIGHT;
/// Lines per page and the line pitch.
pub const LINES: usize = 22;
pub const PITCH: f32 = BLOCK_HEIGHT / LINES as f32;
/// Characters per line and the character pitch of 16 pt body text.
pub const CELL: f32 = BLOCK_WIDTH / 28.0;
pub const BODY_SIZE: f32 = 16.0;
/// The top of `—`'s ink above the baseline in em (Noto Serif CJK SC, which sets the page
/// numbers: ink 0.24–0.29 em).
const DASH_TOP_EM: f32 = 0.29;

/// One character on a page.
#[derive(Debug, Clone)]
pub struct PageGlyph {
    pub ch: char,
    pub(crate) face: usize,
    pub(crate) gid: u16,
    pub(crate) embolden: bool,
    /// Font size in pt.
    pub size: f32,
    pub(crate) natural: f32,
    /// Left edge and baseline, pt.
    pub x: f32,
    pub baseline: f32,
    /// The advance the layout gave it, pt.
    pub width: f32,
}

impl PageGlyph {
    /// The character's em box: (left, bottom, right, top) in pt.
    pub fn bounds(&self) -> (f32, f32, f32, f32) {
        (self.x, self.baseline - 0.12 * self.size, self.x + self.width.max(0.0), self.baseline + 0.88 * self.size)
    }
}

/// A rectangle: a table cell border (stroked) or a QR module run (filled).
#[derive(Debug, Clone, Copy)]
pub struct PageRect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub filled: bool,
}

/// A laid-out page: the text inside the block, rectangles, and the page number (which by
/// the standard sits below the block).
#[derive(Debug, Clone, Default)]
pub struct LaidPage {
    pub glyphs: Vec<PageGlyph>,
    pub rects: Vec<PageRect>,
    pub page_number: Vec<PageGlyph>,
}

impl LaidPage {
    /// The page's text in reading order, a line per baseline (for tests and previews).
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut last: Option<f32> = None;
        for g in &self.glyphs {
            if last.is_some_and(|b| (b - g.baseline).abs() > 0.5) {
                out.push('\n');
            }
            last = Some(g.baseline);
            out.push(g.ch);
        }
        out
    }
}

/// Everything but the PDF bytes: pages, warnings and the document title.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub title: String,
    pub pages: Vec<LaidPage>,
    pub warnings: Vec<NoticeWarning>,
}

/// A paragraph's look.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Para {
    pub(crate) role: FontRole,
    pub(crate) size: f32,
    /// First-line indent in full-width characters.
    pub(crate) indent: f32,
    pub(crate) align: Align,
}

impl Para {
    pub(crate) const BODY: Para = Para { role: FontRole::Body, size: BODY_SIZE, indent: 2.0, align: Align::Justify };
    pub(crate) const FLUSH: Para = Para { role: FontRole::Body, size: BODY_SIZE, indent: 0.0, align: Align::Justify };
    pub(crate) const HEADING: Para =
        Para { role: FontRole::Heading, size: BODY_SIZE, indent: 2.0, align: Align::Justify };
    pub(crate) const TITLE: Para = Para { role: FontRole::Title, size: 22.0, indent: 0.0, align: Align::Center };
}

fn style(p: Para) -> Style {
    let cell = if p.size == BODY_SIZE { CELL } else { p.size };
    Style { role: p.role, size: p.size, cell }
}

/// Lays blocks out page by page. One per document (or per addressee of a batch).
#[derive(Debug)]
pub(crate) struct Composer<'f> {
    fonts: &'f FontSet,
    pages: Vec<LaidPage>,
    page: LaidPage,
    /// The next free grid line on the current page.
    line: usize,
    pub(crate) warnings: Vec<NoticeWarning>,
}

impl<'f> Composer<'f> {
    pub(crate) fn new(fonts: &'f FontSet) -> Self {
        Composer { fonts, pages: Vec::new(), page: LaidPage::default(), line: 0, warnings: Vec::new() }
    }

    pub(crate) fn new_page(&mut self) {
        let page = std::mem::take(&mut self.page);
        self.pages.push(page);
        self.line = 0;
    }

    /// Make room for `n` lines, starting a page if they do not fit.
    fn ensure(&mut self, n: usize) {
        if self.line + n > LINES && self.line > 0 {
            self.new_page();
        }
    }

    /// Blank grid lines (none at the top of a page).
    pub(crate) fn blank(&mut self, n: usize) {
        if self.line > 0 {
            self.line = (self.line + n).min(LINES);
        }
    }

    fn lay_text(&mut self, text: &str, p: Para, width: f32, field: &str) -> Vec<Vec<Placed>> {
        let st = style(p);
        let items = text::shape(text, st, self.fonts, field, &mut self.warnings);
        let indent = p.indent * st.cell;
        text::break_lines(items, width - indent, width, p.align)
            .into_iter()
            .enumerate()
            .map(|(i, line)| {
                if i == 0 && indent > 0.0 {
                    line.into_iter().map(|g| Placed { x: g.x + indent, ..g }).collect()
                } else {
                    line
                }
            })
            .collect()
    }

    fn put_line(&mut self, line: Vec<Placed>, left: f32, first_line: usize, span: usize) {
        let mid = BLOCK_TOP - first_line as f32 * PITCH - span as f32 * PITCH / 2.0;
        self.put_line_at(line, left, mid);
    }

    /// A line whose em box is centred on `mid` (pt from the page's foot).
    fn put_line_at(&mut self, line: Vec<Placed>, left: f32, mid: f32) {
        for g in line {
            let baseline = mid - 0.38 * g.size;
            self.page.glyphs.push(PageGlyph {
                ch: g.ch,
                face: g.face,
                gid: g.gid,
                embolden: g.embolden,
                size: g.size,
                natural: g.natural,
                x: left + g.x,
                baseline,
                width: g.width,
            });
        }
    }

    /// A paragraph across the text block, breaking onto new pages as needed. Text with
    /// line breaks becomes several paragraphs.
    pub(crate) fn paragraph(&mut self, text: &str, p: Para, field: &str) {
        for part in text.split('\n') {
            if part.trim().is_empty() {
                continue;
            }
            let span = ((p.size * 1.2) / PITCH).ceil().max(1.0) as usize;
            for line in self.lay_text(part.trim(), p, BLOCK_WIDTH, field) {
                self.ensure(span);
                let first = self.line;
                self.put_line(line, BLOCK_LEFT, first, span);
                self.line += span;
            }
        }
    }

    /// A labelled line: `活动时间：` in 黑体, the rest in the body font, indented like a
    /// paragraph. Without a `：` it is a plain paragraph.
    pub(crate) fn labelled(&mut self, text: &str) {
        let text = text.trim();
        let Some(pos) = text.find('：') else {
            self.paragraph(text, Para::BODY, "正文");
            return;
        };
        let (label, rest) = text.split_at(pos + '：'.len_utf8());
        let mut items = text::shape(label, style(Para::HEADING), self.fonts, "正文", &mut self.warnings);
        items.extend(text::shape(rest.trim(), style(Para::BODY), self.fonts, "正文", &mut self.warnings));
        let indent = Para::BODY.indent * CELL;
        let lines = text::break_lines(items, BLOCK_WIDTH - indent, BLOCK_WIDTH, Align::Justify);
        for (i, line) in lines.into_iter().enumerate() {
            self.ensure(1);
            let first = self.line;
            let left = if i == 0 { BLOCK_LEFT + indent } else { BLOCK_LEFT };
            self.put_line(line, left, first, 1);
            self.line += 1;
        }
    }

    /// A centred title; a title of several lines breaks between words into lines of
    /// similar length ([`crate::title::split`]), each line centred on its own.
    pub(crate) fn title(&mut self, text: &str, size: f32) {
        let p = Para { size, ..Para::TITLE };
        let span = ((p.size * 1.2) / PITCH).ceil().max(1.0) as usize;
        let text = text.trim();
        let parts = crate::title::split(text, (BLOCK_WIDTH / size).floor()).unwrap_or_else(|| vec![text.to_owned()]);
        for part in parts {
            for line in self.lay_text(&part, p, BLOCK_WIDTH, "标题") {
                self.ensure(span);
                let first = self.line;
                self.put_line(line, BLOCK_LEFT, first, span);
                self.line += span;
            }
        }
    }

    /// Lines of the same paragraph kept on one page (a signature, a heading with the
    /// first line after it).
    pub(crate) fn keep_lines(&mut self, n: usize) {
        self.ensure(n);
    }

    /// The issuer centred over the date, the date four characters in from the right,
    /// `gap` blank lines below the text. The 落款 never stands alone on a page (GB/T 9704
    /// §7.3.5.4): when it does not fit, the gap shrinks to one line, and if that is not
    /// enough the last two lines of text move to the next page with it.
    /// An attachment note (附件说明, one blank line below the text) goes over with it.
    pub(crate) fn signature(&mut self, note: Option<&str>, issuer: &str, date: &str, gap: usize) {
        let flush = Para { indent: 0.0, align: Align::Left, ..Para::BODY };
        let date_lines = self.lay_text(date, flush, BLOCK_WIDTH, "成文日期");
        let issuer_lines = self.lay_text(issuer, flush, BLOCK_WIDTH - 4.0 * CELL, "发文机关");
        let width = |l: &Vec<Placed>| l.last().map_or(0.0, |g| g.x + g.width);
        let date_w = date_lines.iter().map(width).fold(0.0, f32::max);
        let date_left = BLOCK_LEFT + BLOCK_WIDTH - 4.0 * CELL - date_w;
        let centre = date_left + date_w / 2.0;
        let note_lines = note.map(|t| self.lay_text(t, Para::BODY, BLOCK_WIDTH, "附件说明")).unwrap_or_default();
        let note_n = if note_lines.is_empty() { 0 } else { 1 + note_lines.len() };
        let n = issuer_lines.len() + date_lines.len();
        if self.line > 0 && self.line + note_n + 1 + n > LINES && note_n + n < LINES - 3 {
            self.carry_last_lines(2);
        }
        if !note_lines.is_empty() {
            self.blank(1);
            for l in note_lines {
                self.ensure(1);
                let first = self.line;
                self.put_line(l, BLOCK_LEFT, first, 1);
                self.line += 1;
            }
        }
        if self.line > 0 {
            self.line = (self.line + gap.min(LINES.saturating_sub(self.line + n)).max(1)).min(LINES);
        }
        self.ensure(n);
        for l in issuer_lines {
            let w = width(&l);
            let left = (centre - w / 2.0).clamp(BLOCK_LEFT, BLOCK_LEFT + BLOCK_WIDTH - w);
            let first = self.line;
            self.put_line(l, left, first, 1);
            self.line += 1;
        }
        for l in date_lines {
            let first = self.line;
            self.put_line(l, date_left.max(BLOCK_LEFT), first, 1);
            self.line += 1;
        }
    }

    /// Move the last `k` lines of text on this page (with the blank lines between them)
    /// to the top of a new page. Nothing moves when that would split a table or leave the
    /// page empty; then the new page simply starts.
    fn carry_last_lines(&mut self, k: usize) {
        let grid = |g: &PageGlyph| ((BLOCK_TOP - g.baseline) / PITCH).floor().max(0.0) as usize;
        let mut lines: Vec<usize> = self.page.glyphs.iter().map(grid).collect();
        lines.sort_unstable();
        lines.dedup();
        let Some(&from) = lines.len().checked_sub(k).filter(|&i| i > 0).and_then(|i| lines.get(i)) else {
            self.new_page();
            return;
        };
        let cut = BLOCK_TOP - from as f32 * PITCH;
        if self.page.rects.iter().any(|r| r.y < cut - 0.5) {
            self.new_page();
            return;
        }
        let (moved, kept): (Vec<PageGlyph>, Vec<PageGlyph>) =
            std::mem::take(&mut self.page.glyphs).into_iter().partition(|g| grid(g) >= from);
        self.page.glyphs = kept;
        let rest = self.line.saturating_sub(from);
        self.new_page();
        let shift = from as f32 * PITCH;
        self.page.glyphs = moved.into_iter().map(|g| PageGlyph { baseline: g.baseline + shift, ..g }).collect();
        self.line = rest;
    }

    /// A bordered table over the block's width; `widths` are relative column widths. Rows
    /// that do not fit go to the next page under a repeated header.
    pub(crate) fn table(&mut self, header: &[&str], widths: &[f32], rows: &[Vec<String>], field: &str) {
        let total: f32 = widths.iter().sum::<f32>().max(1.0);
        let cols: Vec<f32> = widths.iter().map(|w| w / total * BLOCK_WIDTH).collect();
        let head: Vec<String> = header.iter().map(|s| (*s).to_owned()).collect();
        self.ensure(2);
        self.table_row(&head, &cols, true, field);
        for row in rows {
            let needed = self.row_lines(row, &cols, false, field);
            if self.line + needed > LINES && needed <= LINES {
                self.new_page();
                self.table_row(&head, &cols, true, field);
            }
            self.table_row(row, &cols, false, field);
        }
    }

    fn cell_para(head: bool) -> Para {
        let role = if head { FontRole::Heading } else { FontRole::Body };
        Para { role, size: 14.0, indent: 0.0, align: Align::Center }
    }

    fn row_lines(&mut self, row: &[String], cols: &[f32], head: bool, field: &str) -> usize {
        let p = Self::cell_para(head);
        let mut scratch = Vec::new();
        let n = row
            .iter()
            .zip(cols)
            .map(|(c, w)| {
                let items = text::shape(c, style(p), self.fonts, field, &mut scratch);
                text::break_lines(items, w - 8.0, w - 8.0, p.align).len()
            })
            .max()
            .unwrap_or(1);
        n.max(1)
    }

    fn table_row(&mut self, row: &[String], cols: &[f32], head: bool, field: &str) {
        let p = Self::cell_para(head);
        let cells: Vec<Vec<Vec<Placed>>> =
            row.iter().zip(cols).map(|(c, w)| self.lay_text(c, p, w - 8.0, field)).collect();
        let span = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        if span <= LINES {
            self.ensure(span);
        }
        // A row taller than the space left (a very long cell) continues on the next page.
        let mut done = 0;
        while done < span {
            if self.line >= LINES {
                self.new_page();
            }
            let chunk = (span - done).min(LINES - self.line);
            let top = BLOCK_TOP - self.line as f32 * PITCH;
            let mut left = BLOCK_LEFT;
            for (lines, w) in cells.iter().zip(cols) {
                let height = chunk as f32 * PITCH;
                self.page.rects.push(PageRect { x: left, y: top - height, width: *w, height, filled: false });
                // A cell of fewer lines than its row is centred on the row's middle.
                let offset = if span == chunk { (span - lines.len()) as f32 / 2.0 } else { 0.0 };
                for (i, l) in lines.iter().enumerate().skip(done).take(chunk) {
                    let mid = top - (offset + (i - done) as f32 + 0.5) * PITCH;
                    self.put_line_at(l.clone(), left + 4.0, mid);
                }
                left += w;
            }
            self.line += chunk;
            done += chunk;
        }
    }

    /// A horizontal bar chart, one grid line per bar: the label (黑体 would shout; the
    /// body font at 14 pt) in the left quarter, a filled bar whose length is the value's
    /// share of the largest, and the value with its unit after the bar. The bars stay on
    /// one page with their caption, centred under them, a blank line above.
    pub(crate) fn bars(&mut self, caption: &str, bars: &[(String, u32)], unit: &str) {
        if bars.is_empty() {
            return;
        }
        let p = Para { role: FontRole::Body, size: 14.0, indent: 0.0, align: Align::Left };
        let label_w = 6.0 * CELL;
        let value_w = 4.0 * CELL;
        let track = BLOCK_WIDTH - label_w - value_w - CELL;
        let max = bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
        let n = bars.len().min(LINES - 3);
        // A blank line parts the chart from a table or paragraph above it.
        self.ensure(n + 2);
        self.blank(1);
        for (label, value) in bars.iter().take(n) {
            let mid = BLOCK_TOP - self.line as f32 * PITCH - PITCH / 2.0;
            if let Some(line) = self.lay_text(label, p, label_w - 6.0, "图表").into_iter().next() {
                let w = line.last().map_or(0.0, |g| g.x + g.width);
                self.put_line_at(line, BLOCK_LEFT + label_w - 6.0 - w, mid);
            }
            let length = (track * *value as f32 / max as f32).max(if *value > 0 { 1.0 } else { 0.0 });
            let height = PITCH * 0.5;
            let x = BLOCK_LEFT + label_w;
            if length > 0.0 {
                self.page.rects.push(PageRect { x, y: mid - height / 2.0, width: length, height, filled: true });
            }
            if let Some(line) = self.lay_text(&format!("{value}{unit}"), p, value_w + CELL, "图表").into_iter().next()
            {
                self.put_line_at(line, x + length + 4.0, mid);
            }
            self.line += 1;
        }
        // The axis the bars start from.
        let top = BLOCK_TOP - (self.line - n) as f32 * PITCH;
        self.page.rects.push(PageRect {
            x: BLOCK_LEFT + label_w - 0.5,
            y: top - n as f32 * PITCH,
            width: 0.5,
            height: n as f32 * PITCH,
            filled: true,
        });
        let centred = Para { role: FontRole::Heading, size: 14.0, indent: 0.0, align: Align::Center };
        self.paragraph(caption, centred, "图表");
    }

    /// A QR code of `lines` grid lines, centred, drawn as filled rectangles (vectors).
    pub(crate) fn qr(&mut self, code: &qrcode::QrCode, lines: usize) {
        self.ensure(lines);
        let n = code.width();
        let side = lines as f32 * PITCH - 4.0;
        let module = side / n as f32;
        let left = BLOCK_LEFT + (BLOCK_WIDTH - side) / 2.0;
        let top = BLOCK_TOP - self.line as f32 * PITCH - 2.0;
        let colors = code.to_colors();
        for y in 0..n {
            let mut x = 0;
            while x < n {
                if colors[y * n + x] == qrcode::Color::Dark {
                    let start = x;
                    while x < n && colors[y * n + x] == qrcode::Color::Dark {
                        x += 1;
                    }
                    self.page.rects.push(PageRect {
                        x: left + start as f32 * module,
                        y: top - (y + 1) as f32 * module,
                        width: (x - start) as f32 * module,
                        height: module,
                        filled: true,
                    });
                } else {
                    x += 1;
                }
            }
        }
        self.line += lines;
    }

    /// Finish: page numbers `— 1 —` on documents of more than one page (odd pages on the
    /// right, even pages on the left, one character in, 7 mm below the block).
    pub(crate) fn finish(mut self) -> (Vec<LaidPage>, Vec<NoticeWarning>) {
        if !self.page.glyphs.is_empty() || !self.page.rects.is_empty() || self.pages.is_empty() {
            let page = std::mem::take(&mut self.page);
            self.pages.push(page);
        }
        let total = self.pages.len();
        if total > 1 {
            let p = Para { role: FontRole::Serif, size: 14.0, indent: 0.0, align: Align::Left };
            for (i, page) in self.pages.iter_mut().enumerate() {
                let label = format!("— {} —", i + 1);
                let items = text::shape(&label, style(p), self.fonts, "页码", &mut Vec::new());
                let Some(line) = text::break_lines(items, PAGE_WIDTH, PAGE_WIDTH, Align::Left).into_iter().next()
                else {
                    continue;
                };
                let w = line.last().map_or(0.0, |g| g.x + g.width);
                let left = if i % 2 == 0 { BLOCK_LEFT + BLOCK_WIDTH - CELL - w } else { BLOCK_LEFT + CELL };
                // GB/T 9704 §7.5: the dashes' top edge 7 mm below the block.
                let baseline = BLOCK_BOTTOM - 7.0 * MM - DASH_TOP_EM * 14.0;
                page.page_number = line
                    .into_iter()
                    .map(|g| PageGlyph {
                        ch: g.ch,
                        face: g.face,
                        gid: g.gid,
                        embolden: false,
                        size: g.size,
                        natural: g.natural,
                        x: left + g.x,
                        baseline,
                        width: g.width,
                    })
                    .collect();
            }
        }
        (self.pages, self.warnings)
    }
}

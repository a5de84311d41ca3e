//! Chinese line breaking: the characters of a paragraph are measured against the font
//! chain, grouped into units that must not be split (a Han character with the punctuation
//! that may not be separated from it, a Latin word, a number, a URL), broken greedily with
//! the kinsoku rules, then justified. Adjacent full-width punctuation is compressed.

use unicode_normalization::UnicodeNormalization;

use crate::fonts::{FontRole, FontSet};
use crate::warning::NoticeWarning;

/// Replaces a character that no font can draw (visible, extractable, reported).
pub const REPLACEMENT: char = '□';

/// How one paragraph is set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub(crate) role: FontRole,
    /// Font size in pt.
    pub(crate) size: f32,
    /// Advance of a full-width character in pt (the grid pitch for body text).
    pub(crate) cell: f32,
}

/// A measured character.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub(crate) ch: char,
    pub(crate) face: usize,
    pub(crate) gid: u16,
    pub(crate) embolden: bool,
    pub(crate) size: f32,
    /// The font's own advance in pt (what the PDF viewer moves by without adjustment).
    pub(crate) natural: f32,
    /// The advance this layout gives it in pt.
    pub(crate) width: f32,
    pub(crate) full: bool,
    pub(crate) space: bool,
    /// A closing mark the font draws centred (FandolFang's `？`): nothing to compress.
    pub(crate) centred: bool,
}

/// A character placed on a line, `x` from the line's left edge.
#[derive(Debug, Clone)]
pub(crate) struct Placed {
    pub(crate) ch: char,
    pub(crate) face: usize,
    pub(crate) gid: u16,
    pub(crate) embolden: bool,
    pub(crate) size: f32,
    pub(crate) natural: f32,
    pub(crate) x: f32,
    pub(crate) width: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// Justified; the last line of the paragraph flush left.
    Justify,
    Left,
    Center,
}

/// May not start a line (closing punctuation, small kana, iteration marks).
pub fn no_line_start(ch: char) -> bool {
    "，。、；：？！）》」』”’】〕〉］｝…—‥·・%‰℃°′″々〆ゝゞーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.;:!?)]}％．"
        .contains(ch)
}

/// May not end a line (opening brackets and quotes).
pub fn no_line_end(ch: char) -> bool {
    "（《「『“‘【〔〈［｛([{".contains(ch)
}

/// Full-width punctuation whose blank half is on the right in Simplified Chinese fonts.
fn blank_right(ch: char) -> bool {
    "，。、；：？！）》」』”’】〕〉］｝".contains(ch)
}

/// Full-width punctuation whose blank half is on the left.
fn blank_left(ch: char) -> bool {
    "（《「『“‘【〔〈［｛".contains(ch)
}

/// A closing mark with a blank right half in this font (compressible, may hang).
fn compressible_right(it: &Item) -> bool {
    it.full && blank_right(it.ch) && !it.centred
}

/// Characters that draw nothing and carry no text of their own (joiners, variation
/// selectors, direction marks, the byte-order mark, control characters).
fn invisible(ch: char) -> bool {
    matches!(ch as u32,
        0x00..=0x08 | 0x0B..=0x1F | 0x7F..=0x9F | 0xAD | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF | 0xE0000..=0xE0FFF)
}

/// Letters, digits and ASCII symbols that form unbreakable words (`010-12345678`,
/// `RA-2026-0001`, `https://…`).
fn word_char(ch: char) -> bool {
    ch.is_ascii_graphic() || (ch.is_alphanumeric() && (ch as u32) < 0x2E80)
}

/// Measure the characters of `text` with the role's font chain. A character no font has
/// becomes [`REPLACEMENT`] and a warning naming the field.
pub(crate) fn shape(
    text: &str,
    style: Style,
    fonts: &FontSet,
    field: &str,
    warnings: &mut Vec<NoticeWarning>,
) -> Vec<Item> {
    // Decomposed accents (`e` + U+0301) are composed first: the fonts have `é` but would
    // draw a lone combining mark beside its letter.
    let text: std::borrow::Cow<'_, str> = match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => text.into(),
        _ => text.nfc().collect::<String>().into(),
    };
    let mut items = Vec::with_capacity(text.len() / 2);
    for ch in text.chars() {
        if invisible(ch) {
            continue;
        }
        if ch.is_whitespace() && ch != '\u{3000}' {
            let space = fonts.find(style.role, ' ');
            let width = space.map_or(0.3, |f| f.advance_em) * style.size;
            items.push(Item {
                ch: ' ',
                face: space.map_or(0, |f| f.face),
                gid: space.map_or(0, |f| f.gid),
                embolden: false,
                size: style.size,
                natural: width,
                width,
                full: false,
                space: true,
                centred: false,
            });
            continue;
        }
        let (ch, found) = match fonts.find(style.role, ch) {
            Some(f) => (ch, Some(f)),
            None => {
                warnings.push(NoticeWarning::missing_glyph(field, ch));
                (REPLACEMENT, fonts.find(style.role, REPLACEMENT).or_else(|| fonts.find(style.role, '?')))
            }
        };
        let Some(found) = found else { continue };
        let natural = found.advance_em * style.size;
        let full = found.advance_em >= 0.85 && !word_char(ch);
        let width = if full { style.cell } else { natural };
        items.push(Item {
            ch,
            face: found.face,
            gid: found.gid,
            embolden: found.embolden,
            size: style.size,
            natural,
            width,
            full,
            space: false,
            centred: found.centred,
        });
    }
    // Punctuation compression: of two adjacent full-width punctuation marks, the blank
    // half between them goes (`。」` `），` `（《`).
    for i in 1..items.len() {
        let (a, b) = (&items[i - 1], &items[i]);
        if a.full
            && b.full
            && ((compressible_right(a) && (blank_right(b.ch) || blank_left(b.ch)))
                || (blank_left(a.ch) && blank_left(b.ch)))
        {
            // pdftotext starts a new line when a glyph overlaps the previous one's advance
            // by half an em or more, so the overlap stays just under half an em.
            let half = (a.width / 2.0).min(a.width - a.natural + 0.48 * a.size);
            items[i - 1].width -= half;
        }
    }
    items
}

#[derive(Debug, Clone, Copy)]
struct Unit {
    start: usize,
    end: usize,
    width: f32,
}

fn units(items: &[Item], max_width: f32) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let start = i;
        if !items[i].space && !items[i].full && word_char(items[i].ch) {
            while i < items.len() && !items[i].space && !items[i].full && word_char(items[i].ch) {
                i += 1;
            }
        } else {
            i += 1;
        }
        let width: f32 = items[start..i].iter().map(|it| it.width).sum();
        if width > max_width * 0.3 {
            // Numbers and codes (`010-12345678`, `RA-2026-0001`) stay whole; a long URL
            // may be cut anywhere, or the line before it would be spaced out to gaps.
            out.extend((start..i).map(|k| Unit { start: k, end: k + 1, width: items[k].width }));
        } else {
            out.push(Unit { start, end: i, width });
        }
    }
    out
}

fn breakable(items: &[Item], a: &Unit, b: &Unit) -> bool {
    let (x, y) = (&items[a.end - 1], &items[b.start]);
    if y.space {
        return false;
    }
    if x.space {
        return true;
    }
    let same_run = x.ch == y.ch && matches!(x.ch, '—' | '…' | '⋯' | '－');
    // A hyphen ending a line inside a cut word reads as hyphenation (and copy-paste
    // drops it), so a long word is never cut right after one.
    let after_hyphen = x.ch == '-' && word_char(y.ch);
    !(no_line_start(y.ch) || no_line_end(x.ch) || same_run || after_hyphen)
}

/// The half of a closing mark that may hang into compression at a line end.
fn hang(items: &[Item], u: &Unit) -> f32 {
    let last = &items[u.end - 1];
    if compressible_right(last) && last.width > 0.75 * last.natural.max(1.0) { last.width / 2.0 } else { 0.0 }
}

/// A line that would be left loose (a number or code too long for its end: +31 % spacing
/// in a 答复函) takes the next unit in if compressing its full-width punctuation by up to
/// half an em each makes room. Returns the new end of the line, with the marks squeezed.
fn squeeze_in(items: &mut [Item], us: &mut [Unit], s: usize, cut: usize, w: f32) -> Option<usize> {
    let used: f32 = us[s..cut].iter().map(|u| u.width).sum();
    let cell = items.get(us[s].start).map_or(16.0, |it| it.size);
    if w - used <= cell || cut >= us.len() || items[us[cut].start].space {
        return None;
    }
    // The next place a line may end after the unit that did not fit.
    let mut end = cut + 1;
    while end < us.len() && !breakable(items, &us[end - 1], &us[end]) {
        end += 1;
    }
    let extra: f32 = us[cut..end].iter().map(|u| u.width).sum::<f32>() - hang(items, &us[end - 1]);
    squeeze(items, us, s, cut, used + extra - w).then_some(end)
}

/// Take `need` pt out of the line `us[s..cut]` by compressing its full-width punctuation
/// (at most half of each mark); false, and nothing changed, when it has too little.
fn squeeze(items: &mut [Item], us: &mut [Unit], s: usize, cut: usize, need: f32) -> bool {
    let marks: Vec<usize> = us[s..cut]
        .iter()
        .flat_map(|u| u.start..u.end)
        .filter(|&k| {
            let it = &items[k];
            (compressible_right(it) || (it.full && blank_left(it.ch))) && it.width > 0.75 * it.natural.max(1.0)
        })
        .collect();
    let room: f32 = marks.iter().map(|&k| items[k].width / 2.0).sum();
    if need <= 0.0 || room < need {
        return false;
    }
    let share = need / room;
    for u in us[s..cut].iter_mut() {
        for (k, it) in items.iter_mut().enumerate().take(u.end).skip(u.start) {
            if marks.contains(&k) {
                let cut_by = it.width / 2.0 * share;
                it.width -= cut_by;
                u.width -= cut_by;
            }
        }
    }
    true
}

/// A paragraph's last line of one or two characters (`入。`) either goes up into the line
/// before it (which compresses its punctuation to make room) or takes that line's last
/// characters down, so it never stands alone as a widow.
fn avoid_widow(items: &mut [Item], us: &mut [Unit], ranges: &mut Vec<(usize, usize)>, prev_width: f32) {
    let n = ranges.len();
    if n < 2 {
        return;
    }
    let (ps, pe) = ranges[n - 2];
    let (ls, le) = ranges[n - 1];
    let chars = |items: &[Item], us: &[Unit], a: usize, b: usize| {
        us[a..b].iter().flat_map(|u| &items[u.start..u.end]).filter(|it| !it.space).count()
    };
    if chars(items, us, ls, le) > 2 || pe != ls {
        return;
    }
    let used: f32 = us[ps..le].iter().map(|u| u.width).sum::<f32>() - hang(items, &us[le - 1]);
    if squeeze(items, us, ps, pe, used - prev_width) {
        ranges[n - 2].1 = le;
        ranges.pop();
        return;
    }
    let cell = items.get(us[ls].start).map_or(16.0, |it| it.width.max(it.size));
    // Move the break back until the last line holds three characters, giving up at
    // three cells (the line above would be spaced out).
    let mut c = pe;
    while c > ps + 1 {
        c -= 1;
        let moved: f32 = us[c..pe].iter().map(|u| u.width).sum();
        if moved > 3.0 * cell {
            return;
        }
        if breakable(items, &us[c - 1], &us[c]) && chars(items, us, c, le) >= 3 {
            ranges[n - 2].1 = c;
            ranges[n - 1].0 = c;
            return;
        }
    }
}

/// Break measured items into lines of `first_width` (first line) and `width` (others).
pub(crate) fn break_lines(mut items: Vec<Item>, first_width: f32, width: f32, align: Align) -> Vec<Vec<Placed>> {
    const EPS: f32 = 0.01;
    let mut us = units(&items, width.min(first_width));
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut s = 0;
    while s < us.len() {
        // A line never starts with a space.
        while s < us.len() && items[us[s].start].space {
            s += 1;
        }
        if s >= us.len() {
            break;
        }
        let w = if ranges.is_empty() { first_width } else { width };
        let (mut acc, mut e, mut last_ok) = (0.0f32, s, None);
        while e < us.len() {
            let u = &us[e];
            let trailing = if items[u.start].space { u.width } else { 0.0 };
            if e > s && acc + u.width - trailing - hang(&items, u) > w + EPS {
                break;
            }
            acc += u.width;
            e += 1;
            if e < us.len() && breakable(&items, &us[e - 1], &us[e]) {
                last_ok = Some(e);
            }
        }
        if e >= us.len() {
            ranges.push((s, us.len()));
            break;
        }
        let mut cut = match last_ok {
            Some(c) if c > s => c,
            _ => e.max(s + 1),
        };
        if align == Align::Justify
            && let Some(end) = squeeze_in(&mut items, &mut us, s, cut, w)
        {
            cut = end;
        }
        ranges.push((s, cut));
        s = cut;
    }
    if align == Align::Justify {
        let prev_width = if ranges.len() == 2 { first_width } else { width };
        avoid_widow(&mut items, &mut us, &mut ranges, prev_width);
    }
    let count = ranges.len();
    let mut lines = Vec::with_capacity(count);
    for (n, (s, e)) in ranges.into_iter().enumerate() {
        let w = if n == 0 { first_width } else { width };
        let mut line_units: Vec<Unit> = us[s..e].to_vec();
        while line_units.last().is_some_and(|u| items[u.start].space) {
            line_units.pop();
        }
        let Some(last) = line_units.last().copied() else { continue };
        let mut natural: f32 = line_units.iter().map(|u| u.width).sum();
        if natural > w + EPS {
            let h = hang(&items, &last);
            items[last.end - 1].width -= h;
            natural -= h;
            if let Some(u) = line_units.last_mut() {
                u.width -= h;
            }
        }
        let slack = (w - natural).max(0.0);
        // `……` and `——` are one mark in two characters: never spread apart.
        let stretch: Vec<bool> = line_units
            .windows(2)
            .map(|p| {
                let (x, y) = (items[p[0].end - 1].ch, items[p[1].start].ch);
                !(x == y && matches!(x, '—' | '…' | '⋯'))
            })
            .collect();
        let gaps = stretch.iter().filter(|s| **s).count();
        let last_line = n + 1 == count;
        let (mut x, per) = match align {
            Align::Justify if !last_line && gaps > 0 => (0.0, slack / gaps as f32),
            Align::Center => (slack / 2.0, 0.0),
            _ => (0.0, 0.0),
        };
        let mut placed = Vec::with_capacity(e - s);
        for (k, u) in line_units.iter().enumerate() {
            for it in &items[u.start..u.end] {
                if !it.space {
                    placed.push(Placed {
                        ch: it.ch,
                        face: it.face,
                        gid: it.gid,
                        embolden: it.embolden,
                        size: it.size,
                        natural: it.natural,
                        x,
                        width: it.width,
                    });
                }
                x += it.width;
            }
            if stretch.get(k).copied().unwrap_or(false) {
                x += per;
            }
        }
        lines.push(placed);
    }
    lines
}

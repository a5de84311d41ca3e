//! Writing laid-out pages as a PDF with printpdf: one text object per run of characters
//! (same face, size, baseline), placed absolutely with a text matrix; layout adjustments
//! (grid pitch, justification, punctuation compression) become TJ offsets. Fonts are
//! subset and carry a ToUnicode map, so the text can be copied and searched.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use printpdf::{
    Codepoint, Color, DictItem, FontId, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt,
    Rect, Rgb, TextItem, TextMatrix, TextRenderingMode,
};

use crate::error::NoticeError;
use crate::fonts::FontSet;
use crate::page::{LaidPage, PageGlyph};

fn pdf_date(t: DateTime<FixedOffset>) -> printpdf::date::OffsetDateTime {
    let offset_s = t.offset().local_minus_utc();
    printpdf::date::OffsetDateTime {
        date: printpdf::date::Date { year: t.year(), month: t.month() as u8, day: t.day() as u8 },
        time: printpdf::date::Time {
            hour: t.hour() as u8,
            minute: t.minute() as u8,
            second: t.second() as u8,
            millisecond: 0,
        },
        offset: printpdf::date::Offset {
            hours: (offset_s / 3600) as i8,
            minutes: ((offset_s % 3600) / 60) as i8,
            seconds: 0,
            milliseconds: 0,
        },
    }
}

fn black() -> Color {
    Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None })
}

/// How text is marked for the structure tree: each line of the text a marked-content
/// sequence with its own MCID (counted in `next`), or all of it an artifact (page numbers).
enum Marking<'a> {
    Lines { next: &'a mut i64 },
    Artifact,
}

fn begin_line(mcid: i64) -> Op {
    let map = BTreeMap::from([("MCID".to_owned(), DictItem::Int(mcid))]);
    Op::BeginMarkedContentWithProperties { tag: "P".to_owned(), properties: DictItem::Dict { map } }
}

fn text_ops(glyphs: &[PageGlyph], ids: &BTreeMap<usize, FontId>, ops: &mut Vec<Op>, mut marking: Marking<'_>) {
    let mut line: Option<f32> = None;
    if matches!(marking, Marking::Artifact) && !glyphs.is_empty() {
        ops.push(Op::BeginMarkedContent { tag: "Artifact".to_owned() });
    }
    let mut i = 0;
    while i < glyphs.len() {
        let first = &glyphs[i];
        if let Marking::Lines { next } = &mut marking
            && line.is_none_or(|b| (b - first.baseline).abs() > 0.01)
        {
            if line.is_some() {
                ops.push(Op::EndMarkedContentWithProperties);
            }
            ops.push(begin_line(**next));
            **next += 1;
            line = Some(first.baseline);
        }
        let mut j = i + 1;
        while j < glyphs.len() {
            let g = &glyphs[j];
            if g.face != first.face
                || g.size != first.size
                || g.embolden != first.embolden
                || (g.baseline - first.baseline).abs() > 0.01
                || g.x < glyphs[j - 1].x
            {
                break;
            }
            j += 1;
        }
        let Some(id) = ids.get(&first.face) else {
            i = j;
            continue;
        };
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont { font: PdfFontHandle::External(id.clone()), size: Pt(first.size) });
        if first.embolden {
            ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::FillStroke });
            ops.push(Op::SetOutlineThickness { pt: Pt(first.size * 0.025) });
        }
        ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(first.x), Pt(first.baseline)) });
        // Glyph ids straight from the layout (printpdf need not look each character up
        // again); the character rides along for the ToUnicode map. The offset is where
        // the layout wants the next glyph vs where the viewer would put it.
        let codepoints = (i..j)
            .map(|k| {
                let g = &glyphs[k];
                let gap = if k + 1 < j { glyphs[k + 1].x - (g.x + g.natural) } else { 0.0 };
                let offset = if gap.abs() > 0.001 { -gap * 1000.0 / g.size } else { 0.0 };
                Codepoint::with_cid(g.gid, offset, g.ch.to_string())
            })
            .collect();
        ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(codepoints)] });
        if first.embolden {
            ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::Fill });
        }
        ops.push(Op::EndTextSection);
        i = j;
    }
    match marking {
        Marking::Lines { .. } if line.is_some() => ops.push(Op::EndMarkedContentWithProperties),
        Marking::Artifact if !glyphs.is_empty() => ops.push(Op::EndMarkedContent),
        _ => {}
    }
}

/// The PDF bytes of laid-out pages.
pub(crate) fn write(
    fonts: &FontSet,
    pages: &[LaidPage],
    title: &str,
    created: DateTime<FixedOffset>,
) -> Result<Vec<u8>, NoticeError> {
    let mut doc = PdfDocument::new(title);
    let date = pdf_date(created);
    doc.metadata.info.creation_date = date;
    doc.metadata.info.modification_date = date;
    doc.metadata.info.metadata_date = date;
    doc.metadata.info.creator = "StationDesk 社区服务站工作台".to_owned();
    doc.metadata.info.producer = "stationdesk-notice (printpdf 0.12.8)".to_owned();

    let mut ids: BTreeMap<usize, FontId> = BTreeMap::new();
    for page in pages {
        for g in page.glyphs.iter().chain(&page.page_number) {
            if let std::collections::btree_map::Entry::Vacant(slot) = ids.entry(g.face) {
                let parsed = fonts.faces.get(g.face).and_then(|f| f.parsed()).ok_or(NoticeError::BundledFonts)?;
                slot.insert(doc.add_font(&parsed.font));
            }
        }
    }
    let mut out_pages = Vec::with_capacity(pages.len());
    let mut lines_per_page = Vec::with_capacity(pages.len());
    for page in pages {
        let mut ops = vec![Op::SetFillColor { col: black() }, Op::SetOutlineColor { col: black() }];
        if !page.rects.is_empty() {
            ops.push(Op::BeginMarkedContent { tag: "Artifact".to_owned() });
            ops.push(Op::SetOutlineThickness { pt: Pt(0.75) });
            for r in &page.rects {
                let mut rect = Rect::from_xywh(Pt(r.x), Pt(r.y), Pt(r.width), Pt(r.height));
                rect.mode = Some(if r.filled { PaintMode::Fill } else { PaintMode::Stroke });
                ops.push(Op::DrawRectangle { rectangle: rect });
            }
            ops.push(Op::EndMarkedContent);
        }
        let mut next = 0;
        text_ops(&page.glyphs, &ids, &mut ops, Marking::Lines { next: &mut next });
        text_ops(&page.page_number, &ids, &mut ops, Marking::Artifact);
        lines_per_page.push(next);
        out_pages.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
    }
    let options = PdfSaveOptions { optimize: false, subset_fonts: true, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let mut pdf = doc.with_pages(out_pages).to_lopdf_document(&options, &mut warnings);
    fix_info(&mut pdf, created);
    tag(&mut pdf, &lines_per_page);
    for object in pdf.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            compress(stream);
        }
    }
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes).map_err(|_| NoticeError::Write)?;
    Ok(bytes)
}

/// A structure tree over the marked lines (a `Document` of one `P` per page whose kids
/// are its lines in reading order; page numbers and borders are artifacts), the language,
/// and the title in the window bar, so a screen reader reads the notice in order (PDF 1.7
/// §14.7–14.8). printpdf 0.12.8 writes marked content but no structure tree, so it is
/// added here with lopdf. One element per line instead cost 43 KB on a 21-page batch
/// (lopdf writes no object streams).
fn tag(pdf: &mut lopdf::Document, lines_per_page: &[i64]) {
    use lopdf::{Dictionary, Object};
    let root_id = pdf.new_object_id();
    let doc_id = pdf.new_object_id();
    let mut kids = Vec::new();
    let mut nums = Vec::new();
    for (i, (_, page_id)) in pdf.get_pages().into_iter().enumerate() {
        let count = lines_per_page.get(i).copied().unwrap_or(0);
        let elem = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(b"P".to_vec())),
            ("P", Object::Reference(doc_id)),
            ("Pg", Object::Reference(page_id)),
            ("K", Object::Array((0..count).map(Object::Integer).collect())),
        ]);
        let id = pdf.add_object(elem);
        kids.push(Object::Reference(id));
        nums.push(Object::Integer(i as i64));
        nums.push(Object::Array((0..count).map(|_| Object::Reference(id)).collect()));
        if let Ok(page) = pdf.get_dictionary_mut(page_id) {
            page.set("StructParents", Object::Integer(i as i64));
        }
    }
    let next_key = (nums.len() / 2) as i64;
    let document = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"StructElem".to_vec())),
        ("S", Object::Name(b"Document".to_vec())),
        ("P", Object::Reference(root_id)),
        ("K", Object::Array(kids)),
    ]);
    pdf.objects.insert(doc_id, Object::Dictionary(document));
    let root = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"StructTreeRoot".to_vec())),
        ("K", Object::Reference(doc_id)),
        ("ParentTree", Object::Dictionary(Dictionary::from_iter(vec![("Nums", Object::Array(nums))]))),
        ("ParentTreeNextKey", Object::Integer(next_key)),
    ]);
    pdf.objects.insert(root_id, Object::Dictionary(root));
    if let Ok(catalog) = pdf.catalog_mut() {
        catalog.set("StructTreeRoot", Object::Reference(root_id));
        catalog.set("MarkInfo", Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]));
        catalog.set("Lang", Object::string_literal("zh-CN"));
        catalog.set("ViewerPreferences", Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]));
    }
}

/// The document information as readers should see it. printpdf 0.12.8 stamps every date
/// `+00'00'` whatever its offset (a China clock time read 8 h off) and always writes a
/// `/GTS_PDFXVersion`, empty here, which makes readers report the file as PDF/X.
fn fix_info(pdf: &mut lopdf::Document, created: DateTime<FixedOffset>) {
    let Ok(id) = pdf.trailer.get(b"Info").and_then(lopdf::Object::as_reference) else { return };
    let Ok(info) = pdf.get_dictionary_mut(id) else { return };
    let date = pdf_info_date(created);
    for key in [&b"CreationDate"[..], b"ModDate"] {
        info.set(key, lopdf::Object::string_literal(date.clone()));
    }
    info.remove(b"GTS_PDFXVersion");
}

/// `D:20250710093000+08'00'` (PDF 1.7 §7.9.4).
pub(crate) fn pdf_info_date(t: DateTime<FixedOffset>) -> String {
    let offset = t.offset().local_minus_utc();
    let sign = if offset < 0 { '-' } else { '+' };
    let (h, m) = (offset.abs() / 3600, offset.abs() % 3600 / 60);
    format!("D:{}{sign}{h:02}'{m:02}'", t.format("%Y%m%d%H%M%S"))
}

/// Deflate a stream at a fast level (lopdf's own `compress` uses the slowest one).
fn compress(stream: &mut lopdf::Stream) {
    use std::io::Write;
    if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
        return;
    }
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    if encoder.write_all(&stream.content).is_err() {
        return;
    }
    if let Ok(compressed) = encoder.finish()
        && compressed.len() + 19 < stream.content.len()
    {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(compressed);
    }
}

//! Printed notices for the station: 会议通知, 活动通知 (poster), 受理回执 and 答复函, as
//! GB/T 9704-style A4 PDFs. Knows nothing of Tauri or the database: the app and the CLI
//! fill the input structs and get PDF bytes back.
//!
//! ```no_run
//! use stationdesk_notice::{FontSet, Notice, NoticeKind, RenderOptions, render};
//! let notice = Notice::from_json(NoticeKind::Meeting, r#"{"meeting_name": "…"}"#)?;
//! let out = render(FontSet::bundled(), &notice, &RenderOptions::default())?;
//! std::fs::write("notice.pdf", &out.pdf).ok();
//! for w in &out.warnings { eprintln!("{}", w.message); }
//! # Ok::<(), stationdesk_notice::NoticeError>(())
//! ```
//!
//! Layout is done here (the grid, Chinese line breaking, justification, punctuation
//! compression, font fallback per character); printpdf only writes the PDF.

mod documents;
mod error;
mod fonts;
mod page;
mod pdf;
mod report;
pub mod template;
pub mod text;
mod title;
mod warning;
mod wording;

use chrono::{DateTime, FixedOffset, Utc};

pub use documents::{Attendee, CaseNotice, EventNotice, MeetingNotice, Notice, NoticeKind, ReplySlip, chinese_date};
pub use error::NoticeError;
pub use fonts::{FONTS_DIR_ENV, FontChoice, FontPreferences, FontRole, FontSet, bundled_dir};
pub use page::{
    BLOCK_BOTTOM, BLOCK_HEIGHT, BLOCK_LEFT, BLOCK_TOP, BLOCK_WIDTH, LaidPage, Layout, PAGE_HEIGHT, PAGE_WIDTH,
    PageGlyph, PageRect,
};
pub use report::{
    MAX_BARS, MAX_ROWS, ReportBar, ReportBlock, ReportDocument, ReportSection, layout_report, render_report,
};
pub use warning::NoticeWarning;
pub use wording::{default_template, placeholders, validate_template};

/// Options of one rendering.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// The PDF's creation date; default now.
    pub created: Option<DateTime<FixedOffset>>,
}

/// A finished PDF.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Characters no font could draw (printed as `□`), one per occurrence.
    pub warnings: Vec<NoticeWarning>,
}

/// Lay a notice out without writing the PDF (for previews and tests).
pub fn layout(fonts: &FontSet, notice: &Notice) -> Result<Layout, NoticeError> {
    documents::compose(fonts, notice)
}

fn created(options: &RenderOptions) -> DateTime<FixedOffset> {
    options.created.unwrap_or_else(|| Utc::now().with_timezone(&documents::china()))
}

/// Render one notice to PDF bytes.
pub fn render(fonts: &FontSet, notice: &Notice, options: &RenderOptions) -> Result<Rendered, NoticeError> {
    let laid = documents::compose(fonts, notice)?;
    let pdf = pdf::write(fonts, &laid.pages, &laid.title, created(options))?;
    Ok(Rendered { pdf, pages: laid.pages.len(), warnings: laid.warnings })
}

/// The same notice addressed to each of `addressees` (`1栋1单元` … `4栋6单元`, or each
/// attendee) as one PDF: each addressee's copy starts on a new page and has its own page
/// numbers. `progress(done, total)` is called after each copy is laid out and once more
/// when the PDF is written (`done == total`).
pub fn render_batch(
    fonts: &FontSet,
    notice: &Notice,
    addressees: &[String],
    options: &RenderOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Rendered, NoticeError> {
    let list: Vec<&String> = addressees.iter().filter(|a| !a.trim().is_empty()).collect();
    if list.is_empty() {
        return Err(NoticeError::NoAddressees);
    }
    let total = list.len() + 1;
    let mut pages = Vec::new();
    let mut warnings = Vec::new();
    let mut title = String::new();
    for (i, a) in list.iter().enumerate() {
        let laid = documents::compose(fonts, &notice.addressed_to(a.trim()))?;
        if title.is_empty() {
            title = laid.title;
        }
        pages.extend(laid.pages);
        warnings.extend(laid.warnings);
        progress(i + 1, total);
    }
    let pdf = pdf::write(fonts, &pages, &title, created(options))?;
    progress(total, total);
    Ok(Rendered { pdf, pages: pages.len(), warnings })
}

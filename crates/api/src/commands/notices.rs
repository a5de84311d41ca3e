//! Printed notices: the stations' wording, a case's 受理回执 and 答复函, saving and printing.
//! A render returns the notice's id and page count; its bytes stay in `AppCtx` until the
//! window asks for them (`notice_pdf`), saves them or opens them for printing. Rendering
//! is a preview: the print is recorded when the worker prints (`record_notice_print`).

use stationdesk_core::notices::{
    self, CaseNoticeKind, NoticeFont, NoticeFontRole, NoticeForm, NoticeKind, NoticeTemplate,
};
use stationdesk_core::roles::Action;

use stationdesk_core::prints::{self, NoticePrint, NoticePrintDetail, NoticePrintPage, NoticePrintQuery, PrintVia};

use crate::bytes::Bytes;
use crate::ctx::{AppCtx, PrintedNotice};
use crate::error::AppResult;

pub async fn list_notice_templates(ctx: &AppCtx) -> AppResult<Vec<NoticeTemplate>> {
    Ok(notices::templates(&ctx.store()?, ctx.station_id()?).await?)
}

pub async fn save_notice_template(ctx: &AppCtx, kind: NoticeKind, body: Option<String>) -> AppResult<NoticeTemplate> {
    Ok(notices::save_template(&ctx.store()?, &ctx.actor()?, kind.as_str(), body.as_deref()).await?)
}

pub async fn list_notice_fonts(ctx: &AppCtx) -> AppResult<Vec<NoticeFont>> {
    Ok(notices::fonts(&ctx.store()?, ctx.station_id()?).await?)
}

pub async fn save_notice_font(
    ctx: &AppCtx,
    role: NoticeFontRole,
    choice: Option<String>,
) -> AppResult<Vec<NoticeFont>> {
    Ok(notices::save_font_family(&ctx.store()?, &ctx.actor()?, role.as_str(), choice.as_deref()).await?)
}

pub async fn print_case_notice(ctx: &AppCtx, case_id: i64, kind: CaseNoticeKind) -> AppResult<PrintedNotice> {
    let printed = notices::render_case_notice(&ctx.store()?, &ctx.actor()?, case_id, kind.as_str()).await?;
    Ok(ctx.keep_pdf(printed))
}

pub async fn notice_pdf(ctx: &AppCtx, id: u32) -> AppResult<Bytes> {
    let (_, bytes) = ctx.pdf(id)?;
    Ok(Bytes(bytes.as_ref().clone()))
}

/// Batch progress: `done` of `total` copies laid out (the last step writes the PDF).
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct NoticeProgress {
    pub done: u32,
    pub total: u32,
}

pub async fn print_notice(
    ctx: &AppCtx,
    notice: NoticeForm,
    addressees: Vec<String>,
    progress: &mut (dyn FnMut(NoticeProgress) + Send),
) -> AppResult<PrintedNotice> {
    let mut report = |done: usize, total: usize| {
        progress(NoticeProgress {
            done: u32::try_from(done).unwrap_or(u32::MAX),
            total: u32::try_from(total).unwrap_or(u32::MAX),
        });
    };
    let printed = notices::render_form(&ctx.store()?, &ctx.actor()?, notice, &addressees, &mut report).await?;
    Ok(ctx.keep_pdf(printed))
}

/// Records one print of a kept notice (the worker pressed 打印, or opened it in the system
/// viewer to print): in its record's history, or for the notices page's form in the print
/// history, whose new row is returned.
pub async fn record_notice_print(ctx: &AppCtx, id: u32, via: PrintVia) -> AppResult<Option<NoticePrint>> {
    let (source, pages) = ctx.print_source(id)?;
    Ok(prints::record(&ctx.store()?, &ctx.actor()?, &source, pages, via).await?)
}

pub async fn list_notice_prints(ctx: &AppCtx, query: NoticePrintQuery) -> AppResult<NoticePrintPage> {
    Ok(prints::list(&ctx.store()?, ctx.reading(Action::Notices)?, &query).await?)
}

pub async fn get_notice_print(ctx: &AppCtx, id: i64) -> AppResult<NoticePrintDetail> {
    Ok(prints::get(&ctx.store()?, ctx.reading(Action::Notices)?, id).await?)
}

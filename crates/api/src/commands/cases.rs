//! Cases: intake, register, detail, workflow steps, parties, attachments, duplicates,
//! deadlines settings and the rates.

use stationdesk_core::roles::Action;
use std::path::PathBuf;

use stationdesk_core::attachments::{self, Attachment, AttachmentKind};
use stationdesk_core::cases::{self, Case, CaseDetail, CaseQuery, CaseRow, NewCase, Page, SimilarCase, SimilarQuery};
use stationdesk_core::deadlines::{CalendarDay, DayKind, Limits, TimeLimit, Urgency};
use stationdesk_core::parties::{self, Party, PartyImport, PartyInput};
use stationdesk_core::rates::{self, RateQuery, RatesReport};
use stationdesk_core::workflow::{self, CaseHandling, NewFollowUp, NewSurvey, TransitionRequest};
use stationdesk_core::{NaiveDate, settings};

use crate::bytes::Bytes;
use crate::ctx::AppCtx;
use crate::error::AppResult;

pub async fn create_case(ctx: &AppCtx, input: NewCase) -> AppResult<Case> {
    Ok(cases::create(&ctx.store()?, &ctx.actor()?, input).await?.with_phone_masked())
}

pub async fn list_cases(ctx: &AppCtx, query: CaseQuery) -> AppResult<Page<CaseRow>> {
    let (station_id, role) = ctx.reader(Action::CasesRead)?;
    Ok(cases::list(&ctx.store()?, station_id, &query).await?.map_items(|r| r.for_reader(role)))
}

pub async fn get_case(ctx: &AppCtx, id: i64) -> AppResult<CaseDetail> {
    let (station_id, role) = ctx.reader(Action::CasesRead)?;
    Ok(cases::detail(&ctx.store()?, station_id, id).await?.for_reader(role))
}

pub async fn list_attention(ctx: &AppCtx, page: u32, page_size: u32) -> AppResult<Page<CaseRow>> {
    let (station_id, role) = ctx.reader(Action::CasesRead)?;
    Ok(cases::attention(&ctx.store()?, station_id, page, page_size).await?.map_items(|r| r.for_reader(role)))
}

pub async fn similar_cases(ctx: &AppCtx, query: SimilarQuery) -> AppResult<Vec<SimilarCase>> {
    Ok(cases::similar(&ctx.store()?, ctx.reading(Action::CasesRead)?, &query).await?)
}

pub async fn transition_case(ctx: &AppCtx, id: i64, request: TransitionRequest) -> AppResult<Case> {
    Ok(workflow::transition(&ctx.store()?, &ctx.actor()?, id, &request).await?.with_phone_masked())
}

pub async fn follow_up_case(ctx: &AppCtx, id: i64, input: NewFollowUp) -> AppResult<Case> {
    Ok(workflow::follow_up(&ctx.store()?, &ctx.actor()?, id, &input).await?.with_phone_masked())
}

pub async fn add_survey(ctx: &AppCtx, id: i64, input: NewSurvey) -> AppResult<Case> {
    Ok(workflow::add_survey(&ctx.store()?, &ctx.actor()?, id, &input).await?.with_phone_masked())
}

pub async fn record_contact(ctx: &AppCtx, id: i64, note: String) -> AppResult<Case> {
    Ok(workflow::record_contact(&ctx.store()?, &ctx.actor()?, id, &note).await?.with_phone_masked())
}

pub async fn update_case_handling(ctx: &AppCtx, id: i64, input: CaseHandling) -> AppResult<Case> {
    Ok(workflow::update_handling(&ctx.store()?, &ctx.actor()?, id, &input).await?.with_phone_masked())
}

pub async fn list_parties(ctx: &AppCtx) -> AppResult<Vec<Party>> {
    Ok(parties::list(&ctx.store()?, ctx.reading(Action::CasesRead)?).await?)
}

pub async fn save_party(ctx: &AppCtx, input: PartyInput) -> AppResult<Party> {
    Ok(parties::save(&ctx.store()?, &ctx.actor()?, &input).await?)
}

/// Imports the picked parties directory sheet: every new party in it, or, when a row is
/// wrong, nothing.
pub async fn import_parties(ctx: &AppCtx) -> AppResult<PartyImport> {
    let file = ctx.party_sheet()?;
    let report = parties::import(&ctx.store()?, &ctx.actor()?, &file, false).await?;
    ctx.forget_party_sheet();
    Ok(report)
}

/// Reads a parties sheet the desktop shell's dialog returned, keeps it and previews it
/// (what would be added, or every wrong row).
pub async fn pick_parties(ctx: &AppCtx, path: &std::path::Path) -> AppResult<PartyImport> {
    let file = ctx.keep_party_sheet(stationdesk_core::ledger::LedgerFile::read(path)?);
    Ok(parties::import(&ctx.store()?, &ctx.actor()?, &file, true).await?)
}

pub async fn link_party(ctx: &AppCtx, case_id: i64, party_id: i64, role: Option<String>) -> AppResult<()> {
    Ok(parties::link(&ctx.store()?, &ctx.actor()?, case_id, party_id, role.as_deref()).await?)
}

pub async fn unlink_party(ctx: &AppCtx, case_id: i64, party_id: i64) -> AppResult<()> {
    Ok(parties::unlink(&ctx.store()?, &ctx.actor()?, case_id, party_id).await?)
}

/// Attaches files the desktop shell read from its file dialog or a drop on the window.
pub async fn attach_files(
    ctx: &AppCtx,
    case_id: i64,
    kind: AttachmentKind,
    paths: Vec<PathBuf>,
) -> AppResult<Vec<Attachment>> {
    Ok(attachments::add_files(&ctx.store()?, &ctx.actor()?, case_id, kind, &paths).await?)
}

pub async fn attachment_bytes(ctx: &AppCtx, id: i64) -> AppResult<Bytes> {
    let (_, bytes) = attachments::content(&ctx.store()?, ctx.reading(Action::CasesRead)?, id).await?;
    Ok(Bytes(bytes))
}

pub async fn remove_attachment(ctx: &AppCtx, id: i64) -> AppResult<()> {
    Ok(attachments::remove(&ctx.store()?, &ctx.actor()?, id).await?)
}

pub async fn rates_report(ctx: &AppCtx, query: RateQuery) -> AppResult<RatesReport> {
    Ok(rates::report(&ctx.store()?, ctx.reading(Action::ReportsRead)?, &query).await?)
}

pub async fn rate_formulas(_ctx: &AppCtx) -> AppResult<RateFormulas> {
    Ok(RateFormulas {
        response: rates::RESPONSE_RATE_FORMULA.to_owned(),
        resolution: rates::RESOLUTION_RATE_FORMULA.to_owned(),
        satisfaction: rates::SATISFACTION_RATE_FORMULA.to_owned(),
    })
}

#[derive(Debug, serde::Serialize, specta::Type)]
pub struct RateFormulas {
    pub response: String,
    pub resolution: String,
    pub satisfaction: String,
}

pub async fn list_time_limits(ctx: &AppCtx) -> AppResult<Vec<TimeLimit>> {
    Ok(settings::time_limits(&ctx.store()?, ctx.station_id()?).await?)
}

pub async fn save_time_limit(
    ctx: &AppCtx,
    category_id: Option<i64>,
    urgency: Urgency,
    limits: Option<Limits>,
) -> AppResult<Vec<TimeLimit>> {
    let (store, actor) = (&ctx.store()?, ctx.actor()?);
    settings::save_time_limit(store, &actor, category_id, urgency, limits.as_ref()).await?;
    Ok(settings::time_limits(store, actor.station_id).await?)
}

pub async fn list_calendar_days(ctx: &AppCtx, year: i32) -> AppResult<Vec<CalendarDay>> {
    Ok(settings::calendar_days(&ctx.store()?, ctx.station_id()?, year).await?)
}

pub async fn save_calendar_day(ctx: &AppCtx, day: NaiveDate, kind: DayKind, name: String) -> AppResult<()> {
    Ok(settings::save_calendar_day(&ctx.store()?, &ctx.actor()?, day, kind, &name).await?)
}

//! Scheduling: the errand log, events with recurrence and sign-ups, consultation meetings,
//! the calendar, reminders and the service counts.

use chrono::{DateTime, Utc};
use stationdesk_core::NaiveDate;
use stationdesk_core::notices;
use stationdesk_core::roles::Action;
use stationdesk_core::schedule::EditScope;
use stationdesk_core::schedule::calendar::{self, CalendarItem, CalendarQuery, DayAgenda};
use stationdesk_core::schedule::counts::{self, ServiceCounts};
use stationdesk_core::schedule::errands::{self, Errand, ErrandInput, ErrandQuery, ErrandType};
use stationdesk_core::schedule::events::{
    self, Event, EventEdit, EventInput, EventSaved, OccurrenceDetail, ServedInput, Signup, SignupCancelled,
    SignupInput, WalkIn, WalkInInput,
};
use stationdesk_core::schedule::meetings::{
    self, Meeting, MeetingInput, MeetingOutcome, MeetingQuery, MeetingRow, MeetingSaved,
};
use stationdesk_core::schedule::roster::{self, RosterImport};

use crate::ctx::{AppCtx, PrintedNotice};
use crate::error::AppResult;

pub async fn list_errand_types(ctx: &AppCtx) -> AppResult<Vec<ErrandType>> {
    Ok(errands::types(&ctx.store()?, &ctx.actor()?).await?)
}

pub async fn add_errand_type(ctx: &AppCtx, name: String) -> AppResult<ErrandType> {
    Ok(errands::add_type(&ctx.store()?, &ctx.actor()?, &name).await?)
}

pub async fn update_errand_type(ctx: &AppCtx, id: i64, name: String, active: bool) -> AppResult<ErrandType> {
    Ok(errands::update_type(&ctx.store()?, &ctx.actor()?, id, &name, active).await?)
}

pub async fn create_errand(ctx: &AppCtx, input: ErrandInput) -> AppResult<Errand> {
    Ok(errands::create(&ctx.store()?, &ctx.actor()?, &input).await?)
}

pub async fn list_errands(ctx: &AppCtx, query: ErrandQuery) -> AppResult<Vec<Errand>> {
    Ok(errands::list(&ctx.store()?, ctx.reading(Action::Errands)?, &query).await?)
}

pub async fn list_calendar(ctx: &AppCtx, query: CalendarQuery) -> AppResult<Vec<CalendarItem>> {
    Ok(calendar::range(&ctx.store()?, ctx.reading(Action::ScheduleRead)?, &query).await?)
}

pub async fn day_agenda(ctx: &AppCtx, date: NaiveDate) -> AppResult<DayAgenda> {
    Ok(calendar::day_agenda(&ctx.store()?, ctx.reading(Action::ScheduleRead)?, date).await?)
}

pub async fn create_event(ctx: &AppCtx, input: EventInput) -> AppResult<EventSaved> {
    Ok(events::create(&ctx.store()?, &ctx.actor()?, &input).await?)
}

pub async fn get_event(ctx: &AppCtx, id: i64) -> AppResult<Event> {
    Ok(events::get(&ctx.store()?, ctx.reading(Action::ScheduleRead)?, id).await?)
}

pub async fn edit_event(ctx: &AppCtx, edit: EventEdit) -> AppResult<EventSaved> {
    Ok(events::edit(&ctx.store()?, &ctx.actor()?, &edit).await?)
}

pub async fn cancel_event(
    ctx: &AppCtx,
    event_id: i64,
    occurrence_start: Option<DateTime<Utc>>,
    scope: EditScope,
) -> AppResult<Event> {
    Ok(events::cancel(&ctx.store()?, &ctx.actor()?, event_id, occurrence_start, scope).await?)
}

pub async fn get_occurrence(
    ctx: &AppCtx,
    event_id: i64,
    occurrence_start: DateTime<Utc>,
) -> AppResult<OccurrenceDetail> {
    Ok(events::occurrence(&ctx.store()?, ctx.reading(Action::ScheduleRead)?, event_id, occurrence_start).await?)
}

pub async fn sign_up(ctx: &AppCtx, input: SignupInput) -> AppResult<Signup> {
    Ok(events::sign_up(&ctx.store()?, &ctx.actor()?, &input).await?)
}

/// Reads a sign-up roster the desktop shell's dialog returned, keeps it and previews it for
/// the occurrence (who would be signed up, who waits, or every wrong row).
pub async fn pick_roster(
    ctx: &AppCtx,
    path: &std::path::Path,
    event_id: i64,
    occurrence_start: DateTime<Utc>,
) -> AppResult<RosterImport> {
    let file = ctx.keep_roster_sheet(stationdesk_core::ledger::LedgerFile::read(path)?);
    Ok(roster::import(&ctx.store()?, &ctx.actor()?, event_id, occurrence_start, &file, true).await?)
}

/// 确认导入: signs up everyone on the picked roster not yet on the occurrence's list, or,
/// when a row is wrong, nobody.
pub async fn import_roster(ctx: &AppCtx, event_id: i64, occurrence_start: DateTime<Utc>) -> AppResult<RosterImport> {
    let file = ctx.roster_sheet()?;
    let report = roster::import(&ctx.store()?, &ctx.actor()?, event_id, occurrence_start, &file, false).await?;
    ctx.forget_roster_sheet();
    Ok(report)
}

pub async fn cancel_signup(ctx: &AppCtx, signup_id: i64) -> AppResult<SignupCancelled> {
    Ok(events::cancel_signup(&ctx.store()?, &ctx.actor()?, signup_id).await?)
}

pub async fn check_in(ctx: &AppCtx, signup_id: i64) -> AppResult<Signup> {
    Ok(events::check_in(&ctx.store()?, &ctx.actor()?, signup_id).await?)
}

pub async fn walk_in(ctx: &AppCtx, input: WalkInInput) -> AppResult<WalkIn> {
    Ok(events::walk_in(&ctx.store()?, &ctx.actor()?, &input).await?)
}

pub async fn record_served(ctx: &AppCtx, input: ServedInput) -> AppResult<OccurrenceDetail> {
    Ok(events::record_served(&ctx.store()?, &ctx.actor()?, &input).await?)
}

pub async fn print_event_notice(
    ctx: &AppCtx,
    event_id: i64,
    occurrence_start: DateTime<Utc>,
) -> AppResult<PrintedNotice> {
    let printed = notices::render_event_notice(&ctx.store()?, &ctx.actor()?, event_id, occurrence_start).await?;
    Ok(ctx.keep_pdf(printed))
}

pub async fn create_meeting(ctx: &AppCtx, input: MeetingInput) -> AppResult<MeetingSaved> {
    Ok(meetings::create(&ctx.store()?, &ctx.actor()?, &input).await?)
}

pub async fn update_meeting(ctx: &AppCtx, id: i64, input: MeetingInput) -> AppResult<MeetingSaved> {
    Ok(meetings::update(&ctx.store()?, &ctx.actor()?, id, &input).await?)
}

pub async fn cancel_meeting(ctx: &AppCtx, id: i64) -> AppResult<Meeting> {
    Ok(meetings::cancel(&ctx.store()?, &ctx.actor()?, id).await?)
}

pub async fn get_meeting(ctx: &AppCtx, id: i64) -> AppResult<Meeting> {
    Ok(meetings::get(&ctx.store()?, ctx.reading(Action::ScheduleRead)?, id).await?)
}

pub async fn list_meetings(ctx: &AppCtx, query: MeetingQuery) -> AppResult<Vec<MeetingRow>> {
    Ok(meetings::list(&ctx.store()?, ctx.reading(Action::ScheduleRead)?, &query).await?)
}

pub async fn record_meeting_outcome(ctx: &AppCtx, id: i64, outcome: MeetingOutcome) -> AppResult<Meeting> {
    Ok(meetings::record_outcome(&ctx.store()?, &ctx.actor()?, id, &outcome).await?)
}

pub async fn print_meeting_notice(ctx: &AppCtx, id: i64) -> AppResult<PrintedNotice> {
    let printed = notices::render_meeting_notice(&ctx.store()?, &ctx.actor()?, id).await?;
    Ok(ctx.keep_pdf(printed))
}

pub async fn print_meeting_notices(ctx: &AppCtx, id: i64) -> AppResult<PrintedNotice> {
    let printed = notices::render_meeting_notices(&ctx.store()?, &ctx.actor()?, id).await?;
    Ok(ctx.keep_pdf(printed))
}

pub async fn service_counts(ctx: &AppCtx, from: NaiveDate, to: NaiveDate) -> AppResult<ServiceCounts> {
    Ok(counts::services(&ctx.store()?, ctx.reading(Action::ReportsRead)?, from, to).await?)
}

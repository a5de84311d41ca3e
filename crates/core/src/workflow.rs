//! The case workflow's services: each step is validate → load → apply → persist + audit,
//! in one transaction. The rules (the transition table, what a step needs and what it
//! changes) are in `stationdesk_model::workflow`; surveys (现场勘查), contacts with the
//! resident and follow-up calls (回访) are steps like the others.

use chrono::{DateTime, Utc};
pub use stationdesk_model::china::china_date;
use stationdesk_model::roles::Action;
pub use stationdesk_model::steps::{NextStep, StepField, StepFieldName, next_steps};
pub use stationdesk_model::workflow::{
    CaseHandling, Change, DuplicateTarget, Flow, FollowUp, Looked, MAX_COMMENT_CHARS, MAX_NOTE_CHARS,
    MAX_RESOLUTION_CHARS, NewFollowUp, NewSurvey, Satisfaction, Survey, TransitionRequest, ValidFollowUp,
    ValidTransition, allowed_next, is_reopen, refusal,
};
pub use stationdesk_model::workflow::{ReplyLetter, in_hand, reply_letter, reply_sentence};
use stationdesk_model::workflow::{
    apply, apply_contact, apply_follow_up, apply_survey, contact_allowed, survey_allowed, validate, validate_follow_up,
    validate_survey,
};

use crate::cases::{Case, CaseStatus};
use crate::error::{CoreError, Result};
use crate::store::{Actor, FieldChange, Store, WriteTx};

/// A case's workflow columns, as the model's rules read them.
fn flow_of(c: &Case, held_since: Option<DateTime<Utc>>) -> Flow {
    Flow {
        status: c.status,
        urgency: c.urgency,
        assignee_id: c.assignee_id,
        respond_due_at: c.respond_due_at,
        resolve_due_at: c.resolve_due_at,
        responded_at: c.responded_at,
        resolved_at: c.resolved_at,
        resolution: c.resolution.clone(),
        closed_at: c.closed_at,
        hold_reason: c.hold_reason.clone(),
        hold_until: c.hold_until,
        held_since,
        status_before_hold: c.status_before_hold,
        referred_to: c.referred_to.clone(),
        duplicate_of: c.duplicate_of.as_ref().map(|d| d.id),
        reopen_count: c.reopen_count,
        anonymous: stationdesk_model::workflow::anonymous(c.phone.as_deref()),
    }
}

/// The resolve deadline of a clock restarted now, for a reopened case.
async fn fresh_resolve_due(w: &mut WriteTx<'_>, case: &Case) -> Result<DateTime<Utc>> {
    let now = w.now();
    let (_, resolve) = w.deadlines_for(case.category_id, case.category_name.as_deref(), case.urgency, now).await?;
    Ok(resolve)
}

/// Dates the open transaction's step at `at` (entered from paper records), after the
/// model's bounds: not in the future, not before receipt nor before the latest step.
/// `None` keeps now, as the window always does.
async fn date_step(w: &mut WriteTx<'_>, case: &Case, at: Option<DateTime<Utc>>) -> Result<()> {
    if at.is_some() {
        let latest = w.latest_step_at(case.id).await?;
        let at = stationdesk_model::input::step_time(at, case.received_at, latest, w.now())?;
        w.date_at(at);
    }
    Ok(())
}

/// A status change inside a write transaction another service opened, e.g. a meeting
/// decision that moves its linked case on in the same step.
pub(crate) async fn apply_in(w: &mut WriteTx<'_>, case_id: i64, req: &TransitionRequest) -> Result<Case> {
    apply_at(w, case_id, req, None).await
}

async fn apply_at(
    w: &mut WriteTx<'_>,
    case_id: i64,
    req: &TransitionRequest,
    at: Option<DateTime<Utc>>,
) -> Result<Case> {
    let case = w.case_for_update(case_id).await?;
    date_step(w, &case, at).await?;
    let v = validate(case.status, &case.number, req, china_date(w.now()))?;
    let flow = flow_of(&case, w.held_since(case_id).await?);
    let mut looked = Looked::default();
    if is_reopen(v.from, v.to) {
        looked.fresh_resolve_due = Some(fresh_resolve_due(w, &case).await?);
    }
    if let (CaseStatus::Duplicate, Some(number)) = (v.to, v.duplicate_of.as_deref()) {
        looked.duplicate_target = w.duplicate_target(number).await?;
    }
    let change = apply(&flow, &case.number, &v, w.now(), &looked)?;
    let after = w.save_flow(&case, &change.flow).await?;
    w.audit_note("case", case_id, "transition", &change.changes, v.note.as_deref()).await?;
    if let Some((id, note)) = &change.linked {
        let linked: Vec<FieldChange> = FieldChange::set("duplicates", Some(&case.number)).into_iter().collect();
        w.audit_note("case", *id, "duplicate_linked", &linked, Some(note)).await?;
    }
    Ok(after)
}

// ---- services ----

/// Moves a case to another status with the step's note, time and staff member.
pub async fn transition(store: &Store, actor: &Actor, case_id: i64, req: &TransitionRequest) -> Result<Case> {
    actor.require(Action::CasesWrite)?;
    transition_at(store, actor, case_id, req, None).await
}

/// [`transition`] dated at an earlier time (history entered from paper records).
pub async fn transition_at(
    store: &Store,
    actor: &Actor,
    case_id: i64,
    req: &TransitionRequest,
    at: Option<DateTime<Utc>>,
) -> Result<Case> {
    actor.require(Action::CasesWrite)?;
    let mut w = store.begin_write(actor).await?;
    let case = apply_at(&mut w, case_id, req, at).await?;
    w.commit().await?;
    Ok(case)
}

/// Records a 回访 and moves the case on (已回访, 关闭, back to 处理中, or stays 办结).
pub async fn follow_up(store: &Store, actor: &Actor, case_id: i64, input: &NewFollowUp) -> Result<Case> {
    actor.require(Action::CasesWrite)?;
    follow_up_at(store, actor, case_id, input, None).await
}

/// [`follow_up`] dated at the time of the call (history entered from paper records).
pub async fn follow_up_at(
    store: &Store,
    actor: &Actor,
    case_id: i64,
    input: &NewFollowUp,
    at: Option<DateTime<Utc>>,
) -> Result<Case> {
    actor.require(Action::CasesWrite)?;
    let mut w = store.begin_write(actor).await?;
    let case = w.case_for_update(case_id).await?;
    date_step(&mut w, &case, at).await?;
    let v = validate_follow_up(case.status, !stationdesk_model::workflow::anonymous(case.phone.as_deref()), input)?;
    let fresh = if v.to == CaseStatus::InProgress { Some(fresh_resolve_due(&mut w, &case).await?) } else { None };
    let flow = apply_follow_up(&flow_of(&case, None), &v, w.now(), fresh);
    // (a call that reached the resident answers the respond clock if nothing did before)
    w.insert_follow_up(case_id, &v).await?;
    let before = flow_of(&case, None);
    let after = if flow == before { case.clone() } else { w.save_flow(&case, &flow).await? };
    let yes_no = |b: bool| if b { "是" } else { "否" };
    let answered = (flow.responded_at != before.responded_at).then(|| w.now().to_rfc3339());
    let changes: Vec<FieldChange> = [
        FieldChange::change("status", Some(case.status.code()), Some(v.to.code())),
        FieldChange::set("respondedAt", answered.as_deref()),
        v.without_callback.then(|| FieldChange::set("withoutCallback", Some("匿名来件，无法回访"))).flatten(),
        FieldChange::set("reached", (!v.without_callback).then(|| yes_no(v.reached))),
        FieldChange::set("resolved", v.resolved.map(yes_no)),
        FieldChange::set("satisfaction", v.satisfaction.map(Satisfaction::label)),
    ]
    .into_iter()
    .flatten()
    .collect();
    w.audit_note("case", case_id, "follow_up", &changes, v.comment.as_deref()).await?;
    w.commit().await?;
    Ok(after)
}

/// Records a 现场勘查; a case still at 受理 moves to 核查; with the resident there it is a
/// contact with them (the first one stops the respond clock).
pub async fn add_survey(store: &Store, actor: &Actor, case_id: i64, input: &NewSurvey) -> Result<Case> {
    actor.require(Action::CasesWrite)?;
    let mut w = store.begin_write(actor).await?;
    let case = w.case_for_update(case_id).await?;
    survey_allowed(case.status)?;
    let (at, people, findings) = validate_survey(input, w.now())?;
    w.insert_survey(case_id, at, &people, &findings, input.with_resident).await?;
    let mut after = case.clone();
    let mut changes = vec![
        FieldChange::set("people", Some(&people)),
        FieldChange::set("surveyedAt", Some(&at.to_rfc3339())),
        FieldChange::set("withResident", input.with_resident.then_some("居民在场")),
    ];
    if let Some(f) = apply_survey(&flow_of(&case, w.held_since(case_id).await?), input.with_resident, w.now()) {
        after = w.save_flow(&case, &f).await?;
        if f.status != case.status {
            changes.push(FieldChange::change("status", Some(case.status.code()), Some(f.status.code())));
        }
        if f.responded_at != case.responded_at {
            changes.push(FieldChange::set("respondedAt", Some(&w.now().to_rfc3339())));
        }
    }
    let changes: Vec<FieldChange> = changes.into_iter().flatten().collect();
    w.audit_note("case", case_id, "survey", &changes, Some(&findings)).await?;
    w.commit().await?;
    Ok(after)
}

/// Records the first (or a later) contact with the resident; the first one stops the
/// respond clock.
pub async fn record_contact(store: &Store, actor: &Actor, case_id: i64, note: &str) -> Result<Case> {
    actor.require(Action::CasesWrite)?;
    record_contact_at(store, actor, case_id, note, None).await
}

/// [`record_contact`] dated at the time of the contact (history entered from paper records).
pub async fn record_contact_at(
    store: &Store,
    actor: &Actor,
    case_id: i64,
    note: &str,
    at: Option<DateTime<Utc>>,
) -> Result<Case> {
    actor.require(Action::CasesWrite)?;
    let note = stationdesk_model::input::clean_text(note);
    let note = note.as_str();
    if note.is_empty() {
        return Err(CoreError::invalid("note", "请写明联系情况（例如：电话联系居民，约定明天上午现场查看）"));
    }
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(CoreError::invalid("note", format!("联系情况过长，最多 {MAX_NOTE_CHARS} 字")));
    }
    let mut w = store.begin_write(actor).await?;
    let case = w.case_for_update(case_id).await?;
    contact_allowed(case.status)?;
    date_step(&mut w, &case, at).await?;
    let held_since = w.held_since(case_id).await?;
    let mut after = case.clone();
    let mut changes = Vec::new();
    if let Some(f) = apply_contact(&flow_of(&case, held_since), w.now()) {
        after = w.save_flow(&case, &f).await?;
        changes.extend(FieldChange::set("respondedAt", Some(&w.now().to_rfc3339())));
    }
    w.audit_note("case", case_id, "contact", &changes, Some(note)).await?;
    w.commit().await?;
    Ok(after)
}

/// Sets the assignee and urgency; a new urgency recomputes both clocks from the
/// received time.
pub async fn update_handling(store: &Store, actor: &Actor, case_id: i64, input: &CaseHandling) -> Result<Case> {
    actor.require(Action::CasesWrite)?;
    let mut w = store.begin_write(actor).await?;
    let case = w.case_for_update(case_id).await?;
    let mut f = flow_of(&case, w.held_since(case_id).await?);
    let mut changes = Vec::new();
    if input.assignee_id != case.assignee_id {
        let name = match input.assignee_id {
            None => None,
            Some(id) => w.active_staff_name(id).await?,
        };
        if input.assignee_id.is_some() && name.is_none() {
            return Err(CoreError::invalid("assigneeId", "承办人不是本站在岗的工作人员，请从列表中选择"));
        }
        f.assignee_id = input.assignee_id;
        changes.push(FieldChange::change("assignee", case.assignee_name.as_deref(), name.as_deref()));
    }
    if let Some(u) = input.urgency.filter(|u| *u != case.urgency) {
        let (respond, resolve) =
            w.deadlines_for(case.category_id, case.category_name.as_deref(), u, case.received_at).await?;
        f.urgency = u;
        f.respond_due_at = Some(respond);
        f.resolve_due_at = Some(resolve);
        changes.push(FieldChange::change("urgency", Some(case.urgency.label()), Some(u.label())));
        changes.push(FieldChange::change(
            "resolveDueAt",
            case.resolve_due_at.map(|t| t.to_rfc3339()).as_deref(),
            Some(resolve.to_rfc3339().as_str()),
        ));
    }
    let changes: Vec<FieldChange> = changes.into_iter().flatten().collect();
    if changes.is_empty() {
        return Ok(case);
    }
    let after = w.save_flow(&case, &f).await?;
    w.audit("case", case_id, "update", &changes).await?;
    w.commit().await?;
    Ok(after)
}

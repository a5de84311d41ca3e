//! SQL for the workflow steps, the attention view, duplicates and the clock settings.

use crate::store::{Arg, q};
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use sqlx::AssertSqlSafe;
use stationdesk_model::stats::{CaseFacts, StatsDelta, resolve_tenths};
use std::collections::HashMap;

use super::cases::{ROW_COLUMNS, ROW_JOINS, fetch_rows, parse_status};
use super::{Store, WriteTx};
use crate::cases::{Case, CaseLink, CaseRow, CaseStatus, Page};
use crate::deadlines::{CalendarDay, DayKind, Limits, Span, TimeUnit, Urgency, limits_for};
use crate::error::Result;
use crate::store::FieldChange;
use crate::workflow::{DuplicateTarget, Flow, FollowUp, Satisfaction, Survey, ValidFollowUp};

impl WriteTx<'_> {
    /// The instant of this transaction's changes.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Dates this transaction's changes (the step, its audit row, the figures it adds) at
    /// an earlier instant: a step entered from paper records, checked by the model's
    /// `input::step_time` first.
    pub(crate) fn date_at(&mut self, at: DateTime<Utc>) {
        self.now = at.trunc_subsecs(0);
    }

    /// When the case's latest timeline step (a status change, contact, survey or 回访)
    /// was recorded.
    pub(crate) async fn latest_step_at(&mut self, case_id: i64) -> Result<Option<DateTime<Utc>>> {
        let row: Option<(DateTime<Utc>,)> = q("SELECT at FROM audit_log
             WHERE station_id = $1 AND entity = 'case' AND entity_id = $2
               AND action IN ('transition', 'contact', 'survey', 'follow_up')
             ORDER BY at DESC LIMIT 1")
        .bind(self.actor().station_id)
        .bind(case_id)
        .fetch_optional(&mut self.tx)
        .await?;
        Ok(row.map(|r| r.0))
    }

    /// When a case on hold was put on hold (not part of [`Case`]).
    pub(crate) async fn held_since(&mut self, case_id: i64) -> Result<Option<DateTime<Utc>>> {
        let row: Option<(Option<DateTime<Utc>>,)> =
            q("SELECT held_since FROM cases WHERE id = $1").bind(case_id).fetch_optional(&mut self.tx).await?;
        Ok(row.and_then(|r| r.0))
    }

    /// The station's limits for a category and urgency, if it set any.
    pub(super) async fn station_limits(&mut self, category_id: Option<i64>, u: Urgency) -> Result<Option<Limits>> {
        let row: Option<(i64, String, i64, String)> =
            q("SELECT respond_amount, respond_unit, resolve_amount, resolve_unit FROM time_limits
             WHERE station_id = $1 AND category_id IN (coalesce($2, 0), 0) AND urgency = $3
             ORDER BY category_id DESC LIMIT 1")
            .bind(self.actor().station_id)
            .bind(category_id)
            .bind(u.code())
            .fetch_optional(&mut self.tx)
            .await?;
        Ok(row.and_then(|(ra, ru, sa, su)| {
            Some(Limits {
                respond: Span::new(u32::try_from(ra).ok()?, TimeUnit::parse(&ru)?),
                resolve: Span::new(u32::try_from(sa).ok()?, TimeUnit::parse(&su)?),
            })
        }))
    }

    /// Both deadlines for a case of this category and urgency whose clocks start at
    /// `from`: the station's limits or the built-in ones, counted on the station's calendar.
    pub(crate) async fn deadlines_for(
        &mut self,
        category_id: Option<i64>,
        category_name: Option<&str>,
        u: Urgency,
        from: DateTime<Utc>,
    ) -> Result<(DateTime<Utc>, DateTime<Utc>)> {
        let limits = limits_for(self.station_limits(category_id, u).await?, category_name, u);
        self.deadlines(from, limits).await
    }

    /// The case a 重复 points at, by its number.
    pub(crate) async fn duplicate_target(&mut self, number: &str) -> Result<Option<DuplicateTarget>> {
        let Some(id) = self.case_id_by_number(number).await? else { return Ok(None) };
        let target = self.case_for_update(id).await?;
        Ok(Some(DuplicateTarget {
            id,
            number: target.number,
            status: target.status,
            repeats: target.duplicate_of.map(|d| d.number),
        }))
    }

    /// The name of an active staff member of the station.
    pub(crate) async fn active_staff_name(&mut self, id: i64) -> Result<Option<String>> {
        let row: Option<(String,)> = q("SELECT name FROM staff WHERE id = $1 AND station_id = $2 AND active")
            .bind(id)
            .bind(self.actor().station_id)
            .fetch_optional(&mut self.tx)
            .await?;
        Ok(row.map(|r| r.0))
    }

    /// Writes the workflow columns and what the change adds to the figures.
    async fn write_flow(&mut self, case_id: i64, f: &Flow) -> Result<()> {
        let before = self.case_facts(case_id).await?;
        let after = CaseFacts {
            assignee_id: f.assignee_id,
            status: f.status,
            respond_due_at: f.respond_due_at,
            responded_at: f.responded_at,
            resolve_due_at: f.resolve_due_at,
            resolved_at: f.resolved_at,
            resolve_tenths: f.resolved_at.map(|r| resolve_tenths(before.received_at, r)),
            reopen_count: f.reopen_count,
            ..before.clone()
        };
        q("UPDATE cases SET status = $2, urgency = $3, assignee_id = $4, respond_due_at = $5, resolve_due_at = $6,
                responded_at = $7, resolved_at = $8, resolution = $9, closed_at = $10, hold_reason = $11,
                hold_until = $12, held_since = $13, status_before_hold = $14, referred_to = $15,
                duplicate_of = $16, reopen_count = $17, updated_at = $18, resolve_tenths = $19
             WHERE id = $1")
        .bind(case_id)
        .bind(f.status.code())
        .bind(f.urgency.code())
        .bind(f.assignee_id)
        .bind(f.respond_due_at)
        .bind(f.resolve_due_at)
        .bind(f.responded_at)
        .bind(f.resolved_at)
        .bind(f.resolution.as_deref())
        .bind(f.closed_at)
        .bind(f.hold_reason.as_deref())
        .bind(f.hold_until)
        .bind(f.held_since)
        .bind(f.status_before_hold.map(CaseStatus::code))
        .bind(f.referred_to.as_deref())
        .bind(f.duplicate_of)
        .bind(f.reopen_count)
        .bind(self.now)
        .bind(after.resolve_tenths)
        .execute(&mut self.tx)
        .await?;
        self.persist_stats(&StatsDelta::of_change(Some(&before), Some(&after))).await
    }

    /// Writes new workflow columns, re-indexes the case when its status changed, and
    /// returns it as stored.
    pub(crate) async fn save_flow(&mut self, before: &Case, f: &Flow) -> Result<Case> {
        self.write_flow(before.id, f).await?;
        let after = self.case_for_update(before.id).await?;
        if after.status != before.status {
            self.reindex_case(&after).await?;
        }
        Ok(after)
    }

    /// Records a 回访; one that reached the resident becomes the case's latest answer,
    /// which the rates count.
    pub(crate) async fn insert_follow_up(&mut self, case_id: i64, v: &ValidFollowUp) -> Result<()> {
        let actor = self.actor().clone();
        q("INSERT INTO case_followups (station_id, case_id, at, without_callback, reached, resolved, satisfaction,
                comment, staff_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(actor.station_id)
        .bind(case_id)
        .bind(self.now)
        .bind(v.without_callback)
        .bind(v.reached)
        .bind(v.resolved)
        .bind(v.satisfaction.map(Satisfaction::code))
        .bind(v.comment.as_deref())
        .bind(&actor.staff_name)
        .execute(&mut self.tx)
        .await?;
        if v.reached {
            let before = self.case_facts(case_id).await?;
            let after = CaseFacts {
                followed_up_at: Some(self.now),
                follow_up_resolved: v.resolved,
                follow_up_satisfied: v.satisfaction.map(Satisfaction::counts_as_satisfied),
                ..before.clone()
            };
            q("UPDATE cases SET followed_up_at = $2, follow_up_resolved = $3, follow_up_satisfied = $4 WHERE id = $1")
                .bind(case_id)
                .bind(after.followed_up_at)
                .bind(after.follow_up_resolved)
                .bind(after.follow_up_satisfied)
                .execute(&mut self.tx)
                .await?;
            self.persist_stats(&StatsDelta::of_change(Some(&before), Some(&after))).await?;
        }
        Ok(())
    }

    pub(crate) async fn insert_survey(
        &mut self,
        case_id: i64,
        at: DateTime<Utc>,
        people: &str,
        findings: &str,
        with_resident: bool,
    ) -> Result<()> {
        let name = self.actor().staff_name.clone();
        q("INSERT INTO case_surveys (case_id, surveyed_at, people, findings, created_at, created_by_name, with_resident)
             VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(case_id)
        .bind(at)
        .bind(people)
        .bind(findings)
        .bind(self.now)
        .bind(&name)
        .bind(with_resident)
        .execute(&mut self.tx)
        .await?;
        Ok(())
    }

    pub(crate) async fn save_time_limit(
        &mut self,
        category_id: i64,
        u: Urgency,
        limits: Option<&Limits>,
    ) -> Result<()> {
        let station_id = self.actor().station_id;
        match limits {
            None => {
                q("DELETE FROM time_limits WHERE station_id = $1 AND category_id = $2 AND urgency = $3")
                    .bind(station_id)
                    .bind(category_id)
                    .bind(u.code())
                    .execute(&mut self.tx)
                    .await?;
            }
            Some(l) => {
                q("INSERT INTO time_limits (station_id, category_id, urgency, respond_amount, respond_unit,
                        resolve_amount, resolve_unit) VALUES ($1, $2, $3, $4, $5, $6, $7)
                     ON CONFLICT (station_id, category_id, urgency) DO UPDATE SET
                        respond_amount = excluded.respond_amount, respond_unit = excluded.respond_unit,
                        resolve_amount = excluded.resolve_amount, resolve_unit = excluded.resolve_unit")
                .bind(station_id)
                .bind(category_id)
                .bind(u.code())
                .bind(l.respond.amount)
                .bind(l.respond.unit.code())
                .bind(l.resolve.amount)
                .bind(l.resolve.unit.code())
                .execute(&mut self.tx)
                .await?;
            }
        }
        let after = limits.map(|l| format!("响应 {}，办结 {}", l.respond.label(), l.resolve.label()));
        let changes: Vec<FieldChange> =
            [FieldChange::set(&format!("timeLimit.{}", u.code()), Some(after.as_deref().unwrap_or("恢复默认")))]
                .into_iter()
                .flatten()
                .collect();
        self.audit("time_limit", category_id, "update", &changes).await
    }

    pub(crate) async fn save_calendar_day(&mut self, day: NaiveDate, kind: DayKind, name: &str) -> Result<()> {
        q("INSERT INTO calendar_days (station_id, day, kind, name) VALUES ($1, $2, $3, $4)
             ON CONFLICT (station_id, day) DO UPDATE SET kind = excluded.kind, name = excluded.name")
        .bind(self.actor().station_id)
        .bind(day)
        .bind(kind.code())
        .bind(name)
        .execute(&mut self.tx)
        .await?;
        let changes: Vec<FieldChange> =
            [FieldChange::set(&day.to_string(), Some(kind.code()))].into_iter().flatten().collect();
        self.audit_note("calendar_day", 0, "update", &changes, Some(name)).await
    }

    pub(crate) async fn delete_calendar_day(&mut self, day: NaiveDate) -> Result<()> {
        q("DELETE FROM calendar_days WHERE station_id = $1 AND day = $2")
            .bind(self.actor().station_id)
            .bind(day)
            .execute(&mut self.tx)
            .await?;
        let changes: Vec<FieldChange> =
            [FieldChange::set(&day.to_string(), Some("official"))].into_iter().flatten().collect();
        self.audit("calendar_day", 0, "update", &changes).await
    }
}

impl Store {
    pub(crate) async fn case_surveys(&self, case_id: i64) -> Result<Vec<Survey>> {
        let rows: Vec<(i64, DateTime<Utc>, String, String, String, bool)> =
            q("SELECT id, surveyed_at, people, findings, created_by_name, with_resident FROM case_surveys
             WHERE case_id = $1 ORDER BY surveyed_at, id")
            .bind(case_id)
            .fetch_all(self)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| Survey {
                id: r.0,
                surveyed_at: r.1,
                people: r.2,
                findings: r.3,
                created_by: r.4,
                with_resident: r.5,
            })
            .collect())
    }

    pub(crate) async fn case_follow_ups(&self, case_id: i64) -> Result<Vec<FollowUp>> {
        type Row = (i64, DateTime<Utc>, bool, bool, Option<bool>, Option<String>, Option<String>, String);
        let rows: Vec<Row> = q("SELECT id, at, without_callback, reached, resolved, satisfaction, comment, staff_name
             FROM case_followups WHERE case_id = $1 ORDER BY at, id")
        .bind(case_id)
        .fetch_all(self)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| FollowUp {
                id: r.0,
                at: r.1,
                without_callback: r.2,
                reached: r.3,
                resolved: r.4,
                satisfaction: r.5.as_deref().and_then(Satisfaction::parse),
                comment: r.6,
                staff_name: r.7,
            })
            .collect())
    }

    /// The cases marked as repeats of this one.
    pub(crate) async fn case_duplicates(&self, case_id: i64) -> Result<Vec<CaseLink>> {
        let rows: Vec<(i64, String, String, String)> =
            q("SELECT id, number, title, status FROM cases WHERE duplicate_of = $1 ORDER BY received_at, id")
                .bind(case_id)
                .fetch_all(self)
                .await?;
        rows.into_iter()
            .map(|r| Ok(CaseLink { id: r.0, number: r.1, title: r.2, status: parse_status(&r.3)? }))
            .collect()
    }

    /// Open cases past or near a deadline, then 办结 cases awaiting the call-back.
    pub(crate) async fn attention_cases(
        &self,
        station_id: i64,
        page_size: u32,
        offset: u32,
        now: DateTime<Utc>,
    ) -> Result<Page<CaseRow>> {
        let soon = now + crate::deadlines::NEAR_DUE;
        // Both branches walk an index: the partial index of open cases by due time, and
        // the status index for 办结.
        const OPEN: &str = "c.station_id = $1 AND c.status IN ('accepted', 'investigating', 'in_progress')
            AND (c.resolve_due_at < $2 OR (c.responded_at IS NULL AND c.respond_due_at < $3))";
        const AWAITING: &str = "c.station_id = $1 AND c.status = 'resolved'";
        let count_sql = format!(
            "SELECT (SELECT count(*) FROM cases c WHERE {OPEN}), (SELECT count(*) FROM cases c WHERE {AWAITING})"
        );
        let (open_n, awaiting_n): (i64, i64) =
            q(AssertSqlSafe(count_sql)).bind(station_id).bind(soon).bind(now).fetch_one(self).await?;
        // The list is the open cases by their nearest deadline, then those awaiting the
        // call-back by 办结. A page takes what it needs of each part, each part's keys read
        // in order from its own index, and only then the page's rows: sorting the rows of
        // both parts together took 15–19 ms on 100 000 demo cases.
        let (size, from) = (i64::from(page_size), i64::from(offset));
        let open_take = (open_n - from).clamp(0, size);
        let awaiting_skip = (from - open_n).max(0);
        let awaiting_take = (size - open_take).min((awaiting_n - awaiting_skip).max(0));
        let open = async {
            if open_take == 0 {
                return Ok(Vec::new());
            }
            let sql = format!(
                "SELECT {ROW_COLUMNS} FROM (
                    SELECT c.id AS k,
                        CASE WHEN c.responded_at IS NULL AND c.respond_due_at < c.resolve_due_at THEN c.respond_due_at
                             ELSE c.resolve_due_at END AS rank_time
                    FROM cases c WHERE {OPEN} ORDER BY rank_time, c.id LIMIT {open_take} OFFSET {from}
                 ) s JOIN cases c ON c.id = s.k {ROW_JOINS} ORDER BY s.rank_time, s.k"
            );
            fetch_rows(self, &sql, &[Arg::I64(Some(station_id)), Arg::Ts(Some(soon)), Arg::Ts(Some(now))]).await
        };
        let awaiting = async {
            if awaiting_take == 0 {
                return Ok(Vec::new());
            }
            let sql = format!(
                "SELECT {ROW_COLUMNS} FROM (
                    SELECT c.id AS k, c.resolved_at AS rank_time FROM cases c
                    WHERE {AWAITING} ORDER BY c.resolved_at, c.id LIMIT {awaiting_take} OFFSET {awaiting_skip}
                 ) s JOIN cases c ON c.id = s.k {ROW_JOINS} ORDER BY s.rank_time, s.k"
            );
            fetch_rows(self, &sql, &[Arg::I64(Some(station_id))]).await
        };
        let (mut items, awaiting) = tokio::try_join!(open, awaiting)?;
        items.extend(awaiting);
        let total = open_n + awaiting_n;
        Ok(Page {
            items,
            total: u32::try_from(total).unwrap_or(u32::MAX),
            total_capped: false,
            page: offset / page_size.max(1) + 1,
            page_size,
        })
    }

    /// Open or recently closed cases sharing a title word pair, newest first, with their titles.
    pub(crate) async fn similar_candidates(
        &self,
        station_id: i64,
        pairs: &[String],
        closed_since: DateTime<Utc>,
    ) -> Result<Vec<(CaseRow, String)>> {
        let pg = self.is_postgres();
        let expr =
            if pg { crate::search::pg_any_pair_expression(pairs) } else { crate::search::any_pair_expression(pairs) };
        let Some(expr) = expr else { return Ok(Vec::new()) };
        let hits = if pg {
            "SELECT k FROM sd_search_newest(CAST($1 AS tsquery), 300, 0) AS s(k)"
        } else {
            "SELECT rowid AS k FROM case_search WHERE case_search MATCH $1 ORDER BY rowid DESC LIMIT 300"
        };
        let join = if pg { "JOIN" } else { "CROSS JOIN" };
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM ({hits}) s {join} cases c ON c.search_key = s.k {ROW_JOINS}
             WHERE c.station_id = $2 AND c.status <> 'duplicate'
               AND (c.status IN ('accepted', 'investigating', 'in_progress', 'on_hold', 'resolved')
                    OR coalesce(c.closed_at, c.resolved_at, c.updated_at) >= $3)
             ORDER BY s.k DESC"
        );
        let rows =
            fetch_rows(self, &sql, &[Arg::Text(Some(expr)), Arg::I64(Some(station_id)), Arg::Ts(Some(closed_since))])
                .await?;
        Ok(rows.into_iter().map(|r| (r.clone(), r.title)).collect())
    }

    /// Open or recently closed cases at the same 小区 and 楼栋 (or the same place), newest
    /// first, at most 50: earlier reports of the problem told in other words.
    pub(crate) async fn similar_at_address(
        &self,
        station_id: i64,
        address: &crate::cases::Address,
        closed_since: DateTime<Utc>,
    ) -> Result<Vec<CaseRow>> {
        let (Some(compound), spot) =
            (address.compound.as_deref(), address.building.as_deref().or(address.place.as_deref()))
        else {
            return Ok(Vec::new());
        };
        let Some(spot) = spot else { return Ok(Vec::new()) };
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM cases c {ROW_JOINS}
             WHERE c.station_id = $1 AND c.status <> 'duplicate' AND c.compound = $2
               AND (c.building = $3 OR c.place = $3)
               AND (c.status IN ('accepted', 'investigating', 'in_progress', 'on_hold', 'resolved')
                    OR coalesce(c.closed_at, c.resolved_at, c.updated_at) >= $4)
             ORDER BY c.received_at DESC, c.id DESC LIMIT 50"
        );
        fetch_rows(
            self,
            &sql,
            &[
                Arg::I64(Some(station_id)),
                Arg::Text(Some(compound.to_owned())),
                Arg::Text(Some(spot.to_owned())),
                Arg::Ts(Some(closed_since)),
            ],
        )
        .await
    }

    /// The description and address parts of cases, for comparing them with a typed one.
    pub(crate) async fn similar_texts(
        &self,
        station_id: i64,
        ids: &[i64],
    ) -> Result<HashMap<i64, (Option<String>, Option<String>, Option<String>, Option<String>)>> {
        let mut out = HashMap::new();
        for chunk in ids.chunks(100) {
            let list = vec!["?"; chunk.len()].join(", ");
            let sql = format!(
                "SELECT id, description, compound, building, place FROM cases WHERE station_id = ? AND id IN ({list})"
            );
            let mut query = q(AssertSqlSafe(sql)).bind(station_id);
            for id in chunk {
                query = query.bind(*id);
            }
            type Row = (i64, Option<String>, Option<String>, Option<String>, Option<String>);
            let rows: Vec<Row> = query.fetch_all(self).await?;
            out.extend(rows.into_iter().map(|r| (r.0, (r.1, r.2, r.3, r.4))));
        }
        Ok(out)
    }

    pub(crate) async fn station_time_limits(&self, station_id: i64) -> Result<Vec<(i64, Urgency, Limits)>> {
        let rows: Vec<(i64, String, i64, String, i64, String)> =
            q("SELECT category_id, urgency, respond_amount, respond_unit, resolve_amount, resolve_unit
             FROM time_limits WHERE station_id = $1")
            .bind(station_id)
            .fetch_all(self)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(c, u, ra, ru, sa, su)| {
                Some((
                    c,
                    Urgency::parse(&u)?,
                    Limits {
                        respond: Span::new(u32::try_from(ra).ok()?, TimeUnit::parse(&ru)?),
                        resolve: Span::new(u32::try_from(sa).ok()?, TimeUnit::parse(&su)?),
                    },
                ))
            })
            .collect())
    }

    pub(crate) async fn station_calendar_days(&self, station_id: i64) -> Result<Vec<CalendarDay>> {
        let rows: Vec<(NaiveDate, String, String)> =
            q("SELECT day, kind, name FROM calendar_days WHERE station_id = $1 ORDER BY day")
                .bind(station_id)
                .fetch_all(self)
                .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(day, kind, name)| {
                Some(CalendarDay { day, kind: DayKind::parse(&kind)?, name, built_in: false })
            })
            .collect())
    }
}

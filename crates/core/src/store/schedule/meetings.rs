//! SQL for meetings (恳谈会/议事会) with parties, staff, agenda and decisions.

use super::*;
use crate::store::q;

impl Store {
    pub(crate) async fn meetings_in_window(
        &self,
        station_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<CalendarMeeting>> {
        let rows: Vec<MeetingWindowRow> = q("SELECT m.id, m.kind, m.title, m.starts_at, m.ends_at, m.place, m.status,
                    (SELECT json_group_array(staff_id) FROM meeting_staff WHERE meeting_id = m.id),
                    (SELECT json_group_array(p.name) FROM meeting_parties mp JOIN parties p ON p.id = mp.party_id
                     WHERE mp.meeting_id = m.id)
                 FROM meetings m WHERE m.station_id = $1 AND m.starts_at < $2 AND m.ends_at > $3")
        .bind(station_id)
        .bind(to)
        .bind(from)
        .fetch_all(self)
        .await?;
        rows.into_iter()
            .map(|(id, kind, title, start, end, place, status, staff, parties)| {
                Ok(CalendarMeeting {
                    id,
                    kind: meeting_kind(&kind)?,
                    title,
                    start,
                    end,
                    place,
                    status: meeting_status(&status)?,
                    staff_ids: from_json(&staff),
                    parties: from_json(&parties),
                })
            })
            .collect()
    }

    pub(crate) async fn meetings(
        &self,
        station_id: i64,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        status: Option<MeetingStatus>,
    ) -> Result<Vec<MeetingRow>> {
        let rows: Vec<MeetingListRow> = q("SELECT m.id, m.kind, m.title, m.starts_at, m.ends_at, m.place, m.status,
                    (SELECT count(*) FROM meeting_parties WHERE meeting_id = m.id)
                        + (SELECT count(*) FROM meeting_staff WHERE meeting_id = m.id),
                    (SELECT count(*) FROM meeting_agenda WHERE meeting_id = m.id),
                    (SELECT count(*) FROM meeting_decisions WHERE meeting_id = m.id)
                 FROM meetings m
                 WHERE m.station_id = $1 AND ($2 IS NULL OR m.ends_at > $2) AND ($3 IS NULL OR m.starts_at < $3)
                   AND ($4 IS NULL OR m.status = $4)
                 ORDER BY m.starts_at DESC, m.id DESC LIMIT 500")
        .bind(station_id)
        .bind(from)
        .bind(to)
        .bind(status.map(|s| s.code()))
        .fetch_all(self)
        .await?;
        rows.into_iter()
            .map(|(id, kind, title, start, end, place, status, invited, agenda, decisions)| {
                Ok(MeetingRow {
                    id,
                    kind: meeting_kind(&kind)?,
                    title,
                    start,
                    end,
                    place,
                    status: meeting_status(&status)?,
                    invited: to_u32(invited),
                    agenda_items: to_u32(agenda),
                    decisions: to_u32(decisions),
                })
            })
            .collect()
    }

    pub(crate) async fn meeting_by_id(&self, station_id: i64, id: i64) -> Result<Option<Meeting>> {
        let row: Option<MeetingRecord> =
            q("SELECT id, kind, title, purpose, starts_at, ends_at, place, contact_person, contact_phone, status,
                    minutes, other_attendees, created_at, created_by_name, updated_at
             FROM meetings WHERE id = $1 AND station_id = $2")
            .bind(id)
            .bind(station_id)
            .fetch_optional(self)
            .await?;
        let Some(m) = row else { return Ok(None) };
        let parties: Vec<PartyRow> =
            q("SELECT p.id, p.kind, p.name, p.contact_person, mp.attended FROM meeting_parties mp
             JOIN parties p ON p.id = mp.party_id WHERE mp.meeting_id = $1
             ORDER BY p.kind = 'resident_rep', p.id")
            .bind(id)
            .fetch_all(self)
            .await?;
        let staff: Vec<(i64, String, Option<bool>)> =
            q("SELECT s.id, s.name, ms.attended FROM meeting_staff ms JOIN staff s ON s.id = ms.staff_id
             WHERE ms.meeting_id = $1 ORDER BY s.id")
            .bind(id)
            .fetch_all(self)
            .await?;
        type CaseCols = (Option<i64>, Option<String>, Option<String>, Option<String>);
        let agenda: Vec<AgendaRow> =
            q("SELECT a.id, a.position, a.title, a.note, c.id, c.number, c.title, c.status FROM meeting_agenda a
                 LEFT JOIN cases c ON c.id = a.case_id WHERE a.meeting_id = $1 ORDER BY a.position")
            .bind(id)
            .fetch_all(self)
            .await?;
        let decisions: Vec<DecisionRow> =
            q("SELECT d.id, d.position, d.text, d.case_to_status, d.case_moved, c.id, c.number, c.title, c.status
                 FROM meeting_decisions d LEFT JOIN cases c ON c.id = d.case_id
                 WHERE d.meeting_id = $1 ORDER BY d.position")
            .bind(id)
            .fetch_all(self)
            .await?;
        let case = |c: CaseCols| linked_case(c.0, c.1, c.2, c.3);
        Ok(Some(Meeting {
            id: m.id,
            kind: meeting_kind(&m.kind)?,
            title: m.title,
            purpose: m.purpose,
            start: m.starts_at,
            end: m.ends_at,
            place: m.place,
            contact_person: m.contact_person,
            contact_phone: m.contact_phone,
            status: meeting_status(&m.status)?,
            parties: parties
                .into_iter()
                .map(|(party_id, party_kind, name, contact_person, attended)| MeetingParty {
                    party_id,
                    party_kind,
                    name,
                    contact_person,
                    attended,
                })
                .collect(),
            staff: staff
                .into_iter()
                .map(|(id, name, attended)| MeetingStaff { staff: StaffRef { id, name }, attended })
                .collect(),
            agenda: agenda
                .into_iter()
                .map(|(id, position, title, note, cid, number, ctitle, status)| AgendaItem {
                    id,
                    position: to_u32(position),
                    title,
                    case: case((cid, number, ctitle, status)),
                    note,
                })
                .collect(),
            minutes: m.minutes,
            other_attendees: from_json(&m.other_attendees),
            decisions: decisions
                .into_iter()
                .map(|(id, position, text, to, moved, cid, number, ctitle, status)| Decision {
                    id,
                    position: to_u32(position),
                    text,
                    case: case((cid, number, ctitle, status)),
                    case_to_status: to.as_deref().and_then(CaseStatus::parse),
                    case_moved: moved,
                })
                .collect(),
            created_at: m.created_at,
            created_by: m.created_by_name,
            updated_at: m.updated_at,
        }))
    }
}

impl WriteTx<'_> {
    async fn check_meeting_refs(&mut self, m: &ValidMeeting) -> Result<()> {
        let mut errors = Vec::new();
        if !self.missing_ids("parties", &m.party_ids).await?.is_empty() {
            errors.push(FieldError::new("partyIds", "所选单位或居民代表不在本站的相关方名录中，请刷新后重新选择"));
        }
        if !self.missing_ids("staff", &m.staff_ids).await?.is_empty() {
            errors.push(FieldError::new("staffIds", "所选工作人员不在本站名单中，请刷新后重新选择"));
        }
        let case_ids: Vec<i64> = m.agenda.iter().filter_map(|a| a.1).collect();
        let missing = self.missing_ids("cases", &case_ids).await?;
        for (i, a) in m.agenda.iter().enumerate() {
            if a.1.is_some_and(|c| missing.contains(&c)) {
                errors.push(FieldError::new(&format!("agenda.{i}.caseId"), "关联的诉求不存在，请重新选择"));
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(CoreError::Invalid(errors)) }
    }

    async fn write_meeting_children(&mut self, id: i64, m: &ValidMeeting) -> Result<()> {
        for table in ["meeting_parties", "meeting_staff", "meeting_agenda"] {
            q(sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE meeting_id = $1")))
                .bind(id)
                .execute(&mut self.tx)
                .await?;
        }
        q("INSERT INTO meeting_parties (meeting_id, party_id) SELECT $1, value FROM json_each($2)")
            .bind(id)
            .bind(json(&m.party_ids))
            .execute(&mut self.tx)
            .await?;
        q("INSERT INTO meeting_staff (meeting_id, staff_id) SELECT $1, value FROM json_each($2)")
            .bind(id)
            .bind(json(&m.staff_ids))
            .execute(&mut self.tx)
            .await?;
        for (i, (title, case_id, note)) in m.agenda.iter().enumerate() {
            q("INSERT INTO meeting_agenda (meeting_id, position, title, case_id, note) VALUES ($1, $2, $3, $4, $5)")
                .bind(id)
                .bind(i as i64 + 1)
                .bind(title)
                .bind(case_id)
                .bind(note)
                .execute(&mut self.tx)
                .await?;
        }
        Ok(())
    }

    pub(crate) async fn insert_meeting(&mut self, m: &ValidMeeting) -> Result<i64> {
        self.check_meeting_refs(m).await?;
        let actor = self.actor().clone();
        let id = q("INSERT INTO meetings (station_id, kind, title, purpose, starts_at, ends_at, place, contact_person,
                contact_phone, created_at, created_by_name, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10)")
        .bind(actor.station_id)
        .bind(m.kind.code())
        .bind(&m.title)
        .bind(&m.purpose)
        .bind(m.start)
        .bind(m.end)
        .bind(&m.place)
        .bind(&m.contact_person)
        .bind(&m.contact_phone)
        .bind(self.now)
        .bind(&actor.staff_name)
        .insert_id(&mut self.tx)
        .await?;
        self.write_meeting_children(id, m).await?;
        let c = changes(&[
            ("kind", Some(m.kind.label().to_owned())),
            ("title", Some(m.title.clone())),
            ("start", Some(china_hm(m.start))),
            ("place", Some(m.place.clone())),
            ("parties", Some(json(&m.party_ids))),
            ("agenda", Some(m.agenda.iter().map(|a| a.0.as_str()).collect::<Vec<_>>().join("；"))),
        ]);
        self.audit("meeting", id, "create", &c).await?;
        Ok(id)
    }

    pub(crate) async fn update_meeting(&mut self, before: &Meeting, m: &ValidMeeting) -> Result<()> {
        self.check_meeting_refs(m).await?;
        q("UPDATE meetings SET kind = $1, title = $2, purpose = $3, starts_at = $4, ends_at = $5, place = $6,
                contact_person = $7, contact_phone = $8, updated_at = $9 WHERE id = $10 AND station_id = $11")
        .bind(m.kind.code())
        .bind(&m.title)
        .bind(&m.purpose)
        .bind(m.start)
        .bind(m.end)
        .bind(&m.place)
        .bind(&m.contact_person)
        .bind(&m.contact_phone)
        .bind(self.now)
        .bind(before.id)
        .bind(self.actor().station_id)
        .execute(&mut self.tx)
        .await?;
        self.write_meeting_children(before.id, m).await?;
        let before_agenda = before.agenda.iter().map(|a| a.title.as_str()).collect::<Vec<_>>().join("；");
        let after_agenda = m.agenda.iter().map(|a| a.0.as_str()).collect::<Vec<_>>().join("；");
        let c: Vec<FieldChange> = [
            FieldChange::change("title", Some(&before.title), Some(&m.title)),
            FieldChange::change("start", Some(&china_hm(before.start)), Some(&china_hm(m.start))),
            FieldChange::change("place", Some(&before.place), Some(&m.place)),
            FieldChange::change("purpose", before.purpose.as_deref(), m.purpose.as_deref()),
            FieldChange::change("agenda", Some(&before_agenda), Some(&after_agenda)),
        ]
        .into_iter()
        .flatten()
        .collect();
        self.audit("meeting", before.id, "update", &c).await
    }

    pub(crate) async fn set_meeting_status(&mut self, before: &Meeting, status: MeetingStatus) -> Result<()> {
        q("UPDATE meetings SET status = $1, updated_at = $2 WHERE id = $3 AND station_id = $4")
            .bind(status.code())
            .bind(self.now)
            .bind(before.id)
            .bind(self.actor().station_id)
            .execute(&mut self.tx)
            .await?;
        let c: Vec<FieldChange> =
            FieldChange::change("status", Some(before.status.label()), Some(status.label())).into_iter().collect();
        self.audit("meeting", before.id, "update", &c).await
    }

    pub(crate) async fn record_meeting_outcome(
        &mut self,
        before: &Meeting,
        parties: &[i64],
        staff: &[i64],
        others: &[String],
        minutes: Option<&str>,
    ) -> Result<()> {
        q("UPDATE meetings SET status = 'held', minutes = $1, other_attendees = $2, updated_at = $3
             WHERE id = $4 AND station_id = $5")
        .bind(minutes)
        .bind(json(&others))
        .bind(self.now)
        .bind(before.id)
        .bind(self.actor().station_id)
        .execute(&mut self.tx)
        .await?;
        q("UPDATE meeting_parties SET attended = party_id IN (SELECT value FROM json_each($1)) WHERE meeting_id = $2")
            .bind(json(&parties))
            .bind(before.id)
            .execute(&mut self.tx)
            .await?;
        q("UPDATE meeting_staff SET attended = staff_id IN (SELECT value FROM json_each($1)) WHERE meeting_id = $2")
            .bind(json(&staff))
            .bind(before.id)
            .execute(&mut self.tx)
            .await?;
        let came: Vec<&str> = before
            .parties
            .iter()
            .filter(|p| parties.contains(&p.party_id))
            .map(|p| p.name.as_str())
            .chain(before.staff.iter().filter(|s| staff.contains(&s.staff.id)).map(|s| s.staff.name.as_str()))
            .chain(others.iter().map(String::as_str))
            .collect();
        let c: Vec<FieldChange> = [
            FieldChange::change("status", Some(before.status.label()), Some(MeetingStatus::Held.label())),
            FieldChange::set("attendees", Some(&came.join("、"))),
            FieldChange::change("minutes", before.minutes.as_deref(), minutes),
        ]
        .into_iter()
        .flatten()
        .collect();
        self.audit("meeting", before.id, "record_outcome", &c).await
    }

    pub(crate) async fn insert_decision(
        &mut self,
        meeting_id: i64,
        position: u32,
        d: &ValidDecision,
        moved: bool,
    ) -> Result<i64> {
        let id = q(
            "INSERT INTO meeting_decisions (meeting_id, position, text, case_id, case_to_status, case_moved, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(meeting_id)
        .bind(i64::from(position))
        .bind(&d.text)
        .bind(d.case_id)
        .bind(d.move_case_to.map(|s| s.code()))
        .bind(moved)
        .bind(self.now)
        .insert_id(&mut self.tx)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                CoreError::invalid("decisions", "决定关联的诉求不存在，请重新选择")
            }
            _ => CoreError::Database(e),
        })?;
        let c = changes(&[
            ("meeting", Some(meeting_id.to_string())),
            ("text", Some(d.text.clone())),
            ("case", d.case_id.map(|c| c.to_string())),
            ("caseTo", d.move_case_to.map(|s| s.label().to_owned())),
        ]);
        self.audit("meeting_decision", id, "create", &c).await?;
        Ok(id)
    }
}

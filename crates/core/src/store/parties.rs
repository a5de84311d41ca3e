//! SQL for the parties directory and the parties on a case.

use super::{Store, WriteTx};
use crate::error::{CoreError, Result};
use crate::parties::{CaseParty, Party, PartyInput, PartyKind};
use crate::store::FieldChange;
use crate::store::q;

type PartyRow = (i64, String, String, Option<String>, Option<String>, Option<String>, bool);

fn party(r: PartyRow) -> Option<Party> {
    Some(Party {
        id: r.0,
        kind: PartyKind::parse(&r.1)?,
        name: r.2,
        contact_person: r.3,
        phone: r.4,
        note: r.5,
        active: r.6,
    })
}

impl Store {
    pub(crate) async fn parties(&self, station_id: i64) -> Result<Vec<Party>> {
        let rows: Vec<PartyRow> = q("SELECT id, kind, name, contact_person, phone, note, active FROM parties
             WHERE station_id = $1 ORDER BY active DESC, kind, name")
        .bind(station_id)
        .fetch_all(self)
        .await?;
        Ok(rows.into_iter().filter_map(party).collect())
    }

    pub(crate) async fn case_parties(&self, case_id: i64) -> Result<Vec<CaseParty>> {
        type Row = (i64, String, String, Option<String>, Option<String>, Option<String>, bool, Option<String>);
        let rows: Vec<Row> = q("SELECT p.id, p.kind, p.name, p.contact_person, p.phone, p.note, p.active, cp.role
                 FROM case_parties cp JOIN parties p ON p.id = cp.party_id
                 WHERE cp.case_id = $1 ORDER BY cp.added_at, p.name")
        .bind(case_id)
        .fetch_all(self)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| Some(CaseParty { party: party((r.0, r.1, r.2, r.3, r.4, r.5, r.6))?, role: r.7 }))
            .collect())
    }
}

impl WriteTx<'_> {
    pub(crate) async fn save_party(&mut self, p: &PartyInput) -> Result<Party> {
        let station_id = self.actor().station_id;
        let clash: Option<(i64,)> = q("SELECT id FROM parties WHERE station_id = $1 AND name = $2")
            .bind(station_id)
            .bind(&p.name)
            .fetch_optional(&mut self.tx)
            .await?;
        if clash.is_some_and(|(id,)| Some(id) != p.id) {
            return Err(CoreError::invalid("name", format!("名录里已有“{}”，请直接选用或换一个名称", p.name)));
        }
        let changes: Vec<FieldChange> = [
            FieldChange::set("kind", Some(p.kind.label())),
            FieldChange::set("name", Some(&p.name)),
            FieldChange::set("contactPerson", p.contact_person.as_deref()),
            FieldChange::set("phone", p.phone.as_deref()),
            FieldChange::set("active", Some(if p.active { "是" } else { "否" })),
        ]
        .into_iter()
        .flatten()
        .collect();
        let id = match p.id {
            None => {
                // fetch_all, not fetch_one: RETURNING with fetch_one kept the WAL from
                // checkpointing (`../shared/docs/PROBES.md`).
                let rows: Vec<(i64,)> =
                    q("INSERT INTO parties (station_id, kind, name, contact_person, phone, note, active, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
                    .bind(station_id)
                    .bind(p.kind.code())
                    .bind(&p.name)
                    .bind(p.contact_person.as_deref())
                    .bind(p.phone.as_deref())
                    .bind(p.note.as_deref())
                    .bind(p.active)
                    .bind(self.now)
                    .fetch_all(&mut self.tx)
                    .await?;
                let Some(&(id,)) = rows.first() else {
                    return Err(CoreError::Conflict("相关方未能保存，请重试".to_owned()));
                };
                self.audit("party", id, "create", &changes).await?;
                id
            }
            Some(id) => {
                let done = q(
                    "UPDATE parties SET kind = $3, name = $4, contact_person = $5, phone = $6, note = $7, active = $8
                     WHERE id = $1 AND station_id = $2",
                )
                .bind(id)
                .bind(station_id)
                .bind(p.kind.code())
                .bind(&p.name)
                .bind(p.contact_person.as_deref())
                .bind(p.phone.as_deref())
                .bind(p.note.as_deref())
                .bind(p.active)
                .execute(&mut self.tx)
                .await?;
                if done == 0 {
                    return Err(CoreError::NotFound(format!("找不到编号为 {id} 的相关方")));
                }
                self.audit("party", id, "update", &changes).await?;
                id
            }
        };
        Ok(Party {
            id,
            kind: p.kind,
            name: p.name.clone(),
            contact_person: p.contact_person.clone(),
            phone: p.phone.clone(),
            note: p.note.clone(),
            active: p.active,
        })
    }

    pub(crate) async fn link_party(&mut self, case_id: i64, party_id: i64, role: Option<&str>) -> Result<()> {
        let case = self.case_for_update(case_id).await?;
        let name: Option<(String,)> = q("SELECT name FROM parties WHERE id = $1 AND station_id = $2")
            .bind(party_id)
            .bind(self.actor().station_id)
            .fetch_optional(&mut self.tx)
            .await?;
        let Some((name,)) = name else {
            return Err(CoreError::invalid("partyId", "相关方不在本站名录中，请先在名录里添加"));
        };
        q("INSERT INTO case_parties (case_id, party_id, role, added_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (case_id, party_id) DO UPDATE SET role = excluded.role")
        .bind(case.id)
        .bind(party_id)
        .bind(role)
        .bind(self.now)
        .execute(&mut self.tx)
        .await?;
        let changes: Vec<FieldChange> =
            [FieldChange::set("party", Some(&name)), FieldChange::set("role", role)].into_iter().flatten().collect();
        self.audit("case", case.id, "party", &changes).await
    }

    pub(crate) async fn unlink_party(&mut self, case_id: i64, party_id: i64) -> Result<()> {
        let case = self.case_for_update(case_id).await?;
        let name: Vec<(String,)> = q("DELETE FROM case_parties WHERE case_id = $1 AND party_id = $2
             RETURNING (SELECT name FROM parties WHERE id = $2)")
        .bind(case.id)
        .bind(party_id)
        .fetch_all(&mut self.tx)
        .await?;
        let Some((name,)) = name.into_iter().next() else { return Ok(()) };
        let changes: Vec<FieldChange> =
            [FieldChange::change("party", Some(&name), None)].into_iter().flatten().collect();
        self.audit("case", case.id, "party", &changes).await
    }
}

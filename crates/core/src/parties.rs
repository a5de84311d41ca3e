//! 相关方: the organisations a station works with (物业, 开发商, 医院, 街道, 供水/供电…)
//! and resident representatives, kept in a small directory; cases and meetings link to them.

use serde::{Deserialize, Serialize};
use stationdesk_model::roles::Action;

use crate::cases::optional_phone;
use crate::error::{CoreError, FieldError, Result};
use crate::labels::labelled;
use crate::store::{Actor, Store};

labelled! {
    /// What sort of party this is.
    PartyKind {
        Property = "property", "物业";
        Developer = "developer", "开发商";
        Hospital = "hospital", "医院";
        StreetOffice = "street_office", "街道";
        Utility = "utility", "供水供电";
        Government = "government", "政府部门";
        Company = "company", "企业";
        ResidentRep = "resident_rep", "居民代表";
        Other = "other", "其他";
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Party {
    pub id: i64,
    pub kind: PartyKind,
    pub name: String,
    pub contact_person: Option<String>,
    pub phone: Option<String>,
    pub note: Option<String>,
    pub active: bool,
}

/// A new party (`id` none) or changes to one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PartyInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub kind: PartyKind,
    pub name: String,
    #[serde(default)]
    pub contact_person: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// A party on a case, with its role there (负责整改, 配合施工…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CaseParty {
    pub party: Party,
    pub role: Option<String>,
}

fn clean(value: &Option<String>) -> Option<String> {
    stationdesk_model::input::clean_optional(value.as_deref())
}

/// Trims and checks a party; the phone is tidied like a resident's.
pub(crate) fn validate(input: &PartyInput) -> Result<PartyInput> {
    let mut errors = Vec::new();
    let name = stationdesk_model::input::clean_line(&input.name);
    if name.is_empty() {
        errors.push(FieldError::new("name", "请填写单位或代表的名称（例如：润都荣园物业服务中心）"));
    } else if name.chars().count() > 50 {
        errors.push(FieldError::new("name", "名称过长，最多 50 字"));
    }
    let contact_person = clean(&input.contact_person);
    if contact_person.as_ref().is_some_and(|c| c.chars().count() > 30) {
        errors.push(FieldError::new("contactPerson", "联系人过长，最多 30 字"));
    }
    let phone = optional_phone(input.phone.as_deref(), "phone", "电话号码", &mut errors);
    let note = clean(&input.note);
    if note.as_ref().is_some_and(|n| n.chars().count() > 200) {
        errors.push(FieldError::new("note", "备注过长，最多 200 字"));
    }
    if errors.is_empty() {
        Ok(PartyInput { id: input.id, kind: input.kind, name, contact_person, phone, note, active: input.active })
    } else {
        Err(CoreError::Invalid(errors))
    }
}

// ---- services ----

pub async fn list(store: &Store, station_id: i64) -> Result<Vec<Party>> {
    store.parties(station_id).await
}

/// Adds a party or saves changes to one.
pub async fn save(store: &Store, actor: &Actor, input: &PartyInput) -> Result<Party> {
    actor.require(Action::CasesWrite)?;
    let valid = validate(input)?;
    let mut w = store.begin_write(actor).await?;
    let party = w.save_party(&valid).await?;
    w.commit().await?;
    Ok(party)
}

/// Puts a party on a case (or changes its role there).
pub async fn link(store: &Store, actor: &Actor, case_id: i64, party_id: i64, role: Option<&str>) -> Result<()> {
    actor.require(Action::CasesWrite)?;
    let role = role.map(str::trim).filter(|r| !r.is_empty());
    if role.is_some_and(|r| r.chars().count() > 30) {
        return Err(CoreError::invalid("role", "角色说明过长，最多 30 字"));
    }
    let mut w = store.begin_write(actor).await?;
    w.link_party(case_id, party_id, role).await?;
    w.commit().await
}

pub async fn unlink(store: &Store, actor: &Actor, case_id: i64, party_id: i64) -> Result<()> {
    actor.require(Action::CasesWrite)?;
    let mut w = store.begin_write(actor).await?;
    w.unlink_party(case_id, party_id).await?;
    w.commit().await
}

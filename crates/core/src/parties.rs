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

// ---- the directory in from a sheet ----

/// Words in a sheet's 类型 column for each kind, besides the kind's own label.
const KIND_WORDS: &[(&str, PartyKind)] = &[
    ("物业", PartyKind::Property),
    ("开发", PartyKind::Developer),
    ("地产", PartyKind::Developer),
    ("医院", PartyKind::Hospital),
    ("卫生", PartyKind::Hospital),
    ("诊所", PartyKind::Hospital),
    ("街道", PartyKind::StreetOffice),
    ("办事处", PartyKind::StreetOffice),
    ("供水", PartyKind::Utility),
    ("供电", PartyKind::Utility),
    ("燃气", PartyKind::Utility),
    ("供暖", PartyKind::Utility),
    ("热力", PartyKind::Utility),
    ("政府", PartyKind::Government),
    ("部门", PartyKind::Government),
    ("企业", PartyKind::Company),
    ("公司", PartyKind::Company),
    ("居民", PartyKind::ResidentRep),
    ("代表", PartyKind::ResidentRep),
    ("其他", PartyKind::Other),
];

/// The kind a sheet names: empty is 其他; a word not known is `None`.
pub fn kind_from_text(text: &str) -> Option<PartyKind> {
    let text = text.trim();
    if text.is_empty() {
        return Some(PartyKind::Other);
    }
    PartyKind::parse(text)
        .or_else(|| PartyKind::ALL.iter().copied().find(|k| k.label() == text))
        .or_else(|| KIND_WORDS.iter().find(|(w, _)| text.contains(w)).map(|(_, k)| *k))
}

/// What an import of the parties directory did (or, on a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PartyImport {
    /// The parties added, in sheet order.
    pub added: Vec<String>,
    /// Rows whose name the directory (or an earlier row of the sheet) already holds.
    pub already: u32,
}

/// Reads the parties directory from a sheet staff keep (.xlsx, .xls or .csv, a header
/// with 单位名称 and 类型/联系人/电话/备注) and adds every party not yet in the directory,
/// in one transaction: a sheet with any wrong row saves nothing, and the message names
/// the rows and what to fix. Importing the same sheet again adds nothing.
pub async fn import(
    store: &Store,
    actor: &Actor,
    file: &crate::ledger::LedgerFile,
    dry_run: bool,
) -> Result<PartyImport> {
    use stationdesk_model::ledger::directory::{find_party_header, party_row};
    actor.require(Action::Import)?;
    let sheet = crate::ledger::read_sheet(file)?;
    let Some(mapping) = find_party_header(&sheet.rows) else {
        return Err(CoreError::invalid(
            "file",
            format!(
                "在“{}”的前 {} 行里找不到相关方名录的表头：表头应有“单位名称”（或“名称”）和类型、联系人、电话中的至少一项",
                stationdesk_model::input::excerpt(&file.name),
                stationdesk_model::ledger::HEADER_SEARCH_ROWS
            ),
        ));
    };
    let mut inputs = Vec::new();
    let mut refused: Vec<String> = Vec::new();
    for (row, cells) in sheet.rows.iter().filter(|(n, _)| *n > mapping.header_row) {
        let Some(r) = party_row(*row, cells, &mapping) else { continue };
        let Some(kind) = kind_from_text(&r.kind) else {
            refused.push(format!(
                "第 {} 行：类型“{}”不认识，可填 {}",
                r.row,
                stationdesk_model::input::excerpt(&r.kind),
                PartyKind::labels()
            ));
            continue;
        };
        let input = PartyInput {
            id: None,
            kind,
            name: r.name,
            contact_person: Some(r.contact_person),
            phone: Some(r.phone),
            note: Some(r.note),
            active: true,
        };
        match validate(&input) {
            Ok(valid) => inputs.push(valid),
            Err(CoreError::Invalid(errors)) => {
                refused.extend(errors.into_iter().map(|e| format!("第 {} 行：{}", r.row, e.message)));
            }
            Err(e) => return Err(e),
        }
    }
    if !refused.is_empty() {
        let rows = refused.len();
        let mut errors: Vec<FieldError> = refused.into_iter().take(5).map(|m| FieldError::new("file", m)).collect();
        errors.push(FieldError::new("file", format!("共 {rows} 处有误，整个名录未导入任何一行：请改正后重新导入")));
        return Err(CoreError::Invalid(errors));
    }
    let mut known: std::collections::HashSet<String> =
        store.parties(actor.station_id).await?.into_iter().map(|p| p.name).collect();
    let before = inputs.len();
    inputs.retain(|p| known.insert(p.name.clone()));
    let report = PartyImport {
        added: inputs.iter().map(|p| p.name.clone()).collect(),
        already: u32::try_from(before - inputs.len()).unwrap_or(u32::MAX),
    };
    if !dry_run && !inputs.is_empty() {
        // Each is checked again against the directory inside the transaction.
        let mut w = store.begin_write(actor).await?;
        for input in &inputs {
            w.save_party(input).await?;
        }
        w.commit().await?;
    }
    Ok(report)
}

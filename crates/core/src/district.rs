//! The street office's (街道) view over a district's shared server: every station's
//! counts and three rates for a period, side by side and ranked, their months for the
//! trend, and a station's register to look into. Read-only, and never a resident's full
//! phone number: the register masks phones, and a case opened from here is masked too.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::cases::{self, CaseDetail, CaseQuery, CaseRow, Page, mask_phone};
use crate::error::{CoreError, Result};
use crate::rates::{self, Breakdown, Figures, RateQuery};
use crate::schedule::counts;
use crate::station::Station;
use crate::store::Store;
use stationdesk_model::roles::Role;

/// One station's line in the district table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct StationLine {
    /// 1 for the best; stations equal on all three rates share a rank.
    pub rank: u32,
    pub station: Station,
    pub figures: Figures,
    /// Events and meetings held and errands done in the period.
    pub services: u32,
    pub person_times: u32,
    /// The station's figures month by month (`2026-07`), for the trend.
    pub by_month: Vec<Breakdown>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DistrictDashboard {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Every station, best first (see [`RANKING_RULE`]).
    pub stations: Vec<StationLine>,
    /// The district as a whole: counts summed, rates over the sums.
    pub total: Figures,
    pub by_month: Vec<Breakdown>,
    /// [`RANKING_RULE`], for the table header's tooltip.
    pub ranking_rule: String,
}

/// How the table is ranked, as its header's tooltip says it.
pub const RANKING_RULE: &str =
    "排名：先比满意率，相同再比解决率，再比响应率；期间没有回访或受理的服务站排在后面，三率都相同的并列";

/// Orders stations by the ranking rule and numbers them (ties share a rank).
fn rank(lines: &mut [StationLine]) {
    let key = |f: &Figures| {
        let r = |x: Option<f64>| x.map_or(-1.0, |v| (v * 10_000.0).round());
        (r(f.satisfaction_rate), r(f.resolution_rate), r(f.response_rate))
    };
    lines.sort_by(|a, b| {
        key(&b.figures)
            .partial_cmp(&key(&a.figures))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.station.code.cmp(&b.station.code))
    });
    let mut previous: Option<((f64, f64, f64), u32)> = None;
    for (i, line) in lines.iter_mut().enumerate() {
        let k = key(&line.figures);
        line.rank = match previous {
            Some((pk, pr)) if pk == k => pr,
            _ => i as u32 + 1,
        };
        previous = Some((k, line.rank));
    }
}

/// How many stations' service counts are gathered at once: each station's calendar is
/// read and its recurrences expanded apart, mostly waiting on the server, so a few run
/// side by side on the pool's connections (8).
const STATIONS_AT_ONCE: usize = 5;

type Partials = BTreeMap<(String, i64, i64), rates::Partial>;

/// The district dashboard for a period (default: this year so far). The rates' tables are
/// read once for all stations (one query per table, grouped by station), then each
/// station's line is folded from its share exactly as its own report folds it.
pub async fn dashboard(store: &Store, q: &RateQuery) -> Result<DistrictDashboard> {
    let (from, to, _, _) = rates::bounds(q, store.now())?;
    let stations = store.stations().await?;
    // The rates and the service counts read different tables: both at once.
    let ((_, _, partials), services) =
        tokio::try_join!(rates::district_partials(store, q), station_services(store, &stations, from, to))?;
    let mut by_station: BTreeMap<i64, Partials> = BTreeMap::new();
    let mut all: Partials = BTreeMap::new();
    for ((month, station, _), p) in partials {
        // Categories and assignees are each station's own: the district sums by month.
        all.entry((month.clone(), 0, 0)).or_default().add(&p);
        by_station.entry(station).or_default().entry((month, 0, 0)).or_default().add(&p);
    }
    let none = BTreeMap::new();
    let mut lines: Vec<StationLine> = stations
        .into_iter()
        .zip(services)
        .map(|(station, services)| {
            let partials = by_station.get(&station.id).unwrap_or(&none);
            let report = rates::fold(from, to, partials, &BTreeMap::new(), &BTreeMap::new());
            StationLine {
                rank: 0,
                station,
                figures: report.total,
                services: services.services,
                person_times: services.person_times,
                by_month: report.by_month,
            }
        })
        .collect();
    rank(&mut lines);
    let district = rates::fold(from, to, &all, &BTreeMap::new(), &BTreeMap::new());
    Ok(DistrictDashboard {
        from,
        to,
        stations: lines,
        total: district.total,
        by_month: district.by_month,
        ranking_rule: RANKING_RULE.to_owned(),
    })
}

/// Every station's service counts for the period, in the stations' order.
async fn station_services(
    store: &Store,
    stations: &[Station],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<counts::ServiceCounts>> {
    let mut services = Vec::with_capacity(stations.len());
    for batch in stations.chunks(STATIONS_AT_ONCE) {
        let mut set = tokio::task::JoinSet::new();
        for (i, station) in batch.iter().enumerate() {
            let (store, id) = (store.clone(), station.id);
            set.spawn(async move { (i, counts::services(&store, id, from, to).await) });
        }
        let mut done = set.join_all().await;
        done.sort_by_key(|(i, _)| *i);
        for (_, counted) in done {
            services.push(counted?);
        }
    }
    Ok(services)
}

/// Moves a station's SQLite file onto the district's server (`to` opened with the
/// administrator's login), under the station's new server login: every record, audit row
/// and attachment, in one server transaction, then each table counted and checksummed on
/// both sides. Run again after an interruption, it copies everything afresh (nothing of
/// the interrupted run was kept); after a finished move it only checks. The file is only read.
pub async fn move_station(
    from: &Store,
    to: &Store,
    login: &crate::station::StationLogin,
    progress: &mut (dyn FnMut(crate::store::MoveStep) + Send),
) -> Result<crate::store::MoveReport> {
    if from.is_postgres() {
        return Err(CoreError::invalid("from", "要搬迁的应是本机的 SQLite 数据库文件（--from sqlite:路径）"));
    }
    if !to.is_postgres() {
        return Err(CoreError::invalid("to", "搬迁的目标应是街道服务器（--to postgres://…）"));
    }
    crate::store::move_station(from, to, login, progress).await
}

/// A station's register as the street office sees it: read-only, phones masked.
pub async fn station_register(store: &Store, station_id: i64, query: &CaseQuery) -> Result<Page<CaseRow>> {
    if !store.stations().await?.iter().any(|s| s.id == station_id) {
        return Err(CoreError::NotFound(format!("找不到编号为 {station_id} 的服务站")));
    }
    // The street office reads the 小区, never the household (roles::sees_households).
    Ok(cases::list(store, station_id, query).await?.map_items(|r| r.for_reader(Role::District)))
}

/// A case opened from a station's register: the resident's phone masked, on the case and
/// in its history (the record of its intake, and of any change of number, names it too).
/// The merged timeline (the repeats' steps too) is masked the same way. The address keeps
/// its 小区 and public place only; an address an older version wrote into the history in
/// clear reads 已修改.
pub async fn station_case(store: &Store, station_id: i64, id: i64) -> Result<CaseDetail> {
    let mut detail = cases::detail(store, station_id, id).await?.for_reader(Role::District);
    let entries = detail.history.iter_mut().chain(detail.timeline.iter_mut().map(|t| &mut t.entry));
    for entry in entries.filter(|e| e.entity == "case") {
        for change in entry.changes.iter_mut().filter(|c| c.field == "phone") {
            change.before = change.before.as_deref().map(mask_phone);
            change.after = change.after.as_deref().map(mask_phone);
        }
        for change in entry.changes.iter_mut().filter(|c| c.field == "address" && !c.redacted) {
            change.before = None;
            change.after = None;
            change.redacted = true;
        }
    }
    Ok(detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(code: &str, satisfaction: Option<f64>, resolution: Option<f64>, response: Option<f64>) -> StationLine {
        StationLine {
            rank: 0,
            station: Station {
                id: 0,
                code: code.to_owned(),
                name: code.to_owned(),
                phone: None,
                poster_link: None,
                idle_lock_minutes: 0,
            },
            figures: Figures {
                satisfaction_rate: satisfaction,
                resolution_rate: resolution,
                response_rate: response,
                ..Figures::default()
            },
            services: 0,
            person_times: 0,
            by_month: Vec::new(),
        }
    }

    #[test]
    fn stations_rank_by_satisfaction_then_resolution_then_response_and_ties_share() {
        let mut lines = vec![
            line("RA", Some(0.9), Some(0.8), Some(0.7)),
            line("RB", Some(0.95), Some(0.5), Some(0.5)),
            line("RC", Some(0.9), Some(0.8), Some(0.7)),
            line("RD", None, None, None),
            line("RE", Some(0.9), Some(0.85), Some(0.1)),
        ];
        rank(&mut lines);
        let order: Vec<(&str, u32)> = lines.iter().map(|l| (l.station.code.as_str(), l.rank)).collect();
        assert_eq!(order, [("RB", 1), ("RE", 2), ("RA", 3), ("RC", 3), ("RD", 5)]);
    }
}

//! `AppCtx`: the state every command receives — the open store, this database's station
//! and the staff member on duty. Built in `setup`, managed by Tauri, closed on exit.

use std::sync::RwLock;

use serde::Serialize;
use stationdesk_core::station::{self, Staff, Station};
use stationdesk_core::{Actor, Store};

use crate::error::{AppError, AppResult};

#[derive(Debug)]
pub struct AppCtx {
    /// The open store, or why it could not be opened: the window then shows the reason
    /// instead of the program vanishing on a double-click.
    store: Result<Store, String>,
    location: String,
    station: RwLock<Option<Station>>,
    on_duty: RwLock<Option<Actor>>,
}

/// What the window needs to decide between first-run setup, the staff picker and work.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppState {
    pub station: Option<Station>,
    pub staff: Vec<Staff>,
    pub current_staff: Option<Staff>,
    pub db_location: String,
}

impl AppCtx {
    pub async fn new(store: Store) -> Self {
        let location = store.location().describe();
        match station::current_opt(&store).await {
            Ok(station) => {
                Self { store: Ok(store), location, station: RwLock::new(station), on_duty: RwLock::new(None) }
            }
            Err(e) => Self::unavailable(location, e.user_message()),
        }
    }

    /// A context whose database could not be opened; every command reports why.
    pub fn unavailable(location: String, reason: String) -> Self {
        Self { store: Err(reason), location, station: RwLock::new(None), on_duty: RwLock::new(None) }
    }

    pub fn store(&self) -> AppResult<&Store> {
        self.store.as_ref().map_err(|reason| {
            AppError::new("database_unavailable", &format!("无法打开数据库（{}）：{reason}", self.location))
        })
    }

    /// Closes the store on exit, folding the WAL back into the file.
    pub async fn close(&self) {
        if let Ok(store) = &self.store {
            store.close().await;
        }
    }

    pub fn station(&self) -> AppResult<Station> {
        self.station.read().ok().and_then(|s| s.clone()).ok_or_else(|| AppError::from(station::not_initialized()))
    }

    pub fn station_id(&self) -> AppResult<i64> {
        self.station().map(|s| s.id)
    }

    pub fn actor(&self) -> AppResult<Actor> {
        self.on_duty
            .read()
            .ok()
            .and_then(|a| a.clone())
            .ok_or_else(|| AppError::new("no_staff", "请先选择当班工作人员"))
    }

    pub fn set_station(&self, station: Station) {
        if let Ok(mut s) = self.station.write() {
            *s = Some(station);
        }
    }

    pub fn set_on_duty(&self, actor: Actor) {
        if let Ok(mut a) = self.on_duty.write() {
            *a = Some(actor);
        }
    }

    pub async fn state(&self) -> AppResult<AppState> {
        let station = self.station().ok();
        let store = self.store()?;
        let staff = match &station {
            Some(s) => station::staff(store, s.id).await?,
            None => Vec::new(),
        };
        let current_staff = self.actor().ok().and_then(|a| staff.iter().find(|s| Some(s.id) == a.staff_id).cloned());
        Ok(AppState { station, staff, current_staff, db_location: self.location.clone() })
    }
}

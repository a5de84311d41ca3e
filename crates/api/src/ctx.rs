//! `AppCtx`: the state every command receives — the open store, this database's station,
//! the staff member on duty and the last rendered PDFs. Built once by each front door (the
//! desktop shell's `setup`, the dev server's `main`) and closed on exit.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, RwLock};

use serde::Serialize;
use stationdesk_core::holidays::HolidayFile;
use stationdesk_core::ledger::LedgerFile;
use stationdesk_core::roles::Action;
use stationdesk_core::settings_file::PickedSettings;
use stationdesk_core::station::{self, Staff, Station};
use stationdesk_core::{Actor, ErrorCode, Store, accounts, backup, notices};

use crate::error::{AppError, AppResult};

#[derive(Debug)]
pub struct AppCtx {
    /// The open store, or why it could not be opened: the window then shows the reason
    /// instead of the program vanishing on a double-click. Replaced when the window
    /// connects to a district server (first start, or after moving the station there) and
    /// after a restore.
    store: RwLock<Result<Store, String>>,
    location: RwLock<String>,
    /// The copy made before this start's upgrade, for 设置 → 备份与恢复.
    upgrade_copy: RwLock<Option<String>>,
    station: RwLock<Option<Station>>,
    on_duty: RwLock<Option<Actor>>,
    /// The idle lock: the person on duty stays logged in, but no command acts for them
    /// until `unlock` has checked their password again.
    locked: std::sync::atomic::AtomicBool,
    /// The last few rendered PDFs, by id: the window previews, saves or prints them without
    /// the bytes travelling back and forth.
    pdfs: Mutex<KeptPdfs>,
    /// The end-to-end tests' idle lock in seconds (the desktop shell's
    /// `STATIONDESK_TEST_IDLE_SECONDS`): it can only make the lock come sooner.
    idle_test_seconds: std::sync::OnceLock<u32>,
    /// The ledger file the worker picked (台账导入): previewed with corrections, then
    /// imported, without its bytes or path travelling through the window.
    ledger: Mutex<Option<Arc<LedgerFile>>>,
    /// The holiday schedule file the worker picked (设置 → 节假日): previewed, then imported.
    holiday_file: Mutex<Option<Arc<HolidayFile>>>,
    /// The parties directory sheet the worker picked (设置 → 相关方名录): previewed, then imported.
    party_sheet: Mutex<Option<Arc<LedgerFile>>>,
    /// The sign-up roster the worker picked (活动 → 从表格导入报名): previewed, then imported.
    roster_sheet: Mutex<Option<Arc<LedgerFile>>>,
    /// The settings file the worker picked (首次设置 or 设置 → 设置文件): shown, then imported.
    settings_file: Mutex<Option<Arc<PickedSettings>>>,
}

/// How many rendered notices are kept (a batch of 24 copies is ~1 MB).
const KEPT_PDFS: usize = 8;

#[derive(Debug, Default)]
struct KeptPdfs {
    next_id: u32,
    kept: VecDeque<KeptPdf>,
}

/// A rendered notice kept for the window, with what a print of it is recorded against.
#[derive(Debug)]
struct KeptPdf {
    id: u32,
    file_name: String,
    pdf: Arc<Vec<u8>>,
    pages: u32,
    source: notices::PrintSource,
}

/// A rendered notice as the window gets it: `id` asks for its bytes (`notice_pdf`),
/// saves it (`save_notice_pdf`) or opens it for printing (`open_notice_pdf`); a print of it
/// is recorded with `record_notice_print`.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PrintedNotice {
    pub id: u32,
    /// `受理回执-RA-2026-0001.pdf`.
    pub file_name: String,
    pub pages: u32,
    /// Characters no bundled font has, printed as □ (e.g. an emoji), one line each.
    pub warnings: Vec<String>,
}

/// What the window needs to decide between first-run setup, the login screen and work.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppState {
    pub station: Option<Station>,
    /// The station's staff (for 承办人 lists); empty until someone has logged in.
    pub staff: Vec<Staff>,
    /// Who is logged in; none shows the login screen.
    pub current_staff: Option<Staff>,
    /// What the logged-in role may do (the core's permission table): the window shows only that.
    pub allowed: Vec<Action>,
    /// No 站长 can log in yet (upgraded from 0.1.0, or a station added on a district server):
    /// the window asks once for the 站长's password (为站长设置密码) instead of the login.
    pub needs_head_password: bool,
    /// The idle lock: seconds without a key press or mouse move before the window locks
    /// over the page; 0 never. The station's minutes (设置 → 账号).
    pub idle_lock_seconds: u32,
    /// The window is locked (idle) over the page of `current_staff`: only 解锁 or 退出登录.
    pub locked: bool,
    pub db_location: String,
    /// Connected with a street-office (街道) login to a district server: the window shows
    /// the district dashboard, read-only, instead of a station's desk.
    pub district: bool,
}

impl AppCtx {
    pub async fn new(store: Store) -> Self {
        let location = store.location().describe();
        match station::current_opt(&store).await {
            Ok(station) => Self {
                store: RwLock::new(Ok(store)),
                location: RwLock::new(location),
                upgrade_copy: RwLock::new(None),
                station: RwLock::new(station),
                on_duty: RwLock::new(None),
                locked: std::sync::atomic::AtomicBool::new(false),
                pdfs: Mutex::default(),
                idle_test_seconds: std::sync::OnceLock::new(),
                ledger: Mutex::default(),
                holiday_file: Mutex::default(),
                party_sheet: Mutex::default(),
                roster_sheet: Mutex::default(),
                settings_file: Mutex::default(),
            },
            Err(e) => Self::unavailable(location, e.user_message()),
        }
    }

    /// A context whose database could not be opened; every command reports why.
    pub fn unavailable(location: String, reason: String) -> Self {
        Self {
            store: RwLock::new(Err(reason)),
            location: RwLock::new(location),
            upgrade_copy: RwLock::new(None),
            station: RwLock::new(None),
            on_duty: RwLock::new(None),
            locked: std::sync::atomic::AtomicBool::new(false),
            pdfs: Mutex::default(),
            idle_test_seconds: std::sync::OnceLock::new(),
            ledger: Mutex::default(),
            holiday_file: Mutex::default(),
            party_sheet: Mutex::default(),
            roster_sheet: Mutex::default(),
            settings_file: Mutex::default(),
        }
    }

    /// The open store (a handle on its pool, cheap to clone).
    pub fn store(&self) -> AppResult<Store> {
        let store = self.store.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        store.clone().map_err(|reason| {
            AppError::new(ErrorCode::DatabaseUnavailable, format!("无法打开数据库（{}）：{reason}", self.location()))
        })
    }

    fn location(&self) -> String {
        self.location.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Closes the store on exit, folding the WAL back into the file.
    pub async fn close(&self) {
        if let Ok(store) = self.store() {
            store.close().await;
        }
    }

    /// Remembers where the pre-upgrade copy of this start went.
    pub fn set_upgrade_copy(&self, path: String) {
        if let Ok(mut c) = self.upgrade_copy.write() {
            *c = Some(path);
        }
    }

    pub fn upgrade_copy(&self) -> Option<String> {
        self.upgrade_copy.read().ok().and_then(|c| c.clone())
    }

    /// Restores a backup: the core checks it, backs up the current database and swaps the
    /// file in with the store closed; then the database is opened again (restored, or as
    /// it was if the swap failed) and the station and the staff on duty read from it.
    pub async fn restore_backup(&self, name: &str) -> AppResult<backup::Restored> {
        let store = self.store()?;
        let location = store.location().clone();
        let restored = backup::restore(&store, name).await;
        if store.is_closed() {
            let reopened = match Store::open(&location).await {
                Ok((store, _)) => Ok(store),
                Err(e) => Err(e.user_message()),
            };
            if let Ok(store) = &reopened {
                let station = station::current_opt(store).await.ok().flatten();
                let on_duty = match (&station, self.actor().ok()) {
                    (Some(st), Some(a)) => station::actor_for(store, st, &a.staff_name).await.ok(),
                    _ => None,
                };
                if let (Ok(done), Some(actor)) = (&restored, &on_duty)
                    && let Err(e) = backup::record_restore(store, actor, done).await
                {
                    eprintln!("恢复已完成，但未能记入操作记录：{}", e.user_message());
                }
                if let Ok(mut s) = self.station.write() {
                    *s = station;
                }
                if let Ok(mut a) = self.on_duty.write() {
                    *a = on_duty;
                }
            }
            if let Ok(mut s) = self.store.write() {
                *s = reopened;
            }
        }
        Ok(restored?)
    }

    /// Goes on with another database (a district server just connected to): its station,
    /// and the staff member on duty by name if there is one (a moved station has its staff
    /// under new ids). The old store is closed.
    pub async fn switch_to(&self, store: Store) -> AppResult<()> {
        let station = station::current_opt(&store).await?;
        let on_duty = match (&station, self.actor()) {
            (Some(s), Ok(actor)) if !store.is_district() => station::actor_for(&store, s, &actor.staff_name).await.ok(),
            _ => None,
        };
        let location = store.location().describe();
        let old = {
            let mut slot = self.store.write().unwrap_or_else(std::sync::PoisonError::into_inner);
            std::mem::replace(&mut *slot, Ok(store))
        };
        *self.location.write().unwrap_or_else(std::sync::PoisonError::into_inner) = location;
        *self.station.write().unwrap_or_else(std::sync::PoisonError::into_inner) = station;
        *self.on_duty.write().unwrap_or_else(std::sync::PoisonError::into_inner) = on_duty;
        if let Ok(old) = old {
            old.close().await;
        }
        Ok(())
    }

    pub fn station(&self) -> AppResult<Station> {
        self.station.read().ok().and_then(|s| s.clone()).ok_or_else(|| AppError::from(station::not_initialized()))
    }

    pub fn station_id(&self) -> AppResult<i64> {
        self.station().map(|s| s.id)
    }

    /// The station's id for a read, once the core's permission table allows the role on
    /// duty `action` (the read services take the station, not the actor).
    pub fn reading(&self, action: Action) -> AppResult<i64> {
        self.actor()?.require(action)?;
        self.station_id()
    }

    /// As [`Self::reading`], with the reader's role: what a read answers may depend on it
    /// (`Case::for_reader`: households only for roles that see them).
    pub fn reader(&self, action: Action) -> AppResult<(i64, stationdesk_core::roles::Role)> {
        let actor = self.actor()?;
        actor.require(action)?;
        Ok((self.station_id()?, actor.role))
    }

    /// Choosing the database: open to the first start (no station yet, nobody to log in),
    /// and afterwards only to a logged-in role the core's table allows `action`.
    pub fn require_once_set_up(&self, action: Action) -> AppResult<()> {
        if self.station().is_err() {
            return Ok(());
        }
        Ok(self.actor()?.require(action)?)
    }

    /// The person on duty, for every command acting for them; refused while the window is
    /// locked.
    pub fn actor(&self) -> AppResult<Actor> {
        if self.is_locked() {
            return Err(AppError::new(ErrorCode::NoStaff, "工作台已锁定：请先输入密码解锁"));
        }
        self.on_duty_even_if_locked()
    }

    /// Who is logged in, locked or not (解锁 and the app state need it).
    pub fn on_duty_even_if_locked(&self) -> AppResult<Actor> {
        self.on_duty.read().ok().and_then(|a| a.clone()).ok_or_else(|| AppError::new(ErrorCode::NoStaff, "请先登录"))
    }

    fn is_locked(&self) -> bool {
        self.locked.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The idle lock: nothing acts for the person on duty until `set_on_duty` (解锁 or a
    /// new login) or `log_out`.
    pub fn lock(&self) {
        if self.on_duty_even_if_locked().is_ok() {
            self.locked.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }

    pub fn set_station(&self, station: Station) {
        if let Ok(mut s) = self.station.write() {
            *s = Some(station);
        }
    }

    /// Puts a logged-in person on duty (the login screen, first start; the dev server's
    /// demo mode).
    pub fn set_on_duty(&self, actor: Actor) {
        if let Ok(mut a) = self.on_duty.write() {
            *a = Some(actor);
        }
        self.locked.store(false, std::sync::atomic::Ordering::SeqCst);
    }

    /// The end-to-end tests' short idle lock (`STATIONDESK_TEST_IDLE_SECONDS`, read by the
    /// desktop shell only); never longer than the station's own.
    pub fn set_idle_test_seconds(&self, seconds: u32) {
        let _ = self.idle_test_seconds.set(seconds.max(1));
    }

    /// 退出登录: nobody is on duty until the next login.
    pub fn log_out(&self) {
        if let Ok(mut a) = self.on_duty.write() {
            *a = None;
        }
        self.locked.store(false, std::sync::atomic::Ordering::SeqCst);
    }

    /// Keeps the ledger file just picked, replacing an earlier one.
    pub fn keep_ledger(&self, file: LedgerFile) -> Arc<LedgerFile> {
        let file = Arc::new(file);
        *self.ledger.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(file.clone());
        file
    }

    /// The ledger file picked last, or what to do when there is none.
    pub fn ledger(&self) -> AppResult<Arc<LedgerFile>> {
        self.ledger
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
            .ok_or_else(|| AppError::new(ErrorCode::NotFound, "请先点“选择台账文件”选择要导入的台账"))
    }

    /// Keeps the holiday schedule file just picked, replacing an earlier one.
    pub fn keep_holiday_file(&self, file: HolidayFile) -> Arc<HolidayFile> {
        let file = Arc::new(file);
        *self.holiday_file.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(file.clone());
        file
    }

    /// The holiday schedule file picked last, or what to do when there is none.
    pub fn holiday_file(&self) -> AppResult<Arc<HolidayFile>> {
        self.holiday_file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
            .ok_or_else(|| AppError::new(ErrorCode::NotFound, "请先点“导入节假日安排”选择节假日安排文件"))
    }

    /// Keeps the parties directory sheet just picked, replacing an earlier one.
    pub fn keep_party_sheet(&self, file: LedgerFile) -> Arc<LedgerFile> {
        let file = Arc::new(file);
        *self.party_sheet.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(file.clone());
        file
    }

    /// The parties directory sheet picked last, or what to do when there is none.
    pub fn party_sheet(&self) -> AppResult<Arc<LedgerFile>> {
        self.party_sheet
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
            .ok_or_else(|| AppError::new(ErrorCode::NotFound, "请先点“从表格导入”选择相关方名录文件"))
    }

    /// Keeps the sign-up roster just picked, replacing an earlier one.
    pub fn keep_roster_sheet(&self, file: LedgerFile) -> Arc<LedgerFile> {
        let file = Arc::new(file);
        *self.roster_sheet.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(file.clone());
        file
    }

    /// The sign-up roster picked last, or what to do when there is none.
    pub fn roster_sheet(&self) -> AppResult<Arc<LedgerFile>> {
        self.roster_sheet
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
            .ok_or_else(|| AppError::new(ErrorCode::NotFound, "请先点“从表格导入报名”选择报名名单"))
    }

    /// Keeps the settings file just picked, replacing an earlier one.
    pub fn keep_settings_file(&self, file: PickedSettings) -> Arc<PickedSettings> {
        let file = Arc::new(file);
        *self.settings_file.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(file.clone());
        file
    }

    /// The settings file picked last, or what to do when there is none.
    pub fn settings_file(&self) -> AppResult<Arc<PickedSettings>> {
        self.settings_file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
            .ok_or_else(|| AppError::new(ErrorCode::NotFound, "请先点“从另一台电脑导入设置”选择设置文件"))
    }

    /// Forgets the settings file once it is imported (or the worker chose not to).
    pub fn forget_settings_file(&self) {
        *self.settings_file.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }

    /// Forgets the sign-up roster once it is imported.
    pub fn forget_roster_sheet(&self) {
        *self.roster_sheet.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }

    /// Forgets the parties directory sheet once it is imported.
    pub fn forget_party_sheet(&self) {
        *self.party_sheet.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }

    /// Forgets the holiday schedule file once it is imported.
    pub fn forget_holiday_file(&self) {
        *self.holiday_file.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }

    /// Forgets the ledger file once it is imported.
    pub fn forget_ledger(&self) {
        *self.ledger.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }

    /// Keeps a rendered notice's bytes (dropping the oldest beyond a few) and returns what
    /// the window is told about it.
    pub fn keep_pdf(&self, printed: notices::PrintedNotice) -> PrintedNotice {
        let mut pdfs = self.pdfs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        pdfs.next_id = pdfs.next_id.wrapping_add(1);
        let id = pdfs.next_id;
        if pdfs.kept.len() >= KEPT_PDFS {
            pdfs.kept.pop_front();
        }
        pdfs.kept.push_back(KeptPdf {
            id,
            file_name: printed.file_name.clone(),
            pdf: Arc::new(printed.pdf),
            pages: printed.pages,
            source: printed.source,
        });
        PrintedNotice { id, file_name: printed.file_name, pages: printed.pages, warnings: printed.warnings }
    }

    fn kept<T>(&self, id: u32, f: impl FnOnce(&KeptPdf) -> T) -> AppResult<T> {
        let pdfs = self.pdfs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        pdfs.kept.iter().find(|k| k.id == id).map(f).ok_or_else(|| {
            AppError::new(ErrorCode::NotFound, "这份通知已不在内存中（只保留最近生成的几份），请重新生成后再操作")
        })
    }

    /// A kept notice's file name and bytes.
    pub fn pdf(&self, id: u32) -> AppResult<(String, Arc<Vec<u8>>)> {
        self.kept(id, |k| (k.file_name.clone(), Arc::clone(&k.pdf)))
    }

    /// What a kept notice was made from and its pages, to record a print of it.
    pub fn print_source(&self, id: u32) -> AppResult<(notices::PrintSource, u32)> {
        self.kept(id, |k| (k.source.clone(), k.pages))
    }

    pub async fn state(&self) -> AppResult<AppState> {
        let station = self.station().ok();
        let store = self.store()?;
        let actor = self.on_duty_even_if_locked().ok();
        let staff = match (&station, &actor) {
            (Some(s), Some(_)) => station::staff(&store, s.id).await?,
            _ => Vec::new(),
        };
        let current_staff = actor.as_ref().and_then(|a| staff.iter().find(|s| Some(s.id) == a.staff_id).cloned());
        let allowed = actor.as_ref().map(accounts::allowed_actions).unwrap_or_default();
        let needs_head_password = match &station {
            Some(s) if actor.is_none() && !store.is_district() => !accounts::has_head(&store, s.id).await?,
            _ => false,
        };
        let setting = station.as_ref().map_or(0, |s| s.idle_lock_minutes.saturating_mul(60));
        let idle_lock_seconds = match self.idle_test_seconds.get() {
            Some(&test) if setting == 0 || test < setting => test,
            _ => setting,
        };
        Ok(AppState {
            idle_lock_seconds,
            locked: self.is_locked(),
            station,
            staff,
            current_staff,
            allowed,
            needs_head_password,
            db_location: self.location(),
            district: store.is_district(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(n: usize) -> notices::PrintedNotice {
        notices::PrintedNotice {
            file_name: format!("通知-{n}.pdf"),
            pdf: vec![n as u8],
            pages: 1,
            warnings: Vec::new(),
            source: notices::PrintSource::Unrecorded,
        }
    }

    #[test]
    fn only_the_last_few_rendered_pdfs_are_kept() {
        let ctx = AppCtx::unavailable("test".to_owned(), "no store".to_owned());
        let ids: Vec<u32> = (0..=KEPT_PDFS).map(|n| ctx.keep_pdf(printed(n)).id).collect();
        let err = ctx.pdf(ids[0]).unwrap_err();
        assert_eq!(err.code, ErrorCode::NotFound);
        assert!(err.message.contains("请重新生成"), "{}", err.message);
        let (name, bytes) = ctx.pdf(ids[KEPT_PDFS]).unwrap();
        assert_eq!(
            (name.as_str(), bytes.as_slice()),
            (format!("通知-{KEPT_PDFS}.pdf").as_str(), &[KEPT_PDFS as u8][..])
        );
    }

    #[test]
    fn a_locked_session_acts_for_nobody_until_the_next_login() {
        let ctx = AppCtx::unavailable("test".to_owned(), "no store".to_owned());
        let head = Actor {
            station_id: 1,
            staff_id: Some(1),
            staff_name: "赵子坤".to_owned(),
            role: stationdesk_core::roles::Role::Head,
        };
        ctx.lock();
        assert_eq!(ctx.actor().unwrap_err().message, "请先登录", "locking nobody locks nothing");
        ctx.set_on_duty(head.clone());
        ctx.lock();
        let refused = ctx.actor().unwrap_err();
        assert_eq!(refused.code, ErrorCode::NoStaff);
        assert!(refused.message.contains("工作台已锁定"), "{}", refused.message);
        assert_eq!(ctx.on_duty_even_if_locked().unwrap().staff_name, "赵子坤");
        assert!(ctx.require_once_set_up(Action::Settings).is_ok(), "no station yet: the first start may choose");
        ctx.set_on_duty(head);
        assert_eq!(ctx.actor().unwrap().staff_name, "赵子坤", "解锁 (a login) lifts the lock");
        ctx.lock();
        ctx.log_out();
        assert_eq!(ctx.actor().unwrap_err().message, "请先登录");
    }
}

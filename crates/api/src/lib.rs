//! StationDesk's commands without Tauri. `AppCtx` holds the open store, `AppError` is the
//! one error every front door returns, and each command is a plain
//! `async fn name(ctx: &AppCtx, args…) -> AppResult<T>` in `commands::<domain>`.
//!
//! [`with_commands!`] is the one list of them: the desktop shell (`src-tauri`) turns it into
//! Tauri commands and typed bindings, the dev server (`crates/server`) into `POST
//! /invoke/<name>` routes, so no command is written twice.

pub mod bytes;
pub mod commands;
pub mod ctx;
pub mod error;

pub use bytes::Bytes;
pub use ctx::{AppCtx, AppState, PrintedNotice};
pub use error::{AppError, AppResult};

/// The types the command list names, for the code its callbacks generate.
pub mod prelude {
    pub use crate::commands::cases::RateFormulas;
    pub use crate::commands::notices::NoticeProgress;
    pub use crate::{AppCtx, AppError, AppResult, AppState, Bytes, PrintedNotice};
    pub use chrono::{DateTime, Utc};
    pub use stationdesk_core::NaiveDate;
    pub use stationdesk_core::accounts::NewAccount;
    pub use stationdesk_core::attachments::{Attachment, AttachmentKind};
    pub use stationdesk_core::audit::AuditStatus;
    pub use stationdesk_core::audit_log::{AuditPage, AuditQuery};
    pub use stationdesk_core::backup::{BackupStatus, Generation, Restored};
    pub use stationdesk_core::cases::{Case, CaseDetail, CaseQuery, CaseRow, NewCase, Page, SimilarCase, SimilarQuery};
    pub use stationdesk_core::database_choice::{DatabaseHealth, MoveTarget, ServerAddress, ServerCheck};
    pub use stationdesk_core::deadlines::{CalendarDay, DayKind, Limits, TimeLimit, Urgency};
    pub use stationdesk_core::district::DistrictDashboard;
    pub use stationdesk_core::holidays::{HolidayCoverage, HolidayPreview, HolidayYear};
    pub use stationdesk_core::ledger::export::ExportOptions;
    pub use stationdesk_core::ledger::{ImportOptions, ImportPreview, ImportProgress, ImportReport};
    pub use stationdesk_core::notices::{
        CaseNoticeKind, NoticeFont, NoticeFontRole, NoticeForm, NoticeKind, NoticeTemplate,
    };
    pub use stationdesk_core::open311::{Open311Format, Open311Kind};
    pub use stationdesk_core::parties::{Party, PartyImport, PartyInput};
    pub use stationdesk_core::personal_data::ResidentRecords;
    pub use stationdesk_core::prints::{NoticePrint, NoticePrintDetail, NoticePrintPage, NoticePrintQuery, PrintVia};
    pub use stationdesk_core::rates::{RateQuery, RatesReport};
    pub use stationdesk_core::report::DistrictReport;
    pub use stationdesk_core::report::{ReportPeriod, TypicalCase, WorkReport};
    pub use stationdesk_core::retention::{RetentionCounts, RetentionSettings, RetentionStatus};
    pub use stationdesk_core::roles::Action;
    pub use stationdesk_core::schedule::EditScope;
    pub use stationdesk_core::schedule::calendar::{CalendarItem, CalendarQuery, DayAgenda};
    pub use stationdesk_core::schedule::counts::ServiceCounts;
    pub use stationdesk_core::schedule::errands::{Errand, ErrandInput, ErrandQuery, ErrandType};
    pub use stationdesk_core::schedule::events::{
        Event, EventEdit, EventInput, EventSaved, OccurrenceDetail, ServedInput, Signup, SignupCancelled, SignupInput,
        WalkIn, WalkInInput,
    };
    pub use stationdesk_core::schedule::meetings::{
        Meeting, MeetingInput, MeetingOutcome, MeetingQuery, MeetingRow, MeetingSaved,
    };
    pub use stationdesk_core::schedule::roster::RosterImport;
    pub use stationdesk_core::settings_file::SettingsSummary;
    pub use stationdesk_core::station::Staff;
    pub use stationdesk_core::station::{Category, StationDetails};
    pub use stationdesk_core::store::{MoveReport, MoveStep};
    pub use stationdesk_core::updates::{UpdateCheck, UpdateSource};
    pub use stationdesk_core::workflow::{CaseHandling, NewFollowUp, NewSurvey, TransitionRequest};
}

/// Every command, once: `with_commands!(callback)` calls `callback! { … }` with
///
/// - `json`: `module::name(arg: Type, …) -> Ret;` answered as JSON (its doc comment is the
///   one the TypeScript bindings show),
/// - `bytes`: `module::name(arg: Type, …);` answered as raw bytes ([`Bytes`]),
/// - `progress`: `module::name(arg: Type, …) -> Ret, Progress;` whose fn takes a last
///   `&mut dyn FnMut(Progress)` (a Tauri channel on the desktop, ignored elsewhere),
/// - `desktop`: `name(arg: Type, …) -> Ret;` written in the desktop shell because they show
///   dialogs or open the system viewer; other front doors refuse them.
///
/// Arguments are snake_case here and camelCase on the wire, as Tauri names them.
#[macro_export]
macro_rules! with_commands {
    ($callback:ident) => {
        $callback! {
            json {
                station::app_state() -> AppState;
                /// First-run setup: the station, its first staff member as 站长 with a login (the
                /// name when empty) and a password; then the 站长 is logged in.
                /// With `with_settings`, the settings file picked on the first-start screen is
                /// imported right after (从另一台电脑导入设置).
                station::setup_station(code: String, name: String, staff_name: String, login: String, password: String, with_settings: bool) -> AppState;
                /// 确认导入 (站长): the picked settings file becomes this station's settings, in one
                /// transaction, each change audited; what changed, one line each.
                station::import_settings() -> SettingsSummary;
                /// 不导入: forgets the picked settings file.
                station::forget_settings() -> ();
                /// The login screen: a wrong name or password reads the core's message, and
                /// failures are counted and held back.
                station::log_in(login: String, password: String) -> AppState;
                /// 退出登录: back to the login screen.
                station::log_out() -> AppState;
                /// 为站长设置密码, once, when no 站长 can log in yet (refused once one can, and
                /// unless this PC's user owns the database file); audited.
                station::set_head_password(password: String) -> AppState;
                /// The idle lock's 解锁 with the password of the person on duty.
                station::unlock(password: String) -> AppState;
                /// The idle lock comes on: the core acts for nobody until 解锁 or 退出登录.
                station::lock() -> AppState;
                /// 自动锁定: minutes without a key press or mouse move before the window locks over
                /// the page (0 never, at most 240).
                station::save_idle_lock(minutes: i64) -> AppState;
                /// 设置 → 账号: every account of the station.
                accounts::list_accounts() -> Vec<Staff>;
                /// Adds an account with an initial password.
                accounts::create_account(input: NewAccount) -> Staff;
                /// Sets a new password for someone who forgot theirs.
                accounts::reset_password(staff_id: i64, password: String) -> ();
                /// 停用 / 启用 an account.
                accounts::set_account_disabled(staff_id: i64, disabled: bool) -> Staff;
                /// 修改密码: anyone's own, giving the current one first.
                accounts::change_own_password(current: String, password: String) -> ();
                /// The core's refusal for the role on duty and `action`, for a page the role
                /// may not use that was opened by its URL.
                station::refusal(action: Action) -> String;
                /// Renames the station or sets its phone number (printed on receipts and notices).
                station::update_station(details: StationDetails) -> AppState;
                station::list_categories() -> Vec<Category>;
                station::add_category(name: String) -> Category;
                station::update_category(id: i64, name: String, active: bool) -> Category;
                /// The database this PC opens at start: none for this PC's own file, else the
                /// district server's fields (without the password).
                station::database_choice() -> Option<ServerAddress>;
                /// 测试连接: connects once to a district server, changes nothing, and says what the
                /// login is there (a station, the street office) or, in Chinese, what is wrong.
                station::check_server(address: ServerAddress) -> ServerCheck;
                /// Keeps the choice for the next start: a server (checked first), or none for this
                /// PC's own file; the window asks to restart.
                station::choose_database(server: Option<ServerAddress>) -> Option<ServerAddress>;
                /// 设置 → 软件更新: where this computer looks for the district's new versions, and
                /// this program's version.
                updates::update_source() -> UpdateSource;
                /// Keeps (站长) where this computer looks: a shared folder, a file or an http://
                /// address (checked first); none stops the checks.
                updates::save_update_source(source: Option<String>) -> UpdateSource;
                /// The district's version manifest read now and compared with this version (the
                /// banner after login, 检查更新); none when no place is set. Nothing is installed.
                updates::check_for_update() -> Option<UpdateCheck>;
                /// Whether the database answers now; the window shows a banner while a shared
                /// server does not, and says so when it is back.
                station::database_health() -> DatabaseHealth;
                /// When the last good backup was made and whether to warn (red after 3 days without
                /// one, or when the folder cannot be reached), with the settings in force.
                backup::backup_status() -> BackupStatus;
                /// The audit log's chain checked when the window opens (the rows since the last
                /// clean check); `warning` is the red banner's sentence when a chain is broken.
                audit::audit_status() -> AuditStatus;
                /// 操作记录: a page of the station's audit log, newest first, for these filters
                /// (站长 and 只读).
                audit::list_audit_log(query: AuditQuery) -> AuditPage;
                /// 显示完整号码: a case's resident's full phone number; the look is recorded in
                /// the audit log (站长 and 工作人员; the detail only carries the masked number).
                audit::reveal_case_phone(case_id: i64) -> String;
                /// The backups kept in the station's folder, newest first, with what each holds.
                backup::list_backups() -> Vec<Generation>;
                /// 立即备份: a checked copy of the database and its attachments.
                backup::backup_now() -> Generation;
                /// How many daily and monthly backups to keep.
                backup::save_backup_keep(keep_daily: u32, keep_monthly: u32) -> BackupStatus;
                /// Back to the default folder (`backups/` beside the database).
                backup::default_backup_folder() -> BackupStatus;
                /// What a backup holds, checked through, before the restore is confirmed.
                backup::preview_backup(name: String) -> Generation;
                /// Restores a backup (the current database is backed up first) and goes on with the
                /// restored data.
                backup::restore_backup(name: String) -> Restored;
                /// 设置 → 个人信息保护: the retention settings, what is due now, the last run.
                privacy::retention_status() -> RetentionStatus;
                /// Saves how many years personal data is kept (站长).
                privacy::save_retention(settings: RetentionSettings) -> RetentionStatus;
                /// 立即执行: with `dry_run` only counts what is due, else anonymises it.
                privacy::run_retention(dry_run: bool) -> RetentionCounts;
                /// A resident's records under a phone number (站长; audited without the number).
                privacy::find_personal_data(phone: String) -> ResidentRecords;
                /// Removes who a resident's records were about (refused while a case is open).
                privacy::anonymise_personal_data(phone: String) -> RetentionCounts;
                /// 连接街道服务器 now (first start, 设置 → 数据库): checked as 测试连接 checks, refused
                /// for a login with no station there, kept for the next start; the window goes on
                /// with the station (or the street office) on the server.
                station::connect_server(address: ServerAddress) -> AppState;
                cases::create_case(input: NewCase) -> Case;
                cases::list_cases(query: CaseQuery) -> Page<CaseRow>;
                cases::get_case(id: i64) -> CaseDetail;
                /// 需关注: overdue, due within a day, awaiting follow-up; most pressing first.
                cases::list_attention(page: u32, page_size: u32) -> Page<CaseRow>;
                /// Likely duplicates of a case being typed.
                cases::similar_cases(query: SimilarQuery) -> Vec<SimilarCase>;
                cases::transition_case(id: i64, request: TransitionRequest) -> Case;
                cases::follow_up_case(id: i64, input: NewFollowUp) -> Case;
                cases::add_survey(id: i64, input: NewSurvey) -> Case;
                cases::record_contact(id: i64, note: String) -> Case;
                cases::update_case_handling(id: i64, input: CaseHandling) -> Case;
                cases::list_parties() -> Vec<Party>;
                cases::save_party(input: PartyInput) -> Party;
                /// Imports the picked parties directory sheet: every new party, or nothing.
                cases::import_parties() -> PartyImport;
                cases::link_party(case_id: i64, party_id: i64, role: Option<String>) -> ();
                cases::unlink_party(case_id: i64, party_id: i64) -> ();
                cases::remove_attachment(id: i64) -> ();
                cases::rates_report(query: RateQuery) -> RatesReport;
                /// The rate formulas, word for word as the core computes them, for the tooltips.
                cases::rate_formulas() -> RateFormulas;
                /// The street office's dashboard: every station's counts and three rates, ranked,
                /// with their months for the trend (a station's own login sees only itself).
                district::district_dashboard(query: RateQuery) -> DistrictDashboard;
                /// A station's register as the street office sees it: read-only, phones masked.
                district::district_register(station_id: i64, query: CaseQuery) -> Page<CaseRow>;
                /// A case opened from a station's register: read-only, the phone masked.
                district::district_case(station_id: i64, id: i64) -> CaseDetail;
                /// 街道汇总报告: the district's month or year, every station ranked, signed by `issuer`.
                district::district_report(period: ReportPeriod, issuer: String) -> DistrictReport;
                /// The district report as a PDF, kept like a notice (preview, save, print).
                district::print_district_report(period: ReportPeriod, issuer: String) -> PrintedNotice;
                /// A station's own work report (no typical cases), printed for the street office.
                district::print_station_report(station_id: i64, period: ReportPeriod) -> PrintedNotice;
                cases::list_time_limits() -> Vec<TimeLimit>;
                /// Sets the limits for a category (none: every category) and urgency; `limits` none
                /// goes back to the built-in default.
                cases::save_time_limit(category_id: Option<i64>, urgency: Urgency, limits: Option<Limits>) -> Vec<TimeLimit>;
                /// The official calendar with the station's entries, for a year.
                cases::list_calendar_days(year: i32) -> Vec<CalendarDay>;
                /// Marks a date as a holiday, a make-up working day, or back to the weekday rule.
                cases::save_calendar_day(day: NaiveDate, kind: DayKind, name: String) -> ();
                /// The years the official calendar covers (shipped and imported), and the warning
                /// when this year's, or from 1 November next year's, is missing.
                holidays::holiday_coverage() -> HolidayCoverage;
                /// Imports the picked holiday schedule file: every year in it, or nothing.
                holidays::import_holidays() -> Vec<HolidayYear>;
                notices::list_notice_templates() -> Vec<NoticeTemplate>;
                /// Saves a kind's wording (checked placeholder by placeholder); `body` none resets it.
                notices::save_notice_template(kind: NoticeKind, body: Option<String>) -> NoticeTemplate;
                /// The system fonts the station prefers for its notices, and whether each is found.
                notices::list_notice_fonts() -> Vec<NoticeFont>;
                /// Prefers a system font by family name (`仿宋`) for a role; `choice` none goes back to
                /// the bundled font.
                notices::save_notice_font(role: NoticeFontRole, choice: Option<String>) -> Vec<NoticeFont>;
                /// Renders a case's 受理回执 or 答复函 for its preview; a print of it is recorded in
                /// its history (`record_notice_print`).
                notices::print_case_notice(case_id: i64, kind: CaseNoticeKind) -> PrintedNotice;
                /// Records one print of a rendered notice (打印 pressed, or opened in the system
                /// viewer): in its record's history, or for a notice from the notices page in the
                /// print history (打印记录), whose new row it returns.
                notices::record_notice_print(id: u32, via: PrintVia) -> Option<NoticePrint>;
                /// 打印记录: the notices page's prints, newest first, a page at a time, by title.
                notices::list_notice_prints(query: NoticePrintQuery) -> NoticePrintPage;
                /// One print with the form it was made from, to open it again.
                notices::get_notice_print(id: i64) -> NoticePrintDetail;
                schedule::list_errand_types() -> Vec<ErrandType>;
                schedule::add_errand_type(name: String) -> ErrandType;
                schedule::update_errand_type(id: i64, name: String, active: bool) -> ErrandType;
                schedule::create_errand(input: ErrandInput) -> Errand;
                schedule::list_errands(query: ErrandQuery) -> Vec<Errand>;
                /// Events and meetings in a date range, occurrences expanded, with sign-up counts.
                schedule::list_calendar(query: CalendarQuery) -> Vec<CalendarItem>;
                /// The home page's day.
                schedule::day_agenda(date: NaiveDate) -> DayAgenda;
                schedule::create_event(input: EventInput) -> EventSaved;
                schedule::get_event(id: i64) -> Event;
                /// Edits this occurrence, this and the following ones, or the whole series.
                schedule::edit_event(edit: EventEdit) -> EventSaved;
                schedule::cancel_event(event_id: i64, occurrence_start: Option<DateTime<Utc>>, scope: EditScope) -> Event;
                /// One occurrence with its sign-ups, walk-ins and volunteers' hours.
                schedule::get_occurrence(event_id: i64, occurrence_start: DateTime<Utc>) -> OccurrenceDetail;
                schedule::sign_up(input: SignupInput) -> Signup;
                /// 确认导入 the picked roster: everyone not yet signed up for the occurrence,
                /// or nobody when a row is wrong.
                schedule::import_roster(event_id: i64, occurrence_start: DateTime<Utc>) -> RosterImport;
                /// Cancels a sign-up; the first on the waitlist moves up.
                schedule::cancel_signup(signup_id: i64) -> SignupCancelled;
                schedule::check_in(signup_id: i64) -> Signup;
                schedule::walk_in(input: WalkInInput) -> WalkIn;
                /// 受益人次 and volunteers' hours of one occurrence.
                schedule::record_served(input: ServedInput) -> OccurrenceDetail;
                schedule::print_event_notice(event_id: i64, occurrence_start: DateTime<Utc>) -> PrintedNotice;
                schedule::create_meeting(input: MeetingInput) -> MeetingSaved;
                schedule::update_meeting(id: i64, input: MeetingInput) -> MeetingSaved;
                schedule::cancel_meeting(id: i64) -> Meeting;
                schedule::get_meeting(id: i64) -> Meeting;
                schedule::list_meetings(query: MeetingQuery) -> Vec<MeetingRow>;
                /// Attendance, minutes and decisions; a decision may move its linked case on in the same
                /// step.
                schedule::record_meeting_outcome(id: i64, outcome: MeetingOutcome) -> Meeting;
                /// The meeting's 会议通知 from its record, for its preview; a print of it is kept in its
                /// history.
                schedule::print_meeting_notice(id: i64) -> PrintedNotice;
                /// The meeting's 会议通知 once per invited organisation, each copy addressed to it on
                /// pages of its own, in one PDF; a print of it is kept in its history.
                schedule::print_meeting_notices(id: i64) -> PrintedNotice;
                /// Services held, person-times served and volunteers' hours for a period.
                schedule::service_counts(from: NaiveDate, to: NaiveDate) -> ServiceCounts;
                /// 工作报告: a month's or a year's figures, the three rates with their formulas.
                report::work_report(period: ReportPeriod) -> WorkReport;
                /// A typical case's paragraph drafted from the case's timeline, for the worker to edit.
                report::draft_typical_case(case_id: i64) -> TypicalCase;
                /// The report as a PDF with the edited typical cases, kept like a notice (preview, save, print).
                report::print_work_report(period: ReportPeriod, typical: Vec<TypicalCase>) -> PrintedNotice;
                /// 导入台账: the picked ledger previewed with these options; saves nothing.
                ledger::preview_ledger(options: ImportOptions) -> ImportPreview;
            }
            bytes {
                /// An attachment's bytes, checked against their hash (a photo's thumbnail, a download).
                cases::attachment_bytes(id: i64);
                /// The bytes of a rendered notice, for the preview.
                notices::notice_pdf(id: u32);
            }
            progress {
                /// Renders a 会议通知 or 活动通知 from the form's fields, one copy per addressee when
                /// given, reporting progress on `progress`.
                notices::print_notice(notice: NoticeForm, addressees: Vec<String>) -> PrintedNotice, NoticeProgress;
                /// 把本站数据迁到街道服务器: this PC's file onto the server in one transaction (as the
                /// district administrator), each table reported on `progress` as it is copied and
                /// checked; when every table checks out the window goes on with the server under
                /// the station's new login. The file is only read.
                station::move_to_server(target: MoveTarget) -> MoveReport, MoveStep;
                /// Imports the picked ledger in one transaction: every row, or none when any is
                /// refused; how far it is reported on `progress` (checking, then rows saved).
                ledger::import_ledger(options: ImportOptions) -> ImportReport, ImportProgress;
            }
            desktop {
                add_attachments(case_id: i64, kind: AttachmentKind) -> Vec<Attachment>;
                add_dropped_attachments(case_id: i64, kind: AttachmentKind) -> Vec<Attachment>;
                pick_notice_font_file(role: NoticeFontRole) -> Option<Vec<NoticeFont>>;
                save_notice_pdf(id: u32) -> Option<String>;
                open_notice_pdf(id: u32) -> ();
                // 打印: the system's print dialog for the window's page (its print sheets).
                print_window() -> ();
                choose_backup_folder() -> Option<BackupStatus>;
                // 备份本站数据到文件夹 (a station on the district server): the folder dialog,
                // then the station's backup written there; none when cancelled.
                backup_station_to_folder() -> Option<Generation>;
                // 导入节假日安排: the open dialog, then the picked file's days; none when cancelled.
                pick_holiday_file() -> Option<HolidayPreview>;
                // 相关方名录 从表格导入: the open dialog, then what the sheet would add; none
                // when cancelled.
                pick_party_file() -> Option<PartyImport>;
                // 从表格导入报名: the open dialog, then who the roster would sign up for the
                // occurrence; none when cancelled.
                pick_roster_file(event_id: i64, occurrence_start: DateTime<Utc>) -> Option<RosterImport>;
                // 导入台账: the open dialog, then the picked ledger's preview; none when cancelled.
                pick_ledger_file(options: ImportOptions) -> Option<ImportPreview>;
                // 导出Excel: the register for these filters and search, saved where the worker
                // chooses; the path, or none when cancelled.
                save_cases_xlsx(query: CaseQuery, options: ExportOptions) -> Option<String>;
                // 工作报告 as Excel: the period's figures, saved where the worker chooses.
                save_report_xlsx(period: ReportPeriod) -> Option<String>;
                save_district_report_xlsx(period: ReportPeriod, issuer: String) -> Option<String>;
                // 导出 Open311: the requests for these filters and search, or the service
                // list, as GeoReport v2 JSON or XML without personal data; the path, or none.
                save_open311(query: CaseQuery, kind: Open311Kind, format: Open311Format) -> Option<String>;
                // 操作记录 导出Excel: the filtered log (at most 50 000 rows), saved where the
                // worker chooses; the export is recorded in the log. The path, or none.
                save_audit_xlsx(query: AuditQuery) -> Option<String>;
                // 个人信息保护 导出: everything recorded under a resident's phone, as JSON saved
                // (owner-only) where the 站长 chooses; the export is recorded. The path, or none.
                save_personal_data(phone: String) -> Option<String>;
                // 从另一台电脑导入设置: the open dialog for a settings file (.json), then what it
                // holds (first start) or would change here (设置); none when cancelled.
                pick_settings_file() -> Option<SettingsSummary>;
                // 导出设置文件 (站长): the station's settings saved (owner-only) where the worker
                // chooses; the export is recorded. The path, or none.
                save_settings_file() -> Option<String>;
                // 打开安装包位置: the installer the district's manifest names for this computer,
                // shown in the file manager (a path) or the browser (an address).
                open_update_installer() -> ();
            }
        }
    };
}

//! The StationDesk desktop shell. It only wires Tauri to the core: commands (one module
//! per domain) call core services, `AppCtx` holds the open store, and the TypeScript
//! bindings in `ui/src/bindings.ts` are generated from these signatures.

mod bytes;
mod commands;
mod ctx;
mod dialogs;
mod error;
mod reminders;

use std::process::ExitCode;

use stationdesk_core::{Location, Store};
use tauri::Manager;
use tauri_specta::{Builder, collect_commands, collect_events};

pub use ctx::{AppCtx, PrintedNotice};
pub use error::AppError;

/// Every command the window may call, with its types, for Tauri and for the bindings.
pub fn specta_builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            commands::station::app_state,
            commands::station::setup_station,
            commands::station::choose_staff,
            commands::station::update_station,
            commands::station::list_categories,
            commands::station::add_category,
            commands::station::update_category,
            commands::cases::create_case,
            commands::cases::list_cases,
            commands::cases::get_case,
            commands::cases::list_attention,
            commands::cases::similar_cases,
            commands::cases::transition_case,
            commands::cases::follow_up_case,
            commands::cases::add_survey,
            commands::cases::record_contact,
            commands::cases::update_case_handling,
            commands::cases::list_parties,
            commands::cases::save_party,
            commands::cases::link_party,
            commands::cases::unlink_party,
            commands::cases::add_attachments,
            commands::cases::add_dropped_attachments,
            commands::cases::attachment_bytes,
            commands::cases::remove_attachment,
            commands::cases::rates_report,
            commands::cases::rate_formulas,
            commands::cases::list_time_limits,
            commands::cases::save_time_limit,
            commands::cases::list_calendar_days,
            commands::cases::save_calendar_day,
            commands::notices::list_notice_templates,
            commands::notices::save_notice_template,
            commands::notices::list_notice_fonts,
            commands::notices::save_notice_font,
            commands::notices::pick_notice_font_file,
            commands::notices::print_case_notice,
            commands::notices::notice_pdf,
            commands::notices::save_notice_pdf,
            commands::notices::open_notice_pdf,
            commands::notices::print_notice,
            commands::schedule::list_errand_types,
            commands::schedule::add_errand_type,
            commands::schedule::update_errand_type,
            commands::schedule::create_errand,
            commands::schedule::list_errands,
            commands::schedule::list_calendar,
            commands::schedule::day_agenda,
            commands::schedule::create_event,
            commands::schedule::get_event,
            commands::schedule::edit_event,
            commands::schedule::cancel_event,
            commands::schedule::get_occurrence,
            commands::schedule::sign_up,
            commands::schedule::cancel_signup,
            commands::schedule::check_in,
            commands::schedule::walk_in,
            commands::schedule::record_served,
            commands::schedule::print_event_notice,
            commands::schedule::create_meeting,
            commands::schedule::update_meeting,
            commands::schedule::cancel_meeting,
            commands::schedule::get_meeting,
            commands::schedule::list_meetings,
            commands::schedule::record_meeting_outcome,
            commands::schedule::print_meeting_notice,
            commands::schedule::service_counts,
        ])
        .events(collect_events![reminders::ReminderShown])
        // Ids are SQLite rowids and counts of cases: far below 2^53, exact as JS numbers.
        .dangerously_cast_bigints_to_number()
        // One TypeScript type per Rust type, not separate input and output shapes.
        .disable_serde_phases()
}

/// `--db URL` (or `--db=URL`) from the command line, else `STATIONDESK_DB`, else the
/// per-user app-data folder.
fn location_from_args() -> Result<Location, stationdesk_core::CoreError> {
    let args: Vec<String> = std::env::args().collect();
    for (i, arg) in args.iter().enumerate() {
        if let Some(url) = arg.strip_prefix("--db=") {
            return Location::parse(url);
        }
        if let ("--db", Some(url)) = (arg.as_str(), args.get(i + 1)) {
            return Location::parse(url);
        }
    }
    Location::from_env_or_default()
}

/// Opens the database; a failure still yields a context, so the window can say why.
fn open_ctx() -> AppCtx {
    let location = match location_from_args() {
        Ok(location) => location,
        Err(e) => return AppCtx::unavailable("--db".to_owned(), e.user_message()),
    };
    tauri::async_runtime::block_on(async {
        match Store::open(&location).await {
            Ok((store, report)) => {
                if let Some(backup) = report.backup {
                    eprintln!("数据库已升级，升级前的备份：{}", backup.display());
                }
                AppCtx::new(store).await
            }
            Err(e) => {
                eprintln!("无法打开数据库 {}：{e}", location.describe());
                AppCtx::unavailable(location.describe(), e.user_message())
            }
        }
    })
}

pub fn run() -> ExitCode {
    let ctx = open_ctx();
    let builder = specta_builder();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(builder.invoke_handler())
        // Files dropped on the window are kept here; the window then asks to attach them.
        .on_webview_event(|webview, event| {
            if let tauri::WebviewEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                webview.state::<dialogs::Dropped>().set(paths.clone());
            }
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                window.state::<dialogs::Dropped>().set(paths.clone());
            }
        })
        .manage(dialogs::Dropped::default())
        .setup(move |app| {
            builder.mount_events(app);
            app.manage(ctx);
            reminders::start(app.handle().clone());
            Ok(())
        })
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            eprintln!("无法启动窗口：{e}");
            return ExitCode::FAILURE;
        }
    };
    app.run(|handle, event| {
        if let (tauri::RunEvent::Exit, Some(ctx)) = (event, handle.try_state::<AppCtx>()) {
            tauri::async_runtime::block_on(ctx.close());
        }
    });
    ExitCode::SUCCESS
}

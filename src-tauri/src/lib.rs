//! The StationDesk desktop shell. It only wires Tauri to the commands of `stationdesk-api`
//! (generated from its one list), adds the desktop's own (dialogs, the PDF viewer, dropped
//! files, reminders), and the TypeScript bindings in `ui/src/bindings.ts` are generated
//! from these signatures.

mod backups;
mod commands;
mod desktop;
mod dialogs;
mod instance;
mod reminders;
mod retention_job;
mod window_state;

use std::process::ExitCode;

use stationdesk_core::{Location, Missing, Store};
use tauri::Manager;
use tauri_specta::{Builder, collect_events};

pub use stationdesk_api::{AppCtx, AppError, PrintedNotice};

/// Every command the window may call, with its types, for Tauri and for the bindings.
pub fn specta_builder() -> Builder<tauri::Wry> {
    commands::builder()
        .events(collect_events![reminders::ReminderShown])
        // Ids are SQLite rowids and counts of cases: far below 2^53, exact as JS numbers.
        .dangerously_cast_bigints_to_number()
        // One TypeScript type per Rust type, not separate input and output shapes.
        .disable_serde_phases()
}

/// `--db URL` (or `--db=URL`) from the command line, else `STATIONDESK_DB`, else the
/// per-user app-data folder. Only the default path may be created (the first run's
/// setup); a path given explicitly must hold a database already, or `--create` be given
/// with it, so a mistyped or unmounted path never becomes a second, empty register.
fn location_from_args() -> Result<(Location, Missing), stationdesk_core::CoreError> {
    let args: Vec<String> = std::env::args().collect();
    let create = if args.iter().any(|a| a == "--create") { Missing::Create } else { Missing::Refuse };
    for (i, arg) in args.iter().enumerate() {
        if let Some(url) = arg.strip_prefix("--db=") {
            return Ok((Location::parse(url)?, create));
        }
        if let ("--db", Some(url)) = (arg.as_str(), args.get(i + 1)) {
            return Ok((Location::parse(url)?, create));
        }
    }
    if std::env::var("STATIONDESK_DB").is_ok_and(|url| !url.trim().is_empty()) {
        return Ok((Location::from_env_or_default()?, create));
    }
    Ok((Location::from_env_or_default()?, Missing::Create))
}

/// Opens the database; a failure still yields a context, so the window can say why.
fn open_ctx(opening: Result<(Location, Missing), stationdesk_core::CoreError>) -> AppCtx {
    let (location, missing) = match opening {
        Ok(found) => found,
        Err(e) => return AppCtx::unavailable("--db".to_owned(), e.user_message()),
    };
    tauri::async_runtime::block_on(async {
        match Store::open_with(&location, missing).await {
            Ok((store, report)) => {
                let ctx = AppCtx::new(store).await;
                if let Some(backup) = report.backup {
                    eprintln!("数据库已升级，升级前的备份：{}", backup.display());
                    ctx.set_upgrade_copy(backup.display().to_string());
                }
                ctx
            }
            Err(e) => {
                eprintln!("无法打开数据库 {}：{}", location.describe(), e.user_message());
                AppCtx::unavailable(location.describe(), e.user_message())
            }
        }
    })
}

pub fn run() -> ExitCode {
    let opening = location_from_args();
    let database = opening.as_ref().map_or_else(|_| "--db".to_owned(), |(l, _)| l.describe());
    let builder = specta_builder();
    let app = tauri::Builder::default()
        // First: a second start on the same database exits here, before opening it.
        .plugin(instance::single(&database))
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
        .on_window_event(|window, event| match event {
            tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) => {
                window.state::<dialogs::Dropped>().set(paths.clone());
            }
            tauri::WindowEvent::Moved(_) | tauri::WindowEvent::Resized(_) => window_state::seen(window),
            _ => {}
        })
        .manage(dialogs::Dropped::default())
        .manage(window_state::Kept::default())
        .setup(move |app| {
            builder.mount_events(app);
            window_state::restore(app.handle());
            window_state::start(app.handle().clone());
            let ctx = open_ctx(opening);
            // The end-to-end tests' idle lock in seconds: like STATIONDESK_TEST_DIALOGS a
            // test hook, and it can only make the lock come sooner than the station's.
            if let Some(seconds) =
                std::env::var("STATIONDESK_TEST_IDLE_SECONDS").ok().and_then(|s| s.trim().parse::<u32>().ok())
            {
                ctx.set_idle_test_seconds(seconds);
            }
            app.manage(ctx);
            reminders::start(app.handle().clone());
            backups::start(app.handle().clone());
            retention_job::start(app.handle().clone());
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
        if matches!(event, tauri::RunEvent::Exit) {
            window_state::write(handle);
        }
        if let (tauri::RunEvent::Exit, Some(ctx)) = (event, handle.try_state::<AppCtx>()) {
            // On quitting after a day's work: the backup, then the store closed.
            tauri::async_runtime::block_on(async {
                backups::run(handle, stationdesk_core::backup::Moment::Quitting).await;
                ctx.close().await;
            });
        }
    });
    ExitCode::SUCCESS
}

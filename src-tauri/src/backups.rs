//! The daily backup: every ten minutes the core is asked whether a backup is due (once a
//! China day while the program is open) and makes it; on quitting, once more if anything
//! was written since. The rule is the model's (`stationdesk_model::backup::is_due`); the
//! result is recorded for the window's status line.

use std::time::Duration;

use stationdesk_api::AppCtx;
use stationdesk_core::backup::{self, Moment};
use tauri::{AppHandle, Manager};

const EVERY: Duration = Duration::from_secs(600);
/// The first look waits a little, so the window opens before the copy is made.
const FIRST: Duration = Duration::from_secs(20);

pub fn start(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FIRST).await;
        let mut tick = tokio::time::interval(EVERY);
        loop {
            tick.tick().await;
            run(&app, Moment::Running).await;
        }
    });
}

/// Backs up if due; a failure is recorded by the core and shown in red by the window.
pub async fn run(app: &AppHandle, moment: Moment) {
    let Some(ctx) = app.try_state::<AppCtx>() else { return };
    let Ok(store) = ctx.store() else { return };
    if store.is_postgres() || store.is_closed() || ctx.station().is_err() {
        return;
    }
    if let Err(e) = backup::run_if_due(&store, moment).await {
        eprintln!("自动备份失败：{}", e.user_message());
    }
}

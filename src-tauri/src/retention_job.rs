//! The daily personal-data retention run (PIPL, issue 12): every ten minutes the core is
//! asked whether today's run is still to do (`retention::run_daily`: once a China day) and
//! does it, as the daily backup is scheduled. Never without a station or on the street
//! office's login. What it did is kept by the core (the station's last run and an audit
//! row) and shown on 设置 → 个人信息保护.

use std::time::Duration;

use stationdesk_api::AppCtx;
use stationdesk_core::retention;
use tauri::{AppHandle, Manager};

const EVERY: Duration = Duration::from_secs(600);
/// After the backup's first look, so the window and the backup come first.
const FIRST: Duration = Duration::from_secs(60);

pub fn start(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FIRST).await;
        let mut tick = tokio::time::interval(EVERY);
        loop {
            tick.tick().await;
            run(&app).await;
        }
    });
}

async fn run(app: &AppHandle) {
    let Some(ctx) = app.try_state::<AppCtx>() else { return };
    let Ok(store) = ctx.store() else { return };
    let Ok(station) = ctx.station() else { return };
    if store.is_closed() || store.is_district() {
        return;
    }
    if let Err(e) = retention::run_daily(&store, station.id).await {
        // No personal data in the message: the core's errors name counts and settings only.
        eprintln!("个人信息保存期限的自动执行失败：{}", e.user_message());
    }
}

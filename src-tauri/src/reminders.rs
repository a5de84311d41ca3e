//! Reminders: twice a minute, what starts within the hour and the cases about to go
//! overdue, as desktop notifications and in the window (the `ReminderShown` event). The
//! core marks each one shown as it hands it out, so a restart never repeats one.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use stationdesk_core::roles::Action;
use stationdesk_core::schedule::reminders;
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;
use tauri_specta::Event;

use stationdesk_api::AppCtx;

/// How often the core is asked.
const EVERY: Duration = Duration::from_secs(30);

/// One reminder, for the window's notification list.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct ReminderShown {
    /// `event`, `meeting` or `case`.
    pub kind: String,
    /// The event, meeting or case id.
    pub id: i64,
    pub heading: String,
    pub body: String,
}

/// Starts the reminder loop; it waits quietly until someone is on duty.
pub fn start(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        loop {
            tick.tick().await;
            check(&app).await;
        }
    });
}

/// Set once a desktop notification failed (no notification service), so the log says it once.
static DESKTOP_FAILED: AtomicBool = AtomicBool::new(false);

async fn check(app: &AppHandle) {
    let Some(ctx) = app.try_state::<AppCtx>() else { return };
    let (Ok(store), Ok(actor)) = (ctx.store(), ctx.actor()) else { return };
    let now = chrono::Utc::now();
    let mut shown = Vec::new();
    match reminders::due(&store, &actor, now).await {
        Ok(list) => shown.extend(list.into_iter().map(|r| ReminderShown {
            kind: r.source.code().to_owned(),
            id: r.id,
            heading: r.heading,
            body: r.body,
        })),
        Err(e) => eprintln!("提醒检查失败：{e}"),
    }
    // Only a role that may see cases is reminded of them (a volunteer is not).
    let cases_due =
        if actor.may(Action::CasesRead) { reminders::cases_due(&store, &actor, now).await } else { Ok(Vec::new()) };
    match cases_due {
        Ok(list) => shown.extend(list.into_iter().map(|r| ReminderShown {
            kind: "case".to_owned(),
            id: r.case_id,
            heading: r.heading,
            body: r.body,
        })),
        Err(e) => eprintln!("诉求到期提醒检查失败：{e}"),
    }
    for r in shown {
        if let Err(e) = app.notification().builder().title(&r.heading).body(&r.body).show()
            && !DESKTOP_FAILED.swap(true, Ordering::Relaxed)
        {
            eprintln!("无法显示桌面通知（提醒仍显示在窗口中）：{e}");
        }
        if let Err(e) = r.emit(app) {
            eprintln!("无法把提醒送到窗口：{e}");
        }
    }
}

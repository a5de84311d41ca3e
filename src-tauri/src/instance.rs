//! One window per database.
//!
//! A second start on the same database (a double click on the icon while the window is
//! behind others) does not open it again: it hands over to the running window, which comes
//! to the front, and exits before touching the database. The key is the database the start
//! would open, so a start on another station's file is a window of its own. (On Linux the
//! running window is found on the session bus; without one every start opens normally, and
//! the migrations' lock still keeps two programs from setting up a fresh file at once.)

use tauri::{Manager, Runtime, plugin::TauriPlugin};

/// The single-instance plugin for the database described by `database`.
pub fn single<R: Runtime>(database: &str) -> TauriPlugin<R> {
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(bus_name(database))
        .callback(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        })
        .build()
}

/// `cn.stationdesk.desktop.db<hash>`: a D-Bus name (letters, digits, dots; no element starts
/// with a digit) that is the same for every start on the same database.
fn bus_name(database: &str) -> String {
    // FNV-1a: stable across builds, unlike std's hasher.
    let hash =
        database.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("cn.stationdesk.desktop.db{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::bus_name;

    #[test]
    fn each_database_has_its_own_name() {
        let a = bus_name("/home/zhao/.local/share/stationdesk/stationdesk.db");
        assert_eq!(a, bus_name("/home/zhao/.local/share/stationdesk/stationdesk.db"));
        assert_ne!(a, bus_name("/media/u/备份/stationdesk.db"));
        assert!(a.split('.').all(|part| part.chars().next().is_some_and(|c| c.is_ascii_alphabetic())), "{a}");
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric() || c == '.'), "{a}");
    }
}

//! The window reopens at the size and place it was left, per computer. The geometry is kept
//! in the app's config folder (`window.json`, no personal data) and written about a second
//! after each move or resize, not at exit: the program may end without a close event (a
//! shutdown, a kill, the test driver), and what was last seen is kept anyway.
//! (`tauri-plugin-window-state` saves only on exit, and kept nothing in those cases.)

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, PhysicalPosition, PhysicalSize, Runtime, Window};

const FILE: &str = "window.json";
/// The smallest window (tauri.conf.json's minWidth × minHeight); a kept size is never
/// restored below it, nor above a size no screen has.
const MIN: (u32, u32) = (1024, 640);
const MAX_SIDE: u32 = 16_384;
/// How much of the title bar must be on a screen for the kept place to be used.
const VISIBLE: (i32, i32) = (120, 40);

/// The normal (not maximized) window's place and size in physical pixels, and whether it
/// was maximized over them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Geometry {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    pub maximized: bool,
}

/// A screen's rectangle in physical pixels.
#[derive(Debug, Clone, Copy)]
pub struct Screen {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

/// What to restore of a kept geometry: the size within bounds, and the place only if the
/// title bar would be on one of today's screens (a screen unplugged since is not followed).
pub fn usable(kept: Geometry, screens: &[Screen]) -> (PhysicalSize<u32>, Option<PhysicalPosition<i32>>) {
    let size = PhysicalSize::new(kept.width.clamp(MIN.0, MAX_SIDE), kept.height.clamp(MIN.1, MAX_SIDE));
    let (left, top) = (i64::from(kept.x), i64::from(kept.y));
    let on_screen = screens.iter().any(|s| {
        let (sx, sy) = (i64::from(s.x), i64::from(s.y));
        let (right, bottom) = (sx + i64::from(s.width), sy + i64::from(s.height));
        left + i64::from(VISIBLE.0) > sx
            && left < right - i64::from(VISIBLE.0)
            && top >= sy
            && top < bottom - i64::from(VISIBLE.1)
    });
    (size, on_screen.then(|| PhysicalPosition::new(kept.x, kept.y)))
}

fn path<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    app.path().app_config_dir().ok().map(|d| d.join(FILE))
}

/// Puts the main window where it was left, if anything was kept; at start, before it is
/// first painted. A missing or unreadable file leaves the default size.
pub fn restore<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window("main") else { return };
    let kept =
        path(app).and_then(|p| std::fs::read_to_string(p).ok()).and_then(|t| serde_json::from_str::<Geometry>(&t).ok());
    let Some(kept) = kept else { return };
    let screens: Vec<Screen> = window
        .available_monitors()
        .unwrap_or_default()
        .iter()
        .map(|m| Screen { x: m.position().x, y: m.position().y, width: m.size().width, height: m.size().height })
        .collect();
    let (size, place) = usable(kept, &screens);
    let _ = window.set_size(size);
    if let Some(place) = place {
        let _ = window.set_position(place);
    }
    if kept.maximized {
        let _ = window.maximize();
    }
    if let Some(state) = app.try_state::<Kept>() {
        state.note(kept);
    }
}

/// The geometry last seen, and the one last written.
#[derive(Default)]
pub struct Kept {
    seen: Mutex<Option<Geometry>>,
    written: Mutex<Option<Geometry>>,
}

impl Kept {
    fn note(&self, g: Geometry) {
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(g);
        }
    }

    fn last(&self) -> Option<Geometry> {
        self.seen.lock().ok().and_then(|s| *s)
    }
}

/// A move or resize of `window`: noted, written by [`start`]'s loop. A minimized window is
/// not noted; a maximized one keeps the normal place and size under it.
pub fn seen<R: Runtime>(window: &Window<R>) {
    if window.label() != "main" || window.is_minimized().unwrap_or(false) {
        return;
    }
    let Some(state) = window.try_state::<Kept>() else { return };
    let maximized = window.is_maximized().unwrap_or(false);
    let g = match (maximized, state.last()) {
        (true, Some(before)) => Geometry { maximized: true, ..before },
        _ => {
            let (Ok(place), Ok(size)) = (window.outer_position(), window.inner_size()) else { return };
            Geometry { x: place.x, y: place.y, width: size.width, height: size.height, maximized }
        }
    };
    state.note(g);
}

/// Writes the geometry about once a second while it changes.
pub fn start<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tick.tick().await;
            write(&app);
        }
    });
}

/// Writes the last geometry seen if it is not the one on disk.
pub fn write<R: Runtime>(app: &AppHandle<R>) {
    let Some(state) = app.try_state::<Kept>() else { return };
    let Some(g) = state.last() else { return };
    let Ok(mut written) = state.written.lock() else { return };
    if *written == Some(g) {
        return;
    }
    let Some(file) = path(app) else { return };
    let saved = file
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| serde_json::to_vec(&g).map_err(std::io::Error::other))
        .and_then(|bytes| std::fs::write(&file, bytes));
    match saved {
        Ok(()) => *written = Some(g),
        // Not worth a word to the worker: the window opens at the default size next time.
        Err(e) => eprintln!("窗口位置未能保存（{}）：{e}", file.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCREEN: Screen = Screen { x: 0, y: 0, width: 1920, height: 1080 };

    fn kept(x: i32, y: i32, width: u32, height: u32) -> Geometry {
        Geometry { x, y, width, height, maximized: false }
    }

    #[test]
    fn a_window_left_on_a_screen_comes_back_there_at_its_size() {
        let (size, place) = usable(kept(40, 30, 1100, 700), &[SCREEN]);
        assert_eq!((size.width, size.height), (1100, 700));
        assert_eq!(place, Some(PhysicalPosition::new(40, 30)));
    }

    #[test]
    fn a_size_below_the_minimum_or_beyond_any_screen_is_bounded() {
        let (size, _) = usable(kept(0, 0, 300, 200), &[SCREEN]);
        assert_eq!((size.width, size.height), MIN);
        let (size, _) = usable(kept(0, 0, u32::MAX, u32::MAX), &[SCREEN]);
        assert_eq!((size.width, size.height), (MAX_SIDE, MAX_SIDE));
    }

    #[test]
    fn a_place_on_a_screen_no_longer_there_is_not_followed() {
        let second = Screen { x: 1920, y: 0, width: 1280, height: 1024 };
        assert!(usable(kept(2200, 100, 1100, 700), &[SCREEN, second]).1.is_some());
        assert_eq!(usable(kept(2200, 100, 1100, 700), &[SCREEN]).1, None, "the second screen was unplugged");
        assert_eq!(usable(kept(-5000, -5000, 1100, 700), &[SCREEN]).1, None);
        assert_eq!(usable(kept(100, 1060, 1100, 700), &[SCREEN]).1, None, "the title bar below the screen");
        assert_eq!(usable(kept(40, 30, 1100, 700), &[]).1, None, "no screen known");
    }
}

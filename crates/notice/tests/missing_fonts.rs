//! The fonts are files installed beside the program: when their folder is missing, making
//! a notice is refused with a message that says where it looked and to reinstall, and
//! nothing panics. The folder is found once per process, so the missing case runs in a
//! child process of this test (with `STATIONDESK_FONTS_DIR` pointing at an empty folder).

#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

use std::path::{Path, PathBuf};
use std::process::Command;

use stationdesk_notice::{FONTS_DIR_ENV, FontSet, Notice, NoticeKind, RenderOptions, bundled_dir, render};

const CHILD: &str = "STATIONDESK_NOTICE_TEST_CHILD";
const TEST: &str = "a_missing_fonts_folder_refuses_printing_with_a_chinese_message";

fn meeting() -> Notice {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/meeting.json");
    Notice::from_json(NoticeKind::Meeting, &std::fs::read_to_string(path).unwrap()).unwrap()
}

/// What the child prints: the outcome of rendering and of preloading.
fn child() {
    match render(FontSet::bundled(), &meeting(), &RenderOptions::default()) {
        Ok(r) => println!("RENDER ok {} pages", r.pages),
        Err(e) => println!("RENDER {e}"),
    }
    match FontSet::bundled().preload() {
        Ok(()) => println!("PRELOAD ok"),
        Err(e) => println!("PRELOAD {e}"),
    }
}

fn run_child(fonts_dir: &Path) -> String {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", TEST, "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .env(FONTS_DIR_ENV, fonts_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "the child panicked: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_missing_fonts_folder_refuses_printing_with_a_chinese_message() {
    if std::env::var_os(CHILD).is_some() {
        return child();
    }
    let empty: PathBuf = std::env::temp_dir().join(format!("stationdesk-no-fonts-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let out = run_child(&empty);
    let render_line = out.lines().find_map(|l| l.split_once("RENDER ")).map(|(_, r)| r).unwrap_or_default();
    assert!(render_line.contains("找不到内置字体"), "{out}");
    assert!(render_line.contains(&empty.display().to_string()), "names where it looked: {out}");
    assert!(render_line.contains("FandolFang-Regular.otf"), "names the files: {out}");
    assert!(render_line.contains("请重新安装本程序"), "says what to do: {out}");
    assert!(out.contains("PRELOAD 找不到内置字体"), "{out}");

    // The same folder with the fonts copied in prints (the variable alone decides).
    let dev = bundled_dir().unwrap();
    for f in ["FandolFang-Regular.otf", "FandolHei-Regular.otf", "NotoSerifSC-Regular.otf", "DejaVuSans-Symbols.ttf"] {
        std::fs::copy(dev.join(f), empty.join(f)).unwrap();
    }
    let out = run_child(&empty);
    std::fs::remove_dir_all(&empty).ok();
    assert!(out.contains("RENDER ok"), "{out}");
    assert!(out.contains("PRELOAD ok"), "{out}");
}

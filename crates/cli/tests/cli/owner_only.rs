//! Issue 12, "Files": what the program writes for a station is readable by this user only.
//! Run under umask 000, so a file or folder made without its own mode would show 0666/0777.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use crate::stderr;

/// The CLI under umask 000: only the modes the program asks for protect the files.
fn run_open_umask(db: &Path, args: &[&str]) -> Output {
    let o = Command::new("sh")
        .args(["-c", "umask 000 && exec \"$0\" \"$@\"", env!("CARGO_BIN_EXE_stationdesk-cli"), "--db"])
        .arg(db)
        .args(args)
        .env_remove("STATIONDESK_DB")
        .env_remove("STATIONDESK_STAFF")
        .output()
        .expect("run stationdesk-cli");
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    o
}

fn mode(p: &Path) -> u32 {
    std::fs::symlink_metadata(p).expect("meta").permissions().mode() & 0o777
}

/// Every file and folder under `dir`, with its mode.
fn modes(dir: &Path, out: &mut Vec<(String, bool, u32)>) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        let is_dir = path.is_dir();
        out.push((path.display().to_string(), is_dir, mode(&path)));
        if is_dir {
            modes(&path, out);
        }
    }
}

#[test]
fn issue_12_the_database_backups_and_exports_are_the_owners_only() {
    let root = tempfile::tempdir().expect("temp dir");
    // A folder the program makes, under one the user already has.
    let db = root.path().join("服务站").join("station.db");
    let path = |p: &Path| p.to_str().expect("path").to_owned();
    run_open_umask(&db, &["init", "--station-code", "RA", "--station-name", "荣傲家园社区微言服务站"]);
    run_open_umask(
        &db,
        &[
            "case",
            "add",
            "--channel",
            "来访",
            "--title",
            "南门广场积水",
            "--phone",
            "13812341234",
            "--received-at",
            "2026-11-09 09:30",
        ],
    );
    run_open_umask(&db, &["backup"]);
    let station = db.parent().expect("folder");
    run_open_umask(&db, &["export", "cases", "--out", &path(&station.join("台账.xlsx"))]);
    run_open_umask(&db, &["report", "monthly", "--month", "2026-11", "--out", &path(&station.join("月报.xlsx"))]);

    let mut found = vec![(path(station), true, mode(station))];
    modes(station, &mut found);
    let names: Vec<&str> = found.iter().map(|(p, _, _)| p.as_str()).collect();
    for expected in ["station.db", "backups", "台账.xlsx", "月报.xlsx", "station.backup.json"] {
        assert!(names.iter().any(|n| n.ends_with(expected)), "{expected} not written: {names:?}");
    }
    assert!(names.iter().any(|n| n.ends_with("manifest.json")), "no backup generation: {names:?}");
    for (p, is_dir, m) in &found {
        assert_eq!(*m, if *is_dir { 0o700 } else { 0o600 }, "{p} is {m:o}");
    }
}

#[test]
fn issue_12_a_database_others_could_read_is_tightened_when_opened() {
    let (dir, db) = crate::initialised();
    let wal = dir.path().join("station.db-wal");
    std::fs::write(&wal, b"").expect("wal");
    for p in [&db, &wal] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    run_open_umask(&db, &["case", "list"]);
    assert_eq!(mode(&db), 0o600, "the database");
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600, "its -wal");
    }
}

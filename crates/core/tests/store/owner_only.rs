//! Issue 12, "Files": the database, the -wal and -shm SQLite keeps beside it, and the
//! attachments are readable by this user only (0600, folders 0700).
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use stationdesk_core::attachments::{self, AttachmentKind};
use stationdesk_core::{Location, Missing, Store, cases, station};

use crate::{case, test_server};

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).expect("meta").permissions().mode() & 0o777
}

fn beside(db: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", db.display()))
}

#[tokio::test]
async fn issue_12_the_database_its_wal_and_attachments_are_the_owners_only() {
    if test_server().is_some() {
        return; // The server keeps its own files.
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("新建的文件夹").join("station.db");
    let (store, _) = Store::open_with(&Location::SqliteFile(db.clone()), Missing::Create).await.expect("create");
    station::init(&store, "RA", "荣傲家园社区微言服务站", "赵子坤").await.expect("init");
    let st = station::current(&store).await.expect("station");
    let actor = station::actor_for(&store, &st, "赵子坤").await.expect("actor");
    let made = cases::create(&store, &actor, case("南门广场积水", "雨后积水")).await.expect("case");
    let a = attachments::add(&store, &actor, made.id, AttachmentKind::Before, "南门.png", b"\x89PNG photo")
        .await
        .expect("attach");

    // While the store is open SQLite has made its -wal and -shm: the database's mode.
    assert_eq!(mode(db.parent().expect("folder")), 0o700, "the folder made for the database");
    for file in [db.clone(), beside(&db, "-wal"), beside(&db, "-shm")] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    let files = store.files_dir().expect("files dir");
    let blob = files.join(&a.sha256[..2]).join(&a.sha256);
    assert_eq!((mode(&files), mode(blob.parent().expect("dir")), mode(&blob)), (0o700, 0o700, 0o600));
    store.close().await;

    // A database an older version left readable by all is tightened when opened, with its
    // -wal and -shm.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let (store, _) = Store::open(&Location::SqliteFile(db.clone())).await.expect("open");
    cases::create(&store, &actor, case("楼道灯不亮", "三楼")).await.expect("case");
    for file in [db.clone(), beside(&db, "-wal"), beside(&db, "-shm")] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    store.close().await;
}

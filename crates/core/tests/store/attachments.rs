//! Issue 14: several files added at once are all or nothing.

use stationdesk_core::attachments::{self, AttachmentKind, MAX_ATTACHMENT_BYTES, MAX_FILES_AT_ONCE};
use stationdesk_core::cases;

use crate::{Fixture, case};

/// The files under the attachments folder beside a SQLite database (none on the server).
fn stored_files(f: &Fixture) -> usize {
    let Ok(dir) = f.store.files_dir() else { return 0 };
    let Ok(subdirs) = std::fs::read_dir(dir) else { return 0 };
    subdirs.flatten().filter_map(|d| std::fs::read_dir(d.path()).ok()).map(|files| files.count()).sum()
}

#[tokio::test]
async fn a_batch_with_one_bad_file_adds_none() {
    let f = Fixture::new().await;
    let c = cases::create(&f.store, &f.actor, case("南门广场路面坑洼", "")).await.expect("case");
    let files = tempfile::tempdir().expect("dir");
    let before = files.path().join("整改前.png");
    std::fs::write(&before, b"\x89PNG\r\n\x1a\n before").expect("write");
    let letter = files.path().join("物业回复.pdf");
    std::fs::write(&letter, b"%PDF-1.4 letter").expect("write");
    let too_big = files.path().join("扫描件.pdf");
    std::fs::File::create(&too_big).and_then(|h| h.set_len(MAX_ATTACHMENT_BYTES + 1)).expect("sparse file");
    let gone = files.path().join("已删除.jpg");
    let empty = files.path().join("空.jpg");
    std::fs::write(&empty, b"").expect("write");

    let batches = [
        (vec![before.clone(), too_big, letter.clone()], "超过 20 MB"),
        (vec![before.clone(), letter.clone(), gone], "无法读取文件"),
        (vec![empty, before.clone()], "是空的"),
        (vec![before.clone(); MAX_FILES_AT_ONCE + 1], "一次最多添加"),
    ];
    for (paths, says) in &batches {
        let err = attachments::add_files(&f.store, &f.actor, c.id, AttachmentKind::Before, paths)
            .await
            .expect_err("a bad file refuses the batch");
        let msg = err.user_message();
        assert!(msg.contains(says), "{msg}");
        if paths.len() <= MAX_FILES_AT_ONCE {
            assert!(msg.contains("都没有添加"), "the message says none was added: {msg}");
        }
        let d = cases::detail(&f.store, f.actor.station_id, c.id).await.expect("detail");
        assert!(d.attachments.is_empty(), "a refused batch added {:?}", d.attachments);
        assert_eq!(stored_files(&f), 0, "a refused batch wrote files");
    }

    // The same files without the bad one go in together, bytes intact.
    let added = attachments::add_files(&f.store, &f.actor, c.id, AttachmentKind::Before, &[before, letter])
        .await
        .expect("a good batch");
    let d = cases::detail(&f.store, f.actor.station_id, c.id).await.expect("detail");
    let names: Vec<&str> = d.attachments.iter().map(|a| a.file_name.as_str()).collect();
    assert_eq!(names, ["整改前.png", "物业回复.pdf"]);
    let (_, bytes) = attachments::content(&f.store, f.actor.station_id, added[1].id).await.expect("content");
    assert_eq!(bytes, b"%PDF-1.4 letter");
    if !f.store.is_postgres() {
        assert_eq!(stored_files(&f), 2);
    }
}

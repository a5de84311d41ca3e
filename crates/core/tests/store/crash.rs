//! kill -9 of a process writing cases: every case it acknowledged is there afterwards.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use stationdesk_core::cases::{self, CaseQuery};
use stationdesk_core::{Location, Store, station};

use crate::case;

const WRITER_ENV: &str = "STATIONDESK_CRASH_WRITER_DB";

/// Runs only as the child of `acknowledged_cases_survive_kill_9`: writes cases forever,
/// printing each number after its commit returned.
#[tokio::test]
async fn crash_writer_child() {
    let Ok(path) = std::env::var(WRITER_ENV) else { return };
    let (store, _) = Store::open(&Location::SqliteFile(path.into())).await.expect("open");
    let st = station::current(&store).await.expect("station");
    let actor = station::actor_for(&store, &st, "赵子坤").await.expect("actor");
    for i in 0.. {
        let created =
            cases::create(&store, &actor, case(&format!("崩溃测试第{i}条"), "路面积水")).await.expect("create");
        println!("ACK {}", created.number);
    }
}

#[tokio::test]
async fn acknowledged_cases_survive_kill_9() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("crash.db");
    {
        let (store, _) = Store::open_or_create(&Location::SqliteFile(path.clone())).await.expect("open");
        station::init(&store, "RA", "荣傲家园社区微言服务站", "赵子坤").await.expect("init");
        store.close().await;
    }
    let exe = std::env::current_exe().expect("test binary");
    for round in 0..3 {
        let mut child = Command::new(&exe)
            .args(["--exact", "crash::crash_writer_child", "--nocapture", "--test-threads=1"])
            .env(WRITER_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn writer");
        let stdout = child.stdout.take().expect("stdout");
        let mut acked = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("read");
            if let Some(n) = line.strip_prefix("ACK ") {
                acked.push(n.to_owned());
                if acked.len() >= 40 + round * 17 {
                    child.kill().expect("kill -9"); // SIGKILL on Unix
                    break;
                }
            }
        }
        let _ = child.wait();

        let (store, _) = Store::open(&Location::SqliteFile(path.clone())).await.expect("reopen");
        assert_eq!(store.integrity_check().await.expect("integrity"), "ok");
        let st = station::current(&store).await.expect("station");
        for number in &acked {
            cases::get_by_number(&store, st.id, number)
                .await
                .unwrap_or_else(|e| panic!("{number} lost after kill -9: {e}"));
        }
        let q = CaseQuery { text: Some("积水".into()), page_size: 1, ..CaseQuery::default() };
        let found = cases::list(&store, st.id, &q).await.expect("search");
        assert!(found.total as usize >= acked.len(), "search index lost entries: {} < {}", found.total, acked.len());
        store.close().await;
    }
}

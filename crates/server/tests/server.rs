//! The dev server against a temporary database: it starts on a free port, creates and lists
//! cases with the JSON the window sends, and refuses bad input with the window's AppError.

#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(db: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stationdesk-server"))
        .args(["--port", "0", "--create", "--db"])
        .arg(db)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the server");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("the server says where it listens");
    let addr = line.split("http://").nth(1).and_then(|r| r.split('/').next()).expect("an address").to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "listens on loopback only: {line}");
    Server { child, addr }
}

/// `POST /invoke/<command>` with a JSON body: the status and the JSON answer.
fn invoke(server: &Server, command: &str, args: &Value) -> (u16, Value) {
    let body = args.to_string();
    let mut s = TcpStream::connect(&server.addr).expect("connect");
    write!(
        s,
        "POST /invoke/{command} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        server.addr,
        body.len()
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8(raw).expect("utf-8 answer");
    let (head, body) = text.split_once("\r\n\r\n").expect("an HTTP answer");
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).expect("a status");
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

#[test]
fn cases_are_created_and_listed_and_bad_input_is_refused_in_chinese() {
    let dir = tempfile_dir();
    let server = start(&dir.join("dev.db"));

    let (code, state) = invoke(
        &server,
        "setup_station",
        &json!({
            "code": "RA",
            "name": "荣傲家园社区微言服务站",
            "staffName": "王敏",
            "login": "wangmin",
            "password": "dev-server-2026",
            "withSettings": false
        }),
    );
    assert_eq!(code, 200, "{state}");
    assert_eq!(state["currentStaff"]["name"], "王敏");

    let input = json!({ "input": { "channel": "visit", "title": "3号楼门口路面积水", "phone": "13800138000" } });
    let (code, case) = invoke(&server, "create_case", &input);
    assert_eq!(code, 200, "{case}");
    assert!(case["number"].as_str().is_some_and(|n| n.starts_with("RA-")), "{case}");

    let query = json!({ "query": { "status": null, "categoryId": null, "channel": null, "text": "积水", "page": 1, "pageSize": 20, "sort": "received_desc" } });
    let (code, page) = invoke(&server, "list_cases", &query);
    assert_eq!(code, 200, "{page}");
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(page["items"][0]["title"], "3号楼门口路面积水", "{page}");

    // An empty title: the same AppError the window gets, field by field, in Chinese.
    let (code, err) = invoke(&server, "create_case", &json!({ "input": { "channel": "visit", "title": "  " } }));
    assert_eq!(code, 400, "{err}");
    assert_eq!(err["code"], "invalid_input", "{err}");
    assert_eq!(err["fields"][0]["field"], "title", "{err}");
    assert!(
        err["message"].as_str().is_some_and(|m| m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))),
        "{err}"
    );

    // Issue 14: dates no station can mean are refused by the service, whichever door
    // they come through (the window's task used to die on the overflow).
    for (command, args) in [
        ("rates_report", json!({ "query": { "from": "+262142-01-01", "to": "+262142-12-31" } })),
        (
            "list_calendar",
            json!({ "query": { "from": "-262143-01-01", "to": "-262143-02-01", "includeCancelled": false } }),
        ),
        ("service_counts", json!({ "from": "+262142-01-01", "to": "+262142-12-31" })),
    ] {
        let (code, err) = invoke(&server, command, &args);
        assert_eq!((code, err["code"].as_str()), (400, Some("invalid_input")), "{command}: {err}");
        assert_eq!(err["fields"][0]["field"], "from", "{command}: {err}");
        let message = err["message"].as_str().unwrap_or_default();
        assert!(message.contains("请填写 2000-01-01 至 2100-12-31 之间的日期"), "{command}: {err}");
    }

    // Arguments of the wrong shape, an unknown command, a desktop-only command.
    let (code, err) = invoke(&server, "get_case", &json!({ "id": "seven" }));
    assert_eq!((code, err["code"].as_str()), (400, Some("invalid_input")), "{err}");
    let (code, err) = invoke(&server, "drop_tables", &json!({}));
    assert_eq!((code, err["code"].as_str()), (404, Some("not_found")), "{err}");
    let (code, err) = invoke(&server, "save_notice_pdf", &json!({ "id": 1 }));
    assert_eq!((code, err["code"].as_str()), (501, Some("not_supported")), "{err}");
    assert!(err["message"].as_str().is_some_and(|m| m.contains("浏览器开发模式下不支持")), "{err}");
}

/// A fresh folder under the target's temp dir (no extra dependency for one test).
fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("server-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

//! `stationdesk-cli notice render`: a PDF from the example files, a batch from a list of
//! entrances, and one Chinese line on bad input.

use std::path::PathBuf;
use std::process::{Command, Output};

use super::{stderr, stdout};

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../notice/examples")
}

fn notice(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stationdesk-cli")).arg("notice").args(args).output().expect("run stationdesk-cli")
}

fn render(kind: &str, input: &std::path::Path, out: &std::path::Path, extra: &[&str]) -> Output {
    let (input, out) = (input.to_str().unwrap(), out.to_str().unwrap());
    let mut args = vec!["render", "--kind", kind, "--input", input, "--out", out];
    args.extend_from_slice(extra);
    notice(&args)
}

#[test]
fn renders_every_kind_from_its_example() {
    let dir = tempfile::tempdir().unwrap();
    for kind in ["meeting", "event", "receipt", "reply"] {
        let out = dir.path().join(format!("{kind}.pdf"));
        let o = render(kind, &examples().join(format!("{kind}.json")), &out, &[]);
        assert!(o.status.success(), "{kind}: {}", stderr(&o));
        assert!(stdout(&o).starts_with("已生成"), "{}", stdout(&o));
        assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    }
}

#[test]
fn a_batch_has_a_page_per_entrance() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("batch.pdf");
    let list = examples().join("entrances.txt");
    let input = examples().join("meeting-one-page.json");
    let o = render("meeting", &input, &out, &["--addressees", list.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(summary["pages"], 21);

    let json_list = dir.path().join("list.json");
    std::fs::write(&json_list, r#"["1栋1单元", "1栋2单元"]"#).unwrap();
    let o = render("meeting", &input, &out, &["--addressees", json_list.to_str().unwrap(), "--json"]);
    let summary: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(summary["pages"], 2);
}

#[test]
fn bad_input_is_one_chinese_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pdf");
    let o = render("memo", &examples().join("meeting.json"), &out, &[]);
    assert!(!o.status.success());
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).starts_with("错误：没有“memo”这种通知"), "{}", stderr(&o));

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"meeting_name": "议事会", "time": "明天", "place": "站里", "issuer": "服务站", "template": "定于{会议时问}开会"}"#).unwrap();
    let o = render("meeting", &bad, &out, &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).starts_with("错误：模板第 1 行的占位符“{会议时问}”不认识"), "{}", stderr(&o));
    assert!(!out.exists(), "no PDF with a bad template");

    let o = render("receipt", &dir.path().join("missing.json"), &out, &[]);
    assert!(stderr(&o).starts_with("错误：无法读取输入文件"), "{}", stderr(&o));
}

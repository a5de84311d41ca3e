//! Issue 14, "Figures": a case put on hold after its deadline stays 超期, and history
//! from paper records can be entered with its own dates.

use std::path::Path;

use crate::{initialised, run, stderr, stdout};

fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(db, args)).expect("JSON")
}

fn overdue_in_october(db: &Path) -> serde_json::Value {
    json(db, &["report", "rates", "--from", "2026-10-01", "--to", "2026-10-31", "--json"])["total"]["overdue"].clone()
}

fn due_state(db: &Path, number: &str) -> String {
    let page = json(db, &["case", "list", "--json"]);
    let items = page["items"].as_array().expect("items");
    let row = items.iter().find(|r| r["number"] == number).expect("the case is listed");
    row["dueState"].as_str().expect("dueState").to_owned()
}

#[test]
fn issue_14_a_case_put_on_hold_after_its_deadline_stays_overdue() {
    let (_dir, db) = initialised();
    let late =
        ok(&db, &["case", "add", "--channel", "来访", "--title", "楼道灯不亮", "--received-at", "2026-10-22 10:00"]);
    let late = late.trim();
    ok(&db, &["case", "set-status", late, "核查"]);
    assert_eq!(overdue_in_october(&db), 1);

    let hold = ["--hold-reason", "等待物业采购灯具", "--hold-until", "2100-01-01"];
    ok(&db, &[&["case", "set-status", late, "挂起"][..], &hold].concat());
    assert_eq!(overdue_in_october(&db), 1, "holding a late case hid that it was late");
    assert_eq!(due_state(&db, late), "overdue", "the register shows a late case on hold as late");

    ok(&db, &["case", "set-status", late, "处理中"]);
    assert_eq!(overdue_in_october(&db), 1);

    // A case held while still in time is not late: its clock stands still.
    let in_time = ok(&db, &["case", "add", "--channel", "来访", "--title", "单元门禁损坏"]);
    let in_time = in_time.trim();
    ok(&db, &["case", "set-status", in_time, "核查"]);
    ok(&db, &[&["case", "set-status", in_time, "挂起"][..], &hold].concat());
    assert_eq!(due_state(&db, in_time), "on_hold");
}

fn refused(db: &Path, args: &[&str], expected: &str) {
    let o = run(db, args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
    assert!(err.contains(expected), "{args:?}: expected “{expected}” in {err}");
}

#[test]
fn issue_14_history_from_paper_records_is_entered_with_its_own_dates() {
    let (_dir, db) = initialised();
    // 张敏 becomes staff by making a change under that name.
    let number = ok(
        &db,
        &[
            "--staff",
            "张敏",
            "case",
            "add",
            "--channel",
            "电话",
            "--title",
            "楼道灯不亮",
            "--name",
            "王建国",
            "--phone",
            "13812341234",
            "--received-at",
            "2026-10-22 10:00",
        ],
    );
    let n = number.trim();
    ok(&db, &["case", "contact", n, "--note", "电话联系居民，约定次日上门", "--at", "2026-10-22 15:00"]);
    ok(&db, &["case", "assign", n, "--to", "张敏"]);
    refused(&db, &["case", "assign", n, "--to", "李四"], "本站没有在岗的工作人员“李四”");
    ok(&db, &["case", "set-status", n, "核查", "--at", "2026-10-23 09:00"]);

    // Bounded by the model's rules: not before the last step, not before receipt, not in the future.
    refused(
        &db,
        &["case", "set-status", n, "办结", "--resolution", "已更换灯泡", "--at", "2026-10-22 12:00"],
        "不能早于本件上一步的时间",
    );
    refused(&db, &["case", "contact", n, "--note", "再次联系", "--at", "2026-10-21 12:00"], "不能早于本件的受理时间");
    refused(
        &db,
        &["case", "set-status", n, "办结", "--resolution", "已更换灯泡", "--at", "2099-10-22 12:00"],
        "不能晚于现在",
    );

    ok(&db, &["case", "set-status", n, "办结", "--resolution", "已更换灯泡", "--at", "2026-10-25 10:00"]);
    ok(
        &db,
        &[
            "case",
            "follow-up",
            n,
            "--reached",
            "yes",
            "--resolved",
            "yes",
            "--satisfied",
            "满意",
            "--at",
            "2026-10-27 10:00",
        ],
    );

    let detail = json(&db, &["case", "show", n, "--json"]);
    let case = &detail["case"];
    assert_eq!(
        case["respondedAt"], "2026-10-22T07:00:00Z",
        "the contact at 15:00 China time answered the respond clock"
    );
    assert_eq!(case["resolvedAt"], "2026-10-25T02:00:00Z");
    assert_eq!(case["assigneeName"], "张敏");

    let total =
        json(&db, &["report", "rates", "--from", "2026-10-01", "--to", "2026-10-31", "--json"])["total"].clone();
    assert_eq!(total["respondedInTime"], 1);
    assert_eq!(total["followedUp"], 1);
    assert_eq!(total["satisfied"], 1);
    assert_eq!(total["overdue"], 0);
    assert_eq!(total["medianDaysToResolve"], 3.0, "received 10-22 10:00, 办结 10-25 10:00");
}

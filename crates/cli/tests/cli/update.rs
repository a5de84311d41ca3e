//! `update source` and `update check` as the district's IT person uses them on a station PC:
//! the place is kept for this user, the check says which version the district publishes and
//! where its installer is, and a shared folder that is not connected is said in Chinese.

use std::path::Path;
use std::process::{Command, Output};

use super::{stderr, stdout};

fn update(data_home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stationdesk-cli"))
        .arg("update")
        .args(args)
        .env("XDG_DATA_HOME", data_home)
        .env("HOME", data_home)
        .env_remove("STATIONDESK_DB")
        .output()
        .expect("run stationdesk-cli")
}

#[test]
fn the_district_folder_tells_of_a_newer_version_and_where_its_installer_is() {
    let home = tempfile::tempdir().expect("temp dir");
    let share = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        share.path().join("latest.json"),
        r#"{"version":"99.0.0","notes":"2027 年节假日安排","pub_date":"2027-01-05T08:00:00Z",
            "platforms":{"linux-x86_64":{"url":"stationdesk_99.0.0_amd64.deb"},
                         "windows-x86_64":{"url":"StationDesk_99.0.0_x64-setup.exe"}}}"#,
    )
    .expect("write");

    let o = update(home.path(), &["check"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("还没有填写更新地址"), "{}", stderr(&o));

    let folder = share.path().to_str().expect("path");
    let o = update(home.path(), &["source", folder]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!("更新地址：{folder}")), "{}", stdout(&o));
    let o = update(home.path(), &["source"]);
    assert!(stdout(&o).contains(folder), "kept for the next run: {}", stdout(&o));

    let o = update(home.path(), &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(said.contains("有新版本 99.0.0（本机 0."), "{said}");
    assert!(said.contains("更新内容：2027 年节假日安排"), "{said}");
    let installer = if cfg!(windows) { "StationDesk_99.0.0_x64-setup.exe" } else { "stationdesk_99.0.0_amd64.deb" };
    assert!(said.contains(&format!("安装包：{}", share.path().join(installer).display())), "{said}");

    let o = update(home.path(), &["--json", "check"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(json["latest"], "99.0.0");
    assert_eq!(json["newer"], true);

    let gone = share.path().join("未连接的网络盘");
    let o = update(home.path(), &["check", "--from", gone.to_str().expect("path")]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("找不到版本说明"), "{}", stderr(&o));

    let o = update(home.path(), &["source", "ftp://jiedao/"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("http://"), "{}", stderr(&o));
    let o = update(home.path(), &["source", "--clear"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("未填写更新地址"), "{}", stdout(&o));
}

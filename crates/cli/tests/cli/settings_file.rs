//! `station export-settings` and `import-settings` as an IT person sets up the next PC:
//! the file is written owner-only, a dry run says what would change and saves nothing, the
//! import does it, and a file that is not a settings file is refused in Chinese.

use super::{initialised, run, stderr, stdout};

#[test]
fn settings_travel_from_one_station_file_to_the_next() {
    let (dir, from) = initialised();
    let o = run(&from, &["party", "add", "--kind", "物业", "--name", "润都荣园物业服务中心", "--contact", "王经理"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&from, &["retention", "set", "--cases-years", "5"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let file = dir.path().join("服务站设置.json");
    let o = run(&from, &["station", "export-settings", "--out", file.to_str().expect("path")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已导出设置文件到"), "{}", stdout(&o));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("file").permissions().mode();
        assert_eq!(mode & 0o077, 0, "the settings file is readable by others: {mode:o}");
    }

    let (_other, to) = initialised();
    let path = file.to_str().expect("path");
    let o = run(&to, &["station", "import-settings", path, "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(said.contains("将按设置文件（来自 RA 荣傲家园社区微言服务站）修改"), "{said}");
    assert!(said.contains("相关方名录：新增 1 家（润都荣园物业服务中心）"), "{said}");
    assert!(said.contains("个人信息保存期限：诉求 5 年"), "{said}");
    let o = run(&to, &["party", "list"]);
    assert!(!stdout(&o).contains("润都荣园物业服务中心"), "a dry run saved");

    let o = run(&to, &["station", "import-settings", path]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已按设置文件"), "{}", stdout(&o));
    let o = run(&to, &["party", "list"]);
    assert!(stdout(&o).contains("润都荣园物业服务中心"), "{}", stdout(&o));
    let o = run(&to, &["station", "import-settings", path]);
    assert!(stdout(&o).contains("与本机现有设置相同"), "{}", stdout(&o));

    let wrong = dir.path().join("台账.csv");
    std::fs::write(&wrong, "序号,日期,诉求内容\n1,2026-01-05,楼道灯不亮\n").expect("write");
    let o = run(&to, &["station", "import-settings", wrong.to_str().expect("path")]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("不是 StationDesk 的设置文件"), "{}", stderr(&o));
}

use super::*;

fn now() -> DateTime<Utc> {
    "2026-06-01T00:00:00Z".parse().unwrap_or_default()
}

fn header(texts: &[&str]) -> Mapping {
    let cells: Vec<Cell> = texts.iter().map(|t| Cell::Text((*t).to_owned())).collect();
    find_header(&[(3, cells)]).unwrap_or(Mapping { header_row: 0, columns: Vec::new() })
}

fn cx<'a>() -> RowContext<'a> {
    RowContext {
        now: now(),
        numbering: Numbering::Keep,
        default_year: Some(2025),
        station_code: "RA",
        categories: &[],
        staff: &[],
    }
}

fn text(cells: &[&str]) -> Vec<Cell> {
    cells.iter().map(|t| if t.is_empty() { Cell::Empty } else { Cell::Text((*t).to_owned()) }).collect()
}

#[test]
fn headers_are_recognised_from_the_words_staff_write() {
    assert_eq!(recognise("受理时间（年月日）"), Some(LedgerColumn::ReceivedAt));
    assert_eq!(recognise("办结时间"), Some(LedgerColumn::ResolvedAt));
    assert_eq!(recognise("首次联系时间"), Some(LedgerColumn::ContactedAt));
    assert_eq!(recognise("应办结时间"), None);
    assert_eq!(recognise(" 联系电话 "), Some(LedgerColumn::Phone));
    assert_eq!(recognise("诉求内容/问题描述"), Some(LedgerColumn::Content));
    assert_eq!(recognise("回访情况"), Some(LedgerColumn::FollowUp));
    assert_eq!(recognise("荣傲家园社区微言服务站诉求台账（2025年）"), None);
    let m = header(&["序号", "日期", "来源", "姓名", "电话", "地址", "诉求内容", "办理情况", "办结时间", "满意度"]);
    assert_eq!(m.header_row, 3);
    assert_eq!(m.columns[6].field, Some(LedgerColumn::Content));
    assert_eq!(m.columns[6].letter, "G");
    assert_eq!(column_letter(27), "AB");
}

#[test]
fn a_title_row_is_not_a_header_and_names_the_year() {
    let title = vec![Cell::Text("荣傲家园社区微言服务站诉求台账（2025年）".into())];
    assert_eq!(find_header(&[(1, title)]), None);
    assert_eq!(year_in_title("荣傲家园社区微言服务站诉求台账（２０２５年）"), Some(2025));
}

#[test]
fn dates_are_read_in_every_form_staff_type_them() {
    let at = |s: &str| parse_when(&Cell::Text(s.into()), Some(2025), now()).map(|t| t.to_rfc3339());
    let midnight = Ok("2025-03-04T16:00:00+00:00".to_owned());
    assert_eq!(at("2025.3.5"), midnight);
    assert_eq!(at("2025年3月5日"), midnight);
    assert_eq!(at("２０２５．３．５"), midnight);
    assert_eq!(at("2025/03/05"), midnight);
    assert_eq!(at("20250305"), midnight);
    assert_eq!(at("3月5日"), midnight);
    assert_eq!(at("2025-3-5 9:30"), Ok("2025-03-05T01:30:00+00:00".to_owned()));
    assert_eq!(at("2025年3月5日下午2点"), Ok("2025-03-05T06:00:00+00:00".to_owned()));
    let serial = parse_when(&Cell::Number(45721.0), None, now()).map(|t| t.to_rfc3339());
    assert_eq!(serial, midnight);
    assert!(at("2025.2.30").is_err_and(|m| m.contains("不存在")));
    assert!(at("三月五日").is_err_and(|m| m.contains("无法识别")));
    assert!(at("2027.1.1").is_err_and(|m| m.contains("晚于今天")));
    assert!(parse_when(&Cell::Text("3月5日".into()), None, now()).is_err_and(|m| m.contains("没有年份")));
}

#[test]
fn addresses_split_into_compound_building_entrance_room() {
    let (c, b, e, r, p) = split_address("润都荣园1号楼2单元301");
    assert_eq!(
        (c.as_deref(), b.as_deref(), e.as_deref(), r.as_deref(), p),
        (Some("润都荣园"), Some("1"), Some("2"), Some("301"), None)
    );
    assert_eq!(split_address("南门广场").4.as_deref(), Some("南门广场"));
    assert_eq!(split_address("润都荣园南门外2百米").4.as_deref(), Some("润都荣园南门外2百米"));
}

#[test]
fn a_resolved_row_with_satisfaction_is_followed_up_at_its_dates() {
    let m = header(&[
        "序号",
        "日期",
        "来源",
        "姓名",
        "电话",
        "地址",
        "诉求内容",
        "办理情况",
        "办结时间",
        "回访情况",
        "满意度",
    ]);
    let row = text(&[
        "７",
        "2025.3.5",
        "意见箱",
        "刘涵",
        "138 1234 1234",
        "润都荣园1号楼2单元301",
        "南门广场坑洼积水。下雨后积水没过脚面",
        "已办结",
        "2025年3月9日",
        "已回访，问题已解决",
        "满意",
    ]);
    let RowOutcome::Case(c) = read_row(5, &row, &m, &cx()) else {
        panic!("refused: {:?}", read_row(5, &row, &m, &cx()))
    };
    assert_eq!(c.serial, Some(7));
    assert_eq!(c.channel, Channel::SuggestionBox);
    assert_eq!(c.phone.as_deref(), Some("13812341234"));
    assert_eq!(c.title, "南门广场坑洼积水");
    assert_eq!(c.description.as_deref(), Some("南门广场坑洼积水。下雨后积水没过脚面"));
    assert_eq!(c.status, CaseStatus::FollowedUp);
    assert_eq!(c.building.as_deref(), Some("1"));
    let f = c.follow_up.as_ref().map(|f| (f.resolved, f.satisfaction));
    assert_eq!(f, Some((true, Satisfaction::Satisfied)));
    assert_eq!(c.resolved_at.map(|t| t.to_rfc3339()), Some("2025-03-08T16:00:00+00:00".to_owned()));
}

#[test]
fn every_problem_of_a_bad_row_is_named_with_its_column() {
    let m = header(&["序号", "日期", "来源", "电话", "诉求内容", "办理情况"]);
    let row = text(&["1", "2025.13.5", "传真", "12345", "楼道灯不亮", "研究中"]);
    let RowOutcome::Refused(r) = read_row(9, &row, &m, &cx()) else { panic!("accepted") };
    let columns: Vec<_> = r.iter().map(|r| r.column.clone().unwrap_or_default()).collect();
    assert_eq!(columns, ["B（日期）", "C（来源）", "D（电话）", "F（办理情况）"]);
    assert!(r[0].to_string().starts_with("第 9 行 B（日期） 列：日期“2025.13.5”不存在"), "{}", r[0]);
    assert!(r[3].message.contains("无法识别"));
}

#[test]
fn blank_and_note_rows_are_skipped_not_refused() {
    let m = header(&["序号", "日期", "诉求内容", "办理情况"]);
    assert_eq!(read_row(20, &text(&["", "", "", ""]), &m, &cx()), RowOutcome::Skipped);
    assert_eq!(read_row(21, &text(&["填表人：张三", "", "", ""]), &m, &cx()), RowOutcome::Skipped);
}

#[test]
fn corrections_move_a_field_to_another_column() {
    let mut m = header(&["序号", "日期", "诉求内容", "备注"]);
    let c: Corrections = [("D".to_owned(), Some("content".to_owned())), ("序号".to_owned(), None)].into();
    assert_eq!(correct(&mut m, &c), Ok(()));
    assert_eq!(m.columns[2].field, None);
    assert_eq!(m.columns[3].field, Some(LedgerColumn::Content));
    assert_eq!(m.columns[0].field, None);
    let bad: Corrections = [("Z".to_owned(), Some("content".to_owned()))].into();
    assert!(correct(&mut m, &bad).is_err_and(|e| e.contains("找不到")));
}

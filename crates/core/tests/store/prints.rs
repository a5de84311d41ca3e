//! The print history of the notices page (打印记录): a preview is not a print, a print is
//! recorded once per press with who, when and how many pages, and a print opens again with
//! the form it was made from.

use stationdesk_core::notices::{self, EventNotice, MeetingNotice, NoticeForm};
use stationdesk_core::prints::{self, NoticePrintQuery, PrintVia};

use crate::Fixture;

fn meeting(name: &str) -> NoticeForm {
    NoticeForm::Meeting(MeetingNotice {
        meeting_name: name.to_owned(),
        purpose: "协商加装电梯的费用分摊".to_owned(),
        time: "2026年12月10日（星期四）下午3:00".to_owned(),
        place: "社区服务站二楼会议室".to_owned(),
        issuer: "荣傲家园社区服务站".to_owned(),
        ..MeetingNotice::default()
    })
}

async fn render(f: &Fixture, form: NoticeForm, addressees: &[String]) -> notices::PrintedNotice {
    notices::render_form(&f.store, &f.actor, form, addressees, &mut |_, _| {}).await.expect("render")
}

fn query(search: Option<&str>, page: u32, page_size: u32) -> NoticePrintQuery {
    NoticePrintQuery { search: search.map(str::to_owned), page, page_size }
}

#[tokio::test]
async fn a_preview_is_not_a_print_and_each_press_records_one() {
    let f = Fixture::new().await;
    let addressees = vec!["1栋1单元".to_owned(), "1栋2单元".to_owned()];
    let form = meeting("加装电梯议事协商会");
    let shown = render(&f, form.clone(), &addressees).await;
    let empty = prints::list(&f.store, f.actor.station_id, &query(None, 1, 20)).await.expect("list");
    assert_eq!((empty.total, empty.rows.len()), (0, 0), "rendering for the preview records nothing");

    let row = prints::record(&f.store, &f.actor, &shown.source, shown.pages, PrintVia::Dialog)
        .await
        .expect("print")
        .expect("a form's print is kept");
    assert_eq!(row.title, "关于召开加装电梯议事协商会的通知");
    assert_eq!((row.copies, row.pages, row.via), (2, shown.pages, PrintVia::Dialog));
    assert_eq!(row.staff_name, f.actor.staff_name);
    let list = prints::list(&f.store, f.actor.station_id, &query(None, 1, 20)).await.expect("list");
    assert_eq!(list.total, 1, "one press, one row");
    assert_eq!(list.rows, std::slice::from_ref(&row));

    // The audit log says what was printed, for which history row, how many pages, by whom.
    let audit = f.store.audit_history(f.actor.station_id, "notice_print", row.id).await.expect("audit");
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "print");
    assert_eq!(audit[0].staff_name, f.actor.staff_name);
    assert_eq!(
        audit[0].changes[0].after.as_deref(),
        Some(format!("会议通知「关于召开加装电梯议事协商会的通知」（{} 页）", shown.pages).as_str())
    );

    // Pressing 打印 again is a second print.
    prints::record(&f.store, &f.actor, &shown.source, shown.pages, PrintVia::Viewer).await.expect("again");
    let list = prints::list(&f.store, f.actor.station_id, &query(None, 1, 20)).await.expect("list");
    assert_eq!(list.total, 2);
    assert_eq!(list.rows[0].via, PrintVia::Viewer, "newest first");
}

#[tokio::test]
async fn a_print_opens_again_with_its_form_and_renders_the_same_pages() {
    let f = Fixture::new().await;
    let form = NoticeForm::Event(EventNotice {
        title: "夏季义诊进社区".to_owned(),
        summary: "三甲医院专家到社区义诊。".to_owned(),
        time: "2026年12月12日（星期六）上午9:00—11:30".to_owned(),
        place: "社区广场".to_owned(),
        issuer: "荣傲家园社区服务站".to_owned(),
        ..EventNotice::default()
    });
    let shown = render(&f, form.clone(), &[]).await;
    let row = prints::record(&f.store, &f.actor, &shown.source, shown.pages, PrintVia::Dialog)
        .await
        .expect("print")
        .expect("row");
    let detail = prints::get(&f.store, f.actor.station_id, row.id).await.expect("open");
    assert_eq!(detail.notice, form, "the form comes back as it was typed");
    assert!(detail.addressees.is_empty());
    assert_eq!(detail.print, row);
    let again = render(&f, detail.notice, &detail.addressees).await;
    assert_eq!(again.pages, shown.pages);

    let err = prints::get(&f.store, f.actor.station_id, row.id + 1000).await.expect_err("none");
    assert!(err.user_message().contains("不存在"), "{}", err.user_message());
}

#[tokio::test]
async fn the_history_pages_and_searches_by_title() {
    let f = Fixture::new().await;
    for name in ["加装电梯议事会", "楼道堆物整治会", "垃圾分类推进会", "电梯维保协调会", "100%_满意度评议会"]
    {
        let shown = render(&f, meeting(name), &[]).await;
        prints::record(&f.store, &f.actor, &shown.source, shown.pages, PrintVia::Dialog).await.expect("print");
    }
    let first = prints::list(&f.store, f.actor.station_id, &query(None, 1, 2)).await.expect("page 1");
    assert_eq!(first.total, 5);
    assert_eq!(first.rows.len(), 2);
    assert!(first.rows[0].title.contains("满意度"), "newest first: {:?}", first.rows[0].title);
    let last = prints::list(&f.store, f.actor.station_id, &query(None, 3, 2)).await.expect("page 3");
    assert_eq!(last.rows.len(), 1);
    assert!(last.rows[0].title.contains("加装电梯"), "{:?}", last.rows[0].title);

    let lift = prints::list(&f.store, f.actor.station_id, &query(Some("电梯"), 1, 20)).await.expect("search");
    let titles: Vec<&str> = lift.rows.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["关于召开电梯维保协调会的通知", "关于召开加装电梯议事会的通知"]);
    // `%` and `_` are letters in a search, not wildcards.
    let pct = prints::list(&f.store, f.actor.station_id, &query(Some("0%_"), 1, 20)).await.expect("search");
    assert_eq!(pct.total, 1);
    let none = prints::list(&f.store, f.actor.station_id, &query(Some("%"), 1, 20)).await.expect("search");
    assert_eq!(none.total, 1, "only the title with a % in it");

    let err = prints::list(&f.store, f.actor.station_id, &query(None, 1, 1000)).await.expect_err("too many");
    assert!(err.user_message().contains("每页最多"), "{}", err.user_message());
}

#[tokio::test]
async fn a_form_over_64_kb_is_refused_before_it_renders() {
    let f = Fixture::new().await;
    let NoticeForm::Meeting(m) = meeting("议事会") else { unreachable!() };
    let big = NoticeForm::Meeting(MeetingNotice { agenda: vec!["很长的议题".repeat(1000); 5], ..m });
    let err = notices::render_form(&f.store, &f.actor, big, &[], &mut |_, _| {}).await.expect_err("too big");
    assert!(err.user_message().contains("64 KB"), "{}", err.user_message());
    let list = prints::list(&f.store, f.actor.station_id, &query(None, 1, 20)).await.expect("list");
    assert_eq!(list.total, 0);
}

//! Notices from the records: the station's wording, a case's receipt and reply letter,
//! and the audit row of each print.

use chrono::Duration;
use stationdesk_core::cases::{self, CaseStatus};
use stationdesk_core::notices;
use stationdesk_core::prints::{self, PrintVia};
use stationdesk_core::workflow::{self, TransitionRequest};

use crate::{Fixture, case};

#[tokio::test]
async fn a_bad_placeholder_is_refused_by_name_and_reset_restores_the_default() {
    let f = Fixture::new().await;
    let all = notices::templates(&f.store, f.actor.station_id).await.expect("templates");
    assert_eq!(all.iter().map(|t| t.kind.as_str()).collect::<Vec<_>>(), ["meeting", "event", "receipt", "reply"]);
    let receipt = all.iter().find(|t| t.kind.as_str() == "receipt").expect("receipt");
    assert!(receipt.is_default);

    let bad = receipt.body.replacen('}', "}{受理编码}", 1);
    let err = notices::save_template(&f.store, &f.actor, "receipt", Some(&bad)).await.unwrap_err();
    assert!(err.to_string().contains("{受理编码}"), "the message names the placeholder: {err}");

    let edited = format!("{}\n请妥善保管本回执。", receipt.body);
    let saved = notices::save_template(&f.store, &f.actor, "receipt", Some(&edited)).await.expect("save");
    assert!(!saved.is_default);
    let reset = notices::save_template(&f.store, &f.actor, "receipt", None).await.expect("reset");
    assert!(reset.is_default);
    assert_eq!(reset.body, receipt.body);
}

#[tokio::test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
async fn a_case_prints_its_receipt_and_after_resolution_its_reply_each_recorded() {
    let f = Fixture::new().await;
    let mut input = case("南门广场路面坑洼积水", "雨后积水没过脚面");
    input.resident_name = Some("刘涵".into());
    input.received_at = Some(chrono::Utc::now() - Duration::hours(2));
    let c = cases::create(&f.store, &f.actor, input).await.expect("create");

    let receipt = notices::render_case_notice(&f.store, &f.actor, c.id, "receipt").await.expect("receipt");
    assert!(receipt.pdf.starts_with(b"%PDF"), "a PDF");
    assert_eq!(receipt.file_name, format!("受理回执-{}.pdf", c.number));
    assert!(receipt.pages >= 1);

    let err = notices::render_case_notice(&f.store, &f.actor, c.id, "reply").await.unwrap_err();
    assert!(err.to_string().contains("办结"), "{err}");
    let done = TransitionRequest {
        resolution: Some("物业已重新铺设路面".into()),
        ..TransitionRequest::to(CaseStatus::Resolved)
    };
    workflow::transition(&f.store, &f.actor, c.id, &done).await.expect("resolve");
    let reply = notices::render_case_notice(&f.store, &f.actor, c.id, "reply").await.expect("reply");
    assert!(reply.pdf.starts_with(b"%PDF"));
    let history = cases::detail(&f.store, f.actor.station_id, c.id).await.expect("detail").history;
    assert!(!history.iter().any(|h| h.action == "print"), "a preview is not a print");
    for n in [&receipt, &reply] {
        prints::record(&f.store, &f.actor, &n.source, n.pages, PrintVia::Dialog).await.expect("print");
    }
    // Issue 16: the letter finishes the sentence the worker left open; the record does not.
    let letter = pdf_text(&reply.pdf).replace(char::is_whitespace, "");
    assert!(letter.contains("物业已重新铺设路面。"), "the result ends with 。 in the letter:\n{letter}");
    let stored = cases::get(&f.store, f.actor.station_id, c.id).await.expect("case").resolution;
    assert_eq!(stored.as_deref(), Some("物业已重新铺设路面"), "the record keeps what was typed");

    let history = cases::detail(&f.store, f.actor.station_id, c.id).await.expect("detail").history;
    let printed: Vec<&str> = history.iter().filter(|h| h.action == "print").filter_map(|h| h.note.as_deref()).collect();
    assert_eq!(printed, ["受理回执", "答复函"]);
    let what = history.iter().find(|h| h.action == "print").expect("print").changes[0].after.clone();
    assert_eq!(what, Some(format!("受理回执（{} 页）", receipt.pages)), "what and how many pages");
}

/// The font names `pdffonts` lists for a PDF (poppler-utils, installed by the test setup).
fn pdf_fonts(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("notice.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let out = std::process::Command::new("pdffonts").arg(&path).output().expect("pdffonts (poppler-utils) runs");
    assert!(out.status.success(), "pdffonts failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
async fn a_preferred_font_prints_the_body_and_a_missing_one_is_refused_by_name() {
    let f = Fixture::new().await;
    let c = cases::create(&f.store, &f.actor, case("5号楼1单元楼道灯不亮", "三楼到六楼的声控灯都不亮"))
        .await
        .expect("create");
    let before = notices::render_case_notice(&f.store, &f.actor, c.id, "receipt").await.expect("receipt");
    assert!(pdf_fonts(&before.pdf).contains("FandolFang"), "the bundled 仿宋 prints the body by default");

    let missing = "/no/such/folder/simfang.ttf";
    let err = notices::save_font(&f.store, &f.actor, "fangsong", Some(missing)).await.unwrap_err();
    assert!(err.to_string().contains(missing), "the message names the font: {err}");
    let err = notices::save_font(&f.store, &f.actor, "kaiti", Some("楷体")).await.unwrap_err();
    assert!(err.to_string().contains("fangsong"), "an unknown role lists the roles: {err}");
    // The window sends only a family name: a path typed there is refused, not read (the
    // program's own file dialog picks a font file).
    let serif = concat!(env!("CARGO_MANIFEST_DIR"), "/../notice/fonts/NotoSerifSC-Regular.otf");
    for typed in [serif, "/etc/passwd", "simfang.ttf", "..\\fonts\\x"] {
        let err = notices::save_font_family(&f.store, &f.actor, "fangsong", Some(typed)).await.unwrap_err();
        assert!(err.to_string().contains("选择字体文件"), "{typed}: {err}");
    }
    assert!(notices::fonts(&f.store, f.actor.station_id).await.expect("fonts").iter().all(|r| r.choice.is_none()));

    // A font file the station points at (here the bundled 宋体 file, standing in for an
    // installed 仿宋) replaces the bundled 仿宋 in the body.
    let rows = notices::save_font(&f.store, &f.actor, "fangsong", Some(serif)).await.expect("save font");
    let row = rows.iter().find(|r| r.role.as_str() == "fangsong").expect("fangsong row");
    assert_eq!(row.choice.as_deref(), Some(serif));
    assert!(row.path.is_some() && row.problem.is_none(), "{row:?}");
    let after = notices::render_case_notice(&f.store, &f.actor, c.id, "receipt").await.expect("receipt");
    let fonts = pdf_fonts(&after.pdf);
    assert!(!fonts.contains("FandolFang"), "the preferred font replaced the bundled 仿宋:\n{fonts}");
    assert!(fonts.contains("NotoSerif"), "{fonts}");
    assert!(fonts.lines().skip(2).all(|l| l.contains("yes yes")), "embedded and subset:\n{fonts}");

    let rows = notices::save_font(&f.store, &f.actor, "fangsong", None).await.expect("reset");
    assert!(rows.iter().all(|r| r.choice.is_none()));
    let reset = notices::render_case_notice(&f.store, &f.actor, c.id, "receipt").await.expect("receipt");
    assert!(pdf_fonts(&reset.pdf).contains("FandolFang"), "back to the bundled 仿宋");
}

/// The text `pdftotext` extracts, in reading order.
pub(crate) fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("notice.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
async fn the_station_phone_is_checked_then_printed_where_residents_call() {
    use stationdesk_core::station::{self, StationDetails};
    let f = Fixture::new().await;
    let c = cases::create(&f.store, &f.actor, case("楼道灯不亮", "三单元二楼")).await.expect("create");
    let before = notices::render_case_notice(&f.store, &f.actor, c.id, "receipt").await.expect("receipt");
    let text = pdf_text(&before.pdf);
    assert!(!text.contains("联系电话"), "without a phone the clause is left out, not printed empty:\n{text}");

    // A bad phone and an empty name are both refused, and nothing is saved.
    let bad = StationDetails { name: " ".into(), phone: Some("8601234".into()), poster_link: None };
    let err = station::update(&f.store, &f.actor, &bad).await.unwrap_err();
    let fields: Vec<(String, String)> = match &err {
        stationdesk_core::CoreError::Invalid(e) => e.iter().map(|e| (e.field.clone(), e.message.clone())).collect(),
        other => panic!("not a field error: {other}"),
    };
    assert_eq!(fields.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), ["name", "phone"]);
    assert!(fields[1].1.starts_with("服务站电话格式不正确"), "{}", fields[1].1);
    assert_eq!(station::current(&f.store).await.expect("station").phone, None);

    let good = StationDetails {
        name: "荣傲家园社区微言服务站".into(),
        phone: Some("0311 8601 2345".into()),
        poster_link: None,
    };
    let saved = station::update(&f.store, &f.actor, &good).await.expect("update");
    assert_eq!(saved.phone.as_deref(), Some("0311-86012345"), "tidied");
    assert_eq!(station::current(&f.store).await.expect("station").phone.as_deref(), Some("0311-86012345"));

    let after = notices::render_case_notice(&f.store, &f.actor, c.id, "receipt").await.expect("receipt");
    let text = pdf_text(&after.pdf);
    assert!(text.contains("联系电话：0311-86012345"), "the receipt gives the station's phone:\n{text}");

    let audit = f.store.audit_history(f.actor.station_id, "station", f.actor.station_id).await.expect("audit");
    assert!(audit.iter().any(|a| a.action == "update" && a.changes.iter().any(|c| c.field == "phone")), "{audit:?}");
}

/// Issue 14, notices item 9: the receipt printed from the record named the case number
/// twice in its 查询方式 (“凭受理编号 RA-2026-0001 到…”, then “查询时请告知受理编号…”).
#[tokio::test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
async fn the_receipt_names_the_case_number_once_per_sentence_without_spaces() {
    let f = Fixture::new().await;
    let c = cases::create(&f.store, &f.actor, case("楼道灯不亮", "三单元二楼")).await.expect("create");
    let receipt = notices::render_case_notice(&f.store, &f.actor, c.id, "receipt").await.expect("receipt");
    let text = pdf_text(&receipt.pdf);
    let flat: String = text.lines().map(str::trim).collect();
    assert_eq!(flat.matches(c.number.as_str()).count(), 2, "受理编号为… and 查询时请告知…, no more:\n{text}");
    assert!(!flat.contains(&format!(" {}", c.number)) && !flat.contains(&format!("{} ", c.number)), "{text}");
    let query = flat.split("查询方式").nth(1).unwrap_or_default();
    assert_eq!(query.matches(c.number.as_str()).count(), 1, "the 查询方式 section names it once:\n{text}");
}

/// Issue 14: a meeting's notice printed once per invited organisation, each copy addressed
/// to it (its 主送 line) on pages of its own, in one PDF, the print recorded.
#[tokio::test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
async fn a_meeting_notice_prints_one_copy_per_invited_party() {
    use stationdesk_core::parties::{self, PartyInput, PartyKind};
    use stationdesk_core::schedule::MeetingKind;
    use stationdesk_core::schedule::meetings::{self, MeetingInput};
    let f = Fixture::new().await;
    let names = ["润都荣园物业服务中心", "荣盛房地产开发公司", "1号楼居民代表 刘涵"];
    let mut ids = Vec::new();
    for (kind, name) in ["property", "developer", "resident_rep"].iter().zip(names) {
        let input = PartyInput {
            id: None,
            kind: PartyKind::parse(kind).expect("kind"),
            name: name.to_owned(),
            contact_person: None,
            phone: None,
            note: None,
            active: true,
        };
        ids.push(parties::save(&f.store, &f.actor, &input).await.expect("party").id);
    }
    let start = chrono::Utc::now() + Duration::days(3);
    let input = MeetingInput {
        kind: MeetingKind::Consultation,
        title: "关于地下车库楼梯改造的恳谈会".into(),
        purpose: Some("商议1-4号楼楼梯改造方案".into()),
        start,
        end: start + Duration::hours(1),
        place: "社区会议室".into(),
        contact_person: None,
        contact_phone: None,
        party_ids: ids,
        staff_ids: vec![],
        agenda: vec![],
    };
    let m = meetings::create(&f.store, &f.actor, &input).await.expect("meeting").meeting;

    let printed = notices::render_meeting_notices(&f.store, &f.actor, m.id).await.expect("copies");
    let text = pdf_text(&printed.pdf);
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert_eq!(pages.len() as u32, printed.pages);
    assert_eq!(pages.len() % names.len(), 0, "every copy has the same pages: {}", pages.len());
    let per_copy = pages.len() / names.len();
    for (i, name) in names.iter().enumerate() {
        let copy = &pages[i * per_copy..(i + 1) * per_copy];
        let addressed: Vec<&str> = names.iter().copied().filter(|n| copy[0].contains(&format!("{n}："))).collect();
        assert_eq!(addressed, [*name], "copy {} is addressed to its party alone:\n{}", i + 1, copy[0]);
    }
    let history = f.store.audit_history(f.actor.station_id, "meeting", m.id).await.expect("history");
    assert!(!format!("{history:?}").contains("各单位一份"), "rendering the copies is not a print");
    prints::record(&f.store, &f.actor, &printed.source, printed.pages, PrintVia::Viewer).await.expect("print");
    let history = f.store.audit_history(f.actor.station_id, "meeting", m.id).await.expect("history");
    let printed_rows = format!("{history:?}");
    assert!(printed_rows.contains("各单位一份，共 3 份"), "the print is recorded: {printed_rows}");
    assert!(printed_rows.contains("用系统查看器打开"), "and how: {printed_rows}");

    // A meeting with no organisation invited says what to do instead.
    let alone = MeetingInput { party_ids: vec![], title: "站内工作例会".into(), ..input };
    let m = meetings::create(&f.store, &f.actor, &alone).await.expect("meeting").meeting;
    let err = notices::render_meeting_notices(&f.store, &f.actor, m.id).await.expect_err("no parties");
    assert!(err.user_message().contains("还没有邀请单位"), "{}", err.user_message());
}

//! The notice engine at the boundary a user sees: the words in the PDF (`pdftotext`), its
//! fonts (`pdffonts`), its metadata (`pdfinfo`) and how it looks (`pdftoppm` PNGs kept in
//! `test-output/notice/`). Needs poppler-utils.

#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

mod fuzz;
mod issue14;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{FixedOffset, TimeZone};
use stationdesk_notice::text::no_line_start;
use stationdesk_notice::{
    FontSet, MeetingNotice, Notice, NoticeError, NoticeKind, RenderOptions, Rendered, default_template, render,
    render_batch, validate_template,
};

pub fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

pub fn example(kind: NoticeKind) -> Notice {
    let text = std::fs::read_to_string(examples().join(format!("{}.json", kind.as_str()))).unwrap();
    Notice::from_json(kind, &text).unwrap()
}

fn options() -> RenderOptions {
    RenderOptions { created: FixedOffset::east_opt(8 * 3600).unwrap().with_ymd_and_hms(2025, 7, 10, 9, 30, 0).single() }
}

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test-output/notice");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Write the PDF under test-output/notice/ and return its path.
pub fn save(name: &str, r: &Rendered) -> PathBuf {
    let path = out_dir().join(format!("{name}.pdf"));
    std::fs::write(&path, &r.pdf).unwrap();
    path
}

fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    let out =
        Command::new(name).args(args).arg(pdf).args(if name == "pdftotext" { &["-"][..] } else { &[][..] }).output();
    let out = out.unwrap_or_else(|e| panic!("{name} (poppler-utils) is needed: {e}"));
    assert!(out.status.success(), "{name} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

pub fn pdftotext(pdf: &Path) -> String {
    tool("pdftotext", &["-enc", "UTF-8"], pdf)
}

pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every needle appears in the haystack, in this order.
fn assert_in_order(haystack: &str, needles: &[String]) {
    let hay = squash(haystack);
    let mut from = 0;
    for n in needles {
        let n = squash(n);
        match hay[from..].find(&n) {
            Some(i) => from += i + n.len(),
            None => panic!("“{n}” missing or out of order in:\n{haystack}"),
        }
    }
}

fn png(name: &str, pdf: &Path) {
    let prefix = out_dir().join(name);
    let status = Command::new("pdftoppm").args(["-png", "-r", "60"]).arg(pdf).arg(&prefix).status().unwrap();
    assert!(status.success());
}

fn check_fonts(pdf: &Path) {
    let listing = tool("pdffonts", &[], pdf);
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts in {listing}");
    for row in rows {
        let name = row.split_whitespace().next().unwrap();
        // Columns: name type encoding emb sub uni object ID
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "font not embedded+subset+unicode: {row}");
        assert!(name.len() > 7 && name.as_bytes()[6] == b'+', "not a subset name: {row}");
    }
}

fn check_line_starts(text: &str) {
    for line in text.lines() {
        // Page numbers (`— 1 —`) start with a dash by design.
        if squash(line).strip_prefix('—').is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit())) {
            continue;
        }
        if let Some(c) = line.trim_start().chars().next() {
            assert!(!no_line_start(c), "a line starts with “{c}”: {line}");
        }
    }
}

fn render_example(kind: NoticeKind) -> (Rendered, PathBuf, String) {
    let r = render(FontSet::bundled(), &example(kind), &options()).unwrap();
    let path = save(kind.as_str(), &r);
    png(kind.as_str(), &path);
    check_fonts(&path);
    let text = pdftotext(&path);
    check_line_starts(&text);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    (r, path, text)
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
fn meeting_notice_has_every_field_in_reading_order() {
    let (r, path, text) = render_example(NoticeKind::Meeting);
    let Notice::Meeting(m) = example(NoticeKind::Meeting) else { unreachable!() };
    let mut fields = vec![format!("关于召开{}的通知", m.meeting_name), m.addressees.join("、"), m.purpose.clone()];
    fields.extend([m.time.clone(), m.place.clone(), m.attendees_note.clone()]);
    for a in &m.attendees {
        fields.extend([a.name.clone(), a.unit.clone(), a.role.clone(), a.phone.clone()]);
    }
    fields.extend(m.agenda.iter().cloned());
    fields.extend(m.requirements.iter().cloned());
    fields.extend([m.contact_person.clone(), m.contact_phone.clone(), "附件：会议回执".into(), m.issuer.clone()]);
    fields.extend(["2025年7月10日".into(), "会议回执".into(), "7月14日17:00".into(), "社区服务站一楼接待台".into()]);
    assert_in_order(&text, &fields);
    for rare in ['喆', '堃', '珺'] {
        assert!(text.contains(rare), "{rare} lost");
    }
    assert_eq!(r.pages, 3, "two pages of notice and the 回执 page");
    assert!(squash(&text).contains("—1—") && squash(&text).contains("—3—"));
    let info = tool("pdfinfo", &[], &path);
    assert!(info.contains("关于召开荣傲家园加装电梯议事协商会的通知"), "{info}");
    assert!(info.lines().any(|l| l.starts_with("CreationDate:") && l.contains("2025")), "{info}");
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
fn event_poster_has_every_field_and_a_vector_qr_code() {
    let (r, _, text) = render_example(NoticeKind::Event);
    let Notice::Event(e) = example(NoticeKind::Event) else { unreachable!() };
    let fields = [&e.title, &e.summary, &e.time, &e.place, &e.audience, &e.bring, &e.signup, &e.qr_caption];
    let mut fields: Vec<String> = fields.into_iter().cloned().collect();
    fields.extend([e.contact_person.clone(), e.contact_phone.clone(), e.issuer.clone(), "2025年7月10日".into()]);
    assert_in_order(&text, &fields);
    assert_eq!(r.pages, 1);
    let laid = stationdesk_notice::layout(FontSet::bundled(), &example(NoticeKind::Event)).unwrap();
    assert!(laid.pages[0].rects.iter().filter(|r| r.filled).count() > 50, "QR modules drawn as rectangles");
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
fn receipt_and_reply_have_every_field_in_reading_order() {
    let (_, _, text) = render_example(NoticeKind::Receipt);
    let Notice::Receipt(c) = example(NoticeKind::Receipt) else { unreachable!() };
    let fields = ["受理回执", "李喆：", "2025年7月10日9时30分", "来访", &c.title, &c.case_number, &c.description];
    let mut fields: Vec<String> = fields.into_iter().map(str::to_owned).collect();
    fields.extend([c.address.clone(), "2025年7月17日前".into(), c.follow_up.clone(), c.contact_phone.clone()]);
    fields.extend([c.issuer.clone(), "2025年7月10日".into()]);
    assert_in_order(&text, &fields);

    let (_, _, text) = render_example(NoticeKind::Reply);
    let Notice::Reply(c) = example(NoticeKind::Reply) else { unreachable!() };
    let mut fields = vec![format!("关于“{}”的答复", c.title), "李喆：".into(), c.case_number.clone()];
    fields.extend(c.resolution.split('\n').map(str::to_owned));
    fields.extend([c.contact_person.clone(), c.contact_phone.clone(), c.issuer.clone(), "2025年7月12日".into()]);
    assert_in_order(&text, &fields);
}

fn long_body(chars: usize) -> String {
    let sentences = [
        "为进一步做好辖区居民服务工作，",
        "社区服务站将于近期组织开展楼道环境整治（含堆物清理、“飞线”充电排查）。",
        "请各位居民积极配合，",
        "如有疑问可拨打010-12345678咨询；",
        "详情见https://ra.example.cn/notice/2025。",
        "感谢大家的理解与支持！",
        "本次整治范围包括1栋至4栋各单元……",
        "编号RA-2026-0001的诉求已纳入整治清单，",
    ];
    let mut s = String::new();
    let mut i = 0;
    while s.chars().count() < chars {
        s.push_str(sentences[i % sentences.len()]);
        i += 1;
        if i % 9 == 0 {
            s.push('\n');
        }
    }
    s
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
fn ten_thousand_characters_flow_onto_numbered_pages() {
    let Notice::Meeting(m) = example(NoticeKind::Meeting) else { unreachable!() };
    let body = long_body(10_000);
    let notice = Notice::Meeting(MeetingNotice { extra: body.clone(), reply_slip: None, ..m });
    let r = render(FontSet::bundled(), &notice, &options()).unwrap();
    let path = save("long", &r);
    let text = pdftotext(&path);
    assert!(r.pages >= 14, "{} pages", r.pages);
    for n in 1..=r.pages {
        assert!(squash(&text).contains(&format!("—{n}—")), "page number {n}");
    }
    check_line_starts(&text);
    // Every character of the body, in order (page numbers interleave, so strip them).
    let without_numbers: String = text.lines().filter(|l| !l.starts_with('—')).collect::<Vec<_>>().join("\n");
    assert_in_order(&without_numbers, &body.split('\n').map(str::to_owned).collect::<Vec<_>>());
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "2"])
        .arg(&path)
        .arg(out_dir().join("long"))
        .status();
    assert!(status.unwrap().success());
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
fn a_character_no_font_has_is_replaced_visibly_and_reported() {
    let Notice::Receipt(c) = example(NoticeKind::Receipt) else { unreachable!() };
    let notice =
        Notice::Receipt(stationdesk_notice::CaseNotice { description: "楼道灯不亮😀请尽快修".into(), ..c });
    let r = render(FontSet::bundled(), &notice, &options()).unwrap();
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert_eq!(r.warnings[0].codepoint, "U+1F600");
    assert_eq!(r.warnings[0].field, "正文");
    assert!(r.warnings[0].message.contains("😀"));
    let text = pdftotext(&save("emoji", &r));
    assert!(squash(&text).contains("楼道灯不亮□请尽快修"), "{text}");
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
fn a_batch_has_one_copy_per_entrance_and_reports_progress() {
    let entrances: Vec<String> = (1..=4).flat_map(|b| (1..=6).map(move |u| format!("{b}栋{u}单元"))).take(21).collect();
    let json = std::fs::read_to_string(examples().join("meeting-one-page.json")).unwrap();
    let notice = Notice::from_json(NoticeKind::Meeting, &json).unwrap();
    let mut calls = Vec::new();
    let r = render_batch(FontSet::bundled(), &notice, &entrances, &options(), &mut |d, t| calls.push((d, t))).unwrap();
    assert_eq!(r.pages, 21);
    assert_eq!(calls.len(), 22);
    assert_eq!(calls.last(), Some(&(22, 22)));
    let path = save("batch", &r);
    let first_pages = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "2"])
        .arg(&path)
        .arg(out_dir().join("batch"))
        .status();
    assert!(first_pages.unwrap().success());
    let text = pdftotext(&path);
    let addressed: Vec<String> = entrances.iter().map(|e| format!("{e}：")).collect();
    assert_in_order(&text, &addressed);
    assert!(!squash(&text).contains("—1—"), "one-page copies carry no page numbers");
    let empty: Vec<String> = vec!["  ".into()];
    assert!(matches!(
        render_batch(FontSet::bundled(), &notice, &empty, &options(), &mut |_, _| {}),
        Err(NoticeError::NoAddressees)
    ));
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
fn templates_name_what_is_wrong() {
    for kind in NoticeKind::ALL {
        validate_template(kind, default_template(kind)).unwrap();
    }
    let typo = default_template(NoticeKind::Meeting).replace("{会议时间}。", "{会议时问}。");
    let e = validate_template(NoticeKind::Meeting, &typo).unwrap_err();
    assert!(matches!(&e, NoticeError::UnknownPlaceholder { name, .. } if name == "会议时问"), "{e}");
    assert!(e.to_string().contains("{会议时问}") && e.to_string().contains("第 5 行"), "{e}");
    let e = validate_template(NoticeKind::Meeting, "# 通知\n定于{会议时间开会").unwrap_err();
    assert!(matches!(e, NoticeError::UnbalancedBrace { line: 2, brace: '{' }), "{e}");
    let e = validate_template(NoticeKind::Meeting, "定于会议时间}开会").unwrap_err();
    assert!(matches!(e, NoticeError::UnbalancedBrace { line: 1, brace: '}' }), "{e}");
    let e = validate_template(NoticeKind::Meeting, "议程：{会议议程}").unwrap_err();
    assert!(matches!(e, NoticeError::BlockPlaceholderInline { .. }), "{e}");

    // An edited template is used, literal braces included, and the bad one never prints.
    let Notice::Meeting(m) = example(NoticeKind::Meeting) else { unreachable!() };
    let custom = "# {会议名称}通知\n> {主送}：\n定于{会议时间}在{会议地点}开会，请准时参加{{勿迟到}}。\n{会议议程}";
    let notice = Notice::Meeting(MeetingNotice { template: Some(custom.into()), reply_slip: None, ..m.clone() });
    let text = pdftotext(&save("custom", &render(FontSet::bundled(), &notice, &options()).unwrap()));
    assert_in_order(&text, &["请准时参加{勿迟到}。".to_owned(), "1．".to_owned() + &m.agenda[0]]);
    let bad = Notice::Meeting(MeetingNotice { template: Some(typo), ..m });
    assert!(render(FontSet::bundled(), &bad, &options()).is_err());
}

#[test]
fn missing_fields_and_bad_dates_say_what_to_fix() {
    let Notice::Meeting(m) = example(NoticeKind::Meeting) else { unreachable!() };
    let e = render(FontSet::bundled(), &Notice::Meeting(MeetingNotice { time: " ".into(), ..m.clone() }), &options());
    assert_eq!(e.unwrap_err().to_string(), "请填写“会议时间”");
    let e = render(FontSet::bundled(), &Notice::Meeting(MeetingNotice { date: "2025-13-01".into(), ..m }), &options());
    assert!(e.unwrap_err().to_string().contains("2025-07-10"));
    let e = Notice::from_json(NoticeKind::Meeting, r#"{"meeting_nmae": "x"}"#).unwrap_err();
    assert!(e.to_string().contains("meeting_nmae"), "{e}");
}

/// The PDF read back without poppler (lopdf, so it runs on Windows too): each example's
/// words come back out of it, and every font is an embedded subset that maps back to
/// Unicode (what `pdffonts` shows as emb, sub and uni on Linux).
#[test]
fn every_kind_reads_back_its_words_from_embedded_subset_fonts() {
    for kind in [NoticeKind::Meeting, NoticeKind::Event, NoticeKind::Receipt, NoticeKind::Reply] {
        let notice = example(kind);
        let words: Vec<String> = match &notice {
            Notice::Meeting(m) => vec![format!("关于召开{}的通知", m.meeting_name), m.place.clone(), m.issuer.clone()],
            Notice::Event(e) => vec![e.title.clone(), e.place.clone(), e.issuer.clone()],
            Notice::Receipt(c) => vec!["受理回执".into(), c.title.clone(), c.case_number.clone(), c.issuer.clone()],
            Notice::Reply(c) => vec![format!("关于“{}”的答复", c.title), c.case_number.clone(), c.issuer.clone()],
        };
        let r = render(FontSet::bundled(), &notice, &options()).unwrap();
        let doc = lopdf::Document::load_mem(&r.pdf).unwrap();
        let pages = doc.get_pages();
        assert_eq!(pages.len(), r.pages, "{kind:?}");
        let numbers: Vec<u32> = pages.keys().copied().collect();
        let text = squash(&doc.extract_text(&numbers).unwrap());
        for w in &words {
            assert!(text.contains(&squash(w)), "{kind:?}: “{w}” not in the PDF's text: {text}");
        }
        for page in pages.values() {
            for (_, font) in doc.get_page_fonts(*page).unwrap() {
                let name = String::from_utf8_lossy(font.get(b"BaseFont").unwrap().as_name().unwrap()).into_owned();
                assert!(name.len() > 7 && name.as_bytes()[6] == b'+', "{kind:?}: not a subset: {name}");
                assert!(font.has(b"ToUnicode"), "{kind:?}: {name} has no ToUnicode map");
                let descendant = font.get_deref(b"DescendantFonts", &doc).unwrap().as_array().unwrap()[0].clone();
                let (_, cid_font) = doc.dereference(&descendant).unwrap();
                let descriptor = cid_font.as_dict().unwrap().get_deref(b"FontDescriptor", &doc).unwrap();
                let descriptor = descriptor.as_dict().unwrap();
                assert!(
                    [&b"FontFile"[..], b"FontFile2", b"FontFile3"].iter().any(|k| descriptor.has(k)),
                    "{kind:?}: {name} is not embedded"
                );
            }
        }
    }
}

//! Issue 14, "Notices (measured on rendered PDFs)": each item measured on the laid-out
//! pages (positions in pt) or on the PDF itself, so each fails on the layout it fixed.

use stationdesk_notice::{
    Attendee, BLOCK_BOTTOM, BLOCK_HEIGHT, BLOCK_LEFT, BLOCK_WIDTH, CaseNotice, FontSet, LaidPage, MeetingNotice,
    Notice, NoticeKind, PageGlyph, ReplySlip, layout, render,
};

use super::{example, options, pdftotext, png, save, squash, tool};

const MM: f32 = 72.0 / 25.4;
const PITCH: f32 = BLOCK_HEIGHT / 22.0;
const CELL: f32 = BLOCK_WIDTH / 28.0;

/// Body lines of a page: the 16 pt glyphs grouped by baseline, top to bottom.
fn lines(page: &LaidPage, size: f32) -> Vec<Vec<&PageGlyph>> {
    let mut out: Vec<Vec<&PageGlyph>> = Vec::new();
    for g in page.glyphs.iter().filter(|g| g.size == size) {
        match out.last_mut() {
            Some(l) if (l[0].baseline - g.baseline).abs() < 0.5 => l.push(g),
            _ => out.push(vec![g]),
        }
    }
    out
}

fn line_text(l: &[&PageGlyph]) -> String {
    l.iter().map(|g| g.ch).collect()
}

fn reply(resolution: String) -> Notice {
    let Notice::Reply(c) = example(NoticeKind::Reply) else { unreachable!() };
    Notice::Reply(CaseNotice { resolution, ..c })
}

/// Ordinary text of `n` characters, punctuated like a 办理结果.
fn prose(n: usize) -> String {
    const S: &str = "接到您的反映后，本站当天联系物业服务中心上门查看，经查楼道灯的声控开关老化损坏。物业已全部更换，经夜间测试均已恢复正常。";
    S.chars().cycle().take(n).collect()
}

/// Item 1: the 落款 never stands alone on a page (GB/T 9704 §7.3.5.4).
#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
fn the_signature_never_stands_alone_on_a_page() {
    let alone = |laid: &stationdesk_notice::Layout, issuer: &str, date: &str| {
        laid.pages
            .iter()
            .position(|p| {
                let ls: Vec<String> = lines(p, 16.0).iter().map(|l| line_text(l)).collect();
                !ls.is_empty() && ls.iter().all(|l| l == issuer || l == date || l == "附件：会议回执")
            })
            .map(|i| format!("page {} holds only the 落款 (and 附件说明)", i + 1))
    };
    let mut bad = Vec::new();
    for n in (264..=362).step_by(3) {
        let laid = layout(FontSet::bundled(), &reply(prose(n))).unwrap();
        if let Some(b) = alone(&laid, "荣傲家园社区微言服务站", "2025年7月12日") {
            bad.push(format!("办理结果 of {n} characters: {b}"));
        }
    }
    let Notice::Meeting(m) = example(NoticeKind::Meeting) else { unreachable!() };
    for n in (0..=400).step_by(10) {
        let long = MeetingNotice { extra: prose(n), reply_slip: Some(ReplySlip::default()), ..m.clone() };
        let laid = layout(FontSet::bundled(), &Notice::Meeting(long)).unwrap();
        if let Some(b) = alone(&laid, &m.issuer, "2025年7月10日") {
            bad.push(format!("meeting notice with 补充说明 of {n} characters: {b}"));
        }
    }
    assert!(bad.is_empty(), "{} layouts:\n{}", bad.len(), bad.join("\n"));
    // The 264-character reply the issue measured, as a worker would print it.
    let r = render(FontSet::bundled(), &reply(prose(264)), &options()).unwrap();
    png("issue14-signature-reply-264", &save("issue14-signature-reply-264", &r));
}

/// Item 2: FandolFang draws `？` centred, so it has no blank half to give up.
#[test]
fn a_centred_question_mark_is_not_compressed() {
    // Ink boxes measured in FandolFang (fontTools BoundsPen): ？ 0.32–0.68 em, ” 0.09–0.41 em.
    let text = format!("{}问题什么时候能修好？”请尽快答复。{}", prose(3), prose(40));
    let laid = layout(FontSet::bundled(), &reply(text)).unwrap();
    let glyphs: Vec<&PageGlyph> = laid.pages.iter().flat_map(|p| &p.glyphs).collect();
    let q = glyphs.iter().position(|g| g.ch == '？' && g.size == 16.0).unwrap();
    let (a, b) = (glyphs[q], glyphs[q + 1]);
    assert_eq!(b.ch, '”');
    let overlap = (a.x + 0.68 * a.size) - (b.x + 0.09 * b.size);
    assert!(overlap <= 0.0, "？ and ” overlap by {:.2} mm", overlap / MM);

    // A ？ where a line ends stays inside the block.
    let mut worst = f32::MIN;
    for k in 20..34 {
        let laid = layout(FontSet::bundled(), &reply(format!("{}？{}", prose(k), prose(30)))).unwrap();
        for g in laid.pages.iter().flat_map(|p| &p.glyphs).filter(|g| g.ch == '？') {
            worst = worst.max(g.x + 0.68 * g.size - (BLOCK_LEFT + BLOCK_WIDTH));
        }
    }
    assert!(worst <= 0.01, "a ？ sticks {:.2} mm past the right edge", worst / MM);
}

/// Item 3: a long title breaks between words, in lines of similar length.
#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
fn a_long_title_breaks_between_words_in_balanced_lines() {
    let Notice::Meeting(m) = example(NoticeKind::Meeting) else { unreachable!() };
    let name = "荣傲家园小区1至4号楼加装电梯及地下车库入口楼梯改造工程议事协商恳谈会";
    let notice = Notice::Meeting(MeetingNotice { meeting_name: name.into(), ..m });
    let laid = layout(FontSet::bundled(), &notice).unwrap();
    let title: Vec<String> = lines(&laid.pages[0], 22.0).iter().map(|l| line_text(l)).collect();
    assert!(squash(&title.concat()).chars().count() >= 41, "{title:?}");
    let joined = title.join("|");
    for word in ["加装电梯", "地下车库", "恳谈会", "通知", "楼梯", "改造", "工程", "协商"] {
        let split = (1..word.chars().count()).any(|i| {
            let (a, b): (String, String) = (word.chars().take(i).collect(), word.chars().skip(i).collect());
            joined.contains(&format!("{a}|{b}"))
        });
        assert!(!split, "“{word}” split across title lines: {joined}");
    }
    let lens: Vec<usize> = title.iter().map(|l| l.chars().count()).collect();
    let (min, max) = (lens.iter().min().unwrap(), lens.iter().max().unwrap());
    assert!(max - min <= 6, "unbalanced title lines {lens:?}: {joined}");
    let r = render(FontSet::bundled(), &notice, &options()).unwrap();
    png("issue14-long-title", &save("issue14-long-title", &r));
}

/// The widest gap between neighbouring glyphs of the justified (not last) lines, as a
/// share of the 16 pt character pitch.
fn loosest(page: &LaidPage) -> (f32, String) {
    let ls = lines(page, 16.0);
    let mut worst = (0.0, String::new());
    for pair in ls.windows(2) {
        let l = &pair[0];
        if l.last().is_some_and(|g| "。！？".contains(g.ch)) {
            continue;
        }
        for w in l.windows(2) {
            let gap = (w[1].x - (w[0].x + w[0].width)) / CELL;
            if gap > worst.0 {
                worst = (gap, line_text(l));
            }
        }
    }
    worst
}

/// Item 4: a phone number that does not fit a line's end no longer leaves the line spaced
/// out by a third: the line compresses its punctuation to take the number in.
#[test]
fn a_number_at_a_line_end_does_not_leave_a_loose_line() {
    // 20 cells before the phone number on a 26-cell first line: the number (6.5 cells)
    // overflows by half a cell; the four commas can give up two.
    let text = "经查，楼道灯，声控开关，老化损坏，请您拨打0311-86012345查询后续安排，我们会及时告知办理进展。";
    let laid = layout(FontSet::bundled(), &reply(text.into())).unwrap();
    let (gap, line) = laid.pages.iter().map(loosest).fold((0.0, String::new()), |a, b| if b.0 > a.0 { b } else { a });
    assert!(gap <= 0.10, "a line spaced out by {:.0} % of a character: {line}", gap * 100.0);
}

/// Item 5: the page number's dash sits 7 mm below the text block (GB/T 9704 §7.5).
#[test]
fn the_page_number_dash_is_seven_mm_below_the_block() {
    let laid = layout(FontSet::bundled(), &reply(prose(1200))).unwrap();
    assert!(laid.pages.len() > 1);
    let dash = laid.pages[0].page_number.iter().find(|g| g.ch == '—').unwrap();
    // The dash's ink top in Noto Serif CJK SC is 0.29 em above the baseline.
    let below = (BLOCK_BOTTOM - (dash.baseline + 0.29 * dash.size)) / MM;
    assert!((below - 7.0).abs() < 0.2, "the dash is {below:.1} mm below the block");
}

/// Item 6: the creation date carries its real offset, and the PDF is not called PDF/X.
#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
fn the_pdf_dates_carry_china_time_and_no_pdfx_claim() {
    let r = render(FontSet::bundled(), &example(NoticeKind::Receipt), &options()).unwrap();
    let path = save("issue14-metadata", &r);
    let info = tool("pdfinfo", &["-isodates"], &path);
    assert!(info.contains("2025-07-10T09:30:00+08"), "{info}");
    let raw = String::from_utf8_lossy(&r.pdf);
    assert!(!raw.contains("GTS_PDFX"), "the PDF still claims PDF/X");
    assert!(info.contains("Tagged:          yes"), "{info}");
    // The structure tree gives the text back in reading order.
    let tree = tool("pdfinfo", &["-struct-text"], &path);
    let Notice::Receipt(c) = example(NoticeKind::Receipt) else { unreachable!() };
    let flat = squash(&tree);
    assert!(flat.contains("受理回执") && flat.contains(&c.case_number), "{tree}");
    assert!(flat.find("受理回执") < flat.find(&c.issuer), "{tree}");
}

/// Item 7: decomposed accents are composed; `₂` and `❤` come from the bundled symbols.
#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
fn decomposed_accents_subscripts_and_hearts_print_as_themselves() {
    let text = "Cafe\u{301} 咖啡角开放。义诊测量血氧SpO₂和呼出气CO₂，❤ 关爱老人。".to_owned();
    let r = render(FontSet::bundled(), &reply(text.clone()), &options()).unwrap();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let laid = layout(FontSet::bundled(), &reply(text)).unwrap();
    let chars: String = laid.pages.iter().flat_map(|p| &p.glyphs).map(|g| g.ch).collect();
    assert!(chars.contains("Café") && !chars.contains('\u{301}') && !chars.contains('□'), "{chars}");
    let path = save("issue14-symbols", &r);
    png("issue14-symbols", &path);
    let extracted = squash(&pdftotext(&path));
    for w in ["Café", "SpO₂", "CO₂", "❤"] {
        assert!(extracted.contains(w), "“{w}” not in the PDF's text:\n{extracted}");
    }
}

/// Item 8: a one-line cell sits in the middle of a two-line row; no paragraph ends in a
/// line of one or two characters.
#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
fn table_cells_are_centred_and_paragraphs_have_no_widows() {
    let Notice::Meeting(m) = example(NoticeKind::Meeting) else { unreachable!() };
    let row = Attendee {
        name: "王秀英".into(),
        unit: "荣傲家园小区业主委员会第三届委员".into(),
        role: "代表".into(),
        phone: "13803110001".into(),
    };
    let notice = Notice::Meeting(MeetingNotice { attendees: vec![row], ..m });
    let laid = layout(FontSet::bundled(), &notice).unwrap();
    let page = laid.pages.iter().find(|p| p.glyphs.iter().any(|g| g.ch == '秀')).unwrap();
    let name = page.glyphs.iter().find(|g| g.ch == '秀').unwrap();
    let cell = page
        .rects
        .iter()
        .find(|r| r.x <= name.x && name.x <= r.x + r.width && r.y <= name.baseline && name.baseline <= r.y + r.height)
        .unwrap();
    assert!(cell.height > 1.5 * PITCH, "the row has two lines");
    let centre = name.baseline + 0.38 * name.size;
    let off = (centre - (cell.y + cell.height / 2.0)) / MM;
    assert!(off.abs() < 0.3, "a one-line cell is {off:.1} mm off its row's middle");
    let r = render(FontSet::bundled(), &notice, &options()).unwrap();
    png("issue14-table", &save("issue14-table", &r));

    // 26 + 28 characters fill two lines; one more and 。 would make a widow (入。).
    let mut widows = Vec::new();
    for extra in 0..4 {
        for end in ["入。", "道灯", "灯"] {
            let text = format!("{}{}{end}", prose(26 + 28 - 1), "请".repeat(extra));
            let laid = layout(FontSet::bundled(), &reply(text)).unwrap();
            for p in &laid.pages {
                widows.extend(lines(p, 16.0).iter().map(|l| line_text(l)).filter(|t| t.chars().count() <= 2));
            }
        }
    }
    assert!(widows.is_empty(), "widows: {widows:?}");
}

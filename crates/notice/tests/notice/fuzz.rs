//! Random Chinese, Latin, emoji and whitespace in every field: the engine never panics,
//! never sets a character outside the text block, never loses one.

use std::collections::BTreeMap;

use stationdesk_notice::{
    Attendee, BLOCK_BOTTOM, BLOCK_LEFT, BLOCK_TOP, BLOCK_WIDTH, CaseNotice, EventNotice, FontSet, MeetingNotice,
    Notice, ReplySlip, layout,
};

/// xorshift64*: small, seeded, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn text(&mut self, max: usize) -> String {
        const HAN: &str = "社区服务站居民楼道电梯维修会议通知请于前到场喆堃珺龘靐齉𠮷";
        const PUNCT: &str = "，。、；：？！（）《》「」『』“”‘’……——%·【】";
        const LATIN: [&str; 8] = [
            "010-12345678",
            "RA-2026-0001",
            "https://ra.example.cn/a/b?c=1",
            "ABC",
            "x",
            "2025",
            "e-mail@ra.cn",
            "Wi-Fi",
        ];
        const OTHER: [&str; 10] = ["😀", "👨‍👩‍👧", "❤️", " ", "  ", "\t", "\n", "\u{3000}", "\u{200b}", "é"];
        let len = self.below(max + 1);
        let mut s = String::new();
        for _ in 0..len {
            match self.below(10) {
                0..=4 => s.push(HAN.chars().nth(self.below(HAN.chars().count())).unwrap_or('字')),
                5 | 6 => s.push(PUNCT.chars().nth(self.below(PUNCT.chars().count())).unwrap_or('，')),
                7 => s.push_str(LATIN[self.below(LATIN.len())]),
                8 => s.push_str(OTHER[self.below(OTHER.len())]),
                _ => s.push_str(&"很长的没有标点的句子".repeat(self.below(8))),
            }
        }
        s
    }
    fn list(&mut self, n: usize, max: usize) -> Vec<String> {
        (0..self.below(n + 1)).map(|_| self.text(max)).collect()
    }
}

fn notice(rng: &mut Rng) -> (Notice, Vec<String>) {
    let t = |r: &mut Rng, m: usize| r.text(m);
    match rng.below(4) {
        0 => {
            let m = MeetingNotice {
                meeting_name: format!("议事会{}", t(rng, 30)),
                addressees: rng.list(3, 10),
                purpose: t(rng, 80),
                time: format!("7月{}", t(rng, 20)),
                place: format!("会议室{}", t(rng, 20)),
                attendees_note: t(rng, 60),
                attendees: (0..rng.below(12))
                    .map(|_| Attendee { name: rng.text(8), unit: rng.text(12), role: rng.text(6), phone: rng.text(4) })
                    .collect(),
                agenda: rng.list(5, 60),
                requirements: rng.list(4, 60),
                contact_person: t(rng, 6),
                contact_phone: t(rng, 4),
                reply_slip: (rng.below(2) == 0).then(|| ReplySlip { deadline: rng.text(10), return_to: rng.text(10) }),
                extra: t(rng, 400),
                issuer: format!("服务站{}", t(rng, 20)),
                date: "2025-07-10".into(),
                template: None,
            };
            let mut fields = vec![m.meeting_name.clone(), m.purpose.clone(), m.time.clone(), m.place.clone()];
            fields.extend(m.addressees.iter().cloned());
            fields.extend([m.attendees_note.clone(), m.extra.clone(), m.issuer.clone()]);
            fields.extend(m.agenda.iter().chain(&m.requirements).cloned());
            for a in &m.attendees {
                fields.extend([a.name.clone(), a.unit.clone(), a.role.clone(), a.phone.clone()]);
            }
            if !m.contact_person.trim().is_empty() && !m.contact_phone.trim().is_empty() {
                fields.extend([m.contact_person.clone(), m.contact_phone.clone()]);
            }
            (Notice::Meeting(m), fields)
        }
        1 => {
            let e = EventNotice {
                title: format!("义诊{}", t(rng, 20)),
                addressees: rng.list(2, 10),
                summary: t(rng, 200),
                time: format!("7月{}", t(rng, 20)),
                place: format!("广场{}", t(rng, 20)),
                audience: t(rng, 30),
                bring: t(rng, 30),
                signup: t(rng, 30),
                qr_text: if rng.below(2) == 0 { t(rng, 40) } else { String::new() },
                qr_caption: t(rng, 15),
                contact_person: t(rng, 6),
                contact_phone: t(rng, 6),
                issuer: format!("服务站{}", t(rng, 10)),
                date: String::new(),
                template: None,
            };
            let fields = vec![
                e.title.clone(),
                e.summary.clone(),
                e.time.clone(),
                e.place.clone(),
                e.audience.clone(),
                e.bring.clone(),
                e.issuer.clone(),
            ];
            (Notice::Event(e), fields)
        }
        k => {
            let c = CaseNotice {
                case_number: format!("RA-2026-{}", rng.below(10_000)),
                received_at: "2025-07-10 09:30".into(),
                channel: t(rng, 6),
                title: format!("诉求{}", t(rng, 40)),
                description: t(rng, 300),
                resident_name: t(rng, 6),
                address: t(rng, 30),
                expected_response: if rng.below(2) == 0 { "2025-07-17".into() } else { t(rng, 10) },
                follow_up: t(rng, 60),
                resolution: format!("已办结{}", t(rng, 400)),
                contact_person: t(rng, 6),
                contact_phone: t(rng, 6),
                issuer: format!("服务站{}", t(rng, 10)),
                date: "2025-07-12".into(),
                template: None,
            };
            let mut fields = vec![c.case_number.clone(), c.title.clone(), c.issuer.clone()];
            // The reply letter names the case by its title; the receipt repeats what was said.
            fields.extend(if k == 2 {
                [c.description.clone(), c.follow_up.clone()]
            } else {
                [c.resolution.clone(), String::new()]
            });
            (if k == 2 { Notice::Receipt(c) } else { Notice::Reply(c) }, fields)
        }
    }
}

/// The characters a field must show: no whitespace, no invisible joiners; a character no
/// font has shows as □.
fn visible(fonts: &FontSet, s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| !c.is_whitespace() || *c == '\u{3000}')
        .filter(|c| !matches!(*c as u32, 0x200B..=0x200F | 0xFE00..=0xFE0F | 0xFEFF))
        .filter(|c| *c != '\u{3000}')
        .map(|c| if fonts.covers(c) { c } else { '□' })
        .collect()
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler, which has no Windows build here")]
fn random_text_in_every_field_never_panics_overflows_or_loses_a_character() {
    let fonts = FontSet::bundled();
    let mut rng = Rng(0x5eed_2025_0710);
    let mut rendered = 0;
    for case in 0..300 {
        let (notice, fields) = notice(&mut rng);
        let laid = match layout(fonts, &notice) {
            Ok(l) => l,
            Err(e) => panic!("case {case}: {e}"),
        };
        rendered += 1;
        let mut have: BTreeMap<char, usize> = BTreeMap::new();
        for (p, page) in laid.pages.iter().enumerate() {
            for g in &page.glyphs {
                let (l, b, r, t) = g.bounds();
                let inside = l >= BLOCK_LEFT - 0.05
                    && r <= BLOCK_LEFT + BLOCK_WIDTH + 0.05
                    && b >= BLOCK_BOTTOM - 0.05
                    && t <= BLOCK_TOP + 0.05;
                assert!(inside, "case {case} page {p}: “{}” at {l:.1},{b:.1}–{r:.1},{t:.1} outside the block", g.ch);
                *have.entry(g.ch).or_default() += 1;
            }
        }
        let mut need: BTreeMap<char, usize> = BTreeMap::new();
        for f in &fields {
            for c in visible(fonts, f) {
                *need.entry(c).or_default() += 1;
            }
        }
        for (c, n) in need {
            let got = have.get(&c).copied().unwrap_or(0);
            assert!(
                got >= n,
                "case {case}: “{c}” (U+{:04X}) laid out {got} times, input has {n}: {notice:?}",
                c as u32
            );
        }
        if case % 60 == 0 {
            // The PDF too: every character comes back out of pdftotext.
            let r = stationdesk_notice::render(fonts, &notice, &Default::default()).unwrap();
            let text = super::pdftotext(&super::save(&format!("fuzz-{case}"), &r));
            let mut out: BTreeMap<char, usize> = BTreeMap::new();
            for c in super::squash(&text).chars() {
                *out.entry(c).or_default() += 1;
            }
            for (c, n) in have.iter().filter(|(c, _)| !c.is_whitespace()) {
                let got = out.get(c).copied().unwrap_or(0);
                assert!(got >= *n, "case {case}: “{c}” (U+{:04X}) extracted {got} times, laid out {n}", *c as u32);
            }
        }
    }
    assert_eq!(rendered, 300);
}

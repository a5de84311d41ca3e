//! The monthly / yearly work report's pure rules: which period a report covers, its
//! title, the bounds on the typical cases a worker edits, and the wording of a typical
//! case (典型案例) drafted from a case's timeline.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::cases::Channel;
use crate::error::FieldError;
use crate::input::{EARLIEST_DATE, LATEST_DATE, excerpt};

/// A report's period: a calendar month or a calendar year (China dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ReportPeriod {
    Month { year: i32, month: u32 },
    Year { year: i32 },
}

/// Typical cases in one report, characters in a case's title and text.
pub const MAX_TYPICAL_CASES: usize = 5;
pub const MAX_CASE_TITLE_CHARS: usize = 40;
pub const MAX_CASE_TEXT_CHARS: usize = 1000;

impl ReportPeriod {
    /// `2026-11` as typed on the command line or picked in the window.
    pub fn parse_month(text: &str) -> Result<Self, FieldError> {
        let bad = || FieldError::new("month", format!("月份“{}”无法识别，请写成 2026-11", excerpt(text)));
        let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if y.len() != 4 || !(1..=12).contains(&month) {
            return Err(bad());
        }
        Self::Month { year, month }.checked()
    }

    /// `2026`.
    pub fn parse_year(text: &str) -> Result<Self, FieldError> {
        let bad = || FieldError::new("year", format!("年份“{}”无法识别，请写成 2026", excerpt(text)));
        let t = text.trim();
        let year: i32 = if t.len() == 4 { t.parse().map_err(|_| bad())? } else { return Err(bad()) };
        Self::Year { year }.checked()
    }

    /// The period, if it lies within the dates the station's records may name.
    pub fn checked(self) -> Result<Self, FieldError> {
        let (field, label) = match self {
            Self::Month { .. } => ("month", "月份"),
            Self::Year { .. } => ("year", "年份"),
        };
        match self.bounds() {
            Some((from, to)) if from >= EARLIEST_DATE && to <= LATEST_DATE => Ok(self),
            _ => Err(FieldError::new(
                field,
                format!("{label}超出可用范围：请选择 {} 至 {} 之间的{label}", EARLIEST_DATE.year(), LATEST_DATE.year()),
            )),
        }
    }

    /// First and last day, both included.
    pub fn bounds(self) -> Option<(NaiveDate, NaiveDate)> {
        match self {
            Self::Month { year, month } => {
                let from = NaiveDate::from_ymd_opt(year, month, 1)?;
                let next = if month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1)?
                };
                Some((from, next.pred_opt()?))
            }
            Self::Year { year } => Some((NaiveDate::from_ymd_opt(year, 1, 1)?, NaiveDate::from_ymd_opt(year, 12, 31)?)),
        }
    }

    /// `2026年11月` or `2026年`.
    pub fn label(self) -> String {
        match self {
            Self::Month { year, month } => format!("{year}年{month}月"),
            Self::Year { year } => format!("{year}年"),
        }
    }

    /// `本月` or `本年度`, as the report's sentences say it.
    pub fn this(self) -> &'static str {
        match self {
            Self::Month { .. } => "本月",
            Self::Year { .. } => "本年度",
        }
    }

    /// `荣傲家园社区微言服务站2026年11月工作报告`.
    pub fn title(self, station: &str) -> String {
        format!("{}{}工作报告", station.trim(), self.label())
    }
}

/// Characters of the issuer a district report is signed with (`荣华街道办事处`).
pub const MAX_ISSUER_CHARS: usize = 30;

/// The district report's issuer (发文机关署名) as typed: trimmed, one line, not empty.
pub fn check_issuer(text: &str) -> Result<String, FieldError> {
    let issuer = crate::input::clean_line(text);
    if issuer.is_empty() {
        return Err(FieldError::new("issuer", "请填写报告的署名（街道办事处的名称），例如：荣华街道办事处"));
    }
    let len = issuer.chars().count();
    if len > MAX_ISSUER_CHARS {
        return Err(FieldError::new("issuer", format!("署名有 {len} 个字，最多 {MAX_ISSUER_CHARS} 个字，请缩短")));
    }
    Ok(issuer)
}

impl ReportPeriod {
    /// `荣华街道办事处2026年11月社区服务站工作情况报告`.
    pub fn district_title(self, issuer: &str) -> String {
        format!("{}{}社区服务站工作情况报告", issuer.trim(), self.label())
    }
}

/// A typical case as the report prints it, after the worker's edits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TypicalCase {
    pub case_id: i64,
    pub title: String,
    pub text: String,
}

/// The typical cases trimmed and checked: at most five, titles and texts within bounds
/// and not empty.
pub fn check_typical_cases(cases: &[TypicalCase]) -> Result<Vec<TypicalCase>, FieldError> {
    if cases.len() > MAX_TYPICAL_CASES {
        return Err(FieldError::new(
            "typical",
            format!("典型案例最多 {MAX_TYPICAL_CASES} 个（现有 {} 个），请删去一些", cases.len()),
        ));
    }
    let mut out = Vec::with_capacity(cases.len());
    for (i, c) in cases.iter().enumerate() {
        let n = i + 1;
        let title = crate::input::clean_line(&c.title);
        let text = c.text.trim().to_owned();
        if title.is_empty() || text.is_empty() {
            return Err(FieldError::new(&format!("typical.{i}"), format!("第 {n} 个典型案例的标题和内容都要填写")));
        }
        if title.chars().count() > MAX_CASE_TITLE_CHARS {
            return Err(FieldError::new(
                &format!("typical.{i}.title"),
                format!("第 {n} 个典型案例的标题超过 {MAX_CASE_TITLE_CHARS} 个字，请缩短"),
            ));
        }
        let len = text.chars().count();
        if len > MAX_CASE_TEXT_CHARS {
            return Err(FieldError::new(
                &format!("typical.{i}.text"),
                format!("第 {n} 个典型案例有 {len} 个字，超过 {MAX_CASE_TEXT_CHARS} 个字，请精简"),
            ));
        }
        out.push(TypicalCase { case_id: c.case_id, title, text });
    }
    Ok(out)
}

/// One step of a case's story, in time order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoryStep {
    /// 现场勘查: who went and what they found.
    Survey { day: NaiveDate, people: String, findings: String },
    /// A step with a note (a plan, a meeting's decision as its timeline records it).
    Note { day: NaiveDate, note: String },
    /// 办结 with what was done.
    Resolved { day: NaiveDate, resolution: String },
    /// A call-back that reached the resident.
    FollowUp { day: NaiveDate, resolved: Option<bool>, satisfaction: Option<String> },
}

/// What a typical case is drafted from (no names or phones of residents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseStory {
    pub received: NaiveDate,
    pub channel: Channel,
    pub place: String,
    pub title: String,
    pub description: String,
    pub steps: Vec<StoryStep>,
}

/// How a resident brought the case in, as the sentence says it.
fn channel_phrase(c: Channel) -> &'static str {
    match c {
        Channel::Visit => "居民到服务站反映",
        Channel::SuggestionBox => "居民通过意见箱反映",
        Channel::Phone => "居民来电反映",
        Channel::WeChat => "居民通过微信反映",
        Channel::LiveStream => "居民在直播中反映",
        Channel::Hotline12345 => "12345热线转来居民反映",
        Channel::GridPatrol => "网格员巡查发现",
    }
}

fn sentence(text: &str) -> String {
    let t = text.trim().trim_end_matches(['。', '，', '；', '.', ',', ';']);
    t.to_owned()
}

/// A meeting's decision as the meetings service writes it on the case's timeline:
/// `{meeting}（2026-11-10）决定：{decision}`.
fn meeting_decision(note: &str) -> Option<(&str, &str)> {
    let (head, decision) = note.split_once("）决定：")?;
    let (meeting, _) = head.rsplit_once('（')?;
    Some((meeting.trim(), decision.trim()))
}

/// The characters a drafted paragraph keeps at most (the worker edits it afterwards).
pub const MAX_DRAFT_CHARS: usize = 600;

/// A typical case's paragraph in plain official Chinese: received when and how, what,
/// who surveyed, meeting, fixed, the call-back's answer. The first date names the year,
/// later ones only when the year changes.
pub fn draft(story: &CaseStory) -> String {
    let mut year = story.received.year();
    let mut day = |d: NaiveDate| {
        if d.year() == year {
            format!("{}月{}日", d.month(), d.day())
        } else {
            year = d.year();
            format!("{}年{}月{}日", d.year(), d.month(), d.day())
        }
    };
    let r = story.received;
    let mut out = format!("{}年{}月{}日，{}", r.year(), r.month(), r.day(), channel_phrase(story.channel));
    // `荣傲家园 北门` before a title that already says 北门 reads `荣傲家园“北门…”`.
    for part in story.place.split_whitespace().filter(|p| !story.title.contains(p)) {
        out.push_str(part);
    }
    out.push_str(&format!("“{}”的问题", sentence(&story.title)));
    let description = sentence(&story.description);
    if !description.is_empty() && description != sentence(&story.title) {
        out.push_str(&format!("：{description}"));
    }
    out.push('。');
    for step in &story.steps {
        match step {
            StoryStep::Survey { day: d, people, findings } => {
                let who = if people.trim().is_empty() { "工作人员" } else { people.trim() };
                out.push_str(&format!("{}，{who}到现场勘查", day(*d)));
                let f = sentence(findings);
                if !f.is_empty() {
                    out.push_str(&format!("，{f}"));
                }
                out.push('。');
            }
            StoryStep::Note { day: d, note } => match meeting_decision(note) {
                Some((meeting, decision)) => {
                    out.push_str(&format!("{}，服务站召开{meeting}，商定{}。", day(*d), sentence(decision)))
                }
                None => out.push_str(&format!("{}，{}。", day(*d), sentence(note))),
            },
            StoryStep::Resolved { day: d, resolution } => {
                let what = sentence(resolution);
                if what.is_empty() {
                    out.push_str(&format!("{}，诉求办结。", day(*d)));
                } else {
                    out.push_str(&format!("{}，{what}，诉求办结。", day(*d)));
                }
            }
            StoryStep::FollowUp { day: d, resolved, satisfaction } => {
                out.push_str(&format!("{}回访，", day(*d)));
                out.push_str(match resolved {
                    Some(true) => "居民表示问题已解决",
                    Some(false) => "居民表示问题尚未解决",
                    None => "已联系到居民",
                });
                if let Some(s) = satisfaction {
                    out.push_str(&format!("，评价为“{s}”"));
                }
                out.push('。');
            }
        }
    }
    if out.chars().count() > MAX_DRAFT_CHARS {
        out = out.chars().take(MAX_DRAFT_CHARS - 1).collect();
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_district_report_is_signed_with_a_name_of_bounded_length() {
        assert_eq!(check_issuer("  荣华街道\n办事处 ").as_deref(), Ok("荣华街道 办事处"));
        assert!(check_issuer(" \n ").unwrap_err().message.contains("请填写报告的署名"));
        let long = "街".repeat(MAX_ISSUER_CHARS + 1);
        assert!(check_issuer(&long).unwrap_err().message.contains("最多 30 个字"));
        assert_eq!(
            ReportPeriod::Month { year: 2026, month: 11 }.district_title("荣华街道办事处"),
            "荣华街道办事处2026年11月社区服务站工作情况报告"
        );
    }

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn a_month_and_a_year_have_their_days_and_titles() {
        let p = ReportPeriod::parse_month("2026-11").expect("month");
        assert_eq!(p.bounds(), Some((d(2026, 11, 1), d(2026, 11, 30))));
        assert_eq!(p.title("荣傲家园社区微言服务站"), "荣傲家园社区微言服务站2026年11月工作报告");
        assert_eq!(
            ReportPeriod::parse_month("2026-12").expect("dec").bounds(),
            Some((d(2026, 12, 1), d(2026, 12, 31)))
        );
        assert_eq!(ReportPeriod::parse_month("2024-02").expect("feb").bounds().map(|b| b.1), Some(d(2024, 2, 29)));
        assert_eq!(ReportPeriod::parse_year("2026").expect("year").label(), "2026年");
        for bad in ["2026-13", "2026/11", "26-11", "2026-", "十一月", ""] {
            let e = ReportPeriod::parse_month(bad).expect_err(bad);
            assert!(e.message.contains("请写成 2026-11"), "{bad}: {}", e.message);
        }
        assert!(ReportPeriod::parse_month("1999-12").expect_err("early").message.contains("超出可用范围"));
        assert!(ReportPeriod::parse_year("2101").is_err());
    }

    #[test]
    fn the_stairs_case_reads_as_one_paragraph_with_its_dates_and_steps() {
        let story = CaseStory {
            received: d(2023, 6, 20),
            channel: Channel::Visit,
            place: "润都荣园1栋负二层".into(),
            title: "地库楼梯台阶过多，老人上下困难".into(),
            description: "去车库要先上8级台阶再下8级台阶。".into(),
            steps: vec![
                StoryStep::Survey {
                    day: d(2023, 6, 21), people: "赵子坤、物业经理李强".into(), findings: "".into()
                },
                StoryStep::Note {
                    day: d(2023, 6, 28),
                    note: "楼梯改造恳谈会（2023-06-28）决定：开发商出具改造方案".into(),
                },
                StoryStep::Resolved {
                    day: d(2023, 8, 30), resolution: "21个单元的楼梯全部改造完成".into()
                },
                StoryStep::FollowUp { day: d(2023, 9, 2), resolved: Some(true), satisfaction: Some("满意".into()) },
            ],
        };
        assert_eq!(
            draft(&story),
            "2023年6月20日，居民到服务站反映润都荣园1栋负二层“地库楼梯台阶过多，老人上下困难”的问题：\
             去车库要先上8级台阶再下8级台阶。6月21日，赵子坤、物业经理李强到现场勘查。6月28日，服务站召开\
             楼梯改造恳谈会，商定开发商出具改造方案。8月30日，21个单元的楼梯全部改造完成，诉求办结。9月2日回访，\
             居民表示问题已解决，评价为“满意”。"
        );
    }

    #[test]
    fn a_place_the_title_already_names_is_not_said_twice() {
        let story = CaseStory {
            received: d(2026, 11, 23),
            channel: Channel::SuggestionBox,
            place: "荣傲家园 北门".into(),
            title: "北门夜间广场舞噪音大".into(),
            description: String::new(),
            steps: vec![],
        };
        assert_eq!(draft(&story), "2026年11月23日，居民通过意见箱反映荣傲家园“北门夜间广场舞噪音大”的问题。");
    }

    #[test]
    fn typical_cases_are_bounded() {
        let ok = TypicalCase { case_id: 1, title: " 楼梯改造 ".into(), text: "文字".into() };
        assert_eq!(check_typical_cases(std::slice::from_ref(&ok)).expect("ok")[0].title, "楼梯改造");
        let six = vec![ok.clone(); 6];
        assert!(check_typical_cases(&six).expect_err("six").message.contains("最多 5 个"));
        let long = TypicalCase { text: "字".repeat(1001), ..ok.clone() };
        assert!(check_typical_cases(&[long]).expect_err("long").message.contains("1001 个字"));
        let empty = TypicalCase { text: " ".into(), ..ok };
        assert!(check_typical_cases(&[empty]).expect_err("empty").message.contains("都要填写"));
    }
}

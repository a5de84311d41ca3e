//! Reading a ledger cell's text: dates and times in the forms staff type, channels,
//! statuses, satisfaction, case numbers and addresses.

use super::*;

/// `2025.3.5`, `2025-03-05 9:30`, `2025/3/5`, `2025年3月5日`, `20250305`, `3月5日` (with the
/// year of the ledger's title), a real Excel date, or an Excel day number — China time.
pub fn parse_when(cell: &Cell, default_year: Option<i32>, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let local = match cell {
        Cell::DateTime(d) => *d,
        Cell::Number(n) => {
            excel_serial(*n).ok_or_else(|| format!("日期“{}”无法识别：请写成 2025-03-05", cell.text()))?
        }
        Cell::Text(t) => parse_date_text(t, default_year)?,
        Cell::Empty => return Err("日期为空".to_owned()),
    };
    let day = local.date();
    if day < EARLIEST_DATE || day > LATEST_DATE {
        return Err(format!("日期 {day} 超出范围：应在 2000 年到 2100 年之间，请检查年份"));
    }
    let at = local.and_local_timezone(CHINA_OFFSET).single().map(|t| t.with_timezone(&Utc));
    let at = at.ok_or_else(|| format!("日期“{}”无法识别", cell.text()))?;
    if at > now + Duration::minutes(5) {
        return Err(format!("日期 {} 晚于今天：请检查年份和月份", day.format("%Y-%m-%d")));
    }
    Ok(at)
}

/// An Excel day number (1900 date system, days since 1899-12-30) as a wall-clock time.
pub fn excel_serial(n: f64) -> Option<NaiveDateTime> {
    if !(1.0..2_958_466.0).contains(&n) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(NaiveTime::MIN);
    let seconds = (n * 86_400.0).round() as i64;
    base.checked_add_signed(Duration::seconds(seconds))
}

fn parse_date_text(raw: &str, default_year: Option<i32>) -> Result<NaiveDateTime, String> {
    let text = half_width(raw.trim());
    let bad = || format!("日期“{}”无法识别：请写成 2025-03-05、2025.3.5 或 2025年3月5日", excerpt(raw));
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || " .-/:T年月日号时点分秒".contains(c) || matches!(c, '上' | '下' | '午'))
    {
        return Err(bad());
    }
    let afternoon = text.contains("下午");
    let groups: Vec<&str> = text.split(|c: char| !c.is_ascii_digit()).filter(|g| !g.is_empty()).collect();
    let num = |s: &str| s.parse::<u32>().ok();
    let (y, m, d, rest): (i32, u32, u32, &[&str]) = match groups.as_slice() {
        [ymd, rest @ ..] if ymd.len() == 8 => (
            ymd[..4].parse().map_err(|_| bad())?,
            num(&ymd[4..6]).ok_or_else(bad)?,
            num(&ymd[6..]).ok_or_else(bad)?,
            rest,
        ),
        [y, m, d, rest @ ..] if y.len() == 4 => {
            (y.parse().map_err(|_| bad())?, num(m).ok_or_else(bad)?, num(d).ok_or_else(bad)?, rest)
        }
        [m, d, rest @ ..] if m.len() <= 2 && text.contains('月') => {
            let y = default_year.ok_or_else(|| format!("日期“{}”没有年份：请写成 2025年3月5日", excerpt(raw)))?;
            (y, num(m).ok_or_else(bad)?, num(d).ok_or_else(bad)?, rest)
        }
        _ => return Err(bad()),
    };
    let day =
        NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("日期“{}”不存在：请检查月份和日", excerpt(raw)))?;
    let time = match rest {
        [] => NaiveTime::MIN,
        [h, tail @ ..] if tail.len() <= 2 => {
            let mut h = num(h).ok_or_else(bad)?;
            if afternoon && h < 12 {
                h += 12;
            }
            let min = tail.first().and_then(|m| num(m)).unwrap_or(0);
            let sec = tail.get(1).and_then(|s| num(s)).unwrap_or(0);
            NaiveTime::from_hms_opt(h, min, sec)
                .ok_or_else(|| format!("时间“{}”不存在：请检查小时和分钟", excerpt(raw)))?
        }
        _ => return Err(bad()),
    };
    Ok(day.and_time(time))
}

/// A year named in a title row above the header: `…诉求台账（2025年）`.
pub fn year_in_title(text: &str) -> Option<i32> {
    let text = half_width(text);
    let i = text.find('年')?;
    let digits: String = text[..i].chars().rev().take_while(char::is_ascii_digit).collect();
    let year: i32 = digits.chars().rev().collect::<String>().parse().ok()?;
    (2000..=2100).contains(&year).then_some(year)
}

pub(super) fn parse_channel(text: &str) -> Option<Channel> {
    Channel::parse(text).or_else(|| {
        let t = text.trim();
        let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
        if has(&["12345", "热线", "市长"]) {
            Some(Channel::Hotline12345)
        } else if has(&["意见箱", "信箱", "留言箱", "意见簿"]) {
            Some(Channel::SuggestionBox)
        } else if has(&["微信", "公众号", "小程序"]) {
            Some(Channel::WeChat)
        } else if has(&["直播"]) {
            Some(Channel::LiveStream)
        } else if has(&["网格", "巡查"]) {
            Some(Channel::GridPatrol)
        } else if has(&["电话", "来电"]) {
            Some(Channel::Phone)
        } else if has(&["来访", "走访", "上门", "现场", "窗口"]) {
            Some(Channel::Visit)
        } else {
            None
        }
    })
}

/// A ledger's 办理情况 when it is a status word.
pub fn parse_status(text: &str) -> Option<CaseStatus> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.strip_prefix('已').unwrap_or(&t);
    Some(match t {
        "受理" | "待办" | "待处理" | "未办" | "未办理" | "登记" => CaseStatus::Accepted,
        "核查" | "核实" | "核实中" | "核查中" | "勘查" => CaseStatus::Investigating,
        "处理中" | "办理中" | "正在办理" | "正在处理" | "在办" | "处理" => CaseStatus::InProgress,
        "办结" | "解决" | "完成" | "处理完毕" | "办理完毕" | "完结" => CaseStatus::Resolved,
        "回访" => CaseStatus::FollowedUp,
        "关闭" | "结案" | "归档" => CaseStatus::Closed,
        "挂起" | "暂缓" => CaseStatus::OnHold,
        "转办" | "转交" | "移交" => CaseStatus::Referred,
        "重复" => CaseStatus::Duplicate,
        _ => return None,
    })
}

pub(super) fn parse_satisfaction(text: &str) -> Option<Satisfaction> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.contains("不满意") {
        Some(Satisfaction::Dissatisfied)
    } else if t.contains("基本满意") || t.contains("比较满意") || t == "一般" {
        Some(Satisfaction::BasicallySatisfied)
    } else if t.contains("满意") {
        Some(Satisfaction::Satisfied)
    } else {
        None
    }
}

/// The serial a kept ledger number gives: `7` (in the year received) or `RA-2025-0007`.
pub(super) fn parse_serial(text: &str, code: &str, received: Option<DateTime<Utc>>) -> Result<Option<i64>, String> {
    let t = text.trim();
    if let Ok(n) = t.parse::<i64>() {
        return if (1..=999_999).contains(&n) {
            Ok(Some(n))
        } else {
            Err(format!("序号“{}”超出范围：应为 1 到 999999", excerpt(t)))
        };
    }
    let parts: Vec<&str> = t.split('-').collect();
    if let [c, y, n] = parts.as_slice()
        && let (Ok(y), Ok(n)) = (y.parse::<i32>(), n.parse::<i64>())
    {
        if !c.eq_ignore_ascii_case(code) {
            return Err(format!("编号“{}”不是本站（{code}）的编号：请改用“新编号”导入", excerpt(t)));
        }
        let year = received.map(|r| r.with_timezone(&CHINA_OFFSET).format("%Y").to_string());
        if year.is_some_and(|ry| ry != y.to_string()) {
            return Err(format!("编号“{}”的年份与受理日期不符：请检查，或改用“新编号”导入", excerpt(t)));
        }
        return if (1..=999_999).contains(&n) {
            Ok(Some(n))
        } else {
            Err(format!("编号“{}”超出范围", excerpt(t)))
        };
    }
    Err(format!("序号“{}”无法识别：应为数字（如 7）或本站编号（如 {code}-2025-0007），或改用“新编号”导入", excerpt(t)))
}

type AddressParts = (Option<String>, Option<String>, Option<String>, Option<String>, Option<String>);

/// `润都荣园1号楼2单元301` → compound, building, entrance, room; anything else is a place.
pub fn split_address(text: &str) -> AddressParts {
    let t = half_width(text).replace(' ', "");
    let place = || (None, None, None, None, Some(text.trim().to_owned()).filter(|p| !p.is_empty()));
    let Some(first_digit) = t.find(|c: char| c.is_ascii_digit()) else { return place() };
    let compound = Some(t[..first_digit].to_owned()).filter(|c| !c.is_empty());
    let mut rest = &t[first_digit..];
    let mut take = |suffixes: &[&str]| -> Option<String> {
        let n = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if n == 0 {
            return None;
        }
        let after = &rest[n..];
        let s = suffixes.iter().find(|s| after.starts_with(*s))?;
        let number = rest[..n].to_owned();
        rest = &after[s.len()..];
        Some(number)
    };
    let building = take(&["号楼", "栋", "幢", "#", "-"]);
    let entrance = take(&["单元", "-"]);
    let room = take(&["室", "号", "户", ""]);
    if building.is_none() || !rest.is_empty() {
        return place();
    }
    (compound, building, entrance, room, None)
}

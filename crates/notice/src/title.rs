//! Where a long title breaks. GB/T 9704 §7.3.3: a title of several lines is centred, each
//! line a whole phrase, the lines of similar length (梯形 or 菱形), never a full line and a
//! stub, never a word split across lines (加装|电梯). Without a dictionary the breaks
//! are chosen by cost: after punctuation, 的, 关于, 召开 and the like, before or after
//! 和/与/及; anywhere else between two Han characters is expensive (it may split a word);
//! inside a Latin word or number, or against the kinsoku rules, it is not allowed.

use crate::text::{no_line_end, no_line_start};

/// Cost of a break that may split a word, in em² of imbalance (~5 em off balance).
const MID_WORD: f32 = 30.0;

fn width_em(ch: char) -> f32 {
    if ch.is_ascii() { 0.55 } else { 1.0 }
}

/// The cost of breaking between `chars[i - 1]` and `chars[i]`, `None` where not allowed.
fn break_cost(chars: &[char], i: usize) -> Option<f32> {
    let (a, b) = (chars[i - 1], chars[i]);
    if no_line_start(b) || no_line_end(a) || (a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()) {
        return None;
    }
    if a.is_ascii_punctuation() && b.is_ascii_alphanumeric() || a.is_ascii_alphanumeric() && b == '-' {
        return None;
    }
    let after = |words: &[&str]| {
        words.iter().any(|w| {
            let w: Vec<char> = w.chars().collect();
            i >= w.len() && chars[i - w.len()..i] == w[..]
        })
    };
    let before = |words: &[&str]| {
        words.iter().any(|w| {
            let w: Vec<char> = w.chars().collect();
            chars.len() >= i + w.len() && chars[i..i + w.len()] == w[..]
        })
    };
    if "，、：；。！？”’）》」』".contains(a) || "“‘（《「『".contains(b) {
        return Some(0.0);
    }
    if after(&["关于", "召开", "举办", "开展", "做好", "加强", "印发", "转发", "进一步", "的"])
        || before(&["的通知", "的答复", "的通告", "的公告", "的决定", "的意见", "的方案", "的报告"])
    {
        return Some(1.0);
    }
    if after(&["和", "与", "及", "暨", "并"]) || before(&["和", "与", "及", "暨"]) {
        return Some(2.0);
    }
    if a.is_ascii() != b.is_ascii() {
        return Some(4.0);
    }
    // Words of a station's notices: never split one, and a break where one starts or
    // ends is likely between words.
    let mut touches = false;
    for w in WORDS {
        let w: Vec<char> = w.chars().collect();
        for start in i.saturating_sub(w.len() - 1)..=i {
            if start + w.len() <= chars.len() && chars[start..start + w.len()] == w[..] {
                if start < i && i < start + w.len() {
                    return Some(MID_WORD);
                }
                touches = true;
            }
        }
        touches |= i >= w.len() && chars[i - w.len()..i] == w[..];
    }
    Some(if touches { 3.0 } else { UNKNOWN })
}

/// Cost of a break between two Han characters the word list knows nothing about.
const UNKNOWN: f32 = 15.0;

/// Common words of community notices (a break inside one costs [`MID_WORD`]).
const WORDS: &[&str] = &[
    "关于",
    "召开",
    "举办",
    "开展",
    "社区",
    "小区",
    "家园",
    "居民",
    "业主",
    "物业",
    "服务站",
    "服务",
    "中心",
    "楼栋",
    "单元",
    "号楼",
    "电梯",
    "加装",
    "楼梯",
    "车库",
    "地下",
    "入口",
    "改造",
    "工程",
    "维修",
    "议事",
    "协商",
    "恳谈会",
    "座谈会",
    "会议",
    "活动",
    "通知",
    "答复",
    "回执",
    "义诊",
    "健康",
    "安全",
    "消防",
    "卫生",
    "环境",
    "整治",
    "停车",
    "管理",
    "垃圾",
    "分类",
    "老旧",
    "供暖",
    "供水",
    "燃气",
    "道路",
    "广场",
    "绿化",
    "志愿者",
    "志愿",
    "文化",
    "宣传",
    "培训",
    "讲座",
    "项目",
    "方案",
    "意见",
    "征求",
    "工作",
    "问题",
    "情况",
    "有关",
    "事项",
    "全体",
    "代表",
    "委员会",
    "老年人",
    "儿童",
    "夏季",
    "冬季",
    "春节",
    "进社区",
];

/// Split `text` into the fewest lines of at most `max_em` ems each, choosing among those
/// the breaks of least cost (imbalance² plus break costs). `None` when no split fits (the
/// caller then breaks as a paragraph).
pub(crate) fn split(text: &str, max_em: f32) -> Option<Vec<String>> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut prefix = vec![0.0f32; n + 1];
    for (i, c) in chars.iter().enumerate() {
        prefix[i + 1] = prefix[i] + width_em(*c);
    }
    let total = prefix[n];
    if total <= max_em {
        return Some(vec![text.to_owned()]);
    }
    let lines = (total / max_em).ceil() as usize;
    for count in lines..=lines + 1 {
        let avg = total / count as f32;
        // best[k][i]: least cost of setting chars[..i] in k lines; from[k][i] the break before.
        let mut best = vec![vec![f32::INFINITY; n + 1]; count + 1];
        let mut from = vec![vec![0usize; n + 1]; count + 1];
        best[0][0] = 0.0;
        for k in 1..=count {
            for i in 1..=n {
                let end_cost = if i == n { Some(0.0) } else { break_cost(&chars, i) };
                let Some(end_cost) = end_cost else { continue };
                for j in (k - 1)..i {
                    let w = prefix[i] - prefix[j];
                    if w > max_em || !best[k - 1][j].is_finite() {
                        continue;
                    }
                    let cost = best[k - 1][j] + (w - avg).powi(2) + end_cost;
                    if cost < best[k][i] {
                        best[k][i] = cost;
                        from[k][i] = j;
                    }
                }
            }
        }
        if best[count][n].is_finite() {
            let mut cuts = vec![n];
            let mut i = n;
            for k in (1..=count).rev() {
                i = from[k][i];
                cuts.push(i);
            }
            cuts.reverse();
            return Some(cuts.windows(2).map(|w| chars[w[0]..w[1]].iter().collect()).collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn a_long_meeting_title_breaks_between_words_in_balanced_lines() {
        let t = "关于召开荣傲家园1至4号楼加装电梯及地下车库楼梯改造议事协商恳谈会的通知";
        let lines = split(t, 20.0).unwrap_or_default();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].ends_with('及') || lines[0].ends_with("电梯") || lines[1].starts_with('及'), "{lines:?}");
    }
}

//! How alike two reports are, to find earlier reports of the same problem while a case is
//! typed: the titles' word pairs, the words of title and description together, and the
//! place (same 小区 and 楼栋, or the same public place). Pure: the word pairs are cut by the
//! caller (the core's search cutting), the score is computed here.

use std::collections::BTreeSet;

/// One report as compared: its word pairs and where it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Word pairs of the title.
    pub title: BTreeSet<String>,
    /// Word pairs of the title and the description together.
    pub text: BTreeSet<String>,
    pub compound: Option<String>,
    pub building: Option<String>,
    /// A public place (南门广场) instead of a building.
    pub place: Option<String>,
}

/// How two reports' places relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceMatch {
    /// Same 小区 and 楼栋, or the same named place in the same (or an unknown) 小区.
    Same,
    /// Same 小区, building or place unknown or different.
    SameCompound,
    /// Not known for one of them.
    Unknown,
    /// Both name a 小区, and they differ.
    Elsewhere,
}

/// The score and how the places relate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Likeness {
    /// 0–1.
    pub score: f64,
    pub place: PlaceMatch,
}

/// Below this a candidate is not shown.
pub const SHOW_FROM: f64 = 0.2;

fn norm(v: &Option<String>) -> Option<String> {
    v.as_deref().map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty())
}

pub fn place_match(a: &Report, b: &Report) -> PlaceMatch {
    let (ca, cb) = (norm(&a.compound), norm(&b.compound));
    if let (Some(x), Some(y)) = (&ca, &cb)
        && x != y
    {
        return PlaceMatch::Elsewhere;
    }
    let same_compound = ca.is_some() && ca == cb;
    let same_building = norm(&a.building).is_some() && norm(&a.building) == norm(&b.building);
    let same_place = norm(&a.place).is_some() && norm(&a.place) == norm(&b.place);
    match (same_compound, same_building || same_place) {
        (true, true) => PlaceMatch::Same,
        // A named place or building with no 小区 on one side: the same spot, likely.
        (false, true) if ca.is_none() || cb.is_none() => PlaceMatch::Same,
        (true, false) => PlaceMatch::SameCompound,
        _ => PlaceMatch::Unknown,
    }
}

/// Shared pairs over the smaller set: a short note inside a longer report counts fully.
fn overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / smaller as f64
}

/// Shared pairs over all pairs of both titles.
fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let shared = a.intersection(b).count();
    let union = a.len() + b.len() - shared;
    if union == 0 { 0.0 } else { shared as f64 / union as f64 }
}

/// How alike `theirs` is to `mine`: words weigh most, the place decides between equals —
/// the same problem told in other words at the same 楼栋 is still found (the place adds
/// 0.3), the same words at another 小区 rank lower (their score is halved).
pub fn likeness(mine: &Report, theirs: &Report) -> Likeness {
    let words = 0.5 * jaccard(&mine.title, &theirs.title) + 0.5 * overlap(&mine.text, &theirs.text);
    let place = place_match(mine, theirs);
    let score = match place {
        PlaceMatch::Same => words + 0.3,
        PlaceMatch::SameCompound => words + 0.1,
        PlaceMatch::Unknown => words,
        PlaceMatch::Elsewhere => words * 0.5,
    };
    Likeness { score: score.clamp(0.0, 1.0), place }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Adjacent character pairs, as the core's search cutting gives them for Chinese.
    fn pairs(text: &str) -> BTreeSet<String> {
        let chars: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
        chars.windows(2).map(|w| w.iter().collect()).collect()
    }

    fn report(title: &str, description: &str, compound: &str, building: Option<&str>, place: Option<&str>) -> Report {
        Report {
            title: pairs(title),
            text: pairs(&format!("{title}{description}")),
            compound: Some(compound.to_owned()),
            building: building.map(str::to_owned),
            place: place.map(str::to_owned),
        }
    }

    #[test]
    fn the_same_problem_in_other_words_at_the_same_building_is_found() {
        let typed = report("3号楼电梯又坏了", "电梯停在5楼不动，老人下不了楼", "荣傲家园", Some("3"), None);
        let earlier = report("电梯故障困人", "3号楼2单元电梯停运，老人下楼困难", "荣傲家园", Some("3"), None);
        let l = likeness(&typed, &earlier);
        assert_eq!(l.place, PlaceMatch::Same);
        assert!(l.score >= SHOW_FROM, "found: {l:?}");
        let unrelated = report("楼道灯不亮", "晚上楼道太黑", "荣傲家园", Some("3"), None);
        assert!(likeness(&typed, &unrelated).score < l.score, "a different problem in the same building ranks lower");
    }

    #[test]
    fn the_same_words_at_another_compound_rank_lower() {
        let typed = report("南门广场路面坑洼积水", "", "润都荣园", None, Some("南门广场"));
        let here = report("南门广场路面坑洼积水", "", "润都荣园", None, Some("南门广场"));
        let there = report("南门广场路面坑洼积水", "", "荣傲家园", None, Some("南门广场"));
        let (h, t) = (likeness(&typed, &here), likeness(&typed, &there));
        assert_eq!((h.place, t.place), (PlaceMatch::Same, PlaceMatch::Elsewhere));
        assert!(h.score > t.score, "{h:?} vs {t:?}");
        assert!((h.score - 1.0).abs() < 1e-9);
    }

    #[test]
    fn nothing_alike_scores_nothing() {
        let a = report("", "", "荣傲家园", None, None);
        let b = report("楼道灯不亮", "", "润都荣园", None, None);
        assert_eq!(likeness(&a, &b).score, 0.0);
        let unknown = Report { compound: None, ..b.clone() };
        assert_eq!(place_match(&a, &unknown), PlaceMatch::Unknown);
    }
}

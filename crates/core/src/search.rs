//! Chinese full-text search that finds words of any length.
//!
//! FTS5's `trigram` tokenizer finds nothing for one- and two-character queries, and most
//! real queries are two characters (积水, 楼梯, 物业). So the index is fed pre-cut grams:
//! column `uni` holds every character, column `bi` every overlapping pair, both as
//! space-separated tokens for the plain `unicode61` tokenizer. A query of one character
//! looks up `uni`; a longer one becomes a phrase of its consecutive pairs in `bi`, which
//! matches exactly where those pairs stand side by side — that is, where the word occurs.
//! Text is cut into segments at anything that is not a letter or digit; a sentinel token
//! between segments keeps a phrase from matching across punctuation.

use stationdesk_model::error::FieldError;

/// Stands between segments in `bi`; three characters, so no query pair can equal it.
const SEGMENT_BREAK: &str = "qqq";

/// What goes into the two index columns for one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexText {
    pub uni: String,
    pub bi: String,
}

/// Lower-cases, folds full-width ASCII to half-width and splits at non-alphanumerics.
fn segments(text: &str) -> Vec<Vec<char>> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    for c in text.chars() {
        let c = fold(c);
        if c.is_alphanumeric() {
            current.extend(c.to_lowercase());
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The distinct adjacent pairs of a text (single characters for one-character segments),
/// as the index holds them: what "similar words" means for duplicates.
pub fn pairs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for seg in segments(text) {
        if seg.len() == 1 {
            out.push(seg[0].to_string());
        }
        for pair in seg.windows(2) {
            out.push(pair.iter().collect());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Matches records whose `bi` column holds any of the given pairs.
pub fn any_pair_expression(pairs: &[String]) -> Option<String> {
    let terms: Vec<String> =
        pairs.iter().filter(|p| p.chars().count() == 2).map(|p| format!("\"{}\"", p.replace('"', ""))).collect();
    (!terms.is_empty()).then(|| format!("bi : ({})", terms.join(" OR ")))
}

/// Cuts the searchable fields of a record into index text.
pub fn index_text<'a>(fields: impl IntoIterator<Item = &'a str>) -> IndexText {
    let mut uni = String::new();
    let mut bi = String::new();
    for field in fields {
        for seg in segments(field) {
            for c in &seg {
                uni.push(*c);
                uni.push(' ');
            }
            for pair in seg.windows(2) {
                bi.push(pair[0]);
                bi.push(pair[1]);
                bi.push(' ');
            }
            bi.push_str(SEGMENT_BREAK);
            bi.push(' ');
        }
    }
    IndexText { uni, bi }
}

/// Turns what a worker typed into an FTS5 query: every word must occur.
/// Returns `None` when there is nothing searchable (only spaces or punctuation).
/// No column is named: a one-character token is only ever in `uni`, a pair only in `bi`
/// and a filter token (eight characters or more) only in `tags`, and without the column
/// filter FTS5 reads a little less (a five-character count on 100 000 cases: 0.93 → 0.83 ms).
pub fn match_expression(query: &str) -> Option<String> {
    let parts: Vec<String> = segments(query)
        .into_iter()
        .map(|seg| {
            if seg.len() == 1 {
                format!("\"{}\"", seg[0])
            } else {
                let pairs: Vec<String> = seg.windows(2).map(|p| p.iter().collect()).collect();
                format!("\"{}\"", pairs.join(" "))
            }
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// A lexeme of a PostgreSQL `tsquery`, quoted. No weight is asked for: a character (one
/// letter), a pair (two) and a filter token (eight or more) can never be the same lexeme,
/// and a weight would make the server recheck every hit against the stored document.
fn lexeme(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
}

/// [`match_expression`] for the PostgreSQL index (`sd_search_doc` in the schema): a
/// character is a lexeme, a word the phrase of its pairs.
pub fn pg_match_expression(query: &str) -> Option<String> {
    let parts: Vec<String> = segments(query)
        .into_iter()
        .map(|seg| {
            if seg.len() == 1 {
                lexeme(&seg[0].to_string())
            } else {
                let pairs: Vec<String> = seg.windows(2).map(|p| lexeme(&p.iter().collect::<String>())).collect();
                format!("({})", pairs.join(" <-> "))
            }
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" & "))
}

/// The PostgreSQL index entry (`tsvector` text) for one record's [`IndexText`] and tags:
/// every character (weight A), every pair (B) and every filter token (C), each at its
/// place in its own list, as `sd_search_doc` in the schema builds it. Built here because
/// the server's SQL version cost 0.45 ms of every save (a `format` per gram); the server
/// only parses this text. The tokens are letters, digits and `qqq`, so quoting never
/// comes into play, but [`lexeme`] quotes them all the same.
pub fn pg_document(text: &IndexText, tags: &str) -> String {
    let mut out = String::with_capacity(text.uni.len() * 3 + text.bi.len() * 2 + tags.len() * 2);
    for (list, weight) in [(text.uni.as_str(), 'A'), (text.bi.as_str(), 'B'), (tags, 'C')] {
        for (i, token) in list.split(' ').filter(|t| !t.is_empty()).enumerate() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&lexeme(token));
            out.push(':');
            out.push_str(&(i + 1).to_string());
            out.push(weight);
        }
    }
    out
}

/// [`any_pair_expression`] for the PostgreSQL index.
pub fn pg_any_pair_expression(pairs: &[String]) -> Option<String> {
    let terms: Vec<String> = pairs.iter().filter(|p| p.chars().count() == 2).map(|p| lexeme(p.as_str())).collect();
    (!terms.is_empty()).then(|| format!("({})", terms.join(" | ")))
}

/// [`filtered_match`] for the PostgreSQL index: the filters are lexemes too.
pub fn pg_filtered_match<'a>(text_expression: &str, tags: impl IntoIterator<Item = Tag<'a>>) -> String {
    let mut parts: Vec<String> = tags.into_iter().map(|t| lexeme(&t.token())).collect();
    parts.push(format!("({text_expression})"));
    parts.join(" & ")
}

/// The longest search a worker may type, in characters: a query is a few words, and a
/// pasted page only makes the index intersect thousands of terms (100 000 characters of
/// `a a a …` took 36 s on 100 000 cases).
pub const MAX_QUERY_CHARS: usize = 100;

/// The most distinct words a search may combine (every word must occur).
pub const MAX_QUERY_TERMS: usize = 10;

/// What a worker typed, checked before it reaches the index: at most
/// [`MAX_QUERY_CHARS`] characters and [`MAX_QUERY_TERMS`] distinct words, repeated words
/// counted once. Returns the distinct words joined by spaces (`None` when there is
/// nothing searchable), or a message saying what to shorten.
pub fn check_query(query: &str) -> Result<Option<String>, FieldError> {
    let n = query.chars().count();
    if n > MAX_QUERY_CHARS {
        return Err(FieldError::new(
            "text",
            format!("搜索内容过长（{n} 字），最多 {MAX_QUERY_CHARS} 字：请只输入要找的几个词"),
        ));
    }
    let mut words: Vec<String> = Vec::new();
    for word in segments(query).into_iter().map(|s| s.into_iter().collect::<String>()) {
        if !words.contains(&word) {
            words.push(word);
        }
    }
    if words.len() > MAX_QUERY_TERMS {
        return Err(FieldError::new(
            "text",
            format!("搜索词过多（{} 个），最多 {MAX_QUERY_TERMS} 个：请删去一些词再搜索", words.len()),
        ));
    }
    Ok((!words.is_empty()).then(|| words.join(" ")))
}

/// A filter the register can combine with a search, stored as a token in column `tags`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag<'a> {
    Station(i64),
    Status(&'a str),
    Category(i64),
    Channel(&'a str),
}

impl Tag<'_> {
    /// `station1`, `statusinprogress`: letters and digits only, so one token each.
    pub fn token(self) -> String {
        let strip = |code: &str| code.chars().filter(char::is_ascii_alphanumeric).collect::<String>();
        match self {
            Tag::Station(id) => format!("station{id}"),
            Tag::Status(code) => format!("status{}", strip(code)),
            Tag::Category(id) => format!("category{id}"),
            Tag::Channel(code) => format!("channel{}", strip(code)),
        }
    }
}

/// The `tags` column for a record.
pub fn tags_text<'a>(tags: impl IntoIterator<Item = Tag<'a>>) -> String {
    tags.into_iter().map(Tag::token).collect::<Vec<_>>().join(" ")
}

/// The search narrowed to the given filters, all inside the index.
pub fn filtered_match<'a>(text_expression: &str, tags: impl IntoIterator<Item = Tag<'a>>) -> String {
    let mut parts: Vec<String> = tags.into_iter().map(|t| format!("tags : \"{}\"", t.token())).collect();
    parts.push(format!("({text_expression})"));
    parts.join(" AND ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grams_cover_every_character_and_pair() {
        let t = index_text(["南门积水，", "Ａ区"]);
        assert_eq!(t.uni, "南 门 积 水 a 区 ");
        assert_eq!(t.bi, "南门 门积 积水 qqq a区 qqq ");
    }

    #[test]
    fn the_server_document_places_every_gram_in_its_own_list() {
        let t = index_text(["南门积水", "a'b"]);
        assert_eq!(
            pg_document(&t, "station1 statusaccepted"),
            "'南':1A '门':2A '积':3A '水':4A 'a':5A 'b':6A '南门':1B '门积':2B '积水':3B 'qqq':4B 'qqq':5B \
             'qqq':6B 'station1':1C 'statusaccepted':2C"
        );
        assert_eq!(pg_document(&index_text([""]), ""), "");
    }

    #[test]
    fn queries_of_each_length() {
        assert_eq!(match_expression("噪").as_deref(), Some("\"噪\""));
        assert_eq!(match_expression("积水").as_deref(), Some("\"积水\""));
        assert_eq!(match_expression("路面积水").as_deref(), Some("\"路面 面积 积水\""));
        assert_eq!(match_expression(" 楼梯  3栋 ").as_deref(), Some("\"楼梯\" AND \"3栋\""));
        assert_eq!(match_expression("“”，。 "), None);
    }

    #[test]
    fn filters_become_tag_tokens() {
        let tags = [Tag::Station(1), Tag::Status("in_progress"), Tag::Channel("hotline_12345")];
        assert_eq!(tags_text(tags), "station1 statusinprogress channelhotline12345");
        assert_eq!(
            filtered_match("\"噪\"", [Tag::Station(1), Tag::Category(3)]),
            "tags : \"station1\" AND tags : \"category3\" AND (\"噪\")"
        );
    }

    #[test]
    fn long_or_many_word_queries_are_refused_and_repeats_count_once() {
        assert_eq!(check_query(" 积水 积水 楼梯 积水 "), Ok(Some("积水 楼梯".to_owned())));
        assert_eq!(check_query("“”，。"), Ok(None));
        let many_a = "a ".repeat(50_000);
        let e = check_query(&many_a).err().map(|e| e.message).unwrap_or_default();
        assert_eq!(e, "搜索内容过长（100000 字），最多 100 字：请只输入要找的几个词");
        assert_eq!(check_query(&"a ".repeat(50)), Ok(Some("a".to_owned())));
        let words: Vec<String> = (0..11).map(|i| format!("词{i}")).collect();
        let e = check_query(&words.join(" ")).err().map(|e| e.message).unwrap_or_default();
        assert_eq!(e, "搜索词过多（11 个），最多 10 个：请删去一些词再搜索");
    }

    #[test]
    fn quotes_in_queries_cannot_break_the_expression() {
        // Quotes are punctuation, so they never reach FTS5's syntax.
        assert_eq!(match_expression("\"积水\" OR").as_deref(), Some("\"积水\" AND \"or\""));
    }
}

//! The words of a question as the parser sees them: the text as written (for
//! capitalisation and for reporting), its normalized form (for word lists),
//! its search variants from the core analysis (for the taxonomy), and what the
//! parser has used it for so far.

use crate::text::{analyze, normalize};

/// Only this many bytes of a question are read: a helpdesk question is a
/// sentence or two, and the cap bounds the work on hostile input.
pub(super) const MAX_BYTES: usize = 1000;

/// Only this many words of a question are read.
pub(super) const MAX_WORDS: usize = 64;

/// What a word was taken for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Use {
    /// Nothing yet.
    Unused,
    /// Part of a place name, or the preposition before it.
    Place,
    /// Part of a wanted-language phrase.
    Language,
    /// Part of an age phrase.
    Age,
    /// A cost word ("gratis"); still evidence for categories ("free food").
    Cost,
}

/// One word of the question.
#[derive(Debug, Clone)]
pub(super) struct Token<'a> {
    /// As written.
    pub raw: &'a str,
    /// Byte offset of `raw` in the (capped) question.
    pub start: usize,
    /// Normalized (lowercase, Latin diacritics removed), outer apostrophes trimmed.
    pub norm: String,
    /// Search variants (transliterated, stemmed); empty for stopwords.
    pub variants: Vec<String>,
    /// Whether the word starts with a capital letter.
    pub capitalised: bool,
    /// Whether the word starts a sentence (so its capital says nothing).
    pub sentence_start: bool,
    /// What the parser took it for.
    pub used: Use,
}

impl Token<'_> {
    /// Whether the word is written in Cyrillic.
    pub fn is_cyrillic(&self) -> bool {
        self.norm.chars().any(crate::text::is_cyrillic)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || unicode_normalization::char::is_combining_mark(c)
        || matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`')
}

/// The longest prefix of `text` of at most `max` bytes that ends on a
/// character boundary.
pub(super) fn capped(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Splits `text` into words (hyphens separate words, apostrophes do not), at
/// most [`MAX_WORDS`] of them.
pub(super) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut iter = text.char_indices().peekable();
    let mut last_end = 0;
    while let Some((start, c)) = iter.next() {
        if !is_word_char(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = iter.peek() {
            if !is_word_char(c) {
                break;
            }
            end = i + c.len_utf8();
            iter.next();
        }
        let raw = &text[start..end];
        let norm = normalize(raw).trim_matches('\'').to_string();
        if norm.is_empty() {
            continue;
        }
        let gap = &text[last_end..start];
        let sentence_start = tokens.is_empty() || gap.contains(['.', '!', '?', '\n', ':', ';']);
        last_end = end;
        let variants = analyze(raw)
            .into_iter()
            .next()
            .map(|w| w.variants)
            .unwrap_or_default();
        tokens.push(Token {
            raw,
            start,
            norm,
            variants,
            capitalised: raw.chars().next().is_some_and(char::is_uppercase),
            sentence_start,
            used: Use::Unused,
        });
        if tokens.len() == MAX_WORDS {
            break;
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_their_case_and_sentence_starts() {
        let t = tokenize("Tennis in Den Haag? Best!");
        let raws: Vec<&str> = t.iter().map(|t| t.raw).collect();
        assert_eq!(raws, ["Tennis", "in", "Den", "Haag", "Best"]);
        assert!(t[0].sentence_start && !t[2].sentence_start && t[4].sentence_start);
        assert!(t[2].capitalised && !t[1].capitalised);
        assert!(t[1].variants.is_empty(), "in is a stopword");
    }

    #[test]
    fn hyphens_split_and_apostrophes_stay() {
        let t = tokenize("'s-Hertogenbosch, м’ясо");
        let norms: Vec<&str> = t.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(norms, ["s", "hertogenbosch", "м'ясо"]);
    }

    #[test]
    fn caps_hold() {
        let long = "é".repeat(2000);
        assert!(capped(&long, MAX_BYTES).len() <= MAX_BYTES);
        let many = "word ".repeat(500);
        assert_eq!(tokenize(&many).len(), MAX_WORDS);
    }
}

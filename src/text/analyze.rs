//! Splitting text into words and giving each word its search variants.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::rc::Rc;

use unicode_normalization::char::is_combining_mark;

use super::normalize::is_apostrophe;
use super::{is_cyrillic, normalize, stem_cyrillic, stem_latin, transliterate};

/// One word of a text with its search variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte offset of the word's start in the analyzed text.
    pub start: usize,
    /// Byte offset just past the word's end.
    pub end: usize,
    /// Position of the word among the text's words.
    pub position: usize,
    /// The terms the word is indexed and searched under: the transliterated
    /// normalized form first, then its stems; no duplicates.
    pub variants: Vec<String>,
}

/// Words too common to carry meaning in a search, in normalized form.
const STOPWORDS: &[&str] = &[
    // Dutch
    "de",
    "het",
    "een",
    "en",
    "van",
    "in",
    "op",
    "te",
    "voor",
    "met",
    "aan",
    "bij",
    "naar",
    "of",
    "om",
    "dat",
    "die",
    "er",
    "uit",
    "is",
    "zijn",
    "mijn",
    // English
    "the",
    "a",
    "an",
    "and",
    "on",
    "for",
    "to",
    "with",
    "at",
    "by",
    "or",
    "near",
    "my",
    "are",
    // Ukrainian
    "в",
    "у",
    "і",
    "й",
    "та",
    "з",
    "із",
    "зі",
    "на",
    "до",
    "для",
    "по",
    "біля",
    "від",
    "що",
    "як",
    "де",
    "це",
    "мій",
    "моя",
    "мені",
    // Russian
    "во",
    "и",
    "с",
    "со",
    "около",
    "от",
    "что",
    "как",
    "где",
    "это",
    "мне",
    "мой",
    "моя",
];

/// Words longer than this (in characters) are not indexed; they are noise
/// such as base64 blobs, and would bloat the term dictionary.
const MAX_WORD_CHARS: usize = 40;

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || is_apostrophe(c);
    }
    // The Cyrillic block, most of what is not ASCII here: letters and
    // combining marks but for one sign, without Unicode's table look-up.
    if ('\u{0400}'..='\u{04ff}').contains(&c) {
        return c != '\u{0482}';
    }
    c.is_alphanumeric() || is_combining_mark(c) || is_apostrophe(c)
}

/// Splits `text` into words and gives each its variants. The one analysis
/// used for indexing and querying alike.
pub fn analyze(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    for_each_word(text, |start, end, position, pieces| {
        for (i, variants) in pieces.iter().enumerate() {
            words.push(Word {
                start,
                end,
                position: position + i,
                variants: variants.clone(),
            });
        }
    });
    words
}

/// [`analyze`] without copying the variants: calls `f` with each raw
/// word's byte range, the position of its first piece, and the variants
/// of its pieces (most raw words are one piece, one [`Word`]), shared with
/// the cache.
pub fn for_each_word(text: &str, mut f: impl FnMut(usize, usize, usize, &Pieces)) {
    let mut position = 0;
    let mut iter = text.char_indices().peekable();
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
        let pieces = analyze_word(&text[start..end]);
        if !pieces.is_empty() {
            f(start, end, position, &pieces);
            position += pieces.len();
        }
    }
}

/// The variants of each piece one raw word normalizes to.
pub type Pieces = Rc<[Vec<String>]>;

/// Words analyzed before, per thread. Text repeats its words (Zipf), so an
/// index build spends most of its analysis time on words seen already;
/// the cache is emptied when full, which keeps its memory bounded.
const WORD_CACHE_MAX: usize = 50_000;

thread_local! {
    static WORD_CACHE: RefCell<FxHashMap<Box<str>, Pieces>> = RefCell::new(FxHashMap::default());
}

/// The analysis of one raw word (a run of word characters), cached.
fn analyze_word(raw: &str) -> Pieces {
    WORD_CACHE.with(|cache| {
        if let Some(hit) = cache.borrow().get(raw) {
            return Rc::clone(hit);
        }
        let pieces = analyze_word_uncached(raw);
        let mut cache = cache.borrow_mut();
        if cache.len() >= WORD_CACHE_MAX {
            cache.clear();
        }
        cache.insert(raw.into(), Rc::clone(&pieces));
        pieces
    })
}

fn analyze_word_uncached(raw: &str) -> Pieces {
    // Normalization can, rarely, produce separators (½ → 1⁄2): split again.
    let normalized = normalize(raw);
    normalized
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && !is_combining_mark(c))
        .map(|piece| piece.trim_matches('\''))
        .filter(|piece| {
            !piece.is_empty()
                && piece.chars().count() <= MAX_WORD_CHARS
                && !STOPWORDS.contains(piece)
        })
        .map(variants)
        // A word of signs only ("ь", "ъ") has no letters left once
        // transliterated: a query word without variants would match
        // nothing and so empty the whole search.
        .filter(|v| !v.is_empty())
        .collect()
}

/// The variants of a query text, one list per word, without offsets.
pub fn query_words(text: &str) -> Vec<Vec<String>> {
    analyze(text).into_iter().map(|w| w.variants).collect()
}

fn variants(word: &str) -> Vec<String> {
    let mut out = vec![transliterate(word).replace('\'', "")];
    let stems: Vec<String> = if word.chars().any(is_cyrillic) {
        stem_cyrillic(word)
            .iter()
            .map(|s| transliterate(s).replace('\'', ""))
            .collect()
    } else if word.chars().any(|c| c.is_alphabetic()) {
        stem_latin(&word.replace('\'', "")).to_vec()
    } else {
        Vec::new()
    };
    for s in stems {
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    }
    out.retain(|v| !v.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The short cuts for ASCII and Cyrillic agree with the general rule.
    #[test]
    fn word_characters_as_unicode_says() {
        for c in ('\0'..='\u{052f}').chain(['’', 'ʼ', '½', 'é', '\u{301}']) {
            let general = c.is_alphanumeric() || is_combining_mark(c) || is_apostrophe(c);
            assert_eq!(is_word_char(c), general, "{c:?} U+{:04X}", c as u32);
        }
    }

    fn first_variants(text: &str) -> Vec<String> {
        analyze(text)
            .into_iter()
            .map(|w| w.variants[0].clone())
            .collect()
    }

    #[test]
    fn scripts_meet_in_latin() {
        assert_eq!(first_variants("Харків"), first_variants("Kharkiv"));
        assert_eq!(first_variants("КИЇВ"), first_variants("kyiv"));
        assert_eq!(first_variants("Oekraïne"), first_variants("OEKRAINE"));
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "Психолог, у Харкові!";
        let words = analyze(text);
        assert_eq!(words.len(), 2, "the stopword у is dropped");
        assert_eq!(&text[words[1].start..words[1].end], "Харкові");
        assert_eq!(words[1].position, 1);
    }

    #[test]
    fn inflected_cyrillic_shares_a_variant_with_the_base_form() {
        let a = &analyze("психолога")[0].variants;
        let b = &analyze("психолог")[0].variants;
        assert!(a.iter().any(|v| b.contains(v)), "{a:?} vs {b:?}");
    }
}

//! Marking the words of a text that a query matched.

use serde::Serialize;

use crate::text::{for_each_word, FuzzyTerm};

/// A matched field with its matched words marked `**like this**`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Highlight {
    /// The field (`name`, `description.nl`, `organization`, `address`).
    pub field: String,
    /// An excerpt around the first match, matches in `**`.
    pub snippet: String,
}

const CONTEXT_CHARS: usize = 60;

/// The query's analyzed words as terms to highlight, prepared once for
/// every text of every hit.
pub fn terms(words: &[Vec<String>]) -> Vec<FuzzyTerm<'_>> {
    words.iter().flatten().map(|q| FuzzyTerm::new(q)).collect()
}

/// The highlighted excerpt of `text` for the query's [`terms`], or `None`
/// when no word matches.
pub fn highlight(field: &str, text: &str, terms: &[FuzzyTerm<'_>]) -> Option<Highlight> {
    let matched = marked(text, terms);
    let &(first, _) = matched.first()?;
    let start = floor_boundary(
        text,
        text[..first]
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS)
            .map_or(0, |(i, _)| i),
    );
    let last_end = matched.last().map_or(first, |m| m.1);
    let end = text[last_end..]
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(text.len(), |(i, _)| last_end + i);
    let mut snippet = String::new();
    if start > 0 {
        snippet.push('…');
    }
    let mut pos = start;
    for &(s, e) in matched.iter().filter(|m| m.0 >= start && m.1 <= end) {
        if s < pos {
            continue;
        }
        snippet.push_str(&text[pos..s]);
        snippet.push_str("**");
        snippet.push_str(&text[s..e]);
        snippet.push_str("**");
        pos = e;
    }
    snippet.push_str(&text[pos..end]);
    if end < text.len() {
        snippet.push('…');
    }
    Some(Highlight {
        field: field.to_string(),
        snippet,
    })
}

/// The byte ranges of the raw words of `text` some piece of which matches
/// one of `terms`, in order. The words' variants are read as the analysis
/// cache holds them, not copied into a `Word` each: 20 hits' texts are a
/// few thousand words.
fn marked(text: &str, terms: &[FuzzyTerm<'_>]) -> Vec<(usize, usize)> {
    let mut matched = Vec::new();
    for_each_word(text, |start, end, _, pieces| {
        let hit = pieces
            .iter()
            .any(|variants| terms.iter().any(|q| variants.iter().any(|v| q.matches(v))));
        if hit {
            matched.push((start, end));
        }
    });
    matched
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::text::{analyze, query_words};

    #[test]
    fn marks_matches_across_scripts_and_accents() {
        let h = highlight(
            "description.nl",
            "Hulp voor mensen uit Oekraïne in Kharkiv",
            &terms(&query_words("oekraine харків")),
        )
        .unwrap();
        assert_eq!(
            h.snippet,
            "Hulp voor mensen uit **Oekraïne** in **Kharkiv**"
        );
        assert!(highlight("name", "Zwemles", &terms(&query_words("yoga"))).is_none());
    }

    /// The words a match marks, as a `Word` per piece found them.
    fn marked_by_words(text: &str, terms: &[FuzzyTerm<'_>]) -> Vec<(usize, usize)> {
        let mut marked: Vec<(usize, usize)> = analyze(text)
            .into_iter()
            .filter(|w| {
                terms
                    .iter()
                    .any(|q| w.variants.iter().any(|v| q.matches(v)))
            })
            .map(|w| (w.start, w.end))
            .collect();
        marked.dedup();
        marked
    }

    proptest! {
        /// The words marked are those a `Word` per piece of `analyze`
        /// matches, pieces of one raw word (`½`, `l'école`) included.
        #[test]
        fn the_marked_words_are_those_whose_analysis_matches(
            words in proptest::collection::vec(
                "(hulp|Hulpen|help|допомога|Допомоги|dopomoha|школа|l'école|½|oekraïne|Україна|zwemles|a-b|x)",
                0..12,
            ),
            query in "(hulp|допомога|school|ukraina|zwemmen|b|l'ecole|1)( (help|україна|a))?",
        ) {
            let text = words.join(" ");
            let terms_words = query_words(&query);
            let terms = terms(&terms_words);
            prop_assert_eq!(marked(&text, &terms), marked_by_words(&text, &terms));
        }
    }
}

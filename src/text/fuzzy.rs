//! Typo tolerance: how many edits a word may have, and the edit distance itself.

/// Edits allowed for a query term: none below 5 letters, one from 5, two from 9.
pub fn max_edits(term: &str) -> u8 {
    match term.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Levenshtein distance in characters (insertions, deletions, substitutions).
pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let subst = prev[j] + usize::from(ca != cb);
            cur[j + 1] = subst.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Levenshtein distance in characters, except that an edit of the first
/// character (substituting, deleting or putting one before it) costs two,
/// as meilisearch counts typos: people rarely mistype a word's first
/// letter, and a different first letter more often makes another word.
pub fn typo_distance(a: &str, b: &str) -> usize {
    let (mut ca, mut cb) = (a.chars(), b.chars());
    match (ca.next(), cb.next()) {
        (None, None) => 0,
        (Some(_), None) => 1 + ca.count() + 1,
        (None, Some(_)) => 1 + cb.count() + 1,
        (Some(x), Some(y)) => {
            let (ra, rb) = (ca.as_str(), cb.as_str());
            if x == y {
                levenshtein(ra, rb)
            } else {
                2 + levenshtein(ra, rb)
                    .min(levenshtein(ra, b))
                    .min(levenshtein(a, rb))
            }
        }
    }
}

/// Whether an indexed term matches a query term within the query term's
/// allowed edits, counted by [`typo_distance`].
pub fn matches_fuzzy(query_term: &str, indexed_term: &str) -> bool {
    FuzzyTerm::new(query_term).matches(indexed_term)
}

/// A query term prepared for [`matches_fuzzy`] against many indexed terms
/// (the words of a text, when highlighting): its allowed edits, length and
/// first character are read once.
#[derive(Debug, Clone)]
pub struct FuzzyTerm<'a> {
    term: &'a str,
    edits: usize,
    chars: usize,
    first: Option<char>,
    /// The term after its first character.
    rest: &'a str,
}

impl<'a> FuzzyTerm<'a> {
    /// Prepares `term`.
    pub fn new(term: &'a str) -> FuzzyTerm<'a> {
        let mut chars = term.chars();
        let first = chars.next();
        FuzzyTerm {
            term,
            edits: usize::from(max_edits(term)),
            chars: term.chars().count(),
            first,
            rest: chars.as_str(),
        }
    }

    /// Whether `indexed` matches the term: [`matches_fuzzy`].
    pub fn matches(&self, indexed: &str) -> bool {
        if self.term == indexed {
            return true;
        }
        if self.edits == 0 {
            return false;
        }
        let mut t = indexed.chars();
        if t.next() != self.first {
            // Another first character costs two, all the edits a word may
            // have (most words of a text, when highlighting): the rest must
            // be exact, after a substitution, an insertion or a deletion of
            // the first character. Decided without counting.
            let rest = t.as_str();
            return self.edits >= 2
                && (self.rest == rest || self.rest == indexed || self.term == rest);
        }
        if self.chars.abs_diff(indexed.chars().count()) > self.edits {
            return false;
        }
        typo_distance(self.term, indexed) <= self.edits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_and_thresholds() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert!(matches_fuzzy("psycholoog", "psychloog"));
        assert!(!matches_fuzzy("yoga", "joga"));
        assert!(matches_fuzzy("zwemles", "zwemlas"));
        assert_eq!(typo_distance("zwemles", "swemles"), 2);
        assert_eq!(typo_distance("psycholoog", "sycholoog"), 2);
        assert_eq!(typo_distance("psycholoog", "apsycholoog"), 2);
        assert_eq!(typo_distance("psycholoog", "psychloog"), 1);
        assert_eq!(typo_distance("", "ab"), 3);
        assert!(!matches_fuzzy("zwemles", "swemles"));
        assert!(matches_fuzzy("psycholoog", "xsycholoog"));
        assert!(!matches_fuzzy("psycholoog", "xsychologg"));
    }

    proptest::proptest! {
        /// The shortcuts of `matches_fuzzy` (equal words, lengths too far
        /// apart, another first character) decide as the count would.
        #[test]
        fn matches_fuzzy_agrees_with_the_typo_distance(
            q in "[abcд]{0,11}",
            t in "[abcд]{0,12}",
        ) {
            let within = typo_distance(&q, &t) <= usize::from(max_edits(&q));
            proptest::prop_assert_eq!(matches_fuzzy(&q, &t), within);
        }
    }
}

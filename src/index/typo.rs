//! The typo automaton: the terms within a word's allowed edits, where an
//! edit at the first character costs two ([`crate::text::typo_distance`],
//! as meilisearch counts typos).
//!
//! Holding the first character fixed is also what makes typo tolerance
//! cheap: the term dictionary is walked only below that character, instead
//! of every branch a plain Levenshtein automaton could still match in its
//! first steps. A word with two edits allowed also matches a change of its
//! first character alone (a substitution, a deletion or an insertion,
//! with the rest exact); those branches walk one character of the
//! dictionary's root, then one path.
//!
//! `typo_postings` reads the postings of the terms an automaton accepts,
//! each as a list of its own for [`super::any_field`] to walk. (tantivy's
//! `AutomatonWeight` scorer marks every such term's postings in a bitset
//! as large as the segment before the query walks anything: at a million
//! documents, an eighth of a megabyte to clear and fill per field and
//! variant, the word's own postings included, even when the query then
//! visits only the documents of a radius.)

use std::sync::Arc;

use tantivy::postings::{SegmentPostings, TermInfo};
use tantivy::query::{AutomatonWeight, DfaWrapper, FuzzyTermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{SegmentReader, Term};
use tantivy_fst::Automaton;

use crate::text::max_edits;

/// Matches the terms [`crate::text::matches_fuzzy`] accepts for a word.
pub struct TypoAutomaton {
    /// The word's first character, as UTF-8.
    first: Vec<u8>,
    /// The rest of the word within the allowed edits.
    rest: DfaWrapper,
    /// With two edits allowed, the word without its first character, and
    /// the word itself: the targets of a first-character edit.
    first_edit: Option<(Vec<u8>, Vec<u8>)>,
}

impl std::fmt::Debug for TypoAutomaton {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypoAutomaton")
            .field("first", &String::from_utf8_lossy(&self.first))
            .finish_non_exhaustive()
    }
}

/// The main branch: the first character exactly, then the rest within
/// the allowed edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Main {
    /// This many bytes of the first character read.
    First(u32),
    /// In the rest's Levenshtein automaton, at this state.
    Rest(u32),
    /// Off the branch.
    Dead,
}

/// A branch that reads its bytes exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Exact {
    /// This many bytes of the branch's text read.
    At(u32),
    /// Off the branch.
    Dead,
}

/// A branch that reads any one character, then its text exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AnyThen {
    /// Nothing read yet.
    Start,
    /// Inside the first character, this many continuation bytes to go.
    InChar(u8),
    /// The first character read, then the text as far as this.
    Then(Exact),
}

/// Where each branch stands.
#[derive(Clone, Copy, Debug)]
pub struct TypoState {
    /// The first character, then the rest.
    main: Main,
    /// Any character replaced: any character, then the word without its first.
    substituted: AnyThen,
    /// One character put before the word: any character, then the word.
    inserted: AnyThen,
    /// The first character left out: the word without it.
    deleted: Exact,
}

/// How many continuation bytes follow a UTF-8 lead byte; `None` for a
/// byte that cannot begin a character.
fn continuation_bytes(lead: u8) -> Option<u8> {
    match lead {
        0x00..=0x7f => Some(0),
        0xc0..=0xdf => Some(1),
        0xe0..=0xef => Some(2),
        0xf0..=0xf7 => Some(3),
        _ => None,
    }
}

fn exact_step(state: Exact, text: &[u8], byte: u8) -> Exact {
    match state {
        Exact::At(i) if text.get(i as usize) == Some(&byte) => Exact::At(i + 1),
        _ => Exact::Dead,
    }
}

fn any_then_step(state: AnyThen, text: &[u8], byte: u8) -> AnyThen {
    match state {
        AnyThen::Start => match continuation_bytes(byte) {
            Some(0) => AnyThen::Then(Exact::At(0)),
            Some(n) => AnyThen::InChar(n),
            None => AnyThen::Then(Exact::Dead),
        },
        AnyThen::InChar(n) if byte & 0xc0 == 0x80 => match n {
            1 => AnyThen::Then(Exact::At(0)),
            _ => AnyThen::InChar(n - 1),
        },
        AnyThen::InChar(_) => AnyThen::Then(Exact::Dead),
        AnyThen::Then(e) => AnyThen::Then(exact_step(e, text, byte)),
    }
}

fn exact_done(state: Exact, text: &[u8]) -> bool {
    state == Exact::At(text.len() as u32)
}

fn any_then_alive(state: AnyThen) -> bool {
    state != AnyThen::Then(Exact::Dead)
}

impl TypoAutomaton {
    /// The automaton for `word`, or `None` when the word allows no edits
    /// (or tantivy cannot build its automaton).
    pub fn new(field: Field, word: &str) -> Option<TypoAutomaton> {
        let edits = max_edits(word);
        if edits == 0 {
            return None;
        }
        let first_len = word.chars().next()?.len_utf8();
        let (first, rest) = word.split_at(first_len);
        let probe = FuzzyTermQuery::new(Term::from_field_text(field, rest), edits, false);
        Some(TypoAutomaton {
            first: first.as_bytes().to_vec(),
            rest: probe.automaton().ok()?,
            first_edit: (edits >= 2).then(|| (rest.as_bytes().to_vec(), word.as_bytes().to_vec())),
        })
    }
}

impl Automaton for TypoAutomaton {
    type State = TypoState;

    fn start(&self) -> TypoState {
        let (substituted, inserted, deleted) = match self.first_edit {
            Some(_) => (AnyThen::Start, AnyThen::Start, Exact::At(0)),
            None => (
                AnyThen::Then(Exact::Dead),
                AnyThen::Then(Exact::Dead),
                Exact::Dead,
            ),
        };
        TypoState {
            main: Main::First(0),
            substituted,
            inserted,
            deleted,
        }
    }

    fn is_match(&self, state: &TypoState) -> bool {
        if let Main::Rest(s) = state.main {
            if self.rest.is_match(&s) {
                return true;
            }
        }
        match &self.first_edit {
            Some((without_first, word)) => {
                matches!(state.substituted, AnyThen::Then(e) if exact_done(e, without_first))
                    || matches!(state.inserted, AnyThen::Then(e) if exact_done(e, word))
                    || exact_done(state.deleted, without_first)
            }
            None => false,
        }
    }

    fn can_match(&self, state: &TypoState) -> bool {
        state.main != Main::Dead
            || any_then_alive(state.substituted)
            || any_then_alive(state.inserted)
            || state.deleted != Exact::Dead
    }

    fn accept(&self, state: &TypoState, byte: u8) -> TypoState {
        let mut next = *state;
        next.main = match state.main {
            Main::First(i) if self.first.get(i as usize) == Some(&byte) => {
                if i as usize + 1 == self.first.len() {
                    Main::Rest(self.rest.start())
                } else {
                    Main::First(i + 1)
                }
            }
            Main::Rest(s) => {
                let t = self.rest.accept(&s, byte);
                if self.rest.can_match(&t) {
                    Main::Rest(t)
                } else {
                    Main::Dead
                }
            }
            Main::First(_) | Main::Dead => Main::Dead,
        };
        if let Some((without_first, word)) = &self.first_edit {
            next.substituted = any_then_step(state.substituted, without_first, byte);
            next.inserted = any_then_step(state.inserted, word, byte);
            next.deleted = exact_step(state.deleted, without_first, byte);
        }
        next
    }
}

/// The postings of each term of a segment's `field` that `automaton`
/// accepts, but for `except` (the word itself, when its own postings are
/// walked apart).
pub(super) fn typo_postings(
    reader: &SegmentReader,
    field: Field,
    automaton: &Arc<TypoAutomaton>,
    except: Option<&TermInfo>,
) -> tantivy::Result<Vec<SegmentPostings>> {
    let inverted = reader.inverted_index(field)?;
    let terms = AutomatonWeight::<TypoAutomaton>::new(field, Arc::clone(automaton))
        .get_match_term_infos(reader)?;
    Ok(terms
        .iter()
        .filter(|&info| Some(info) != except)
        .map(|info| inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic))
        .collect::<std::io::Result<Vec<_>>>()?)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use tantivy::schema::{Schema, TEXT};

    use super::*;
    use crate::text::matches_fuzzy;

    fn accepts(automaton: &TypoAutomaton, term: &str) -> bool {
        let mut state = automaton.start();
        for &b in term.as_bytes() {
            if !automaton.can_match(&state) {
                return false;
            }
            state = automaton.accept(&state, b);
        }
        automaton.is_match(&state)
    }

    fn field() -> Field {
        let mut schema = Schema::builder();
        schema.add_text_field("t", TEXT)
    }

    #[test]
    fn a_first_character_edit_costs_two() {
        let f = field();
        let short = TypoAutomaton::new(f, "zwemles").unwrap();
        assert!(accepts(&short, "zwemles"));
        assert!(accepts(&short, "zwemlas"));
        assert!(accepts(&short, "zwemless"));
        assert!(
            !accepts(&short, "swemles"),
            "one edit allowed, first costs two"
        );
        assert!(!accepts(&short, "wemles"));
        let long = TypoAutomaton::new(f, "psycholoog").unwrap();
        assert!(accepts(&long, "psychloog"));
        assert!(accepts(&long, "psycholoogen"));
        assert!(accepts(&long, "xsycholoog"), "substituted first");
        assert!(accepts(&long, "sycholoog"), "first left out");
        assert!(accepts(&long, "apsycholoog"), "one put before");
        assert!(!accepts(&long, "xsycholoo"), "first and one more");
        assert!(!accepts(&long, "psychologist"));
        let cyrillic = TypoAutomaton::new(f, "психолог").unwrap();
        assert!(accepts(&cyrillic, "психолог"));
        assert!(accepts(&cyrillic, "психологи"));
        assert!(!accepts(&cyrillic, "бсихолог"));
        assert!(TypoAutomaton::new(f, "yoga").is_none());
    }

    const ALPHABET: &[char] = &['a', 'b', 'o', 's', 'п', 'с', 'ї', 'é', '’'];

    fn word() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(ALPHABET), 3..12)
            .prop_map(|c| c.into_iter().collect())
    }

    /// Up to three random edits of `w`, half of them at its start: a term
    /// near it, or not.
    fn near(w: String) -> impl Strategy<Value = (String, String)> {
        let at = prop_oneof![Just(0usize), 0usize..16];
        prop::collection::vec((0usize..3, at, prop::sample::select(ALPHABET)), 0..4).prop_map(
            move |edits| {
                let mut t: Vec<char> = w.chars().collect();
                for (kind, at, c) in edits {
                    let at = at % (t.len() + 1);
                    match kind {
                        0 => t.insert(at, c),
                        1 if at < t.len() => {
                            t.remove(at);
                        }
                        _ if at < t.len() => t[at] = c,
                        _ => t.push(c),
                    }
                }
                (w.clone(), t.into_iter().collect())
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn accepts_what_matches_fuzzy_accepts((w, t) in word().prop_flat_map(near)) {
            match TypoAutomaton::new(field(), &w) {
                Some(a) => prop_assert_eq!(accepts(&a, &t), matches_fuzzy(&w, &t), "{} ~ {}", w, t),
                None => prop_assert!(max_edits(&w) == 0),
            }
        }
    }
}

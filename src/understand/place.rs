//! The place a question names, from the gazetteer: single words and windows
//! of two or three words ("Den Haag", "Bergen op Zoom", "'s-Hertogenbosch"),
//! in any script, inflected Cyrillic forms included ("в Амстердамі", "в
//! Утрехте", "Гааги", "Гаазі").
//!
//! Many Dutch places share their name with a common word (Best, Born, Echt,
//! Mill, Epe, Ee, Nes, Made, Goes, Son…). A name is taken when a preposition
//! stands before it ("in", "near", "bij", "в", "біля", "около"…), when it is
//! capitalised in the middle of a sentence, when it spans several words, or
//! when it names a town of some size and is not a common word.

use super::token::{Token, Use};
use super::PlaceGuess;
use crate::gazetteer::{Gazetteer, Place};
use crate::text::{fold_key, levenshtein};

/// Words before a place name (normalized).
const PREPOSITIONS: &[&str] = &[
    "in",
    "near",
    "around",
    "bij",
    "rond",
    "rondom",
    "nabij",
    "omgeving",
    "buurt",
    "regio",
    "te",
    "naar",
    "uit",
    "from",
    "to",
    "van",
    "of",
    "в",
    "у",
    "во",
    "біля",
    "поблизу",
    "поруч",
    "неподалік",
    "около",
    "возле",
    "рядом",
    "под",
    "під",
    "недалеко",
    "районі",
    "районе",
    "район",
    "из",
    "з",
    "із",
    "до",
    "с",
    "со",
];

/// Prepositions after which a misspelt name is looked for.
const FUZZY_PREPOSITIONS: &[&str] = &[
    "in",
    "near",
    "around",
    "bij",
    "rond",
    "nabij",
    "в",
    "у",
    "біля",
    "около",
    "возле",
    "рядом",
];

/// Common words (normalized) that are also the name of a Dutch place; taken
/// as a place only after a preposition or capitalised mid-sentence.
const COMMON_WORDS: &[&str] = &[
    "best", "born", "echt", "mill", "epe", "ee", "nes", "made", "zeeland", "bergen", "well", "son",
    "lent", "goes", "ham", "meer", "loon", "horn", "berg", "wijk", "oost", "noord", "zuid", "west",
    "beek", "veen", "ens", "haren", "laren", "doorn", "elst", "reek", "wouw", "heer", "holland",
    "lier", "mark", "kamp", "ede", "hoorn", "boxtel", "oss", "tiel", "sint", "haag", "hag",
];

/// A lowercase place name without a preposition is taken only from this
/// population on.
const MIN_POPULATION_BARE: u64 = 20_000;

/// Places from this population on are tried for a misspelt name.
const MIN_POPULATION_FUZZY: u64 = 20_000;

/// Cyrillic case endings, and what to put back to get the nominative
/// ("Гааги" → "Гаага", "Гаазі" → "Гаага", "Амстердамі" → "Амстердам").
const CASE_ENDINGS: &[(&str, &[&str])] = &[
    ("зі", &["га"]),
    ("ові", &[""]),
    ("еві", &[""]),
    ("ою", &["а"]),
    ("ею", &["я"]),
    ("ом", &[""]),
    ("ем", &[""]),
    ("ах", &[""]),
    ("і", &["", "а", "я"]),
    ("е", &["", "а"]),
    ("у", &["", "а"]),
    ("ю", &["", "я"]),
    ("а", &[""]),
    ("я", &[""]),
    ("и", &["", "а"]),
    ("ы", &["", "а"]),
    ("ї", &["я"]),
];

/// The word as written, then its nominative guesses.
fn cyrillic_forms(norm: &str) -> Vec<String> {
    let mut out = vec![norm.to_string()];
    for (ending, backs) in CASE_ENDINGS {
        if let Some(stem) = norm.strip_suffix(ending) {
            if stem.chars().count() >= 3 {
                out.extend(backs.iter().map(|b| format!("{stem}{b}")));
            }
        }
    }
    out
}

/// A place whose name (any of its names) folds exactly to `text`'s key.
fn exact<'g>(gazetteer: &'g Gazetteer, text: &str) -> Option<&'g Place> {
    let key = fold_key(text);
    if key.chars().count() < 2 {
        return None;
    }
    gazetteer.lookup(text, 4).into_iter().find(|p| {
        fold_key(&p.name) == key
            || fold_key(&p.municipality) == key
            || p.alt_names.iter().any(|n| fold_key(n) == key)
    })
}

/// A sizeable place whose name is within one or two edits of `text`.
fn fuzzy<'g>(gazetteer: &'g Gazetteer, text: &str) -> Option<&'g Place> {
    let key = fold_key(text);
    let n = key.chars().count();
    if n < 6 {
        return None;
    }
    let allowed = if n >= 10 { 2 } else { 1 };
    gazetteer
        .places()
        .iter()
        .take_while(|p| p.population >= MIN_POPULATION_FUZZY)
        .find(|p| {
            std::iter::once(&p.name)
                .chain(&p.alt_names)
                .map(|name| fold_key(name))
                .any(|k| {
                    k.chars().count().abs_diff(n) <= allowed && levenshtein(&k, &key) <= allowed
                })
        })
}

struct Candidate<'g> {
    place: &'g Place,
    first: usize,
    len: usize,
    after_preposition: bool,
}

impl Candidate<'_> {
    fn rank(&self) -> (bool, usize, u64) {
        (self.after_preposition, self.len, self.place.population)
    }
}

/// Finds the place, marks its words (and the preposition before it)
/// [`Use::Place`] and returns it. `is_topic_word` tells whether a normalized
/// word is a taxonomy word, which is not taken as a bare place name.
pub(super) fn find(
    tokens: &mut [Token<'_>],
    question: &str,
    gazetteer: &Gazetteer,
    is_topic_word: &dyn Fn(&str) -> bool,
) -> Option<PlaceGuess> {
    let mut best: Option<Candidate> = None;
    for first in 0..tokens.len() {
        let after_preposition = first > 0
            && !tokens[first].sentence_start
            && PREPOSITIONS.contains(&tokens[first - 1].norm.as_str());
        for len in (1..=3).rev() {
            let last = first + len - 1;
            if last >= tokens.len()
                || tokens[first..=last]
                    .iter()
                    .enumerate()
                    .any(|(k, t)| t.used != Use::Unused || (k > 0 && t.sentence_start))
            {
                continue;
            }
            let found = if len == 1 {
                let fuzzy_ok = after_preposition
                    && FUZZY_PREPOSITIONS.contains(&tokens[first - 1].norm.as_str());
                single(
                    &tokens[first],
                    gazetteer,
                    after_preposition,
                    fuzzy_ok,
                    is_topic_word,
                )
            } else {
                let text =
                    &question[tokens[first].start..tokens[last].start + tokens[last].raw.len()];
                exact(gazetteer, text).filter(|_| {
                    after_preposition
                        || tokens[first].capitalised
                        || tokens[first..=last]
                            .iter()
                            .filter(|t| !t.variants.is_empty())
                            .count()
                            >= 2
                })
            };
            if let Some(place) = found {
                let c = Candidate {
                    place,
                    first,
                    len,
                    after_preposition,
                };
                if best.as_ref().is_none_or(|b| c.rank() > b.rank()) {
                    best = Some(c);
                }
                break;
            }
        }
    }
    let best = best?;
    let from = if best.after_preposition {
        best.first - 1
    } else {
        best.first
    };
    let last = best.first + best.len - 1;
    for t in &mut tokens[from..=last] {
        t.used = Use::Place;
    }
    let matched = &question[tokens[from].start..tokens[last].start + tokens[last].raw.len()];
    Some(PlaceGuess::from_place(best.place, matched))
}

/// A place named by one word, if the guards allow it.
fn single<'g>(
    token: &Token<'_>,
    gazetteer: &'g Gazetteer,
    after_preposition: bool,
    fuzzy_ok: bool,
    is_topic_word: &dyn Fn(&str) -> bool,
) -> Option<&'g Place> {
    if token.norm.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let forms = if token.is_cyrillic() {
        cyrillic_forms(&token.norm)
    } else {
        vec![token.norm.clone()]
    };
    let place = forms.iter().find_map(|f| exact(gazetteer, f)).or_else(|| {
        fuzzy_ok
            .then(|| forms.iter().find_map(|f| fuzzy(gazetteer, f)))
            .flatten()
    })?;
    if after_preposition {
        return Some(place);
    }
    let key = fold_key(&token.norm);
    let common = COMMON_WORDS.contains(&token.norm.as_str())
        || token.variants.is_empty()
        || is_topic_word(&key);
    let capital_mid_sentence = token.capitalised && !token.sentence_start;
    let accepted = if common {
        capital_mid_sentence && !is_topic_word(&key)
    } else {
        capital_mid_sentence || place.population >= MIN_POPULATION_BARE
    };
    accepted.then_some(place)
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    fn place(q: &str) -> Option<String> {
        let mut tokens = tokenize(q);
        find(&mut tokens, q, Gazetteer::embedded(), &|_| false).map(|p| p.name)
    }

    #[test]
    fn places_in_any_script_and_case() {
        for (q, name) in [
            ("психолог в Амстердамі", "Amsterdam"),
            ("где в Утрехте учить язык", "Utrecht"),
            ("садик в Роттердаме", "Rotterdam"),
            ("юрист из Гааги", "The Hague"),
            ("школа в Гаазі", "The Hague"),
            ("работа в Эйндховене", "Eindhoven"),
            ("kinderopvang in Hilversum", "Hilversum"),
            ("tennis near Haarlem", "Haarlem"),
            ("huisarts Den Haag", "The Hague"),
            ("tandarts in Bergen op Zoom", "Bergen op Zoom"),
            ("zwemles 's-Hertogenbosch", "'s-Hertogenbosch"),
            ("yoga in Best", "Best"),
            ("kinderopvang groningen", "Groningen"),
            ("dentist in Amsterdm", "Amsterdam"),
        ] {
            assert_eq!(place(q).as_deref(), Some(name), "{q}");
        }
    }

    #[test]
    fn common_words_are_not_places() {
        for q in [
            "what is the best gym",
            "my son needs a dentist",
            "I was born in Ukraine",
            "echt een goede huisarts",
            "he goes to school",
            "made in Ukraine",
            "de beste manier om dit te regelen",
        ] {
            assert_eq!(place(q), None, "{q}");
        }
    }
}

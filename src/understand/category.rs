//! Categories from the taxonomy: every synonym and label of every category,
//! in every language, becomes a phrase of analyzed words (transliterated and
//! stemmed by the core `text::analyze`), so inflected forms match
//! ("психолога", "юридичну консультацію", "голландский").
//!
//! A phrase found whole scores more the more words it has; a phrase found in
//! part scores little, and less still when the words found are common to many
//! categories. An indicator's own synonyms ("робота", "health") point to the
//! indicator id with half the weight, so they never make a guess confident.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::token::{Token, Use};
use super::CategoryGuess;
use crate::taxonomy::Taxonomy;
use crate::text::{analyze, matches_fuzzy};

/// What a phrase points to: a category, or an indicator.
#[derive(Debug, Clone)]
struct Target {
    code: String,
    /// The indicator ids the target belongs to (its own id for an indicator).
    indicators: Vec<String>,
    is_indicator: bool,
}

#[derive(Debug, Clone)]
struct Phrase {
    target: usize,
    /// Each word's variants.
    words: Vec<Vec<String>>,
}

/// Where a variant occurs: (phrase, word of the phrase).
type Occurrences = Vec<(u32, u8)>;

/// The phrases of a taxonomy, indexed by word variant.
#[derive(Debug, Clone)]
pub(super) struct PhraseIndex {
    targets: Vec<Target>,
    phrases: Vec<Phrase>,
    by_variant: HashMap<String, Occurrences>,
    /// First (unstemmed) variants, for typo-tolerant look-up.
    by_form: Vec<(String, Occurrences)>,
    topic_words: HashSet<String>,
}

/// Words of a whole phrase found within this many extra words of each other
/// still count as the phrase ("уроки з тенісу", "lessons in tennis").
const SPAN_SLACK: usize = 2;

/// A word pointing to at most this many categories is specific enough to
/// count for something on its own.
const SPECIFIC_DF: usize = 3;

/// At most this many guesses are returned.
const MAX_GUESSES: usize = 8;

impl PhraseIndex {
    /// The index of the embedded taxonomy, built once.
    pub(super) fn embedded() -> &'static PhraseIndex {
        static INDEX: OnceLock<PhraseIndex> = OnceLock::new();
        INDEX.get_or_init(|| PhraseIndex::build(Taxonomy::embedded()))
    }

    /// Builds the index of `taxonomy`.
    pub(super) fn build(taxonomy: &Taxonomy) -> PhraseIndex {
        let mut index = PhraseIndex {
            targets: Vec::new(),
            phrases: Vec::new(),
            by_variant: HashMap::new(),
            by_form: Vec::new(),
            topic_words: HashSet::new(),
        };
        for c in taxonomy.categories() {
            let mut indicators = vec![c.indicator().to_string()];
            indicators.extend(c.also.iter().cloned());
            let labels = [&c.labels.uk, &c.labels.nl, &c.labels.en];
            let texts = c
                .synonyms
                .all()
                .chain(labels.into_iter().map(String::as_str));
            index.add(c.code.clone(), indicators, false, texts);
        }
        for i in taxonomy.indicators() {
            let texts = i.synonyms.all();
            index.add(i.id.clone(), vec![i.id.clone()], true, texts);
        }
        let mut forms: HashMap<String, Occurrences> = HashMap::new();
        for (p, phrase) in index.phrases.iter().enumerate() {
            for (w, variants) in phrase.words.iter().enumerate() {
                index.topic_words.insert(variants[0].clone());
                let at = (p as u32, w as u8);
                forms.entry(variants[0].clone()).or_default().push(at);
                for v in variants {
                    index.by_variant.entry(v.clone()).or_default().push(at);
                }
            }
        }
        index.by_form = forms.into_iter().collect();
        index.by_form.sort();
        index
    }

    fn add<'t>(
        &mut self,
        code: String,
        indicators: Vec<String>,
        is_indicator: bool,
        texts: impl Iterator<Item = &'t str>,
    ) {
        let target = self.targets.len();
        self.targets.push(Target {
            code,
            indicators,
            is_indicator,
        });
        for text in texts {
            let words: Vec<Vec<String>> = analyze(text)
                .into_iter()
                .map(|w| w.variants)
                .filter(|v| !v.is_empty())
                .take(u8::MAX as usize)
                .collect();
            if !words.is_empty() {
                self.phrases.push(Phrase { target, words });
            }
        }
    }

    /// Whether a word (its transliterated, normalized form) occurs in some
    /// synonym or label.
    pub(super) fn is_topic_word(&self, key: &str) -> bool {
        self.topic_words.contains(key)
    }

    /// Where the words of a token occur, and whether only by a typo.
    fn occurrences(&self, token: &Token<'_>) -> (Occurrences, bool) {
        let mut hits: Occurrences = Vec::new();
        for v in &token.variants {
            if let Some(list) = self.by_variant.get(v) {
                hits.extend(list);
            }
        }
        let fuzzy = hits.is_empty();
        // A capital in mid-sentence is most often a name ("Марія" is not
        // "мафія"), so names get no typo tolerance.
        let name = token.capitalised && !token.sentence_start;
        if fuzzy && !name {
            // Typos, and inflections the stemmers miss ("voetballen" → voetbal):
            // every variant against every phrase word's written form.
            for v in token.variants.iter().filter(|v| v.chars().count() >= 5) {
                for (form, list) in &self.by_form {
                    // Typos rarely hit the first letter; requiring it keeps
                    // "naaicursus" from becoming "taalcursus".
                    let same_start = v.chars().next() == form.chars().next();
                    if same_start && (matches_fuzzy(v, form) || is_transposition(v, form)) {
                        hits.extend(list);
                    }
                }
            }
        }
        hits.sort_unstable();
        hits.dedup();
        (hits, fuzzy)
    }

    /// Ranks the categories the free words of `tokens` point to. Also returns
    /// the positions (in `tokens`) of the words behind confident guesses.
    pub(super) fn guess(&self, tokens: &[Token<'_>]) -> (Vec<CategoryGuess>, Vec<usize>) {
        let content: Vec<usize> = (0..tokens.len())
            .filter(|&i| matches!(tokens[i].used, Use::Unused | Use::Cost))
            .filter(|&i| !tokens[i].variants.is_empty())
            .collect();
        // phrase → (word, position in `content`, by typo)
        let mut found: HashMap<u32, Vec<(u8, usize, bool)>> = HashMap::new();
        let mut specific: Vec<bool> = Vec::with_capacity(content.len());
        for (pos, &i) in content.iter().enumerate() {
            let (hits, fuzzy) = self.occurrences(&tokens[i]);
            let targets: HashSet<usize> = hits
                .iter()
                .map(|&(p, _)| self.phrases[p as usize].target)
                .filter(|&t| !self.targets[t].is_indicator)
                .collect();
            specific.push(targets.len() <= SPECIFIC_DF);
            for (p, w) in hits {
                found.entry(p).or_default().push((w, pos, fuzzy));
            }
        }
        let mut matches: Vec<PhraseMatch> = found
            .into_iter()
            .map(|(p, hits)| self.score(p as usize, &hits, &specific))
            .collect();
        // A one-word match inside a longer whole phrase of another target
        // ("психолог" in "дитячий психолог") is the weaker reading.
        let long: Vec<(usize, Vec<usize>)> = matches
            .iter()
            .filter(|m| m.positions.len() >= 2 && m.strength >= super::CONFIDENT)
            .map(|m| (m.target, m.positions.clone()))
            .collect();
        for m in matches
            .iter_mut()
            .filter(|m| m.whole && m.positions.len() == 1)
        {
            if long
                .iter()
                .any(|(t, ps)| *t != m.target && ps.contains(&m.positions[0]))
            {
                m.strength *= 0.6;
            }
        }
        let mut guesses = self.aggregate(&matches);
        guesses.sort_by(|a, b| {
            b.confidence
                .total_cmp(&a.confidence)
                .then(b.positions.len().cmp(&a.positions.len()))
                // The need is usually named first ("перекладач до лікаря").
                .then(a.positions.first().cmp(&b.positions.first()))
                .then(a.target.cmp(&b.target))
        });
        // An indicator guess adds nothing when one of its categories is as sure.
        let kept: Vec<&Guess> = guesses
            .iter()
            .filter(|g| {
                let t = &self.targets[g.target];
                !t.is_indicator
                    || !guesses.iter().any(|o| {
                        !self.targets[o.target].is_indicator
                            && self.targets[o.target].indicators.contains(&t.code)
                            && o.confidence >= g.confidence
                    })
            })
            .take(MAX_GUESSES)
            .collect();
        let mut covered: Vec<usize> = kept
            .iter()
            .filter(|g| g.confidence >= super::CONFIDENT)
            .flat_map(|g| g.positions.iter().map(|&p| content[p]))
            .collect();
        covered.sort_unstable();
        covered.dedup();
        let out = kept
            .into_iter()
            .map(|g| CategoryGuess {
                code: self.targets[g.target].code.clone(),
                confidence: (g.confidence * 100.0).round() / 100.0,
                matched: g
                    .positions
                    .iter()
                    .map(|&p| tokens[content[p]].raw.to_string())
                    .collect(),
            })
            .collect();
        (out, covered)
    }

    fn score(&self, p: usize, hits: &[(u8, usize, bool)], specific: &[bool]) -> PhraseMatch {
        let phrase = &self.phrases[p];
        let n = phrase.words.len();
        // The first position of each word of the phrase.
        let mut first: Vec<Option<(usize, bool)>> = vec![None; n];
        for &(w, pos, fuzzy) in hits {
            let slot = &mut first[usize::from(w)];
            if slot.is_none_or(|(p, _)| pos < p) {
                *slot = Some((pos, fuzzy));
            }
        }
        let mut positions: Vec<usize> = first.iter().flatten().map(|&(p, _)| p).collect();
        let any_fuzzy = first.iter().flatten().any(|&(_, f)| f);
        positions.sort_unstable();
        positions.dedup();
        let k = first.iter().flatten().count();
        let span = positions.last().unwrap_or(&0) - positions.first().unwrap_or(&0) + 1;
        let whole = k == n && positions.len() == n && span <= n + SPAN_SLACK;
        let share = positions.len() as f64 / n as f64;
        let mut strength = if whole {
            (0.75 + 0.1 * (n as f64 - 1.0)).min(0.95)
        } else if positions.len() >= 2 && positions.iter().any(|&p| specific[p]) {
            // Most of a longer phrase ("курси нідерландської" of "курси
            // нідерландської мови") says more than any one of its words.
            0.7 * share
        } else if positions.iter().all(|&p| specific[p]) {
            0.45 * share.sqrt()
        } else {
            0.2 * share
        };
        if any_fuzzy {
            strength *= 0.85;
        }
        if self.targets[phrase.target].is_indicator {
            strength *= 0.5;
        }
        PhraseMatch {
            target: phrase.target,
            strength,
            positions,
            whole,
        }
    }

    fn aggregate(&self, matches: &[PhraseMatch]) -> Vec<Guess> {
        let mut by_target: HashMap<usize, Vec<&PhraseMatch>> = HashMap::new();
        for m in matches {
            by_target.entry(m.target).or_default().push(m);
        }
        by_target
            .into_iter()
            .filter_map(|(target, ms)| {
                let best = ms.iter().max_by(|a, b| {
                    a.strength
                        .total_cmp(&b.strength)
                        .then(b.positions.len().cmp(&a.positions.len()))
                })?;
                let mut positions: Vec<usize> = ms
                    .iter()
                    .flat_map(|m| m.positions.iter().copied())
                    .collect();
                positions.sort_unstable();
                positions.dedup();
                let extra = positions.len().saturating_sub(best.positions.len()) as f64;
                let confidence = (best.strength + (0.05 * extra).min(0.15)).min(0.99);
                (confidence >= 0.05).then_some(Guess {
                    target,
                    confidence,
                    positions,
                })
            })
            .collect()
    }
}

/// Whether `a` is `b` with two neighbouring letters swapped ("dentsit").
fn is_transposition(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() != b.len() {
        return false;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    diff.len() == 2
        && diff[1] == diff[0] + 1
        && a[diff[0]] == b[diff[1]]
        && a[diff[1]] == b[diff[0]]
}

#[derive(Debug)]
struct PhraseMatch {
    target: usize,
    strength: f64,
    /// Positions among the content words.
    positions: Vec<usize>,
    whole: bool,
}

#[derive(Debug)]
struct Guess {
    target: usize,
    confidence: f64,
    positions: Vec<usize>,
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    fn top(q: &str) -> (String, f64) {
        let (g, _) = PhraseIndex::embedded().guess(&tokenize(q));
        g.first()
            .map(|g| (g.code.clone(), g.confidence))
            .unwrap_or_default()
    }

    #[test]
    fn inflected_synonyms_match() {
        for (q, code) in [
            ("психолога", "health.mental_support"),
            ("юридичну консультацію", "rights.legal_aid"),
            ("yoga", "leisure.yoga"),
            ("kinderopvang", "work.childcare"),
            ("tennisles", "leisure.tennis"),
        ] {
            let (c, conf) = top(q);
            assert_eq!(c, code, "{q}");
            assert!(conf >= super::super::CONFIDENT, "{q}: {conf}");
        }
    }

    #[test]
    fn a_longer_phrase_wins() {
        assert_eq!(top("дитячий психолог").0, "health.youth_care");
        assert_eq!(top("онлайн психолог").0, "health.online_mental_support");
    }

    #[test]
    fn names_are_not_typos() {
        let (c, conf) = top("йога для мами. Марія");
        assert_eq!(c, "leisure.yoga");
        assert!(conf >= super::super::CONFIDENT);
        let (g, _) = PhraseIndex::embedded().guess(&tokenize("йога для Марія"));
        assert!(g.iter().all(|g| g.code != "leisure.games_meetup"), "{g:?}");
    }

    #[test]
    fn nothing_known_is_not_confident() {
        let (c, conf) = top("hello there");
        assert!(conf < super::super::CONFIDENT, "{c} {conf}");
    }
}

//! Stemming: Snowball for Dutch, English and Russian; a light suffix stripper for Ukrainian.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

fn stemmer(slot: &'static OnceLock<Stemmer>, algorithm: Algorithm) -> &'static Stemmer {
    slot.get_or_init(|| Stemmer::create(algorithm))
}

/// Dutch and English stems of a normalized Latin word (each may equal the word).
pub fn stem_latin(word: &str) -> [String; 2] {
    static NL: OnceLock<Stemmer> = OnceLock::new();
    static EN: OnceLock<Stemmer> = OnceLock::new();
    [
        stemmer(&NL, Algorithm::Dutch).stem(word).into_owned(),
        stemmer(&EN, Algorithm::English).stem(word).into_owned(),
    ]
}

/// Stems of a normalized Cyrillic word: the Ukrainian light stem when the word
/// could be Ukrainian, the Russian Snowball stem when it could be Russian.
pub fn stem_cyrillic(word: &str) -> Vec<String> {
    static RU: OnceLock<Stemmer> = OnceLock::new();
    let ukrainian_only = word.chars().any(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ'));
    let russian_only = word.chars().any(|c| matches!(c, 'ы' | 'э' | 'ё' | 'ъ'));
    let mut stems = Vec::with_capacity(2);
    if !russian_only {
        stems.push(stem_ukrainian(word));
    }
    if !ukrainian_only {
        stems.push(stemmer(&RU, Algorithm::Russian).stem(word).into_owned());
    }
    stems
}

/// Inflectional endings of Ukrainian nouns, adjectives and verbs, longest first.
/// The dative plural -ам/-ям is left out: it would cut place names such as
/// Амстердам and Роттердам.
const UK_SUFFIXES: &[&str] = &[
    "ування",
    "ювання",
    "ами",
    "ями",
    "ові",
    "еві",
    "єві",
    "ого",
    "ому",
    "ими",
    "іми",
    "ова",
    "ати",
    "яти",
    "ити",
    "іти",
    "ння",
    "их",
    "іх",
    "ій",
    "ий",
    "ою",
    "ею",
    "єю",
    "ах",
    "ях",
    "ом",
    "ем",
    "єм",
    "ів",
    "їв",
    "ої",
    "ої",
    "ти",
    "а",
    "я",
    "у",
    "ю",
    "і",
    "ї",
    "е",
    "о",
    "и",
    "ь",
    "й",
];

/// A light Ukrainian stemmer: strips a reflexive `-ся`/`-сь`, then the longest
/// matching inflectional ending, keeping at least three letters.
fn stem_ukrainian(word: &str) -> String {
    let mut w: &str = word;
    for reflexive in ["ся", "сь"] {
        if let Some(rest) = w.strip_suffix(reflexive) {
            if rest.chars().count() >= 4 {
                w = rest;
                break;
            }
        }
    }
    for suffix in UK_SUFFIXES {
        if let Some(rest) = w.strip_suffix(suffix) {
            if rest.chars().count() >= 3 {
                return rest.to_string();
            }
        }
    }
    w.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_forms_share_a_stem() {
        assert_eq!(stem_ukrainian("психолога"), stem_ukrainian("психолог"));
        assert_eq!(stem_ukrainian("амстердамі"), stem_ukrainian("амстердам"));
        assert_eq!(stem_ukrainian("допомоги"), stem_ukrainian("допомога"));
        assert_eq!(stem_latin("boeken")[0], stem_latin("boek")[0]);
        assert_eq!(stem_latin("therapists")[1], stem_latin("therapist")[1]);
    }

    #[test]
    fn russian_words_get_the_russian_stemmer() {
        let stems = stem_cyrillic("голландский");
        assert!(stems.iter().any(|s| s == "голландск"), "{stems:?}");
    }
}

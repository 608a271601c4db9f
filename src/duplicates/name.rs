//! The name key of a resource, and when two names count as the same.

use crate::text::{levenshtein, normalize, transliterate};

/// Words left out of a name key: legal forms and articles that one record
/// writes and its twin leaves out ("Stichting De Brug" = "Brug"). Compared
/// after normalization and transliteration, so "фонд" is "fond".
pub const LEGAL_FORM_WORDS: &[&str] = &[
    // Dutch legal forms and their abbreviations.
    "stichting",
    "stg",
    "vereniging",
    "bv",
    "nv",
    "vof",
    "cooperatie",
    // English.
    "foundation",
    "association",
    "charity",
    // Ukrainian (transliterated): "фонд", "благодійний", "громадська
    // організація", "ГО".
    "fond",
    "blahodiinyi",
    "hromadska",
    "orhanizatsiia",
    "ho",
    // Articles.
    "de",
    "het",
    "the",
];

/// The key names are compared by: normalized (case, Latin accents,
/// apostrophes), transliterated to Latin, split into words at anything that
/// is not a letter or digit, without [`LEGAL_FORM_WORDS`], joined without
/// spaces. A name made only of such words keeps them all, so it never gets
/// an empty key from a non-empty name.
pub fn name_key(name: &str) -> String {
    let latin = transliterate(&normalize(name));
    let words: Vec<&str> = latin
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let kept: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !LEGAL_FORM_WORDS.contains(w))
        .collect();
    if kept.is_empty() {
        words.concat()
    } else {
        kept.concat()
    }
}

/// Edits allowed between two name keys: one per six letters of the shorter
/// key, at most three; none below six letters, where one letter changes the
/// name ("Yoga" and "Joga" are two places).
fn allowed_edits(shorter_len: usize) -> usize {
    (shorter_len / 6).min(3)
}

/// Whether two keys made by [`name_key`] name the same thing: equal, or
/// within the edits [`allowed_edits`] grants with the same digits in the
/// same order ("Basisschool 12" and "Basisschool 13" are two schools).
/// Empty keys never match.
pub fn keys_similar(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let edits = allowed_edits(la.min(lb));
    if edits == 0 || la.abs_diff(lb) > edits {
        return false;
    }
    let digits = |k: &str| k.chars().filter(char::is_ascii_digit).collect::<String>();
    if digits(a) != digits(b) {
        return false;
    }
    if levenshtein(a, b) <= edits {
        return true;
    }
    // The same Ukrainian name romanised by other habits: "Oekrajinska
    // sjkola" (Dutch), "Ukrainska shkola" (the national standard our
    // transliteration follows), "Ukrayinska shkola" (English).
    let (fa, fb) = (romanisation_fold(a), romanisation_fold(b));
    fa == fb || levenshtein(&fa, &fb) <= edits
}

/// Spellings that differ between the Dutch, English and Ukrainian national
/// romanisations of one Cyrillic letter, folded together: `sjtsj`/`shch`
/// (щ), `tsj`/`ch` (ч), `sj`/`sh` (ш), `zj`/`zh` (ж), `oe`/`u` (у),
/// `ch`/`kh`/`h` (х and г), and `j`/`y`/`i` (й, я, ю, ї). Applied only
/// when comparing keys long enough to forgive edits (see
/// [`keys_similar`]), where it can only join spellings of one name; short
/// keys still differ by one letter ("Yoga" and "Joga").
fn romanisation_fold(key: &str) -> String {
    const RULES: &[(&str, &str)] = &[
        ("sjtsj", "shch"),
        ("tsj", "ch"),
        ("sj", "sh"),
        ("zj", "zh"),
        ("oe", "u"),
        ("kh", "h"),
        ("ch", "h"),
    ];
    let mut out = key.to_string();
    for (from, to) in RULES {
        if out.contains(from) {
            out = out.replace(from, to);
        }
    }
    out.chars()
        .map(|c| if matches!(c, 'j' | 'y') { 'i' } else { c })
        .collect()
}

/// Whether two names are the same or nearly so (see [`name_key`]).
pub fn name_similar(a: &str, b: &str) -> bool {
    keys_similar(&name_key(a), &name_key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_drops_legal_forms_case_and_punctuation() {
        assert_eq!(name_key("Stichting De Brug"), "brug");
        assert_eq!(name_key("BRUG!"), "brug");
        assert_eq!(name_key("Stichting"), "stichting");
        assert_eq!(name_key("Café Oekraïne"), "cafeoekraine");
    }

    #[test]
    fn similar_across_scripts_accents_and_typos() {
        assert!(name_similar("Київський дім", "Kyivskyi Dim"));
        assert!(name_similar("Stichting Zonnebloem", "zonnebloem"));
        assert!(name_similar("Taalcafé Rotterdam", "Taalcafe Roterdam"));
        assert!(name_similar("Благодійний фонд Надія", "Nadiia"));
        // Dutch and English romanisations of the same Ukrainian name.
        assert!(name_similar(
            "Українська школа Барвінок",
            "Oekrajinska sjkola Barvinok"
        ));
        assert!(name_similar("Хор Червона калина", "Chor Tsjervona kalyna"));
        assert!(name_similar("Курси Щедрик", "Koersy Sjtsjedryk"));
        assert!(name_similar("Хор Червона калина", "Khor Chervona Kalyna"));
        assert!(!name_similar("Taalcafé Zuilen", "Taalcafé Lombok"));
        assert!(!name_similar("Yoga", "Joga"));
        assert!(!name_similar("Basisschool 12", "Basisschool 13"));
        assert!(name_similar("Basisschool 12", "Basischool 12"));
        assert!(!name_similar("Taalcafé Rotterdam", "Zwemles Rotterdam"));
        assert!(!name_similar("", ""));
    }

    #[test]
    fn similarity_is_symmetric() {
        for (a, b) in [("Taalhuis", "Taalhuys"), ("abc", "abcdefghij")] {
            assert_eq!(name_similar(a, b), name_similar(b, a));
        }
    }
}

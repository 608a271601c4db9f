//! The language a service should be offered in, when the question says so
//! explicitly: "українською", "на украинском", "по-русски", "in het
//! Oekraïens", "Oekraïenstalige", "Ukrainian-speaking", "in English".
//!
//! A language name alone ("English lessons", "українська школа") is a topic,
//! not a wish about the service's language, and is left to the categories.

use super::token::{Token, Use};

/// Beginnings of Cyrillic language adjectives, with the ISO 639-1 code.
const CYRILLIC_STEMS: &[(&str, &str)] = &[
    ("українськ", "uk"),
    ("украинск", "uk"),
    ("англійськ", "en"),
    ("английск", "en"),
    ("російськ", "ru"),
    ("русск", "ru"),
    ("польськ", "pl"),
    ("польск", "pl"),
    ("нідерландськ", "nl"),
    ("голландськ", "nl"),
    ("нидерландск", "nl"),
    ("голландск", "nl"),
];

/// First halves of "-speaking" compounds ("україномовний", "русскоязычный").
const COMPOUND_STEMS: &[(&str, &str)] = &[
    ("україно", "uk"),
    ("украино", "uk"),
    ("англо", "en"),
    ("російсько", "ru"),
    ("русско", "ru"),
    ("русо", "ru"),
    ("польсько", "pl"),
    ("польско", "pl"),
];

/// Latin language names (normalized), also the first half of "-talig(e)".
const LATIN_NAMES: &[(&str, &str)] = &[
    ("ukrainian", "uk"),
    ("oekraiens", "uk"),
    ("english", "en"),
    ("engels", "en"),
    ("russian", "ru"),
    ("russisch", "ru"),
    ("polish", "pl"),
    ("pools", "pl"),
    ("dutch", "nl"),
    ("nederlands", "nl"),
];

/// Words after a language name that make it a wish ("Ukrainian-speaking").
const SPEAKING: &[&str] = &[
    "speaking",
    "speaker",
    "speakers",
    "sprekend",
    "sprekende",
    "talig",
    "talige",
];

/// Words before a language name that make it a wish ("speaks Ukrainian").
const SPEAKS: &[&str] = &[
    "speaks",
    "speak",
    "spreekt",
    "spreken",
    "говорить",
    "говорит",
    "розмовляє",
];

/// Words after a wish that belong to it ("українською мовою", "на русском языке").
const LANGUAGE_NOUNS: &[&str] = &["мовою", "мові", "языке", "язык", "мова", "language"];

/// The language a word names, and whether the word is a wish by itself
/// (an instrumental "українською", a compound "Oekraïenstalig").
fn language_of(norm: &str) -> Option<(&'static str, bool)> {
    if norm.contains("мовн") || norm.contains("язычн") || norm.contains("говорящ") {
        if let Some((_, code)) = COMPOUND_STEMS.iter().find(|(s, _)| norm.starts_with(s)) {
            return Some((code, true));
        }
    }
    if let Some((_, code)) = CYRILLIC_STEMS.iter().find(|(s, _)| norm.starts_with(s)) {
        return Some((code, norm.ends_with("ською") || norm.ends_with("скою")));
    }
    if let Some((_, code)) = LATIN_NAMES.iter().find(|(n, _)| *n == norm) {
        return Some((code, false));
    }
    let compound = norm
        .strip_suffix("talige")
        .or_else(|| norm.strip_suffix("talig"))?;
    LATIN_NAMES
        .iter()
        .find(|(n, _)| *n == compound || n.strip_suffix('s') == Some(compound))
        .map(|(_, code)| (*code, true))
}

/// Finds the wanted language, marks its words [`Use::Language`] and returns
/// its ISO 639-1 code.
pub(super) fn find(tokens: &mut [Token<'_>]) -> Option<String> {
    for i in 0..tokens.len() {
        if tokens[i].used != Use::Unused {
            continue;
        }
        let norm = tokens[i].norm.as_str();
        let Some((code, by_itself)) = language_of(norm) else {
            continue;
        };
        let prev = |k: usize| {
            i.checked_sub(k)
                .map(|j| tokens[j].norm.as_str())
                .unwrap_or("")
        };
        let next = tokens.get(i + 1).map(|t| t.norm.as_str()).unwrap_or("");
        let mut span = (i, i);
        let wish = if by_itself {
            true
        } else if prev(1) == "in"
            || (matches!(prev(1), "на" | "по")
                && (norm.ends_with("ском") || norm.ends_with("ській") || norm.ends_with("ски")))
        {
            // "in English", "на украинском", "по-русски".
            span.0 = i - 1;
            true
        } else if prev(1) == "het" && prev(2) == "in" {
            span.0 = i - 2;
            true
        } else if SPEAKING.contains(&next) || SPEAKS.contains(&next) {
            // "Ukrainian-speaking", and Dutch word order: "die Oekraïens spreekt".
            span.1 = i + 1;
            true
        } else {
            SPEAKS.contains(&prev(1))
        };
        if !wish {
            continue;
        }
        if tokens
            .get(span.1 + 1)
            .is_some_and(|t| LANGUAGE_NOUNS.contains(&t.norm.as_str()))
        {
            span.1 += 1;
        }
        for t in &mut tokens[span.0..=span.1] {
            t.used = Use::Language;
        }
        return Some(code.to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    fn lang(q: &str) -> Option<String> {
        find(&mut tokenize(q))
    }

    #[test]
    fn explicit_wishes_are_found() {
        for (q, code) in [
            ("психолог українською", "uk"),
            ("психолог українською мовою", "uk"),
            ("психолог на украинском языке", "uk"),
            ("врач говорит по-русски", "ru"),
            ("therapeut in het Oekraïens", "uk"),
            ("Oekraïenstalige huisarts", "uk"),
            ("Ukrainian-speaking therapist", "uk"),
            ("a lawyer who speaks English", "en"),
            ("юрист англійською", "en"),
            ("русскоязычный психолог", "ru"),
            ("психотерапевт, желательно русскоговорящий", "ru"),
            ("help in Polish please", "pl"),
        ] {
            assert_eq!(lang(q).as_deref(), Some(code), "{q}");
        }
    }

    #[test]
    fn a_language_as_topic_is_not_a_wish() {
        for q in [
            "English lessons",
            "українська школа",
            "курси англійської",
            "learn Dutch",
            "Engelse les",
            "school in Ukraine",
            "повернення в Україну",
        ] {
            assert_eq!(lang(q), None, "{q}");
        }
    }
}

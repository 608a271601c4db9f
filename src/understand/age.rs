//! The age of the person the help is for: "my 12 year old", "12-year-old",
//! "aged 7", "12 jaar", "5-jarige", "12 років", "дитині 5 років", "12 лет",
//! "7-летний".

use super::token::{Token, Use};

/// Words after a number that make it an age in years.
const YEAR_WORDS: &[&str] = &[
    "year",
    "years",
    "yr",
    "yrs",
    "yo",
    "jaar",
    "jarige",
    "jarig",
    "років",
    "роки",
    "рік",
    "р",
    "лет",
    "года",
    "год",
    "г",
];

/// Beginnings of adjectives after a number that make it an age ("5-річна", "7-летний").
const YEAR_ADJECTIVES: &[&str] = &["річн", "летн", "jarig"];

/// Words before a number that make it an age.
const AGE_WORDS: &[&str] = &[
    "aged",
    "age",
    "leeftijd",
    "вік",
    "віку",
    "возраст",
    "возраста",
];

/// Oldest age taken at its word.
const MAX_AGE: u32 = 120;

fn number(norm: &str) -> Option<u32> {
    if norm.is_empty() || norm.len() > 3 || !norm.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    norm.parse().ok().filter(|n| *n <= MAX_AGE)
}

/// Finds an age, marks its words [`Use::Age`] and returns it.
pub(super) fn find(tokens: &mut [Token<'_>]) -> Option<u8> {
    for i in 0..tokens.len() {
        if tokens[i].used != Use::Unused {
            continue;
        }
        // "12yo", "12j": digits glued to their unit.
        let norm = tokens[i].norm.clone();
        let digits: String = norm.chars().take_while(char::is_ascii_digit).collect();
        let glued = &norm[digits.len()..];
        if !digits.is_empty() && !glued.is_empty() {
            if let (Some(n), true) = (number(&digits), ["yo", "j", "jr", "y"].contains(&glued)) {
                tokens[i].used = Use::Age;
                return u8::try_from(n).ok();
            }
            continue;
        }
        let Some(n) = number(&norm) else {
            continue;
        };
        let next = tokens.get(i + 1).map(|t| t.norm.as_str()).unwrap_or("");
        let before = i
            .checked_sub(1)
            .map(|j| tokens[j].norm.as_str())
            .unwrap_or("");
        let mut span = (i, i);
        if YEAR_WORDS.contains(&next) || YEAR_ADJECTIVES.iter().any(|a| next.starts_with(a)) {
            span.1 = i + 1;
            if tokens.get(i + 2).is_some_and(|t| t.norm == "old") {
                span.1 = i + 2;
            }
        } else if AGE_WORDS.contains(&before) {
            span.0 = i - 1;
        } else {
            continue;
        }
        for t in &mut tokens[span.0..=span.1] {
            t.used = Use::Age;
        }
        return u8::try_from(n).ok();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    fn age(q: &str) -> Option<u8> {
        find(&mut tokenize(q))
    }

    #[test]
    fn ages_in_four_languages() {
        for (q, n) in [
            ("tennis for my 12 year old", 12),
            ("a 12-year-old boy", 12),
            ("swimming, aged 7", 7),
            ("zwemles voor mijn dochter van 8 jaar", 8),
            ("5-jarige zoon", 5),
            ("гурток для дитини 5 років", 5),
            ("сину 14 лет", 14),
            ("7-летний ребенок", 7),
            ("donkey 9yo", 9),
        ] {
            assert_eq!(age(q), Some(n), "{q}");
        }
    }

    #[test]
    fn other_numbers_are_not_ages() {
        for q in [
            "bel 112",
            "3 kinderen",
            "лінія 113",
            "999 years",
            "1000 лет",
        ] {
            assert_eq!(age(q), None, "{q}");
        }
    }
}

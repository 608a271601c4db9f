//! Whether only free services are wanted: "безкоштовн…", "бесплатн…",
//! "gratis", "kosteloos", "zonder kosten", "free", "for free", "no cost".

use super::token::{Token, Use};

/// Word beginnings that mean free of charge.
const FREE_STEMS: &[&str] = &["безкоштовн", "бесплатн", "безплатн", "задарм"];

/// Whole words that mean free of charge.
const FREE_WORDS: &[&str] = &["gratis", "kosteloos", "free", "даром"];

/// Words after "free" that make it mean something else ("free time").
const NOT_COST: &[&str] = &["time", "tijd", "speech", "parking"];

/// Finds cost words, marks them [`Use::Cost`] and tells whether any was found.
pub(super) fn find(tokens: &mut [Token<'_>]) -> bool {
    let mut found = false;
    for i in 0..tokens.len() {
        if tokens[i].used != Use::Unused {
            continue;
        }
        let norm = tokens[i].norm.as_str();
        let next = tokens.get(i + 1).map(|t| t.norm.as_str()).unwrap_or("");
        let prev = i
            .checked_sub(1)
            .map(|j| tokens[j].norm.as_str())
            .unwrap_or("");
        let free = FREE_STEMS.iter().any(|s| norm.starts_with(s))
            || (FREE_WORDS.contains(&norm) && !NOT_COST.contains(&next))
            || (norm == "kosten" && prev == "zonder")
            || (norm == "cost" && prev == "no")
            || (norm == "charge" && prev == "of" && i >= 2 && tokens[i - 2].norm == "free");
        if free {
            tokens[i].used = Use::Cost;
            if matches!(norm, "kosten" | "cost") {
                tokens[i - 1].used = Use::Cost;
            }
            found = true;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    #[test]
    fn free_in_four_languages() {
        for q in [
            "безкоштовна юридична консультація",
            "бесплатный психолог",
            "gratis zwemles",
            "zonder kosten",
            "free legal advice",
            "lawyer, no cost",
        ] {
            assert!(find(&mut tokenize(q)), "{q}");
        }
        for q in ["free time activities", "vrije tijd", "платний курс"] {
            assert!(!find(&mut tokenize(q)), "{q}");
        }
    }
}

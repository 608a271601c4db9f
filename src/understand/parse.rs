//! The parser behind [`super::understand`]. A first, simple version: whole
//! synonyms and whole place names only.

use super::{CategoryGuess, PlaceGuess, Understood, CONFIDENT};
use crate::gazetteer::Gazetteer;
use crate::taxonomy::Taxonomy;
use crate::text::normalize;

pub(super) fn understand(question: &str, taxonomy: &Taxonomy, gazetteer: &Gazetteer) -> Understood {
    let norm = normalize(question);
    let mut categories = Vec::new();
    for c in taxonomy.categories() {
        let hits: Vec<String> = c
            .synonyms
            .all()
            .filter(|s| !s.is_empty() && norm.contains(&normalize(s)))
            .map(str::to_string)
            .collect();
        if !hits.is_empty() {
            categories.push(CategoryGuess {
                code: c.code.clone(),
                confidence: 0.8,
                matched: hits,
            });
        }
    }
    let place = question
        .split_whitespace()
        .find_map(|w| gazetteer.lookup(w, 1).into_iter().next().filter(|p| crate::text::fold_key(&p.name) == crate::text::fold_key(w)).map(|p| PlaceGuess::from_place(p, w)));
    let confident = categories.iter().any(|c| c.confidence >= CONFIDENT);
    Understood {
        question: question.to_string(),
        categories,
        place,
        language: None,
        age: None,
        free_only: false,
        text: question.to_string(),
        confident,
    }
}

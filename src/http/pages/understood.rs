//! How the search page understood a whole question typed into its text box:
//! the structured query it ran instead of a word search, shown so the
//! volunteer can check it, with a link to search the exact words instead.

use maud::{html, Markup};

use super::i18n::language_name;
use crate::geo::Coordinate;
use crate::model::Lang;
use crate::search::SearchQuery;
use crate::taxonomy::Taxonomy;
use crate::understand::{Understood, CONFIDENT};

/// Radius around a place named in the question, when the form gives none.
pub const QUESTION_RADIUS_KM: f64 = 25.0;

/// Rewrites `query` (built from the form) by what the question says. Choices
/// made in the form win over the question's.
pub fn apply(u: &Understood, query: &mut SearchQuery) {
    if u.confident {
        query.text = None;
        query.categories = u
            .categories
            .iter()
            .filter(|c| c.confidence >= CONFIDENT)
            .map(|c| c.code.clone())
            .collect();
    } else if u.place.is_some() || u.language.is_some() || u.age.is_some() || u.free_only {
        // Not sure what is asked: search the words, without those that
        // were understood as place, language, age or cost.
        query.text = (!u.text.trim().is_empty()).then(|| u.text.clone());
    }
    if query.place.is_none() && query.point.is_none() {
        if let Some(p) = &u.place {
            query.point = Coordinate::new(p.lat, p.lon).ok();
            if query.radius_km.is_none() {
                query.radius_km = Some(QUESTION_RADIUS_KM);
            }
        }
    }
    if query.languages.is_empty() {
        query.languages.extend(u.language.iter().cloned());
    }
    query.free_only |= u.free_only;
    if query.age.is_none() {
        query.age = u.age;
    }
}

fn text(lang: Lang, key: Key) -> &'static str {
    use Key::*;
    use Lang::*;
    match (key, lang) {
        (UnderstoodAs, Uk) => "Зрозуміло як:",
        (UnderstoodAs, Nl) => "Begrepen als:",
        (UnderstoodAs, En) => "Understood as:",
        (CannotTell, Uk) => "Не вдалося зрозуміти, яка допомога потрібна, тому шукаємо за словами.",
        (CannotTell, Nl) => {
            "We konden niet opmaken welke hulp bedoeld is; we zoeken op de woorden."
        }
        (CannotTell, En) => {
            "We could not tell which kind of help is meant, so we search the words."
        }
        (Near, Uk) => "поблизу",
        (Near, Nl) => "bij",
        (Near, En) => "near",
        (InLanguage, Uk) => "мова:",
        (InLanguage, Nl) => "taal:",
        (InLanguage, En) => "language:",
        (Age, Uk) => "вік:",
        (Age, Nl) => "leeftijd:",
        (Age, En) => "age:",
        (FreeOnly, Uk) => "лише безкоштовне",
        (FreeOnly, Nl) => "alleen gratis",
        (FreeOnly, En) => "free only",
        (WordsInstead, Uk) => "Шукати саме ці слова",
        (WordsInstead, Nl) => "Zoek op precies deze woorden",
        (WordsInstead, En) => "Search these exact words instead",
    }
}

#[derive(Clone, Copy)]
enum Key {
    UnderstoodAs,
    CannotTell,
    Near,
    InLanguage,
    Age,
    FreeOnly,
    WordsInstead,
}

/// The box above the results.
pub fn understood_box(lang: Lang, taxonomy: &Taxonomy, u: &Understood, words_href: &str) -> Markup {
    let confident: Vec<_> = u
        .categories
        .iter()
        .filter(|c| c.confidence >= CONFIDENT)
        .collect();
    let label = |code: &str| {
        taxonomy
            .category(code)
            .map(|c| c.labels.get(lang).to_string())
            .or_else(|| {
                taxonomy
                    .indicator(code)
                    .map(|i| i.labels.get(lang).to_string())
            })
            .unwrap_or_else(|| code.to_string())
    };
    html! {
        aside.understood role="status" {
            @if confident.is_empty() {
                p { (text(lang, Key::CannotTell)) }
            } @else {
                p {
                    strong { (text(lang, Key::UnderstoodAs)) } " "
                    @for (i, c) in confident.iter().enumerate() {
                        @if i > 0 { ", " }
                        span.category { (label(&c.code)) } " (" ((c.confidence * 100.0).round()) "%)"
                    }
                    @if let Some(p) = &u.place {
                        " · " (text(lang, Key::Near)) " " bdi { (p.name) }
                    }
                    @if let Some(l) = &u.language {
                        " · " (text(lang, Key::InLanguage)) " " (language_name(lang, l))
                    }
                    @if let Some(a) = u.age {
                        " · " (text(lang, Key::Age)) " " (a)
                    }
                    @if u.free_only {
                        " · " (text(lang, Key::FreeOnly))
                    }
                }
            }
            p { a href=(words_href) { (text(lang, Key::WordsInstead)) } }
        }
    }
}

//! Understanding a helpdesk question: free text in Ukrainian, Russian, Dutch
//! or English becomes a structured query — categories ranked by confidence,
//! a place, a wanted language, an age, free-only — using only the taxonomy's
//! synonyms, the gazetteer and the core text analysis. Deterministic and local.
//!
//! When nothing is recognised with enough confidence, [`Understood::confident`]
//! is false and callers fall back to a plain text search on
//! [`Understood::text`] rather than guessing.

use serde::Serialize;

use crate::gazetteer::{Gazetteer, Place};
use crate::taxonomy::Taxonomy;

/// A category the question seems to ask for.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CategoryGuess {
    /// Taxonomy code (`indicator.slug`), or an indicator id for a broad
    /// guess from an indicator's own synonyms (always below [`CONFIDENT`]).
    pub code: String,
    /// From 0 (a hunch) to 1 (certain).
    pub confidence: f64,
    /// The words of the question that pointed to it, as written.
    pub matched: Vec<String>,
}

/// A place the question names.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PlaceGuess {
    /// The gazetteer place's name.
    pub name: String,
    /// Its municipality.
    pub municipality: String,
    /// Its province.
    pub province: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// The words of the question that named it, as written ("в Амстердамі").
    pub matched: String,
}

impl PlaceGuess {
    /// The guess for a gazetteer place named by `matched`.
    pub fn from_place(place: &Place, matched: &str) -> PlaceGuess {
        PlaceGuess {
            name: place.name.clone(),
            municipality: place.municipality.clone(),
            province: place.province.clone(),
            lat: place.coordinate.lat(),
            lon: place.coordinate.lon(),
            matched: matched.to_string(),
        }
    }
}

/// What a question was understood to ask.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Understood {
    /// The question as given (its first 1,000 bytes: only those are read).
    pub question: String,
    /// Categories, most confident first.
    pub categories: Vec<CategoryGuess>,
    /// The place named, if any.
    pub place: Option<PlaceGuess>,
    /// ISO 639-1 code of the language the service should be offered in.
    pub language: Option<String>,
    /// The age of the person the help is for.
    pub age: Option<u8>,
    /// Whether only free services are wanted.
    pub free_only: bool,
    /// The words left once categories, place, language, age and cost words
    /// are taken out: used for text relevance, or for the fallback search.
    pub text: String,
    /// Whether the categories are certain enough to search by category.
    pub confident: bool,
}

/// Categories at or above this confidence are searched by category.
pub const CONFIDENT: f64 = 0.5;

/// Understands `question`. Never panics; reads at most the first 1,000 bytes
/// and 64 words.
pub fn understand(question: &str, taxonomy: &Taxonomy, gazetteer: &Gazetteer) -> Understood {
    parse::understand(question, taxonomy, gazetteer)
}

mod age;
mod category;
mod cost;
mod language;
mod parse;
mod place;
mod token;

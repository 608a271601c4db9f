//! Asking in free text: [`Engine::ask`] understands a helpdesk question and
//! runs the search it describes, or, when it cannot tell what is asked, says
//! so and runs a plain text search instead of guessing.

use serde::Serialize;

use super::{Engine, EngineError};
use crate::geo::Coordinate;
use crate::search::{SearchQuery, SearchResults};
use crate::understand::{understand, Understood, CONFIDENT};

/// Radius around a named place, in km. Online and national services are
/// included whatever their distance.
pub const ASK_RADIUS_KM: f64 = 25.0;

/// The answer to a question: how it was understood, the search that was run
/// and its results.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// How the question was understood.
    pub understood: Understood,
    /// True when no category was certain enough and a text search of
    /// [`Understood::text`] was run instead.
    pub fallback: bool,
    /// The search that was run.
    pub query: SearchQuery,
    /// Its results.
    pub results: SearchResults,
}

impl Engine {
    /// Understands `question` and searches for it, `per_page` hits at most
    /// (1 to [`crate::search::MAX_PER_PAGE`]; otherwise the search reports
    /// `per_page` as invalid).
    ///
    /// When confident, searches the confident categories around the place
    /// (within [`ASK_RADIUS_KM`], nearer first), in the wanted language, for
    /// the age, free only if asked, without requiring the leftover words.
    /// Otherwise searches the leftover words as text, with the same place and
    /// filters; if that finds nothing, the words behind the best (unsure)
    /// guess.
    pub fn ask(&self, question: &str, per_page: usize) -> Result<Answer, EngineError> {
        let understood = understand(question, self.taxonomy(), self.gazetteer());
        let fallback = !understood.confident;
        let mut query = SearchQuery {
            languages: understood.language.iter().cloned().collect(),
            free_only: understood.free_only,
            age: understood.age,
            include_online: true,
            per_page,
            ..SearchQuery::default()
        };
        if let Some(place) = &understood.place {
            // A gazetteer point is always a valid coordinate; if it were not,
            // the search would simply not be limited to a place.
            query.point = Coordinate::new(place.lat, place.lon).ok();
            query.radius_km = query.point.map(|_| ASK_RADIUS_KM);
        }
        if fallback {
            query.text = (!understood.text.is_empty()).then(|| understood.text.clone());
        } else {
            query.categories = understood
                .categories
                .iter()
                .filter(|c| c.confidence >= CONFIDENT)
                .map(|c| c.code.clone())
                .collect();
        }
        let mut results = self.search(&query)?;
        if fallback && results.total == 0 {
            // Every word must match in a text search. When the whole leftover
            // finds nothing, the words that came nearest to a category are
            // the best text search left.
            let words: Vec<&str> = understood
                .categories
                .first()
                .map(|c| c.matched.iter().map(String::as_str).collect())
                .unwrap_or_default();
            if !words.is_empty() {
                let narrower = SearchQuery {
                    text: Some(words.join(" ")),
                    ..query.clone()
                };
                let retry = self.search(&narrower)?;
                if retry.total > 0 {
                    (query, results) = (narrower, retry);
                }
            }
        }
        Ok(Answer {
            understood,
            fallback,
            query,
            results,
        })
    }
}

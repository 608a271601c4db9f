//! The question a gap report answers, and its validation.

use serde::{Deserialize, Serialize};

use crate::model::validate::is_language_code;
use crate::model::FieldError;
use crate::taxonomy::Taxonomy;

/// The reach used when none is given, in km.
pub const DEFAULT_REACH_KM: f64 = 15.0;

/// The largest reach, in km: beyond it the whole country is "within reach"
/// and the report says nothing.
pub const MAX_REACH_KM: f64 = 300.0;

/// What to look for, and how far a household can be expected to travel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GapQuery {
    /// A category code or an indicator id.
    pub category: String,
    /// Only services offered in this ISO 639-1 language.
    pub language: Option<String>,
    /// How far from a municipality's centre a service counts as within reach.
    pub reach_km: f64,
    /// Only free services.
    pub free_only: bool,
    /// Only services that accept this age.
    pub age: Option<u8>,
}

impl GapQuery {
    /// A query for `category` with the default reach and no other filter.
    pub fn new(category: impl Into<String>) -> GapQuery {
        GapQuery {
            category: category.into(),
            language: None,
            reach_km: DEFAULT_REACH_KM,
            free_only: false,
            age: None,
        }
    }

    /// Every problem with the query, each naming its field.
    pub fn validate(&self, taxonomy: &Taxonomy) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.category.trim().is_empty() {
            errors.push(FieldError::new("category", "is required"));
        } else if taxonomy.expand(&self.category).is_none() {
            errors.push(FieldError::new(
                "category",
                format!(
                    "unknown category or indicator '{}'",
                    self.category.chars().take(60).collect::<String>()
                ),
            ));
        }
        if let Some(code) = &self.language {
            if !is_language_code(code) {
                errors.push(FieldError::new(
                    "language",
                    "must be a two-letter lowercase ISO 639-1 code",
                ));
            }
        }
        if !(self.reach_km.is_finite() && self.reach_km > 0.0 && self.reach_km <= MAX_REACH_KM) {
            errors.push(FieldError::new(
                "reach_km",
                format!("must be more than 0 and at most {MAX_REACH_KM}"),
            ));
        }
        if self.age.is_some_and(|a| a > 120) {
            errors.push(FieldError::new("age", "must be at most 120"));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(q: &GapQuery) -> Vec<String> {
        q.validate(Taxonomy::embedded())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn accepts_a_category_or_an_indicator() {
        assert!(fields(&GapQuery::new("health.mental_support")).is_empty());
        assert!(fields(&GapQuery::new("health")).is_empty());
    }

    #[test]
    fn names_every_bad_field() {
        let q = GapQuery {
            category: "health.nonsense".into(),
            language: Some("UKR".into()),
            reach_km: 0.0,
            free_only: false,
            age: Some(200),
        };
        assert_eq!(fields(&q), ["category", "language", "reach_km", "age"]);
        for reach in [-1.0, 300.5, f64::NAN, f64::INFINITY] {
            let q = GapQuery {
                reach_km: reach,
                ..GapQuery::new("health")
            };
            assert_eq!(fields(&q), ["reach_km"], "{reach}");
        }
        let q = GapQuery {
            reach_km: MAX_REACH_KM,
            ..GapQuery::new("")
        };
        assert_eq!(fields(&q), ["category"]);
    }
}

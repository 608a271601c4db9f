//! Types of the taxonomy and its loading from JSON.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::model::Lang;

/// The fixed ids of the 14 integration indicators, in the report's order.
pub const INDICATOR_IDS: [&str; 14] = [
    "work",
    "housing",
    "education",
    "health",
    "leisure",
    "bonds",
    "bridges",
    "links",
    "language",
    "culture",
    "digital",
    "safety",
    "stability",
    "rights",
];

/// Labels in the three user-facing languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Labels {
    /// Ukrainian label.
    pub uk: String,
    /// Dutch label.
    pub nl: String,
    /// English label.
    pub en: String,
}

impl Labels {
    /// The label in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Uk => &self.uk,
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// Words people type for a category, per language (Russian included, since
/// some people search in it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Synonyms {
    /// Ukrainian.
    #[serde(default)]
    pub uk: Vec<String>,
    /// Russian.
    #[serde(default)]
    pub ru: Vec<String>,
    /// Dutch.
    #[serde(default)]
    pub nl: Vec<String>,
    /// English.
    #[serde(default)]
    pub en: Vec<String>,
}

impl Synonyms {
    /// Every synonym, all languages.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.uk
            .iter()
            .chain(&self.ru)
            .chain(&self.nl)
            .chain(&self.en)
            .map(String::as_str)
    }
}

/// A top-level integration indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// One of [`INDICATOR_IDS`].
    pub id: String,
    /// The framework group (`markers_and_means`, `social_connections`, …).
    pub group: String,
    /// Display labels.
    pub labels: Labels,
    /// Search synonyms.
    pub synonyms: Synonyms,
}

/// A service category below an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// `indicator.slug`; the prefix is the primary indicator.
    pub code: String,
    /// Other indicators this category belongs to.
    #[serde(default)]
    pub also: Vec<String>,
    /// Display labels.
    pub labels: Labels,
    /// Search synonyms.
    pub synonyms: Synonyms,
}

impl Category {
    /// The primary indicator id.
    pub fn indicator(&self) -> &str {
        self.code.split('.').next().unwrap_or(&self.code)
    }
}

#[derive(Deserialize)]
struct TaxonomyFile {
    version: u32,
    indicators: Vec<Indicator>,
    categories: Vec<Category>,
}

/// A problem in a taxonomy file.
#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    /// The file is not valid JSON of the expected shape.
    #[error("taxonomy is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The file breaks a rule (unknown indicator, duplicate code, …).
    #[error("taxonomy: {0}")]
    Invalid(String),
}

/// The loaded taxonomy with its look-up tables.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// The version of the file.
    pub version: u32,
    indicators: Vec<Indicator>,
    categories: Vec<Category>,
    by_code: HashMap<String, usize>,
}

const EMBEDDED: &str = include_str!("../../seed-data/taxonomy.json");

impl Taxonomy {
    /// The taxonomy compiled into the binary from `seed-data/taxonomy.json`.
    pub fn embedded() -> &'static Taxonomy {
        static TAXONOMY: std::sync::OnceLock<Taxonomy> = std::sync::OnceLock::new();
        TAXONOMY.get_or_init(|| {
            // The embedded file is checked by a unit test, so this cannot fail at run time.
            Taxonomy::from_json(EMBEDDED).expect("embedded taxonomy is valid")
        })
    }

    /// Parses and checks a taxonomy file.
    pub fn from_json(text: &str) -> Result<Taxonomy, TaxonomyError> {
        let file: TaxonomyFile = serde_json::from_str(text)?;
        let ids: Vec<&str> = file.indicators.iter().map(|i| i.id.as_str()).collect();
        if ids != INDICATOR_IDS {
            return Err(TaxonomyError::Invalid(format!(
                "indicators must be exactly {INDICATOR_IDS:?}, found {ids:?}"
            )));
        }
        let mut by_code = HashMap::new();
        for (i, c) in file.categories.iter().enumerate() {
            let Some((ind, slug)) = c.code.split_once('.') else {
                return Err(TaxonomyError::Invalid(format!(
                    "category '{}' is not indicator.slug",
                    c.code
                )));
            };
            if !INDICATOR_IDS.contains(&ind) || slug.is_empty() {
                return Err(TaxonomyError::Invalid(format!(
                    "category '{}' has an unknown indicator",
                    c.code
                )));
            }
            if let Some(bad) = c.also.iter().find(|a| !INDICATOR_IDS.contains(&a.as_str())) {
                return Err(TaxonomyError::Invalid(format!(
                    "category '{}' lists unknown indicator '{bad}'",
                    c.code
                )));
            }
            if by_code.insert(c.code.clone(), i).is_some() {
                return Err(TaxonomyError::Invalid(format!(
                    "category '{}' appears twice",
                    c.code
                )));
            }
        }
        Ok(Taxonomy {
            version: file.version,
            indicators: file.indicators,
            categories: file.categories,
            by_code,
        })
    }

    /// The indicators, in order.
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    /// The categories, in file order.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// The category with `code`.
    pub fn category(&self, code: &str) -> Option<&Category> {
        self.by_code.get(code).map(|&i| &self.categories[i])
    }

    /// The stable ordinal of a category (its position in the file), used by the index.
    pub fn ordinal(&self, code: &str) -> Option<u64> {
        self.by_code.get(code).map(|&i| i as u64)
    }

    /// The category at `ordinal`.
    pub fn by_ordinal(&self, ordinal: u64) -> Option<&Category> {
        self.categories.get(usize::try_from(ordinal).ok()?)
    }

    /// The indicator with `id`.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// Whether `code` is a category code.
    pub fn is_category(&self, code: &str) -> bool {
        self.by_code.contains_key(code)
    }

    /// The category codes a selector stands for: a category code selects
    /// itself, an indicator id every category under it (primary or `also`).
    /// `None` when the selector is neither.
    pub fn expand(&self, selector: &str) -> Option<Vec<&str>> {
        if self.is_category(selector) {
            return Some(vec![self.category(selector)?.code.as_str()]);
        }
        self.indicator(selector)?;
        Some(
            self.categories
                .iter()
                .filter(|c| c.indicator() == selector || c.also.iter().any(|a| a == selector))
                .map(|c| c.code.as_str())
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_taxonomy_meets_the_rules() {
        let t = Taxonomy::from_json(EMBEDDED).unwrap();
        assert!(
            t.categories().len() >= 50,
            "only {} categories",
            t.categories().len()
        );
        for code in [
            "health.mental_support",
            "leisure.sports_club",
            "work.childcare",
            "housing.relocation_desk",
            "rights.legal_aid",
            "language.dutch_lessons",
            "education.special_needs",
            "leisure.cycling_lessons",
        ] {
            assert!(t.is_category(code), "{code} missing");
        }
        for ind in t.indicators() {
            assert!(
                t.expand(&ind.id).is_some_and(|c| !c.is_empty()),
                "{} has no categories",
                ind.id
            );
        }
        let all_syn = |s: &Synonyms| [&s.uk, &s.ru, &s.nl, &s.en].iter().all(|l| !l.is_empty());
        for c in t.categories() {
            assert!(
                all_syn(&c.synonyms),
                "{} lacks synonyms in a language",
                c.code
            );
            assert!(!c.labels.uk.is_empty() && !c.labels.nl.is_empty() && !c.labels.en.is_empty());
        }
        for i in t.indicators() {
            assert!(
                all_syn(&i.synonyms),
                "{} lacks synonyms in a language",
                i.id
            );
        }
    }

    #[test]
    fn indicator_expands_to_its_categories_and_category_to_itself() {
        let t = Taxonomy::embedded();
        let health = t.expand("health").unwrap();
        assert!(health.contains(&"health.mental_support"));
        assert_eq!(
            t.expand("rights.legal_aid").unwrap(),
            vec!["rights.legal_aid"]
        );
        assert!(t.expand("nonsense").is_none());
    }
}

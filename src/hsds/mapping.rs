//! The mapping of other vocabularies' taxonomy terms (Open Eligibility,
//! 211 LA / AIRS, …) onto our category codes: `seed-data/hsds/term-mapping.csv`.

use std::collections::HashMap;

/// A problem in a mapping table.
#[derive(Debug, thiserror::Error)]
pub enum MappingError {
    /// A row cannot be read as CSV.
    #[error("term mapping, row {row}: {message}")]
    Csv {
        /// 1-based line of the row.
        row: u64,
        /// What is wrong.
        message: String,
    },
    /// A row maps onto a category the taxonomy does not have.
    #[error("term mapping, row {row}: unknown category '{category}'")]
    UnknownCategory {
        /// 1-based line of the row.
        row: u64,
        /// The category code given.
        category: String,
    },
}

/// Terms of other vocabularies mapped onto our category codes. A term
/// matches on its code or on its name, both without regard to case.
#[derive(Debug, Clone, Default)]
pub struct TermMapping {
    /// (vocabulary, term code or name), both lowercased → category code.
    rows: HashMap<(String, String), (String, u64)>,
}

fn key(vocabulary: &str, term: &str) -> (String, String) {
    (vocabulary.trim().to_lowercase(), term.trim().to_lowercase())
}

impl TermMapping {
    /// The embedded table `seed-data/hsds/term-mapping.csv`. A unit test
    /// checks that it parses and that every category exists.
    pub fn embedded() -> &'static TermMapping {
        static MAPPING: std::sync::OnceLock<TermMapping> = std::sync::OnceLock::new();
        MAPPING.get_or_init(|| {
            TermMapping::from_csv(include_str!("../../seed-data/hsds/term-mapping.csv"))
                .unwrap_or_default()
        })
    }

    /// Reads a table with the header `vocabulary,term,category`; lines
    /// starting with `#` are comments.
    pub fn from_csv(text: &str) -> Result<TermMapping, MappingError> {
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut rows = HashMap::new();
        for record in reader.records() {
            let record = record.map_err(|e| MappingError::Csv {
                row: e.position().map_or(0, |p| p.line()),
                message: e.to_string().to_lowercase(),
            })?;
            let row = record.position().map_or(0, |p| p.line());
            match (record.get(0), record.get(1), record.get(2)) {
                (Some(v), Some(t), Some(c)) if !v.is_empty() && !t.is_empty() && !c.is_empty() => {
                    rows.insert(key(v, t), (c.to_string(), row));
                }
                _ => {
                    return Err(MappingError::Csv {
                        row,
                        message: "needs vocabulary, term and category".to_string(),
                    })
                }
            }
        }
        Ok(TermMapping { rows })
    }

    /// Checks that every category of the table exists, using `is_category`.
    pub fn check(&self, is_category: impl Fn(&str) -> bool) -> Result<(), MappingError> {
        match self.rows.values().find(|(c, _)| !is_category(c)) {
            Some((c, row)) => Err(MappingError::UnknownCategory {
                row: *row,
                category: c.clone(),
            }),
            None => Ok(()),
        }
    }

    /// The category for a term of `vocabulary`, by its code first, then by its name.
    pub fn lookup(&self, vocabulary: &str, code: Option<&str>, name: Option<&str>) -> Option<&str> {
        [code, name]
            .into_iter()
            .flatten()
            .find_map(|term| self.rows.get(&key(vocabulary, term)))
            .map(|(category, _)| category.as_str())
    }

    /// The number of mapped terms.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table maps no term.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Taxonomy;

    #[test]
    fn embedded_table_parses_and_names_real_categories() {
        let text = include_str!("../../seed-data/hsds/term-mapping.csv");
        let mapping = TermMapping::from_csv(text).unwrap();
        assert!(mapping.len() >= 10);
        let taxonomy = Taxonomy::embedded();
        mapping.check(|c| taxonomy.is_category(c)).unwrap();
    }

    #[test]
    fn lookup_matches_code_or_name_without_case() {
        let mapping = TermMapping::from_csv(
            "vocabulary,term,category\nOpen Eligibility,Food Pantry,stability.food_bank\n",
        )
        .unwrap();
        assert_eq!(
            mapping.lookup("open eligibility", Some("x"), Some("food pantry")),
            Some("stability.food_bank")
        );
        assert_eq!(mapping.lookup("other", None, Some("food pantry")), None);
    }

    #[test]
    fn a_short_row_is_an_error() {
        assert!(TermMapping::from_csv("vocabulary,term,category\na,b\n").is_err());
    }
}

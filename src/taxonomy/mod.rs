//! The service taxonomy: the 14 integration indicators and the categories below them.
//!
//! Loaded from `seed-data/taxonomy.json`, which is compiled into the binary so
//! that it works from any directory.

mod load;

pub use load::{Category, Indicator, Labels, Synonyms, Taxonomy, TaxonomyError};

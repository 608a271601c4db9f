//! One normalization path for indexing and querying.
//!
//! [`normalize`] folds case, Latin diacritics and apostrophe variants;
//! [`analyze`] splits text into words and gives each word its search
//! variants: transliterated to Latin script, unstemmed and stemmed. The index
//! registers [`analyze`] as its tokenizer, and queries go through the same
//! function, so a document and a query can never be normalized two ways.

mod analyze;
mod fuzzy;
mod normalize;
mod stem;
mod translit;

pub use analyze::{analyze, for_each_word, query_words, Pieces, Word};
pub use fuzzy::{levenshtein, matches_fuzzy, max_edits, typo_distance, FuzzyTerm};
pub use normalize::{fold_key, normalize, organization_key};
pub use stem::{stem_cyrillic, stem_latin};
pub use translit::{is_cyrillic, transliterate};

//! The search index: tantivy for text and filters, an rstar R-tree for points.
//!
//! Only this module knows tantivy. Both structures are derived from the
//! store: each tantivy commit carries, in its payload, the store generation
//! it reflects, and the R-tree is rebuilt from the index's fast fields when
//! opened. Nothing here is a source of truth.

mod any_field;
mod category_text;
mod collector;
mod doc_runs;
mod doc_table;
mod document;
mod error;
mod huge_pages;
mod query;
mod record;
mod schema;
mod search_index;
mod spatial;
mod term_lists;
mod term_union;
mod tokenizer;
mod typo;

pub use document::{contact_keys, searchable_texts};
pub use error::IndexError;
pub use query::{IndexHit, IndexQuery, IndexResults, SortOrder};
pub use search_index::{IndexState, SearchIndex, StaleDocs, StatusCounts};

/// A deterministic pseudo-random source for the index's tests: each call
/// gives a number below its argument (a 64-bit LCG, `seed` first).
#[cfg(test)]
fn test_rng(mut state: u64) -> impl FnMut(u64) -> u64 {
    move |n| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    }
}

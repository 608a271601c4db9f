//! Search: from a user's query (text, place, filters) to ranked, highlighted
//! hits with facet counts.
//!
//! Resolves names (place → point, indicator → categories) and runs the
//! index, which gives each hit's resource as it indexed it (the store, the
//! source of truth, reaches the index before a write is acknowledged).

mod error;
mod highlight;
mod params;
mod query;
mod run;

pub use error::SearchError;
pub use highlight::{highlight, Highlight};
pub use params::{parse_params, MAX_LIST_VALUES};
pub use query::{SearchQuery, MAX_PER_PAGE};
pub use run::{run, Facet, Hit, SearchContext, SearchResults};

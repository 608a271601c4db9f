//! Gap reports for researchers: for every Dutch municipality, how much
//! matching help lies within reach of its centre, and how far the nearest is.
//!
//! Engine-level and free of HTTP, tantivy and sled: [`GapQuery`] states what
//! to look for, [`municipalities`] derives the municipalities and their
//! centres from the gazetteer, [`GapReport`] holds the answer (computed by
//! `Engine::gaps`), and [`to_csv`] / [`to_svg`] render it.

mod csv;
mod municipality;
mod query;
mod report;
mod svg;

pub use csv::to_csv;
pub use municipality::{municipalities, Municipality};
pub use query::{GapQuery, DEFAULT_REACH_KM, MAX_REACH_KM};
pub use report::{Coverage, GapReport, GapRow, GapSummary, NearestResource};
pub use svg::{to_svg, to_svg_fluid};

//! The gazetteer: every Dutch place with its coordinates, population,
//! province, municipality and alternate names (GeoNames, CC BY 4.0).
//!
//! Look-up is accent-, case- and script-insensitive through
//! [`crate::text::fold_key`] and ranks ambiguous names by population.

mod places;

pub use places::{Gazetteer, GazetteerError, Place};

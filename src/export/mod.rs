//! Exports: streaming writers from resources to JSON Lines (the native
//! backup format), CSV (the spreadsheet template's columns, safe against
//! formula injection) and GeoJSON (for QGIS and uMap).
//!
//! Pure: each writer takes any iterator of resources and any `Write`, holds
//! one resource at a time, and reports progress through a callback.

mod csv;
mod error;
mod geojson;
mod jsonl;

pub use self::csv::{neutralise, write_csv, CSV_DELIMITER};
pub use error::ExportError;
pub use geojson::{feature, write_geojson, GeoJsonSummary};
pub use jsonl::write_jsonl;

/// Records between two progress reports.
pub const PROGRESS_EVERY: u64 = 1024;

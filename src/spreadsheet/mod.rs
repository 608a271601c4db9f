//! Spreadsheets: reading the CSV that community leads keep (Dutch or English
//! column names, `,` or `;` delimited, UTF-8 with or without BOM) into
//! resources, with every problem named by row, column and a fix hint; and
//! the cells of a resource in the same columns, for the CSV export.
//!
//! Pure: no store, no index. The columns are documented in
//! `seed-data/spreadsheet-template.md`.

mod cell;
mod columns;
mod header;
mod problem;
mod reader;
mod row;
mod write;

pub use cell::FORMULA_STARTS;
pub use columns::{Column, COLUMNS};
pub use header::Header;
pub use problem::{ProblemKind, SheetProblem};
pub use reader::{detect_delimiter, parse_csv, rejected_rows, SheetParse, SheetReader};
pub use row::{stable_id, DEFAULT_SOURCE};
pub use write::{cells, header_row};

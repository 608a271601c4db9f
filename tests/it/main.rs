//! Integration tests, one binary: the CLI end to end, import errors, index
//! recovery, and the property tests (search = brute-force oracle, text
//! normalization, distances).

mod cli;
mod common;
mod import;
mod properties;
mod recovery;
mod search_oracle;

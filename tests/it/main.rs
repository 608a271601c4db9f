//! Integration tests, one binary: the CLI end to end, import errors, index
//! recovery, and the property tests (search = brute-force oracle, text
//! normalization, distances).

mod browser;
mod cli;
mod common;
mod http_api;
mod import;
mod pages;
mod properties;
mod recovery;
mod search_oracle;
mod writes;

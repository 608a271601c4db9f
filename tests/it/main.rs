//! Integration tests, one binary: the CLI end to end, import errors, index
//! recovery, the engine's write side, the HTTP API and pages in process, a
//! real-browser test, and the property tests (search = brute-force oracle,
//! text normalization, distances).

mod backup;
mod browser;
mod cli;
mod common;
mod concurrency;
mod counts;
mod crash;
mod duplicates;
mod facts;
mod fuzz_regressions;
mod gaps;
mod hsds;
mod hsds_schemas;
mod http_api;
mod import;
mod match_pages;
mod matching;
mod pages;
mod privacy;
mod properties;
mod questions;
mod recovery;
mod render;
mod search_oracle;
mod segments;
mod sheets;
mod stale_index;
mod writes;

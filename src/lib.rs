//! wegwijs: a resource-mapping directory and matching engine for people who
//! fled the war in Ukraine to the Netherlands, and those who help them.
//!
//! Layers, one direction: [`model`] and [`taxonomy`] (plain types) ←
//! [`text`], [`geo`], [`gazetteer`], [`store`] (sled), [`index`] (tantivy +
//! R-tree) ← [`search`], [`seed`] ← [`engine`] (the facade) ← [`http`], [`cli`].
//! See `ARCHITECTURE.md`.

pub mod cli;
pub mod duplicates;
pub mod engine;
pub mod export;
pub mod gaps;
pub mod gazetteer;
pub mod geo;
pub mod hsds;
pub mod http;
pub mod index;
pub mod matching;
pub mod model;
pub mod search;
pub mod seed;
pub mod spreadsheet;
pub mod store;
pub mod taxonomy;
pub mod text;
pub mod understand;

/// The cores this process may use (1 when unknown), asked once: the
/// standard library reads the cgroup's files each time it answers, which
/// was a tenth of a short search's time when asked per request.
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

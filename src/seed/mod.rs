//! Seed data: the real national and online organisations in
//! `seed-data/resources.jsonl`, and the synthetic generator for demos and
//! benchmarks.

mod real;
mod synthetic;

pub use real::real_resources;
pub use synthetic::{synthetic_iter, synthetic_resources, SyntheticOptions};

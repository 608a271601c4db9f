//! The matching engine: example households with checked expectations, and
//! property tests that no match breaks a hard rule and every gap is real.

mod cli;
mod fixtures;
mod households;
mod properties;

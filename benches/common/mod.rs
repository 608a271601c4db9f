//! What the benchmarks share: how many resources to load, and loading them
//! into a fresh temporary data directory.

use std::time::Instant;

use wegwijs::engine::Engine;
use wegwijs::gazetteer::Gazetteer;
use wegwijs::seed::{synthetic_resources, SyntheticOptions};
use wegwijs::taxonomy::Taxonomy;

/// Resources per `put_all` call while loading.
const CHUNK: usize = 2_000;
/// Seed of the synthetic generator, so every run uses the same data.
pub const SEED: u64 = 42;

/// `WEGWIJS_BENCH_N`, else `default` under `cargo bench`, else 500:
/// `cargo test --all-targets` runs each bench once as a smoke test.
pub fn bench_n(default: usize) -> usize {
    match std::env::var("WEGWIJS_BENCH_N") {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("WEGWIJS_BENCH_N must be a whole number, got {v:?}")),
        Err(_) if !std::env::args().any(|a| a == "--bench") => 500,
        Err(_) => default,
    }
}

/// Opens an engine over a new temporary directory (seeded with the real
/// resources, as in production) and loads `n` synthetic resources.
pub fn load(n: usize) -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().expect("create temporary data directory");
    let started = Instant::now();
    let (engine, report) = Engine::open(dir.path()).expect("open engine");
    let resources = synthetic_resources(
        SyntheticOptions {
            count: n,
            seed: SEED,
        },
        Taxonomy::embedded(),
        Gazetteer::embedded(),
    );
    for chunk in resources.chunks(CHUNK) {
        engine.put_all(chunk).expect("load synthetic resources");
    }
    eprintln!(
        "wegwijs bench: loaded {n} synthetic resources (+{} seeded) in {:.2?} ({})",
        report.seeded.unwrap_or(0),
        started.elapsed(),
        dir.path().display(),
    );
    (dir, engine)
}

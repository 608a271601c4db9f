//! What the benchmarks share: how many resources to load, and loading them
//! into a fresh temporary data directory.

use std::time::Instant;

use wegwijs::engine::Engine;
use wegwijs::seed::{synthetic_iter, SyntheticOptions};

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
    fill(&engine, n);
    eprintln!(
        "wegwijs bench: loaded {n} synthetic resources (+{} seeded) in {:.2?} ({})",
        report.seeded.unwrap_or(0),
        started.elapsed(),
        dir.path().display(),
    );
    (dir, engine)
}

/// Loads `n` synthetic resources into `engine` as `wegwijs seed
/// --synthetic` does: one bulk load, its index committed and merged into
/// one segment at the end. (Loading in chunks of `put_all`, as the benches
/// once did, left a million resources in a dozen segments: a directory no
/// command of the CLI makes, and slower to search.)
pub fn fill(engine: &Engine, n: usize) {
    let records = synthetic_iter(
        SyntheticOptions {
            count: n,
            seed: SEED,
        },
        engine.taxonomy(),
        engine.gazetteer(),
    );
    let mut bulk = engine.bulk_load("bench", "seed");
    for record in records {
        bulk.push(record).expect("load synthetic resources");
    }
    bulk.finish().expect("commit synthetic resources");
}

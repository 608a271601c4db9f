//! The fixed query mix of `benches/mix/queries.json`, run in process.
//!
//! Opens or builds a data directory with `N` synthetic resources (see
//! `benches/mix/dataset.rs`), runs every query of the mix through
//! [`Engine::search`] and every household through
//! [`Engine::match_household_at`], round-robin, `WEGWIJS_BENCH_ITERS` times
//! (default 30) after two untimed rounds, prints p50/p95/p99 and throughput
//! per class, and writes a JSON file with every query's latencies and the ids
//! it returned, which `scripts/peer/postgis.sh` compares with PostGIS.
//!
//! ```text
//! WEGWIJS_BENCH_N=100000 cargo bench --bench mix
//! ```
//!
//! Environment:
//!
//! - `WEGWIJS_BENCH_N`: synthetic resources (default 10000);
//! - `WEGWIJS_BENCH_DIR`: a data directory to reuse (for example one made by
//!   `wegwijs --data-dir DIR seed --synthetic N --seed 42`), or to build in
//!   when it holds no store yet; without it, a temporary one;
//! - `WEGWIJS_BENCH_ITERS`: timed rounds over the mix (default 30);
//! - `WEGWIJS_BENCH_OUT`: the results file (default
//!   `target/bench-mix/ours-n<N>.json`);
//! - `WEGWIJS_BENCH_PEER_DATA`: also write the store, flattened, as JSON
//!   Lines for the peer;
//! - `WEGWIJS_BENCH_CLASS`: run only the entries of this class (for example
//!   `household`), or those whose name begins with it (for example
//!   `text_filters_radius:zwemles`), to profile one class or one query.
//!
//! The engine runs on mimalloc, as in the `wegwijs` binary.
//!
//! Without `--bench` (as under `cargo test --all-targets`) it is a smoke
//! test: 500 resources, one round, nothing written unless asked.

use std::hint::black_box;

/// The allocator the `wegwijs` binary uses (`src/main.rs`), so the engine
/// is measured as it serves.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::time::Instant;

use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

mod common;
#[path = "mix/dataset.rs"]
mod dataset;
#[path = "mix/report.rs"]
mod report;

use report::QueryResult;
use wegwijs::engine::Engine;
use wegwijs::matching::Household;
use wegwijs::search::SearchQuery;

/// Resources when `WEGWIJS_BENCH_N` is not set.
const DEFAULT_N: usize = 10_000;
/// Timed rounds when `WEGWIJS_BENCH_ITERS` is not set.
const DEFAULT_ITERS: usize = 30;
/// Untimed rounds before timing.
const WARM_UP: usize = 2;
/// The mix, compiled in so the binary does not depend on its working directory.
const MIX: &str = include_str!("mix/queries.json");

/// One entry of `queries.json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    class: String,
    #[serde(default)]
    query: Option<SearchQuery>,
    #[serde(default)]
    household: Option<Household>,
}

/// What one run of an entry returned.
struct Answer {
    total: usize,
    ids: Vec<String>,
    distances_km: Vec<Option<f64>>,
}

fn run(engine: &Engine, entry: &Entry, now: i64) -> Answer {
    match (&entry.query, &entry.household) {
        (Some(q), None) => {
            let results = engine
                .search(black_box(q))
                .unwrap_or_else(|e| panic!("{}: {e}", entry.name));
            Answer {
                total: results.total,
                ids: results
                    .hits
                    .iter()
                    .map(|h| h.resource.id.as_str().to_string())
                    .collect(),
                distances_km: results.hits.iter().map(|h| h.distance_km).collect(),
            }
        }
        (None, Some(h)) => {
            let plan = engine
                .match_household_at(black_box(h), now)
                .unwrap_or_else(|e| panic!("{}: {e}", entry.name));
            let matches: Vec<_> = plan.needs.iter().flat_map(|n| &n.matches).collect();
            Answer {
                total: matches.len(),
                ids: matches
                    .iter()
                    .map(|m| m.resource.id.as_str().to_string())
                    .collect(),
                distances_km: matches.iter().map(|m| m.distance_km).collect(),
            }
        }
        _ => panic!("{}: needs exactly one of query and household", entry.name),
    }
}

fn env_usize(name: &str) -> Option<usize> {
    let v = std::env::var(name).ok()?;
    Some(
        v.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, got {v:?}")),
    )
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let n = common::bench_n(DEFAULT_N);
    let iters = if benching {
        env_usize("WEGWIJS_BENCH_ITERS")
            .unwrap_or(DEFAULT_ITERS)
            .max(1)
    } else {
        1
    };
    let out = std::env::var_os("WEGWIJS_BENCH_OUT")
        .map(PathBuf::from)
        .or_else(|| benching.then(|| PathBuf::from(format!("target/bench-mix/ours-n{n}.json"))));
    let peer_data = std::env::var_os("WEGWIJS_BENCH_PEER_DATA").map(PathBuf::from);

    let mut mix: Vec<Entry> = serde_json::from_str(MIX).expect("benches/mix/queries.json parses");
    if let Ok(class) = std::env::var("WEGWIJS_BENCH_CLASS") {
        mix.retain(|e| e.class == class || e.name.starts_with(&class));
        assert!(
            !mix.is_empty(),
            "WEGWIJS_BENCH_CLASS={class}: no entry has it"
        );
    }
    let data = dataset::prepare(n, peer_data.as_deref());
    let engine = &data.engine;
    let now = Utc::now().timestamp();

    for _ in 0..WARM_UP {
        for entry in &mix {
            black_box(run(engine, entry, now));
        }
    }
    let mut results: Vec<QueryResult> = mix
        .iter()
        .map(|e| {
            let answer = run(engine, e, now);
            QueryResult {
                name: e.name.clone(),
                class: e.class.clone(),
                latencies_us: Vec::with_capacity(iters),
                total: answer.total,
                ids: answer.ids,
                distances_km: answer.distances_km,
            }
        })
        .collect();
    let started = Instant::now();
    for _ in 0..iters {
        for (entry, result) in mix.iter().zip(&mut results) {
            let t = Instant::now();
            black_box(run(engine, entry, now));
            result.latencies_us.push(t.elapsed().as_micros() as u64);
        }
    }
    let elapsed = started.elapsed().as_secs_f64();

    let summary = report::summarise(&results);
    let rss = report::proc_status_bytes("VmRSS:");
    let hwm = report::proc_status_bytes("VmHWM:");
    let disk = report::disk_bytes(&data.dir);
    // The index's count: the store's walks every record (seconds at 1M).
    println!(
        "wegwijs mix: N={n} ({} resources stored), {} queries x {iters} rounds in {elapsed:.1} s",
        engine.indexed_len(),
        mix.len()
    );
    report::print_table(&summary);
    println!(
        "load {}, open {:.2} s, disk {:.1} MiB, RSS {:.1} MiB (peak {:.1} MiB)",
        data.load_seconds
            .map_or("not measured (reused directory)".to_string(), |s| format!(
                "{s:.1} s"
            )),
        data.open_seconds,
        disk as f64 / 1048576.0,
        rss.unwrap_or(0) as f64 / 1048576.0,
        hwm.unwrap_or(0) as f64 / 1048576.0,
    );
    for r in results.iter().filter(|r| r.ids.is_empty()) {
        println!("note: {} returned nothing", r.name);
    }

    if let Some(path) = out {
        let doc = json!({
            "system": "wegwijs",
            "n": n,
            "resources": engine.indexed_len(),
            "data_dir": data.dir,
            "now": now,
            "rounds": iters,
            "elapsed_seconds": elapsed,
            "load_seconds": data.load_seconds,
            "open_seconds": data.open_seconds,
            "disk_bytes": disk,
            "rss_bytes": rss,
            "peak_rss_bytes": hwm,
            "machine": report::machine(),
            "classes": summary,
            "queries": results,
        });
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create results folder");
        }
        std::fs::write(&path, serde_json::to_vec_pretty(&doc).expect("serialize"))
            .expect("write results");
        println!("wrote {}", path.display());
    }
}

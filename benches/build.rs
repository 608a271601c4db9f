//! Text analysis throughput and index build time.
//!
//! - `text`: the texts of `N` deterministic synthetic resources (names,
//!   organisations and the descriptions in every language, as an index
//!   build reads them), through [`wegwijs::text::normalize`] (each text
//!   whole), [`wegwijs::text::for_each_word`] (words and their variants, the
//!   tokenizer's work, its cache warm as in a build) and
//!   [`wegwijs::text::query_words`] (the names as queries); throughput in
//!   bytes of text.
//! - `index_build`: [`Engine::import_lines`] of the same `N` resources as
//!   JSON Lines into a fresh data directory (parse, admission, store and
//!   index, committed), and [`Engine::rebuild_index`] of a directory
//!   holding them (the search index built again from the store);
//!   throughput in resources.
//!
//! `N` comes from `WEGWIJS_BENCH_N` (default 5,000; 500 under `cargo test
//! --all-targets`, which runs each bench once). Run with:
//!
//! ```text
//! WEGWIJS_BENCH_N=20000 cargo bench --bench build
//! ```

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

mod common;

use wegwijs::engine::{Engine, ImportOptions};
use wegwijs::gazetteer::Gazetteer;
use wegwijs::model::Resource;
use wegwijs::seed::{synthetic_iter, SyntheticOptions};
use wegwijs::taxonomy::Taxonomy;

/// Resources when `WEGWIJS_BENCH_N` is not set.
const DEFAULT_N: usize = 5_000;

/// The `n` synthetic resources every run uses (the generator's fixed seed).
fn resources(n: usize) -> Vec<Resource> {
    synthetic_iter(
        SyntheticOptions {
            count: n,
            seed: common::SEED,
        },
        Taxonomy::embedded(),
        Gazetteer::embedded(),
    )
    .collect()
}

/// The texts an index build analyses: each resource's name, organisation
/// and descriptions.
fn texts(resources: &[Resource]) -> Vec<String> {
    let mut texts = Vec::new();
    for r in resources {
        texts.push(r.name.clone());
        texts.push(r.organization.name.clone());
        texts.extend(r.description.iter().map(|(_, t)| t.to_string()));
    }
    texts
}

fn text_benches(c: &mut Criterion, resources: &[Resource]) {
    let texts = texts(resources);
    let bytes: usize = texts.iter().map(String::len).sum();
    let names: Vec<&str> = resources.iter().map(|r| r.name.as_str()).collect();
    let name_bytes: usize = names.iter().map(|n| n.len()).sum();
    let mut group = c.benchmark_group("text");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("normalize", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| wegwijs::text::normalize(t).len())
                .sum::<usize>()
        })
    });
    group.bench_function("analyze_words", |b| {
        b.iter(|| {
            let mut variants = 0;
            for text in &texts {
                wegwijs::text::for_each_word(text, |_, _, _, pieces| {
                    variants += pieces.iter().map(Vec::len).sum::<usize>();
                });
            }
            variants
        })
    });
    group.throughput(Throughput::Bytes(name_bytes as u64));
    group.bench_function("query_words_names", |b| {
        b.iter(|| {
            names
                .iter()
                .map(|n| wegwijs::text::query_words(n).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

fn build_benches(c: &mut Criterion, resources: &[Resource]) {
    let n = resources.len();
    let mut jsonl = String::new();
    for r in resources {
        jsonl.push_str(&serde_json::to_string(r).expect("resource serializes"));
        jsonl.push('\n');
    }
    let mut group = c.benchmark_group("index_build");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function(format!("import_n{n}"), |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("create temporary data directory");
                let (engine, _) = Engine::open(dir.path()).expect("open engine");
                (dir, engine)
            },
            |(dir, engine)| {
                let report = engine
                    .import_lines(jsonl.as_bytes(), ImportOptions::default(), &|_, _| {})
                    .expect("import");
                assert_eq!(report.imported, n, "{:?}", report.rejected.first());
                (dir, engine)
            },
            BatchSize::PerIteration,
        )
    });
    let (dir, engine) = common::load(n);
    group.bench_function(format!("reindex_n{n}"), |b| {
        b.iter(|| engine.rebuild_index().expect("rebuild the index"))
    });
    group.finish();
    black_box(engine.len());
    drop(engine);
    drop(dir);
}

fn benches(c: &mut Criterion) {
    let resources = resources(common::bench_n(DEFAULT_N));
    text_benches(c, &resources);
    build_benches(c, &resources);
}

criterion_group!(build, benches);
criterion_main!(build);

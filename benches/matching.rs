//! Matching latency over a synthetic directory.
//!
//! Loads `N` deterministic synthetic resources (as `benches/search.rs` does)
//! and measures [`Engine::match_household`] for one household with eight
//! needs — three members and household needs, mental support, Dutch lessons,
//! childcare, volleyball, legal aid (as free text), relocation desk, yoga and
//! school enrolment — around Amsterdam, within public-transport reach (20 km),
//! with every hard rule in play (languages and an avoided language, legal
//! status, BSN, registration, a low-cost budget). A second case adds the
//! wellbeing suggestions (ten needs).
//!
//! `N` comes from `WEGWIJS_BENCH_N` (default 100000, the issue's scale). Run:
//!
//! ```text
//! WEGWIJS_BENCH_N=100000 cargo bench --bench matching
//! ```

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

mod common;

use wegwijs::matching::Household;

const DEFAULT_N: usize = 100_000;

fn bench_n() -> usize {
    common::bench_n(DEFAULT_N)
}

const HOUSEHOLD: &str = r#"{
  "home": {"place": "Amsterdam"},
  "mobility": "public_transport",
  "languages": [{"code": "uk", "level": "native"}, {"code": "en", "level": "basic"}],
  "avoid_languages": ["ru"],
  "legal_status": "temporary_protection",
  "has_bsn": true,
  "registered_municipality": "Amsterdam",
  "budget": "low_cost",
  "members": [
    {"label": "mother", "age": 36, "needs": ["health.mental_support", "language.dutch_lessons", "leisure.yoga"]},
    {"label": "son", "age": 13, "needs": ["leisure.volleyball", "education.school_enrolment"], "interests": ["volleyball"]},
    {"label": "daughter", "age": 3, "needs": ["work.childcare"]}
  ],
  "needs": ["безкоштовна юридична консультація", "housing.relocation_desk"],
  "suggest_wellbeing": false
}"#;

fn matching_benches(c: &mut Criterion) {
    let n = bench_n();
    let (dir, engine) = common::load(n);
    let household: Household = serde_json::from_str(HOUSEHOLD).expect("household parses");
    assert_eq!(
        household.needs.len()
            + household
                .members
                .iter()
                .map(|m| m.needs.len())
                .sum::<usize>(),
        8
    );
    let mut with_wellbeing = household.clone();
    with_wellbeing.suggest_wellbeing = true;

    let plan = engine.match_household(&household).expect("match");
    eprintln!(
        "wegwijs bench: {} needs, {} matches, {} gaps",
        plan.needs.len(),
        plan.needs.iter().map(|n| n.matches.len()).sum::<usize>(),
        plan.needs.iter().filter(|n| n.gap.is_some()).count()
    );

    let mut group = c.benchmark_group(format!("match_n{n}"));
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("household_8_needs", |b| {
        b.iter(|| {
            black_box(
                engine
                    .match_household(black_box(&household))
                    .expect("match"),
            )
        })
    });
    group.bench_function("household_8_needs_plus_wellbeing", |b| {
        b.iter(|| {
            black_box(
                engine
                    .match_household(black_box(&with_wellbeing))
                    .expect("match"),
            )
        })
    });
    group.finish();

    drop(engine);
    drop(dir);
}

criterion_group!(benches, matching_benches);
criterion_main!(benches);

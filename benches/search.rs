//! Search latency benchmark over a synthetic directory.
//!
//! Builds a fresh data directory in a temporary folder (seeded with the real
//! resources on first open, as in production), loads `N` deterministic
//! synthetic resources in one bulk load (`common::load`), prints how long
//! loading took, and then measures [`Engine::search`] for the query
//! classes of `/work/shared/PERFORMANCE.md` and of the mix (`benches/mix`),
//! all with 20 hits per page:
//!
//! - `text_only`: "psycholoog";
//! - `text_cyrillic`: "психолог";
//! - `text_radius_25km`: "psycholoog" within 25 km of Amsterdam;
//! - `category_radius_nearest`: `health.mental_support` within 25 km, no
//!   text, so nearest first;
//! - `category_lang_free_age_radius`: `health.mental_support`, language `uk`,
//!   free only, age 10, within 25 km;
//! - `category_nearest_no_radius`: the nearest 20 of `health.mental_support`
//!   around Amsterdam, no radius;
//! - `text_transliterated`: "psykholoh" (психолог in Latin letters);
//! - `text_typo`: "psycholoogg";
//! - `text_lang_free_age_radius`: "psycholoog", language `uk`, free only,
//!   age 10, within 25 km, online services included;
//! - `place_only`: the place name "Utrecht" alone (every resource with a
//!   point, nearest to Utrecht first);
//! - `household_8_queries`: eight category + 25 km queries in a row (mental
//!   support, Dutch lessons, childcare, sports club, legal aid, relocation
//!   desk, yoga, school enrolment), as one household's needs.
//!
//! `N` comes from `WEGWIJS_BENCH_N` (default 20000). Run with:
//!
//! ```text
//! WEGWIJS_BENCH_N=100000 cargo bench --bench search
//! ```
//!
//! Each class uses 20 samples and a short measurement time, so the whole run
//! takes a few minutes at most with the default `N`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

mod common;

use wegwijs::engine::Engine;
use wegwijs::geo::Coordinate;
use wegwijs::search::SearchQuery;

/// Resources loaded when `WEGWIJS_BENCH_N` is not set.
const DEFAULT_N: usize = 20_000;
/// Amsterdam, Dam square.
const AMSTERDAM: (f64, f64) = (52.3740, 4.8897);
const RADIUS_KM: f64 = 25.0;
const PER_PAGE: usize = 20;

/// The categories of one household's needs.
const HOUSEHOLD: [&str; 8] = [
    "health.mental_support",
    "language.dutch_lessons",
    "work.childcare",
    "leisure.sports_club",
    "rights.legal_aid",
    "housing.relocation_desk",
    "leisure.yoga",
    "education.school_enrolment",
];

fn bench_n() -> usize {
    common::bench_n(DEFAULT_N)
}

fn amsterdam() -> Coordinate {
    Coordinate::new(AMSTERDAM.0, AMSTERDAM.1).expect("Amsterdam is a valid coordinate")
}

fn text(q: &str) -> SearchQuery {
    SearchQuery {
        text: Some(q.to_string()),
        per_page: PER_PAGE,
        ..SearchQuery::default()
    }
}

fn category_near(category: &str, radius_km: Option<f64>) -> SearchQuery {
    SearchQuery {
        point: Some(amsterdam()),
        radius_km,
        categories: vec![category.to_string()],
        per_page: PER_PAGE,
        ..SearchQuery::default()
    }
}

fn run(engine: &Engine, query: &SearchQuery) -> usize {
    let results = engine.search(black_box(query)).expect("search");
    black_box(results.hits.len())
}

fn search_benches(c: &mut Criterion) {
    let n = bench_n();
    let (dir, engine) = common::load(n);

    let classes: Vec<(&str, SearchQuery)> = vec![
        ("text_only", text("psycholoog")),
        ("text_cyrillic", text("психолог")),
        (
            "text_radius_25km",
            SearchQuery {
                point: Some(amsterdam()),
                radius_km: Some(RADIUS_KM),
                ..text("psycholoog")
            },
        ),
        (
            "category_radius_nearest",
            category_near("health.mental_support", Some(RADIUS_KM)),
        ),
        (
            "category_lang_free_age_radius",
            SearchQuery {
                languages: vec!["uk".to_string()],
                free_only: true,
                age: Some(10),
                ..category_near("health.mental_support", Some(RADIUS_KM))
            },
        ),
        (
            "category_nearest_no_radius",
            category_near("health.mental_support", None),
        ),
        ("text_transliterated", text("psykholoh")),
        ("text_typo", text("psycholoogg")),
        (
            "text_lang_free_age_radius",
            SearchQuery {
                point: Some(amsterdam()),
                radius_km: Some(RADIUS_KM),
                languages: vec!["uk".to_string()],
                free_only: true,
                age: Some(10),
                include_online: true,
                ..text("psycholoog")
            },
        ),
        (
            "place_only",
            SearchQuery {
                place: Some("Utrecht".to_string()),
                per_page: PER_PAGE,
                ..SearchQuery::default()
            },
        ),
    ];
    let household: Vec<SearchQuery> = HOUSEHOLD
        .iter()
        .map(|c| category_near(c, Some(RADIUS_KM)))
        .collect();

    // One untimed pass: fails early on a rejected query and shows what each class finds.
    for (name, query) in &classes {
        let results = engine.search(query).expect("search");
        eprintln!(
            "wegwijs bench: {name}: {} matches, {} on the page",
            results.total,
            results.hits.len()
        );
    }
    for query in &household {
        engine.search(query).expect("household search");
    }

    let mut group = c.benchmark_group(format!("search_n{n}"));
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, query) in &classes {
        group.bench_function(*name, |b| b.iter(|| run(&engine, query)));
    }
    group.bench_function("household_8_queries", |b| {
        b.iter(|| household.iter().map(|q| run(&engine, q)).sum::<usize>())
    });
    group.finish();

    drop(engine);
    drop(dir);
}

criterion_group!(benches, search_benches);
criterion_main!(benches);

//! The counts a metrics scrape reports, taken from the search index, are
//! the store's: by publication status and never verified, after a bulk
//! load, replacements that move records between statuses, and archiving.

use std::collections::BTreeMap;

use wegwijs::engine::Engine;
use wegwijs::model::PublicationStatus;
use wegwijs::seed::{synthetic_resources, SyntheticOptions};

use crate::common::engine;

/// Asserts that the index's counts equal the store's, and returns them.
fn same_counts(engine: &Engine) -> (u64, BTreeMap<String, u64>, u64) {
    let stats = engine.stats().expect("stats");
    let counts = engine.counts().expect("counts");
    let by_status: BTreeMap<String, u64> = stats
        .by_status
        .iter()
        .map(|(s, &n)| (s.clone(), n as u64))
        .collect();
    assert_eq!(counts.resources, stats.resources as u64);
    assert_eq!(counts.by_status, by_status);
    assert_eq!(counts.never_verified, stats.never_verified as u64);
    assert_eq!(counts.store_generation, stats.store_generation);
    assert_eq!(counts.index_generation, stats.index_generation);
    (counts.resources, counts.by_status, counts.never_verified)
}

#[test]
fn the_index_counts_what_the_store_holds() {
    let (_dir, engine) = engine();
    let (seeded, _, _) = same_counts(&engine);
    assert!(seeded > 0);
    let records = synthetic_resources(
        SyntheticOptions {
            count: 300,
            seed: 11,
        },
        engine.taxonomy(),
        engine.gazetteer(),
    );
    let mut bulk = engine.bulk_load("test", "import");
    for r in records.iter().cloned() {
        bulk.push(r).expect("push");
    }
    bulk.finish().expect("finish");
    let (total, by_status, never_verified) = same_counts(&engine);
    assert_eq!(total, seeded + 300);
    // The synthetic records spread over the statuses and verifications.
    assert!(by_status.len() >= 3, "{by_status:?}");
    assert!(never_verified > 0 && never_verified < total);

    // Five drafts published and verified, one by one: their old documents
    // are deleted, not counted.
    let drafts: Vec<_> = records
        .iter()
        .filter(|r| r.status == PublicationStatus::Draft)
        .take(5)
        .cloned()
        .collect();
    assert_eq!(drafts.len(), 5);
    for mut r in drafts {
        r.status = PublicationStatus::Published;
        r.provenance.verified_at = Some(r.provenance.updated_at);
        r.provenance.verified_by = Some("test".into());
        engine.put(&r).expect("put");
    }
    let (after, by_status_after, _) = same_counts(&engine);
    assert_eq!(after, total);
    assert_eq!(
        by_status_after.get("draft").copied().unwrap_or(0) + 5,
        by_status.get("draft").copied().unwrap_or(0)
    );
}

//! The index is derived: deleting, corrupting or outrunning it loses nothing.

use wegwijs::engine::{Engine, INDEX_DIR, STORE_DIR};
use wegwijs::search::SearchQuery;
use wegwijs::seed::{synthetic_resources, SyntheticOptions};
use wegwijs::store::Store;

fn all_published(engine: &Engine) -> usize {
    engine
        .search(&SearchQuery {
            per_page: 1,
            ..SearchQuery::default()
        })
        .unwrap()
        .total
}

fn fill(dir: &std::path::Path) -> usize {
    let (engine, _) = Engine::open(dir).unwrap();
    let records = synthetic_resources(
        SyntheticOptions {
            count: 300,
            seed: 5,
        },
        engine.taxonomy(),
        engine.gazetteer(),
    );
    engine.put_all(&records).unwrap();
    all_published(&engine)
}

#[test]
fn a_deleted_index_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let before = fill(dir.path());
    std::fs::remove_dir_all(dir.path().join(INDEX_DIR)).unwrap();
    let (engine, report) = Engine::open(dir.path()).unwrap();
    assert!(report.rebuilt);
    assert_eq!(all_published(&engine), before);
}

#[test]
fn a_corrupt_index_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let before = fill(dir.path());
    for entry in std::fs::read_dir(dir.path().join(INDEX_DIR)).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::write(&path, b"garbage").unwrap();
        }
    }
    let (engine, report) = Engine::open(dir.path()).unwrap();
    assert!(report.rebuilt);
    assert_eq!(all_published(&engine), before);
}

#[test]
fn a_damaged_segment_file_is_detected_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let before = fill(dir.path());
    let mut damaged = 0;
    for entry in std::fs::read_dir(dir.path().join(INDEX_DIR)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "idx" || e == "store") {
            let mut bytes = std::fs::read(&path).unwrap();
            let mid = bytes.len() / 2;
            bytes[mid] ^= 0xff;
            std::fs::write(&path, bytes).unwrap();
            damaged += 1;
        }
    }
    assert!(damaged > 0);
    let (engine, report) = Engine::open(dir.path()).unwrap();
    assert!(report.rebuilt);
    assert_eq!(all_published(&engine), before);
}

#[test]
fn a_truncated_segment_file_is_detected_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let before = fill(dir.path());
    for entry in std::fs::read_dir(dir.path().join(INDEX_DIR)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "idx") {
            std::fs::write(&path, b"garbage").unwrap();
        }
    }
    let (engine, report) = Engine::open(dir.path()).unwrap();
    assert!(report.rebuilt);
    assert_eq!(all_published(&engine), before);
}

#[test]
fn an_index_behind_the_store_catches_up_from_the_change_log() {
    let dir = tempfile::tempdir().unwrap();
    let before = fill(dir.path());
    {
        // Writes straight to the store, as if the process died before indexing them.
        let (store, created) = Store::open(&dir.path().join(STORE_DIR)).unwrap();
        assert!(!created);
        let extra = synthetic_resources(
            SyntheticOptions { count: 20, seed: 6 },
            wegwijs::taxonomy::Taxonomy::embedded(),
            wegwijs::gazetteer::Gazetteer::embedded(),
        );
        store.put_all(&extra).unwrap();
    }
    let (engine, report) = Engine::open(dir.path()).unwrap();
    assert!(!report.rebuilt);
    assert_eq!(report.replayed, 20);
    let expected = before
        + synthetic_resources(
            SyntheticOptions { count: 20, seed: 6 },
            engine.taxonomy(),
            engine.gazetteer(),
        )
        .iter()
        .filter(|r| r.status == wegwijs::model::PublicationStatus::Published)
        .count();
    assert_eq!(all_published(&engine), expected);
    let stats = engine.stats().unwrap();
    assert_eq!(stats.index_generation, stats.store_generation);
}

#[test]
fn a_record_changed_while_the_index_was_behind_is_shown_as_the_store_has_it() {
    let dir = tempfile::tempdir().unwrap();
    fill(dir.path());
    let changed = {
        // Rewritten straight in the store, as if the process died before
        // indexing the write.
        let (store, _) = Store::open(&dir.path().join(STORE_DIR)).unwrap();
        let mut r = store
            .iter()
            .map(|s| s.unwrap().resource)
            .find(|r| r.status == wegwijs::model::PublicationStatus::Published)
            .expect("a published record");
        r.name = "Hernoemd tijdens een crash".into();
        r.opening_hours = Some("di 10:00".into());
        store.put(&r).unwrap();
        r
    };
    let (engine, report) = Engine::open(dir.path()).unwrap();
    assert_eq!(report.replayed, 1);
    let found = engine
        .search(&SearchQuery {
            text: Some("hernoemd crash".into()),
            ..SearchQuery::default()
        })
        .unwrap();
    assert_eq!(found.hits.len(), 1);
    assert_eq!(found.hits[0].resource, changed);
}

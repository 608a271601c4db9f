//! A bulk load merges the index's segments of comparable size into one,
//! sorted by place, leaves a far larger segment as it is, and every
//! document is still found where it lies.

use wegwijs::index::{IndexQuery, SearchIndex, SortOrder};
use wegwijs::model::Resource;
use wegwijs::taxonomy::Taxonomy;

fn resource(i: usize, lat: f64, lon: f64) -> Resource {
    serde_json::from_value(serde_json::json!({
        "id": format!("seg-{i}"), "name": format!("Zwemles {i}"),
        "description": {"nl": "Zwemles voor kinderen"},
        "organization": {"name": "Testorganisatie"},
        "categories": ["leisure.sports_club"],
        "location": {"kind": "place", "municipality": "Utrecht", "lat": lat, "lon": lon},
        "languages": ["nl"],
        "provenance": {"source": "", "created_at": "2026-01-01T00:00:00Z",
                       "updated_at": "2026-01-01T00:00:00Z"},
        "status": "published", "synthetic": true
    }))
    .expect("a valid resource")
}

/// `resources` under store keys from `first` on, in order.
fn keyed(resources: &[Resource], first: u64) -> Vec<(u64, &Resource)> {
    (first..).zip(resources).collect()
}

fn near(index: &SearchIndex, lat: f64, lon: f64, km: f64) -> Vec<u64> {
    near_by(index, true, lat, lon, km)
}

/// The keys within `km`, found by the word "zwemles" (scored) or by the
/// place alone (not scored).
fn near_by(index: &SearchIndex, scored: bool, lat: f64, lon: f64, km: f64) -> Vec<u64> {
    let words = if scored {
        vec![vec!["zwemles".into()]]
    } else {
        Vec::new()
    };
    let mut keys: Vec<u64> = index
        .search(&IndexQuery {
            words,
            categories: Vec::new(),
            languages: Vec::new(),
            exclude_languages: Vec::new(),
            free_only: false,
            age: None,
            include_remote: false,
            status: None,
            point: Some(wegwijs::geo::Coordinate::new(lat, lon).expect("a point")),
            radius_km: Some(km),
            order: SortOrder::Relevance,
            limit: 100,
            skip: 0,
            records: false,
            facts: false,
            facets: false,
            now: 0,
        })
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.key)
        .collect();
    keys.sort_unstable();
    keys
}

#[test]
fn a_bulk_load_ends_in_one_segment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (index, _) = SearchIndex::open(dir.path(), Taxonomy::embedded()).expect("index");
    // Three single writes: three segments (fewer than tantivy merges).
    let single: Vec<Resource> = (0..3).map(|i| resource(i, 52.0 + i as f64, 5.0)).collect();
    for (i, r) in single.iter().enumerate() {
        index
            .upsert(&[(i as u64 + 1, r)], i as u64 + 1)
            .expect("upsert");
    }
    assert_eq!(index.num_segments(), 3);
    // A bulk load stages two more, south of the first, and commits.
    let staged: Vec<Resource> = (3..5)
        .map(|i| resource(i, 50.0 + i as f64 / 100.0, 5.0))
        .collect();
    index.stage(&keyed(&staged, 4), 3).expect("stage");
    index.commit_staged(5).expect("commit");
    assert_eq!(index.num_segments(), 1);
    assert_eq!(index.num_docs(), 5);
    // Within a radius, each is found where it lies, whatever its doc id.
    assert_eq!(near(&index, 52.0, 5.0, 5.0), [1]);
    assert_eq!(near(&index, 54.0, 5.0, 5.0), [3]);
    assert_eq!(near(&index, 50.035, 5.0, 5.0), [4, 5]);
    // A rebuild ends in one segment too.
    let all: Vec<&Resource> = single.iter().chain(&staged).collect();
    index
        .rebuild(all.iter().enumerate().map(|(i, r)| (i as u64 + 1, *r)), 6)
        .expect("rebuild");
    assert_eq!(index.num_segments(), 1);
    assert_eq!(near(&index, 53.0, 5.0, 5.0), [2]);
}

#[test]
fn a_small_load_into_a_large_index_leaves_the_large_segment_as_it_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (index, _) = SearchIndex::open(dir.path(), Taxonomy::embedded()).expect("index");
    // 90 documents in one segment, along a meridian.
    let large: Vec<Resource> = (0..90)
        .map(|i| resource(i, 50.0 + i as f64 / 10.0, 5.0))
        .collect();
    index
        .rebuild(keyed(&large, 1).into_iter(), 1)
        .expect("rebuild");
    assert_eq!(index.num_segments(), 1);
    // A load of 5 (more than 8 times fewer): its own segment.
    let first: Vec<Resource> = (90..95)
        .map(|i| resource(i, 40.0 + i as f64 / 1000.0, 5.0))
        .collect();
    index.stage(&keyed(&first, 91), 90).expect("stage");
    index.commit_staged(2).expect("commit");
    assert_eq!(index.num_segments(), 2);
    // The R-tree, rebuilt when next read, holds the load's points: a
    // record's twins within 50 m are found by them.
    let near_93 = wegwijs::geo::Coordinate::new(40.093, 5.0).expect("a point");
    assert_eq!(
        index
            .duplicate_candidates(&[], Some((near_93, 0.05)))
            .expect("candidates"),
        ["seg-93"]
    );
    assert_eq!(index.num_points().expect("points"), 95);
    // Another: merged with the first small one, not with the large one.
    let second: Vec<Resource> = (95..100)
        .map(|i| resource(i, 45.0 + i as f64 / 1000.0, 5.0))
        .collect();
    index.stage(&keyed(&second, 96), 95).expect("stage");
    index.commit_staged(3).expect("commit");
    assert_eq!(index.num_segments(), 2);
    assert_eq!(index.num_docs(), 100);
    assert_eq!(near(&index, 50.0, 5.0, 5.0), [1]);
    assert_eq!(near(&index, 40.092, 5.0, 0.05), [93]);
    assert_eq!(near(&index, 45.097, 5.0, 0.05), [98]);
    // One that replaces most of the large segment's documents is merged
    // with all of it.
    let moved: Vec<Resource> = (0..80)
        .map(|i| resource(i, 30.0 + i as f64 / 1000.0, 5.0))
        .collect();
    index.stage(&keyed(&moved, 1), 100).expect("stage");
    index.commit_staged(4).expect("commit");
    assert_eq!(index.num_segments(), 1);
    assert_eq!(index.num_docs(), 100);
    assert_eq!(near(&index, 50.0, 5.0, 5.0), [] as [u64; 0]);
    assert_eq!(near(&index, 30.0, 5.0, 0.05), [1]);
}

#[test]
fn a_load_replaces_documents_and_a_key_given_twice_ends_as_last_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (index, _) = SearchIndex::open(dir.path(), Taxonomy::embedded()).expect("index");
    let first: Vec<Resource> = (0..3).map(|i| resource(i, 52.0 + i as f64, 5.0)).collect();
    index.upsert(&keyed(&first, 1), 3).expect("upsert");
    // Keys 1 and 2 move south in one chunk (one delete for both).
    let moved = [resource(0, 40.0, 5.0), resource(1, 41.0, 5.0)];
    index.stage(&keyed(&moved, 1), 3).expect("stage");
    index.commit_staged(4).expect("commit");
    assert_eq!(index.num_docs(), 3);
    assert_eq!(near(&index, 52.0, 5.0, 300.0), [3]);
    assert_eq!(near(&index, 40.5, 5.0, 100.0), [1, 2]);
    // Key 3 twice in one chunk, as a bulk load outside an import may
    // give it: the later document is the one kept.
    let twice = [resource(2, 45.0, 5.0), resource(2, 46.0, 5.0)];
    index
        .stage(&[(3, &twice[0]), (3, &twice[1])], 3)
        .expect("stage");
    index.commit_staged(5).expect("commit");
    assert_eq!(index.num_docs(), 3);
    assert_eq!(near(&index, 45.0, 5.0, 5.0), [] as [u64; 0]);
    assert_eq!(near(&index, 46.0, 5.0, 5.0), [3]);
    // So does a new key given twice.
    let new_twice = [resource(3, 47.0, 5.0), resource(3, 48.0, 5.0)];
    index
        .stage(&[(4, &new_twice[0]), (4, &new_twice[1])], 3)
        .expect("stage");
    index.commit_staged(6).expect("commit");
    assert_eq!(index.num_docs(), 4);
    assert_eq!(near(&index, 47.0, 5.0, 5.0), [] as [u64; 0]);
    assert_eq!(near(&index, 48.0, 5.0, 5.0), [4]);
}

#[test]
fn a_replaced_document_is_found_once_where_it_now_lies() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (index, _) = SearchIndex::open(dir.path(), Taxonomy::embedded()).expect("index");
    // Keys 1 and 2 in one segment, key 3 in another.
    let first: Vec<Resource> = (0..3).map(|i| resource(i, 52.0 + i as f64, 5.0)).collect();
    index
        .upsert(&[(1, &first[0]), (2, &first[1])], 2)
        .expect("upsert");
    index.upsert(&[(3, &first[2])], 3).expect("upsert");
    // Key 2 moves from 53.0 to 50.5: its old document stays in the first
    // segment, deleted, until a merge.
    let moved = resource(1, 50.5, 5.0);
    index.upsert(&[(2, &moved)], 4).expect("upsert");
    assert!(index.num_segments() > 1);
    assert_eq!(index.num_docs(), 3);
    for scored in [true, false] {
        assert_eq!(near_by(&index, scored, 53.0, 5.0, 5.0), [] as [u64; 0]);
        assert_eq!(near_by(&index, scored, 50.5, 5.0, 5.0), [2]);
        assert_eq!(near_by(&index, scored, 52.0, 5.0, 500.0), [1, 2, 3]);
    }
}

#[test]
fn a_rebuild_whose_records_fail_midway_leaves_the_index_as_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (index, _) = SearchIndex::open(dir.path(), Taxonomy::embedded()).expect("index");
    let first: Vec<Resource> = (0..3).map(|i| resource(i, 52.0 + i as f64, 5.0)).collect();
    index.upsert(&keyed(&first, 1), 3).expect("upsert");
    // The second record of the walk cannot be read.
    let walk = vec![
        Ok((7, resource(7, 50.0, 5.0))),
        Err("record 8 unreadable"),
        Ok((9, resource(9, 51.0, 5.0))),
    ];
    let outcome = index
        .rebuild_streamed(walk.into_iter(), 9)
        .expect("the index itself is fine");
    assert_eq!(outcome, Err("record 8 unreadable"));
    assert_eq!(index.num_docs(), 3);
    assert_eq!(index.generation().expect("generation"), 3);
    assert_eq!(near(&index, 53.0, 5.0, 5.0), [2]);
    assert_eq!(near(&index, 50.0, 5.0, 5.0), [] as [u64; 0]);
    // A walk that reads every record replaces them all, as owned records.
    let walk =
        (7..9).map(|i| Ok::<_, &str>((i, resource(i as usize, 50.0 + i as f64 / 100.0, 5.0))));
    assert_eq!(index.rebuild_streamed(walk, 10).expect("rebuild"), Ok(()));
    assert_eq!(index.num_docs(), 2);
    assert_eq!(index.num_segments(), 1);
    assert_eq!(near(&index, 50.075, 5.0, 5.0), [7, 8]);
    assert_eq!(near(&index, 52.0, 5.0, 5.0), [] as [u64; 0]);
}

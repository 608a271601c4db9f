//! The index's stale list: published resources verified before a cutoff
//! (to the nanosecond, though the index holds whole seconds) or never, in
//! an editor's regions (a municipality, or its province), and the records
//! of the first of them.

use chrono::{DateTime, Utc};
use wegwijs::index::SearchIndex;
use wegwijs::model::Resource;
use wegwijs::taxonomy::Taxonomy;

fn resource(
    id: &str,
    municipality: Option<&str>,
    created: &str,
    verified: Option<&str>,
) -> Resource {
    let location = match municipality {
        Some(m) => {
            serde_json::json!({"kind": "place", "municipality": m, "lat": 52.09, "lon": 5.12})
        }
        None => serde_json::json!({"kind": "online"}),
    };
    serde_json::from_value(serde_json::json!({
        "id": id, "name": format!("Taalcafé {id}"),
        "description": {"nl": "Nederlands oefenen"},
        "organization": {"name": "Testorganisatie"},
        "categories": ["language.dutch_lessons"],
        "location": location,
        "languages": ["nl"],
        "provenance": {"source": "", "created_at": created, "updated_at": created,
                       "verified_at": verified},
        "status": "published", "synthetic": true
    }))
    .expect("a valid resource")
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("a time")
}

fn ids(found: &[Resource]) -> Vec<String> {
    let mut ids: Vec<String> = found.iter().map(|r| r.id.as_str().to_string()).collect();
    ids.sort();
    ids
}

fn open(resources: &[Resource]) -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (index, _) = SearchIndex::open(dir.path(), Taxonomy::embedded()).expect("index");
    let keyed: Vec<(u64, &Resource)> = (1..).zip(resources).collect();
    index.upsert(&keyed, 1).expect("upsert");
    (dir, index)
}

const CREATED: &str = "2025-01-01T00:00:00Z";

#[test]
fn the_cutoff_holds_to_the_nanosecond_within_its_second() {
    let cutoff = at("2026-06-01T12:00:00.500Z");
    let mut pending = resource("pending", Some("Utrecht"), CREATED, None);
    pending.status = wegwijs::model::PublicationStatus::Pending;
    let (_dir, index) = open(&[
        resource(
            "same-second-before",
            Some("Utrecht"),
            CREATED,
            Some("2026-06-01T12:00:00.250Z"),
        ),
        resource(
            "same-second-after",
            Some("Utrecht"),
            CREATED,
            Some("2026-06-01T12:00:00.750Z"),
        ),
        resource(
            "second-before",
            Some("Utrecht"),
            CREATED,
            Some("2026-06-01T11:59:59.900Z"),
        ),
        resource(
            "second-after",
            Some("Utrecht"),
            CREATED,
            Some("2026-06-01T12:00:01Z"),
        ),
        resource("never", Some("Utrecht"), CREATED, None),
        pending,
    ]);
    let found = index.stale(&[], cutoff, 100).expect("stale");
    assert_eq!(found.total, 3);
    assert_eq!(
        ids(&found.first),
        ["never", "same-second-before", "second-before"]
    );
}

#[test]
fn regions_are_municipalities_or_their_provinces() {
    let cutoff = at("2026-06-01T00:00:00Z");
    let (_dir, index) = open(&[
        resource("utrecht", Some("Utrecht"), CREATED, None),
        resource("amersfoort", Some("Amersfoort"), CREATED, None),
        resource("amsterdam", Some("Amsterdam"), CREATED, None),
        resource("online", None, CREATED, None),
    ]);
    let stale = |regions: &[&str]| {
        let regions: Vec<String> = regions.iter().map(|r| r.to_string()).collect();
        let found = index.stale(&regions, cutoff, 100).expect("stale");
        assert_eq!(found.total, found.first.len());
        ids(&found.first)
    };
    // The province of Utrecht holds both; the names fold.
    assert_eq!(stale(&["Utrecht"]), ["amersfoort", "utrecht"]);
    assert_eq!(stale(&["amersfoort"]), ["amersfoort"]);
    assert_eq!(
        stale(&["Noord-Holland", "Amersfoort"]),
        ["amersfoort", "amsterdam"]
    );
    assert_eq!(stale(&["Zwolle"]), Vec::<String>::new());
    // Online resources are in no region, and in the list of all.
    assert_eq!(stale(&[]), ["amersfoort", "amsterdam", "online", "utrecht"]);
}

#[test]
fn the_first_come_with_every_record_their_seconds_tie_with() {
    let cutoff = at("2026-06-01T00:00:00Z");
    let (_dir, index) = open(&[
        // Never verified: first, by creation; two created in one second.
        resource("a", Some("Utrecht"), "2025-01-01T00:00:00.100Z", None),
        resource("b", Some("Utrecht"), "2025-01-01T00:00:00.900Z", None),
        resource("c", Some("Utrecht"), "2025-01-02T00:00:00Z", None),
        // Then by verification, whatever their creation.
        resource(
            "d",
            Some("Utrecht"),
            "2024-01-01T00:00:00Z",
            Some("2026-01-01T00:00:00.2Z"),
        ),
        resource(
            "e",
            Some("Utrecht"),
            "2023-01-01T00:00:00Z",
            Some("2026-01-01T00:00:00.7Z"),
        ),
        resource(
            "f",
            Some("Utrecht"),
            "2022-01-01T00:00:00Z",
            Some("2026-02-01T00:00:00Z"),
        ),
    ]);
    let first = |n: usize| {
        let found = index.stale(&[], cutoff, n).expect("stale");
        assert_eq!(found.total, 6);
        ids(&found.first)
    };
    assert_eq!(first(0), Vec::<String>::new());
    // "a" and "b" share a second: the exact order is the engine's to make.
    assert_eq!(first(1), ["a", "b"]);
    assert_eq!(first(2), ["a", "b"]);
    assert_eq!(first(3), ["a", "b", "c"]);
    assert_eq!(first(4), ["a", "b", "c", "d", "e"]);
    assert_eq!(first(6), ["a", "b", "c", "d", "e", "f"]);
    assert_eq!(first(100), ["a", "b", "c", "d", "e", "f"]);
}

#[test]
fn a_replaced_resource_is_counted_once_as_it_now_is() {
    let cutoff = at("2026-06-01T00:00:00Z");
    let (_dir, index) = open(&[
        resource("kept", Some("Utrecht"), CREATED, None),
        resource("verified-later", Some("Utrecht"), CREATED, None),
    ]);
    assert_eq!(index.stale(&[], cutoff, 10).expect("stale").total, 2);
    let fresh = resource(
        "verified-later",
        Some("Utrecht"),
        CREATED,
        Some("2026-07-01T00:00:00Z"),
    );
    index.upsert(&[(2, &fresh)], 2).expect("upsert");
    let found = index.stale(&[], cutoff, 10).expect("stale");
    assert_eq!(found.total, 1);
    assert_eq!(ids(&found.first), ["kept"]);
    let moved = resource("kept", Some("Amsterdam"), CREATED, None);
    index.upsert(&[(1, &moved)], 3).expect("upsert");
    assert_eq!(
        index
            .stale(&["Utrecht".into()], cutoff, 10)
            .expect("stale")
            .total,
        0
    );
    assert_eq!(
        index
            .stale(&["Amsterdam".into()], cutoff, 10)
            .expect("stale")
            .total,
        1
    );
}

//! The facts the search index keeps for matching (`RuleFacts`) are the
//! record's: a household match judges candidates by them without reading
//! the store, so any difference would change who is eligible.

use proptest::prelude::*;
use wegwijs::index::{IndexQuery, SearchIndex, SortOrder};
use wegwijs::model::{Resource, RuleFacts};
use wegwijs::taxonomy::Taxonomy;
use wegwijs::text::organization_key;

/// `facts` with the lists in one order, as a set compares them.
fn ordered(mut facts: RuleFacts) -> RuleFacts {
    facts.languages.sort();
    facts.legal_statuses.sort_by_key(|s| format!("{s:?}"));
    facts.legal_statuses.dedup();
    facts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn the_index_keeps_the_facts_the_rules_read(
        records in prop::collection::vec(crate::hsds::resource(), 1..24)
    ) {
        let mut unique: Vec<Resource> = Vec::new();
        for r in records {
            if !unique.iter().any(|u| u.id == r.id) {
                unique.push(r);
            }
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let (index, _) = SearchIndex::open(dir.path(), Taxonomy::embedded()).expect("index");
        index
            .rebuild(unique.iter().enumerate().map(|(i, r)| (i as u64 + 1, r)), 1)
            .expect("indexed");
        let found = index
            .search(&IndexQuery {
                words: Vec::new(),
                categories: Vec::new(),
                languages: Vec::new(),
                exclude_languages: Vec::new(),
                free_only: false,
                age: None,
                include_remote: true,
                status: None,
                point: None,
                radius_km: None,
                order: SortOrder::Freshness,
                limit: 100,
                skip: 0,
                records: true,
                facts: true,
                facets: false,
                now: 0,
            })
            .expect("search");
        prop_assert_eq!(found.hits.len(), unique.len());
        for hit in found.hits {
            let id = &hit.record.as_ref().expect("asked for records").id;
            let r = unique.iter().find(|r| &r.id == id).expect("a stored id");
            let facts = hit.facts.expect("facts asked for");
            let mut want = RuleFacts::of(r);
            // The index keeps whether a record is limited to residents,
            // not the municipalities: such facts are not complete.
            prop_assert_eq!(facts.complete(), r.eligibility.residents_only.is_empty());
            want.residents_only.clear();
            prop_assert_eq!(ordered(facts), ordered(want));
            prop_assert_eq!(hit.organization, organization_key(&r.organization.name));
        }
    }
}

/// A place alone (a point, no radius, words or categories) is answered
/// from rings of growing radius and cached counts; it must answer exactly
/// as the walk over every document does (a radius wider than the earth).
#[test]
fn a_place_alone_answers_as_the_walk_over_every_document() {
    use wegwijs::gazetteer::Gazetteer;
    use wegwijs::geo::Coordinate;
    use wegwijs::model::PublicationStatus;
    use wegwijs::seed::{synthetic_resources, SyntheticOptions};

    let records = synthetic_resources(
        SyntheticOptions {
            count: 4_000,
            seed: 7,
        },
        Taxonomy::embedded(),
        Gazetteer::embedded(),
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let (index, _) = SearchIndex::open(dir.path(), Taxonomy::embedded()).expect("index");
    index
        .rebuild(
            records.iter().enumerate().map(|(i, r)| (i as u64 + 1, r)),
            1,
        )
        .expect("indexed");
    for (lat, lon) in [
        (52.3730, 4.8924),
        (52.0907, 5.1214),
        (53.2194, 6.5665),
        (51.0, 3.0),
    ] {
        for (limit, skip, include_remote, free_only) in [
            (20, 0, true, false),
            (40, 20, false, false),
            (10, 0, true, true),
            (0, 0, true, false),
        ] {
            let query = IndexQuery {
                words: Vec::new(),
                categories: Vec::new(),
                languages: Vec::new(),
                exclude_languages: Vec::new(),
                free_only,
                age: None,
                include_remote,
                status: Some(PublicationStatus::Published),
                point: Some(Coordinate::new(lat, lon).expect("point")),
                radius_km: None,
                order: SortOrder::Distance,
                limit,
                skip,
                records: true,
                facts: false,
                facets: true,
                now: 1_790_000_000,
            };
            let alone = index.search(&query).expect("search");
            let everywhere = index
                .search(&IndexQuery {
                    radius_km: Some(40_000.0),
                    ..query.clone()
                })
                .expect("search");
            let ids = |r: &wegwijs::index::IndexResults| {
                r.hits
                    .iter()
                    .map(|h| h.record.as_ref().map(|r| r.id.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(ids(&alone), ids(&everywhere), "{lat},{lon} {limit}/{skip}");
            assert_eq!(alone.total, everywhere.total);
            assert_eq!(alone.category_counts, everywhere.category_counts);
            assert_eq!(alone.language_counts, everywhere.language_counts);
        }
    }
}

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
                ids: true,
                facts: true,
                facets: false,
                now: 0,
            })
            .expect("search");
        prop_assert_eq!(found.hits.len(), unique.len());
        for hit in found.hits {
            let r = unique.iter().find(|r| r.id.as_str() == hit.id).expect("a stored id");
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

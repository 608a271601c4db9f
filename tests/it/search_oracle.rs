//! Search equals a brute-force scan of the store with the same filters,
//! radius and normalized-term matching, on random data and random queries.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use wegwijs::engine::Engine;
use wegwijs::geo::Coordinate;
use wegwijs::index::searchable_texts;
use wegwijs::model::*;
use wegwijs::search::SearchQuery;
use wegwijs::text::{analyze, matches_fuzzy, query_words};

const VOCAB: &[&str] = &[
    "psycholoog",
    "психолог",
    "психолога",
    "Oekraïne",
    "Харків",
    "Kharkiv",
    "zwemles",
    "yoga",
    "juridisch",
    "advies",
    "kinderopvang",
    "taal",
    "school",
    "fietsles",
    "допомога",
    "Київ",
    "café",
    "therapist",
    "psychologist",
    "voetbal",
    "bibliotheek",
    "Олена",
    "м’ясо",
    "Straße",
    "lessen",
];
const CENTRES: &[(f64, f64)] = &[(52.37, 4.89), (51.92, 4.48), (52.09, 5.12), (53.22, 6.57)];
const CATEGORIES: &[&str] = &[
    "health.mental_support",
    "leisure.sports_club",
    "work.childcare",
    "housing.relocation_desk",
    "rights.legal_aid",
    "language.dutch_lessons",
    "education.special_needs",
    "leisure.cycling_lessons",
];
const LANGS: &[&str] = &["nl", "en", "uk", "ru", "pl"];

fn words(n: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCAB), n).prop_map(|w| w.join(" "))
}

fn resource(i: usize) -> impl Strategy<Value = Resource> {
    (
        (
            words(1..4),
            words(0..6),
            prop::collection::vec(prop::sample::select(CATEGORIES), 1..3),
        ),
        (
            prop::option::weighted(0.8, (0usize..4, -0.6f64..0.6, -0.6f64..0.6)),
            any::<bool>(),
        ),
        (
            prop::collection::vec(prop::sample::select(LANGS), 0..3),
            prop::option::of(0u8..30),
            prop::option::of(10u8..90),
        ),
        (0usize..3, 0usize..4, prop::option::of(0i64..900)),
    )
        .prop_map(
            move |(
                (name, desc, mut cats),
                (place, national),
                (mut langs, min_age, max_age),
                (cost, status, verified),
            )| {
                cats.sort();
                cats.dedup();
                langs.sort();
                langs.dedup();
                let location = match place {
                    Some((c, dlat, dlon)) => Location::Place {
                        address: None,
                        municipality: "Testgemeente".into(),
                        lat: CENTRES[c].0 + dlat,
                        lon: CENTRES[c].1 + dlon,
                        approximate: false,
                    },
                    None => Location::Online,
                };
                let max_age = match (min_age, max_age) {
                    (Some(a), Some(b)) if b < a => Some(a),
                    (_, b) => b,
                };
                let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
                Resource {
                    id: ResourceId(format!("prop-{i}")),
                    name,
                    description: LocalizedText {
                        nl: Some(if desc.is_empty() { "x".into() } else { desc }),
                        ..Default::default()
                    },
                    organization: Organization {
                        name: "Org".into(),
                        website: None,
                    },
                    categories: cats.into_iter().map(str::to_string).collect(),
                    location,
                    service_area: national.then_some(ServiceArea::National),
                    languages: langs.into_iter().map(str::to_string).collect(),
                    interpreter_available: false,
                    eligibility: Eligibility {
                        min_age,
                        max_age,
                        ..Default::default()
                    },
                    cost: match cost {
                        0 => None,
                        1 => Some(Cost {
                            kind: CostKind::Free,
                            amount: None,
                            currency: None,
                            note: None,
                        }),
                        _ => Some(Cost {
                            kind: CostKind::Paid,
                            amount: Some(5.0),
                            currency: Some("EUR".into()),
                            note: None,
                        }),
                    },
                    availability: None,
                    contact: Contact::default(),
                    opening_hours: None,
                    accessibility: None,
                    provenance: Provenance {
                        source: "proptest".into(),
                        created_at: now,
                        updated_at: now,
                        verified_at: verified.map(|d| now - chrono::Duration::days(d)),
                        verified_by: verified.map(|_| "test".into()),
                    },
                    status: PublicationStatus::ALL[status],
                    synthetic: true,
                }
            },
        )
}

fn resources() -> impl Strategy<Value = Vec<Resource>> {
    (5usize..35).prop_flat_map(|n| (0..n).map(resource).collect::<Vec<_>>())
}

fn query() -> impl Strategy<Value = SearchQuery> {
    (
        (
            prop::option::of(words(1..3)),
            prop::option::of((0usize..4, prop::option::of(1.0f64..80.0))),
        ),
        (
            prop::option::of(prop::sample::select(
                &["health", "leisure", "rights.legal_aid", "work.childcare"][..],
            )),
            prop::option::of(prop::sample::select(LANGS)),
            prop::option::of(prop::sample::select(LANGS)),
        ),
        (
            any::<bool>(),
            prop::option::of(0u8..95),
            any::<bool>(),
            any::<bool>(),
        ),
    )
        .prop_map(
            |((text, spatial), (cat, lang, excl), (free_only, age, include_online, any_status))| {
                SearchQuery {
                    text,
                    point: spatial
                        .map(|(c, _)| Coordinate::new(CENTRES[c].0, CENTRES[c].1).unwrap()),
                    radius_km: spatial.and_then(|(_, r)| r),
                    categories: cat.into_iter().map(str::to_string).collect(),
                    languages: lang.into_iter().map(str::to_string).collect(),
                    exclude_languages: excl.into_iter().map(str::to_string).collect(),
                    free_only,
                    age,
                    include_online,
                    status: if any_status {
                        None
                    } else {
                        Some(PublicationStatus::Published)
                    },
                    page: 1,
                    per_page: 100,
                    ..SearchQuery::default()
                }
            },
        )
}

/// The brute-force answer: every stored resource checked against every rule.
fn oracle(engine: &Engine, q: &SearchQuery) -> BTreeSet<String> {
    let taxonomy = engine.taxonomy();
    let mut words = query_words(q.text.as_deref().unwrap_or(""));
    words.truncate(16);
    let categories: Option<BTreeSet<&str>> = (!q.categories.is_empty()).then(|| {
        q.categories
            .iter()
            .flat_map(|c| taxonomy.expand(c).unwrap())
            .collect()
    });
    let mut out = BTreeSet::new();
    for r in engine.resources() {
        let r = r.unwrap();
        let point = r
            .location
            .point()
            .map(|(a, o)| Coordinate::new(a, o).unwrap());
        let spatial_ok = match q.point {
            Some(center) => {
                let inside = match (point, q.radius_km) {
                    (None, _) => false,
                    (Some(_), None) => true,
                    (Some(p), Some(radius)) => center.distance_km(p) <= radius,
                };
                inside || (r.is_remote() && q.include_online)
            }
            None => point.is_some() || q.include_online,
        };
        let ok = q.status.is_none_or(|s| r.status == s)
            && categories
                .as_ref()
                .is_none_or(|cs| r.categories.iter().any(|c| cs.contains(c.as_str())))
            && (q.languages.is_empty() || r.languages.iter().any(|l| q.languages.contains(l)))
            && !(!q.exclude_languages.is_empty()
                && !r.languages.is_empty()
                && r.languages.iter().all(|l| q.exclude_languages.contains(l)))
            && (!q.free_only || r.is_free())
            && q.age.is_none_or(|a| r.accepts_age(a))
            && spatial_ok
            && text_matches(&searchable_texts(&r, taxonomy), &words);
        if ok {
            out.insert(r.id.0.clone());
        }
    }
    out
}

/// The category and language counts of the resources `ids`.
fn facets_of(
    engine: &Engine,
    ids: &BTreeSet<String>,
) -> (BTreeMap<String, usize>, BTreeMap<String, usize>) {
    let (mut categories, mut languages) = (BTreeMap::new(), BTreeMap::new());
    for r in engine.resources() {
        let r = r.unwrap();
        if ids.contains(&r.id.0) {
            for c in &r.categories {
                *categories.entry(c.clone()).or_default() += 1;
            }
            for l in &r.languages {
                *languages.entry(l.clone()).or_default() += 1;
            }
        }
    }
    (categories, languages)
}

fn text_matches(fields: &[Vec<String>; 5], words: &[Vec<String>]) -> bool {
    let indexed: Vec<String> = fields
        .iter()
        .flatten()
        .flat_map(|t| analyze(t))
        .flat_map(|w| w.variants)
        .collect();
    words.iter().all(|variants| {
        variants
            .iter()
            .any(|q| indexed.iter().any(|t| matches_fuzzy(q, t)))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn search_equals_brute_force(data in resources(), queries in prop::collection::vec(query(), 8)) {
        let dir = tempfile::tempdir().unwrap();
        let (engine, _) = Engine::open(dir.path()).unwrap();
        engine.put_all(&data).unwrap();
        for q in &queries {
            let results = engine.search(q).unwrap();
            let found: BTreeSet<String> = results.hits.iter().map(|h| h.resource.id.0.clone()).collect();
            let expected = oracle(&engine, q);
            prop_assert_eq!(results.total, expected.len(), "total for {:?}", q);
            prop_assert_eq!(&found, &expected, "hits for {:?}", q);
            let (categories, languages) = facets_of(&engine, &expected);
            let counted = |facets: &[wegwijs::search::Facet]| -> BTreeMap<String, usize> {
                facets.iter().map(|f| (f.value.clone(), f.count)).collect()
            };
            prop_assert_eq!(counted(&results.category_facets), categories, "category facets for {:?}", q);
            prop_assert_eq!(counted(&results.language_facets), languages, "language facets for {:?}", q);
            if q.text.as_deref().is_none_or(|t| query_words(t).is_empty()) && q.point.is_some() {
                let d: Vec<f64> = results.hits.iter().map(|h| h.distance_km.unwrap_or(f64::INFINITY)).collect();
                prop_assert!(d.windows(2).all(|w| w[0] <= w[1]), "not nearest first: {:?}", d);
            }
        }
    }
}

fn editor() -> Principal {
    Principal {
        name: "fuzzy tester".into(),
        role: Role::Editor,
        regions: Vec::new(),
    }
}

/// A synthetic draft in Utrecht with this name, organisation and English
/// description.
fn draft(name: &str, organisation: &str, description: &str) -> Resource {
    serde_json::from_value(serde_json::json!({
        "id": "", "name": name, "description": {"en": description},
        "organization": {"name": organisation}, "categories": ["rights.legal_aid"],
        "location": {"kind": "place", "municipality": "Utrecht", "lat": 52.09, "lon": 5.12},
        "provenance": {"source": "", "created_at": "2026-01-01T00:00:00Z",
                       "updated_at": "2026-01-01T00:00:00Z"},
        "status": "draft", "synthetic": true
    }))
    .unwrap()
}

/// A misspelt word is found through its fuzzy automaton, which one query
/// shares across the text fields: in a name, an organisation and a
/// description alike, and the fields' boosts still order the hits.
#[test]
fn a_misspelt_word_is_found_in_every_text_field_and_the_name_ranks_first() {
    let (_d, engine) = crate::common::engine();
    let editor = editor();
    let in_name = engine
        .create(
            draft("Bibliotheek Oost", "Stichting Een", "open op maandag"),
            &editor,
        )
        .unwrap()
        .id;
    let in_organisation = engine
        .create(
            draft("Leesclub", "Bibliotheek Stichting", "open op dinsdag"),
            &editor,
        )
        .unwrap()
        .id;
    let in_description = engine
        .create(
            draft("Leescafe", "Stichting Twee", "boeken in de bibliotheek"),
            &editor,
        )
        .unwrap()
        .id;
    // Not within two edits of the word anywhere: left out.
    let unrelated = engine
        .create(
            draft("Zwembad Noord", "Stichting Drie", "open op woensdag"),
            &editor,
        )
        .unwrap()
        .id;
    let found = engine
        .search(&wegwijs::search::SearchQuery {
            text: Some("bibliotheeek".into()),
            ..Default::default()
        })
        .unwrap();
    // The engine opens with the real seed data; of the four made here:
    let ours = [&in_name, &in_organisation, &in_description, &unrelated];
    let ids: Vec<_> = found
        .hits
        .iter()
        .map(|h| h.resource.id.clone())
        .filter(|id| ours.contains(&id))
        .collect();
    assert_eq!(ids, [in_name, in_organisation, in_description]);
}

/// A typo in a word's first letter counts twice: a word of five to eight
/// letters allows one typo, so another first letter is no match; a longer
/// word allows two, so it is, with the rest exact.
#[test]
fn a_typo_in_the_first_letter_counts_twice() {
    let (_d, engine) = crate::common::engine();
    let id = engine
        .create(
            draft("Zwemles en psycholoog", "Stichting Test", "Testgegevens."),
            &editor(),
        )
        .unwrap()
        .id;
    let finds = |text: &str| {
        engine
            .search(&wegwijs::search::SearchQuery {
                text: Some(text.into()),
                status: None,
                ..Default::default()
            })
            .unwrap()
            .hits
            .iter()
            .any(|h| h.resource.id == id)
    };
    assert!(finds("zwemles") && finds("zwemlas"));
    assert!(!finds("swemles"), "another first letter, one typo allowed");
    assert!(
        finds("xsycholoog"),
        "another first letter, two typos allowed"
    );
    assert!(finds("sycholoog"), "the first letter left out, two allowed");
    assert!(
        !finds("xsycholoo"),
        "another first letter and one more typo"
    );
}

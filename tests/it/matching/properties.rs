//! For random households against synthetic data: no match breaks a hard
//! rule, and every gap is real — a brute-force scan of the store finds
//! nothing eligible within reach, and the named nearest option is the nearest.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::collections::HashMap;
use wegwijs::engine::Engine;
use wegwijs::gazetteer::Gazetteer;
use wegwijs::geo::Coordinate;
use wegwijs::matching::rules::{self, NeedOwner};
use wegwijs::matching::*;
use wegwijs::model::Resource;
use wegwijs::seed::{synthetic_resources, SyntheticOptions};
use wegwijs::taxonomy::Taxonomy;

const CODES: &[&str] = &[
    "health.mental_support",
    "leisure.sports_club",
    "work.childcare",
    "housing.relocation_desk",
    "rights.legal_aid",
    "language.dutch_lessons",
    "education.special_needs",
    "leisure.cycling_lessons",
    "health.gp",
    "bonds",
];
const LANGS: &[&str] = &["uk", "en", "nl", "ru", "pl"];

fn household() -> impl Strategy<Value = Household> {
    let member = (
        prop::option::of(0u8..90),
        prop::collection::vec(prop::sample::select(CODES), 1..3),
    );
    (
        (0usize..400, prop::option::of(1.0f64..40.0), 0usize..4),
        (
            prop::sample::subsequence(LANGS, 0..4),
            prop::sample::subsequence(LANGS, 0..3),
            0usize..3,
        ),
        (
            prop::option::of(0usize..6),
            prop::option::of(any::<bool>()),
            prop::option::of(any::<bool>()),
            0usize..3,
        ),
        (
            prop::collection::vec(member, 0..3),
            prop::collection::vec(prop::sample::select(CODES), 0..2),
            any::<bool>(),
            1usize..5,
        ),
    )
        .prop_map(
            |(
                (place, reach_km, mobility),
                (spoken, avoid, basic),
                (status, has_bsn, registered_home, budget),
                (members, needs, suggest_wellbeing, max_per_need),
            )| {
                let p = &Gazetteer::embedded().places()[place];
                let languages: Vec<SpokenLanguage> = spoken
                    .iter()
                    .enumerate()
                    .map(|(i, c)| SpokenLanguage::Leveled {
                        code: c.to_string(),
                        level: if i == basic {
                            LanguageLevel::Basic
                        } else {
                            LanguageLevel::Fluent
                        },
                    })
                    .collect();
                Household {
                    home: Home {
                        place: None,
                        lat: Some(p.coordinate.lat()),
                        lon: Some(p.coordinate.lon()),
                    },
                    reach_km,
                    mobility: [
                        Mobility::Walk,
                        Mobility::Bike,
                        Mobility::PublicTransport,
                        Mobility::Car,
                    ][mobility],
                    avoid_languages: avoid
                        .iter()
                        .filter(|a| !spoken.contains(a))
                        .map(|a| a.to_string())
                        .collect(),
                    languages,
                    legal_status: status.map(|s| {
                        [
                            HouseholdStatus::TemporaryProtection,
                            HouseholdStatus::ThirdCountryNational,
                            HouseholdStatus::AsylumSeeker,
                            HouseholdStatus::StatusHolder,
                            HouseholdStatus::EuCitizen,
                            HouseholdStatus::Other,
                        ][s]
                    }),
                    has_bsn,
                    registered_municipality: registered_home.map(|home| {
                        if home {
                            p.municipality.clone()
                        } else {
                            "Utrecht".into()
                        }
                    }),
                    budget: [Budget::Free, Budget::LowCost, Budget::Any][budget],
                    members: members
                        .into_iter()
                        .enumerate()
                        .map(|(i, (age, needs))| Member {
                            label: format!("m{i}"),
                            age,
                            needs: needs.into_iter().map(str::to_string).collect(),
                            interests: Vec::new(),
                            notes: None,
                        })
                        .collect(),
                    needs: needs.into_iter().map(str::to_string).collect(),
                    suggest_wellbeing,
                    max_per_need,
                }
            },
        )
}

fn categories_of(need: &NeedPlan, taxonomy: &Taxonomy) -> Vec<String> {
    need.categories
        .iter()
        .filter_map(|c| taxonomy.expand(&c.code))
        .flatten()
        .map(str::to_string)
        .collect()
}

/// Checks one plan against a brute-force scan of `all`.
/// The "now" the plans are made at.
fn test_now() -> i64 {
    Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0)
        .unwrap()
        .timestamp()
}

/// A runner of `WEGWIJS_PROPTEST_CASES` cases, else `default_cases`.
fn runner(default_cases: u32) -> TestRunner {
    let cases = std::env::var("WEGWIJS_PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default_cases);
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

fn check_plan(h: &Household, plan: &Plan, all: &[Resource], now: i64) -> Result<(), TestCaseError> {
    let taxonomy = Taxonomy::embedded();
    let home = Coordinate::new(plan.home.lat, plan.home.lon).unwrap();
    let reach = h.reach();
    let ages: HashMap<&str, Option<u8>> = h
        .members
        .iter()
        .map(|m| (m.label.as_str(), m.age))
        .collect();
    for need in &plan.needs {
        let owner = NeedOwner {
            age: need.member.as_deref().and_then(|l| ages[l]),
            free_only: false,
        };
        let cats = categories_of(need, taxonomy);
        let in_category = |r: &Resource| r.categories.iter().any(|c| cats.contains(c));
        let distance = |r: &Resource| {
            r.location
                .point()
                .map(|(lat, lon)| home.distance_km(Coordinate::new(lat, lon).unwrap()))
        };
        let eligible = |r: &Resource| rules::check(r, h, owner, now).is_ok();
        prop_assert!(need.matches.len() <= h.max_per_need);
        let mut per_org: HashMap<&str, usize> = HashMap::new();
        for m in &need.matches {
            let r = &m.resource;
            prop_assert!(
                eligible(r),
                "{} breaks a hard rule: {:?}",
                r.id.0,
                rules::check(r, h, owner, now)
            );
            prop_assert!(in_category(r), "{} is outside {:?}", r.id.0, cats);
            match m.distance_km {
                Some(d) => {
                    prop_assert!(
                        d <= reach + 1e-6,
                        "{} at {d} km beyond reach {reach}",
                        r.id.0
                    );
                    let exact = distance(r).unwrap();
                    prop_assert!(
                        (exact - d).abs() < 0.01,
                        "{} distance {d} vs {exact}",
                        r.id.0
                    );
                }
                None => prop_assert!(
                    r.is_remote(),
                    "{} has no distance but is not remote",
                    r.id.0
                ),
            }
            *per_org.entry(r.organization.name.as_str()).or_default() += 1;
        }
        prop_assert!(per_org.values().all(|&n| n <= MAX_PER_ORGANISATION));

        let candidates: Vec<&Resource> = all
            .iter()
            .filter(|r| in_category(r) && eligible(r))
            .collect();
        let within: Vec<&str> = candidates
            .iter()
            .filter(|r| distance(r).is_some_and(|d| d <= reach - 1e-6))
            .map(|r| r.id.as_str())
            .collect();
        let borderline = candidates
            .iter()
            .any(|r| distance(r).is_some_and(|d| (d - reach).abs() <= 1e-6));
        if borderline {
            continue;
        }
        match &need.gap {
            Some(gap) => {
                prop_assert!(
                    within.is_empty(),
                    "gap for {:?}, but a scan finds {within:?}",
                    need.need
                );
                let nearest = candidates
                    .iter()
                    .filter_map(|r| {
                        distance(r)
                            .filter(|&d| d > reach)
                            .map(|d| (d, r.id.as_str()))
                    })
                    .min_by(|a, b| a.0.total_cmp(&b.0));
                match (&gap.nearest_beyond_reach, nearest) {
                    (None, None) => {}
                    (Some(m), Some((d, id))) => prop_assert!(
                        (m.distance_km.unwrap() - d).abs() < 0.01,
                        "nearest beyond reach is {} at {:?}, a scan finds {id} at {d}",
                        m.resource.id.0,
                        m.distance_km
                    ),
                    (got, want) => prop_assert!(
                        false,
                        "nearest beyond reach {:?}, a scan finds {want:?}",
                        got.as_ref().map(|m| m.resource.id.0.clone())
                    ),
                }
                if let Some(m) = &gap.online_alternative {
                    prop_assert!(m.resource.is_remote() && eligible(&m.resource));
                }
            }
            None => {
                prop_assert!(
                    !within.is_empty(),
                    "no gap for {:?}, but nothing eligible within reach",
                    need.need
                );
                prop_assert!(!need.matches.is_empty());
            }
        }
    }
    Ok(())
}

#[test]
fn no_match_breaks_a_hard_rule_and_every_gap_is_real() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (engine, _) = Engine::open(dir.path()).expect("opens");
    let synthetic = synthetic_resources(
        SyntheticOptions {
            count: 3000,
            seed: 11,
        },
        Taxonomy::embedded(),
        Gazetteer::embedded(),
    );
    engine.put_all(&synthetic).expect("stored");
    let all: Vec<Resource> = engine.resources().map(|r| r.expect("readable")).collect();
    let now = test_now();
    let mut runner = runner(40);
    let gaps = std::cell::Cell::new(0usize);
    let matches = std::cell::Cell::new(0usize);
    runner
        .run(&household(), |h| {
            let plan = engine
                .match_household_at(&h, now)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            gaps.set(gaps.get() + plan.needs.iter().filter(|n| n.gap.is_some()).count());
            matches.set(matches.get() + plan.needs.iter().map(|n| n.matches.len()).sum::<usize>());
            check_plan(&h, &plan, &all, now)
        })
        .unwrap();
    // Both sides of the property must have been exercised.
    let (gaps, matches) = (gaps.get(), matches.get());
    assert!(gaps > 0 && matches > 0, "gaps {gaps}, matches {matches}");
}

/// Synthetic records moved into a disc of `km` around `centre` and given
/// one of the first `codes` of [`CODES`]: hundreds of candidates within
/// reach per need, so the matcher's walk runs over several pages. The
/// nearest 40% are full (scored down to 0.3), so the best matches often
/// lie beyond the first page.
fn dense(count: usize, centre: Coordinate, km: f64, codes: usize) -> Vec<Resource> {
    let mut out = synthetic_resources(
        SyntheticOptions { count, seed: 23 },
        Taxonomy::embedded(),
        Gazetteer::embedded(),
    );
    for (i, r) in out.iter_mut().enumerate() {
        r.categories = vec![CODES[i % codes].to_string()];
        if let wegwijs::model::Location::Place { lat, lon, .. } = &mut r.location {
            // A spiral of points: even coverage of the disc, deterministic.
            let t = i as f64 / count as f64;
            let angle = i as f64 * 2.399_963;
            let (dy, dx) = (t.sqrt() * km * angle.sin(), t.sqrt() * km * angle.cos());
            *lat = centre.lat() + dy / 111.2;
            *lon = centre.lon() + dx / (111.2 * centre.lat().to_radians().cos());
            if t < 0.4 {
                r.availability = Some(wegwijs::model::Availability {
                    status: wegwijs::model::AvailabilityStatus::Full,
                    stated_at: None,
                });
            }
        }
    }
    out
}

#[test]
fn a_walk_that_ends_early_gives_the_plan_of_a_walk_through_every_candidate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (engine, _) = Engine::open(dir.path()).expect("opens");
    let amsterdam = Coordinate::new(52.3728, 4.8936).unwrap();
    let resources = dense(4000, amsterdam, 25.0, 2);
    engine.put_all(&resources).expect("stored");
    let near_first_code = resources
        .iter()
        .filter(|r| r.categories[0] == CODES[0])
        .filter(|r| {
            r.location.point().is_some_and(|(lat, lon)| {
                amsterdam.distance_km(Coordinate::new(lat, lon).unwrap()) <= 20.0
            })
        })
        .count();
    assert!(
        near_first_code > 512,
        "only {near_first_code} candidates within 20 km: the walk would fit its first page (512)"
    );
    let now = test_now();
    let mut runner = runner(24);
    let at_home = household().prop_map(move |mut h| {
        h.home.lat = Some(amsterdam.lat());
        h.home.lon = Some(amsterdam.lon());
        h
    });
    let compared = std::cell::Cell::new(0usize);
    runner
        .run(&at_home, |h| {
            let early = engine
                .match_household_at(&h, now)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let full = engine
                .match_household_reading_every_candidate_at(&h, now)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            compared
                .set(compared.get() + early.needs.iter().map(|n| n.matches.len()).sum::<usize>());
            prop_assert_eq!(
                serde_json::to_value(&early).unwrap(),
                serde_json::to_value(&full).unwrap()
            );
            Ok(())
        })
        .unwrap();
    println!("early and full walks agree on {} matches", compared.get());
    assert!(
        compared.get() > 0,
        "no household got a match: nothing was compared"
    );
}

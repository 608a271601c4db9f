//! Every household in `tests/data/households/` against the fixtures of
//! [`super::fixtures`], checked against the expectations in its file.

use serde::Deserialize;
use std::collections::BTreeMap;
use wegwijs::engine::{Engine, EngineError};
use wegwijs::matching::{Household, Match, NeedPlan, Plan};

use super::fixtures;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    about: String,
    household: Household,
    expect: Vec<Expect>,
    suggested: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    need: String,
    member: Option<String>,
    #[serde(default)]
    suggested: bool,
    first: Option<String>,
    #[serde(default)]
    includes: Vec<String>,
    #[serde(default)]
    excludes: Vec<String>,
    gap: Option<bool>,
    nearest_beyond_reach: Option<String>,
    online_alternative: Option<String>,
    #[serde(default)]
    reasons: BTreeMap<String, Vec<String>>,
}

/// An engine holding only the fixtures.
pub fn fixture_engine() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (engine, _) = Engine::open(dir.path()).expect("engine opens");
    // The real seed data is archived so that only the fixtures can match.
    let archived: Vec<_> = engine
        .resources()
        .map(|r| {
            let mut r = r.expect("readable");
            r.status = wegwijs::model::PublicationStatus::Archived;
            r
        })
        .collect();
    engine.put_all(&archived).expect("archived");
    engine.put_all(&fixtures::all()).expect("fixtures store");
    (dir, engine)
}

fn ids(matches: &[Match]) -> Vec<&str> {
    matches.iter().map(|m| m.resource.id.as_str()).collect()
}

fn reason_kinds(m: &Match) -> Vec<String> {
    m.reasons
        .iter()
        .map(|r| {
            serde_json::to_value(r).expect("serializes")["kind"]
                .as_str()
                .expect("tagged")
                .to_string()
        })
        .collect()
}

fn check(name: &str, case: &Case, plan: &Plan) -> Vec<String> {
    let mut problems = Vec::new();
    let mut fail = |s: String| problems.push(format!("{name}: {s}"));
    for e in &case.expect {
        let found: Vec<&NeedPlan> = plan
            .needs
            .iter()
            .filter(|n| n.need == e.need && n.member == e.member && n.suggested == e.suggested)
            .collect();
        let [need] = found.as_slice() else {
            fail(format!(
                "need {:?} of {:?}: expected one plan entry, found {}",
                e.need,
                e.member,
                found.len()
            ));
            continue;
        };
        let got = ids(&need.matches);
        let what = format!("need {:?} of {:?} (matches {got:?})", e.need, e.member);
        if let Some(first) = &e.first {
            if got.first() != Some(&first.as_str()) {
                fail(format!("{what}: expected {first} first"));
            }
        }
        for id in &e.includes {
            if !got.contains(&id.as_str()) {
                fail(format!("{what}: expected {id} among the matches"));
            }
        }
        for id in &e.excludes {
            let in_gap = need.gap.as_ref().is_some_and(|g| {
                g.nearest_beyond_reach
                    .as_ref()
                    .is_some_and(|m| m.resource.id.as_str() == id)
            });
            if got.contains(&id.as_str()) || in_gap {
                fail(format!("{what}: {id} must be excluded"));
            }
        }
        if let Some(gap) = e.gap {
            if need.gap.is_some() != gap {
                fail(format!(
                    "{what}: gap expected {gap}, got {:?}",
                    need.gap.is_some()
                ));
            }
        }
        let gap_id = |pick: fn(&wegwijs::matching::Gap) -> Option<&Match>| {
            need.gap
                .as_ref()
                .and_then(pick)
                .map(|m| m.resource.id.0.clone())
        };
        if let Some(id) = &e.nearest_beyond_reach {
            let got = gap_id(|g| g.nearest_beyond_reach.as_deref());
            if got.as_ref() != Some(id) {
                fail(format!(
                    "{what}: nearest beyond reach {got:?}, expected {id}"
                ));
            }
        }
        if let Some(id) = &e.online_alternative {
            let got = gap_id(|g| g.online_alternative.as_deref());
            if got.as_ref() != Some(id) {
                fail(format!("{what}: online alternative {got:?}, expected {id}"));
            }
        }
        for (id, kinds) in &e.reasons {
            let m = need.matches.iter().find(|m| m.resource.id.as_str() == id);
            let Some(m) = m else {
                fail(format!("{what}: {id} not found for its reasons"));
                continue;
            };
            let have = reason_kinds(m);
            for k in kinds {
                if !have.contains(k) {
                    fail(format!("{what}: {id} lacks reason {k} (has {have:?})"));
                }
            }
        }
    }
    if let Some(n) = case.suggested {
        let got = plan.needs.iter().filter(|n| n.suggested).count();
        if got != n {
            fail(format!("expected {n} suggested needs, got {got}"));
        }
    }
    problems
}

#[test]
fn example_households_get_the_expected_plans() {
    let (_dir, engine) = fixture_engine();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/households");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("households dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "only {} example households", files.len());
    let mut problems = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).expect("readable");
        let case: Case = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!case.about.is_empty(), "{name}: say what the household is");
        let plan = engine
            .match_household_at(&case.household, fixtures::now().timestamp())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        problems.extend(check(&name, &case, &plan));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_documented_example_profile_matches() {
    let (_dir, engine) = fixture_engine();
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed-data/examples/household.json");
    let household: Household =
        serde_json::from_str(&std::fs::read_to_string(path).expect("example exists"))
            .expect("example parses");
    let plan = engine
        .match_household_at(&household, fixtures::now().timestamp())
        .expect("example matches");
    assert!(plan.needs.len() >= 4, "{}", plan.needs.len());
    assert!(plan.needs.iter().any(|n| !n.matches.is_empty()));
}

#[test]
fn a_bad_profile_names_every_field() {
    let (_dir, engine) = fixture_engine();
    let household: Household = serde_json::from_str(
        r#"{"home":{"place":"Nowhereville"},"languages":["xx1"],"members":[{"label":"a","age":200}]}"#,
    )
    .expect("parses");
    let Err(EngineError::Invalid(errors)) = engine.match_household(&household) else {
        panic!("expected invalid");
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert!(fields.contains(&"languages[0]"), "{fields:?}");
    assert!(fields.contains(&"members[0].age"), "{fields:?}");

    let household: Household =
        serde_json::from_str(r#"{"home":{"place":"Nowhereville"}}"#).expect("parses");
    let Err(EngineError::Invalid(errors)) = engine.match_household(&household) else {
        panic!("expected invalid");
    };
    assert_eq!(errors[0].field, "home.place");
}

#[test]
fn at_most_two_matches_per_organisation() {
    let (_dir, engine) = fixture_engine();
    let mut same_org: Vec<_> = (0..4)
        .map(|i| {
            let mut r = fixtures::fx(
                &format!("chain-{i}"),
                "leisure.dance",
                Some(fixtures::UTRECHT),
                &["uk"],
            );
            r.organization.name = "Test fixture dance chain".into();
            r
        })
        .collect();
    same_org.push(fixtures::fx(
        "dance-other",
        "leisure.dance",
        Some(fixtures::ZEIST),
        &["uk"],
    ));
    engine.put_all(&same_org).expect("stored");
    let household: Household = serde_json::from_str(
        r#"{"home":{"place":"Utrecht"},"languages":["uk"],"needs":["leisure.dance"],"max_per_need":5,"suggest_wellbeing":false}"#,
    )
    .expect("parses");
    let plan = engine
        .match_household_at(&household, fixtures::now().timestamp())
        .expect("matches");
    let got = ids(&plan.needs[0].matches);
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(
        got.iter().filter(|id| id.starts_with("fx-chain-")).count(),
        2
    );
    assert!(got.contains(&"fx-dance-other"), "{got:?}");
}

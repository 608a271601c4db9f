//! The CLI end to end: the acceptance searches of the core-engine issue.

use serde_json::Value;

use crate::common::{fixture, wegwijs};

fn search_json(dir: &std::path::Path, args: &[&str]) -> Value {
    let out = wegwijs(dir)
        .arg("search")
        .args(args)
        .arg("--json")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "search {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json output")
}

fn hit_ids(results: &Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["resource"]["id"].as_str().unwrap().to_string())
        .collect()
}

fn has_mental_support(results: &Value) -> bool {
    results["hits"].as_array().unwrap().iter().any(|h| {
        h["resource"]["categories"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "health.mental_support")
    })
}

fn all_mental(results: &Value) -> bool {
    results["hits"].as_array().unwrap().iter().all(|h| {
        h["resource"]["categories"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| {
                // The categories whose synonyms name a psychologist.
                [
                    "health.mental_support",
                    "health.online_mental_support",
                    "health.peer_support",
                    "health.youth_care",
                ]
                .contains(&c.as_str().unwrap())
            })
    })
}

#[test]
fn acceptance_searches_find_what_they_should() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    wegwijs(d)
        .args(["seed", "--synthetic", "3000", "--seed", "3"])
        .assert()
        .success();
    wegwijs(d)
        .arg("import")
        .arg(fixture("fixtures.jsonl"))
        .assert()
        .success();

    let r = search_json(d, &["психолог", "--near", "Amsterdam", "--radius", "25"]);
    assert!(
        r["total"].as_u64().unwrap() > 0,
        "психолог near Amsterdam found nothing"
    );
    assert!(
        all_mental(&r),
        "психолог found non-mental-support hits: {:?}",
        hit_ids(&r)
    );
    assert!(has_mental_support(&r));
    assert_eq!(r["place"]["name"], "Amsterdam");
    for h in r["hits"].as_array().unwrap() {
        if let Some(d) = h["distance_km"].as_f64() {
            assert!(d <= 25.0, "hit at {d} km outside the radius");
        }
    }

    let r = search_json(d, &["psycholoog", "--near", "Amsterdam"]);
    assert!(r["total"].as_u64().unwrap() > 0);
    assert!(
        all_mental(&r),
        "psycholoog found non-mental-support hits: {:?}",
        hit_ids(&r)
    );
    assert!(has_mental_support(&r));

    let r = search_json(d, &["Oekraine"]);
    assert!(
        hit_ids(&r).contains(&"fixture-oekraine".to_string()) || r["total"].as_u64().unwrap() > 10
    );
    let r = search_json(d, &["Oekraine", "taalcafe"]);
    let fixture_hit = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["resource"]["id"] == "fixture-oekraine");
    let fixture_hit = fixture_hit.expect("Oekraine taalcafe should find the Oekraïne fixture");
    assert!(fixture_hit["highlights"]
        .to_string()
        .contains("**Oekraïne**"));

    let r = search_json(d, &["Kharkiv", "--category", "bonds"]);
    assert!(
        hit_ids(&r).contains(&"fixture-kharkiv".to_string()),
        "Kharkiv should find Харків: {:?}",
        hit_ids(&r)
    );

    // Russian-only services are left out when Russian is excluded.
    let r = search_json(
        d,
        &[
            "--exclude-language",
            "ru",
            "--per-page",
            "100",
            "--near",
            "Utrecht",
            "--radius",
            "50",
        ],
    );
    for h in r["hits"].as_array().unwrap() {
        assert_ne!(h["resource"]["languages"], serde_json::json!(["ru"]));
    }
}

#[test]
fn places_resolve_in_any_script() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["Гаага", "Den Haag", "'s-Gravenhage", "The Hague"] {
        let out = wegwijs(dir.path())
            .args(["places", name, "--json", "--limit", "1"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v[0]["name"], "The Hague", "{name}");
        assert_eq!(v[0]["municipality"], "Den Haag", "{name}");
    }
}

#[test]
fn export_writes_what_import_reads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    wegwijs(d)
        .args(["seed", "--synthetic", "50", "--seed", "9"])
        .assert()
        .success();
    let file = d.join("backup.jsonl");
    wegwijs(d)
        .arg("export")
        .arg("-o")
        .arg(&file)
        .assert()
        .success();
    let exported = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        exported.lines().count(),
        50 + wegwijs::seed::real_resources().unwrap().len()
    );

    let other = tempfile::tempdir().unwrap();
    wegwijs(other.path())
        .arg("import")
        .arg(&file)
        .assert()
        .success();
    let file2 = other.path().join("again.jsonl");
    wegwijs(other.path())
        .arg("export")
        .arg("-o")
        .arg(&file2)
        .assert()
        .success();
    assert_eq!(
        exported,
        std::fs::read_to_string(&file2).unwrap(),
        "export → import → export is lossless"
    );
}

#[test]
fn bad_query_names_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let out = wegwijs(dir.path())
        .args(["search", "x", "--category", "nonsense", "--per-page", "500"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("category[0]") && err.contains("per_page"),
        "{err}"
    );
    let out = wegwijs(dir.path())
        .args(["search", "--near", "Nowhereville"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("place: unknown place"));
}

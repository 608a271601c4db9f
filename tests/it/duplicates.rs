//! Likely duplicates (engine, API create and suggestions, import, the
//! `duplicates` and `merge` commands); recall and precision on planted
//! twins in `duplicates/recall.rs`; stale data in `duplicates/stale.rs`.

use std::sync::Arc;

use actix_web::test::{self, TestRequest};
use chrono::{Duration, Utc};
use serde_json::{json, Value};
use wegwijs::duplicates::Reason;
use wegwijs::engine::Engine;
use wegwijs::http::{app, AppState, HttpConfig};
use wegwijs::model::*;
use wegwijs::search::SearchQuery;

use crate::common::{engine, wegwijs};

const LAT: f64 = 52.0907;
const LON: f64 = 5.1214;
/// Degrees of latitude per metre (one degree is about 111.2 km).
const DEG_PER_M: f64 = 1.0 / 111_195.0;

fn admin() -> Principal {
    Principal {
        name: "dup tester".into(),
        role: Role::Admin,
        regions: Vec::new(),
    }
}

/// A valid resource as JSON, `metres` north of the test point.
fn record(id: &str, name: &str, metres: f64, contact: Value) -> Value {
    json!({
        "id": id,
        "name": name,
        "description": {"en": "a duplicate test resource"},
        "organization": {"name": "Dup org"},
        "categories": ["rights.legal_aid"],
        "location": {"kind": "place", "municipality": "Utrecht",
                     "lat": LAT + metres * DEG_PER_M, "lon": LON},
        "contact": contact,
        "provenance": {"source": "test", "created_at": "2026-01-01T00:00:00Z",
                       "updated_at": "2026-01-01T00:00:00Z"},
        "status": "published"
    })
}

fn resource(id: &str, name: &str, metres: f64, contact: Value) -> Resource {
    serde_json::from_value(record(id, name, metres, contact)).expect("test resource")
}

/// The reasons `r` is a likely duplicate, by id.
fn reasons(engine: &Engine, r: &Resource) -> Vec<(String, Reason)> {
    engine
        .likely_duplicates(r)
        .expect("lookup")
        .into_iter()
        .map(|(id, reason)| (id.0, reason))
        .collect()
}

fn stored_base(engine: &Engine) {
    let base = resource(
        "dup-base",
        "Київський дім",
        0.0,
        json!({"phone": "020-1234567", "website": "https://www.kyivdim-test.nl/"}),
    );
    engine.create(base, &admin()).expect("created");
}

#[test]
fn names_match_across_scripts_case_accents_and_legal_forms_within_200_m() {
    let (_dir, engine) = engine();
    stored_base(&engine);
    for name in [
        "Kyivskyi Dim",
        "KYÏVSKYI DÍM",
        "Stichting Kyivskyi Dim",
        "Kyivsky Dim",
    ] {
        let found = reasons(&engine, &resource("dup-new", name, 150.0, json!({})));
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        assert_eq!(found[0].0, "dup-base");
        assert!(
            matches!(found[0].1, Reason::SameNameNearby { distance_m } if (145..=155).contains(&distance_m)),
            "{name}: {found:?}"
        );
    }
    // 300 m away is another place; another name nearby is another service.
    assert!(reasons(
        &engine,
        &resource("dup-new", "Kyivskyi Dim", 300.0, json!({}))
    )
    .is_empty());
    assert!(reasons(&engine, &resource("dup-new", "Taalcafé", 0.0, json!({}))).is_empty());
    // Never the record itself.
    assert!(reasons(&engine, &engine.get("dup-base").unwrap()).is_empty());
}

#[test]
fn same_phone_or_website_in_other_formats_match_anywhere_but_not_archived() {
    let (_dir, engine) = engine();
    stored_base(&engine);
    for phone in ["+31 20 123 4567", "0031201234567", "+31 (0)20 123 45 67"] {
        let r = resource("dup-new", "Other name", 50_000.0, json!({ "phone": phone }));
        assert_eq!(
            reasons(&engine, &r),
            [("dup-base".into(), Reason::SamePhone)],
            "{phone}"
        );
    }
    for site in [
        "kyivdim-test.nl",
        "http://KYIVDIM-TEST.nl",
        "https://www.kyivdim-test.nl",
    ] {
        let r = resource(
            "dup-new",
            "Other name",
            50_000.0,
            json!({ "website": site }),
        );
        assert_eq!(
            reasons(&engine, &r),
            [("dup-base".into(), Reason::SameWebsite)],
            "{site}"
        );
    }
    engine.archive("dup-base", &admin()).unwrap();
    let r = resource(
        "dup-new",
        "Kyivskyi Dim",
        0.0,
        json!({"phone": "020 1234567"}),
    );
    assert!(reasons(&engine, &r).is_empty());
}

#[test]
fn merge_fills_keep_archives_other_and_audits_both() {
    let (_dir, engine) = engine();
    let keep = resource(
        "merge-keep",
        "Taalhuis",
        0.0,
        json!({"email": "a@example.org"}),
    );
    let mut other = resource(
        "merge-other",
        "Taalhuis",
        20.0,
        json!({"phone": "030 555 0101"}),
    );
    other.languages = vec!["uk".into()];
    other.description.nl = Some("Nederlandse les".into());
    engine.put_all(&[keep, other]).unwrap();
    let editor = Principal {
        name: "utrecht lead".into(),
        role: Role::Editor,
        regions: vec!["Groningen".into()],
    };
    assert!(engine.merge("merge-keep", "merge-other", &editor).is_err());
    let merged = engine.merge("merge-keep", "merge-other", &admin()).unwrap();
    assert_eq!(merged.contact.email.as_deref(), Some("a@example.org"));
    assert_eq!(merged.contact.phone.as_deref(), Some("030 555 0101"));
    assert_eq!(merged.languages, ["uk"]);
    assert_eq!(merged.description.nl.as_deref(), Some("Nederlandse les"));
    assert_eq!(
        engine.get("merge-other").unwrap().status,
        PublicationStatus::Archived
    );
    let audit = engine.audit(10, None, &admin()).unwrap();
    let merges: Vec<&AuditRecord> = audit.iter().filter(|a| a.action == "merge").collect();
    assert_eq!(merges.len(), 2);
    assert!(merges
        .iter()
        .any(|a| a.resource_id.as_deref() == Some("merge-other")
            && a.changes
                .iter()
                .any(|c| c.field == "merged_into" && c.after == "merge-keep")));
    assert!(engine.merge("merge-keep", "merge-other", &admin()).is_err());
    assert!(engine
        .duplicate_clusters()
        .unwrap()
        .iter()
        .all(|c| !c.ids.iter().any(|i| i.as_str() == "merge-other")));
}

fn http_state() -> (tempfile::TempDir, Arc<Engine>, wegwijs::http::AppData) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (engine, _) = Engine::open(dir.path()).expect("engine opens");
    let engine = Arc::new(engine);
    let state = AppState::new(engine.clone(), &HttpConfig::default());
    (dir, engine, state)
}

/// Sends a request to a test service; the status and the JSON body.
macro_rules! call {
    ($svc:expr, $req:expr $(,)?) => {{
        let res = test::call_service(&$svc, $req.to_request()).await;
        let status = res.status().as_u16();
        let body = test::read_body(res).await;
        (
            status,
            serde_json::from_slice::<Value>(&body).unwrap_or(Value::Null),
        )
    }};
}

#[actix_web::test]
async fn api_create_answers_409_duplicate_unless_allowed_and_suggestions_are_flagged() {
    let (_dir, engine, state) = http_state();
    stored_base(&engine);
    let secret = engine
        .create_token(Role::Editor, "dup editor", Vec::new())
        .unwrap()
        .1;
    let svc = test::init_service(app(state)).await;
    let mut twin = record("", "Kyivskyi Dim", 100.0, json!({}));
    twin.as_object_mut().unwrap().remove("id");
    let post = |uri: &str, body: &Value| {
        TestRequest::post()
            .uri(uri)
            .insert_header(("authorization", format!("Bearer {secret}")))
            .set_json(body)
    };
    let (status, body) = call!(svc, post("/api/v1/resources", &twin));
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "duplicate");
    assert_eq!(body["error"]["duplicates"][0]["id"], "dup-base");
    assert_eq!(body["error"]["duplicates"][0]["reason"], "same_name_nearby");
    let (status, body) = call!(svc, post("/api/v1/resources?allow_duplicate=true", &twin),);
    assert_eq!(status, 201, "{body}");

    let suggestion = json!({
        "kind": "new_resource",
        "resource": record("", "Other name", 9_000.0, json!({"phone": "+31 20 1234567"}))
    });
    let (status, body) = call!(
        svc,
        TestRequest::post()
            .uri("/api/v1/suggestions")
            .set_json(&suggestion),
    );
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["likely_duplicates"][0]["id"], "dup-base");
    assert_eq!(body["likely_duplicates"][0]["reason"], "same_phone");
    let pending = engine.suggestions(Some(SuggestionStatus::Pending)).unwrap();
    assert_eq!(pending[0].likely_duplicates[0].resource_id, "dup-base");

    // The moderator sees them on the queue page, in the page's language.
    let moderator = engine
        .create_token(Role::Moderator, "dup moderator", Vec::new())
        .unwrap()
        .1;
    let req = TestRequest::get()
        .uri("/moderation?lang=nl")
        .cookie(actix_web::cookie::Cookie::new("wegwijs_token", moderator));
    let res = test::call_service(&svc, req.to_request()).await;
    assert_eq!(res.status().as_u16(), 200);
    let html = String::from_utf8_lossy(&test::read_body(res).await).into_owned();
    assert!(html.contains("Bestaat misschien al"), "{html}");
    assert!(html.contains("/resources/dup-base") && html.contains("zelfde telefoonnummer"));
}

fn jsonl(records: &[Value]) -> String {
    records.iter().map(|r| format!("{r}\n")).collect()
}

#[test]
fn import_rejects_twins_unless_allowed_then_duplicates_and_merge_work_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.jsonl");
    let data = dir.path().join("data");
    let a = record(
        "imp-a",
        "Help Desk Oekraïne",
        0.0,
        json!({"phone": "030-7654321"}),
    );
    std::fs::write(&file, jsonl(std::slice::from_ref(&a))).unwrap();
    wegwijs(&data).arg("import").arg(&file).assert().success();

    // A twin under another id is rejected, naming the twin and why.
    let b = record(
        "imp-b",
        "Something else",
        9_000.0,
        json!({"phone": "+31 30 765 4321"}),
    );
    std::fs::write(&file, jsonl(&[a.clone(), b])).unwrap();
    let out = wegwijs(&data).arg("import").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("contact.phone") && stderr.contains("imp-a"),
        "{stderr}"
    );
    wegwijs(&data)
        .args(["import", "--allow-duplicates"])
        .arg(&file)
        .assert()
        .success();

    let out = wegwijs(&data)
        .args(["duplicates", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let clusters: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ours = clusters
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["ids"][0] == "imp-a")
        .expect("our cluster");
    assert_eq!(ours["ids"], json!(["imp-a", "imp-b"]));
    assert_eq!(ours["links"][0]["reason"]["kind"], "same_phone");
    let out = wegwijs(&data)
        .args(["--lang", "nl", "duplicates"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("zelfde telefoonnummer"));

    wegwijs(&data)
        .args(["merge", "imp-a", "imp-b"])
        .assert()
        .success();
    wegwijs(&data)
        .args(["merge", "imp-a", "nope"])
        .assert()
        .failure();
    let (engine, _) = Engine::open(&data).unwrap();
    assert_eq!(
        engine.get("imp-b").unwrap().status,
        PublicationStatus::Archived
    );
    let audit = engine.audit(20, None, &admin()).unwrap();
    assert!(audit.iter().any(|r| r.action == "merge"
        && r.actor == "cli"
        && r.resource_id.as_deref() == Some("imp-b")));
}

mod recall;
mod stale;

#[test]
fn twins_within_one_import_file_are_caught_too() {
    let (_dir, engine) = crate::common::engine();
    let record = |id: &str, name: &str, lat: f64, phone: &str| {
        serde_json::json!({
            "id": id, "name": name, "description": {"nl": "Testgegevens, geen echte organisatie."},
            "organization": {"name": format!("Test fixture {id}")},
            "categories": ["leisure.yoga"],
            "location": {"kind": "place", "municipality": "Utrecht", "lat": lat, "lon": 5.1214},
            "languages": ["uk"],
            "contact": {"phone": phone},
            "provenance": {"source": "test", "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"},
            "status": "published", "synthetic": true
        })
        .to_string()
    };
    let file = [
        record("in-file-a", "Yoga voor iedereen", 52.0907, "030 123 4567"),
        // Same name 100 m north.
        record("in-file-b", "Yoga voor Iedereen!", 52.0916, "030 765 4321"),
        // Same phone in another format, far away.
        record("in-file-c", "Iets heel anders", 52.20, "+31 30 123 4567"),
        // Neither.
        record("in-file-d", "Nog iets anders", 52.30, "030 000 1111"),
    ]
    .join("\n");
    let options = |allow| wegwijs::engine::ImportOptions {
        dry_run: false,
        allow_duplicates: allow,
    };
    let report = engine
        .import_with(file.as_bytes(), options(false), &|_, _| {})
        .unwrap();
    let rejected: Vec<(usize, String, String)> = report
        .rejected
        .iter()
        .map(|e| {
            (
                e.line,
                e.errors[0].field.clone(),
                e.errors[0].message.clone(),
            )
        })
        .collect();
    assert_eq!(rejected.len(), 2, "{rejected:?}");
    assert_eq!((rejected[0].0, rejected[0].1.as_str()), (2, "name"));
    assert!(
        rejected[0].2.contains("in-file-a on line 1"),
        "{rejected:?}"
    );
    assert_eq!(
        (rejected[1].0, rejected[1].1.as_str()),
        (3, "contact.phone")
    );
    assert_eq!(report.imported, 2);
    let dir2 = tempfile::tempdir().unwrap();
    let (fresh, _) = wegwijs::engine::Engine::open(dir2.path()).unwrap();
    let report = fresh
        .import_with(file.as_bytes(), options(true), &|_, _| {})
        .unwrap();
    assert!(report.rejected.is_empty());
    assert_eq!(report.imported, 4);
}

#[test]
fn a_dense_file_keeps_numbered_neighbours_and_still_finds_a_typo_twin() {
    let (_dir, engine) = crate::common::engine();
    // 300 numbered schools on one spot (one grid cell), then a typo of #17
    // 50 m away: the numbered ones are different places, the typo is a twin.
    let mut lines: Vec<String> = (1..=300)
        .map(|n| {
            record(
                &format!("dense-{n}"),
                &format!("Basisschool De Regenboog {n}"),
                0.0,
                json!({}),
            )
            .to_string()
        })
        .collect();
    lines.push(record("dense-typo", "Basischool De Regenboog 17", 50.0, json!({})).to_string());
    let report = engine
        .import_with(
            lines.join("\n").as_bytes(),
            wegwijs::engine::ImportOptions::default(),
            &|_, _| {},
        )
        .unwrap();
    assert_eq!(report.imported, 300, "{:?}", report.rejected);
    assert_eq!(report.rejected.len(), 1, "{:?}", report.rejected);
    let e = &report.rejected[0];
    assert_eq!((e.line, e.errors[0].field.as_str()), (301, "name"));
    assert!(
        e.errors[0].message.contains("dense-17 on line 17"),
        "{}",
        e.errors[0].message
    );
}

/// An import into a small store holds the stored resources' keys and
/// searches the index for twins only when a record shares some of them:
/// every kind of twin of a stored resource is still caught, and so is a
/// twin of a record that an earlier line of the same file replaced.
#[test]
fn an_import_into_a_small_store_still_finds_every_stored_twin() {
    let (_dir, engine) = crate::common::engine();
    let stored = [
        record("st-name", "Juridisch Loket Oost", 0.0, json!({})),
        record(
            "st-phone",
            "Taalcafé",
            5_000.0,
            json!({"phone": "030 111 2222"}),
        ),
        record(
            "st-web",
            "Fietsles",
            10_000.0,
            json!({"website": "https://fietsles.example.org"}),
        ),
        record("st-renamed", "Oud gebouw", 20_000.0, json!({})),
    ];
    let options = wegwijs::engine::ImportOptions {
        dry_run: false,
        allow_duplicates: false,
    };
    let report = engine
        .import_with(jsonl(&stored).as_bytes(), options, &|_, _| {})
        .unwrap();
    assert_eq!(report.imported, 4, "{:?}", report.rejected);

    let file = [
        // 1: the same name 80 m away.
        record("new-name", "Juridisch loket Oost", 80.0, json!({})),
        // 2: the same phone, written otherwise, far away.
        record(
            "new-phone",
            "Iets anders",
            30_000.0,
            json!({"phone": "+31 30 111 2222"}),
        ),
        // 3: the same website.
        record(
            "new-web",
            "Nog iets",
            40_000.0,
            json!({"website": "http://fietsles.example.org/"}),
        ),
        // 4: replaces a stored resource under a new name, unchecked.
        record("st-renamed", "Wijkcentrum De Brug", 20_000.0, json!({})),
        // 5: the replaced resource's new name, 50 m away.
        record("new-brug", "Wijkcentrum de Brug", 20_050.0, json!({})),
        // 6: no twin of anything.
        record("new-alone", "Zwemclub", 50_000.0, json!({})),
    ];
    let report = engine
        .import_with(jsonl(&file).as_bytes(), options, &|_, _| {})
        .unwrap();
    let rejected: Vec<(usize, &str, &str)> = report
        .rejected
        .iter()
        .map(|e| {
            (
                e.line,
                e.errors[0].field.as_str(),
                e.errors[0].message.as_str(),
            )
        })
        .collect();
    let expected = [
        (1, "name", "st-name"),
        (2, "contact.phone", "st-phone"),
        (3, "contact.website", "st-web"),
        (5, "name", "st-renamed"),
    ];
    assert_eq!(rejected.len(), expected.len(), "{rejected:?}");
    for ((line, field, message), (want_line, want_field, twin)) in rejected.iter().zip(expected) {
        assert_eq!((*line, *field), (want_line, want_field), "{rejected:?}");
        assert!(
            message.contains(&format!("likely a duplicate of {twin}")),
            "{message}"
        );
    }
    assert_eq!(report.imported, 2);
}

//! Stale data: ranked below fresh twins, flagged in API search hits, and
//! listed oldest first by `wegwijs stale`.

use super::*;

#[test]
fn stale_resources_rank_below_fresh_twins() {
    let (_dir, engine) = engine();
    let mut fresh = resource("rank-fresh", "Zwemles Oekraïens", 0.0, json!({}));
    fresh.provenance.verified_at = Some(Utc::now() - Duration::days(10));
    fresh.provenance.verified_by = Some("tester".into());
    let mut stale = resource("rank-stale", "Zwemles Oekraïens", 5_000.0, json!({}));
    stale.provenance.verified_at = Some(Utc::now() - Duration::days(400));
    stale.provenance.verified_by = Some("tester".into());
    let never = resource("rank-never", "Zwemles Oekraïens", 9_000.0, json!({}));
    engine.put_all(&[never, stale, fresh]).unwrap();
    let query = SearchQuery {
        text: Some("zwemles oekraiens".into()),
        ..SearchQuery::default()
    };
    let results = engine.search(&query).unwrap();
    let ids: Vec<&str> = results
        .hits
        .iter()
        .map(|h| h.resource.id.as_str())
        .collect();
    let pos = |id| ids.iter().position(|i| *i == id).expect(id);
    assert!(pos("rank-fresh") < pos("rank-stale"), "{ids:?}");
    assert!(pos("rank-fresh") < pos("rank-never"), "{ids:?}");
}

#[actix_web::test]
async fn api_search_hits_say_whether_they_are_stale() {
    let (_dir, engine, state) = http_state();
    let mut fresh = resource("api-fresh", "Fietsles Amersfoort", 0.0, json!({}));
    fresh.provenance.verified_at = Some(Utc::now());
    fresh.provenance.verified_by = Some("tester".into());
    let old = resource("api-old", "Fietsles Amersfoort", 3_000.0, json!({}));
    engine.put_all(&[fresh, old]).unwrap();
    let svc = test::init_service(app(state)).await;
    let (status, body) = call!(svc, TestRequest::get().uri("/api/v1/search?q=fietsles"));
    assert_eq!(status, 200, "{body}");
    let stale_of = |id: &str| {
        body["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["resource"]["id"] == id)
            .map(|h| h["resource"]["stale"].clone())
    };
    assert_eq!(stale_of("api-fresh"), Some(Value::Bool(false)));
    assert_eq!(stale_of("api-old"), Some(Value::Bool(true)));
}

#[test]
fn stale_lists_oldest_first_as_table_and_formula_safe_csv_per_region() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.jsonl");
    let data = dir.path().join("data");
    let mut never = record("st-never", "=Stale never", 0.0, json!({}));
    never["provenance"]["created_at"] = json!("2025-03-01T00:00:00Z");
    let mut older = record("st-older", "Stale older", 1_000.0, json!({}));
    older["provenance"]["verified_at"] = json!("2024-06-01T00:00:00Z");
    older["provenance"]["verified_by"] = json!("tester");
    let mut old = record("st-old", "Stale old", 2_000.0, json!({}));
    old["provenance"]["verified_at"] = json!("2025-01-01T00:00:00Z");
    old["provenance"]["verified_by"] = json!("tester");
    let mut fresh = record("st-fresh", "Fresh one", 3_000.0, json!({}));
    fresh["provenance"]["verified_at"] = json!(Utc::now() - Duration::days(3));
    fresh["provenance"]["verified_by"] = json!("tester");
    let mut groningen = record("st-gron", "Stale Groningen", 0.0, json!({}));
    groningen["location"] =
        json!({"kind": "place", "municipality": "Groningen", "lat": 53.2194, "lon": 6.5665});
    std::fs::write(&file, jsonl(&[never, older, old, fresh, groningen])).unwrap();
    wegwijs(&data).arg("import").arg(&file).assert().success();

    let out = wegwijs(&data)
        .args(["stale", "--region", "Utrecht", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.starts_with("id,name,municipality,verified_at,"),
        "{csv}"
    );
    let ours: Vec<&str> = csv
        .lines()
        .filter(|l| l.starts_with("st-"))
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ours, ["st-never", "st-older", "st-old"], "{csv}");
    assert!(csv.contains("st-never,'=Stale never,Utrecht,,"), "{csv}");
    assert!(csv.contains("\r\n"));

    let out = wegwijs(&data)
        .args(["--lang", "uk", "stale", "--format", "table"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("st-gron") && table.contains("ніколи"),
        "{table}"
    );
    assert!(!table.contains("st-fresh"));
    let at = |id: &str| table.find(id).unwrap();
    assert!(at("st-never") < at("st-older") && at("st-older") < at("st-old "));
    let out = wegwijs(&data)
        .args(["stale", "--days", "10000"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        !table.contains("st-old ") && table.contains("st-never"),
        "{table}"
    );
}

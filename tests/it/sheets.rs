//! Spreadsheets and exports end to end: the messy fixtures of
//! `tests/data/sheets/` read exactly as documented, dry runs store nothing,
//! and CSV, GeoJSON and JSON Lines exports read back.

use chrono::Utc;
use serde_json::Value;
use wegwijs::export::{write_csv, write_geojson, write_jsonl};
use wegwijs::gazetteer::Gazetteer;
use wegwijs::model::{CostKind, Location, Resource};
use wegwijs::spreadsheet::{parse_csv, ProblemKind, SheetParse};
use wegwijs::taxonomy::Taxonomy;

use crate::common::{engine, fixture, wegwijs};

fn parse(name: &str) -> SheetParse {
    let bytes = std::fs::read(fixture(&format!("sheets/{name}"))).unwrap();
    parse_csv(
        &bytes,
        Taxonomy::embedded(),
        Gazetteer::embedded(),
        Utc::now(),
    )
}

/// (row, column, kind) of every problem.
fn problems(p: &SheetParse) -> Vec<(usize, String, ProblemKind)> {
    p.problems
        .iter()
        .map(|p| (p.row, p.column.clone(), p.kind))
        .collect()
}

fn row(p: &SheetParse, n: usize) -> &Resource {
    &p.rows.iter().find(|(r, _)| *r == n).unwrap().1
}

#[test]
fn dutch_excel_file_with_bom_semicolons_crlf_and_mess() {
    let p = parse("messy-nl.csv");
    let rows: Vec<usize> = p.rows.iter().map(|(r, _)| *r).collect();
    // Rows 3 (empty) and 4 (only a first cell) are skipped; 6 has a formula;
    // 8 says nowhere where the service is.
    assert_eq!(rows, vec![2, 5, 7], "{:#?}", p.problems);
    assert_eq!(
        problems(&p),
        vec![
            (6, "naam".to_string(), ProblemKind::Formula),
            (8, "plaats".to_string(), ProblemKind::Location),
        ]
    );
    assert!(p.problems[0].hint.contains("paste special"));

    let cafe = row(&p, 2);
    assert_eq!(cafe.name, "Taalcafé voor Oekraïners");
    assert_eq!(cafe.categories, vec!["language.dutch_lessons"]);
    assert_eq!(cafe.languages, vec!["uk", "nl"]);
    assert!(cafe.is_free());
    assert_eq!(cafe.contact.phone.as_deref(), Some("+31 30 000 0000"));
    assert_eq!(
        cafe.description.uk.as_deref(),
        Some("Розмовний клуб нідерландської мови")
    );
    assert!(cafe.provenance.verified_at.is_some());
    match &cafe.location {
        Location::Place {
            municipality,
            approximate,
            lat,
            ..
        } => {
            assert_eq!(municipality, "Utrecht");
            assert!(*approximate, "geocoded from the place name");
            assert!((lat - 52.09).abs() < 0.01);
        }
        other => panic!("{other:?}"),
    }
    assert!(cafe
        .id
        .as_str()
        .starts_with("sheet-taalcafe-voor-oekrainers-utrecht-"));

    let psy = row(&p, 5);
    assert_eq!(psy.categories, vec!["health.mental_support"]);
    assert_eq!(psy.languages, vec!["uk", "ru"]);
    let cost = psy.cost.as_ref().unwrap();
    assert_eq!((cost.kind, cost.amount), (CostKind::Paid, Some(12.5)));
    match &psy.location {
        Location::Place {
            municipality,
            approximate,
            lat,
            lon,
            ..
        } => {
            assert_eq!(municipality, "Den Haag");
            assert!(!approximate);
            assert_eq!((*lat, *lon), (52.0705, 4.3007));
        }
        other => panic!("{other:?}"),
    }

    let sport = row(&p, 7);
    assert_eq!(
        sport.categories,
        vec!["leisure.sports_club", "work.childcare"]
    );
    assert_eq!(
        sport.description.nl.as_deref(),
        Some("Eerste regel\r\ntweede regel")
    );
    assert_eq!(sport.cost.as_ref().unwrap().kind, CostKind::Reduced);
}

#[test]
fn english_headers_with_commas() {
    let p = parse("english-comma.csv");
    assert!(p.problems.is_empty(), "{:#?}", p.problems);
    let dutch = row(&p, 2);
    assert_eq!(dutch.id.as_str(), "en-dutch-1");
    assert_eq!(dutch.eligibility.min_age, Some(16));
    assert_eq!(dutch.eligibility.legal_statuses.len(), 2);
    assert_eq!(dutch.location.point(), Some((52.3728, 4.8936)));
    let online = row(&p, 3);
    assert_eq!(online.location, Location::Online);
    assert!(online.is_remote());
    assert_eq!(online.status, wegwijs::model::PublicationStatus::Draft);
}

#[test]
fn every_kind_of_problem_is_named_by_row_column_and_hint() {
    let p = parse("problems.csv");
    let expected = vec![
        (1, "kleur", ProblemKind::UnknownColumn),
        (3, "categorieen", ProblemKind::Category),
        (4, "plaats", ProblemKind::Place),
        (5, "lengtegraad", ProblemKind::Number),
        (6, "tolk", ProblemKind::YesNo),
        (7, "talen", ProblemKind::Language),
        (8, "kosten", ProblemKind::Cost),
        (9, "beschikbaarheid", ProblemKind::Availability),
        (10, "gecontroleerd_op", ProblemKind::Date),
        (11, "status", ProblemKind::Status),
        (12, "email", ProblemKind::Invalid),
        (13, "naam", ProblemKind::Required),
        (14, "id", ProblemKind::DuplicateId),
        (15, "plaats", ProblemKind::Location),
        (16, "verblijfsstatus", ProblemKind::LegalStatus),
        (17, "werkgebied", ProblemKind::ServiceArea),
        (18, "categorieen", ProblemKind::Formula),
        (19, "breedtegraad", ProblemKind::Invalid),
    ];
    let expected: Vec<(usize, String, ProblemKind)> = expected
        .into_iter()
        .map(|(r, c, k)| (r, c.to_string(), k))
        .collect();
    assert_eq!(problems(&p), expected, "{:#?}", p.problems);
    assert_eq!(p.rows.len(), 1);
    assert_eq!(p.rejected_rows(), 17);
    for problem in &p.problems {
        assert!(!problem.hint.is_empty() && !problem.message.is_empty());
    }
    assert!(p.problems[2].message.contains("Atlantis"));
    assert!(p.problems[12].message.contains("row 2"));
}

fn dry_run(dry_run: bool) -> wegwijs::engine::ImportOptions {
    wegwijs::engine::ImportOptions {
        dry_run,
        allow_duplicates: false,
    }
}

#[test]
fn dry_run_stores_nothing_and_a_real_import_stores_the_valid_rows() {
    let (_dir, engine) = engine();
    let before = engine.len();
    let file = || std::fs::File::open(fixture("sheets/messy-nl.csv")).unwrap();
    let report = engine.import_sheet(file(), dry_run(true), &|_| {}).unwrap();
    assert_eq!(
        (report.valid, report.imported, report.rejected_rows),
        (3, 0, 2)
    );
    assert_eq!(engine.len(), before);
    let report = engine
        .import_sheet(file(), dry_run(false), &|_| {})
        .unwrap();
    assert_eq!(
        (report.valid, report.imported, report.rejected_rows),
        (3, 3, 2)
    );
    assert_eq!(engine.len(), before + 3);
    // The same sheet again replaces the same records: ids are stable.
    engine
        .import_sheet(file(), dry_run(false), &|_| {})
        .unwrap();
    assert_eq!(engine.len(), before + 3);
}

#[test]
fn cli_dry_run_lists_problems_in_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let out = wegwijs(dir.path())
        .args(["--lang", "nl", "import", "--dry-run"])
        .arg(fixture("sheets/problems.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("rij 4, kolom plaats"), "{stderr}");
    assert!(stderr.contains("tip: controleer de spelling"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("proefrun"));
    let stats = wegwijs(dir.path())
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let stats: Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(stats["resources"], 21, "{stats}");

    wegwijs(dir.path())
        .args(["import", "--format", "csv"])
        .arg(fixture("sheets/english-comma.csv"))
        .assert()
        .success();
    let out = wegwijs(dir.path())
        .args(["export", "--format", "hsds"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hsds: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(hsds.as_array().unwrap().len() > 21);
}

/// The fields the template carries; provenance times are not among them.
fn carried(r: &Resource) -> Resource {
    let mut r = r.clone();
    r.provenance.created_at = chrono::DateTime::UNIX_EPOCH;
    r.provenance.updated_at = chrono::DateTime::UNIX_EPOCH;
    if let Some(a) = &mut r.availability {
        a.stated_at = r.provenance.verified_at;
    }
    r
}

#[test]
fn csv_export_reads_back_and_neutralises_formulas() {
    let (_dir, engine) = engine();
    let mut resources: Vec<Resource> = engine.resources().map(Result::unwrap).collect();
    resources.extend(parse("messy-nl.csv").rows.into_iter().map(|(_, r)| r));
    resources.extend(parse("english-comma.csv").rows.into_iter().map(|(_, r)| r));
    resources[0].name = "=cmd|' /C calc'!A0".to_string();
    resources[1].contact.phone = Some("+31 6 0000 0000".to_string());
    let mut out = Vec::new();
    let mut seen = 0;
    let n = write_csv(resources.clone(), &mut out, &mut |k| seen = k).unwrap();
    assert_eq!((n, seen), (resources.len() as u64, resources.len() as u64));
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(text.contains(";'=cmd|"), "formula not neutralised");
    assert!(!text.contains(";=cmd"));
    assert!(text.contains(";'+31 6 0000 0000;"));

    let back = parse_csv(
        &out,
        Taxonomy::embedded(),
        Gazetteer::embedded(),
        Utc::now(),
    );
    assert!(back.problems.is_empty(), "{:#?}", back.problems);
    assert_eq!(back.rows.len(), resources.len());
    for (original, (_, read)) in resources.iter().zip(&back.rows) {
        assert_eq!(carried(read), carried(original), "{}", original.id);
    }
}

#[test]
fn geojson_is_a_feature_collection_with_lon_lat_points() {
    let (_dir, engine) = engine();
    let mut resources: Vec<Resource> = engine.resources().map(Result::unwrap).collect();
    resources.extend(parse("messy-nl.csv").rows.into_iter().map(|(_, r)| r));
    let with_point = resources
        .iter()
        .filter(|r| r.location.point().is_some())
        .count();
    let mut out = Vec::new();
    let summary = write_geojson(resources.clone(), &mut out, &mut |_| {}).unwrap();
    assert_eq!(summary.features as usize, with_point);
    assert_eq!(
        (summary.features + summary.skipped_online) as usize,
        resources.len()
    );
    let doc: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["type"], "FeatureCollection");
    let features = doc["features"].as_array().unwrap();
    assert_eq!(features.len(), with_point);
    let psy = features
        .iter()
        .find(|f| f["properties"]["name"] == "Психологічна підтримка")
        .unwrap();
    assert_eq!(psy["type"], "Feature");
    assert_eq!(psy["geometry"]["type"], "Point");
    assert_eq!(psy["geometry"]["coordinates"][0], 4.3007);
    assert_eq!(psy["geometry"]["coordinates"][1], 52.0705);
    assert_eq!(psy["properties"]["municipality"], "Den Haag");
    assert_eq!(psy["properties"]["approximate"], false);
    for f in features {
        assert!(f["properties"]
            .as_object()
            .unwrap()
            .values()
            .all(|v| !v.is_array() && !v.is_object()));
    }
}

#[test]
fn jsonl_export_imports_identically() {
    let (_dir, engine) = engine();
    let resources: Vec<Resource> = engine.resources().map(Result::unwrap).collect();
    let mut out = Vec::new();
    write_jsonl(resources.clone(), &mut out, &mut |_| {}).unwrap();
    let (back, bad) = wegwijs::engine::parse_records(&out);
    assert!(bad.is_empty());
    let back: Vec<Resource> = back.into_iter().map(|(_, r)| r).collect();
    assert_eq!(back, resources);
}

#[test]
fn cli_export_formats_round_trip_through_import() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let files = tempfile::tempdir().unwrap();
    for (format, name) in [
        ("csv", "all.csv"),
        ("jsonl", "all.jsonl"),
        ("geojson", "all.geojson"),
    ] {
        let path = files.path().join(name);
        wegwijs(d)
            .args(["export", "--format", format, "-o"])
            .arg(&path)
            .assert()
            .success();
        assert!(path.is_file());
    }
    let other = tempfile::tempdir().unwrap();
    for name in ["all.csv", "all.jsonl"] {
        wegwijs(other.path())
            .arg("import")
            .arg(files.path().join(name))
            .assert()
            .success();
    }
}

#[test]
fn the_template_reads_without_problems_and_its_example_is_a_draft() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed-data/spreadsheet-template.csv");
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbf"));
    let p = parse_csv(
        &bytes,
        Taxonomy::embedded(),
        Gazetteer::embedded(),
        Utc::now(),
    );
    assert!(p.problems.is_empty(), "{:#?}", p.problems);
    assert_eq!(p.rows.len(), 1);
    let example = &p.rows[0].1;
    assert!(example.name.contains("VOORBEELD"));
    assert_eq!(example.status, wegwijs::model::PublicationStatus::Draft);
    assert_eq!(
        example.categories,
        vec!["language.dutch_lessons", "language.conversation_practice"]
    );
}

#[test]
fn a_row_that_twins_a_stored_resource_is_a_problem_unless_allowed() {
    let (dir, engine) = engine();
    let first = engine
        .import_sheet(
            std::fs::File::open(fixture("sheets/english-comma.csv")).unwrap(),
            dry_run(false),
            &|_| {},
        )
        .unwrap();
    assert!(first.imported > 0);
    // The same service under a new id: same name at the same point, same website.
    let text = std::fs::read_to_string(fixture("sheets/english-comma.csv"))
        .unwrap()
        .replace("en-dutch-1,", "en-dutch-twin,");
    let twin = dir.path().join("twin.csv");
    std::fs::write(&twin, text).unwrap();
    let report = engine
        .import_sheet(std::fs::File::open(&twin).unwrap(), dry_run(true), &|_| {})
        .unwrap();
    let problems: Vec<_> = report
        .problems
        .iter()
        .filter(|p| p.kind == wegwijs::spreadsheet::ProblemKind::LikelyDuplicate)
        .collect();
    assert!(!problems.is_empty(), "{:?}", report.problems);
    assert!(problems
        .iter()
        .all(|p| p.row == 2 && p.message.contains("en-dutch-1")));
    let allowed = engine
        .import_sheet(
            std::fs::File::open(&twin).unwrap(),
            wegwijs::engine::ImportOptions {
                dry_run: true,
                allow_duplicates: true,
            },
            &|_| {},
        )
        .unwrap();
    assert!(allowed
        .problems
        .iter()
        .all(|p| p.kind != wegwijs::spreadsheet::ProblemKind::LikelyDuplicate));
}

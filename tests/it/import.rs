//! Import of bad input: every error with its line and field, valid records
//! stored, nothing half-written, non-zero exit.

use wegwijs::engine::{EngineError, ImportOptions};
use wegwijs::model::ResourceId;

use crate::common::{engine, wegwijs};

fn record(id: &str, name: &str, extra: &str) -> String {
    format!(
        r#"{{"id":"{id}","name":"{name}","description":{{"en":"test record"}},"organization":{{"name":"Test org"}},"categories":["rights.legal_aid"],"location":{{"kind":"place","municipality":"Utrecht","lat":52.09,"lon":5.12}},"provenance":{{"source":"test","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}},"status":"published","synthetic":true{extra}}}"#
    )
}

fn bad_file() -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = vec![
        record("good-1", "Importprobe one", "").into_bytes(),
        br#"{"id": "broken", "name": "#.to_vec(),
        record("wrong-type", "Typed", r#","eligibility":{"min_age":"ten"}"#).into_bytes(),
        record("far-away", "Far", "")
            .replace("\"lat\":52.09", "\"lat\":95.0")
            .into_bytes(),
        record("unknown-cat", "Cat", "")
            .replace("rights.legal_aid", "rights.nonsense")
            .into_bytes(),
        record("empty-name", "", "").into_bytes(),
        b"{\"id\": \"bad-utf8\", \"name\": \"\xff\xfe\"}".to_vec(),
        record("good-2", "Importprobe two", "").into_bytes(),
    ];
    lines.push(Vec::new());
    lines.join(&b'\n')
}

#[test]
fn every_bad_record_is_reported_and_the_good_ones_land() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.jsonl");
    std::fs::write(&file, bad_file()).unwrap();
    let data = dir.path().join("data");

    let dry = wegwijs(&data)
        .arg("import")
        .arg(&file)
        .arg("--dry-run")
        .output()
        .unwrap();
    assert_eq!(dry.status.code(), Some(1));
    let out = wegwijs(&data)
        .args(["search", "--status", "any", "Importprobe", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], 0, "a dry run stores nothing");

    let out = wegwijs(&data).arg("import").arg(&file).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "rejections give a non-zero exit"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    for expected in [
        ":line 2: name: not valid JSON",
        ":line 3: eligibility.min_age:",
        ":line 4: location.lat: must be between -90 and 90",
        ":line 5: categories[0]: unknown category 'rights.nonsense'",
        ":line 6: name: must not be empty",
        ":line 7: record: not valid UTF-8",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(
        !err.contains("line 1:") && !err.contains("line 8:"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported 2/8"));

    let out = wegwijs(&data)
        .args(["search", "Importprobe", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut ids: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["resource"]["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, ["good-1", "good-2"]);
}

#[test]
fn a_json_array_reports_lines_of_its_elements() {
    let (_dir, engine) = engine();
    let text = format!(
        "[\n{},\n{}\n]",
        record("arr-1", "A", ""),
        record("arr-2", "", "")
    );
    let report = engine.import(text.as_bytes(), false, &|_, _| {}).unwrap();
    assert_eq!(report.imported, 1);
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].line, 3);
    assert_eq!(report.rejected[0].errors[0].field, "name");
    let admin = wegwijs::model::Principal {
        name: "admin".into(),
        role: wegwijs::model::Role::Admin,
        regions: vec![],
    };
    let audit = engine.audit(10, None, &admin).unwrap();
    assert_eq!(audit.len(), 1, "one audit record per imported resource");
    assert_eq!(
        (audit[0].action.as_str(), audit[0].actor.as_str()),
        ("import", "cli import")
    );
    assert_eq!(audit[0].resource_id.as_deref(), Some("arr-1"));
    // A creation lists no fields: its first version is the stored record.
    assert!(audit[0].changes.is_empty(), "{:?}", audit[0].changes);

    // Importing a changed version records the values it replaced.
    let again = format!("[\n{}\n]", record("arr-1", "B", ""));
    let report = engine.import(again.as_bytes(), false, &|_, _| {}).unwrap();
    assert_eq!(report.imported, 1);
    let audit = engine.audit(10, None, &admin).unwrap();
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[0].resource_id.as_deref(), Some("arr-1"));
    assert!(
        audit[0]
            .changes
            .iter()
            .any(|c| c.field == "name" && c.before == "A" && c.after == "B"),
        "{:?}",
        audit[0].changes
    );
}

#[test]
fn a_batch_with_one_invalid_record_stores_nothing() {
    let (_dir, engine) = engine();
    let good: wegwijs::model::Resource =
        serde_json::from_str(&record("batch-good", "Fine", "")).unwrap();
    let mut bad = good.clone();
    bad.id = ResourceId("batch-bad".into());
    bad.name.clear();
    let before = engine.stats().unwrap().resources;
    assert!(engine.put_all(&[good, bad]).is_err());
    assert_eq!(engine.stats().unwrap().resources, before);
    assert!(engine.get("batch-good").is_err());
}

#[test]
fn validation_reports_every_problem_at_once() {
    let mut r: wegwijs::model::Resource = serde_json::from_str(&record("x", "", "")).unwrap();
    r.location = wegwijs::model::Location::Place {
        address: None,
        municipality: "U".into(),
        lat: 91.0,
        lon: 200.0,
        approximate: false,
    };
    r.languages = vec!["ukr".into()];
    r.organization.name = "Evil\u{202E}gnp.exe".into();
    let errors = r.validate(|_| false).unwrap_err().0;
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    for f in [
        "name",
        "categories[0]",
        "location.lat",
        "organization.name",
        "location.lon",
        "languages[0]",
    ] {
        assert!(fields.contains(&f), "{f} not in {fields:?}");
    }
}

/// More records than the admitting thread sends at a time (256), with bad
/// lines among them: every good one lands, and the bad ones are reported
/// with their lines, in order.
#[test]
fn a_long_stream_lands_whole_and_reports_its_lines_in_order() {
    let (_dir, engine) = engine();
    let before = engine.len();
    let mut text = String::new();
    for i in 1..=700 {
        if i % 100 == 50 {
            text.push_str("{broken\n");
        } else {
            text.push_str(&record(
                &format!("stream-{i}"),
                &format!("Streamprobe {i}"),
                "",
            ));
            text.push('\n');
        }
    }
    let options = ImportOptions {
        allow_duplicates: true,
        ..ImportOptions::default()
    };
    let report = engine
        .import_lines(text.as_bytes(), options, &|_, _| {})
        .unwrap();
    assert_eq!(report.records, 700);
    let lines: Vec<usize> = report.rejected.iter().map(|e| e.line).collect();
    assert_eq!(lines, [50, 150, 250, 350, 450, 550, 650]);
    assert_eq!((report.valid, report.imported), (693, 693));
    assert_eq!(engine.len(), before + 693);
    assert!(engine.get("stream-700").is_ok());
    assert!(engine.get("stream-50").is_err());
}

/// A read that fails midway ends the import with that error, and the
/// engine goes on importing.
#[test]
fn a_read_error_midway_is_reported() {
    struct Failing(std::io::Cursor<Vec<u8>>);
    impl std::io::Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(std::io::Error::other("the disk went away")),
                n => Ok(n),
            }
        }
    }
    let (_dir, engine) = engine();
    let text: String = (1..=300)
        .map(|i| record(&format!("cut-{i}"), &format!("Cutprobe {i}"), "") + "\n")
        .collect();
    let input = std::io::BufReader::new(Failing(std::io::Cursor::new(text.into_bytes())));
    let options = ImportOptions {
        allow_duplicates: true,
        ..ImportOptions::default()
    };
    let err = engine.import_lines(input, options, &|_, _| {}).unwrap_err();
    assert!(matches!(err, EngineError::Io { .. }), "{err}");
    assert!(err.to_string().contains("import input"), "{err}");
    // The records read were fewer than a stored chunk (BULK_CHUNK): none
    // was stored, and the next import stores as usual.
    assert!(engine.get("cut-1").is_err());
    let again = record("cut-again", "Cutprobe again", "") + "\n";
    let report = engine
        .import_lines(again.as_bytes(), options, &|_, _| {})
        .unwrap();
    assert_eq!(report.imported, 1);
    assert!(engine.get("cut-again").is_ok());
}

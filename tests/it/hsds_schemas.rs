//! HSDS exports against the official compiled schemas beyond `service.json`:
//! the `service_at_location` form, and the tabular data package read back
//! into `tabular.json`'s shape (table name → rows, cells typed by the
//! schema), with its `datapackage.json` naming only official tables.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Map, Value};
use wegwijs::gazetteer::Gazetteer;
use wegwijs::hsds::{self, TermMapping};
use wegwijs::model::Resource;
use wegwijs::seed::{self, SyntheticOptions};
use wegwijs::taxonomy::Taxonomy;

fn schema_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/hsds/schema")
        .join(name)
}

fn schema(name: &str) -> Value {
    let mut schema: Value =
        serde_json::from_slice(&std::fs::read(schema_path(name)).unwrap()).unwrap();
    if name == "tabular.json" {
        // Its array-typed properties are the nested relations of the JSON
        // forms, given by `$ref` to files beside it; a CSV table has no such
        // column (`typed` refuses one), so they are dropped here.
        for table in schema["properties"].as_object_mut().unwrap().values_mut() {
            let properties = table["items"]["properties"].as_object_mut().unwrap();
            properties.retain(|_, p| p["type"] != "array");
        }
    }
    schema
}

fn validator(name: &'static str) -> &'static jsonschema::Validator {
    static CACHE: OnceLock<
        std::sync::Mutex<HashMap<&'static str, &'static jsonschema::Validator>>,
    > = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    cache.entry(name).or_insert_with(|| {
        let v = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema(name))
            .unwrap();
        Box::leak(Box::new(v))
    })
}

fn errors(schema: &'static str, value: &Value) -> Vec<String> {
    validator(schema)
        .iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

fn taxonomy() -> &'static Taxonomy {
    Taxonomy::embedded()
}

fn records() -> Vec<Resource> {
    let mut all = seed::real_resources().unwrap();
    all.extend(seed::synthetic_resources(
        SyntheticOptions {
            count: 80,
            seed: 11,
        },
        taxonomy(),
        Gazetteer::embedded(),
    ));
    all
}

#[test]
fn every_service_at_location_export_validates() {
    for r in records() {
        let sal = hsds::service_at_location(&r, taxonomy());
        let found = errors("service_at_location.json", &sal);
        assert!(found.is_empty(), "{}: {found:#?}", r.id.as_str());
        assert_eq!(
            sal["service"]["id"].as_str(),
            Some(hsds::hsds_id("service", r.id.as_str()).as_str())
        );
    }
}

#[test]
fn the_service_at_location_validator_rejects_a_broken_one() {
    let r = &seed::real_resources().unwrap()[0];
    let mut sal = hsds::service_at_location(r, taxonomy());
    assert!(errors("service_at_location.json", &sal).is_empty());
    sal["location"]["location_type"] = Value::String("castle".into());
    sal["service"]["status"] = Value::String("open".into());
    assert!(errors("service_at_location.json", &sal).len() >= 2);
}

#[test]
fn service_at_locations_stream_and_read_back_unchanged() {
    let resources = records();
    let mut out = Vec::new();
    hsds::write_service_at_locations(resources.clone().into_iter(), taxonomy(), &mut out).unwrap();
    let (back, rejected) = hsds::parse_json(&out, taxonomy(), TermMapping::embedded());
    assert!(rejected.is_empty(), "{rejected:?}");
    let back: Vec<Resource> = back.into_iter().map(|(_, r)| r).collect();
    assert_eq!(back, resources);
}

/// The official examples, imported and re-exported as service at location.
#[test]
fn official_examples_reexport_as_valid_service_at_locations() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hsds/examples");
    for name in ["service_full.json", "service_at_location_full.json"] {
        let bytes = std::fs::read(examples.join(name)).unwrap();
        let (resources, rejected) = hsds::parse_json(&bytes, taxonomy(), TermMapping::embedded());
        assert!(rejected.is_empty(), "{name}: {rejected:?}");
        assert!(!resources.is_empty());
        for (_, r) in resources {
            let found = errors(
                "service_at_location.json",
                &hsds::service_at_location(&r, taxonomy()),
            );
            assert!(found.is_empty(), "{name}: {found:#?}");
        }
    }
}

/// A CSV cell as the tabular schema types it; `Err` when it can't be.
fn typed(cell: &str, property: &Value) -> Result<Value, String> {
    match property["type"].as_str() {
        Some("string") => Ok(Value::String(cell.to_string())),
        Some("number") => cell
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("{cell:?} is not a number")),
        other => Err(format!("a column of type {other:?} has no CSV form")),
    }
}

/// Reads a written package back into `tabular.json`'s shape. Every file of
/// `datapackage.json` must be an official table, at its official path, and
/// every column one of that table's fields.
fn package_as_tabular(dir: &Path) -> Result<Value, Vec<String>> {
    let tabular = schema("tabular.json");
    let tables = tabular["properties"].as_object().unwrap();
    let by_path: HashMap<&str, (&String, &Value)> = tables
        .iter()
        .map(|(name, t)| (t["items"]["path"].as_str().unwrap(), (name, &t["items"])))
        .collect();
    let package: Value =
        serde_json::from_slice(&std::fs::read(dir.join("datapackage.json")).unwrap()).unwrap();
    let mut problems = Vec::new();
    let mut out = Map::new();
    for resource in package["resources"].as_array().unwrap() {
        let path = resource["path"].as_str().unwrap_or_default();
        let Some((table, items)) = by_path.get(path) else {
            problems.push(format!("{path}: not a table of HSDS"));
            continue;
        };
        if resource["format"] != "csv" || resource["profile"] != "tabular-data-resource" {
            problems.push(format!("{path}: not described as a CSV tabular resource"));
        }
        let mut reader = csv::Reader::from_path(dir.join(path)).unwrap();
        let headers = reader.headers().unwrap().clone();
        let properties = items["properties"].as_object().unwrap();
        let required: Vec<&str> = items["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for h in &headers {
            if !properties.contains_key(h) {
                problems.push(format!("{path}: column {h} is not a field of {table}"));
            }
        }
        let mut rows = Vec::new();
        for (i, row) in reader.records().enumerate() {
            let row = row.unwrap();
            let mut object = Map::new();
            for (h, cell) in headers.iter().zip(row.iter()) {
                // CSV can't tell an empty text from a missing one: an empty
                // cell is the empty text where the field is required, and
                // absent elsewhere.
                if cell.is_empty() && !required.contains(&h) {
                    continue;
                }
                let Some(property) = properties.get(h) else {
                    continue;
                };
                match typed(cell, property) {
                    Ok(v) => {
                        object.insert(h.to_string(), v);
                    }
                    Err(e) => problems.push(format!("{path} row {}: {h}: {e}", i + 2)),
                }
            }
            rows.push(Value::Object(object));
        }
        out.insert(table.to_string(), Value::Array(rows));
    }
    if problems.is_empty() {
        Ok(Value::Object(out))
    } else {
        Err(problems)
    }
}

#[test]
fn the_tabular_package_validates_against_tabular_json() {
    let resources = records();
    let dir = tempfile::tempdir().unwrap();
    hsds::write_package(resources.into_iter(), taxonomy(), dir.path()).unwrap();
    let tabular = package_as_tabular(dir.path()).unwrap_or_else(|p| panic!("{p:#?}"));
    assert!(!tabular["service"].as_array().unwrap().is_empty());
    assert!(!tabular["attribute"].as_array().unwrap().is_empty());
    let found = errors("tabular.json", &tabular);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_tabular_check_catches_a_broken_package() {
    let dir = tempfile::tempdir().unwrap();
    hsds::write_package(
        seed::real_resources().unwrap().into_iter(),
        taxonomy(),
        dir.path(),
    )
    .unwrap();
    // A wrong id in services.csv: the schema wants a UUID.
    let services = dir.path().join("services.csv");
    let text = std::fs::read_to_string(&services).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let id_column = lines[0].split(',').position(|h| h == "id").unwrap();
    assert_eq!(id_column, 0, "the id leads the row");
    let rest = lines[1].split_once(',').unwrap().1.to_string();
    lines[1] = format!("not-a-uuid,{rest}");
    std::fs::write(&services, lines.join("\n") + "\n").unwrap();
    let tabular = package_as_tabular(dir.path()).unwrap();
    assert!(!errors("tabular.json", &tabular).is_empty());
}

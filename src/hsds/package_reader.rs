//! Reading an HSDS tabular data package: the CSV tables joined by their ids
//! into services, read as the JSON forms are.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::Utc;
use serde_json::{Map, Value};

use super::import::Parsed;
use super::mapping::TermMapping;
use super::package::{io, PackageError, TABLES};
use super::reader::{resources, Context};
use crate::engine::RecordError;
use crate::taxonomy::Taxonomy;

/// One table: its rows as JSON objects of text, empty cells left out.
pub(crate) type Rows = Vec<Value>;

fn read_table(path: &Path) -> Result<Rows, PackageError> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let csv_error = |e: csv::Error| PackageError::Csv {
        path: path.to_path_buf(),
        message: e.to_string().to_lowercase(),
    };
    let mut reader = csv::Reader::from_path(path).map_err(csv_error)?;
    let headers = reader.headers().map_err(csv_error)?.clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let mut row = Map::new();
        for (header, value) in headers.iter().zip(record.iter()) {
            if !value.trim().is_empty() {
                row.insert(header.trim().to_string(), Value::String(value.to_string()));
            }
        }
        rows.push(Value::Object(row));
    }
    Ok(rows)
}

/// Rows of `rows` by the value of `column`.
fn index<'a>(rows: &'a [Value], column: &str) -> HashMap<String, Vec<&'a Value>> {
    let mut map: HashMap<String, Vec<&Value>> = HashMap::new();
    for row in rows {
        if let Some(key) = row.get(column).and_then(Value::as_str) {
            map.entry(key.to_string()).or_default().push(row);
        }
    }
    map
}

fn many(map: &HashMap<String, Vec<&Value>>, key: &str) -> Value {
    Value::Array(
        map.get(key)
            .into_iter()
            .flatten()
            .map(|v| (*v).clone())
            .collect(),
    )
}

/// The CSV files of a package: from `datapackage.json` when it lists them,
/// else the standard names (`services.csv`, …) in its folder.
fn table_paths(path: &Path) -> Result<HashMap<String, PathBuf>, PackageError> {
    let dir = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let mut paths: HashMap<String, PathBuf> = TABLES
        .iter()
        .map(|(t, _)| (t.to_string(), dir.join(format!("{t}.csv"))))
        .collect();
    let descriptor = dir.join("datapackage.json");
    if descriptor.is_file() {
        let text = std::fs::read(&descriptor).map_err(io(&descriptor))?;
        // Some packages ship a descriptor that is not JSON (a pointer to a
        // shared one); the standard file names are used then.
        if let Ok(package) = serde_json::from_slice::<Value>(&text) {
            for r in package["resources"].as_array().into_iter().flatten() {
                if let (Some(name), Some(file)) = (r["name"].as_str(), r["path"].as_str()) {
                    let name = name.trim_end_matches(".csv").to_string();
                    paths.insert(name, dir.join(file));
                }
            }
        }
    }
    Ok(paths)
}

/// Reads an HSDS tabular data package (its folder, or its
/// `datapackage.json`) into resources, joining the tables by their ids into
/// services and reading those as [`super::parse_json`] does.
///
/// Each resource comes with the 0-based row index of its service in
/// `services.csv`; an unreadable service gives a [`RecordError`] with that
/// index and fields such as `services[3].minimum_age`. Missing tables are
/// taken as empty; a file that cannot be read is a [`PackageError`].
pub fn read_package(
    path: &Path,
    taxonomy: &Taxonomy,
    mapping: &TermMapping,
) -> Result<Parsed, PackageError> {
    let paths = table_paths(path)?;
    let mut tables = HashMap::new();
    for (name, _) in TABLES {
        if let Some(p) = paths.get(name) {
            tables.insert(name.to_string(), read_table(p)?);
        }
    }
    let cx = Context {
        taxonomy,
        mapping,
        now: Utc::now(),
    };
    Ok(join_tables(&tables, &cx))
}

/// Joins the tables of a package (by table name, without `.csv`) into
/// services and reads them; see [`read_package`].
pub(crate) fn join_tables(tables: &HashMap<String, Rows>, cx: &Context) -> Parsed {
    let empty = Vec::new();
    let load = |name: &str| tables.get(name).unwrap_or(&empty);
    let services = load("services");
    let organizations = load("organizations");
    let sals = load("service_at_location");
    let locations = load("locations");
    let addresses = load("addresses");
    let accessibility = load("accessibility");
    let phones = load("phones");
    let languages = load("languages");
    let schedules = load("schedules");
    let areas = load("service_areas");
    let costs = load("cost_options");
    let attributes = load("attributes");
    let term_rows = load("taxonomy_terms");
    let taxonomies = load("taxonomies");
    let metadata = load("metadata");

    let organizations = index(organizations, "id");
    let locations = index(locations, "id");
    let terms_by_id = index(term_rows, "id");
    let taxonomies = index(taxonomies, "id");
    let by_service = |rows| index(rows, "service_id");
    let (phones_s, languages_s, areas_s, costs_s, sals_s) = (
        by_service(phones),
        by_service(languages),
        by_service(areas),
        by_service(costs),
        by_service(sals),
    );
    let schedules_sal = index(schedules, "service_at_location_id");
    let schedules_s: HashMap<String, Vec<&Value>> = {
        let mut map: HashMap<String, Vec<&Value>> = HashMap::new();
        for row in schedules {
            if row.get("service_at_location_id").is_none() {
                if let Some(k) = row.get("service_id").and_then(Value::as_str) {
                    map.entry(k.to_string()).or_default().push(row);
                }
            }
        }
        map
    };
    let attributes_by_link = index(attributes, "link_id");
    let metadata_by_resource = index(metadata, "resource_id");
    let addresses_l = index(addresses, "location_id");
    let accessibility_l = index(accessibility, "location_id");
    let phones_l = index(phones, "location_id");

    let mut ok = Vec::new();
    let mut failed = Vec::new();
    for (i, row) in services.iter().enumerate() {
        let id = row.get("id").and_then(Value::as_str).unwrap_or_default();
        let mut s = row.clone();
        if let Some(org_id) = row.get("organization_id").and_then(Value::as_str) {
            if let Some(org) = organizations.get(org_id).and_then(|v| v.first()) {
                s["organization"] = (*org).clone();
            }
        }
        s["phones"] = many(&phones_s, id);
        s["languages"] = many(&languages_s, id);
        s["schedules"] = many(&schedules_s, id);
        s["service_areas"] = many(&areas_s, id);
        s["cost_options"] = many(&costs_s, id);
        s["metadata"] = many(&metadata_by_resource, id);
        let mut linked = Vec::new();
        for attribute in attributes_by_link.get(id).into_iter().flatten() {
            let mut attribute = (*attribute).clone();
            let term_id = attribute
                .get("taxonomy_term_id")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if let Some(term) = terms_by_id.get(term_id).and_then(|v| v.first()) {
                let mut term = (*term).clone();
                let taxonomy_id = term
                    .get("taxonomy_id")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if let Some(detail) = taxonomies.get(taxonomy_id).and_then(|v| v.first()) {
                    term["taxonomy_detail"] = (*detail).clone();
                }
                attribute["taxonomy_term"] = term;
            }
            linked.push(attribute);
        }
        s["attributes"] = Value::Array(linked);
        let mut list = Vec::new();
        for sal in sals_s.get(id).into_iter().flatten() {
            let mut sal = (*sal).clone();
            let location_id = sal
                .get("location_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            if let Some(location) = locations.get(&location_id).and_then(|v| v.first()) {
                let mut location = (*location).clone();
                location["addresses"] = many(&addresses_l, &location_id);
                location["accessibility"] = many(&accessibility_l, &location_id);
                location["phones"] = many(&phones_l, &location_id);
                sal["location"] = location;
            }
            let sal_id = sal
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            sal["schedules"] = many(&schedules_sal, &sal_id);
            list.push(sal);
        }
        s["service_at_locations"] = Value::Array(list);
        match resources(&s, &format!("services[{i}]"), None, None, cx) {
            Ok(list) => ok.extend(list.into_iter().map(|r| (i, r))),
            Err(errors) => failed.push(RecordError { line: i, errors }),
        }
    }
    (ok, failed)
}

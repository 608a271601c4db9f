//! The HSDS tabular data package: `datapackage.json` and one CSV file per
//! table (`services.csv`, `locations.csv`, …), written and read.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use chrono::Utc;
use serde_json::{json, Map, Value};

use super::export::service;
use super::mapping::TermMapping;
use super::reader::{resources, Context};
use super::terms;
use crate::engine::RecordError;
use crate::model::Resource;
use crate::taxonomy::Taxonomy;

/// A problem writing or reading a package as a whole (a bad record is a
/// [`RecordError`] instead).
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// A file cannot be created, written or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A CSV file cannot be written or read.
    #[error("{path}: {message}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// The tables we write, with their columns (those of HSDS 3.0's tabular form).
const TABLES: [(&str, &[&str]); 15] = [
    ("organizations", &["id", "name", "alternate_name", "description", "email", "website", "tax_status", "tax_id", "year_incorporated", "legal_status", "logo", "uri", "parent_organization_id"]),
    ("services", &["id", "organization_id", "program_id", "name", "alternate_name", "description", "url", "email", "status", "interpretation_services", "application_process", "fees_description", "wait_time", "fees", "accreditations", "eligibility_description", "minimum_age", "maximum_age", "assured_date", "assurer_email", "licenses", "alert", "last_modified"]),
    ("service_at_location", &["id", "service_id", "location_id", "description"]),
    ("locations", &["id", "location_type", "url", "organization_id", "name", "alternate_name", "description", "transportation", "latitude", "longitude", "external_identifier", "external_identifier_type"]),
    ("addresses", &["id", "location_id", "attention", "address_1", "address_2", "city", "region", "state_province", "postal_code", "country", "address_type"]),
    ("accessibility", &["id", "location_id", "description", "details", "url"]),
    ("phones", &["id", "location_id", "service_id", "organization_id", "contact_id", "service_at_location_id", "number", "extension", "type", "description"]),
    ("languages", &["id", "service_id", "location_id", "phone_id", "name", "code", "note"]),
    ("schedules", &["id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to", "dtstart", "timezone", "until", "count", "wkst", "freq", "interval", "byday", "byweekno", "bymonthday", "byyearday", "description", "opens_at", "closes_at", "schedule_link", "attending_type", "notes"]),
    ("service_areas", &["id", "service_id", "name", "description", "extent", "extent_type", "uri"]),
    ("cost_options", &["id", "service_id", "valid_from", "valid_to", "option", "currency", "amount", "amount_description"]),
    ("attributes", &["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"]),
    ("taxonomy_terms", &["id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id", "term_uri"]),
    ("taxonomies", &["id", "name", "description", "uri", "version"]),
    ("metadata", &["id", "resource_id", "resource_type", "last_action_date", "last_action_type", "field_name", "previous_value", "replacement_value", "updated_by"]),
];

fn cell(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

struct Tables {
    dir: PathBuf,
    writers: Vec<csv::Writer<BufWriter<File>>>,
}

impl Tables {
    fn write(&mut self, table: &str, row: &Value) -> Result<(), PackageError> {
        let Some(i) = TABLES.iter().position(|(t, _)| *t == table) else {
            return Ok(());
        };
        let cells = TABLES[i].1.iter().map(|c| cell(row.get(*c)));
        self.writers[i].write_record(cells).map_err(|e| PackageError::Csv {
            path: self.dir.join(format!("{table}.csv")),
            message: e.to_string().to_lowercase(),
        })
    }

    fn list(&mut self, table: &str, list: Option<&Value>) -> Result<(), PackageError> {
        for row in list.and_then(Value::as_array).into_iter().flatten() {
            self.write(table, row)?;
        }
        Ok(())
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> PackageError + '_ {
    move |source| PackageError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `resources` as an HSDS tabular data package into `dir` (created
/// if needed): `datapackage.json` and one CSV file per table, with the
/// columns of the official tabular form. The rows are those of [`service`],
/// flattened and joined by their ids; organizations and taxonomy terms
/// shared by several resources are written once. Resources are read one at
/// a time; only the ids of organizations and terms already written are kept.
pub fn write_package(
    resources: impl Iterator<Item = Resource>,
    taxonomy: &Taxonomy,
    dir: &Path,
) -> Result<(), PackageError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut writers = Vec::new();
    for (table, columns) in TABLES {
        let path = dir.join(format!("{table}.csv"));
        let file = File::create(&path).map_err(io(&path))?;
        let mut writer = csv::Writer::from_writer(BufWriter::new(file));
        writer.write_record(columns).map_err(|e| PackageError::Csv {
            path: path.clone(),
            message: e.to_string().to_lowercase(),
        })?;
        writers.push(writer);
    }
    let mut tables = Tables {
        dir: dir.to_path_buf(),
        writers,
    };
    tables.write(
        "taxonomies",
        &json!({
            "id": terms::taxonomy_id(),
            "name": terms::TAXONOMY,
            "description": "wegwijs categories and fields without an HSDS home",
        }),
    )?;
    let mut organizations = HashSet::new();
    let mut terms_written = HashSet::new();
    for resource in resources {
        let s = service(&resource, taxonomy);
        let organization = &s["organization"];
        if organizations.insert(cell(organization.get("id"))) {
            tables.write("organizations", organization)?;
        }
        tables.write("services", &s)?;
        for key in ["phones", "languages", "schedules", "service_areas", "cost_options", "metadata"] {
            tables.list(key, s.get(key))?;
        }
        for attribute in s["attributes"].as_array().into_iter().flatten() {
            tables.write("attributes", attribute)?;
            let term = &attribute["taxonomy_term"];
            if terms_written.insert(cell(term.get("id"))) {
                let mut row = term.clone();
                row["taxonomy_id"] = json!(terms::taxonomy_id());
                tables.write("taxonomy_terms", &row)?;
            }
        }
        for sal in s["service_at_locations"].as_array().into_iter().flatten() {
            tables.write("service_at_location", sal)?;
            let mut location = sal["location"].clone();
            location["organization_id"] = organization["id"].clone();
            tables.write("locations", &location)?;
            tables.list("addresses", location.get("addresses"))?;
            tables.list("accessibility", location.get("accessibility"))?;
        }
    }
    for (writer, (table, _)) in tables.writers.iter_mut().zip(TABLES) {
        let path = dir.join(format!("{table}.csv"));
        writer.flush().map_err(io(&path))?;
    }
    let resources: Vec<Value> = TABLES
        .iter()
        .map(|(table, _)| {
            json!({
                "name": table,
                "path": format!("{table}.csv"),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
            })
        })
        .collect();
    let package = json!({
        "name": "wegwijs-hsds",
        "title": "wegwijs resources as HSDS 3.0",
        "profile": "tabular-data-package",
        "resources": resources,
    });
    let path = dir.join("datapackage.json");
    let text = serde_json::to_string_pretty(&package).unwrap_or_default();
    std::fs::write(&path, text).map_err(io(&path))
}

/// One table: its rows as JSON objects of text, empty cells left out.
type Rows = Vec<Value>;

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
fn index<'a>(rows: &'a Rows, column: &str) -> HashMap<String, Vec<&'a Value>> {
    let mut map: HashMap<String, Vec<&Value>> = HashMap::new();
    for row in rows {
        if let Some(key) = row.get(column).and_then(Value::as_str) {
            map.entry(key.to_string()).or_default().push(row);
        }
    }
    map
}

fn many(map: &HashMap<String, Vec<&Value>>, key: &str) -> Value {
    Value::Array(map.get(key).into_iter().flatten().map(|v| (*v).clone()).collect())
}

/// The CSV files of a package: from `datapackage.json` when it lists them,
/// else the standard names (`services.csv`, …) in its folder.
fn table_paths(path: &Path) -> Result<HashMap<String, PathBuf>, PackageError> {
    let dir = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let mut paths: HashMap<String, PathBuf> = ["organizations", "services", "service_at_location", "locations", "addresses", "accessibility", "phones", "languages", "schedules", "service_areas", "cost_options", "attributes", "taxonomy_terms", "taxonomies", "metadata"]
        .iter()
        .map(|t| (t.to_string(), dir.join(format!("{t}.csv"))))
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
) -> Result<(Vec<(usize, Resource)>, Vec<RecordError>), PackageError> {
    let paths = table_paths(path)?;
    let load = |name: &str| match paths.get(name) {
        Some(p) => read_table(p),
        None => Ok(Vec::new()),
    };
    let services = load("services")?;
    let organizations = load("organizations")?;
    let sals = load("service_at_location")?;
    let locations = load("locations")?;
    let addresses = load("addresses")?;
    let accessibility = load("accessibility")?;
    let phones = load("phones")?;
    let languages = load("languages")?;
    let schedules = load("schedules")?;
    let areas = load("service_areas")?;
    let costs = load("cost_options")?;
    let attributes = load("attributes")?;
    let term_rows = load("taxonomy_terms")?;
    let taxonomies = load("taxonomies")?;
    let metadata = load("metadata")?;

    let organizations = index(&organizations, "id");
    let locations = index(&locations, "id");
    let terms_by_id = index(&term_rows, "id");
    let taxonomies = index(&taxonomies, "id");
    let by_service = |rows| index(rows, "service_id");
    let (phones_s, languages_s, areas_s, costs_s, sals_s) = (
        by_service(&phones),
        by_service(&languages),
        by_service(&areas),
        by_service(&costs),
        by_service(&sals),
    );
    let schedules_sal = index(&schedules, "service_at_location_id");
    let schedules_s: HashMap<String, Vec<&Value>> = {
        let mut map: HashMap<String, Vec<&Value>> = HashMap::new();
        for row in &schedules {
            if row.get("service_at_location_id").is_none() {
                if let Some(k) = row.get("service_id").and_then(Value::as_str) {
                    map.entry(k.to_string()).or_default().push(row);
                }
            }
        }
        map
    };
    let attributes_by_link = index(&attributes, "link_id");
    let metadata_by_resource = index(&metadata, "resource_id");
    let addresses_l = index(&addresses, "location_id");
    let accessibility_l = index(&accessibility, "location_id");
    let phones_l = index(&phones, "location_id");

    let cx = Context {
        taxonomy,
        mapping,
        now: Utc::now(),
    };
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
            let term_id = attribute.get("taxonomy_term_id").and_then(Value::as_str).unwrap_or_default();
            if let Some(term) = terms_by_id.get(term_id).and_then(|v| v.first()) {
                let mut term = (*term).clone();
                let taxonomy_id = term.get("taxonomy_id").and_then(Value::as_str).unwrap_or_default();
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
            let location_id = sal.get("location_id").and_then(Value::as_str).unwrap_or_default().to_string();
            if let Some(location) = locations.get(&location_id).and_then(|v| v.first()) {
                let mut location = (*location).clone();
                location["addresses"] = many(&addresses_l, &location_id);
                location["accessibility"] = many(&accessibility_l, &location_id);
                location["phones"] = many(&phones_l, &location_id);
                sal["location"] = location;
            }
            let sal_id = sal.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
            sal["schedules"] = many(&schedules_sal, &sal_id);
            list.push(sal);
        }
        s["service_at_locations"] = Value::Array(list);
        match resources(&s, &format!("services[{i}]"), None, None, &cx) {
            Ok(list) => ok.extend(list.into_iter().map(|r| (i, r))),
            Err(errors) => failed.push(RecordError { line: i, errors }),
        }
    }
    Ok((ok, failed))
}

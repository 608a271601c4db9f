//! The HSDS tabular data package: `datapackage.json` and one CSV file per
//! table (`services.csv`, `locations.csv`, …), written here and read in
//! `package_reader.rs`.

use std::collections::HashSet;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::export::service;
use super::terms;
use crate::model::Resource;
use crate::taxonomy::Taxonomy;

/// A problem writing or reading a package as a whole (a bad record is a
/// [`crate::engine::RecordError`] instead).
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
pub(crate) const TABLES: [(&str, &[&str]); 15] = [
    (
        "organizations",
        &[
            "id",
            "name",
            "alternate_name",
            "description",
            "email",
            "website",
            "tax_status",
            "tax_id",
            "year_incorporated",
            "legal_status",
            "logo",
            "uri",
            "parent_organization_id",
        ],
    ),
    (
        "services",
        &[
            "id",
            "organization_id",
            "program_id",
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "interpretation_services",
            "application_process",
            "fees_description",
            "wait_time",
            "fees",
            "accreditations",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "assured_date",
            "assurer_email",
            "licenses",
            "alert",
            "last_modified",
        ],
    ),
    (
        "service_at_location",
        &["id", "service_id", "location_id", "description"],
    ),
    (
        "locations",
        &[
            "id",
            "location_type",
            "url",
            "organization_id",
            "name",
            "alternate_name",
            "description",
            "transportation",
            "latitude",
            "longitude",
            "external_identifier",
            "external_identifier_type",
        ],
    ),
    (
        "addresses",
        &[
            "id",
            "location_id",
            "attention",
            "address_1",
            "address_2",
            "city",
            "region",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ],
    ),
    (
        "accessibility",
        &["id", "location_id", "description", "details", "url"],
    ),
    (
        "phones",
        &[
            "id",
            "location_id",
            "service_id",
            "organization_id",
            "contact_id",
            "service_at_location_id",
            "number",
            "extension",
            "type",
            "description",
        ],
    ),
    (
        "languages",
        &[
            "id",
            "service_id",
            "location_id",
            "phone_id",
            "name",
            "code",
            "note",
        ],
    ),
    (
        "schedules",
        &[
            "id",
            "service_id",
            "location_id",
            "service_at_location_id",
            "valid_from",
            "valid_to",
            "dtstart",
            "timezone",
            "until",
            "count",
            "wkst",
            "freq",
            "interval",
            "byday",
            "byweekno",
            "bymonthday",
            "byyearday",
            "description",
            "opens_at",
            "closes_at",
            "schedule_link",
            "attending_type",
            "notes",
        ],
    ),
    (
        "service_areas",
        &[
            "id",
            "service_id",
            "name",
            "description",
            "extent",
            "extent_type",
            "uri",
        ],
    ),
    (
        "cost_options",
        &[
            "id",
            "service_id",
            "valid_from",
            "valid_to",
            "option",
            "currency",
            "amount",
            "amount_description",
        ],
    ),
    (
        "attributes",
        &[
            "id",
            "link_id",
            "taxonomy_term_id",
            "link_type",
            "link_entity",
            "value",
        ],
    ),
    (
        "taxonomy_terms",
        &[
            "id",
            "code",
            "name",
            "description",
            "parent_id",
            "taxonomy",
            "language",
            "taxonomy_id",
            "term_uri",
        ],
    ),
    (
        "taxonomies",
        &["id", "name", "description", "uri", "version"],
    ),
    (
        "metadata",
        &[
            "id",
            "resource_id",
            "resource_type",
            "last_action_date",
            "last_action_type",
            "field_name",
            "previous_value",
            "replacement_value",
            "updated_by",
        ],
    ),
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
        self.writers[i]
            .write_record(cells)
            .map_err(|e| PackageError::Csv {
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

pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> PackageError + '_ {
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
        writer
            .write_record(columns)
            .map_err(|e| PackageError::Csv {
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
        for key in [
            "phones",
            "languages",
            "schedules",
            "service_areas",
            "cost_options",
            "metadata",
        ] {
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

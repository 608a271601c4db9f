//! Import of the HSDS JSON forms: a service, an array or page of services,
//! an organization with its services, a service_at_location (alone, in
//! an array or in a page), and the tabular form as one JSON object of tables. The form is told from the shape of the document.

use std::collections::HashMap;

use chrono::Utc;
use serde_json::Value;

use super::mapping::TermMapping;
use super::package_reader::join_tables;
use super::reader::{resources, Context};
use crate::engine::RecordError;
use crate::model::{FieldError, Resource};
use crate::taxonomy::Taxonomy;

/// One HSDS record found in a document, with its JSON path.
pub(crate) enum Record<'a> {
    /// A `service` object; `organization` stands in for its own when it
    /// is listed inside an organization.
    Service {
        service: &'a Value,
        organization: Option<&'a Value>,
    },
    /// A `service_at_location` object with its `service` inside.
    ServiceAtLocation(&'a Value),
    /// The tabular package as one JSON object of tables (`"services.csv": [rows]`).
    Tables(&'a Value),
}

/// Fields only an organization has; a service always has `status`.
const ORGANIZATION_ONLY: [&str; 6] = [
    "website",
    "tax_status",
    "year_incorporated",
    "legal_status",
    "parent_organization_id",
    "organization_identifiers",
];

/// Finds the records of a document: arrays and pages (`contents`) hold
/// records; an organization (`services`) holds services; an object with a
/// `service` object is a service_at_location; an organization without
/// services holds none; any other object is a service.
pub(crate) fn records<'a>(value: &'a Value, path: String, out: &mut Vec<(String, Record<'a>)>) {
    let at = |key: String| {
        if path.is_empty() {
            key
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                records(item, format!("{path}[{i}]"), out);
            }
        }
        Value::Object(o) if o.get("contents").is_some_and(Value::is_array) => {
            records(&o["contents"], at("contents".into()), out);
        }
        Value::Object(o) if o.get("services").is_some_and(Value::is_array) => {
            for (i, service) in o["services"].as_array().into_iter().flatten().enumerate() {
                out.push((
                    format!("{}[{i}]", at("services".into())),
                    Record::Service {
                        service,
                        organization: Some(value),
                    },
                ));
            }
        }
        // The tabular form as JSON (`tabular.json`): table name → rows.
        Value::Object(o) if !o.is_empty() && o.keys().all(|k| k.ends_with(".csv")) => {
            out.push((path, Record::Tables(value)));
        }
        // An organization listed without its services (organization_list)
        // holds no service to import.
        Value::Object(o)
            if o.get("status").is_none()
                && ORGANIZATION_ONLY.iter().any(|k| o.contains_key(*k)) => {}
        Value::Object(o) if o.get("service").is_some_and(Value::is_object) => {
            out.push((path, Record::ServiceAtLocation(value)));
        }
        _ => out.push((
            path,
            Record::Service {
                service: value,
                organization: None,
            },
        )),
    }
}

/// Converts one record into resources.
pub(crate) fn convert(
    path: &str,
    record: &Record,
    cx: &Context,
) -> Result<Vec<Resource>, Vec<FieldError>> {
    match record {
        Record::Service {
            service,
            organization,
        } => resources(service, path, *organization, None, cx),
        Record::ServiceAtLocation(sal) => {
            let service_path = if path.is_empty() {
                "service".to_string()
            } else {
                format!("{path}.service")
            };
            resources(&sal["service"], &service_path, None, Some((sal, path)), cx)
        }
        // Tables are read by `tables`, in `parse_json`.
        Record::Tables(_) => Ok(Vec::new()),
    }
}

/// Reads the tabular form given as JSON: each `name.csv` key holds the
/// rows of that table.
fn tables(value: &Value, path: &str, cx: &Context) -> Parsed {
    let mut map = HashMap::new();
    let mut bad = Vec::new();
    for (key, rows) in value.as_object().into_iter().flatten() {
        let at = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        match rows {
            Value::Array(rows) => {
                // Rows are joined by writing into them, so each must be an object.
                for (n, row) in rows.iter().enumerate() {
                    if !row.is_object() {
                        bad.push(FieldError::new(format!("{at}[{n}]"), "must be an object"));
                    }
                }
                map.insert(key.trim_end_matches(".csv").to_string(), rows.clone());
            }
            _ => bad.push(FieldError::new(at, "must be an array of rows")),
        }
    }
    if !bad.is_empty() {
        return (
            Vec::new(),
            vec![RecordError {
                line: 0,
                errors: bad,
            }],
        );
    }
    join_tables(&map, cx)
}

/// The outcome of reading HSDS: the resources, each with the index of its
/// HSDS record, and the records that could not be read.
pub type Parsed = (Vec<(usize, Resource)>, Vec<RecordError>);

/// Reads an HSDS 3.0 JSON document in any of its forms (see the module
/// doc) into resources: one per service at a location.
///
/// Each resource comes with the 0-based index of its HSDS record (service
/// or service_at_location) in the document, in document order; a service
/// at two locations gives two resources with the same index. A record that
/// cannot be read gives a [`RecordError`] whose `line` is that index and
/// whose fields are JSON paths (`contents[2].service_at_locations[0].location.latitude`).
/// A document that is not JSON gives one error with index 0 and field `document`.
///
/// Terms of other vocabularies are mapped with `mapping`; a resource left
/// without a category of `taxonomy` is `pending`, with the reason in
/// `provenance.source`. Nothing here validates the resources: the caller
/// runs [`Resource::validate`] as for any import.
pub fn parse_json(bytes: &[u8], taxonomy: &Taxonomy, mapping: &TermMapping) -> Parsed {
    let document: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            let error = RecordError {
                line: 0,
                errors: vec![FieldError::new(
                    "document",
                    format!("not valid JSON: {}", e.to_string().to_lowercase()),
                )],
            };
            return (Vec::new(), vec![error]);
        }
    };
    let cx = Context {
        taxonomy,
        mapping,
        now: Utc::now(),
    };
    let mut found = Vec::new();
    records(&document, String::new(), &mut found);
    let mut ok = Vec::new();
    let mut failed = Vec::new();
    for (index, (path, record)) in found.iter().enumerate() {
        if let Record::Tables(value) = record {
            let (list, errors) = tables(value, path, &cx);
            ok.extend(list.into_iter().map(|(i, r)| (index + i, r)));
            failed.extend(errors.into_iter().map(|mut e| {
                e.line += index;
                e
            }));
            continue;
        }
        match convert(path, record, &cx) {
            Ok(list) => ok.extend(list.into_iter().map(|r| (index, r))),
            Err(errors) => failed.push(RecordError {
                line: index,
                errors,
            }),
        }
    }
    (ok, failed)
}

//! Reading a resource from a JSON body: the JSON of one line of `wegwijs
//! export`, with the fields the server sets itself made optional.
//!
//! A client creating a resource should not have to invent an id, a status or
//! timestamps the engine overwrites anyway, so missing ones are filled in
//! before the record is read; type errors name their field path.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::http::ApiError;
use crate::model::Resource;

/// A resource read from a body, and the `updated_at` the client saw, if it
/// stated one (a precondition for replacing).
#[derive(Debug)]
pub struct ResourceBody {
    /// The resource.
    pub resource: Resource,
    /// A top-level `updated_at`, else `provenance.updated_at` as sent.
    pub seen_updated_at: Option<DateTime<Utc>>,
}

/// Takes a top-level `updated_at` out of an object (it is not a resource
/// field, only a precondition).
pub fn take_updated_at(object: &mut Map<String, Value>) -> Result<Option<DateTime<Utc>>, ApiError> {
    match object.remove("updated_at") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => parse_time("updated_at", &v).map(Some),
    }
}

fn parse_time(field: &str, v: &Value) -> Result<DateTime<Utc>, ApiError> {
    v.as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| ApiError::invalid_field(field, "must be an RFC 3339 date-time"))
}

/// The most entries any list in a written body may hold. The longest real
/// list (a resource's categories or languages) has a few dozen at most; the
/// cap keeps a 1 MiB body from storing, indexing and auditing a list of a
/// hundred thousand entries.
pub const MAX_LIST_LEN: usize = 100;

/// The body as a JSON object, or a 400; every list in it must hold at most
/// [`MAX_LIST_LEN`] entries (a 400 names the first one that does not).
pub fn object(body: Value) -> Result<Map<String, Value>, ApiError> {
    check_lists(&body, "")?;
    match body {
        Value::Object(map) => Ok(map),
        _ => Err(ApiError::invalid_field("body", "must be a JSON object")),
    }
}

fn check_lists(value: &Value, path: &str) -> Result<(), ApiError> {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::Array(items) => {
            if items.len() > MAX_LIST_LEN {
                let field = if path.is_empty() { "body" } else { path };
                return Err(ApiError::invalid_field(
                    field,
                    format!("must have at most {MAX_LIST_LEN} entries"),
                ));
            }
            for (i, item) in items.iter().enumerate() {
                check_lists(item, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        Value::Object(map) => {
            for (key, item) in map {
                check_lists(item, &join(key))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Reads a resource. `path_id` is the id in the URL of a replace; the body's
/// id, if any, must match it.
pub fn read_resource(body: Value, path_id: Option<&str>) -> Result<ResourceBody, ApiError> {
    let mut map = object(body)?;
    let mut seen_updated_at = take_updated_at(&mut map)?;
    match (map.get("id"), path_id) {
        (None | Some(Value::Null), Some(id)) => {
            map.insert("id".into(), Value::String(id.to_string()));
        }
        (None | Some(Value::Null), None) => {
            map.insert("id".into(), Value::String(String::new()));
        }
        (Some(Value::String(given)), Some(id)) if given != id => {
            return Err(ApiError::invalid_field(
                "id",
                "must be the id in the path, or left out",
            ));
        }
        _ => {}
    }
    map.entry("status")
        .or_insert_with(|| Value::String("published".into()));
    let now = Value::String(Utc::now().to_rfc3339());
    // A blank source is filled in by the engine with who wrote the record.
    let provenance = map
        .entry("provenance")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(provenance) = provenance {
        provenance
            .entry("source")
            .or_insert_with(|| Value::String(String::new()));
        if seen_updated_at.is_none() {
            if let Some(v) = provenance.get("updated_at").filter(|v| !v.is_null()) {
                seen_updated_at = Some(parse_time("provenance.updated_at", v)?);
            }
        }
        for key in ["created_at", "updated_at"] {
            match provenance.get(key) {
                None | Some(Value::Null) => {
                    provenance.insert(key.into(), now.clone());
                }
                Some(_) => {}
            }
        }
    }
    let resource = deserialize(Value::Object(map))?;
    Ok(ResourceBody {
        resource,
        seen_updated_at,
    })
}

/// Deserializes `value`, naming the field of a type error.
pub fn deserialize<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = if path.is_empty() || path == "." {
            "body".to_string()
        } else {
            path
        };
        ApiError::invalid_field(&field, e.into_inner().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn minimal() -> Value {
        json!({
            "name": "Taalcafé",
            "organization": {"name": "Bibliotheek"},
            "categories": ["language.nl_classes"],
            "location": {"kind": "online"}
        })
    }

    #[test]
    fn fills_what_the_server_sets() {
        let body = read_resource(minimal(), None).expect("reads");
        assert_eq!(body.resource.id.as_str(), "");
        assert!(body.seen_updated_at.is_none());
    }

    #[test]
    fn names_the_field_of_a_type_error() {
        let mut v = minimal();
        v["eligibility"] = json!({"min_age": "young"});
        let err = read_resource(v, None).expect_err("bad type");
        assert_eq!(err.detail().fields[0].field, "eligibility.min_age");
    }

    #[test]
    fn a_list_over_the_cap_is_named() {
        let mut v = minimal();
        v["eligibility"] = json!({"residents_only": vec!["Utrecht"; MAX_LIST_LEN + 1]});
        let err = read_resource(v, None).expect_err("too long");
        assert_eq!(err.detail().fields[0].field, "eligibility.residents_only");
        let mut v = minimal();
        v["languages"] = json!(vec!["uk"; MAX_LIST_LEN]);
        assert!(read_resource(v, None).is_ok(), "the cap itself is allowed");
    }

    #[test]
    fn body_id_must_match_the_path() {
        let mut v = minimal();
        v["id"] = json!("other");
        let err = read_resource(v, Some("mine")).expect_err("mismatch");
        assert_eq!(err.detail().fields[0].field, "id");
    }
}

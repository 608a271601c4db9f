//! Reading typed values out of HSDS JSON, collecting every problem with
//! its JSON path instead of stopping at the first.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use crate::model::FieldError;

/// Collects the problems of one record.
pub(crate) struct Errors(pub(crate) Vec<FieldError>);

impl Errors {
    pub(crate) fn add(&mut self, path: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(path, message));
    }

    /// A text field: absent, null and blank are `None`; numbers and booleans
    /// are taken as their text (the tabular form has only text).
    pub(crate) fn text(&mut self, object: &Value, path: &str, key: &str) -> Option<String> {
        match object.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::Bool(b)) => Some(b.to_string()),
            Some(_) => {
                self.add(&join(path, key), "must be a string");
                None
            }
        }
    }

    /// A number field, also given as text.
    pub(crate) fn number(&mut self, object: &Value, path: &str, key: &str) -> Option<f64> {
        match object.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => match s.trim().parse::<f64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    self.add(&join(path, key), format!("'{}' is not a number", clip(s)));
                    None
                }
            },
            Some(_) => {
                self.add(&join(path, key), "must be a number");
                None
            }
        }
    }

    /// An age in whole years, 0–255.
    pub(crate) fn age(&mut self, object: &Value, path: &str, key: &str) -> Option<u8> {
        let n = self.number(object, path, key)?;
        if n.fract() == 0.0 && (0.0..=255.0).contains(&n) {
            Some(n as u8)
        } else {
            self.add(
                &join(path, key),
                "must be a whole number of years from 0 to 255",
            );
            None
        }
    }

    /// The items of an array field (absent or null: none).
    pub(crate) fn array<'v>(&mut self, object: &'v Value, path: &str, key: &str) -> &'v [Value] {
        match object.get(key) {
            None | Some(Value::Null) => &[],
            Some(Value::Array(items)) => items,
            Some(_) => {
                self.add(&join(path, key), "must be an array");
                &[]
            }
        }
    }
}

pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

pub(crate) fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

pub(crate) fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text.trim()) {
        return Some(t.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

/// A unit enum variant from its snake_case name.
pub(crate) fn variant<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(Value::String(name.trim().to_string())).ok()
}

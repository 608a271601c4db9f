//! A search stated as the pairs of a query string (`q=…&category=…`), read
//! into a [`SearchQuery`] with every bad parameter named at once.
//!
//! Pure, so the HTTP API (`GET /api/v1/search`) and the fuzz target read
//! query strings through the same code. Repeated keys are allowed where a
//! list is meant (`category=a&category=b`), and refused elsewhere.

use super::SearchQuery;
use crate::geo::Coordinate;
use crate::model::FieldError;

const SINGLE: [&str; 9] = [
    "q",
    "near",
    "place",
    "radius_km",
    "free",
    "age",
    "online",
    "page",
    "per_page",
];
const REPEATED: [&str; 3] = ["category", "language", "exclude_language"];

fn parse_bool(name: &str, value: &str, errors: &mut Vec<FieldError>) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" | "" => Some(false),
        _ => {
            errors.push(FieldError::new(name, "must be true or false"));
            None
        }
    }
}

fn parse_number<T: std::str::FromStr>(
    name: &str,
    value: &str,
    message: &str,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    match value.trim().parse::<T>() {
        Ok(v) => Some(v),
        Err(_) => {
            errors.push(FieldError::new(name, message));
            None
        }
    }
}

/// The most values one list parameter (`category`, `language`,
/// `exclude_language`) may hold: each category is expanded and looked up,
/// so the work of one query stays bounded.
pub const MAX_LIST_VALUES: usize = 50;

/// Reads the pairs of a query string into a query for published resources.
/// The values are checked as far as they can be without the taxonomy or the
/// gazetteer; [`super::run`] checks the rest.
pub fn parse_params(pairs: &[(String, String)]) -> Result<SearchQuery, Vec<FieldError>> {
    let mut query = SearchQuery::default();
    let mut errors = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (key, value) in pairs {
        let name = key.as_str();
        if SINGLE.contains(&name) {
            if seen.contains(&name) {
                errors.push(FieldError::new(name, "may be given only once"));
                continue;
            }
            seen.push(name);
        } else if name.trim().is_empty() {
            // `&=2` or `&%20=x`: there is no name to report the problem under.
            errors.push(FieldError::new("query", "has a parameter without a name"));
            continue;
        } else if !REPEATED.contains(&name) {
            let shown: String = name.chars().take(40).collect();
            errors.push(FieldError::new(shown, "unknown parameter"));
            continue;
        }
        match name {
            "q" => query.text = Some(value.clone()).filter(|t| !t.trim().is_empty()),
            "near" => match Coordinate::parse(value) {
                Ok(c) => query.point = Some(c),
                Err(e) => errors.push(FieldError::new("near", e.to_string())),
            },
            "place" => query.place = Some(value.clone()).filter(|t| !t.trim().is_empty()),
            "radius_km" => {
                query.radius_km = parse_number(name, value, "must be a number of km", &mut errors)
            }
            "free" => query.free_only = parse_bool(name, value, &mut errors).unwrap_or(false),
            "online" => query.include_online = parse_bool(name, value, &mut errors).unwrap_or(true),
            "age" => {
                query.age = parse_number(
                    name,
                    value,
                    "must be a whole number from 0 to 120",
                    &mut errors,
                )
            }
            "page" => {
                query.page = parse_number(name, value, "must be a whole number from 1", &mut errors)
                    .unwrap_or(1)
            }
            "per_page" => {
                query.per_page = parse_number(
                    name,
                    value,
                    "must be a whole number from 1 to 100",
                    &mut errors,
                )
                .unwrap_or(20)
            }
            _ => {
                let list = match name {
                    "category" => &mut query.categories,
                    "language" => &mut query.languages,
                    _ => &mut query.exclude_languages,
                };
                list.extend(
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|v| !v.is_empty())
                        .map(str::to_string),
                );
            }
        }
    }
    for (name, list) in [
        ("category", &query.categories),
        ("language", &query.languages),
        ("exclude_language", &query.exclude_languages),
    ] {
        if list.len() > MAX_LIST_VALUES {
            errors.push(FieldError::new(
                name,
                format!("must have at most {MAX_LIST_VALUES} values"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(query)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn repeated_and_comma_separated_categories_add_up() {
        let q = parse_params(&pairs(&[
            ("category", "health,work"),
            ("category", "housing"),
            ("free", "true"),
        ]))
        .expect("valid");
        assert_eq!(q.categories, ["health", "work", "housing"]);
        assert!(q.free_only);
        assert!(q.include_online);
    }

    #[test]
    fn long_lists_are_refused_by_name() {
        let many = vec!["health"; MAX_LIST_VALUES + 1].join(",");
        let errors =
            parse_params(&pairs(&[("category", &many), ("language", "uk")])).expect_err("too many");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["category"]);
        let enough = vec!["health"; MAX_LIST_VALUES].join(",");
        assert!(parse_params(&pairs(&[("category", &enough)])).is_ok());
    }

    #[test]
    fn every_bad_parameter_is_named() {
        let errors = parse_params(&pairs(&[
            ("near", "999,999"),
            ("age", "-1"),
            ("page", "x"),
            ("bogus", "1"),
            ("q", "a"),
            ("q", "b"),
        ]))
        .expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["near", "age", "page", "bogus", "q"]);
    }
}

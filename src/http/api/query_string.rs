//! The query string as a list of pairs, repeated keys kept, for handlers
//! that name every bad parameter themselves.

use actix_web::{web, HttpRequest};

use std::fmt::Display;
use std::ops::RangeInclusive;
use std::str::FromStr;

use crate::http::ApiError;
use crate::model::FieldError;

/// The pairs of the query string; repeated keys are kept.
pub fn query_pairs(req: &HttpRequest) -> Result<Vec<(String, String)>, ApiError> {
    web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .map_err(|_| ApiError::invalid_field("query", "not a valid query string"))
}

/// `value` as a whole number within `range`, or the error naming `field`
/// ("must be a whole number from A to B").
pub fn whole_number_in<T>(
    value: &str,
    field: &str,
    range: RangeInclusive<T>,
) -> Result<T, FieldError>
where
    T: FromStr + PartialOrd + Display,
{
    match value.trim().parse::<T>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(FieldError::new(
            field,
            format!(
                "must be a whole number from {} to {}",
                range.start(),
                range.end()
            ),
        )),
    }
}

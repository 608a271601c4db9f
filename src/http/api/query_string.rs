//! The query string as a list of pairs, repeated keys kept, for handlers
//! that name every bad parameter themselves.

use actix_web::{web, HttpRequest};

use crate::http::ApiError;

/// The pairs of the query string; repeated keys are kept.
pub fn query_pairs(req: &HttpRequest) -> Result<Vec<(String, String)>, ApiError> {
    web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .map_err(|_| ApiError::invalid_field("query", "not a valid query string"))
}

//! `GET /api/v1/stale`: resources in the caller's region that nobody has
//! verified for a while, for a token holder to check.

use actix_web::{HttpRequest, HttpResponse};
use utoipa::IntoParams;

use super::search::ResourceSummary;
use crate::http::app::AppData;
use crate::http::auth::Caller;
use crate::http::error::{blocking, ErrorBody};
use crate::http::json::json;
use crate::http::ApiError;
use crate::model::FieldError;

/// Days without verification after which a resource is stale.
pub use crate::model::STALE_AFTER_DAYS as STALE_DAYS;

/// The parameters of the stale list.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Only read by the OpenAPI generator.
pub struct StaleParams {
    /// Not verified for this many days (1 to 3650, default 180).
    older_than_days: Option<i64>,
}

/// Resources in the token's region not verified for a while, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/stale",
    tag = "resources",
    params(StaleParams),
    responses(
        (status = 200, description = "Stale resources", body = [ResourceSummary]),
        (status = 400, description = "Bad parameters", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn stale(
    state: AppData,
    caller: Caller,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let mut days = STALE_DAYS;
    let mut errors = Vec::new();
    for (key, value) in super::query_string::query_pairs(&req)? {
        match key.as_str() {
            "older_than_days" => match value.trim().parse::<i64>() {
                Ok(n) if (1..=3650).contains(&n) => days = n,
                _ => errors.push(FieldError::new(
                    "older_than_days",
                    "must be a whole number from 1 to 3650",
                )),
            },
            other => errors.push(FieldError::new(
                other.chars().take(40).collect::<String>(),
                "unknown parameter",
            )),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let engine = state.engine.clone();
    let regions = caller.0.regions.clone();
    let list = blocking(move || engine.stale(&regions, days)).await?;
    let out: Vec<ResourceSummary> = list.into_iter().map(ResourceSummary::from).collect();
    Ok(json(HttpResponse::Ok(), &out))
}

//! `GET /api/v1/stale`: resources in the caller's region that nobody has
//! verified for a while, for a token holder to check.

use actix_web::{HttpRequest, HttpResponse};
use utoipa::IntoParams;

use super::query_string::whole_number_in;
use super::search::ResourceSummary;
use crate::engine::STALE_WINDOW_MAX;
use crate::http::app::AppData;
use crate::http::auth::Caller;
use crate::http::error::{blocking, ErrorBody};
use crate::http::json::json;
use crate::http::ApiError;
use crate::model::FieldError;

/// Days without verification after which a resource is stale.
pub use crate::model::STALE_AFTER_DAYS as STALE_DAYS;

/// Resources in one answer unless `limit` says otherwise.
pub const STALE_LIMIT: usize = 100;

/// The most resources one answer holds.
pub const STALE_LIMIT_MAX: usize = 1000;

/// The parameters of the stale list.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Only read by the OpenAPI generator.
pub struct StaleParams {
    /// Not verified for this many days (1 to 3650, default 180).
    older_than_days: Option<i64>,
    /// Resources in the answer (1 to 1000, default 100).
    limit: Option<usize>,
    /// Resources of the list to skip first (default 0; `offset + limit`
    /// at most 10,000).
    offset: Option<usize>,
}

/// Resources in the token's region not verified for a while, oldest first:
/// `limit` of them from `offset` on, with the whole list's length in the
/// `X-Total-Count` header.
#[utoipa::path(
    get,
    path = "/api/v1/stale",
    tag = "resources",
    params(StaleParams),
    responses(
        (status = 200, description = "Stale resources", body = [ResourceSummary],
            headers(("X-Total-Count" = usize, description = "Stale resources in the whole list"))),
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
    let mut limit = STALE_LIMIT;
    let mut offset = 0;
    let mut errors = Vec::new();
    for (key, value) in super::query_string::query_pairs(&req)? {
        match key.as_str() {
            "older_than_days" => match whole_number_in(&value, "older_than_days", 1..=3650) {
                Ok(n) => days = n,
                Err(e) => errors.push(e),
            },
            "limit" => match whole_number_in(&value, "limit", 1..=STALE_LIMIT_MAX) {
                Ok(n) => limit = n,
                Err(e) => errors.push(e),
            },
            "offset" => match whole_number_in(&value, "offset", 0..=STALE_WINDOW_MAX - 1) {
                Ok(n) => offset = n,
                Err(e) => errors.push(e),
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
    // The window ends within the list's reach: a limit past it is cut.
    let limit = limit.min(STALE_WINDOW_MAX - offset);
    let engine = state.engine.clone();
    let regions = caller.0.regions.clone();
    let window = blocking(move || engine.stale_window(&regions, days, offset, limit)).await?;
    let out: Vec<ResourceSummary> = window
        .resources
        .into_iter()
        .map(ResourceSummary::from)
        .collect();
    let mut response = HttpResponse::Ok();
    response.insert_header(("X-Total-Count", window.total.to_string()));
    Ok(json(response, &out))
}

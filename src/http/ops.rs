//! Endpoints for operators: `GET /healthz` and `GET /metrics`.

use actix_web::HttpResponse;
use serde::Serialize;
use utoipa::ToSchema;

use super::app::AppData;
use super::error::blocking;
use super::json::json;
use super::ApiError;

/// The answer of the health check.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the server answers.
    pub status: String,
    /// Resources in the store.
    pub resources: usize,
}

/// Whether the server is up.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operations",
    responses((status = 200, description = "Up", body = Health))
)]
pub async fn healthz(state: AppData) -> Result<HttpResponse, ApiError> {
    // The index's count: the store's would walk every record (sled counts
    // by scanning, 2.8 s at a million), and health checks come often.
    let resources = state.engine.indexed_len();
    Ok(json(
        HttpResponse::Ok(),
        &Health {
            status: "ok".into(),
            resources,
        },
    ))
}

/// Request counts and latencies per route, index size and resource counts,
/// in the Prometheus text format.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "operations",
    responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain"))
)]
pub async fn metrics(state: AppData) -> Result<HttpResponse, ApiError> {
    let engine = state.engine.clone();
    let stats = blocking(move || engine.counts()).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render(&stats)))
}

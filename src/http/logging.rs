//! One log line and one metrics sample per request.
//!
//! The line holds the method, the route pattern (`/api/v1/resources/{id}`),
//! the status and the duration — never the query string, a body or a raw
//! path, since those may hold what a household searched for.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;

use super::app::AppState;

/// The route label of a request that matched no route.
pub const UNMATCHED: &str = "(unmatched)";

/// Middleware: logs and measures every request.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().to_string();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let result = next.call(req).await;
    let elapsed = started.elapsed();
    let (status, route) = match &result {
        Ok(res) => (
            res.status().as_u16(),
            res.request()
                .match_pattern()
                .unwrap_or_else(|| UNMATCHED.to_string()),
        ),
        // Errors from inner middleware become responses only after this
        // one; their status is known already.
        Err(e) => (
            e.as_response_error().status_code().as_u16(),
            UNMATCHED.to_string(),
        ),
    };
    tracing::info!(
        target: "wegwijs::http",
        method = %method,
        route = %route,
        status,
        duration_ms = elapsed.as_secs_f64() * 1000.0,
        "request"
    );
    if let Some(state) = state {
        state.metrics.record(&method, &route, status, elapsed);
    }
    result
}

//! The HTTP service: the JSON API under `/api/v1`, the HTML pages, and the
//! operator endpoints (`/healthz`, `/metrics`, `/openapi.json`).
//!
//! The only module that knows actix-web. Handlers translate requests into
//! engine calls (run on the blocking pool) and engine errors into responses
//! through the one table in `error.rs`.

pub mod api;
mod app;
mod auth;
mod common_responses;
mod csrf;
mod error;
pub mod json;
mod logging;
mod metrics;
mod openapi;
mod ops;
pub mod pages;
mod ratelimit;
mod server;
mod slots;

pub use app::{app, app_config, AppData, AppState, HttpConfig};
pub use auth::{bearer_secret, Caller, TOKEN_COOKIE};
pub use csrf::{
    constant_time_eq, is_nonce as csrf_is_nonce, CsrfKey, CSRF_COOKIE, CSRF_FIELD,
    CSRF_MAX_AGE_SECS,
};
pub use error::{ApiError, ErrorBody, ErrorDetail, FieldProblem, MAX_BODY_BYTES};
pub use metrics::Metrics;
pub use openapi::{document as openapi_document, ApiDoc};
pub use ops::Health;
pub use ratelimit::{client_ip, Limiter, Limiters, RateLimit, RateLimits};
pub use server::serve;

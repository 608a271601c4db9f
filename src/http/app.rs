//! The actix `App`: shared state, extractor limits and error handlers, the
//! middleware, and the routes of the API and the pages.
//!
//! [`app`] builds the same `App` for `wegwijs serve` and for the in-process
//! tests, so the tests exercise exactly what is served.

use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{from_fn, DefaultHeaders};
use actix_web::{web, App};

use super::csrf::CsrfKey;
use super::error::{json_error, path_error, query_error, MAX_BODY_BYTES};
use super::metrics::Metrics;
use super::ratelimit::{Limiters, RateLimits};
use super::{api, logging, openapi, ops, pages, ratelimit};
use crate::engine::Engine;

/// Settings of the HTTP layer.
#[derive(Debug, Clone, Default)]
pub struct HttpConfig {
    /// Rate limits.
    pub rate_limits: RateLimits,
    /// Take the client's address from `Forwarded` / `X-Forwarded-For`. Only
    /// for a server behind a reverse proxy that sets them: anyone else could
    /// write them and pose as many clients.
    pub trust_proxy: bool,
}

/// What every handler shares.
pub struct AppState {
    /// The engine; all data goes through it.
    pub engine: Arc<Engine>,
    /// Rate limiters (the pages may use `limiters.suggestions` too).
    pub limiters: Limiters,
    /// Request counters and latencies.
    pub metrics: Metrics,
    /// Whether client addresses come from proxy headers.
    pub trust_proxy: bool,
    /// Signs the CSRF tokens of the pages' forms; made at start-up.
    pub csrf: CsrfKey,
}

/// The state as handlers extract it.
pub type AppData = web::Data<AppState>;

impl AppState {
    /// State over `engine` with `config`.
    pub fn new(engine: Arc<Engine>, config: &HttpConfig) -> AppData {
        web::Data::new(AppState {
            engine,
            limiters: Limiters::new(config.rate_limits),
            metrics: Metrics::default(),
            trust_proxy: config.trust_proxy,
            csrf: CsrfKey::random(),
        })
    }
}

/// Registers the state, the extractor settings and every route.
pub fn app_config(state: AppData) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(state)
            .app_data(
                web::JsonConfig::default()
                    .limit(MAX_BODY_BYTES)
                    .error_handler(json_error),
            )
            .app_data(web::PayloadConfig::default().limit(MAX_BODY_BYTES))
            .app_data(web::QueryConfig::default().error_handler(query_error))
            .app_data(web::PathConfig::default().error_handler(path_error))
            .route("/healthz", web::get().to(ops::healthz))
            .route("/metrics", web::get().to(ops::metrics))
            .route("/openapi.json", web::get().to(openapi::openapi_json))
            .configure(api::configure)
            .configure(pages::configure);
    }
}

/// The whole application: routes wrapped in rate limiting and in logging.
pub fn app(
    state: AppData,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .configure(app_config(state))
        .wrap(from_fn(ratelimit::limit))
        // Browsers must not guess a type for JSON (or anything else), and
        // what is not a page (JSON, CSV, the gaps SVG) may run nothing and
        // be framed nowhere when opened directly. Pages set their own policy,
        // which DefaultHeaders leaves alone.
        .wrap(
            DefaultHeaders::new()
                .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .add((
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; frame-ancestors 'none'",
                )),
        )
        // Outermost, so it sees the final status of every request.
        .wrap(from_fn(logging::observe))
}

//! The route table of the API: every path and method below `/api/v1`, with
//! JSON answers for unknown routes (404) and methods (405).

use actix_web::{web, HttpResponse};

use super::{
    ask, audit, backup, gaps, matching, moderation, places, resources, search, stale, suggestions,
    taxonomy,
};
use crate::http::ApiError;

/// The prefix of every API route.
pub const PREFIX: &str = "/api/v1";

async fn method_not_allowed() -> Result<HttpResponse, ApiError> {
    Err(ApiError::method_not_allowed())
}

async fn no_route() -> Result<HttpResponse, ApiError> {
    Err(ApiError::not_found("no such API route"))
}

/// A resource whose unknown methods answer a JSON 405.
fn resource(path: &str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(method_not_allowed))
}

/// Registers the API routes below [`PREFIX`].
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope(PREFIX)
            .service(resource("/search").route(web::get().to(search::search)))
            .service(resource("/ask").route(web::get().to(ask::ask)))
            .service(resource("/match").route(web::post().to(matching::match_household)))
            .service(resource("/gaps").route(web::get().to(gaps::gaps)))
            .service(resource("/places").route(web::get().to(places::places)))
            .service(resource("/taxonomy").route(web::get().to(taxonomy::taxonomy)))
            .service(resource("/resources").route(web::post().to(resources::create)))
            .service(
                resource("/resources/{id}")
                    .route(web::get().to(resources::get))
                    .route(web::put().to(resources::replace))
                    .route(web::patch().to(resources::patch))
                    .route(web::delete().to(resources::archive)),
            )
            .service(resource("/resources/{id}/verify").route(web::post().to(resources::verify)))
            .service(resource("/stale").route(web::get().to(stale::stale)))
            .service(resource("/suggestions").route(web::post().to(suggestions::suggest)))
            .service(resource("/moderation").route(web::get().to(moderation::queue)))
            .service(
                resource("/moderation/{id}/approve").route(web::post().to(moderation::approve)),
            )
            .service(resource("/moderation/{id}/reject").route(web::post().to(moderation::reject)))
            .service(resource("/audit").route(web::get().to(audit::audit)))
            .service(resource("/admin/backup").route(web::post().to(backup::backup)))
            .default_service(web::to(no_route)),
    );
}

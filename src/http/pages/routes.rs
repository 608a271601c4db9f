//! The table of HTML routes.

use actix_web::web;

use super::{add, assets, gaps, match_form, moderation, resource, search, signin, stale};

/// Registers every page route. The API lives under `/api/v1`, so no path
/// here collides with it.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(search::search_page))
        .route("/resources/{id}", web::get().to(resource::resource_page))
        .route(
            "/resources/{id}/suggest",
            web::post().to(resource::suggest_correction),
        )
        .service(
            web::resource("/add")
                .route(web::get().to(add::add_page))
                .route(web::post().to(add::add_submit)),
        )
        .service(
            web::resource("/match")
                .route(web::get().to(match_form::match_page))
                .route(web::post().to(match_form::match_submit)),
        )
        .service(
            web::resource("/signin")
                .route(web::get().to(signin::signin_page))
                .route(web::post().to(signin::signin_submit)),
        )
        .service(
            web::resource("/signout")
                .route(web::get().to(signin::signout_page))
                .route(web::post().to(signin::signout_submit)),
        )
        .route("/moderation", web::get().to(moderation::moderation_page))
        .route(
            "/moderation/{id}/approve",
            web::post().to(moderation::approve),
        )
        .route(
            "/moderation/{id}/reject",
            web::post().to(moderation::reject),
        )
        .route("/stale", web::get().to(stale::stale_page))
        .route("/gaps", web::get().to(gaps::gaps_page))
        .route("/resources/{id}/verify", web::post().to(stale::verify))
        .route("/static/app.js", web::get().to(assets::app_js))
        .route("/static/app.css", web::get().to(assets::app_css));
}

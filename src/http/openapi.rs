//! `GET /openapi.json`: the OpenAPI 3 document, generated from the handlers'
//! annotations and the wire types, so it cannot drift from the code.

use std::sync::OnceLock;

use actix_web::HttpResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::api::paths::*;
use super::common_responses::CommonResponses;
use super::ops::{__path_healthz, __path_metrics};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A token from `wegwijs token create`; the `wegwijs_token` cookie works too",
                    ))
                    .build(),
            ),
        );
    }
}

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "wegwijs",
        description = "A directory of help for people who fled the war in Ukraine to the Netherlands. \
            Errors are `{\"error\": {\"code\", \"message\", \"fields\"}}`.",
    ),
    paths(
        search, ask, match_household, gaps, places, taxonomy, get, create, replace, patch, archive, verify, stale, suggest,
        queue, approve, reject, audit, backup, healthz, metrics, openapi_json
    ),
    modifiers(&BearerAuth, &CommonResponses),
    tags(
        (name = "search", description = "Finding help"),
        (name = "matching", description = "From a household to an explained plan"),
        (name = "resources", description = "Reading and (with a token) writing resources"),
        (name = "suggestions", description = "Anyone may suggest"),
        (name = "moderation", description = "Moderators decide on suggestions"),
        (name = "audit", description = "Who changed what"),
        (name = "operations", description = "Health, metrics and this document"),
    )
)]
pub struct ApiDoc;

/// The document as JSON text, built once.
pub fn document() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        // Serializing a document of plain strings and maps cannot fail.
        ApiDoc::openapi().to_json().unwrap_or_else(|_| "{}".into())
    })
}

/// This document.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "operations",
    responses((status = 200, description = "The OpenAPI 3 document", body = Object))
)]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(document())
}

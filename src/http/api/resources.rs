//! `/api/v1/resources`: read one, and (with an editor token) create, replace,
//! patch, archive and verify.
//!
//! Every write is acknowledged only after the engine has made it durable.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::Value;

use super::precondition::{etag, expected_updated_at};
use super::resource_body::{object, read_resource, take_updated_at};
use crate::engine::EngineError;
use crate::http::app::AppData;
use crate::http::auth::Caller;
use crate::http::error::{blocking, ErrorBody};
use crate::http::json::json;
use crate::http::ApiError;
use crate::model::{PublicationStatus, Resource};

fn with_etag(mut response: actix_web::HttpResponseBuilder, resource: &Resource) -> HttpResponse {
    response.insert_header((header::ETAG, etag(resource)));
    json(response, resource)
}

/// One resource, with its ETag.
#[utoipa::path(
    get,
    path = "/api/v1/resources/{id}",
    tag = "resources",
    params(("id" = String, Path, description = "Resource id")),
    responses(
        (status = 200, description = "The resource; the ETag header is its version", body = Resource),
        (status = 404, description = "No such resource", body = ErrorBody),
    )
)]
pub async fn get(
    state: AppData,
    caller: Option<Caller>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let engine = state.engine.clone();
    let id = id.into_inner();
    let resource = blocking(move || engine.get(&id)).await?;
    // Drafts and pending records are for token holders only; to anyone
    // else they do not exist.
    let unpublished = matches!(
        resource.status,
        PublicationStatus::Draft | PublicationStatus::Pending
    );
    if unpublished && caller.is_none() {
        return Err(EngineError::NotFound(resource.id.0).into());
    }
    Ok(with_etag(HttpResponse::Ok(), &resource))
}

/// The query of a create.
#[derive(Debug, Default, serde::Deserialize)]
pub struct CreateParams {
    /// Store the record even when it is likely a duplicate.
    #[serde(default)]
    pub allow_duplicate: bool,
}

/// Creates and publishes a resource. A record that is likely a duplicate of
/// a stored one (same name within 200 m, same phone, or same website) is
/// refused with `409 duplicate` listing them, unless `allow_duplicate=true`.
#[utoipa::path(
    post,
    path = "/api/v1/resources",
    tag = "resources",
    params(("allow_duplicate" = Option<bool>, Query, description = "Store the record even when it is likely a duplicate")),
    request_body(content = Resource, description = "As one line of `wegwijs export`; `id`, `status` and the provenance dates may be left out"),
    responses(
        (status = 201, description = "Stored and published", body = Resource),
        (status = 400, description = "Invalid fields, every one named", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "The token may not write here", body = ErrorBody),
        (status = 409, description = "Likely a duplicate (code `duplicate`, with the list in `duplicates`)", body = ErrorBody),
        (status = 413, description = "Body over 1 MiB", body = ErrorBody),
        (status = 415, description = "Body not JSON", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create(
    state: AppData,
    caller: Caller,
    params: web::Query<CreateParams>,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let resource = read_resource(body.into_inner(), None)?.resource;
    let engine = state.engine.clone();
    let allow_duplicate = params.allow_duplicate;
    let created = match crate::http::slots::run(move || {
        if allow_duplicate {
            engine.create(resource, &caller.0)
        } else {
            engine.create_unless_duplicate(resource, &caller.0)
        }
    })
    .await?
    {
        Ok(created) => created,
        // On create, a conflict can only mean that the id is taken.
        Err(EngineError::Conflict { .. }) => {
            return Err(ApiError::invalid_field("id", "is already taken"))
        }
        Err(e) => return Err(e.into()),
    };
    let location = format!("/api/v1/resources/{}", created.id);
    Ok(with_etag(
        {
            let mut b = HttpResponse::Created();
            b.insert_header((header::LOCATION, location));
            b
        },
        &created,
    ))
}

/// Replaces a resource as a whole.
#[utoipa::path(
    put,
    path = "/api/v1/resources/{id}",
    tag = "resources",
    params(
        ("id" = String, Path, description = "Resource id"),
        ("If-Match" = Option<String>, Header, description = "The ETag last read; 409 if the resource changed since"),
        ("If-Unmodified-Since" = Option<String>, Header, description = "HTTP date; 409 if the resource changed after it"),
    ),
    request_body(content = Resource, description = "The whole resource; a top-level `updated_at` or `provenance.updated_at` also serves as precondition"),
    responses(
        (status = 200, description = "Replaced", body = Resource),
        (status = 400, description = "Invalid fields", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "The token may not write here", body = ErrorBody),
        (status = 404, description = "No such resource", body = ErrorBody),
        (status = 409, description = "Changed since the client read it", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn replace(
    state: AppData,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let body = read_resource(body.into_inner(), Some(&id))?;
    let expected = expected_updated_at(&req, &state, &id, body.seen_updated_at).await?;
    let engine = state.engine.clone();
    let replaced =
        blocking(move || engine.replace(&id, body.resource, expected, &caller.0)).await?;
    Ok(with_etag(HttpResponse::Ok(), &replaced))
}

/// Changes some fields (JSON merge patch, RFC 7396).
#[utoipa::path(
    patch,
    path = "/api/v1/resources/{id}",
    tag = "resources",
    params(
        ("id" = String, Path, description = "Resource id"),
        ("If-Match" = Option<String>, Header, description = "The ETag last read; 409 if the resource changed since"),
        ("If-Unmodified-Since" = Option<String>, Header, description = "HTTP date; 409 if the resource changed after it"),
    ),
    request_body(content = Object, description = "A JSON merge patch; a top-level `updated_at` serves as precondition", content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Patched", body = Resource),
        (status = 400, description = "Invalid fields", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "The token may not write here", body = ErrorBody),
        (status = 404, description = "No such resource", body = ErrorBody),
        (status = 409, description = "Changed since the client read it", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn patch(
    state: AppData,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let mut patch = object(body.into_inner())?;
    let from_body = take_updated_at(&mut patch)?;
    let expected = expected_updated_at(&req, &state, &id, from_body).await?;
    let engine = state.engine.clone();
    let patched =
        blocking(move || engine.patch(&id, Value::Object(patch), expected, &caller.0)).await?;
    Ok(with_etag(HttpResponse::Ok(), &patched))
}

/// Archives a resource (never a hard delete).
#[utoipa::path(
    delete,
    path = "/api/v1/resources/{id}",
    tag = "resources",
    params(("id" = String, Path, description = "Resource id")),
    responses(
        (status = 200, description = "Archived; the resource with status archived", body = Resource),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "The token may not write here", body = ErrorBody),
        (status = 404, description = "No such resource", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn archive(
    state: AppData,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let engine = state.engine.clone();
    let id = id.into_inner();
    let archived = blocking(move || engine.archive(&id, &caller.0)).await?;
    Ok(with_etag(HttpResponse::Ok(), &archived))
}

/// Marks a resource as confirmed by a person now.
#[utoipa::path(
    post,
    path = "/api/v1/resources/{id}/verify",
    tag = "resources",
    params(("id" = String, Path, description = "Resource id")),
    responses(
        (status = 200, description = "Verified: `verified_at` is now, `verified_by` the token's name", body = Resource),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "The token may not write here", body = ErrorBody),
        (status = 404, description = "No such resource", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn verify(
    state: AppData,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let engine = state.engine.clone();
    let id = id.into_inner();
    let verified = blocking(move || engine.verify(&id, &caller.0)).await?;
    Ok(with_etag(HttpResponse::Ok(), &verified))
}

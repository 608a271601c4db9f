//! Responses that every API operation can give, added to the OpenAPI
//! document in one place rather than on each handler, so that no handler
//! can forget them: 429 from the rate limiter (which covers every `/api/`
//! path), and 413 and 415 from the JSON body extractor (every operation
//! with a request body).
//!
//! Found by schemathesis (`scripts/schemathesis.sh`): `PUT` and `PATCH
//! /api/v1/resources/{id}` answered 415 to a request without a JSON body,
//! and most operations could answer 429, without the document saying so.

use utoipa::openapi::header::{Header, HeaderBuilder};
use utoipa::openapi::path::Operation;
use utoipa::openapi::schema::{ObjectBuilder, Ref, Type};
use utoipa::openapi::{ContentBuilder, OpenApi, RefOr, Response, ResponseBuilder};
use utoipa::Modify;

/// Adds the common responses an operation lacks.
pub struct CommonResponses;

fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
}

fn retry_after() -> Header {
    HeaderBuilder::new()
        .schema(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(0)),
        )
        .description(Some("Seconds to wait"))
        .build()
}

fn too_many_requests() -> Response {
    error_response("Too many requests; `Retry-After` says when to try again")
}

fn add(operation: &mut Operation, status: &str, response: impl FnOnce() -> Response) {
    operation
        .responses
        .responses
        .entry(status.to_string())
        .or_insert_with(|| RefOr::T(response()));
}

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let api = path.starts_with("/api/");
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                if api {
                    add(operation, "429", too_many_requests);
                    // A handler's own 429 gets the header too.
                    if let Some(RefOr::T(r)) = operation.responses.responses.get_mut("429") {
                        r.headers
                            .entry("Retry-After".to_string())
                            .or_insert_with(retry_after);
                    }
                }
                if operation.request_body.is_some() {
                    add(operation, "413", || error_response("Body over 1 MiB"));
                    add(operation, "415", || error_response("Body not JSON"));
                }
            }
        }
    }
}

//! The OpenAPI document against the statuses the server really gives:
//! regressions found by schemathesis (`scripts/schemathesis.sh`).
//!
//! - `PUT` and `PATCH /api/v1/resources/{id}` answered 415 to a body that is
//!   not JSON, and no document listed it; every operation with a body can
//!   answer 413 and 415.
//! - The rate limiter answers 429 on every `/api/` path, and most
//!   operations did not list it.

use super::*;

/// Every (method, path, operation) of the document.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                out.push((method.clone(), path.clone(), op.clone()));
            }
        }
    }
    out
}

fn documents(op: &Value, status: StatusCode) -> bool {
    op["responses"][status.as_str()].is_object()
}

fn request(method: &str, path: &str) -> TestRequest {
    let uri = path.replace("{id}", "seed-uaf");
    match method {
        "get" => TestRequest::get(),
        "post" => TestRequest::post(),
        "put" => TestRequest::put(),
        "patch" => TestRequest::patch(),
        _ => TestRequest::delete(),
    }
    .uri(&uri)
}

#[actix_web::test]
async fn a_body_that_is_not_json_gets_a_documented_415() {
    let env = env();
    let admin = env.token(Role::Admin, &[]);
    let svc = test::init_service(app(env.state.clone())).await;
    let doc = send!(svc, TestRequest::get().uri("/openapi.json")).json();
    let with_body: Vec<_> = operations(&doc)
        .into_iter()
        .filter(|(_, _, op)| op["requestBody"].is_object())
        .collect();
    // The regression itself must be among them.
    for (method, path) in [
        ("put", "/api/v1/resources/{id}"),
        ("patch", "/api/v1/resources/{id}"),
    ] {
        assert!(
            with_body.iter().any(|(m, p, _)| m == method && p == path),
            "{method} {path} takes a body"
        );
    }
    for (method, path, op) in &with_body {
        let r = send!(
            svc,
            request(method, path)
                .insert_header(bearer(&admin))
                .insert_header((header::CONTENT_TYPE, "text/plain"))
                .set_payload("name=x")
        );
        r.error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
        assert!(
            documents(op, StatusCode::UNSUPPORTED_MEDIA_TYPE),
            "{method} {path} answers 415 but does not document it"
        );
    }
}

#[actix_web::test]
async fn a_body_over_the_limit_gets_a_documented_413() {
    let env = env();
    let admin = env.token(Role::Admin, &[]);
    let svc = test::init_service(app(env.state.clone())).await;
    let doc = send!(svc, TestRequest::get().uri("/openapi.json")).json();
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(2 << 20));
    let mut checked = 0;
    for (method, path, op) in operations(&doc) {
        if !op["requestBody"].is_object() {
            continue;
        }
        let r = send!(
            svc,
            request(&method, &path)
                .insert_header(bearer(&admin))
                .insert_header((header::CONTENT_TYPE, "application/json"))
                .set_payload(huge.clone())
        );
        assert_eq!(
            r.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{method} {path}: {}",
            r.text()
        );
        assert!(
            documents(&op, StatusCode::PAYLOAD_TOO_LARGE),
            "{method} {path} answers 413 but does not document it"
        );
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} operations take a body");
}

#[actix_web::test]
async fn every_api_operation_documents_the_429_it_can_give() {
    let env = env_with(HttpConfig {
        rate_limits: tight_limits(),
        ..HttpConfig::default()
    });
    let svc = test::init_service(app(env.state.clone())).await;
    // Read before the limit is spent: `/openapi.json` is outside `/api/`.
    let doc = send!(svc, TestRequest::get().uri("/openapi.json")).json();
    // All anonymous calls from one address share a bucket of two.
    for _ in 0..2 {
        send!(svc, TestRequest::get().uri("/api/v1/taxonomy"));
    }
    let mut checked = 0;
    for (method, path, op) in operations(&doc) {
        if !path.starts_with("/api/") {
            assert!(
                !documents(&op, StatusCode::TOO_MANY_REQUESTS),
                "{path} is not limited"
            );
            continue;
        }
        let r = send!(svc, request(&method, &path));
        r.error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
        assert!(r.header(header::RETRY_AFTER).is_some(), "{method} {path}");
        assert!(
            documents(&op, StatusCode::TOO_MANY_REQUESTS),
            "{method} {path} answers 429 but does not document it"
        );
        assert!(
            op["responses"]["429"]["headers"]["Retry-After"].is_object(),
            "{method} {path}: the 429 names Retry-After"
        );
        checked += 1;
    }
    assert!(checked >= 18, "only {checked} API operations");
}

//! The JSON API in process: every endpoint, every error class (400 with
//! fields, 401, 403 with the region limit, 404, 405, 409, 413, 415, 429),
//! hostile input, and the OpenAPI document against the routes served.

use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{self, HeaderMap};
use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use actix_web::web::Bytes;
use serde_json::{json, Value};
use tempfile::TempDir;
use wegwijs::engine::Engine;
use wegwijs::http::{app, AppData, AppState, HttpConfig, RateLimit, RateLimits};
use wegwijs::model::Role;

/// A fresh data directory with the engine and the app state over it.
struct Env {
    _dir: TempDir,
    engine: Arc<Engine>,
    state: AppData,
}

fn env_with(config: HttpConfig) -> Env {
    let dir = tempfile::tempdir().expect("temp dir");
    let (engine, _) = Engine::open(dir.path()).expect("engine opens");
    let engine = Arc::new(engine);
    let state = AppState::new(engine.clone(), &config);
    Env {
        _dir: dir,
        engine,
        state,
    }
}

fn env() -> Env {
    env_with(HttpConfig::default())
}

/// Limits of two calls at once, one more a minute; one suggestion.
fn tight_limits() -> RateLimits {
    let tight = RateLimit {
        burst: 2,
        per_minute: 1.0,
    };
    RateLimits {
        anonymous: tight,
        per_token: tight,
        suggestions: RateLimit {
            burst: 1,
            per_minute: 1.0,
        },
    }
}

impl Env {
    /// A token's secret.
    fn token(&self, role: Role, regions: &[&str]) -> String {
        let regions = regions.iter().map(|r| r.to_string()).collect();
        self.engine
            .create_token(role, &format!("{role:?} tester"), regions)
            .expect("token")
            .1
    }
}

/// A response, read whole.
struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{} body is not JSON ({e}): {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: header::HeaderName) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    /// Asserts the status and the error code, and returns the error.
    fn error(&self, status: StatusCode, code: &str) -> Value {
        assert_eq!(self.status, status, "body: {}", self.text());
        let body = self.json();
        assert_eq!(body["error"]["code"], code, "body: {body}");
        assert!(body["error"]["message"].is_string());
        assert!(body["error"]["fields"].is_array());
        body["error"].clone()
    }

    /// The fields named by a 400.
    fn invalid_fields(&self) -> Vec<String> {
        let e = self.error(StatusCode::BAD_REQUEST, "invalid");
        e["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| f["field"].as_str().expect("field").to_string())
            .collect()
    }
}

async fn reply<B: MessageBody>(res: ServiceResponse<B>) -> Reply {
    let status = res.status();
    let headers = res.headers().clone();
    let body = test::read_body(res).await;
    Reply {
        status,
        headers,
        body,
    }
}

/// Sends a `TestRequest` to a service and reads the reply.
macro_rules! send {
    ($svc:expr, $req:expr) => {
        reply(test::call_service(&$svc, $req.to_request()).await).await
    };
}

fn bearer(secret: &str) -> (header::HeaderName, String) {
    (header::AUTHORIZATION, format!("Bearer {secret}"))
}

/// A valid new resource in `municipality` (a point in Utrecht or Groningen).
fn place_resource(name: &str, municipality: &str) -> Value {
    let (lat, lon) = match municipality {
        "Groningen" => (53.2194, 6.5665),
        _ => (52.0907, 5.1214),
    };
    json!({
        "name": name,
        "description": {"nl": "Gesprekken met een psycholoog", "uk": "Розмови з психологом"},
        "organization": {"name": "Stichting Test"},
        "categories": ["health.mental_support"],
        "location": {"kind": "place", "municipality": municipality, "lat": lat, "lon": lon},
        "languages": ["uk", "nl"],
        "cost": {"kind": "free"},
        "provenance": {"source": "https://example.org/source"}
    })
}

/// Creates a resource with a token and returns it (asserting 201).
macro_rules! create {
    ($svc:expr, $secret:expr, $body:expr) => {{
        let r = send!(
            $svc,
            TestRequest::post()
                .uri("/api/v1/resources")
                .insert_header(bearer($secret))
                .set_json($body)
        );
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        r.json()
    }};
}

// After the macros above, which are visible only below their definition.
mod conformance;
mod hostile;
mod limits;
mod matching;
mod moderation;
mod operations;
mod read;
mod security;
mod write;

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

#[actix_web::test]
async fn healthz_answers_with_the_resource_count() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let r = send!(svc, TestRequest::get().uri("/healthz"));
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["status"], "ok");
    assert_eq!(r.json()["resources"], 21);
    assert_eq!(
        r.header(header::X_CONTENT_TYPE_OPTIONS).as_deref(),
        Some("nosniff")
    );
}

#[actix_web::test]
async fn search_returns_hits_facets_total_and_paging() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let r = send!(svc, TestRequest::get().uri("/api/v1/search?per_page=5"));
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let body = r.json();
    assert_eq!(body["total"], 21);
    assert_eq!(body["hits"].as_array().unwrap().len(), 5);
    assert_eq!(
        body["paging"],
        json!({"page": 1, "per_page": 5, "total_pages": 5})
    );
    let hit = &body["hits"][0];
    assert!(hit["resource"]["id"].as_str().unwrap().starts_with("seed-"));
    assert!(hit["score"].is_number());
    assert!(hit["highlights"].is_array());
    assert!(body["facets"]["categories"].as_array().unwrap().len() > 3);
    assert!(body["facets"]["languages"].is_array());
}

#[actix_web::test]
async fn search_takes_text_place_and_repeated_filters() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let editor = env.token(Role::Editor, &[]);
    create!(
        svc,
        &editor,
        place_resource("Psycholoog Utrecht", "Utrecht")
    );
    let uri = "/api/v1/search?q=%D0%BF%D1%81%D0%B8%D1%85%D0%BE%D0%BB%D0%BE%D0%B3\
               &place=%D0%A3%D1%82%D1%80%D0%B5%D1%85%D1%82&radius_km=10\
               &category=health&category=safety,work&language=uk&free=true&online=false";
    let r = send!(svc, TestRequest::get().uri(uri));
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let body = r.json();
    assert_eq!(body["place"]["name"], "Utrecht");
    assert_eq!(body["total"], 1, "{body}");
    let hit = &body["hits"][0];
    assert_eq!(hit["resource"]["name"], "Psycholoog Utrecht");
    assert!(hit["distance_km"].as_f64().unwrap() < 5.0);
    assert!(!hit["highlights"].as_array().unwrap().is_empty());

    let r = send!(
        svc,
        TestRequest::get().uri("/api/v1/search?near=52.09,5.12&radius_km=5&online=false")
    );
    assert_eq!(r.json()["total"], 1);
}

#[actix_web::test]
async fn search_names_every_bad_parameter() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let r = send!(
        svc,
        TestRequest::get().uri("/api/v1/search?near=999,999&age=old&page=x&free=maybe&colour=red")
    );
    assert_eq!(
        r.invalid_fields(),
        ["near", "age", "page", "free", "colour"]
    );
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/search?near=52,5&radius_km=-5&category=nonsense&language=ukrainian&per_page=1000")
    );
    assert_eq!(
        r.invalid_fields(),
        ["radius_km", "category[0]", "language[0]", "per_page"]
    );
    let r = send!(svc, TestRequest::get().uri("/api/v1/search?place=Atlantis"));
    assert_eq!(r.invalid_fields(), ["place"]);
    let r = send!(svc, TestRequest::get().uri("/api/v1/search?q=a&q=b"));
    assert_eq!(r.invalid_fields(), ["q"]);
}

#[actix_web::test]
async fn hostile_input_gets_a_4xx_or_a_clean_answer_never_a_500() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let hostile = [
        "/api/v1/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/api/v1/search?q=%E2%80%AEevil%E2%80%8B%E2%80%8Dzero",
        "/api/v1/search?q=%22%27%3B--",
        "/api/v1/search?near=NaN,NaN",
        "/api/v1/search?near=inf,0",
        "/api/v1/search?radius_km=1e400&near=52,5",
        "/api/v1/search?page=99999999999999999999999",
        "/api/v1/search?per_page=0",
        "/api/v1/search?age=300",
        "/api/v1/search?place=%E2%80%AE",
        "/api/v1/search?q=",
        "/api/v1/places?q=%3Cscript%3E",
        "/api/v1/places?q=%E2%80%8B",
        "/api/v1/resources/%3Cscript%3E",
        "/api/v1/resources/..%2F..%2Fetc%2Fpasswd",
        "/api/v1/moderation/%E2%80%AE/approve",
    ];
    for uri in hostile {
        let r = send!(svc, TestRequest::get().uri(uri));
        assert!(
            r.status.is_success() || r.status.is_client_error(),
            "{uri}: {} {}",
            r.status,
            r.text()
        );
        r.json();
        assert!(!r.text().contains("<script>"), "{uri}: {}", r.text());
    }
    let long_q = format!("/api/v1/search?q={}", "a".repeat(5000));
    let r = send!(svc, TestRequest::get().uri(&long_q));
    assert_eq!(r.invalid_fields(), ["q"]);
}

#[actix_web::test]
async fn script_in_a_name_is_stored_as_is_and_returned_json_escaped() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let editor = env.token(Role::Editor, &[]);
    let name = "<script>alert('x')</script> \u{202e}Help\u{200b} & \"quotes\"";
    let created = create!(svc, &editor, place_resource(name, "Utrecht"));
    let id = created["id"].as_str().unwrap().to_string();
    let r = send!(
        svc,
        TestRequest::get().uri(&format!("/api/v1/resources/{id}"))
    );
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.text().contains('<'), "raw markup in {}", r.text());
    assert!(r.text().contains("\\u003cscript\\u003e"));
    assert_eq!(r.json()["name"], name);
    let r = send!(svc, TestRequest::get().uri("/api/v1/search?q=alert"));
    assert!(!r.text().contains('<'));
    assert_eq!(r.json()["hits"][0]["resource"]["name"], name);
}

#[actix_web::test]
async fn get_resource_returns_it_with_an_etag_or_a_json_404() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let r = send!(svc, TestRequest::get().uri("/api/v1/resources/seed-uaf"));
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["id"], "seed-uaf");
    let etag = r.header(header::ETAG).expect("etag");
    assert!(etag.starts_with('"') && etag.ends_with('"'));
    let r = send!(svc, TestRequest::get().uri("/api/v1/resources/nope"));
    r.error(StatusCode::NOT_FOUND, "not_found");
}

#[actix_web::test]
async fn taxonomy_has_fourteen_indicators_labelled_in_three_languages() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let r = send!(svc, TestRequest::get().uri("/api/v1/taxonomy"));
    assert_eq!(r.status, StatusCode::OK);
    let body = r.json();
    let indicators = body["indicators"].as_array().unwrap();
    assert_eq!(indicators.len(), 14);
    for i in indicators {
        for lang in ["uk", "nl", "en"] {
            assert!(!i["labels"][lang].as_str().unwrap().is_empty());
        }
    }
    let categories = body["categories"].as_array().unwrap();
    assert!(categories
        .iter()
        .any(|c| c["code"] == "health.mental_support" && c["indicator"] == "health"));
}

#[actix_web::test]
async fn places_autocomplete_in_any_script() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    for q in ["Utrecht", "%D0%A3%D1%82%D1%80%D0%B5%D1%85%D1%82", "utre"] {
        let r = send!(
            svc,
            TestRequest::get().uri(&format!("/api/v1/places?q={q}&limit=3"))
        );
        assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.text());
        assert_eq!(r.json()[0]["name"], "Utrecht", "{q}");
        assert!(r.json().as_array().unwrap().len() <= 3);
    }
    let r = send!(svc, TestRequest::get().uri("/api/v1/places?q=&limit=0&x=1"));
    assert_eq!(r.invalid_fields(), ["limit", "x", "q"]);
}

#[actix_web::test]
async fn writes_need_a_valid_token() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let body = place_resource("Zonder token", "Utrecht");
    let r = send!(
        svc,
        TestRequest::post().uri("/api/v1/resources").set_json(&body)
    );
    r.error(StatusCode::UNAUTHORIZED, "unauthorized");
    assert_eq!(
        r.header(header::WWW_AUTHENTICATE).as_deref(),
        Some("Bearer")
    );
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/resources")
            .insert_header(bearer("not-a-token"))
            .set_json(&body)
    );
    r.error(StatusCode::UNAUTHORIZED, "unauthorized");
    for (method, uri) in [
        (TestRequest::put(), "/api/v1/resources/seed-uaf"),
        (TestRequest::patch(), "/api/v1/resources/seed-uaf"),
        (TestRequest::delete(), "/api/v1/resources/seed-uaf"),
        (TestRequest::post(), "/api/v1/resources/seed-uaf/verify"),
        (TestRequest::get(), "/api/v1/moderation"),
        (TestRequest::post(), "/api/v1/moderation/s-1/approve"),
        (TestRequest::post(), "/api/v1/moderation/s-1/reject"),
        (TestRequest::get(), "/api/v1/audit"),
        (TestRequest::get(), "/api/v1/stale"),
    ] {
        let r = send!(svc, method.uri(uri).set_json(json!({})));
        r.error(StatusCode::UNAUTHORIZED, "unauthorized");
    }
}

#[actix_web::test]
async fn create_answers_201_with_the_stored_resource_and_the_cookie_works_too() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let editor = env.token(Role::Editor, &[]);
    let created = create!(svc, &editor, place_resource("Taalcafé", "Utrecht"));
    let id = created["id"].as_str().unwrap();
    assert!(id.starts_with("r-"));
    assert_eq!(created["status"], "published");
    let r = send!(
        svc,
        TestRequest::get().uri(&format!("/api/v1/resources/{id}"))
    );
    assert_eq!(r.json(), created);

    let mut body = place_resource("Met cookie", "Utrecht");
    body["id"] = json!("met-cookie");
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/resources")
            .cookie(actix_web::cookie::Cookie::new(
                "wegwijs_token",
                editor.clone()
            ))
            .set_json(&body)
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(
        r.header(header::LOCATION).as_deref(),
        Some("/api/v1/resources/met-cookie")
    );
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/resources")
            .insert_header(bearer(&editor))
            .set_json(&body)
    );
    assert_eq!(r.invalid_fields(), ["id"]);
}

#[actix_web::test]
async fn invalid_resource_names_every_bad_field() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let editor = env.token(Role::Editor, &[]);
    let mut body = place_resource("", "Utrecht");
    body["categories"] = json!(["health.mental_support", "no.such_category"]);
    body["location"]["lat"] = json!(999.0);
    body["languages"] = json!(["ukrainian"]);
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/resources")
            .insert_header(bearer(&editor))
            .set_json(&body)
    );
    let fields = r.invalid_fields();
    for f in ["name", "categories[1]", "location.lat", "languages[0]"] {
        assert!(fields.iter().any(|x| x == f), "{f} missing from {fields:?}");
    }
    // A type error names its path.
    let mut body = place_resource("Typefout", "Utrecht");
    body["languages"] = json!("uk");
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/resources")
            .insert_header(bearer(&editor))
            .set_json(&body)
    );
    assert_eq!(r.invalid_fields(), ["languages"]);
}

#[actix_web::test]
async fn malformed_json_wrong_content_type_and_big_bodies_are_4xx() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let editor = env.token(Role::Editor, &[]);
    let post = || {
        TestRequest::post()
            .uri("/api/v1/resources")
            .insert_header(bearer(&editor))
    };
    let r = send!(
        svc,
        post()
            .insert_header(header::ContentType::json())
            .set_payload("{\"name\": ")
    );
    assert_eq!(r.invalid_fields(), ["body"]);
    let r = send!(
        svc,
        post()
            .insert_header(header::ContentType::json())
            .set_payload("[1, 2]")
    );
    assert_eq!(r.invalid_fields(), ["body"]);
    let r = send!(
        svc,
        post()
            .insert_header(header::ContentType::plaintext())
            .set_payload("{}")
    );
    r.error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    let r = send!(svc, post().set_payload("{}"));
    r.error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");

    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(10 * 1024 * 1024));
    let r = send!(
        svc,
        post()
            .insert_header(header::ContentType::json())
            .set_payload(huge.clone())
    );
    r.error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/suggestions")
            .insert_header(header::ContentType::json())
            .set_payload(huge)
    );
    r.error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    let just_over = format!("{{\"note\": \"{}\"}}", "x".repeat(1024 * 1024));
    let moderator = env.token(Role::Moderator, &[]);
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/moderation/s-x/reject")
            .insert_header(bearer(&moderator))
            .insert_header(header::ContentType::json())
            .set_payload(just_over)
    );
    r.error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
}

#[actix_web::test]
async fn unknown_routes_and_methods_answer_json() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let r = send!(svc, TestRequest::get().uri("/api/v1/nothing-here"));
    r.error(StatusCode::NOT_FOUND, "not_found");
    let r = send!(svc, TestRequest::delete().uri("/api/v1/search"));
    r.error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}

#[actix_web::test]
async fn an_editor_for_utrecht_cannot_write_in_groningen() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let admin = env.token(Role::Admin, &[]);
    let utrecht = env.token(Role::Editor, &["Utrecht"]);
    let groningen_id = create!(svc, &admin, place_resource("Hulp Groningen", "Groningen"))["id"]
        .as_str()
        .unwrap()
        .to_string();
    // In Utrecht it may write.
    let own = create!(svc, &utrecht, place_resource("Hulp Utrecht", "Utrecht"));
    assert_eq!(own["location"]["municipality"], "Utrecht");
    // In Groningen it may not: create, replace, patch, archive, verify.
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/resources")
            .insert_header(bearer(&utrecht))
            .set_json(place_resource("Stiekem", "Groningen"))
    );
    r.error(StatusCode::FORBIDDEN, "forbidden");
    let uri = format!("/api/v1/resources/{groningen_id}");
    let attempts = [
        TestRequest::put()
            .uri(&uri)
            .set_json(place_resource("Overschreven", "Groningen")),
        TestRequest::patch()
            .uri(&uri)
            .set_json(json!({"name": "Gewijzigd"})),
        TestRequest::delete().uri(&uri),
        TestRequest::post().uri(&format!("{uri}/verify")),
    ];
    for req in attempts {
        let r = send!(svc, req.insert_header(bearer(&utrecht)));
        let e = r.error(StatusCode::FORBIDDEN, "forbidden");
        assert!(e["message"].as_str().unwrap().contains("Utrecht"), "{e}");
    }
    // Nor move its own resource to Groningen.
    let r = send!(
        svc,
        TestRequest::patch()
            .uri(&format!(
                "/api/v1/resources/{}",
                own["id"].as_str().unwrap()
            ))
            .insert_header(bearer(&utrecht))
            .set_json(
                json!({"location": {"municipality": "Groningen", "lat": 53.2194, "lon": 6.5665}})
            )
    );
    r.error(StatusCode::FORBIDDEN, "forbidden");
    let r = send!(svc, TestRequest::get().uri(&uri));
    assert_eq!(r.json()["name"], "Hulp Groningen");
}

#[actix_web::test]
async fn stale_updates_get_409_fresh_ones_succeed() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let editor = env.token(Role::Editor, &[]);
    let created = create!(svc, &editor, place_resource("Versies", "Utrecht"));
    let id = created["id"].as_str().unwrap().to_string();
    let uri = format!("/api/v1/resources/{id}");
    let etag_v1 = send!(svc, TestRequest::get().uri(&uri))
        .header(header::ETAG)
        .unwrap();

    // PATCH with the current ETag succeeds and changes the ETag.
    let r = send!(
        svc,
        TestRequest::patch()
            .uri(&uri)
            .insert_header(bearer(&editor))
            .insert_header((header::IF_MATCH, etag_v1.clone()))
            .insert_header((header::CONTENT_TYPE, "application/merge-patch+json"))
            .set_payload(r#"{"name": "Versie 2"}"#)
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["name"], "Versie 2");
    let etag_v2 = r.header(header::ETAG).unwrap();
    assert_ne!(etag_v1, etag_v2);

    // The old ETag is now stale: PUT and PATCH get 409 with the current version.
    let mut whole = created.clone();
    whole["name"] = json!("Versie 3");
    let r = send!(
        svc,
        TestRequest::put()
            .uri(&uri)
            .insert_header(bearer(&editor))
            .insert_header((header::IF_MATCH, etag_v1.clone()))
            .set_json(&whole)
    );
    let e = r.error(StatusCode::CONFLICT, "conflict");
    assert_eq!(
        format!("\"{}\"", e["current_updated_at"].as_str().unwrap()).len(),
        etag_v2.len()
    );
    let r = send!(
        svc,
        TestRequest::patch()
            .uri(&uri)
            .insert_header(bearer(&editor))
            .set_json(json!({"name": "x", "updated_at": created["provenance"]["updated_at"]}))
    );
    r.error(StatusCode::CONFLICT, "conflict");
    // The body of a PUT echoes the version it was read at: stale, so 409.
    let r = send!(
        svc,
        TestRequest::put()
            .uri(&uri)
            .insert_header(bearer(&editor))
            .set_json(&whole)
    );
    r.error(StatusCode::CONFLICT, "conflict");
    // If-Unmodified-Since before the last change: 409.
    let r = send!(
        svc,
        TestRequest::put()
            .uri(&uri)
            .insert_header(bearer(&editor))
            .insert_header((header::IF_UNMODIFIED_SINCE, "Sat, 01 Jan 2000 00:00:00 GMT"))
            .set_json(&whole)
    );
    r.error(StatusCode::CONFLICT, "conflict");
    // A malformed precondition is a 400 naming the header.
    let r = send!(
        svc,
        TestRequest::put()
            .uri(&uri)
            .insert_header(bearer(&editor))
            .insert_header((header::IF_MATCH, "\"yesterday\""))
            .set_json(&whole)
    );
    assert_eq!(r.invalid_fields(), ["If-Match"]);

    // PUT with the current ETag succeeds.
    let r = send!(
        svc,
        TestRequest::put()
            .uri(&uri)
            .insert_header(bearer(&editor))
            .insert_header((header::IF_MATCH, etag_v2))
            .set_json(&whole)
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["name"], "Versie 3");
    // A far-future If-Unmodified-Since passes.
    let r = send!(
        svc,
        TestRequest::patch()
            .uri(&uri)
            .insert_header(bearer(&editor))
            .insert_header((header::IF_UNMODIFIED_SINCE, "Fri, 01 Jan 2100 00:00:00 GMT"))
            .set_json(json!({"name": "Versie 4"}))
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // Writes to a missing resource are 404.
    let r = send!(
        svc,
        TestRequest::patch()
            .uri("/api/v1/resources/no-such")
            .insert_header(bearer(&editor))
            .set_json(json!({"name": "x"}))
    );
    r.error(StatusCode::NOT_FOUND, "not_found");
}

#[actix_web::test]
async fn delete_archives_and_verify_records_who() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let editor = env.token(Role::Editor, &[]);
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/resources/seed-uaf/verify")
            .insert_header(bearer(&editor))
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["provenance"]["verified_by"], "Editor tester");
    assert!(r.json()["provenance"]["verified_at"].is_string());

    let r = send!(
        svc,
        TestRequest::delete()
            .uri("/api/v1/resources/seed-uaf")
            .insert_header(bearer(&editor))
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["status"], "archived");
    let r = send!(svc, TestRequest::get().uri("/api/v1/resources/seed-uaf"));
    assert_eq!(r.json()["status"], "archived", "archived, never deleted");
    let r = send!(svc, TestRequest::get().uri("/api/v1/search?per_page=100"));
    assert_eq!(r.json()["total"], 20);
}

#[actix_web::test]
async fn suggestions_wait_for_a_moderator() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let moderator = env.token(Role::Moderator, &[]);
    let editor = env.token(Role::Editor, &[]);

    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/suggestions")
            .set_json(json!({
                "kind": "new_resource",
                "resource": place_resource("Voorgesteld", "Utrecht")
            }))
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let new_id = r.json()["id"].as_str().unwrap().to_string();
    assert_eq!(r.json()["status"], "pending");
    let resource_id = r.json()["resource"]["id"].as_str().unwrap().to_string();
    let r = send!(
        svc,
        TestRequest::get().uri(&format!("/api/v1/resources/{resource_id}"))
    );
    r.error(StatusCode::NOT_FOUND, "not_found");

    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/suggestions")
            .set_json(json!({
                "kind": "correction",
                "resource_id": "seed-uaf",
                "message": "het telefoonnummer klopt niet",
                "patch": {"contact": {"phone": "+31 20 000 0000"}}
            }))
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let correction_id = r.json()["id"].as_str().unwrap().to_string();

    // Bad suggestions.
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/suggestions")
            .set_json(json!({
                "kind": "correction", "resource_id": "seed-uaf", "message": "  "
            }))
    );
    assert_eq!(r.invalid_fields(), ["message"]);
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/suggestions")
            .set_json(json!({
                "kind": "correction", "resource_id": "no-such", "message": "closed"
            }))
    );
    r.error(StatusCode::NOT_FOUND, "not_found");
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/suggestions")
            .set_json(json!({"kind": "compliment"}))
    );
    assert_eq!(r.invalid_fields(), ["kind"]);
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/suggestions")
            .set_json(json!({
                "kind": "new_resource", "resource": {"name": 5}
            }))
    );
    assert_eq!(r.invalid_fields(), ["resource.name"]);

    // The queue: moderators only.
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/moderation")
            .insert_header(bearer(&editor))
    );
    r.error(StatusCode::FORBIDDEN, "forbidden");
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/moderation")
            .insert_header(bearer(&moderator))
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let ids: Vec<String> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, [new_id.as_str(), correction_id.as_str()]);
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/moderation?status=maybe")
            .insert_header(bearer(&moderator))
    );
    assert_eq!(r.invalid_fields(), ["status"]);

    // Approve the new resource: it is published.
    let r = send!(
        svc,
        TestRequest::post()
            .uri(&format!("/api/v1/moderation/{new_id}/approve"))
            .insert_header(bearer(&editor))
    );
    r.error(StatusCode::FORBIDDEN, "forbidden");
    let r = send!(
        svc,
        TestRequest::post()
            .uri(&format!("/api/v1/moderation/{new_id}/approve"))
            .insert_header(bearer(&moderator))
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["status"], "approved");
    let r = send!(
        svc,
        TestRequest::get().uri(&format!("/api/v1/resources/{resource_id}"))
    );
    assert_eq!(r.json()["status"], "published");
    // Deciding twice is a 400.
    let r = send!(
        svc,
        TestRequest::post()
            .uri(&format!("/api/v1/moderation/{new_id}/reject"))
            .insert_header(bearer(&moderator))
    );
    assert_eq!(r.invalid_fields(), ["status"]);

    // Reject the correction, with a note; published data is unchanged.
    let r = send!(
        svc,
        TestRequest::post()
            .uri(&format!("/api/v1/moderation/{correction_id}/reject"))
            .insert_header(bearer(&moderator))
            .insert_header(header::ContentType::plaintext())
            .set_payload("nope")
    );
    r.error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    let r = send!(
        svc,
        TestRequest::post()
            .uri(&format!("/api/v1/moderation/{correction_id}/reject"))
            .insert_header(bearer(&moderator))
            .set_json(json!({"note": "the number is right"}))
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["status"], "rejected");
    assert_eq!(r.json()["note"], "the number is right");
    let r = send!(svc, TestRequest::get().uri("/api/v1/resources/seed-uaf"));
    assert_ne!(r.json()["contact"]["phone"], "+31 20 000 0000");
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/moderation/s-none/approve")
            .insert_header(bearer(&moderator))
    );
    r.error(StatusCode::NOT_FOUND, "not_found");
}

#[actix_web::test]
async fn audit_is_for_admins_and_shows_before_and_after() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let admin = env.token(Role::Admin, &[]);
    let editor = env.token(Role::Editor, &[]);
    let r = send!(
        svc,
        TestRequest::patch()
            .uri("/api/v1/resources/seed-uaf")
            .insert_header(bearer(&editor))
            .set_json(json!({"opening_hours": "ma-vr 9-17"}))
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/audit")
            .insert_header(bearer(&editor))
    );
    r.error(StatusCode::FORBIDDEN, "forbidden");
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/audit?limit=10")
            .insert_header(bearer(&admin))
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let record = &r.json()[0];
    assert_eq!(record["action"], "patch");
    assert_eq!(record["actor"], "Editor tester");
    assert_eq!(record["resource_id"], "seed-uaf");
    let change = record["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "opening_hours")
        .expect("opening_hours change");
    assert_eq!(change["before"], Value::Null);
    assert_eq!(change["after"], "ma-vr 9-17");
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/audit?limit=0&before_seq=x")
            .insert_header(bearer(&admin))
    );
    assert_eq!(r.invalid_fields(), ["limit", "before_seq"]);
}

#[actix_web::test]
async fn stale_lists_unverified_resources_of_the_token_region() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let admin = env.token(Role::Admin, &[]);
    let utrecht = env.token(Role::Editor, &["Utrecht"]);
    create!(svc, &admin, place_resource("Oud Utrecht", "Utrecht"));
    create!(svc, &admin, place_resource("Oud Groningen", "Groningen"));
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/stale")
            .insert_header(bearer(&utrecht))
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let names: Vec<String> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["Oud Utrecht"]);
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/stale?older_than_days=-1")
            .insert_header(bearer(&admin))
    );
    assert_eq!(r.invalid_fields(), ["older_than_days"]);
}

#[actix_web::test]
async fn rate_limits_answer_429_with_retry_after() {
    let env = env_with(HttpConfig {
        rate_limits: tight_limits(),
        trust_proxy: false,
    });
    let svc = test::init_service(app(env.state.clone())).await;
    let ip = "203.0.113.7:5000".parse().unwrap();
    for _ in 0..2 {
        let r = send!(
            svc,
            TestRequest::get().uri("/api/v1/taxonomy").peer_addr(ip)
        );
        assert_eq!(r.status, StatusCode::OK);
    }
    let r = send!(
        svc,
        TestRequest::get().uri("/api/v1/taxonomy").peer_addr(ip)
    );
    r.error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    let after: u64 = r
        .header(header::RETRY_AFTER)
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!((1..=60).contains(&after), "{after}");
    // A forged X-Forwarded-For does not give a fresh bucket.
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/taxonomy")
            .peer_addr(ip)
            .insert_header(("x-forwarded-for", "10.9.8.7"))
    );
    r.error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    // Another address has its own bucket; a token has its own too.
    let other = "198.51.100.1:5000".parse().unwrap();
    let r = send!(
        svc,
        TestRequest::get().uri("/api/v1/taxonomy").peer_addr(other)
    );
    assert_eq!(r.status, StatusCode::OK);
    let editor = env.token(Role::Editor, &[]);
    for _ in 0..2 {
        let r = send!(
            svc,
            TestRequest::get()
                .uri("/api/v1/taxonomy")
                .peer_addr(ip)
                .insert_header(bearer(&editor))
        );
        assert_eq!(r.status, StatusCode::OK);
    }
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/taxonomy")
            .peer_addr(ip)
            .insert_header(bearer(&editor))
    );
    r.error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    // Suggestions have a stricter bucket of their own.
    let suggestion = json!({"kind": "correction", "resource_id": "seed-uaf", "message": "closed"});
    let third = "192.0.2.9:5000".parse().unwrap();
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/suggestions")
            .peer_addr(third)
            .set_json(&suggestion)
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/suggestions")
            .peer_addr(third)
            .set_json(&suggestion)
    );
    r.error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    assert!(r.header(header::RETRY_AFTER).is_some());
    // Operator endpoints are not limited.
    let r = send!(svc, TestRequest::get().uri("/healthz").peer_addr(ip));
    assert_eq!(r.status, StatusCode::OK);
}

#[actix_web::test]
async fn metrics_count_requests_per_route_pattern() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    send!(svc, TestRequest::get().uri("/api/v1/search?q=help"));
    send!(svc, TestRequest::get().uri("/api/v1/resources/seed-uaf"));
    send!(svc, TestRequest::get().uri("/api/v1/resources/nope"));
    let r = send!(svc, TestRequest::get().uri("/metrics"));
    assert_eq!(r.status, StatusCode::OK);
    assert!(r
        .header(header::CONTENT_TYPE)
        .unwrap()
        .starts_with("text/plain"));
    let text = r.text();
    for line in [
        "wegwijs_http_requests_total{method=\"GET\",route=\"/api/v1/search\",status=\"200\"} 1",
        "wegwijs_http_requests_total{method=\"GET\",route=\"/api/v1/resources/{id}\",status=\"200\"} 1",
        "wegwijs_http_requests_total{method=\"GET\",route=\"/api/v1/resources/{id}\",status=\"404\"} 1",
        "wegwijs_http_request_duration_seconds_count{route=\"/api/v1/resources/{id}\"} 2",
        "wegwijs_http_request_duration_seconds_bucket{route=\"/api/v1/search\",le=\"+Inf\"} 1",
        "wegwijs_resources_total 21",
        "wegwijs_resources{status=\"published\"} 21",
    ] {
        assert!(text.contains(line), "missing {line} in\n{text}");
    }
    assert!(text.contains("wegwijs_index_bytes "));
    assert!(!text.contains("help"), "no query values in metrics");
}

/// Every (method, path) the API serves, as the OpenAPI document must list them.
const ROUTES: [(&str, &str); 18] = [
    ("get", "/api/v1/search"),
    ("get", "/api/v1/places"),
    ("get", "/api/v1/taxonomy"),
    ("post", "/api/v1/resources"),
    ("get", "/api/v1/resources/{id}"),
    ("put", "/api/v1/resources/{id}"),
    ("patch", "/api/v1/resources/{id}"),
    ("delete", "/api/v1/resources/{id}"),
    ("post", "/api/v1/resources/{id}/verify"),
    ("get", "/api/v1/stale"),
    ("post", "/api/v1/suggestions"),
    ("get", "/api/v1/moderation"),
    ("post", "/api/v1/moderation/{id}/approve"),
    ("post", "/api/v1/moderation/{id}/reject"),
    ("get", "/api/v1/audit"),
    ("get", "/healthz"),
    ("get", "/metrics"),
    ("get", "/openapi.json"),
];

#[actix_web::test]
async fn openapi_lists_exactly_the_routes_served() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let r = send!(svc, TestRequest::get().uri("/openapi.json"));
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut documented = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                documented.push((method.clone(), path.clone()));
            }
        }
    }
    documented.sort();
    let mut served: Vec<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    served.sort();
    assert_eq!(documented, served);
    // And each is really served: no route-level 404 or 405.
    for (method, path) in ROUTES {
        let uri = path.replace("{id}", "seed-uaf");
        let req = match method {
            "get" => TestRequest::get(),
            "post" => TestRequest::post(),
            "put" => TestRequest::put(),
            "patch" => TestRequest::patch(),
            _ => TestRequest::delete(),
        };
        let r = send!(svc, req.uri(&uri));
        assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
        if r.status == StatusCode::NOT_FOUND {
            assert_ne!(
                r.json()["error"]["message"],
                "no such API route",
                "{method} {uri}"
            );
        }
        assert!(!r.status.is_server_error(), "{method} {uri}: {}", r.text());
    }
    for schema in ["Resource", "SearchResponse", "ErrorBody", "SuggestionOut"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}

#[actix_web::test]
async fn a_revoked_token_is_refused() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let (info, secret) = env
        .engine
        .create_token(Role::Editor, "leaver", Vec::new())
        .unwrap();
    let verify = || {
        TestRequest::post()
            .uri("/api/v1/resources/seed-uaf/verify")
            .insert_header(bearer(&secret))
    };
    assert_eq!(send!(svc, verify()).status, StatusCode::OK);
    env.engine.revoke_token(&info.id).unwrap();
    send!(svc, verify()).error(StatusCode::UNAUTHORIZED, "unauthorized");
}

#[test]
fn token_cli_creates_lists_and_revokes_and_the_secret_works_over_http() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = super::common::wegwijs(dir.path())
        .args([
            "token",
            "create",
            "--role",
            "editor",
            "--name",
            "Lead Utrecht",
        ])
        .args(["--region", "Utrecht"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let secret = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(secret.len() >= 20, "a secret is printed: {secret}");
    let out = super::common::wegwijs(dir.path())
        .args(["token", "list", "--json"])
        .output()
        .expect("runs");
    let listed: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(listed[0]["name"], "Lead Utrecht");
    assert_eq!(listed[0]["regions"], json!(["Utrecht"]));
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains(&secret),
        "never the secret"
    );
    let id = listed[0]["id"].as_str().unwrap().to_string();

    let (engine, _) = Engine::open(dir.path()).expect("opens");
    let principal = engine
        .authenticate(&secret)
        .expect("the printed secret works");
    assert_eq!(principal.regions, ["Utrecht"]);
    drop(engine);

    let out = super::common::wegwijs(dir.path())
        .args(["token", "revoke", &id])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (engine, _) = Engine::open(dir.path()).expect("opens");
    assert!(engine.authenticate(&secret).is_err());
}

/// Sends one HTTP/1.1 request over a plain socket and returns the response.
fn raw_http(addr: &str, request: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connects");
    stream.write_all(request.as_bytes()).expect("writes");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    response
}

#[test]
fn serve_answers_and_shuts_down_gracefully_on_sigterm_keeping_writes() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("temp dir");
    let out = super::common::wegwijs(dir.path())
        .args(["token", "create", "--role", "editor", "--name", "smoke"])
        .output()
        .expect("runs");
    let secret = String::from_utf8(out.stdout).unwrap().trim().to_string();

    let bin = assert_cmd::cargo::cargo_bin("wegwijs");
    let mut child = std::process::Command::new(bin)
        .arg("--data-dir")
        .arg(dir.path())
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env_remove("WEGWIJS_BIND")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let stderr = child.stderr.take().unwrap();
    let mut lines = std::io::BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines.next().expect("a line").expect("utf-8");
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest.trim().to_string();
        }
    };
    // Keep draining stderr so the server never blocks on a full pipe.
    let drain = std::thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<_>>());

    let health = raw_http(
        &addr,
        "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let search = raw_http(
        &addr,
        "GET /api/v1/search?q=geheimwoord&place=Utrecht HTTP/1.1\r\n\
         Host: x\r\nConnection: close\r\n\r\n",
    );
    assert!(search.starts_with("HTTP/1.1 200"), "{search}");
    let body = place_resource("Na herstart", "Utrecht");
    let mut body = body;
    body["id"] = json!("na-herstart");
    let body = body.to_string();
    let created = raw_http(
        &addr,
        &format!(
            "POST /api/v1/resources HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Authorization: Bearer {secret}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(created.starts_with("HTTP/1.1 201"), "{created}");

    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "server did not stop");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status}");
    // One access-log line per request: method, route pattern, status and
    // duration, and nothing of the query or the body.
    let log = drain.join().unwrap().join("\n");
    let requests: Vec<&str> = log.lines().filter(|l| l.contains(" request ")).collect();
    assert_eq!(requests.len(), 3, "{log}");
    assert!(requests[1].contains("method=GET route=/api/v1/search status=200 duration_ms="));
    assert!(requests[2].contains("method=POST route=/api/v1/resources status=201"));
    for private in ["geheimwoord", "Utrecht", "Na herstart", &secret] {
        assert!(!log.contains(private), "{private} logged: {log}");
    }

    let (engine, _) = Engine::open(dir.path()).expect("reopens: the lock was released");
    assert_eq!(engine.get("na-herstart").expect("kept").name, "Na herstart");
}

#[actix_web::test]
async fn behind_a_proxy_the_forwarded_address_is_limited() {
    let env = env_with(HttpConfig {
        rate_limits: tight_limits(),
        trust_proxy: true,
    });
    let svc = test::init_service(app(env.state.clone())).await;
    let proxy = "127.0.0.1:40000".parse().unwrap();
    let from = |client: &str| {
        TestRequest::get()
            .uri("/api/v1/taxonomy")
            .peer_addr(proxy)
            .insert_header(("x-forwarded-for", client.to_string()))
    };
    for _ in 0..2 {
        assert_eq!(send!(svc, from("203.0.113.1")).status, StatusCode::OK);
    }
    send!(svc, from("203.0.113.1")).error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    assert_eq!(send!(svc, from("203.0.113.2")).status, StatusCode::OK);
}

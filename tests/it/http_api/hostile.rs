//! Hostile input: scripts, RTL overrides and zero-width characters, bad
//! JSON, wrong content types, big bodies — a clear 4xx, never a 500, and
//! stored text always escaped.

use super::*;

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
    let name = "<script>alert('x')</script> & \"quotes\" 'single'";
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
async fn direction_overrides_and_zero_width_characters_in_a_name_are_a_400() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let editor = env.token(Role::Editor, &[]);
    for name in ["\u{202e}evil.exe", "Help\u{200b}desk"] {
        let r = send!(
            svc,
            TestRequest::post()
                .uri("/api/v1/resources")
                .insert_header(bearer(&editor))
                .set_json(place_resource(name, "Utrecht"))
        );
        assert_eq!(r.invalid_fields(), ["name"], "{name:?}");
        let r = send!(
            svc,
            TestRequest::post()
                .uri("/api/v1/suggestions")
                .set_json(json!({
                    "kind": "new_resource",
                    "resource": place_resource(name, "Utrecht")
                }))
        );
        assert!(r.status.is_client_error(), "{name:?}: {}", r.text());
    }
}

/// Random text from an alphabet of troublemakers.
fn nasty_text(rng: &mut impl rand::Rng, max_len: usize) -> String {
    const PIECES: [&str; 24] = [
        "<", ">", "&", "\"", "'", "%", ",", ".", "-", "0", "9", "1e309", "NaN", " ", "\u{202e}",
        "\u{200b}", "\u{feff}", "й", "ї", "ß", "=", "?", "\\", "\u{0}",
    ];
    let len = rng.gen_range(0..=max_len);
    (0..len)
        .map(|_| PIECES[rng.gen_range(0..PIECES.len())])
        .collect()
}

fn percent_encode(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[actix_web::test]
async fn random_hostile_parameters_and_bodies_never_get_a_5xx() {
    use rand::{Rng, SeedableRng};
    // Limits high enough that every request reaches its handler.
    let roomy = RateLimit {
        burst: 10_000,
        per_minute: 10_000.0,
    };
    let env = env_with(HttpConfig {
        rate_limits: RateLimits {
            anonymous: roomy,
            per_token: roomy,
            suggestions: roomy,
        },
        trust_proxy: false,
    });
    let svc = test::init_service(app(env.state.clone())).await;
    let editor = env.token(Role::Editor, &[]);
    let mut rng = rand::rngs::SmallRng::seed_from_u64(7);
    let names = [
        "q",
        "near",
        "place",
        "radius_km",
        "category",
        "language",
        "exclude_language",
        "free",
        "age",
        "online",
        "page",
        "per_page",
        "limit",
        "status",
        "junk",
    ];
    let paths = [
        "/api/v1/search",
        "/api/v1/places",
        "/api/v1/moderation",
        "/api/v1/audit",
        "/api/v1/stale",
    ];
    for _ in 0..300 {
        let path = paths[rng.gen_range(0..paths.len())];
        let query: Vec<String> = (0..rng.gen_range(0..5))
            .map(|_| {
                let name = names[rng.gen_range(0..names.len())];
                format!("{name}={}", percent_encode(&nasty_text(&mut rng, 12)))
            })
            .collect();
        let uri = format!("{path}?{}", query.join("&"));
        let mut req = TestRequest::get().uri(&uri);
        if rng.gen_bool(0.5) {
            req = req.insert_header(bearer(&editor));
        }
        let r = send!(svc, req);
        assert!(
            !r.status.is_server_error(),
            "{uri}: {} {}",
            r.status,
            r.text()
        );
        r.json();
    }
    let fields = [
        "name",
        "categories",
        "location",
        "languages",
        "kind",
        "updated_at",
    ];
    for _ in 0..150 {
        let mut body = serde_json::Map::new();
        for _ in 0..rng.gen_range(0..4) {
            let value = match rng.gen_range(0..4) {
                0 => json!(nasty_text(&mut rng, 10)),
                1 => json!(rng.gen::<f64>() * 1e6 - 5e5),
                2 => json!([nasty_text(&mut rng, 5)]),
                _ => json!({"kind": nasty_text(&mut rng, 4), "lat": 999}),
            };
            body.insert(fields[rng.gen_range(0..fields.len())].to_string(), value);
        }
        let body = Value::Object(body);
        for req in [
            TestRequest::post().uri("/api/v1/suggestions"),
            TestRequest::post().uri("/api/v1/resources"),
            TestRequest::patch().uri("/api/v1/resources/seed-uaf"),
            TestRequest::put().uri("/api/v1/resources/seed-uaf"),
        ] {
            let r = send!(svc, req.insert_header(bearer(&editor)).set_json(&body));
            assert!(
                !r.status.is_server_error(),
                "{body}: {} {}",
                r.status,
                r.text()
            );
        }
    }
}

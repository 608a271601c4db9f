//! Writes with tokens: 401 without one, 201 on create, the region limit
//! (403), stale updates (409), archive and verify.

use super::*;

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

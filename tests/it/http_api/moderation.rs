//! Suggestions from anyone, the moderation queue, the audit log and the
//! stale list.

use super::*;

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
async fn stale_answers_a_window_of_the_list_with_its_length() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let admin = env.token(Role::Admin, &[]);
    let utrecht = env.token(Role::Editor, &["Utrecht"]);
    for name in ["Oud Utrecht 1", "Oud Utrecht 2", "Oud Utrecht 3"] {
        create!(svc, &admin, place_resource(name, "Utrecht"));
    }
    let names = |r: &Reply| -> Vec<String> {
        r.json()
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["name"].as_str().unwrap().to_string())
            .collect()
    };
    let all = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/stale")
            .insert_header(bearer(&utrecht))
    );
    assert_eq!(all.status, StatusCode::OK, "{}", all.text());
    let all_names = names(&all);
    assert_eq!(all_names.len(), 3);
    let total = header::HeaderName::from_static("x-total-count");
    assert_eq!(all.header(total.clone()).as_deref(), Some("3"));
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/stale?limit=1&offset=1")
            .insert_header(bearer(&utrecht))
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(names(&r), all_names[1..2]);
    assert_eq!(r.header(total.clone()).as_deref(), Some("3"));
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/stale?offset=5")
            .insert_header(bearer(&utrecht))
    );
    assert_eq!(names(&r), [] as [String; 0]);
    assert_eq!(r.header(total).as_deref(), Some("3"));
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/stale?limit=0&offset=x")
            .insert_header(bearer(&utrecht))
    );
    assert_eq!(r.invalid_fields(), ["limit", "offset"]);
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/stale?limit=1001&offset=10000")
            .insert_header(bearer(&utrecht))
    );
    assert_eq!(r.invalid_fields(), ["limit", "offset"]);
}

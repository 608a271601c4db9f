//! Reading: health, search, one resource, taxonomy, places, and JSON
//! answers for unknown routes and methods.

use super::*;

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

    // A draft is invisible without a token, visible with one.
    let mut draft = env.engine.get("seed-uaf").unwrap();
    draft.id = wegwijs::model::ResourceId("draft-one".into());
    draft.status = wegwijs::model::PublicationStatus::Draft;
    env.engine.put(&draft).unwrap();
    let r = send!(svc, TestRequest::get().uri("/api/v1/resources/draft-one"));
    r.error(StatusCode::NOT_FOUND, "not_found");
    let (_, secret) = env
        .engine
        .create_token(wegwijs::model::Role::Editor, "reader", vec![])
        .unwrap();
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/resources/draft-one")
            .insert_header(bearer(&secret))
    );
    assert_eq!(r.status, StatusCode::OK);
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
async fn unknown_routes_and_methods_answer_json() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let r = send!(svc, TestRequest::get().uri("/api/v1/nothing-here"));
    r.error(StatusCode::NOT_FOUND, "not_found");
    let r = send!(svc, TestRequest::delete().uri("/api/v1/search"));
    r.error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}

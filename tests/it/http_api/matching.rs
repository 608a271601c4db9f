//! `POST /api/v1/match` and `GET /api/v1/ask`: answers, formats, errors
//! naming fields, no caching, and nothing of the household in logs or metrics.

use super::*;

fn household() -> Value {
    json!({
        "home": {"place": "Утрехт"},
        "languages": ["uk", "en"],
        "avoid_languages": ["ru"],
        "legal_status": "temporary_protection",
        "members": [{"label": "mother", "age": 35, "needs": ["health.mental_support"]}],
        "needs": ["безкоштовна юридична консультація"]
    })
}

#[actix_web::test]
async fn match_answers_a_plan_with_messages_and_is_not_cached() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/match?lang=nl")
            .set_json(household())
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header(header::CACHE_CONTROL).as_deref(), Some("no-store"));
    let body = r.json();
    assert_eq!(body["lang"], "nl");
    assert_eq!(body["plan"]["home"]["place"], "Utrecht");
    let needs = body["plan"]["needs"].as_array().expect("needs");
    // Two asked, plus the leisure suggestion (mental support was asked).
    assert_eq!(needs.len(), 3, "{needs:?}");
    assert_eq!(needs[0]["need"], "безкоштовна юридична консультація");
    assert_eq!(needs[0]["categories"][0]["code"], "rights.legal_aid");
    assert_eq!(needs[1]["member"], "mother");
    assert!(needs[2]["suggested"].as_bool().unwrap());
    let messages = body["messages"].as_array().expect("messages");
    assert!(!messages.is_empty());
    for m in messages {
        assert!(m.as_str().unwrap().chars().count() <= 4096);
    }
    // The real seed data has national mental-support services.
    assert!(!needs[1]["matches"].as_array().unwrap().is_empty());
    for m in needs[1]["matches"].as_array().unwrap() {
        assert!(m["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["kind"].is_string()));
    }
}

#[actix_web::test]
async fn match_as_text_gives_the_messages_only() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/match?format=text&lang=uk")
            .set_json(household())
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r
        .header(header::CONTENT_TYPE)
        .unwrap()
        .starts_with("text/plain"));
    let text = r.text();
    for message in text.split(wegwijs::matching::MESSAGE_SEPARATOR) {
        assert!(message.chars().count() <= 4096);
    }
    assert!(!text.contains('{'), "{text}");
}

#[actix_web::test]
async fn a_bad_profile_names_its_fields() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let r = send!(
        svc,
        TestRequest::post().uri("/api/v1/match").set_json(
            json!({"home": {"place": "Utrecht"}, "members": [{"label": "a", "age": 300}]})
        )
    );
    assert_eq!(r.invalid_fields(), vec!["members[0].age"]);
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/match")
            .set_json(json!({"home": {"place": "Atlantis"}, "languages": ["UK"], "reach_km": -1}))
    );
    let fields = r.invalid_fields();
    assert!(fields.contains(&"languages[0]".to_string()), "{fields:?}");
    assert!(fields.contains(&"reach_km".to_string()), "{fields:?}");
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/match")
            .set_json(json!({"home": {"place": "Atlantis"}}))
    );
    assert_eq!(r.invalid_fields(), vec!["home.place"]);
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/match")
            .set_json(json!({"home": {"place": "Utrecht"}, "pets": 2}))
    );
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/match?lang=fr")
            .set_json(household())
    );
    assert_eq!(r.invalid_fields(), vec!["lang"]);
    let r = send!(svc, TestRequest::get().uri("/api/v1/match"));
    r.error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}

#[actix_web::test]
async fn ask_says_how_a_question_was_understood() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let q = "Шукаю психолога українською в Амстердамі";
    let uri = format!("/api/v1/ask?q={}", url_encode(q));
    let r = send!(svc, TestRequest::get().uri(&uri));
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header(header::CACHE_CONTROL).as_deref(), Some("no-store"));
    let body = r.json();
    assert_eq!(body["fallback"], false);
    assert_eq!(
        body["understood"]["categories"][0]["code"],
        "health.mental_support"
    );
    assert_eq!(body["understood"]["place"]["name"], "Amsterdam");
    assert_eq!(body["understood"]["language"], "uk");
    assert!(body["results"]["hits"].is_array());

    let r = send!(svc, TestRequest::get().uri("/api/v1/ask?q=qwxz%20blorp"));
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["fallback"], true);

    let r = send!(svc, TestRequest::get().uri("/api/v1/ask"));
    assert_eq!(r.invalid_fields(), vec!["q"]);
    let r = send!(svc, TestRequest::get().uri("/api/v1/ask?q=yoga&per_page=0"));
    assert_eq!(r.invalid_fields(), vec!["per_page"]);
}

#[actix_web::test]
async fn metrics_hold_nothing_of_a_household_or_a_question() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let mut h = household();
    h["members"][0]["label"] = json!("Oksana-private-label");
    let r = send!(svc, TestRequest::post().uri("/api/v1/match").set_json(h));
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = send!(
        svc,
        TestRequest::get().uri("/api/v1/ask?q=privatequestionword%20yoga")
    );
    assert_eq!(r.status, StatusCode::OK);
    let metrics = send!(svc, TestRequest::get().uri("/metrics")).text();
    assert!(
        metrics.contains("/api/v1/match"),
        "the call is counted by route"
    );
    assert!(!metrics.contains("Oksana"));
    assert!(!metrics.contains("privatequestionword"));
    assert!(!metrics.contains("безкоштовна"));
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

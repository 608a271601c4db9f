//! The web pages in-process (actix-web test utilities, a fresh data directory
//! per test): every page in every language, escaping, the copy-as-message
//! text, suggestions, sign-in cookies, and hostile input answered with 4xx.

use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::{header, StatusCode};
use actix_web::{test, web};
use wegwijs::engine::Engine;
use wegwijs::http::{AppState, CsrfKey, HttpConfig, CSRF_COOKIE};
use wegwijs::model::{Role, SuggestionKind, SuggestionStatus};

use crate::common;

/// An engine on a fresh directory (the real seed records) and its state.
fn state() -> (tempfile::TempDir, Arc<Engine>, web::Data<AppState>) {
    let (dir, engine) = common::engine();
    let engine = Arc::new(engine);
    let data = AppState::new(engine.clone(), &HttpConfig::default());
    (dir, engine, data)
}

/// A token of `role` for the whole country.
fn token(engine: &Engine, role: Role) -> String {
    engine
        .create_token(role, "test lead", Vec::new())
        .expect("token created")
        .1
}

/// The whole application on `data` (as `wegwijs serve` runs it), in-process.
macro_rules! app {
    ($data:expr) => {
        test::init_service(wegwijs::http::app($data)).await
    };
}

/// `GET uri`: the status and the body.
macro_rules! get {
    ($app:expr, $uri:expr) => {{
        let res = test::call_service($app, test::TestRequest::get().uri($uri).to_request()).await;
        let status = res.status();
        (status, body(res).await)
    }};
}

async fn body<B: MessageBody>(res: ServiceResponse<B>) -> String {
    String::from_utf8(test::read_body(res).await.to_vec()).expect("utf-8 body")
}

/// A CSRF nonce (for the cookie) and a form token signed for it, as a page
/// of `data`'s app would have made them.
fn csrf(data: &web::Data<AppState>) -> (String, String) {
    let nonce = CsrfKey::new_nonce();
    let token = data.csrf.token(&nonce, chrono::Utc::now().timestamp());
    (nonce, token)
}

/// A form post as a page of ours makes it: with the CSRF cookie and field.
fn form_post(data: &web::Data<AppState>, uri: &str, form: &str) -> test::TestRequest {
    let (nonce, token) = csrf(data);
    let body = if form.is_empty() {
        format!("csrf={token}")
    } else {
        format!("{form}&csrf={token}")
    };
    test::TestRequest::post()
        .uri(uri)
        .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
        .cookie(actix_web::cookie::Cookie::new(CSRF_COOKIE, nonce))
        .set_payload(body)
}

/// The id of some published seed resource.
fn some_id(engine: &Engine) -> String {
    engine
        .resources()
        .map(|r| r.unwrap())
        .find(|r| r.status == wegwijs::model::PublicationStatus::Published)
        .expect("a published seed record")
        .id
        .0
}

fn set_cookie<B>(res: &ServiceResponse<B>, name: &str) -> Option<String> {
    res.headers()
        .get_all(header::SET_COOKIE)
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

#[actix_web::test]
async fn every_page_renders_in_every_language() {
    let (_dir, engine, data) = state();
    let id = some_id(&engine);
    let secret = token(&engine, Role::Moderator);
    let app = app!(data.clone());
    let words = [
        ("uk", "Перейти до змісту"),
        ("nl", "Naar de inhoud"),
        ("en", "Skip to content"),
    ];
    for (lang, word) in words {
        for path in [
            "/".to_string(),
            "/?q=psycholoog&place=Utrecht".to_string(),
            format!("/resources/{id}"),
            "/add".to_string(),
            "/signin".to_string(),
            "/moderation".to_string(),
            "/stale".to_string(),
            "/signout".to_string(),
        ] {
            let sep = if path.contains('?') { '&' } else { '?' };
            let req = test::TestRequest::get()
                .uri(&format!("{path}{sep}lang={lang}"))
                .cookie(actix_web::cookie::Cookie::new(
                    "wegwijs_token",
                    secret.clone(),
                ))
                .to_request();
            let res = test::call_service(&app, req).await;
            assert_eq!(res.status(), StatusCode::OK, "{path} in {lang}");
            let csp = res.headers().get(header::CONTENT_SECURITY_POLICY).unwrap();
            assert!(csp.to_str().unwrap().contains("default-src 'self'"));
            let html = body(res).await;
            assert!(
                html.contains(&format!("<html lang=\"{lang}\">")),
                "{path} in {lang}"
            );
            assert!(html.contains(word), "{path} in {lang} lacks {word}");
            // The language switch is on every page.
            for other in ["uk", "nl", "en"] {
                assert!(html.contains(&format!("hreflang=\"{other}\"")), "{path}");
            }
        }
    }
}

#[actix_web::test]
async fn language_comes_from_query_cookie_then_accept_language() {
    let (_dir, _engine, data) = state();
    let app = app!(data.clone());
    let req = test::TestRequest::get()
        .uri("/")
        .insert_header((header::ACCEPT_LANGUAGE, "nl-NL,nl;q=0.9,en;q=0.5"))
        .to_request();
    let html = body(test::call_service(&app, req).await).await;
    assert!(html.contains("<html lang=\"nl\">"));

    let res =
        test::call_service(&app, test::TestRequest::get().uri("/?lang=en").to_request()).await;
    let cookie = set_cookie(&res, "wegwijs_lang").expect("language remembered");
    assert!(cookie.starts_with("wegwijs_lang=en"), "{cookie}");

    let req = test::TestRequest::get()
        .uri("/")
        .cookie(actix_web::cookie::Cookie::new("wegwijs_lang", "en"))
        .insert_header((header::ACCEPT_LANGUAGE, "nl"))
        .to_request();
    let html = body(test::call_service(&app, req).await).await;
    assert!(html.contains("<html lang=\"en\">"));

    // No preference at all: Ukrainian.
    let (_, html) = get!(&app, "/");
    assert!(html.contains("<html lang=\"uk\">"));
}

#[actix_web::test]
async fn search_shows_facts_and_stale_marks() {
    let (_dir, engine, data) = state();
    let app = app!(data.clone());
    let (status, html) = get!(&app, "/?q=psycholoog&place=Utrecht&lang=en");
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("class=\"card"), "no results");
    assert!(html.contains("Copy as message"));
    assert!(html.contains(" km"), "distance shown");
    // Seed records are verified at some date or not at all: either way the
    // freshness is stated.
    assert!(html.contains("verified") || html.contains("not verified"));
    // A record verified long ago is marked stale.
    let mut old = engine.get(&some_id(&engine)).unwrap();
    old.name = "Oude dienst Utrecht".into();
    old.provenance.verified_at = Some(chrono::Utc::now() - chrono::Duration::days(400));
    old.provenance.verified_by = Some("someone".into());
    engine.put(&old).unwrap();
    let (_, html) = get!(&app, &format!("/resources/{}?lang=en", old.id));
    assert!(html.contains("verified 1 year ago"), "{html}");
    assert!(html.contains(">stale<"));
}

#[actix_web::test]
async fn stored_script_is_escaped_everywhere() {
    let (_dir, engine, data) = state();
    let mut r = engine.get(&some_id(&engine)).unwrap();
    r.name = "<script>alert('x')</script> \"quoted\" Utrecht".into();
    r.organization.name = "<img src=x onerror=alert(1)>".into();
    engine.put(&r).unwrap();
    let app = app!(data.clone());
    for uri in [
        format!("/resources/{}", r.id),
        "/?q=alert&lang=en".to_string(),
    ] {
        let (status, html) = get!(&app, &uri);
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(!html.contains("<script>alert"), "{uri}");
        assert!(!html.contains("<img src=x"), "{uri}");
        assert!(html.contains("&lt;script&gt;alert"), "{uri}");
    }
}

#[actix_web::test]
async fn copy_message_holds_the_essentials_in_the_page_language() {
    let (_dir, engine, data) = state();
    let mut r = engine.get(&some_id(&engine)).unwrap();
    r.name = "Психолог для дітей".into();
    r.contact.phone = Some("+31 30 000 0000".into());
    r.contact.website = None;
    r.organization.website = None;
    r.contact.telegram = None;
    r.languages = vec!["uk".into(), "nl".into()];
    r.cost = Some(wegwijs::model::Cost {
        kind: wegwijs::model::CostKind::Free,
        amount: None,
        currency: None,
        note: None,
    });
    engine.put(&r).unwrap();
    let app = app!(data.clone());
    let (_, html) = get!(&app, &format!("/resources/{}?lang=uk", r.id));
    let start = html
        .find("<textarea class=\"message\"")
        .expect("message textarea");
    let text = &html[start..html[start..].find("</textarea>").unwrap() + start];
    assert!(text.contains("Психолог для дітей"));
    assert!(text.contains("Мови: українська, нідерландська"), "{text}");
    assert!(text.contains("Вартість: безкоштовно"), "{text}");
    assert!(text.contains("Телефон: +31 30 000 0000"), "{text}");
    assert!(
        text.contains(&format!(
            "Посилання: http://localhost:8080/resources/{}",
            r.id
        )),
        "{text}"
    );
    assert!(text.chars().count() < 4096);

    let (_, html) = get!(&app, &format!("/resources/{}?lang=nl", r.id));
    assert!(html.contains("Talen: Oekraïens, Nederlands"));
    assert!(html.contains("Kopiëren als bericht"));
}

#[actix_web::test]
async fn correction_form_creates_a_pending_suggestion() {
    let (_dir, engine, data) = state();
    let id = some_id(&engine);
    let app = app!(data.clone());
    let res = test::call_service(
        &app,
        form_post(
            &data,
            &format!("/resources/{id}/suggest?lang=en"),
            "message=They+closed+%3Cb%3Elast+week%3C%2Fb%3E",
        )
        .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res
        .headers()
        .get(header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(location.contains("sent=1"));
    let pending = engine.suggestions(Some(SuggestionStatus::Pending)).unwrap();
    assert!(pending.iter().any(|s| matches!(&s.kind,
        SuggestionKind::Correction { resource_id, message, .. }
            if *resource_id == id && message == "They closed <b>last week</b>")));
    // The published record is unchanged.
    assert_eq!(
        engine.get(&id).unwrap().status,
        wegwijs::model::PublicationStatus::Published
    );
    let (_, html) = get!(&app, location);
    assert!(html.contains("Thank you"));
}

#[actix_web::test]
async fn add_form_suggests_for_visitors_and_names_bad_fields() {
    let (_dir, engine, data) = state();
    let app = app!(data.clone());
    let good = "name=Yoga+voor+moeders&organization=Buurthuis&description_nl=Elke+week+yoga\
                &category=leisure.yoga&location_kind=place&place=Utrecht&languages=uk&languages=nl\
                &cost_kind=free&phone=030+123+4567";
    let res = test::call_service(&app, form_post(&data, "/add?lang=nl", good).to_request()).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let pending = engine.suggestions(Some(SuggestionStatus::Pending)).unwrap();
    assert!(pending.iter().any(|s| matches!(&s.kind,
        SuggestionKind::NewResource { resource } if resource.name == "Yoga voor moeders"
            && resource.location.municipality() == Some("Utrecht"))));

    let bad = "name=&organization=X&category=nope.nope&place=Atlantis&email=not-an-email\
               &cost_kind=paid&cost_amount=lots&min_age=-3";
    let res = test::call_service(&app, form_post(&data, "/add?lang=en", bad).to_request()).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let html = body(res).await;
    for field in [
        "name",
        "description",
        "categories[0]",
        "location.municipality",
        "contact.email",
        "cost.amount",
        "eligibility.min_age",
    ] {
        assert!(
            html.contains(&format!("<code>{field}</code>")),
            "{field} not named"
        );
    }
    assert!(html.contains("unknown category"));
    // The form keeps what was typed.
    assert!(html.contains("value=\"not-an-email\""));
    // The same errors in Ukrainian and Dutch, fields named by their labels.
    for (lang, message, label) in [
        ("uk", "невідома тема «nope.nope»", "Назва послуги"),
        ("nl", "onbekend onderwerp 'nope.nope'", "Naam van de dienst"),
    ] {
        let uri = format!("/add?lang={lang}");
        let res = test::call_service(&app, form_post(&data, &uri, bad).to_request()).await;
        let html = body(res).await;
        assert!(html.contains(message) && html.contains(label), "{lang}");
        assert!(!html.contains("unknown category"), "{lang}");
    }
}

#[actix_web::test]
async fn editors_publish_directly() {
    let (_dir, engine, data) = state();
    let secret = token(&engine, Role::Editor);
    let app = app!(data.clone());
    let form = "name=Fietsles+Utrecht&organization=Buurthuis&description_en=Cycling+lessons\
                &category=leisure.cycling_lessons&location_kind=place&place=Utrecht";
    let req = form_post(&data, "/add", form)
        .cookie(actix_web::cookie::Cookie::new("wegwijs_token", secret))
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res
        .headers()
        .get(header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap();
    let id = location
        .trim_start_matches("/resources/")
        .split('?')
        .next()
        .unwrap();
    let r = engine.get(id).unwrap();
    assert_eq!(r.status, wegwijs::model::PublicationStatus::Published);
    assert_eq!(r.provenance.verified_by.as_deref(), Some("test lead"));
}

#[actix_web::test]
async fn an_editor_adding_a_likely_twin_is_shown_it_and_may_add_anyway() {
    let (_dir, engine, data) = state();
    let secret = token(&engine, Role::Editor);
    let app = app!(data.clone());
    let form = "name=Zwemles+Amersfoort&organization=Zwembad&description_en=Swimming+lessons\
                &category=leisure.swimming&location_kind=place&place=Amersfoort";
    let post = |form: String| {
        form_post(&data, "/add?lang=en", &form)
            .cookie(actix_web::cookie::Cookie::new(
                "wegwijs_token",
                secret.clone(),
            ))
            .to_request()
    };
    let res = test::call_service(&app, post(form.to_string())).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let first = res
        .headers()
        .get(header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let first_id = first
        .trim_start_matches("/resources/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let count = engine.len();

    // The same again: not created, the twin shown with a way to go on.
    let res = test::call_service(&app, post(form.to_string())).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = body(res).await;
    assert!(html.contains("already listed"), "{html}");
    assert!(html.contains(&first_id), "the twin is named");
    assert!(html.contains("name=\"allow_duplicate\""));
    assert!(
        html.contains("value=\"Zwemles Amersfoort\""),
        "the form keeps its input"
    );
    assert_eq!(engine.len(), count, "nothing was created");

    // Confirmed as a different resource: created.
    let res = test::call_service(&app, post(format!("{form}&allow_duplicate=1"))).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(engine.len(), count + 1);
}

#[actix_web::test]
async fn sign_in_sets_a_strict_http_only_cookie() {
    let (_dir, engine, data) = state();
    let secret = token(&engine, Role::Moderator);
    let app = app!(data.clone());
    let res = test::call_service(
        &app,
        form_post(&data, "/signin", &format!("token={secret}")).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookie = set_cookie(&res, "wegwijs_token").expect("token cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");

    let req = form_post(&data, "/signin", &format!("token={secret}"))
        .insert_header(("x-forwarded-proto", "https"))
        .to_request();
    let res = test::call_service(&app, req).await;
    let cookie = set_cookie(&res, "wegwijs_token").expect("token cookie");
    assert!(cookie.contains("Secure"), "HTTPS: {cookie}");

    let res = test::call_service(
        &app,
        form_post(&data, "/signin", "token=wrong").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(set_cookie(&res, "wegwijs_token").is_none());

    let req = form_post(&data, "/signout", "")
        .cookie(actix_web::cookie::Cookie::new("wegwijs_token", secret))
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookie = set_cookie(&res, "wegwijs_token").expect("cookie cleared");
    assert!(cookie.starts_with("wegwijs_token=;"), "{cookie}");
}

#[actix_web::test]
async fn moderation_and_stale_need_the_right_token() {
    let (_dir, engine, data) = state();
    let editor = token(&engine, Role::Editor);
    let app = app!(data.clone());
    let (status, html) = get!(&app, "/moderation?lang=en");
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(html.contains("href=\"/signin\""));
    let (status, _) = get!(&app, "/stale");
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let req = test::TestRequest::get()
        .uri("/moderation")
        .cookie(actix_web::cookie::Cookie::new(
            "wegwijs_token",
            editor.clone(),
        ))
        .to_request();
    assert_eq!(
        test::call_service(&app, req).await.status(),
        StatusCode::FORBIDDEN
    );
    let req = form_post(&data, "/moderation/x/approve", "")
        .cookie(actix_web::cookie::Cookie::new("wegwijs_token", editor))
        .to_request();
    assert_eq!(
        test::call_service(&app, req).await.status(),
        StatusCode::FORBIDDEN
    );
    // A bad token is refused and the cookie is cleared.
    let req = test::TestRequest::get()
        .uri("/stale")
        .cookie(actix_web::cookie::Cookie::new("wegwijs_token", "forged"))
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(set_cookie(&res, "wegwijs_token").is_some());
}

#[actix_web::test]
async fn moderators_approve_from_the_queue() {
    let (_dir, engine, data) = state();
    let secret = token(&engine, Role::Moderator);
    let id = some_id(&engine);
    let app = app!(data.clone());
    let res = test::call_service(
        &app,
        form_post(
            &data,
            &format!("/resources/{id}/suggest"),
            "message=new+phone",
        )
        .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookie = actix_web::cookie::Cookie::new("wegwijs_token", secret);
    let req = test::TestRequest::get()
        .uri("/moderation?lang=en")
        .cookie(cookie.clone())
        .to_request();
    let html = body(test::call_service(&app, req).await).await;
    assert!(html.contains("new phone"));
    let suggestion = engine.suggestions(Some(SuggestionStatus::Pending)).unwrap()[0]
        .id
        .clone();
    assert!(html.contains(&format!("/moderation/{suggestion}/reject")));
    let req = form_post(
        &data,
        &format!("/moderation/{suggestion}/reject"),
        "note=duplicate",
    )
    .cookie(cookie.clone())
    .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(engine
        .suggestions(Some(SuggestionStatus::Pending))
        .unwrap()
        .is_empty());
    // Deciding twice is a conflict or not found, never a 500.
    let req = form_post(&data, &format!("/moderation/{suggestion}/approve"), "")
        .cookie(cookie)
        .to_request();
    let status = test::call_service(&app, req).await.status();
    assert!(status.is_client_error(), "{status}");
}

#[actix_web::test]
async fn hostile_input_gets_a_clear_4xx() {
    let (_dir, engine, data) = state();
    let id = some_id(&engine);
    let app = app!(data.clone());
    for (uri, expected) in [
        ("/?q=x&place=Utrecht&radius_km=-5", StatusCode::BAD_REQUEST),
        ("/?q=x&place=Utrecht&radius_km=abc", StatusCode::BAD_REQUEST),
        ("/?q=x&place=Utrecht&radius_km=NaN", StatusCode::BAD_REQUEST),
        ("/?category=no.such.thing", StatusCode::BAD_REQUEST),
        ("/?language=klingon", StatusCode::BAD_REQUEST),
        ("/?place=Atlantis", StatusCode::BAD_REQUEST),
        ("/?q=x&page=0", StatusCode::BAD_REQUEST),
        ("/?q=x&page=-1", StatusCode::BAD_REQUEST),
        ("/resources/does-not-exist", StatusCode::NOT_FOUND),
        ("/resources/%3Cscript%3E", StatusCode::NOT_FOUND),
        (
            "/?q=%E2%80%AEevil%E2%80%8B%22%3E%3Cscript%3E",
            StatusCode::OK,
        ),
    ] {
        let (status, html) = get!(&app, uri);
        assert_eq!(status, expected, "{uri}");
        assert!(html.contains("<html lang="), "{uri}: an HTML page");
        assert!(!html.contains("<script>"), "{uri}: reflected script");
    }
    let (_, html) = get!(&app, "/?q=x&place=Utrecht&radius_km=-5&lang=en");
    assert!(html.contains("<code>radius_km</code>"));

    let big = format!("message={}", "a".repeat(10 * 1024 * 1024));
    let res = test::call_service(
        &app,
        form_post(&data, &format!("/resources/{id}/suggest"), &big).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let res = test::call_service(&app, form_post(&data, "/add", &big).to_request()).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let req = test::TestRequest::post()
        .uri("/add")
        .insert_header((header::CONTENT_TYPE, "application/json"))
        .set_payload("{\"name\": 1")
        .to_request();
    assert_eq!(
        test::call_service(&app, req).await.status(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    let req = test::TestRequest::post()
        .uri("/signin")
        .set_payload("token=x")
        .to_request();
    assert_eq!(
        test::call_service(&app, req).await.status(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );

    for form in [
        "message=",
        "message=%E2%80%AEreversed",
        "message=nul%00byte",
    ] {
        let res = test::call_service(
            &app,
            form_post(&data, &format!("/resources/{id}/suggest"), form).to_request(),
        )
        .await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{form}");
    }
    let res = test::call_service(
        &app,
        form_post(&data, "/add", "name=%E2%80%AEevil&organization=x").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = test::call_service(
        &app,
        form_post(&data, "/resources/nope/suggest", "message=x").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = test::call_service(&app, form_post(&data, "/add", "%ZZ=%%%").to_request()).await;
    assert!(res.status().is_client_error() || res.status() == StatusCode::OK);
    assert!(
        engine.suggestions(None).unwrap().is_empty(),
        "nothing hostile was stored"
    );
}

#[actix_web::test]
async fn assets_are_local_and_typed() {
    let (_dir, _engine, data) = state();
    let app = app!(data.clone());
    let res = test::call_service(
        &app,
        test::TestRequest::get().uri("/static/app.css").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res
        .headers()
        .get(header::CONTENT_TYPE)
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    let res = test::call_service(
        &app,
        test::TestRequest::get().uri("/static/app.js").to_request(),
    )
    .await;
    assert!(res
        .headers()
        .get(header::CONTENT_TYPE)
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    let js = body(res).await;
    assert!(js.contains("/api/v1/places"));
    let (_, html) = get!(&app, "/?q=utrecht");
    for attr in ["src=\"http", "src=\"//", "href=\"//"] {
        assert!(!html.contains(attr), "external asset: {attr}");
    }
    assert!(!html.contains("<link rel=\"stylesheet\" href=\"http"));
}

#[actix_web::test]
async fn suggestions_are_rate_limited() {
    let (_dir, engine, data) = state();
    let id = some_id(&engine);
    let app = app!(data.clone());
    let mut statuses = Vec::new();
    for i in 0..15 {
        let res = test::call_service(
            &app,
            form_post(
                &data,
                &format!("/resources/{id}/suggest"),
                &format!("message=try+{i}"),
            )
            .to_request(),
        )
        .await;
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(res.headers().contains_key(header::RETRY_AFTER));
        }
        statuses.push(res.status());
    }
    assert_eq!(statuses[0], StatusCode::SEE_OTHER);
    assert_eq!(statuses[14], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");
}

#[actix_web::test]
async fn a_long_stale_list_is_shown_a_page_at_a_time() {
    let (_dir, engine, data) = state();
    let records = wegwijs::seed::synthetic_resources(
        wegwijs::seed::SyntheticOptions {
            count: 200,
            seed: 8,
        },
        engine.taxonomy(),
        engine.gazetteer(),
    );
    engine.put_all(&records).unwrap();
    let whole = engine.stale_in_store(&[], 180).unwrap();
    assert!(whole.len() > 40, "{}", whole.len());
    let pages = whole.len().div_ceil(20);
    let secret = token(&engine, Role::Editor);
    let app = app!(data.clone());
    let cookie = actix_web::cookie::Cookie::new("wegwijs_token", secret);
    let fetch = async |uri: &str| {
        let req = test::TestRequest::get()
            .uri(uri)
            .cookie(cookie.clone())
            .to_request();
        let res = test::call_service(&app, req).await;
        (res.status(), body(res).await)
    };
    let verify_links = |html: &str| html.matches("/verify?lang=nl").count();
    let (status, first) = fetch("/stale?lang=nl").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(verify_links(&first), 20);
    assert!(first.contains(&format!("{} resultaten", whole.len())));
    assert!(first.contains(&format!("pagina 1 / {pages}")), "pager");
    assert!(first.contains("/stale?page=2&amp;lang=nl"), "next link");
    assert!(!first.contains("rel=\"prev\""));
    assert!(first.contains(&format!("/resources/{}/verify", whole[0].id)));
    assert!(!first.contains(&format!("/resources/{}/verify", whole[20].id)));
    let (status, second) = fetch("/stale?page=2&lang=nl").await;
    assert_eq!(status, StatusCode::OK);
    assert!(second.contains(&format!("/resources/{}/verify", whole[20].id)));
    assert!(!second.contains(&format!("/resources/{}/verify", whole[19].id)));
    assert!(second.contains("rel=\"prev\""));
    let (status, last) = fetch(&format!("/stale?page={pages}&lang=nl")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(verify_links(&last), whole.len() - (pages - 1) * 20);
    assert!(!last.contains("rel=\"next\""));
    for bad in [
        "/stale?page=0&lang=nl",
        "/stale?page=501&lang=nl",
        "/stale?page=x",
    ] {
        let (status, _) = fetch(bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[actix_web::test]
async fn stale_page_lists_old_records_and_verify_refreshes_them() {
    let (_dir, engine, data) = state();
    let secret = token(&engine, Role::Editor);
    let mut old = engine.get(&some_id(&engine)).unwrap();
    old.name = "Verouderde taalcafé".into();
    old.provenance.verified_at = Some(chrono::Utc::now() - chrono::Duration::days(300));
    old.provenance.verified_by = Some("someone".into());
    engine.put(&old).unwrap();
    let app = app!(data.clone());
    let cookie = actix_web::cookie::Cookie::new("wegwijs_token", secret);
    let req = test::TestRequest::get()
        .uri("/stale?lang=nl")
        .cookie(cookie.clone())
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = body(res).await;
    assert!(html.contains("Verouderde taalcafé"));
    assert!(html.contains("verouderd"), "stale badge");
    assert!(html.contains(&format!("/resources/{}/verify", old.id)));

    let req = form_post(&data, &format!("/resources/{}/verify", old.id), "")
        .cookie(cookie)
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let verified = engine
        .get(old.id.as_str())
        .unwrap()
        .provenance
        .verified_at
        .unwrap();
    assert!(chrono::Utc::now() - verified < chrono::Duration::minutes(5));
    // Without a token: 401, nothing changes.
    let res = test::call_service(
        &app,
        form_post(&data, &format!("/resources/{}/verify", old.id), "").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn the_search_box_takes_a_whole_question_and_shows_how_it_was_understood() {
    let (_dir, _engine, data) = state();
    let app = app!(data.clone());
    let q = "%D0%A8%D1%83%D0%BA%D0%B0%D1%8E%20%D0%BF%D1%81%D0%B8%D1%85%D0%BE%D0%BB%D0%BE%D0%B3%D0%B0%20%D1%83%D0%BA%D1%80%D0%B0%D1%97%D0%BD%D1%81%D1%8C%D0%BA%D0%BE%D1%8E%20%D0%B2%20%D0%90%D0%BC%D1%81%D1%82%D0%B5%D1%80%D0%B4%D0%B0%D0%BC%D1%96";
    // "Шукаю психолога українською в Амстердамі"
    let (status, html) = get!(&app, &format!("/?q={q}&lang=en"));
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Understood as:"), "{html}");
    assert!(html.contains("Mental"), "category label shown");
    assert!(html.contains("<bdi>Amsterdam</bdi>"), "place shown");
    assert!(html.contains("Ukrainian"), "language shown");
    assert!(
        html.contains("words=1"),
        "a way to search the words instead"
    );
    let (_, html) = get!(&app, &format!("/?q={q}&lang=nl"));
    assert!(html.contains("Begrepen als:"));
    let (_, html) = get!(&app, &format!("/?q={q}&lang=uk"));
    assert!(html.contains("Зрозуміло як:"));

    let (status, html) = get!(&app, "/?q=qwxz%20blorp&lang=en");
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("could not tell"), "{html}");

    let (_, html) = get!(&app, &format!("/?q={q}&words=1&lang=en"));
    assert!(!html.contains("Understood as:"));
    assert!(!html.contains("could not tell"));
}

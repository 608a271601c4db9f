//! The household form `/match` in-process: it renders in three languages,
//! grows a member row without JavaScript, shows translated field errors
//! beside the kept values, and answers a valid household with a plan and
//! its chat messages in copy blocks — never cached, never in a URL.

use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::{header, StatusCode};
use actix_web::{test, web};
use wegwijs::http::{AppState, HttpConfig};
use wegwijs::model::Lang;

use crate::common;

fn state() -> (tempfile::TempDir, web::Data<AppState>) {
    let (dir, engine) = common::engine();
    (dir, AppState::new(Arc::new(engine), &HttpConfig::default()))
}

async fn body<B: MessageBody>(res: ServiceResponse<B>) -> String {
    String::from_utf8(test::read_body(res).await.to_vec()).expect("utf-8 body")
}

fn post(lang: &str, form: &str) -> actix_web::test::TestRequest {
    test::TestRequest::post()
        .uri(&format!("/match?lang={lang}"))
        .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
        .set_payload(form.to_string())
}

fn no_store<B>(res: &ServiceResponse<B>) -> bool {
    res.headers()
        .get(header::CACHE_CONTROL)
        .is_some_and(|v| v.to_str().unwrap_or("").contains("no-store"))
}

#[actix_web::test]
async fn the_form_renders_in_three_languages() {
    let (_dir, data) = state();
    let app = test::init_service(wegwijs::http::app(data)).await;
    for (lang, title, add) in [
        ("uk", "Підбір допомоги для сім'ї", "Додати члена сім'ї"),
        ("nl", "Hulp zoeken voor een gezin", "Gezinslid toevoegen"),
        ("en", "Find help for a household", "Add a member"),
    ] {
        let req = test::TestRequest::get()
            .uri(&format!("/match?lang={lang}"))
            .to_request();
        let res = test::call_service(&app, req).await;
        assert_eq!(res.status(), StatusCode::OK, "{lang}");
        assert!(no_store(&res));
        let html = body(res).await;
        assert!(html.contains(title), "{lang}");
        assert!(html.contains(add), "{lang}");
        assert!(html.contains(r#"method="post""#));
        assert!(html.contains(r#"name="members[2].label""#));
        assert!(!html.contains(r#"name="members[3].label""#));
        // The navigation links to the form.
        assert!(html.contains(r#"href="/match""#));
    }
}

#[actix_web::test]
async fn add_member_renders_one_more_row_and_keeps_values() {
    let (_dir, data) = state();
    let app = test::init_service(wegwijs::http::app(data)).await;
    let form = "sent=1&rows=3&home.place=Utrecht&members%5B0%5D.label=mama&action=add_member";
    let res = test::call_service(&app, post("en", form).to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = body(res).await;
    assert!(html.contains(r#"name="members[3].label""#));
    assert!(html.contains(r#"value="mama""#));
    assert!(html.contains(r#"value="Utrecht""#));
    assert!(html.contains(r#"name="rows" value="4""#));
}

#[actix_web::test]
async fn an_invalid_household_shows_translated_errors_and_keeps_values() {
    let (_dir, data) = state();
    let app = test::init_service(wegwijs::http::app(data)).await;
    // No home; a member row with an age that is not a number; an empty
    // first row, so the member's errors must land on row 2 (index 1).
    let form = "sent=1&rows=3&home.place=&members%5B1%5D.label=son&members%5B1%5D.age=abc\
                &members%5B1%5D.interests=volleyball&members%5B2%5D.interests=chess";
    for (lang, place_error, age_error) in [
        (
            "uk",
            "вкажіть місто або село",
            "має бути цілим числом від 0 до 120",
        ),
        (
            "nl",
            "vul een plaats in",
            "moet een geheel getal van 0 tot 120 zijn",
        ),
        (
            "en",
            "needs a place name or lat and lon",
            "must be a whole number from 0 to 120",
        ),
    ] {
        let res = test::call_service(&app, post(lang, form).to_request()).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{lang}");
        assert!(no_store(&res));
        let html = body(res).await;
        assert!(html.contains(place_error), "{lang}: {place_error}");
        assert!(html.contains(age_error), "{lang}: {age_error}");
        // Row 3 has interests but no label: the label error is named by row.
        let empty = match lang {
            "uk" => "заповніть це поле",
            "nl" => "mag niet leeg zijn",
            _ => "must not be empty",
        };
        assert!(html.contains(empty), "{lang}");
        assert!(html.contains(&format!(
            "{} 3",
            match lang {
                "uk" => "Член сім'ї",
                "nl" => "Gezinslid",
                _ => "Member",
            }
        )));
        // The values stay in the form.
        assert!(html.contains(r#"value="son""#), "{lang}");
        assert!(html.contains(r#"value="abc""#), "{lang}");
        assert!(html.contains(r#"value="chess""#), "{lang}");
        assert!(
            !html.contains("chat-1"),
            "{lang}: no plan for an invalid form"
        );
    }
}

#[actix_web::test]
async fn an_unknown_place_is_a_translated_field_error() {
    let (_dir, data) = state();
    let app = test::init_service(wegwijs::http::app(data)).await;
    let form = "sent=1&rows=3&home.place=Nergenshuizen&need=language.dutch_lessons";
    let res = test::call_service(&app, post("uk", form).to_request()).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let html = body(res).await;
    assert!(html.contains("невідоме місце «Nergenshuizen»"), "{html}");
}

#[actix_web::test]
async fn a_valid_household_gets_a_plan_with_copy_blocks() {
    let (_dir, data) = state();
    let app = test::init_service(wegwijs::http::app(data)).await;
    let form = "sent=1&rows=3&home.place=Utrecht&mobility=public_transport&level_uk=native\
                &level_en=basic&avoid=ru&legal_status=temporary_protection&has_bsn=yes\
                &budget=any&need=language.dutch_lessons\
                &members%5B0%5D.label=mama&members%5B0%5D.age=38\
                &members%5B0%5D.need=health.mental_support\
                &members%5B1%5D.label=son&members%5B1%5D.age=14\
                &members%5B1%5D.interests=volleyball&suggest_wellbeing=1&action=match";
    for (lang, title) in [
        ("uk", "Повідомлення для чату"),
        ("nl", "Berichten voor de chat"),
        ("en", "Messages for the chat"),
    ] {
        let res = test::call_service(&app, post(lang, form).to_request()).await;
        assert_eq!(res.status(), StatusCode::OK, "{lang}");
        assert!(no_store(&res));
        assert!(res.headers().get(header::LOCATION).is_none());
        let html = body(res).await;
        assert!(html.contains(title), "{lang}");
        assert!(html.contains(r#"<details class="copy""#), "{lang}");
        assert!(html.contains(r#"id="chat-1""#), "{lang}");
        // The form is there again, filled in, to adjust and match again.
        assert!(html.contains(r#"value="mama""#), "{lang}");
        // The needs are named in the page language.
        let dutch_lessons = wegwijs::taxonomy::Taxonomy::embedded()
            .category("language.dutch_lessons")
            .unwrap()
            .labels
            .get(match lang {
                "uk" => Lang::Uk,
                "nl" => Lang::Nl,
                _ => Lang::En,
            });
        assert!(html.contains(dutch_lessons), "{lang}");
    }
}

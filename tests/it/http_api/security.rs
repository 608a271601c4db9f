//! Security of the service as a browser and a client see it: the headers
//! of the pages and no inline script or handler in them, CSRF tokens on
//! every form that changes data, the region limit on every write path (API
//! and pages), and the input limits named in their 400s.

use actix_web::cookie::Cookie;
use wegwijs::http::{CsrfKey, CSRF_COOKIE, CSRF_MAX_AGE_SECS};
use wegwijs::model::{Principal, SuggestionKind, SuggestionStatus};

use super::*;

/// The value of the cookie `name` that a reply sets, with its attributes.
fn set_cookie(reply: &Reply, name: &str) -> Option<String> {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// The value alone of the cookie `name` that a reply sets.
fn cookie_value(reply: &Reply, name: &str) -> Option<String> {
    set_cookie(reply, name).map(|c| c.split(';').next().unwrap()[name.len() + 1..].to_string())
}

/// One HTML start tag: its name and its attributes, lowercased names.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The start tags of a page, attributes read the way a browser reads them
/// (quoted values may hold spaces, `=` and `>`).
fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' || i + 1 >= b.len() || !b[i + 1].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        i += 1;
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let a = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            let key = html[a..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let quote = b[i];
                    i += 1;
                    let v = i;
                    while i < b.len() && b[i] != quote {
                        i += 1;
                    }
                    value = html[v..i].to_string();
                    i += 1;
                } else {
                    let v = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = html[v..i].to_string();
                }
            }
            attrs.push((key, value));
        }
        out.push(Tag { name, attrs });
    }
    out
}

/// The CSRF field values of a page's forms.
fn csrf_fields(html: &str) -> Vec<String> {
    tags(html)
        .into_iter()
        .filter(|t| t.name == "input" && t.attr("name") == Some("csrf"))
        .map(|t| t.attr("value").unwrap_or("").to_string())
        .collect()
}

/// The post forms of a page, each with whether it carries a CSRF field.
fn post_forms(html: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut current: Option<(String, bool)> = None;
    for tag in tags(html) {
        if tag.name == "form" {
            if let Some(done) = current.take() {
                out.push(done);
            }
            if tag
                .attr("method")
                .is_some_and(|m| m.eq_ignore_ascii_case("post"))
            {
                current = Some((tag.attr("action").unwrap_or("").to_string(), false));
            }
        } else if tag.name == "input" && tag.attr("name") == Some("csrf") {
            if let Some(c) = current.as_mut() {
                c.1 = true;
            }
        }
    }
    out.extend(current);
    out
}

/// A way a post can be forged: its name, the CSRF cookie's nonce, the form
/// field's token and the `Sec-Fetch-Site` header, each if sent.
type Forgery = (
    &'static str,
    Option<String>,
    Option<String>,
    Option<&'static str>,
);

fn token_cookie(secret: &str) -> Cookie<'static> {
    Cookie::new("wegwijs_token", secret.to_string())
}

fn form_request(uri: &str, body: &str) -> TestRequest {
    TestRequest::post()
        .uri(uri)
        .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
        .set_payload(body.to_string())
}

/// `body` with the CSRF field appended.
fn with_field(body: &str, token: &str) -> String {
    if body.is_empty() {
        format!("csrf={token}")
    } else {
        format!("{body}&csrf={token}")
    }
}

fn admin() -> Principal {
    Principal {
        name: "auditor".into(),
        role: Role::Admin,
        regions: Vec::new(),
    }
}

fn seed_id(env: &Env) -> String {
    env.engine
        .resources()
        .map(|r| r.unwrap())
        .find(|r| r.status == wegwijs::model::PublicationStatus::Published)
        .expect("a published seed record")
        .id
        .0
}

fn correction(env: &Env, resource_id: &str, patch: Option<Value>) -> String {
    env.engine
        .suggest(SuggestionKind::Correction {
            resource_id: resource_id.to_string(),
            message: "the phone number changed".into(),
            patch,
        })
        .expect("suggestion stored")
        .id
}

#[actix_web::test]
async fn pages_carry_security_headers_and_no_inline_script_style_or_handler() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let admin_secret = env.token(Role::Admin, &[]);
    // Stored text that would run if it were not escaped.
    let mut hostile = place_resource("<img src=x onerror=alert(1)>", "Utrecht");
    hostile["description"]["nl"] =
        json!("\" onmouseover=\"alert(2)\" style=\"x <script>alert(3)</script>");
    let hostile_id = create!(svc, &admin_secret, hostile)["id"]
        .as_str()
        .unwrap()
        .to_string();
    correction(&env, &hostile_id, None);

    let anonymous = [
        "/".to_string(),
        "/?q=psycholoog&place=Utrecht&lang=uk".into(),
        "/?q=%3Cimg+onerror%3Dalert(1)%3E".into(),
        "/add?lang=nl".into(),
        "/match".into(),
        "/signin".into(),
        "/gaps".into(),
        "/gaps?category=health.mental_support&reach=25".into(),
        format!("/resources/{hostile_id}?lang=en"),
        "/resources/no-such-thing".into(),
        "/moderation".into(),
    ];
    let signed_in = ["/stale", "/moderation", "/", "/signout"];
    let mut requests: Vec<(String, TestRequest)> = anonymous
        .iter()
        .map(|uri| (uri.clone(), TestRequest::get().uri(uri)))
        .collect();
    for uri in signed_in {
        requests.push((
            format!("{uri} (signed in)"),
            TestRequest::get()
                .uri(uri)
                .cookie(token_cookie(&admin_secret)),
        ));
    }
    requests.push((
        "POST /match".into(),
        form_request(
            "/match?lang=en",
            "sent=1&rows=1&home.place=Utrecht&members%5B0%5D.label=x&members%5B0%5D.age=30",
        ),
    ));
    for (what, req) in requests {
        let r = send!(svc, req);
        assert!(!r.status.is_server_error(), "{what}: {}", r.status);
        let content_type = r.header(header::CONTENT_TYPE).unwrap_or_default();
        assert!(
            content_type.starts_with("text/html"),
            "{what}: {content_type}"
        );
        let csp = r
            .header(header::CONTENT_SECURITY_POLICY)
            .unwrap_or_else(|| panic!("{what}: no Content-Security-Policy"));
        let directive = |name: &str| {
            csp.split(';')
                .map(str::trim)
                .find(|d| d.split_whitespace().next() == Some(name))
                .map(str::to_string)
        };
        let scripts = directive("script-src").unwrap_or_else(|| panic!("{what}: {csp}"));
        assert!(!scripts.contains("unsafe"), "{what}: {scripts}");
        assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
        assert_eq!(
            directive("frame-ancestors").as_deref(),
            Some("frame-ancestors 'none'"),
            "{what}"
        );
        assert_eq!(
            r.header(header::X_CONTENT_TYPE_OPTIONS).as_deref(),
            Some("nosniff"),
            "{what}"
        );
        let referrer = r.header(header::REFERRER_POLICY).unwrap_or_default();
        assert!(
            matches!(referrer.as_str(), "no-referrer" | "same-origin"),
            "{what}: {referrer}"
        );
        assert_eq!(
            r.header(header::X_FRAME_OPTIONS).as_deref(),
            Some("DENY"),
            "{what}"
        );

        let html = r.text();
        let tags = tags(&html);
        assert!(tags.iter().any(|t| t.name == "body"), "{what}: not a page");
        for tag in &tags {
            for (name, value) in &tag.attrs {
                assert!(
                    !name.starts_with("on"),
                    "{what}: inline handler {name}={value:?} on <{}>",
                    tag.name
                );
                assert_ne!(name, "style", "{what}: inline style on <{}>", tag.name);
                assert!(
                    !value
                        .trim_start()
                        .to_ascii_lowercase()
                        .starts_with("javascript:"),
                    "{what}: javascript: URL in {name}"
                );
            }
            if tag.name == "script" {
                let src = tag
                    .attr("src")
                    .unwrap_or_else(|| panic!("{what}: inline script"));
                assert!(src.starts_with("/static/"), "{what}: script from {src}");
            }
            assert_ne!(tag.name, "style", "{what}: inline <style>");
        }
    }
    // The one script is served as a file of ours, typed.
    let r = send!(svc, TestRequest::get().uri("/static/app.js"));
    assert_eq!(r.status, StatusCode::OK);
    assert!(r
        .header(header::CONTENT_TYPE)
        .unwrap()
        .starts_with("text/javascript"));
    assert_eq!(
        r.header(header::X_CONTENT_TYPE_OPTIONS).as_deref(),
        Some("nosniff")
    );
    // The API is not to be sniffed either, and what it serves (JSON, the
    // gaps map as SVG) runs nothing when opened directly.
    for uri in [
        "/api/v1/search?q=yoga",
        "/api/v1/gaps?category=health&format=svg",
    ] {
        let r = send!(svc, TestRequest::get().uri(uri));
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert_eq!(
            r.header(header::X_CONTENT_TYPE_OPTIONS).as_deref(),
            Some("nosniff")
        );
        assert_eq!(
            r.header(header::CONTENT_SECURITY_POLICY).as_deref(),
            Some("default-src 'none'; frame-ancestors 'none'"),
            "{uri}"
        );
    }
}

#[actix_web::test]
async fn every_form_that_changes_data_carries_a_signed_token() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let moderator = env.token(Role::Moderator, &[]);
    let id = seed_id(&env);
    correction(&env, &id, None);
    // An approved visitor's record is unverified, so the stale list shows it
    // with its verify form.
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/suggestions")
            .set_json(json!({
                "kind": "new_resource",
                "resource": place_resource("Nooit nagekeken", "Utrecht"),
            }))
    );
    let suggested = r.json()["id"].as_str().unwrap().to_string();
    env.engine.approve(&suggested, &admin()).expect("approved");

    // A page without a form sets no cookie.
    let r = send!(svc, TestRequest::get().uri("/"));
    assert_eq!(r.status, StatusCode::OK);
    assert!(set_cookie(&r, CSRF_COOKIE).is_none());

    // A page with one sets it: HttpOnly, SameSite=Lax, for the whole site.
    let r = send!(svc, TestRequest::get().uri("/add"));
    let cookie = set_cookie(&r, CSRF_COOKIE).expect("csrf cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    let nonce = cookie_value(&r, CSRF_COOKIE).unwrap();
    let fields = csrf_fields(&r.text());
    assert_eq!(fields.len(), 1);
    let now = chrono::Utc::now().timestamp();
    assert!(env.state.csrf.verify(&nonce, &fields[0], now));
    // Sent back, the cookie is kept and forms are signed for it.
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/signin")
            .cookie(Cookie::new(CSRF_COOKIE, nonce.clone()))
    );
    assert!(set_cookie(&r, CSRF_COOKIE).is_none());
    assert!(env
        .state
        .csrf
        .verify(&nonce, &csrf_fields(&r.text())[0], now));

    // Every post form on every page has the field; only the match form,
    // which changes nothing, goes without.
    let pages = [
        ("/add", None),
        ("/signin", None),
        (&*format!("/resources/{id}"), None),
        ("/match", None),
        ("/", Some(&moderator)),
        ("/signout", Some(&moderator)),
        ("/moderation", Some(&moderator)),
        ("/stale", Some(&moderator)),
    ];
    let mut actions = Vec::new();
    for (uri, secret) in pages {
        let mut req = TestRequest::get().uri(uri);
        if let Some(secret) = secret {
            req = req.cookie(token_cookie(secret));
        }
        let r = send!(svc, req);
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        for (action, has_token) in post_forms(&r.text()) {
            let path = action.split('?').next().unwrap().to_string();
            assert_eq!(has_token, path != "/match", "{uri}: form to {action}");
            actions.push(path);
        }
    }
    for expected in ["/add", "/signin", "/signout", "/match"] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected}: {actions:?}"
        );
    }
    for suffix in ["/suggest", "/approve", "/reject", "/verify"] {
        assert!(
            actions.iter().any(|a| a.ends_with(suffix)),
            "{suffix}: {actions:?}"
        );
    }
}

#[actix_web::test]
async fn a_form_post_without_a_valid_token_is_refused_and_changes_nothing() {
    let env = env();
    let other = super::env();
    let svc = test::init_service(app(env.state.clone())).await;
    let editor = env.token(Role::Editor, &[]);
    let moderator = env.token(Role::Moderator, &[]);
    let id = seed_id(&env);
    let suggestion = correction(&env, &id, Some(json!({"name": "Hijacked"})));
    let audit_before = env.engine.audit(1000, None, &admin()).unwrap().len();
    let verified_before = env.engine.get(&id).unwrap().provenance.verified_at;

    let now = chrono::Utc::now().timestamp();
    let nonce = CsrfKey::new_nonce();
    let good = env.state.csrf.token(&nonce, now);
    let (_, good_mac) = good.split_once('.').unwrap();
    // Ways a forged or stale post can look; a valid token for `nonce` is `good`.
    let cases: Vec<Forgery> = vec![
        ("no cookie, no field", None, None, None),
        ("cookie, no field", Some(nonce.clone()), None, None),
        ("field, no cookie", None, Some(good.clone()), None),
        (
            "token of another nonce",
            Some(nonce.clone()),
            Some(env.state.csrf.token(&CsrfKey::new_nonce(), now)),
            None,
        ),
        (
            "token of another server",
            Some(nonce.clone()),
            Some(other.state.csrf.token(&nonce, now)),
            None,
        ),
        (
            "expired token",
            Some(nonce.clone()),
            Some(env.state.csrf.token(&nonce, now - CSRF_MAX_AGE_SECS - 60)),
            None,
        ),
        (
            "time changed",
            Some(nonce.clone()),
            Some(format!("{}.{good_mac}", now + 1)),
            None,
        ),
        (
            "planted cookie",
            Some("x".repeat(32)),
            Some(good.clone()),
            None,
        ),
        (
            "cross-site",
            Some(nonce.clone()),
            Some(good.clone()),
            Some("cross-site"),
        ),
        (
            "same-site",
            Some(nonce.clone()),
            Some(good.clone()),
            Some("same-site"),
        ),
    ];
    let add_form = "name=Yoga&organization=Buurthuis&description_nl=Elke+week+yoga\
                    &category=leisure.yoga&location_kind=place&place=Utrecht";
    let posts: Vec<(String, String, Option<&String>)> = vec![
        ("/add?lang=nl".into(), add_form.into(), None),
        ("/add?lang=en".into(), add_form.into(), Some(&editor)),
        (
            format!("/resources/{id}/suggest?lang=uk"),
            "message=closed".into(),
            None,
        ),
        ("/signin?lang=en".into(), format!("token={moderator}"), None),
        ("/signout?lang=en".into(), String::new(), Some(&moderator)),
        (
            format!("/moderation/{suggestion}/approve?lang=en"),
            String::new(),
            Some(&moderator),
        ),
        (
            format!("/moderation/{suggestion}/reject?lang=nl"),
            "note=no".into(),
            Some(&moderator),
        ),
        (
            format!("/resources/{id}/verify?lang=uk"),
            String::new(),
            Some(&editor),
        ),
    ];
    for (case, cookie, field, site) in &cases {
        for (uri, body, secret) in &posts {
            let body = match field {
                Some(token) => with_field(body, token),
                None => body.clone(),
            };
            let mut req = form_request(uri, &body);
            if let Some(nonce) = cookie {
                req = req.cookie(Cookie::new(CSRF_COOKIE, nonce.clone()));
            }
            if let Some(secret) = secret {
                req = req.cookie(token_cookie(secret));
            }
            if let Some(site) = site {
                req = req.insert_header(("sec-fetch-site", *site));
            }
            let r = send!(svc, req);
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{case}: {uri}");
            let text = r.text();
            let expected = match uri.rsplit_once("lang=").map(|(_, l)| l) {
                Some("uk") => "Форму не прийнято",
                Some("nl") => "Formulier niet aanvaard",
                _ => "Form not accepted",
            };
            assert!(text.contains(expected), "{case}: {uri}: {text}");
            // Neither signed in nor out.
            assert!(set_cookie(&r, "wegwijs_token").is_none(), "{case}: {uri}");
        }
    }
    assert_eq!(
        env.engine.suggestions(None).unwrap().len(),
        1,
        "no suggestion was added"
    );
    assert_eq!(
        env.engine.suggestions(None).unwrap()[0].status,
        SuggestionStatus::Pending
    );
    assert_eq!(
        env.engine.audit(1000, None, &admin()).unwrap().len(),
        audit_before,
        "nothing was written"
    );
    let after = env.engine.get(&id).unwrap();
    assert_eq!(after.provenance.verified_at, verified_before);
    assert_ne!(after.name, "Hijacked");

    // The same posts with the good token go through: the refusals above
    // were the token's doing.
    let r = send!(
        svc,
        form_request(
            &format!("/moderation/{suggestion}/approve"),
            &with_field("", &good)
        )
        .cookie(Cookie::new(CSRF_COOKIE, nonce.clone()))
        .cookie(token_cookie(&moderator))
        .insert_header(("sec-fetch-site", "same-origin"))
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(env.engine.get(&id).unwrap().name, "Hijacked");
}

#[actix_web::test]
async fn forms_work_with_the_token_of_the_rendered_form() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let moderator = env.token(Role::Moderator, &[]);
    let id = seed_id(&env);

    // A visitor: the add form's cookie and field.
    let r = send!(svc, TestRequest::get().uri("/add?lang=en"));
    let nonce = cookie_value(&r, CSRF_COOKIE).expect("cookie");
    let token = csrf_fields(&r.text()).remove(0);
    let jar = Cookie::new(CSRF_COOKIE, nonce.clone());
    let form = "name=Fietsles&organization=Buurthuis&description_en=Cycling+lessons\
                &category=leisure.cycling_lessons&location_kind=place&place=Utrecht";
    let r = send!(
        svc,
        form_request("/add?lang=en", &with_field(form, &token)).cookie(jar.clone())
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // A correction from the resource page.
    let r = send!(
        svc,
        TestRequest::get()
            .uri(&format!("/resources/{id}"))
            .cookie(jar.clone())
    );
    let token = csrf_fields(&r.text()).remove(0);
    let r = send!(
        svc,
        form_request(
            &format!("/resources/{id}/suggest"),
            &with_field("message=they+moved", &token)
        )
        .cookie(jar.clone())
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(env.engine.suggestions(None).unwrap().len(), 2);

    // A moderator signs in with the sign-in form …
    let r = send!(svc, TestRequest::get().uri("/signin").cookie(jar.clone()));
    let token = csrf_fields(&r.text()).remove(0);
    let r = send!(
        svc,
        form_request(
            "/signin",
            &with_field(&format!("token={moderator}"), &token)
        )
        .cookie(jar.clone())
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let signed_in = token_cookie(&cookie_value(&r, "wegwijs_token").expect("signed in"));
    // … approves from the queue …
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/moderation")
            .cookie(jar.clone())
            .cookie(signed_in.clone())
    );
    let html = r.text();
    let (approve, _) = post_forms(&html)
        .into_iter()
        .find(|(a, _)| a.contains("/approve"))
        .expect("an approve form");
    let token = csrf_fields(&html).remove(0);
    let r = send!(
        svc,
        form_request(&approve, &with_field("", &token))
            .cookie(jar.clone())
            .cookie(signed_in.clone())
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let decided = env
        .engine
        .suggestions(Some(SuggestionStatus::Approved))
        .unwrap();
    assert_eq!(decided.len(), 1);
    // … verifies from the stale list …
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/stale")
            .cookie(jar.clone())
            .cookie(signed_in.clone())
    );
    let html = r.text();
    let (verify, _) = post_forms(&html)
        .into_iter()
        .find(|(a, _)| a.contains("/verify"))
        .expect("a verify form");
    let verified_id = verify
        .trim_start_matches("/resources/")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let token = csrf_fields(&html).remove(0);
    let r = send!(
        svc,
        form_request(&verify, &with_field("", &token))
            .cookie(jar.clone())
            .cookie(signed_in.clone())
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(env
        .engine
        .get(&verified_id)
        .unwrap()
        .provenance
        .verified_at
        .is_some());
    // … and signs out with the header's form.
    let r = send!(
        svc,
        form_request("/signout", &with_field("", &token))
            .cookie(jar.clone())
            .cookie(signed_in)
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(set_cookie(&r, "wegwijs_token")
        .unwrap()
        .starts_with("wegwijs_token=;"));

    // The match form needs no token: it changes nothing.
    let r = send!(
        svc,
        form_request(
            "/match?lang=en",
            "sent=1&rows=1&home.place=Utrecht&members%5B0%5D.label=x&members%5B0%5D.age=30"
        )
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

#[actix_web::test]
async fn a_token_limited_to_one_region_writes_nowhere_else_by_any_path() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let admin_secret = env.token(Role::Admin, &[]);
    let editor = env.token(Role::Editor, &["Utrecht"]);
    let moderator = env.token(Role::Moderator, &["Utrecht"]);
    let groningen = create!(
        svc,
        &admin_secret,
        place_resource("Hulp Groningen", "Groningen")
    )["id"]
        .as_str()
        .unwrap()
        .to_string();
    let utrecht = create!(
        svc,
        &admin_secret,
        place_resource("Hulp Utrecht", "Utrecht")
    )["id"]
        .as_str()
        .unwrap()
        .to_string();
    let verified_before = env.engine.get(&groningen).unwrap().provenance.verified_at;

    // API moderation: a new resource in Groningen, a correction of the
    // Groningen resource, and a correction that would carry it into Utrecht.
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/suggestions")
            .set_json(json!({
                "kind": "new_resource",
                "resource": place_resource("Nieuw Groningen", "Groningen"),
            }))
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let new_suggestion = r.json()["id"].as_str().unwrap().to_string();
    let new_id = match &env.engine.suggestions(None).unwrap()[0].kind {
        SuggestionKind::NewResource { resource } => resource.id.0.clone(),
        other => panic!("{other:?}"),
    };
    let plain = correction(&env, &groningen, Some(json!({"name": "Anders"})));
    let moving = correction(
        &env,
        &groningen,
        Some(json!({"location": {"municipality": "Utrecht", "lat": 52.0907, "lon": 5.1214}})),
    );
    // Suggesting is anonymous; from here on nothing may be written.
    let audit_before = env.engine.audit(1000, None, &admin()).unwrap().len();

    // API: an online resource needs a token without regions.
    let mut online = place_resource("Online hulp", "Utrecht");
    online["location"] = json!({"kind": "online"});
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/resources")
            .insert_header(bearer(&editor))
            .set_json(&online)
    );
    r.error(StatusCode::FORBIDDEN, "forbidden");

    for s in [&new_suggestion, &plain, &moving] {
        for action in ["approve", "reject"] {
            let r = send!(
                svc,
                TestRequest::post()
                    .uri(&format!("/api/v1/moderation/{s}/{action}"))
                    .insert_header(bearer(&moderator))
            );
            let e = r.error(StatusCode::FORBIDDEN, "forbidden");
            assert!(
                e["message"].as_str().unwrap().contains("Utrecht"),
                "{action}: {e}"
            );
        }
    }

    // Pages: add (editors publish directly), verify, approve, reject.
    let nonce = CsrfKey::new_nonce();
    let token = env.state.csrf.token(&nonce, chrono::Utc::now().timestamp());
    let page_post = |uri: &str, body: &str, secret: &str| {
        form_request(uri, &with_field(body, &token))
            .cookie(Cookie::new(CSRF_COOKIE, nonce.clone()))
            .cookie(token_cookie(secret))
    };
    let add = "name=Stiekem&organization=Buurthuis&description_en=Sneaky\
               &category=leisure.yoga&location_kind=place&place=Groningen";
    let attempts = [
        page_post("/add?lang=en", add, &editor),
        page_post(
            &format!("/resources/{groningen}/verify?lang=en"),
            "",
            &editor,
        ),
        page_post(
            &format!("/moderation/{plain}/approve?lang=en"),
            "",
            &moderator,
        ),
        page_post(
            &format!("/moderation/{moving}/approve?lang=en"),
            "",
            &moderator,
        ),
        page_post(
            &format!("/moderation/{new_suggestion}/reject?lang=en"),
            "note=no",
            &moderator,
        ),
    ];
    for req in attempts {
        let r = send!(svc, req);
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
        // The region's refusal (the add form names it beside the field),
        // not the CSRF check's.
        let text = r.text();
        assert!(
            text.contains("Not allowed") || text.contains("may only write in Utrecht"),
            "{text}"
        );
        assert!(!text.contains("Form not accepted"), "{text}");
    }

    // Nothing was written anywhere.
    assert_eq!(
        env.engine.audit(1000, None, &admin()).unwrap().len(),
        audit_before
    );
    let g = env.engine.get(&groningen).unwrap();
    assert_eq!(g.name, "Hulp Groningen");
    assert_eq!(g.provenance.verified_at, verified_before);
    assert_eq!(
        env.engine
            .suggestions(Some(SuggestionStatus::Pending))
            .unwrap()
            .len(),
        3
    );
    assert!(env.engine.get(&new_id).is_err());

    // In its own region the same token writes through the same paths.
    let r = send!(
        svc,
        page_post(&format!("/resources/{utrecht}/verify"), "", &editor)
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let fix = correction(&env, &utrecht, Some(json!({"name": "Hulp Utrecht-Oost"})));
    let r = send!(
        svc,
        page_post(&format!("/moderation/{fix}/approve"), "", &moderator)
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(env.engine.get(&utrecht).unwrap().name, "Hulp Utrecht-Oost");
}

#[actix_web::test]
async fn limits_answer_400_naming_the_field() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let admin_secret = env.token(Role::Admin, &[]);
    let long_q = "a".repeat(1001);
    let many = vec!["health"; 51].join(",");
    let reads = [
        ("/api/v1/search?per_page=101".to_string(), "per_page"),
        ("/api/v1/search?page=10001".into(), "page"),
        (format!("/api/v1/search?q={long_q}"), "q"),
        (format!("/api/v1/search?category={many}"), "category"),
        (
            format!("/api/v1/search?language={}", vec!["uk"; 51].join(",")),
            "language",
        ),
        (format!("/api/v1/ask?q={long_q}"), "q"),
        ("/api/v1/ask?q=huisarts&per_page=101".into(), "per_page"),
        ("/api/v1/places?q=Utr&limit=51".into(), "limit"),
    ];
    for (uri, field) in reads {
        let r = send!(svc, TestRequest::get().uri(&uri));
        assert_eq!(r.invalid_fields(), [field], "{uri}");
    }
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/audit?limit=1001")
            .insert_header(bearer(&admin_secret))
    );
    assert_eq!(r.invalid_fields(), ["limit"]);
    // The page's search has the same list cap.
    let r = send!(
        svc,
        TestRequest::get().uri(&format!(
            "/?lang=en&category={}",
            vec!["health"; 51].join("&category=")
        ))
    );
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("at most 50 values"), "{}", r.text());

    // Lists in written bodies: create, patch, suggestion.
    let before = env.engine.audit(1000, None, &admin()).unwrap().len();
    let mut body = place_resource("Lang", "Utrecht");
    body["languages"] = json!(vec!["uk"; 101]);
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/resources")
            .insert_header(bearer(&admin_secret))
            .set_json(&body)
    );
    assert_eq!(r.invalid_fields(), ["languages"]);
    let id = seed_id(&env);
    let r = send!(
        svc,
        TestRequest::patch()
            .uri(&format!("/api/v1/resources/{id}"))
            .insert_header(bearer(&admin_secret))
            .set_json(json!({"eligibility": {"residents_only": vec!["Utrecht"; 101]}}))
    );
    assert_eq!(r.invalid_fields(), ["eligibility.residents_only"]);
    let mut suggested = place_resource("Lang", "Utrecht");
    suggested["categories"] = json!(vec!["health.mental_support"; 101]);
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/suggestions")
            .set_json(json!({"kind": "new_resource", "resource": suggested}))
    );
    assert_eq!(r.invalid_fields(), ["resource.categories"]);
    assert_eq!(
        env.engine.audit(1000, None, &admin()).unwrap().len(),
        before
    );
    assert!(env.engine.suggestions(None).unwrap().is_empty());
}

#[actix_web::test]
async fn pages_are_rate_limited_like_the_api_with_a_page_in_the_visitors_language() {
    let env = env_with(HttpConfig {
        rate_limits: tight_limits(),
        trust_proxy: false,
    });
    let svc = test::init_service(app(env.state.clone())).await;
    let editor = env.token(Role::Editor, &[]);
    for _ in 0..2 {
        let r = send!(svc, TestRequest::get().uri("/?lang=nl"));
        assert_eq!(r.status, StatusCode::OK);
    }
    let r = send!(svc, TestRequest::get().uri("/match?lang=nl"));
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = r
        .header(header::RETRY_AFTER)
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!(wait >= 1);
    assert!(r
        .header(header::CONTENT_TYPE)
        .unwrap()
        .starts_with("text/html"));
    assert!(r.header(header::CONTENT_SECURITY_POLICY).is_some());
    assert!(r.text().contains("Te veel verzoeken"), "{}", r.text());
    // The same address is out of calls on the API too.
    let r = send!(svc, TestRequest::get().uri("/api/v1/search?q=yoga"));
    r.error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    // The page's own files and the operator endpoints are not limited.
    for uri in ["/static/app.css", "/static/app.js", "/healthz"] {
        let r = send!(svc, TestRequest::get().uri(uri));
        assert_eq!(r.status, StatusCode::OK, "{uri}");
    }
    // A signed-in volunteer has the token's own bucket.
    let r = send!(
        svc,
        TestRequest::get().uri("/").cookie(token_cookie(&editor))
    );
    assert_eq!(r.status, StatusCode::OK);
}

#[actix_web::test]
async fn made_up_tokens_do_not_buy_fresh_buckets() {
    let env = env_with(HttpConfig {
        rate_limits: tight_limits(),
        trust_proxy: false,
    });
    let svc = test::init_service(app(env.state.clone())).await;
    let ip: std::net::SocketAddr = "203.0.113.50:4000".parse().unwrap();
    // Each call sends a different token no one issued: all count against
    // the address, so the third is refused.
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let made_up = format!("ww_{}", CsrfKey::new_nonce());
        let r = send!(
            svc,
            TestRequest::get()
                .uri("/api/v1/taxonomy")
                .peer_addr(ip)
                .insert_header(bearer(&made_up))
        );
        statuses.push(r.status);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    // The same through the pages' sign-in cookie.
    let page_ip: std::net::SocketAddr = "203.0.113.51:4000".parse().unwrap();
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let r = send!(
            svc,
            TestRequest::get()
                .uri("/")
                .peer_addr(page_ip)
                .cookie(token_cookie(&CsrfKey::new_nonce()))
        );
        statuses.push(r.status);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}

//! The page shell (header, language switch, navigation, footer), HTML
//! responses with their security headers, and the error page.

use actix_web::cookie::{time::Duration, Cookie, SameSite};
use actix_web::http::{header, StatusCode};
use actix_web::HttpResponse;
use maud::{html, Markup, DOCTYPE};

use super::context::{Ctx, TOKEN_COOKIE};
use super::csrf::{csrf_cookie, csrf_field};
use super::error::PageError;
use super::field_messages::{field_label, translate};
use super::i18n::{native_name, LANG_COOKIE};
use super::texts::{t, T};
use crate::model::{FieldError, Lang, Role, LANGS};

/// Bumped when app.css or app.js change, so browsers fetch the new file.
pub const ASSET_VERSION: &str = "2";

/// No inline script or style, nothing from another site, forms only to us.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; \
                   object-src 'none'";

/// A whole page: `title` in the head and as the first heading is the
/// caller's business; this adds the shell around `body`.
pub fn page(ctx: &Ctx, title: &str, body: Markup) -> Markup {
    let lang = ctx.lang();
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="same-origin";
                title { (title) " · Wegwijs" }
                link rel="stylesheet" href={ "/static/app.css?v=" (ASSET_VERSION) };
                script src={ "/static/app.js?v=" (ASSET_VERSION) } defer {}
            }
            body {
                a.skip href="#main" { (t(lang, T::SkipToContent)) }
                header.top {
                    div.bar {
                        a.brand href="/" { "Wegwijs" }
                        nav.langs aria-label=(t(lang, T::LanguageSwitch)) {
                            @for l in LANGS {
                                @if l == lang {
                                    a href=(ctx.lang_href(l)) lang=(l.code()) hreflang=(l.code())
                                        aria-current="true" { (native_name(l)) }
                                } @else {
                                    a href=(ctx.lang_href(l)) lang=(l.code()) hreflang=(l.code()) { (native_name(l)) }
                                }
                            }
                        }
                    }
                    nav.main aria-label=(t(lang, T::MainMenu)) {
                        a href="/" { (t(lang, T::NavSearch)) }
                        a href="/match" { (t(lang, T::NavMatch)) }
                        a href="/add" { (t(lang, T::NavAdd)) }
                        a href="/gaps" { (t(lang, T::NavGaps)) }
                        @match &ctx.principal {
                            Some(p) => {
                                a href="/stale" { (t(lang, T::NavStale)) }
                                @if p.role >= Role::Moderator {
                                    a href="/moderation" { (t(lang, T::NavModeration)) }
                                }
                                form.inline method="post" action="/signout" {
                                    (csrf_field(ctx))
                                    button.link type="submit" { (t(lang, T::SignOut)) }
                                }
                            }
                            None => { a href="/signin" { (t(lang, T::NavSignIn)) } }
                        }
                    }
                }
                main #main { (body) }
                footer.foot {
                    @if let Some(p) = &ctx.principal {
                        p { (t(lang, T::SignedInAs)) " " bdi { (p.name) } }
                    }
                    p { (t(lang, T::FooterNote)) }
                }
            }
        }
    }
}

/// An HTML response with our headers; sets or clears cookies as `ctx` says.
pub fn html_response(ctx: &Ctx, status: StatusCode, markup: Markup) -> HttpResponse {
    let mut res = HttpResponse::build(status);
    res.content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, CSP))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "same-origin"))
        // For browsers older than CSP's frame-ancestors.
        .insert_header((header::X_FRAME_OPTIONS, "DENY"))
        // Search queries can describe a household; no cache should keep them.
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::VARY, "Accept-Language, Cookie"));
    if ctx.choice.remember {
        res.cookie(lang_cookie(ctx));
    }
    if ctx.drop_token {
        res.cookie(removal(TOKEN_COOKIE, ctx));
    }
    // The markup is rendered by now, so the nonce is marked used if the page
    // holds a form; only then does a fresh nonce go into a cookie.
    let body = markup.into_string();
    if let Some(cookie) = csrf_cookie(ctx) {
        res.cookie(cookie);
    }
    res.body(body)
}

/// A 303 redirect to `location` (after a successful form post).
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish()
}

fn lang_cookie(ctx: &Ctx) -> Cookie<'static> {
    Cookie::build(LANG_COOKIE, ctx.lang().code())
        .path("/")
        .max_age(Duration::days(365))
        .same_site(SameSite::Lax)
        .secure(ctx.https)
        .http_only(true)
        .finish()
}

/// A cookie that removes `name`.
pub fn removal(name: &'static str, ctx: &Ctx) -> Cookie<'static> {
    let mut c = Cookie::build(name, "")
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(ctx.https)
        .finish();
    c.make_removal();
    c
}

/// A list of field errors, for the top of a form.
pub fn error_summary(ctx: &Ctx, errors: &[FieldError]) -> Markup {
    let lang = ctx.lang();
    html! {
        @if !errors.is_empty() {
            div.errors role="alert" tabindex="-1" id="errors" {
                p { strong { (t(lang, T::FixErrors)) } }
                ul {
                    @for e in errors {
                        li {
                            @if let Some(label) = field_label(lang, &e.field) {
                                span title=(e.field) { (label) }
                            } @else {
                                code { (e.field) }
                            }
                            ": " (translate(lang, &e.message))
                        }
                    }
                }
            }
        }
    }
}

/// The errors of fields whose name starts with one of `prefixes`, to put
/// beside a form field, in `lang`.
pub fn field_errors(lang: Lang, errors: &[FieldError], prefixes: &[&str]) -> Markup {
    html! {
        @for e in errors.iter().filter(|e| prefixes.iter().any(|p| matches_field(&e.field, p))) {
            span.field-error { (translate(lang, &e.message)) }
        }
    }
}

fn matches_field(field: &str, prefix: &str) -> bool {
    field == prefix
        || field
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// The page for a failed request.
pub fn error_response(ctx: &Ctx, error: &PageError) -> HttpResponse {
    let lang = ctx.lang();
    let (title, text) = match error {
        PageError::Invalid(_) => (T::ErrBadRequest, T::ErrBadRequestText),
        PageError::Unauthorized => (T::ErrUnauthorized, T::ErrUnauthorizedText),
        PageError::Forbidden(_) => (T::ErrForbidden, T::ErrForbiddenText),
        PageError::Forged => (T::ErrForged, T::ErrForgedText),
        PageError::NotFound => (T::ErrNotFound, T::ErrNotFoundText),
        PageError::Conflict(_) => (T::ErrConflict, T::ErrConflictText),
        PageError::TooLarge => (T::ErrTooLarge, T::ErrTooLargeText),
        PageError::UnsupportedMediaType => (T::ErrMediaType, T::ErrMediaTypeText),
        PageError::TooManyRequests(_) => (T::ErrTooMany, T::ErrTooManyText),
        PageError::Internal => (T::ErrInternal, T::ErrInternalText),
    };
    let body = html! {
        h1 { (t(lang, title)) }
        p { (t(lang, text)) }
        @if let PageError::Invalid(fields) = error { (error_summary(ctx, fields)) }
        @if let PageError::Forbidden(why) | PageError::Conflict(why) = error {
            @if !why.is_empty() { p { code { (why) } } }
        }
        @if matches!(error, PageError::Unauthorized) {
            p { a.button href="/signin" { (t(lang, T::NavSignIn)) } }
        }
        p { a href="/" { (t(lang, T::BackToSearch)) } }
    };
    let mut res = html_response(ctx, error.status(), page(ctx, t(lang, title), body));
    if let PageError::TooManyRequests(seconds) = error {
        res.headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from(*seconds));
    }
    res
}

/// The 429 page for a client over its rate limit (the limiter middleware
/// answers page requests with it; the API answers JSON).
pub async fn too_many_requests_page(
    req: &actix_web::HttpRequest,
    state: &actix_web::web::Data<crate::http::AppState>,
    wait: std::time::Duration,
) -> HttpResponse {
    let ctx = Ctx::new(req, state).await;
    error_response(&ctx, &PageError::TooManyRequests(wait.as_secs().max(1)))
}

/// A page's result: the page, or the error page.
pub fn respond(ctx: &Ctx, result: Result<HttpResponse, PageError>) -> HttpResponse {
    result.unwrap_or_else(|e| error_response(ctx, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_prefixes_match_paths() {
        assert!(matches_field("contact.email", "contact.email"));
        assert!(matches_field("categories[0]", "categories"));
        assert!(matches_field("location.lat", "location"));
        assert!(!matches_field("locations", "location"));
    }
}

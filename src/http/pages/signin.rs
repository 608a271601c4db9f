//! Signing in with a token (`GET`/`POST /signin`) and out (`/signout`).
//!
//! The token goes into the `wegwijs_token` cookie: HttpOnly (no script can
//! read it), SameSite=Strict (no other site can make the browser send it,
//! which also keeps other sites from posting our forms as the signed-in
//! user), Secure when the request came over HTTPS.

use actix_web::cookie::{time::Duration, Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};

use super::context::{engine_call, Ctx, TOKEN_COOKIE};
use super::csrf::{csrf_field, read_checked_form};
use super::error::PageError;
use super::layout::{error_summary, html_response, page, removal, respond, see_other};
use super::texts::{t, T};
use crate::http::client_ip;
use crate::http::AppState;
use crate::model::FieldError;

/// How long the browser keeps the token: volunteers sign in on their own
/// phones and should not have to paste the token every day.
const TOKEN_COOKIE_DAYS: i64 = 30;

/// `GET /signin`.
pub async fn signin_page(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let ctx = Ctx::new(&req, &state).await;
    let body = form(&ctx, &[]);
    html_response(
        &ctx,
        StatusCode::OK,
        page(&ctx, t(ctx.lang(), T::SignInTitle), body),
    )
}

/// `POST /signin`: checks the token, sets the cookie, goes to the search page.
pub async fn signin_submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    payload: web::Payload,
) -> HttpResponse {
    let ctx = Ctx::new(&req, &state).await;
    let result: Result<HttpResponse, PageError> = async {
        let form_data = read_checked_form(&req, payload, &ctx, &state).await?;
        let token = form_data.text("token");
        if token.is_empty() || token.len() > 512 {
            let errors = [FieldError::new("token", "must not be empty")];
            let body = form(&ctx, &errors);
            return Ok(html_response(
                &ctx,
                StatusCode::BAD_REQUEST,
                page(&ctx, t(ctx.lang(), T::SignInTitle), body),
            ));
        }
        // Guessing tokens is slowed like any other anonymous call.
        PageError::check_rate(&state.limiters.anonymous, &client_ip(&req))?;
        let secret = token.clone();
        match engine_call(&state, move |e| e.authenticate(&secret)).await {
            Ok(_) => {
                let cookie = Cookie::build(TOKEN_COOKIE, token)
                    .path("/")
                    .http_only(true)
                    .same_site(SameSite::Strict)
                    .secure(ctx.https)
                    .max_age(Duration::days(TOKEN_COOKIE_DAYS))
                    .finish();
                let mut res = see_other(&format!("/?lang={}", ctx.lang().code()));
                res.add_cookie(&cookie).map_err(|_| PageError::Internal)?;
                Ok(res)
            }
            Err(PageError::Unauthorized) => {
                let errors = [FieldError::new("token", "is not a valid token")];
                let body = form(&ctx, &errors);
                Ok(html_response(
                    &ctx,
                    StatusCode::UNAUTHORIZED,
                    page(&ctx, t(ctx.lang(), T::SignInTitle), body),
                ))
            }
            Err(e) => Err(e),
        }
    }
    .await;
    respond(&ctx, result)
}

/// `GET /signout`: a button (a GET must not change state, or any link or
/// prefetch could sign a volunteer out).
pub async fn signout_page(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let ctx = Ctx::new(&req, &state).await;
    let lang = ctx.lang();
    let body = html! {
        h1 { (t(lang, T::SignOut)) }
        form method="post" action="/signout" {
            (csrf_field(&ctx))
            button.primary type="submit" { (t(lang, T::SignOut)) }
        }
    };
    html_response(&ctx, StatusCode::OK, page(&ctx, t(lang, T::SignOut), body))
}

/// `POST /signout`: clears the cookie.
pub async fn signout_submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    payload: web::Payload,
) -> HttpResponse {
    let ctx = Ctx::new(&req, &state).await;
    let result: Result<HttpResponse, PageError> = async {
        read_checked_form(&req, payload, &ctx, &state).await?;
        let mut res = see_other(&format!("/?lang={}", ctx.lang().code()));
        if res.add_cookie(&removal(TOKEN_COOKIE, &ctx)).is_err() {
            tracing::error!("could not clear the token cookie");
        }
        Ok(res)
    }
    .await;
    respond(&ctx, result)
}

fn form(ctx: &Ctx, errors: &[FieldError]) -> Markup {
    let lang = ctx.lang();
    html! {
        h1 { (t(lang, T::SignInTitle)) }
        @if let Some(p) = &ctx.principal {
            p.notice { (t(lang, T::SignedInAs)) " " bdi { (p.name) } }
        }
        p { (t(lang, T::SignInIntro)) }
        (error_summary(ctx, errors))
        form method="post" action={ "/signin?lang=" (lang.code()) } {
            (csrf_field(ctx))
            div.field {
                label for="token" { (t(lang, T::Token)) }
                input #token type="password" name="token" required autocomplete="current-password"
                    autocapitalize="off" spellcheck="false" maxlength="512";
            }
            button.primary type="submit" { (t(lang, T::SignInButton)) }
        }
    }
}

//! The pages' side of CSRF protection (the scheme is in `http/csrf.rs`):
//! the hidden field every data-changing form carries, the cookie that goes
//! with it, and the check a form post passes before anything else happens.
//!
//! Forms that change data: sign in, sign out, add a resource, suggest a
//! correction, approve, reject, verify. The match form is not among them: it
//! changes nothing (the household is never stored) and another site could
//! not read its answer, so it is left without a token and keeps working
//! across restarts.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::{web, HttpRequest};
use maud::{html, Markup};

use super::context::Ctx;
use super::error::PageError;
use super::params::{read_form, Params};
use crate::http::{AppState, CSRF_COOKIE, CSRF_FIELD};

/// The hidden field for a form on this page; marks the nonce as used, so the
/// response sets the cookie if the browser has none yet.
pub fn csrf_field(ctx: &Ctx) -> Markup {
    ctx.csrf.used.set(true);
    html! { input type="hidden" name=(CSRF_FIELD) value=(ctx.csrf.token); }
}

/// The cookie holding the nonce, when the response must set it.
///
/// `SameSite=Lax`, not `Strict`: a browser that arrives from a link on
/// another site must still send it, or the page would make a new nonce and
/// break the forms open in other tabs. Lax already keeps it off every
/// cross-site POST, and the signed field is the real check.
pub fn csrf_cookie(ctx: &Ctx) -> Option<Cookie<'static>> {
    ctx.csrf.needs_cookie().then(|| {
        Cookie::build(CSRF_COOKIE, ctx.csrf.nonce.clone())
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(ctx.https)
            .finish()
    })
}

/// Reads the form of a post that changes data, after checking that it comes
/// from one of our own pages: a browser that says the post is cross-site is
/// refused, and the form's token must be valid for the browser's nonce.
/// Refusals are [`PageError::Forged`] (403) and happen before any change.
pub async fn read_checked_form(
    req: &HttpRequest,
    payload: web::Payload,
    ctx: &Ctx,
    state: &web::Data<AppState>,
) -> Result<Params, PageError> {
    // Browsers state where a request comes from; "same-origin" is us, "none"
    // is the user (a bookmark, a reload). Older browsers send nothing.
    let site = req
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok());
    if site.is_some_and(|s| !matches!(s, "same-origin" | "none")) {
        return Err(PageError::Forged);
    }
    let form = read_form(req, payload).await?;
    let nonce = ctx.csrf.sent.as_deref().ok_or(PageError::Forged)?;
    let token = form.get(CSRF_FIELD).ok_or(PageError::Forged)?;
    if state
        .csrf
        .verify(nonce, token, chrono::Utc::now().timestamp())
    {
        Ok(form)
    } else {
        Err(PageError::Forged)
    }
}

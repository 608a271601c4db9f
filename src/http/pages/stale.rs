//! The stale page (`GET /stale`): the signed-in user's region's resources
//! not verified for six months, so community leads know what to re-check.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use maud::html;

use super::card::{card, resource_href};
use super::context::{engine_call, Ctx};
use super::csrf::{csrf_field, read_checked_form};
use super::error::PageError;
use super::facts::STALE_DAYS;
use super::i18n::results_count;
use super::layout::{html_response, page, respond, see_other};
use super::texts::{t, T};
use crate::engine::STALE_WINDOW_MAX;
use crate::http::AppState;
use crate::model::{FieldError, Role};

/// `GET /stale`.
pub async fn stale_page(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let ctx = Ctx::new(&req, &state).await;
    let result: Result<HttpResponse, PageError> = async {
        let principal = ctx.require(Role::Editor)?;
        let regions = principal.regions.clone();
        let shown_regions = regions.join(", ");
        let page_number = stale_page_number(ctx.query.get("page"))?;
        let offset = (page_number - 1) * STALE_PER_PAGE;
        let window = engine_call(&state, move |e| {
            e.stale_window(&regions, STALE_DAYS, offset, STALE_PER_PAGE)
        })
        .await?;
        let lang = ctx.lang();
        let taxonomy = state.engine.taxonomy();
        let now = Utc::now();
        // Pages beyond the list's reach are not offered.
        let pages = window
            .total
            .min(STALE_WINDOW_MAX)
            .div_ceil(STALE_PER_PAGE)
            .max(1);
        let href = |n: usize| format!("/stale?page={n}&lang={}", lang.code());
        let body = html! {
            h1 { (t(lang, T::StaleTitle)) }
            p {
                (t(lang, T::StaleIntro)) " "
                @if shown_regions.is_empty() { (t(lang, T::AllRegions)) } @else { bdi { (shown_regions) } }
            }
            p { (results_count(lang, window.total)) }
            @if ctx.query.get("verified").is_some() {
                p.notice role="status" { (t(lang, T::VerifiedNotice)) }
            }
            @for (i, r) in window.resources.iter().enumerate() {
                (card(&ctx, taxonomy, r, None, offset + i + 1, now))
                form.verify method="post" action={ (resource_href(r)) "/verify?lang=" (lang.code()) } {
                    (csrf_field(&ctx))
                    button type="submit" { (t(lang, T::StillCorrect)) " — " bdi { (r.name) } }
                }
            }
            @if pages > 1 {
                nav.pager aria-label=(t(lang, T::Pages)) {
                    @if page_number > 1 {
                        a rel="prev" href=(href(page_number - 1)) { "← " (t(lang, T::Previous)) }
                    }
                    span { (t(lang, T::Page)) " " (page_number) " / " (pages) }
                    @if page_number < pages {
                        a rel="next" href=(href(page_number + 1)) { (t(lang, T::Next)) " →" }
                    }
                }
            }
        };
        Ok(html_response(&ctx, StatusCode::OK, page(&ctx, t(lang, T::StaleTitle), body)))
    }
    .await;
    respond(&ctx, result)
}

/// Resources a stale page shows: a phone screen holds three or four, and
/// each page is a read of the whole store.
const STALE_PER_PAGE: usize = 20;

/// The page asked for: 1 when none is, at most the last the list reaches.
fn stale_page_number(asked: Option<&str>) -> Result<usize, PageError> {
    let last = STALE_WINDOW_MAX / STALE_PER_PAGE;
    match asked {
        None => Ok(1),
        Some(text) => match text.trim().parse::<usize>() {
            Ok(n) if (1..=last).contains(&n) => Ok(n),
            _ => Err(PageError::Invalid(vec![FieldError::new(
                "page",
                format!("must be from 1 to {last}"),
            )])),
        },
    }
}

/// `POST /resources/{id}/verify`: an editor confirms the record is still
/// correct (sets `verified_at` now), then back to the stale list.
pub async fn verify(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let ctx = Ctx::new(&req, &state).await;
    let result: Result<HttpResponse, PageError> = async {
        read_checked_form(&req, payload, &ctx, &state).await?;
        let principal = ctx.require(Role::Editor)?.clone();
        let id = id.into_inner();
        engine_call(&state, move |e| e.verify(&id, &principal).map(|_| ())).await?;
        Ok(see_other(&format!(
            "/stale?verified=1&lang={}",
            ctx.lang().code()
        )))
    }
    .await;
    respond(&ctx, result)
}

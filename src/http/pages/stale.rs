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
use crate::http::AppState;
use crate::model::Role;

/// `GET /stale`.
pub async fn stale_page(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let ctx = Ctx::new(&req, &state).await;
    let result: Result<HttpResponse, PageError> = async {
        let principal = ctx.require(Role::Editor)?;
        let regions = principal.regions.clone();
        let shown_regions = regions.join(", ");
        let resources = engine_call(&state, move |e| e.stale(&regions, STALE_DAYS)).await?;
        let lang = ctx.lang();
        let taxonomy = state.engine.taxonomy();
        let now = Utc::now();
        let body = html! {
            h1 { (t(lang, T::StaleTitle)) }
            p {
                (t(lang, T::StaleIntro)) " "
                @if shown_regions.is_empty() { (t(lang, T::AllRegions)) } @else { bdi { (shown_regions) } }
            }
            p { (results_count(lang, resources.len())) }
            @if ctx.query.get("verified").is_some() {
                p.notice role="status" { (t(lang, T::VerifiedNotice)) }
            }
            @for (i, r) in resources.iter().enumerate() {
                (card(&ctx, taxonomy, r, None, i + 1, now))
                form.verify method="post" action={ (resource_href(r)) "/verify?lang=" (lang.code()) } {
                    (csrf_field(&ctx))
                    button type="submit" { (t(lang, T::StillCorrect)) " — " bdi { (r.name) } }
                }
            }
        };
        Ok(html_response(&ctx, StatusCode::OK, page(&ctx, t(lang, T::StaleTitle), body)))
    }
    .await;
    respond(&ctx, result)
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

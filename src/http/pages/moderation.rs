//! The moderation queue (`GET /moderation`) with approve and reject buttons
//! (`POST /moderation/{id}/approve`, `POST /moderation/{id}/reject`).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};

use super::context::{engine_call, Ctx};
use super::csrf::{csrf_field, read_checked_form};
use super::error::PageError;
use super::facts::{category_labels, where_text};
use super::layout::{html_response, page, respond, see_other};
use super::params::encode_segment;
use super::texts::{t, T};
use crate::http::AppState;
use crate::model::{DuplicateNote, Lang, Role, Suggestion, SuggestionKind, SuggestionStatus};
use crate::taxonomy::Taxonomy;

/// The longest rejection note, in characters.
const MAX_NOTE_CHARS: usize = 1000;

/// `GET /moderation`.
pub async fn moderation_page(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let ctx = Ctx::new(&req, &state).await;
    let result: Result<HttpResponse, PageError> = async {
        ctx.require(Role::Moderator)?;
        // Each correction with the current name of its resource, so the
        // moderator sees what it is about.
        let pending = engine_call(&state, |e| {
            let list = e.suggestions(Some(SuggestionStatus::Pending))?;
            Ok(list
                .into_iter()
                .map(|s| {
                    let name = match &s.kind {
                        SuggestionKind::Correction { resource_id, .. } => {
                            e.get(resource_id).ok().map(|r| r.name)
                        }
                        SuggestionKind::NewResource { .. } => None,
                    };
                    (s, name)
                })
                .collect::<Vec<_>>())
        })
        .await?;
        let lang = ctx.lang();
        let taxonomy = state.engine.taxonomy();
        let done = ctx.query.get("done");
        let body = html! {
            h1 { (t(lang, T::ModerationTitle)) }
            @match done {
                Some("approved") => { p.notice role="status" { (t(lang, T::ApprovedNotice)) } }
                Some("rejected") => { p.notice role="status" { (t(lang, T::RejectedNotice)) } }
                _ => {}
            }
            p { (t(lang, T::PendingCount)) " " strong { (pending.len()) } }
            @for (s, name) in &pending { (item(&ctx, taxonomy, s, name.as_deref())) }
        };
        Ok(html_response(
            &ctx,
            StatusCode::OK,
            page(&ctx, t(lang, T::ModerationTitle), body),
        ))
    }
    .await;
    respond(&ctx, result)
}

/// Why a suggestion looks like a stored resource, in the page's language.
pub(super) fn duplicate_reason(lang: Lang, d: &DuplicateNote) -> String {
    match (d.reason.as_str(), d.distance_m) {
        ("same_name_nearby", Some(m)) => {
            format!("{} {m} {}", t(lang, T::DupSameName), t(lang, T::DupMetres))
        }
        ("same_phone", _) => t(lang, T::DupSamePhone).to_string(),
        ("same_website", _) => t(lang, T::DupSameWebsite).to_string(),
        (other, _) => other.to_string(),
    }
}

fn item(ctx: &Ctx, taxonomy: &Taxonomy, s: &Suggestion, name: Option<&str>) -> Markup {
    let lang = ctx.lang();
    let base = format!("/moderation/{}", encode_segment(&s.id));
    let note_id = format!("note-{}", s.id);
    html! {
        article.card {
            @match &s.kind {
                SuggestionKind::NewResource { resource: r } => {
                    p.kind { (t(lang, T::KindNewResource)) }
                    h2 { bdi { (r.name) } }
                    p.what { (category_labels(lang, taxonomy, &r.categories).join(", ")) " · " bdi { (r.organization.name) } }
                    p { bdi { (where_text(lang, r)) } }
                    @if let Some(d) = r.description.best(lang) { p.pre { (d) } }
                    @if !s.likely_duplicates.is_empty() {
                        div.duplicates role="note" {
                            p { strong { (t(lang, T::LikelyDuplicates)) } }
                            ul {
                                @for d in &s.likely_duplicates {
                                    li {
                                        a href={ "/resources/" (encode_segment(&d.resource_id)) } { bdi { (d.resource_id) } }
                                        " — " (duplicate_reason(lang, d))
                                    }
                                }
                            }
                        }
                    }
                    details {
                        summary { (t(lang, T::AllFields)) }
                        pre { (serde_json::to_string_pretty(r).unwrap_or_default()) }
                    }
                }
                SuggestionKind::Correction { resource_id, message, patch } => {
                    p.kind { (t(lang, T::KindCorrection)) }
                    h2 { a href={ "/resources/" (encode_segment(resource_id)) } { bdi { (name.unwrap_or(resource_id)) } } }
                    p.pre { (message) }
                    @if let Some(patch) = patch {
                        pre { (serde_json::to_string_pretty(patch).unwrap_or_default()) }
                    }
                }
            }
            p.hint { (s.created_at.format("%Y-%m-%d %H:%M UTC")) }
            div.decide {
                form method="post" action={ (base) "/approve?lang=" (lang.code()) } {
                    (csrf_field(ctx))
                    button.primary type="submit" { (t(lang, T::Approve)) }
                }
                form method="post" action={ (base) "/reject?lang=" (lang.code()) } {
                    (csrf_field(ctx))
                    label for=(note_id) { (t(lang, T::RejectNote)) }
                    input id=(note_id) type="text" name="note" maxlength=(MAX_NOTE_CHARS);
                    button.danger type="submit" { (t(lang, T::Reject)) }
                }
            }
        }
    }
}

/// `POST /moderation/{id}/approve`.
pub async fn approve(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let ctx = Ctx::new(&req, &state).await;
    let result: Result<HttpResponse, PageError> = async {
        read_checked_form(&req, payload, &ctx, &state).await?;
        let principal = ctx.require(Role::Moderator)?.clone();
        let id = id.into_inner();
        engine_call(&state, move |e| e.approve(&id, &principal).map(|_| ())).await?;
        Ok(see_other(&format!(
            "/moderation?done=approved&lang={}",
            ctx.lang().code()
        )))
    }
    .await;
    respond(&ctx, result)
}

/// `POST /moderation/{id}/reject` with an optional `note`.
pub async fn reject(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let ctx = Ctx::new(&req, &state).await;
    let result: Result<HttpResponse, PageError> = async {
        let form = read_checked_form(&req, payload, &ctx, &state).await?;
        let principal = ctx.require(Role::Moderator)?.clone();
        let note = form.get("note").map(str::to_string);
        if note
            .as_ref()
            .is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS)
        {
            return Err(PageError::bad_request(
                "note",
                "must be at most 1000 characters",
            ));
        }
        let id = id.into_inner();
        engine_call(&state, move |e| e.reject(&id, note, &principal).map(|_| ())).await?;
        Ok(see_other(&format!(
            "/moderation?done=rejected&lang={}",
            ctx.lang().code()
        )))
    }
    .await;
    respond(&ctx, result)
}

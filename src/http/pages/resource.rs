//! The resource page `/resources/{id}` with every detail, and its
//! "suggest a correction" form (`POST /resources/{id}/suggest`).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use maud::{html, Markup};

use super::card::{copy_block, resource_href};
use super::context::{engine_call, Ctx};
use super::csrf::{csrf_field, read_checked_form};
use super::error::PageError;
use super::facts::{
    availability_text, category_labels, cost_text, is_stale, is_web_link, languages_text, tel_link,
    verified_text, where_text,
};
use super::i18n::native_name;
use super::layout::{error_summary, field_errors, html_response, page, respond, see_other};
use super::texts::{t, T};
use crate::http::client_ip;
use crate::http::AppState;
use crate::model::{FieldError, Lang, PublicationStatus, Resource, ServiceArea, SuggestionKind};

/// The longest correction message, in characters.
pub const MAX_CORRECTION_CHARS: usize = 2000;

/// `GET /resources/{id}`.
pub async fn resource_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> HttpResponse {
    let ctx = Ctx::new(&req, &state).await;
    let result: Result<HttpResponse, PageError> = async {
        let resource = load(&ctx, &state, id.into_inner()).await?;
        Ok(render(&ctx, &state, &resource, "", &[], StatusCode::OK))
    }
    .await;
    respond(&ctx, result)
}

/// `POST /resources/{id}/suggest`: a pending correction, then back to the page.
pub async fn suggest_correction(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let ctx = Ctx::new(&req, &state).await;
    let result: Result<HttpResponse, PageError> = async {
        let form = read_checked_form(&req, payload, &ctx, &state).await?;
        let resource = load(&ctx, &state, id.into_inner()).await?;
        let message = form.text("message");
        let errors = check_message(&message);
        if !errors.is_empty() {
            return Ok(render(
                &ctx,
                &state,
                &resource,
                &message,
                &errors,
                StatusCode::BAD_REQUEST,
            ));
        }
        PageError::check_rate(&state.limiters.suggestions, &client_ip(&req))?;
        let kind = SuggestionKind::Correction {
            resource_id: resource.id.0.clone(),
            message: message.clone(),
            patch: None,
        };
        match engine_call(&state, move |e| e.suggest(kind)).await {
            Ok(_) => Ok(see_other(&format!(
                "{}?sent=1&lang={}",
                resource_href(&resource),
                ctx.lang().code()
            ))),
            Err(PageError::Invalid(errors)) => Ok(render(
                &ctx,
                &state,
                &resource,
                &message,
                &errors,
                StatusCode::BAD_REQUEST,
            )),
            Err(e) => Err(e),
        }
    }
    .await;
    respond(&ctx, result)
}

fn check_message(message: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if message.trim().is_empty() {
        errors.push(FieldError::new("message", "must not be empty"));
    } else if message.chars().count() > MAX_CORRECTION_CHARS {
        errors.push(FieldError::new(
            "message",
            "must be at most 2000 characters",
        ));
    } else if message.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\r' && c != '\t') || is_direction_override(c)
    }) {
        errors.push(FieldError::new(
            "message",
            "must not contain control or direction-override characters",
        ));
    }
    errors
}

/// Characters that reverse or isolate text direction; refused in form input
/// because they make text read differently from how it is stored.
pub fn is_direction_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Loads a resource visitors may see: published or archived to everyone,
/// drafts and pending records only to signed-in users.
async fn load(ctx: &Ctx, state: &web::Data<AppState>, id: String) -> Result<Resource, PageError> {
    if id.is_empty() || id.len() > 64 {
        return Err(PageError::NotFound);
    }
    let r = engine_call(state, move |e| e.get(&id)).await?;
    let visible = matches!(
        r.status,
        PublicationStatus::Published | PublicationStatus::Archived
    ) || ctx.principal.is_some();
    if visible {
        Ok(r)
    } else {
        Err(PageError::NotFound)
    }
}

fn render(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    r: &Resource,
    message: &str,
    errors: &[FieldError],
    status: StatusCode,
) -> HttpResponse {
    let lang = ctx.lang();
    let taxonomy = state.engine.taxonomy();
    let sent = ctx.query.get("sent").is_some();
    let created = ctx.query.get("created").is_some();
    let body = html! {
        @if sent { p.notice role="status" { (t(lang, T::CorrectionThanks)) } }
        @if created { p.notice role="status" { (t(lang, T::Published)) } }
        @if r.status == PublicationStatus::Archived { p.warning { (t(lang, T::ArchivedNotice)) } }
        @if matches!(r.status, PublicationStatus::Pending | PublicationStatus::Draft) {
            p.warning { (t(lang, T::NotPublishedNotice)) }
        }
        article.resource {
            h1 { bdi { (r.name) } }
            p.what { (category_labels(lang, taxonomy, &r.categories).join(", ")) }
            (details(ctx, r))
            (copy_block(ctx, taxonomy, r, 0, Utc::now()))
            (other_languages(lang, r))
        }
        section.suggest aria-labelledby="suggest-heading" {
            h2 #suggest-heading { (t(lang, T::SuggestCorrection)) }
            (error_summary(ctx, errors))
            form method="post" action={ (resource_href(r)) "/suggest?lang=" (lang.code()) } {
                (csrf_field(ctx))
                div.field {
                    label for="message" { (t(lang, T::WhatIsWrong)) }
                    textarea #message name="message" rows="4" maxlength=(MAX_CORRECTION_CHARS) required
                        aria-describedby="message-hint" { (message) }
                    span.hint #message-hint { (t(lang, T::CorrectionHint)) }
                    (field_errors(lang, errors, &["message"]))
                }
                button.primary type="submit" { (t(lang, T::SendCorrection)) }
            }
        }
    };
    html_response(ctx, status, page(ctx, &r.name, body))
}

fn details(ctx: &Ctx, r: &Resource) -> Markup {
    let lang = ctx.lang();
    let now = Utc::now();
    let stale = is_stale(r, now);
    let el = &r.eligibility;
    let ages = match (el.min_age, el.max_age) {
        (Some(a), Some(b)) => Some(format!("{a}–{b}")),
        (Some(a), None) => Some(format!("{a}+")),
        (None, Some(b)) => Some(format!("0–{b}")),
        (None, None) => None,
    };
    html! {
        @if let Some(text) = r.description.get(lang) {
            div.description { @for para in text.split("\n\n") { p.pre { (para) } } }
        }
        dl.details {
            dt { (t(lang, T::Organization)) }
            dd {
                bdi { (r.organization.name) }
                @if let Some(w) = r.organization.website.as_deref().filter(|w| is_web_link(w)) {
                    br; a href=(w) rel="noopener noreferrer nofollow" { (w) }
                }
            }
            dt { (t(lang, T::Where)) }
            dd {
                bdi { (where_text(lang, r)) }
                @if let Some((lat, lon)) = r.location.point() {
                    " " a href={ "geo:" (format!("{lat:.5},{lon:.5}")) } { "(" (t(lang, T::OpenInMaps)) ")" }
                }
            }
            @if let Some(area) = &r.service_area {
                dt { (t(lang, T::ServiceArea)) }
                dd { @match area {
                    ServiceArea::Radius { km } => { (format!("{km:.0} km")) }
                    ServiceArea::Municipalities { municipalities } => { (municipalities.join(", ")) }
                    ServiceArea::National => { (t(lang, T::National)) }
                } }
            }
            @if !r.languages.is_empty() {
                dt { (t(lang, T::Languages)) }
                dd { (languages_text(lang, &r.languages))
                    @if r.interpreter_available { " · " (t(lang, T::InterpreterAvailable)) } }
            }
            @if let Some(cost) = cost_text(lang, r.cost.as_ref()) {
                dt { (t(lang, T::Cost)) } dd { bdi { (cost) } }
            }
            @if let Some(a) = &r.availability {
                dt { (t(lang, T::Availability)) } dd { (availability_text(lang, a.status)) }
            }
            @if let Some(ages) = ages { dt { (t(lang, T::Ages)) } dd { (ages) } }
            @if let Some(a) = &el.audience { dt { (t(lang, T::Audience)) } dd { bdi { (a) } } }
            @if el.bsn_required { dt { (t(lang, T::Bsn)) } dd { (t(lang, T::BsnRequired)) } }
            @if !el.residents_only.is_empty() {
                dt { (t(lang, T::ResidentsOnly)) } dd { (el.residents_only.join(", ")) }
            }
            @if let Some(h) = &r.opening_hours { dt { (t(lang, T::OpeningHours)) } dd.pre { (h) } }
            @if let Some(a) = &r.accessibility { dt { (t(lang, T::Accessibility)) } dd.pre { (a) } }
            (contact(ctx, r))
            dt { (t(lang, T::Verified)) }
            dd.stale[stale] {
                (verified_text(lang, r, now))
                @if let Some(v) = r.provenance.verified_at { " (" (v.format("%Y-%m-%d")) ")" }
                @if let Some(by) = &r.provenance.verified_by { " · " bdi { (by) } }
                @if stale { " " strong.badge { (t(lang, T::StaleBadge)) } }
            }
            dt { (t(lang, T::Source)) }
            dd { @if is_web_link(&r.provenance.source) {
                    a href=(r.provenance.source) rel="noopener noreferrer nofollow" { (r.provenance.source) }
                } @else { bdi { (r.provenance.source) } } }
            dt { (t(lang, T::Updated)) } dd { (r.provenance.updated_at.format("%Y-%m-%d")) }
            @if r.synthetic { dt { (t(lang, T::Note)) } dd { span.badge.synthetic { (t(lang, T::SyntheticBadge)) } } }
        }
    }
}

/// The description in the languages other than the page's.
fn other_languages(lang: Lang, r: &Resource) -> Markup {
    html! {
        @let others: Vec<(Lang, &str)> = r.description.iter().filter(|(l, _)| *l != lang).collect();
        @if !others.is_empty() {
            // The description in the page language comes first; when there is
            // none, the others are open, so there is always something to read.
            details.other-languages open[r.description.get(lang).is_none()] {
                summary { (t(lang, T::InOtherLanguages)) }
                @for (l, text) in &others {
                    div.description lang=(l.code()) {
                        h3 { (native_name(*l)) }
                        @for para in text.split("\n\n") { p.pre { (para) } }
                    }
                }
            }
        }
    }
}

fn contact(ctx: &Ctx, r: &Resource) -> Markup {
    let lang = ctx.lang();
    let c = &r.contact;
    html! {
        @if let Some(phone) = &c.phone {
            dt { (t(lang, T::Phone)) }
            dd { @if let Some(href) = tel_link(phone) { a href=(href) { bdi { (phone) } } } @else { bdi { (phone) } } }
        }
        @if let Some(email) = &c.email {
            dt { (t(lang, T::Email)) }
            dd { a href={ "mailto:" (email) } { (email) } }
        }
        @for (label, link) in [(T::Website, &c.website), (T::Telegram, &c.telegram), (T::WhatsApp, &c.whatsapp)] {
            @if let Some(url) = link {
                dt { (t(lang, label)) }
                dd { @if is_web_link(url) { a href=(url) rel="noopener noreferrer nofollow" { (url) } } @else { (url) } }
            }
        }
    }
}

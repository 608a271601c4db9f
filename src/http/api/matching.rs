//! `POST /api/v1/match`: a household profile in, an explained plan out (JSON,
//! or chat messages as plain text). The profile is never stored or logged,
//! and the answer is marked not to be cached.

use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use serde::Serialize;
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use super::resource_body::deserialize;
use crate::http::app::AppState;
use crate::http::error::{blocking, ErrorBody};
use crate::http::json::json;
use crate::http::ApiError;
use crate::matching::{render, Household, Plan, MESSAGE_SEPARATOR};
use crate::model::Lang;

/// Query parameters of `POST /api/v1/match`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Documents the parameters; they are read by hand.
pub struct MatchParams {
    /// Language of the messages: `uk` (default), `nl` or `en`.
    lang: Option<String>,
    /// `json` (default): the plan and its messages; `text`: the messages as
    /// plain text, separated by a line of dashes.
    format: Option<String>,
}

/// A plan and its chat messages.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchResponse {
    /// Needs, each with ranked matches and reasons, and gaps.
    pub plan: Plan,
    /// The plan as numbered chat messages of at most 4,096 characters each.
    pub messages: Vec<String>,
    /// The language of the messages.
    pub lang: String,
}

/// Reads `lang` and `format` from the query string.
pub(super) fn output_params(req: &HttpRequest) -> Result<(Lang, bool), ApiError> {
    let pairs = super::query_string::query_pairs(req)?;
    let mut lang = Lang::Uk;
    let mut text = false;
    for (k, v) in &pairs {
        match k.as_str() {
            "lang" => {
                lang = match v.as_str() {
                    "uk" => Lang::Uk,
                    "nl" => Lang::Nl,
                    "en" => Lang::En,
                    _ => return Err(ApiError::invalid_field("lang", "must be uk, nl or en")),
                }
            }
            "format" => {
                text = match v.as_str() {
                    "json" => false,
                    "text" => true,
                    _ => return Err(ApiError::invalid_field("format", "must be json or text")),
                }
            }
            other => {
                return Err(ApiError::invalid_field(
                    &other.chars().take(40).collect::<String>(),
                    "is not a parameter of this endpoint",
                ))
            }
        }
    }
    Ok((lang, text))
}

/// Matches a household to an explained plan.
#[utoipa::path(
    post,
    path = "/api/v1/match",
    tag = "matching",
    params(MatchParams),
    request_body(content = Household, description = "The household profile (see seed-data/examples/README.md); processed in memory only"),
    responses(
        (status = 200, description = "The plan, as JSON or (format=text) as plain-text messages", body = MatchResponse),
        (status = 400, description = "Invalid profile or parameters, every field named", body = ErrorBody),
        (status = 413, description = "Body over 1 MiB", body = ErrorBody),
        (status = 415, description = "Body not JSON", body = ErrorBody),
        (status = 429, description = "Too many requests", body = ErrorBody),
    )
)]
pub async fn match_household(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let (lang, text) = output_params(&req)?;
    let household: Household = deserialize(body.into_inner())?;
    let engine = state.engine.clone();
    let (plan, messages) = blocking(move || {
        let plan = engine.match_household(&household)?;
        let messages = render::messages(&plan, lang, engine.taxonomy(), Utc::now().timestamp());
        Ok((plan, messages))
    })
    .await?;
    let mut builder = HttpResponse::Ok();
    builder.insert_header(CacheControl(vec![CacheDirective::NoStore]));
    if text {
        return Ok(builder
            .insert_header((header::CONTENT_TYPE, "text/plain; charset=utf-8"))
            .body(messages.join(MESSAGE_SEPARATOR)));
    }
    Ok(json(
        builder,
        &MatchResponse {
            plan,
            messages,
            lang: lang.code().to_string(),
        },
    ))
}

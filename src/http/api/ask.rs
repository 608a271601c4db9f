//! `GET /api/v1/ask?q=…`: a helpdesk question in free text, understood and
//! answered. The question is never logged (the access log has no query
//! strings) and the answer is marked not to be cached.

use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use super::search::SearchResponse;
use crate::http::app::AppState;
use crate::http::error::{blocking, ErrorBody};
use crate::http::json::json;
use crate::http::ApiError;
use crate::search::MAX_PER_PAGE;
use crate::understand::Understood;

/// Query parameters of `GET /api/v1/ask`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Documents the parameters; they are read by hand.
pub struct AskParams {
    /// The question, in Ukrainian, Russian, Dutch or English (at most 1000 bytes).
    q: String,
    /// Results to return, 1–100 (default 10).
    per_page: Option<usize>,
}

/// How a question was understood, and what was found.
#[derive(Debug, Serialize, ToSchema)]
pub struct AskResponse {
    /// Categories with confidence, place, language, age, free-only, leftover words.
    pub understood: Understood,
    /// True when no category was certain enough and a plain text search was run.
    pub fallback: bool,
    /// The results.
    pub results: SearchResponse,
}

/// Understands a question and searches what it asks for.
#[utoipa::path(
    get,
    path = "/api/v1/ask",
    tag = "search",
    params(AskParams),
    responses(
        (status = 200, description = "The understood query and its results", body = AskResponse),
        (status = 400, description = "Bad parameters, every one named", body = ErrorBody),
        (status = 429, description = "Too many requests", body = ErrorBody),
    )
)]
pub async fn ask(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let pairs = super::query_string::query_pairs(&req)?;
    let mut question = None;
    let mut per_page = 10;
    for (k, v) in pairs {
        match k.as_str() {
            "q" => question = Some(v),
            "per_page" => {
                per_page = v
                    .parse()
                    .ok()
                    .filter(|n| (1..=MAX_PER_PAGE).contains(n))
                    .ok_or_else(|| {
                        ApiError::invalid_field(
                            "per_page",
                            format!("must be from 1 to {MAX_PER_PAGE}"),
                        )
                    })?
            }
            other => {
                return Err(ApiError::invalid_field(
                    &other.chars().take(40).collect::<String>(),
                    "is not a parameter of this endpoint",
                ))
            }
        }
    }
    let question = question
        .filter(|q| !q.trim().is_empty())
        .ok_or_else(|| ApiError::invalid_field("q", "is required"))?;
    if question.len() > 1000 {
        return Err(ApiError::invalid_field("q", "must be at most 1000 bytes"));
    }
    let engine = state.engine.clone();
    let answer = blocking(move || engine.ask(&question, per_page)).await?;
    let mut builder = HttpResponse::Ok();
    builder.insert_header(CacheControl(vec![CacheDirective::NoStore]));
    Ok(json(
        builder,
        &AskResponse {
            understood: answer.understood,
            fallback: answer.fallback,
            results: answer.results.into(),
        },
    ))
}

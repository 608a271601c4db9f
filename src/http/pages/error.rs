//! Why a page could not be served, and the HTTP status for each reason.
//!
//! Pages answer errors with an HTML page in the visitor's language (see
//! `layout::error_response`), so this type carries no text of its own beyond
//! the engine's field messages, which are the API's messages word for word.

use actix_web::http::StatusCode;

use crate::engine::EngineError;
use crate::http::Limiter;
use crate::model::FieldError;

/// Why a page request failed.
#[derive(Debug)]
pub enum PageError {
    /// The input is wrong; every bad field is named (400).
    Invalid(Vec<FieldError>),
    /// Sign-in needed, or the token is not valid (401).
    Unauthorized,
    /// Signed in, but the token may not do this (403).
    Forbidden(String),
    /// A form post that did not come from one of our pages, or whose form
    /// token is missing, wrong or expired (403).
    Forged,
    /// No such resource or suggestion (404).
    NotFound,
    /// The data changed meanwhile, or the suggestion was already decided (409).
    Conflict(String),
    /// The body is larger than a form may be (413).
    TooLarge,
    /// The body is not a urlencoded form (415).
    UnsupportedMediaType,
    /// Too many submissions from this client (429); retry after this many seconds.
    TooManyRequests(u64),
    /// Our failure (500); the cause is logged, never shown.
    Internal,
}

impl PageError {
    /// A 400 naming one field.
    pub fn bad_request(field: &str, message: &str) -> PageError {
        PageError::Invalid(vec![FieldError::new(field, message)])
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            PageError::Invalid(_) => StatusCode::BAD_REQUEST,
            PageError::Unauthorized => StatusCode::UNAUTHORIZED,
            PageError::Forbidden(_) | PageError::Forged => StatusCode::FORBIDDEN,
            PageError::NotFound => StatusCode::NOT_FOUND,
            PageError::Conflict(_) => StatusCode::CONFLICT,
            PageError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            PageError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            PageError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            PageError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl PageError {
    /// A 429 when `key` has used up its suggestions for now.
    pub fn check_rate(limiter: &Limiter, key: &str) -> Result<(), PageError> {
        limiter
            .check(key)
            .map_err(|wait| PageError::TooManyRequests(wait.as_secs().max(1)))
    }
}

impl From<EngineError> for PageError {
    fn from(e: EngineError) -> PageError {
        match e {
            EngineError::Invalid(fields) => PageError::Invalid(fields),
            EngineError::NotFound(_) => PageError::NotFound,
            EngineError::Unauthorized => PageError::Unauthorized,
            EngineError::Forbidden(why) => PageError::Forbidden(why),
            e @ EngineError::Conflict { .. } => PageError::Conflict(e.to_string()),
            other => {
                tracing::error!(error = %other, "engine call failed while serving a page");
                PageError::Internal
            }
        }
    }
}

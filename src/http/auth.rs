//! Who is calling: the token from `Authorization: Bearer …` or the
//! `wegwijs_token` cookie, checked by the engine.
//!
//! Authentication happens here; what a principal may do (role, region) is
//! the engine's to decide, so the rules live in one place.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use sha2::{Digest, Sha256};

use super::app::AppState;
use super::error::blocking;
use super::ApiError;
use crate::model::Principal;

/// The cookie the sign-in page sets.
pub const TOKEN_COOKIE: &str = "wegwijs_token";

/// The longest secret looked at; longer ones are refused unread.
pub const MAX_SECRET_LEN: usize = 512;

/// The secret the request carries, from the `Authorization` header first,
/// then from the cookie.
pub fn bearer_secret(req: &HttpRequest) -> Option<String> {
    let from_header = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.trim().split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then(|| rest.trim().to_string())
        });
    from_header
        .or_else(|| req.cookie(TOKEN_COOKIE).map(|c| c.value().to_string()))
        .filter(|s| !s.is_empty())
}

/// A key for a secret that does not keep the secret itself in memory.
pub fn secret_key(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The authenticated caller; a handler that takes one answers 401 without a
/// valid token.
#[derive(Debug, Clone)]
pub struct Caller(pub Principal);

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Caller, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let secret = bearer_secret(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let secret = secret.ok_or_else(|| {
                ApiError::unauthorized("this needs a token: send 'Authorization: Bearer <token>'")
            })?;
            if secret.len() > MAX_SECRET_LEN {
                return Err(ApiError::unauthorized("the token is not valid"));
            }
            let state = state.ok_or_else(|| ApiError::internal(&"app state is missing"))?;
            let engine = state.engine.clone();
            let principal = blocking(move || engine.authenticate(&secret)).await?;
            Ok(Caller(principal))
        })
    }
}

//! What every page needs to know about its request: the language, the
//! signed-in principal (from the token cookie), and where it is served from.

use std::cell::Cell;

use actix_web::{web, HttpRequest};

use super::error::PageError;
use super::i18n::{negotiate, LangChoice};
use super::params::{encode, Params};
use crate::engine::{Engine, EngineError};
pub use crate::http::TOKEN_COOKIE;
use crate::http::{AppState, CsrfKey, CSRF_COOKIE};
use crate::model::{Lang, Principal, Role};

/// The request as the pages see it.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The page language and whether to remember it.
    pub choice: LangChoice,
    /// The signed-in principal, if the token cookie holds a valid token.
    pub principal: Option<Principal>,
    /// The request path.
    pub path: String,
    /// The query parameters (for the language switch).
    pub query: Params,
    /// `scheme://host` as the client addressed us, for links in messages.
    pub origin: String,
    /// Whether the request came over HTTPS (cookies get `Secure`).
    pub https: bool,
    /// The token cookie held a token that is no longer valid: clear it.
    pub drop_token: bool,
    /// The CSRF nonce and the token for this page's forms.
    pub csrf: CsrfState,
}

/// The CSRF side of a request: the browser's nonce (the cookie's, or a fresh
/// one) and the signed token that forms rendered now carry.
#[derive(Debug, Clone)]
pub struct CsrfState {
    /// The nonce the request's cookie held, if well formed.
    pub sent: Option<String>,
    /// The nonce forms are signed for: `sent`, or a fresh one.
    pub nonce: String,
    /// The hidden field's value for `nonce`, made now.
    pub token: String,
    /// Set when a form was rendered: a fresh nonce must then go into the
    /// cookie. Pages without forms set no cookie.
    pub used: Cell<bool>,
}

impl CsrfState {
    fn new(req: &HttpRequest, key: &CsrfKey) -> CsrfState {
        let sent = req
            .cookie(CSRF_COOKIE)
            .map(|c| c.value().to_string())
            .filter(|v| crate::http::csrf_is_nonce(v));
        let nonce = sent.clone().unwrap_or_else(CsrfKey::new_nonce);
        let token = key.token(&nonce, chrono::Utc::now().timestamp());
        CsrfState {
            sent,
            nonce,
            token,
            used: Cell::new(false),
        }
    }

    /// Whether the response must set the cookie.
    pub fn needs_cookie(&self) -> bool {
        self.used.get() && self.sent.as_deref() != Some(self.nonce.as_str())
    }
}

impl Ctx {
    /// Reads the language, the origin and the principal of `req`.
    pub async fn new(req: &HttpRequest, state: &web::Data<AppState>) -> Ctx {
        let (https, origin) = {
            let info = req.connection_info();
            (
                info.scheme() == "https",
                format!("{}://{}", info.scheme(), info.host()),
            )
        };
        let mut ctx = Ctx {
            choice: negotiate(req),
            principal: None,
            path: req.path().to_string(),
            query: Params::query(req).unwrap_or_default(),
            origin,
            https,
            drop_token: false,
            csrf: CsrfState::new(req, &state.csrf),
        };
        if let Some(cookie) = req.cookie(TOKEN_COOKIE) {
            let secret = cookie.value().to_string();
            match engine_call(state, move |e| e.authenticate(&secret)).await {
                Ok(p) => ctx.principal = Some(p),
                Err(PageError::Unauthorized) => ctx.drop_token = true,
                Err(_) => {}
            }
        }
        ctx
    }

    /// The page language.
    pub fn lang(&self) -> Lang {
        self.choice.lang
    }

    /// This page's link in another language (other parameters kept).
    pub fn lang_href(&self, lang: Lang) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .query
            .pairs()
            .iter()
            .filter(|(k, _)| k != "lang" && k != "sent" && k != "created")
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        pairs.push(("lang", lang.code()));
        format!("{}?{}", self.path, encode(&pairs))
    }

    /// The principal, if it has at least `role`.
    pub fn require(&self, role: Role) -> Result<&Principal, PageError> {
        match &self.principal {
            None => Err(PageError::Unauthorized),
            Some(p) if p.role >= role => Ok(p),
            Some(_) => Err(PageError::Forbidden(String::new())),
        }
    }
}

/// Runs an engine call on the blocking pool.
pub async fn engine_call<T, F>(state: &web::Data<AppState>, f: F) -> Result<T, PageError>
where
    T: Send + 'static,
    F: FnOnce(&Engine) -> Result<T, EngineError> + Send + 'static,
{
    let engine = state.engine.clone();
    match crate::http::slots::run(move || f(&engine)).await {
        Ok(result) => result.map_err(PageError::from),
        Err(e) => {
            tracing::error!(error = %e, "blocking pool failed while serving a page");
            Err(PageError::Internal)
        }
    }
}

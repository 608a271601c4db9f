//! The web pages: server-rendered HTML in Ukrainian, Dutch and English that
//! works without JavaScript (which only adds place autocomplete and copying
//! to the clipboard).
//!
//! Handlers translate a request into engine calls (on the blocking pool) and
//! render the answer with maud, which escapes every stored text. Each page
//! is one file; `layout` is the shell, `texts` the translations,
//! `field_messages` the field errors in the page language, `message` the
//! copy-as-message text, `match_form` and `plan` the household form and
//! its plan, `csrf` the token every form that changes data carries.

mod add;
mod assets;
mod card;
mod context;
mod csrf;
mod draft;
mod error;
mod facts;
mod field_messages;
mod gaps;
pub mod i18n;
mod layout;
mod match_form;
pub mod message;
mod moderation;
mod params;
mod plan;
mod resource;
mod routes;
mod search;
mod signin;
mod stale;
mod texts;
mod understood;

pub use i18n::LANG_COOKIE;
pub(crate) use layout::too_many_requests_page;
pub use routes::configure;

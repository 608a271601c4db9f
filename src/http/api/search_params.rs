//! The query string of `GET /api/v1/search`, as documented. It is parsed
//! by hand ([`crate::search::parse_params`]) so that every bad parameter is
//! named at once.
//!
//! `web::Query` with serde stops at the first problem and cannot read
//! repeated keys (`category=a&category=b`); that parser does both.

use utoipa::IntoParams;

/// The parameters of a search, as documented in the OpenAPI document.
/// Names follow Open Referral / Ohana API where they have one
/// (`category`, `language`, `page`, `per_page`).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Only read by the OpenAPI generator.
pub struct SearchParams {
    /// Free text in any language or script.
    q: Option<String>,
    /// A point to search around: `lat,lon` in degrees.
    #[param(example = "52.09,5.12")]
    near: Option<String>,
    /// A place name in any script (gazetteer), used when `near` is absent.
    #[param(example = "Утрехт")]
    place: Option<String>,
    /// Only resources within this many km (more than 0, at most 1000).
    radius_km: Option<f64>,
    /// A category code or an indicator id; repeat or separate with commas (any of).
    category: Option<Vec<String>>,
    /// An ISO 639-1 code the service is offered in; repeatable (any of).
    language: Option<Vec<String>>,
    /// Leave out services offered only in these languages; repeatable.
    exclude_language: Option<Vec<String>>,
    /// Only free services.
    free: Option<bool>,
    /// Only services that accept this age.
    age: Option<u8>,
    /// Include online and national services whatever their distance (default true).
    online: Option<bool>,
    /// Page number, from 1.
    page: Option<usize>,
    /// Hits per page, at most 100 (default 20).
    per_page: Option<usize>,
}

//! `GET /api/v1/search`: the core search, and its wire types.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::places::PlaceOut;
use super::search_params::SearchParams;
use crate::http::app::AppState;
use crate::http::error::{blocking, blocking_short};
use crate::http::json::json;
use crate::http::ApiError;
use crate::model::{
    Availability, Contact, Cost, LocalizedText, Location, Resource, STALE_AFTER_DAYS,
};
use crate::search::{Facet, Hit, SearchResults};

/// What a hit shows of a resource; `GET /api/v1/resources/{id}` has the rest.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResourceSummary {
    /// Identifier.
    pub id: String,
    /// Name of the service.
    pub name: String,
    /// Name of the organisation.
    pub organization: String,
    /// Description in uk / nl / en.
    pub description: LocalizedText,
    /// Category codes.
    pub categories: Vec<String>,
    /// ISO 639-1 codes of the languages the service is offered in.
    pub languages: Vec<String>,
    /// Where it is offered.
    pub location: Location,
    /// Whether it is free of charge.
    pub free: bool,
    /// What it costs.
    pub cost: Option<Cost>,
    /// Whether it takes new people.
    pub availability: Option<Availability>,
    /// How to reach it.
    pub contact: Contact,
    /// When a person last confirmed the record.
    #[serde(serialize_with = "crate::model::timestamp::serialize_option")]
    pub verified_at: Option<DateTime<Utc>>,
    /// True when nobody confirmed the record in the last 180 days (or
    /// ever): still shown, ranked lower, to be checked before relying on it.
    pub stale: bool,
    /// When the record last changed.
    #[serde(serialize_with = "crate::model::timestamp::serialize")]
    pub updated_at: DateTime<Utc>,
    /// True for generated demo data.
    pub synthetic: bool,
}

impl From<Resource> for ResourceSummary {
    fn from(r: Resource) -> ResourceSummary {
        let stale = r
            .provenance
            .verified_at
            .is_none_or(|v| (Utc::now() - v).num_days() > STALE_AFTER_DAYS);
        ResourceSummary {
            stale,
            free: r.is_free(),
            id: r.id.0,
            name: r.name,
            organization: r.organization.name,
            description: r.description,
            categories: r.categories,
            languages: r.languages,
            location: r.location,
            cost: r.cost,
            availability: r.availability,
            contact: r.contact,
            verified_at: r.provenance.verified_at,
            updated_at: r.provenance.updated_at,
            synthetic: r.synthetic,
        }
    }
}

/// A matched field with the matched words marked `**like this**`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HighlightOut {
    /// The field (`name`, `description.nl`, `organization` …).
    pub field: String,
    /// An excerpt, matches in `**`. Plain text, not HTML: escape it to show it.
    pub snippet: String,
}

/// One hit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HitOut {
    /// The resource.
    pub resource: ResourceSummary,
    /// Distance from the search point in km, when both have a point.
    pub distance_km: Option<f64>,
    /// Blended score: text relevance × distance × freshness.
    pub score: f64,
    /// Matched fields.
    pub highlights: Vec<HighlightOut>,
}

impl From<Hit> for HitOut {
    fn from(h: Hit) -> HitOut {
        HitOut {
            resource: h.resource.into(),
            distance_km: h.distance_km,
            score: h.score,
            highlights: h
                .highlights
                .into_iter()
                .map(|h| HighlightOut {
                    field: h.field,
                    snippet: h.snippet,
                })
                .collect(),
        }
    }
}

/// A facet value and how many matching resources have it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FacetOut {
    /// Category code or language code.
    pub value: String,
    /// Matching resources.
    pub count: usize,
}

fn facets(list: Vec<Facet>) -> Vec<FacetOut> {
    list.into_iter()
        .map(|f| FacetOut {
            value: f.value,
            count: f.count,
        })
        .collect()
}

/// Counts of all matching resources per category and per language.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Facets {
    /// Per category code.
    pub categories: Vec<FacetOut>,
    /// Per language code.
    pub languages: Vec<FacetOut>,
}

/// Where this page lies.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Paging {
    /// Page number, from 1.
    pub page: usize,
    /// Hits per page.
    pub per_page: usize,
    /// Pages in all.
    pub total_pages: usize,
}

/// A page of search results.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchResponse {
    /// This page's hits, best first.
    pub hits: Vec<HitOut>,
    /// Facet counts over all matches.
    pub facets: Facets,
    /// Matching resources in all.
    pub total: usize,
    /// Where this page lies.
    pub paging: Paging,
    /// The place the search was centred on, when `place` was given.
    pub place: Option<PlaceOut>,
}

impl From<SearchResults> for SearchResponse {
    fn from(r: SearchResults) -> SearchResponse {
        SearchResponse {
            paging: Paging {
                page: r.page,
                per_page: r.per_page,
                total_pages: r.total.div_ceil(r.per_page.max(1)),
            },
            total: r.total,
            place: r.place.as_ref().map(PlaceOut::from),
            facets: Facets {
                categories: facets(r.category_facets),
                languages: facets(r.language_facets),
            },
            hits: r.hits.into_iter().map(HitOut::from).collect(),
        }
    }
}

/// Searches published resources.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "search",
    params(SearchParams),
    responses(
        (status = 200, description = "A page of results", body = SearchResponse),
        (status = 400, description = "Bad parameters, every one named", body = crate::http::error::ErrorBody),
        (status = 429, description = "Too many requests", body = crate::http::error::ErrorBody),
    )
)]
pub async fn search(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let pairs = super::query_string::query_pairs(&req)?;
    let query = crate::search::parse_params(&pairs).map_err(ApiError::invalid)?;
    let engine = state.engine.clone();
    // Without words a search walks a radius's few runs or a category's
    // postings: a fraction of a millisecond (BENCHMARKS.md).
    let wordless = query.text.as_deref().is_none_or(|t| t.trim().is_empty());
    let results = if wordless {
        blocking_short(move || engine.search(&query)).await?
    } else {
        blocking(move || engine.search(&query)).await?
    };
    Ok(json(HttpResponse::Ok(), &SearchResponse::from(results)))
}

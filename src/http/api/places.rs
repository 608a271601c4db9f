//! `GET /api/v1/places`: place-name autocomplete in any script.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use crate::gazetteer::Place;
use crate::http::app::AppState;
use crate::http::json::json;
use crate::http::ApiError;
use crate::model::FieldError;

/// A place of the Netherlands.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlaceOut {
    /// The name as GeoNames gives it.
    pub name: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// The municipality (gemeente).
    pub municipality: String,
    /// The province.
    pub province: String,
    /// Inhabitants.
    pub population: u64,
}

impl From<&Place> for PlaceOut {
    fn from(p: &Place) -> PlaceOut {
        PlaceOut {
            name: p.name.clone(),
            lat: p.coordinate.lat(),
            lon: p.coordinate.lon(),
            municipality: p.municipality.clone(),
            province: p.province.clone(),
            population: p.population,
        }
    }
}

/// The parameters of a place look-up.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Only read by the OpenAPI generator.
pub struct PlacesParams {
    /// A place name or its beginning, any script.
    q: String,
    /// How many places (1 to 50, default 10).
    limit: Option<usize>,
}

/// The most places one look-up returns.
const MAX_LIMIT: usize = 50;

/// Places matching a name, best first.
#[utoipa::path(
    get,
    path = "/api/v1/places",
    tag = "search",
    params(PlacesParams),
    responses(
        (status = 200, description = "Matching places, best first", body = [PlaceOut]),
        (status = 400, description = "Bad parameters", body = crate::http::error::ErrorBody),
    )
)]
pub async fn places(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let pairs = super::query_string::query_pairs(&req)?;
    let mut text = None;
    let mut limit = 10;
    let mut errors = Vec::new();
    for (key, value) in &pairs {
        match key.as_str() {
            "q" => text = Some(value.clone()),
            "limit" => match super::query_string::whole_number_in(value, "limit", 1..=MAX_LIMIT) {
                Ok(n) => limit = n,
                Err(e) => errors.push(e),
            },
            other => errors.push(FieldError::new(
                other.chars().take(40).collect::<String>(),
                "unknown parameter",
            )),
        }
    }
    let text = text.unwrap_or_default();
    if text.trim().is_empty() {
        errors.push(FieldError::new("q", "must not be empty"));
    } else if text.len() > 200 {
        errors.push(FieldError::new("q", "must be at most 200 bytes"));
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    // The gazetteer is in memory and the look-up bounded: no need for the
    // blocking pool.
    let found: Vec<PlaceOut> = state
        .engine
        .places(&text, limit)
        .into_iter()
        .map(PlaceOut::from)
        .collect();
    Ok(json(HttpResponse::Ok(), &found))
}

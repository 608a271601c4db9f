//! `GET /api/v1/gaps`: the gap report per municipality as JSON, CSV or an
//! SVG map, and its wire types.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use crate::gaps::{to_csv, to_svg, GapQuery, GapReport, DEFAULT_REACH_KM};
use crate::http::app::AppState;
use crate::http::error::blocking;
use crate::http::json::json;
use crate::http::ApiError;
use crate::model::{FieldError, Lang};

/// The parameters of a gap report.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Only read by the OpenAPI generator.
pub struct GapsParams {
    /// A category code or an indicator id (required).
    #[param(example = "health.mental_support")]
    category: String,
    /// Only services offered in this ISO 639-1 language.
    #[param(example = "uk")]
    language: Option<String>,
    /// Within reach means within this many km of a municipality's centre
    /// (more than 0, at most 300; default 15).
    reach_km: Option<f64>,
    /// Only free services.
    free: Option<bool>,
    /// Only services that accept this age.
    age: Option<u8>,
    /// `json` (default), `csv` or `svg` (a map of the Netherlands).
    format: Option<String>,
    /// Language of the map's texts: `uk`, `nl` or `en` (default).
    lang: Option<String>,
}

/// How the report is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapsFormat {
    /// [`GapsResponse`].
    Json,
    /// `text/csv`.
    Csv,
    /// `image/svg+xml`.
    Svg,
}

/// A parsed gap-report request.
#[derive(Debug, Clone)]
pub struct GapsRequest {
    /// The question.
    pub query: GapQuery,
    /// The answer's format.
    pub format: GapsFormat,
    /// The language of the map.
    pub lang: Lang,
}

const KNOWN: [&str; 7] = [
    "category", "language", "reach_km", "free", "age", "format", "lang",
];

/// Reads the query-string pairs of a gap report, naming every bad parameter.
/// The engine checks the query's values.
pub fn parse_gaps(pairs: &[(String, String)]) -> Result<GapsRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut request = GapsRequest {
        query: GapQuery::new(""),
        format: GapsFormat::Json,
        lang: Lang::En,
    };
    let mut seen: Vec<&str> = Vec::new();
    for (key, value) in pairs {
        let name = key.as_str();
        if !KNOWN.contains(&name) {
            errors.push(FieldError::new(
                name.chars().take(40).collect::<String>(),
                "unknown parameter",
            ));
            continue;
        }
        if seen.contains(&name) {
            errors.push(FieldError::new(name, "may be given only once"));
            continue;
        }
        seen.push(name);
        let value = value.trim();
        match name {
            "category" => request.query.category = value.to_string(),
            "language" => {
                request.query.language = Some(value.to_string()).filter(|v| !v.is_empty())
            }
            "reach_km" => match value.parse::<f64>() {
                Ok(v) => request.query.reach_km = v,
                Err(_) if value.is_empty() => request.query.reach_km = DEFAULT_REACH_KM,
                Err(_) => errors.push(FieldError::new(name, "must be a number of km")),
            },
            "free" => match value.to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "on" => request.query.free_only = true,
                "false" | "0" | "no" | "off" | "" => request.query.free_only = false,
                _ => errors.push(FieldError::new(name, "must be true or false")),
            },
            "age" => match value.parse::<u8>() {
                Ok(a) => request.query.age = Some(a),
                Err(_) if value.is_empty() => {}
                Err(_) => errors.push(FieldError::new(
                    name,
                    "must be a whole number from 0 to 120",
                )),
            },
            "format" => match value {
                "json" | "" => request.format = GapsFormat::Json,
                "csv" => request.format = GapsFormat::Csv,
                "svg" => request.format = GapsFormat::Svg,
                _ => errors.push(FieldError::new(name, "must be json, csv or svg")),
            },
            _ => match value {
                "uk" => request.lang = Lang::Uk,
                "nl" => request.lang = Lang::Nl,
                "en" | "" => request.lang = Lang::En,
                _ => errors.push(FieldError::new(name, "must be uk, nl or en")),
            },
        }
    }
    if !seen.contains(&"category") {
        errors.push(FieldError::new("category", "is required"));
    }
    if errors.is_empty() {
        Ok(request)
    } else {
        Err(errors)
    }
}

/// The nearest matching physical service.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NearestOut {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Distance from the municipality's centre, km.
    pub distance_km: f64,
}

/// One municipality's line.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GapRowOut {
    /// The municipality (gemeente).
    pub municipality: String,
    /// Its province.
    pub province: String,
    /// Latitude of the centre distances are measured from.
    pub lat: f64,
    /// Longitude of that centre.
    pub lon: f64,
    /// `namesake` (the place named like the municipality) or `centroid`
    /// (population-weighted centroid of its places).
    pub centre: String,
    /// Inhabitants (gazetteer).
    pub population: u64,
    /// True when some of its places were assigned to it approximately.
    pub approximate: bool,
    /// Matching physical services within reach of the centre.
    pub within_reach: usize,
    /// `none`, `thin` (1–2) or `covered` (3 or more).
    pub coverage: String,
    /// The nearest matching physical service anywhere, if any.
    pub nearest: Option<NearestOut>,
}

/// The totals.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GapSummaryOut {
    /// Municipalities in the report.
    pub municipalities: usize,
    /// Municipalities with nothing within reach.
    pub without_coverage: usize,
    /// Their inhabitants.
    pub population_without_coverage: u64,
    /// Inhabitants of all municipalities.
    pub population: u64,
}

/// A gap report.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GapsResponse {
    /// The category code or indicator id asked for.
    pub category: String,
    /// The service language asked for.
    pub language: Option<String>,
    /// The reach, km.
    pub reach_km: f64,
    /// Matching online and national services: they reach everyone, so they
    /// are counted once here and never as a municipality's coverage.
    pub online_or_national: usize,
    /// The totals.
    pub summary: GapSummaryOut,
    /// One line per municipality, by name.
    pub municipalities: Vec<GapRowOut>,
}

impl From<GapReport> for GapsResponse {
    fn from(r: GapReport) -> GapsResponse {
        GapsResponse {
            category: r.query.category,
            language: r.query.language,
            reach_km: r.query.reach_km,
            online_or_national: r.online_or_national,
            summary: GapSummaryOut {
                municipalities: r.summary.municipalities,
                without_coverage: r.summary.without_coverage,
                population_without_coverage: r.summary.population_without_coverage,
                population: r.summary.population,
            },
            municipalities: r
                .rows
                .into_iter()
                .map(|row| {
                    let m = row.municipality;
                    GapRowOut {
                        lat: m.centre.lat(),
                        lon: m.centre.lon(),
                        centre: if m.centroid { "centroid" } else { "namesake" }.to_string(),
                        municipality: m.name,
                        province: m.province,
                        population: m.population,
                        approximate: m.approximate,
                        within_reach: row.within_reach,
                        coverage: row.coverage.code().to_string(),
                        nearest: row.nearest.map(|n| NearestOut {
                            id: n.id,
                            name: n.name,
                            distance_km: n.distance_km,
                        }),
                    }
                })
                .collect(),
        }
    }
}

/// What the blocking pool hands back.
enum Rendered {
    Json(Box<GapReport>),
    Text(String),
}

/// For every municipality: matching services within reach of its centre and
/// the nearest one, as JSON, CSV or an SVG map.
#[utoipa::path(
    get,
    path = "/api/v1/gaps",
    tag = "search",
    params(GapsParams),
    responses(
        (status = 200, description = "The report (JSON; with format=csv text/csv; with format=svg image/svg+xml)", body = GapsResponse),
        (status = 400, description = "Bad parameters, every one named", body = crate::http::error::ErrorBody),
        (status = 429, description = "Too many requests", body = crate::http::error::ErrorBody),
    )
)]
pub async fn gaps(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let pairs = super::query_string::query_pairs(&req)?;
    let request = parse_gaps(&pairs).map_err(ApiError::invalid)?;
    let engine = state.engine.clone();
    let format = request.format;
    // Both the report and its rendering are CPU work: keep them off the workers.
    let rendered = blocking(move || {
        let report = engine.gaps(&request.query)?;
        Ok(match format {
            GapsFormat::Json => Rendered::Json(Box::new(report)),
            GapsFormat::Csv => Rendered::Text(to_csv(&report)),
            GapsFormat::Svg => Rendered::Text(to_svg(
                &report,
                engine.gazetteer(),
                engine.taxonomy(),
                request.lang,
            )),
        })
    })
    .await?;
    Ok(match (rendered, format) {
        (Rendered::Json(report), _) => json(HttpResponse::Ok(), &GapsResponse::from(*report)),
        (Rendered::Text(csv), GapsFormat::Csv) => HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"wegwijs-gaps.csv\"",
            ))
            .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .body(csv),
        (Rendered::Text(svg), _) => HttpResponse::Ok()
            .content_type("image/svg+xml; charset=utf-8")
            // Opened on its own, the map may do nothing but show itself.
            .insert_header((
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; frame-ancestors 'none'",
            ))
            .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .body(svg),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn reads_every_parameter() {
        let r = parse_gaps(&pairs(&[
            ("category", "health.mental_support"),
            ("language", "uk"),
            ("reach_km", "20"),
            ("format", "svg"),
            ("lang", "nl"),
        ]))
        .expect("valid");
        assert_eq!(r.query.category, "health.mental_support");
        assert_eq!(r.query.language.as_deref(), Some("uk"));
        assert_eq!(r.query.reach_km, 20.0);
        assert_eq!((r.format, r.lang), (GapsFormat::Svg, Lang::Nl));
    }

    #[test]
    fn names_every_bad_parameter() {
        let errors = parse_gaps(&pairs(&[
            ("reach_km", "far"),
            ("format", "pdf"),
            ("bogus", "1"),
            ("lang", "ru"),
        ]))
        .expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["reach_km", "format", "bogus", "lang", "category"]);
    }
}

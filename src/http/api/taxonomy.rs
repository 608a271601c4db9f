//! `GET /api/v1/taxonomy`: the indicators and categories with their labels.

use actix_web::{web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::http::app::AppState;
use crate::http::json::json;
use crate::taxonomy::Labels;

/// Labels in the three user-facing languages.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LabelsOut {
    /// Ukrainian.
    pub uk: String,
    /// Dutch.
    pub nl: String,
    /// English.
    pub en: String,
}

impl From<&Labels> for LabelsOut {
    fn from(l: &Labels) -> LabelsOut {
        LabelsOut {
            uk: l.uk.clone(),
            nl: l.nl.clone(),
            en: l.en.clone(),
        }
    }
}

/// An integration indicator; as a `category` filter it selects all its categories.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndicatorOut {
    /// Indicator id (`health`, `work` …).
    pub id: String,
    /// Framework group.
    pub group: String,
    /// Labels.
    pub labels: LabelsOut,
}

/// A service category.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CategoryOut {
    /// Code, `indicator.slug`.
    pub code: String,
    /// The primary indicator id.
    pub indicator: String,
    /// Other indicators it also belongs to.
    pub also: Vec<String>,
    /// Labels.
    pub labels: LabelsOut,
}

/// The whole taxonomy.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaxonomyOut {
    /// The 14 indicators, in order.
    pub indicators: Vec<IndicatorOut>,
    /// The categories, in order.
    pub categories: Vec<CategoryOut>,
}

/// The indicators and categories, labelled in uk, nl and en.
#[utoipa::path(
    get,
    path = "/api/v1/taxonomy",
    tag = "search",
    responses((status = 200, description = "The taxonomy", body = TaxonomyOut))
)]
pub async fn taxonomy(state: web::Data<AppState>) -> HttpResponse {
    let t = state.engine.taxonomy();
    json(
        HttpResponse::Ok(),
        &TaxonomyOut {
            indicators: t
                .indicators()
                .iter()
                .map(|i| IndicatorOut {
                    id: i.id.clone(),
                    group: i.group.clone(),
                    labels: (&i.labels).into(),
                })
                .collect(),
            categories: t
                .categories()
                .iter()
                .map(|c| CategoryOut {
                    code: c.code.clone(),
                    indicator: c.indicator().to_string(),
                    also: c.also.clone(),
                    labels: (&c.labels).into(),
                })
                .collect(),
        },
    )
}

//! The user-level search query.

use serde::{Deserialize, Serialize};

use crate::geo::Coordinate;
use crate::model::PublicationStatus;

/// The most hits one page may hold.
pub const MAX_PER_PAGE: usize = 100;

/// A search as a user states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    /// Free text in any language or script.
    pub text: Option<String>,
    /// A point to search around.
    pub point: Option<Coordinate>,
    /// A place name (gazetteer, any script), used when `point` is absent.
    pub place: Option<String>,
    /// Only resources within this many km of the point.
    pub radius_km: Option<f64>,
    /// Category codes or indicator ids, any of.
    pub categories: Vec<String>,
    /// ISO 639-1 codes, any of.
    pub languages: Vec<String>,
    /// Resources offered only in these languages are left out.
    pub exclude_languages: Vec<String>,
    /// Only free resources.
    pub free_only: bool,
    /// Only resources that accept this age.
    pub age: Option<u8>,
    /// Include online and national services whatever their distance.
    pub include_online: bool,
    /// Publication status; `None` means any. Defaults to published.
    pub status: Option<PublicationStatus>,
    /// 1-based page number.
    pub page: usize,
    /// Hits per page, at most [`MAX_PER_PAGE`].
    pub per_page: usize,
}

impl Default for SearchQuery {
    fn default() -> SearchQuery {
        SearchQuery {
            text: None,
            point: None,
            place: None,
            radius_km: None,
            categories: Vec::new(),
            languages: Vec::new(),
            exclude_languages: Vec::new(),
            free_only: false,
            age: None,
            include_online: true,
            status: Some(PublicationStatus::Published),
            page: 1,
            per_page: 20,
        }
    }
}

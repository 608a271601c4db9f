//! The JSON API under `/api/v1`: the route table, and one file per endpoint
//! group. Handlers turn requests into engine calls and nothing more.

mod ask;
mod audit;
mod backup;
mod gaps;
mod matching;
mod moderation;
mod places;
mod precondition;
mod query_string;
mod resource_body;
mod resources;
mod routes;
mod search;
mod search_params;
mod stale;
mod suggestions;
mod taxonomy;

pub use ask::AskResponse;
pub use audit::{AuditRecordOut, FieldChangeOut};
pub use backup::{BackupFileOut, BackupOut};
pub use gaps::{
    parse_gaps, GapRowOut, GapSummaryOut, GapsFormat, GapsRequest, GapsResponse, NearestOut,
};
pub use matching::MatchResponse;
pub use moderation::RejectIn;
pub use places::PlaceOut;
pub use resource_body::MAX_LIST_LEN;
pub use routes::{configure, PREFIX};
pub use search::{FacetOut, Facets, HighlightOut, HitOut, Paging, ResourceSummary, SearchResponse};
pub use suggestions::{SuggestionIn, SuggestionOut};
pub use taxonomy::{CategoryOut, IndicatorOut, LabelsOut, TaxonomyOut};

/// The documented handlers, for the OpenAPI document.
pub(crate) mod paths {
    pub use super::ask::__path_ask;
    pub use super::audit::__path_audit;
    pub use super::backup::__path_backup;
    pub use super::gaps::__path_gaps;
    pub use super::matching::__path_match_household;
    pub use super::moderation::{__path_approve, __path_queue, __path_reject};
    pub use super::places::__path_places;
    pub use super::resources::{
        __path_archive, __path_create, __path_get, __path_patch, __path_replace, __path_verify,
    };
    pub use super::search::__path_search;
    pub use super::stale::__path_stale;
    pub use super::suggestions::__path_suggest;
    pub use super::taxonomy::__path_taxonomy;
}

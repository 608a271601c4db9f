//! The engine's error type.

use crate::index::IndexError;
use crate::model::FieldError;
use crate::search::SearchError;
use crate::store::StoreError;

/// Why an engine call failed. [`EngineError::Invalid`] and
/// [`EngineError::NotFound`] are the user's mistakes; the rest are ours.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The input is wrong; every bad field is named.
    #[error("invalid input: {}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// No resource has this id.
    #[error("no resource with id '{0}'")]
    NotFound(String),
    /// The write was based on a stale version, or the id is taken.
    #[error(
        "conflict: the resource changed since it was read (now updated at {current_updated_at})"
    )]
    Conflict {
        /// The `updated_at` of the stored version.
        current_updated_at: chrono::DateTime<chrono::Utc>,
    },
    /// The record is likely a duplicate of these stored resources.
    #[error("likely a duplicate of {}", .0.iter().map(|(id, r)| format!("{id} ({r})")).collect::<Vec<_>>().join(", "))]
    Duplicate(Vec<crate::engine::LikelyDuplicate>),
    /// No valid token was given.
    #[error("a valid token is required")]
    Unauthorized,
    /// The token may not do this (role or region).
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

impl From<SearchError> for EngineError {
    fn from(e: SearchError) -> EngineError {
        match e {
            SearchError::Invalid(fields) => EngineError::Invalid(fields),
            SearchError::Index(e) => EngineError::Index(e),
            SearchError::Store(e) => EngineError::Store(e),
        }
    }
}

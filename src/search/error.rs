//! The search layer's error type.

use crate::index::IndexError;
use crate::model::FieldError;
use crate::store::StoreError;

/// Why a search failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query itself is wrong (the user's mistake); names every bad field.
    #[error("invalid query: {}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// The index failed (our failure).
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The store failed (our failure).
    #[error(transparent)]
    Store(#[from] StoreError),
}

//! The index's error type.

/// A failure of the search index. Never the user's fault: the index is derived
/// data, and the engine rebuilds it from the store when it is damaged.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// tantivy failed (I/O, corrupt files, …).
    #[error("index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The index directory could not be read or written.
    #[error("index: {0}")]
    Io(#[from] std::io::Error),
    /// A stored record could not be read: the index is damaged.
    #[error("index: {0}")]
    Record(#[from] super::record::RecordError),
    /// The index was opened with another schema or taxonomy than this build's.
    #[error("index: {0}")]
    Incompatible(String),
}

impl From<tantivy::directory::error::OpenDirectoryError> for IndexError {
    fn from(e: tantivy::directory::error::OpenDirectoryError) -> IndexError {
        IndexError::Incompatible(e.to_string())
    }
}

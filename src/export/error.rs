//! The error of the export writers.

/// Writing an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The output could not be written (disk full, closed pipe).
    #[error("writing the export failed: {0}")]
    Io(#[from] std::io::Error),
    /// A record could not be encoded as JSON.
    #[error("encoding record '{id}' failed: {source}")]
    Json {
        /// The record's id.
        id: String,
        /// The encoder's error.
        source: serde_json::Error,
    },
    /// A record could not be written as CSV.
    #[error("writing record '{id}' as csv failed: {source}")]
    Csv {
        /// The record's id.
        id: String,
        /// The writer's error.
        source: ::csv::Error,
    },
}

//! The store's error type.

/// A failure of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The embedded database failed (disk full, I/O error, corruption it detected).
    #[error("store: {0}")]
    Sled(#[from] sled::Error),
    /// A stored value could not be decoded; names the key.
    #[error("store: record '{key}' is corrupt: {message}")]
    Corrupt {
        /// The key of the bad record.
        key: String,
        /// What is wrong with it.
        message: String,
    },
    /// The data directory was written by an incompatible version.
    #[error(
        "store: format version {found} is not supported (this build reads version {expected})"
    )]
    FormatVersion {
        /// Version found on disk.
        found: u64,
        /// Version this build writes.
        expected: u64,
    },
}

impl From<sled::transaction::TransactionError<StoreError>> for StoreError {
    fn from(e: sled::transaction::TransactionError<StoreError>) -> StoreError {
        match e {
            sled::transaction::TransactionError::Abort(e) => e,
            sled::transaction::TransactionError::Storage(e) => StoreError::Sled(e),
        }
    }
}

//! The engine: the one facade the CLI and the HTTP service talk to.
//!
//! Owns the store, the index, the taxonomy and the gazetteer; keeps the index
//! in step with the store; validates every write.

mod ask;
mod backup;
mod bulk;
mod duplicates;
mod error;
mod file_twins;
mod gaps;
mod import;
mod matching;
mod open;
mod restore;
mod sheet_import;
mod stats;
mod suggestions;
mod tokens;
mod write;

pub use ask::{Answer, ASK_RADIUS_KM};
pub use backup::{
    BackupFile, BackupManifest, BACKUPS_DIR, BACKUP_FORMAT, BACKUP_VERSION, MANIFEST,
};
pub use bulk::{BulkLoad, BULK_CHUNK};
pub use duplicates::{merged, LikelyDuplicate};
pub use error::EngineError;
pub use import::{parse as parse_records, ImportOptions, ImportReport, RecordError};
pub use open::{Engine, OpenReport, INDEX_DIR, STORE_DIR};
pub use restore::verify_backup;
pub use sheet_import::SheetReport;
pub use stats::{Counts, Stats};
pub use write::{StaleWindow, STALE_WINDOW_MAX};

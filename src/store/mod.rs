//! The store: sled, the source of truth for resources.
//!
//! Only this module knows sled. Every write is one transaction over the
//! resource, a generation counter and a change log, and is flushed to disk
//! before it is acknowledged. The search index records the generation it
//! reflects and replays the change log to catch up.

mod accounts;
mod backup;
mod error;
mod resources;

pub use accounts::StoredToken;
pub use backup::{Tree, TreeLoader};
pub use error::StoreError;
pub use resources::{Store, StoredResource, Write, BATCH_CACHE_MB, FORMAT_VERSION, SERVE_CACHE_MB};

//! Bulk loading for imports and seeding: records go to the store a chunk
//! per transaction, each with its audit record as any write, but their
//! index documents are only staged, and the index commits once at the end.
//! (A commit per chunk cost more than the indexing itself: every commit
//! writes a new segment and its term dictionary.)
//!
//! Crash safety is unchanged: the store is the source of truth, and every
//! stored record is in its change log, so an index that missed the final
//! commit catches up on the next open.

use super::{Engine, EngineError};
use crate::model::Resource;

/// Records per store transaction in a bulk load.
pub const BULK_CHUNK: usize = 5000;

/// A bulk load in progress: see the module documentation. Call
/// [`BulkLoad::finish`]; dropped unfinished (after an error), it still
/// commits what it stored, so this process's index agrees with the store.
pub struct BulkLoad<'e> {
    engine: &'e Engine,
    actor: String,
    action: String,
    pending: Vec<Resource>,
    stored: usize,
    staged: bool,
    /// The records come validated (see [`BulkLoad::admitted`]).
    validated: bool,
    /// None of the records was stored before (see [`BulkLoad::admitted`]).
    all_new: bool,
}

impl Engine {
    /// Starts a bulk load whose audit records name `actor` and `action`.
    pub fn bulk_load(&self, actor: &str, action: &str) -> BulkLoad<'_> {
        BulkLoad {
            engine: self,
            actor: actor.to_string(),
            action: action.to_string(),
            pending: Vec::with_capacity(BULK_CHUNK),
            stored: 0,
            staged: false,
            validated: false,
            all_new: false,
        }
    }
}

impl BulkLoad<'_> {
    /// For an import whose admission (`import::Admission`) has validated
    /// every record and refused an id given twice: the load does not
    /// validate them again, and, when `store_was_empty` (when the import
    /// began), it does not look for stored versions to compare each record
    /// with for its audit record: there are none. A profile of a 200,000
    /// import put the second validation at 2% of the time and those reads
    /// at 3%.
    pub(super) fn admitted(mut self, store_was_empty: bool) -> Self {
        self.validated = true;
        self.all_new = store_was_empty;
        self
    }

    /// Adds `resource`; stores a chunk when one is full, and then says so
    /// (`true`), for progress reports.
    pub fn push(&mut self, resource: Resource) -> Result<bool, EngineError> {
        self.pending.push(resource);
        if self.pending.len() < BULK_CHUNK {
            return Ok(false);
        }
        self.flush()?;
        Ok(true)
    }

    /// Records stored so far (durable, though not yet searchable).
    pub fn stored(&self) -> usize {
        self.stored
    }

    /// Stores the pending records in one transaction, with one audit record
    /// each (the changed fields against the stored version), and stages
    /// their index documents.
    pub fn flush(&mut self) -> Result<(), EngineError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let engine = self.engine;
        if !self.validated {
            for r in &self.pending {
                engine.validate(r)?;
            }
        }
        let _guard = engine.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        let audit = if self.all_new {
            self.pending
                .iter()
                .map(|r| Engine::audit_record(&self.actor, &self.action, Some(r), Vec::new()))
                .collect()
        } else {
            engine.audit_against_store(&self.pending, &self.actor, &self.action)?
        };
        let last_key = engine.store.last_key()?;
        let keys = engine.store.write(crate::store::Write {
            resources: &self.pending,
            audit,
            suggestion: None,
        })?;
        let pairs: Vec<(u64, &Resource)> = keys.into_iter().zip(&self.pending).collect();
        engine.index.stage(&pairs, last_key)?;
        self.staged = true;
        self.stored += self.pending.len();
        self.pending.clear();
        Ok(())
    }

    /// Stores what is pending and commits the index: every record stored is
    /// searchable on return. Returns the number of records stored.
    pub fn finish(mut self) -> Result<usize, EngineError> {
        self.flush()?;
        self.commit()?;
        Ok(self.stored)
    }

    fn commit(&mut self) -> Result<(), EngineError> {
        if !self.staged {
            return Ok(());
        }
        self.staged = false;
        let engine = self.engine;
        let _guard = engine.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        let generation = engine.store.generation()?;
        engine.index.commit_staged(generation)?;
        engine.store.trim_changes(generation)?;
        Ok(())
    }
}

impl Drop for BulkLoad<'_> {
    fn drop(&mut self) {
        // Only reached unfinished after an error, which the caller reports;
        // a failure here leaves the index behind the store, which the next
        // open repairs from the change log.
        if let Err(e) = self.commit() {
            tracing::warn!("bulk load: committing the index failed: {e}");
        }
    }
}

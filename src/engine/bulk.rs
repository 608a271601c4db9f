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
    /// What is known of each pending record.
    known: Vec<Known>,
    stored: usize,
    staged: bool,
}

/// What is known of a record waiting for its chunk to be stored.
#[derive(Clone, Copy)]
struct Known {
    /// Validated and admitted by an import (see [`BulkLoad::push_admitted`]).
    admitted: bool,
    /// Not stored: its audit record needs no stored version.
    new: bool,
}

impl Engine {
    /// Starts a bulk load whose audit records name `actor` and `action`.
    pub fn bulk_load(&self, actor: &str, action: &str) -> BulkLoad<'_> {
        BulkLoad {
            engine: self,
            actor: actor.to_string(),
            action: action.to_string(),
            pending: Vec::with_capacity(BULK_CHUNK),
            known: Vec::with_capacity(BULK_CHUNK),
            stored: 0,
            staged: false,
        }
    }
}

impl BulkLoad<'_> {
    /// Adds `resource`; stores a chunk when one is full, and then says so
    /// (`true`), for progress reports.
    pub fn push(&mut self, resource: Resource) -> Result<bool, EngineError> {
        let known = Known {
            admitted: false,
            new: false,
        };
        self.add(resource, known)
    }

    /// As [`BulkLoad::push`], for a record an import's admission
    /// (`import::Admission`) has validated, and found `new` (its id not
    /// stored when the import began; the admission refuses an id given
    /// twice, so it is not stored now either). The load does not validate
    /// it again, and writes a new record's audit record without looking for
    /// a stored version to compare it with. A profile of an import of
    /// 200,000 put the second validation at 2% of its time and those reads
    /// at 3%.
    pub(super) fn push_admitted(
        &mut self,
        resource: Resource,
        new: bool,
    ) -> Result<bool, EngineError> {
        let known = Known {
            admitted: true,
            new,
        };
        self.add(resource, known)
    }

    fn add(&mut self, resource: Resource, known: Known) -> Result<bool, EngineError> {
        self.pending.push(resource);
        self.known.push(known);
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
        for (r, known) in self.pending.iter().zip(&self.known) {
            if !known.admitted {
                engine.validate(r)?;
            }
        }
        let _guard = engine.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut audit = Vec::with_capacity(self.pending.len());
        for (r, known) in self.pending.iter().zip(&self.known) {
            audit.push(if known.new {
                Engine::audit_record(&self.actor, &self.action, Some(r), Vec::new())
            } else {
                engine.audit_against_store(r, &self.actor, &self.action)?
            });
        }
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
        self.known.clear();
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

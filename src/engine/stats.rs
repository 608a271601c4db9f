//! Counts and sizes of a data directory.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Engine, EngineError};

/// What a data directory holds.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Resources in the store.
    pub resources: usize,
    /// Per publication status.
    pub by_status: BTreeMap<String, usize>,
    /// Synthetic resources.
    pub synthetic: usize,
    /// Resources never verified by a person.
    pub never_verified: usize,
    /// Per category code (published only).
    pub by_category: BTreeMap<String, usize>,
    /// Documents in the search index.
    pub index_documents: u64,
    /// Points in the R-tree.
    pub index_points: usize,
    /// The store's generation (writes ever made).
    pub store_generation: u64,
    /// The generation the index reflects.
    pub index_generation: u64,
    /// Store size on disk, bytes.
    pub store_bytes: u64,
    /// Index size on disk, bytes.
    pub index_bytes: u64,
}

impl Engine {
    /// Counts everything (scans the store).
    pub fn stats(&self) -> Result<Stats, EngineError> {
        let mut by_status = BTreeMap::new();
        let mut by_category = BTreeMap::new();
        let (mut resources, mut synthetic, mut never_verified) = (0, 0, 0);
        for r in self.resources() {
            let r = r?;
            resources += 1;
            let status = serde_json::to_value(r.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            *by_status.entry(status).or_default() += 1;
            synthetic += usize::from(r.synthetic);
            never_verified += usize::from(r.provenance.verified_at.is_none());
            if r.status == crate::model::PublicationStatus::Published {
                for c in &r.categories {
                    *by_category.entry(c.clone()).or_default() += 1;
                }
            }
        }
        Ok(Stats {
            resources,
            by_status,
            synthetic,
            never_verified,
            by_category,
            index_documents: self.index.num_docs(),
            index_points: self.index.num_points(),
            store_generation: self.store.generation()?,
            index_generation: self.index.generation()?,
            store_bytes: self.store.size_on_disk(),
            index_bytes: self.index.size_on_disk(),
        })
    }
}

//! Counts and sizes of a data directory.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Engine, EngineError};
use crate::model::PublicationStatus;

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

/// What a metrics scrape reports, cheap at any size: the resources by
/// publication status and those never verified, counted in the search
/// index (which holds every stored resource once caught up with the
/// store, as it is after every open and every write; the generations tell
/// when it is not), with the index's and the store's sizes and
/// generations. [`Engine::stats`] reads every stored resource instead.
#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    /// Resources indexed.
    pub resources: u64,
    /// Per publication status.
    pub by_status: BTreeMap<String, u64>,
    /// Resources never verified by a person.
    pub never_verified: u64,
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

/// `status` as the API spells it.
fn status_text(status: PublicationStatus) -> String {
    serde_json::to_value(status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The name of the publication status with index ordinal `ordinal`, as
/// the API spells it.
fn status_name(ordinal: u64) -> String {
    PublicationStatus::ALL
        .into_iter()
        .find(|s| s.ordinal() == ordinal)
        .map_or_else(|| format!("unknown_{ordinal}"), status_text)
}

impl Engine {
    /// See [`Counts`].
    pub fn counts(&self) -> Result<Counts, EngineError> {
        let counted = self.index.status_counts()?;
        Ok(Counts {
            resources: counted.documents,
            by_status: counted
                .by_status
                .into_iter()
                .map(|(ordinal, n)| (status_name(ordinal), n))
                .collect(),
            never_verified: counted.never_verified,
            index_points: self.index.num_points()?,
            store_generation: self.store.generation()?,
            index_generation: self.index.generation()?,
            store_bytes: self.store.size_on_disk(),
            index_bytes: self.index.size_on_disk(),
        })
    }

    /// Counts everything (scans the store).
    pub fn stats(&self) -> Result<Stats, EngineError> {
        let mut by_status = BTreeMap::new();
        let mut by_category = BTreeMap::new();
        let (mut resources, mut synthetic, mut never_verified) = (0, 0, 0);
        for r in self.resources() {
            let r = r?;
            resources += 1;
            *by_status.entry(status_text(r.status)).or_default() += 1;
            synthetic += usize::from(r.synthetic);
            never_verified += usize::from(r.provenance.verified_at.is_none());
            if r.status == PublicationStatus::Published {
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
            index_points: self.index.num_points()?,
            store_generation: self.store.generation()?,
            index_generation: self.index.generation()?,
            store_bytes: self.store.size_on_disk(),
            index_bytes: self.index.size_on_disk(),
        })
    }
}

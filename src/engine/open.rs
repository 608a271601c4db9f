//! Opening a data directory: store, index, catching up, first-use seeding.

use std::path::{Path, PathBuf};

use chrono::Utc;

use super::EngineError;
use crate::gazetteer::{Gazetteer, Place};
use crate::index::{IndexState, SearchIndex};
use crate::model::{AuditRecord, Resource, ResourceId};
use crate::search::{self, SearchContext, SearchQuery, SearchResults};
use crate::store::Store;
use crate::taxonomy::Taxonomy;

/// The engine over one data directory.
pub struct Engine {
    pub(super) dir: PathBuf,
    pub(super) store: Store,
    pub(super) index: SearchIndex,
    pub(super) taxonomy: &'static Taxonomy,
    pub(super) gazetteer: &'static Gazetteer,
    /// Serializes writes: read-check-write sequences (version
    /// preconditions), and every write against a backup's dump, which holds
    /// it so the snapshot is one point in time. Every write to the store
    /// takes it.
    pub(super) write_lock: std::sync::Mutex<()>,
    /// Where backups made through the server go (see `backup.rs`).
    pub(super) backup_root: Option<PathBuf>,
    /// Recent gap reports, by query and store generation (see `gaps.rs`).
    pub(super) gap_cache: super::gaps::GapCache,
}

/// What opening did to bring the directory into shape.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenReport {
    /// The store was new and was seeded with this many resources.
    pub seeded: Option<usize>,
    /// The index was rebuilt from the store (missing, damaged, or too far behind).
    pub rebuilt: bool,
    /// The index caught up by replaying this many changes.
    pub replayed: usize,
}

/// Below the data directory: the store, the source of truth.
pub const STORE_DIR: &str = "store";
/// Below the data directory: the derived search index.
pub const INDEX_DIR: &str = "search-index";

impl Engine {
    /// Opens `dir` (creating it), brings the index up to the store, and seeds
    /// an empty store from `seed-data/`.
    pub fn open(dir: &Path) -> Result<(Engine, OpenReport), EngineError> {
        Engine::open_with_store_cache(dir, crate::store::BATCH_CACHE_MB)
    }

    /// [`Engine::open`] for a server: a larger store cache
    /// ([`crate::store::SERVE_CACHE_MB`]) for the random reads of matching.
    pub fn open_to_serve(dir: &Path) -> Result<(Engine, OpenReport), EngineError> {
        Engine::open_with_store_cache(dir, crate::store::SERVE_CACHE_MB)
    }

    fn open_with_store_cache(
        dir: &Path,
        cache_mb: u64,
    ) -> Result<(Engine, OpenReport), EngineError> {
        let io = |source| EngineError::Io {
            path: dir.display().to_string(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let (store, created) = Store::open_with_cache(&dir.join(STORE_DIR), cache_mb)?;
        let taxonomy = Taxonomy::embedded();
        let (index, state) = SearchIndex::open(&dir.join(INDEX_DIR), taxonomy)?;
        let engine = Engine {
            dir: dir.to_path_buf(),
            store,
            index,
            taxonomy,
            gazetteer: Gazetteer::embedded(),
            write_lock: std::sync::Mutex::new(()),
            backup_root: None,
            gap_cache: Default::default(),
        };
        let mut report = OpenReport::default();
        engine.catch_up(state, &mut report)?;
        if created && engine.store.is_empty() {
            let records = crate::seed::real_resources()?;
            engine.put_all(&records)?;
            report.seeded = Some(records.len());
        }
        Ok((engine, report))
    }

    fn catch_up(&self, state: IndexState, report: &mut OpenReport) -> Result<(), EngineError> {
        let store_generation = self.store.generation()?;
        let changes = match state {
            IndexState::AtGeneration(g) if g == store_generation => Some(Vec::new()),
            IndexState::AtGeneration(g) if g < store_generation => self.store.changes_since(g)?,
            _ => None,
        };
        match changes {
            Some(ids) => {
                let mut stored = Vec::new();
                for id in &ids {
                    if let Some(s) = self.store.get(id)? {
                        stored.push(s);
                    }
                }
                let pairs: Vec<(u64, &Resource)> =
                    stored.iter().map(|s| (s.key, &s.resource)).collect();
                if !pairs.is_empty() {
                    self.index.upsert(&pairs, store_generation)?;
                }
                report.replayed = ids.len();
            }
            None => {
                self.rebuild_index()?;
                report.rebuilt = true;
            }
        }
        self.store.trim_changes(store_generation)?;
        Ok(())
    }

    /// Rebuilds the whole index from the store, one stored resource at a
    /// time: reading them all first held a million in memory (3.2 GiB at
    /// the peak) and left the indexing idle while the store was read.
    pub fn rebuild_index(&self) -> Result<(), EngineError> {
        let generation = self.store.generation()?;
        let stored = self.store.iter().map(|r| r.map(|s| (s.key, s.resource)));
        self.index.rebuild_streamed(stored, generation)??;
        Ok(())
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The taxonomy.
    pub fn taxonomy(&self) -> &'static Taxonomy {
        self.taxonomy
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &'static Gazetteer {
        self.gazetteer
    }

    /// Checks `resource` against every rule.
    pub fn validate(&self, resource: &Resource) -> Result<(), EngineError> {
        resource
            .validate(|c| self.taxonomy.is_category(c))
            .map_err(|e| EngineError::Invalid(e.0))
    }

    /// Validates and stores resources (insert or replace), all or none, then
    /// indexes them. Returns once durable and searchable.
    pub fn put_all(&self, resources: &[Resource]) -> Result<(), EngineError> {
        for r in resources {
            self.validate(r)?;
        }
        let _guard = self.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        self.store_and_index(resources, Vec::new())
    }

    /// Stores `resources` with `audit` in one transaction, then indexes them.
    fn store_and_index(
        &self,
        resources: &[Resource],
        audit: Vec<AuditRecord>,
    ) -> Result<(), EngineError> {
        let keys = self.store.write(crate::store::Write {
            resources,
            audit,
            suggestion: None,
        })?;
        let generation = self.store.generation()?;
        let pairs: Vec<(u64, &Resource)> = keys.into_iter().zip(resources).collect();
        self.index.upsert(&pairs, generation)?;
        Ok(())
    }

    /// Like [`Engine::put_all`], and records one audit record per resource
    /// (who, `action`, the changed fields against the stored version) in the
    /// same transaction. Used by the CLI's `import` and `seed`.
    pub fn put_all_audited(
        &self,
        resources: &[Resource],
        actor: &str,
        action: &str,
    ) -> Result<(), EngineError> {
        for r in resources {
            self.validate(r)?;
        }
        let _guard = self.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        let audit = resources
            .iter()
            .map(|r| self.audit_against_store(r, actor, action))
            .collect::<Result<Vec<_>, _>>()?;
        self.store_and_index(resources, audit)
    }

    /// The audit record of `r`: `actor`, `action`, and the fields that
    /// differ from the stored version. A resource new to the store
    /// lists no fields: its first version is the record stored with it,
    /// and every later change records the values it replaced, so the
    /// history stays complete without writing each record twice (which
    /// doubled the store and its write time in a bulk load).
    pub(super) fn audit_against_store(
        &self,
        r: &Resource,
        actor: &str,
        action: &str,
    ) -> Result<AuditRecord, EngineError> {
        let changes = match self.store.get(&r.id)? {
            Some(s) => super::write::diff(
                &serde_json::to_value(&s.resource).unwrap_or_default(),
                &serde_json::to_value(r).unwrap_or_default(),
            ),
            None => Vec::new(),
        };
        Ok(Engine::audit_record(actor, action, Some(r), changes))
    }

    /// Validates and stores one resource.
    pub fn put(&self, resource: &Resource) -> Result<(), EngineError> {
        self.put_all(std::slice::from_ref(resource))
    }

    /// The resource with `id`.
    pub fn get(&self, id: &str) -> Result<Resource, EngineError> {
        self.store
            .get(&ResourceId(id.to_string()))?
            .map(|s| s.resource)
            .ok_or_else(|| EngineError::NotFound(id.chars().take(64).collect()))
    }

    /// Number of stored resources (every status): counts keys, decodes nothing.
    pub fn len(&self) -> usize {
        self.store.len()
    }

    /// The number of resources (every status) as the search index counts
    /// them, without walking the store: the same as [`Engine::len`], since
    /// the index catches up with the store on open and every write updates
    /// both before it returns.
    pub fn indexed_len(&self) -> usize {
        usize::try_from(self.index.num_docs()).unwrap_or(usize::MAX)
    }

    /// Whether the store holds no resources.
    pub fn is_empty(&self) -> bool {
        self.store.is_empty()
    }

    /// Every resource, in id order.
    pub fn resources(&self) -> impl Iterator<Item = Result<Resource, EngineError>> + '_ {
        self.store
            .iter()
            .map(|r| r.map(|s| s.resource).map_err(EngineError::from))
    }

    /// Runs a search now.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults, EngineError> {
        let ctx = SearchContext {
            index: &self.index,
            taxonomy: self.taxonomy,
            gazetteer: self.gazetteer,
        };
        Ok(search::run(ctx, query, Utc::now().timestamp())?)
    }

    /// Places matching a name in any script, best first.
    pub fn places(&self, text: &str, limit: usize) -> Vec<&'static Place> {
        self.gazetteer.lookup(text, limit)
    }
}

//! Opening, writing and searching the index.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};

use tantivy::collector::{Collector, DocSetCollector};
use tantivy::directory::MmapDirectory;
use tantivy::index::SegmentId;
use tantivy::indexer::{LogMergePolicy, NoMergePolicy};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::schema::Value;
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term,
};

use super::category_text::CategoryTexts;
use super::collector::HitCollector;
use super::doc_runs::DocRunsQuery;
use super::doc_table::{DocTable, DocTables, SegmentTables};
use super::document::to_document;
use super::query::{
    build, filters_in_collector, IndexHit, IndexQuery, IndexResults, SortOrder,
    SPATIAL_TERM_SET_LIMIT,
};
use super::record::{self, RecordError};
use super::schema::{self, language_code, Fields, SCHEMA_VERSION};
use super::spatial::SpatialIndex;
use super::term_union::TermUnionQuery;
use super::tokenizer;
use super::IndexError;
use crate::geo::Coordinate;
use crate::model::{PackedFacts, PublicationStatus, Resource, RuleFacts};
use crate::taxonomy::Taxonomy;
use crate::text::fold_key;
use chrono::{DateTime, Utc};
use tantivy::columnar::Column;
use tantivy::{DocId, DocSet, TERMINATED};

/// What an opened index reflects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexState {
    /// The index was missing, damaged or incompatible, and was created empty.
    Fresh,
    /// The index reflects the store up to this generation.
    AtGeneration(u64),
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Payload {
    schema_version: u32,
    taxonomy_fingerprint: u64,
    store_generation: u64,
}

/// The search index.
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    spatial: RwLock<SpatialIndex>,
    /// The R-tree is behind the committed documents, to be rebuilt from
    /// them when next read: a bulk load leaves it so (see
    /// [`SearchIndex::commit_staged`]).
    spatial_behind: AtomicBool,
    taxonomy: &'static Taxonomy,
    fingerprint: u64,
    /// [`SearchIndex::counts`] of one searcher generation, by filters.
    counts: Mutex<(u64, HashMap<String, IndexResults>)>,
    /// What the collector reads of each document, per segment.
    tables: DocTables,
    /// The taxonomy's category texts, which no document holds.
    category_texts: Arc<CategoryTexts>,
}

/// Filter combinations whose counts are kept per searcher generation.
const MAX_CACHED_COUNTS: usize = 256;

/// The first ring of a place name alone when fewer points are indexed
/// than it asks for hits (see [`SearchIndex::nearest_by_rings`]).
const FIRST_RING_KM: f64 = 0.25;

/// The smallest first ring: a ring narrower than a sub-square of the
/// place order reads the same documents.
const MIN_RING_KM: f64 = 0.02;

/// The widest ring; beyond it a place name alone walks every document.
const MAX_RING_KM: f64 = 1024.0;

/// The most the writer holds in memory before it writes a segment. A bulk
/// load's own segments end as one ([`SearchIndex::merge_after_load`]);
/// when its documents fit in the writer, that segment is written once,
/// sorted, and nothing is merged: a million resources fit in 1.5 GiB
/// (BENCHMARKS.md, twelfth session), and a merge of the segments a 64 MiB
/// writer left took a fifth of the import. The memory is only taken as
/// documents arrive, so a server's writes (a commit each) never come near
/// it.
const WRITER_MEMORY_MAX: usize = 2 << 30;

/// The least: tantivy's default for one thread.
const WRITER_MEMORY_MIN: usize = 64 << 20;

/// The writer's budget: a quarter of the memory available (as Linux's
/// `/proc/meminfo` reports it), within [`WRITER_MEMORY_MIN`] and
/// [`WRITER_MEMORY_MAX`]; the least where that cannot be read.
fn writer_memory() -> usize {
    let available = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| available_bytes(&info));
    budget_of(available)
}

fn budget_of(available: Option<u64>) -> usize {
    let quarter = available.map_or(0, |bytes| usize::try_from(bytes / 4).unwrap_or(usize::MAX));
    quarter.clamp(WRITER_MEMORY_MIN, WRITER_MEMORY_MAX)
}

/// `MemAvailable` of a `/proc/meminfo` text, in bytes.
fn available_bytes(meminfo: &str) -> Option<u64> {
    let line = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))?;
    let kib: u64 = line.trim().strip_suffix("kB")?.trim().parse().ok()?;
    kib.checked_mul(1024)
}

fn fingerprint(taxonomy: &Taxonomy) -> u64 {
    // FNV-1a over every category in order — codes (their ordinals are
    // indexed), labels and synonyms (indexed as text) — so that any edit of
    // the taxonomy triggers a rebuild.
    let mut h: u64 = 0xcbf29ce484222325;
    for c in taxonomy.categories() {
        let text = serde_json::to_string(c).unwrap_or_default();
        for b in text.bytes().chain(std::iter::once(0)) {
            h = (h ^ u64::from(b)).wrapping_mul(0x100000001b3);
        }
    }
    h
}

impl SearchIndex {
    /// Opens the index in `dir`. A missing, damaged or incompatible index is
    /// replaced by an empty one ([`IndexState::Fresh`]) for the caller to refill.
    pub fn open(
        dir: &Path,
        taxonomy: &'static Taxonomy,
    ) -> Result<(SearchIndex, IndexState), IndexError> {
        // tantivy can panic on some damaged files instead of returning an
        // error; the index is derived data, so either way we rebuild it.
        let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            SearchIndex::try_open(dir, taxonomy)
        }));
        match attempt {
            Ok(Ok(Some(opened))) => return Ok(opened),
            Ok(Ok(None)) => {}
            Ok(Err(e)) => {
                tracing::warn!(error = %e, dir = %dir.display(), "search index unreadable, rebuilding")
            }
            Err(_) => {
                tracing::warn!(dir = %dir.display(), "search index damaged (reader panicked), rebuilding")
            }
        }
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        std::fs::create_dir_all(dir)?;
        let (schema, _) = schema::build();
        let index = Index::builder()
            .schema(schema)
            .settings(schema::settings())
            .create_in_dir(dir)?;
        let opened = SearchIndex::from_index(dir, index, taxonomy)?;
        Ok((opened, IndexState::Fresh))
    }

    fn try_open(
        dir: &Path,
        taxonomy: &'static Taxonomy,
    ) -> Result<Option<(SearchIndex, IndexState)>, IndexError> {
        if !dir.join("meta.json").exists() {
            return Ok(None);
        }
        let index = Index::open(MmapDirectory::open(dir)?)?;
        let damaged = index.validate_checksum()?;
        if !damaged.is_empty() {
            return Err(IndexError::Incompatible(format!(
                "{} files fail their checksum",
                damaged.len()
            )));
        }
        let payload: Option<Payload> = index
            .load_metas()?
            .payload
            .and_then(|p| serde_json::from_str(&p).ok());
        let Some(payload) = payload else {
            return Ok(None);
        };
        if payload.schema_version != SCHEMA_VERSION
            || payload.taxonomy_fingerprint != fingerprint(taxonomy)
            || !schema::settings_match(index.settings())
        {
            return Ok(None);
        }
        let opened = SearchIndex::from_index(dir, index, taxonomy)?;
        // Reading every segment's fast fields proves they are readable.
        opened.load_spatial()?;
        Ok(Some((
            opened,
            IndexState::AtGeneration(payload.store_generation),
        )))
    }

    fn from_index(
        dir: &Path,
        mut index: Index,
        taxonomy: &'static Taxonomy,
    ) -> Result<SearchIndex, IndexError> {
        // The document store's blocks are small and not compressed
        // ([`schema::settings`]): a thread of their own only cost a wake-up
        // a block, in every segment written and every merge.
        index.settings_mut().docstore_compress_dedicated_thread = false;
        tokenizer::register(&index);
        let (_, fields) = schema::build();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let writer = index.writer_with_num_threads(1, writer_memory())?;
        // A commit cut off by a crash leaves files that `meta.json` does not
        // name. Replaying the same writes would create a delete file of the
        // same name (`SEGMENT.OPSTAMP.del`), which tantivy refuses to
        // overwrite; so remove such leftovers before writing anything.
        writer.garbage_collect_files().wait()?;
        Ok(SearchIndex {
            dir: dir.to_path_buf(),
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            spatial: RwLock::new(SpatialIndex::default()),
            spatial_behind: AtomicBool::new(false),
            taxonomy,
            fingerprint: fingerprint(taxonomy),
            counts: Mutex::new((u64::MAX, HashMap::new())),
            tables: DocTables::default(),
            category_texts: Arc::new(CategoryTexts::new(taxonomy)),
        })
    }

    fn load_spatial(&self) -> Result<(), IndexError> {
        let searcher = self.reader.searcher();
        let tables = self.tables.of(&searcher)?;
        // Counted now rather than by the first search with words (about
        // 20 ms at a million documents).
        for (_, table) in tables.iter() {
            table.category_stats(&self.category_texts);
        }
        let mut entries = Vec::new();
        for (segment, (_, table)) in searcher.segment_readers().iter().zip(tables.iter()) {
            for doc in segment.doc_ids_alive() {
                if let (true, Some(k)) = (table.has_point(doc), table.key(doc)) {
                    let (lat, lon) = table.point(doc);
                    entries.push((k, lat, lon));
                }
            }
        }
        *self.spatial.write().unwrap_or_else(|e| e.into_inner()) = SpatialIndex::build(entries);
        self.spatial_behind.store(false, Ordering::Release);
        Ok(())
    }

    /// The R-tree, rebuilt first when a bulk load left it behind. The
    /// rebuild holds the writer, so no commit falls between the documents
    /// it reads and the tree it leaves.
    fn spatial(&self) -> Result<RwLockReadGuard<'_, SpatialIndex>, IndexError> {
        if self.spatial_behind.load(Ordering::Acquire) {
            let _writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
            if self.spatial_behind.load(Ordering::Acquire) {
                self.load_spatial()?;
            }
        }
        Ok(self.spatial.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// The live documents, by publication status ordinal, and those never
    /// verified, counted from the doc tables: a metrics scrape asked the
    /// store instead, which decoded every resource (5.3–5.8 s a scrape at
    /// a million).
    pub fn status_counts(&self) -> Result<StatusCounts, IndexError> {
        let searcher = self.reader.searcher();
        let tables = self.tables.of(&searcher)?;
        let mut counts = StatusCounts::default();
        for (segment, (_, table)) in searcher.segment_readers().iter().zip(tables.iter()) {
            for doc in segment.doc_ids_alive() {
                counts.documents += 1;
                *counts
                    .by_status
                    .entry(u64::from(table.status(doc)))
                    .or_default() += 1;
                counts.never_verified += u64::from(table.verified_bucket(doc) == 0);
            }
        }
        Ok(counts)
    }

    /// The published resources in `regions` (every one when empty; see
    /// [`super::document::region_keys`]) verified before `cutoff`, or
    /// never: how many, and the records of the `first` oldest of them
    /// (never verified first, by creation; then by verification), with
    /// every one the doc tables' whole seconds cannot tell from the last
    /// of those. The walk reads the doc tables and fast fields, and the
    /// records only of what it returns and of those verified in `cutoff`'s
    /// own second; the store's walk decoded every resource (about 5 s at a
    /// million).
    pub fn stale(
        &self,
        regions: &[String],
        cutoff: DateTime<Utc>,
        first: usize,
    ) -> Result<StaleDocs, IndexError> {
        let searcher = self.reader.searcher();
        let tables = self.tables.of(&searcher)?;
        let cutoff_secs = cutoff.timestamp();
        let published = PublicationStatus::Published.ordinal();
        let mut total = 0;
        // Each one's place in the list as far as whole seconds tell it
        // (monotone with the exact order), its segment and document.
        let mut found: Vec<((Option<i64>, i64), usize, DocId)> = Vec::new();
        for (ord, (segment, (_, table))) in searcher
            .segment_readers()
            .iter()
            .zip(tables.iter())
            .enumerate()
        {
            let columns = FactColumns::open(segment, Arc::clone(table))?;
            for doc in self.region_docs(segment, regions)? {
                if !table.status_is(doc, published) {
                    continue;
                }
                let flags = columns.facts.first(doc).unwrap_or(0);
                let at = if PackedFacts::verified(flags) {
                    let secs = columns.verified.first(doc).unwrap_or(0);
                    if secs > cutoff_secs {
                        continue;
                    }
                    if secs == cutoff_secs {
                        let r = self.stored_record(
                            &searcher,
                            DocAddress::new(ord as u32, doc),
                            record::decode,
                        )?;
                        if r.provenance.verified_at.is_none_or(|v| v >= cutoff) {
                            continue;
                        }
                    }
                    (Some(secs), 0)
                } else {
                    (None, columns.created.first(doc).unwrap_or(0))
                };
                total += 1;
                found.push((at, ord, doc));
            }
        }
        if first == 0 {
            found.clear();
        } else if found.len() > first {
            let (_, last, _) = found.select_nth_unstable_by_key(first - 1, |f| f.0);
            let last = last.0;
            found.retain(|f| f.0 <= last);
        }
        let mut records = Vec::with_capacity(found.len());
        for (_, ord, doc) in found {
            let address = DocAddress::new(ord as u32, doc);
            records.push(self.stored_record(&searcher, address, record::decode)?);
        }
        Ok(StaleDocs {
            total,
            first: records,
        })
    }

    /// The live documents of `segment` with a `region` term of one of
    /// `regions` (folded here), in order; every live document when
    /// `regions` is empty.
    fn region_docs(
        &self,
        segment: &tantivy::SegmentReader,
        regions: &[String],
    ) -> Result<Vec<DocId>, IndexError> {
        if regions.is_empty() {
            return Ok(segment.doc_ids_alive().collect());
        }
        let alive = segment.alive_bitset();
        let inverted = segment.inverted_index(self.fields.region)?;
        let mut docs = Vec::new();
        for region in regions {
            let term = Term::from_field_text(self.fields.region, &fold_key(region));
            let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)?
            else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    docs.push(doc);
                }
                doc = postings.advance();
            }
        }
        docs.sort_unstable();
        docs.dedup();
        Ok(docs)
    }

    /// The directory the index lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Replaces every document by `resources` (key, resource), committed as
    /// reflecting store `generation`.
    pub fn rebuild<'r>(
        &self,
        resources: impl Iterator<Item = (u64, &'r Resource)>,
        generation: u64,
    ) -> Result<(), IndexError> {
        self.rebuild_streamed(resources.map(Ok::<_, std::convert::Infallible>), generation)?
            .unwrap_or_else(|never| match never {});
        Ok(())
    }

    /// As [`SearchIndex::rebuild`], from records read as the rebuild goes
    /// (a store's walk), so they are never all in memory at once. When
    /// `resources` yields an error, nothing is committed: the index stays
    /// as it was, and the error is returned inside `Ok`.
    pub fn rebuild_streamed<R: Borrow<Resource>, E>(
        &self,
        resources: impl Iterator<Item = Result<(u64, R), E>>,
        generation: u64,
    ) -> Result<Result<(), E>, IndexError> {
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let loaded = self.replace_all(&mut writer, resources, generation);
        writer.set_merge_policy(Box::new(LogMergePolicy::default()));
        drop(writer);
        if let Err(e) = loaded? {
            return Ok(Err(e));
        }
        self.load_spatial()?;
        Ok(Ok(()))
    }

    /// The part of [`SearchIndex::rebuild_streamed`] that may fail, with
    /// merges off.
    fn replace_all<R: Borrow<Resource>, E>(
        &self,
        writer: &mut IndexWriter,
        resources: impl Iterator<Item = Result<(u64, R), E>>,
        generation: u64,
    ) -> Result<Result<(), E>, IndexError> {
        writer.delete_all_documents()?;
        for item in resources {
            match item {
                Ok((key, resource)) => {
                    let doc = to_document(key, resource.borrow(), &self.fields, self.taxonomy);
                    writer.add_document(doc)?;
                }
                Err(e) => {
                    // Back to the last commit: the deletion and the
                    // documents added so far are dropped.
                    writer.rollback()?;
                    return Ok(Err(e));
                }
            }
        }
        self.commit(writer, generation)?;
        self.merge_after_load(writer)?;
        Ok(Ok(()))
    }

    /// Adds or replaces the documents of `resources` (key, resource) and
    /// commits as reflecting store `generation`; searchable on return.
    pub fn upsert(
        &self,
        resources: &[(u64, &Resource)],
        generation: u64,
    ) -> Result<(), IndexError> {
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        for &(key, resource) in resources {
            writer.delete_term(Term::from_field_u64(self.fields.key, key));
            writer.add_document(to_document(key, resource, &self.fields, self.taxonomy))?;
        }
        self.commit(&mut writer, generation)?;
        let mut spatial = self.spatial.write().unwrap_or_else(|e| e.into_inner());
        for &(key, resource) in resources {
            spatial.set(key, resource.location.point());
        }
        Ok(())
    }

    /// Adds or replaces the documents of `resources` (key, resource)
    /// without committing: for bulk loads, which call
    /// [`SearchIndex::commit_staged`] once at the end. Until then searches
    /// do not see them, and a crash loses only index work: the store's
    /// change log replays it on the next open. Keys above `new_above` were
    /// never indexed (keys are never reused), so nothing of theirs is deleted.
    pub fn stage(&self, resources: &[(u64, &Resource)], new_above: u64) -> Result<(), IndexError> {
        let writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        // The load's segments are merged once, at its end.
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let mut keys: Vec<u64> = resources.iter().map(|&(key, _)| key).collect();
        keys.sort_unstable();
        keys.dedup();
        let repeats = keys.len() < resources.len();
        if !repeats {
            // One delete for the chunk's replaced keys, before its
            // documents. tantivy keeps each delete's weight until the
            // commit, and a `delete_term`'s is a scoring weight of about a
            // kilobyte: a re-import of a million held 1.3 GB of them
            // (BENCHMARKS.md, sixteenth session).
            keys.retain(|&key| key <= new_above);
            if !keys.is_empty() {
                writer.delete_query(Box::new(TermUnionQuery::new(self.fields.key, keys)))?;
            }
        }
        // With a key given twice, each delete goes before its own
        // document, so the later one deletes the earlier, a new key's too.
        let mut seen = std::collections::HashSet::new();
        for &(key, resource) in resources {
            if repeats && (!seen.insert(key) || key <= new_above) {
                writer.delete_term(Term::from_field_u64(self.fields.key, key));
            }
            writer.add_document(to_document(key, resource, &self.fields, self.taxonomy))?;
        }
        Ok(())
    }

    /// Commits everything staged as reflecting store `generation`. The
    /// R-tree is rebuilt from the committed documents when next read, not
    /// now: a batch command that ends with the load never reads it (at a
    /// million the rebuild took about 0.35 s).
    pub fn commit_staged(&self, generation: u64) -> Result<(), IndexError> {
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let committed = self
            .commit(&mut writer, generation)
            .and_then(|()| self.merge_after_load(&mut writer));
        // Merges come back on whatever happened: the staging turned them off.
        writer.set_merge_policy(Box::new(LogMergePolicy::default()));
        self.spatial_behind.store(true, Ordering::Release);
        drop(writer);
        committed
    }

    /// Merges the segments of comparable size, at the end of a bulk load
    /// (which turned tantivy's merges off; see [`segments_to_merge`]). A
    /// query walks each segment's term dictionaries (a typo'd word's once
    /// a field and a segment) and sets up its postings there: a million
    /// documents left in nine segments made a text query within a radius
    /// nearly twice as slow as in one (BENCHMARKS.md). A segment far larger
    /// than the rest together is left as it is: merging a thousand records
    /// into a million rewrote the million, eight seconds of a twelve-second
    /// import. A merge that cannot start (a segment is in one already)
    /// leaves the segments as they are.
    fn merge_after_load(&self, writer: &mut IndexWriter) -> Result<(), IndexError> {
        let sizes: Vec<(SegmentId, u64)> = self
            .index
            .searchable_segment_metas()?
            .iter()
            .map(|m| (m.id(), u64::from(m.num_docs())))
            .collect();
        let ids = segments_to_merge(&sizes);
        if ids.len() > 1 {
            match writer.merge(&ids).wait() {
                Ok(_) => {
                    self.reader.reload()?;
                    self.tables.of(&self.reader.searcher())?;
                }
                Err(e) => tracing::warn!(error = %e, "search index segments left unmerged"),
            }
        }
        Ok(())
    }

    fn commit(&self, writer: &mut IndexWriter, generation: u64) -> Result<(), IndexError> {
        let payload = Payload {
            schema_version: SCHEMA_VERSION,
            taxonomy_fingerprint: self.fingerprint,
            store_generation: generation,
        };
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&serde_json::to_string(&payload).unwrap_or_default());
        prepared.commit()?;
        self.reader.reload()?;
        // Read the new segments' tables now rather than in the next search.
        self.tables.of(&self.reader.searcher())?;
        Ok(())
    }

    /// The record of the resource stored under `key`, as indexed, if it is:
    /// for a caller that asked for hits without records.
    pub fn record_of(&self, key: u64) -> Result<Option<Resource>, IndexError> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_u64(self.fields.key, key),
            IndexRecordOption::Basic,
        );
        let docs = searcher.search(&query, &DocSetCollector)?;
        let Some(&address) = docs.iter().next() else {
            return Ok(None);
        };
        Ok(Some(self.stored_record(
            &searcher,
            address,
            record::decode,
        )?))
    }

    /// The store generation the last commit reflects.
    pub fn generation(&self) -> Result<u64, IndexError> {
        let payload: Option<Payload> = self
            .index
            .load_metas()?
            .payload
            .and_then(|p| serde_json::from_str(&p).ok());
        Ok(payload.map_or(0, |p| p.store_generation))
    }

    /// Number of indexed documents (every status).
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Number of segments searched (a bulk load into an empty index ends
    /// with one).
    pub fn num_segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Number of points in the R-tree.
    pub fn num_points(&self) -> Result<usize, IndexError> {
        Ok(self.spatial()?.len())
    }

    /// Bytes the index takes on disk.
    pub fn size_on_disk(&self) -> u64 {
        std::fs::read_dir(&self.dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok()?.metadata().ok())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    }

    /// Ids of the documents that may be duplicates of a record: those
    /// holding one of `contact_keys` (see [`crate::index::contact_keys`]) or with a point
    /// within `near` (centre, km). Cheap at any size: one term lookup per
    /// key plus an R-tree walk. The caller compares the records themselves.
    pub fn duplicate_candidates(
        &self,
        contact_keys: &[String],
        near: Option<(Coordinate, f64)>,
    ) -> Result<Vec<String>, IndexError> {
        let mut terms: Vec<Term> = contact_keys
            .iter()
            .map(|k| Term::from_field_text(self.fields.contact_key, k))
            .collect();
        if let Some((center, km)) = near {
            let keys = self.spatial()?.within(center, km);
            terms.extend(
                keys.into_iter()
                    .map(|k| Term::from_field_u64(self.fields.key, k)),
            );
        }
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        // A handful of terms: a disjunction of term queries. (A term-set
        // query builds a fresh FST per search, which cost more than the
        // search itself when an import checks every record.)
        let clauses: Vec<(Occur, Box<dyn Query>)> = terms
            .into_iter()
            .map(|t| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(t, IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect();
        let searcher = self.reader.searcher();
        let docs = searcher.search(&BooleanQuery::new(clauses), &DocSetCollector)?;
        let mut ids = Vec::with_capacity(docs.len());
        for address in docs {
            ids.push(self.stored_record(&searcher, address, record::id_of)?);
        }
        ids.sort();
        ids.dedup();
        Ok(ids)
    }

    /// Runs a query.
    pub fn search(&self, q: &IndexQuery) -> Result<IndexResults, IndexError> {
        if let Some(found) = self.nearest_by_rings(q)? {
            return Ok(found);
        }
        self.search_once(q)
    }

    /// A point with neither radius, words nor categories (a place name
    /// alone) would visit every document to find the nearest. Instead its
    /// total and facets come from [`SearchIndex::counts`], which do not
    /// depend on the point, and its hits from rings of growing radius, each
    /// reading only the documents of its box's squares or sub-squares
    /// (see [`schema::box_orders`]): once the last hit asked for lies
    /// inside a ring, no document outside it can rank before it (the sort
    /// key is the distance, up to 10⁻⁶ km of freshness). `None` for any
    /// other query, or when no ring up to 1,024 km holds enough hits.
    fn nearest_by_rings(&self, q: &IndexQuery) -> Result<Option<IndexResults>, IndexError> {
        let Some(point) = q.point else {
            return Ok(None);
        };
        let place_alone = q.radius_km.is_none()
            && q.words.is_empty()
            && q.categories.is_empty()
            && q.order == SortOrder::Distance;
        if !place_alone {
            return Ok(None);
        }
        let counts = self.counts(q)?;
        let wanted = q.limit.saturating_sub(q.skip);
        // The first ring holds at least `limit` points of any kind: of
        // the right kind, they are the answer, read from a few
        // sub-squares of the place order (a fixed first ring of 250 m
        // read a thousand documents in a town for twenty hits).
        let covering = self.spatial()?.covering_km(point, q.limit);
        let first = covering.map_or(FIRST_RING_KM, |km| (km * 1.01 + 0.001).max(MIN_RING_KM));
        let rings = std::iter::successors(Some(first), |&r| {
            (r < MAX_RING_KM).then(|| (r * 4.0).min(MAX_RING_KM))
        });
        for radius in rings.take_while(|&r| r <= MAX_RING_KM) {
            // Online and national resources are left out of the rings:
            // one with a point lies in its cell like any other, and one
            // without sorts after every resource with a point, so neither
            // can be among hits that all lie inside the ring. (Walking
            // them cost a tenth of the index per ring.)
            let ring = IndexQuery {
                radius_km: Some(radius),
                include_remote: false,
                facets: false,
                ..q.clone()
            };
            let found = self.search_once(&ring)?;
            let inside = found.hits.len() == wanted
                && found
                    .hits
                    .last()
                    .is_none_or(|h| h.distance_km.is_some_and(|d| d < radius - 1e-6));
            if inside {
                return Ok(Some(IndexResults {
                    hits: found.hits,
                    ..counts
                }));
            }
        }
        Ok(None)
    }

    /// The total and facets of `q` without its point (a query without a
    /// radius counts the same wherever its point is), cached per searcher
    /// generation and filters.
    fn counts(&self, q: &IndexQuery) -> Result<IndexResults, IndexError> {
        let generation = self.reader.searcher().generation().generation_id();
        let key = format!(
            "{:?}|{:?}|{}|{:?}|{}|{:?}",
            q.languages, q.exclude_languages, q.free_only, q.age, q.include_remote, q.status
        );
        let mut cache = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if cache.0 != generation {
            *cache = (generation, HashMap::new());
        }
        if let Some(found) = cache.1.get(&key) {
            return Ok(found.clone());
        }
        drop(cache);
        let found = self.search_once(&IndexQuery {
            limit: 0,
            skip: 0,
            facets: true,
            ..q.clone()
        })?;
        let mut cache = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if cache.0 == generation && cache.1.len() < MAX_CACHED_COUNTS {
            cache.1.insert(key, found.clone());
        }
        Ok(found)
    }

    /// `read` of a document's stored record.
    fn stored_record<T>(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        read: impl FnOnce(&str) -> Result<T, RecordError>,
    ) -> Result<T, IndexError> {
        let doc: TantivyDocument = searcher.doc(address)?;
        // A document without its record is damaged: `read` refuses "".
        let text = doc
            .get_first(self.fields.record)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        Ok(read(text)?)
    }

    /// Runs a query as it is.
    fn search_once(&self, q: &IndexQuery) -> Result<IndexResults, IndexError> {
        let searcher = self.reader.searcher();
        let tables = self.tables.of(&searcher)?;
        // Within a radius, the runs of doc ids its box covers restrict a
        // text query's walk, and are the walk of a query with neither
        // words nor categories. Failing them (a segment not in place
        // order), such a query's few keys within the radius become a
        // term-set filter.
        let runs = doc_runs(q, &tables);
        let selective_postings = !q.words.is_empty() || !q.categories.is_empty();
        let term_set = match (q.point, q.radius_km) {
            (Some(p), Some(r)) if !selective_postings && runs.is_none() => {
                self.spatial()?.within_at_most(p, r, SPATIAL_TERM_SET_LIMIT)
            }
            _ => None,
        };
        let spatial_walk = term_set.is_some() || runs.is_some();
        let query = build(
            q,
            &self.fields,
            &self.category_texts,
            Arc::clone(&tables),
            term_set.as_ref(),
            runs,
        );
        let collector = HitCollector {
            query: Arc::new(q.clone()),
            scoring: !q.words.is_empty(),
            filters: filters_in_collector(q, spatial_walk),
            tables: Arc::clone(&tables),
        };
        let enabled = if collector.requires_scoring() {
            tantivy::query::EnableScoring::enabled_from_searcher(&searcher)
        } else {
            tantivy::query::EnableScoring::disabled_from_searcher(&searcher)
        };
        let collected = searcher.search_with_executor(
            query.as_ref(),
            &collector,
            searcher.index().search_executor(),
            enabled,
        )?;
        let mut hits = Vec::with_capacity(collected.top.len().saturating_sub(q.skip));
        let mut columns: Vec<Option<FactColumns>> = Vec::new();
        for c in collected.top.into_iter().skip(q.skip) {
            let record = if q.records {
                Some(self.stored_record(&searcher, c.address, record::decode)?)
            } else {
                None
            };
            let (facts, organization) = if q.facts {
                let segment = c.address.segment_ord as usize;
                if columns.len() <= segment {
                    columns.resize_with(segment + 1, || None);
                }
                let cols = match &mut columns[segment] {
                    Some(cols) => cols,
                    slot => slot.insert(FactColumns::open(
                        searcher.segment_reader(c.address.segment_ord),
                        Arc::clone(&tables[segment].1),
                    )?),
                };
                let (facts, organization) = cols.read(c.address.doc_id);
                (Some(facts), organization)
            } else {
                (None, 0)
            };
            hits.push(IndexHit {
                record,
                key: c.key,
                score: c.score,
                distance_km: c.distance_km,
                facts,
                organization,
            });
        }
        let mut category_counts: Vec<(u64, usize)> = collected.categories.into_iter().collect();
        category_counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut language_counts: Vec<(String, usize)> = collected
            .languages
            .into_iter()
            .map(|(l, n)| (language_code(l), n))
            .collect();
        language_counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(IndexResults {
            total: collected.total,
            hits,
            category_counts,
            language_counts,
        })
    }
}

/// For a query within a radius with words, or with neither words nor
/// categories, the runs of doc ids of each segment that hold the documents
/// the radius may keep ([`schema::box_orders`]): its words' postings are
/// then walked only there, or the runs are the walk. `None` for a query
/// with categories and no words (the `category_cell` terms of the
/// radius's cells are its walk), a radius too wide, or a segment not in
/// place order.
fn doc_runs(q: &IndexQuery, tables: &SegmentTables) -> Option<DocRunsQuery> {
    if q.words.is_empty() && !q.categories.is_empty() {
        return None;
    }
    let orders = schema::box_orders(&q.point?.bounding_box(q.radius_km?), q.include_remote)?;
    let runs = tables
        .iter()
        .map(|(id, table)| Some((*id, Arc::from(table.runs(&orders)?))))
        .collect::<Option<_>>()?;
    Some(DocRunsQuery::new(runs))
}

/// The fast fields that hold a document's [`RuleFacts`], of one segment.
struct FactColumns {
    facts: Column<u64>,
    created: Column<i64>,
    verified: Column<i64>,
    cost_amount: Column<f64>,
    organization: Column<u64>,
    /// The segment's doc table, for the languages.
    table: Arc<DocTable>,
}

impl FactColumns {
    fn open(
        reader: &tantivy::SegmentReader,
        table: Arc<DocTable>,
    ) -> Result<FactColumns, IndexError> {
        let ff = reader.fast_fields();
        Ok(FactColumns {
            facts: ff.u64("facts")?,
            created: ff.i64("created")?,
            verified: ff.i64("verified")?,
            cost_amount: ff.f64("cost_amount")?,
            organization: ff.u64("organization_key")?,
            table,
        })
    }

    /// The facts and organisation key of document `doc`.
    fn read(&self, doc: tantivy::DocId) -> (RuleFacts, u64) {
        let packed = PackedFacts {
            flags: self.facts.first(doc).unwrap_or(0),
            created_at: self.created.first(doc).unwrap_or(0),
            verified_at: self.verified.first(doc).unwrap_or(0),
            cost_amount: self.cost_amount.first(doc).unwrap_or(0.0),
        };
        let numbers = self.table.language_numbers();
        let languages = self
            .table
            .languages(doc)
            .iter()
            .map(|&l| language_code(numbers[usize::from(l)]))
            .collect();
        (
            RuleFacts::unpack(packed, languages),
            self.organization.first(doc).unwrap_or(0),
        )
    }
}

/// What [`SearchIndex::stale`] found.
#[derive(Debug, Clone, Default)]
pub struct StaleDocs {
    /// The resources in the list.
    pub total: usize,
    /// The records of the first of them, in no order: see
    /// [`SearchIndex::stale`].
    pub first: Vec<Resource>,
}

/// What [`SearchIndex::status_counts`] counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusCounts {
    /// Live documents.
    pub documents: u64,
    /// Live documents by publication status ordinal.
    pub by_status: std::collections::BTreeMap<u64, u64>,
    /// Live documents never verified by a person.
    pub never_verified: u64,
}

/// A segment more than this many times larger than every smaller segment
/// together is left out of a bulk load's merge.
const MERGE_SIZE_RATIO: u64 = 8;

/// Of the segments `sizes` (id, live documents), those a bulk load merges:
/// walking from the largest, each segment more than [`MERGE_SIZE_RATIO`]
/// times the smaller ones together stays as it is, and the first that is
/// not is merged with every smaller one. So a load into an empty index, or
/// one that left several segments of its own, ends in one segment; a small
/// load into a large index is merged only with the other small segments,
/// which stay a few, of sizes a ratio apart. Empty when there is nothing
/// to merge (fewer than two).
pub(crate) fn segments_to_merge<T: Copy>(sizes: &[(T, u64)]) -> Vec<T> {
    let mut sorted = sizes.to_vec();
    sorted.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    let mut smaller: u64 = sorted.iter().map(|&(_, n)| n).sum();
    for (i, &(_, n)) in sorted.iter().enumerate() {
        smaller -= n;
        if n <= MERGE_SIZE_RATIO.saturating_mul(smaller) {
            let merged: Vec<T> = sorted[i..].iter().map(|&(id, _)| id).collect();
            return if merged.len() > 1 { merged } else { Vec::new() };
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_is_a_quarter_of_the_memory_available_within_bounds() {
        let info =
            "MemTotal:       24576000 kB\nMemFree:         1000 kB\nMemAvailable:    4194304 kB\n";
        assert_eq!(available_bytes(info), Some(4 << 30));
        assert_eq!(budget_of(Some(4 << 30)), 1 << 30);
        assert_eq!(budget_of(Some(64 << 30)), WRITER_MEMORY_MAX);
        assert_eq!(budget_of(Some(100 << 20)), WRITER_MEMORY_MIN);
        assert_eq!(budget_of(None), WRITER_MEMORY_MIN);
        assert_eq!(available_bytes("MemTotal: 1 kB\n"), None);
        assert_eq!(available_bytes("MemAvailable: lots kB\n"), None);
        assert_eq!(available_bytes("MemAvailable: 12\n"), None);
    }

    fn merged(sizes: &[(char, u64)]) -> String {
        let mut ids = segments_to_merge(sizes);
        ids.sort_unstable();
        ids.into_iter().collect()
    }

    #[test]
    fn a_load_merges_segments_of_comparable_size_only() {
        // Nothing to merge.
        assert_eq!(merged(&[]), "");
        assert_eq!(merged(&[('a', 1_000_000)]), "");
        // A load into an empty index, or one that left segments of its own.
        assert_eq!(merged(&[('a', 3), ('b', 1), ('c', 1), ('d', 1)]), "abcd");
        assert_eq!(merged(&[('a', 110), ('b', 120), ('c', 100)]), "abc");
        // A small load into a large index: the large segment stays.
        assert_eq!(merged(&[('a', 1_000_000), ('b', 1_000)]), "");
        assert_eq!(merged(&[('a', 1_000_000), ('b', 21)]), "");
        // ... and the small ones are merged together.
        assert_eq!(
            merged(&[('b', 1_000), ('a', 1_000_000), ('c', 1_000)]),
            "bc"
        );
        assert_eq!(
            merged(&[('a', 1_000_000), ('b', 100_000), ('c', 700), ('d', 100)]),
            "cd"
        );
        // At the ratio a segment is merged; above it, it stays.
        assert_eq!(merged(&[('a', 800), ('b', 100)]), "ab");
        assert_eq!(merged(&[('a', 801), ('b', 100)]), "");
        assert_eq!(merged(&[('a', 801), ('b', 50), ('c', 50)]), "bc");
        // A large segment whose documents were mostly replaced counts by
        // those left, and is merged with the load that replaced them.
        assert_eq!(merged(&[('a', 400_000), ('b', 600_000)]), "ab");
        // Segments without live documents go with the smallest.
        assert_eq!(merged(&[('a', 1_000_000), ('b', 0), ('c', 0)]), "bc");
    }
}

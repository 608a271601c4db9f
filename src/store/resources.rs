//! Resources in sled: trees, keys, generations and the change log.

use std::path::Path;

use sled::transaction::{ConflictableTransactionError, TransactionalTree};
use sled::Transactional;

use super::StoreError;
use crate::model::{AuditRecord, Resource, ResourceId, Suggestion};

/// The on-disk format this build reads and writes.
pub const FORMAT_VERSION: u64 = 1;

/// sled's page cache, in MiB, for a batch command, unless
/// `WEGWIJS_STORE_CACHE_MB` says otherwise. sled's default (1 GiB) made a
/// full scan, such as an export of a million resources, grow the process
/// by that much; the operating system's file cache still keeps hot pages
/// near.
pub const BATCH_CACHE_MB: u64 = 128;

/// sled's page cache, in MiB, for a server, unless
/// `WEGWIJS_STORE_CACHE_MB` says otherwise: matching reads resources at
/// random, and at 1M a household's p50 fell from 61–88 to 50–53 ms with
/// twice the batch cache, for about 45 MiB more RSS under load.
pub const SERVE_CACHE_MB: u64 = 256;

fn cache_bytes(default_mb: u64) -> u64 {
    let mb = std::env::var("WEGWIJS_STORE_CACHE_MB")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|&mb| mb > 0)
        .unwrap_or(default_mb);
    mb * 1024 * 1024
}

const META_FORMAT: &[u8] = b"format_version";
const META_GENERATION: &[u8] = b"generation";
const META_NEXT_KEY: &[u8] = b"next_key";
const META_TRIMMED: &[u8] = b"changes_trimmed_upto";
const META_AUDIT_SEQ: &[u8] = b"audit_seq";

/// Separates the ids of one write in its change-log entry. Ids never
/// contain it (see [`ResourceId::is_well_formed`]), so an entry of one id,
/// as earlier builds wrote them, reads the same.
const CHANGE_SEPARATOR: u8 = b'\n';

/// One atomic write: resources, the audit records describing it, and a
/// suggestion's new state. All land in one transaction or none does.
#[derive(Debug, Default)]
pub struct Write<'a> {
    /// Resources to insert or replace.
    pub resources: &'a [Resource],
    /// Audit records; their `seq` is assigned by the store.
    pub audit: Vec<AuditRecord>,
    /// A suggestion to insert or replace.
    pub suggestion: Option<&'a Suggestion>,
}

/// A resource as stored, with the small numeric key the index uses for it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResource {
    /// Numeric key, assigned once at first write, never reused.
    pub key: u64,
    /// The resource.
    pub resource: Resource,
}

/// The resource store.
#[derive(Debug, Clone)]
pub struct Store {
    pub(super) db: sled::Db,
    resources: sled::Tree,
    meta: sled::Tree,
    changes: sled::Tree,
    pub(super) audit: sled::Tree,
    pub(super) suggestions: sled::Tree,
    pub(super) tokens: sled::Tree,
}

fn u64_of(bytes: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    let n = bytes.len().min(8);
    buf[8 - n..].copy_from_slice(&bytes[bytes.len() - n..]);
    u64::from_be_bytes(buf)
}

fn decode(key: &[u8], value: &[u8]) -> Result<StoredResource, StoreError> {
    let corrupt = |message: String| StoreError::Corrupt {
        key: String::from_utf8_lossy(key).into_owned(),
        message,
    };
    if value.len() < 8 {
        return Err(corrupt("value shorter than its key prefix".into()));
    }
    // One check of the whole text, then a parse that need not check each
    // string again: a search for a place name alone, mostly this decoding,
    // got a tenth faster.
    let text = std::str::from_utf8(&value[8..]).map_err(|e| corrupt(e.to_string()))?;
    let resource = serde_json::from_str(text).map_err(|e| corrupt(e.to_string()))?;
    Ok(StoredResource {
        key: u64_of(&value[..8]),
        resource,
    })
}

/// Room for most records' JSON at once: grown from the key's eight bytes,
/// the buffer was copied about eight times a record (a profile of an
/// import put the copies at 3% of its main thread).
const ENCODED_CAPACITY: usize = 2048;

fn encode(key: u64, resource: &Resource) -> Vec<u8> {
    let mut out = Vec::with_capacity(ENCODED_CAPACITY);
    out.extend_from_slice(&key.to_be_bytes());
    // Serializing our own plain types cannot fail.
    serde_json::to_writer(&mut out, resource).expect("resource serializes");
    out
}

/// How long opening waits for a lock that this process may still hold:
/// a store just dropped releases its file lock from sled's background
/// thread, a moment later. Another process's lock (a running server) is
/// reported after this wait.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

fn open_db(dir: &Path, cache_mb: u64) -> Result<sled::Db, StoreError> {
    let started = std::time::Instant::now();
    loop {
        let opened = sled::Config::new()
            .path(dir)
            .mode(sled::Mode::HighThroughput)
            .cache_capacity(cache_bytes(cache_mb))
            .open()
            .map_err(StoreError::from);
        match opened {
            Err(e) if e.is_locked() && started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

fn tx_u64(tree: &TransactionalTree, key: &[u8]) -> TxResult<u64> {
    Ok(tree.get(key)?.map(|v| u64_of(&v)).unwrap_or(0))
}

impl Store {
    /// Opens (or creates) the store in `dir` with the batch cache
    /// ([`BATCH_CACHE_MB`]). The flag tells whether it was created now.
    pub fn open(dir: &Path) -> Result<(Store, bool), StoreError> {
        Store::open_with_cache(dir, BATCH_CACHE_MB)
    }

    /// [`Store::open`] with a page cache of `cache_mb` MiB (unless
    /// `WEGWIJS_STORE_CACHE_MB` says otherwise).
    pub fn open_with_cache(dir: &Path, cache_mb: u64) -> Result<(Store, bool), StoreError> {
        let db = open_db(dir, cache_mb)?;
        let store = Store {
            resources: db.open_tree("resources")?,
            meta: db.open_tree("meta")?,
            changes: db.open_tree("changes")?,
            audit: db.open_tree("audit")?,
            suggestions: db.open_tree("suggestions")?,
            tokens: db.open_tree("tokens")?,
            db,
        };
        let created = match store.meta.get(META_FORMAT)? {
            None => {
                store
                    .meta
                    .insert(META_FORMAT, &FORMAT_VERSION.to_be_bytes())?;
                store.db.flush()?;
                true
            }
            Some(v) if u64_of(&v) == FORMAT_VERSION => false,
            Some(v) => {
                return Err(StoreError::FormatVersion {
                    found: u64_of(&v),
                    expected: FORMAT_VERSION,
                })
            }
        };
        Ok((store, created))
    }

    /// The number of writes ever made; each write advances it by one.
    pub fn generation(&self) -> Result<u64, StoreError> {
        Ok(self
            .meta
            .get(META_GENERATION)?
            .map(|v| u64_of(&v))
            .unwrap_or(0))
    }

    /// The highest numeric key assigned so far: a write's resources with a
    /// greater key are new to the store, and so to the index.
    pub fn last_key(&self) -> Result<u64, StoreError> {
        Ok(self
            .meta
            .get(META_NEXT_KEY)?
            .map(|v| u64_of(&v))
            .unwrap_or(0))
    }

    /// The number of resources (every status).
    pub fn len(&self) -> usize {
        self.resources.len()
    }

    /// Whether there are no resources.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    /// The resource with `id`.
    pub fn get(&self, id: &ResourceId) -> Result<Option<StoredResource>, StoreError> {
        match self.resources.get(id.as_str().as_bytes())? {
            Some(v) => decode(id.as_str().as_bytes(), &v).map(Some),
            None => Ok(None),
        }
    }

    /// Writes `resource` (insert or replace) and returns its key once durable.
    pub fn put(&self, resource: &Resource) -> Result<u64, StoreError> {
        Ok(self.put_all(std::slice::from_ref(resource))?[0])
    }

    /// Writes all `resources` in one transaction, then flushes: either all
    /// are stored or none. Returns their keys, in order.
    pub fn put_all(&self, resources: &[Resource]) -> Result<Vec<u64>, StoreError> {
        self.write(Write {
            resources,
            ..Write::default()
        })
    }

    /// Applies one [`Write`] in one transaction, then flushes. Returns the
    /// keys of its resources, in order, once durable.
    pub fn write(&self, w: Write<'_>) -> Result<Vec<u64>, StoreError> {
        if w.resources.is_empty() && w.audit.is_empty() && w.suggestion.is_none() {
            return Ok(Vec::new());
        }
        let suggestion = w.suggestion.map(|s| {
            (
                s.id.clone(),
                serde_json::to_vec(s).expect("suggestion serializes"),
            )
        });
        let keys = (
            &self.resources,
            &self.meta,
            &self.changes,
            &self.audit,
            &self.suggestions,
        )
            .transaction(|(r, m, c, a, sg)| {
                let mut generation = tx_u64(m, META_GENERATION)?;
                let mut next_key = tx_u64(m, META_NEXT_KEY)?;
                let mut keys = Vec::with_capacity(w.resources.len());
                let mut changed = Vec::new();
                for resource in w.resources {
                    let id = resource.id.as_str().as_bytes();
                    let key = match r.get(id)? {
                        Some(old) if old.len() >= 8 => u64_of(&old[..8]),
                        _ => {
                            next_key += 1;
                            next_key
                        }
                    };
                    r.insert(id, encode(key, resource))?;
                    generation += 1;
                    if !changed.is_empty() {
                        changed.push(CHANGE_SEPARATOR);
                    }
                    changed.extend_from_slice(id);
                    keys.push(key);
                }
                if !w.resources.is_empty() {
                    // One change-log entry per write, under its last generation.
                    c.insert(&generation.to_be_bytes(), changed)?;
                    m.insert(META_GENERATION, &generation.to_be_bytes())?;
                    m.insert(META_NEXT_KEY, &next_key.to_be_bytes())?;
                }
                let first_seq = tx_u64(m, META_AUDIT_SEQ)? + 1;
                let mut records = w.audit.clone();
                for (record, seq) in records.iter_mut().zip(first_seq..) {
                    record.seq = seq;
                }
                // The records of one write are one entry (see
                // `accounts::audit_entry`).
                let value = match records.as_slice() {
                    [] => None,
                    [one] => Some(serde_json::to_vec(one)),
                    many => Some(serde_json::to_vec(many)),
                };
                if let Some(value) = value {
                    let last_seq = first_seq + records.len() as u64 - 1;
                    a.insert(&first_seq.to_be_bytes(), value.expect("audit serializes"))?;
                    m.insert(META_AUDIT_SEQ, &last_seq.to_be_bytes())?;
                }
                if let Some((id, bytes)) = &suggestion {
                    sg.insert(id.as_bytes(), bytes.as_slice())?;
                }
                Ok(keys)
            })?;
        self.db.flush()?;
        Ok(keys)
    }

    /// The id of every stored resource, in id order, without reading the
    /// resources.
    pub fn ids(&self) -> impl Iterator<Item = Result<String, StoreError>> + '_ {
        self.resources.iter().keys().map(|key| {
            let key = key?;
            String::from_utf8(key.to_vec()).map_err(|e| StoreError::Corrupt {
                key: String::from_utf8_lossy(&key).into_owned(),
                message: e.to_string(),
            })
        })
    }

    /// Every stored resource, in id order.
    pub fn iter(&self) -> impl Iterator<Item = Result<StoredResource, StoreError>> + '_ {
        self.resources.iter().map(|item| {
            let (k, v) = item?;
            decode(&k, &v)
        })
    }

    /// The ids written after generation `since`, oldest first, or `None` when
    /// the log no longer reaches back that far (a full rebuild is needed).
    pub fn changes_since(&self, since: u64) -> Result<Option<Vec<ResourceId>>, StoreError> {
        let trimmed = self
            .meta
            .get(META_TRIMMED)?
            .map(|v| u64_of(&v))
            .unwrap_or(0);
        if since < trimmed {
            return Ok(None);
        }
        let mut ids = Vec::new();
        for item in self.changes.range((since + 1).to_be_bytes()..) {
            let (_, packed) = item?;
            for id in packed.split(|&b| b == CHANGE_SEPARATOR) {
                ids.push(ResourceId(String::from_utf8_lossy(id).into_owned()));
            }
        }
        Ok(Some(ids))
    }

    /// Drops change-log entries up to and including `generation`, once the
    /// index has durably caught up with them.
    pub fn trim_changes(&self, generation: u64) -> Result<(), StoreError> {
        let old: Vec<sled::IVec> = self
            .changes
            .range(..=generation.to_be_bytes())
            .keys()
            .collect::<Result<_, _>>()?;
        if old.is_empty() {
            return Ok(());
        }
        let mut batch = sled::Batch::default();
        for k in old {
            batch.remove(k);
        }
        // Record the trim point first: a crash in between leaves extra entries, never a gap.
        self.meta.insert(META_TRIMMED, &generation.to_be_bytes())?;
        self.changes.apply_batch(batch)?;
        self.db.flush()?;
        Ok(())
    }

    /// Bytes the store takes on disk.
    pub fn size_on_disk(&self) -> u64 {
        self.db.size_on_disk().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(id: &str) -> Resource {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": "Test", "description": {"en": "test record"},
            "organization": {"name": "Test org"}, "categories": ["rights.legal_aid"],
            "location": {"kind": "online"},
            "provenance": {"source": "test", "created_at": "2026-01-01T00:00:00Z",
                           "updated_at": "2026-01-01T00:00:00Z"},
            "status": "published"
        }))
        .expect("test resource")
    }

    #[test]
    fn one_change_log_entry_per_write_lists_all_its_ids() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path()).unwrap();
        store
            .put_all(&[resource("a-1"), resource("a-2"), resource("a-3")])
            .unwrap();
        let after_first = store.generation().unwrap();
        assert_eq!(after_first, 3, "the generation counts resource writes");
        assert_eq!(store.changes.len(), 1);
        store.put(&resource("b-1")).unwrap();
        let ids = |since| -> Vec<String> {
            store
                .changes_since(since)
                .unwrap()
                .unwrap()
                .into_iter()
                .map(|id| id.0)
                .collect()
        };
        assert_eq!(ids(0), ["a-1", "a-2", "a-3", "b-1"]);
        assert_eq!(ids(after_first), ["b-1"]);
        assert_eq!(store.last_key().unwrap(), 4);
        store.trim_changes(after_first).unwrap();
        assert_eq!(store.changes.len(), 1);
        assert_eq!(ids(after_first), ["b-1"]);
        assert!(store.changes_since(0).unwrap().is_none(), "trimmed past 0");
    }

    /// The audit records of a write are one entry; reads page through
    /// entries of one record and of several alike, newest first; a dump
    /// has a line for each record, and so does a restore's load of it.
    #[test]
    fn a_writes_audit_records_are_one_entry_and_read_one_by_one() {
        use crate::model::AuditRecord;
        use crate::store::Tree;
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path()).unwrap();
        let record = |id: &str| AuditRecord {
            seq: 0,
            at: chrono::Utc::now(),
            actor: "test".into(),
            action: "import".into(),
            resource_id: Some(id.into()),
            suggestion_id: None,
            changes: Vec::new(),
        };
        // Sequence numbers 1; 2 to 4; 5; 6 and 7.
        let writes: [&[&str]; 4] = [&["t-a"], &["t-b", "t-c", "t-d"], &["t-e"], &["t-f", "t-g"]];
        for ids in writes {
            let resources: Vec<Resource> = ids.iter().map(|id| resource(id)).collect();
            store
                .write(Write {
                    resources: &resources,
                    audit: ids.iter().map(|id| record(id)).collect(),
                    suggestion: None,
                })
                .unwrap();
        }
        assert_eq!(store.audit.len(), 4, "an entry a write");
        let read = |limit, before| -> Vec<(u64, String)> {
            store
                .audit(limit, before)
                .unwrap()
                .into_iter()
                .map(|r| (r.seq, r.resource_id.unwrap()))
                .collect()
        };
        let all: Vec<(u64, String)> = (1..=7u64)
            .rev()
            .map(|seq| (seq, format!("t-{}", char::from(b'a' + seq as u8 - 1))))
            .collect();
        assert_eq!(read(100, None), all);
        for before in 0..=9u64 {
            for limit in 0..=8 {
                let want: Vec<(u64, String)> = all
                    .iter()
                    .filter(|(seq, _)| *seq < before)
                    .take(limit)
                    .cloned()
                    .collect();
                assert_eq!(
                    read(limit, Some(before)),
                    want,
                    "limit {limit} before {before}"
                );
            }
        }
        let lines: Vec<Vec<u8>> = store
            .dump(Tree::Audit)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let seqs: Vec<u64> = lines
            .iter()
            .map(|l| serde_json::from_slice::<AuditRecord>(l).unwrap().seq)
            .collect();
        assert_eq!(seqs, (1..=7).collect::<Vec<u64>>());
        let restored_dir = tempfile::tempdir().unwrap();
        let (restored, _) = Store::open(restored_dir.path()).unwrap();
        let loader = restored.loader(Tree::Audit).unwrap();
        for line in &lines {
            loader.load(line).unwrap();
        }
        assert_eq!(restored.entries(Tree::Audit).unwrap(), 7);
        let restored_read: Vec<(u64, String)> = restored
            .audit(100, None)
            .unwrap()
            .into_iter()
            .map(|r| (r.seq, r.resource_id.unwrap()))
            .collect();
        assert_eq!(restored_read, all);
    }
}

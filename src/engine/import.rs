//! Importing resources from native JSON (an array) or JSON Lines: every bad
//! record reported with its line and field, the valid ones stored.

use std::hash::RandomState;
use std::io::BufRead;

use serde::Serialize;
use serde_json::value::RawValue;

use super::file_twins::{fingerprint, FileTwins, FingerprintMap};
use super::{Engine, EngineError};
use crate::duplicates::{Keys, Reason};
use crate::model::{FieldError, Resource};

/// The problems of one rejected record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordError {
    /// 1-based line where the record starts.
    pub line: usize,
    /// Every problem found.
    pub errors: Vec<FieldError>,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list: Vec<String> = self.errors.iter().map(|e| e.to_string()).collect();
        write!(f, "line {}: {}", self.line, list.join("; "))
    }
}

/// The outcome of an import.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportReport {
    /// Records found in the input.
    pub records: usize,
    /// Records stored (0 on a dry run).
    pub imported: usize,
    /// Records that would be stored, had it not been a dry run.
    pub valid: usize,
    /// Records rejected, with their problems.
    pub rejected: Vec<RecordError>,
}

fn line_error(line: usize, field: &str, message: impl Into<String>) -> RecordError {
    RecordError {
        line,
        errors: vec![FieldError::new(field, message)],
    }
}

/// Strips serde's " at line L column C" (the line is ours to report).
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn parse_record(text: &str, line: usize) -> Result<Resource, RecordError> {
    // The plain parser is twice as fast; a record it refuses is parsed
    // again to name the field.
    if let Ok(resource) = serde_json::from_str(text) {
        return Ok(resource);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let resource: Resource = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." || path.is_empty() {
            "record".to_string()
        } else {
            path
        };
        let inner = e.into_inner();
        let message = if inner.is_syntax() || inner.is_eof() {
            format!("not valid JSON: {}", strip_position(&inner.to_string()))
        } else {
            strip_position(&inner.to_string())
        };
        line_error(line, &field, message)
    })?;
    de.end().map_err(|e| {
        line_error(
            line,
            "record",
            format!(
                "unexpected text after the record: {}",
                strip_position(&e.to_string())
            ),
        )
    })?;
    Ok(resource)
}

fn line_of(src: &str, offset: usize) -> usize {
    1 + src.as_bytes()[..offset.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Parses an input: a JSON array of resources, or JSON Lines (one resource a
/// line, exactly as `export` writes them). Returns the parsed records with
/// their lines, and the records that could not be parsed.
pub fn parse(bytes: &[u8]) -> (Vec<(usize, Resource)>, Vec<RecordError>) {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        let src = match std::str::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                let line = 1 + bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                bad.push(line_error(
                    line,
                    "record",
                    format!("not valid UTF-8 (byte {} of the file)", e.valid_up_to()),
                ));
                return (ok, bad);
            }
        };
        match serde_json::from_str::<Vec<&RawValue>>(src) {
            Ok(items) => {
                for raw in items {
                    let offset = raw.get().as_ptr() as usize - src.as_ptr() as usize;
                    let line = line_of(src, offset);
                    match parse_record(raw.get(), line) {
                        Ok(r) => ok.push((line, r)),
                        Err(e) => bad.push(e),
                    }
                }
            }
            Err(e) => bad.push(line_error(
                e.line().max(1),
                "record",
                format!("not a valid JSON array: {}", strip_position(&e.to_string())),
            )),
        }
        return (ok, bad);
    }
    for (i, raw_line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = i + 1;
        let raw_line = raw_line.strip_suffix(b"\r").unwrap_or(raw_line);
        if raw_line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        match std::str::from_utf8(raw_line) {
            Err(e) => bad.push(line_error(
                line,
                "record",
                format!("not valid UTF-8 (byte {} of the line)", e.valid_up_to() + 1),
            )),
            Ok(text) => match parse_record(text, line) {
                Ok(r) => ok.push((line, r)),
                Err(e) => bad.push(e),
            },
        }
    }
    (ok, bad)
}

/// How to import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Check every record and report problems, but store nothing.
    pub dry_run: bool,
    /// Store new records even when they are likely duplicates of stored ones.
    pub allow_duplicates: bool,
}

/// The problem of a new record that likely duplicates stored resources,
/// naming the field that matched.
fn duplicate_errors(found: &[super::LikelyDuplicate]) -> Vec<FieldError> {
    found
        .iter()
        .map(|(id, reason)| {
            let field = match reason {
                Reason::SameNameNearby { .. } => "name",
                Reason::SamePhone => "contact.phone",
                Reason::SameWebsite => "contact.website",
            };
            FieldError::new(
                field,
                format!(
                    "likely a duplicate of {id} ({reason}); allow duplicates to store it anyway"
                ),
            )
        })
        .collect()
}

/// Decides, record by record, what one import admits: valid records, not
/// twice in the file, and (unless duplicates are allowed) no likely twin of
/// a stored resource or of a record admitted earlier from the same file.
pub(super) struct Admission {
    options: ImportOptions,
    /// What the import knows of the ids stored: see [`StoredIds`].
    stored_ids: StoredIds,
    stored: StoredKeys,
    hash_state: RandomState,
    /// The line of each id admitted, by fingerprint.
    first_line: FingerprintMap,
    earlier: FileTwins,
}

/// The ids stored, as an import tells a new record from a replacement.
///
/// Once the import has read the store for many records, it answers from
/// the fingerprints of every stored id instead: a read waits while a bulk
/// load's transaction commits (sled's transactions take a lock that every
/// read of the store shares), and an import of a million spent half its
/// admitting thread's time waiting so (BENCHMARKS.md, fourteenth session).
/// Walking the ids costs a read of the whole store, though (1.7 s of a
/// 2.8 s import of one record into a million), so a large store's ids are
/// walked only after a [`LAZY_READS_SHARE`]th of its size in reads.
enum StoredIds {
    /// The store was empty: nothing to replace, nothing to be a twin of.
    Empty,
    /// The fingerprints of every id stored when they were walked: at the
    /// start, or after the reads, when they include this import's own
    /// records so far, which the file cannot give again (an id given
    /// twice is refused first).
    Walked(FingerprintMap),
    /// Not walked yet: each record's id is read from the store.
    Read {
        /// Reads so far.
        reads: usize,
        /// Reads after which the ids are walked.
        until: usize,
    },
}

/// A store of `n` resources has its ids walked after `n / LAZY_READS_SHARE`
/// reads: a read costs a few times what the walk costs an id.
const LAZY_READS_SHARE: usize = 8;

impl StoredIds {
    /// Walks the ids of `engine`'s store.
    fn walk(engine: &Engine, hash_state: &RandomState) -> Result<StoredIds, EngineError> {
        let mut ids = Vec::new();
        for id in engine.store.ids() {
            ids.push(fingerprint(hash_state, &id?));
        }
        Ok(if ids.is_empty() {
            StoredIds::Empty
        } else {
            StoredIds::Walked(FingerprintMap::with_keys(ids))
        })
    }
}

/// For an import into a small store (the seeded one, say): the keys of
/// its resources, and of each record replacing one. A new record sharing
/// none of them cannot be a twin of a stored resource, so it skips the
/// index's search for twins (and the store reads of its candidates); one
/// that shares some is searched as before. Holds nothing for a large
/// store, and then every record is searched.
pub(super) struct StoredKeys(Option<FileTwins>);

/// Stores of at most this many resources have their keys held by an
/// import ([`StoredKeys`]); about a hundred bytes each.
const STORED_KEYS_MAX: usize = 20_000;

impl StoredKeys {
    /// The keys of `engine`'s resources, when it holds a few (`n`, its
    /// count) and the import checks for twins.
    pub(super) fn of(
        engine: &Engine,
        n: usize,
        options: ImportOptions,
    ) -> Result<StoredKeys, EngineError> {
        if n == 0 || n > STORED_KEYS_MAX || options.allow_duplicates {
            return Ok(StoredKeys(None));
        }
        let mut stored = FileTwins::default();
        for r in engine.resources() {
            let r = r?;
            stored.add(Keys::of(&r), r.id.as_str(), 0);
        }
        Ok(StoredKeys(Some(stored)))
    }

    /// Whether a new record with `keys` may be a twin of a stored resource.
    pub(super) fn may_twin(&self, keys: &Keys) -> bool {
        self.0.as_ref().is_none_or(|s| s.twin_of(keys).is_some())
    }

    /// A record replacing the stored `id`: its new keys may be what a
    /// later record of the file shares with it.
    pub(super) fn replaced(&mut self, keys: &Keys, id: &str, line: usize) {
        if let Some(stored) = &mut self.0 {
            stored.add(keys.clone(), id, line);
        }
    }
}

impl Admission {
    pub(super) fn new(engine: &Engine, options: ImportOptions) -> Result<Admission, EngineError> {
        Admission::walking_up_to(engine, options, STORED_KEYS_MAX)
    }

    /// As [`Admission::new`], walking the stored ids at once when the
    /// store holds at most `walk_max` resources.
    fn walking_up_to(
        engine: &Engine,
        options: ImportOptions,
        walk_max: usize,
    ) -> Result<Admission, EngineError> {
        let hash_state = RandomState::new();
        // The index counts the store's resources (it has caught up with
        // the store since the engine opened), where sled counts by walking.
        let n = engine.indexed_len();
        let stored_ids = if n <= walk_max {
            StoredIds::walk(engine, &hash_state)?
        } else {
            StoredIds::Read {
                reads: 0,
                until: n / LAZY_READS_SHARE,
            }
        };
        let stored = StoredKeys::of(engine, n, options)?;
        Ok(Admission {
            options,
            stored_ids,
            stored,
            hash_state,
            first_line: FingerprintMap::default(),
            earlier: FileTwins::default(),
        })
    }

    /// The problems that keep `resource` (on `line`) out (none when
    /// admitted), and whether it is new: its id was not stored when the
    /// import began. Store lookups see the records of this import stored
    /// so far, but duplicate candidates come from the index, which a bulk
    /// load commits only at its end: records are checked against the
    /// store as it was before the import, and against the file's earlier
    /// records.
    pub(super) fn check(
        &mut self,
        engine: &Engine,
        line: usize,
        resource: &Resource,
    ) -> Result<Verdict, EngineError> {
        let mut errors = match resource.validate(|c| engine.taxonomy.is_category(c)) {
            Ok(()) => Vec::new(),
            Err(e) => e.0,
        };
        let id_key = fingerprint(&self.hash_state, resource.id.as_str());
        if let Some(first) = self.first_line.get(id_key) {
            errors.push(FieldError::new(
                "id",
                format!("appears twice in this file (first on line {first})"),
            ));
        }
        // An id given earlier in the file is refused above, so an id not
        // stored when the import began is not stored when this record is.
        // A fingerprint found is confirmed in the store: two ids may share
        // one.
        let new = match &mut self.stored_ids {
            StoredIds::Empty => true,
            StoredIds::Walked(ids) => {
                errors.is_empty()
                    && (ids.get(id_key).is_none() || engine.store.get(&resource.id)?.is_none())
            }
            StoredIds::Read { reads, until } => {
                let new = errors.is_empty() && engine.store.get(&resource.id)?.is_none();
                *reads += 1;
                if *reads >= *until {
                    self.stored_ids = StoredIds::walk(engine, &self.hash_state)?;
                }
                new
            }
        };
        if errors.is_empty() && !self.options.allow_duplicates {
            let keys = Keys::of(resource);
            if !matches!(self.stored_ids, StoredIds::Empty) {
                if !new {
                    // A replacement, unchecked.
                    self.stored.replaced(&keys, resource.id.as_str(), line);
                } else if self.stored.may_twin(&keys) {
                    errors.extend(duplicate_errors(&engine.likely_duplicates(resource)?));
                }
            }
            if errors.is_empty() {
                errors.extend(self.earlier.twin_of(&keys));
                if errors.is_empty() {
                    self.earlier.add(keys, resource.id.as_str(), line);
                }
            }
        }
        if errors.is_empty() {
            self.first_line
                .set(id_key, u32::try_from(line).unwrap_or(u32::MAX));
        }
        Ok(Verdict { errors, new })
    }
}

/// What [`Admission::check`] found of a record.
pub(super) struct Verdict {
    /// The problems that keep it out; none when admitted.
    pub errors: Vec<FieldError>,
    /// Its id was not stored when the import began.
    pub new: bool,
}

impl Engine {
    /// Imports `bytes` (see [`parse`]) rejecting likely duplicates, as
    /// [`Engine::import_with`] does without `allow_duplicates`.
    pub fn import(
        &self,
        bytes: &[u8],
        dry_run: bool,
        progress: &dyn Fn(usize, usize),
    ) -> Result<ImportReport, EngineError> {
        let options = ImportOptions {
            dry_run,
            allow_duplicates: false,
        };
        self.import_with(bytes, options, progress)
    }

    /// Imports `bytes` (see [`parse`]): validates every record, reports every
    /// problem, and, unless `dry_run`, stores the valid records. Each chunk of
    /// records is one transaction, so the store never holds half a record.
    /// `progress` is told the records done and the total.
    ///
    /// A record with a new id that is likely a duplicate of a stored
    /// resource (see [`crate::duplicates`]) is rejected, naming the twin and
    /// why, unless `allow_duplicates`. A record whose id is stored replaces
    /// it as before, unchecked, so an exported file imports again. Records
    /// are checked against the store as it was before the import.
    pub fn import_with(
        &self,
        bytes: &[u8],
        options: ImportOptions,
        progress: &dyn Fn(usize, usize),
    ) -> Result<ImportReport, EngineError> {
        let (parsed, rejected) = parse(bytes);
        self.import_parsed(parsed, rejected, options, progress)
    }

    /// Validates, checks for duplicates and stores records parsed elsewhere
    /// (JSON, HSDS), reporting `rejected` with the rest.
    pub fn import_parsed(
        &self,
        parsed: Vec<(usize, Resource)>,
        mut rejected: Vec<RecordError>,
        options: ImportOptions,
        progress: &dyn Fn(usize, usize),
    ) -> Result<ImportReport, EngineError> {
        let mut report = ImportReport {
            records: parsed.len() + rejected.len(),
            ..ImportReport::default()
        };
        let mut admission = Admission::new(self, options)?;
        let mut valid = Vec::new();
        for (line, resource) in parsed {
            let verdict = admission.check(self, line, &resource)?;
            if verdict.errors.is_empty() {
                valid.push((resource, verdict.new));
            } else {
                rejected.push(RecordError {
                    line,
                    errors: verdict.errors,
                });
            }
        }
        rejected.sort_by_key(|e| e.line);
        report.valid = valid.len();
        report.rejected = rejected;
        if options.dry_run {
            return Ok(report);
        }
        let total = valid.len();
        let mut bulk = self.bulk_load("cli import", "import");
        for (resource, new) in valid {
            if bulk.push_admitted(resource, new)? {
                progress(bulk.stored(), total);
            }
        }
        report.imported = bulk.finish()?;
        progress(report.imported, total);
        Ok(report)
    }

    /// Imports JSON Lines from `input` as [`Engine::import_with`] does, one
    /// line at a time: memory does not grow with the file, but for about
    /// 12 bytes a record (to catch an id given twice) and, unless
    /// duplicates are allowed, about a hundred more for the keys a twin
    /// would share (see `file_twins`). `progress` is told the records read
    /// and the bytes read.
    ///
    /// A thread of its own reads, parses and admits the lines while this
    /// one stores and indexes what it admitted: at a million records each
    /// half kept a core busy (BENCHMARKS.md, thirteenth session). The
    /// admission reads only what was stored before the import began (an
    /// id is admitted once, and twins are looked for among the index's
    /// committed documents and the file's earlier records), so what is
    /// stored meanwhile does not change its verdicts.
    pub fn import_lines(
        &self,
        input: impl BufRead + Send,
        options: ImportOptions,
        progress: &dyn Fn(usize, u64),
    ) -> Result<ImportReport, EngineError> {
        let mut report = ImportReport::default();
        let admission = Admission::new(self, options)?;
        let mut bulk = self.bulk_load("cli import", "import");
        let mut bytes_read = 0u64;
        std::thread::scope(|scope| {
            let (sender, receiver) = std::sync::mpsc::sync_channel(ADMITTED_QUEUE);
            scope.spawn(move || {
                if let Err(e) = self.admit_lines(input, admission, &sender) {
                    // The receiver is gone only when storing failed, and
                    // that error is the one reported.
                    let _ = sender.send(Err(e));
                }
            });
            for message in receiver {
                let records = match message? {
                    Admitted::Records(records) => records,
                    Admitted::End(bytes) => {
                        bytes_read = bytes;
                        break;
                    }
                };
                for record in records {
                    report.records += 1;
                    bytes_read = record.bytes_read;
                    let (resource, new) = match record.verdict {
                        Ok(admitted) => admitted,
                        Err(rejected) => {
                            report.rejected.push(rejected);
                            continue;
                        }
                    };
                    report.valid += 1;
                    if !options.dry_run {
                        if bulk.push_admitted(resource, new)? {
                            progress(report.records, bytes_read);
                        }
                    } else if report.valid % super::bulk::BULK_CHUNK == 0 {
                        progress(report.records, bytes_read);
                    }
                }
            }
            Ok::<(), EngineError>(())
        })?;
        report.imported = bulk.finish()?;
        progress(report.records, bytes_read);
        Ok(report)
    }

    /// Reads, parses and admits every line of `input`, sending the
    /// verdicts to `sender` in batches, then the bytes read. Stops early,
    /// without an error, when the receiver is gone.
    fn admit_lines(
        &self,
        mut input: impl BufRead,
        mut admission: Admission,
        sender: &std::sync::mpsc::SyncSender<Result<Admitted, EngineError>>,
    ) -> Result<(), EngineError> {
        let mut batch = Vec::with_capacity(ADMITTED_BATCH);
        let mut buf = Vec::new();
        let mut bytes_read = 0u64;
        let mut line = 0usize;
        loop {
            buf.clear();
            let n = input
                .read_until(b'\n', &mut buf)
                .map_err(|source| EngineError::Io {
                    path: "import input".to_string(),
                    source,
                })?;
            if n == 0 {
                break;
            }
            bytes_read += n as u64;
            line += 1;
            let mut raw = buf.as_slice();
            if line == 1 {
                raw = raw.strip_prefix("\u{feff}".as_bytes()).unwrap_or(raw);
            }
            let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            if raw.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            let parsed = match std::str::from_utf8(raw) {
                Err(e) => Err(line_error(
                    line,
                    "record",
                    format!("not valid UTF-8 (byte {} of the line)", e.valid_up_to() + 1),
                )),
                Ok(text) => parse_record(text, line),
            };
            let verdict = match parsed {
                Ok(resource) => {
                    let verdict = admission.check(self, line, &resource)?;
                    if verdict.errors.is_empty() {
                        Ok((resource, verdict.new))
                    } else {
                        Err(RecordError {
                            line,
                            errors: verdict.errors,
                        })
                    }
                }
                Err(e) => Err(e),
            };
            batch.push(AdmittedRecord {
                verdict,
                bytes_read,
            });
            if batch.len() == ADMITTED_BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(ADMITTED_BATCH));
                if sender.send(Ok(Admitted::Records(full))).is_err() {
                    return Ok(());
                }
            }
        }
        if !batch.is_empty() && sender.send(Ok(Admitted::Records(batch))).is_err() {
            return Ok(());
        }
        let _ = sender.send(Ok(Admitted::End(bytes_read)));
        Ok(())
    }
}

/// Records an admitting thread sends at a time.
const ADMITTED_BATCH: usize = 256;
/// Batches waiting to be stored before the admitting thread waits too.
const ADMITTED_QUEUE: usize = 2 * super::bulk::BULK_CHUNK / ADMITTED_BATCH;

/// What the admitting thread of [`Engine::import_lines`] sends.
enum Admitted {
    /// Verdicts, in the order of the lines.
    Records(Vec<AdmittedRecord>),
    /// The end of the input, after this many bytes.
    End(u64),
}

/// A line's record admitted (with whether its id is new) or rejected, and
/// the bytes read up to its end.
struct AdmittedRecord {
    verdict: Result<(Resource, bool), RecordError>,
    bytes_read: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An admission that reads the store for each record, then walks the
    /// ids (here after two reads, the 21 seeded resources over
    /// `LAZY_READS_SHARE`), says the same of every record as one that
    /// walked them at once.
    #[test]
    fn reading_then_walking_the_stored_ids_tells_new_from_stored_alike() {
        let dir = tempfile::tempdir().unwrap();
        let (engine, _) = Engine::open(dir.path()).unwrap();
        let seeded: Vec<Resource> = engine.resources().map(|r| r.unwrap()).collect();
        assert_eq!(seeded.len(), 21);
        let fresh = |i: usize| {
            let mut r = seeded[i].clone();
            r.id = crate::model::ResourceId(format!("{}-nieuw", r.id.0));
            r.name = format!("Nieuw {i}");
            r
        };
        // Replacements, new records, and an id given twice, interleaved.
        let records = [
            seeded[0].clone(),
            fresh(1),
            seeded[2].clone(),
            fresh(3),
            fresh(1),
            seeded[4].clone(),
            fresh(5),
            seeded[0].clone(),
            seeded[6].clone(),
        ];
        let options = ImportOptions {
            dry_run: true,
            allow_duplicates: true,
        };
        let mut lazy = Admission::walking_up_to(&engine, options, 0).unwrap();
        assert!(matches!(lazy.stored_ids, StoredIds::Read { until: 2, .. }));
        let mut eager = Admission::new(&engine, options).unwrap();
        assert!(matches!(eager.stored_ids, StoredIds::Walked(_)));
        let mut said = Vec::new();
        for (line, r) in records.iter().enumerate() {
            let a = lazy.check(&engine, line + 1, r).unwrap();
            let b = eager.check(&engine, line + 1, r).unwrap();
            assert_eq!(a.errors, b.errors, "line {}", line + 1);
            assert_eq!(a.new, b.new, "line {}", line + 1);
            said.push((a.errors.is_empty(), a.new));
        }
        assert!(matches!(lazy.stored_ids, StoredIds::Walked(_)));
        let (stored, new, refused) = ((true, false), (true, true), (false, false));
        assert_eq!(
            said,
            [stored, new, stored, new, refused, stored, new, refused, stored]
        );
    }

    #[test]
    fn names_line_and_field_of_type_errors() {
        let input = b"{\"id\": 5}\n\n{not json\n";
        let (ok, bad) = parse(input);
        assert!(ok.is_empty());
        assert_eq!(bad.len(), 2);
        assert_eq!(bad[0].line, 1);
        assert_eq!(bad[0].errors[0].field, "id");
        assert_eq!(bad[1].line, 3);
    }

    #[test]
    fn invalid_utf8_is_reported_per_line() {
        let (_, bad) = parse(b"{}\n\xff\xfe\n");
        assert_eq!(bad.len(), 2);
        assert_eq!(bad[1].line, 2);
        assert!(bad[1].errors[0].message.contains("UTF-8"));
    }
}

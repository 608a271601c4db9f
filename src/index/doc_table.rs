//! What the collector reads of every document it is handed, in plain
//! arrays per segment: the point, the key, the single-valued filters, the
//! category ordinals and the languages.
//!
//! tantivy's fast fields are compressed columns read through a codec and
//! an index of which documents hold a value; a query walking ten thousand
//! documents reads each of them six to ten times, and at 1M resources
//! those reads were a third of a radius query's time. The table costs
//! about 50 bytes a document (about 50 MiB at a million) and is built once
//! per segment (a segment never changes; a merge makes a new one).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SegmentReader};

use super::IndexError;

const HAS_POINT: u8 = 1;
const REMOTE: u8 = 2;
const FREE: u8 = 4;
const HAS_KEY: u8 = 8;

/// One segment's table, indexed by doc id. One array a field, not one
/// row a document: a walk reads doc ids in increasing order with gaps,
/// which the processor's prefetch follows through narrow arrays (rows of
/// 32 bytes made text queries a fifth slower).
pub struct DocTable {
    lat: Vec<f64>,
    lon: Vec<f64>,
    key: Vec<u64>,
    flags: Vec<u8>,
    status: Vec<u8>,
    min_age: Vec<u8>,
    max_age: Vec<u8>,
    /// The category ordinals of document d: `categories[category_at[d]..category_at[d + 1]]`.
    category_at: Vec<u32>,
    categories: Vec<u32>,
    /// The languages of document d, as indexes into `language_numbers`:
    /// `languages[language_at[d]..language_at[d + 1]]`.
    language_at: Vec<u32>,
    languages: Vec<u16>,
    /// The packed language numbers (see `schema::language_number`) of the
    /// segment, each once.
    language_numbers: Vec<u64>,
}

impl DocTable {
    /// Reads the table of `segment` from its fast fields.
    pub fn read(segment: &SegmentReader) -> Result<DocTable, IndexError> {
        let ff = segment.fast_fields();
        let (key, has_point, remote, free) = (
            ff.u64("key")?,
            ff.u64("has_point")?,
            ff.u64("remote")?,
            ff.u64("free")?,
        );
        let (lat, lon) = (ff.f64("lat")?, ff.f64("lon")?);
        let (status, min_age, max_age) =
            (ff.u64("status")?, ff.u64("min_age")?, ff.u64("max_age")?);
        let (category, language) = (ff.u64("category")?, ff.u64("language")?);
        let n = segment.max_doc() as usize;
        let mut table = DocTable {
            lat: Vec::with_capacity(n),
            lon: Vec::with_capacity(n),
            key: Vec::with_capacity(n),
            flags: Vec::with_capacity(n),
            status: Vec::with_capacity(n),
            min_age: Vec::with_capacity(n),
            max_age: Vec::with_capacity(n),
            category_at: Vec::with_capacity(n + 1),
            categories: Vec::with_capacity(n * 2),
            language_at: Vec::with_capacity(n + 1),
            languages: Vec::with_capacity(n * 2),
            language_numbers: Vec::new(),
        };
        let mut language_index: HashMap<u64, u16> = HashMap::new();
        // Values beyond a byte cannot occur (ages and statuses are bytes);
        // saturating keeps a damaged value from wrapping into a match.
        let byte = |v: Option<u64>, none: u8| v.map_or(none, |v| v.min(255) as u8);
        for doc in 0..segment.max_doc() {
            let k = key.first(doc);
            let mut flags = 0;
            if has_point.first(doc) == Some(1) {
                flags |= HAS_POINT;
            }
            if remote.first(doc) == Some(1) {
                flags |= REMOTE;
            }
            if free.first(doc) == Some(1) {
                flags |= FREE;
            }
            if k.is_some() {
                flags |= HAS_KEY;
            }
            table.lat.push(lat.first(doc).unwrap_or(0.0));
            table.lon.push(lon.first(doc).unwrap_or(0.0));
            table.key.push(k.unwrap_or(0));
            table.flags.push(flags);
            // A missing status matches no status filter: 255 is none.
            table.status.push(byte(status.first(doc), 255));
            // A missing age bound fails every age filter, as its postings do.
            table.min_age.push(byte(min_age.first(doc), 255));
            table.max_age.push(byte(max_age.first(doc), 0));
            table.category_at.push(index_u32(table.categories.len())?);
            for c in category.values_for_doc(doc) {
                // Ordinals are a taxonomy's few hundred categories.
                table.categories.push(u32::try_from(c).map_err(|_| {
                    IndexError::Incompatible(format!("category ordinal {c} out of range"))
                })?);
            }
            table.language_at.push(index_u32(table.languages.len())?);
            for l in language.values_for_doc(doc) {
                let next = table.language_numbers.len();
                let i = match language_index.get(&l) {
                    Some(&i) => i,
                    None => {
                        let i = u16::try_from(next).map_err(|_| {
                            IndexError::Incompatible("more than 65,536 languages".into())
                        })?;
                        language_index.insert(l, i);
                        table.language_numbers.push(l);
                        i
                    }
                };
                table.languages.push(i);
            }
        }
        table.category_at.push(index_u32(table.categories.len())?);
        table.language_at.push(index_u32(table.languages.len())?);
        Ok(table)
    }

    /// Whether the document has a point.
    #[inline]
    pub fn has_point(&self, doc: DocId) -> bool {
        self.flags[doc as usize] & HAS_POINT != 0
    }

    /// Whether the document is offered online or nationally.
    #[inline]
    pub fn remote(&self, doc: DocId) -> bool {
        self.flags[doc as usize] & REMOTE != 0
    }

    /// Whether the document is free.
    #[inline]
    pub fn free(&self, doc: DocId) -> bool {
        self.flags[doc as usize] & FREE != 0
    }

    /// The document's point (0, 0 without one: see [`DocTable::has_point`]).
    #[inline]
    pub fn point(&self, doc: DocId) -> (f64, f64) {
        (self.lat[doc as usize], self.lon[doc as usize])
    }

    /// The document's store key.
    #[inline]
    pub fn key(&self, doc: DocId) -> Option<u64> {
        (self.flags[doc as usize] & HAS_KEY != 0).then(|| self.key[doc as usize])
    }

    /// The document's publication status ordinal.
    #[inline]
    pub fn status_is(&self, doc: DocId, ordinal: u64) -> bool {
        u64::from(self.status[doc as usize]) == ordinal
    }

    /// The document's category ordinals.
    #[inline]
    pub fn categories(&self, doc: DocId) -> &[u32] {
        let d = doc as usize;
        &self.categories[self.category_at[d] as usize..self.category_at[d + 1] as usize]
    }

    /// The document's languages, as indexes into
    /// [`DocTable::language_numbers`].
    #[inline]
    pub fn languages(&self, doc: DocId) -> &[u16] {
        let d = doc as usize;
        &self.languages[self.language_at[d] as usize..self.language_at[d + 1] as usize]
    }

    /// The packed language numbers of the segment, by index.
    pub fn language_numbers(&self) -> &[u64] {
        &self.language_numbers
    }

    /// Whether the document's age range holds `age`.
    #[inline]
    pub fn accepts_age(&self, doc: DocId, age: u8) -> bool {
        self.min_age[doc as usize] <= age && self.max_age[doc as usize] >= age
    }
}

/// `n` as an offset into a table's lists.
fn index_u32(n: usize) -> Result<u32, IndexError> {
    u32::try_from(n).map_err(|_| IndexError::Incompatible("segment lists beyond 2³² values".into()))
}

/// The tables of the segments searched last, by segment.
#[derive(Default)]
pub struct DocTables {
    tables: Mutex<HashMap<SegmentId, Arc<DocTable>>>,
}

impl DocTables {
    /// The table of every segment of `searcher`, in segment order: those
    /// read before are shared, a new segment's is read now. Tables of
    /// segments the searcher no longer has are dropped.
    pub fn of(&self, searcher: &Searcher) -> Result<Vec<Arc<DocTable>>, IndexError> {
        let segments = searcher.segment_readers();
        let mut known = self.tables.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = Vec::with_capacity(segments.len());
        let mut fresh = false;
        for segment in segments {
            let table = match known.get(&segment.segment_id()) {
                Some(t) => Arc::clone(t),
                None => {
                    fresh = true;
                    let t = Arc::new(DocTable::read(segment)?);
                    known.insert(segment.segment_id(), Arc::clone(&t));
                    t
                }
            };
            out.push(table);
        }
        if fresh {
            // A new segment means a commit or a merge: forget the segments
            // gone with it. (A searcher still holding them keeps its Arcs.)
            let live: Vec<SegmentId> = segments.iter().map(|s| s.segment_id()).collect();
            known.retain(|id, _| live.contains(id));
        }
        Ok(out)
    }
}

//! What the collector reads of every document it is handed, in plain
//! arrays per segment: the point, the key, the single-valued filters, the
//! category ordinals and the languages.
//!
//! tantivy's fast fields are compressed columns read through a codec and
//! an index of which documents hold a value; a query walking ten thousand
//! documents reads each of them six to ten times, and at 1M resources
//! those reads were a third of a radius query's time. The table costs
//! about 50 bytes a document (about 50 MiB at a million), and its
//! `category_cell` lists ([`TermLists`]) some 15 more (the benchmark's RSS
//! at a million grew by 15 MiB with them); it is built once per segment (a
//! segment never changes; a merge makes a new one).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::columnar::{Column, ColumnIndex, ColumnValues};
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SegmentReader};

use super::category_text::{CategoryStats, CategoryTexts};
use super::schema::{place_order, CATEGORY_CELL_FIELD};
use super::term_lists::TermLists;
use super::IndexError;

const HAS_POINT: u8 = 1;
const REMOTE: u8 = 2;
const FREE: u8 = 4;
const HAS_KEY: u8 = 8;
/// The flags a walk reads, kept in a document's inline word too, in its
/// bits 5–7, free in either form of the word (see [`inline`]).
const INLINE_HAS_POINT: u64 = 1 << 5;
const INLINE_REMOTE: u64 = 1 << 6;
const INLINE_HAS_KEY: u64 = 1 << 7;

/// One segment's table, indexed by doc id. One array a field, not one
/// row a document: a walk reads doc ids in increasing order with gaps,
/// which the processor's prefetch follows through narrow arrays (rows of
/// 32 bytes made text queries a fifth slower).
pub struct DocTable {
    columns: Columns,
    lists: Lists,
    /// Whether the documents lie in increasing [`place_order`], as the
    /// index's sort setting puts them: only then are the documents of a
    /// radius found as [`DocTable::runs`].
    sorted: bool,
    /// The [`place_order`] of every [`ORDER_SAMPLE`]-th document (0, 64,
    /// …): the first steps of [`DocTable::runs`]'s searches, in an array
    /// small enough to stay in cache.
    order_sample: Vec<u64>,
    /// The doc ids of every `category_cell` term.
    category_cells: TermLists,
    /// The statistics of the category texts, counted when first needed.
    category_stats: OnceLock<Arc<CategoryStats>>,
}

/// Documents between two entries of [`DocTable`]'s `order_sample`.
const ORDER_SAMPLE: usize = 64;

/// The first verification time [`verified_bucket`] tells apart:
/// 2020-01-01.
pub const VERIFIED_EPOCH: i64 = 1_577_836_800;

/// The length of a [`verified_bucket`]: 30 days.
pub const VERIFIED_BUCKET: i64 = 30 * 86_400;

/// A verification time (seconds since the epoch) rounded up to a byte: 0
/// for never (0); `b` in 1–254 for a time at or before `VERIFIED_EPOCH +
/// b × VERIFIED_BUCKET` (and after the bucket before's end, but for 1,
/// which holds every earlier time); 255 for a later one. The collector
/// bounds a document's freshness by its bucket's end, a read of one byte
/// per document instead of the bit-packed column's value.
pub fn verified_bucket(verified: i64) -> u8 {
    if verified == 0 {
        return 0;
    }
    let after = verified.saturating_sub(VERIFIED_EPOCH).max(1);
    let bucket = (after + VERIFIED_BUCKET - 1) / VERIFIED_BUCKET;
    bucket.clamp(1, 255) as u8
}

/// The first of documents `0..n`, in increasing `order_of`, whose order is
/// at least `bound` (`n` when none is). `sample` holds the order of every
/// [`ORDER_SAMPLE`]-th document: it narrows the search to the documents
/// between two of them first, so a search reads a few dozen bytes of
/// table instead of twenty documents scattered over it.
fn first_at_least(n: DocId, sample: &[u64], bound: u64, order_of: impl Fn(DocId) -> u64) -> DocId {
    let i = sample.partition_point(|&o| o < bound);
    // Every document up to sample `i - 1` lies below `bound`, and sample
    // `i` (if any) does not: the answer lies after the one, up to the other.
    let mut low = if i == 0 {
        0
    } else {
        ((i - 1) * ORDER_SAMPLE + 1) as DocId
    };
    let mut high = if i < sample.len() {
        (i * ORDER_SAMPLE) as DocId
    } else {
        n
    };
    while low < high {
        let mid = low + (high - low) / 2;
        if order_of(mid) < bound {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    low
}

impl DocTable {
    /// Reads the table of `segment` from its fast fields: the columns
    /// every document has a value in are decoded in bulk, and the category
    /// and language lists are read on a second thread meanwhile (opening a
    /// million resources reads ten million values).
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
        let verified = ff.i64("verified")?;
        let n = segment.max_doc();
        let category_cell = segment.schema().get_field(CATEGORY_CELL_FIELD)?;
        let (lists, columns, category_cells) = std::thread::scope(|scope| {
            let lists = scope.spawn(|| {
                let lists = Lists::read(&category, &language, n);
                (lists, TermLists::read(segment, category_cell))
            });
            let columns = Columns::read(
                &[
                    &key, &has_point, &remote, &free, &status, &min_age, &max_age,
                ],
                (&lat, &lon),
                &verified,
                n,
            );
            let (lists, category_cells) = lists
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (lists, columns, category_cells)
        });
        let mut lists = lists?;
        let category_cells = category_cells?;
        // The flags a walk reads of every document ride in its inline
        // word, which the walk reads anyway: one cache miss less each.
        for (word, &[flags, ..]) in lists.inline.iter_mut().zip(&columns.rules) {
            for (flag, bit) in [
                (HAS_POINT, INLINE_HAS_POINT),
                (REMOTE, INLINE_REMOTE),
                (HAS_KEY, INLINE_HAS_KEY),
            ] {
                if flags & flag != 0 {
                    *word |= bit;
                }
            }
        }
        let mut table = DocTable {
            columns,
            lists,
            sorted: false,
            order_sample: Vec::new(),
            category_cells,
            category_stats: OnceLock::new(),
        };
        table.sorted = (1..n).all(|d| table.place_order(d - 1) <= table.place_order(d));
        if table.sorted {
            table.order_sample = (0..n)
                .step_by(ORDER_SAMPLE)
                .map(|d| table.place_order(d))
                .collect();
        }
        table.collapse_into_huge_pages();
        Ok(table)
    }

    /// Moves the arrays a walk reads at random onto huge pages (see
    /// [`super::huge_pages`]); an array that spans no whole huge page
    /// (a small segment's, or one byte a document below two million)
    /// stays as it is.
    fn collapse_into_huge_pages(&self) {
        use super::huge_pages::collapse;
        let (c, l) = (&self.columns, &self.lists);
        collapse(&c.point);
        collapse(&c.key);
        collapse(&c.rules);
        collapse(&c.status);
        collapse(&l.inline);
        collapse(&l.category_at);
        collapse(&l.categories);
        collapse(&l.language_at);
        collapse(&l.languages);
    }

    /// The document's [`place_order`], from its point and remote flag as
    /// [`super::document::to_document`] computed it.
    #[inline]
    fn place_order(&self, doc: DocId) -> u64 {
        let point = self.has_point(doc).then(|| self.point(doc));
        place_order(point, self.remote(doc))
    }

    /// The runs of doc ids (from, to exclusive) of the documents whose
    /// [`place_order`] lies in one of `orders` (inclusive ranges, in
    /// increasing order, not overlapping), adjacent runs joined; `None`
    /// when the segment's documents are not in place order.
    pub fn runs(&self, orders: &[(u64, u64)]) -> Option<Vec<(DocId, DocId)>> {
        if !self.sorted {
            return None;
        }
        let n = self.columns.rules.len() as DocId;
        let first_from =
            |bound: u64| first_at_least(n, &self.order_sample, bound, |d| self.place_order(d));
        let mut runs: Vec<(DocId, DocId)> = Vec::with_capacity(orders.len());
        for &(from, to) in orders {
            let (start, end) = (first_from(from), first_from(to.saturating_add(1)));
            if start >= end {
                continue;
            }
            match runs.last_mut() {
                Some(last) if last.1 == start => last.1 = end,
                _ => runs.push((start, end)),
            }
        }
        Some(runs)
    }

    /// Reads what a walk reads of each of `docs` first (the inline word,
    /// the filters' bytes when `rules`, and the point when `points`), all
    /// at once: the loads do not wait on one another, so their cache
    /// misses overlap, where a walk taking one document at a time meets
    /// them one after another.
    pub fn warm(&self, docs: impl Iterator<Item = DocId> + Clone, rules: bool, points: bool) {
        let mut sink = 0u64;
        for doc in docs.clone() {
            sink ^= self.lists.inline[doc as usize];
        }
        if rules {
            for doc in docs.clone() {
                sink ^= u64::from(self.columns.rules[doc as usize][0]);
            }
        }
        if points {
            for doc in docs {
                sink ^= self.columns.point[doc as usize][0].to_bits();
            }
        }
        std::hint::black_box(sink);
    }

    /// The doc ids of every `category_cell` term of the segment.
    pub fn category_cells(&self) -> &TermLists {
        &self.category_cells
    }

    /// Whether the document's inline word has `bit`.
    #[inline]
    fn inline_has(&self, doc: DocId, bit: u64) -> bool {
        self.lists.inline[doc as usize] & bit != 0
    }

    /// Whether the document has a point.
    #[inline]
    pub fn has_point(&self, doc: DocId) -> bool {
        self.inline_has(doc, INLINE_HAS_POINT)
    }

    /// Whether the document is offered online or nationally.
    #[inline]
    pub fn remote(&self, doc: DocId) -> bool {
        self.inline_has(doc, INLINE_REMOTE)
    }

    /// Whether the document has status `status` (when given), is free
    /// (when `free`) and accepts `age` (when given), from one read of its
    /// rule bytes.
    #[inline]
    pub fn passes_rules(
        &self,
        doc: DocId,
        status: Option<u64>,
        free: bool,
        age: Option<u8>,
    ) -> bool {
        let [flags, own_status, min_age, max_age] = self.columns.rules[doc as usize];
        status.is_none_or(|s| u64::from(own_status) == s)
            && (!free || flags & FREE != 0)
            && age.is_none_or(|a| min_age <= a && max_age >= a)
    }

    /// The document's point (0, 0 without one: see [`DocTable::has_point`]).
    #[inline]
    pub fn point(&self, doc: DocId) -> (f64, f64) {
        let [lat, lon] = self.columns.point[doc as usize];
        (lat, lon)
    }

    /// Whether the document has a store key (every live one has).
    #[inline]
    pub fn has_key(&self, doc: DocId) -> bool {
        self.inline_has(doc, INLINE_HAS_KEY)
    }

    /// The document's store key.
    #[inline]
    pub fn key(&self, doc: DocId) -> Option<u64> {
        self.has_key(doc).then(|| self.columns.key[doc as usize])
    }

    /// The document's [`verified_bucket`].
    #[inline]
    pub fn verified_bucket(&self, doc: DocId) -> u8 {
        self.columns.verified_bucket[doc as usize]
    }

    /// The document's publication status ordinal.
    #[inline]
    pub fn status(&self, doc: DocId) -> u8 {
        self.columns.status[doc as usize]
    }

    /// Whether the document's publication status ordinal is `ordinal`.
    #[inline]
    pub fn status_is(&self, doc: DocId, ordinal: u64) -> bool {
        u64::from(self.columns.status[doc as usize]) == ordinal
    }

    /// The documents of the segment, deleted ones included.
    pub fn max_doc(&self) -> DocId {
        DocId::try_from(self.lists.inline.len()).unwrap_or(DocId::MAX)
    }

    /// The segment's statistics of the category texts (see
    /// [`super::category_text`]), counted on the first call. A table
    /// serves one index, whose taxonomy stays the same while it is open.
    pub fn category_stats(&self, texts: &CategoryTexts) -> Arc<CategoryStats> {
        Arc::clone(
            self.category_stats
                .get_or_init(|| Arc::new(CategoryStats::count(self, texts))),
        )
    }

    /// The document's category ordinals.
    #[inline]
    pub fn categories(&self, doc: DocId) -> Few<'_, u32> {
        let d = doc as usize;
        let packed = self.lists.inline[d];
        if packed & LISTED == LISTED {
            return Few::Listed(
                &self.lists.categories
                    [self.lists.category_at[d] as usize..self.lists.category_at[d + 1] as usize],
            );
        }
        let n = (packed >> 3) & 3;
        let at = |i: u32| ((packed >> (40 + 12 * i)) & 0xfff) as u32;
        Few::Inline([at(0), at(1), 0, 0], n as u8)
    }

    /// The document's languages, as indexes into
    /// [`DocTable::language_numbers`].
    #[inline]
    pub fn languages(&self, doc: DocId) -> Few<'_, u16> {
        let d = doc as usize;
        let packed = self.lists.inline[d];
        if packed & LISTED == LISTED {
            return Few::Listed(
                &self.lists.languages
                    [self.lists.language_at[d] as usize..self.lists.language_at[d + 1] as usize],
            );
        }
        let at = |i: u32| ((packed >> (8 + 8 * i)) & 0xff) as u16;
        Few::Inline([at(0), at(1), at(2), at(3)], (packed & 7) as u8)
    }

    /// The packed language numbers of the segment, by index.
    pub fn language_numbers(&self) -> &[u64] {
        &self.lists.language_numbers
    }
}

/// The single-valued columns of a table.
struct Columns {
    /// Latitude and longitude side by side: they are always read
    /// together, and a walk's document then costs one cache line for them
    /// instead of two.
    point: Vec<[f64; 2]>,
    key: Vec<u64>,
    /// What a query's filters read of a document, side by side: its flags
    /// (HAS_POINT, REMOTE, FREE and HAS_KEY; all but FREE are copied into
    /// the inline words when the table is read, and read there), status,
    /// lowest and highest age. A filtered walk's document then costs one
    /// cache line for them instead of up to four.
    rules: Vec<[u8; 4]>,
    /// The status alone, for the many walks whose only filter it is (a
    /// quarter of the rules' bytes to cache).
    status: Vec<u8>,
    /// Each document's [`verified_bucket`].
    verified_bucket: Vec<u8>,
}

impl Columns {
    /// `u64s` are key, has_point, remote, free, status, min_age, max_age.
    fn read(
        u64s: &[&Column<u64>; 7],
        (lat, lon): (&Column<f64>, &Column<f64>),
        verified: &Column<i64>,
        n: DocId,
    ) -> Columns {
        let [key, has_point, remote, free, status, min_age, max_age] = *u64s;
        // Values beyond a byte cannot occur (ages and statuses are
        // bytes); saturating keeps a damaged value from wrapping
        // into a match.
        let bytes = |column: &Column<u64>, none: u64| -> Vec<u8> {
            first_values(column, n, none)
                .into_iter()
                .map(|v| v.min(255) as u8)
                .collect()
        };
        let keys = first_values(key, n, 0);
        let keyed: Option<Vec<bool>> =
            (!is_full(key)).then(|| (0..n).map(|d| key.first(d).is_some()).collect());
        let (has_point, remote, free) = (
            first_values(has_point, n, 0),
            first_values(remote, n, 0),
            first_values(free, n, 0),
        );
        let statuses = bytes(status, 255);
        let flags: Vec<u8> = (0..n as usize)
            .map(|d| {
                let mut f = 0;
                if has_point[d] == 1 {
                    f |= HAS_POINT;
                }
                if remote[d] == 1 {
                    f |= REMOTE;
                }
                if free[d] == 1 {
                    f |= FREE;
                }
                if keyed.as_ref().is_none_or(|k| k[d]) {
                    f |= HAS_KEY;
                }
                f
            })
            .collect();
        Columns {
            point: first_values(lat, n, 0.0)
                .into_iter()
                .zip(first_values(lon, n, 0.0))
                .map(|(lat, lon)| [lat, lon])
                .collect(),
            key: keys,
            // A missing status matches no status filter: 255 is none. A
            // missing age bound fails every age filter, as its postings do.
            rules: flags
                .into_iter()
                .zip(statuses.iter().copied())
                .zip(bytes(min_age, 255).into_iter().zip(bytes(max_age, 0)))
                .map(|((flags, status), (min_age, max_age))| [flags, status, min_age, max_age])
                .collect(),
            status: statuses,
            verified_bucket: first_values(verified, n, 0)
                .into_iter()
                .map(verified_bucket)
                .collect(),
        }
    }
}

/// Up to four of a document's values, unpacked from its inline word, or
/// its list: a slice either way.
pub enum Few<'a, T> {
    /// The values, the first so many of them.
    Inline([T; 4], u8),
    /// The document's list.
    Listed(&'a [T]),
}

impl<T> std::ops::Deref for Few<'_, T> {
    type Target = [T];

    #[inline]
    fn deref(&self) -> &[T] {
        match self {
            Few::Inline(values, n) => &values[..*n as usize],
            Few::Listed(values) => values,
        }
    }
}

/// The low bits of an inline word whose document's values are in the
/// lists.
const LISTED: u64 = 7;

/// A document's categories and languages in one word, when it has at most
/// two categories (ordinals below 4096) and four languages (indexes below
/// 256), as nearly every resource has: bits 0–2 the number of languages,
/// 3–4 the number of categories, 8–39 the languages, 40–63 the categories.
/// Otherwise [`LISTED`]. Bits 5–7 are left for [`INLINE_HAS_POINT`],
/// [`INLINE_REMOTE`] and [`INLINE_HAS_KEY`]. A walk's document then costs
/// one read for its facets instead of four in the lists (offsets and
/// values, twice), each likely a cache miss: they were half of a text
/// query's collector.
fn inline(categories: &[u32], languages: &[u16]) -> u64 {
    let fits = categories.len() <= 2
        && languages.len() <= 4
        && categories.iter().all(|&c| c < 0x1000)
        && languages.iter().all(|&l| l < 0x100);
    if !fits {
        return LISTED;
    }
    let mut packed = languages.len() as u64 | (categories.len() as u64) << 3;
    for (i, &l) in languages.iter().enumerate() {
        packed |= u64::from(l) << (8 + 8 * i);
    }
    for (i, &c) in categories.iter().enumerate() {
        packed |= u64::from(c) << (40 + 12 * i);
    }
    packed
}

/// The category and language lists of a table.
struct Lists {
    /// Each document's [`inline`] word.
    inline: Vec<u64>,
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

impl Lists {
    fn read(category: &Column<u64>, language: &Column<u64>, n: DocId) -> Result<Lists, IndexError> {
        let mut lists = Lists {
            inline: Vec::with_capacity(n as usize),
            category_at: Vec::with_capacity(n as usize + 1),
            categories: Vec::with_capacity(n as usize * 2),
            language_at: Vec::with_capacity(n as usize + 1),
            languages: Vec::with_capacity(n as usize * 2),
            language_numbers: Vec::new(),
        };
        let mut language_index: HashMap<u64, u16> = HashMap::new();
        for doc in 0..n {
            lists.category_at.push(index_u32(lists.categories.len())?);
            for c in category.values_for_doc(doc) {
                // Ordinals are a taxonomy's few hundred categories.
                lists.categories.push(u32::try_from(c).map_err(|_| {
                    IndexError::Incompatible(format!("category ordinal {c} out of range"))
                })?);
            }
            lists.language_at.push(index_u32(lists.languages.len())?);
            for l in language.values_for_doc(doc) {
                let i = match language_index.get(&l) {
                    Some(&i) => i,
                    None => {
                        let i = u16::try_from(lists.language_numbers.len()).map_err(|_| {
                            IndexError::Incompatible("more than 65,536 languages".into())
                        })?;
                        language_index.insert(l, i);
                        lists.language_numbers.push(l);
                        i
                    }
                };
                lists.languages.push(i);
            }
            let (c, l) = (
                lists.category_at[doc as usize] as usize,
                lists.language_at[doc as usize] as usize,
            );
            lists
                .inline
                .push(inline(&lists.categories[c..], &lists.languages[l..]));
        }
        lists.category_at.push(index_u32(lists.categories.len())?);
        lists.language_at.push(index_u32(lists.languages.len())?);
        Ok(lists)
    }
}

/// Whether every document has a value in `column`.
fn is_full<T: PartialOrd + Copy + std::fmt::Debug + Send + Sync + 'static>(
    column: &Column<T>,
) -> bool {
    matches!(column.index, ColumnIndex::Full)
}

/// The first value of `column` for each of the `n` documents, `none` for
/// one without: decoded in bulk when every document has one.
fn first_values<T: PartialOrd + Copy + std::fmt::Debug + Send + Sync + 'static>(
    column: &Column<T>,
    n: DocId,
    none: T,
) -> Vec<T> {
    if is_full(column) {
        let mut out = vec![none; n as usize];
        column.values.get_range(0, &mut out);
        out
    } else {
        (0..n).map(|d| column.first(d).unwrap_or(none)).collect()
    }
}

/// `n` as an offset into a table's lists.
fn index_u32(n: usize) -> Result<u32, IndexError> {
    u32::try_from(n).map_err(|_| IndexError::Incompatible("segment lists beyond 2³² values".into()))
}

/// The table of each segment of a searcher, in segment order, with the
/// segment's id (a query's weight is handed a segment, not its ordinal).
pub type SegmentTables = Arc<[(SegmentId, Arc<DocTable>)]>;

/// The table of `segment` among `tables`.
pub fn table_of(
    tables: &[(SegmentId, Arc<DocTable>)],
    segment: SegmentId,
) -> Option<&Arc<DocTable>> {
    tables
        .iter()
        .find(|(id, _)| *id == segment)
        .map(|(_, table)| table)
}

/// The tables of the segments searched last, by segment.
#[derive(Default)]
pub struct DocTables {
    known: Mutex<Known>,
}

#[derive(Default)]
struct Known {
    tables: HashMap<SegmentId, Arc<DocTable>>,
    /// The segments of the searcher that last brought a new segment.
    last: Vec<SegmentId>,
}

impl DocTables {
    /// The table of every segment of `searcher`, in segment order: those
    /// read before are shared, a new segment's is read now. When one is
    /// new (a commit or a merge), the tables kept are those of this
    /// searcher's segments and of the one before: a search still running
    /// on the searcher before a merge finds its tables (reading a million
    /// documents' table again takes half a second), and older ones go.
    pub fn of(&self, searcher: &Searcher) -> Result<SegmentTables, IndexError> {
        let segments = searcher.segment_readers();
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = Vec::with_capacity(segments.len());
        let mut fresh = false;
        for segment in segments {
            let table = match known.tables.get(&segment.segment_id()) {
                Some(t) => Arc::clone(t),
                None => {
                    fresh = true;
                    let t = Arc::new(DocTable::read(segment)?);
                    known.tables.insert(segment.segment_id(), Arc::clone(&t));
                    t
                }
            };
            out.push((segment.segment_id(), table));
        }
        if fresh {
            let live: Vec<SegmentId> = segments.iter().map(|s| s.segment_id()).collect();
            let Known { tables, last } = &mut *known;
            tables.retain(|id, _| live.contains(id) || last.contains(id));
            *last = live;
        }
        Ok(out.into())
    }

    /// How many tables are kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.known
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .tables
            .len()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use tantivy::query::Weight;
    use tantivy::schema::{Field, IndexRecordOption};
    use tantivy::{DocSet, Term, TERMINATED};

    use crate::index::document::to_document;
    use crate::index::schema::{self, language_number};
    use crate::index::term_union::TermUnionQuery;
    use crate::index::tokenizer;
    use crate::model::Resource;
    use crate::taxonomy::Taxonomy;

    /// Buckets grow with the time, and each ends at or after every time it
    /// holds; 0 is never, and times past the last bucket share 255.
    #[test]
    fn verification_buckets_end_at_or_after_their_times() {
        assert_eq!(verified_bucket(0), 0);
        let mut last = 0;
        for verified in
            (-86_400 * 400..VERIFIED_EPOCH + 260 * VERIFIED_BUCKET).step_by(86_400 * 7 + 13)
        {
            if verified == 0 {
                continue;
            }
            let bucket = verified_bucket(verified);
            assert!(bucket >= last && bucket >= 1, "{verified}");
            if bucket < 255 {
                assert!(verified <= VERIFIED_EPOCH + i64::from(bucket) * VERIFIED_BUCKET);
            }
            last = bucket;
        }
        assert_eq!(last, 255);
        assert_eq!(verified_bucket(VERIFIED_EPOCH + VERIFIED_BUCKET), 1);
        assert_eq!(verified_bucket(VERIFIED_EPOCH + VERIFIED_BUCKET + 1), 2);
    }

    fn resource(
        i: usize,
        place: Option<(f64, f64)>,
        languages: &[&str],
        cats: &[&str],
    ) -> Resource {
        let location = match place {
            Some((lat, lon)) => {
                serde_json::json!({"kind": "place", "municipality": "Utrecht", "lat": lat, "lon": lon})
            }
            None => serde_json::json!({"kind": "online"}),
        };
        serde_json::from_value(serde_json::json!({
            "id": format!("t-{i}"), "name": format!("Test {i}"), "description": {"en": "x"},
            "organization": {"name": "Org"}, "categories": cats, "location": location,
            "languages": languages,
            "eligibility": {"min_age": if i.is_multiple_of(2) { serde_json::json!(i) } else { serde_json::Value::Null }},
            "cost": if i.is_multiple_of(3) { serde_json::json!({"kind": "free"}) } else { serde_json::Value::Null },
            "provenance": {"source": "", "created_at": "2026-01-01T00:00:00Z",
                           "updated_at": "2026-01-01T00:00:00Z"},
            "status": if i.is_multiple_of(4) { "draft" } else { "published" }, "synthetic": true
        }))
        .unwrap()
    }

    /// The table holds what the fast fields hold, whether a column has a
    /// value for every document (decoded in bulk) or not (one by one).
    #[test]
    fn a_table_holds_the_values_of_the_fast_fields() {
        for with_point_everywhere in [true, false] {
            let (schema, fields) = schema::build();
            let index = tantivy::Index::create_in_ram(schema);
            tokenizer::register(&index);
            let mut writer: tantivy::IndexWriter =
                index.writer_with_num_threads(1, 15_000_000).unwrap();
            let records: Vec<Resource> = (0..9)
                .map(|i| {
                    let place = (with_point_everywhere || i % 3 != 1)
                        .then_some((52.0 + i as f64 / 100.0, 5.0 - i as f64 / 100.0));
                    // Up to four languages and two categories fit a
                    // document's inline word; more are read from the lists.
                    let langs: &[&str] = [
                        &["uk", "nl"][..],
                        &["pl"],
                        &[],
                        &["uk", "nl", "en", "ru", "pl"],
                    ][i % 4];
                    let cats: &[&str] = [
                        &["health.mental_support"][..],
                        &["work.childcare", "rights.legal_aid"],
                        &[
                            "health.mental_support",
                            "work.childcare",
                            "rights.legal_aid",
                        ],
                    ][i % 3];
                    resource(i, place, langs, cats)
                })
                .collect();
            for (i, r) in records.iter().enumerate() {
                writer
                    .add_document(to_document(
                        100 + i as u64,
                        r,
                        &fields,
                        Taxonomy::embedded(),
                    ))
                    .unwrap();
            }
            writer.commit().unwrap();
            let searcher = index.reader().unwrap().searcher();
            for segment in searcher.segment_readers() {
                let table = DocTable::read(segment).unwrap();
                let inline = (0..segment.max_doc())
                    .filter(|&d| matches!(table.languages(d), Few::Inline(..)))
                    .count();
                assert!(inline > 0 && inline < segment.max_doc() as usize);
                let ff = segment.fast_fields();
                let u = |name: &str| ff.u64(name).unwrap();
                let (lat, lon) = (ff.f64("lat").unwrap(), ff.f64("lon").unwrap());
                for doc in 0..segment.max_doc() {
                    assert_eq!(table.key(doc), u("key").first(doc));
                    assert_eq!(table.has_point(doc), u("has_point").first(doc) == Some(1));
                    assert_eq!(table.remote(doc), u("remote").first(doc) == Some(1));
                    assert_eq!(
                        table.passes_rules(doc, None, true, None),
                        u("free").first(doc) == Some(1)
                    );
                    if table.has_point(doc) {
                        assert_eq!(
                            table.point(doc),
                            (lat.first(doc).unwrap(), lon.first(doc).unwrap())
                        );
                    }
                    let status = u("status").first(doc).unwrap();
                    assert!(table.status_is(doc, status) && !table.status_is(doc, status + 1));
                    assert!(table.passes_rules(doc, Some(status), false, None));
                    assert!(!table.passes_rules(doc, Some(status + 1), false, None));
                    let (min, max) = (
                        u("min_age").first(doc).unwrap(),
                        u("max_age").first(doc).unwrap(),
                    );
                    for age in [0u8, 1, 5, 30, 254, 255] {
                        let fits = min <= u64::from(age) && max >= u64::from(age);
                        assert_eq!(
                            table.passes_rules(doc, None, false, Some(age)),
                            fits,
                            "doc {doc} age {age}"
                        );
                    }
                    let cats: Vec<u64> = table
                        .categories(doc)
                        .iter()
                        .map(|&c| u64::from(c))
                        .collect();
                    assert_eq!(cats, u("category").values_for_doc(doc).collect::<Vec<_>>());
                    let langs: Vec<u64> = table
                        .languages(doc)
                        .iter()
                        .map(|&l| table.language_numbers()[l as usize])
                        .collect();
                    assert_eq!(langs, u("language").values_for_doc(doc).collect::<Vec<_>>());
                }
                assert!(table.language_numbers().contains(&language_number("uk")));
                lists_are_the_dictionarys(segment, &table, fields.category_cell);
            }
        }
    }

    /// The table's `category_cell` lists hold every term of the field with
    /// its postings, and a union of terms from them is the union from the
    /// term dictionary.
    fn lists_are_the_dictionarys(segment: &SegmentReader, table: &DocTable, field: Field) {
        let inverted = segment.inverted_index(field).unwrap();
        let lists = table.category_cells();
        let mut terms = Vec::new();
        for term in lists.terms() {
            let info = inverted
                .get_term_info(&Term::from_field_u64(field, term))
                .unwrap()
                .expect("a term of the lists is in the dictionary");
            let mut postings = inverted
                .read_postings_from_terminfo(&info, IndexRecordOption::Basic)
                .unwrap();
            let mut expected = Vec::new();
            while postings.doc() != TERMINATED {
                expected.push(postings.doc());
                postings.advance();
            }
            assert_eq!(&lists.docs()[lists.range(term).unwrap()], &expected[..]);
            terms.push(term);
        }
        assert_eq!(terms.len() as u64, inverted.terms().num_terms() as u64);
        assert!(terms.len() > 3, "{terms:?}");
        terms.sort_unstable();
        let absent = terms.last().unwrap() + 1;
        let tables: Arc<[(SegmentId, Arc<DocTable>)]> = vec![(
            segment.segment_id(),
            Arc::new(DocTable::read(segment).unwrap()),
        )]
        .into();
        let docs = |query: &TermUnionQuery| {
            let mut scorer = query.scorer(segment, 1.0).unwrap();
            let mut out = Vec::new();
            while scorer.doc() != TERMINATED {
                out.push(scorer.doc());
                scorer.advance();
            }
            out
        };
        let sets: Vec<Vec<u64>> = vec![
            terms.clone(),
            terms.iter().step_by(2).copied().collect(),
            vec![terms[1]],
            vec![terms[0], absent],
            vec![absent],
            vec![],
        ];
        for set in sets {
            let from_lists =
                TermUnionQuery::category_cells(field, set.iter().copied(), Arc::clone(&tables));
            let from_dictionary = TermUnionQuery::new(field, set.iter().copied());
            assert_eq!(docs(&from_lists), docs(&from_dictionary), "{set:?}");
        }
    }

    /// After a merge, a search still on the searcher before it shares its
    /// tables (none is read again), and tables two merges old are dropped.
    #[test]
    fn tables_outlive_a_merge_by_one_searcher() {
        let (schema, fields) = schema::build();
        let index = tantivy::Index::create_in_ram(schema);
        tokenizer::register(&index);
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .unwrap();
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        let add = |writer: &mut tantivy::IndexWriter, i: usize| {
            let r = resource(i, Some((52.0, 5.0)), &["nl"], &["work.childcare"]);
            writer
                .add_document(to_document(i as u64 + 1, &r, &fields, Taxonomy::embedded()))
                .unwrap();
            writer.commit().unwrap();
        };
        let tables = DocTables::default();
        add(&mut writer, 0);
        add(&mut writer, 1);
        reader.reload().unwrap();
        let before = reader.searcher();
        assert_eq!(before.segment_readers().len(), 2);
        let first = tables.of(&before).unwrap();
        let merge = |writer: &mut tantivy::IndexWriter| {
            let ids = index.searchable_segment_ids().unwrap();
            writer.merge(&ids).wait().unwrap();
            writer.commit().unwrap();
        };
        merge(&mut writer);
        reader.reload().unwrap();
        let after = reader.searcher();
        assert_eq!(after.segment_readers().len(), 1);
        tables.of(&after).unwrap();
        assert_eq!(tables.len(), 3);
        // The search that began before the merge: the same tables.
        let again = tables.of(&before).unwrap();
        assert!(first
            .iter()
            .zip(again.iter())
            .all(|(a, b)| a.0 == b.0 && Arc::ptr_eq(&a.1, &b.1)));
        // Two merges on, the first two segments' tables are gone.
        add(&mut writer, 2);
        merge(&mut writer);
        reader.reload().unwrap();
        tables.of(&reader.searcher()).unwrap();
        assert_eq!(tables.len(), 2);
    }

    /// In an index sorted by place, before and after a merge, a table's
    /// runs for a radius's box hold every document the collector could
    /// keep (a point in the box, or remote when remote counts) and only
    /// documents whose place order the box's ranges name.
    #[test]
    fn runs_hold_every_document_a_radius_may_keep() {
        use crate::geo::Coordinate;
        use crate::index::schema::box_orders;
        let (schema, fields) = schema::build();
        let index = tantivy::Index::builder()
            .schema(schema)
            .settings(schema::settings())
            .create_in_ram()
            .unwrap();
        tokenizer::register(&index);
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        // A fixed pseudo-random walk over the Netherlands: points, online
        // resources (no point) and national ones (remote with a point).
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        for batch in 0..3 {
            for i in 0..150 {
                let n = batch * 150 + i;
                // Half of them in a town, for boxes named by sub-squares.
                let point = if next() < 0.5 {
                    (52.08 + 0.02 * next(), 5.10 + 0.04 * next())
                } else {
                    (50.7 + 2.9 * next(), 3.3 + 4.0 * next())
                };
                let kind = next();
                let place = (kind > 0.1).then_some(point);
                let mut r = resource(n % 40, place, &["nl"], &["work.childcare"]);
                if kind > 0.9 {
                    r.service_area = Some(crate::model::ServiceArea::National);
                }
                writer
                    .add_document(to_document(n as u64 + 1, &r, &fields, Taxonomy::embedded()))
                    .unwrap();
            }
            writer.commit().unwrap();
        }
        let check = |searcher: &tantivy::Searcher, next: &mut dyn FnMut() -> f64| {
            for segment in searcher.segment_readers() {
                let table = DocTable::read(segment).unwrap();
                for _ in 0..40 {
                    let (center, km) = if next() < 0.5 {
                        (
                            (52.08 + 0.02 * next(), 5.10 + 0.04 * next()),
                            0.01 + 0.5 * next(),
                        )
                    } else {
                        (
                            (50.7 + 2.9 * next(), 3.3 + 4.0 * next()),
                            1.0 + 80.0 * next(),
                        )
                    };
                    let center = Coordinate::new(center.0, center.1).unwrap();
                    let b = center.bounding_box(km);
                    for include_remote in [false, true] {
                        let orders = box_orders(&b, include_remote).unwrap();
                        let runs = table.runs(&orders).expect("sorted by place");
                        assert!(runs.windows(2).all(|w| w[0].1 < w[1].0), "{runs:?}");
                        let in_runs = |d: DocId| runs.iter().any(|&(f, t)| f <= d && d < t);
                        for doc in 0..segment.max_doc() {
                            let (lat, lon) = table.point(doc);
                            let in_box = table.has_point(doc)
                                && (b.min[0]..=b.max[0]).contains(&lat)
                                && (b.min[1]..=b.max[1]).contains(&lon);
                            let may_keep = in_box || (table.remote(doc) && include_remote);
                            assert!(!may_keep || in_runs(doc), "doc {doc} left out");
                            let order = table.place_order(doc);
                            let named = orders.iter().any(|&(f, t)| f <= order && order <= t);
                            assert_eq!(in_runs(doc), named, "doc {doc}");
                        }
                    }
                }
            }
        };
        let reader = index.reader().unwrap();
        let searcher = reader.searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        check(&searcher, &mut next);
        let ids = index.searchable_segment_ids().unwrap();
        writer.merge(&ids).wait().unwrap();
        reader.reload().unwrap();
        let searcher = reader.searcher();
        assert_eq!(searcher.segment_readers().len(), 1);
        check(&searcher, &mut next);
    }

    proptest! {
        /// The sampled search finds what a plain search of every document
        /// finds, bounds below, between, on and above the orders included.
        #[test]
        fn the_sampled_search_finds_the_first_document_at_or_above_a_bound(
            mut orders in proptest::collection::vec(0u64..400, 0..700),
            bounds in proptest::collection::vec(0u64..420, 1..20),
        ) {
            orders.sort_unstable();
            let n = orders.len() as DocId;
            let sample: Vec<u64> = orders.iter().copied().step_by(ORDER_SAMPLE).collect();
            for bound in bounds {
                let found = first_at_least(n, &sample, bound, |d| orders[d as usize]);
                prop_assert_eq!(found as usize, orders.partition_point(|&o| o < bound));
            }
        }
    }
}

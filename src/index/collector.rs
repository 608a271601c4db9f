//! The collector: spatial and language checks per document, blended ranking,
//! a bounded top-k, the total and the facet counts, in one pass.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::Weight;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::doc_table::{DocTable, SegmentTables, VERIFIED_BUCKET, VERIFIED_EPOCH};
use super::query::{IndexQuery, SortOrder};
use super::schema::language_number;
use crate::geo::{BoundingBox, Coordinate, Disk, DistanceFrom, Within};

/// A candidate hit before its id is fetched.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    /// Where the document is.
    pub address: DocAddress,
    /// Store key.
    pub key: u64,
    /// What the order sorts by, higher first.
    pub sort_key: f64,
    /// Blended score.
    pub score: f64,
    /// Distance from the query point.
    pub distance_km: Option<f64>,
}

impl Candidate {
    fn better_than(&self, other: &Candidate) -> bool {
        rank_cmp(self, other) == Ordering::Less
    }
}

/// Orders best first: higher sort key, then lower store key (deterministic).
fn rank_cmp(a: &Candidate, b: &Candidate) -> Ordering {
    b.sort_key.total_cmp(&a.sort_key).then(a.key.cmp(&b.key))
}

/// Heap entry whose greatest element is the worst kept candidate.
struct Worst(Candidate);

impl PartialEq for Worst {
    fn eq(&self, other: &Self) -> bool {
        rank_cmp(&self.0, &other.0) == Ordering::Equal
    }
}
impl Eq for Worst {}
impl PartialOrd for Worst {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Worst {
    fn cmp(&self, other: &Self) -> Ordering {
        rank_cmp(&self.0, &other.0)
    }
}

/// What one segment (or all, once merged) collected.
#[derive(Default)]
pub struct Collected {
    /// Matching documents.
    pub total: usize,
    /// Best candidates, unordered.
    pub top: Vec<Candidate>,
    /// Category ordinal → count.
    pub categories: FxHashMap<u64, usize>,
    /// Packed language → count.
    pub languages: FxHashMap<u64, usize>,
}

/// Collects hits for an [`IndexQuery`].
pub struct HitCollector {
    /// The query.
    pub query: Arc<IndexQuery>,
    /// Whether the query has text (and so scores).
    pub scoring: bool,
    /// Whether the query's status, free, age and language filters are
    /// checked here rather than by its postings (see
    /// [`super::query::filters_in_collector`]).
    pub filters: bool,
    /// The searcher's [`DocTable`]s, by segment ordinal.
    pub tables: SegmentTables,
}

/// The per-segment part of [`HitCollector`].
pub struct SegmentHits {
    query: Arc<IndexQuery>,
    /// The box around the radius: a point outside it is outside the
    /// radius, with no distance to compute.
    bbox: Option<BoundingBox>,
    /// The radius's circle, to tell most points within it from those
    /// beyond without the haversine's trigonometry.
    disk: Option<Disk>,
    /// The query's point, as the origin of the distances computed.
    from: Option<DistanceFrom>,
    /// By the segment's language index ([`DocTable::languages`]): whether
    /// the query leaves out resources offered only in that language.
    excluded: Option<Vec<bool>>,
    segment: SegmentOrdinal,
    table: Arc<DocTable>,
    verified: Column<i64>,
    /// [`fresh_bounds`] at the query's time, made when first needed.
    fresh_bounds: Option<Box<[f64; 256]>>,
    filter: Option<DocFilter>,
    /// Matches per language, by the segment's language index.
    language_counts: Vec<usize>,
    per_doc: PerDoc,
    /// Counts of the category ordinals below [`COUNTED_CATEGORIES`], by
    /// ordinal (a taxonomy has a few hundred); any others go to the map.
    category_counts: Vec<usize>,
    heap: BinaryHeap<Worst>,
    out: Collected,
}

/// The query's filters, checked on fast fields: what its postings would
/// otherwise have intersected.
struct DocFilter {
    status: Option<u64>,
    free: bool,
    age: Option<u8>,
    /// By the segment's language index: whether the query asks for it;
    /// `None` for any language.
    languages: Option<Vec<bool>>,
}

impl DocFilter {
    fn of(query: &IndexQuery, table: &DocTable) -> Option<DocFilter> {
        let filter = DocFilter {
            status: query.status.map(|s| s.ordinal()),
            free: query.free_only,
            age: query.age,
            languages: language_mask(&query.languages, table),
        };
        let any = filter.status.is_some()
            || filter.free
            || filter.age.is_some()
            || filter.languages.is_some();
        any.then_some(filter)
    }

    /// Whether the filter reads the documents' rule bytes (free, age), so
    /// a walk should read them ahead ([`DocTable::warm`]).
    fn reads_rules(&self) -> bool {
        self.free || self.age.is_some()
    }

    /// Whether document `doc` passes.
    fn passes(&self, table: &DocTable, doc: DocId) -> bool {
        if self.reads_rules() {
            if !table.passes_rules(doc, self.status, self.free, self.age) {
                return false;
            }
        } else if self.status.is_some_and(|s| !table.status_is(doc, s)) {
            return false;
        }
        match &self.languages {
            None => true,
            Some(wanted) => table.languages(doc).iter().any(|&l| wanted[l as usize]),
        }
    }
}

/// For each language of `table`, whether it is one of `codes`; `None`
/// when `codes` is empty.
fn language_mask(codes: &[String], table: &DocTable) -> Option<Vec<bool>> {
    if codes.is_empty() {
        return None;
    }
    let numbers: Vec<u64> = codes.iter().map(|l| language_number(l)).collect();
    Some(
        table
            .language_numbers()
            .iter()
            .map(|n| numbers.contains(n))
            .collect(),
    )
}

/// Category ordinals counted in a plain array rather than a map.
const COUNTED_CATEGORIES: usize = 1024;

/// The parts of the query every collected document reads.
#[derive(Clone, Copy)]
struct PerDoc {
    now: i64,
    order: SortOrder,
    has_point: bool,
    limit: usize,
    facets: bool,
}

impl Collector for HitCollector {
    type Fruit = Collected;
    type Child = SegmentHits;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentHits> {
        let ff = reader.fast_fields();
        let table = self
            .tables
            .get(segment as usize)
            .map(|(_, t)| Arc::clone(t))
            .ok_or_else(|| {
                tantivy::TantivyError::InternalError(format!("no doc table for segment {segment}"))
            })?;
        Ok(SegmentHits {
            query: Arc::clone(&self.query),
            bbox: match (self.query.point, self.query.radius_km) {
                (Some(p), Some(r)) => Some(p.bounding_box(r)),
                _ => None,
            },
            disk: match (self.query.point, self.query.radius_km) {
                (Some(p), Some(r)) => Some(Disk::new(p, r)),
                _ => None,
            },
            from: self.query.point.map(Coordinate::distances),
            excluded: language_mask(&self.query.exclude_languages, &table),
            segment,
            verified: ff.i64("verified")?,
            fresh_bounds: None,
            filter: if self.filters {
                DocFilter::of(&self.query, &table)
            } else {
                None
            },
            language_counts: vec![0; table.language_numbers().len()],
            table,
            per_doc: PerDoc {
                now: self.query.now,
                order: self.query.order,
                has_point: self.query.point.is_some(),
                limit: self.query.limit,
                facets: self.query.facets,
            },
            category_counts: vec![0; COUNTED_CATEGORIES],
            heap: BinaryHeap::new(),
            out: Collected::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    /// tantivy's own walk, but with the documents handed over in blocks
    /// whether scored or not, and without those deleted: see
    /// [`SegmentHits::collect_scored`].
    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Collected> {
        let mut hits = self.for_segment(segment, reader)?;
        let alive = reader.alive_bitset();
        let is_alive = |doc: DocId| alive.is_none_or(|a| a.is_alive(doc));
        if self.scoring {
            let mut block: Vec<(DocId, Score)> = Vec::with_capacity(BLOCK);
            weight.for_each(reader, &mut |doc, score| {
                if is_alive(doc) {
                    block.push((doc, score));
                    if block.len() == BLOCK {
                        hits.collect_scored(&block);
                        block.clear();
                    }
                }
            })?;
            hits.collect_scored(&block);
        } else {
            let mut kept: Vec<DocId> = Vec::new();
            weight.for_each_no_score(reader, &mut |docs| {
                if alive.is_none() {
                    hits.collect_block(docs);
                } else {
                    kept.clear();
                    kept.extend(docs.iter().copied().filter(|&d| is_alive(d)));
                    hits.collect_block(&kept);
                }
            })?;
        }
        Ok(hits.harvest())
    }

    fn merge_fruits(&self, fruits: Vec<Collected>) -> tantivy::Result<Collected> {
        let mut all = Collected::default();
        for f in fruits {
            all.total += f.total;
            all.top.extend(f.top);
            for (k, v) in f.categories {
                *all.categories.entry(k).or_default() += v;
            }
            for (k, v) in f.languages {
                *all.languages.entry(k).or_default() += v;
            }
        }
        all.top.sort_by(rank_cmp);
        all.top.truncate(self.query.limit);
        Ok(all)
    }
}

/// Freshness factor: 1.0 when just verified, halving its bonus every year;
/// 0.7 when never verified.
pub fn freshness(verified: i64, now: i64) -> f64 {
    if verified == 0 {
        return 0.7;
    }
    let days = (now - verified).max(0) as f64 / 86_400.0;
    0.7 + 0.3 * 0.5f64.powf(days / 365.0)
}

/// Upper bounds of [`freshness`] at `now` by [`verified_bucket`]: at
/// least the freshness of any time in the bucket (it grows with the
/// time), by a hair more against rounding.
pub fn fresh_bounds(now: i64) -> [f64; 256] {
    let mut bounds = [0.0; 256];
    for (bucket, bound) in bounds.iter_mut().enumerate() {
        let upper = match bucket {
            0 => freshness(0, now),
            255 => 1.0,
            b => freshness(VERIFIED_EPOCH + b as i64 * VERIFIED_BUCKET, now),
        };
        *bound = upper * (1.0 + 1e-9);
    }
    bounds
}

/// Distance factor: 1.0 at the point, 0.6 at 10 km, 0.36 at 35 km, towards
/// 0.2 far away; 0.5 for a resource without a point (online help is a real
/// option, but near help first); 1.0 when the query has no point.
pub fn distance_factor(query_has_point: bool, distance_km: Option<f64>) -> f64 {
    match (query_has_point, distance_km) {
        (false, _) => 1.0,
        (true, Some(d)) => 0.2 + 0.8 / (1.0 + d / 10.0),
        (true, None) => 0.5,
    }
}

/// Where a document that passes the spatial rules lies.
#[derive(Clone, Copy)]
enum Place {
    /// No distance: no query point, or a remote resource without a point.
    Unmeasured,
    /// At this distance from the query point.
    At(f64),
    /// At this point, with no radius to test: the distance is computed
    /// only if the document could enter the top.
    Deferred(Coordinate),
    /// At this point, within the radius ([`Disk`] said so), at no less
    /// than this distance: the distance itself is computed only if the
    /// document could enter the top.
    Inside(Coordinate, f64),
}

impl Place {
    /// A lower bound of the distance from `center`.
    fn nearest(self, center: Option<Coordinate>) -> Option<f64> {
        match self {
            Place::Unmeasured => None,
            Place::At(d) => Some(d),
            Place::Deferred(p) => center.map(|c| distance_lower_bound(c, p)),
            Place::Inside(_, lower) => Some(lower),
        }
    }

    /// The distance from `center`.
    fn distance(self, center: Option<DistanceFrom>) -> Option<f64> {
        match self {
            Place::Unmeasured => None,
            Place::At(d) => Some(d),
            Place::Deferred(p) | Place::Inside(p, _) => center.map(|c| c.km(p)),
        }
    }
}

/// A lower bound of the great-circle distance between two points: the
/// north–south part alone (with a radius a little under the earth's).
fn distance_lower_bound(a: Coordinate, b: Coordinate) -> f64 {
    6370.0 * (a.lat() - b.lat()).abs().to_radians()
}

impl SegmentHits {
    /// Whether the document passes the spatial rules, and where it lies.
    fn spatial(&self, doc: DocId) -> Option<Place> {
        let has_point = self.table.has_point(doc);
        let remote = self.table.remote(doc);
        // The query's point, as the origin of distances.
        let Some(center) = self.from else {
            return (has_point || self.query.include_remote).then_some(Place::Unmeasured);
        };
        let remote_counts = remote && self.query.include_remote;
        if !has_point {
            return remote_counts.then_some(Place::Unmeasured);
        }
        let (lat, lon) = self.table.point(doc);
        let Some(radius) = self.query.radius_km else {
            return match Coordinate::new(lat, lon) {
                Ok(p) => Some(Place::Deferred(p)),
                Err(_) => remote_counts.then_some(Place::Unmeasured),
            };
        };
        if let Some(b) = &self.bbox {
            // The R-tree's test, without a set of keys to build: most
            // documents a text or category walk brings lie elsewhere.
            let outside = lat < b.min[0] || lat > b.max[0] || lon < b.min[1] || lon > b.max[1];
            if outside && !remote_counts {
                return None;
            }
        }
        let Ok(p) = Coordinate::new(lat, lon) else {
            return remote_counts.then_some(Place::Unmeasured);
        };
        match self.disk.map(|disk| disk.test(lat, lon)) {
            Some(Within::Inside { lower_km }) => return Some(Place::Inside(p, lower_km)),
            Some(Within::Outside) if !remote_counts => return None,
            _ => {}
        }
        let d = center.km(p);
        (d <= radius || remote_counts).then_some(Place::At(d))
    }

    /// [`fresh_bounds`] of the document's verification time.
    #[inline]
    fn fresh_bound(&mut self, doc: DocId, now: i64) -> f64 {
        let bounds = self
            .fresh_bounds
            .get_or_insert_with(|| Box::new(fresh_bounds(now)));
        bounds[usize::from(self.table.verified_bucket(doc))]
    }

    /// Collects scored documents, their table entries read together
    /// first, as [`SegmentCollector::collect_block`] does for unscored ones.
    fn collect_scored(&mut self, docs: &[(DocId, Score)]) {
        self.table.warm(
            docs.iter().map(|&(doc, _)| doc),
            self.filter.as_ref().is_some_and(DocFilter::reads_rules),
            self.per_doc.has_point,
        );
        for &(doc, score) in docs {
            self.collect(doc, score);
        }
    }
}

/// Documents a scored walk gathers before [`SegmentHits::collect_scored`]
/// takes them: as many as tantivy's blocks without scores.
const BLOCK: usize = 64;

impl SegmentCollector for SegmentHits {
    type Fruit = Collected;

    fn collect(&mut self, doc: DocId, text_score: Score) {
        // The filters first: their bytes and the inline word decide most
        // documents of a filtered walk without the point's distance.
        if let Some(filter) = &self.filter {
            if !filter.passes(&self.table, doc) {
                return;
            }
        }
        let Some(place) = self.spatial(doc) else {
            return;
        };
        if let Some(excluded) = &self.excluded {
            let langs = self.table.languages(doc);
            if !langs.is_empty() && langs.iter().all(|&l| excluded[l as usize]) {
                return;
            }
        }
        // The key itself is read only for a document that may enter the
        // top: another array, and most documents of a walk do not.
        if !self.table.has_key(doc) {
            return;
        }
        self.out.total += 1;
        // Not an `Arc` clone per document: the query's fields are copied.
        let q = self.per_doc;
        if q.facets {
            for &c in self.table.categories(doc).iter() {
                match self.category_counts.get_mut(c as usize) {
                    Some(n) => *n += 1,
                    None => *self.out.categories.entry(u64::from(c)).or_default() += 1,
                }
            }
            for &l in self.table.languages(doc).iter() {
                self.language_counts[l as usize] += 1;
            }
        }
        if q.limit == 0 {
            return;
        }
        let text = if matches!(q.order, SortOrder::Relevance) {
            f64::from(text_score)
        } else {
            1.0
        };
        if self.heap.len() >= q.limit {
            // Freshness is at most 1 and the distance at least its lower
            // bound, so this bounds the sort key: a document that cannot
            // enter the top costs no freshness and no distance.
            let nearest = place.nearest(self.query.point);
            let upper = match q.order {
                SortOrder::Relevance => text * distance_factor(q.has_point, nearest),
                SortOrder::Distance => -nearest.unwrap_or(1e9) + 1e-6,
                SortOrder::Freshness => f64::INFINITY,
            };
            if self.heap.peek().is_some_and(|w| upper < w.0.sort_key) {
                return;
            }
            if q.order == SortOrder::Relevance {
                // Tighter, by the freshness of its verification time's
                // bucket: most documents that tie on their text score are
                // less fresh than the top's worst, and then cost no read
                // of their exact time.
                let upper = upper * self.fresh_bound(doc, q.now);
                if self.heap.peek().is_some_and(|w| upper < w.0.sort_key) {
                    return;
                }
            }
        }
        let distance_km = place.distance(self.from);
        let fresh = freshness(self.verified.first(doc).unwrap_or(0), q.now);
        let score = text * distance_factor(q.has_point, distance_km) * fresh;
        let sort_key = match q.order {
            SortOrder::Relevance => score,
            SortOrder::Distance => -distance_km.unwrap_or(1e9) + fresh * 1e-6,
            SortOrder::Freshness => fresh,
        };
        // The key (another array, a cache miss per document) is read only
        // for a candidate that enters the top or ties with its worst.
        if self.heap.len() >= q.limit
            && self
                .heap
                .peek()
                .is_some_and(|w| sort_key.total_cmp(&w.0.sort_key) == Ordering::Less)
        {
            return;
        }
        let candidate = Candidate {
            address: DocAddress::new(self.segment, doc),
            key: self.table.key(doc).unwrap_or(u64::MAX),
            sort_key,
            score,
            distance_km,
        };
        if self.heap.len() < q.limit {
            self.heap.push(Worst(candidate));
        } else if self
            .heap
            .peek()
            .is_some_and(|w| candidate.better_than(&w.0))
        {
            self.heap.pop();
            self.heap.push(Worst(candidate));
        }
    }

    /// A walk without scores hands its documents over in blocks (of up
    /// to 64): their table entries are read together first.
    fn collect_block(&mut self, docs: &[DocId]) {
        self.table.warm(
            docs.iter().copied(),
            self.filter.as_ref().is_some_and(DocFilter::reads_rules),
            self.per_doc.has_point,
        );
        for &doc in docs {
            self.collect(doc, 0.0);
        }
    }

    fn harvest(mut self) -> Collected {
        self.out.top = self.heap.into_iter().map(|w| w.0).collect();
        for (c, n) in self.category_counts.into_iter().enumerate() {
            if n > 0 {
                *self.out.categories.entry(c as u64).or_default() += n;
            }
        }
        for (&language, n) in self
            .table
            .language_numbers()
            .iter()
            .zip(self.language_counts)
        {
            if n > 0 {
                *self.out.languages.entry(language).or_default() += n;
            }
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::doc_table::verified_bucket;
    use proptest::prelude::*;

    proptest! {
        /// A verification time's bucket bounds its freshness from above at
        /// any query time: never verified, before 2020, in the buckets and
        /// past them, before and after the query's time.
        #[test]
        fn a_verification_buckets_bound_is_at_least_its_freshness(
            verified in prop_oneof![
                Just(0i64),
                -1_000_000_000i64..4_000_000_000,
                (0i64..300).prop_map(|b| VERIFIED_EPOCH + b * VERIFIED_BUCKET),
                (0i64..300).prop_map(|b| VERIFIED_EPOCH + b * VERIFIED_BUCKET + 1),
            ],
            now in 0i64..4_000_000_000,
        ) {
            let bounds = fresh_bounds(now);
            let fresh = freshness(verified, now);
            prop_assert!(fresh <= bounds[usize::from(verified_bucket(verified))]);
        }
    }

    /// The bound is tight enough to prune: a resource verified a year
    /// before another cannot pass for it.
    #[test]
    fn a_verification_buckets_bound_is_close_to_its_freshness() {
        let now = VERIFIED_EPOCH + 100 * VERIFIED_BUCKET;
        let recent = now - 86_400;
        let older = recent - 365 * 86_400;
        let bounds = fresh_bounds(now);
        let bound = bounds[usize::from(verified_bucket(older))];
        assert!(bound < freshness(recent, now), "{bound}");
        assert!(bound - freshness(older, now) < 0.02, "{bound}");
        assert_eq!(bounds[0], freshness(0, now) * (1.0 + 1e-9));
    }
}

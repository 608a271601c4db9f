//! The collector: spatial and language checks per document, blended ranking,
//! a bounded top-k, the total and the facet counts, in one pass.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::query::{IndexQuery, SortOrder};
use super::schema::language_number;
use crate::geo::Coordinate;

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
    /// Keys within the radius, from the R-tree.
    pub spatial_keys: Option<Arc<FxHashSet<u64>>>,
    /// Whether the query has text (and so scores).
    pub scoring: bool,
}

/// The per-segment part of [`HitCollector`].
pub struct SegmentHits {
    query: Arc<IndexQuery>,
    spatial_keys: Option<Arc<FxHashSet<u64>>>,
    excluded: Vec<u64>,
    segment: SegmentOrdinal,
    key: Column<u64>,
    has_point: Column<u64>,
    remote: Column<u64>,
    lat: Column<f64>,
    lon: Column<f64>,
    verified: Column<i64>,
    category: Column<u64>,
    language: Column<u64>,
    per_doc: PerDoc,
    heap: BinaryHeap<Worst>,
    out: Collected,
}

/// The parts of the query every collected document reads.
#[derive(Clone, Copy)]
struct PerDoc {
    now: i64,
    order: SortOrder,
    has_point: bool,
    limit: usize,
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
        Ok(SegmentHits {
            query: Arc::clone(&self.query),
            spatial_keys: self.spatial_keys.clone(),
            excluded: self
                .query
                .exclude_languages
                .iter()
                .map(|l| language_number(l))
                .collect(),
            segment,
            key: ff.u64("key")?,
            has_point: ff.u64("has_point")?,
            remote: ff.u64("remote")?,
            lat: ff.f64("lat")?,
            lon: ff.f64("lon")?,
            verified: ff.i64("verified")?,
            category: ff.u64("category")?,
            language: ff.u64("language")?,
            per_doc: PerDoc {
                now: self.query.now,
                order: self.query.order,
                has_point: self.query.point.is_some(),
                limit: self.query.limit,
            },
            heap: BinaryHeap::new(),
            out: Collected::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
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

impl SegmentHits {
    /// Whether the document passes the spatial rules; its distance if it has one.
    fn spatial(&self, doc: DocId, key: u64) -> Option<Option<f64>> {
        let has_point = self.has_point.first(doc) == Some(1);
        let remote = self.remote.first(doc) == Some(1);
        let Some(center) = self.query.point else {
            return (has_point || self.query.include_remote).then_some(None);
        };
        let remote_counts = remote && self.query.include_remote;
        if let (Some(keys), Some(_)) = (&self.spatial_keys, self.query.radius_km) {
            // Outside the R-tree's set is outside the radius: no distance
            // to compute for the many documents a text or category walk
            // brings from elsewhere.
            if !remote_counts && !keys.contains(&key) {
                return None;
            }
        }
        let distance = if has_point {
            let (lat, lon) = (
                self.lat.first(doc).unwrap_or(0.0),
                self.lon.first(doc).unwrap_or(0.0),
            );
            Coordinate::new(lat, lon)
                .ok()
                .map(|p| center.distance_km(p))
        } else {
            None
        };
        let inside = match (distance, self.query.radius_km) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(d), Some(r)) => {
                d <= r
                    && self
                        .spatial_keys
                        .as_ref()
                        .is_none_or(|keys| keys.contains(&key))
            }
        };
        (inside || remote_counts).then_some(distance)
    }
}

impl SegmentCollector for SegmentHits {
    type Fruit = Collected;

    fn collect(&mut self, doc: DocId, text_score: Score) {
        let Some(key) = self.key.first(doc) else {
            return;
        };
        let Some(distance_km) = self.spatial(doc, key) else {
            return;
        };
        if !self.excluded.is_empty() {
            let mut langs = self.language.values_for_doc(doc).peekable();
            if langs.peek().is_some() && langs.all(|l| self.excluded.contains(&l)) {
                return;
            }
        }
        // Not an `Arc` clone per document: the query's fields are copied.
        let q = self.per_doc;
        let fresh = freshness(self.verified.first(doc).unwrap_or(0), q.now);
        let text = if matches!(q.order, SortOrder::Relevance) {
            f64::from(text_score)
        } else {
            1.0
        };
        let score = text * distance_factor(q.has_point, distance_km) * fresh;
        let sort_key = match q.order {
            SortOrder::Relevance => score,
            SortOrder::Distance => -distance_km.unwrap_or(1e9) + fresh * 1e-6,
            SortOrder::Freshness => fresh,
        };
        self.out.total += 1;
        for c in self.category.values_for_doc(doc) {
            *self.out.categories.entry(c).or_default() += 1;
        }
        for l in self.language.values_for_doc(doc) {
            *self.out.languages.entry(l).or_default() += 1;
        }
        if q.limit == 0 {
            return;
        }
        let candidate = Candidate {
            address: DocAddress::new(self.segment, doc),
            key,
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

    fn harvest(mut self) -> Collected {
        self.out.top = self.heap.into_iter().map(|w| w.0).collect();
        self.out
    }
}

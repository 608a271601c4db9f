//! The R-tree of resource points, keyed by store key.

use rstar::primitives::GeomWithData;
use rstar::{RTree, AABB};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::geo::Coordinate;

type Entry = GeomWithData<[f64; 2], u64>;

/// Points of all indexed resources that have one, as `[lat, lon]`.
#[derive(Debug, Default)]
pub struct SpatialIndex {
    tree: RTree<Entry>,
    points: FxHashMap<u64, [f64; 2]>,
}

impl SpatialIndex {
    /// Bulk-loads from `(key, lat, lon)` triples.
    pub fn build(entries: Vec<(u64, f64, f64)>) -> SpatialIndex {
        let points: FxHashMap<u64, [f64; 2]> = entries
            .iter()
            .map(|&(k, lat, lon)| (k, [lat, lon]))
            .collect();
        let tree = RTree::bulk_load(points.iter().map(|(&k, &p)| Entry::new(p, k)).collect());
        SpatialIndex { tree, points }
    }

    /// Sets (or clears, with `None`) the point of `key`.
    pub fn set(&mut self, key: u64, point: Option<(f64, f64)>) {
        if let Some(old) = self.points.remove(&key) {
            self.tree.remove(&Entry::new(old, key));
        }
        if let Some((lat, lon)) = point {
            self.points.insert(key, [lat, lon]);
            self.tree.insert(Entry::new([lat, lon], key));
        }
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// A distance within which at least `k` points lie: the farthest, in
    /// kilometres, of the `k` points nearest `center` in degrees (the
    /// tree's measure, which is not the kilometre's, so this may exceed
    /// the `k`-th nearest distance, never fall short of it). `None` for
    /// `k` 0 or fewer than `k` points.
    pub fn covering_km(&self, center: Coordinate, k: usize) -> Option<f64> {
        if k == 0 {
            return None;
        }
        let (mut found, mut farthest) = (0, 0.0f64);
        for e in self
            .tree
            .nearest_neighbor_iter(&[center.lat(), center.lon()])
            .take(k)
        {
            let [lat, lon] = *e.geom();
            let km = Coordinate::new(lat, lon).map_or(f64::INFINITY, |p| center.distance_km(p));
            farthest = farthest.max(km);
            found += 1;
        }
        (found == k).then_some(farthest)
    }

    /// Keys of the points within `km` of `center` (exact great-circle test
    /// after a bounding-box walk of the tree).
    pub fn within(&self, center: Coordinate, km: f64) -> FxHashSet<u64> {
        self.within_at_most(center, km, usize::MAX)
            .unwrap_or_default()
    }

    /// The keys within `km` of `center`, as [`SpatialIndex::within`], when
    /// there are at most `max` of them; `None` as soon as the walk finds
    /// more (candidates in the box, before the exact test), so a large
    /// radius costs no set it would not use.
    pub fn within_at_most(
        &self,
        center: Coordinate,
        km: f64,
        max: usize,
    ) -> Option<FxHashSet<u64>> {
        let bbox = center.bounding_box(km);
        let mut keys = FxHashSet::default();
        for (seen, e) in self
            .tree
            .locate_in_envelope(&AABB::from_corners(bbox.min, bbox.max))
            .enumerate()
        {
            if seen >= max {
                return None;
            }
            let [lat, lon] = *e.geom();
            if Coordinate::new(lat, lon).is_ok_and(|p| center.distance_km(p) <= km) {
                keys.insert(e.data);
            }
        }
        Some(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_and_removes_points() {
        let mut s = SpatialIndex::build(vec![(1, 52.37, 4.89), (2, 52.09, 5.12)]);
        let ams = Coordinate::new(52.37, 4.89).unwrap();
        assert_eq!(s.within(ams, 5.0), FxHashSet::from_iter([1]));
        s.set(2, Some((52.36, 4.90)));
        assert_eq!(s.within(ams, 5.0), FxHashSet::from_iter([1, 2]));
        s.set(1, None);
        assert_eq!(s.within(ams, 5.0), FxHashSet::from_iter([2]));
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn a_covering_distance_holds_at_least_k_points() {
        let mut entries = Vec::new();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for key in 0..500 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let (a, b) = (
                (state & 0xffff) as f64 / 65536.0,
                (state >> 16 & 0xffff) as f64 / 65536.0,
            );
            entries.push((key, 52.0 + 0.2 * a, 5.0 + 0.3 * b));
        }
        let s = SpatialIndex::build(entries);
        let center = Coordinate::new(52.1, 5.15).unwrap();
        for k in [1, 5, 20, 100, 500] {
            let km = s.covering_km(center, k).unwrap();
            assert!(s.within(center, km).len() >= k, "k {k}: {km} km");
            // Not far beyond the k-th nearest: a ring a third as wide holds fewer.
            assert!(s.within(center, km / 3.0).len() < k, "k {k}: {km} km");
        }
        assert_eq!(s.covering_km(center, 0), None);
        assert_eq!(s.covering_km(center, 501), None);
    }

    #[test]
    fn a_set_larger_than_asked_for_is_not_built() {
        let s = SpatialIndex::build(vec![(1, 52.37, 4.89), (2, 52.371, 4.891), (3, 52.09, 5.12)]);
        let ams = Coordinate::new(52.37, 4.89).unwrap();
        assert_eq!(
            s.within_at_most(ams, 5.0, 2),
            Some(FxHashSet::from_iter([1, 2]))
        );
        assert_eq!(s.within_at_most(ams, 5.0, 1), None);
        assert_eq!(
            s.within_at_most(ams, 100.0, 3),
            Some(FxHashSet::from_iter([1, 2, 3]))
        );
    }
}

//! What an import remembers of the records it admitted, to catch an id
//! given twice and a likely twin of an earlier record of the same file,
//! in about a hundred bytes a record.
//!
//! Keys (ids, phones, websites, name buckets) are kept as 64-bit keyed
//! fingerprints in [`FingerprintMap`]s, twelve bytes an entry; each record
//! keeps its line, point, name key and id in one table and one byte arena.
//! (The first version kept strings and 128-bit keys in hash maps: about
//! 580 bytes a record, 0.6 GB for a million-record file.)

use std::hash::{BuildHasher, RandomState};

use rustc_hash::FxHashMap;

use crate::duplicates::{keys_similar, Keys, Reason, NEARBY_M};
use crate::geo::Coordinate;
use crate::model::FieldError;

/// A map from 64-bit fingerprints to `u32`: a sorted table (twelve bytes
/// an entry) and a hash map of recent inserts, merged into the table when
/// it reaches an eighth of it, so inserts stay cheap and memory stays
/// close to the table's.
///
/// Fingerprints are uniform, so the table is found by their top bits:
/// `starts` says where the keys of each top-bit value begin, about four
/// keys apart, and a lookup searches only those (two cache misses, where a
/// binary search of a million keys took a dozen; an import looks up
/// about twenty keys a record).
#[derive(Debug, Default)]
pub(super) struct FingerprintMap {
    keys: Vec<u64>,
    values: Vec<u32>,
    /// For each value of a key's top `bits` bits, the index of the first
    /// key with that value or more; one more entry, `keys.len()`, ends it.
    starts: Vec<u32>,
    bits: u32,
    recent: FxHashMap<u64, u32>,
}

/// Recent entries kept before a merge, at least.
const RECENT_MIN: usize = 1 << 14;

impl FingerprintMap {
    /// The value under `key`.
    pub(super) fn get(&self, key: u64) -> Option<u32> {
        if let Some(&v) = self.recent.get(&key) {
            return Some(v);
        }
        let (low, high) = self.range(key);
        self.keys[low..high]
            .binary_search(&key)
            .ok()
            .map(|i| self.values[low + i])
    }

    /// Where in the table `key` would be.
    fn range(&self, key: u64) -> (usize, usize) {
        if self.starts.is_empty() {
            return (0, self.keys.len());
        }
        let b = (key >> (64 - self.bits)) as usize;
        (self.starts[b] as usize, self.starts[b + 1] as usize)
    }

    /// Builds `starts` for the table as it is.
    fn index(&mut self) {
        let n = self.keys.len();
        // About four keys a start; a table of at most 2^24 starts.
        self.bits = (usize::BITS - (n / 4).max(1).leading_zeros()).clamp(1, 24);
        let shift = 64 - self.bits;
        self.starts.clear();
        let mut i = 0;
        for b in 0..=(1u64 << self.bits) {
            while i < n && self.keys[i] >> shift < b {
                i += 1;
            }
            self.starts.push(u32::try_from(i).unwrap_or(u32::MAX));
        }
    }

    /// A map holding each of `keys` (under the value 0), built at once.
    pub(super) fn with_keys(mut keys: Vec<u64>) -> FingerprintMap {
        keys.sort_unstable();
        keys.dedup();
        let mut map = FingerprintMap {
            values: vec![0; keys.len()],
            keys,
            ..FingerprintMap::default()
        };
        map.index();
        map
    }

    /// Sets `key` to `value`, replacing any earlier value.
    pub(super) fn set(&mut self, key: u64, value: u32) {
        self.recent.insert(key, value);
        if self.recent.len() >= RECENT_MIN.max(self.keys.len() / 8) {
            self.merge();
        }
    }

    /// Sets `key` to `value` unless it has a value.
    pub(super) fn set_if_absent(&mut self, key: u64, value: u32) {
        if self.get(key).is_none() {
            self.set(key, value);
        }
    }

    /// Number of keys.
    #[cfg(test)]
    fn len(&self) -> usize {
        let replaced = self
            .recent
            .keys()
            .filter(|k| self.keys.binary_search(k).is_ok())
            .count();
        self.keys.len() + self.recent.len() - replaced
    }

    /// Merges the recent entries into the table, in place, from the back;
    /// a recent entry replaces the table's under the same key.
    fn merge(&mut self) {
        let mut recent: Vec<(u64, u32)> = self.recent.drain().collect();
        recent.sort_unstable_by_key(|&(k, _)| k);
        let n = self.keys.len();
        self.keys.resize(n + recent.len(), 0);
        self.values.resize(n + recent.len(), 0);
        let (mut i, mut j, mut w) = (n, recent.len(), n + recent.len());
        while j > 0 {
            let (k, v) = recent[j - 1];
            w -= 1;
            if i > 0 && self.keys[i - 1] > k {
                self.keys[w] = self.keys[i - 1];
                self.values[w] = self.values[i - 1];
                i -= 1;
            } else {
                if i > 0 && self.keys[i - 1] == k {
                    i -= 1;
                }
                self.keys[w] = k;
                self.values[w] = v;
                j -= 1;
            }
        }
        // Old entries [0, i) stay in place; replaced ones left a gap of
        // w - i slots before the merged part.
        if w > i {
            self.keys.drain(i..w);
            self.values.drain(i..w);
        }
        self.recent.shrink_to(RECENT_MIN);
        self.index();
    }
}

/// A 64-bit keyed fingerprint of `text` (SipHash with a key drawn for each
/// import). Two different texts of a million-record file share one with
/// odds of about 1 in 37 million.
pub(super) fn fingerprint(state: &RandomState, text: &str) -> u64 {
    state.hash_one(text)
}

/// One remembered record.
#[derive(Debug, Clone, Copy)]
struct Remembered {
    /// Its point, NaN when it has none.
    lat: f64,
    lon: f64,
    /// Where its name key and then its id start in the arena.
    at: usize,
    name_len: u32,
    id_len: u32,
    /// The line (or row) it is on.
    line: u32,
    /// The record remembered before it in the same name bucket, or
    /// `u32::MAX`.
    previous_in_bucket: u32,
}

/// The records accepted so far from one file, by the keys a twin would
/// share: phone, website, and, for names, a grid of about 200 m cells split
/// by the digits of the name key (twins have the same digits, see
/// [`crate::duplicates::name_similar`]), so a record is compared with the
/// few earlier records that could be its twin, however dense the file.
pub(super) struct FileTwins {
    state: RandomState,
    records: Vec<Remembered>,
    arena: Vec<u8>,
    by_phone: FingerprintMap,
    by_website: FingerprintMap,
    /// The last record of each name bucket (cell and digits).
    by_bucket: FingerprintMap,
}

impl Default for FileTwins {
    fn default() -> FileTwins {
        FileTwins {
            state: RandomState::new(),
            records: Vec::new(),
            arena: Vec::new(),
            by_phone: FingerprintMap::default(),
            by_website: FingerprintMap::default(),
            by_bucket: FingerprintMap::default(),
        }
    }
}

/// Grid cells of 0.002° (about 220 m north–south, 135 m east–west here).
/// A twin lies within 200 m, so in a cell the box of that radius around
/// the record touches: two or three rows of three or four cells, where a
/// fixed three by five cells took fifteen lookups.
fn cell(point: Coordinate) -> (i64, i64) {
    cell_of([point.lat(), point.lon()])
}

fn cell_of([lat, lon]: [f64; 2]) -> (i64, i64) {
    ((lat / 0.002).floor() as i64, (lon / 0.002).floor() as i64)
}

/// The digits of a name key, as one number (FNV-1a over them).
fn digits_of(name_key: &str) -> u64 {
    name_key
        .bytes()
        .filter(u8::is_ascii_digit)
        .fold(0xcbf29ce484222325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
        })
}

impl FileTwins {
    fn bucket(&self, (y, x): (i64, i64), digits: u64) -> u64 {
        self.state.hash_one((y, x, digits, "bucket"))
    }

    fn name(&self, r: &Remembered) -> &str {
        let bytes = &self.arena[r.at..r.at + r.name_len as usize];
        std::str::from_utf8(bytes).unwrap_or_default()
    }

    fn id(&self, r: &Remembered) -> &str {
        let start = r.at + r.name_len as usize;
        std::str::from_utf8(&self.arena[start..start + r.id_len as usize]).unwrap_or_default()
    }

    /// A `FieldError` if a record with `keys` twins a record accepted
    /// earlier in the file.
    pub(super) fn twin_of(&self, keys: &Keys) -> Option<FieldError> {
        let earlier = |field: &str, record: u32, reason: String| {
            let r = &self.records[record as usize];
            FieldError::new(
                field,
                format!(
                    "likely a duplicate of {} on line {} of this file ({reason}); allow duplicates to store it anyway",
                    self.id(r),
                    r.line
                ),
            )
        };
        if let Some(p) = &keys.phone {
            if let Some(e) = self.by_phone.get(fingerprint(&self.state, p)) {
                return Some(earlier("contact.phone", e, Reason::SamePhone.to_string()));
            }
        }
        if let Some(w) = &keys.website {
            if let Some(e) = self.by_website.get(fingerprint(&self.state, w)) {
                return Some(earlier(
                    "contact.website",
                    e,
                    Reason::SameWebsite.to_string(),
                ));
            }
        }
        let point = keys.point?;
        let digits = digits_of(&keys.name);
        let near = point.bounding_box(NEARBY_M / 1000.0);
        let ((y0, x0), (y1, x1)) = (cell_of(near.min), cell_of(near.max));
        for y in y0..=y1 {
            for x in x0..=x1 {
                let mut next = self.by_bucket.get(self.bucket((y, x), digits));
                while let Some(record) = next.filter(|&r| r != u32::MAX) {
                    let r = &self.records[record as usize];
                    next = Some(r.previous_in_bucket);
                    let Ok(other) = Coordinate::new(r.lat, r.lon) else {
                        continue;
                    };
                    let d = point.distance_km(other) * 1000.0;
                    if d <= NEARBY_M && keys_similar(&keys.name, self.name(r)) {
                        let reason = Reason::SameNameNearby {
                            distance_m: d.round() as u32,
                        };
                        return Some(earlier("name", record, reason.to_string()));
                    }
                }
            }
        }
        None
    }

    /// Remembers an accepted record: its `keys`, `id` and `line`.
    pub(super) fn add(&mut self, keys: Keys, id: &str, line: usize) {
        let record = u32::try_from(self.records.len()).unwrap_or(u32::MAX - 1);
        let mut remembered = Remembered {
            lat: f64::NAN,
            lon: f64::NAN,
            at: self.arena.len(),
            name_len: 0,
            id_len: u32::try_from(id.len()).unwrap_or(0),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            previous_in_bucket: u32::MAX,
        };
        if let Some(p) = &keys.phone {
            let key = fingerprint(&self.state, p);
            self.by_phone.set_if_absent(key, record);
        }
        if let Some(w) = &keys.website {
            let key = fingerprint(&self.state, w);
            self.by_website.set_if_absent(key, record);
        }
        if let Some(point) = keys.point {
            // Only records with a point are compared by name.
            remembered.name_len = u32::try_from(keys.name.len()).unwrap_or(0);
            self.arena
                .extend_from_slice(&keys.name.as_bytes()[..remembered.name_len as usize]);
            remembered.lat = point.lat();
            remembered.lon = point.lon();
            let bucket = self.bucket(cell(point), digits_of(&keys.name));
            remembered.previous_in_bucket = self.by_bucket.get(bucket).unwrap_or(u32::MAX);
            self.by_bucket.set(bucket, record);
        }
        self.arena
            .extend_from_slice(&id.as_bytes()[..remembered.id_len as usize]);
        self.records.push(remembered);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    fn keys(name: &str, lat: f64, lon: f64) -> Keys {
        Keys {
            name: name.to_string(),
            phone: None,
            website: None,
            point: Some(Coordinate::new(lat, lon).unwrap()),
        }
    }

    proptest! {
        /// A record is a twin of an earlier one exactly when one with its
        /// name lies within 200 m: the cells looked in cover that radius.
        #[test]
        fn a_twin_by_name_is_found_wherever_it_lies(
            points in prop::collection::vec((-0.004f64..0.004, -0.006f64..0.006), 1..40),
            probe in (-0.004f64..0.004, -0.006f64..0.006),
            (lat, lon) in (50.75f64..53.5, 3.3f64..7.2),
        ) {
            let mut twins = FileTwins::default();
            for (i, (dlat, dlon)) in points.iter().enumerate() {
                twins.add(keys("buurthuis", lat + dlat, lon + dlon), &format!("r{i}"), i + 1);
            }
            let probe = keys("buurthuis", lat + probe.0, lon + probe.1);
            let p = probe.point.unwrap();
            let expected = points.iter().any(|(dlat, dlon)| {
                p.distance_km(Coordinate::new(lat + dlat, lon + dlon).unwrap()) * 1000.0 <= NEARBY_M
            });
            prop_assert_eq!(twins.twin_of(&probe).is_some(), expected);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]

        /// The map answers as a hash map does, across many merges, with
        /// keys set again and values replaced.
        #[test]
        fn a_fingerprint_map_answers_as_a_hash_map(
            ops in prop::collection::vec((0u64..60_000, any::<u32>(), any::<bool>()), 1..80_000)
        ) {
            let mut map = FingerprintMap::default();
            let mut reference = HashMap::new();
            // Half the keys spread over the 64 bits, as fingerprints are;
            // half small, all under the first of the table's starts.
            let spread = |k: u64| if k.is_multiple_of(2) { k.wrapping_mul(0x9e37_79b9_7f4a_7c15) } else { k };
            for &(k, v, replace) in &ops {
                let k = spread(k);
                if replace {
                    map.set(k, v);
                    reference.insert(k, v);
                } else {
                    map.set_if_absent(k, v);
                    reference.entry(k).or_insert(v);
                }
            }
            prop_assert_eq!(map.len(), reference.len());
            for k in (0..60_000u64).map(spread) {
                prop_assert_eq!(map.get(k), reference.get(&k).copied(), "key {}", k);
            }
            prop_assert!(map.keys.windows(2).all(|w| w[0] < w[1]));
        }

        /// A map built at once from keys, some given twice, holds exactly
        /// them, and takes more as a map set key by key does.
        #[test]
        fn a_map_built_from_keys_holds_exactly_them(
            keys in prop::collection::vec(0u64..40_000, 0..20_000),
            more in prop::collection::vec(0u64..40_000, 0..20_000),
        ) {
            let spread = |k: u64| if k.is_multiple_of(3) { k } else { k.wrapping_mul(0x9e37_79b9_7f4a_7c15) };
            let mut map = FingerprintMap::with_keys(keys.iter().map(|&k| spread(k)).collect());
            let mut reference: HashMap<u64, u32> = keys.iter().map(|&k| (spread(k), 0)).collect();
            for k in (0..40_000u64).map(spread) {
                prop_assert_eq!(map.get(k), reference.get(&k).copied(), "key {}", k);
            }
            for (i, &k) in more.iter().enumerate() {
                map.set_if_absent(spread(k), i as u32 + 1);
                reference.entry(spread(k)).or_insert(i as u32 + 1);
            }
            prop_assert_eq!(map.len(), reference.len());
            for k in (0..40_000u64).map(spread) {
                prop_assert_eq!(map.get(k), reference.get(&k).copied(), "key {}", k);
            }
        }
    }
}

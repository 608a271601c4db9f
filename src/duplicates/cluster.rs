//! Clusters of likely duplicates over a list of resources (union-find).
//!
//! Candidates are found without comparing every pair: records sharing a
//! phone or website key are grouped by hash, and names are compared only
//! between records in neighbouring grid cells of about [`NEARBY_M`] metres.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::reason::{compare_keys, Keys, Reason, NEARBY_M};
use crate::model::{Resource, ResourceId};

/// Two resources found to be likely duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The smaller id.
    pub a: ResourceId,
    /// The larger id.
    pub b: ResourceId,
    /// Why.
    pub reason: Reason,
}

/// A group of resources connected by links, smallest id first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cluster {
    /// Members, in id order.
    pub ids: Vec<ResourceId>,
    /// The links that join them, in id order.
    pub links: Vec<Link>,
}

/// Grid cell size in degrees of latitude: a little more than [`NEARBY_M`].
const CELL_LAT: f64 = 0.002;

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    // The smaller index becomes the root, so the result does not depend on
    // the order links were found in.
    if ra != rb {
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        parent[hi] = lo;
    }
}

/// Pairs `(i, j)`, `i < j`, worth comparing: same phone, same website, or
/// points in neighbouring grid cells.
fn candidate_pairs(keys: &[Keys]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        if let Some(p) = &k.phone {
            by_key.entry(format!("p:{p}")).or_default().push(i);
        }
        if let Some(w) = &k.website {
            by_key.entry(format!("w:{w}")).or_default().push(i);
        }
    }
    for group in by_key.values() {
        for (n, &i) in group.iter().enumerate() {
            pairs.extend(group[n + 1..].iter().map(|&j| (i.min(j), i.max(j))));
        }
    }
    // Longitude cells are scaled at each point's latitude; a record looks
    // at as many cells either side as 200 m span there.
    let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    let cell = |lat: f64, lon: f64| {
        (
            (lat / CELL_LAT).floor() as i64,
            (lon / CELL_LAT).floor() as i64,
        )
    };
    for (i, k) in keys.iter().enumerate() {
        if let Some(p) = k.point {
            grid.entry(cell(p.lat(), p.lon())).or_default().push(i);
        }
    }
    for (i, k) in keys.iter().enumerate() {
        let Some(p) = k.point else {
            continue;
        };
        let (lat, lon) = (p.lat(), p.lon());
        let (cy, cx) = cell(lat, lon);
        let km_per_deg_lon = (111.32 * lat.to_radians().cos()).max(1.0);
        let span = ((NEARBY_M / 1000.0 / km_per_deg_lon) / CELL_LAT).ceil() as i64;
        for dy in -1..=1 {
            for dx in -span.max(1)..=span.max(1) {
                for &j in grid.get(&(cy + dy, cx + dx)).into_iter().flatten() {
                    if j > i {
                        pairs.push((i, j));
                    }
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The clusters of likely duplicates among `resources` (every record given
/// is considered; leave out archived ones first). Deterministic: clusters
/// ordered by their smallest id, members and links by id.
pub fn clusters(resources: &[Resource]) -> Vec<Cluster> {
    let mut sorted: Vec<&Resource> = resources.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    sorted.dedup_by(|a, b| a.id == b.id);
    let keys: Vec<Keys> = sorted.iter().map(|r| Keys::of(r)).collect();
    let mut parent: Vec<usize> = (0..sorted.len()).collect();
    let mut links: Vec<(usize, usize, Reason)> = Vec::new();
    for (i, j) in candidate_pairs(&keys) {
        if let Some(reason) = compare_keys(&keys[i], &keys[j]) {
            union(&mut parent, i, j);
            links.push((i, j, reason));
        }
    }
    let mut groups: BTreeMap<usize, Cluster> = BTreeMap::new();
    for (i, j, reason) in links {
        let root = find(&mut parent, i);
        groups
            .entry(root)
            .or_insert_with(|| Cluster {
                ids: Vec::new(),
                links: Vec::new(),
            })
            .links
            .push(Link {
                a: sorted[i].id.clone(),
                b: sorted[j].id.clone(),
                reason,
            });
    }
    for (i, r) in sorted.iter().enumerate() {
        let root = find(&mut parent, i);
        if let Some(c) = groups.get_mut(&root) {
            c.ids.push(r.id.clone());
        }
    }
    let mut out: Vec<Cluster> = groups.into_values().collect();
    for c in &mut out {
        c.links.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contact, Location, Resource};

    fn resource(id: &str, name: &str, lat: f64, lon: f64, phone: Option<&str>) -> Resource {
        let mut r: Resource = serde_json::from_value(serde_json::json!({
            "id": id, "name": name, "organization": {"name": "x"},
            "categories": [], "location": {"kind": "online"},
            "provenance": {"source": "t", "created_at": "2024-01-01T00:00:00Z",
                           "updated_at": "2024-01-01T00:00:00Z"},
            "status": "published"
        }))
        .expect("test resource");
        r.location = Location::Place {
            address: None,
            municipality: "Utrecht".into(),
            lat,
            lon,
            approximate: false,
        };
        r.contact = Contact {
            phone: phone.map(str::to_string),
            ..Contact::default()
        };
        r
    }

    #[test]
    fn clusters_join_transitively_in_id_order() {
        // 0.001° of latitude is about 111 m.
        let list = vec![
            resource("c", "Taalcafé", 52.0, 5.0, Some("030 123 4567")),
            resource("a", "Taalcafe", 52.001, 5.0, None),
            resource("b", "Другое", 53.0, 6.0, Some("+31 30 1234567")),
            resource("d", "Taalcafe", 52.004, 5.0, None),
        ];
        let found = clusters(&list);
        assert_eq!(found.len(), 1);
        let ids: Vec<&str> = found[0].ids.iter().map(|i| i.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(found[0].links.len(), 2);
        assert_eq!(found[0].links[0].a.as_str(), "a");
        assert!(matches!(
            found[0].links[0].reason,
            Reason::SameNameNearby { distance_m: 111 }
        ));
        assert_eq!(found[0].links[1].reason, Reason::SamePhone);
        let mut reversed = list.clone();
        reversed.reverse();
        assert_eq!(clusters(&reversed), found);
    }
}

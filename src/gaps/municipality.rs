//! The municipalities (gemeenten) of the Netherlands and their centres,
//! derived from the gazetteer's places.
//!
//! The gazetteer names a municipality for every place, but for many small
//! places (about two thirds of them) the municipality was inferred from the
//! nearest place with a known one (`municipality_approx`). A municipality's
//! population and centroid are therefore approximate near borders; its
//! centre is exact when a place carries the municipality's own name, which
//! is the case for most of them.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::gazetteer::{Gazetteer, Place};
use crate::geo::Coordinate;
use crate::text::fold_key;

/// One municipality as the gazetteer knows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Municipality {
    /// Its name, as the gazetteer spells it.
    pub name: String,
    /// The province of its most populous place.
    pub province: String,
    /// The point distances are measured from.
    pub centre: Coordinate,
    /// Inhabitants of its places in the gazetteer.
    pub population: u64,
    /// Places of the gazetteer in it.
    pub places: usize,
    /// True when the centre is a population-weighted centroid, because no
    /// place carries the municipality's name.
    pub centroid: bool,
    /// True when some of its places were assigned to it approximately.
    pub approximate: bool,
}

/// Every municipality of `gazetteer`, sorted by name.
///
/// The centre is the most populous place named like the municipality (the
/// town hall is almost always there); otherwise the centroid of its places
/// weighted by population (plain mean when no place has a population).
pub fn municipalities(gazetteer: &Gazetteer) -> Vec<Municipality> {
    let mut groups: BTreeMap<&str, Vec<&Place>> = BTreeMap::new();
    for p in gazetteer.places() {
        if !p.municipality.trim().is_empty() {
            groups.entry(p.municipality.as_str()).or_default().push(p);
        }
    }
    groups
        .into_iter()
        .filter_map(|(name, places)| municipality(name, &places))
        .collect()
}

fn municipality(name: &str, places: &[&Place]) -> Option<Municipality> {
    let biggest = places
        .iter()
        .max_by(|a, b| a.population.cmp(&b.population).then(b.name.cmp(&a.name)))?;
    let key = fold_key(name);
    let namesake = places
        .iter()
        .filter(|p| fold_key(&p.name) == key)
        .max_by_key(|p| p.population);
    let (centre, centroid) = match namesake {
        Some(p) => (p.coordinate, false),
        None => (weighted_centroid(places)?, true),
    };
    Some(Municipality {
        name: name.to_string(),
        province: biggest.province.clone(),
        centre,
        population: places.iter().map(|p| p.population).sum(),
        places: places.len(),
        centroid,
        approximate: places.iter().any(|p| p.municipality_approx),
    })
}

fn weighted_centroid(places: &[&Place]) -> Option<Coordinate> {
    let total: u64 = places.iter().map(|p| p.population).sum();
    // Without any population every place weighs the same.
    let weight = |p: &Place| {
        if total == 0 {
            1.0
        } else {
            p.population as f64
        }
    };
    let sum: f64 = places.iter().map(|p| weight(p)).sum();
    if sum <= 0.0 {
        return None;
    }
    let lat = places
        .iter()
        .map(|p| weight(p) * p.coordinate.lat())
        .sum::<f64>()
        / sum;
    let lon = places
        .iter()
        .map(|p| weight(p) * p.coordinate.lon())
        .sum::<f64>()
        / sum;
    Coordinate::new(lat, lon).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "geonameid\tname\tlat\tlon\tpopulation\tprovince\tmunicipality\tmunicipality_approx\talt_names
1\tUtrecht\t52.09\t5.12\t300000\tUtrecht\tUtrecht\t0\t
2\tVleuten\t52.10\t5.01\t10000\tUtrecht\tUtrecht\t1\t
3\tAa\t52.0\t5.0\t100\tGelderland\tZuidland\t0\t
4\tBb\t52.2\t5.2\t300\tGelderland\tZuidland\t0\t
";

    #[test]
    fn centre_is_the_namesake_or_the_weighted_centroid() {
        let g = Gazetteer::from_tsv(TSV).unwrap();
        let m = municipalities(&g);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].name, "Utrecht");
        assert_eq!(m[0].centre, Coordinate::new(52.09, 5.12).unwrap());
        assert!(!m[0].centroid && m[0].approximate);
        assert_eq!((m[0].population, m[0].places), (310_000, 2));
        assert_eq!(m[1].name, "Zuidland");
        assert!(m[1].centroid && !m[1].approximate);
        assert!((m[1].centre.lat() - 52.15).abs() < 1e-9);
        assert!((m[1].centre.lon() - 5.15).abs() < 1e-9);
    }

    #[test]
    fn the_embedded_gazetteer_has_every_municipality_once() {
        let m = municipalities(Gazetteer::embedded());
        assert!(m.len() > 300, "{}", m.len());
        let mut names: Vec<&str> = m.iter().map(|m| m.name.as_str()).collect();
        names.dedup();
        assert_eq!(names.len(), m.len());
        let ams = m.iter().find(|m| m.name == "Amsterdam").unwrap();
        assert!(!ams.centroid);
        assert_eq!(ams.province, "Noord-Holland");
    }
}

//! Loading `seed-data/gazetteer/places.tsv` and looking places up.

use std::collections::HashMap;

use crate::geo::Coordinate;
use crate::text::fold_key;

/// One place of the Netherlands.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Place {
    /// GeoNames id.
    pub geonameid: u64,
    /// Name as GeoNames gives it (English form for the biggest cities).
    pub name: String,
    /// Where the place is.
    pub coordinate: Coordinate,
    /// Inhabitants.
    pub population: u64,
    /// Province.
    pub province: String,
    /// Municipality (gemeente) the place belongs to.
    pub municipality: String,
    /// True when the municipality was inferred from the nearest known place.
    pub municipality_approx: bool,
    /// Other names, in any script.
    pub alt_names: Vec<String>,
}

/// A problem in the gazetteer file.
#[derive(Debug, thiserror::Error)]
#[error("gazetteer line {line}: {message}")]
pub struct GazetteerError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// All places, with an index from folded names to places.
#[derive(Debug)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_key: HashMap<String, Vec<usize>>,
    /// Sorted folded keys, for prefix look-up.
    keys: Vec<String>,
}

const EMBEDDED: &str = include_str!("../../seed-data/gazetteer/places.tsv");

impl Gazetteer {
    /// The gazetteer compiled into the binary.
    pub fn embedded() -> &'static Gazetteer {
        static GAZETTEER: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        // The embedded file is checked by a unit test, so this cannot fail at run time.
        GAZETTEER
            .get_or_init(|| Gazetteer::from_tsv(EMBEDDED).expect("embedded gazetteer is valid"))
    }

    /// Parses the TSV format described in `seed-data/gazetteer/README.md`.
    pub fn from_tsv(text: &str) -> Result<Gazetteer, GazetteerError> {
        let mut places = Vec::new();
        for (i, line) in text.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let err = |message: &str| GazetteerError {
                line: i + 1,
                message: message.to_string(),
            };
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 9 {
                return Err(err("expected 9 tab-separated columns"));
            }
            let num = |s: &str| s.parse::<f64>().map_err(|_| err("bad number"));
            let coordinate =
                Coordinate::new(num(cols[2])?, num(cols[3])?).map_err(|e| err(&e.to_string()))?;
            places.push(Place {
                geonameid: cols[0].parse().map_err(|_| err("bad geonameid"))?,
                name: cols[1].to_string(),
                coordinate,
                population: cols[4].parse().map_err(|_| err("bad population"))?,
                province: cols[5].to_string(),
                municipality: cols[6].to_string(),
                municipality_approx: matches!(cols[7], "1" | "true" | "True"),
                alt_names: cols[8]
                    .split('|')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            });
        }
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in places.iter().enumerate() {
            for name in std::iter::once(&p.name)
                .chain(&p.alt_names)
                .chain(std::iter::once(&p.municipality))
            {
                let key = fold_key(name);
                if key.is_empty() {
                    continue;
                }
                let list = by_key.entry(key).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
        for list in by_key.values_mut() {
            list.sort_by(|&a, &b| {
                places[b]
                    .population
                    .cmp(&places[a].population)
                    .then(a.cmp(&b))
            });
        }
        let mut keys: Vec<String> = by_key.keys().cloned().collect();
        keys.sort();
        Ok(Gazetteer {
            places,
            by_key,
            keys,
        })
    }

    /// Every place, most populous first.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The best place for a name in any script, or `None`.
    pub fn resolve(&self, name: &str) -> Option<&Place> {
        self.lookup(name, 1).into_iter().next()
    }

    /// Places matching `text`: exact name matches first (by population, a
    /// place whose own name matches before one that only shares a municipality
    /// name), then places whose name starts with `text` (for autocomplete).
    pub fn lookup(&self, text: &str, limit: usize) -> Vec<&Place> {
        let key = fold_key(text);
        if key.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut out: Vec<usize> = Vec::new();
        if let Some(list) = self.by_key.get(&key) {
            out.extend(list);
        }
        if key.chars().count() >= 2 {
            let start = self.keys.partition_point(|k| k.as_str() < key.as_str());
            let mut prefixed: Vec<usize> = self.keys[start..]
                .iter()
                .take_while(|k| k.starts_with(&key))
                .flat_map(|k| self.by_key[k].iter().copied())
                .filter(|i| !out.contains(i))
                .collect();
            prefixed.sort_by(|&a, &b| {
                self.places[b]
                    .population
                    .cmp(&self.places[a].population)
                    .then(a.cmp(&b))
            });
            prefixed.dedup();
            out.extend(prefixed);
        }
        out.into_iter()
            .take(limit)
            .map(|i| &self.places[i])
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hague_has_many_names() {
        let g = Gazetteer::embedded();
        assert!(g.places().len() > 1500, "{}", g.places().len());
        for name in [
            "Den Haag",
            "'s-Gravenhage",
            "The Hague",
            "Гаага",
            "den haag",
        ] {
            let p = g
                .resolve(name)
                .unwrap_or_else(|| panic!("{name} not found"));
            assert_eq!(p.municipality, "Den Haag", "{name}");
        }
    }

    #[test]
    fn lookup_is_script_and_accent_insensitive() {
        let g = Gazetteer::embedded();
        assert_eq!(g.resolve("Роттердам").unwrap().name, "Rotterdam");
        assert_eq!(g.resolve("AMSTERDAM").unwrap().name, "Amsterdam");
        assert_eq!(g.resolve("Hilversum").unwrap().province, "Noord-Holland");
        assert!(g.lookup("Amster", 5).iter().any(|p| p.name == "Amsterdam"));
        assert!(g.resolve("").is_none());
    }
}

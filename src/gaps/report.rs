//! A gap report: one row per municipality, the services that reach
//! everyone, and a summary.

use serde::Serialize;

use super::{GapQuery, Municipality};

/// How well a municipality is covered, for colouring a map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// No matching service within reach.
    None,
    /// One or two within reach: a single waiting list or closure leaves a gap.
    Thin,
    /// Three or more within reach.
    Covered,
}

impl Coverage {
    /// The class of `within_reach` services.
    pub fn of(within_reach: usize) -> Coverage {
        match within_reach {
            0 => Coverage::None,
            1 | 2 => Coverage::Thin,
            _ => Coverage::Covered,
        }
    }

    /// The stable code used in CSV and JSON (`none`, `thin`, `covered`).
    pub fn code(self) -> &'static str {
        match self {
            Coverage::None => "none",
            Coverage::Thin => "thin",
            Coverage::Covered => "covered",
        }
    }
}

/// The nearest matching physical service to a municipality's centre.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NearestResource {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Great-circle distance from the centre, km.
    pub distance_km: f64,
}

/// One municipality's line of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapRow {
    /// The municipality and its centre.
    pub municipality: Municipality,
    /// Matching services with a physical place within reach of the centre.
    pub within_reach: usize,
    /// The nearest matching physical service anywhere, or `None` when there
    /// is none in the country.
    pub nearest: Option<NearestResource>,
    /// The class of `within_reach`.
    pub coverage: Coverage,
}

/// The totals of a report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GapSummary {
    /// Municipalities in the report.
    pub municipalities: usize,
    /// Municipalities with no matching physical service within reach.
    pub without_coverage: usize,
    /// Inhabitants (gazetteer) of those municipalities.
    pub population_without_coverage: u64,
    /// Inhabitants (gazetteer) of all municipalities.
    pub population: u64,
}

/// The answer to a [`GapQuery`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapReport {
    /// The question.
    pub query: GapQuery,
    /// One row per municipality, by name.
    pub rows: Vec<GapRow>,
    /// Matching online and national services. They reach everyone, so they
    /// are reported once here and never count as coverage of a municipality
    /// (a national service's physical office does count where it is).
    pub online_or_national: usize,
    /// The totals.
    pub summary: GapSummary,
}

impl GapReport {
    /// A report from its rows; computes the summary.
    pub fn new(query: GapQuery, rows: Vec<GapRow>, online_or_national: usize) -> GapReport {
        let mut summary = GapSummary {
            municipalities: rows.len(),
            ..GapSummary::default()
        };
        for r in &rows {
            summary.population += r.municipality.population;
            if r.within_reach == 0 {
                summary.without_coverage += 1;
                summary.population_without_coverage += r.municipality.population;
            }
        }
        GapReport {
            query,
            rows,
            online_or_national,
            summary,
        }
    }

    /// The rows of municipalities with nothing within reach, most populous first.
    pub fn uncovered(&self) -> Vec<&GapRow> {
        let mut rows: Vec<&GapRow> = self.rows.iter().filter(|r| r.within_reach == 0).collect();
        rows.sort_by(|a, b| {
            b.municipality
                .population
                .cmp(&a.municipality.population)
                .then(a.municipality.name.cmp(&b.municipality.name))
        });
        rows
    }
}

/// A row for tests of the renderers.
#[cfg(test)]
pub(crate) fn sample_row(name: &str, population: u64, within_reach: usize) -> GapRow {
    GapRow {
        municipality: Municipality {
            name: name.into(),
            province: "Utrecht".into(),
            centre: crate::geo::Coordinate::new(52.0, 5.0).unwrap(),
            population,
            places: 1,
            centroid: false,
            approximate: false,
        },
        within_reach,
        nearest: None,
        coverage: Coverage::of(within_reach),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn summary_counts_the_uncovered() {
        let r = GapReport::new(
            GapQuery::new("health"),
            vec![
                sample_row("A", 10, 0),
                sample_row("B", 20, 2),
                sample_row("C", 30, 0),
            ],
            4,
        );
        assert_eq!(r.summary.without_coverage, 2);
        assert_eq!(r.summary.population_without_coverage, 40);
        assert_eq!(r.summary.population, 60);
        let names: Vec<&str> = r
            .uncovered()
            .iter()
            .map(|r| r.municipality.name.as_str())
            .collect();
        assert_eq!(names, ["C", "A"]);
        assert_eq!(Coverage::of(0), Coverage::None);
        assert_eq!(Coverage::of(2), Coverage::Thin);
        assert_eq!(Coverage::of(3), Coverage::Covered);
    }
}

//! The report as CSV (RFC 4180): one header row, one row per municipality.

use std::fmt::Write;

use super::GapReport;

/// The column names, in order.
pub const HEADER: [&str; 13] = [
    "municipality",
    "province",
    "lat",
    "lon",
    "population",
    "within_reach",
    "coverage",
    "nearest_km",
    "nearest_id",
    "nearest_name",
    "reach_km",
    "centre",
    "municipality_approximate",
];

/// The report as CSV text, lines ending in CRLF as RFC 4180 says.
///
/// Text cells are quoted when they hold a comma, a quote or a line break, and
/// a text cell that a spreadsheet would run as a formula (starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`. Numbers are
/// ours and are written as they are.
pub fn to_csv(report: &GapReport) -> String {
    let mut out = String::new();
    out.push_str(&HEADER.join(","));
    out.push_str("\r\n");
    for r in &report.rows {
        let m = &r.municipality;
        let (km, id, name) = match &r.nearest {
            Some(n) => (
                format!("{:.2}", n.distance_km),
                text_cell(&n.id),
                text_cell(&n.name),
            ),
            None => (String::new(), String::new(), String::new()),
        };
        let _ = write!(
            out,
            "{},{},{:.5},{:.5},{},{},{},{},{},{},{},{},{}\r\n",
            text_cell(&m.name),
            text_cell(&m.province),
            m.centre.lat(),
            m.centre.lon(),
            m.population,
            r.within_reach,
            r.coverage.code(),
            km,
            id,
            name,
            report.query.reach_km,
            if m.centroid { "centroid" } else { "namesake" },
            m.approximate,
        );
    }
    out
}

/// One text cell: neutralised against formula injection, then quoted if needed.
fn text_cell(value: &str) -> String {
    let neutral = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if neutral.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::report::sample_row;
    use crate::gaps::{GapQuery, NearestResource};

    #[test]
    fn quotes_and_neutralises_text_cells() {
        assert_eq!(text_cell("Den Haag"), "Den Haag");
        assert_eq!(text_cell("a,b"), "\"a,b\"");
        assert_eq!(text_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(text_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(text_cell("-1+2"), "'-1+2");
        assert_eq!(text_cell("@x"), "'@x");
        assert_eq!(text_cell("+x,y"), "\"'+x,y\"");
        assert_eq!(text_cell("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn one_line_per_municipality_after_the_header() {
        let mut covered = sample_row("Utrecht", 300, 1);
        covered.nearest = Some(NearestResource {
            id: "r-1".into(),
            name: "=cmd, \"x\"".into(),
            distance_km: 1.234,
        });
        let report = GapReport::new(
            GapQuery::new("health"),
            vec![sample_row("Aa", 10, 0), covered],
            0,
        );
        let csv = to_csv(&report);
        let lines: Vec<&str> = csv.split_terminator("\r\n").collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0], HEADER.join(","));
        assert_eq!(
            lines[1],
            "Aa,Utrecht,52.00000,5.00000,10,0,none,,,,15,namesake,false"
        );
        assert_eq!(
            lines[2],
            "Utrecht,Utrecht,52.00000,5.00000,300,1,thin,1.23,r-1,\"'=cmd, \"\"x\"\"\",15,namesake,false"
        );
    }
}

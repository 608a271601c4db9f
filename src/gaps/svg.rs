//! The report as an SVG map of the Netherlands, drawn from the gazetteer's
//! coordinates alone: no tiles, no external resources, no script.
//!
//! Projection: equirectangular, with longitudes scaled by cos(52.2°) so the
//! country keeps its shape at its mean latitude. Every gazetteer place is a
//! tiny grey dot (together they draw the country); every municipality centre
//! is a circle coloured by coverage, with a `<title>` tooltip.

use std::fmt::Write;

use super::{Coverage, GapReport};
use crate::gazetteer::Gazetteer;
use crate::model::Lang;
use crate::taxonomy::Taxonomy;

/// Width of the drawing in pixels.
const WIDTH: f64 = 640.0;
/// Space above the map for the title, px.
const TOP: f64 = 64.0;
/// Space below the map for the legend, px.
const BOTTOM: f64 = 96.0;
/// Margin around the map, px.
const MARGIN: f64 = 16.0;

/// The fill of each coverage class (red, orange, green; readable on white).
pub fn colour(c: Coverage) -> &'static str {
    match c {
        Coverage::None => "#d7301f",
        Coverage::Thin => "#fd8d3c",
        Coverage::Covered => "#31a354",
    }
}

/// Texts of the map in `lang`: title prefix, any language, legend lines.
struct Texts {
    title: &'static str,
    any_language: &'static str,
    language: &'static str,
    within: &'static str,
    none: &'static str,
    thin: &'static str,
    covered: &'static str,
    uncovered: &'static str,
    inhabitants: &'static str,
    online: &'static str,
    in_reach: &'static str,
}

fn texts(lang: Lang) -> Texts {
    match lang {
        Lang::Uk => Texts {
            title: "Прогалини",
            any_language: "будь-якою мовою",
            language: "мова",
            within: "у межах",
            none: "нічого в межах досяжності",
            thin: "1–2 в межах досяжності",
            covered: "3 і більше",
            uncovered: "громад без жодного",
            inhabitants: "мешканців",
            online: "онлайн / по всій країні (доступні всім)",
            in_reach: "у межах досяжності",
        },
        Lang::Nl => Texts {
            title: "Gaten in het aanbod",
            any_language: "elke taal",
            language: "taal",
            within: "binnen",
            none: "niets binnen bereik",
            thin: "1–2 binnen bereik",
            covered: "3 of meer",
            uncovered: "gemeenten zonder enig aanbod",
            inhabitants: "inwoners",
            online: "online / landelijk (voor iedereen bereikbaar)",
            in_reach: "binnen bereik",
        },
        Lang::En => Texts {
            title: "Gaps",
            any_language: "any language",
            language: "language",
            within: "within",
            none: "none within reach",
            thin: "1–2 within reach",
            covered: "3 or more",
            uncovered: "municipalities without any",
            inhabitants: "inhabitants",
            online: "online / national (reach everyone)",
            in_reach: "within reach",
        },
    }
}

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

/// The label of a category code or an indicator id in `lang`, else the code.
fn selector_label<'a>(taxonomy: &'a Taxonomy, selector: &'a str, lang: Lang) -> &'a str {
    taxonomy
        .category(selector)
        .map(|c| c.labels.get(lang))
        .or_else(|| taxonomy.indicator(selector).map(|i| i.labels.get(lang)))
        .unwrap_or(selector)
}

/// Turns coordinates into pixels.
struct Projection {
    min_lon: f64,
    max_lat: f64,
    scale: f64,
    x_factor: f64,
}

impl Projection {
    fn fit(gazetteer: &Gazetteer) -> (Projection, f64) {
        let (mut min_lat, mut max_lat, mut min_lon, mut max_lon) = (90.0, -90.0, 180.0, -180.0);
        for p in gazetteer.places() {
            let (lat, lon) = (p.coordinate.lat(), p.coordinate.lon());
            min_lat = f64::min(min_lat, lat);
            max_lat = f64::max(max_lat, lat);
            min_lon = f64::min(min_lon, lon);
            max_lon = f64::max(max_lon, lon);
        }
        let x_factor = 52.2f64.to_radians().cos();
        let span_x = ((max_lon - min_lon) * x_factor).max(1e-6);
        let span_y = (max_lat - min_lat).max(1e-6);
        let scale = (WIDTH - 2.0 * MARGIN) / span_x;
        let projection = Projection {
            min_lon,
            max_lat,
            scale,
            x_factor,
        };
        (projection, span_y * scale)
    }

    fn point(&self, lat: f64, lon: f64) -> (f64, f64) {
        (
            MARGIN + (lon - self.min_lon) * self.x_factor * self.scale,
            TOP + (self.max_lat - lat) * self.scale,
        )
    }
}

/// The report as a standalone SVG document in `lang`, 640 px wide.
pub fn to_svg(
    report: &GapReport,
    gazetteer: &Gazetteer,
    taxonomy: &Taxonomy,
    lang: Lang,
) -> String {
    render(report, gazetteer, taxonomy, lang, Sizing::Fixed)
}

/// The same map without a fixed size, to put inside an HTML page, where it
/// takes the width of its container (a phone screen as well as a desktop).
pub fn to_svg_fluid(
    report: &GapReport,
    gazetteer: &Gazetteer,
    taxonomy: &Taxonomy,
    lang: Lang,
) -> String {
    render(report, gazetteer, taxonomy, lang, Sizing::Fluid)
}

/// Whether the document has a fixed size or takes its container's width.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sizing {
    Fixed,
    Fluid,
}

fn render(
    report: &GapReport,
    gazetteer: &Gazetteer,
    taxonomy: &Taxonomy,
    lang: Lang,
    sizing: Sizing,
) -> String {
    let tx = texts(lang);
    let (proj, map_height) = Projection::fit(gazetteer);
    let height = (TOP + map_height + BOTTOM).ceil();
    let q = &report.query;
    let title = format!(
        "{}: {} · {} · {} {} km",
        tx.title,
        selector_label(taxonomy, &q.category, lang),
        match &q.language {
            Some(l) => format!("{} {l}", tx.language),
            None => tx.any_language.to_string(),
        },
        tx.within,
        q.reach_km
    );
    let mut s = String::new();
    let size = if sizing == Sizing::Fixed {
        format!(" width=\"{WIDTH}\" height=\"{height}\"")
    } else {
        String::new()
    };
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\"{size} viewBox=\"0 0 {WIDTH} {height}\" \
         role=\"img\" aria-labelledby=\"gaps-title\" font-family=\"sans-serif\">"
    );
    let _ = writeln!(s, "<title id=\"gaps-title\">{}</title>", xml_escape(&title));
    let _ = writeln!(
        s,
        "<rect width=\"{WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>"
    );
    let _ = writeln!(
        s,
        "<text x=\"{MARGIN}\" y=\"28\" font-size=\"16\" font-weight=\"bold\">{}</text>",
        xml_escape(&title)
    );
    let summary = &report.summary;
    let _ = writeln!(
        s,
        "<text x=\"{MARGIN}\" y=\"50\" font-size=\"12\">{} / {} {} · {} {}</text>",
        summary.without_coverage,
        summary.municipalities,
        xml_escape(tx.uncovered),
        summary.population_without_coverage,
        xml_escape(tx.inhabitants)
    );
    s.push_str("<g fill=\"#bbbbbb\">\n");
    for p in gazetteer.places() {
        let (x, y) = proj.point(p.coordinate.lat(), p.coordinate.lon());
        let _ = writeln!(s, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"0.9\"/>");
    }
    s.push_str("</g>\n<g stroke=\"#333333\" stroke-width=\"0.4\" class=\"municipalities\">\n");
    // Covered municipalities first, so the red ones are drawn on top.
    let mut rows: Vec<_> = report.rows.iter().collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.coverage));
    for r in rows {
        let m = &r.municipality;
        let (x, y) = proj.point(m.centre.lat(), m.centre.lon());
        let radius = (2.5 + (m.population as f64).sqrt() / 150.0).min(9.0);
        let nearest = match &r.nearest {
            Some(n) => format!(" · {:.1} km: {}", n.distance_km, n.name),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{radius:.1}\" fill=\"{}\" data-coverage=\"{}\">\
             <title>{}: {} {}{}</title></circle>",
            colour(r.coverage),
            r.coverage.code(),
            xml_escape(&m.name),
            r.within_reach,
            xml_escape(tx.in_reach),
            xml_escape(&nearest)
        );
    }
    s.push_str("</g>\n");
    let legend_y = TOP + map_height + 24.0;
    for (i, (c, label)) in [
        (Coverage::None, tx.none),
        (Coverage::Thin, tx.thin),
        (Coverage::Covered, tx.covered),
    ]
    .into_iter()
    .enumerate()
    {
        let y = legend_y + i as f64 * 18.0;
        let _ = writeln!(
            s,
            "<circle cx=\"{}\" cy=\"{y:.1}\" r=\"6\" fill=\"{}\" stroke=\"#333333\" stroke-width=\"0.4\"/>\
             <text x=\"{}\" y=\"{:.1}\" font-size=\"12\">{}</text>",
            MARGIN + 6.0,
            colour(c),
            MARGIN + 18.0,
            y + 4.0,
            xml_escape(label)
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{MARGIN}\" y=\"{:.1}\" font-size=\"12\">{}: {}</text>",
        legend_y + 3.0 * 18.0 + 4.0,
        xml_escape(tx.online),
        report.online_or_national
    );
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::report::sample_row;
    use crate::gaps::GapQuery;
    use crate::model::LANGS;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            xml_escape("<a href=\"x\">&'\u{7}</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;"
        );
    }

    #[test]
    fn one_circle_per_municipality_in_every_language() {
        let mut evil = sample_row("<script>alert(1)</script>", 5, 3);
        evil.coverage = Coverage::Covered;
        let report = GapReport::new(
            GapQuery {
                language: Some("uk".into()),
                ..GapQuery::new("health.mental_support")
            },
            vec![sample_row("A & B", 10, 0), evil],
            2,
        );
        for lang in LANGS {
            let svg = to_svg(&report, Gazetteer::embedded(), Taxonomy::embedded(), lang);
            assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
            assert_eq!(svg.matches("data-coverage=").count(), 2);
            assert!(svg.contains("A &amp; B"));
            assert!(!svg.contains("<script"));
            assert!(!svg.contains("href"));
        }
    }
}

//! Human-readable output: results, places and stats.

use std::fmt::Write;

use chrono::Utc;

use super::messages::{text, Msg};
use crate::engine::Stats;
use crate::gazetteer::Place;
use crate::model::Lang;
use crate::search::{SearchQuery, SearchResults};
use crate::taxonomy::Taxonomy;

/// Days without verification after which a resource is stale.
pub use crate::model::STALE_AFTER_DAYS as STALE_DAYS;

/// One line per place.
pub fn place_line(p: &Place) -> String {
    format!(
        "{} — {}, {} ({:.4},{:.4}; {} inh.)",
        p.name,
        p.municipality,
        p.province,
        p.coordinate.lat(),
        p.coordinate.lon(),
        p.population
    )
}

/// The results of a search as text for a terminal.
pub fn results_text(
    results: &SearchResults,
    query: &SearchQuery,
    taxonomy: &Taxonomy,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let _ = write!(out, "{} {}", results.total, text(lang, Msg::Results));
    if let Some(p) = &results.place {
        let _ = write!(
            out,
            " {} {} ({})",
            text(lang, Msg::Near),
            p.name,
            p.province
        );
    }
    if let Some(r) = query.radius_km {
        let _ = write!(out, ", {} {r} km", text(lang, Msg::Within));
    }
    let pages = results.total.div_ceil(results.per_page.max(1)).max(1);
    let _ = writeln!(out, " — {} {}/{pages}", text(lang, Msg::Page), results.page);
    let now = Utc::now();
    for (i, hit) in results.hits.iter().enumerate() {
        let r = &hit.resource;
        let n = (results.page - 1) * results.per_page + i + 1;
        let mut facts = Vec::new();
        match hit.distance_km {
            Some(d) => facts.push(format!("{d:.1} km")),
            None if r.is_remote() => facts.push(text(lang, Msg::Online).to_string()),
            None => {}
        }
        if !r.languages.is_empty() {
            facts.push(r.languages.join(", "));
        }
        if r.is_free() {
            facts.push(text(lang, Msg::Free).to_string());
        }
        match r.provenance.verified_at {
            Some(v) if (now - v).num_days() > STALE_DAYS => facts.push(format!(
                "{} {} ({})",
                text(lang, Msg::Verified),
                v.format("%Y-%m-%d"),
                text(lang, Msg::Stale)
            )),
            Some(v) => facts.push(format!(
                "{} {}",
                text(lang, Msg::Verified),
                v.format("%Y-%m-%d")
            )),
            // Never verified is stale too, as on the pages.
            None => facts.push(format!(
                "{} ({})",
                text(lang, Msg::NotVerified),
                text(lang, Msg::Stale)
            )),
        }
        if r.synthetic {
            facts.push(text(lang, Msg::Synthetic).to_string());
        }
        let _ = writeln!(out, "{n:>3}. {}  —  {}", r.name, facts.join(" · "));
        let labels: Vec<&str> = r
            .categories
            .iter()
            .filter_map(|c| taxonomy.category(c))
            .map(|c| c.labels.get(lang))
            .collect();
        let _ = writeln!(out, "     {} · {}", labels.join(", "), r.organization.name);
        if let Some(site) = r
            .contact
            .website
            .as_ref()
            .or(r.organization.website.as_ref())
        {
            let _ = writeln!(out, "     {site}");
        }
        for h in hit.highlights.iter().take(2) {
            let _ = writeln!(out, "     {}: {}", h.field, h.snippet);
        }
    }
    out
}

/// Stats as text.
pub fn stats_text(s: &Stats) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "resources: {} (synthetic {}, never verified {})",
        s.resources, s.synthetic, s.never_verified
    );
    for (status, n) in &s.by_status {
        let _ = writeln!(out, "  {status}: {n}");
    }
    let _ = writeln!(out, "categories in use: {}", s.by_category.len());
    let _ = writeln!(
        out,
        "index: {} documents, {} points, generation {} (store {})",
        s.index_documents, s.index_points, s.index_generation, s.store_generation
    );
    let _ = writeln!(
        out,
        "disk: store {} KiB, index {} KiB",
        s.store_bytes / 1024,
        s.index_bytes / 1024
    );
    out
}

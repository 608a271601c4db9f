//! `wegwijs gaps`: the gap report as a table, CSV or an SVG map, with its
//! texts in Ukrainian, Dutch and English.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, ValueEnum};

use crate::engine::{Engine, EngineError};
use crate::gaps::{to_csv, to_svg, GapQuery, GapReport, DEFAULT_REACH_KM};
use crate::model::{FieldError, Lang};

/// Arguments of `gaps`.
#[derive(Debug, Args)]
pub struct GapsArgs {
    /// A category code or an indicator id.
    #[arg(long)]
    pub category: String,
    /// Only services offered in this language (ISO 639-1).
    #[arg(long)]
    pub language: Option<String>,
    /// How far from a municipality's centre counts as within reach, km.
    #[arg(long, default_value_t = DEFAULT_REACH_KM)]
    pub reach: f64,
    /// Only free services.
    #[arg(long)]
    pub free: bool,
    /// Only services that accept this age.
    #[arg(long)]
    pub age: Option<u8>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: GapsFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// How `gaps` writes its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GapsFormat {
    /// A table for people, uncovered municipalities first.
    Table,
    /// CSV, one row per municipality.
    Csv,
    /// An SVG map of the Netherlands.
    Svg,
}

/// Runs `gaps` on `engine`.
pub fn run(engine: &Engine, args: &GapsArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let query = GapQuery {
        category: args.category.clone(),
        language: args.language.clone(),
        reach_km: args.reach,
        free_only: args.free,
        age: args.age,
    };
    let started = Instant::now();
    let report = engine.gaps(&query).map_err(|e| match e {
        // Name the flags the user typed, not the query's fields.
        EngineError::Invalid(fields) => EngineError::Invalid(
            fields
                .into_iter()
                .map(|f| FieldError::new(flag(&f.field), f.message))
                .collect(),
        ),
        e => e,
    })?;
    tracing::info!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "gap report computed"
    );
    let text = match args.format {
        GapsFormat::Table => table(&report, lang),
        GapsFormat::Csv => to_csv(&report),
        GapsFormat::Svg => to_svg(&report, engine.gazetteer(), engine.taxonomy(), lang),
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
            eprint!("{}", summary(&report, lang));
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The command-line flag of a query field.
fn flag(field: &str) -> String {
    match field {
        "reach_km" => "--reach".to_string(),
        "free_only" => "--free".to_string(),
        f => format!("--{f}"),
    }
}

/// The words of the table and summary in `lang`.
fn words(lang: Lang) -> [&'static str; 8] {
    match lang {
        Lang::Uk => [
            "громада",
            "провінція",
            "у межах досяжності",
            "найближче, км",
            "найближче",
            "громад без жодного в межах",
            "мешканців",
            "онлайн / по всій країні (доступні всім)",
        ],
        Lang::Nl => [
            "gemeente",
            "provincie",
            "binnen bereik",
            "dichtstbij, km",
            "dichtstbij",
            "gemeenten zonder aanbod binnen",
            "inwoners",
            "online / landelijk (voor iedereen)",
        ],
        Lang::En => [
            "municipality",
            "province",
            "within reach",
            "nearest, km",
            "nearest",
            "municipalities with none within",
            "inhabitants",
            "online / national (reach everyone)",
        ],
    }
}

/// Two summary lines: the uncovered and the services that reach everyone.
fn summary(report: &GapReport, lang: Lang) -> String {
    let w = words(lang);
    let s = &report.summary;
    format!(
        "{}/{} {} {} km ({} {})\n{}: {}\n",
        s.without_coverage,
        s.municipalities,
        w[5],
        report.query.reach_km,
        s.population_without_coverage,
        w[6],
        w[7],
        report.online_or_national
    )
}

/// The report as a table: uncovered municipalities first (most populous
/// first), then the rest by how little is within reach.
fn table(report: &GapReport, lang: Lang) -> String {
    let w = words(lang);
    let mut rows: Vec<_> = report.rows.iter().collect();
    rows.sort_by(|a, b| {
        a.within_reach
            .cmp(&b.within_reach)
            .then(b.municipality.population.cmp(&a.municipality.population))
            .then(a.municipality.name.cmp(&b.municipality.name))
    });
    let mut out = summary(report, lang);
    let _ = writeln!(
        out,
        "\n{:<28} {:<14} {:>8} {:>10}  {}",
        w[0], w[1], w[2], w[3], w[4]
    );
    for r in rows {
        let m = &r.municipality;
        let (km, name) = match &r.nearest {
            Some(n) => (format!("{:.1}", n.distance_km), n.name.as_str()),
            None => ("—".to_string(), "—"),
        };
        let _ = writeln!(
            out,
            "{:<28} {:<14} {:>8} {:>10}  {}",
            m.name, m.province, r.within_reach, km, name
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LANGS;

    #[test]
    fn every_word_is_translated() {
        for lang in LANGS {
            assert!(words(lang).iter().all(|w| !w.trim().is_empty()));
        }
        assert_ne!(words(Lang::Uk), words(Lang::Nl));
    }
}

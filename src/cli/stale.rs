//! `wegwijs stale`: what a community lead should re-verify, oldest first,
//! as a table or CSV.
//!
//! Order: never-verified resources first (they are the least known), by
//! creation date, then the rest by their last verification; ties by id.

use std::fmt::Write as _;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Args, ValueEnum};

use super::messages::{text, Msg};
use super::{commands, Cli};
use crate::model::{Lang, Resource, STALE_AFTER_DAYS};

/// The output of `stale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StaleFormat {
    /// An aligned table in `--lang`.
    Table,
    /// CSV (RFC 4180, CRLF), English column names, safe to open in a spreadsheet.
    Csv,
}

/// Arguments of `stale`.
#[derive(Debug, Args)]
pub struct StaleArgs {
    /// A municipality or province (repeatable; none = everywhere).
    #[arg(long = "region")]
    pub regions: Vec<String>,
    /// Not verified for this many days (or never).
    #[arg(long, default_value_t = STALE_AFTER_DAYS, value_parser = clap::value_parser!(i64).range(1..=36500))]
    pub days: i64,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: StaleFormat,
}

/// One text cell: a leading `'` against formula injection (`=`, `+`, `-`,
/// `@`, tab, carriage return), then quoted when needed.
fn csv_cell(value: &str) -> String {
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

fn days_since(r: &Resource, now: DateTime<Utc>) -> Option<i64> {
    r.provenance.verified_at.map(|v| (now - v).num_days())
}

/// The list as CSV.
pub fn to_csv(list: &[Resource], now: DateTime<Utc>) -> String {
    let mut out =
        String::from("id,name,municipality,verified_at,days_since_verified,created_at\r\n");
    for r in list {
        let _ = write!(
            out,
            "{},{},{},{},{},{}\r\n",
            csv_cell(r.id.as_str()),
            csv_cell(&r.name),
            csv_cell(r.location.municipality().unwrap_or("")),
            r.provenance
                .verified_at
                .map(|v| v.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            days_since(r, now)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            r.provenance.created_at.format("%Y-%m-%d"),
        );
    }
    out
}

/// The list as a table in `lang`.
pub fn to_table(list: &[Resource], now: DateTime<Utc>, lang: Lang) -> String {
    let mut out = String::new();
    if list.is_empty() {
        let _ = writeln!(out, "{}", text(lang, Msg::NothingStale));
        return out;
    }
    let id_width = list
        .iter()
        .map(|r| r.id.as_str().chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
    let _ = writeln!(
        out,
        "{:>5}  {:<10}  {:<id_width$}  {:<20}  {}",
        text(lang, Msg::ColDays),
        text(lang, Msg::ColVerified),
        text(lang, Msg::ColId),
        text(lang, Msg::ColMunicipality),
        text(lang, Msg::ColName),
    );
    for r in list {
        let verified = r
            .provenance
            .verified_at
            .map(|v| v.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| text(lang, Msg::Never).to_string());
        let days = days_since(r, now)
            .map(|d| d.to_string())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{days:>5}  {verified:<10}  {:<id_width$}  {:<20}  {}",
            r.id.as_str(),
            r.location.municipality().unwrap_or("—"),
            r.name,
        );
    }
    out
}

/// Runs `stale`.
pub(super) fn stale(cli: &Cli, args: &StaleArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let engine = commands::open(cli)?;
    let list = engine.stale(&args.regions, args.days)?;
    let now = Utc::now();
    match args.format {
        StaleFormat::Csv => print!("{}", to_csv(&list, now)),
        StaleFormat::Table => print!("{}", to_table(&list, now, lang)),
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_formula_safe_and_quoted() {
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("plain"), "plain");
    }
}

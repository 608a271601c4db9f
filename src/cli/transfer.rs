//! `wegwijs import` and `wegwijs export`: choosing the format (by flag, or
//! by extension and content), streaming to or from the file, and reporting
//! every problem with its line, or its row, column and hint, in `--lang`.

use std::io::{BufWriter, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::ValueEnum;

use super::commands::{open, progress_bar};
use super::messages::{text, Msg};
use super::Cli;
use crate::engine::ImportOptions;
use crate::engine::{Engine, EngineError};
use crate::export::{write_csv, write_geojson, write_jsonl};
use crate::model::{Lang, Resource};

/// The format of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// By extension (`.jsonl`, `.json`, `.csv`, `datapackage.json`), then by content.
    Auto,
    /// JSON Lines, one resource a line (what `export` writes).
    Jsonl,
    /// A JSON array of resources.
    Json,
    /// A spreadsheet: seed-data/spreadsheet-template.md.
    Csv,
    /// Open Referral HSDS 3.0.
    Hsds,
}

/// The format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// JSON Lines, the native backup format.
    Jsonl,
    /// The spreadsheet template's columns, safe to open in a spreadsheet.
    Csv,
    /// A GeoJSON FeatureCollection of the resources with a point.
    Geojson,
    /// Open Referral HSDS 3.0 JSON.
    Hsds,
    /// An HSDS tabular data package.
    HsdsPackage,
    /// Open Referral HSDS 3.0 JSON: `service_at_location` objects, each
    /// with its location and service nested.
    HsdsServiceAtLocation,
}

/// The format of `path` by its name, then by its first bytes: a directory
/// with `datapackage.json` or a file of that name is HSDS; JSON starts
/// with `{` or `[`; anything else is read as a spreadsheet.
pub fn detect(path: &Path) -> anyhow::Result<ImportFormat> {
    if path.is_dir() {
        if path.join("datapackage.json").is_file() {
            return Ok(ImportFormat::Hsds);
        }
        bail!("{} is a directory without datapackage.json", path.display());
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name == "datapackage.json" || name.ends_with(".zip") {
        return Ok(ImportFormat::Hsds);
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "jsonl" | "ndjson" => return Ok(ImportFormat::Jsonl),
        "json" => return Ok(ImportFormat::Json),
        "csv" | "tsv" => return Ok(ImportFormat::Csv),
        _ => {}
    }
    let mut head = [0u8; 512];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .with_context(|| format!("reading {}", path.display()))?;
    let head = &head[..n];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    Ok(match head.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') | Some(b'[') => ImportFormat::Json,
        _ => ImportFormat::Csv,
    })
}

/// Runs `import`.
pub fn import(
    cli: &Cli,
    file: &Path,
    format: ImportFormat,
    options: ImportOptions,
    json: bool,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let format = match format {
        ImportFormat::Auto => detect(file)?,
        f => f,
    };
    match format {
        ImportFormat::Hsds => import_hsds(cli, file, options, json, lang),
        ImportFormat::Csv => import_sheet(cli, file, options, json, lang),
        _ if starts_with_bracket(file)? => {
            let bytes =
                std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
            let (parsed, rejected) = crate::engine::parse_records(&bytes);
            import_records(cli, file, parsed, rejected, options, json, lang)
        }
        _ => import_lines(cli, file, options, json, lang),
    }
}

/// Reads HSDS: a folder or `datapackage.json` (the tabular package), else
/// one of the JSON forms.
fn import_hsds(
    cli: &Cli,
    file: &Path,
    options: ImportOptions,
    json: bool,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let taxonomy = crate::taxonomy::Taxonomy::embedded();
    let mapping = crate::hsds::TermMapping::embedded();
    let is_package = file.is_dir()
        || file
            .file_name()
            .is_some_and(|n| n.eq_ignore_ascii_case("datapackage.json"));
    let (parsed, rejected) = if is_package {
        crate::hsds::read_package(file, taxonomy, mapping)?
    } else if file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
    {
        bail!(
            "{}: unzip the data package and import its folder or datapackage.json",
            file.display()
        )
    } else {
        let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        crate::hsds::parse_json(&bytes, taxonomy, mapping)
    };
    import_records(cli, file, parsed, rejected, options, json, lang)
}

/// Whether the file's first non-blank byte is `[`: a JSON array, read
/// whole; anything else is JSON Lines, read a line at a time.
fn starts_with_bracket(path: &Path) -> anyhow::Result<bool> {
    let mut head = [0u8; 4096];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .with_context(|| format!("reading {}", path.display()))?;
    let head = head[..n]
        .strip_prefix("\u{feff}".as_bytes())
        .unwrap_or(&head[..n]);
    Ok(head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'['))
}

/// Imports JSON Lines, streaming: the native backup format, any size.
fn import_lines(
    cli: &Cli,
    file: &Path,
    options: ImportOptions,
    json: bool,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let input = std::fs::File::open(file).with_context(|| format!("reading {}", file.display()))?;
    let size = input.metadata().map(|m| m.len()).unwrap_or(0);
    let engine = open(cli)?;
    let bar = progress_bar(size);
    let report = engine.import_lines(
        std::io::BufReader::with_capacity(1 << 20, input),
        options,
        &|_, bytes| bar.set_position(bytes),
    )?;
    bar.finish_and_clear();
    print_report(file, &report, options.dry_run, json, lang)
}

fn summary(
    lang: Lang,
    dry_run: bool,
    valid: usize,
    imported: usize,
    total: usize,
    rejected: usize,
) {
    if dry_run {
        println!(
            "{} — {valid} ok, {rejected} {}",
            text(lang, Msg::DryRun),
            text(lang, Msg::Rejected)
        );
    } else {
        println!(
            "{} {imported}/{total}, {rejected} {}",
            text(lang, Msg::Imported),
            text(lang, Msg::Rejected)
        );
    }
}

/// Validates, checks for duplicates, stores and reports records read by
/// the JSON or HSDS readers.
fn import_records(
    cli: &Cli,
    file: &Path,
    parsed: Vec<(usize, Resource)>,
    rejected: Vec<crate::engine::RecordError>,
    options: ImportOptions,
    json: bool,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let dry_run = options.dry_run;
    let engine = open(cli)?;
    let bar = progress_bar(0);
    let report = engine.import_parsed(parsed, rejected, options, &|done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    print_report(file, &report, dry_run, json, lang)
}

fn print_report(
    file: &Path,
    report: &crate::engine::ImportReport,
    dry_run: bool,
    json: bool,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
    } else {
        for e in &report.rejected {
            eprintln!("{}:{e}", file.display());
        }
        let rejected = report.rejected.len();
        summary(
            lang,
            dry_run,
            report.valid,
            report.imported,
            report.records,
            rejected,
        );
    }
    Ok(exit_code(report.rejected.is_empty()))
}

fn import_sheet(
    cli: &Cli,
    file: &Path,
    options: ImportOptions,
    json: bool,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let dry_run = options.dry_run;
    let input = std::fs::File::open(file).with_context(|| format!("reading {}", file.display()))?;
    let engine = open(cli)?;
    let bar = progress_bar(0);
    let report = engine.import_sheet(input, options, &|done| bar.set_position(done as u64))?;
    bar.finish_and_clear();
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for p in &report.problems {
            let column = if p.column.is_empty() {
                String::new()
            } else {
                format!(", {} {}", text(lang, Msg::Column), p.column)
            };
            eprintln!(
                "{}: {} {}{column}: {} — {}: {}",
                file.display(),
                text(lang, Msg::Row),
                p.row,
                p.message,
                text(lang, Msg::Hint),
                p.hint_in(lang)
            );
        }
        summary(
            lang,
            dry_run,
            report.valid,
            report.imported,
            report.rows,
            report.rejected_rows,
        );
    }
    // Header problems (unknown columns) also mean that something in the
    // file was not imported.
    Ok(exit_code(report.problems.is_empty()))
}

fn exit_code(clean: bool) -> ExitCode {
    if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Runs `export`: streams every resource to `path` (written beside it and
/// renamed, so no half-written file is left) or to standard output.
pub fn export(
    cli: &Cli,
    path: Option<&Path>,
    format: ExportFormat,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    if format == ExportFormat::HsdsPackage {
        let Some(dir) = path else {
            bail!("--format hsds-package writes a folder: give it with -o DIR");
        };
        let engine = open(cli)?;
        // The index's count: the store's own is a walk of the whole store.
        let bar = progress_bar(engine.indexed_len() as u64);
        let mut failure = None;
        let mut count = 0u64;
        let resources = engine.resources().map_while(|r| match r {
            Ok(r) => {
                count += 1;
                bar.set_position(count);
                Some(r)
            }
            Err(e) => {
                failure = Some(e);
                None
            }
        });
        crate::hsds::write_package(resources, engine.taxonomy(), dir)?;
        if let Some(e) = failure {
            return Err(e).context("reading the store");
        }
        bar.finish_and_clear();
        eprintln!("{} {count}", text(lang, Msg::Exported));
        return Ok(ExitCode::SUCCESS);
    }
    let engine = open(cli)?;
    // The index's count: the store's own is a walk of the whole store.
    let bar = progress_bar(engine.indexed_len() as u64);
    let mut tell = |n: u64| bar.set_position(n);
    let written = match path {
        Some(path) => {
            let tmp = path.with_extension("partial");
            let file = std::fs::File::create(&tmp)
                .with_context(|| format!("creating {}", tmp.display()))?;
            let mut w = BufWriter::with_capacity(256 * 1024, file);
            let written = write(&engine, format, &mut w, &mut tell, lang)?;
            w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
            written
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = BufWriter::with_capacity(256 * 1024, stdout.lock());
            let written = write(&engine, format, &mut w, &mut tell, lang)?;
            w.flush()?;
            written
        }
    };
    bar.finish_and_clear();
    eprintln!("{} {written}", text(lang, Msg::Exported));
    Ok(ExitCode::SUCCESS)
}

fn write(
    engine: &Engine,
    format: ExportFormat,
    out: &mut impl Write,
    progress: &mut dyn FnMut(u64),
    lang: Lang,
) -> anyhow::Result<u64> {
    let mut failure: Option<EngineError> = None;
    let resources = engine.resources().map_while(|r| match r {
        Ok(r) => Some(r),
        Err(e) => {
            failure = Some(e);
            None
        }
    });
    let written = write_format(resources, format, out, progress, lang)?;
    if let Some(e) = failure {
        return Err(e).context("reading the store");
    }
    Ok(written)
}

fn write_format(
    resources: impl Iterator<Item = Resource>,
    format: ExportFormat,
    out: &mut impl Write,
    progress: &mut dyn FnMut(u64),
    lang: Lang,
) -> anyhow::Result<u64> {
    Ok(match format {
        ExportFormat::Jsonl => write_jsonl(resources, out, progress)?,
        ExportFormat::Csv => write_csv(resources, out, progress)?,
        ExportFormat::Geojson => {
            let summary = write_geojson(resources, out, progress)?;
            if summary.skipped_online > 0 {
                eprintln!(
                    "{} {}",
                    summary.skipped_online,
                    text(lang, Msg::SkippedOnline)
                );
            }
            summary.features
        }
        ExportFormat::Hsds | ExportFormat::HsdsServiceAtLocation => {
            let mut count = 0u64;
            let counted = resources.inspect(|_| {
                count += 1;
                progress(count);
            });
            let taxonomy = crate::taxonomy::Taxonomy::embedded();
            if format == ExportFormat::Hsds {
                crate::hsds::write_json(counted, taxonomy, out)?;
            } else {
                crate::hsds::write_service_at_locations(counted, taxonomy, out)?;
            }
            count
        }
        ExportFormat::HsdsPackage => {
            bail!("--format hsds-package writes a folder: give it with -o DIR")
        }
    })
}

//! Running each subcommand against the engine.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};

use super::messages::{text, Msg};
use super::output;
use super::{Cli, Command, MatchFormat, SearchArgs, ServeArgs, TokenCommand};
use crate::engine::{Engine, EngineError, OpenReport};
use crate::geo::Coordinate;
use crate::http::{HttpConfig, RateLimit, RateLimits};
use crate::model::{Lang, PublicationStatus};
use crate::search::SearchQuery;
use crate::seed::{synthetic_iter, SyntheticOptions};

pub(super) fn progress_bar(total: u64) -> ProgressBar {
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

pub(super) fn open(cli: &Cli) -> anyhow::Result<Engine> {
    open_with(cli, Engine::open)
}

type Opener = fn(&std::path::Path) -> Result<(Engine, OpenReport), EngineError>;

fn open_with(cli: &Cli, opener: Opener) -> anyhow::Result<Engine> {
    let started = Instant::now();
    let (engine, report) = opener(&cli.data_dir)
        .with_context(|| format!("opening data directory {}", cli.data_dir.display()))?;
    if let Some(n) = report.seeded {
        eprintln!(
            "seeded {} with {n} resources from seed-data/",
            cli.data_dir.display()
        );
    }
    if report.rebuilt {
        eprintln!(
            "search index rebuilt from the store in {:.1?}",
            started.elapsed()
        );
    }
    Ok(engine)
}

/// Runs the parsed command.
pub fn execute(cli: &Cli) -> anyhow::Result<ExitCode> {
    let lang: Lang = cli.lang.into();
    match &cli.command {
        Command::Match { file, format } => match_household(cli, file, *format, lang),
        Command::Duplicates { json } => super::duplicates::duplicates(cli, *json, lang),
        Command::Merge { keep, other } => super::duplicates::merge(cli, keep, other, lang),
        Command::Stale(args) => super::stale::stale(cli, args, lang),
        Command::Import {
            file,
            format,
            dry_run,
            json,
            allow_duplicates,
        } => super::transfer::import(
            cli,
            file,
            *format,
            crate::engine::ImportOptions {
                dry_run: *dry_run,
                allow_duplicates: *allow_duplicates,
            },
            *json,
            lang,
        ),
        Command::Export {
            output: path,
            format,
        } => super::transfer::export(cli, path.as_deref(), *format, lang),
        Command::Search(args) => search(cli, args, lang),
        Command::Ask(args) => super::ask::run(cli, args, lang),
        Command::Gaps(args) => super::gaps::run(&open(cli)?, args, lang),
        Command::Places {
            text: name,
            limit,
            json,
        } => {
            let engine = open(cli)?;
            let places = engine.places(name, *limit);
            if *json {
                println!("{}", serde_json::to_string_pretty(&places)?);
            } else if places.is_empty() {
                println!("{}", text(lang, Msg::NoPlace));
            } else {
                for p in places {
                    println!("{}", output::place_line(p));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Seed { synthetic, seed } => {
            if *synthetic == 0 || *synthetic > 5_000_000 {
                bail!("--synthetic must be from 1 to 5000000");
            }
            let engine = open(cli)?;
            let started = Instant::now();
            let count = *synthetic;
            let records = synthetic_iter(
                SyntheticOptions { count, seed: *seed },
                engine.taxonomy(),
                engine.gazetteer(),
            );
            let bar = progress_bar(count as u64);
            let mut bulk = engine.bulk_load("cli seed", "seed");
            for record in records {
                if bulk.push(record)? {
                    bar.set_position(bulk.stored() as u64);
                }
            }
            bulk.finish()?;
            bar.finish_and_clear();
            println!(
                "{} {} ({}) in {:.1?}",
                text(lang, Msg::Generated),
                count,
                text(lang, Msg::Synthetic),
                started.elapsed()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Reindex => {
            let engine = open(cli)?;
            let started = Instant::now();
            let spinner = ProgressBar::new_spinner();
            spinner.enable_steady_tick(std::time::Duration::from_millis(120));
            engine.rebuild_index()?;
            spinner.finish_and_clear();
            println!("{} ({:.1?})", text(lang, Msg::Rebuilt), started.elapsed());
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats { json } => {
            let engine = open(cli)?;
            let stats = engine.stats()?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&stats)?);
            } else {
                print!("{}", output::stats_text(&stats));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve(args) => {
            let mut engine = open_with(cli, Engine::open_to_serve)?;
            if let Some(dir) = &args.backup_dir {
                engine.set_backup_root(dir.clone());
            }
            crate::http::serve(engine, args.bind, http_config(args))
                .with_context(|| format!("serving on {}", args.bind))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Token(command) => token(cli, command),
        Command::Backup(args) => super::backup::backup(cli, args, lang),
        Command::Restore(args) => super::backup::restore(cli, args, lang),
    }
}

fn http_config(args: &ServeArgs) -> HttpConfig {
    let per_minute = |n: u32| RateLimit {
        // Allow a short burst of a tenth of a minute's calls, at least a few.
        burst: (n / 10).max(5),
        per_minute: f64::from(n),
    };
    HttpConfig {
        rate_limits: RateLimits {
            anonymous: per_minute(args.rate_anonymous),
            per_token: per_minute(args.rate_token),
            suggestions: RateLimit {
                burst: (args.rate_suggestions / 10).max(3),
                per_minute: f64::from(args.rate_suggestions) / 60.0,
            },
        },
        trust_proxy: args.behind_proxy,
    }
}

fn token(cli: &Cli, command: &TokenCommand) -> anyhow::Result<ExitCode> {
    let engine = open(cli)?;
    match command {
        TokenCommand::Create {
            role,
            name,
            regions,
        } => {
            let (info, secret) = engine.create_token((*role).into(), name, regions.clone())?;
            eprintln!(
                "token {} for '{}' created; the secret below is shown this once only",
                info.id, info.name
            );
            println!("{secret}");
        }
        TokenCommand::List { json } => {
            let tokens = engine.tokens()?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&tokens)?);
            } else {
                for t in tokens {
                    let role = serde_json::to_value(t.role)?;
                    let regions = if t.regions.is_empty() {
                        "everywhere".to_string()
                    } else {
                        t.regions.join(", ")
                    };
                    println!(
                        "{}\t{}\t{}\t{}\t{}{}",
                        t.id,
                        role.as_str().unwrap_or("?"),
                        t.name,
                        regions,
                        t.created_at.format("%Y-%m-%d"),
                        if t.revoked { "\trevoked" } else { "" }
                    );
                }
            }
        }
        TokenCommand::Revoke { id } => {
            engine.revoke_token(id)?;
            println!("token {id} revoked");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn search(cli: &Cli, args: &SearchArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let mut query = SearchQuery {
        text: (!args.text.is_empty()).then(|| args.text.join(" ")),
        radius_km: args.radius,
        categories: args.categories.clone(),
        languages: args.languages.clone(),
        exclude_languages: args.exclude_languages.clone(),
        free_only: args.free,
        age: args.age,
        include_online: !args.no_online,
        page: args.page,
        per_page: args.per_page,
        ..SearchQuery::default()
    };
    query.status = match args.status.as_str() {
        "any" => None,
        s => Some(
            serde_json::from_value::<PublicationStatus>(serde_json::Value::String(s.to_string()))
                .map_err(|_| {
                anyhow::anyhow!("--status must be draft, pending, published, archived or any")
            })?,
        ),
    };
    if let Some(near) = &args.near {
        match Coordinate::parse(near) {
            Ok(p) => query.point = Some(p),
            Err(_) if near.contains(',') && near.chars().any(|c| c.is_ascii_digit()) => {
                bail!("--near: {}", Coordinate::parse(near).unwrap_err())
            }
            Err(_) => query.place = Some(near.clone()),
        }
    }
    let engine = open(cli)?;
    let results = engine.search(&query)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&results)?);
    } else {
        print!(
            "{}",
            output::results_text(&results, &query, engine.taxonomy(), lang)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads a household profile; a JSON error names its line, column and field.
fn read_household(file: &std::path::Path) -> anyhow::Result<crate::matching::Household> {
    let text = if file.as_os_str() == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .context("reading standard input")?;
        s
    } else {
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?
    };
    let mut de = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        anyhow::anyhow!(
            "{}: line {}, column {}{}: {}",
            file.display(),
            inner.line(),
            inner.column(),
            if path.is_empty() || path == "." {
                String::new()
            } else {
                format!(", field {path}")
            },
            inner
        )
    })
}

fn match_household(
    cli: &Cli,
    file: &std::path::Path,
    format: MatchFormat,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let household = read_household(file)?;
    let engine = open(cli)?;
    let plan = engine.match_household(&household)?;
    let messages = crate::matching::render::messages(
        &plan,
        lang,
        engine.taxonomy(),
        chrono::Utc::now().timestamp(),
    );
    let mut out = std::io::stdout().lock();
    match format {
        MatchFormat::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "plan": plan,
                "messages": messages,
                "lang": lang.code(),
            }))?
        )?,
        MatchFormat::Text => {
            let separator = crate::matching::MESSAGE_SEPARATOR;
            writeln!(out, "{}", messages.join(separator))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! `wegwijs backup DIR` and `wegwijs restore DIR`, with their messages in
//! Ukrainian, Dutch and English.
//!
//! `backup` opens the data directory itself, so it works while no server
//! holds it. sled lets one process open a store; while `wegwijs serve` runs
//! on the directory, `backup` says so and shows how to ask the server, whose
//! `POST /api/v1/admin/backup` writes the same kind of backup on its machine.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Args;

use super::Cli;
use crate::engine::{BackupManifest, Engine, STORE_DIR};
use crate::model::Lang;

/// Arguments of `backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The directory to write the backup into (new or empty).
    pub dir: PathBuf,
    /// Print the manifest as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup directory (as `wegwijs backup` wrote it).
    pub dir: PathBuf,
    /// Print the manifest as JSON.
    #[arg(long)]
    pub json: bool,
}

/// A message of these two commands.
#[derive(Debug, Clone, Copy)]
enum Msg {
    /// The data directory holds no store.
    NoStore,
    /// A running server holds the store.
    Locked,
    /// "backup written to"
    Written,
    /// "restored into"
    Restored,
    /// The counts: generation, resources, audit records, suggestions, tokens.
    Counts,
    /// "search index rebuilt"
    Indexed,
}

fn text(lang: Lang, msg: Msg) -> &'static str {
    use Lang::{En, Nl, Uk};
    use Msg::*;
    match (msg, lang) {
        (NoStore, Uk) => "у {dir} немає сховища: нічого зберігати (перевірте --data-dir)",
        (NoStore, Nl) => "{dir} bevat geen opslag: er is niets om te back-uppen (controleer --data-dir)",
        (NoStore, En) => "{dir} holds no store: there is nothing to back up (check --data-dir)",
        (Locked, Uk) => "каталог даних {dir} зайнятий запущеним `wegwijs serve`. Попросіть резервну копію в сервера: \
            curl -X POST -H \"Authorization: Bearer $ADMIN_TOKEN\" http://HOST:PORT/api/v1/admin/backup \
            — він запише її на своїй машині в каталог --backup-dir (типово {dir}/backups)",
        (Locked, Nl) => "de datamap {dir} is in gebruik door een draaiende `wegwijs serve`. Vraag de server om een back-up: \
            curl -X POST -H \"Authorization: Bearer $ADMIN_TOKEN\" http://HOST:PORT/api/v1/admin/backup \
            — die schrijft hem op zijn eigen machine in --backup-dir (standaard {dir}/backups)",
        (Locked, En) => "the data directory {dir} is in use by a running `wegwijs serve`. Ask the server for a backup instead: \
            curl -X POST -H \"Authorization: Bearer $ADMIN_TOKEN\" http://HOST:PORT/api/v1/admin/backup \
            — it writes one on its own machine below its --backup-dir (by default {dir}/backups)",
        (Written, Uk) => "резервну копію записано в",
        (Written, Nl) => "back-up geschreven naar",
        (Written, En) => "backup written to",
        (Restored, Uk) => "відновлено в",
        (Restored, Nl) => "teruggezet in",
        (Restored, En) => "restored into",
        (Counts, Uk) => "покоління {g}: ресурсів {r}, записів аудиту {a}, пропозицій {s}, токенів {t}",
        (Counts, Nl) => "generatie {g}: {r} bronnen, {a} auditregels, {s} suggesties, {t} tokens",
        (Counts, En) => "generation {g}: {r} resources, {a} audit records, {s} suggestions, {t} tokens",
        (Indexed, Uk) => "пошуковий індекс перебудовано",
        (Indexed, Nl) => "zoekindex opnieuw opgebouwd",
        (Indexed, En) => "search index rebuilt",
    }
}

fn counts(lang: Lang, m: &BackupManifest) -> String {
    text(lang, Msg::Counts)
        .replace("{g}", &m.generation.to_string())
        .replace("{r}", &m.entries("resources").to_string())
        .replace("{a}", &m.entries("audit").to_string())
        .replace("{s}", &m.entries("suggestions").to_string())
        .replace("{t}", &m.entries("tokens").to_string())
}

fn with_dir(lang: Lang, msg: Msg, dir: &Path) -> String {
    text(lang, msg).replace("{dir}", &dir.display().to_string())
}

/// `wegwijs backup DIR`.
pub fn backup(cli: &Cli, args: &BackupArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    // Opening would create and seed a new directory: never for a backup.
    if !cli.data_dir.join(STORE_DIR).is_dir() {
        bail!(with_dir(lang, Msg::NoStore, &cli.data_dir));
    }
    let engine = match Engine::open(&cli.data_dir) {
        Ok((engine, _)) => engine,
        Err(e) if e.is_store_locked() => {
            bail!(with_dir(lang, Msg::Locked, &cli.data_dir))
        }
        Err(e) => {
            return Err(e)
                .with_context(|| format!("opening data directory {}", cli.data_dir.display()))
        }
    };
    let manifest = engine
        .backup(&args.dir)
        .with_context(|| format!("backup into {}", args.dir.display()))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&manifest)?);
    } else {
        println!(
            "{} {}\n{}",
            text(lang, Msg::Written),
            args.dir.display(),
            counts(lang, &manifest)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `wegwijs restore DIR`: into `--data-dir`, then opens it so the search
/// index is built before the first server start.
pub fn restore(cli: &Cli, args: &RestoreArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let manifest = Engine::restore(&args.dir, &cli.data_dir).with_context(|| {
        format!(
            "restoring {} into {}",
            args.dir.display(),
            cli.data_dir.display()
        )
    })?;
    let (_engine, report) = Engine::open(&cli.data_dir)
        .with_context(|| format!("opening data directory {}", cli.data_dir.display()))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&manifest)?);
    } else {
        println!(
            "{} {}\n{}",
            text(lang, Msg::Restored),
            cli.data_dir.display(),
            counts(lang, &manifest)
        );
        if report.rebuilt {
            println!("{}", text(lang, Msg::Indexed));
        }
    }
    Ok(ExitCode::SUCCESS)
}

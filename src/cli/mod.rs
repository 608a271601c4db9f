//! The command-line interface: thin glue from arguments to engine calls.

mod ask;
mod backup;
mod commands;
mod duplicates;
mod gaps;
mod messages;
mod output;
mod stale;
mod transfer;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use gaps::{GapsArgs, GapsFormat};
pub use stale::{StaleArgs, StaleFormat};
pub use transfer::{ExportFormat, ImportFormat};

use crate::model::{Lang, Role};

/// wegwijs — a directory and matching engine for local help for newcomers from Ukraine.
#[derive(Debug, Parser)]
#[command(name = "wegwijs", version, about)]
pub struct Cli {
    /// Data directory (store and search index); seeded on first use.
    #[arg(
        long,
        global = true,
        env = "WEGWIJS_DATA_DIR",
        default_value = "./index"
    )]
    pub data_dir: PathBuf,
    /// Language of human-readable output: uk, nl or en.
    #[arg(
        long,
        global = true,
        env = "WEGWIJS_LANG",
        value_enum,
        default_value = "en"
    )]
    pub lang: OutputLang,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputLang {
    /// Ukrainian.
    Uk,
    /// Dutch.
    Nl,
    /// English.
    En,
}

impl From<OutputLang> for Lang {
    fn from(l: OutputLang) -> Lang {
        match l {
            OutputLang::Uk => Lang::Uk,
            OutputLang::Nl => Lang::Nl,
            OutputLang::En => Lang::En,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import resources from JSON Lines, a JSON array, a spreadsheet (CSV) or HSDS.
    Import {
        /// The file to read.
        file: PathBuf,
        /// The file's format; `auto` goes by the extension, then the content.
        #[arg(long, value_enum, default_value = "auto")]
        format: ImportFormat,
        /// Check every record and report problems, but store nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Store new records even when they look like stored ones (same
        /// name within 200 m, same phone or same website).
        #[arg(long)]
        allow_duplicates: bool,
    },
    /// Export every resource (JSON Lines, CSV, GeoJSON or HSDS), streaming.
    Export {
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The format to write.
        #[arg(long, value_enum, default_value = "jsonl")]
        format: ExportFormat,
    },
    /// Search resources.
    Search(SearchArgs),
    /// Ask in free text (any of uk, ru, nl, en): shows how the question was
    /// understood, then the results.
    Ask(ask::AskArgs),
    /// Match a household profile (a JSON file, or - for standard input) to
    /// an explained plan; the profile is read into memory only.
    Match {
        /// The profile (see seed-data/examples/README.md).
        file: PathBuf,
        /// `text`: numbered chat messages in `--lang`; `json`: the plan.
        #[arg(long, value_enum, default_value = "text")]
        format: MatchFormat,
    },
    /// Report, per municipality, the matching services within reach (CSV, SVG map or table).
    Gaps(GapsArgs),
    /// Look up places in the gazetteer (any script).
    Places {
        /// A place name or its beginning.
        text: String,
        /// How many places to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Generate synthetic demo resources and import them.
    Seed {
        /// How many synthetic resources to generate.
        #[arg(long)]
        synthetic: usize,
        /// Random seed; the same seed gives the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Rebuild the search index from the store.
    Reindex,
    /// Show counts and sizes.
    Stats {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Serve the web pages and the JSON API until SIGTERM or Ctrl-C.
    Serve(ServeArgs),
    /// List clusters of likely duplicates (same name within 200 m, same
    /// phone or same website), with the reasons.
    Duplicates {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Merge OTHER into KEEP: fill KEEP's empty fields from OTHER, archive
    /// OTHER; audited.
    Merge {
        /// The id of the resource to keep.
        keep: String,
        /// The id of the resource to merge into it and archive.
        other: String,
    },
    /// List resources to re-verify (not verified for 180 days, or never),
    /// oldest first.
    Stale(StaleArgs),
    /// Manage the tokens of editors, moderators and admins.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Write a consistent snapshot of the store into DIR (new or empty).
    /// While `serve` runs on the data directory, ask the server instead:
    /// `POST /api/v1/admin/backup` with an admin token.
    Backup(backup::BackupArgs),
    /// Restore a backup into the data directory, which must be new or
    /// empty; the search index is rebuilt from the restored store.
    Restore(backup::RestoreArgs),
}

/// The output of `match`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatchFormat {
    /// Chat messages of at most 4,096 characters, ready to paste.
    Text,
    /// The plan and its messages as JSON.
    Json,
}

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "WEGWIJS_BIND", default_value = "127.0.0.1:8080")]
    pub bind: std::net::SocketAddr,
    /// API calls a minute allowed per client address without a token.
    #[arg(long, env = "WEGWIJS_RATE_ANONYMOUS", default_value_t = 600)]
    pub rate_anonymous: u32,
    /// API calls a minute allowed per token.
    #[arg(long, env = "WEGWIJS_RATE_TOKEN", default_value_t = 3000)]
    pub rate_token: u32,
    /// Suggestions an hour allowed per client address.
    #[arg(long, env = "WEGWIJS_RATE_SUGGESTIONS", default_value_t = 120)]
    pub rate_suggestions: u32,
    /// Runs behind a reverse proxy: take client addresses from its
    /// `Forwarded` / `X-Forwarded-For` headers.
    #[arg(long, env = "WEGWIJS_BEHIND_PROXY")]
    pub behind_proxy: bool,
    /// Where `POST /api/v1/admin/backup` writes backups (default: `backups`
    /// in the data directory).
    #[arg(long, env = "WEGWIJS_BACKUP_DIR")]
    pub backup_dir: Option<PathBuf>,
}

/// The `token` subcommands.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print its secret (shown this once only).
    Create {
        /// What the token may do.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Who holds it ("community lead Utrecht").
        #[arg(long)]
        name: String,
        /// A municipality or province it may write in (repeatable; none = everywhere).
        #[arg(long = "region")]
        regions: Vec<String>,
    },
    /// List the tokens (never their secrets).
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Revoke a token by its id.
    Revoke {
        /// The token's id, as `token list` shows it.
        id: String,
    },
}

/// A token's role on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Creates, edits, archives and verifies resources.
    Editor,
    /// An editor who also decides on suggestions.
    Moderator,
    /// A moderator who also reads the audit log.
    Admin,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Editor => Role::Editor,
            RoleArg::Moderator => Role::Moderator,
            RoleArg::Admin => Role::Admin,
        }
    }
}

/// Arguments of `search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to search for, in any language or script.
    pub text: Vec<String>,
    /// A place name (any script) or LAT,LON.
    #[arg(long)]
    pub near: Option<String>,
    /// Only resources within this many km.
    #[arg(long)]
    pub radius: Option<f64>,
    /// A category code or an indicator id (repeatable).
    #[arg(long = "category")]
    pub categories: Vec<String>,
    /// A language the service must be offered in (repeatable, any of).
    #[arg(long = "language")]
    pub languages: Vec<String>,
    /// Leave out services offered only in this language (repeatable).
    #[arg(long = "exclude-language")]
    pub exclude_languages: Vec<String>,
    /// Only free services.
    #[arg(long)]
    pub free: bool,
    /// Only services that accept this age.
    #[arg(long)]
    pub age: Option<u8>,
    /// Leave out online and national services.
    #[arg(long)]
    pub no_online: bool,
    /// Publication status to search (draft, pending, published, archived, any).
    #[arg(long, default_value = "published")]
    pub status: String,
    /// Page number.
    #[arg(long, default_value_t = 1)]
    pub page: usize,
    /// Hits per page (at most 100).
    #[arg(long, default_value_t = 10)]
    pub per_page: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Parses the arguments and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    // By default only warnings, and the server's access log: one line per
    // HTTP request.
    let default_filter = || tracing_subscriber::EnvFilter::new("warn,wegwijs::http=info");
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        // No colour codes in log files and journals.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("WEGWIJS_LOG")
                .unwrap_or_else(|_| default_filter()),
        )
        .init();
    match commands::execute(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

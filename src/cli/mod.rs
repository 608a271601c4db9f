//! The command-line interface: thin glue from arguments to engine calls.

mod commands;
mod messages;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::Lang;

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
    /// Import resources from a JSON array or JSON Lines file (as `export` writes).
    Import {
        /// The file to read.
        file: PathBuf,
        /// Check every record and report problems, but store nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export every resource as JSON Lines.
    Export {
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Search resources.
    Search(SearchArgs),
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
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("WEGWIJS_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
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

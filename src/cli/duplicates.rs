//! `wegwijs duplicates` (clusters of likely twins) and `wegwijs merge`.

use std::fmt::Write as _;
use std::process::ExitCode;

use super::messages::{text, Msg};
use super::{commands, Cli};
use crate::duplicates::{Cluster, Reason};
use crate::engine::Engine;
use crate::model::{Lang, Principal, Role};

/// The principal the CLI writes as: whoever runs it owns the data directory,
/// so it acts as an admin everywhere, as `import` does.
fn local_admin() -> Principal {
    Principal {
        name: "cli".to_string(),
        role: Role::Admin,
        regions: Vec::new(),
    }
}

/// A reason in words.
pub(super) fn reason_text(lang: Lang, reason: Reason) -> String {
    match reason {
        Reason::SameNameNearby { distance_m } => format!(
            "{} {distance_m} {}",
            text(lang, Msg::SameName),
            text(lang, Msg::MetresApart)
        ),
        Reason::SamePhone => text(lang, Msg::SamePhone).to_string(),
        Reason::SameWebsite => text(lang, Msg::SameWebsite).to_string(),
    }
}

/// Clusters as text: members with their names, then the links and why.
fn clusters_text(engine: &Engine, clusters: &[Cluster], lang: Lang) -> String {
    let mut out = String::new();
    if clusters.is_empty() {
        let _ = writeln!(out, "{}", text(lang, Msg::NoDuplicates));
    }
    for (n, c) in clusters.iter().enumerate() {
        let _ = writeln!(out, "{} {}:", text(lang, Msg::Cluster), n + 1);
        for id in &c.ids {
            let name = engine.get(id.as_str()).map(|r| r.name).unwrap_or_default();
            let _ = writeln!(out, "  {id}  {name}");
        }
        for l in &c.links {
            let _ = writeln!(
                out,
                "    {} — {}: {}",
                l.a,
                l.b,
                reason_text(lang, l.reason)
            );
        }
    }
    out
}

/// Runs `duplicates`.
pub(super) fn duplicates(cli: &Cli, json: bool, lang: Lang) -> anyhow::Result<ExitCode> {
    let engine = commands::open(cli)?;
    let clusters = engine.duplicate_clusters()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&clusters)?);
    } else {
        print!("{}", clusters_text(&engine, &clusters, lang));
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `merge KEEP OTHER`.
pub(super) fn merge(cli: &Cli, keep: &str, other: &str, lang: Lang) -> anyhow::Result<ExitCode> {
    let engine = commands::open(cli)?;
    let kept = engine.merge(keep, other, &local_admin())?;
    println!(
        "{other} {} {} ({other} {})",
        text(lang, Msg::MergedInto),
        kept.id,
        text(lang, Msg::Archived)
    );
    Ok(ExitCode::SUCCESS)
}

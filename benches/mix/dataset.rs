//! The mix's data directory: a fresh temporary one with `N` synthetic
//! resources, or `WEGWIJS_BENCH_DIR` (reused when it holds a store, built
//! there otherwise), and the flat export the PostGIS peer loads.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::json;
use wegwijs::engine::{Engine, STORE_DIR};
use wegwijs::index::searchable_texts;
use wegwijs::model::Location;
use wegwijs::store::Store;
use wegwijs::taxonomy::Taxonomy;

use crate::common;

/// An opened data directory.
pub struct Dataset {
    /// Keeps a temporary directory alive for as long as the engine runs.
    _temp: Option<tempfile::TempDir>,
    /// The data directory.
    pub dir: PathBuf,
    /// The engine over it.
    pub engine: Engine,
    /// Seconds it took to build the directory, when this run built it.
    pub load_seconds: Option<f64>,
    /// Seconds the last `Engine::open` took.
    pub open_seconds: f64,
}

/// Opens or builds the data directory for `n` resources. When `peer_data`
/// is given, the store is also written there as flat JSON Lines (with the
/// store keys, which order ties) for `scripts/peer/postgis.sh`.
pub fn prepare(n: usize, peer_data: Option<&Path>) -> Dataset {
    let started = Instant::now();
    let (temp, dir, engine, built) = match std::env::var_os("WEGWIJS_BENCH_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            let reuse = dir.join(STORE_DIR).exists();
            let (engine, _) = Engine::open(&dir).expect("open WEGWIJS_BENCH_DIR");
            if reuse {
                eprintln!(
                    "wegwijs mix: reusing {} ({} resources)",
                    dir.display(),
                    engine.indexed_len()
                );
            } else {
                fill(&engine, n);
            }
            (None, dir, engine, !reuse)
        }
        None => {
            let (temp, engine) = common::load(n);
            let dir = temp.path().to_path_buf();
            (Some(temp), dir, engine, true)
        }
    };
    let load_seconds = built.then(|| started.elapsed().as_secs_f64());
    let (engine, open_seconds) = match peer_data {
        Some(path) => {
            // The store can have one owner only: close the engine, read the
            // store with its keys, and open the engine again.
            drop(engine);
            export_peer(&dir, path);
            reopen(&dir)
        }
        None if built => reopen_after(engine),
        None => (engine, started.elapsed().as_secs_f64()),
    };
    Dataset {
        _temp: temp,
        dir,
        engine,
        load_seconds,
        open_seconds,
    }
}

fn fill(engine: &Engine, n: usize) {
    let started = Instant::now();
    common::fill(engine, n);
    eprintln!(
        "wegwijs mix: loaded {n} synthetic resources in {:.2?}",
        started.elapsed()
    );
}

/// Closes and reopens, so the measured process state is that of an opened
/// directory rather than of a load.
fn reopen_after(engine: Engine) -> (Engine, f64) {
    let dir = engine.dir().to_path_buf();
    drop(engine);
    reopen(&dir)
}

fn reopen(dir: &Path) -> (Engine, f64) {
    let started = Instant::now();
    let (engine, _) = Engine::open(dir).expect("reopen data directory");
    (engine, started.elapsed().as_secs_f64())
}

/// Writes every stored resource as one flat JSON object per line: what the
/// peer's tables hold, computed by the same code the index uses (texts per
/// field, free, remote, age bounds with the index's open-bound defaults).
fn export_peer(dir: &Path, path: &Path) {
    let started = Instant::now();
    let (store, _) = Store::open(&dir.join(STORE_DIR)).expect("open store for export");
    let taxonomy = Taxonomy::embedded();
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create peer data folder");
    }
    let mut out = BufWriter::new(File::create(path).expect("create peer data file"));
    let mut count = 0usize;
    for stored in store.iter() {
        let stored = stored.expect("read stored resource");
        let r = &stored.resource;
        let (lat, lon, municipality) = match &r.location {
            Location::Place {
                lat,
                lon,
                municipality,
                ..
            } => (Some(*lat), Some(*lon), Some(municipality.as_str())),
            Location::Online => (None, None, None),
        };
        let [name, categories_text, organization, description, place] =
            searchable_texts(r, taxonomy).map(|texts| texts.join("\n"));
        let line = json!({
            "key": stored.key,
            "id": r.id.as_str(),
            "status": r.status,
            "lat": lat,
            "lon": lon,
            "municipality": municipality,
            "remote": r.is_remote(),
            "categories": r.categories,
            "languages": r.languages,
            "interpreter": r.interpreter_available,
            "free": r.is_free(),
            "min_age": r.eligibility.min_age.unwrap_or(0),
            "max_age": r.eligibility.max_age.unwrap_or(255),
            "legal_statuses": r.eligibility.legal_statuses,
            "bsn_required": r.eligibility.bsn_required,
            "availability": r.availability.as_ref().map(|a| a.status),
            "verified": r.provenance.verified_at.map_or(0, |t| t.timestamp()),
            "organization_name": r.organization.name,
            "text_name": name,
            "text_categories": categories_text,
            "text_organization": organization,
            "text_description": description,
            "text_place": place,
        });
        serde_json::to_writer(&mut out, &line).expect("write peer data");
        out.write_all(b"\n").expect("write peer data");
        count += 1;
    }
    out.flush().expect("flush peer data");
    eprintln!(
        "wegwijs mix: wrote {count} resources for the peer to {} in {:.2?}",
        path.display(),
        started.elapsed()
    );
}

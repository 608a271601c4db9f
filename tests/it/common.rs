//! Helpers shared by the integration tests.

use std::path::Path;

use assert_cmd::Command;
use wegwijs::engine::Engine;

/// The `wegwijs` binary on a data directory.
pub fn wegwijs(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("wegwijs").expect("binary builds");
    cmd.arg("--data-dir")
        .arg(dir)
        .env_remove("WEGWIJS_DATA_DIR")
        .env_remove("WEGWIJS_LANG");
    cmd
}

/// A fixture file under `tests/data/`.
pub fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// An engine on a fresh temporary directory (seeded with the real seed data).
pub fn engine() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (engine, _) = Engine::open(dir.path()).expect("engine opens");
    (dir, engine)
}

//! A restore refuses a non-empty target and a damaged or unfinished backup,
//! and leaves nothing behind; a backup goes only into an empty directory.

use std::path::Path;

use serde_json::{json, Value};
use wegwijs::engine::{BackupManifest, Engine, EngineError, MANIFEST};

use super::{admin, new_resource};

/// A small backup of a fresh data directory with one extra resource.
fn small_backup(root: &Path) -> std::path::PathBuf {
    let (engine, _) = Engine::open(&root.join("data")).expect("opens");
    engine
        .create(new_resource("Backup small", 1), &admin("a"))
        .expect("create");
    let backup = root.join("backup");
    engine.backup(&backup).expect("backup");
    backup
}

fn leftovers(dir: &Path) -> Vec<String> {
    match std::fs::read_dir(dir) {
        Ok(d) => d
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn refused_fields(result: Result<BackupManifest, EngineError>) -> Vec<(String, String)> {
    match result {
        Err(EngineError::Invalid(fields)) => {
            fields.into_iter().map(|f| (f.field, f.message)).collect()
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn restore_refuses_a_non_empty_directory_and_touches_nothing() {
    let root = tempfile::tempdir().expect("temp dir");
    let backup = small_backup(root.path());
    let target = root.path().join("target");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep.txt"), "mine").unwrap();
    let fields = refused_fields(Engine::restore(&backup, &target));
    assert_eq!(fields[0].0, "data_dir");
    assert!(fields[0].1.contains("not empty"), "{fields:?}");
    assert_eq!(leftovers(&target), ["keep.txt"]);
    // The data directory of a running engine is never empty either.
    let fields = refused_fields(Engine::restore(&backup, &root.path().join("data")));
    assert_eq!(fields[0].0, "data_dir");
}

#[test]
fn restore_refuses_a_tampered_or_unfinished_backup_leaving_nothing_behind() {
    let root = tempfile::tempdir().expect("temp dir");
    let backup = small_backup(root.path());
    let target = root.path().join("target");

    // The original restores (so the refusals below are the tampering's).
    Engine::restore(&backup, &target).expect("restores");
    assert!(!leftovers(&target).is_empty());
    std::fs::remove_dir_all(&target).unwrap();

    // One byte flipped in a resource's name.
    let file = backup.join("resources.jsonl");
    let original = std::fs::read(&file).unwrap();
    let at = original
        .windows(12)
        .position(|w| w == b"Backup small")
        .expect("the name is in the file");
    let mut flipped = original.clone();
    flipped[at] ^= 0x01;
    std::fs::write(&file, &flipped).unwrap();
    let fields = refused_fields(Engine::restore(&backup, &target));
    assert_eq!(fields[0].0, "resources.jsonl");
    assert!(fields[0].1.contains("checksum"), "{fields:?}");
    assert!(!target.exists(), "nothing left behind");
    // Into an existing empty directory: it stays empty.
    std::fs::create_dir(&target).unwrap();
    refused_fields(Engine::restore(&backup, &target));
    assert!(leftovers(&target).is_empty(), "{:?}", leftovers(&target));
    std::fs::remove_dir(&target).unwrap();

    // A damaged line whose checksum was made to match: refused while
    // loading, and the half-loaded store is removed.
    let text = String::from_utf8(original.clone()).unwrap();
    let bad = text.replacen("\"status\":\"published\"", "\"status\":\"bogus\"", 1);
    assert_ne!(bad, text);
    std::fs::write(&file, &bad).unwrap();
    let manifest_path = backup.join(MANIFEST);
    let mut manifest: Value =
        serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
    for f in manifest["files"].as_array_mut().unwrap() {
        if f["name"] == "resources.jsonl" {
            use sha2::Digest;
            let sha = sha2::Sha256::digest(bad.as_bytes());
            f["sha256"] = json!(sha.iter().map(|b| format!("{b:02x}")).collect::<String>());
            f["bytes"] = json!(bad.len());
        }
    }
    let honest_manifest = std::fs::read(&manifest_path).unwrap();
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();
    let fields = refused_fields(Engine::restore(&backup, &target));
    assert_eq!(fields[0].0, "resources.jsonl");
    assert!(fields[0].1.contains("line"), "{fields:?}");
    assert!(!target.exists(), "nothing left behind");
    std::fs::write(&file, &original).unwrap();
    std::fs::write(&manifest_path, &honest_manifest).unwrap();

    // A file missing, and the manifest missing (an unfinished backup).
    std::fs::rename(backup.join("audit.jsonl"), root.path().join("audit")).unwrap();
    let fields = refused_fields(Engine::restore(&backup, &target));
    assert_eq!(fields[0].0, "audit.jsonl");
    assert!(!target.exists());
    std::fs::rename(root.path().join("audit"), backup.join("audit.jsonl")).unwrap();
    std::fs::remove_file(&manifest_path).unwrap();
    let fields = refused_fields(Engine::restore(&backup, &target));
    assert_eq!(fields[0].0, "backup");
    assert!(fields[0].1.contains("manifest.json"), "{fields:?}");
    assert!(!target.exists());
}

#[test]
fn a_backup_goes_only_into_a_new_or_empty_directory() {
    let root = tempfile::tempdir().expect("temp dir");
    let (engine, _) = Engine::open(&root.path().join("data")).expect("opens");
    let full = root.path().join("full");
    std::fs::create_dir(&full).unwrap();
    std::fs::write(full.join("other.txt"), "x").unwrap();
    match engine.backup(&full) {
        Err(EngineError::Invalid(f)) => assert_eq!(f[0].field, "backup"),
        other => panic!("{other:?}"),
    }
    assert_eq!(leftovers(&full), ["other.txt"]);
}

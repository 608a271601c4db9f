//! Restoring a backup: into a new or empty data directory only, checked
//! against its manifest before and while loading, and never half done.
//!
//! Every checksum is checked first; then the trees are loaded into a
//! staging store inside the target (`.restoring/`), each line decoded into
//! its model type, and the counts and the generation are checked against
//! the manifest. Only then is the store moved into place with one rename.
//! On any failure the target is left as it was found. The search index is
//! not in a backup: it is rebuilt from the store when the restored
//! directory is opened.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::backup::{empty_dir, file_name, hex, invalid, io_error, sync_dir};
use super::{
    BackupFile, BackupManifest, Engine, EngineError, BACKUP_FORMAT, BACKUP_VERSION, MANIFEST,
    STORE_DIR,
};
use crate::store::{Store, Tree, FORMAT_VERSION};

/// Inside a data directory being restored: the staging area.
const STAGING: &str = ".restoring";

impl Engine {
    /// Restores the backup in `backup` into `data_dir`, which must be new or
    /// empty. Checks every file against the manifest first; on any failure
    /// leaves `data_dir` as it was. Open the directory afterwards: the
    /// search index is built from the restored store then.
    pub fn restore(backup: &Path, data_dir: &Path) -> Result<BackupManifest, EngineError> {
        // The target first: a cheap check, and the likelier mistake.
        if std::fs::read_dir(data_dir).is_ok_and(|mut d| d.next().is_some()) {
            empty_dir(data_dir, "data_dir")?;
        }
        let manifest = verify_backup(backup)?;
        let created = empty_dir(data_dir, "data_dir")?;
        let staging = data_dir.join(STAGING);
        let result = load(backup, &manifest, &staging).and_then(|()| {
            let target = data_dir.join(STORE_DIR);
            std::fs::rename(staging.join(STORE_DIR), &target).map_err(io_error(&target))?;
            sync_dir(data_dir)
        });
        match result {
            Ok(()) => {
                let _ = std::fs::remove_dir_all(&staging);
                tracing::info!(generation = manifest.generation, "backup restored");
                Ok(manifest)
            }
            Err(e) => {
                if created {
                    let _ = std::fs::remove_dir_all(data_dir);
                } else {
                    let _ = std::fs::remove_dir_all(&staging);
                    let _ = std::fs::remove_dir_all(data_dir.join(STORE_DIR));
                }
                Err(e)
            }
        }
    }
}

/// Reads the manifest of `backup` and checks that it is one this build
/// restores, and that every file is there with its size and checksum.
pub fn verify_backup(backup: &Path) -> Result<BackupManifest, EngineError> {
    let path = backup.join(MANIFEST);
    let text = match std::fs::read(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(invalid(
                "backup",
                format!(
                    "{} has no {MANIFEST}: not a backup, or an unfinished one",
                    backup.display()
                ),
            ))
        }
        Err(e) => return Err(io_error(&path)(e)),
    };
    let manifest: BackupManifest =
        serde_json::from_slice(&text).map_err(|e| invalid(MANIFEST, format!("is damaged: {e}")))?;
    if manifest.format != BACKUP_FORMAT || manifest.version != BACKUP_VERSION {
        return Err(invalid(
            MANIFEST,
            format!(
                "is format '{}' version {}; this build restores '{BACKUP_FORMAT}' version {BACKUP_VERSION}",
                manifest.format.chars().take(40).collect::<String>(),
                manifest.version
            ),
        ));
    }
    if manifest.store_format_version != FORMAT_VERSION {
        return Err(invalid(
            MANIFEST,
            format!(
                "holds store format {}; this build reads store format {FORMAT_VERSION}",
                manifest.store_format_version
            ),
        ));
    }
    for tree in Tree::ALL {
        let listed: Vec<&BackupFile> = manifest
            .files
            .iter()
            .filter(|f| f.tree == tree.name())
            .collect();
        // The name is checked so a manifest cannot point outside the backup.
        if listed.len() != 1 || listed[0].name != file_name(tree) {
            return Err(invalid(
                MANIFEST,
                format!(
                    "must list {} once, for tree '{}'",
                    file_name(tree),
                    tree.name()
                ),
            ));
        }
    }
    if manifest.files.len() != Tree::ALL.len() {
        return Err(invalid(MANIFEST, "lists files of unknown trees"));
    }
    for f in &manifest.files {
        let path = backup.join(&f.name);
        let file = File::open(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                invalid(f.name.clone(), "is missing from the backup")
            } else {
                io_error(&path)(e)
            }
        })?;
        let mut reader = BufReader::with_capacity(1 << 20, file);
        let mut hasher = Sha256::new();
        let mut bytes = 0u64;
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = reader.read(&mut buf).map_err(io_error(&path))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            bytes += n as u64;
        }
        if bytes != f.bytes || hex(&hasher.finalize()) != f.sha256 {
            return Err(invalid(
                f.name.clone(),
                "does not match its checksum in the manifest: the backup is damaged",
            ));
        }
    }
    Ok(manifest)
}

/// Loads every tree of a verified backup into a new store in `staging`,
/// then checks the counts and the generation against the manifest.
fn load(backup: &Path, manifest: &BackupManifest, staging: &Path) -> Result<(), EngineError> {
    std::fs::create_dir(staging).map_err(io_error(staging))?;
    let (store, _) = Store::open(&staging.join(STORE_DIR))?;
    for tree in Tree::ALL {
        let name = file_name(tree);
        let path = backup.join(&name);
        let file = File::open(&path).map_err(io_error(&path))?;
        let mut reader = BufReader::with_capacity(1 << 20, file);
        let loader = store.loader(tree)?;
        let mut line = Vec::new();
        let mut hasher = Sha256::new();
        let mut lines = 0u64;
        loop {
            line.clear();
            let n = reader
                .read_until(b'\n', &mut line)
                .map_err(io_error(&path))?;
            if n == 0 {
                break;
            }
            hasher.update(&line);
            lines += 1;
            let text = line
                .strip_suffix(b"\n")
                .ok_or_else(|| invalid(name.clone(), format!("line {lines} is cut off")))?;
            loader
                .load(text)
                .map_err(|e| invalid(name.clone(), format!("line {lines}: {e}")))?;
        }
        let entry = manifest.files.iter().find(|f| f.name == name);
        // Checked again: the file must not have changed since it was verified.
        if entry.is_none_or(|f| f.sha256 != hex(&hasher.finalize()) || f.entries != lines) {
            return Err(invalid(
                name,
                "changed while it was restored, or its count is wrong",
            ));
        }
        let stored = store.entries(tree)? as u64;
        if stored != lines {
            return Err(invalid(
                name,
                format!("holds {lines} lines but {stored} distinct entries"),
            ));
        }
    }
    let generation = store.generation()?;
    if generation != manifest.generation {
        return Err(invalid(
            MANIFEST,
            format!(
                "says generation {} but the store holds generation {generation}",
                manifest.generation
            ),
        ));
    }
    store.flush()?;
    drop(store);
    sync_dir(staging)?;
    Ok(())
}

//! Backups: a consistent snapshot of the store as a directory of JSON Lines
//! files with a manifest (restoring one is `restore.rs`).
//!
//! A backup directory holds one file per store tree (`meta.jsonl`,
//! `resources.jsonl`, `changes.jsonl`, `audit.jsonl`, `suggestions.jsonl`,
//! `tokens.jsonl`) and `manifest.json`: the format and its version, the
//! store's format version and generation, the creation time, and per file
//! its tree, entry count, size and SHA-256. The manifest is written last,
//! so a directory without one is an unfinished backup.
//!
//! The snapshot is one point in time across all trees because the trees are
//! dumped under the engine's write lock, which every write takes: writes
//! wait for the dump (reads go on), then proceed. The files are synced
//! after the lock is released.
//!
//! The search index is not in a backup: it is derived, and rebuilt from the
//! store when a restored directory is opened.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Engine, EngineError};
use crate::model::{FieldError, Principal, Role};
use crate::store::{Tree, FORMAT_VERSION};

/// The manifest's file name inside a backup directory.
pub const MANIFEST: &str = "manifest.json";
/// The `format` a manifest names.
pub const BACKUP_FORMAT: &str = "wegwijs-backup";
/// The version of the backup layout this build writes and reads.
pub const BACKUP_VERSION: u32 = 1;
/// Below the data directory: where `POST /api/v1/admin/backup` writes,
/// unless the server is given another directory.
pub const BACKUPS_DIR: &str = "backups";

/// What a backup holds, as `manifest.json` says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupManifest {
    /// Always [`BACKUP_FORMAT`].
    pub format: String,
    /// The layout's version, [`BACKUP_VERSION`].
    pub version: u32,
    /// The store's format version ([`crate::store::FORMAT_VERSION`]).
    pub store_format_version: u64,
    /// When the snapshot was taken.
    pub created_at: DateTime<Utc>,
    /// The store's generation (number of resource writes) at the snapshot.
    pub generation: u64,
    /// One entry per tree file.
    pub files: Vec<BackupFile>,
}

/// One file of a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupFile {
    /// The store tree it holds.
    pub tree: String,
    /// Its name inside the backup directory.
    pub name: String,
    /// Lines, one per entry.
    pub entries: u64,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the whole file, hex.
    pub sha256: String,
}

impl BackupManifest {
    /// The number of entries of the tree called `tree` (0 when absent).
    pub fn entries(&self, tree: &str) -> u64 {
        self.files
            .iter()
            .find(|f| f.tree == tree)
            .map_or(0, |f| f.entries)
    }
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn file_name(tree: Tree) -> String {
    format!("{}.jsonl", tree.name())
}

pub(super) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> EngineError + '_ {
    move |source| EngineError::Io {
        path: path.display().to_string(),
        source,
    }
}

pub(super) fn invalid(field: impl Into<String>, message: impl Into<String>) -> EngineError {
    EngineError::Invalid(vec![FieldError::new(field, message)])
}

/// Makes sure `dir` is an empty directory, creating it if needed; tells
/// whether it was created. `field` names the directory in the error.
pub(super) fn empty_dir(dir: &Path, field: &str) -> Result<bool, EngineError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(invalid(
                    field,
                    format!(
                        "{} is not empty: choose a new or empty directory",
                        dir.display()
                    ),
                ));
            }
            Ok(false)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            // Backups hold token hashes and the audit log: owner only.
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(dir).map_err(io_error(dir))?;
            Ok(true)
        }
        Err(e) => Err(io_error(dir)(e)),
    }
}

/// Syncs a directory, so a rename or a new file in it is durable.
pub(super) fn sync_dir(dir: &Path) -> Result<(), EngineError> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_error(dir))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

impl EngineError {
    /// Whether opening failed because another process (a running
    /// `wegwijs serve`) holds the store.
    pub fn is_store_locked(&self) -> bool {
        matches!(self, EngineError::Store(e) if e.is_locked())
    }
}

impl Engine {
    /// Writes a consistent snapshot of the store into `dir`, which must be
    /// empty or absent. Writes wait while the trees are dumped; reads go on.
    pub fn backup(&self, dir: &Path) -> Result<BackupManifest, EngineError> {
        let created = empty_dir(dir, "backup")?;
        let result = self.write_backup(dir);
        if result.is_err() {
            if created {
                let _ = std::fs::remove_dir_all(dir);
            } else {
                for tree in Tree::ALL {
                    let _ = std::fs::remove_file(dir.join(file_name(tree)));
                }
                let _ = std::fs::remove_file(dir.join(MANIFEST));
                let _ = std::fs::remove_file(dir.join(format!("{MANIFEST}.partial")));
            }
        }
        result
    }

    fn write_backup(&self, dir: &Path) -> Result<BackupManifest, EngineError> {
        let mut files = Vec::with_capacity(Tree::ALL.len());
        let mut written = Vec::with_capacity(Tree::ALL.len());
        let guard = self.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        let generation = self.store.generation()?;
        let created_at = Utc::now();
        for tree in Tree::ALL {
            let name = file_name(tree);
            let path = dir.join(&name);
            let file = File::options()
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(io_error(&path))?;
            let mut out = BufWriter::with_capacity(1 << 20, file);
            let mut hasher = Sha256::new();
            let (mut entries, mut bytes) = (0u64, 0u64);
            for line in self.store.dump(tree)? {
                let mut line = line?;
                line.push(b'\n');
                hasher.update(&line);
                out.write_all(&line).map_err(io_error(&path))?;
                entries += 1;
                bytes += line.len() as u64;
            }
            let file = out
                .into_inner()
                .map_err(|e| io_error(&path)(e.into_error()))?;
            written.push((path, file));
            files.push(BackupFile {
                tree: tree.name().to_string(),
                name,
                entries,
                bytes,
                sha256: hex(&hasher.finalize()),
            });
        }
        drop(guard);
        for (path, file) in &written {
            file.sync_all().map_err(io_error(path))?;
        }
        let manifest = BackupManifest {
            format: BACKUP_FORMAT.to_string(),
            version: BACKUP_VERSION,
            store_format_version: FORMAT_VERSION,
            created_at,
            generation,
            files,
        };
        let partial = dir.join(format!("{MANIFEST}.partial"));
        let json = serde_json::to_vec_pretty(&manifest).expect("manifest serializes");
        File::create(&partial)
            .and_then(|mut f| f.write_all(&json).and_then(|_| f.sync_all()))
            .map_err(io_error(&partial))?;
        let path = dir.join(MANIFEST);
        std::fs::rename(&partial, &path).map_err(io_error(&path))?;
        sync_dir(dir)?;
        tracing::info!(generation, dir = %dir.display(), "backup written");
        Ok(manifest)
    }

    /// Where [`Engine::backup_now`] writes: the directory the server was
    /// given, or `backups/` in the data directory.
    pub fn backup_root(&self) -> PathBuf {
        self.backup_root
            .clone()
            .unwrap_or_else(|| self.dir.join(BACKUPS_DIR))
    }

    /// Sets where [`Engine::backup_now`] writes.
    pub fn set_backup_root(&mut self, dir: PathBuf) {
        self.backup_root = Some(dir);
    }

    /// Writes a backup into a new directory below [`Engine::backup_root`],
    /// named after the time (admins only). Returns the directory and its
    /// manifest.
    pub fn backup_now(&self, actor: &Principal) -> Result<(PathBuf, BackupManifest), EngineError> {
        self.require_role(actor, Role::Admin)?;
        let root = self.backup_root();
        std::fs::create_dir_all(&root).map_err(io_error(&root))?;
        let stamp = Utc::now().format("wegwijs-%Y%m%dT%H%M%SZ").to_string();
        let mut n = 1;
        let dir = loop {
            let dir = if n == 1 {
                root.join(&stamp)
            } else {
                root.join(format!("{stamp}-{n}"))
            };
            let mut builder = std::fs::DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            match builder.create(&dir) {
                Ok(()) => break dir,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
                Err(e) => return Err(io_error(&dir)(e)),
            }
        };
        match self.backup(&dir) {
            Ok(manifest) => Ok((dir, manifest)),
            Err(e) => {
                let _ = std::fs::remove_dir(&dir);
                Err(e)
            }
        }
    }
}

//! Backups: a consistent snapshot of the store as a directory of JSON Lines
//! files with a manifest, and a restore that refuses anything damaged.
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
//! A restore goes into a new or empty data directory only. It checks every
//! checksum first, then loads the trees into a staging store inside the
//! target, checks the counts and the generation against the manifest, and
//! only then moves the store into place with one rename. On any failure the
//! target is left as it was found. The search index is not in a backup: it
//! is rebuilt from the store when the restored directory is opened.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Engine, EngineError, STORE_DIR};
use crate::model::{FieldError, Principal, Role};
use crate::store::{Store, Tree, FORMAT_VERSION};

/// The manifest's file name inside a backup directory.
pub const MANIFEST: &str = "manifest.json";
/// The `format` a manifest names.
pub const BACKUP_FORMAT: &str = "wegwijs-backup";
/// The version of the backup layout this build writes and reads.
pub const BACKUP_VERSION: u32 = 1;
/// Below the data directory: where `POST /api/v1/admin/backup` writes,
/// unless the server is given another directory.
pub const BACKUPS_DIR: &str = "backups";
/// Inside a data directory being restored: the staging area.
const STAGING: &str = ".restoring";

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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn file_name(tree: Tree) -> String {
    format!("{}.jsonl", tree.name())
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> EngineError + '_ {
    move |source| EngineError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> EngineError {
    EngineError::Invalid(vec![FieldError::new(field, message)])
}

/// Makes sure `dir` is an empty directory, creating it if needed; tells
/// whether it was created. `field` names the directory in the error.
fn empty_dir(dir: &Path, field: &str) -> Result<bool, EngineError> {
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
fn sync_dir(dir: &Path) -> Result<(), EngineError> {
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
            match std::fs::create_dir(&dir) {
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

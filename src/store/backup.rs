//! The store's side of a backup: every tree as JSON lines, and back.
//!
//! A backup holds each tree as it is, so a restored store is the same store:
//! the same resources with the same numeric keys, the same generation and
//! change log, the same audit sequence numbers, suggestions and token
//! hashes. Values that are JSON already (resources, audit records,
//! suggestions, tokens) are written byte for byte as stored; the numbers of
//! `meta` and the change log get a small JSON wrapper.
//!
//! Reading a line back checks it decodes into its model type first, so a
//! damaged backup is refused line by line rather than stored. Consistency
//! across trees is the caller's business: the engine dumps under its write
//! lock, so no write lands between the first tree and the last.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::{Store, StoreError, StoredToken};
use crate::model::{AuditRecord, Resource, Suggestion};

/// A tree of the store, as a backup names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tree {
    /// Format version, generation, key and sequence counters, trim point.
    Meta,
    /// The resources, each with its numeric key.
    Resources,
    /// The change log: generation → resource id.
    Changes,
    /// The audit records.
    Audit,
    /// The suggestions.
    Suggestions,
    /// The tokens (secret hashes only).
    Tokens,
}

impl Tree {
    /// Every tree, in the order a backup writes and restores them. Under
    /// the write lock the order does not matter; it is chosen so that a
    /// dump without the lock would show it: the counters first and the
    /// audit log, which every write touches, last.
    pub const ALL: [Tree; 6] = [
        Tree::Meta,
        Tree::Suggestions,
        Tree::Tokens,
        Tree::Resources,
        Tree::Changes,
        Tree::Audit,
    ];

    /// The tree's name (also its sled name).
    pub fn name(self) -> &'static str {
        match self {
            Tree::Meta => "meta",
            Tree::Resources => "resources",
            Tree::Changes => "changes",
            Tree::Audit => "audit",
            Tree::Suggestions => "suggestions",
            Tree::Tokens => "tokens",
        }
    }

    /// The tree called `name`.
    pub fn from_name(name: &str) -> Option<Tree> {
        Tree::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// A line of `meta`: a counter's name and value.
#[derive(Serialize, Deserialize)]
struct MetaLine {
    name: String,
    value: u64,
}

/// A line of `resources`: the numeric key and the resource as stored.
#[derive(Deserialize)]
struct ResourceLine<'a> {
    key: u64,
    #[serde(borrow)]
    resource: &'a RawValue,
}

/// A line of `changes`.
#[derive(Serialize, Deserialize)]
struct ChangeLine {
    generation: u64,
    id: String,
}

fn u64_of(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.try_into().ok()?))
}

fn corrupt(tree: Tree, key: &[u8], message: impl Into<String>) -> StoreError {
    StoreError::Corrupt {
        key: format!("{}/{}", tree.name(), String::from_utf8_lossy(key)),
        message: message.into(),
    }
}

/// The dump line of one entry of `tree` (an audit entry of one record).
fn dump_line(tree: Tree, k: &[u8], v: &[u8]) -> Result<Vec<u8>, StoreError> {
    match tree {
        Tree::Meta => {
            let value = u64_of(v).ok_or_else(|| corrupt(tree, k, "not 8 bytes"))?;
            let name =
                String::from_utf8(k.to_vec()).map_err(|_| corrupt(tree, k, "name is not UTF-8"))?;
            Ok(serde_json::to_vec(&MetaLine { name, value }).expect("meta serializes"))
        }
        Tree::Resources => {
            if v.len() < 8 {
                return Err(corrupt(tree, k, "value shorter than its key prefix"));
            }
            let key = u64_of(&v[..8]).unwrap_or_default();
            let mut line = format!("{{\"key\":{key},\"resource\":").into_bytes();
            line.extend_from_slice(&v[8..]);
            line.push(b'}');
            Ok(line)
        }
        Tree::Changes => {
            let generation = u64_of(k).ok_or_else(|| corrupt(tree, k, "not 8 bytes"))?;
            let id =
                String::from_utf8(v.to_vec()).map_err(|_| corrupt(tree, k, "id is not UTF-8"))?;
            Ok(serde_json::to_vec(&ChangeLine { generation, id }).expect("serializes"))
        }
        // Stored as compact JSON already, which holds no raw newline.
        Tree::Audit | Tree::Suggestions | Tree::Tokens => Ok(v.to_vec()),
    }
}

/// Why a backup line was refused: names the tree.
fn bad_line(tree: Tree, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        key: format!("{} line", tree.name()),
        message: e.to_string(),
    }
}

fn check<T: for<'de> Deserialize<'de>>(tree: Tree, json: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(json).map_err(|e| bad_line(tree, e))
}

impl StoreError {
    /// Whether opening failed because another process holds the store
    /// (sled locks its files; `wegwijs serve` keeps them while it runs).
    pub fn is_locked(&self) -> bool {
        match self {
            StoreError::Sled(sled::Error::Io(e)) => {
                e.to_string().contains("could not acquire lock")
            }
            _ => false,
        }
    }
}

impl Store {
    fn tree(&self, tree: Tree) -> Result<sled::Tree, StoreError> {
        // Opening a tree that exists returns the same tree.
        Ok(self.db.open_tree(tree.name())?)
    }

    /// Every entry of `tree` as one JSON line (without its newline), in key
    /// order; an audit entry of several records (see
    /// [`super::accounts::audit_entry`]) as a line for each, so a backup
    /// holds the records one a line whatever the entries. Not a snapshot:
    /// the caller keeps writers out meanwhile.
    pub fn dump(
        &self,
        tree: Tree,
    ) -> Result<impl Iterator<Item = Result<Vec<u8>, StoreError>>, StoreError> {
        let sled_tree = self.tree(tree)?;
        Ok(sled_tree.iter().flat_map(move |item| match item {
            Err(e) => vec![Err(e.into())],
            Ok((k, v)) if tree == Tree::Audit && v.first() == Some(&b'[') => {
                match serde_json::from_slice::<Vec<&RawValue>>(&v) {
                    Ok(records) => records
                        .into_iter()
                        .map(|r| Ok(r.get().as_bytes().to_vec()))
                        .collect(),
                    Err(e) => vec![Err(corrupt(tree, &k, e.to_string()))],
                }
            }
            Ok((k, v)) => vec![dump_line(tree, &k, &v)],
        }))
    }

    /// A loader of dump lines into `tree`, for a new store that a restore
    /// is filling; flush when every tree is loaded.
    pub fn loader(&self, tree: Tree) -> Result<TreeLoader, StoreError> {
        Ok(TreeLoader {
            tree,
            sled_tree: self.tree(tree)?,
        })
    }

    /// The number of entries in `tree`.
    pub fn entries(&self, tree: Tree) -> Result<usize, StoreError> {
        Ok(self.tree(tree)?.len())
    }

    /// Makes everything written so far durable.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }
}

/// Stores the lines of one tree's dump.
pub struct TreeLoader {
    tree: Tree,
    sled_tree: sled::Tree,
}

impl TreeLoader {
    /// Stores one line of the dump, after checking that it decodes into its
    /// model type.
    pub fn load(&self, line: &[u8]) -> Result<(), StoreError> {
        let (tree, sled_tree) = (self.tree, &self.sled_tree);
        match tree {
            Tree::Meta => {
                let m: MetaLine = check(tree, line)?;
                sled_tree.insert(m.name.as_bytes(), &m.value.to_be_bytes())?;
            }
            Tree::Resources => {
                let r: ResourceLine =
                    serde_json::from_slice(line).map_err(|e| bad_line(tree, e))?;
                let raw = r.resource.get().as_bytes();
                let resource: Resource = check(tree, raw)?;
                let mut value = r.key.to_be_bytes().to_vec();
                value.extend_from_slice(raw);
                sled_tree.insert(resource.id.as_str().as_bytes(), value)?;
            }
            Tree::Changes => {
                let c: ChangeLine = check(tree, line)?;
                sled_tree.insert(c.generation.to_be_bytes(), c.id.as_bytes())?;
            }
            Tree::Audit => {
                let a: AuditRecord = check(tree, line)?;
                sled_tree.insert(a.seq.to_be_bytes(), line)?;
            }
            Tree::Suggestions => {
                let s: Suggestion = check(tree, line)?;
                sled_tree.insert(s.id.as_bytes(), line)?;
            }
            Tree::Tokens => {
                let t: StoredToken = check(tree, line)?;
                sled_tree.insert(t.secret_hash.as_bytes(), line)?;
            }
        }
        Ok(())
    }
}

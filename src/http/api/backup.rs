//! `POST /api/v1/admin/backup`: a consistent backup of the store, written on
//! the server's machine, for admins.
//!
//! sled lets one process open a store, so while the server runs, this is
//! how a backup is taken: the server writes it below its backup directory
//! (`wegwijs serve --backup-dir`, by default `backups/` in the data
//! directory), in the same layout as `wegwijs backup DIR`. The caller
//! cannot choose the path: a token is not a licence to write anywhere on
//! the server. Writes wait while the store is dumped; reads go on.

use actix_web::HttpResponse;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::engine::{BackupFile, BackupManifest};
use crate::http::app::AppData;
use crate::http::auth::Caller;
use crate::http::error::{blocking, ErrorBody};
use crate::http::json::json;
use crate::http::ApiError;

/// One file of a backup.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BackupFileOut {
    /// The store tree it holds.
    pub tree: String,
    /// Its name inside the backup directory.
    pub name: String,
    /// Entries (lines).
    pub entries: u64,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the file, hex.
    pub sha256: String,
}

/// A backup just written.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BackupOut {
    /// The backup's directory on the server's machine.
    pub directory: String,
    /// When the snapshot was taken.
    pub created_at: DateTime<Utc>,
    /// The store's generation at the snapshot.
    pub generation: u64,
    /// Its files, as `manifest.json` lists them.
    pub files: Vec<BackupFileOut>,
}

impl BackupOut {
    fn new(directory: String, m: BackupManifest) -> BackupOut {
        BackupOut {
            directory,
            created_at: m.created_at,
            generation: m.generation,
            files: m
                .files
                .into_iter()
                .map(|f: BackupFile| BackupFileOut {
                    tree: f.tree,
                    name: f.name,
                    entries: f.entries,
                    bytes: f.bytes,
                    sha256: f.sha256,
                })
                .collect(),
        }
    }
}

/// Writes a consistent backup on the server's machine; restore it with
/// `wegwijs restore DIR` into a new data directory.
#[utoipa::path(
    post,
    path = "/api/v1/admin/backup",
    tag = "operations",
    responses(
        (status = 201, description = "The backup was written", body = BackupOut),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 500, description = "The backup could not be written (cause logged)", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn backup(state: AppData, caller: Caller) -> Result<HttpResponse, ApiError> {
    let engine = state.engine.clone();
    let (dir, manifest) = blocking(move || engine.backup_now(&caller.0)).await?;
    let out = BackupOut::new(dir.display().to_string(), manifest);
    Ok(json(HttpResponse::Created(), &out))
}

//! Tokens, audit records and suggestions in sled.

use serde::{Deserialize, Serialize};

use super::{Store, StoreError};
use crate::model::{AuditRecord, Suggestion, TokenInfo};

/// A token as stored: its public info and the SHA-256 of its secret (hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredToken {
    /// Public info.
    pub info: TokenInfo,
    /// SHA-256 of the secret, hex; the secret itself is never stored.
    pub secret_hash: String,
}

fn decode<T: for<'de> Deserialize<'de>>(key: &[u8], value: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(value).map_err(|e| StoreError::Corrupt {
        key: String::from_utf8_lossy(key).into_owned(),
        message: e.to_string(),
    })
}

impl Store {
    /// Stores a token (insert or replace), durably.
    pub fn put_token(&self, token: &StoredToken) -> Result<(), StoreError> {
        let bytes = serde_json::to_vec(token).expect("token serializes");
        self.tokens.insert(token.secret_hash.as_bytes(), bytes)?;
        self.db.flush()?;
        Ok(())
    }

    /// The token whose secret hashes to `secret_hash`.
    pub fn token_by_hash(&self, secret_hash: &str) -> Result<Option<StoredToken>, StoreError> {
        match self.tokens.get(secret_hash.as_bytes())? {
            Some(v) => decode(secret_hash.as_bytes(), &v).map(Some),
            None => Ok(None),
        }
    }

    /// Every token, in hash order.
    pub fn tokens(&self) -> Result<Vec<StoredToken>, StoreError> {
        self.tokens
            .iter()
            .map(|item| {
                let (k, v) = item?;
                decode(&k, &v)
            })
            .collect()
    }

    /// The suggestion with `id`.
    pub fn suggestion(&self, id: &str) -> Result<Option<Suggestion>, StoreError> {
        match self.suggestions.get(id.as_bytes())? {
            Some(v) => decode(id.as_bytes(), &v).map(Some),
            None => Ok(None),
        }
    }

    /// Every suggestion, in id order.
    pub fn suggestions(&self) -> Result<Vec<Suggestion>, StoreError> {
        self.suggestions
            .iter()
            .map(|item| {
                let (k, v) = item?;
                decode(&k, &v)
            })
            .collect()
    }

    /// Up to `limit` audit records, newest first, older than `before_seq` when given.
    pub fn audit(
        &self,
        limit: usize,
        before_seq: Option<u64>,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let end = before_seq.unwrap_or(u64::MAX);
        let mut records = Vec::new();
        // An entry is keyed by its first record's sequence number, so the
        // entries before `end` hold every record before it (and the last
        // of them perhaps some after it).
        for item in self.audit.range(..end.to_be_bytes()).rev() {
            if records.len() >= limit {
                break;
            }
            let (k, v) = item?;
            let entry = audit_entry(&k, &v)?;
            records.extend(
                entry
                    .into_iter()
                    .rev()
                    .filter(|r| r.seq < end)
                    .take(limit - records.len()),
            );
        }
        Ok(records)
    }
}

/// The audit records of one entry of the audit tree, oldest first. A
/// write's records are one entry under the first one's sequence number: a
/// record alone, or a JSON array of the records of a write of several (a
/// bulk load's chunk of 5,000). One entry for the chunk instead of one
/// for each record took a quarter off the time of a bulk load's
/// transactions at a million records (BENCHMARKS.md, fourteenth
/// session). Entries of one record read as earlier builds wrote them.
pub(super) fn audit_entry(key: &[u8], value: &[u8]) -> Result<Vec<AuditRecord>, StoreError> {
    if value.first() == Some(&b'[') {
        decode(key, value)
    } else {
        decode(key, value).map(|record| vec![record])
    }
}

//! API tokens: random secrets shown once, stored only as a SHA-256 hash.

use chrono::Utc;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::{Engine, EngineError};
use crate::model::{FieldError, Principal, Role, TokenInfo};
use crate::store::StoredToken;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hash_secret(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

impl Engine {
    /// Makes a token. Returns its info and its secret, which is not stored
    /// and cannot be shown again.
    pub fn create_token(
        &self,
        role: Role,
        name: &str,
        regions: Vec<String>,
    ) -> Result<(TokenInfo, String), EngineError> {
        let name = name.trim();
        let mut errors = Vec::new();
        if name.is_empty() || name.len() > 200 {
            errors.push(FieldError::new("name", "must be 1 to 200 bytes"));
        }
        for (i, r) in regions.iter().enumerate() {
            // Exact names only: a prefix such as "Utr" would make a token
            // that can write nowhere.
            let key = crate::text::fold_key(r);
            let known = !key.is_empty()
                && self.gazetteer.places().iter().any(|p| {
                    crate::text::fold_key(&p.municipality) == key
                        || crate::text::fold_key(&p.province) == key
                });
            if !known {
                errors.push(FieldError::new(
                    format!("region[{i}]"),
                    format!(
                        "unknown municipality or province '{}'",
                        r.chars().take(60).collect::<String>()
                    ),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(EngineError::Invalid(errors));
        }
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let secret = format!("ww_{}", hex(&bytes));
        let mut id_bytes = [0u8; 6];
        rand::rngs::OsRng.fill_bytes(&mut id_bytes);
        let info = TokenInfo {
            id: format!("t-{}", hex(&id_bytes)),
            name: name.to_string(),
            role,
            regions,
            created_at: Utc::now(),
            revoked: false,
        };
        let _guard = self.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        self.store.put_token(&StoredToken {
            info: info.clone(),
            secret_hash: hash_secret(&secret),
        })?;
        Ok((info, secret))
    }

    /// Every token (without secrets), oldest first.
    pub fn tokens(&self) -> Result<Vec<TokenInfo>, EngineError> {
        let mut all: Vec<TokenInfo> = self.store.tokens()?.into_iter().map(|t| t.info).collect();
        all.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        Ok(all)
    }

    /// Revokes the token with `id`.
    pub fn revoke_token(&self, id: &str) -> Result<(), EngineError> {
        let _guard = self.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut token = self
            .store
            .tokens()?
            .into_iter()
            .find(|t| t.info.id == id)
            .ok_or_else(|| EngineError::NotFound(id.chars().take(64).collect()))?;
        token.info.revoked = true;
        self.store.put_token(&token)?;
        Ok(())
    }

    /// The principal of a token secret; [`EngineError::Unauthorized`] when
    /// unknown or revoked.
    pub fn authenticate(&self, secret: &str) -> Result<Principal, EngineError> {
        if secret.is_empty() || secret.len() > 200 {
            return Err(EngineError::Unauthorized);
        }
        match self.store.token_by_hash(&hash_secret(secret))? {
            Some(t) if !t.info.revoked => Ok(Principal {
                name: t.info.name,
                role: t.info.role,
                regions: t.info.regions,
            }),
            _ => Err(EngineError::Unauthorized),
        }
    }
}

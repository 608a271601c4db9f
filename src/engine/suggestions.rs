//! Suggestions from anyone: stored as pending, applied only when a moderator
//! approves.

use chrono::Utc;
use serde_json::Value;

use super::write::{diff, merge_patch, resource_from_json};
use super::{Engine, EngineError};
use crate::model::{
    DuplicateNote, FieldError, Principal, PublicationStatus, ResourceId, Role, Suggestion,
    SuggestionKind, SuggestionStatus,
};
use crate::store::Write;

const MAX_MESSAGE: usize = 2000;

impl Engine {
    /// Records a suggestion as pending. A new resource must be valid; a
    /// correction must name an existing resource, say what is wrong, and its
    /// patch (if any) must yield a valid resource.
    pub fn suggest(&self, kind: SuggestionKind) -> Result<Suggestion, EngineError> {
        let mut likely_duplicates = Vec::new();
        let kind = match kind {
            SuggestionKind::NewResource { mut resource } => {
                if resource.id.0.is_empty() {
                    resource.id = ResourceId::generate();
                }
                let now = Utc::now();
                resource.provenance.created_at = now;
                resource.provenance.updated_at = now;
                resource.provenance.verified_at = None;
                resource.provenance.verified_by = None;
                if resource.provenance.source.trim().is_empty() {
                    resource.provenance.source = "public suggestion".into();
                }
                resource.status = PublicationStatus::Pending;
                self.validate(&resource)?;
                if self.store.get(&resource.id)?.is_some() {
                    return Err(EngineError::Invalid(vec![FieldError::new(
                        "id",
                        "is already taken",
                    )]));
                }
                // Stored anyway: the moderator decides, seeing the twins.
                likely_duplicates = self
                    .likely_duplicates(&resource)?
                    .into_iter()
                    .map(|(id, reason)| DuplicateNote {
                        resource_id: id.0,
                        reason: reason.code().to_string(),
                        distance_m: reason.distance_m(),
                    })
                    .collect();
                SuggestionKind::NewResource { resource }
            }
            SuggestionKind::Correction {
                resource_id,
                message,
                patch,
            } => {
                let mut errors = Vec::new();
                let message = message.trim().to_string();
                if message.is_empty() {
                    errors.push(FieldError::new("message", "must say what is wrong"));
                } else if message.len() > MAX_MESSAGE
                    || message.chars().any(|c| c.is_control() && c != '\n')
                {
                    errors.push(FieldError::new(
                        "message",
                        "must be at most 2000 bytes of text",
                    ));
                }
                if !errors.is_empty() {
                    return Err(EngineError::Invalid(errors));
                }
                let current = self.get(&resource_id)?;
                if let Some(p) = &patch {
                    if !p.is_object() {
                        return Err(EngineError::Invalid(vec![FieldError::new(
                            "patch",
                            "must be a JSON object",
                        )]));
                    }
                    let mut value = serde_json::to_value(&current).unwrap_or(Value::Null);
                    merge_patch(&mut value, p);
                    let patched = resource_from_json(value)?;
                    if patched.id != current.id {
                        return Err(EngineError::Invalid(vec![FieldError::new(
                            "patch.id",
                            "must not change",
                        )]));
                    }
                    self.validate(&patched)?;
                }
                SuggestionKind::Correction {
                    resource_id,
                    message,
                    patch,
                }
            }
        };
        let suggestion = Suggestion {
            id: format!("s-{}", uuid::Uuid::new_v4().simple()),
            kind,
            status: SuggestionStatus::Pending,
            created_at: Utc::now(),
            decided_at: None,
            decided_by: None,
            note: None,
            likely_duplicates,
        };
        let mut audit = Self::audit_record("anonymous", "suggest", None, Vec::new());
        audit.suggestion_id = Some(suggestion.id.clone());
        // Not a read-check-write, but a backup's dump must not see half of it.
        let _guard = self.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        self.store.write(Write {
            audit: vec![audit],
            suggestion: Some(&suggestion),
            ..Write::default()
        })?;
        Ok(suggestion)
    }

    /// Suggestions, oldest first, optionally of one status.
    pub fn suggestions(
        &self,
        status: Option<SuggestionStatus>,
    ) -> Result<Vec<Suggestion>, EngineError> {
        let mut all: Vec<Suggestion> = self
            .store
            .suggestions()?
            .into_iter()
            .filter(|s| status.is_none_or(|st| s.status == st))
            .collect();
        all.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        Ok(all)
    }

    fn pending(&self, id: &str, actor: &Principal) -> Result<Suggestion, EngineError> {
        self.require_role(actor, Role::Moderator)?;
        let suggestion = self
            .store
            .suggestion(id)?
            .ok_or_else(|| EngineError::NotFound(id.chars().take(64).collect()))?;
        if suggestion.status != SuggestionStatus::Pending {
            return Err(EngineError::Invalid(vec![FieldError::new(
                "status",
                "the suggestion was already decided",
            )]));
        }
        Ok(suggestion)
    }

    /// Approves a suggestion: publishes the new resource or applies the
    /// correction's patch, in one write with the suggestion's new state.
    pub fn approve(&self, id: &str, actor: &Principal) -> Result<Suggestion, EngineError> {
        let _guard = self.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut suggestion = self.pending(id, actor)?;
        suggestion.status = SuggestionStatus::Approved;
        suggestion.decided_at = Some(Utc::now());
        suggestion.decided_by = Some(actor.name.clone());
        let (before, mut after) = match &suggestion.kind {
            SuggestionKind::NewResource { resource } => {
                if self.store.get(&resource.id)?.is_some() {
                    return Err(EngineError::Invalid(vec![FieldError::new(
                        "id",
                        "is already taken",
                    )]));
                }
                (Value::Null, resource.clone())
            }
            SuggestionKind::Correction {
                resource_id, patch, ..
            } => {
                let current = self.get(resource_id)?;
                // The resource as it stands must be in the moderator's
                // region too, or a patch that moves it would carry it out
                // of a region the moderator may not touch.
                self.require_region(actor, &current)?;
                let mut value = serde_json::to_value(&current).unwrap_or(Value::Null);
                if let Some(p) = patch {
                    merge_patch(&mut value, p);
                }
                let before = serde_json::to_value(&current).unwrap_or(Value::Null);
                let mut patched = resource_from_json(value)?;
                patched.provenance.created_at = current.provenance.created_at;
                (before, patched)
            }
        };
        self.require_region(actor, &after)?;
        if matches!(suggestion.kind, SuggestionKind::NewResource { .. }) {
            after.status = PublicationStatus::Published;
        }
        after.provenance.updated_at = Self::next_timestamp(after.provenance.updated_at);
        let mut audit = Self::audit_record(
            &actor.name,
            "approve",
            Some(&after),
            diff(
                &before,
                &serde_json::to_value(&after).unwrap_or(Value::Null),
            ),
        );
        audit.suggestion_id = Some(suggestion.id.clone());
        self.commit(&after, audit, Some(&suggestion))?;
        Ok(suggestion)
    }

    /// Rejects a suggestion, with an optional note.
    pub fn reject(
        &self,
        id: &str,
        note: Option<String>,
        actor: &Principal,
    ) -> Result<Suggestion, EngineError> {
        let _guard = self.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut suggestion = self.pending(id, actor)?;
        // Deciding a suggestion is a write about its resource: a moderator
        // limited to some regions decides only the suggestions there.
        match &suggestion.kind {
            SuggestionKind::NewResource { resource } => self.require_region(actor, resource)?,
            SuggestionKind::Correction { resource_id, .. } => {
                // A correction of a resource that is gone can be rejected.
                match self.get(resource_id) {
                    Ok(current) => self.require_region(actor, &current)?,
                    Err(EngineError::NotFound(_)) => {}
                    Err(e) => return Err(e),
                }
            }
        }
        if note.as_ref().is_some_and(|n| n.len() > MAX_MESSAGE) {
            return Err(EngineError::Invalid(vec![FieldError::new(
                "note",
                "must be at most 2000 bytes",
            )]));
        }
        suggestion.status = SuggestionStatus::Rejected;
        suggestion.decided_at = Some(Utc::now());
        suggestion.decided_by = Some(actor.name.clone());
        suggestion.note = note;
        let mut audit = Self::audit_record(&actor.name, "reject", None, Vec::new());
        audit.suggestion_id = Some(suggestion.id.clone());
        self.store.write(Write {
            audit: vec![audit],
            suggestion: Some(&suggestion),
            ..Write::default()
        })?;
        Ok(suggestion)
    }
}

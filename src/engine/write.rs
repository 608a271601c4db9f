//! Writes by editors: create, replace, patch, archive, verify — each checked
//! against the caller's role and region, guarded by a version precondition,
//! and stored together with its audit record.

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use super::{Engine, EngineError};
use crate::model::{
    AuditRecord, FieldChange, FieldError, Location, Principal, PublicationStatus, Resource,
    ResourceId, Role,
};
use crate::store::Write;

/// The fields that differ between two JSON values, as dotted paths; objects
/// are compared member by member, anything else as a whole.
pub(super) fn diff(before: &Value, after: &Value) -> Vec<FieldChange> {
    fn walk(path: &str, before: &Value, after: &Value, out: &mut Vec<FieldChange>) {
        let empty = Value::Object(serde_json::Map::new());
        // A whole record appearing (or going) is listed field by field.
        let (before, after) = match (before, after) {
            (Value::Null, Value::Object(_)) if path.is_empty() => (&empty, after),
            (Value::Object(_), Value::Null) if path.is_empty() => (before, &empty),
            _ => (before, after),
        };
        match (before, after) {
            (Value::Object(b), Value::Object(a)) => {
                let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
                keys.sort();
                keys.dedup();
                for k in keys {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(
                        &p,
                        b.get(k).unwrap_or(&Value::Null),
                        a.get(k).unwrap_or(&Value::Null),
                        out,
                    );
                }
            }
            (b, a) if b != a => out.push(FieldChange {
                field: path.to_string(),
                before: b.clone(),
                after: a.clone(),
            }),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk("", before, after, &mut out);
    out
}

/// Applies a JSON merge patch (RFC 7396).
pub(super) fn merge_patch(target: &mut Value, patch: &Value) {
    if let Value::Object(p) = patch {
        if !target.is_object() {
            *target = Value::Object(serde_json::Map::new());
        }
        if let Value::Object(t) = target {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
    } else {
        *target = patch.clone();
    }
}

/// Decodes a resource from JSON, naming the offending field on failure.
pub(super) fn resource_from_json(value: Value) -> Result<Resource, EngineError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." {
            "body".to_string()
        } else {
            path
        };
        EngineError::Invalid(vec![FieldError::new(field, e.into_inner().to_string())])
    })
}

fn to_value(resource: &Resource) -> Value {
    serde_json::to_value(resource).unwrap_or(Value::Null)
}

impl Engine {
    pub(super) fn require_role(&self, actor: &Principal, role: Role) -> Result<(), EngineError> {
        if actor.role >= role {
            Ok(())
        } else {
            Err(EngineError::Forbidden(
                format!("this needs the {role:?} role").to_lowercase(),
            ))
        }
    }

    /// Whether `actor` may write `resource`: tokens without regions may write
    /// anywhere; others only where the resource's municipality, or its
    /// province, is one of their regions. Online resources need an unlimited token.
    pub(super) fn require_region(
        &self,
        actor: &Principal,
        resource: &Resource,
    ) -> Result<(), EngineError> {
        if actor.regions.is_empty() {
            return Ok(());
        }
        let allowed = match &resource.location {
            Location::Place { municipality, .. } => {
                let key = crate::text::fold_key(municipality);
                let province = self
                    .gazetteer
                    .resolve(municipality)
                    .map(|p| crate::text::fold_key(&p.province));
                actor.regions.iter().any(|r| {
                    let r = crate::text::fold_key(r);
                    r == key || province.as_deref() == Some(r.as_str())
                })
            }
            Location::Online => false,
        };
        if allowed {
            Ok(())
        } else {
            Err(EngineError::Forbidden(format!(
                "this token may only write in {}",
                actor.regions.join(", ")
            )))
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ()> {
        self.write_lock.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Stores one resource with its audit record, then indexes it.
    pub(super) fn commit(
        &self,
        resource: &Resource,
        audit: AuditRecord,
        suggestion: Option<&crate::model::Suggestion>,
    ) -> Result<(), EngineError> {
        self.validate(resource)?;
        let keys = self.store.write(Write {
            resources: std::slice::from_ref(resource),
            audit: vec![audit],
            suggestion,
        })?;
        let generation = self.store.generation()?;
        self.index.upsert(&[(keys[0], resource)], generation)?;
        Ok(())
    }

    pub(super) fn audit_record(
        actor: &str,
        action: &str,
        resource: Option<&Resource>,
        changes: Vec<FieldChange>,
    ) -> AuditRecord {
        AuditRecord {
            seq: 0,
            at: Utc::now(),
            actor: actor.to_string(),
            action: action.to_string(),
            resource_id: resource.map(|r| r.id.0.clone()),
            suggestion_id: None,
            changes,
        }
    }

    /// A timestamp for a change: now, but always after `previous`, so every
    /// version has a distinct `updated_at` to use as a precondition.
    pub(super) fn next_timestamp(previous: DateTime<Utc>) -> DateTime<Utc> {
        let now = Utc::now();
        if now > previous {
            now
        } else {
            previous + Duration::microseconds(1)
        }
    }

    /// Creates and publishes a resource. An empty id gets a generated one;
    /// timestamps are set now; a blank source names the actor.
    pub fn create(
        &self,
        mut resource: Resource,
        actor: &Principal,
    ) -> Result<Resource, EngineError> {
        self.require_role(actor, Role::Editor)?;
        if resource.id.0.is_empty() {
            resource.id = ResourceId::generate();
        }
        let now = Utc::now();
        resource.provenance.created_at = now;
        resource.provenance.updated_at = now;
        if resource.provenance.source.trim().is_empty() {
            resource.provenance.source = format!("editor {}", actor.name);
        }
        resource.status = PublicationStatus::Published;
        self.validate(&resource)?;
        self.require_region(actor, &resource)?;
        let _guard = self.lock();
        if let Some(existing) = self.store.get(&resource.id)? {
            return Err(EngineError::Conflict {
                current_updated_at: existing.resource.provenance.updated_at,
            });
        }
        let audit = Self::audit_record(
            &actor.name,
            "create",
            Some(&resource),
            diff(&Value::Null, &to_value(&resource)),
        );
        self.commit(&resource, audit, None)?;
        Ok(resource)
    }

    /// Loads `id` and checks the precondition and the caller's rights on it.
    fn current(
        &self,
        id: &str,
        expected: Option<DateTime<Utc>>,
        actor: &Principal,
    ) -> Result<Resource, EngineError> {
        self.require_role(actor, Role::Editor)?;
        let current = self.get(id)?;
        if let Some(expected) = expected {
            if expected != current.provenance.updated_at {
                return Err(EngineError::Conflict {
                    current_updated_at: current.provenance.updated_at,
                });
            }
        }
        self.require_region(actor, &current)?;
        Ok(current)
    }

    fn store_change(
        &self,
        before: &Resource,
        mut after: Resource,
        action: &str,
        actor: &Principal,
    ) -> Result<Resource, EngineError> {
        if after.id != before.id {
            return Err(EngineError::Invalid(vec![FieldError::new(
                "id",
                "must not change",
            )]));
        }
        after.provenance.created_at = before.provenance.created_at;
        after.provenance.updated_at = Self::next_timestamp(before.provenance.updated_at);
        self.validate(&after)?;
        self.require_region(actor, &after)?;
        let audit = Self::audit_record(
            &actor.name,
            action,
            Some(&after),
            diff(&to_value(before), &to_value(&after)),
        );
        self.commit(&after, audit, None)?;
        Ok(after)
    }

    /// Replaces a resource whole. `expected_updated_at`, when given, must be
    /// the stored version's `updated_at` (else [`EngineError::Conflict`]).
    pub fn replace(
        &self,
        id: &str,
        resource: Resource,
        expected_updated_at: Option<DateTime<Utc>>,
        actor: &Principal,
    ) -> Result<Resource, EngineError> {
        let _guard = self.lock();
        let current = self.current(id, expected_updated_at, actor)?;
        self.store_change(&current, resource, "replace", actor)
    }

    /// Applies a JSON merge patch (RFC 7396) to a resource.
    pub fn patch(
        &self,
        id: &str,
        patch: Value,
        expected_updated_at: Option<DateTime<Utc>>,
        actor: &Principal,
    ) -> Result<Resource, EngineError> {
        if !patch.is_object() {
            return Err(EngineError::Invalid(vec![FieldError::new(
                "body",
                "must be a JSON object (a merge patch)",
            )]));
        }
        let _guard = self.lock();
        let current = self.current(id, expected_updated_at, actor)?;
        let mut value = to_value(&current);
        merge_patch(&mut value, &patch);
        let after = resource_from_json(value)?;
        self.store_change(&current, after, "patch", actor)
    }

    /// Archives a resource (never a hard delete).
    pub fn archive(&self, id: &str, actor: &Principal) -> Result<Resource, EngineError> {
        let _guard = self.lock();
        let current = self.current(id, None, actor)?;
        let mut after = current.clone();
        after.status = PublicationStatus::Archived;
        self.store_change(&current, after, "archive", actor)
    }

    /// Records that `actor` confirmed the resource now.
    pub fn verify(&self, id: &str, actor: &Principal) -> Result<Resource, EngineError> {
        let _guard = self.lock();
        let current = self.current(id, None, actor)?;
        let mut after = current.clone();
        after.provenance.verified_at = Some(Utc::now());
        after.provenance.verified_by = Some(actor.name.clone());
        self.store_change(&current, after, "verify", actor)
    }

    /// Up to `limit` audit records, newest first (admins only).
    pub fn audit(
        &self,
        limit: usize,
        before_seq: Option<u64>,
        actor: &Principal,
    ) -> Result<Vec<AuditRecord>, EngineError> {
        self.require_role(actor, Role::Admin)?;
        Ok(self.store.audit(limit.min(1000), before_seq)?)
    }

    /// Published resources in `regions` (all when empty) not verified for
    /// `older_than_days` days, or never; oldest first: never verified first,
    /// by creation date, then by last verification; ties by id. Every one,
    /// for the `stale` command, from the index
    /// ([`crate::index::SearchIndex::stale`]), which decodes only the
    /// resources in the list; see [`Engine::stale_window`] for a part.
    pub fn stale(
        &self,
        regions: &[String],
        older_than_days: i64,
    ) -> Result<Vec<Resource>, EngineError> {
        Ok(self.stale_first(regions, older_than_days, usize::MAX)?.1)
    }

    /// The length of the stale list, and its `first` resources (at least;
    /// every one when the list is shorter), oldest first, from the index.
    fn stale_first(
        &self,
        regions: &[String],
        older_than_days: i64,
        first: usize,
    ) -> Result<(usize, Vec<Resource>), EngineError> {
        let cutoff = Utc::now() - Duration::days(older_than_days);
        let found = self.index.stale(regions, cutoff, first)?;
        let mut list = found.first;
        list.sort_by(|a, b| stale_order(a).cmp(&stale_order(b)));
        Ok((found.total, list))
    }

    /// [`Engine::stale`]'s list as the store has it: every stored resource
    /// read and checked (`require_region` for the regions). Slow at scale
    /// (about 16 s at a million); for checking the index's list, as the
    /// tests do.
    pub fn stale_in_store(
        &self,
        regions: &[String],
        older_than_days: i64,
    ) -> Result<Vec<Resource>, EngineError> {
        let cutoff = Utc::now() - Duration::days(older_than_days);
        let probe = Principal {
            name: String::new(),
            role: Role::Editor,
            regions: regions.to_vec(),
        };
        let mut out = Vec::new();
        for r in self.resources() {
            let r = r?;
            let stale = r.provenance.verified_at.is_none_or(|v| v < cutoff);
            if r.status == PublicationStatus::Published
                && stale
                && self.require_region(&probe, &r).is_ok()
            {
                out.push(r);
            }
        }
        out.sort_by(|a, b| stale_order(a).cmp(&stale_order(b)));
        Ok(out)
    }

    /// The part of [`Engine::stale`]'s list from `offset` on, at most
    /// `limit` resources, and how many the whole list holds, from the
    /// index ([`crate::index::SearchIndex::stale`]): it decodes about
    /// `offset + limit` resources, whatever the list's length. At a million
    /// synthetic resources the whole list was 790,000 of them; reading the
    /// store for them took about 5 s a call. `offset + limit` is at most
    /// [`STALE_WINDOW_MAX`]. The index sees what its last commit holds: a
    /// bulk load's records once the load ends, as searches do.
    pub fn stale_window(
        &self,
        regions: &[String],
        older_than_days: i64,
        offset: usize,
        limit: usize,
    ) -> Result<StaleWindow, EngineError> {
        let end = offset.saturating_add(limit);
        if end > STALE_WINDOW_MAX {
            let (field, most) = if limit > STALE_WINDOW_MAX {
                ("limit", STALE_WINDOW_MAX)
            } else {
                ("offset", STALE_WINDOW_MAX - limit)
            };
            return Err(EngineError::Invalid(vec![FieldError::new(
                field,
                format!("must be at most {most}"),
            )]));
        }
        let (total, first) = self.stale_first(regions, older_than_days, end)?;
        let resources = first.into_iter().skip(offset).take(limit).collect();
        Ok(StaleWindow { total, resources })
    }
}

/// The most of the stale list [`Engine::stale_window`] reaches.
pub const STALE_WINDOW_MAX: usize = 10_000;

/// A part of the stale list: see [`Engine::stale_window`].
#[derive(Debug, Clone)]
pub struct StaleWindow {
    /// Resources in the whole list.
    pub total: usize,
    /// The part asked for, oldest first.
    pub resources: Vec<Resource>,
}

/// Where a resource stands in the stale list: never verified first (by
/// creation), then by last verification, ties by id.
fn stale_order(r: &Resource) -> (Option<DateTime<Utc>>, DateTime<Utc>, &str) {
    (
        r.provenance.verified_at,
        r.provenance.created_at,
        r.id.as_str(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_patch_follows_rfc_7396() {
        let mut v = json!({"a": "b", "c": {"d": "e", "f": "g"}});
        merge_patch(&mut v, &json!({"a": "z", "c": {"f": null}}));
        assert_eq!(v, json!({"a": "z", "c": {"d": "e"}}));
    }

    #[test]
    fn diff_names_changed_fields() {
        let changes = diff(
            &json!({"a": 1, "b": {"c": 2}}),
            &json!({"a": 1, "b": {"c": 3}, "d": true}),
        );
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["b.c", "d"]);
    }
}

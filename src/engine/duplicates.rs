//! Likely duplicates: finding them for one record (through the index),
//! clustering the whole store, and merging two records into one.

use chrono::Utc;
use serde_json::Value;

use super::write::diff;
use super::{Engine, EngineError};
use crate::duplicates::{self, Cluster, Keys, Reason, NEARBY_M};
use crate::geo::Coordinate;
use crate::model::{
    FieldChange, FieldError, Principal, PublicationStatus, Resource, ResourceId, Role,
};
use crate::store::Write;

/// One likely duplicate of a record: the stored resource's id and why.
pub type LikelyDuplicate = (ResourceId, Reason);

fn fill<T: Clone>(target: &mut Option<T>, source: &Option<T>) {
    if target.is_none() {
        target.clone_from(source);
    }
}

fn fill_text(target: &mut Option<String>, source: &Option<String>) {
    if target.as_deref().is_none_or(|t| t.trim().is_empty()) {
        if let Some(s) = source.as_deref().filter(|s| !s.trim().is_empty()) {
            *target = Some(s.to_string());
        }
    }
}

fn union(target: &mut Vec<String>, source: &[String]) {
    for s in source {
        if !target.contains(s) {
            target.push(s.clone());
        }
    }
}

/// What a merge takes from OTHER into KEEP. Only what KEEP lacks is filled,
/// so nothing KEEP states is overwritten:
/// - `categories` and `languages`: the union, KEEP's first;
/// - `description` per language, `organization.website`, every `contact`
///   field, `opening_hours`, `accessibility`: when KEEP's is empty;
/// - `cost`, `availability`, `service_area`: when KEEP has none.
///
/// Name, location, eligibility, status and provenance stay KEEP's:
/// combining two sets of eligibility rules could wrongly widen or narrow who
/// is served, and KEEP's verification date vouches only for KEEP's facts.
pub fn merged(keep: &Resource, other: &Resource) -> Resource {
    let mut out = keep.clone();
    union(&mut out.categories, &other.categories);
    union(&mut out.languages, &other.languages);
    fill_text(&mut out.description.uk, &other.description.uk);
    fill_text(&mut out.description.nl, &other.description.nl);
    fill_text(&mut out.description.en, &other.description.en);
    fill_text(&mut out.organization.website, &other.organization.website);
    let (c, o) = (&mut out.contact, &other.contact);
    fill_text(&mut c.phone, &o.phone);
    fill_text(&mut c.email, &o.email);
    fill_text(&mut c.website, &o.website);
    fill_text(&mut c.telegram, &o.telegram);
    fill_text(&mut c.whatsapp, &o.whatsapp);
    fill_text(&mut out.opening_hours, &other.opening_hours);
    fill_text(&mut out.accessibility, &other.accessibility);
    fill(&mut out.cost, &other.cost);
    fill(&mut out.availability, &other.availability);
    fill(&mut out.service_area, &other.service_area);
    out
}

impl Engine {
    /// The stored resources that `resource` is likely a duplicate of (see
    /// [`crate::duplicates`]), in id order. Never the resource itself (same
    /// id) and never an archived one. Candidates come from the index (the
    /// R-tree within 200 m, and the phone and website terms), so this stays
    /// fast at any size.
    pub fn likely_duplicates(
        &self,
        resource: &Resource,
    ) -> Result<Vec<LikelyDuplicate>, EngineError> {
        let near = resource
            .location
            .point()
            .and_then(|(lat, lon)| Coordinate::new(lat, lon).ok())
            .map(|c| (c, NEARBY_M / 1000.0));
        let keys = crate::index::contact_keys(resource);
        let mine = Keys::of(resource);
        let mut out = Vec::new();
        for id in self.index.duplicate_candidates(&keys, near)? {
            let id = ResourceId(id);
            if id == resource.id {
                continue;
            }
            let Some(stored) = self.store.get(&id)? else {
                continue;
            };
            if stored.resource.status == PublicationStatus::Archived {
                continue;
            }
            if let Some(reason) = duplicates::compare_keys(&mine, &Keys::of(&stored.resource)) {
                out.push((id, reason));
            }
        }
        Ok(out)
    }

    /// Creates a resource like [`Engine::create`], unless it is likely a
    /// duplicate of a stored one: then [`EngineError::Duplicate`] lists them.
    pub fn create_unless_duplicate(
        &self,
        resource: Resource,
        actor: &Principal,
    ) -> Result<Resource, EngineError> {
        // Rights first, so a caller who may not write here learns nothing.
        self.require_role(actor, Role::Editor)?;
        self.require_region(actor, &resource)?;
        let found = self.likely_duplicates(&resource)?;
        if !found.is_empty() {
            return Err(EngineError::Duplicate(found));
        }
        self.create(resource, actor)
    }

    /// Clusters of likely duplicates among the stored resources that are
    /// not archived (see [`duplicates::clusters`]).
    pub fn duplicate_clusters(&self) -> Result<Vec<Cluster>, EngineError> {
        let mut live = Vec::new();
        for r in self.resources() {
            let r = r?;
            if r.status != PublicationStatus::Archived {
                live.push(r);
            }
        }
        Ok(duplicates::clusters(&live))
    }

    /// Merges OTHER into KEEP: fills KEEP's empty fields from OTHER (see
    /// [`merged`]) and archives OTHER. Both writes, with one audit record
    /// each (action `merge`; OTHER's names KEEP in a `merged_into` change,
    /// KEEP's names OTHER in `merged_from`), are one transaction. Editors
    /// only, and the caller's regions must cover both records.
    pub fn merge(
        &self,
        keep: &str,
        other: &str,
        actor: &Principal,
    ) -> Result<Resource, EngineError> {
        self.require_role(actor, Role::Editor)?;
        if keep == other {
            return Err(EngineError::Invalid(vec![FieldError::new(
                "other",
                "must not be the resource to keep",
            )]));
        }
        let _guard = self.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        let keep_before = self.get(keep)?;
        let other_before = self.get(other)?;
        for (field, r) in [("keep", &keep_before), ("other", &other_before)] {
            if r.status == PublicationStatus::Archived {
                return Err(EngineError::Invalid(vec![FieldError::new(
                    field,
                    "is archived",
                )]));
            }
            self.require_region(actor, r)?;
        }
        let mut keep_after = merged(&keep_before, &other_before);
        keep_after.provenance.updated_at = Self::next_timestamp(keep_before.provenance.updated_at);
        let mut other_after = other_before.clone();
        other_after.status = PublicationStatus::Archived;
        other_after.provenance.updated_at =
            Self::next_timestamp(other_before.provenance.updated_at);
        self.validate(&keep_after)?;
        self.validate(&other_after)?;
        let json = |r: &Resource| serde_json::to_value(r).unwrap_or(Value::Null);
        let link = |field: &str, id: &ResourceId| FieldChange {
            field: field.to_string(),
            before: Value::Null,
            after: Value::String(id.0.clone()),
        };
        let mut keep_changes = diff(&json(&keep_before), &json(&keep_after));
        keep_changes.push(link("merged_from", &other_before.id));
        let mut other_changes = diff(&json(&other_before), &json(&other_after));
        other_changes.push(link("merged_into", &keep_before.id));
        let audit = vec![
            Self::audit_record(&actor.name, "merge", Some(&keep_after), keep_changes),
            Self::audit_record(&actor.name, "merge", Some(&other_after), other_changes),
        ];
        let resources = [keep_after, other_after];
        let keys = self.store.write(Write {
            resources: &resources,
            audit,
            suggestion: None,
        })?;
        let generation = self.store.generation()?;
        let pairs: Vec<(u64, &Resource)> = keys.into_iter().zip(&resources).collect();
        self.index.upsert(&pairs, generation)?;
        tracing::info!(keep, other, actor = %actor.name, at = %Utc::now(), "merged");
        let [keep_after, _] = resources;
        Ok(keep_after)
    }
}

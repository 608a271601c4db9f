//! From a [`Resource`] to a tantivy document.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use tantivy::TantivyDocument;

use super::schema::{category_cell, cell_of, language_number, place_order, Fields, REMOTE_CELL};
use crate::duplicates::{phone_key, website_key};
use crate::gazetteer::Gazetteer;
use crate::model::{Location, Resource, RuleFacts};
use crate::taxonomy::Taxonomy;
use crate::text::{fold_key, organization_key};

/// The texts of a resource that text queries search, one list per field of
/// [`super::schema::TEXT_FIELDS`]: name; category labels and synonyms;
/// organisation; descriptions; address and municipality.
pub fn searchable_texts(resource: &Resource, taxonomy: &Taxonomy) -> [Vec<String>; 5] {
    let mut texts = document_texts(resource);
    for code in &resource.categories {
        if let Some(c) = taxonomy.category(code) {
            texts[1].extend([
                c.labels.uk.clone(),
                c.labels.nl.clone(),
                c.labels.en.clone(),
            ]);
            texts[1].extend(c.synonyms.all().map(str::to_string));
        }
    }
    texts
}

/// The texts of [`searchable_texts`] that the index document holds: all
/// but the category labels and synonyms, which are the taxonomy's, the
/// same for every resource of a category (see [`super::category_text`]).
fn document_texts(resource: &Resource) -> [Vec<String>; 5] {
    let description = resource
        .description
        .iter()
        .map(|(_, t)| t.to_string())
        .collect();
    let place = match &resource.location {
        Location::Place {
            address,
            municipality,
            ..
        } => address
            .iter()
            .cloned()
            .chain(std::iter::once(municipality.clone()))
            .collect(),
        Location::Online => Vec::new(),
    };
    [
        vec![resource.name.clone()],
        Vec::new(),
        vec![resource.organization.name.clone()],
        description,
        place,
    ]
}

/// The index document of a resource stored under `key`.
pub fn to_document(
    key: u64,
    resource: &Resource,
    fields: &Fields,
    taxonomy: &Taxonomy,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    let mut record = String::with_capacity(1024);
    super::record::encode(resource, &mut record);
    doc.add_text(fields.record, &record);
    doc.add_u64(fields.key, key);
    for (field, texts) in fields.text.iter().zip(document_texts(resource)) {
        for text in texts {
            doc.add_text(*field, &text);
        }
    }
    let point = resource.location.point();
    if let Some((lat, lon)) = point {
        doc.add_u64(fields.cell, cell_of(lat, lon));
    }
    if resource.is_remote() {
        doc.add_u64(fields.cell, REMOTE_CELL);
    }
    for code in &resource.categories {
        if let Some(ordinal) = taxonomy.ordinal(code) {
            doc.add_u64(fields.category, ordinal);
            if let Some((lat, lon)) = point {
                doc.add_u64(
                    fields.category_cell,
                    category_cell(ordinal, cell_of(lat, lon)),
                );
            }
            if resource.is_remote() {
                doc.add_u64(fields.category_cell, category_cell(ordinal, REMOTE_CELL));
            }
        }
    }
    for lang in &resource.languages {
        doc.add_u64(fields.language, language_number(lang));
    }
    doc.add_u64(fields.status, resource.status.ordinal());
    doc.add_u64(fields.free, u64::from(resource.is_free()));
    doc.add_u64(
        fields.min_age,
        resource.eligibility.min_age.map_or(0, u64::from),
    );
    doc.add_u64(
        fields.max_age,
        resource.eligibility.max_age.map_or(255, u64::from),
    );
    doc.add_u64(fields.remote, u64::from(resource.is_remote()));
    doc.add_u64(fields.order, place_order(point, resource.is_remote()));
    doc.add_u64(fields.has_point, u64::from(point.is_some()));
    let (lat, lon) = point.unwrap_or((0.0, 0.0));
    doc.add_f64(fields.lat, lat);
    doc.add_f64(fields.lon, lon);
    let facts = RuleFacts::of(resource).pack();
    doc.add_i64(fields.verified, facts.verified_at);
    doc.add_u64(fields.facts, facts.flags);
    doc.add_i64(fields.created, facts.created_at);
    doc.add_f64(fields.cost_amount, facts.cost_amount);
    doc.add_u64(
        fields.organization,
        organization_key(&resource.organization.name),
    );
    for key in contact_keys(resource) {
        doc.add_text(fields.contact_key, &key);
    }
    for region in region_keys(resource) {
        doc.add_text(fields.region, &region);
    }
    doc
}

/// The terms of the `region` field of a resource at a place: its
/// municipality and the province the gazetteer puts that municipality in,
/// folded ([`fold_key`]); none for a resource online. An editor whose token
/// names regions may write a resource one of whose terms is a region's
/// folded name (`Engine::require_region` decides the same way from the
/// stored resource).
pub fn region_keys(resource: &Resource) -> Vec<String> {
    /// Municipalities whose keys are held: a file of made-up names does
    /// not grow the cache without bound.
    const MUNICIPALITIES_HELD: usize = 4096;
    let Location::Place { municipality, .. } = &resource.location else {
        return Vec::new();
    };
    thread_local! {
        /// The keys of each municipality seen: a load names a few hundred
        /// municipalities over and over, and each is folded and resolved
        /// in the gazetteer once.
        static KEYS: RefCell<FxHashMap<String, Vec<String>>> =
            RefCell::new(FxHashMap::default());
    }
    KEYS.with(|held| {
        let mut held = held.borrow_mut();
        if let Some(keys) = held.get(municipality.as_str()) {
            return keys.clone();
        }
        if held.len() >= MUNICIPALITIES_HELD {
            held.clear();
        }
        let mut keys = vec![fold_key(municipality)];
        let province = Gazetteer::embedded()
            .resolve(municipality)
            .map(|p| fold_key(&p.province));
        keys.extend(province.filter(|p| *p != keys[0]));
        held.insert(municipality.clone(), keys.clone());
        keys
    })
}

/// The terms of the `contact_key` field of a resource: `p:` + its phone
/// key, `w:` + its website key (see [`crate::duplicates`]).
pub fn contact_keys(resource: &Resource) -> Vec<String> {
    let phone = resource.contact.phone.as_deref().and_then(phone_key);
    let website = resource.contact.website.as_deref().and_then(website_key);
    phone
        .map(|k| format!("p:{k}"))
        .into_iter()
        .chain(website.map(|k| format!("w:{k}")))
        .collect()
}

//! Export: a [`Resource`] as one HSDS 3.0 `service` object in the shape of
//! the official compiled schema, and a stream of them as a JSON array.

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

use super::ids::hsds_id;
use super::terms::{self, term_id, TAXONOMY};
use crate::model::{AvailabilityStatus, Lang, Location, PublicationStatus, Resource, ServiceArea};
use crate::taxonomy::Taxonomy;

/// The `interpretation_services` text written when an interpreter can be arranged.
pub(crate) const INTERPRETER_TEXT: &str = "an interpreter can be arranged";

/// RFC 3339 with as many fraction digits as needed, so parsing gives the same instant.
pub(crate) fn timestamp(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// The snake_case name serde gives a unit enum variant.
fn variant_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Collects the `attributes` of one service with deterministic ids.
struct Attributes<'a> {
    key: &'a str,
    service_id: &'a str,
    list: Vec<Value>,
}

impl Attributes<'_> {
    fn push(&mut self, code: &str, name: &str, description: &str, value: Option<String>) {
        let n = self.list.len();
        let mut attribute = json!({
            "id": hsds_id("attribute", &format!("{}/{n}", self.key)),
            "link_id": self.service_id,
            "taxonomy_term_id": term_id(code),
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term": {
                "id": term_id(code),
                "code": code,
                "name": name,
                "description": description,
                "taxonomy": TAXONOMY,
                "taxonomy_detail": {
                    "id": terms::taxonomy_id(),
                    "name": TAXONOMY,
                    "description": "wegwijs categories and fields without an HSDS home",
                },
            },
        });
        if let Some(value) = value {
            attribute["value"] = Value::String(value);
        }
        self.list.push(attribute);
    }

    /// An attribute carrying one of our fields (see [`terms::FIELD_TERMS`]).
    fn field(&mut self, code: &str, value: impl Into<String>) {
        let description = terms::FIELD_TERMS
            .iter()
            .find(|(c, _)| *c == code)
            .map_or("", |(_, d)| *d);
        self.push(code, code, description, Some(value.into()));
    }
}

/// Inserts `value` under `key` when it is present.
fn put(object: &mut Map<String, Value>, key: &str, value: Option<impl Into<Value>>) {
    if let Some(value) = value {
        object.insert(key.to_string(), value.into());
    }
}

/// Whether `text` looks enough like an email address for `format: email`.
fn is_email(text: &str) -> bool {
    let mut parts = text.split('@');
    matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None)
        if !a.is_empty() && b.contains('.') && !text.contains(char::is_whitespace))
}

/// One HSDS `service` object for `resource`, in the shape of the compiled
/// schema `schema/compiled/service.json`: the service with its
/// `organization`, one `service_at_locations` entry (with its `location`,
/// address and accessibility), `phones`, `languages`, `cost_options`,
/// `schedules`, `service_areas`, `metadata` and `attributes`.
///
/// Every id is a UUID derived from the resource id ([`super::hsds_id`]), so
/// exporting twice gives the same document. Categories become attributes
/// linking terms of the `wegwijs` taxonomy (labelled from `taxonomy`); every
/// field without an HSDS home becomes an attribute under the same taxonomy
/// (see [`terms`]).
pub fn service(resource: &Resource, taxonomy: &Taxonomy) -> Value {
    let key = resource.id.as_str();
    let service_id = hsds_id("service", key);
    // Resources of one organization share its record; name and website
    // together identify it, so two records that disagree stay apart.
    let organization = &resource.organization;
    let organization_id = hsds_id(
        "organization",
        &format!(
            "{}\n{}",
            organization.name,
            organization.website.as_deref().unwrap_or("")
        ),
    );
    let location_id = hsds_id("location", key);
    let sal_id = hsds_id("service_at_location", key);
    let mut attributes = Attributes {
        key,
        service_id: &service_id,
        list: Vec::new(),
    };
    attributes.field(terms::ID, key);

    let mut s = Map::new();
    s.insert("id".into(), json!(service_id));
    s.insert("organization_id".into(), json!(organization_id));
    s.insert("name".into(), json!(resource.name));
    put(&mut s, "description", resource.description.best(Lang::En));
    for (lang, text) in resource.description.iter() {
        let code = match lang {
            Lang::Uk => terms::DESCRIPTION_UK,
            Lang::Nl => terms::DESCRIPTION_NL,
            Lang::En => terms::DESCRIPTION_EN,
        };
        attributes.field(code, text);
    }
    put(&mut s, "url", resource.contact.website.clone());
    put(&mut s, "email", resource.contact.email.clone());
    let closed = matches!(
        &resource.availability,
        Some(a) if a.status == AvailabilityStatus::TemporarilyClosed
    );
    let status = match resource.status {
        PublicationStatus::Published if closed => "temporarily closed",
        PublicationStatus::Published => "active",
        _ => "inactive",
    };
    s.insert("status".into(), json!(status));
    attributes.field(terms::STATUS, variant_name(&resource.status));
    if resource.interpreter_available {
        s.insert("interpretation_services".into(), json!(INTERPRETER_TEXT));
    }
    if resource.is_free() {
        s.insert("fees_description".into(), json!("free"));
    }

    let el = &resource.eligibility;
    put(&mut s, "eligibility_description", el.audience.clone());
    put(&mut s, "minimum_age", el.min_age);
    put(&mut s, "maximum_age", el.max_age);
    for status in &el.legal_statuses {
        attributes.field(terms::LEGAL_STATUS, variant_name(status));
    }
    attributes.field(terms::BSN_REQUIRED, el.bsn_required.to_string());
    for municipality in &el.residents_only {
        attributes.field(terms::RESIDENTS_ONLY, municipality.clone());
    }

    if let Some(availability) = &resource.availability {
        if availability.status == AvailabilityStatus::WaitingList {
            s.insert("wait_time".into(), json!("waiting list"));
        }
        attributes.field(terms::AVAILABILITY, variant_name(&availability.status));
        if let Some(at) = &availability.stated_at {
            attributes.field(terms::AVAILABILITY_STATED_AT, timestamp(at));
        }
    }

    let p = &resource.provenance;
    if let Some(at) = &p.verified_at {
        s.insert(
            "assured_date".into(),
            json!(at.format("%Y-%m-%d").to_string()),
        );
        attributes.field(terms::VERIFIED_AT, timestamp(at));
    }
    if let Some(by) = &p.verified_by {
        if is_email(by) {
            s.insert("assurer_email".into(), json!(by));
        }
        attributes.field(terms::VERIFIED_BY, by.clone());
    }
    s.insert("last_modified".into(), json!(timestamp(&p.updated_at)));
    attributes.field(terms::SOURCE, p.source.clone());
    attributes.field(terms::CREATED_AT, timestamp(&p.created_at));

    if let Some(phone) = &resource.contact.phone {
        s.insert(
            "phones".into(),
            json!([{
                "id": hsds_id("phone", key),
                "service_id": service_id,
                "number": phone,
            }]),
        );
    }
    if let Some(link) = &resource.contact.telegram {
        attributes.field(terms::TELEGRAM, link.clone());
    }
    if let Some(link) = &resource.contact.whatsapp {
        attributes.field(terms::WHATSAPP, link.clone());
    }
    if let Some(hours) = &resource.opening_hours {
        s.insert(
            "schedules".into(),
            json!([{
                "id": hsds_id("schedule", key),
                "service_id": service_id,
                "description": hours,
            }]),
        );
    }
    if let Some(area) = &resource.service_area {
        s.insert(
            "service_areas".into(),
            service_areas(key, &service_id, area),
        );
    }

    s.insert(
        "service_at_locations".into(),
        json!([{
            "id": sal_id,
            "service_id": service_id,
            "location_id": location_id,
            "location": location(resource, key, &location_id, &mut attributes),
        }]),
    );

    let languages: Vec<Value> = resource
        .languages
        .iter()
        .map(|code| {
            json!({
                "id": hsds_id("language", &format!("{key}/{code}")),
                "service_id": service_id,
                "code": code,
            })
        })
        .collect();
    s.insert("languages".into(), Value::Array(languages));

    let mut organization = Map::new();
    organization.insert("id".into(), json!(organization_id));
    organization.insert("name".into(), json!(resource.organization.name));
    organization.insert("description".into(), json!(""));
    put(
        &mut organization,
        "website",
        resource.organization.website.clone(),
    );
    s.insert("organization".into(), Value::Object(organization));

    if let Some(cost) = &resource.cost {
        let mut option = Map::new();
        option.insert("id".into(), json!(hsds_id("cost_option", key)));
        option.insert("service_id".into(), json!(service_id));
        option.insert("option".into(), json!(variant_name(&cost.kind)));
        put(&mut option, "currency", cost.currency.clone());
        put(&mut option, "amount", cost.amount);
        put(&mut option, "amount_description", cost.note.clone());
        s.insert("cost_options".into(), json!([Value::Object(option)]));
    }

    s.insert(
        "metadata".into(),
        json!([{
            "id": hsds_id("metadata", key),
            "resource_id": service_id,
            "resource_type": "service",
            "last_action_date": p.created_at.format("%Y-%m-%d").to_string(),
            "last_action_type": "create",
            "field_name": "source",
            "previous_value": "",
            "replacement_value": p.source,
            "updated_by": "wegwijs",
        }]),
    );

    if resource.synthetic {
        attributes.field(terms::SYNTHETIC, "true");
    }
    for code in &resource.categories {
        let (name, description) = match taxonomy.category(code) {
            Some(c) => (
                c.labels.get(Lang::En).to_string(),
                c.labels.get(Lang::Nl).to_string(),
            ),
            None => (code.clone(), String::new()),
        };
        attributes.push(code, &name, &description, None);
    }
    s.insert("attributes".into(), Value::Array(attributes.list));
    Value::Object(s)
}

/// The `service_areas` of one service.
fn service_areas(key: &str, service_id: &str, area: &ServiceArea) -> Value {
    let id = |n: usize| hsds_id("service_area", &format!("{key}/{n}"));
    match area {
        ServiceArea::Radius { km } => json!([{
            "id": id(0),
            "service_id": service_id,
            "name": format!("within {km} km"),
            "extent_type": "radius",
            "extent": format!("radius_km={km}"),
        }]),
        ServiceArea::National => json!([{
            "id": id(0),
            "service_id": service_id,
            "name": "Nederland",
            "extent_type": "country",
        }]),
        ServiceArea::Municipalities { municipalities } => Value::Array(
            municipalities
                .iter()
                .enumerate()
                .map(|(n, m)| {
                    json!({
                        "id": id(n),
                        "service_id": service_id,
                        "name": m,
                        "extent_type": "municipality",
                    })
                })
                .collect(),
        ),
    }
}

/// The `location` of one service at a location.
fn location(resource: &Resource, key: &str, id: &str, attributes: &mut Attributes) -> Value {
    let mut l = Map::new();
    l.insert("id".into(), json!(id));
    match &resource.location {
        Location::Place {
            address,
            municipality,
            lat,
            lon,
            approximate,
        } => {
            l.insert("location_type".into(), json!("physical"));
            l.insert("name".into(), json!(municipality));
            l.insert("latitude".into(), json!(lat));
            l.insert("longitude".into(), json!(lon));
            l.insert(
                "addresses".into(),
                json!([{
                    "id": hsds_id("address", key),
                    "location_id": id,
                    "address_1": address.clone().unwrap_or_default(),
                    "city": municipality,
                    "state_province": "",
                    "postal_code": "",
                    "country": "NL",
                    "address_type": "physical",
                }]),
            );
            if *approximate {
                attributes.field(terms::APPROXIMATE_LOCATION, "true");
            }
        }
        Location::Online => {
            l.insert("location_type".into(), json!("virtual"));
            l.insert("name".into(), json!("online"));
        }
    }
    if let Some(text) = &resource.accessibility {
        l.insert(
            "accessibility".into(),
            json!([{
                "id": hsds_id("accessibility", key),
                "location_id": id,
                "description": text,
            }]),
        );
    }
    Value::Object(l)
}

/// A resource as one HSDS `service_at_location` (the compiled
/// `service_at_location.json` form): the service delivered at its one
/// location, with the location and the service (with its organization)
/// nested. The same ids as [`service`], so the two forms describe one
/// record.
pub fn service_at_location(resource: &Resource, taxonomy: &Taxonomy) -> Value {
    let mut service = service(resource, taxonomy);
    let Some(fields) = service.as_object_mut() else {
        return Value::Null;
    };
    let mut sal = match fields.remove("service_at_locations") {
        Some(Value::Array(mut list)) if !list.is_empty() => list.swap_remove(0),
        _ => Value::Null,
    };
    if let Some(object) = sal.as_object_mut() {
        object.insert("service".into(), service);
    }
    sal
}

/// Writes `resources` as a JSON array of HSDS `service_at_location`
/// objects (see [`service_at_location`]), streaming like [`write_json`].
pub fn write_service_at_locations<W: Write>(
    resources: impl Iterator<Item = Resource>,
    taxonomy: &Taxonomy,
    out: W,
) -> io::Result<()> {
    write_array(resources, out, |r| service_at_location(r, taxonomy))
}

/// Writes `resources` as a JSON array of HSDS `service` objects (see
/// [`service`]), one at a time, so memory stays constant however many
/// resources there are.
pub fn write_json<W: Write>(
    resources: impl Iterator<Item = Resource>,
    taxonomy: &Taxonomy,
    out: W,
) -> io::Result<()> {
    write_array(resources, out, |r| service(r, taxonomy))
}

/// A JSON array of `form(resource)`, one element a line, one at a time.
fn write_array<W: Write>(
    resources: impl Iterator<Item = Resource>,
    mut out: W,
    form: impl Fn(&Resource) -> Value,
) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, resource) in resources.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(b"\n")?;
        serde_json::to_writer(&mut out, &form(&resource))?;
    }
    out.write_all(b"\n]\n")?;
    out.flush()
}

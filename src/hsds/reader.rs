//! Reading one HSDS `service` object (compiled-schema shape) into resources:
//! one per `service_at_location`, every problem named by its JSON path.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::ids::hsds_id;
use super::mapping::TermMapping;
use super::read_fields::{join, parse_time, variant, Errors};
use super::read_parts::{read_cost, read_location, read_schedules, read_service_area};
use super::terms::{self, TAXONOMY};
use crate::model::{
    Availability, AvailabilityStatus, Contact, Eligibility, FieldError, LegalStatus, LocalizedText,
    Organization, Provenance, PublicationStatus, Resource, ResourceId,
};
use crate::taxonomy::Taxonomy;

/// What the reader needs besides the record.
pub(crate) struct Context<'a> {
    pub taxonomy: &'a Taxonomy,
    pub mapping: &'a TermMapping,
    /// The time used when a record carries no timestamp at all.
    pub now: DateTime<Utc>,
}

/// One attribute as read: its taxonomy, term code and name, and value.
struct Term {
    taxonomy: String,
    code: Option<String>,
    name: Option<String>,
    value: Option<String>,
}

fn read_terms(errors: &mut Errors, service: &Value, path: &str) -> Vec<Term> {
    let mut out = Vec::new();
    for (i, attribute) in errors.array(service, path, "attributes").iter().enumerate() {
        let at = format!("{}[{i}]", join(path, "attributes"));
        let value = errors.text(attribute, &at, "value");
        let term = attribute.get("taxonomy_term").unwrap_or(&Value::Null);
        let term_path = join(&at, "taxonomy_term");
        let detail_name = term
            .get("taxonomy_detail")
            .and_then(|d| d.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let taxonomy = errors
            .text(term, &term_path, "taxonomy")
            .or(detail_name)
            .unwrap_or_default();
        out.push(Term {
            taxonomy,
            code: errors.text(term, &term_path, "code"),
            name: errors.text(term, &term_path, "name"),
            value,
        });
    }
    out
}

/// Reads `service` (at JSON path `path`) into one resource per
/// `service_at_locations` entry (or one, without a location, when it has
/// none). `organization` stands in when the service has no `organization`
/// of its own (a service listed inside an organization). `only_sal` limits
/// the output to the given service_at_location object (the
/// `service_at_location` form, where the service sits inside it).
pub(crate) fn resources(
    service: &Value,
    path: &str,
    organization: Option<&Value>,
    only_sal: Option<(&Value, &str)>,
    cx: &Context,
) -> Result<Vec<Resource>, Vec<FieldError>> {
    let mut errors = Errors(Vec::new());
    if !service.is_object() {
        errors.add(
            if path.is_empty() { "record" } else { path },
            "must be an object",
        );
        return Err(errors.0);
    }
    let sals: Vec<(Value, String)> = match only_sal {
        Some((sal, sal_path)) => vec![(sal.clone(), sal_path.to_string())],
        None => errors
            .array(service, path, "service_at_locations")
            .iter()
            .enumerate()
            .map(|(i, sal)| {
                (
                    sal.clone(),
                    format!("{}[{i}]", join(path, "service_at_locations")),
                )
            })
            .collect(),
    };
    let mut out = Vec::new();
    if sals.is_empty() {
        out.push(resource(&mut errors, service, path, organization, None, cx));
    }
    for (sal, sal_path) in &sals {
        out.push(resource(
            &mut errors,
            service,
            path,
            organization,
            Some((sal, sal_path)),
            cx,
        ));
    }
    if errors.0.is_empty() {
        Ok(out)
    } else {
        Err(errors.0)
    }
}

fn resource(
    errors: &mut Errors,
    s: &Value,
    path: &str,
    parent_organization: Option<&Value>,
    sal: Option<(&Value, &str)>,
    cx: &Context,
) -> Resource {
    let mut notes: Vec<String> = Vec::new();
    let terms_read = read_terms(errors, s, path);
    let field = |code: &str| -> Vec<String> {
        terms_read
            .iter()
            .filter(|t| t.taxonomy == TAXONOMY && t.code.as_deref() == Some(code))
            .filter_map(|t| t.value.clone())
            .collect()
    };
    let first = |code: &str| field(code).first().map(|v| v.to_string());
    let service_id = errors.text(s, path, "id").unwrap_or_default();

    let name = errors.text(s, path, "name");
    if name.is_none() {
        errors.add(&join(path, "name"), "is required");
    }

    // Our id, else one made from the HSDS service_at_location (or service) id.
    let id = match first(terms::ID) {
        Some(id) => ResourceId(id),
        None => {
            let hsds = sal
                .and_then(|(v, _)| v.get("id").and_then(Value::as_str))
                .unwrap_or(&service_id)
                .to_ascii_lowercase();
            let candidate = ResourceId(format!("hsds-{hsds}"));
            if candidate.is_well_formed() {
                candidate
            } else {
                ResourceId(format!("hsds-{}", hsds_id("import", &hsds)))
            }
        }
    };

    let mut description = LocalizedText {
        uk: first(terms::DESCRIPTION_UK),
        nl: first(terms::DESCRIPTION_NL),
        en: first(terms::DESCRIPTION_EN),
    };
    if description.iter().next().is_none() {
        // HSDS has one description without a language; our feeds' is English.
        description.en = errors.text(s, path, "description");
    }

    let (org_value, org_path) = match s.get("organization").filter(|o| o.is_object()) {
        Some(o) => (Some(o), join(path, "organization")),
        None => (parent_organization, "organization".to_string()),
    };
    let organization = match org_value {
        Some(o) => Organization {
            name: errors.text(o, &org_path, "name").unwrap_or_default(),
            website: errors.text(o, &org_path, "website"),
        },
        None => Organization::default(),
    };
    if organization.name.is_empty() {
        errors.add(
            &join(&org_path, "name"),
            "is required: the organization offering the service",
        );
    }

    // Categories: our own terms, then other vocabularies through the mapping.
    let mut categories: Vec<String> = Vec::new();
    let mut foreign: Vec<String> = Vec::new();
    for t in &terms_read {
        let code = t.code.as_deref();
        if t.taxonomy == TAXONOMY {
            if let Some(c) = code.filter(|c| !c.starts_with("wegwijs:")) {
                if cx.taxonomy.is_category(c) && !categories.iter().any(|x| x == c) {
                    categories.push(c.to_string());
                } else if !cx.taxonomy.is_category(c) {
                    foreign.push(format!("{TAXONOMY}/{c}"));
                }
            }
            continue;
        }
        if let Some(c) = cx.mapping.lookup(&t.taxonomy, code, t.name.as_deref()) {
            if cx.taxonomy.is_category(c) && !categories.iter().any(|x| x == c) {
                categories.push(c.to_string());
            }
        }
        let label = match (code, t.name.as_deref()) {
            (Some(c), Some(n)) if c != n => format!("{}/{c} ({n})", t.taxonomy),
            (Some(c), _) => format!("{}/{c}", t.taxonomy),
            (None, Some(n)) => format!("{}/{n}", t.taxonomy),
            (None, None) => continue,
        };
        foreign.push(label);
    }
    if !foreign.is_empty() {
        notes.push(format!("hsds terms: {}", foreign.join(", ")));
    }

    let approximate = first(terms::APPROXIMATE_LOCATION).as_deref() == Some("true");
    let location = read_location(errors, sal, approximate, &mut notes);
    let service_area = read_service_area(errors, s, path);

    let mut languages: Vec<String> = Vec::new();
    for (i, l) in errors.array(s, path, "languages").iter().enumerate() {
        let at = format!("{}[{i}]", join(path, "languages"));
        if let Some(code) = errors.text(l, &at, "code") {
            if !languages.contains(&code) {
                languages.push(code);
            }
        }
    }

    let legal_statuses = field(terms::LEGAL_STATUS)
        .iter()
        .filter_map(|v| variant::<LegalStatus>(v))
        .collect();
    let eligibility = Eligibility {
        min_age: errors.age(s, path, "minimum_age"),
        max_age: errors.age(s, path, "maximum_age"),
        audience: errors.text(s, path, "eligibility_description"),
        legal_statuses,
        bsn_required: first(terms::BSN_REQUIRED).as_deref() == Some("true"),
        residents_only: field(terms::RESIDENTS_ONLY),
    };

    let cost = read_cost(errors, s, path);
    let hsds_status = errors.text(s, path, "status");
    let availability = match first(terms::AVAILABILITY).and_then(|v| variant(&v)) {
        Some(status) => Some(Availability {
            status,
            stated_at: first(terms::AVAILABILITY_STATED_AT).and_then(|t| parse_time(&t)),
        }),
        None if hsds_status.as_deref() == Some("temporarily closed") => Some(Availability {
            status: AvailabilityStatus::TemporarilyClosed,
            stated_at: None,
        }),
        None => None,
    };

    let phone = [
        Some(s),
        sal.map(|(v, _)| v),
        sal.and_then(|(v, _)| v.get("location")),
    ]
    .into_iter()
    .flatten()
    .flat_map(|v| {
        v.get("phones")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
    })
    .find_map(|p| p.get("number").and_then(Value::as_str))
    .map(|n| n.trim().trim_matches('"').to_string())
    .filter(|n| !n.is_empty());
    let contact = Contact {
        phone,
        email: errors.text(s, path, "email"),
        website: errors.text(s, path, "url"),
        telegram: first(terms::TELEGRAM),
        whatsapp: first(terms::WHATSAPP),
    };

    let opening_hours = read_schedules(s, sal.map(|(v, _)| v));
    let accessibility = sal
        .and_then(|(v, _)| v.get("location"))
        .and_then(|l| l.get("accessibility"))
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(|a| a.get("description"))
        .and_then(Value::as_str)
        .filter(|t| !t.trim().is_empty())
        .map(str::to_string);

    let last_modified = errors.text(s, path, "last_modified");
    let updated_at = last_modified.as_deref().and_then(parse_time);
    let created_at = first(terms::CREATED_AT)
        .and_then(|t| parse_time(&t))
        .or(updated_at)
        .unwrap_or(cx.now);
    let metadata_source = s
        .get("metadata")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|m| m.get("field_name").and_then(Value::as_str) == Some("source"))
        .and_then(|m| m.get("replacement_value").and_then(Value::as_str))
        .map(str::to_string);
    let assured = errors.text(s, path, "assured_date");
    let mut provenance = Provenance {
        source: first(terms::SOURCE)
            .or(metadata_source)
            .unwrap_or_else(|| format!("hsds service {service_id}")),
        created_at,
        updated_at: updated_at.unwrap_or(created_at),
        verified_at: first(terms::VERIFIED_AT)
            .or(assured)
            .and_then(|t| parse_time(&t)),
        verified_by: first(terms::VERIFIED_BY).or_else(|| errors.text(s, path, "assurer_email")),
    };

    let mut status = match first(terms::STATUS).and_then(|v| variant(&v)) {
        Some(status) => status,
        None => match hsds_status.as_deref() {
            Some("inactive") | Some("defunct") => PublicationStatus::Archived,
            _ => PublicationStatus::Published,
        },
    };
    if categories.is_empty() {
        status = PublicationStatus::Pending;
        notes.insert(
            0,
            "pending: no wegwijs category for its taxonomy terms".to_string(),
        );
    }
    if !notes.is_empty() {
        // The note lives in the source so that editors see it in every view
        // of the record; the source is limited to 500 bytes.
        let note = notes.join("; ");
        provenance.source = clip_to(&format!("{} [{note}]", provenance.source), 500);
    }

    Resource {
        id,
        name: name.unwrap_or_default(),
        description,
        organization,
        categories,
        location,
        service_area,
        languages,
        interpreter_available: errors.text(s, path, "interpretation_services").is_some(),
        eligibility,
        cost,
        availability,
        contact,
        opening_hours,
        accessibility,
        provenance,
        status,
        synthetic: first(terms::SYNTHETIC).as_deref() == Some("true"),
    }
}

/// Cuts `text` to at most `max` bytes on a character boundary.
fn clip_to(text: &str, max: usize) -> String {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

//! The resource a filled-in "add a resource" form describes: the form's
//! own checks (a known place, numbers that are numbers, no direction
//! overrides); the model's rules are the engine's to check.

use chrono::Utc;

use super::params::Params;
use super::resource::is_direction_override;
use crate::gazetteer::Gazetteer;
use crate::model::{
    Availability, AvailabilityStatus, Contact, Cost, CostKind, Eligibility, FieldError,
    LocalizedText, Location, Organization, Principal, Provenance, PublicationStatus, Resource,
    ResourceId,
};

/// An optional text field: `None` when blank.
fn opt(form: &Params, name: &str) -> Option<String> {
    form.get(name).map(str::to_string)
}

/// Builds the resource from the form. The errors are the form's own
/// (unknown place, a number that is not a number, direction overrides);
/// the model's rules are checked by the engine.
pub fn build(
    gazetteer: &Gazetteer,
    form: &Params,
    editor: Option<&Principal>,
) -> (Resource, Vec<FieldError>) {
    let mut errors = Vec::new();
    for (name, value) in form.pairs() {
        if value.chars().any(is_direction_override) {
            errors.push(FieldError::new(
                name.clone(),
                "must not contain direction-override characters",
            ));
        }
    }
    let now = Utc::now();
    let location = if form.get("location_kind") == Some("online") {
        Location::Online
    } else {
        let place = form.text("place");
        let found = gazetteer.resolve(&place);
        match (place.is_empty(), found) {
            (true, _) => {
                errors.push(FieldError::new("location.municipality", "is required"));
                Location::Online
            }
            (false, None) => {
                let shown: String = place.chars().take(60).collect();
                errors.push(FieldError::new(
                    "location.municipality",
                    format!("unknown place '{shown}'"),
                ));
                Location::Online
            }
            (false, Some(p)) => Location::Place {
                address: opt(form, "address"),
                municipality: p.municipality.clone(),
                lat: p.coordinate.lat(),
                lon: p.coordinate.lon(),
                approximate: true,
            },
        }
    };
    let mut languages = form.all("languages");
    for code in form.text("other_languages").split([',', ' ', ';']) {
        let code = code.trim().to_ascii_lowercase();
        if !code.is_empty() && !languages.contains(&code) {
            languages.push(code);
        }
    }
    let mut number = |name: &str, field: &str| -> Option<f64> {
        let text = form.get(name)?.replace(',', ".");
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Some(v),
            _ => {
                errors.push(FieldError::new(field, "must be a number"));
                None
            }
        }
    };
    let amount = number("cost_amount", "cost.amount");
    let min_age = number("min_age", "eligibility.min_age");
    let max_age = number("max_age", "eligibility.max_age");
    let mut age = |v: Option<f64>, field: &str| -> Option<u8> {
        let v = v?;
        if v.fract() == 0.0 && (0.0..=120.0).contains(&v) {
            Some(v as u8)
        } else {
            errors.push(FieldError::new(
                field,
                "must be a whole number from 0 to 120",
            ));
            None
        }
    };
    let eligibility = Eligibility {
        min_age: age(min_age, "eligibility.min_age"),
        max_age: age(max_age, "eligibility.max_age"),
        ..Eligibility::default()
    };
    let cost_kind = match form.get("cost_kind") {
        Some("free") => Some(CostKind::Free),
        Some("paid") => Some(CostKind::Paid),
        Some("reduced") => Some(CostKind::Reduced),
        _ => None,
    };
    let cost = cost_kind.map(|kind| Cost {
        kind,
        amount: amount.filter(|_| kind != CostKind::Free),
        currency: amount
            .filter(|_| kind != CostKind::Free)
            .map(|_| "EUR".to_string()),
        note: opt(form, "cost_note"),
    });
    let availability = match form.get("availability") {
        Some("accepting") => Some(AvailabilityStatus::Accepting),
        Some("waiting_list") => Some(AvailabilityStatus::WaitingList),
        Some("full") => Some(AvailabilityStatus::Full),
        Some("temporarily_closed") => Some(AvailabilityStatus::TemporarilyClosed),
        _ => None,
    }
    .map(|status| Availability {
        status,
        stated_at: Some(now),
    });
    let resource = Resource {
        id: ResourceId::generate(),
        name: form.text("name"),
        description: LocalizedText {
            uk: opt(form, "description_uk"),
            nl: opt(form, "description_nl"),
            en: opt(form, "description_en"),
        },
        organization: Organization {
            name: form.text("organization"),
            website: opt(form, "organization_website"),
        },
        categories: form.all("category"),
        location,
        service_area: None,
        languages,
        interpreter_available: form.flag("interpreter"),
        eligibility,
        cost,
        availability,
        contact: Contact {
            phone: opt(form, "phone"),
            email: opt(form, "email"),
            website: opt(form, "website"),
            telegram: opt(form, "telegram"),
            whatsapp: opt(form, "whatsapp"),
        },
        opening_hours: opt(form, "opening_hours"),
        accessibility: opt(form, "accessibility"),
        provenance: Provenance {
            source: opt(form, "source").unwrap_or_else(|| "web form".to_string()),
            created_at: now,
            updated_at: now,
            // An editor who publishes vouches for the record.
            verified_at: editor.map(|_| now),
            verified_by: editor.map(|p| p.name.clone()),
        },
        status: if editor.is_some() {
            PublicationStatus::Published
        } else {
            PublicationStatus::Pending
        },
        synthetic: false,
    };
    (resource, errors)
}

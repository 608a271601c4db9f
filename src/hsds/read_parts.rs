//! Reading the parts of an HSDS service that need more than one field:
//! the location, the service area, the cost and the schedules.

use serde_json::Value;

use super::read_fields::{clip, join, variant, Errors};
use crate::gazetteer::Gazetteer;
use crate::model::{Cost, CostKind, Location, ServiceArea};

/// The location of one service_at_location: a place with a point, else a
/// place whose point comes from the gazetteer, else online (with a note).
pub(crate) fn read_location(
    errors: &mut Errors,
    sal: Option<(&Value, &str)>,
    approximate: bool,
    notes: &mut Vec<String>,
) -> Location {
    let Some((sal, sal_path)) = sal else {
        notes.push("no service_at_locations: imported as online".to_string());
        return Location::Online;
    };
    let Some(l) = sal.get("location").filter(|l| l.is_object()) else {
        notes.push(format!(
            "{sal_path}.location is missing: imported as online"
        ));
        return Location::Online;
    };
    let path = join(sal_path, "location");
    if errors.text(l, &path, "location_type").as_deref() == Some("virtual") {
        return Location::Online;
    }
    let addresses = errors.array(l, &path, "addresses");
    let address = addresses
        .iter()
        .find(|a| a.get("address_type").and_then(Value::as_str) == Some("physical"))
        .or(addresses.first());
    let at = format!("{}[0]", join(&path, "addresses"));
    let (line, city) = match address {
        Some(a) => {
            let line = errors.text(a, &at, "address_1");
            let postal = errors.text(a, &at, "postal_code");
            let line = match (line, postal) {
                (Some(l), Some(p)) => Some(format!("{l}, {p}")),
                (l, p) => l.or(p),
            };
            (line, errors.text(a, &at, "city"))
        }
        None => (None, None),
    };
    let city = city.or_else(|| errors.text(l, &path, "name"));
    let lat = errors.number(l, &path, "latitude");
    let lon = errors.number(l, &path, "longitude");
    let point = match (lat, lon) {
        (Some(lat), Some(lon))
            if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) =>
        {
            Some((lat, lon))
        }
        (None, None) => None,
        _ => {
            notes.push(format!("{path}.latitude/longitude out of range"));
            None
        }
    };
    match (point, city) {
        (Some((lat, lon)), Some(municipality)) => Location::Place {
            address: line,
            municipality,
            lat,
            lon,
            approximate,
        },
        (None, Some(city)) => match Gazetteer::embedded().resolve(&city) {
            Some(place) => {
                notes.push(format!("{path}: point taken from the place name"));
                Location::Place {
                    address: line,
                    municipality: place.municipality.clone(),
                    lat: place.coordinate.lat(),
                    lon: place.coordinate.lon(),
                    approximate: true,
                }
            }
            None => {
                notes.push(format!(
                    "{path}: no usable point for '{}': imported as online",
                    clip(&city)
                ));
                Location::Online
            }
        },
        (_, None) => {
            notes.push(format!("{path}: no city in addresses: imported as online"));
            Location::Online
        }
    }
}

/// The service area: a radius, the whole country, or municipalities by name.
/// Areas of other kinds (GeoJSON, postcodes) are left out.
pub(crate) fn read_service_area(errors: &mut Errors, s: &Value, path: &str) -> Option<ServiceArea> {
    let mut municipalities = Vec::new();
    for (i, area) in errors.array(s, path, "service_areas").iter().enumerate() {
        let at = format!("{}[{i}]", join(path, "service_areas"));
        let kind = errors
            .text(area, &at, "extent_type")
            .map(|k| k.to_ascii_lowercase());
        let name = errors.text(area, &at, "name");
        match kind.as_deref() {
            Some("radius") => {
                let extent = errors.text(area, &at, "extent").unwrap_or_default();
                match extent
                    .trim()
                    .strip_prefix("radius_km=")
                    .map(str::parse::<f64>)
                {
                    Some(Ok(km)) => return Some(ServiceArea::Radius { km }),
                    _ => errors.add(&join(&at, "extent"), "a radius must read 'radius_km=N'"),
                }
            }
            Some("country") | Some("national") => return Some(ServiceArea::National),
            None | Some("municipality") | Some("gemeente") => match name {
                Some(n)
                    if ["nederland", "netherlands", "the netherlands"]
                        .contains(&n.trim().to_lowercase().as_str()) =>
                {
                    return Some(ServiceArea::National)
                }
                Some(n) => municipalities.push(n),
                None => {}
            },
            Some(_) => {}
        }
    }
    (!municipalities.is_empty()).then_some(ServiceArea::Municipalities { municipalities })
}

/// The first cost option. `option` names our kind when we wrote it;
/// otherwise an amount of 0 (or "free" in the fees) means free.
pub(crate) fn read_cost(errors: &mut Errors, s: &Value, path: &str) -> Option<Cost> {
    let fees = errors.text(s, path, "fees_description");
    let options = errors.array(s, path, "cost_options");
    let Some(option) = options.first() else {
        return fees
            .filter(|f| f.trim().eq_ignore_ascii_case("free"))
            .map(|_| Cost {
                kind: CostKind::Free,
                amount: None,
                currency: None,
                note: None,
            });
    };
    let at = format!("{}[0]", join(path, "cost_options"));
    let amount = errors.number(option, &at, "amount");
    let label = errors.text(option, &at, "option");
    let mut note = errors.text(option, &at, "amount_description");
    let kind = match label.as_deref().and_then(variant::<CostKind>) {
        Some(kind) => kind,
        None => {
            if let Some(label) = label {
                // A condition such as "Under 18s and Over 60s" is kept as the note.
                note = Some(match note {
                    Some(n) => format!("{label}: {n}"),
                    None => label,
                });
            }
            if amount == Some(0.0) {
                CostKind::Free
            } else {
                CostKind::Paid
            }
        }
    };
    Some(Cost {
        kind,
        amount,
        currency: errors
            .text(option, &at, "currency")
            .map(|c| c.trim().to_ascii_uppercase()),
        note,
    })
}

/// Opening hours as text: each schedule's description, else its structured
/// parts (`byday`, `opens_at`–`closes_at`, `freq`) written out.
pub(crate) fn read_schedules(s: &Value, sal: Option<&Value>) -> Option<String> {
    let schedules = [Some(s), sal].into_iter().flatten().flat_map(|v| {
        v.get("schedules")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
    });
    let get = |v: &Value, k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .filter(|t| !t.trim().is_empty())
            .map(str::to_string)
    };
    let mut texts: Vec<String> = Vec::new();
    for schedule in schedules {
        let text = match get(schedule, "description") {
            Some(d) => d,
            None => {
                let days = get(schedule, "byday");
                let hours = match (get(schedule, "opens_at"), get(schedule, "closes_at")) {
                    (Some(o), Some(c)) => Some(format!("{o}–{c}")),
                    (o, c) => o.or(c),
                };
                let parts: Vec<String> =
                    [get(schedule, "freq").map(|f| f.to_lowercase()), days, hours]
                        .into_iter()
                        .flatten()
                        .collect();
                if parts.is_empty() {
                    continue;
                }
                parts.join(" ")
            }
        };
        if !texts.contains(&text) {
            texts.push(text);
        }
    }
    (!texts.is_empty()).then(|| texts.join("; "))
}

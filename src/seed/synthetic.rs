//! The deterministic synthetic generator: realistic-looking resources spread
//! over real Dutch places, every one marked `synthetic: true`, named as
//! synthetic, and with no real-looking phone numbers or addresses.

use chrono::{DateTime, Duration, TimeZone, Utc};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use crate::gazetteer::Gazetteer;
use crate::model::{
    Availability, AvailabilityStatus, Contact, Cost, CostKind, Eligibility, LegalStatus,
    LocalizedText, Location, Organization, Provenance, PublicationStatus, Resource, ResourceId,
    ServiceArea,
};
use crate::taxonomy::Taxonomy;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntheticOptions {
    /// How many resources.
    pub count: usize,
    /// The random seed; the same seed gives the same data.
    pub seed: u64,
}

/// The fixed reference date of the generator, so output does not depend on the clock.
fn reference_date() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

/// Picks an index by weight from a cumulative weight table.
fn pick_weighted(rng: &mut SmallRng, cumulative: &[u64]) -> usize {
    let total = cumulative.last().copied().unwrap_or(1).max(1);
    let x = rng.gen_range(0..total);
    cumulative.partition_point(|&c| c <= x)
}

fn chance(rng: &mut SmallRng, percent: u32) -> bool {
    rng.gen_range(0..100) < percent
}

/// Generates `options.count` synthetic resources, deterministically.
pub fn synthetic_resources(
    options: SyntheticOptions,
    taxonomy: &Taxonomy,
    gazetteer: &Gazetteer,
) -> Vec<Resource> {
    synthetic_iter(options, taxonomy, gazetteer).collect()
}

/// The records of [`synthetic_resources`], one at a time: a million of them
/// need not be in memory at once.
pub fn synthetic_iter<'a>(
    options: SyntheticOptions,
    taxonomy: &'a Taxonomy,
    gazetteer: &'a Gazetteer,
) -> impl Iterator<Item = Resource> + 'a {
    let mut rng = SmallRng::seed_from_u64(options.seed);
    let places = gazetteer.places();
    let mut cumulative = Vec::with_capacity(places.len());
    let mut acc = 0u64;
    for p in places {
        acc += p.population.max(100);
        cumulative.push(acc);
    }
    let categories = taxonomy.categories();
    let reference = reference_date();
    (0..options.count).map(move |i| {
        let place = &places[pick_weighted(&mut rng, &cumulative).min(places.len() - 1)];
        let category = &categories[rng.gen_range(0..categories.len())];
        let mut codes = vec![category.code.clone()];
        if chance(&mut rng, 15) {
            let extra = &categories[rng.gen_range(0..categories.len())];
            if extra.code != category.code {
                codes.push(extra.code.clone());
            }
        }

        let online = chance(&mut rng, 5);
        let location = if online {
            Location::Online
        } else {
            // Up to about 2 km from the place's centre.
            let lat = place.coordinate.lat() + rng.gen_range(-0.018..0.018);
            let lon = place.coordinate.lon() + rng.gen_range(-0.03..0.03);
            Location::Place {
                address: None,
                municipality: place.municipality.clone(),
                lat,
                lon,
                approximate: true,
            }
        };
        let service_area = if online || chance(&mut rng, 3) {
            Some(ServiceArea::National)
        } else if chance(&mut rng, 50) {
            Some(ServiceArea::Radius {
                km: f64::from(rng.gen_range(3..40u32)),
            })
        } else {
            Some(ServiceArea::Municipalities {
                municipalities: vec![place.municipality.clone()],
            })
        };

        let languages = languages(&mut rng);
        let (min_age, max_age) = match rng.gen_range(0..10) {
            0 => (Some(4), Some(12)),
            1 => (Some(12), Some(18)),
            2 => (Some(18), None),
            3 => (Some(60), None),
            4 => (None, Some(6)),
            _ => (None, None),
        };
        let legal_statuses = match rng.gen_range(0..10) {
            0..=5 => vec![LegalStatus::Anyone],
            6 => vec![LegalStatus::TemporaryProtection],
            7 => vec![
                LegalStatus::TemporaryProtection,
                LegalStatus::ThirdCountryNational,
            ],
            8 => vec![
                LegalStatus::TemporaryProtection,
                LegalStatus::StatusHolder,
                LegalStatus::AsylumSeeker,
            ],
            _ => Vec::new(),
        };
        let eligibility = Eligibility {
            min_age,
            max_age,
            audience: None,
            legal_statuses,
            bsn_required: chance(&mut rng, 10),
            residents_only: if !online && chance(&mut rng, 5) {
                vec![place.municipality.clone()]
            } else {
                Vec::new()
            },
        };
        let cost = match rng.gen_range(0..100) {
            0..=44 => Cost {
                kind: CostKind::Free,
                amount: None,
                currency: None,
                note: None,
            },
            45..=79 => Cost {
                kind: CostKind::Paid,
                amount: Some(f64::from(rng.gen_range(5..80u32))),
                currency: Some("EUR".into()),
                note: None,
            },
            _ => Cost {
                kind: CostKind::Reduced,
                amount: Some(f64::from(rng.gen_range(1..20u32))),
                currency: Some("EUR".into()),
                note: None,
            },
        };
        let status = match rng.gen_range(0..100) {
            0..=59 => AvailabilityStatus::Accepting,
            60..=84 => AvailabilityStatus::WaitingList,
            85..=94 => AvailabilityStatus::Full,
            _ => AvailabilityStatus::TemporarilyClosed,
        };
        let created = reference - Duration::days(rng.gen_range(30..900));
        let verified_at =
            chance(&mut rng, 70).then(|| reference - Duration::days(rng.gen_range(0..730)));
        let publication = match rng.gen_range(0..100) {
            0..=91 => PublicationStatus::Published,
            92..=95 => PublicationStatus::Pending,
            96..=97 => PublicationStatus::Draft,
            _ => PublicationStatus::Archived,
        };
        let org_number = rng.gen_range(1..=(options.count / 3).max(1));
        let where_uk = if online {
            "онлайн".to_string()
        } else {
            place.name.clone()
        };
        let where_nl = if online {
            "online".to_string()
        } else {
            place.name.clone()
        };
        let syn = |list: &[String], rng: &mut SmallRng| -> String {
            if list.is_empty() {
                String::new()
            } else {
                list[rng.gen_range(0..list.len())].clone()
            }
        };
        let (s_uk, s_nl, s_en) = (
            syn(&category.synonyms.uk, &mut rng),
            syn(&category.synonyms.nl, &mut rng),
            syn(&category.synonyms.en, &mut rng),
        );
        // Home regions, in the nominative, as community groups name themselves.
        let origin = [
            "Харків",
            "Київ",
            "Одеса",
            "Дніпро",
            "Львів",
            "Запоріжжя",
            "Миколаїв",
            "Херсон",
        ][rng.gen_range(0..8)];
        let origin_note = if category.indicator() == "bonds" {
            format!(" Земляки: {origin}.")
        } else {
            String::new()
        };
        let description = LocalizedText {
            uk: chance(&mut rng, 60).then(|| format!("{} — {where_uk}. Ключові слова: {s_uk}.{origin_note} Синтетичні демонстраційні дані, не реальна організація.", category.labels.uk)),
            nl: Some(format!("{} in {where_nl}. Trefwoorden: {s_nl}. Synthetische demogegevens, geen echte organisatie.", category.labels.nl)),
            en: chance(&mut rng, 70).then(|| format!("{} in {where_nl}. Keywords: {s_en}. Synthetic demo data, not a real organisation.", category.labels.en)),
        };
        let id = ResourceId(format!("syn-{}-{i}", options.seed));
        Resource {
            name: format!("[synthetic] {} {} #{i}", category.labels.nl, where_nl),
            description,
            organization: Organization {
                name: format!("[synthetic] organisation {org_number}"),
                website: Some(format!("https://example.org/synthetic/org-{org_number}")),
            },
            categories: codes,
            location,
            service_area,
            languages,
            interpreter_available: chance(&mut rng, 10),
            eligibility,
            cost: Some(cost),
            availability: Some(Availability {
                status,
                stated_at: Some(reference - Duration::days(rng.gen_range(0..200))),
            }),
            contact: Contact {
                email: Some(format!("{}@example.org", id.as_str())),
                website: Some(format!("https://example.org/synthetic/{}", id.as_str())),
                ..Contact::default()
            },
            opening_hours: chance(&mut rng, 50).then(|| "ma–vr 9:00–17:00 (synthetic)".to_string()),
            accessibility: None,
            provenance: Provenance {
                source: format!(
                    "synthetic: wegwijs seed --synthetic {} --seed {}",
                    options.count, options.seed
                ),
                created_at: created,
                updated_at: created,
                verified_at,
                verified_by: verified_at.map(|_| "synthetic generator".to_string()),
            },
            status: publication,
            synthetic: true,
            id,
        }
    })
}

/// A realistic language mix: Dutch nearly everywhere, English often,
/// Ukrainian sometimes, Polish sometimes, Russian rarely; a few services in
/// one non-Dutch language only.
fn languages(rng: &mut SmallRng) -> Vec<String> {
    let only = rng.gen_range(0..100);
    if only < 2 {
        return vec!["uk".into()];
    }
    if only < 3 {
        return vec!["ru".into()];
    }
    if only < 5 {
        return vec!["en".into()];
    }
    let mut langs = vec!["nl".to_string()];
    for (code, percent) in [("en", 60), ("uk", 20), ("pl", 12), ("ru", 4), ("ar", 5)] {
        if chance(rng, percent) {
            langs.push(code.to_string());
        }
    }
    langs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_valid_and_marked() {
        let (t, g) = (Taxonomy::embedded(), Gazetteer::embedded());
        let a = synthetic_resources(
            SyntheticOptions {
                count: 300,
                seed: 7,
            },
            t,
            g,
        );
        let b = synthetic_resources(
            SyntheticOptions {
                count: 300,
                seed: 7,
            },
            t,
            g,
        );
        assert_eq!(a, b);
        for r in &a {
            r.validate(|c| t.is_category(c))
                .unwrap_or_else(|e| panic!("{}: {e}", r.id));
            assert!(r.synthetic && r.name.starts_with("[synthetic]"));
            assert!(r.contact.phone.is_none());
        }
        let covered: std::collections::HashSet<&str> = a
            .iter()
            .flat_map(|r| r.categories.iter().map(String::as_str))
            .collect();
        assert!(covered.len() > t.categories().len() / 2);
    }
}

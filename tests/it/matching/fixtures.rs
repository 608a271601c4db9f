//! Test resources for the example households, built in code: every one is
//! marked synthetic and named as a test fixture, none is a real organisation.

use chrono::{DateTime, TimeZone, Utc};
use wegwijs::model::*;

/// The fixed "now" of the matching tests: 2026-11-28.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
}

pub const UTRECHT: (f64, f64, &str) = (52.0907, 5.1214, "Utrecht");
pub const ZEIST: (f64, f64, &str) = (52.0894, 5.2328, "Zeist");
pub const AMERSFOORT: (f64, f64, &str) = (52.1561, 5.3878, "Amersfoort");
pub const AMSTERDAM: (f64, f64, &str) = (52.3728, 4.8936, "Amsterdam");

/// A plain fixture: published, free, verified two months ago, accepting.
pub fn fx(id: &str, category: &str, at: Option<(f64, f64, &str)>, languages: &[&str]) -> Resource {
    Resource {
        id: ResourceId(format!("fx-{id}")),
        name: format!("[test fixture] {id}"),
        description: LocalizedText {
            en: Some("Test fixture for the matching tests, not a real organisation.".into()),
            ..Default::default()
        },
        organization: Organization {
            name: format!("Test fixture organisation {id}"),
            website: None,
        },
        categories: vec![category.to_string()],
        location: match at {
            Some((lat, lon, m)) => Location::Place {
                address: None,
                municipality: m.into(),
                lat,
                lon,
                approximate: false,
            },
            None => Location::Online,
        },
        service_area: at.is_none().then_some(ServiceArea::National),
        languages: languages.iter().map(|l| l.to_string()).collect(),
        interpreter_available: false,
        eligibility: Eligibility::default(),
        cost: Some(Cost {
            kind: CostKind::Free,
            amount: None,
            currency: None,
            note: None,
        }),
        availability: Some(Availability {
            status: AvailabilityStatus::Accepting,
            stated_at: None,
        }),
        contact: Contact {
            website: Some(format!("https://example.org/{id}")),
            ..Default::default()
        },
        opening_hours: None,
        accessibility: None,
        provenance: Provenance {
            source: "tests/it/matching/fixtures.rs".into(),
            created_at: date(2026, 1, 1),
            updated_at: date(2026, 1, 1),
            verified_at: Some(date(2026, 10, 1)),
            verified_by: Some("test".into()),
        },
        status: PublicationStatus::Published,
        synthetic: true,
    }
}

fn paid(amount: f64) -> Option<Cost> {
    Some(Cost {
        kind: CostKind::Paid,
        amount: Some(amount),
        currency: Some("EUR".into()),
        note: None,
    })
}

fn availability(status: AvailabilityStatus) -> Option<Availability> {
    Some(Availability {
        status,
        stated_at: None,
    })
}

/// Every fixture.
pub fn all() -> Vec<Resource> {
    let mut out = Vec::new();
    let mut add = |r: Resource, f: &dyn Fn(&mut Resource)| {
        let mut r = r;
        f(&mut r);
        out.push(r);
    };
    add(
        fx(
            "psy-uk-utrecht",
            "health.mental_support",
            Some(UTRECHT),
            &["uk", "nl"],
        ),
        &|_| {},
    );
    add(
        fx(
            "psy-ru-utrecht",
            "health.mental_support",
            Some(UTRECHT),
            &["ru"],
        ),
        &|r| {
            r.cost = paid(60.0);
        },
    );
    add(
        fx(
            "psy-nl-zeist",
            "health.mental_support",
            Some(ZEIST),
            &["nl", "en"],
        ),
        &|r| {
            r.interpreter_available = true;
            r.cost = paid(40.0);
            r.availability = availability(AvailabilityStatus::WaitingList);
        },
    );
    add(
        fx("psy-online", "health.online_mental_support", None, &["uk"]),
        &|_| {},
    );
    add(
        fx(
            "childcare-utrecht",
            "work.childcare",
            Some(UTRECHT),
            &["nl", "en"],
        ),
        &|r| {
            r.cost = paid(8.0);
            r.availability = availability(AvailabilityStatus::WaitingList);
            r.eligibility.min_age = Some(0);
            r.eligibility.max_age = Some(4);
            r.eligibility.bsn_required = true;
        },
    );
    add(
        fx(
            "childcare-community",
            "work.community_childcare",
            Some(UTRECHT),
            &["uk"],
        ),
        &|_| {},
    );
    add(
        fx(
            "dutch-evening",
            "language.dutch_lessons",
            Some(UTRECHT),
            &["nl", "uk", "en"],
        ),
        &|r| {
            r.eligibility.legal_statuses = vec![LegalStatus::TemporaryProtection];
            r.name = "[test fixture] Dutch lessons in the evening".into();
        },
    );
    add(
        fx(
            "dutch-statusholder",
            "language.dutch_lessons",
            Some(UTRECHT),
            &["nl"],
        ),
        &|r| {
            r.eligibility.legal_statuses = vec![LegalStatus::StatusHolder];
            r.eligibility.residents_only = vec!["Utrecht".into()];
        },
    );
    add(
        fx(
            "volleyball-teen",
            "leisure.volleyball",
            Some(UTRECHT),
            &["nl", "en"],
        ),
        &|r| {
            r.eligibility.min_age = Some(12);
            r.eligibility.max_age = Some(18);
            r.cost = Some(Cost {
                kind: CostKind::Reduced,
                amount: Some(5.0),
                currency: Some("EUR".into()),
                note: None,
            });
        },
    );
    add(
        fx("football-kids", "leisure.football", Some(UTRECHT), &["nl"]),
        &|r| {
            r.eligibility.min_age = Some(6);
            r.eligibility.max_age = Some(12);
            r.cost = paid(15.0);
        },
    );
    add(
        fx("yoga", "leisure.yoga", Some(UTRECHT), &["uk", "en"]),
        &|r| {
            r.cost = paid(7.0);
        },
    );
    add(
        fx("yoga-unverified", "leisure.yoga", Some(UTRECHT), &["uk"]),
        &|r| {
            r.provenance.verified_at = Some(date(2025, 6, 1));
        },
    );
    add(
        fx("yoga-stale", "leisure.yoga", Some(ZEIST), &["en"]),
        &|r| {
            r.provenance.verified_at = Some(date(2026, 3, 1));
        },
    );
    add(
        fx(
            "legal-aid",
            "rights.legal_aid",
            Some(UTRECHT),
            &["nl", "en", "uk"],
        ),
        &|r| {
            r.eligibility.legal_statuses = vec![LegalStatus::Anyone];
        },
    );
    add(
        fx(
            "legal-aid-paid",
            "rights.legal_aid",
            Some(UTRECHT),
            &["uk", "en"],
        ),
        &|r| {
            r.cost = paid(50.0);
        },
    );
    add(
        fx(
            "legal-tcn",
            "rights.third_country_nationals",
            Some(AMSTERDAM),
            &["en", "ru"],
        ),
        &|r| {
            r.eligibility.legal_statuses = vec![LegalStatus::ThirdCountryNational];
        },
    );
    add(
        fx(
            "special-needs",
            "education.special_needs",
            Some(AMERSFOORT),
            &["nl"],
        ),
        &|r| {
            r.eligibility.min_age = Some(4);
            r.eligibility.max_age = Some(18);
        },
    );
    add(
        fx(
            "seniors",
            "bonds.seniors_groups",
            Some(UTRECHT),
            &["uk", "ru"],
        ),
        &|r| {
            r.eligibility.min_age = Some(60);
        },
    );
    add(
        fx("gp-utrecht", "health.gp", Some(UTRECHT), &["nl", "en"]),
        &|r| {
            r.interpreter_available = true;
            r.availability = availability(AvailabilityStatus::Full);
        },
    );
    add(
        fx("gp-zeist", "health.gp", Some(ZEIST), &["nl", "en"]),
        &|r| {
            r.interpreter_available = true;
        },
    );
    add(
        fx(
            "relocation-closed",
            "housing.relocation_desk",
            Some(UTRECHT),
            &["nl", "uk"],
        ),
        &|r| {
            r.availability = availability(AvailabilityStatus::TemporarilyClosed);
        },
    );
    add(
        fx(
            "relocation-archived",
            "housing.relocation_desk",
            Some(UTRECHT),
            &["nl", "uk"],
        ),
        &|r| {
            r.status = PublicationStatus::Archived;
        },
    );
    add(
        fx(
            "relocation-amsterdam",
            "housing.relocation_desk",
            Some(AMSTERDAM),
            &["nl", "en", "uk"],
        ),
        &|r| {
            r.eligibility.residents_only = vec!["Amsterdam".into()];
        },
    );
    add(
        fx(
            "job-search",
            "work.job_search",
            Some(UTRECHT),
            &["nl", "en", "uk"],
        ),
        &|r| {
            r.description.en = Some("Test fixture: help finding a job, for example as a hairdresser or in a shop. Not a real organisation.".into());
        },
    );
    add(
        fx(
            "painting",
            "leisure.painting_drawing",
            Some(UTRECHT),
            &["uk"],
        ),
        &|r| {
            r.name = "[test fixture] Painting studio".into();
            r.cost = paid(5.0);
        },
    );
    add(
        fx(
            "diploma-online",
            "work.diploma_recognition",
            None,
            &["nl", "en"],
        ),
        &|_| {},
    );
    out
}

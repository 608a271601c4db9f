//! HSDS 3.0: every export validates against the official compiled schema,
//! every official example imports (JSON forms and the tabular package) and
//! re-exports valid, unmapped terms give pending records with a note, and
//! native → HSDS → native is lossless (proptest, JSON and tabular).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use serde_json::Value;
use wegwijs::gazetteer::Gazetteer;
use wegwijs::hsds::{self, TermMapping};
use wegwijs::model::{
    Availability, AvailabilityStatus, Contact, Cost, CostKind, Eligibility, LegalStatus,
    LocalizedText, Location, Organization, Provenance, PublicationStatus, Resource, ResourceId,
    ServiceArea,
};
use wegwijs::seed::{self, SyntheticOptions};
use wegwijs::taxonomy::Taxonomy;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hsds")
}

fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let text = std::fs::read(data().join("schema/service.json")).unwrap();
        let schema: Value = serde_json::from_slice(&text).unwrap();
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap()
    })
}

/// Asserts that `service` validates, listing every error with its path.
fn check_valid(service: &Value, what: &str) {
    let errors: Vec<String> = validator()
        .iter_errors(service)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

fn taxonomy() -> &'static Taxonomy {
    Taxonomy::embedded()
}

#[test]
fn real_seed_records_export_valid_hsds() {
    let resources = seed::real_resources().unwrap();
    assert!(!resources.is_empty());
    for r in &resources {
        check_valid(&hsds::service(r, taxonomy()), r.id.as_str());
    }
}

#[test]
fn synthetic_records_export_valid_hsds() {
    let options = SyntheticOptions { count: 60, seed: 7 };
    let resources = seed::synthetic_resources(options, taxonomy(), Gazetteer::embedded());
    for r in &resources {
        check_valid(&hsds::service(r, taxonomy()), r.id.as_str());
    }
}

#[test]
fn the_validator_rejects_a_broken_service() {
    let r = &seed::real_resources().unwrap()[0];
    let mut service = hsds::service(r, taxonomy());
    service["status"] = Value::String("open".into());
    service["service_at_locations"][0]["id"] = Value::String("not-a-uuid".into());
    assert!(validator().iter_errors(&service).count() >= 2);
}

#[test]
fn export_is_stable_and_ids_are_uuids() {
    let r = &seed::real_resources().unwrap()[0];
    let a = hsds::service(r, taxonomy());
    assert_eq!(a, hsds::service(r, taxonomy()));
    let id = a["service_at_locations"][0]["id"].as_str().unwrap();
    assert_eq!(id, hsds::hsds_id("service_at_location", r.id.as_str()));
}

const EXAMPLES: [&str; 7] = [
    "tabular.json",
    "service_full.json",
    "service_list.json",
    "organization_full.json",
    "organization_list.json",
    "service_at_location_full.json",
    "service_at_location_list.json",
];

#[test]
fn every_official_example_imports_and_reexports_valid() {
    for name in EXAMPLES {
        let bytes = std::fs::read(data().join("examples").join(name)).unwrap();
        let (resources, errors) = hsds::parse_json(&bytes, taxonomy(), TermMapping::embedded());
        assert!(errors.is_empty(), "{name}: {errors:?}");
        // The organization list holds organizations without their services.
        if name != "organization_list.json" {
            assert!(!resources.is_empty(), "{name}: no resource");
        }
        for (_, r) in &resources {
            assert_eq!(r.name, "Community Counselling", "{name}");
            assert_eq!(r.organization.name, "Example Organization Inc.", "{name}");
            check_valid(&hsds::service(r, taxonomy()), name);
        }
    }
}

#[test]
fn the_official_service_maps_onto_our_fields() {
    let bytes = std::fs::read(data().join("examples/service_full.json")).unwrap();
    let (resources, errors) = hsds::parse_json(&bytes, taxonomy(), TermMapping::embedded());
    assert!(errors.is_empty(), "{errors:?}");
    let r = &resources[0].1;
    assert_eq!(r.eligibility.min_age, Some(12));
    assert_eq!(r.eligibility.max_age, Some(100));
    assert_eq!(r.languages, vec!["ur".to_string()]);
    assert!(r.interpreter_available);
    let cost = r.cost.as_ref().unwrap();
    assert_eq!((cost.kind, cost.amount), (CostKind::Paid, Some(35.0)));
    assert!(r.opening_hours.as_deref().unwrap().contains("10 am to 6pm"));
    assert!(r
        .accessibility
        .as_deref()
        .unwrap()
        .contains("induction loops"));
    assert_eq!(r.contact.phone.as_deref(), Some("+44 1234 234567"));
    assert_eq!(r.contact.email.as_deref(), Some("email@example.com"));
    // Its only term ("taxonomy"/"code") maps onto nothing of ours.
    assert_eq!(r.status, PublicationStatus::Pending);
    assert!(r.categories.is_empty());
    assert!(
        r.provenance.source.contains("no wegwijs category"),
        "{}",
        r.provenance.source
    );
    assert!(
        r.provenance.source.contains("taxonomy/code"),
        "{}",
        r.provenance.source
    );
}

#[test]
fn the_official_tabular_package_imports_and_reexports_valid() {
    let (resources, errors) = hsds::read_package(
        &data().join("examples/csv"),
        taxonomy(),
        TermMapping::embedded(),
    )
    .unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(resources.len(), 1);
    let r = &resources[0].1;
    assert_eq!(r.name, "Community Counselling");
    assert_eq!(r.eligibility.min_age, Some(12));
    check_valid(&hsds::service(r, taxonomy()), "csv");
}

#[test]
fn a_mapped_foreign_term_gives_our_category() {
    let doc = serde_json::json!({
        "id": "5a7c7f0e-1a51-4b9a-9d46-1f1f3f2b6a01",
        "name": "Voedselbank Utrecht",
        "description": "Food parcels",
        "status": "active",
        "organization": {"id": "5a7c7f0e-1a51-4b9a-9d46-1f1f3f2b6a02", "name": "Voedselbank", "description": ""},
        "attributes": [{
            "id": "5a7c7f0e-1a51-4b9a-9d46-1f1f3f2b6a03",
            "taxonomy_term": {"id": "5a7c7f0e-1a51-4b9a-9d46-1f1f3f2b6a04", "name": "Food Pantry",
                              "description": "", "taxonomy": "Open Eligibility"}
        }],
        "service_at_locations": [{
            "id": "5a7c7f0e-1a51-4b9a-9d46-1f1f3f2b6a05",
            "location": {"id": "5a7c7f0e-1a51-4b9a-9d46-1f1f3f2b6a06", "location_type": "physical",
                         "latitude": 52.09, "longitude": 5.12,
                         "addresses": [{"id": "5a7c7f0e-1a51-4b9a-9d46-1f1f3f2b6a07", "address_1": "Kanaalweg 1",
                                        "city": "Utrecht", "state_province": "Utrecht", "postal_code": "3526 KL",
                                        "country": "NL", "address_type": "physical"}]}
        }]
    });
    let bytes = serde_json::to_vec(&doc).unwrap();
    let (resources, errors) = hsds::parse_json(&bytes, taxonomy(), TermMapping::embedded());
    assert!(errors.is_empty(), "{errors:?}");
    let r = &resources[0].1;
    assert_eq!(r.categories, vec!["stability.food_bank".to_string()]);
    assert_eq!(r.status, PublicationStatus::Published);
    assert_eq!(r.id.as_str(), "hsds-5a7c7f0e-1a51-4b9a-9d46-1f1f3f2b6a05");
    assert!(r.provenance.source.contains("Open Eligibility/Food Pantry"));
    match &r.location {
        Location::Place {
            address,
            municipality,
            ..
        } => {
            assert_eq!(address.as_deref(), Some("Kanaalweg 1, 3526 KL"));
            assert_eq!(municipality, "Utrecht");
        }
        other => panic!("{other:?}"),
    }
    r.validate(|c| taxonomy().is_category(c)).unwrap();
}

#[test]
fn bad_records_are_reported_by_index_and_path_and_never_panic() {
    let doc = br#"[{"id": "x", "name": 5, "organization": {"name": "O"}, "minimum_age": "old"},
                   {"name": "ok", "organization": {"name": "O"}},
                   "not an object"]"#;
    let (resources, errors) = hsds::parse_json(doc, taxonomy(), TermMapping::embedded());
    assert_eq!(resources.len(), 1);
    assert_eq!(resources[0].0, 1);
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].line, 0);
    let fields: Vec<&str> = errors[0].errors.iter().map(|e| e.field.as_str()).collect();
    assert!(fields.contains(&"[0].minimum_age"), "{fields:?}");
    assert_eq!(errors[1].line, 2);
    let (_, errors) = hsds::parse_json(
        br#"{"services.csv": ["x"], "phones.csv": 3}"#,
        taxonomy(),
        TermMapping::embedded(),
    );
    let fields: Vec<&str> = errors[0].errors.iter().map(|e| e.field.as_str()).collect();
    assert!(fields.contains(&"services.csv[0]"), "{fields:?}");
    assert!(fields.contains(&"phones.csv"), "{fields:?}");
    let (_, errors) = hsds::parse_json(b"{not json", taxonomy(), TermMapping::embedded());
    assert_eq!(errors[0].errors[0].field, "document");
}

#[test]
fn write_json_streams_an_array_of_valid_services() {
    let resources = seed::real_resources().unwrap();
    let mut out = Vec::new();
    hsds::write_json(resources.clone().into_iter(), taxonomy(), &mut out).unwrap();
    let array: Vec<Value> = serde_json::from_slice(&out).unwrap();
    assert_eq!(array.len(), resources.len());
    let (back, errors) = hsds::parse_json(&out, taxonomy(), TermMapping::embedded());
    assert!(errors.is_empty(), "{errors:?}");
    let back: Vec<Resource> = back.into_iter().map(|(_, r)| r).collect();
    assert_eq!(back, resources);
}

#[test]
fn the_seed_records_survive_the_tabular_package() {
    let resources = seed::real_resources().unwrap();
    let dir = tempfile::tempdir().unwrap();
    hsds::write_package(resources.clone().into_iter(), taxonomy(), dir.path()).unwrap();
    let package: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("datapackage.json")).unwrap())
            .unwrap();
    assert_eq!(package["profile"], "tabular-data-package");
    assert!(dir.path().join("services.csv").is_file());
    let (back, errors) =
        hsds::read_package(dir.path(), taxonomy(), TermMapping::embedded()).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    let back: Vec<Resource> = back.into_iter().map(|(_, r)| r).collect();
    assert_eq!(back, resources);
}

// ---- round trip ------------------------------------------------------------

fn text() -> impl Strategy<Value = String> {
    "[A-Za-zА-Яа-яієї0-9][A-Za-zА-Яа-яієї0-9 ,.'\n-]{0,24}"
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

fn time() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..2_000_000_000, 0u32..1_000_000_000)
        .prop_map(|(s, n)| Utc.timestamp_opt(s, n).single().unwrap())
}

fn location() -> impl Strategy<Value = Location> {
    prop_oneof![
        Just(Location::Online),
        (
            opt_text(),
            text(),
            -90.0f64..90.0,
            -180.0f64..180.0,
            any::<bool>()
        )
            .prop_map(
                |(address, municipality, lat, lon, approximate)| Location::Place {
                    address,
                    municipality: format!("Gem {municipality}"),
                    lat,
                    lon,
                    approximate,
                }
            ),
    ]
}

fn service_area() -> impl Strategy<Value = Option<ServiceArea>> {
    prop::option::of(prop_oneof![
        Just(ServiceArea::National),
        (0.1f64..500.0).prop_map(|km| ServiceArea::Radius { km }),
        prop::collection::vec(text(), 1..4).prop_map(|m| ServiceArea::Municipalities {
            municipalities: m.into_iter().map(|m| format!("Gem {m}")).collect(),
        }),
    ])
}

fn eligibility() -> impl Strategy<Value = Eligibility> {
    (
        prop::option::of(any::<u8>()),
        prop::option::of(any::<u8>()),
        opt_text(),
        prop::collection::vec(prop::sample::select(LegalStatus::ALL.to_vec()), 0..4),
        any::<bool>(),
        prop::collection::vec(text(), 0..3),
    )
        .prop_map(
            |(min_age, max_age, audience, legal_statuses, bsn_required, residents)| Eligibility {
                min_age,
                max_age,
                audience,
                legal_statuses,
                bsn_required,
                residents_only: residents,
            },
        )
}

fn cost() -> impl Strategy<Value = Option<Cost>> {
    prop::option::of(
        (
            prop::sample::select(vec![CostKind::Free, CostKind::Paid, CostKind::Reduced]),
            prop::option::of(0.0f64..1000.0),
            prop::option::of(prop::sample::select(vec![
                "EUR".to_string(),
                "UAH".to_string(),
            ])),
            opt_text(),
        )
            .prop_map(|(kind, amount, currency, note)| Cost {
                kind,
                amount,
                currency,
                note,
            }),
    )
}

fn availability() -> impl Strategy<Value = Option<Availability>> {
    let states = vec![
        AvailabilityStatus::Accepting,
        AvailabilityStatus::WaitingList,
        AvailabilityStatus::Full,
        AvailabilityStatus::TemporarilyClosed,
    ];
    prop::option::of(
        (prop::sample::select(states), prop::option::of(time()))
            .prop_map(|(status, stated_at)| Availability { status, stated_at }),
    )
}

fn contact() -> impl Strategy<Value = Contact> {
    (
        prop::option::of("\\+31 [0-9]{2} [0-9]{7}"),
        prop::option::of("[a-z]{1,8}@[a-z]{1,8}\\.nl"),
        prop::option::of("https://[a-z]{1,10}\\.nl/[a-z]{0,5}"),
        prop::option::of("https://t\\.me/[a-z]{3,10}"),
        prop::option::of("https://wa\\.me/[0-9]{8,11}"),
    )
        .prop_map(|(phone, email, website, telegram, whatsapp)| Contact {
            phone,
            email,
            website,
            telegram,
            whatsapp,
        })
}

fn provenance() -> impl Strategy<Value = Provenance> {
    (text(), time(), time(), prop::option::of(time()), opt_text()).prop_map(
        |(source, created_at, updated_at, verified_at, verified_by)| Provenance {
            source,
            created_at,
            updated_at,
            verified_at,
            verified_by,
        },
    )
}

pub(crate) fn resource() -> impl Strategy<Value = Resource> {
    let codes: Vec<String> = taxonomy()
        .categories()
        .iter()
        .map(|c| c.code.clone())
        .collect();
    (
        (
            "[a-z0-9][a-z0-9._-]{0,40}",
            text(),
            (opt_text(), opt_text(), opt_text()),
            (text(), prop::option::of("https://[a-z]{1,10}\\.org")),
            prop::sample::subsequence(codes, 1..4),
            location(),
            service_area(),
        ),
        (
            prop::sample::subsequence(vec!["uk", "nl", "en", "ru", "ar", "pl"], 0..4),
            any::<bool>(),
            eligibility(),
            cost(),
            availability(),
            contact(),
        ),
        (
            opt_text(),
            opt_text(),
            provenance(),
            prop::sample::select(PublicationStatus::ALL.to_vec()),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (id, name, (uk, nl, en), (org, website), categories, location, service_area),
                (languages, interpreter_available, eligibility, cost, availability, contact),
                (opening_hours, accessibility, provenance, status, synthetic),
            )| Resource {
                id: ResourceId(id),
                name,
                description: LocalizedText { uk, nl, en },
                organization: Organization { name: org, website },
                categories,
                location,
                service_area,
                languages: languages.into_iter().map(str::to_string).collect(),
                interpreter_available,
                eligibility,
                cost,
                availability,
                contact,
                opening_hours,
                accessibility,
                provenance,
                status,
                synthetic,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn native_hsds_native_is_lossless(r in resource()) {
        let mut out = Vec::new();
        hsds::write_json(std::iter::once(r.clone()), taxonomy(), &mut out).unwrap();
        let (back, errors) = hsds::parse_json(&out, taxonomy(), TermMapping::embedded());
        prop_assert!(errors.is_empty(), "{:?}", errors);
        prop_assert_eq!(back.len(), 1);
        prop_assert_eq!(&back[0].1, &r);
    }

    #[test]
    fn native_package_native_is_lossless(rs in prop::collection::vec(resource(), 1..4)) {
        let dir = tempfile::tempdir().unwrap();
        // Ids must differ, as in a real store.
        let rs: Vec<Resource> = rs.into_iter().enumerate().map(|(i, mut r)| {
            r.id = ResourceId(format!("{i}-{}", r.id.as_str()).chars().take(64).collect());
            r
        }).collect();
        hsds::write_package(rs.clone().into_iter(), taxonomy(), dir.path()).unwrap();
        let (back, errors) = hsds::read_package(
            &dir.path().join("datapackage.json"), taxonomy(), TermMapping::embedded()).unwrap();
        prop_assert!(errors.is_empty(), "{:?}", errors);
        let back: Vec<Resource> = back.into_iter().map(|(_, r)| r).collect();
        prop_assert_eq!(back, rs);
    }
}

#[test]
fn the_cli_imports_and_exports_hsds_json_and_the_tabular_package() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let json = dir.path().join("export.json");
    let out = crate::common::wegwijs(&data)
        .args(["export", "--format", "hsds", "-o"])
        .arg(&json)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let exported: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).expect("written")).expect("json");
    assert_eq!(exported.as_array().expect("array").len(), 21);

    let package = dir.path().join("package");
    let out = crate::common::wegwijs(&data)
        .args(["export", "--format", "hsds-package", "-o"])
        .arg(&package)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(package.join("datapackage.json").is_file());

    // Into a fresh directory: the HSDS JSON and the package give back the
    // 21 seed records (same ids, so they replace, not twin).
    let other = dir.path().join("other");
    for (file, format) in [(&json, "hsds"), (&package, "auto")] {
        let out = crate::common::wegwijs(&other)
            .args(["import", "--format", format])
            .arg(file)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Every official example that holds services passes the engine's
    // validation too, not only the HSDS reader.
    let examples =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hsds/examples");
    for name in [
        "service_full.json",
        "service_list.json",
        "organization_full.json",
        "service_at_location_full.json",
        "service_at_location_list.json",
        "tabular.json",
        "csv/datapackage.json",
    ] {
        let out = crate::common::wegwijs(&other)
            .args([
                "import",
                "--format",
                "hsds",
                "--dry-run",
                "--allow-duplicates",
            ])
            .arg(examples.join(name))
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

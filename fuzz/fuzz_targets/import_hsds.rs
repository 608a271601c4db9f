//! The HSDS importer (`wegwijs::hsds::parse_json`, every JSON form): any
//! bytes give resources or errors, never a panic; validation and the HSDS
//! export of what was read never panic either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wegwijs::hsds::{parse_json, service, TermMapping};
use wegwijs::taxonomy::Taxonomy;

fuzz_target!(|bytes: &[u8]| {
    let taxonomy = Taxonomy::embedded();
    let (resources, errors) = parse_json(bytes, taxonomy, TermMapping::embedded());
    for e in &errors {
        assert!(!e.errors.is_empty());
    }
    for (_, resource) in &resources {
        if resource.validate(|c| taxonomy.is_category(c)).is_ok() {
            let _ = service(resource, taxonomy);
        }
    }
});

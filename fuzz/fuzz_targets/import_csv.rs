//! The spreadsheet importer (`wegwijs::spreadsheet::parse_csv`): any bytes
//! give rows or problems naming a row, never a panic; every row it accepts
//! is a valid resource, and the export of those rows reads back.
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use wegwijs::export::write_csv;
use wegwijs::gazetteer::Gazetteer;
use wegwijs::model::Lang;
use wegwijs::spreadsheet::parse_csv;
use wegwijs::taxonomy::Taxonomy;

fuzz_target!(|bytes: &[u8]| {
    let taxonomy = Taxonomy::embedded();
    let gazetteer = Gazetteer::embedded();
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
    let sheet = parse_csv(bytes, taxonomy, gazetteer, now);
    for problem in &sheet.problems {
        assert!(problem.row >= 1);
        for lang in [Lang::Uk, Lang::Nl, Lang::En] {
            assert!(!problem.hint_in(lang).is_empty());
        }
    }
    let mut resources = Vec::new();
    for (row, resource) in &sheet.rows {
        assert!(*row >= 2, "data row {row}");
        assert!(
            resource.validate(|c| taxonomy.is_category(c)).is_ok(),
            "row {row} was accepted but does not validate"
        );
        resources.push(resource.clone());
    }
    if resources.is_empty() {
        return;
    }
    let mut out = Vec::new();
    write_csv(resources.clone(), &mut out, &mut |_| {}).expect("export to memory");
    let again = parse_csv(&out, taxonomy, gazetteer, now);
    assert_eq!(
        again.rows.len(),
        resources.len(),
        "exported rows do not read back: {:?}",
        again.problems
    );
});

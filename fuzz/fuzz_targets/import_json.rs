//! The native importer (`wegwijs::engine::parse_records`: a JSON array or
//! JSON Lines): any bytes give records or errors with a line, never a panic;
//! every record that validates survives an export (`write_jsonl`) and a
//! second import unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wegwijs::engine::parse_records;
use wegwijs::export::write_jsonl;
use wegwijs::taxonomy::Taxonomy;

fuzz_target!(|bytes: &[u8]| {
    let taxonomy = Taxonomy::embedded();
    let (records, errors) = parse_records(bytes);
    let lines = 1 + bytes.iter().filter(|&&b| b == b'\n').count();
    for e in &errors {
        assert!((1..=lines).contains(&e.line), "line {} of {lines}", e.line);
        assert!(!e.errors.is_empty());
    }
    let mut valid = Vec::new();
    for (line, resource) in records {
        assert!((1..=lines).contains(&line), "line {line} of {lines}");
        if resource.validate(|c| taxonomy.is_category(c)).is_ok() {
            valid.push(resource);
        }
    }
    if valid.is_empty() {
        return;
    }
    let mut out = Vec::new();
    write_jsonl(valid.clone(), &mut out, &mut |_| {}).expect("export to memory");
    let (again, errors) = parse_records(&out);
    assert!(
        errors.is_empty(),
        "exported records do not import: {errors:?}"
    );
    let again: Vec<_> = again.into_iter().map(|(_, r)| r).collect();
    assert_eq!(again, valid, "a record changed on its way out and back in");
});

//! The real seed resources, compiled into the binary.

use crate::engine::EngineError;
use crate::model::{FieldError, Resource};

const EMBEDDED: &str = include_str!("../../seed-data/resources.jsonl");

/// The real organisations of `seed-data/resources.jsonl`, each with its
/// source URL. An empty data directory is seeded with these.
pub fn real_resources() -> Result<Vec<Resource>, EngineError> {
    let (ok, bad) = crate::engine::parse_records(EMBEDDED.as_bytes());
    if let Some(e) = bad.first() {
        let mut errors = e.errors.clone();
        errors.insert(
            0,
            FieldError::new("seed-data/resources.jsonl", format!("line {}", e.line)),
        );
        return Err(EngineError::Invalid(errors));
    }
    Ok(ok.into_iter().map(|(_, r)| r).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Taxonomy;

    #[test]
    fn seed_resources_are_valid_real_and_sourced() {
        let t = Taxonomy::embedded();
        let all = real_resources().unwrap();
        for r in &all {
            r.validate(|c| t.is_category(c))
                .unwrap_or_else(|e| panic!("{}: {e}", r.id));
            assert!(!r.synthetic, "{}", r.id);
            assert!(
                r.provenance.source.starts_with("https://"),
                "{} has no source URL",
                r.id
            );
        }
    }
}

//! The search parameters: a raw query string, decoded as the HTTP API
//! decodes it, read by `wegwijs::search::parse_params` (the parser
//! `GET /api/v1/search` uses), and, when it reads, run against a small
//! engine (the 21 real seed records). Bad input must be a named field
//! error, never a panic, and never an error of ours.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use wegwijs::engine::{Engine, EngineError};
use wegwijs::search::{parse_params, MAX_PER_PAGE};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
    let (_, engine) = ENGINE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary directory");
        let (engine, _) = Engine::open(dir.path()).expect("engine opens");
        (dir, engine)
    });
    engine
}

fuzz_target!(|query_string: &str| {
    // actix-web's `web::Query` decodes with serde_urlencoded; so do we.
    let Ok(pairs) = serde_urlencoded::from_str::<Vec<(String, String)>>(query_string) else {
        return;
    };
    let query = match parse_params(&pairs) {
        Ok(query) => query,
        Err(errors) => {
            assert!(!errors.is_empty());
            assert!(errors
                .iter()
                .all(|e| !e.field.is_empty() && e.field.chars().count() <= 40));
            return;
        }
    };
    match engine().search(&query) {
        Ok(results) => {
            assert!(results.hits.len() <= query.per_page.min(MAX_PER_PAGE));
            assert!(results.hits.len() <= results.total);
        }
        Err(EngineError::Invalid(errors)) => assert!(!errors.is_empty()),
        Err(other) => panic!("search failed on our side: {other}"),
    }
});

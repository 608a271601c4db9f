//! The free-text question parser (`wegwijs::understand`): any question is
//! read without panicking, and what it reads is something a search accepts
//! (the `ask` endpoint turns it into a query without further checks).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wegwijs::gazetteer::Gazetteer;
use wegwijs::taxonomy::Taxonomy;
use wegwijs::understand::{understand, CONFIDENT};

fuzz_target!(|question: &str| {
    let taxonomy = Taxonomy::embedded();
    let u = understand(question, taxonomy, Gazetteer::embedded());

    // Only the first 1,000 bytes are read, and they are echoed as given.
    assert!(u.question.len() <= 1000);
    assert!(question.starts_with(&u.question));

    // Guesses name real codes, with a confidence from 0 to 1, best first.
    for c in &u.categories {
        assert!(
            taxonomy.expand(&c.code).is_some(),
            "unknown code {:?}",
            c.code
        );
        assert!(
            (0.0..=1.0).contains(&c.confidence),
            "confidence {}",
            c.confidence
        );
        if !taxonomy.is_category(&c.code) {
            // An indicator's own synonyms are never confident on their own.
            assert!(c.confidence < CONFIDENT);
        }
    }
    for pair in u.categories.windows(2) {
        assert!(pair[0].confidence >= pair[1].confidence, "not best first");
    }
    let best = u.categories.first().map_or(0.0, |c| c.confidence);
    assert_eq!(u.confident, best >= CONFIDENT);

    // What `ask` copies into a search must pass the search's checks.
    if let Some(lang) = &u.language {
        assert!(
            lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase()),
            "language {lang:?}"
        );
    }
    if let Some(age) = u.age {
        assert!(age <= 120, "age {age}");
    }
    assert!(u.text.len() <= 1000);
    if let Some(place) = &u.place {
        assert!(wegwijs::geo::Coordinate::new(place.lat, place.lon).is_ok());
    }
});

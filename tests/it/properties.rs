//! Property tests of text normalization and distances.

use proptest::prelude::*;
use wegwijs::geo::Coordinate;
use wegwijs::text::{normalize, query_words};

const WORDY: &str = "[a-zA-Zà-ÿА-яІіЇїЄєҐґЁёʼ’'` ,.!\\-]{0,40}";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn normalization_is_idempotent(s in any::<String>()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn normalization_is_idempotent_on_our_scripts(s in WORDY) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn analysis_ignores_case_in_every_script(s in WORDY) {
        prop_assert_eq!(query_words(&s.to_uppercase()), query_words(&s.to_lowercase()));
    }

    #[test]
    fn analysis_of_normalized_text_is_the_same(s in WORDY) {
        prop_assert_eq!(query_words(&normalize(&s)), query_words(&s));
    }

    #[test]
    fn distance_is_symmetric_and_matches_reference_haversine(
        lat1 in -89.0f64..89.0, lon1 in -179.0f64..179.0,
        lat2 in -89.0f64..89.0, lon2 in -179.0f64..179.0,
    ) {
        let a = Coordinate::new(lat1, lon1).unwrap();
        let b = Coordinate::new(lat2, lon2).unwrap();
        let d = a.distance_km(b);
        prop_assert!((d - b.distance_km(a)).abs() <= 1e-9 * d.max(1.0));
        let reference = reference_haversine_km(lat1, lon1, lat2, lon2);
        prop_assert!((d - reference).abs() <= reference * 0.001 + 1e-6, "{} vs {}", d, reference);
    }
}

/// The textbook formula, written independently of the `geo` crate.
fn reference_haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

#[test]
fn cyrillic_capitals_fold_and_scripts_meet() {
    assert_eq!(query_words("ВАКЦИНАЦІЯ"), query_words("вакцинація"));
    assert_eq!(query_words("Київ")[0][0], query_words("Kyiv")[0][0]);
    assert_eq!(query_words("Олена")[0][0], query_words("Olena")[0][0]);
    assert_eq!(query_words("ХАРКІВ")[0][0], query_words("kharkiv")[0][0]);
}

//! Inputs that `cargo fuzz` (`scripts/fuzz.sh`) found breaking an
//! invariant, each pinned as it was found, named after the bug.

use wegwijs::search::{parse_params, SearchQuery};
use wegwijs::text::{analyze, fold_key};

/// Target `normalize`: `fold_key` kept U+0613 (an Arabic combining mark
/// that Unicode counts as alphabetic) after a Cyrillic letter; once that
/// letter was transliterated to Latin, a second fold dropped the mark as a
/// Latin diacritic, so the key of a key was another key.
#[test]
fn fold_key_is_idempotent_with_a_combining_mark_after_a_cyrillic_letter() {
    for input in ["шукаю роботу \u{613}аага безкоштов", "а\u{613}", "\u{613}"]
    {
        let key = fold_key(input);
        assert_eq!(fold_key(&key), key, "{input:?}");
        assert!(
            !key.contains('\u{613}'),
            "{input:?}: marks are not letters: {key:?}"
        );
    }
    assert_eq!(fold_key("шукаю роботу \u{613}аага"), "shukaiurobotuaaha");
}

/// Target `search_params`: a query string with an empty name (`&=2`) was
/// refused as an "unknown parameter" named `""`, an error a person cannot
/// act on. It is now reported under `query`.
#[test]
fn a_search_parameter_without_a_name_is_reported_under_query() {
    let found = "q=psycholoog&place=Utrecht&ace=Utrecht&radius_km=healkm=10&cateace=Utrecht&=2";
    let pairs: Vec<(String, String)> = found
        .split('&')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_string(), v.to_string())
        })
        .collect();
    let errors = parse_params(&pairs).expect_err("invalid");
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["ace", "radius_km", "cateace", "query"]);
    for blank in ["", " "] {
        let errors = parse_params(&[(blank.to_string(), "2".to_string())]).expect_err("invalid");
        assert_eq!(errors[0].field, "query", "{blank:?}");
        assert!(errors[0].message.contains("without a name"));
    }
}

/// Target `normalize`: a word of signs only ("Ь", as a slip on a
/// Ukrainian keyboard) became a word without variants; in a query, a word
/// that matches nothing emptied the whole search.
#[test]
fn a_stray_soft_sign_neither_makes_an_empty_word_nor_empties_a_search() {
    let found = "де знайти психолога Ь Утрехті";
    let words = analyze(found);
    assert!(words.iter().all(|w| !w.variants.is_empty()), "{words:?}");
    assert_eq!(words.len(), 3, "де is a stopword, Ь no word: {words:?}");
    assert!(words.iter().enumerate().all(|(i, w)| w.position == i));
    assert!(analyze("ь ъ 'ь'").is_empty());

    let (_dir, engine) = crate::common::engine();
    let total = |text: &str| {
        let query = SearchQuery {
            text: Some(text.to_string()),
            ..SearchQuery::default()
        };
        engine.search(&query).expect("search").total
    };
    let plain = total("VluchtelingenWerk");
    assert!(plain > 0, "the seed records name VluchtelingenWerk");
    assert_eq!(total("VluchtelingenWerk Ь"), plain);
    assert_eq!(total("ь VluchtelingenWerk ъ"), plain);
}

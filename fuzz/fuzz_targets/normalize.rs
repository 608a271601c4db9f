//! The one analysis path of `wegwijs::text`: normalization, folding,
//! transliteration and word analysis must accept any text, and
//! normalization must be idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wegwijs::text::{analyze, fold_key, normalize, query_words, transliterate};

fuzz_target!(|text: &str| {
    let once = normalize(text);
    assert_eq!(normalize(&once), once, "normalize is not idempotent");

    let key = fold_key(text);
    assert!(
        key.chars().all(char::is_alphanumeric),
        "fold_key kept something other than letters and digits: {key:?}"
    );
    assert_eq!(fold_key(&key), key, "fold_key is not idempotent");

    // Transliteration passes anything it does not know through; it must
    // only never panic.
    let _ = transliterate(&once);

    let words = analyze(text);
    let mut previous_start = 0;
    for (i, word) in words.iter().enumerate() {
        // Offsets point into the analyzed text, on character boundaries, in
        // order (pieces of one split word share theirs), and positions count
        // the words.
        assert!(word.start < word.end && word.end <= text.len());
        assert!(text.is_char_boundary(word.start) && text.is_char_boundary(word.end));
        assert!(word.start >= previous_start);
        previous_start = word.start;
        assert_eq!(word.position, i);
        assert!(!word.variants.is_empty());
        let mut sorted = word.variants.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), word.variants.len(), "duplicate variants");
    }
    let _ = query_words(text);
});

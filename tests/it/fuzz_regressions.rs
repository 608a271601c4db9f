//! Inputs that `cargo fuzz` (`scripts/fuzz.sh`) found breaking an
//! invariant, each pinned as it was found, named after the bug.

use wegwijs::text::fold_key;

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

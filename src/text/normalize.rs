//! Unicode normalization: NFKC, case folding, Latin diacritics, apostrophes.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Whether `c` is one of the apostrophe variants used in Ukrainian text.
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{2032}' | '\u{00B4}'
    )
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF)
}

/// Normalizes text for comparison: NFKC, lowercase, Latin diacritics removed
/// (Oekraïne = oekraine, café = cafe), `ß` folded to `ss`, and every
/// apostrophe variant (ʼ ’ ' `) made `'`. Cyrillic letters keep their marks
/// (й and ї are letters of their own). Idempotent.
pub fn normalize(text: &str) -> String {
    if text.is_ascii() {
        // NFKC leaves ASCII alone and it has no marks: only case and the
        // backtick apostrophe change.
        return text
            .bytes()
            .map(|b| match b {
                b'`' => '\'',
                b => char::from(b.to_ascii_lowercase()),
            })
            .collect();
    }
    normalize_unicode(text)
}

fn normalize_unicode(text: &str) -> String {
    let mut lowered = String::with_capacity(text.len());
    for c in text.nfkc() {
        if is_apostrophe(c) {
            lowered.push('\'');
        } else if c == 'ß' || c == 'ẞ' {
            lowered.push_str("ss");
        } else {
            lowered.extend(c.to_lowercase());
        }
    }
    // Decompose, drop marks that sit on a Latin base letter, recompose.
    let mut out = String::with_capacity(lowered.len());
    let mut base_is_latin = false;
    for c in lowered.nfd() {
        if is_combining_mark(c) {
            if !base_is_latin {
                out.push(c);
            }
        } else {
            base_is_latin = is_latin(c);
            out.push(c);
        }
    }
    let composed: String = out.nfc().collect();
    if composed.nfkc().eq(composed.chars()) {
        composed
    } else {
        // A rare compatibility character produced by lowercasing: one more pass
        // keeps the function idempotent.
        normalize_unicode(&composed)
    }
}

/// A key for matching short names (places, organisations): normalized,
/// transliterated to Latin, with everything but letters and digits removed.
/// "'s-Gravenhage" → "sgravenhage", "Гаага" → "haaha". Idempotent.
pub fn fold_key(text: &str) -> String {
    let normalized = normalize(text);
    // Combining marks go too, even those Unicode counts as alphabetic (such
    // as U+0613): one kept after a letter that transliteration turned Latin
    // would be removed by a second fold, so the key would not be stable.
    super::transliterate(&normalized)
        .chars()
        .filter(|&c| c.is_alphanumeric() && !is_combining_mark(c))
        .collect()
}

/// A number naming an organisation: FNV-1a over its [`fold_key`], so
/// names that fold alike are one organisation. Stable across builds and
/// machines (the search index keeps it).
pub fn organization_key(name: &str) -> u64 {
    fold_key(name).bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_apostrophes() {
        assert_eq!(normalize("Oekraïne"), "oekraine");
        assert_eq!(normalize("CAFÉ"), "cafe");
        assert_eq!(normalize("ВАКЦИНАЦІЯ"), "вакцинація");
        assert_eq!(normalize("Київ"), "київ");
        assert_eq!(normalize("м’ясо"), normalize("мʼясо"));
        assert_eq!(normalize("м`ясо"), "м'ясо");
        assert_eq!(normalize("Straße"), "strasse");
        assert_eq!(normalize("ﬁets"), "fiets");
        assert_eq!(normalize("Й"), "й");
    }

    #[test]
    fn the_ascii_shortcut_agrees_with_the_full_path() {
        let samples = [
            "Hello World",
            "'s-Gravenhage",
            "rock`n`roll",
            "A-Z a-z 0-9 !\"#$%&'()*+,-./:;<=>?@[\\]^_{|}~",
            "\t\r\n ",
            "",
            "MiXeD CaSe 123",
        ];
        for s in samples {
            assert_eq!(normalize(s), normalize_unicode(s), "{s:?}");
        }
        // Every ASCII character on its own, too.
        for b in 0u8..128 {
            let s = char::from(b).to_string();
            assert_eq!(normalize(&s), normalize_unicode(&s), "byte {b}");
        }
    }

    #[test]
    fn fold_key_joins_scripts() {
        assert_eq!(fold_key("'s-Gravenhage"), "sgravenhage");
        assert_eq!(fold_key("Київ"), fold_key("Kyiv"));
    }
}

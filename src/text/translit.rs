//! Cyrillic to Latin transliteration, so Latin queries find Cyrillic text and back.
//!
//! Follows the Ukrainian national system (2010) — Київ → kyiv, Харків →
//! kharkiv — with Russian letters added (ы → y, э → e, ё → e). Word-initial
//! є ї й ю я take the y- forms (Ye, Yi, Y, Yu, Ya) as the system prescribes.

/// Whether `c` is a Cyrillic letter.
pub fn is_cyrillic(c: char) -> bool {
    matches!(c as u32, 0x0400..=0x052F)
}

/// Transliterates the Cyrillic letters of a normalized (lowercase) text; other
/// characters pass through. Apostrophes inside Cyrillic words are dropped.
pub fn transliterate(text: &str) -> String {
    if !text.chars().any(is_cyrillic) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev_is_letter = false;
    for c in text.chars() {
        let initial = !prev_is_letter;
        let mapped: &str = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "h",
            'ґ' => "g",
            'д' => "d",
            'е' | 'э' | 'ё' => "e",
            'є' if initial => "ye",
            'є' => "ie",
            'ж' => "zh",
            'з' => "z",
            'и' | 'ы' => "y",
            'і' => "i",
            'ї' if initial => "yi",
            'ї' => "i",
            'й' if initial => "y",
            'й' => "i",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' | 'ў' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ь' | 'ъ' => "",
            'ю' if initial => "yu",
            'ю' => "iu",
            'я' if initial => "ya",
            'я' => "ia",
            '\'' if prev_is_letter => "",
            _ => {
                out.push(c);
                prev_is_letter = c.is_alphanumeric();
                continue;
            }
        };
        out.push_str(mapped);
        prev_is_letter = true;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ukrainian_names_match_their_common_latin_spelling() {
        assert_eq!(transliterate("київ"), "kyiv");
        assert_eq!(transliterate("харків"), "kharkiv");
        assert_eq!(transliterate("олена"), "olena");
        assert_eq!(transliterate("запоріжжя"), "zaporizhzhia");
        assert_eq!(transliterate("юрій"), "yurii");
        assert_eq!(transliterate("м'ясо"), "miaso");
    }

    #[test]
    fn latin_passes_through() {
        assert_eq!(transliterate("amsterdam 2024"), "amsterdam 2024");
    }
}

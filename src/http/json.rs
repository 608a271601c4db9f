//! JSON response bodies with `<`, `>`, `&` and the JavaScript line
//! separators escaped, so that stored text such as `<script>` can never be
//! read as markup, whoever misreads the content type.
//!
//! These characters can only occur inside JSON strings, so replacing them
//! with `\uXXXX` escapes changes no value.

use std::io;

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, HttpResponseBuilder};
use serde::Serialize;
use serde_json::ser::Formatter;

/// `value` as JSON text with the risky characters escaped, in one pass:
/// the escapes are written as the strings are (a second pass over the
/// text of 20 hits was a twentieth of the server's time). The bytes are
/// UTF-8 as they are written (serde_json's text, with whole characters
/// replaced by ASCII escapes), so they are not checked again: checking
/// a page of hits was 4% of a server's time answering place names.
pub fn to_safe_json(value: &impl Serialize) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::with_capacity(4096);
    value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut out,
        SafeFormatter,
    ))?;
    Ok(out)
}

/// Whether a byte may start an escape: `<`, `>`, `&`, or 0xE2, the first
/// byte of U+2028 and U+2029 (E2 80 A8 and E2 80 A9 in UTF-8).
fn may_escape(b: u8) -> bool {
    matches!(b, b'<' | b'>' | b'&' | 0xE2)
}

/// Fragments shorter than this are scanned eight bytes at a time
/// ([`first_risky`]): most strings of a page of hits are short (keys, ids,
/// codes, dates), and two vector searches cost more to set up than such a
/// string takes to read.
const SHORT_FRAGMENT: usize = 64;

/// A byte repeated in each byte of a word.
const fn repeated(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// The high bit of the lowest byte of `v` that is zero is set, and no
/// bit below it (bits above it may be set wrongly, so only the lowest
/// set bit counts).
fn zero_bytes(v: u64) -> u64 {
    v.wrapping_sub(repeated(1)) & !v & repeated(0x80)
}

/// Where the first byte of `bytes` that [`may_escape`] lies, read eight
/// bytes at a time: a byte at a time with four comparisons each, the
/// short strings' scan was a twentieth of the server's time answering a
/// place name.
fn first_risky(bytes: &[u8]) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let found = zero_bytes(x ^ repeated(b'<'))
            | zero_bytes(x ^ repeated(b'>'))
            | zero_bytes(x ^ repeated(b'&'))
            | zero_bytes(x ^ repeated(0xE2));
        if found != 0 {
            // Little-endian: the lowest set bit is the first byte found.
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| may_escape(b))
        .map(|p| at + p)
}

/// serde_json's compact output (the trait's defaults), but with `<`, `>`,
/// `&`, U+2028 and U+2029 inside strings written as `\uXXXX` escapes.
struct SafeFormatter;

impl Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let bytes = fragment.as_bytes();
        let (mut start, mut i) = (0, 0);
        // The next byte that may start an escape: in a long rest found a
        // vector at a time (every string read a byte at a time, the scan
        // was 7% of a server's time under load), in a short one a word at
        // a time.
        let next = |from: usize| {
            let rest = &bytes[from..];
            if rest.len() < SHORT_FRAGMENT {
                return first_risky(rest).map_or(bytes.len(), |p| from + p);
            }
            let markup = memchr::memchr3(b'<', b'>', b'&', rest);
            let separator = memchr::memchr(0xE2, rest);
            match (markup, separator) {
                (Some(a), Some(b)) => from + a.min(b),
                (Some(a), None) | (None, Some(a)) => from + a,
                (None, None) => bytes.len(),
            }
        };
        while i < bytes.len() {
            i = next(i);
            let (escape, len): (&[u8], usize) = match bytes[i..] {
                [] => break,
                [b'<', ..] => (b"\\u003c", 1),
                [b'>', ..] => (b"\\u003e", 1),
                [b'&', ..] => (b"\\u0026", 1),
                [0xE2, 0x80, 0xA8, ..] => (b"\\u2028", 3),
                [0xE2, 0x80, 0xA9, ..] => (b"\\u2029", 3),
                _ => {
                    i += 1;
                    continue;
                }
            };
            writer.write_all(&bytes[start..i])?;
            writer.write_all(escape)?;
            i += len;
            start = i;
        }
        writer.write_all(&bytes[start..])
    }
}

/// Finishes `builder` with `value` as the JSON body.
pub fn json(mut builder: HttpResponseBuilder, value: &impl Serialize) -> HttpResponse {
    match to_safe_json(value) {
        Ok(body) => builder.insert_header(ContentType::json()).body(body),
        Err(e) => {
            tracing::error!(error = %e, "response could not be serialized");
            HttpResponse::InternalServerError()
                .insert_header(ContentType::json())
                .body(r#"{"error":{"code":"internal","message":"something went wrong on our side","fields":[]}}"#)
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The text, which must be UTF-8: the server sends it unchecked.
    fn safe_json(value: &impl Serialize) -> String {
        String::from_utf8(to_safe_json(value).unwrap()).expect("the text is UTF-8")
    }

    #[test]
    fn markup_is_escaped_and_the_value_kept() {
        let text = safe_json(&serde_json::json!({"name": "<script>&\u{2028}"}));
        assert!(!text.contains('<') && !text.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "<script>&\u{2028}");
    }

    #[test]
    fn every_risky_character_is_escaped_in_keys_and_values() {
        let value = serde_json::json!({"a<b>": ["x&y", "\u{2028}\u{2029}", "\u{2027}\u{202a}"]});
        assert_eq!(
            safe_json(&value),
            "{\"a\\u003cb\\u003e\":[\"x\\u0026y\",\"\\u2028\\u2029\",\"\u{2027}\u{202a}\"]}"
        );
    }

    #[test]
    fn long_and_short_strings_take_their_own_scan_alike() {
        // Either side of SHORT_FRAGMENT bytes, escapes at the ends too.
        for len in [0, 1, SHORT_FRAGMENT - 1, SHORT_FRAGMENT, 3 * SHORT_FRAGMENT] {
            let plain = "я".repeat(len / 2);
            let text = format!("<{plain}&{plain}\u{2029}");
            let json = safe_json(&text);
            assert_eq!(json, format!("\"\\u003c{plain}\\u0026{plain}\\u2029\""));
            assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
        }
    }

    /// The escapes as a second pass over serde_json's text made them.
    fn escaped_after(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '&' => out.push_str("\\u0026"),
                '\u{2028}' => out.push_str("\\u2028"),
                '\u{2029}' => out.push_str("\\u2029"),
                c => out.push(c),
            }
        }
        out
    }

    proptest! {
        /// The word-at-a-time scan finds what a byte-at-a-time one finds,
        /// at any length and alignment, with risky bytes anywhere.
        #[test]
        fn the_word_scan_finds_the_first_risky_byte(
            bytes in proptest::collection::vec(
                prop_oneof![Just(b'<'), Just(b'>'), Just(b'&'), Just(0xE2u8), Just(0xE3u8),
                            Just(b'='), Just(0u8), Just(0x80u8), any::<u8>()],
                0..80,
            ),
            plain_prefix in 0usize..40,
        ) {
            let mut all = vec![b'a'; plain_prefix];
            all.extend_from_slice(&bytes);
            let expected = all.iter().position(|&b| may_escape(b));
            prop_assert_eq!(first_risky(&all), expected);
        }

        #[test]
        fn the_text_is_serde_jsons_with_the_risky_characters_escaped(
            texts in proptest::collection::vec(
                "[a-z<>&\"\\\\\u{2028}\u{2029}\u{2027}\u{202a}\u{e2}\u{80}\n\tя€😀]{0,90}",
                0..4,
            ),
            number in any::<f64>(),
        ) {
            let value = serde_json::json!({"texts": texts, "n": number, "first": texts.first()});
            let text = safe_json(&value);
            prop_assert_eq!(&text, &escaped_after(&serde_json::to_string(&value).unwrap()));
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(back, value);
        }
    }
}

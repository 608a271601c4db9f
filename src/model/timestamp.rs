//! Reading and writing the timestamps of a resource: the form wegwijs
//! writes is read and written by hand, anything else by chrono.
//!
//! A search reads its hits from the store and parses three or four
//! timestamps in each. chrono's parser accepts every RFC 3339 variant
//! (lowercase letters, a space for `T`, offsets) through a general format
//! machine, and was a tenth of a search for a place name alone. The form
//! chrono itself writes for a UTC time, `2026-11-28T09:30:00Z` with or
//! without a fraction of a second, is read here directly; any other text
//! goes to chrono, so what is accepted, and the error for what is not, are
//! chrono's.
//!
//! Writing, chrono hands serde a `Display` of a dozen pieces, which
//! serde_json escapes piece by piece: the three timestamps of each of 20
//! hits were a twentieth of the server's time answering a place name.
//! [`serialize`] writes the same text from one buffer.

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// For `#[serde(serialize_with)]` on a `DateTime<Utc>`: the text chrono
/// writes (RFC 3339, `Z`, a fraction of a second only when there is one,
/// of 3, 6 or 9 digits), from one buffer.
pub fn serialize<S: Serializer>(time: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    let mut buffer = [0u8; 30];
    match write_canonical(time, &mut buffer) {
        Some(text) => serializer.serialize_str(text),
        None => time.serialize(serializer),
    }
}

/// For `#[serde(serialize_with)]` on an `Option<DateTime<Utc>>`.
pub fn serialize_option<S: Serializer>(
    time: &Option<DateTime<Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match time {
        Some(time) => serialize(time, serializer),
        None => serializer.serialize_none(),
    }
}

/// The last `count` decimal digits of `value`, zero-padded, at the
/// start of the array (`count` at most 9).
fn digits(mut value: u32, count: usize) -> [u8; 9] {
    let mut out = [b'0'; 9];
    for digit in out[..count].iter_mut().rev() {
        *digit = b'0' + (value % 10) as u8;
        value /= 10;
    }
    out
}

/// `time` as chrono writes it, in `buffer`; `None` for a year outside
/// 0–9999 or a leap second, which chrono writes itself.
fn write_canonical<'b>(time: &DateTime<Utc>, buffer: &'b mut [u8; 30]) -> Option<&'b str> {
    let year = time.year();
    let nano = time.nanosecond();
    if !(0..=9999).contains(&year) || nano >= 1_000_000_000 {
        return None;
    }
    let mut at = 0;
    let mut put = |text: &[u8]| {
        buffer[at..at + text.len()].copy_from_slice(text);
        at += text.len();
    };
    put(&digits(year as u32, 4)[..4]);
    let date_time = [
        (b'-', time.month()),
        (b'-', time.day()),
        (b'T', time.hour()),
        (b':', time.minute()),
        (b':', time.second()),
    ];
    for (separator, value) in date_time {
        put(&[separator]);
        put(&digits(value, 2)[..2]);
    }
    let fraction = match nano {
        0 => None,
        n if n % 1_000_000 == 0 => Some((n / 1_000_000, 3)),
        n if n % 1_000 == 0 => Some((n / 1_000, 6)),
        n => Some((n, 9)),
    };
    if let Some((value, count)) = fraction {
        put(b".");
        put(&digits(value, count)[..count]);
    }
    put(b"Z");
    std::str::from_utf8(&buffer[..at]).ok()
}

/// For `#[serde(deserialize_with)]` on a `DateTime<Utc>`.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    deserializer.deserialize_str(Rfc3339)
}

/// For `#[serde(default, deserialize_with)]` on an `Option<DateTime<Utc>>`:
/// `null` is `None`.
pub fn deserialize_option<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    Ok(Option::<Timestamp>::deserialize(deserializer)?.map(|t| t.0))
}

struct Timestamp(DateTime<Utc>);

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        deserialize(deserializer).map(Timestamp)
    }
}

struct Rfc3339;

impl Visitor<'_> for Rfc3339 {
    type Value = DateTime<Utc>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        // chrono's words, so that the error reads the same either way.
        formatter.write_str("an RFC 3339 formatted date and time string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<DateTime<Utc>, E> {
        parse(value).map_err(E::custom)
    }
}

/// `text` as a UTC time, as chrono's `DateTime<Utc>` reads it.
fn parse(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    match canonical(text.as_bytes()) {
        Some(time) => Ok(time),
        None => text
            .parse::<DateTime<FixedOffset>>()
            .map(|t| t.with_timezone(&Utc)),
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ`, or with a fraction of one to nine digits
/// before the `Z`; `None` for any other text, or for a date or time that
/// does not exist (chrono then says why), or a leap second.
fn canonical(b: &[u8]) -> Option<DateTime<Utc>> {
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' {
        return None;
    }
    if b[13] != b':' || b[16] != b':' || b[b.len() - 1] != b'Z' {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let nanos = match &b[19..b.len() - 1] {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            number(20, 20 + digits.len())? * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    let (hour, minute, second) = (number(11, 13)?, number(14, 16)?, number(17, 19)?);
    if second > 59 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    Some(
        date.and_hms_nano_opt(hour, minute, second, nanos)?
            .and_utc(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// chrono's own reading.
    fn chrono(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
        text.parse::<DateTime<FixedOffset>>()
            .map(|t| t.with_timezone(&Utc))
    }

    #[test]
    fn reads_what_wegwijs_writes_by_hand() {
        for text in [
            "2026-11-28T00:00:00Z",
            "2026-12-06T16:50:42.5Z",
            "2026-12-06T16:50:42.123456789Z",
            "2024-02-29T23:59:59Z",
        ] {
            assert!(canonical(text.as_bytes()).is_some(), "{text}");
            assert_eq!(parse(text), chrono(text), "{text}");
        }
        // What wegwijs writes reads back.
        let now = Utc::now();
        assert_eq!(
            parse(&now.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
            Ok(now)
        );
    }

    #[test]
    fn leaves_every_other_form_to_chrono() {
        for text in [
            "2026-11-28t00:00:00z",
            "2026-11-28 00:00:00Z",
            "2026-11-28T00:00:00+01:00",
            "2026-11-28T00:00:60Z",
            "2026-11-28T00:00:00.1234567891Z",
            "2026-02-30T00:00:00Z",
            "2026-11-28T24:00:00Z",
            "2026-11-28T00:00:00.Z",
            "+2026-11-28T00:00:00Z",
            "2026-11-28",
            "",
        ] {
            assert!(canonical(text.as_bytes()).is_none(), "{text}");
            assert_eq!(parse(text), chrono(text), "{text}");
        }
    }

    #[test]
    fn errors_and_nulls_read_as_chrono_reads_them() {
        #[derive(Debug, Deserialize)]
        struct Ours {
            #[serde(deserialize_with = "deserialize")]
            at: DateTime<Utc>,
            #[serde(default, deserialize_with = "deserialize_option")]
            maybe: Option<DateTime<Utc>>,
        }
        #[derive(Debug, Deserialize)]
        struct Theirs {
            #[allow(dead_code)]
            at: DateTime<Utc>,
            #[allow(dead_code)]
            maybe: Option<DateTime<Utc>>,
        }
        for json in [
            r#"{"at": "2026-11-28T00:00:00Z", "maybe": 5}"#,
            r#"{"at": 17, "maybe": null}"#,
            r#"{"at": "yesterday"}"#,
            r#"{"at": "2026-13-01T00:00:00Z"}"#,
        ] {
            let ours = serde_json::from_str::<Ours>(json).map_err(|e| e.to_string());
            let theirs = serde_json::from_str::<Theirs>(json).map_err(|e| e.to_string());
            assert_eq!(ours.err(), theirs.err(), "{json}");
        }
        let ours: Ours =
            serde_json::from_str(r#"{"at": "2026-11-28T00:00:00Z", "maybe": null}"#).unwrap();
        assert_eq!(ours.maybe, None);
        let ours: Ours = serde_json::from_str(r#"{"at": "2026-11-28T00:00:00Z"}"#).unwrap();
        assert_eq!(ours.maybe, None);
        let ours: Ours = serde_json::from_str(
            r#"{"at": "2026-11-28T00:00:00Z", "maybe": "2026-11-28T01:00:00+01:00"}"#,
        )
        .unwrap();
        assert_eq!(Some(ours.at), ours.maybe);
    }

    /// What chrono's own serialization writes.
    fn chrono_json(time: &DateTime<Utc>) -> String {
        serde_json::to_string(time).unwrap()
    }

    fn our_json(time: &DateTime<Utc>) -> String {
        #[derive(Serialize)]
        struct Ours<'a>(#[serde(serialize_with = "serialize")] &'a DateTime<Utc>);
        serde_json::to_string(&Ours(time)).unwrap()
    }

    #[test]
    fn writes_what_chrono_writes_in_every_form() {
        for (seconds, nanos) in [
            (0, 0),
            (1_780_000_000, 0),
            (1_780_000_000, 5_000_000),
            (1_780_000_000, 120_000),
            (1_780_000_000, 7),
            (1_780_000_000, 999_999_999),
            // A leap second, and years chrono writes with a sign.
            (1_780_000_079, 1_500_000_000),
            (-62_200_000_000, 0),
            (253_402_300_800, 0),
        ] {
            let time = DateTime::from_timestamp(seconds, nanos).unwrap();
            assert_eq!(our_json(&time), chrono_json(&time), "{seconds} {nanos}");
        }
        #[derive(Serialize)]
        struct Maybe(#[serde(serialize_with = "serialize_option")] Option<DateTime<Utc>>);
        assert_eq!(serde_json::to_string(&Maybe(None)).unwrap(), "null");
        let time = DateTime::from_timestamp(1_780_000_000, 0).unwrap();
        assert_eq!(
            serde_json::to_string(&Maybe(Some(time))).unwrap(),
            chrono_json(&time)
        );
    }

    proptest! {
        #[test]
        fn writes_what_chrono_writes(seconds in -70_000_000_000i64..300_000_000_000, nanos in 0u32..2_000_000_000) {
            if let Some(time) = DateTime::from_timestamp(seconds, nanos) {
                prop_assert_eq!(our_json(&time), chrono_json(&time));
            }
        }

        #[test]
        fn agrees_with_chrono(
            text in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,11})?(Z|z|[+-][0-9]{2}:[0-9]{2})?"
        ) {
            prop_assert_eq!(parse(&text), chrono(&text));
        }

        #[test]
        fn agrees_with_chrono_on_real_times(seconds in 0i64..4_102_444_800, nanos in 0u32..1_000_000_000) {
            let time = DateTime::from_timestamp(seconds, nanos).unwrap();
            let text = time.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
            prop_assert_eq!(parse(&text), Ok(time));
            prop_assert_eq!(parse(&text), chrono(&text));
        }
    }
}

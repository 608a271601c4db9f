//! Reading one cell: formulas and the export's `'` escape, numbers with a
//! decimal comma, yes/no, lists, dates, costs, statuses and the other
//! small vocabularies of the template. Every reader says what is wrong in
//! lowercase and which [`ProblemKind`] it is.

use chrono::{DateTime, NaiveDate, Utc};

use super::ProblemKind;
use crate::model::{
    AvailabilityStatus, Cost, CostKind, LegalStatus, PublicationStatus, ServiceArea,
};
use crate::text::fold_key;

/// A cell that could not be read: its kind and a message.
pub type CellError = (ProblemKind, String);

/// The characters that make a spreadsheet treat a cell as a formula. The CSV
/// export writes a `'` before a text cell that starts with one of them.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell's text, trimmed; `None` when empty. A leading `'` written by the
/// CSV export before a formula character is removed again. A cell starting
/// with `=` is a formula: spreadsheets export what they show, so a formula
/// that reaches the CSV was typed as text by mistake and its value is
/// unknown; it is reported rather than imported. (`+`, `-` and `@` are
/// normal at the start of phone numbers, coordinates and handles.)
pub fn clean(raw: &str) -> Result<Option<&str>, CellError> {
    if let Some(rest) = raw.strip_prefix('\'') {
        if rest.starts_with(FORMULA_STARTS) {
            let text = rest.trim();
            return Ok((!text.is_empty()).then_some(text));
        }
    }
    let text = raw.trim();
    if text.starts_with('=') {
        let shown: String = text.chars().take(40).collect();
        return Err((
            ProblemKind::Formula,
            format!("the cell holds a formula ({shown}), not a value"),
        ));
    }
    Ok((!text.is_empty()).then_some(text))
}

/// The values of a list cell, separated by `;` (or line breaks inside the cell).
pub fn list(text: &str) -> Vec<&str> {
    text.split([';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// A number with a decimal point or a decimal comma (`52,37`, `1.234,5`).
pub fn number(text: &str) -> Result<f64, CellError> {
    let t = text.trim().replace([' ', '\u{a0}'], "");
    let t = match (t.contains(','), t.contains('.')) {
        (true, true) => t.replace('.', "").replace(',', "."),
        (true, false) => t.replace(',', "."),
        _ => t,
    };
    t.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .ok_or_else(|| {
            (
                ProblemKind::Number,
                format!("'{}' is not a number", clip(text)),
            )
        })
}

/// A whole number of years from 0 to 255.
pub fn age(text: &str) -> Result<u8, CellError> {
    let n = number(text)?;
    if n.fract() == 0.0 && (0.0..=255.0).contains(&n) {
        Ok(n as u8)
    } else {
        Err((
            ProblemKind::Number,
            format!("'{}' is not an age in whole years", clip(text)),
        ))
    }
}

/// Yes or no in Dutch, English or Ukrainian (`ja`, `yes`, `так`, `x`, `1`, …).
pub fn yes_no(text: &str) -> Result<bool, CellError> {
    match fold_key(text).as_str() {
        "ja" | "j" | "yes" | "y" | "true" | "waar" | "x" | "1" | "tak" => Ok(true),
        "nee" | "n" | "no" | "false" | "onwaar" | "0" | "ni" => Ok(false),
        _ => Err((
            ProblemKind::YesNo,
            format!("'{}' is not yes or no", clip(text)),
        )),
    }
}

/// A date: `2026-11-28`, `28-11-2026`, `28/11/2026`, `28.11.2026`, or an
/// RFC 3339 time. A bare date means midnight UTC.
pub fn date(text: &str) -> Result<DateTime<Utc>, CellError> {
    let t = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Ok(d.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(t, format) {
            if let Some(dt) = d.and_hms_opt(0, 0, 0) {
                return Ok(dt.and_utc());
            }
        }
    }
    Err((ProblemKind::Date, format!("'{}' is not a date", clip(t))))
}

/// A cost: free (`gratis`, `free`, `безкоштовно`, `0`), an amount in euros
/// (`12,50`, `€ 12,50`), or a reduced price (`korting 5`, `reduced 5`).
pub fn cost(text: &str) -> Result<Cost, CellError> {
    let key = fold_key(text);
    if matches!(
        key.as_str(),
        "gratis" | "free" | "bezkoshtovno" | "besplatno" | "0"
    ) {
        return Ok(Cost {
            kind: CostKind::Free,
            amount: None,
            currency: None,
            note: None,
        });
    }
    if matches!(key.as_str(), "betaald" | "paid") {
        return Ok(Cost {
            kind: CostKind::Paid,
            amount: None,
            currency: None,
            note: None,
        });
    }
    let lower = text.trim().to_lowercase();
    let (kind, rest) = ["korting", "reduced", "gereduceerd", "знижка"]
        .iter()
        .find_map(|w| {
            lower
                .strip_prefix(w)
                .map(|r| (CostKind::Reduced, r.to_string()))
        })
        .unwrap_or((CostKind::Paid, lower.clone()));
    let amount_text = rest.trim().trim_start_matches(':').trim();
    let amount_text = amount_text
        .trim_start_matches('€')
        .trim_end_matches("eur")
        .trim_end_matches('€')
        .trim();
    let error = || (ProblemKind::Cost, format!("'{}' is not a cost", clip(text)));
    if amount_text.is_empty() {
        return if kind == CostKind::Reduced {
            Ok(Cost {
                kind,
                amount: None,
                currency: None,
                note: None,
            })
        } else {
            Err(error())
        };
    }
    let amount = number(amount_text).map_err(|_| error())?;
    Ok(Cost {
        kind,
        amount: Some(amount),
        currency: Some("EUR".to_string()),
        note: None,
    })
}

/// Whether the service takes new people: `open`, `wachtlijst`, `vol`,
/// `tijdelijk gesloten`, or the English words.
pub fn availability(text: &str) -> Result<AvailabilityStatus, CellError> {
    Ok(match fold_key(text).as_str() {
        "open" | "accepting" | "ja" | "yes" | "plekvrij" => AvailabilityStatus::Accepting,
        "wachtlijst" | "waitinglist" | "waiting" => AvailabilityStatus::WaitingList,
        "vol" | "full" => AvailabilityStatus::Full,
        "tijdelijkgesloten" | "gesloten" | "temporarilyclosed" | "closed" => {
            AvailabilityStatus::TemporarilyClosed
        }
        _ => {
            return Err((
                ProblemKind::Availability,
                format!("'{}' is not an availability", clip(text)),
            ))
        }
    })
}

/// A publication status in Dutch or English.
pub fn status(text: &str) -> Result<PublicationStatus, CellError> {
    Ok(match fold_key(text).as_str() {
        "gepubliceerd" | "published" => PublicationStatus::Published,
        "concept" | "draft" => PublicationStatus::Draft,
        "terbeoordeling" | "pending" => PublicationStatus::Pending,
        "gearchiveerd" | "archived" => PublicationStatus::Archived,
        _ => {
            return Err((
                ProblemKind::Status,
                format!("'{}' is not a publication status", clip(text)),
            ))
        }
    })
}

/// A legal status: the model's name or its Dutch word.
pub fn legal_status(text: &str) -> Result<LegalStatus, CellError> {
    Ok(match fold_key(text).as_str() {
        "anyone" | "iedereen" | "alle" | "all" => LegalStatus::Anyone,
        "temporaryprotection" | "tijdelijkebescherming" => LegalStatus::TemporaryProtection,
        "thirdcountrynational" | "derdelander" | "derdelanders" => {
            LegalStatus::ThirdCountryNational
        }
        "asylumseeker" | "asielzoeker" | "asielzoekers" => LegalStatus::AsylumSeeker,
        "statusholder" | "statushouder" | "statushouders" => LegalStatus::StatusHolder,
        "eucitizen" | "euburger" | "euburgers" => LegalStatus::EuCitizen,
        _ => {
            return Err((
                ProblemKind::LegalStatus,
                format!("'{}' is not a legal status", clip(text)),
            ))
        }
    })
}

/// A service area: `landelijk` / `national`, a radius (`10 km`), or
/// municipalities separated by `;`.
pub fn service_area(text: &str) -> Result<ServiceArea, CellError> {
    let key = fold_key(text);
    if matches!(
        key.as_str(),
        "landelijk" | "national" | "nederland" | "heelnederland"
    ) {
        return Ok(ServiceArea::National);
    }
    let lower = text.trim().to_lowercase();
    if let Some(km) = lower.strip_suffix("km") {
        return number(km.trim())
            .map(|km| ServiceArea::Radius { km })
            .map_err(|_| {
                (
                    ProblemKind::ServiceArea,
                    format!("'{}' is not a radius", clip(text)),
                )
            });
    }
    let municipalities: Vec<String> = list(text).into_iter().map(str::to_string).collect();
    if municipalities.is_empty()
        || municipalities.iter().any(|m| {
            m.chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        })
    {
        return Err((
            ProblemKind::ServiceArea,
            format!("'{}' is not a service area", clip(text)),
        ));
    }
    Ok(ServiceArea::Municipalities { municipalities })
}

/// Language names in Dutch, English and Ukrainian, with their ISO 639-1 codes.
const LANGUAGE_NAMES: [(&str, &[&str]); 16] = [
    ("uk", &["oekraiens", "ukrainian", "українська", "укр"]),
    ("ru", &["russisch", "russian", "російська", "русский"]),
    (
        "nl",
        &["nederlands", "dutch", "нідерландська", "голландська"],
    ),
    ("en", &["engels", "english", "англійська"]),
    ("de", &["duits", "german", "німецька"]),
    ("fr", &["frans", "french", "французька"]),
    ("pl", &["pools", "polish", "польська"]),
    ("ar", &["arabisch", "arabic", "арабська"]),
    ("tr", &["turks", "turkish", "турецька"]),
    ("es", &["spaans", "spanish", "іспанська"]),
    ("ro", &["roemeens", "romanian", "румунська"]),
    ("be", &["wit-russisch", "belarusian", "білоруська"]),
    ("fa", &["perzisch", "farsi", "persian", "перська"]),
    ("ti", &["tigrinya", "тигринья"]),
    ("so", &["somalisch", "somali", "сомалі"]),
    ("nl", &["vlaams", "flemish"]),
];

/// A language as an ISO 639-1 code (`uk`) or a name (`Oekraïens`, `English`, `українська`).
pub fn language(text: &str) -> Result<String, CellError> {
    let t = text.trim();
    if t.len() == 2 && t.chars().all(|c| c.is_ascii_alphabetic()) {
        return Ok(t.to_ascii_lowercase());
    }
    let key = fold_key(t);
    LANGUAGE_NAMES
        .iter()
        .find(|(_, names)| names.iter().any(|n| fold_key(n) == key))
        .map(|(code, _)| code.to_string())
        .ok_or_else(|| {
            (
                ProblemKind::Language,
                format!("'{}' is not a language code or name", clip(t)),
            )
        })
}

/// At most 60 characters of `text`, for messages.
pub fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_refused_and_the_export_escape_is_removed() {
        assert_eq!(clean("  x "), Ok(Some("x")));
        assert_eq!(clean(""), Ok(None));
        assert_eq!(clean("'=1+1"), Ok(Some("=1+1")));
        assert_eq!(clean("'+31 20 123"), Ok(Some("+31 20 123")));
        assert_eq!(clean("'s-Hertogenbosch"), Ok(Some("'s-Hertogenbosch")));
        assert_eq!(clean("+31 20 123"), Ok(Some("+31 20 123")));
        assert_eq!(
            clean("=HYPERLINK(\"x\")").unwrap_err().0,
            ProblemKind::Formula
        );
    }

    #[test]
    fn numbers_with_decimal_commas() {
        assert_eq!(number("52,37"), Ok(52.37));
        assert_eq!(number("4.89"), Ok(4.89));
        assert_eq!(number("-5,5"), Ok(-5.5));
        assert_eq!(number("1.234,5"), Ok(1234.5));
        assert!(number("abc").is_err());
        assert!(number("NaN").is_err());
    }

    #[test]
    fn costs_in_three_languages() {
        assert_eq!(cost("Gratis").unwrap().kind, CostKind::Free);
        assert_eq!(cost("безкоштовно").unwrap().kind, CostKind::Free);
        let paid = cost("€ 12,50").unwrap();
        assert_eq!((paid.kind, paid.amount), (CostKind::Paid, Some(12.5)));
        let reduced = cost("korting 5").unwrap();
        assert_eq!(
            (reduced.kind, reduced.amount),
            (CostKind::Reduced, Some(5.0))
        );
        assert!(cost("veel").is_err());
    }

    #[test]
    fn dates_languages_and_areas() {
        assert_eq!(date("28-11-2026").unwrap(), date("2026-11-28").unwrap());
        assert!(date("gisteren").is_err());
        assert_eq!(language("Oekraïens").unwrap(), "uk");
        assert_eq!(language("EN").unwrap(), "en");
        assert_eq!(language("російська").unwrap(), "ru");
        assert!(language("Klingon").is_err());
        assert_eq!(service_area("Landelijk"), Ok(ServiceArea::National));
        assert_eq!(service_area("10 km"), Ok(ServiceArea::Radius { km: 10.0 }));
        assert_eq!(
            service_area("Utrecht; Zeist"),
            Ok(ServiceArea::Municipalities {
                municipalities: vec!["Utrecht".into(), "Zeist".into()]
            })
        );
        assert!(yes_no("ja").unwrap() && !yes_no("No").unwrap() && yes_no("misschien").is_err());
    }
}

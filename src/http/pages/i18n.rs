//! The page language and language-aware formatting.
//!
//! The language comes from `?lang=` (then remembered in a cookie), else the
//! cookie, else `Accept-Language`, else Ukrainian: most volunteers answer
//! households in Ukrainian. The texts themselves are in `texts.rs`.

use actix_web::HttpRequest;
use chrono::{DateTime, Utc};

use super::params::Params;
use crate::model::Lang;

/// The cookie that remembers a chosen language.
pub const LANG_COOKIE: &str = "wegwijs_lang";

/// The language when nothing else decides.
pub const DEFAULT_LANG: Lang = Lang::Uk;

/// How the language of a request was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LangChoice {
    /// The page language.
    pub lang: Lang,
    /// True when `?lang=` chose it, so the cookie must be set.
    pub remember: bool,
}

/// Parses `uk`, `nl` or `en` (any case).
pub fn parse_lang(code: &str) -> Option<Lang> {
    match code.trim().to_ascii_lowercase().as_str() {
        "uk" => Some(Lang::Uk),
        "nl" => Some(Lang::Nl),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// Chooses the page language of `req`. An unknown `?lang=` value is
/// ignored rather than refused: the page is still useful in a known language.
pub fn negotiate(req: &HttpRequest) -> LangChoice {
    let from_query = Params::query(req)
        .ok()
        .and_then(|p| p.get("lang").and_then(parse_lang));
    if let Some(lang) = from_query {
        return LangChoice {
            lang,
            remember: true,
        };
    }
    let lang = req
        .cookie(LANG_COOKIE)
        .and_then(|c| parse_lang(c.value()))
        .or_else(|| {
            req.headers()
                .get(actix_web::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(from_accept_language)
        })
        .unwrap_or(DEFAULT_LANG);
    LangChoice {
        lang,
        remember: false,
    }
}

/// The best of our languages in an `Accept-Language` header, by q-value,
/// then by order.
pub fn from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(f32, Lang)> = None;
    for part in header.split(',').take(32) {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or("").trim();
        let primary = tag.split('-').next().unwrap_or("");
        let Some(lang) = parse_lang(primary) else {
            continue;
        };
        let q = pieces
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
            best = Some((q, lang));
        }
    }
    best.map(|(_, l)| l)
}

/// The plural form of `n` for Ukrainian: 0 = one (1, 21), 1 = few (2–4,
/// 22–24), 2 = many (5–20, 25…).
fn uk_form(n: i64) -> usize {
    let (n10, n100) = (n % 10, n % 100);
    if n10 == 1 && n100 != 11 {
        0
    } else if (2..=4).contains(&n10) && !(12..=14).contains(&n100) {
        1
    } else {
        2
    }
}

/// "3 results" in `lang`, with the right plural form.
pub fn results_count(lang: Lang, n: usize) -> String {
    let word = match lang {
        Lang::Uk => ["результат", "результати", "результатів"][uk_form(n as i64)],
        Lang::Nl => ["resultaat", "resultaten"][usize::from(n != 1)],
        Lang::En => ["result", "results"][usize::from(n != 1)],
    };
    format!("{n} {word}")
}

/// "verified 3 months ago" in `lang`, from the verification time and now.
pub fn verified_ago(lang: Lang, verified_at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let days = (now - verified_at).num_days().max(0);
    // Units: days up to a month, months up to a year, then years.
    let (n, unit) = if days < 31 {
        (days, 0)
    } else if days < 365 {
        ((days / 30).max(1), 1)
    } else {
        (days / 365, 2)
    };
    if n == 0 {
        return match lang {
            Lang::Uk => "перевірено сьогодні",
            Lang::Nl => "vandaag gecontroleerd",
            Lang::En => "verified today",
        }
        .to_string();
    }
    match lang {
        Lang::Uk => {
            let words: [[&str; 3]; 3] = [
                ["день", "дні", "днів"],
                ["місяць", "місяці", "місяців"],
                ["рік", "роки", "років"],
            ];
            format!("перевірено {n} {} тому", words[unit][uk_form(n)])
        }
        Lang::Nl => {
            let words: [[&str; 2]; 3] = [["dag", "dagen"], ["maand", "maanden"], ["jaar", "jaar"]];
            let w = words[unit][usize::from(n != 1)];
            format!("{n} {w} geleden gecontroleerd")
        }
        Lang::En => {
            let words: [[&str; 2]; 3] = [["day", "days"], ["month", "months"], ["year", "years"]];
            let w = words[unit][usize::from(n != 1)];
            format!("verified {n} {w} ago")
        }
    }
}

/// The name of an ISO 639-1 language in `lang`; the code itself when unknown.
pub fn language_name(lang: Lang, code: &str) -> String {
    let names: Option<[&str; 3]> = match code {
        "uk" => Some(["українська", "Oekraïens", "Ukrainian"]),
        "nl" => Some(["нідерландська", "Nederlands", "Dutch"]),
        "en" => Some(["англійська", "Engels", "English"]),
        "ru" => Some(["російська", "Russisch", "Russian"]),
        "pl" => Some(["польська", "Pools", "Polish"]),
        "de" => Some(["німецька", "Duits", "German"]),
        "fr" => Some(["французька", "Frans", "French"]),
        "es" => Some(["іспанська", "Spaans", "Spanish"]),
        "ar" => Some(["арабська", "Arabisch", "Arabic"]),
        "tr" => Some(["турецька", "Turks", "Turkish"]),
        "ro" => Some(["румунська", "Roemeens", "Romanian"]),
        "be" => Some(["білоруська", "Wit-Russisch", "Belarusian"]),
        "hu" => Some(["угорська", "Hongaars", "Hungarian"]),
        "ka" => Some(["грузинська", "Georgisch", "Georgian"]),
        "fa" => Some(["перська", "Perzisch", "Persian"]),
        "ti" => Some(["тигринья", "Tigrinya", "Tigrinya"]),
        "so" => Some(["сомалі", "Somalisch", "Somali"]),
        _ => None,
    };
    match names {
        Some(n) => n[index(lang)].to_string(),
        None => code.chars().take(8).collect(),
    }
}

/// The languages the search and add forms offer, in display order.
pub const FORM_LANGUAGES: [&str; 5] = ["uk", "nl", "en", "pl", "ru"];

/// The name of a language in itself, for the language switch.
pub fn native_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Uk => "Українська",
        Lang::Nl => "Nederlands",
        Lang::En => "English",
    }
}

/// 0, 1, 2 for uk, nl, en: the column of a text table.
pub fn index(lang: Lang) -> usize {
    match lang {
        Lang::Uk => 0,
        Lang::Nl => 1,
        Lang::En => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn accept_language_picks_the_best_known_language() {
        assert_eq!(
            from_accept_language("nl-NL,nl;q=0.9,en;q=0.8"),
            Some(Lang::Nl)
        );
        assert_eq!(
            from_accept_language("ru;q=1, en;q=0.5, uk;q=0.7"),
            Some(Lang::Uk)
        );
        assert_eq!(from_accept_language("de-DE"), None);
        assert_eq!(from_accept_language("en;q=0, nl;q=0.1"), Some(Lang::Nl));
        assert_eq!(from_accept_language(""), None);
    }

    #[test]
    fn ukrainian_plurals() {
        let now = Utc::now();
        let ago = |d: i64| verified_ago(Lang::Uk, now - Duration::days(d), now);
        assert_eq!(ago(0), "перевірено сьогодні");
        assert_eq!(ago(1), "перевірено 1 день тому");
        assert_eq!(ago(3), "перевірено 3 дні тому");
        assert_eq!(ago(11), "перевірено 11 днів тому");
        assert_eq!(ago(21), "перевірено 21 день тому");
        assert_eq!(ago(95), "перевірено 3 місяці тому");
        assert_eq!(ago(160), "перевірено 5 місяців тому");
        assert_eq!(ago(800), "перевірено 2 роки тому");
    }

    #[test]
    fn result_counts_agree_in_number() {
        assert_eq!(results_count(Lang::Uk, 1), "1 результат");
        assert_eq!(results_count(Lang::Uk, 3), "3 результати");
        assert_eq!(results_count(Lang::Uk, 12), "12 результатів");
        assert_eq!(results_count(Lang::Uk, 21), "21 результат");
        assert_eq!(results_count(Lang::Nl, 1), "1 resultaat");
        assert_eq!(results_count(Lang::En, 0), "0 results");
    }

    #[test]
    fn dutch_and_english() {
        let now = Utc::now();
        let v = now - Duration::days(95);
        assert_eq!(verified_ago(Lang::En, v, now), "verified 3 months ago");
        assert_eq!(
            verified_ago(Lang::Nl, v, now),
            "3 maanden geleden gecontroleerd"
        );
        assert_eq!(
            verified_ago(Lang::En, now - Duration::days(1), now),
            "verified 1 day ago"
        );
        // A date in the future (clock skew) reads as today.
        assert_eq!(
            verified_ago(Lang::En, now + Duration::days(3), now),
            "verified today"
        );
    }
}

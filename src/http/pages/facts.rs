//! Short facts about a resource in the page language: where, distance,
//! languages, cost, availability, freshness. Shared by the result cards, the
//! resource page and the copy-as-message text.

use chrono::{DateTime, Utc};

use super::i18n::{language_name, verified_ago};
use super::texts::{t, T};
use crate::model::{AvailabilityStatus, Cost, CostKind, Lang, Location, Resource};
use crate::taxonomy::Taxonomy;

/// Days without verification after which a resource is stale.
pub use crate::model::STALE_AFTER_DAYS as STALE_DAYS;

/// Whether `r` was last verified more than [`STALE_DAYS`] ago, or never.
pub fn is_stale(r: &Resource, now: DateTime<Utc>) -> bool {
    r.provenance
        .verified_at
        .is_none_or(|v| (now - v).num_days() > STALE_DAYS)
}

/// "verified 3 months ago" or "not verified".
pub fn verified_text(lang: Lang, r: &Resource, now: DateTime<Utc>) -> String {
    match r.provenance.verified_at {
        Some(v) => verified_ago(lang, v, now),
        None => t(lang, T::NotVerified).to_string(),
    }
}

/// A distance such as "1,2 km" (a decimal comma in uk and nl).
pub fn distance_text(lang: Lang, km: f64) -> String {
    let text = if km < 10.0 {
        format!("{km:.1}")
    } else {
        format!("{km:.0}")
    };
    match lang {
        Lang::Uk => format!("{} км", text.replace('.', ",")),
        Lang::Nl => format!("{} km", text.replace('.', ",")),
        Lang::En => format!("{text} km"),
    }
}

/// The address and municipality, or "online / national".
pub fn where_text(lang: Lang, r: &Resource) -> String {
    match &r.location {
        Location::Place {
            address,
            municipality,
            ..
        } => match address {
            Some(a) if !a.trim().is_empty() => format!("{a}, {municipality}"),
            _ => municipality.clone(),
        },
        Location::Online => t(lang, T::Online).to_string(),
    }
}

/// The languages of the service, named in `lang`.
pub fn languages_text(lang: Lang, codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| language_name(lang, c))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The cost, e.g. "free", "€ 12.50 (per lesson)".
pub fn cost_text(lang: Lang, cost: Option<&Cost>) -> Option<String> {
    let cost = cost?;
    let amount = cost.amount.filter(|a| *a > 0.0).map(|a| {
        let number = if a.fract() == 0.0 {
            format!("{a:.0}")
        } else {
            format!("{a:.2}")
        };
        let number = match lang {
            Lang::En => number,
            _ => number.replace('.', ","),
        };
        match cost.currency.as_deref() {
            Some("EUR") | None => format!("€ {number}"),
            Some(c) => format!("{number} {c}"),
        }
    });
    let mut text = match (cost.kind, amount) {
        (CostKind::Free, _) => t(lang, T::Free).to_string(),
        (CostKind::Paid, Some(a)) => a,
        (CostKind::Paid, None) => t(lang, T::Paid).to_string(),
        (CostKind::Reduced, Some(a)) => format!("{} {a}", t(lang, T::Reduced)),
        (CostKind::Reduced, None) => t(lang, T::Reduced).to_string(),
    };
    if let Some(note) = cost.note.as_deref().filter(|n| !n.trim().is_empty()) {
        text.push_str(&format!(" ({note})"));
    }
    Some(text)
}

/// Whether the service takes new people.
pub fn availability_text(lang: Lang, status: AvailabilityStatus) -> &'static str {
    t(
        lang,
        match status {
            AvailabilityStatus::Accepting => T::Accepting,
            AvailabilityStatus::WaitingList => T::WaitingList,
            AvailabilityStatus::Full => T::Full,
            AvailabilityStatus::TemporarilyClosed => T::TemporarilyClosed,
        },
    )
}

/// The labels of the resource's categories in `lang` (unknown codes as is).
pub fn category_labels<'a>(
    lang: Lang,
    taxonomy: &'a Taxonomy,
    codes: &'a [String],
) -> Vec<&'a str> {
    codes
        .iter()
        .map(|c| {
            taxonomy
                .category(c)
                .map(|cat| cat.labels.get(lang))
                .unwrap_or(c.as_str())
        })
        .collect()
}

/// The service's own web link: its website, else the organisation's, else
/// Telegram — only http(s) links, never a `javascript:` one.
pub fn own_link(r: &Resource) -> Option<&str> {
    [
        r.contact.website.as_deref(),
        r.organization.website.as_deref(),
        r.contact.telegram.as_deref(),
    ]
    .into_iter()
    .flatten()
    .find(|u| is_web_link(u))
}

/// Whether `url` is safe to put in an `href`: http(s) only.
pub fn is_web_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// A `tel:` link for a phone number as written ("+31 (0)30 123 45 67").
pub fn tel_link(phone: &str) -> Option<String> {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    (digits.chars().filter(char::is_ascii_digit).count() >= 3).then(|| format!("tel:{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_read_naturally() {
        let c = |kind, amount: Option<f64>, note: Option<&str>| Cost {
            kind,
            amount,
            currency: amount.map(|_| "EUR".to_string()),
            note: note.map(str::to_string),
        };
        assert_eq!(
            cost_text(Lang::En, Some(&c(CostKind::Free, None, None))).unwrap(),
            "free"
        );
        assert_eq!(
            cost_text(
                Lang::Nl,
                Some(&c(CostKind::Paid, Some(12.5), Some("per les")))
            )
            .unwrap(),
            "€ 12,50 (per les)"
        );
        assert_eq!(cost_text(Lang::En, None), None);
    }

    #[test]
    fn only_web_links_become_hrefs() {
        assert!(is_web_link("https://example.org"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert_eq!(tel_link("+31 (0)30 123").as_deref(), Some("tel:+31030123"));
        assert_eq!(tel_link("call us"), None);
    }
}

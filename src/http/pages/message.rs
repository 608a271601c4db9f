//! The copy-as-message text: a short plain-text block about one resource,
//! in the page language, ready to paste into Telegram, WhatsApp or Signal.
//!
//! Plain text, so nothing here is HTML-escaped (the page escapes it when it
//! puts it in a `<textarea>`); but direction overrides and other invisible
//! control characters are removed, so stored text cannot disguise itself in
//! the chat.

use chrono::{DateTime, Utc};

use super::facts::{
    category_labels, cost_text, languages_text, own_link, tel_link, verified_text, where_text,
};
use super::texts::{t, T};
use crate::matching::render::clean_line as clean;
use crate::model::{Lang, Resource};
use crate::taxonomy::Taxonomy;

pub use crate::matching::render::MAX_MESSAGE_CHARS;

/// The description is clipped to this many characters: the message is a
/// pointer, the link has the rest.
const DESCRIPTION_CHARS: usize = 280;

/// The message for `r`. `page_link` is the absolute link to the resource's
/// page here, used when the service has no web link of its own.
pub fn message_text(
    lang: Lang,
    r: &Resource,
    taxonomy: &Taxonomy,
    page_link: &str,
    now: DateTime<Utc>,
) -> String {
    let mut lines: Vec<String> = Vec::new();
    lines.push(clean(&r.name, 200));
    let what = category_labels(lang, taxonomy, &r.categories).join(", ");
    lines.push(clean(&format!("{what} — {}", r.organization.name), 300));
    if let Some(d) = r.description.best(lang) {
        lines.push(clean(d, DESCRIPTION_CHARS));
    }
    let mut field = |label: T, value: &str| {
        if !value.trim().is_empty() {
            lines.push(format!("{}: {}", t(lang, label), clean(value, 300)));
        }
    };
    field(T::Where, &where_text(lang, r));
    field(T::Languages, &languages_text(lang, &r.languages));
    if let Some(cost) = cost_text(lang, r.cost.as_ref()) {
        field(T::Cost, &cost);
    }
    if let Some(phone) = r.contact.phone.as_deref().filter(|p| tel_link(p).is_some()) {
        field(T::Phone, phone);
    }
    field(T::Link, own_link(r).unwrap_or(page_link));
    lines.push(format!("({})", verified_text(lang, r, now)));
    fit(lines.join("\n"))
}

/// Keeps the message within Telegram's limit, counting UTF-16 units (as
/// Telegram does), so it is never cut by the chat app instead.
fn fit(text: String) -> String {
    if text.encode_utf16().count() <= MAX_MESSAGE_CHARS {
        return text;
    }
    let mut out = String::new();
    let mut units = 0;
    for c in text.chars() {
        units += c.len_utf16();
        if units > MAX_MESSAGE_CHARS - 1 {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_invisible_and_collapses_space() {
        assert_eq!(clean("a\u{202E}b \n\t c\u{200B}d", 100), "ab cd");
        assert_eq!(clean("abcdef", 4), "abc…");
    }

    #[test]
    fn fit_respects_the_telegram_limit() {
        let long = "я".repeat(5000);
        let f = fit(long);
        assert!(f.encode_utf16().count() <= MAX_MESSAGE_CHARS);
        let emoji = "😀".repeat(3000);
        assert!(fit(emoji).encode_utf16().count() <= MAX_MESSAGE_CHARS);
    }
}

//! Rendering a [`super::Plan`] as chat messages in Ukrainian, Dutch or
//! English: plain text ready to paste into WhatsApp, Telegram or Signal.
//!
//! Plain means no HTML and no Markdown of our own (chat apps mangle both);
//! text from the data is copied as it is, except control characters and
//! direction overrides, which could disguise a phone number or a link.
//! Phone numbers and links stand on their own lines, never cut. A plan
//! longer than one message is split between matches, never inside one, into
//! messages numbered "(1/3)", each at most [`MAX_MESSAGE_CHARS`].
//!
//! - `words`: the fixed phrases and number formatting per language;
//! - `reason`: [`reason_text`], one [`super::Reason`] as a phrase;
//! - `clean`: removing hidden characters, measuring and clipping;
//! - `block`: the opening line, need headers, match and gap blocks;
//! - `pack`: blocks into numbered messages.

mod block;
mod clean;
mod pack;
mod reason;
mod words;

pub use clean::{clean_line, is_invisible};
pub use reason::reason_text;

use super::Plan;
use crate::model::Lang;
use crate::taxonomy::Taxonomy;

/// Telegram's limit for one message. Counted in UTF-16 code units, as
/// Telegram counts; that is never fewer than the characters, so every
/// message is also at most this many `char`s.
pub const MAX_MESSAGE_CHARS: usize = 4096;

/// `plan` as chat messages in `lang`, each at most [`MAX_MESSAGE_CHARS`],
/// numbered "(1/3)" when there is more than one. `now` (Unix seconds) dates
/// a record's freshness when the plan's reasons do not.
pub fn messages(plan: &Plan, lang: Lang, taxonomy: &Taxonomy, now: i64) -> Vec<String> {
    let max_block = MAX_MESSAGE_CHARS - pack::NUMBER_ROOM - block::HEADER_ROOM;
    let blocks = block::blocks(plan, lang, taxonomy, now, max_block);
    pack::pack(&blocks, lang, MAX_MESSAGE_CHARS)
}

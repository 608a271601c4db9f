//! Packing blocks into numbered chat messages of at most
//! [`super::MAX_MESSAGE_CHARS`] each, splitting only between blocks.

use super::block::Block;
use super::clean::{clip, units};
use super::words::{word, W};
use crate::model::Lang;

/// Room kept free in every message for its number, "(999/999)" and a
/// newline.
pub const NUMBER_ROOM: usize = 12;

/// The blocks as messages of at most `limit` units each. A need continued
/// in a new message repeats its header, marked as continued. Messages are
/// numbered "(1/3)" when there is more than one.
pub fn pack(blocks: &[Block], lang: Lang, limit: usize) -> Vec<String> {
    let budget = limit.saturating_sub(NUMBER_ROOM);
    let mut messages: Vec<String> = Vec::new();
    let mut current = String::new();
    for block in blocks {
        let piece = if block.opens_need {
            format!("{}\n{}", block.header, block.text)
        } else {
            block.text.clone()
        };
        let sep = if current.is_empty() { "" } else { "\n\n" };
        if units(&current) + units(sep) + units(&piece) <= budget {
            current.push_str(sep);
            current.push_str(&piece);
            continue;
        }
        if !current.is_empty() {
            messages.push(std::mem::take(&mut current));
        }
        current = if block.opens_need || block.header.is_empty() {
            piece
        } else {
            format!(
                "{} {}\n{}",
                block.header,
                word(lang, W::Continued),
                block.text
            )
        };
        // Blocks are sized to fit with their header; this only guards the
        // limit should that ever be wrong.
        if units(&current) > budget {
            current = clip(&current, budget);
        }
    }
    if !current.is_empty() {
        messages.push(current);
    }
    let count = messages.len();
    if count > 1 {
        for (i, m) in messages.iter_mut().enumerate() {
            *m = format!("({}/{count})\n{m}", i + 1);
        }
    }
    messages
}

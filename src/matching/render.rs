//! Rendering a [`super::Plan`] as chat messages (plain text, at most
//! [`MAX_MESSAGE_CHARS`] characters each) in Ukrainian, Dutch or English.

/// Telegram's limit for one message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 4096;

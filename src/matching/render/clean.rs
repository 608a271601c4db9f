//! Making stored text safe for a chat message: control characters,
//! direction overrides and zero-width characters go (they could disguise a
//! phone number or a link), and lengths are measured as chat apps measure.

/// The length of `text` as Telegram counts it: UTF-16 code units. This is
/// never less than the number of `char`s, so a message within this length is
/// within the limit by either count.
pub fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Direction controls, zero-width characters and the byte-order mark.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

/// One line of text: whitespace runs become one space, control and
/// invisible characters go, and it is clipped to `max` characters with "…".
pub fn clean_line(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if c.is_control() || is_invisible(c) {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    clip(&out, max)
}

/// A phone number or link: only control and invisible characters go, so
/// what is left is exactly what the source wrote.
pub fn clean_exact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() && !is_invisible(*c))
        .collect::<String>()
        .trim()
        .to_string()
}

/// `text` clipped to at most `max` UTF-16 units, ending in "…" when cut.
pub fn clip(text: &str, max: usize) -> String {
    if units(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        // One unit stays free for the ellipsis.
        if used + c.len_utf16() + 1 > max {
            break;
        }
        used += c.len_utf16();
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    if max > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_removes_hidden_characters() {
        assert_eq!(clean_line("a\u{202E}b \n\t c\u{200B}d", 100), "ab cd");
        assert_eq!(clean_exact(" +31\u{202E} 30 12\u{0007}3 "), "+31 30 123");
    }

    #[test]
    fn clipping_counts_utf16_units() {
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abc", 3), "abc");
        let emoji = clip(&"😀".repeat(10), 5);
        assert!(units(&emoji) <= 5, "{emoji}");
        assert_eq!(clip("abc", 0), "");
    }
}

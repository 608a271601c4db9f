//! Phone numbers and websites as comparable keys.

/// A phone number as a comparable key: digits only, with the Dutch
/// international prefixes `+31` and `0031` (and a `(0)` trunk digit written
/// after them) turned into the national `0`; other international numbers keep
/// their country code behind `00`. `None` for fewer than six digits: short
/// numbers such as the municipalities' shared 14 0xx line are not evidence.
///
/// "+31 (0)20 123 4567", "0031 20 1234567" and "020-1234567" share a key.
pub fn phone_key(phone: &str) -> Option<String> {
    let trimmed = phone.trim().replace("(0)", "");
    let international = trimmed.starts_with('+');
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let key = if international {
        match digits.strip_prefix("31") {
            Some(rest) => format!("0{rest}"),
            None => format!("00{digits}"),
        }
    } else {
        match digits.strip_prefix("0031") {
            Some(rest) => format!("0{rest}"),
            None => digits,
        }
    };
    (key.len() >= 6).then_some(key)
}

/// A website as a comparable key: lowercase, without scheme, `www.`, user
/// info, port, fragment and trailing slashes. The path stays: two pages of
/// one municipality's site are two services. `None` when nothing is left.
///
/// "https://www.Example.nl/hulp/" and "example.nl/hulp" share a key.
pub fn website_key(website: &str) -> Option<String> {
    let lower = website.trim().to_lowercase();
    let rest = lower.split_once("://").map_or(lower.as_str(), |(_, r)| r);
    let rest = rest.split('#').next().unwrap_or_default();
    let (host, path) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let host = host.rsplit('@').next().unwrap_or_default();
    let host = host.split(':').next().unwrap_or_default();
    let host = host
        .strip_prefix("www.")
        .unwrap_or(host)
        .trim_end_matches('.');
    if host.is_empty() {
        return None;
    }
    let path = path.trim_end_matches('/');
    Some(format!("{host}{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_formats_share_a_key() {
        let key = phone_key("020-1234567");
        assert_eq!(key.as_deref(), Some("0201234567"));
        for variant in [
            "+31 20 123 4567",
            "+31 (0)20 1234567",
            "0031 20 1234567",
            "(020) 123 45 67",
        ] {
            assert_eq!(phone_key(variant), key, "{variant}");
        }
        assert_eq!(
            phone_key("+380 44 123 4567").as_deref(),
            Some("00380441234567")
        );
        assert_eq!(phone_key("14 010"), None);
        assert_eq!(phone_key(""), None);
    }

    #[test]
    fn website_variants_share_a_key() {
        let key = website_key("example.nl");
        assert_eq!(key.as_deref(), Some("example.nl"));
        for variant in [
            "https://www.example.nl/",
            "HTTP://Example.NL",
            "www.example.nl//",
            "https://example.nl:443/#top",
        ] {
            assert_eq!(website_key(variant), key, "{variant}");
        }
        assert_ne!(website_key("example.nl/a"), website_key("example.nl/b"));
        assert_eq!(website_key("https://"), None);
    }
}

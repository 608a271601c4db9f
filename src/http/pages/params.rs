//! Form and query parameters: parsing `application/x-www-form-urlencoded`
//! (from a query string or a bounded request body) and encoding links.

use actix_web::{http::header, web, HttpRequest};

use super::error::PageError;

/// The largest form body a page accepts. The biggest form (add a resource)
/// holds a few texts of at most 20,000 bytes each.
pub const MAX_FORM_BYTES: usize = 128 * 1024;

/// Decoded name/value pairs, in order, repeated names kept.
#[derive(Debug, Clone, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Parses a query string or a form body.
    pub fn parse(text: &str) -> Result<Params, PageError> {
        web::Query::<Vec<(String, String)>>::from_query(text)
            .map(|q| Params(q.into_inner()))
            .map_err(|_| PageError::bad_request("query", "is not valid form encoding"))
    }

    /// The query string of `req`.
    pub fn query(req: &HttpRequest) -> Result<Params, PageError> {
        Params::parse(req.query_string())
    }

    /// The first value of `name`, trimmed; `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }

    /// The first value of `name`, trimmed, or "".
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or("").to_string()
    }

    /// Every non-blank value of `name`, trimmed.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    /// Whether a checkbox-like `name` is set (`1`, `true`, `on`, `yes`).
    pub fn flag(&self, name: &str) -> bool {
        self.get(name)
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "on" | "yes"))
    }

    /// The pairs.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }
}

/// Reads a form body: checks the content type (415 otherwise) and the size
/// (413 beyond [`MAX_FORM_BYTES`], without reading the rest), decodes UTF-8.
pub async fn read_form(req: &HttpRequest, payload: web::Payload) -> Result<Params, PageError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mime = content_type.split(';').next().unwrap_or("").trim();
    if !mime.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        return Err(PageError::UnsupportedMediaType);
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_FORM_BYTES as u64) {
        return Err(PageError::TooLarge);
    }
    let body = payload
        .to_bytes_limited(MAX_FORM_BYTES)
        .await
        .map_err(|_| PageError::TooLarge)?
        .map_err(|_| PageError::bad_request("body", "could not be read"))?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| PageError::bad_request("body", "is not valid UTF-8"))?;
    Params::parse(text)
}

/// Encodes pairs as a query string (`a=1&b=x+y`).
pub fn encode(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        push_encoded(&mut out, k);
        out.push('=');
        push_encoded(&mut out, v);
    }
    out
}

/// Percent-encodes one path segment (resource ids are already safe, but a
/// stored id is still data).
pub fn encode_segment(s: &str) -> String {
    let mut out = String::new();
    push_encoded(&mut out, s);
    out.replace('+', "%20")
}

fn push_encoded(out: &mut String, s: &str) {
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_encoding() {
        let q = encode(&[
            ("q", "психолог & co"),
            ("category", "health"),
            ("x", "a+b=c"),
        ]);
        let p = Params::parse(&q).unwrap();
        assert_eq!(p.get("q"), Some("психолог & co"));
        assert_eq!(p.get("x"), Some("a+b=c"));
        assert_eq!(p.all("category"), vec!["health"]);
    }

    #[test]
    fn keeps_repeated_names_and_skips_blanks() {
        let p = Params::parse("category=a&category=&category=b&free=on").unwrap();
        assert_eq!(p.all("category"), vec!["a", "b"]);
        assert!(p.flag("free"));
        assert!(!p.flag("missing"));
    }
}

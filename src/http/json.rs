//! JSON response bodies with `<`, `>`, `&` and the JavaScript line
//! separators escaped, so that stored text such as `<script>` can never be
//! read as markup, whoever misreads the content type.
//!
//! These characters can only occur inside JSON strings, so replacing them
//! with `\uXXXX` escapes changes no value.

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, HttpResponseBuilder};
use serde::Serialize;

/// `value` as JSON text with the risky characters escaped.
pub fn to_safe_json(value: &impl Serialize) -> Result<String, serde_json::Error> {
    let text = serde_json::to_string(value)?;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Finishes `builder` with `value` as the JSON body.
pub fn json(mut builder: HttpResponseBuilder, value: &impl Serialize) -> HttpResponse {
    match to_safe_json(value) {
        Ok(body) => builder.insert_header(ContentType::json()).body(body),
        Err(e) => {
            tracing::error!(error = %e, "response could not be serialized");
            HttpResponse::InternalServerError()
                .insert_header(ContentType::json())
                .body(r#"{"error":{"code":"internal","message":"something went wrong on our side","fields":[]}}"#)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_the_value_kept() {
        let text = to_safe_json(&serde_json::json!({"name": "<script>&\u{2028}"})).unwrap();
        assert!(!text.contains('<') && !text.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "<script>&\u{2028}");
    }
}

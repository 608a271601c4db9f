//! The two static files, compiled into the binary: the pages load nothing
//! from another site.

use actix_web::http::header;
use actix_web::HttpResponse;

const APP_JS: &str = include_str!("static/app.js");
const APP_CSS: &str = include_str!("static/app.css");

fn asset(content_type: &str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(body)
}

/// `GET /static/app.js`.
pub async fn app_js() -> HttpResponse {
    asset("text/javascript; charset=utf-8", APP_JS)
}

/// `GET /static/app.css`.
pub async fn app_css() -> HttpResponse {
    asset("text/css; charset=utf-8", APP_CSS)
}

//! In-memory token-bucket rate limiting of the API and the pages: per
//! client IP (IPv6 per /64) for anonymous calls, per valid token for
//! authenticated ones, and a stricter one for suggestions.
//!
//! Buckets live in one process's memory; a restart forgets them, which is
//! fine for keeping one abuser from flooding one server.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, ResponseError};

use super::app::AppState;
use super::auth::{bearer_secret, secret_key, MAX_SECRET_LEN};
use super::ApiError;

/// How fast one client may call: `burst` calls at once, refilled at
/// `per_minute` calls a minute.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Calls allowed at once.
    pub burst: u32,
    /// Calls regained per minute.
    pub per_minute: f64,
}

/// The limits of the API.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimits {
    /// For calls without a token, per client IP.
    pub anonymous: RateLimit,
    /// For calls with a token, per token.
    pub per_token: RateLimit,
    /// For new suggestions, per client IP, on top of `anonymous`.
    pub suggestions: RateLimit,
}

impl Default for RateLimits {
    fn default() -> RateLimits {
        RateLimits {
            anonymous: RateLimit {
                burst: 120,
                per_minute: 600.0,
            },
            per_token: RateLimit {
                burst: 600,
                per_minute: 3000.0,
            },
            suggestions: RateLimit {
                burst: 10,
                per_minute: 2.0,
            },
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// Buckets kept before full ones are forgotten, so memory stays bounded.
const MAX_BUCKETS: usize = 100_000;

/// A token bucket per key.
#[derive(Debug)]
pub struct Limiter {
    limit: RateLimit,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl Limiter {
    /// A limiter with `limit` for every key.
    pub fn new(limit: RateLimit) -> Limiter {
        Limiter {
            limit,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one call from `key`'s bucket, or says how long to wait.
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        self.check_at(key, Instant::now())
    }

    fn check_at(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let rate_per_sec = self.limit.per_minute / 60.0;
        let burst = f64::from(self.limit.burst);
        // A poisoned lock only means another request panicked mid-update;
        // the counts are still usable.
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_BUCKETS && !buckets.contains_key(key) {
            buckets.retain(|_, b| {
                let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
                b.tokens + elapsed * rate_per_sec < burst
            });
        }
        let bucket = buckets.entry(key.to_string()).or_insert(Bucket {
            tokens: burst,
            last: now,
        });
        let elapsed = now.saturating_duration_since(bucket.last).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate_per_sec).min(burst);
        bucket.last = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else if rate_per_sec > 0.0 {
            Err(Duration::from_secs_f64(
                (1.0 - bucket.tokens) / rate_per_sec,
            ))
        } else {
            Err(Duration::from_secs(3600))
        }
    }
}

/// The API's limiters.
#[derive(Debug)]
pub struct Limiters {
    /// Anonymous calls, per IP.
    pub anonymous: Limiter,
    /// Calls with a token, per token.
    pub per_token: Limiter,
    /// Suggestions, per IP.
    pub suggestions: Limiter,
}

impl Limiters {
    /// Limiters for `limits`.
    pub fn new(limits: RateLimits) -> Limiters {
        Limiters {
            anonymous: Limiter::new(limits.anonymous),
            per_token: Limiter::new(limits.per_token),
            suggestions: Limiter::new(limits.suggestions),
        }
    }
}

/// The client's address, for rate limiting. It is the socket's peer unless
/// the server was told it runs behind a proxy ([`HttpConfig::trust_proxy`]):
/// otherwise anyone could write `X-Forwarded-For` and pose as many clients.
///
/// [`HttpConfig::trust_proxy`]: super::HttpConfig::trust_proxy
///
/// An IPv6 client is keyed by its /64 network: one subscriber usually holds
/// a whole /64, and counting each of its 2^64 addresses apart would give it
/// as many buckets.
pub fn client_ip(req: &actix_web::HttpRequest) -> String {
    let trust_proxy = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.trust_proxy);
    if trust_proxy {
        if let Some(ip) = req.connection_info().realip_remote_addr() {
            return limit_key(ip);
        }
    }
    req.peer_addr()
        .map_or_else(|| "unknown".to_string(), |a| limit_key(&a.ip().to_string()))
}

/// The bucket key of an address: IPv4 as is, IPv6 by its /64 network
/// (an IPv4-mapped IPv6 address as its IPv4 address). Anything else, such as
/// a proxy's `host:port` or an obfuscated `Forwarded` name, as given.
fn limit_key(addr: &str) -> String {
    let bare = addr.trim_start_matches('[');
    let bare = bare.split(']').next().unwrap_or(bare);
    let parsed = bare
        .parse::<std::net::IpAddr>()
        .or_else(|_| addr.parse::<std::net::SocketAddr>().map(|a| a.ip()));
    match parsed {
        Ok(std::net::IpAddr::V4(v4)) => v4.to_string(),
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Err(_) => addr.to_string(),
    }
}

/// `secret` if it is a valid token (checked on the blocking pool: a hash
/// and one store lookup).
async fn valid_token(state: &web::Data<AppState>, secret: Option<String>) -> Option<String> {
    let secret = secret.filter(|s| s.len() <= MAX_SECRET_LEN)?;
    let engine = state.engine.clone();
    let probe = secret.clone();
    let valid = web::block(move || engine.authenticate(&probe).is_ok())
        .await
        .unwrap_or(false);
    valid.then_some(secret)
}

/// Whether `path` is rate limited: the API and the pages are; the static
/// files (three requests make one page view) and the operator endpoints
/// (scraped by monitoring) are not.
fn is_limited(path: &str) -> bool {
    !(path.starts_with("/static/") || matches!(path, "/healthz" | "/metrics" | "/openapi.json"))
}

/// Middleware: limits every API call and page view, per token when a valid
/// one is sent (header or sign-in cookie) and per IP otherwise. A token that
/// is not valid counts as no token: otherwise a client could send a new
/// made-up token with every call and get a fresh bucket each time. The API
/// answers a JSON 429, the pages a 429 page in the visitor's language.
pub async fn limit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if is_limited(req.path()) {
        if let Some(state) = req.app_data::<web::Data<AppState>>().cloned() {
            let verdict = match valid_token(&state, bearer_secret(req.request())).await {
                Some(secret) => state.limiters.per_token.check(&secret_key(&secret)),
                None => state.limiters.anonymous.check(&client_ip(req.request())),
            };
            if let Err(wait) = verdict {
                let response = if req.path().starts_with("/api/") {
                    ApiError::too_many_requests(wait).error_response()
                } else {
                    super::pages::too_many_requests_page(req.request(), &state, wait).await
                };
                return Ok(req.into_response(response).map_into_right_body());
            }
        }
    }
    Ok(next.call(req).await?.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_api_are_limited_assets_and_operations_not() {
        for path in ["/", "/match", "/resources/x", "/api/v1/search", "/add"] {
            assert!(is_limited(path), "{path}");
        }
        for path in ["/static/app.js", "/healthz", "/metrics", "/openapi.json"] {
            assert!(!is_limited(path), "{path}");
        }
    }

    #[test]
    fn ipv6_clients_share_a_bucket_per_64_network() {
        assert_eq!(
            limit_key("2001:db8:1:2::1"),
            limit_key("2001:db8:1:2:ffff::9")
        );
        assert_eq!(limit_key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_ne!(limit_key("2001:db8:1:2::1"), limit_key("2001:db8:1:3::1"));
        assert_eq!(limit_key("[2001:db8:1:2::1]:443"), "2001:db8:1:2::/64");
        assert_eq!(limit_key("192.0.2.7"), "192.0.2.7");
        assert_eq!(limit_key("192.0.2.7:8080"), "192.0.2.7");
        assert_eq!(limit_key("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(limit_key("_hidden"), "_hidden");
    }

    #[test]
    fn bucket_empties_then_refills() {
        let limiter = Limiter::new(RateLimit {
            burst: 2,
            per_minute: 60.0,
        });
        let t0 = Instant::now();
        assert!(limiter.check_at("a", t0).is_ok());
        assert!(limiter.check_at("a", t0).is_ok());
        let wait = limiter.check_at("a", t0).expect_err("bucket is empty");
        assert!(wait <= Duration::from_secs(1) && wait > Duration::ZERO);
        assert!(limiter.check_at("b", t0).is_ok(), "keys are separate");
        assert!(limiter.check_at("a", t0 + Duration::from_secs(1)).is_ok());
    }
}

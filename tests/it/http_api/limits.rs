//! Rate limits: 429 with Retry-After per address, per token, for
//! suggestions, and behind a proxy.

use super::*;

#[actix_web::test]
async fn rate_limits_answer_429_with_retry_after() {
    let env = env_with(HttpConfig {
        rate_limits: tight_limits(),
        trust_proxy: false,
    });
    let svc = test::init_service(app(env.state.clone())).await;
    let ip = "203.0.113.7:5000".parse().unwrap();
    for _ in 0..2 {
        let r = send!(
            svc,
            TestRequest::get().uri("/api/v1/taxonomy").peer_addr(ip)
        );
        assert_eq!(r.status, StatusCode::OK);
    }
    let r = send!(
        svc,
        TestRequest::get().uri("/api/v1/taxonomy").peer_addr(ip)
    );
    r.error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    let after: u64 = r
        .header(header::RETRY_AFTER)
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!((1..=60).contains(&after), "{after}");
    // A forged X-Forwarded-For does not give a fresh bucket.
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/taxonomy")
            .peer_addr(ip)
            .insert_header(("x-forwarded-for", "10.9.8.7"))
    );
    r.error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    // Another address has its own bucket; a token has its own too.
    let other = "198.51.100.1:5000".parse().unwrap();
    let r = send!(
        svc,
        TestRequest::get().uri("/api/v1/taxonomy").peer_addr(other)
    );
    assert_eq!(r.status, StatusCode::OK);
    let editor = env.token(Role::Editor, &[]);
    for _ in 0..2 {
        let r = send!(
            svc,
            TestRequest::get()
                .uri("/api/v1/taxonomy")
                .peer_addr(ip)
                .insert_header(bearer(&editor))
        );
        assert_eq!(r.status, StatusCode::OK);
    }
    let r = send!(
        svc,
        TestRequest::get()
            .uri("/api/v1/taxonomy")
            .peer_addr(ip)
            .insert_header(bearer(&editor))
    );
    r.error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    // Suggestions have a stricter bucket of their own.
    let suggestion = json!({"kind": "correction", "resource_id": "seed-uaf", "message": "closed"});
    let third = "192.0.2.9:5000".parse().unwrap();
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/suggestions")
            .peer_addr(third)
            .set_json(&suggestion)
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let r = send!(
        svc,
        TestRequest::post()
            .uri("/api/v1/suggestions")
            .peer_addr(third)
            .set_json(&suggestion)
    );
    r.error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    assert!(r.header(header::RETRY_AFTER).is_some());
    // Operator endpoints are not limited.
    let r = send!(svc, TestRequest::get().uri("/healthz").peer_addr(ip));
    assert_eq!(r.status, StatusCode::OK);
}

#[actix_web::test]
async fn behind_a_proxy_the_forwarded_address_is_limited() {
    let env = env_with(HttpConfig {
        rate_limits: tight_limits(),
        trust_proxy: true,
    });
    let svc = test::init_service(app(env.state.clone())).await;
    let proxy = "127.0.0.1:40000".parse().unwrap();
    let from = |client: &str| {
        TestRequest::get()
            .uri("/api/v1/taxonomy")
            .peer_addr(proxy)
            .insert_header(("x-forwarded-for", client.to_string()))
    };
    for _ in 0..2 {
        assert_eq!(send!(svc, from("203.0.113.1")).status, StatusCode::OK);
    }
    send!(svc, from("203.0.113.1")).error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    assert_eq!(send!(svc, from("203.0.113.2")).status, StatusCode::OK);
}

//! Operations: metrics, the OpenAPI document against the routes served,
//! the token CLI, and `wegwijs serve` end to end with a graceful shutdown.

use super::*;

#[actix_web::test]
async fn metrics_count_requests_per_route_pattern() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    send!(svc, TestRequest::get().uri("/api/v1/search?q=help"));
    send!(svc, TestRequest::get().uri("/api/v1/resources/seed-uaf"));
    send!(svc, TestRequest::get().uri("/api/v1/resources/nope"));
    let r = send!(svc, TestRequest::get().uri("/metrics"));
    assert_eq!(r.status, StatusCode::OK);
    assert!(r
        .header(header::CONTENT_TYPE)
        .unwrap()
        .starts_with("text/plain"));
    let text = r.text();
    for line in [
        "wegwijs_http_requests_total{method=\"GET\",route=\"/api/v1/search\",status=\"200\"} 1",
        "wegwijs_http_requests_total{method=\"GET\",route=\"/api/v1/resources/{id}\",status=\"200\"} 1",
        "wegwijs_http_requests_total{method=\"GET\",route=\"/api/v1/resources/{id}\",status=\"404\"} 1",
        "wegwijs_http_request_duration_seconds_count{route=\"/api/v1/resources/{id}\"} 2",
        "wegwijs_http_request_duration_seconds_bucket{route=\"/api/v1/search\",le=\"+Inf\"} 1",
        "wegwijs_resources_total 21",
        "wegwijs_resources{status=\"published\"} 21",
    ] {
        assert!(text.contains(line), "missing {line} in\n{text}");
    }
    assert!(text.contains("wegwijs_index_bytes "));
    assert!(!text.contains("help"), "no query values in metrics");
}

/// Every (method, path) the API serves, as the OpenAPI document must list them.
const ROUTES: [(&str, &str); 22] = [
    ("get", "/api/v1/search"),
    ("get", "/api/v1/places"),
    ("get", "/api/v1/gaps"),
    ("get", "/api/v1/taxonomy"),
    ("post", "/api/v1/resources"),
    ("get", "/api/v1/resources/{id}"),
    ("put", "/api/v1/resources/{id}"),
    ("patch", "/api/v1/resources/{id}"),
    ("delete", "/api/v1/resources/{id}"),
    ("post", "/api/v1/resources/{id}/verify"),
    ("get", "/api/v1/stale"),
    ("post", "/api/v1/suggestions"),
    ("get", "/api/v1/moderation"),
    ("post", "/api/v1/moderation/{id}/approve"),
    ("post", "/api/v1/moderation/{id}/reject"),
    ("get", "/api/v1/audit"),
    ("post", "/api/v1/admin/backup"),
    ("get", "/api/v1/ask"),
    ("post", "/api/v1/match"),
    ("get", "/healthz"),
    ("get", "/metrics"),
    ("get", "/openapi.json"),
];

#[actix_web::test]
async fn openapi_lists_exactly_the_routes_served() {
    let env = env();
    let svc = test::init_service(app(env.state.clone())).await;
    let r = send!(svc, TestRequest::get().uri("/openapi.json"));
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut documented = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                documented.push((method.clone(), path.clone()));
            }
        }
    }
    documented.sort();
    let mut served: Vec<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    served.sort();
    assert_eq!(documented, served);
    // And each is really served: no route-level 404 or 405.
    for (method, path) in ROUTES {
        let uri = path.replace("{id}", "seed-uaf");
        let req = match method {
            "get" => TestRequest::get(),
            "post" => TestRequest::post(),
            "put" => TestRequest::put(),
            "patch" => TestRequest::patch(),
            _ => TestRequest::delete(),
        };
        let r = send!(svc, req.uri(&uri));
        assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
        if r.status == StatusCode::NOT_FOUND {
            assert_ne!(
                r.json()["error"]["message"],
                "no such API route",
                "{method} {uri}"
            );
        }
        assert!(!r.status.is_server_error(), "{method} {uri}: {}", r.text());
    }
    for schema in ["Resource", "SearchResponse", "ErrorBody", "SuggestionOut"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}

#[test]
fn token_cli_creates_lists_and_revokes_and_the_secret_works_over_http() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = crate::common::wegwijs(dir.path())
        .args([
            "token",
            "create",
            "--role",
            "editor",
            "--name",
            "Lead Utrecht",
        ])
        .args(["--region", "Utrecht"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let secret = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(secret.len() >= 20, "a secret is printed: {secret}");
    let out = crate::common::wegwijs(dir.path())
        .args(["token", "list", "--json"])
        .output()
        .expect("runs");
    let listed: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(listed[0]["name"], "Lead Utrecht");
    assert_eq!(listed[0]["regions"], json!(["Utrecht"]));
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains(&secret),
        "never the secret"
    );
    let id = listed[0]["id"].as_str().unwrap().to_string();

    let (engine, _) = Engine::open(dir.path()).expect("opens");
    let principal = engine
        .authenticate(&secret)
        .expect("the printed secret works");
    assert_eq!(principal.regions, ["Utrecht"]);
    drop(engine);

    let out = crate::common::wegwijs(dir.path())
        .args(["token", "revoke", &id])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (engine, _) = Engine::open(dir.path()).expect("opens");
    assert!(engine.authenticate(&secret).is_err());
}

/// Sends one HTTP/1.1 request over a plain socket and returns the response.
fn raw_http(addr: &str, request: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connects");
    stream.write_all(request.as_bytes()).expect("writes");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    response
}

#[test]
fn serve_answers_and_shuts_down_gracefully_on_sigterm_keeping_writes() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("temp dir");
    let out = crate::common::wegwijs(dir.path())
        .args(["token", "create", "--role", "editor", "--name", "smoke"])
        .output()
        .expect("runs");
    let secret = String::from_utf8(out.stdout).unwrap().trim().to_string();

    let bin = assert_cmd::cargo::cargo_bin("wegwijs");
    let mut child = std::process::Command::new(bin)
        .arg("--data-dir")
        .arg(dir.path())
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env_remove("WEGWIJS_BIND")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let stderr = child.stderr.take().unwrap();
    let mut lines = std::io::BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines.next().expect("a line").expect("utf-8");
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest.trim().to_string();
        }
    };
    // Keep draining stderr so the server never blocks on a full pipe.
    let drain = std::thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<_>>());

    let health = raw_http(
        &addr,
        "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let search = raw_http(
        &addr,
        "GET /api/v1/search?q=geheimwoord&place=Utrecht HTTP/1.1\r\n\
         Host: x\r\nConnection: close\r\n\r\n",
    );
    assert!(search.starts_with("HTTP/1.1 200"), "{search}");
    let body = place_resource("Na herstart", "Utrecht");
    let mut body = body;
    body["id"] = json!("na-herstart");
    let body = body.to_string();
    let created = raw_http(
        &addr,
        &format!(
            "POST /api/v1/resources HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Authorization: Bearer {secret}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(created.starts_with("HTTP/1.1 201"), "{created}");

    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "server did not stop");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status}");
    // One access-log line per request: method, route pattern, status and
    // duration, and nothing of the query or the body.
    let log = drain.join().unwrap().join("\n");
    let requests: Vec<&str> = log.lines().filter(|l| l.contains(" request ")).collect();
    assert_eq!(requests.len(), 3, "{log}");
    assert!(requests[1].contains("method=GET route=/api/v1/search status=200 duration_ms="));
    assert!(requests[2].contains("method=POST route=/api/v1/resources status=201"));
    for private in ["geheimwoord", "Utrecht", "Na herstart", &secret] {
        assert!(!log.contains(private), "{private} logged: {log}");
    }

    let (engine, _) = Engine::open(dir.path()).expect("reopens: the lock was released");
    assert_eq!(engine.get("na-herstart").expect("kept").name, "Na herstart");
}

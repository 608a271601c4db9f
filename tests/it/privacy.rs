//! Privacy: a household match and a free-text question, through the API of
//! a real `wegwijs serve` and through the CLI, all with trace logging; then
//! every file of the data directory, every log line and `/metrics` are
//! scanned for the household's details. Nothing may be found. A detail put
//! on purpose into a resource's name must be found by the same scan, so a
//! broken scan cannot pass.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};

use serde_json::{json, Value};
use wegwijs::engine::Engine;
use wegwijs::model::Resource;

use crate::common::wegwijs;

/// Details that exist only in the household and the question.
const LABEL: &str = "Zorblatkind";
const NOTE: &str = "Quaxnotiz";
const NOTE_CYRILLIC: &str = "Зюзюкарта";
const INTEREST: &str = "Flimzhobby";
const QUESTION_WORD: &str = "Grobnikvraag";
const MARKS: [&str; 5] = [LABEL, NOTE, NOTE_CYRILLIC, INTEREST, QUESTION_WORD];

/// The positive control: put into a resource's name on purpose.
const CONTROL: &str = "Plonkcontrol";

fn household() -> Value {
    json!({
        "home": {"place": "Утрехт"},
        "languages": ["uk"],
        "avoid_languages": ["ru"],
        "legal_status": "temporary_protection",
        "has_bsn": false,
        "members": [{
            "label": LABEL,
            "age": 9,
            "needs": ["health.mental_support"],
            "interests": [INTEREST],
            "notes": format!("{NOTE} {NOTE_CYRILLIC}")
        }],
        "needs": ["безкоштовна юридична консультація"]
    })
}

fn question() -> String {
    format!("gratis juridisch advies in Utrecht {QUESTION_WORD}")
}

/// The forms a detail could take where it is kept: as written, in lower
/// case, and as the index would hold it (folded to Latin letters), whole
/// and as a seven-letter prefix, which a stem would still start with.
fn needles(mark: &str) -> Vec<Vec<u8>> {
    let folded = wegwijs::text::fold_key(mark);
    let prefix: String = folded.chars().take(7).collect();
    let mut out = vec![
        mark.as_bytes().to_vec(),
        mark.to_lowercase().into_bytes(),
        folded.into_bytes(),
        prefix.into_bytes(),
    ];
    out.sort();
    out.dedup();
    out
}

/// Whether `haystack` holds any form of `mark`, ignoring ASCII case.
fn holds(haystack: &[u8], mark: &str) -> bool {
    let lower = haystack.to_ascii_lowercase();
    needles(mark).iter().any(|n| {
        let n = n.to_ascii_lowercase();
        lower.windows(n.len()).any(|w| w == n.as_slice())
    })
}

/// Every file below `dir`, recursively.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

/// The files below `dir` that hold `mark`.
fn files_holding(dir: &Path, mark: &str) -> Vec<String> {
    files_below(dir)
        .into_iter()
        .filter(|f| holds(&std::fs::read(f).expect("readable file"), mark))
        .map(|f| f.display().to_string())
        .collect()
}

/// Sends one HTTP/1.1 request over a plain socket; returns the response.
fn raw_http(addr: &str, request: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connects");
    stream.write_all(request.as_bytes()).expect("writes");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("reads");
    String::from_utf8_lossy(&response).into_owned()
}

fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Starts `wegwijs serve` with trace logging into `log`; returns the child
/// and its address, read from the log.
fn serve(data: &Path, log: &Path) -> (Child, String) {
    let file = std::fs::File::create(log).expect("log file");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("wegwijs"))
        .arg("--data-dir")
        .arg(data)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env_remove("WEGWIJS_BIND")
        .env("WEGWIJS_LOG", "trace")
        .env("RUST_LOG", "trace")
        .stdout(file.try_clone().expect("log file"))
        .stderr(file)
        .spawn()
        .expect("starts");
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        if let Some(rest) = text.split("listening on http://").nth(1) {
            let addr = rest.lines().next().expect("a line").trim().to_string();
            return (child, addr);
        }
        if let Some(status) = child.try_wait().expect("waits") {
            panic!("the server stopped ({status}): {text}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn stop(mut child: Child) {
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    assert!(child.wait().expect("waits").success());
}

#[test]
fn no_household_detail_is_kept_in_files_logs_or_metrics() {
    let root = tempfile::tempdir().expect("temp dir");
    let data = root.path().join("data");
    // The positive control, stored like any resource.
    {
        let (engine, _) = Engine::open(&data).expect("opens");
        let mut control: Resource = engine.get("seed-uaf").expect("a seed record");
        control.id = wegwijs::model::ResourceId("privacy-control".into());
        control.name = format!("{CONTROL} help desk");
        engine.put(&control).expect("stored");
    }

    // Through the API of a real server, logging everything it can.
    let server_log = root.path().join("serve.log");
    let (child, addr) = serve(&data, &server_log);
    let body = household().to_string();
    let matched = raw_http(
        &addr,
        &format!(
            "POST /api/v1/match?lang=uk HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(matched.starts_with("HTTP/1.1 200"), "{matched}");
    // The household was read: its member's label names a need in the plan.
    assert!(matched.contains(LABEL), "{matched}");
    let asked = raw_http(
        &addr,
        &format!(
            "GET /api/v1/ask?q={} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            percent_encoded(&question())
        ),
    );
    assert!(asked.starts_with("HTTP/1.1 200"), "{asked}");
    let metrics = raw_http(
        &addr,
        "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(metrics.starts_with("HTTP/1.1 200"), "{metrics}");
    stop(child);

    // Through the CLI, logging everything too.
    let profile = root.path().join("household.json");
    std::fs::write(&profile, household().to_string()).expect("written");
    let mut cli_logs = Vec::new();
    for args in [
        vec!["match".to_string(), profile.display().to_string()],
        vec!["ask".to_string(), question()],
    ] {
        let out = wegwijs(&data)
            .args(&args)
            .env("WEGWIJS_LOG", "trace")
            .env("RUST_LOG", "trace")
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        cli_logs.push(out.stderr);
    }
    let server_log = std::fs::read(&server_log).expect("the server's log");

    // The scan works: it finds what was put there on purpose ...
    assert!(
        !files_holding(&data, CONTROL).is_empty(),
        "the control resource's name is in the store"
    );
    assert!(holds(&server_log, "route=/api/v1/match"), "requests logged");
    assert!(holds(&server_log, "route=/api/v1/ask"), "requests logged");
    assert!(holds(metrics.as_bytes(), "/api/v1/ask"), "metrics read");

    // ... and finds no household detail anywhere.
    for mark in MARKS {
        let found = files_holding(&data, mark);
        assert!(found.is_empty(), "{mark} written to {found:?}");
        assert!(!holds(&server_log, mark), "{mark} in the server's log");
        for log in &cli_logs {
            assert!(
                !holds(log, mark),
                "{mark} in the CLI's log: {}",
                String::from_utf8_lossy(log)
            );
        }
        assert!(!holds(metrics.as_bytes(), mark), "{mark} in /metrics");
    }
}

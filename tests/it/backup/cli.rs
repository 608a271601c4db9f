//! `wegwijs backup` and `wegwijs restore` end to end, and a backup through
//! a running server (`POST /api/v1/admin/backup`) while the CLI is locked out.

use std::path::Path;

use serde_json::{json, Value};
use wegwijs::engine::Engine;

use super::new_resource;
use crate::common::wegwijs;

/// Sends one HTTP/1.1 request over a plain socket; returns the response.
fn raw_http(addr: &str, request: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connects");
    stream.write_all(request.as_bytes()).expect("writes");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    response
}

fn post_backup(addr: &str, secret: &str) -> String {
    raw_http(
        addr,
        &format!(
            "POST /api/v1/admin/backup HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Authorization: Bearer {secret}\r\nContent-Length: 0\r\n\r\n"
        ),
    )
}

fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn backup_and_restore_from_the_command_line_and_through_a_running_server() {
    use std::io::BufRead;
    let root = tempfile::tempdir().expect("temp dir");
    let data = root.path().join("data");
    let admin_secret =
        stdout_of(wegwijs(&data).args(["token", "create", "--role", "admin", "--name", "ops"]))
            .trim()
            .to_string();
    let editor_secret =
        stdout_of(wegwijs(&data).args(["token", "create", "--role", "editor", "--name", "ed"]))
            .trim()
            .to_string();

    // Offline: backup, then restore into a new directory.
    let out = stdout_of(wegwijs(&data).arg("backup").arg(root.path().join("b1")));
    assert!(out.contains("generation 21: 21 resources"), "{out}");
    assert!(out.contains("2 tokens"), "{out}");
    let copy = root.path().join("copy");
    let out = stdout_of(
        wegwijs(&copy)
            .args(["--lang", "nl", "restore"])
            .arg(root.path().join("b1")),
    );
    assert!(out.contains("teruggezet in"), "{out}");
    let stats = |dir: &Path| -> Value {
        serde_json::from_str(&stdout_of(wegwijs(dir).args(["stats", "--json"]))).unwrap()
    };
    let (a, b) = (stats(&data), stats(&copy));
    for key in ["resources", "by_status", "by_category", "store_generation"] {
        assert_eq!(a[key], b[key], "{key}");
    }
    assert_eq!(
        b["index_documents"], a["resources"],
        "the index was rebuilt"
    );
    let (engine, _) = Engine::open(&copy).expect("opens");
    assert!(
        engine.authenticate(&admin_secret).is_ok(),
        "token hashes came back"
    );
    drop(engine);

    // Again into the same directory: refused, with a clear error.
    let out = wegwijs(&copy)
        .arg("restore")
        .arg(root.path().join("b1"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not empty"));
    // A directory with no store: nothing to back up, nothing created.
    let out = wegwijs(&root.path().join("nothing"))
        .arg("backup")
        .arg(root.path().join("b0"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no store"));
    assert!(!root.path().join("nothing").exists() && !root.path().join("b0").exists());

    // While a server runs, the CLI cannot open the store and says how to
    // ask the server, which writes the backup itself.
    let server_backups = root.path().join("server-backups");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wegwijs"))
        .arg("--data-dir")
        .arg(&data)
        .args(["serve", "--bind", "127.0.0.1:0", "--backup-dir"])
        .arg(&server_backups)
        .env_remove("WEGWIJS_BIND")
        .env_remove("WEGWIJS_BACKUP_DIR")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("a line").expect("utf-8");
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest.trim().to_string();
        }
    };
    let drain = std::thread::spawn(move || lines.map_while(Result::ok).count());

    let out = wegwijs(&data)
        .arg("backup")
        .arg(root.path().join("b2"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("in use by a running `wegwijs serve`"), "{err}");
    assert!(err.contains("/api/v1/admin/backup"), "{err}");
    assert!(!root.path().join("b2").exists());

    assert!(post_backup(&addr, "").starts_with("HTTP/1.1 401"));
    assert!(post_backup(&addr, &editor_secret).starts_with("HTTP/1.1 403"));
    let created = raw_http(
        &addr,
        &format!(
            "POST /api/v1/resources HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Authorization: Bearer {editor_secret}\r\nContent-Type: application/json\r\n\
             Content-Length: {len}\r\n\r\n{body}",
            len = body_of_new().len(),
            body = body_of_new()
        ),
    );
    assert!(created.starts_with("HTTP/1.1 201"), "{created}");
    let response = post_backup(&addr, &admin_secret);
    assert!(response.starts_with("HTTP/1.1 201"), "{response}");
    let body: Value = serde_json::from_str(response.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(body["generation"], 22);
    let written = Path::new(body["directory"].as_str().unwrap()).to_path_buf();
    assert!(written.starts_with(&server_backups), "{written:?}");

    // Restored while the server still runs: the server's backup is whole.
    let copy2 = root.path().join("copy2");
    let out = stdout_of(wegwijs(&copy2).args(["restore", "--json"]).arg(&written));
    let manifest: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(manifest["generation"], 22);
    let (engine, _) = Engine::open(&copy2).expect("opens");
    assert_eq!(
        engine.get("backup-cli").unwrap().name,
        "Made before the backup"
    );
    assert_eq!(engine.len(), 22);
    drop(engine);

    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    assert!(child.wait().expect("waits").success());
    drain.join().unwrap();
}

fn body_of_new() -> String {
    let mut r = serde_json::to_value(new_resource("Made before the backup", 3)).unwrap();
    r["id"] = json!("backup-cli");
    r.to_string()
}

//! `wegwijs match` end to end: text and JSON, clear errors, and the
//! household nowhere on disk or in the log afterwards.

use std::path::Path;

use crate::common::wegwijs;

/// Marks that appear only in the household profile.
const MARKS: [&str; 3] = ["Zyxwvlabel", "Qqprivatenote", "Kkprivateinterest"];

fn profile() -> String {
    format!(
        r#"{{"home": {{"place": "Утрехт"}}, "languages": ["uk"], "avoid_languages": ["ru"],
            "legal_status": "temporary_protection", "has_bsn": false,
            "members": [{{"label": "{}", "age": 9, "needs": ["health.mental_support"],
                          "interests": ["{}"], "notes": "{}"}}],
            "needs": ["безкоштовна юридична консультація"]}}"#,
        MARKS[0], MARKS[2], MARKS[1]
    )
}

fn files_containing(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("readable file");
                if bytes.windows(needle.len()).any(|w| w == needle) {
                    found.push(path.display().to_string());
                }
            }
        }
    }
    found
}

#[test]
fn match_prints_messages_or_json_and_leaves_no_trace_of_the_household() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("household.json");
    std::fs::write(&file, profile()).expect("written");
    let data = dir.path().join("data");

    let out = wegwijs(&data)
        .args(["--lang", "uk", "match"])
        .arg(&file)
        .env("WEGWIJS_LOG", "trace")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("▶"), "{text}");
    assert!(text.contains(MARKS[0]), "the member's label names the need");
    assert!(!text.contains(MARKS[1]), "notes are not repeated");
    for message in text.split(wegwijs::matching::MESSAGE_SEPARATOR) {
        assert!(message.chars().count() <= 4096);
    }
    let stderr = String::from_utf8_lossy(&out.stderr);

    let out = wegwijs(&data)
        .args(["match", "-", "--format", "json"])
        .write_stdin(profile())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["lang"], "en");
    assert_eq!(json["plan"]["home"]["place"], "Utrecht");
    assert!(!json["messages"].as_array().unwrap().is_empty());

    for mark in MARKS {
        assert!(!stderr.contains(mark), "{mark} in the log: {stderr}");
        let found = files_containing(&data, mark.as_bytes());
        assert!(found.is_empty(), "{mark} written to {found:?}");
    }
}

#[test]
fn a_broken_profile_is_reported_with_its_line_and_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("bad.json");
    std::fs::write(
        &file,
        "{\n  \"home\": {\"place\": \"Utrecht\"},\n  \"budget\": \"cheap\"\n}\n",
    )
    .expect("written");
    let out = wegwijs(&dir.path().join("data"))
        .arg("match")
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3") && err.contains("budget"), "{err}");

    std::fs::write(&file, r#"{"home": {"place": "Utrecht"}, "reach_km": 0}"#).expect("written");
    let out = wegwijs(&dir.path().join("data"))
        .arg("match")
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("reach_km"));
}

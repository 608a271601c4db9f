//! The checks after each restart: the store holds every acknowledged state
//! (a write in doubt landed whole or not at all), the audit log has exactly
//! one record per write that landed, and search finds exactly the
//! published resources.

use std::collections::{BTreeMap, BTreeSet};

use rand::rngs::SmallRng;
use rand::seq::SliceRandom;
use serde_json::Value;

use super::server::{request, Outcome, Response};
use super::worker::{Known, Tracked, View, Worker, EDITOR};

fn get(addr: &str, path: &str, token: Option<&str>) -> Response {
    match request(addr, "GET", path, token, &[], None) {
        Outcome::Answered(r) => r,
        other => panic!("GET {path} after the restart: {other:?}"),
    }
}

/// What the server holds for `id` now: `None` when it does not exist.
fn current(addr: &str, token: &str, id: &str) -> Option<Known> {
    let r = get(addr, &format!("/api/v1/resources/{id}"), Some(token));
    match r.status {
        404 => None,
        200 => {
            let etag = r.header("etag").expect("an ETag").to_string();
            Some(Known {
                view: View::of(&r.json()),
                etag,
            })
        }
        s => panic!("GET {id}: {s} {}", r.text()),
    }
}

/// Reads back every resource of `worker`: each must hold its last
/// acknowledged state, and a write in doubt must have landed whole or not at
/// all. Settles the writes in doubt by what was found.
pub fn resolve(worker: &mut Worker, addr: &str, token: &str) {
    for t in &mut worker.resources {
        let found = current(addr, token, &t.id);
        if let Some(k) = &found {
            assert!(k.view.consistent(), "{}: half-written {:?}", t.id, k.view);
        }
        let unchanged = match (&t.known, &found) {
            (None, None) => true,
            (Some(old), Some(now)) => old.etag == now.etag,
            _ => false,
        };
        match t.pending.take() {
            Some(pending) if !unchanged => {
                // The write landed: then whole.
                let now = found.unwrap_or_else(|| panic!("{}: acknowledged, now gone", t.id));
                assert_eq!(
                    now.view, pending.after,
                    "{}: neither the old nor the new state",
                    t.id
                );
                t.landed.push(pending.action);
                t.known = Some(now);
                worker.counts.unknown_landed += 1;
            }
            _ => assert_eq!(found, t.known, "{}: not the last acknowledged state", t.id),
        }
    }
    for id in &worker.refused_ids {
        assert!(current(addr, token, id).is_none(), "refused {id} exists");
    }
}

/// Every audit record, oldest first, read page by page as an admin.
fn audit_log(addr: &str, admin: &str) -> Vec<Value> {
    let mut records = Vec::new();
    let mut before: Option<u64> = None;
    loop {
        let path = match before {
            Some(seq) => format!("/api/v1/audit?limit=1000&before_seq={seq}"),
            None => "/api/v1/audit?limit=1000".to_string(),
        };
        let r = get(addr, &path, Some(admin));
        assert_eq!(r.status, 200, "audit: {}", r.text());
        let page = r.json().as_array().expect("a list").clone();
        let Some(last) = page.last() else { break };
        before = Some(last["seq"].as_u64().expect("seq"));
        records.extend(page);
    }
    records.reverse();
    records
}

/// The audit log holds, for each resource, exactly the writes that landed,
/// in order, by the editor; and nothing about refused creates.
pub fn audit(workers: &[Worker], addr: &str, admin: &str) {
    let mut logged: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut last_seq = 0;
    for record in audit_log(addr, admin) {
        let seq = record["seq"].as_u64().expect("seq");
        assert!(seq > last_seq, "audit sequence numbers rise: {record}");
        last_seq = seq;
        let Some(id) = record["resource_id"].as_str() else {
            continue;
        };
        assert_eq!(record["actor"], EDITOR, "{record}");
        let action = record["action"].as_str().expect("action").to_string();
        logged.entry(id.to_string()).or_default().push(action);
    }
    for w in workers {
        for t in &w.resources {
            let got = logged.remove(&t.id).unwrap_or_default();
            assert_eq!(got, t.landed, "{}: audit records against writes", t.id);
        }
    }
    // Left: records of no write that landed (a refused create, say).
    assert!(logged.is_empty(), "audit records of no write: {logged:?}");
}

/// Every page of a search, as (id, name, description.nl), and the total.
fn search_all(addr: &str, query: &str) -> (Vec<(String, String, String)>, usize) {
    let mut hits = Vec::new();
    let mut page = 1;
    loop {
        let path = format!("/api/v1/search?{query}per_page=100&page={page}");
        let r = get(addr, &path, None);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        let body = r.json();
        let total = body["total"].as_u64().expect("total") as usize;
        let page_hits = body["hits"].as_array().expect("hits");
        for h in page_hits {
            let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
            let resource = &h["resource"];
            hits.push((
                text(&resource["id"]),
                text(&resource["name"]),
                text(&resource["description"]["nl"]),
            ));
        }
        if page_hits.is_empty() || hits.len() >= total {
            return (hits, total);
        }
        page += 1;
    }
}

/// Search finds exactly the published resources: the seed records and the
/// workers' published ones. A match-all search, page by page, must list
/// each once, with the stored name; a search for the unique word of a
/// sample of resources must find each iff it is published.
pub fn index(
    workers: &[Worker],
    seeds: &BTreeSet<String>,
    addr: &str,
    rng: &mut SmallRng,
) -> usize {
    let tracked: BTreeMap<&str, &Tracked> = workers
        .iter()
        .flat_map(|w| &w.resources)
        .map(|t| (t.id.as_str(), t))
        .collect();
    let published = |t: &Tracked| {
        t.known
            .as_ref()
            .is_some_and(|k| k.view.status == "published")
    };
    let mut expected: BTreeSet<String> = seeds.clone();
    expected.extend(
        tracked
            .values()
            .filter(|t| published(t))
            .map(|t| t.id.clone()),
    );

    let (hits, total) = search_all(addr, "");
    assert_eq!(
        total,
        expected.len(),
        "match-all total against published resources"
    );
    let mut listed = BTreeSet::new();
    for (id, name, nl) in &hits {
        assert!(listed.insert(id.clone()), "{id} listed twice");
        if let Some(t) = tracked.get(id.as_str()) {
            let view = &t.known.as_ref().expect("published").view;
            assert_eq!((name, nl), (&view.name, &view.nl), "{id} as found");
        }
    }
    assert_eq!(listed, expected, "ids found against published resources");

    let mut sample: Vec<&&Tracked> = tracked.values().collect();
    sample.shuffle(rng);
    for t in sample.into_iter().take(10) {
        let (hits, _) = search_all(addr, &format!("q={}&", t.word));
        let found = hits.iter().any(|(id, _, _)| id == &t.id);
        assert_eq!(found, published(t), "search for {} ({})", t.word, t.id);
    }
    expected.len()
}

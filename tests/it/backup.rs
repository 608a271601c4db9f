//! Backups: a snapshot taken while writers keep writing is one consistent
//! point in time and restores exactly (here); a restore refuses a non-empty
//! target and a damaged backup, leaving nothing behind (`refusals.rs`); the
//! CLI and the admin endpoint of a running server end to end (`cli.rs`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::json;
use wegwijs::engine::{BackupManifest, Engine};
use wegwijs::model::*;
use wegwijs::search::SearchQuery;

mod cli;
mod refusals;

/// Synthetic resources stored before the writers start.
const BULK: usize = 2000;

pub(crate) fn admin(name: &str) -> Principal {
    Principal {
        name: name.to_string(),
        role: Role::Admin,
        regions: Vec::new(),
    }
}

pub(crate) fn new_resource(name: &str, n: usize) -> Resource {
    serde_json::from_value(json!({
        "id": "",
        "name": name,
        "description": {"en": "a resource written during a backup"},
        "organization": {"name": "Backup test org"},
        "categories": ["rights.legal_aid"],
        "location": {"kind": "place", "municipality": "Utrecht",
                     "lat": 52.05 + (n % 50) as f64 * 0.002, "lon": 5.08},
        "provenance": {"source": "", "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"},
        "status": "draft",
        "synthetic": true
    }))
    .expect("a valid resource")
}

/// One acknowledged write, as its caller saw it come back.
#[derive(Debug, Clone)]
enum Ack {
    /// A version of a resource (create, patch, verify, archive, approve).
    Resource(Resource),
    /// A suggestion's state (suggested, approved or rejected).
    Suggestion(Suggestion),
    /// A token made, with its secret.
    Token(TokenInfo, String),
    /// A token revoked.
    Revoked(String),
}

type Log = Arc<Mutex<Vec<Ack>>>;

fn push(log: &Log, ack: Ack) {
    log.lock().unwrap().push(ack);
}

/// Writes until `stop`: resources created, patched, verified and archived;
/// thread 0 also suggests and decides, thread 1 also makes and revokes
/// tokens; thread 3 only suggests, rejects, makes and revokes tokens;
/// thread 4 only suggests.
fn writer(engine: Arc<Engine>, log: Log, stop: Arc<AtomicBool>, t: usize) {
    let me = admin(&format!("writer {t}"));
    let mut j = 0;
    while !stop.load(Ordering::SeqCst) {
        j += 1;
        if t == 4 {
            // Only suggestions: they never wait for the index.
            let resource = new_resource(&format!("Only suggested n{j}"), j);
            let s = engine
                .suggest(SuggestionKind::NewResource { resource })
                .expect("suggest");
            push(&log, Ack::Suggestion(s));
            continue;
        }
        if t == 3 {
            // Writes that touch no index, so they come fast: a suggestion
            // and its rejection, a token and its revocation.
            let resource = new_resource(&format!("Quick t{t} n{j}"), j);
            let s = engine
                .suggest(SuggestionKind::NewResource { resource })
                .expect("suggest");
            push(&log, Ack::Suggestion(s.clone()));
            let decided = engine.reject(&s.id, None, &me).expect("reject");
            push(&log, Ack::Suggestion(decided));
            let (info, secret) = engine
                .create_token(Role::Editor, &format!("quick {j}"), Vec::new())
                .expect("token");
            push(&log, Ack::Token(info.clone(), secret));
            engine.revoke_token(&info.id).expect("revoke");
            push(&log, Ack::Revoked(info.id));
            continue;
        }
        let created = engine
            .create(new_resource(&format!("Backup t{t} n{j}"), j), &me)
            .expect("create");
        push(&log, Ack::Resource(created.clone()));
        let id = created.id.0.clone();
        let patched = engine
            .patch(
                &id,
                json!({"description": {"en": format!("patched {j}")}}),
                Some(created.provenance.updated_at),
                &me,
            )
            .expect("patch");
        push(&log, Ack::Resource(patched));
        if j % 2 == 0 {
            push(
                &log,
                Ack::Resource(engine.verify(&id, &me).expect("verify")),
            );
        }
        if j % 3 == 0 {
            push(
                &log,
                Ack::Resource(engine.archive(&id, &me).expect("archive")),
            );
        }
        if t == 0 {
            let resource = new_resource(&format!("Suggested t{t} n{j}"), j + 7);
            let s = engine
                .suggest(SuggestionKind::NewResource { resource })
                .expect("suggest");
            push(&log, Ack::Suggestion(s.clone()));
            if j % 2 == 0 {
                let decided = engine.approve(&s.id, &me).expect("approve");
                let SuggestionKind::NewResource { resource } = &decided.kind else {
                    unreachable!("a new resource was suggested")
                };
                // Only this thread writes it, so this is the approved version.
                let approved = engine.get(&resource.id.0).expect("approved");
                push(&log, Ack::Suggestion(decided));
                push(&log, Ack::Resource(approved));
            } else if j % 3 == 0 {
                let decided = engine
                    .reject(&s.id, Some(format!("no {j}")), &me)
                    .expect("reject");
                push(&log, Ack::Suggestion(decided));
            }
        }
        if t == 1 {
            let (info, secret) = engine
                .create_token(Role::Editor, &format!("token {j}"), Vec::new())
                .expect("token");
            push(&log, Ack::Token(info.clone(), secret));
            if j % 2 == 0 {
                engine.revoke_token(&info.id).expect("revoke");
                push(&log, Ack::Revoked(info.id));
            }
        }
    }
}

/// Waits (without a clock) until the log holds `n` acknowledgements, or
/// every writer has stopped (a failed writer fails the test when joined).
fn wait_for(log: &Log, n: usize, writers: &[std::thread::JoinHandle<()>]) {
    while log.lock().unwrap().len() < n && !writers.iter().all(|w| w.is_finished()) {
        std::thread::yield_now();
    }
}

/// Every published resource the search finds, page by page.
fn published_by_search(engine: &Engine) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for page in 1.. {
        let results = engine
            .search(&SearchQuery {
                page,
                per_page: 100,
                ..SearchQuery::default()
            })
            .expect("search");
        for hit in &results.hits {
            assert!(found.insert(hit.resource.id.0.clone()), "seen twice");
        }
        if results.hits.is_empty() || found.len() >= results.total {
            assert_eq!(found.len(), results.total);
            break;
        }
    }
    found
}

/// The whole audit log, newest first, page by page.
fn all_audit(engine: &Engine) -> Vec<AuditRecord> {
    let mut all: Vec<AuditRecord> = Vec::new();
    loop {
        let before = all.last().map(|a| a.seq);
        let page = engine
            .audit(1000, before, &admin("checker"))
            .expect("audit");
        if page.is_empty() {
            return all;
        }
        all.extend(page);
    }
}

fn sha_of(manifest: &BackupManifest, tree: &str) -> String {
    manifest
        .files
        .iter()
        .find(|f| f.tree == tree)
        .expect("listed")
        .sha256
        .clone()
}

#[test]
fn a_backup_under_concurrent_writes_is_one_point_in_time_and_restores_exactly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (engine, _) = Engine::open(&dir.path().join("data")).expect("opens");
    // A few thousand records with their audit records first, so dumping
    // the store takes a while and the writers are busy meanwhile.
    let bulk = wegwijs::seed::synthetic_resources(
        wegwijs::seed::SyntheticOptions {
            count: BULK,
            seed: 6,
        },
        engine.taxonomy(),
        engine.gazetteer(),
    );
    for chunk in bulk.chunks(1000) {
        engine
            .put_all_audited(chunk, "bulk", "import")
            .expect("bulk import");
    }
    let base_generation = engine.stats().unwrap().store_generation;
    let base_audit = all_audit(&engine);
    let mut audit_per_resource_before: BTreeMap<String, u64> = BTreeMap::new();
    for a in &base_audit {
        if let Some(id) = &a.resource_id {
            *audit_per_resource_before.entry(id.clone()).or_default() += 1;
        }
    }
    let engine = Arc::new(engine);
    let log: Log = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..5)
        .map(|t| {
            let (engine, log, stop) = (engine.clone(), log.clone(), stop.clone());
            std::thread::spawn(move || writer(engine, log, stop, t))
        })
        .collect();

    wait_for(&log, 40, &writers);
    // Everything acknowledged so far was acknowledged before the backup began.
    let acked_before = log.lock().unwrap().len();
    let backup = dir.path().join("backup");
    let manifest = engine.backup(&backup).expect("backup");
    let acked_by_end = log.lock().unwrap().len();
    // The writers go on after the backup, so it cannot simply hold everything.
    wait_for(&log, acked_by_end + 10, &writers);
    stop.store(true, Ordering::SeqCst);
    for w in writers {
        w.join().expect("writer ran without error");
    }
    let log = log.lock().unwrap().clone();
    assert!(acked_before >= 40, "the writers wrote before the backup");
    assert!(
        engine.stats().unwrap().store_generation > manifest.generation,
        "writes went on after the snapshot"
    );

    let restored_dir = dir.path().join("restored");
    let restored_manifest = Engine::restore(&backup, &restored_dir).expect("restores");
    assert_eq!(restored_manifest, manifest);
    let (restored, report) = Engine::open(&restored_dir).expect("opens");
    assert!(report.rebuilt, "the index is built from the restored store");
    assert_eq!(report.seeded, None, "a restored store is not seeded again");

    // Every version each writer saw acknowledged, per resource, in order;
    // and the position up to which it was acknowledged before the backup.
    let mut versions: HashMap<String, Vec<Resource>> = HashMap::new();
    let mut before: HashMap<String, usize> = HashMap::new();
    let mut suggestion_states: HashMap<String, Vec<Suggestion>> = HashMap::new();
    let mut suggestions_before: HashMap<String, usize> = HashMap::new();
    let mut tokens: HashMap<String, (TokenInfo, String)> = HashMap::new();
    let mut revoked_before = BTreeSet::new();
    let mut revoked_ever = BTreeSet::new();
    let mut tokens_before = BTreeSet::new();
    for (i, ack) in log.iter().enumerate() {
        match ack {
            Ack::Resource(r) => {
                let v = versions.entry(r.id.0.clone()).or_default();
                v.push(r.clone());
                if i < acked_before {
                    before.insert(r.id.0.clone(), v.len() - 1);
                }
            }
            Ack::Suggestion(s) => {
                let v = suggestion_states.entry(s.id.clone()).or_default();
                v.push(s.clone());
                if i < acked_before {
                    suggestions_before.insert(s.id.clone(), v.len() - 1);
                }
            }
            Ack::Token(info, secret) => {
                tokens.insert(info.id.clone(), (info.clone(), secret.clone()));
                if i < acked_before {
                    tokens_before.insert(info.id.clone());
                }
            }
            Ack::Revoked(id) => {
                revoked_ever.insert(id.clone());
                if i < acked_before {
                    revoked_before.insert(id.clone());
                }
            }
        }
    }

    let restored_resources: Vec<Resource> = restored
        .resources()
        .collect::<Result<_, _>>()
        .expect("reads");
    let audit = all_audit(&restored);
    let mut audit_per_resource: BTreeMap<String, u64> = BTreeMap::new();
    for a in &audit {
        if let Some(id) = &a.resource_id {
            *audit_per_resource.entry(id.clone()).or_default() += 1;
        }
    }

    // Each restored resource is exactly an acknowledged version, and its
    // audit records are exactly the writes up to that version.
    let mut written = 0u64;
    let mut restored_ids = BTreeSet::new();
    for r in &restored_resources {
        restored_ids.insert(r.id.0.clone());
        match versions.get(&r.id.0) {
            None => {
                assert_eq!(&engine.get(&r.id.0).unwrap(), r, "untouched since");
                assert_eq!(
                    audit_per_resource.get(&r.id.0),
                    audit_per_resource_before.get(&r.id.0)
                );
            }
            Some(v) => {
                let p = v
                    .iter()
                    .position(|x| x == r)
                    .unwrap_or_else(|| panic!("{} is no acknowledged version", r.id));
                assert_eq!(
                    audit_per_resource.get(&r.id.0).copied(),
                    Some(p as u64 + 1 + audit_per_resource_before.get(&r.id.0).unwrap_or(&0)),
                    "audit records of {}",
                    r.id
                );
                if let Some(&b) = before.get(&r.id.0) {
                    assert!(
                        p >= b,
                        "{} lost a write acknowledged before the backup",
                        r.id
                    );
                }
                written += p as u64 + 1;
            }
        }
    }
    // ... and no audit record names a resource the backup does not hold.
    for id in audit_per_resource.keys() {
        assert!(restored_ids.contains(id), "audit names missing {id}");
    }
    for id in before.keys() {
        assert!(
            restored_ids.contains(id),
            "{id} acknowledged before, missing"
        );
    }
    // The generation counts exactly the resource writes in the snapshot.
    assert_eq!(manifest.generation, base_generation + written);
    let stats = restored.stats().expect("stats");
    assert_eq!(stats.store_generation, manifest.generation);
    assert_eq!(stats.resources as u64, manifest.entries("resources"));

    // Suggestions: each an acknowledged state, with its audit records.
    let restored_suggestions = restored.suggestions(None).expect("suggestions");
    assert_eq!(
        restored_suggestions.len() as u64,
        manifest.entries("suggestions")
    );
    let mut suggestion_audit = 0u64;
    for s in &restored_suggestions {
        let states = &suggestion_states[&s.id];
        let q = states
            .iter()
            .position(|x| x == s)
            .unwrap_or_else(|| panic!("{} is no acknowledged state", s.id));
        if let Some(&b) = suggestions_before.get(&s.id) {
            assert!(q >= b, "{} lost a decision acknowledged before", s.id);
        }
        let actions: Vec<&str> = audit
            .iter()
            .filter(|a| a.suggestion_id.as_deref() == Some(s.id.as_str()))
            .map(|a| a.action.as_str())
            .collect();
        let expected: &[&str] = match s.status {
            SuggestionStatus::Pending => &["suggest"],
            SuggestionStatus::Approved => &["approve", "suggest"],
            SuggestionStatus::Rejected => &["reject", "suggest"],
        };
        assert_eq!(actions, expected, "audit of {}", s.id);
        if s.status == SuggestionStatus::Rejected {
            suggestion_audit += 2;
        } else {
            // An approval's record counts among the resource's.
            suggestion_audit += 1;
        }
    }
    for a in &audit {
        if let Some(id) = &a.suggestion_id {
            assert!(
                restored_suggestions.iter().any(|s| &s.id == id),
                "audit names missing suggestion {id}"
            );
        }
    }
    for id in suggestions_before.keys() {
        assert!(restored_suggestions.iter().any(|s| &s.id == id), "{id}");
    }
    assert_eq!(
        audit.len() as u64,
        base_audit.len() as u64 + written + suggestion_audit
    );
    assert_eq!(audit.len() as u64, manifest.entries("audit"));

    // Tokens: the hashes came back exactly, so the secrets still work.
    let restored_tokens = restored.tokens().expect("tokens");
    assert_eq!(restored_tokens.len() as u64, manifest.entries("tokens"));
    for id in &tokens_before {
        let t = restored_tokens.iter().find(|t| &t.id == id);
        assert!(t.is_some(), "token {id} acknowledged before, missing");
        if revoked_before.contains(id) {
            assert!(t.unwrap().revoked, "revocation of {id} lost");
        }
    }
    for t in &restored_tokens {
        let (info, secret) = &tokens[&t.id];
        assert_eq!((&t.name, t.created_at), (&info.name, info.created_at));
        assert!(!t.revoked || revoked_ever.contains(&t.id));
        assert_eq!(restored.authenticate(secret).is_ok(), !t.revoked);
    }

    // Exactly: a backup of the restored store holds the same bytes.
    let again = restored
        .backup(&dir.path().join("again"))
        .expect("backs up");
    for tree in ["resources", "audit", "suggestions", "tokens"] {
        assert_eq!(sha_of(&again, tree), sha_of(&manifest, tree), "{tree}");
    }
    assert_eq!(again.generation, manifest.generation);

    // The rebuilt index finds exactly the published resources.
    let published: BTreeSet<String> = restored_resources
        .iter()
        .filter(|r| r.status == PublicationStatus::Published)
        .map(|r| r.id.0.clone())
        .collect();
    assert!(
        versions.keys().any(|id| published.contains(id)),
        "writers' resources among them"
    );
    assert!(restored_resources.len() > published.len(), "some archived");
    assert_eq!(published_by_search(&restored), published);
}

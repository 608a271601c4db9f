//! Readers and writers at once. Searches never fail and never see a
//! half-written resource, nor a resource missing or doubled while it is
//! rewritten; concurrent updates of one version resolve by the version
//! precondition: exactly one wins, the others conflict (409 over HTTP), and
//! the stored value is the winner's.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};

use actix_web::http::header;
use actix_web::test::{self, TestRequest};
use chrono::{DateTime, SecondsFormat, Utc};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use wegwijs::engine::{Engine, EngineError};
use wegwijs::http::{app, AppState, HttpConfig};
use wegwijs::model::{Principal, PublicationStatus, Resource, Role};
use wegwijs::search::SearchQuery;

/// Resources the writers rewrite.
const RESOURCES: usize = 6;
/// Writer threads; each owns every `WRITERS`-th resource.
const WRITERS: usize = 2;
/// Writes per writer.
const WRITES: usize = 20;
/// Reader threads.
const READERS: usize = 2;
/// Threads (or requests) racing for one version.
const RACERS: usize = 4;

fn editor() -> Principal {
    Principal {
        name: "concurrency editor".into(),
        role: Role::Editor,
        regions: Vec::new(),
    }
}

/// The word in resource `i`'s name that no other resource has.
fn word(i: usize) -> String {
    format!("{}", 7100 + i)
}

/// A resource whose name and Dutch description carry the same version.
fn paired(id: &str, i: usize, version: usize) -> Resource {
    serde_json::from_value(json!({
        "id": id,
        "name": format!("Paar {} v{version}", word(i)),
        "description": {"nl": format!("versie {version}"), "en": "a pair"},
        "organization": {"name": "Stichting Gelijktijdig"},
        "categories": ["health.mental_support"],
        "location": {"kind": "place", "municipality": "Utrecht", "lat": 52.0907, "lon": 5.1214},
        "provenance": {"source": "https://example.org/concurrency",
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"},
        "status": "published"
    }))
    .expect("a valid resource")
}

/// Whether the name and the description were written together.
fn consistent(r: &Resource) -> bool {
    let from_name = r.name.rsplit(" v").next();
    let from_nl = r
        .description
        .nl
        .as_deref()
        .and_then(|d| d.strip_prefix("versie "));
    from_name.is_some() && from_name == from_nl
}

fn published(engine: &Engine) -> usize {
    engine
        .resources()
        .filter(|r| r.as_ref().expect("reads").status == PublicationStatus::Published)
        .count()
}

#[test]
fn searches_never_fail_nor_see_half_written_resources_while_writers_write() {
    let (_dir, engine) = crate::common::engine();
    let engine = Arc::new(engine);
    let ids: Vec<String> = (0..RESOURCES)
        .map(|i| {
            let created = engine.create(paired("", i, 0), &editor()).expect("creates");
            created.id.0
        })
        .collect();
    // Writers only rewrite published resources: the number published stays.
    let total = published(&engine);
    let done = Arc::new(AtomicBool::new(false));
    let searches = Arc::new(AtomicUsize::new(0));

    let readers: Vec<_> = (0..READERS)
        .map(|n| {
            let (engine, ids, done) = (engine.clone(), ids.clone(), done.clone());
            let searches = searches.clone();
            std::thread::spawn(move || {
                let mut rng = SmallRng::seed_from_u64(n as u64);
                // At least one round, even if the writers finish first.
                loop {
                    let all = engine
                        .search(&SearchQuery {
                            per_page: 100,
                            ..Default::default()
                        })
                        .expect("a match-all search never fails");
                    assert_eq!(all.total, total, "a resource missing or doubled");
                    assert_eq!(all.hits.len(), total);
                    for hit in all.hits.iter().filter(|h| ids.contains(&h.resource.id.0)) {
                        assert!(
                            consistent(&hit.resource),
                            "half-written: {:?}",
                            hit.resource
                        );
                    }
                    let i = rng.gen_range(0..RESOURCES);
                    let found = engine
                        .search(&SearchQuery {
                            text: Some(word(i)),
                            per_page: 100,
                            ..Default::default()
                        })
                        .expect("a word search never fails");
                    let ours: Vec<_> = found
                        .hits
                        .iter()
                        .filter(|h| h.resource.id.0 == ids[i])
                        .collect();
                    assert_eq!(ours.len(), 1, "{} found once while rewritten", ids[i]);
                    assert!(consistent(&ours[0].resource), "{:?}", ours[0].resource);
                    let got = engine.get(&ids[i]).expect("reads");
                    assert!(consistent(&got), "half-written: {got:?}");
                    searches.fetch_add(2, Ordering::Relaxed);
                    if done.load(Ordering::Acquire) {
                        return;
                    }
                }
            })
        })
        .collect();

    let writers: Vec<_> = (0..WRITERS)
        .map(|n| {
            let (engine, ids) = (engine.clone(), ids.clone());
            std::thread::spawn(move || {
                let mut rng = SmallRng::seed_from_u64(100 + n as u64);
                for k in 1..=WRITES {
                    let i = n + WRITERS * rng.gen_range(0..RESOURCES / WRITERS);
                    let current = engine.get(&ids[i]).expect("reads");
                    let seen = Some(current.provenance.updated_at);
                    if k % 3 == 0 {
                        let mut whole = paired(&ids[i], i, k);
                        whole.provenance = current.provenance.clone();
                        engine
                            .replace(&ids[i], whole, seen, &editor())
                            .expect("replaces");
                    } else {
                        let patch = json!({
                            "name": format!("Paar {} v{k}", word(i)),
                            "description": {"nl": format!("versie {k}")}
                        });
                        engine
                            .patch(&ids[i], patch, seen, &editor())
                            .expect("patches");
                    }
                    if k % 5 == 0 {
                        engine.verify(&ids[i], &editor()).expect("verifies");
                    }
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("a writer failed");
    }
    done.store(true, Ordering::Release);
    for r in readers {
        r.join().expect("a reader failed");
    }
    assert!(searches.load(Ordering::Relaxed) >= 2 * READERS);
    // Each writer owns its resources, so no write conflicted: all are logged.
    let admin = Principal {
        role: Role::Admin,
        ..editor()
    };
    let verifies = WRITES / 5;
    let audit = engine.audit(1000, None, &admin).expect("audit");
    assert_eq!(audit.len(), RESOURCES + WRITERS * (WRITES + verifies));
}

/// Runs `RACERS` patches of `id` at once, all stating version `seen`.
fn race(
    engine: &Arc<Engine>,
    id: &str,
    seen: DateTime<Utc>,
    round: usize,
) -> Vec<Result<Resource, EngineError>> {
    let barrier = Arc::new(Barrier::new(RACERS));
    let threads: Vec<_> = (0..RACERS)
        .map(|n| {
            let (engine, id, barrier) = (engine.clone(), id.to_string(), barrier.clone());
            std::thread::spawn(move || {
                let patch = json!({"name": format!("Racer {n} round {round}")});
                barrier.wait();
                engine.patch(&id, patch, Some(seen), &editor())
            })
        })
        .collect();
    threads
        .into_iter()
        .map(|t| t.join().expect("a racer panicked"))
        .collect()
}

#[test]
fn concurrent_updates_of_one_version_one_wins_the_others_conflict() {
    let (_dir, engine) = crate::common::engine();
    let engine = Arc::new(engine);
    let id = engine
        .create(paired("", 0, 0), &editor())
        .expect("creates")
        .id
        .0;
    for round in 0..10 {
        let seen = engine.get(&id).expect("reads").provenance.updated_at;
        let results = race(&engine, &id, seen, round);
        let winners: Vec<&Resource> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(winners.len(), 1, "round {round}: {results:?}");
        let winner = winners[0];
        for r in &results {
            match r {
                Ok(_) => {}
                Err(EngineError::Conflict { current_updated_at }) => {
                    assert_eq!(*current_updated_at, winner.provenance.updated_at)
                }
                Err(e) => panic!("round {round}: not a conflict: {e}"),
            }
        }
        let stored = engine.get(&id).expect("reads");
        assert_eq!(
            &stored, winner,
            "round {round}: the winner's value is stored"
        );
    }
    let admin = Principal {
        role: Role::Admin,
        ..editor()
    };
    let audit = engine.audit(1000, None, &admin).expect("audit");
    assert_eq!(audit.len(), 1 + 10, "the create and one patch a round");
}

#[actix_web::test]
async fn concurrent_http_updates_of_one_version_one_wins_the_others_get_409() {
    let (_dir, engine) = crate::common::engine();
    let engine = Arc::new(engine);
    let secret = engine
        .create_token(Role::Editor, "http racer", Vec::new())
        .expect("token")
        .1;
    let id = engine
        .create(paired("", 0, 0), &editor())
        .expect("creates")
        .id
        .0;
    let svc = test::init_service(app(AppState::new(engine.clone(), &HttpConfig::default()))).await;
    let uri = format!("/api/v1/resources/{id}");
    for round in 0..10 {
        let seen = engine.get(&id).expect("reads").provenance.updated_at;
        let etag = format!("\"{}\"", seen.to_rfc3339_opts(SecondsFormat::Nanos, true));
        let request = |n: usize| {
            TestRequest::patch()
                .uri(&uri)
                .insert_header((header::AUTHORIZATION, format!("Bearer {secret}")))
                .insert_header((header::IF_MATCH, etag.clone()))
                .set_json(json!({"name": format!("Racer {n} round {round}")}))
                .to_request()
        };
        // The handlers run the engine on the blocking pool: these four are
        // in the engine at once.
        let (a, b, c, d) = tokio::join!(
            test::call_service(&svc, request(0)),
            test::call_service(&svc, request(1)),
            test::call_service(&svc, request(2)),
            test::call_service(&svc, request(3)),
        );
        let mut winners = Vec::new();
        let mut conflicts = 0;
        for res in [a, b, c, d] {
            let status = res.status().as_u16();
            let body: Value = test::read_body_json(res).await;
            match status {
                200 => winners.push(body),
                409 => {
                    assert_eq!(body["error"]["code"], "conflict", "{body}");
                    conflicts += 1;
                }
                s => panic!("round {round}: {s} {body}"),
            }
        }
        assert_eq!(winners.len(), 1, "round {round}");
        assert_eq!(conflicts, RACERS - 1, "round {round}");
        let stored = engine.get(&id).expect("reads");
        assert_eq!(
            serde_json::to_value(&stored).expect("serializes"),
            winners[0],
            "round {round}: the winner's value is stored"
        );
    }
}

//! The write side of the engine: roles, regions, version preconditions,
//! suggestions and moderation, tokens, and one audit record per write.

use serde_json::json;
use wegwijs::engine::{Engine, EngineError};
use wegwijs::model::*;

use crate::common::engine;

fn principal(role: Role, regions: &[&str]) -> Principal {
    Principal {
        name: format!("{role:?} tester"),
        role,
        regions: regions.iter().map(|s| s.to_string()).collect(),
    }
}

fn resource_in(municipality: &str, lat: f64, lon: f64) -> Resource {
    serde_json::from_value(json!({
        "id": "",
        "name": "Writes test",
        "description": {"en": "a test resource"},
        "organization": {"name": "Test org"},
        "categories": ["rights.legal_aid"],
        "location": {"kind": "place", "municipality": municipality, "lat": lat, "lon": lon},
        "provenance": {"source": "", "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"},
        "status": "draft",
        "synthetic": true
    }))
    .unwrap()
}

fn audit_len(engine: &Engine) -> usize {
    engine
        .audit(1000, None, &principal(Role::Admin, &[]))
        .unwrap()
        .len()
}

/// The published resources that match `text`.
fn search_text(engine: &Engine, text: &str) -> wegwijs::search::SearchResults {
    engine
        .search(&wegwijs::search::SearchQuery {
            text: Some(text.into()),
            ..Default::default()
        })
        .unwrap()
}

#[test]
fn create_publishes_and_is_searchable_at_once() {
    let (_d, engine) = engine();
    let editor = principal(Role::Editor, &[]);
    let created = engine
        .create(resource_in("Utrecht", 52.09, 5.12), &editor)
        .unwrap();
    assert!(created.id.0.starts_with("r-"));
    assert_eq!(created.status, PublicationStatus::Published);
    let found = search_text(&engine, "Writes test");
    assert!(found.hits.iter().any(|h| h.resource.id == created.id));
    assert_eq!(audit_len(&engine), 1);
}

#[test]
fn stale_versions_conflict_and_fresh_ones_win() {
    let (_d, engine) = engine();
    let editor = principal(Role::Editor, &[]);
    let created = engine
        .create(resource_in("Utrecht", 52.09, 5.12), &editor)
        .unwrap();
    let v1 = created.provenance.updated_at;
    let patched = engine
        .patch(&created.id.0, json!({"name": "Renamed"}), Some(v1), &editor)
        .unwrap();
    assert_eq!(patched.name, "Renamed");
    assert!(patched.provenance.updated_at > v1);
    let err = engine
        .patch(
            &created.id.0,
            json!({"name": "Lost update"}),
            Some(v1),
            &editor,
        )
        .unwrap_err();
    assert!(
        matches!(err, EngineError::Conflict { current_updated_at } if current_updated_at == patched.provenance.updated_at)
    );
    assert_eq!(engine.get(&created.id.0).unwrap().name, "Renamed");

    let mut replacement = patched.clone();
    replacement.name = "Replaced".into();
    let replaced = engine
        .replace(
            &created.id.0,
            replacement,
            Some(patched.provenance.updated_at),
            &editor,
        )
        .unwrap();
    assert_eq!(
        replaced.provenance.created_at,
        created.provenance.created_at
    );

    let audit = engine
        .audit(10, None, &principal(Role::Admin, &[]))
        .unwrap();
    assert_eq!(
        audit.len(),
        3,
        "create, patch, replace; the conflict wrote nothing"
    );
    assert_eq!(audit[0].action, "replace");
    assert!(audit[1]
        .changes
        .iter()
        .any(|c| c.field == "name" && c.after == json!("Renamed")));
}

#[test]
fn region_limited_tokens_write_only_in_their_region() {
    let (_d, engine) = engine();
    let utrecht_editor = principal(Role::Editor, &["Utrecht"]);
    let province_editor = principal(Role::Editor, &["Groningen"]);
    let in_groningen = resource_in("Groningen", 53.22, 6.57);
    let err = engine
        .create(in_groningen.clone(), &utrecht_editor)
        .unwrap_err();
    assert!(matches!(err, EngineError::Forbidden(_)), "{err}");
    let created = engine.create(in_groningen, &province_editor).unwrap();
    assert!(matches!(
        engine.archive(&created.id.0, &utrecht_editor),
        Err(EngineError::Forbidden(_))
    ));
    let archived = engine.archive(&created.id.0, &province_editor).unwrap();
    assert_eq!(archived.status, PublicationStatus::Archived);
    let mine = engine
        .create(resource_in("Utrecht", 52.09, 5.12), &utrecht_editor)
        .unwrap();
    // Moving a resource out of one's region is forbidden too.
    let err = engine
        .patch(
            &mine.id.0,
            json!({"location": {"municipality": "Groningen", "lat": 53.22, "lon": 6.57}}),
            None,
            &utrecht_editor,
        )
        .unwrap_err();
    assert!(matches!(err, EngineError::Forbidden(_)), "{err}");
}

#[test]
fn verify_sets_who_and_when() {
    let (_d, engine) = engine();
    let editor = principal(Role::Editor, &[]);
    let created = engine
        .create(resource_in("Utrecht", 52.09, 5.12), &editor)
        .unwrap();
    let verified = engine.verify(&created.id.0, &editor).unwrap();
    assert_eq!(
        verified.provenance.verified_by.as_deref(),
        Some("Editor tester")
    );
    assert!(verified.provenance.verified_at.is_some());
    assert!(engine
        .stale(&[], 180)
        .unwrap()
        .iter()
        .all(|r| r.id != created.id));
}

#[test]
fn a_window_of_the_stale_list_is_that_part_of_the_whole_list() {
    let (_d, engine) = engine();
    let records = wegwijs::seed::synthetic_resources(
        wegwijs::seed::SyntheticOptions {
            count: 300,
            seed: 4,
        },
        engine.taxonomy(),
        engine.gazetteer(),
    );
    engine.put_all(&records).unwrap();
    let ids = |list: &[Resource]| list.iter().map(|r| r.id.0.clone()).collect::<Vec<_>>();
    for regions in [
        Vec::new(),
        vec!["Utrecht".to_string()],
        vec!["Noord-Holland".to_string(), "rotterdam".to_string()],
    ] {
        // The store's reading of the list is the oracle of the index's.
        let whole = engine.stale_in_store(&regions, 180).unwrap();
        assert!(whole.len() > 10, "{regions:?}: {}", whole.len());
        assert_eq!(
            ids(&engine.stale(&regions, 180).unwrap()),
            ids(&whole),
            "{regions:?}"
        );
        let n = whole.len();
        for (offset, limit) in [
            (0, 0),
            (0, 1),
            (0, 7),
            (3, 7),
            (n - 2, 10),
            (n, 3),
            (n + 5, 3),
        ] {
            let window = engine.stale_window(&regions, 180, offset, limit).unwrap();
            assert_eq!(window.total, n);
            let end = (offset + limit).min(n);
            let expected = if offset < n { &whole[offset..end] } else { &[] };
            assert_eq!(ids(&window.resources), ids(expected), "{offset} {limit}");
        }
    }
    // The window's reach is bounded, and the offending field is named.
    let Err(EngineError::Invalid(fields)) =
        engine.stale_window(&[], 180, wegwijs::engine::STALE_WINDOW_MAX, 1)
    else {
        panic!("a window beyond reach is refused")
    };
    assert_eq!(fields[0].field, "offset");
    assert_eq!(fields[0].message, "must be at most 9999");
    let Err(EngineError::Invalid(fields)) =
        engine.stale_window(&[], 180, 0, wegwijs::engine::STALE_WINDOW_MAX + 1)
    else {
        panic!("a window beyond reach is refused")
    };
    assert_eq!(fields[0].field, "limit");
}

#[test]
fn suggestions_wait_for_a_moderator() {
    let (_d, engine) = engine();
    let editor = principal(Role::Editor, &[]);
    let moderator = principal(Role::Moderator, &[]);
    let mut proposed = resource_in("Utrecht", 52.09, 5.12);
    proposed.name = "Suggested place".into();
    let s = engine
        .suggest(SuggestionKind::NewResource { resource: proposed })
        .unwrap();
    assert_eq!(s.status, SuggestionStatus::Pending);
    let SuggestionKind::NewResource { resource } = &s.kind else {
        panic!()
    };
    assert!(
        engine.get(&resource.id.0).is_err(),
        "a suggestion changes no published data"
    );
    assert!(matches!(
        engine.approve(&s.id, &editor),
        Err(EngineError::Forbidden(_))
    ));
    let approved = engine.approve(&s.id, &moderator).unwrap();
    assert_eq!(approved.status, SuggestionStatus::Approved);
    assert_eq!(
        engine.get(&resource.id.0).unwrap().status,
        PublicationStatus::Published
    );
    assert!(engine.approve(&s.id, &moderator).is_err(), "decided once");

    let c = engine
        .suggest(SuggestionKind::Correction {
            resource_id: resource.id.0.clone(),
            message: "phone is wrong".into(),
            patch: Some(json!({"contact": {"phone": "+31 30 000 0000"}})),
        })
        .unwrap();
    assert!(engine.get(&resource.id.0).unwrap().contact.phone.is_none());
    let rejected = engine
        .reject(&c.id, Some("not confirmed".into()), &moderator)
        .unwrap();
    assert_eq!(rejected.status, SuggestionStatus::Rejected);
    assert!(engine.get(&resource.id.0).unwrap().contact.phone.is_none());
    assert_eq!(
        engine
            .suggestions(Some(SuggestionStatus::Pending))
            .unwrap()
            .len(),
        0
    );

    let bad = engine.suggest(SuggestionKind::Correction {
        resource_id: resource.id.0.clone(),
        message: " ".into(),
        patch: None,
    });
    assert!(matches!(bad, Err(EngineError::Invalid(f)) if f[0].field == "message"));
}

#[test]
fn tokens_are_shown_once_stored_hashed_and_revocable() {
    let (dir, engine) = engine();
    let (info, secret) = engine
        .create_token(Role::Editor, "lead Utrecht", vec!["Utrecht".into()])
        .unwrap();
    let who = engine.authenticate(&secret).unwrap();
    assert_eq!(who.regions, vec!["Utrecht".to_string()]);
    assert!(matches!(
        engine.authenticate("ww_wrong"),
        Err(EngineError::Unauthorized)
    ));
    assert!(matches!(
        engine.create_token(Role::Editor, "x", vec!["Atlantis".into()]),
        Err(EngineError::Invalid(_))
    ));
    assert!(
        matches!(
            engine.create_token(Role::Editor, "x", vec!["Utr".into()]),
            Err(EngineError::Invalid(_))
        ),
        "a prefix is no region"
    );
    assert!(engine
        .create_token(Role::Editor, "x", vec!["Noord-Holland".into()])
        .is_ok());
    engine.revoke_token(&info.id).unwrap();
    assert!(matches!(
        engine.authenticate(&secret),
        Err(EngineError::Unauthorized)
    ));
    drop(engine);
    // The secret is nowhere on disk.
    for entry in walk(dir.path()) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "secret found in {}",
            entry.display()
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p))
        } else {
            out.push(p)
        }
    }
    out
}

/// A search shows each hit as the index holds it; every write reaches the
/// index before it returns, so the next search shows the written record.
#[test]
fn a_search_after_a_write_shows_the_written_record() {
    let (_d, engine) = engine();
    let editor = principal(Role::Editor, &[]);
    let created = engine
        .create(resource_in("Utrecht", 52.09, 5.12), &editor)
        .unwrap();
    engine
        .patch(
            &created.id.0,
            json!({"name": "Zwemles Kanaleneiland", "opening_hours": "ma 19:00"}),
            Some(created.provenance.updated_at),
            &editor,
        )
        .unwrap();
    let found = search_text(&engine, "zwemles");
    let hit = found
        .hits
        .iter()
        .find(|h| h.resource.id == created.id)
        .expect("found by its new name");
    assert_eq!(hit.resource, engine.get(&created.id.0).unwrap());
    assert_eq!(hit.resource.opening_hours.as_deref(), Some("ma 19:00"));
    assert!(!search_text(&engine, "Writes test")
        .hits
        .iter()
        .any(|h| h.resource.id == created.id));
}

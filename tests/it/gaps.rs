//! Gap reports end to end: the engine's counts and nearest distances against
//! a brute-force scan of the same resources, the CSV and SVG renderers, the
//! CLI (output and bad input), and the HTTP endpoint and page in process.

use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::{header, StatusCode};
use actix_web::test as web_test;
use chrono::{TimeZone, Utc};
use serde_json::Value;
use wegwijs::engine::Engine;
use wegwijs::gaps::{municipalities, to_csv, to_svg, GapQuery, GapReport, Municipality};
use wegwijs::geo::Coordinate;
use wegwijs::http::{AppState, HttpConfig};
use wegwijs::model::*;

use crate::common::wegwijs;

/// A resource of `category` at `point` (online when `None`) in `languages`.
fn resource(
    id: &str,
    name: &str,
    category: &str,
    point: Option<(f64, f64)>,
    languages: &[&str],
) -> Resource {
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    Resource {
        id: ResourceId(id.to_string()),
        name: name.to_string(),
        description: LocalizedText {
            nl: Some("Gesprekken met een psycholoog".into()),
            ..Default::default()
        },
        organization: Organization {
            name: "Stichting Test".into(),
            website: None,
        },
        categories: vec![category.to_string()],
        location: match point {
            Some((lat, lon)) => Location::Place {
                address: None,
                municipality: "Testgemeente".into(),
                lat,
                lon,
                approximate: false,
            },
            None => Location::Online,
        },
        service_area: None,
        languages: languages.iter().map(|l| l.to_string()).collect(),
        interpreter_available: false,
        eligibility: Eligibility::default(),
        cost: None,
        availability: None,
        contact: Contact::default(),
        opening_hours: None,
        accessibility: None,
        provenance: Provenance {
            source: "gaps test".into(),
            created_at: now,
            updated_at: now,
            verified_at: Some(now),
            verified_by: Some("test".into()),
        },
        status: PublicationStatus::Published,
        synthetic: true,
    }
}

fn centre(all: &[Municipality], name: &str) -> (f64, f64) {
    let m = all.iter().find(|m| m.name == name).expect("municipality");
    (m.centre.lat(), m.centre.lon())
}

/// A name that a spreadsheet would run, with a comma and quotes in it.
const HOSTILE_NAME: &str = "=HYPERLINK(\"http://x\"), <b>&";

/// An engine over a fresh directory with a controlled set of resources
/// (besides the real seed records) around known municipality centres.
fn engine() -> (tempfile::TempDir, Engine) {
    let (dir, engine) = crate::common::engine();
    let all = municipalities(engine.gazetteer());
    let (ulat, ulon) = centre(&all, "Utrecht");
    let (glat, glon) = centre(&all, "Groningen");
    let (mlat, mlon) = centre(&all, "Maastricht");
    let (alat, alon) = centre(&all, "Amsterdam");
    let (zlat, zlon) = centre(&all, "Zwolle");
    let mental = "health.mental_support";
    let mut national = resource(
        "t-national",
        "Landelijk",
        mental,
        Some((alat, alon + 0.02)),
        &["uk"],
    );
    national.service_area = Some(ServiceArea::National);
    let mut draft = resource("t-draft", "Concept", mental, Some((zlat, zlon)), &["uk"]);
    draft.status = PublicationStatus::Draft;
    let resources = vec![
        resource(
            "t-u1",
            "Utrecht een",
            mental,
            Some((ulat + 0.01, ulon)),
            &["uk", "nl"],
        ),
        resource(
            "t-u2",
            "Utrecht twee",
            mental,
            Some((ulat, ulon + 0.05)),
            &["uk"],
        ),
        resource(
            "t-u3",
            "Utrecht drie",
            mental,
            Some((ulat - 0.08, ulon)),
            &["uk"],
        ),
        resource(
            "t-g1",
            HOSTILE_NAME,
            mental,
            Some((glat + 0.02, glon - 0.02)),
            &["uk"],
        ),
        resource(
            "t-m-ru",
            "Alleen Russisch",
            mental,
            Some((mlat, mlon)),
            &["ru"],
        ),
        resource("t-online", "Online hulp", mental, None, &["uk"]),
        resource(
            "t-sport",
            "Sportclub",
            "leisure.sports_club",
            Some((zlat, zlon)),
            &["uk"],
        ),
        national,
        draft,
    ];
    engine.put_all(&resources).expect("test resources stored");
    (dir, engine)
}

/// What the report must say, by scanning every stored resource.
/// Per municipality: services within reach, and the nearest (id, km).
type Expected = Vec<(usize, Option<(String, f64)>)>;

fn brute_force(engine: &Engine, q: &GapQuery) -> (Expected, usize) {
    let codes: Vec<String> = engine
        .taxonomy()
        .expand(&q.category)
        .expect("known category")
        .into_iter()
        .map(str::to_string)
        .collect();
    let matching: Vec<Resource> = engine
        .resources()
        .map(|r| r.expect("readable"))
        .filter(|r| r.status == PublicationStatus::Published)
        .filter(|r| r.categories.iter().any(|c| codes.contains(c)))
        .filter(|r| q.language.as_ref().is_none_or(|l| r.languages.contains(l)))
        .collect();
    let remote = matching.iter().filter(|r| r.is_remote()).count();
    let rows = municipalities(engine.gazetteer())
        .iter()
        .map(|m| {
            let mut within = 0;
            let mut nearest: Option<(String, f64)> = None;
            for r in &matching {
                let Some((lat, lon)) = r.location.point() else {
                    continue;
                };
                let d = m
                    .centre
                    .distance_km(Coordinate::new(lat, lon).expect("valid point"));
                if d <= q.reach_km {
                    within += 1;
                }
                if nearest.as_ref().is_none_or(|(_, best)| d < *best) {
                    nearest = Some((r.id.0.clone(), d));
                }
            }
            (within, nearest)
        })
        .collect();
    (rows, remote)
}

fn assert_matches_brute_force(engine: &Engine, report: &GapReport) {
    let (expected, remote) = brute_force(engine, &report.query);
    assert_eq!(report.rows.len(), expected.len());
    assert_eq!(report.online_or_national, remote, "online or national");
    for (row, (within, nearest)) in report.rows.iter().zip(expected) {
        let name = &row.municipality.name;
        assert_eq!(row.within_reach, within, "{name}: within reach");
        match (&row.nearest, nearest) {
            (None, None) => {}
            (Some(got), Some((id, d))) => {
                assert!(
                    (got.distance_km - d).abs() < 1e-6,
                    "{name}: {} vs {d}",
                    got.distance_km
                );
                // Ties aside, the nearest is the same resource.
                if (got.distance_km - d).abs() > 1e-9 || got.id == id {
                    assert_eq!(got.id, id, "{name}: nearest");
                }
            }
            (got, want) => panic!("{name}: nearest {got:?}, expected {want:?}"),
        }
    }
    let uncovered = report.rows.iter().filter(|r| r.within_reach == 0).count();
    assert_eq!(report.summary.without_coverage, uncovered);
}

#[test]
fn counts_and_nearest_distances_equal_a_brute_force_scan() {
    let (_dir, engine) = engine();
    for q in [
        GapQuery {
            language: Some("uk".into()),
            ..GapQuery::new("health.mental_support")
        },
        GapQuery {
            reach_km: 40.0,
            ..GapQuery::new("health")
        },
        GapQuery {
            language: Some("ru".into()),
            reach_km: 5.0,
            ..GapQuery::new("health.mental_support")
        },
    ] {
        let report = engine.gaps(&q).expect("report");
        assert_matches_brute_force(&engine, &report);
    }
    let q = GapQuery {
        language: Some("uk".into()),
        ..GapQuery::new("health.mental_support")
    };
    let report = engine.gaps(&q).expect("report");
    let utrecht = report
        .rows
        .iter()
        .find(|r| r.municipality.name == "Utrecht")
        .unwrap();
    // All three lie within 15 km: the farthest is about 9 km south.
    assert_eq!(utrecht.within_reach, 3);
    assert_eq!(utrecht.nearest.as_ref().unwrap().id, "t-u1");
    // The Russian-only service does not cover Maastricht for Ukrainian speakers.
    let maastricht = report
        .rows
        .iter()
        .find(|r| r.municipality.name == "Maastricht")
        .unwrap();
    assert_ne!(maastricht.nearest.as_ref().unwrap().id, "t-m-ru");
}

#[test]
fn bad_queries_name_their_fields() {
    let (_dir, engine) = crate::common::engine();
    let q = GapQuery {
        category: "health.nothing".into(),
        language: Some("Ukrainian".into()),
        reach_km: 301.0,
        free_only: false,
        age: None,
    };
    match engine.gaps(&q) {
        Err(wegwijs::engine::EngineError::Invalid(fields)) => {
            let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
            assert_eq!(names, ["category", "language", "reach_km"]);
        }
        other => panic!("expected invalid, got {other:?}"),
    }
}

#[test]
fn csv_has_a_header_and_neutralised_quoted_cells() {
    let (_dir, engine) = engine();
    let report = engine
        .gaps(&GapQuery {
            language: Some("uk".into()),
            ..GapQuery::new("health.mental_support")
        })
        .expect("report");
    let csv = to_csv(&report);
    let mut lines = csv.split_terminator("\r\n");
    assert_eq!(
        lines.next(),
        Some("municipality,province,lat,lon,population,within_reach,coverage,nearest_km,nearest_id,nearest_name,reach_km,centre,municipality_approximate")
    );
    assert_eq!(lines.count(), report.rows.len());
    let groningen = csv
        .lines()
        .find(|l| l.starts_with("Groningen,"))
        .expect("Groningen row");
    assert!(
        groningen.contains(",t-g1,\"'=HYPERLINK(\"\"http://x\"\"), <b>&\","),
        "{groningen}"
    );
}

/// A small well-formedness check: balanced tags, quoted attributes, only
/// the five XML entities, no raw `<` or `&` in text. Returns the elements'
/// names in document order.
fn check_xml(xml: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut names = Vec::new();
    let mut rest = xml.trim();
    let mut roots = 0;
    let check_text = |text: &str| {
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| entity.starts_with(e)),
                "raw & in {text:?}"
            );
        }
    };
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            check_text(rest);
            assert!(stack.is_empty(), "text after the root");
            break;
        };
        check_text(&rest[..open]);
        let close = rest[open..].find('>').expect("tag is closed") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "'<' inside a tag: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name.trim()),
                "mismatched end tag"
            );
        } else {
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name: String = body.chars().take_while(|c| !c.is_whitespace()).collect();
            assert!(
                !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
            );
            // Attributes: name="value" pairs, values without quotes or '<'.
            let mut attrs = body[name.len()..].trim();
            while !attrs.is_empty() {
                let eq = attrs.find("=\"").expect("attribute with a quoted value");
                assert!(attrs[..eq]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':'));
                let end = attrs[eq + 2..].find('"').expect("closing quote") + eq + 2;
                check_text(&attrs[eq + 2..end]);
                attrs = attrs[end + 1..].trim_start();
            }
            if stack.is_empty() {
                roots += 1;
            }
            names.push(name.clone());
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &rest[close + 1..];
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(roots, 1, "one root element");
    names
}

#[test]
fn the_svg_map_is_well_formed_with_one_circle_per_municipality() {
    let (_dir, engine) = engine();
    let report = engine
        .gaps(&GapQuery {
            language: Some("uk".into()),
            ..GapQuery::new("health.mental_support")
        })
        .expect("report");
    for lang in LANGS {
        let svg = to_svg(&report, engine.gazetteer(), engine.taxonomy(), lang);
        let names = check_xml(&svg);
        assert_eq!(names.first().map(String::as_str), Some("svg"));
        assert_eq!(svg.matches("data-coverage=").count(), report.rows.len());
        assert_eq!(
            svg.matches("data-coverage=\"none\"").count(),
            report.summary.without_coverage
        );
        // The hostile name is shown as text, never as markup or a link.
        assert!(svg.contains("HYPERLINK(&quot;http://x&quot;), &lt;b&gt;&amp;"));
        assert!(!svg.contains("<b>") && !svg.contains("href=") && !svg.contains("<script"));
    }
}

#[test]
fn cli_writes_csv_and_svg_and_names_bad_flags() {
    let (dir, engine) = engine();
    drop(engine);
    let csv_path = dir.path().join("gaps.csv");
    let out = wegwijs(dir.path())
        .args([
            "gaps",
            "--category",
            "health.mental_support",
            "--language",
            "uk",
        ])
        .args(["--format", "csv", "-o"])
        .arg(&csv_path)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(&csv_path).expect("csv written");
    assert!(csv.starts_with("municipality,province,"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("online / national"));

    let out = wegwijs(dir.path())
        .args([
            "--lang",
            "uk",
            "gaps",
            "--category",
            "health.mental_support",
            "--format",
            "svg",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let svg = String::from_utf8(out.stdout).expect("utf-8");
    check_xml(&svg);
    assert!(svg.contains("нічого в межах досяжності"));

    let out = wegwijs(dir.path())
        .args([
            "--lang",
            "nl",
            "gaps",
            "--category",
            "health.mental_support",
            "--reach",
            "25",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("gemeente"));

    let out = wegwijs(dir.path())
        .args([
            "gaps",
            "--category",
            "nope",
            "--reach",
            "0",
            "--language",
            "UK",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    for flag in ["--category", "--reach", "--language"] {
        assert!(err.contains(flag), "{flag} not named in: {err}");
    }
}

async fn body<B: MessageBody>(res: ServiceResponse<B>) -> (StatusCode, Option<String>, String) {
    let status = res.status();
    let ctype = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let bytes = web_test::read_body(res).await;
    (
        status,
        ctype,
        String::from_utf8(bytes.to_vec()).expect("utf-8"),
    )
}

macro_rules! get {
    ($app:expr, $uri:expr) => {
        body(
            web_test::call_service(&$app, web_test::TestRequest::get().uri($uri).to_request())
                .await,
        )
        .await
    };
}

#[actix_web::test]
async fn the_api_answers_json_csv_and_svg_and_names_bad_parameters() {
    let (_dir, engine) = engine();
    let engine = Arc::new(engine);
    let expected = engine
        .gaps(&GapQuery {
            language: Some("uk".into()),
            ..GapQuery::new("health.mental_support")
        })
        .expect("report");
    let app = web_test::init_service(wegwijs::http::app(AppState::new(
        engine.clone(),
        &HttpConfig::default(),
    )))
    .await;
    let base = "/api/v1/gaps?category=health.mental_support&language=uk&reach_km=15";

    let (status, ctype, text) = get!(app, base);
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(ctype.unwrap().starts_with("application/json"));
    let json: Value = serde_json::from_str(&text).expect("json");
    let rows = json["municipalities"].as_array().expect("rows");
    assert_eq!(rows.len(), expected.rows.len());
    assert_eq!(json["online_or_national"], expected.online_or_national);
    assert_eq!(
        json["summary"]["without_coverage"],
        expected.summary.without_coverage
    );
    let utrecht = rows
        .iter()
        .find(|r| r["municipality"] == "Utrecht")
        .unwrap();
    assert_eq!(utrecht["within_reach"], 3);
    assert_eq!(utrecht["coverage"], "covered");
    assert_eq!(utrecht["nearest"]["id"], "t-u1");

    let (status, ctype, text) = get!(app, &format!("{base}&format=csv"));
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ctype.as_deref(), Some("text/csv; charset=utf-8"));
    assert_eq!(text, to_csv(&expected));

    let (status, ctype, text) = get!(app, &format!("{base}&format=svg&lang=nl"));
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ctype.as_deref(), Some("image/svg+xml; charset=utf-8"));
    check_xml(&text);
    assert!(text.contains("niets binnen bereik"));

    let (status, _, text) = get!(
        app,
        "/api/v1/gaps?category=nope&language=x&reach_km=500&format=pdf"
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let err: Value = serde_json::from_str(&text).expect("json error");
    assert_eq!(err["error"]["code"], "invalid");
    let fields: Vec<&str> = err["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["format"]);

    let (status, _, text) = get!(app, "/api/v1/gaps?category=nope&language=x&reach_km=500");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let err: Value = serde_json::from_str(&text).expect("json error");
    let fields: Vec<&str> = err["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["category", "language", "reach_km"]);

    let (status, _, text) = get!(app, "/api/v1/gaps");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("\"category\""), "{text}");

    let (_, _, doc) = get!(app, "/openapi.json");
    let doc: Value = serde_json::from_str(&doc).expect("openapi");
    assert!(doc["paths"]["/api/v1/gaps"]["get"].is_object());
}

#[actix_web::test]
async fn the_page_shows_the_map_the_gaps_and_a_csv_link_in_every_language() {
    let (_dir, engine) = engine();
    let engine = Arc::new(engine);
    let app = web_test::init_service(wegwijs::http::app(AppState::new(
        engine.clone(),
        &HttpConfig::default(),
    )))
    .await;
    let (status, _, home) = get!(app, "/?lang=en");
    assert_eq!(status, StatusCode::OK);
    assert!(
        home.contains("href=\"/gaps\""),
        "navigation links the gaps page"
    );

    let (status, _, empty) = get!(app, "/gaps?lang=nl");
    assert_eq!(status, StatusCode::OK);
    assert!(empty.contains("Waar hulp buiten bereik is"));
    assert!(!empty.contains("<svg"));

    for (lang, heading) in [
        ("uk", "Громади без покриття"),
        ("nl", "Gemeenten zonder dekking"),
        ("en", "Municipalities without coverage"),
    ] {
        let uri =
            format!("/gaps?lang={lang}&category=health.mental_support&language=uk&reach_km=15");
        let (status, ctype, page) = get!(app, &uri);
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(ctype.unwrap().starts_with("text/html"));
        assert!(page.contains(heading), "{lang}");
        assert_eq!(page.matches("<svg").count(), 1);
        assert!(page.contains(
            "/api/v1/gaps?category=health.mental_support&amp;language=uk&amp;reach_km=15&amp;format=csv"
        ));
        // The hostile name is escaped both in the map and in the list.
        assert!(!page.contains("<b>&"));
    }

    let (status, _, page) = get!(app, "/gaps?lang=en&category=nope&reach_km=0");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("reach_km") || page.contains("Reach"),
        "{page}"
    );
    assert!(!page.contains("<svg"));
}

#[test]
fn a_repeated_report_is_reused_until_a_write_changes_the_answer() {
    let (_dir, engine) = engine();
    let q = GapQuery {
        language: Some("uk".into()),
        ..GapQuery::new("health.mental_support")
    };
    let first = engine.gaps(&q).expect("report");
    assert_eq!(engine.gaps(&q).expect("cached"), first);
    let all = municipalities(engine.gazetteer());
    let (lat, lon) = centre(&all, "Maastricht");
    engine
        .put(&resource(
            "t-new",
            "Nieuw",
            "health.mental_support",
            Some((lat, lon)),
            &["uk"],
        ))
        .expect("stored");
    let after = engine.gaps(&q).expect("report after a write");
    let maastricht = after
        .rows
        .iter()
        .find(|r| r.municipality.name == "Maastricht")
        .unwrap();
    assert_eq!(maastricht.nearest.as_ref().unwrap().id, "t-new");
    assert_matches_brute_force(&engine, &after);
}

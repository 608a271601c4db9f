//! The chat messages of a plan: golden files in Ukrainian, Dutch and
//! English (`WEGWIJS_BLESS=1 cargo test --test it render` rewrites them),
//! the properties every rendering must have (the length limit, consistent
//! numbering, phone numbers and links intact, no markup of our own), and a
//! property test over random plans.

use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use wegwijs::matching::render::{messages, reason_text, MAX_MESSAGE_CHARS};
use wegwijs::matching::{Gap, Match, NeedPlan, Plan, PlanHome, Reason};
use wegwijs::model::{
    Availability, AvailabilityStatus, Contact, Cost, CostKind, Eligibility, Lang, LocalizedText,
    Location, Organization, Provenance, PublicationStatus, Resource, ResourceId, ServiceArea,
    LANGS,
};
use wegwijs::taxonomy::Taxonomy;
use wegwijs::understand::CategoryGuess;

/// The fixed "now" of every test: 2026-11-01 12:00 UTC.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap()
}

fn days_ago(days: i64) -> DateTime<Utc> {
    now() - chrono::Duration::days(days)
}

/// A plain resource in Utrecht; tests change what they need.
fn resource(id: &str, name: &str) -> Resource {
    Resource {
        id: ResourceId(id.to_string()),
        name: name.to_string(),
        description: LocalizedText {
            uk: Some(format!("Опис: {name}.")),
            nl: Some(format!("Beschrijving: {name}.")),
            en: Some(format!("About {name}.")),
        },
        organization: Organization {
            name: "Stichting Samen".to_string(),
            website: None,
        },
        categories: vec!["health.mental_support".to_string()],
        location: Location::Place {
            address: Some("Oudegracht 1".to_string()),
            municipality: "Utrecht".to_string(),
            lat: 52.09,
            lon: 5.12,
            approximate: false,
        },
        service_area: None,
        languages: vec!["uk".to_string()],
        interpreter_available: false,
        eligibility: Eligibility::default(),
        cost: Some(Cost {
            kind: CostKind::Free,
            amount: None,
            currency: None,
            note: None,
        }),
        availability: None,
        contact: Contact::default(),
        opening_hours: None,
        accessibility: None,
        provenance: Provenance {
            source: "community lead".to_string(),
            created_at: days_ago(400),
            updated_at: days_ago(60),
            verified_at: Some(days_ago(60)),
            verified_by: Some("lead".to_string()),
        },
        status: PublicationStatus::Published,
        synthetic: false,
    }
}

fn found(resource: Resource, distance_km: Option<f64>, reasons: Vec<Reason>) -> Match {
    Match {
        resource,
        score: 1.0,
        distance_km,
        reasons,
    }
}

fn need(member: Option<&str>, code: &str, matches: Vec<Match>, gap: Option<Gap>) -> NeedPlan {
    NeedPlan {
        member: member.map(str::to_string),
        need: code.to_string(),
        suggested: false,
        categories: vec![CategoryGuess {
            code: code.to_string(),
            confidence: 1.0,
            matched: Vec::new(),
        }],
        words: String::new(),
        matches,
        gap,
    }
}

fn plan(needs: Vec<NeedPlan>) -> Plan {
    Plan {
        home: PlanHome {
            place: Some("Utrecht".to_string()),
            lat: 52.09,
            lon: 5.12,
        },
        reach_km: 20.0,
        needs,
    }
}

/// A household with matches and reasons of every kind.
fn household_plan() -> Plan {
    let mut therapist = resource("therapist", "Психолог українською");
    therapist.contact = Contact {
        phone: Some("+31 30 123 45 67".to_string()),
        email: Some("hulp@example.org".to_string()),
        website: Some("https://example.org/psycholoog?taal=uk&x=1".to_string()),
        telegram: Some("https://t.me/samen_utrecht".to_string()),
        whatsapp: Some("https://wa.me/31301234567".to_string()),
    };
    therapist.opening_hours = Some("ma–vr 9:00–17:00".to_string());
    therapist.availability = Some(Availability {
        status: AvailabilityStatus::WaitingList,
        stated_at: None,
    });
    let mut online = resource("online-help", "Online steun");
    online.location = Location::Online;
    online.service_area = Some(ServiceArea::National);
    online.contact.website = Some("https://steun.example.nl/".to_string());
    online.synthetic = true;
    // Hidden characters in stored text must not reach the chat.
    let mut hidden = resource("hidden", "Groep\u{202E}gesprek\u{200B} voor moeders");
    hidden.description.en = Some("Weekly\u{0007} group,\n\n  with tea.".to_string());
    hidden.contact.phone = Some("030\u{202E} 765 43 21".to_string());
    let mut volleyball = resource("volley", "Volleybalclub Oost");
    volleyball.categories = vec!["leisure.volleyball".to_string()];
    volleyball.organization.name = "Volleybalclub Oost".to_string();
    volleyball.contact.website = Some("https://volley-oost.example.nl".to_string());
    let all = |base: &str| {
        let mut r = resource(base, &format!("Dienst {base}"));
        r.contact.phone = Some(format!("06 {} 00", base.len()));
        r
    };
    plan(vec![
        need(
            Some("мама"),
            "health.mental_support",
            vec![
                found(
                    therapist,
                    Some(3.24),
                    vec![
                        Reason::Distance { km: 3.24 },
                        Reason::Speaks {
                            language: "uk".into(),
                            own: true,
                        },
                        Reason::Free,
                        Reason::Verified { days: 62 },
                        Reason::WaitingList,
                    ],
                ),
                found(
                    online,
                    None,
                    vec![
                        Reason::Online,
                        Reason::National,
                        Reason::Speaks {
                            language: "en".into(),
                            own: false,
                        },
                        Reason::Reduced { amount: Some(7.5) },
                        Reason::Verified { days: 0 },
                        Reason::Accepting,
                    ],
                ),
                found(
                    hidden,
                    Some(12.6),
                    vec![
                        Reason::Distance { km: 12.6 },
                        Reason::Interpreter,
                        Reason::Paid { amount: Some(12.5) },
                        Reason::Stale { days: 245 },
                        Reason::ResidentsOnly {
                            municipalities: vec!["Utrecht".into(), "Zeist".into()],
                        },
                        Reason::BsnRequired,
                        Reason::StatusUnknown,
                    ],
                ),
            ],
            None,
        ),
        need(
            Some("син, 14"),
            "leisure.volleyball",
            vec![
                found(
                    volleyball,
                    Some(1.0),
                    vec![
                        Reason::Distance { km: 1.0 },
                        Reason::LanguagesUnknown,
                        Reason::Paid { amount: None },
                        Reason::Ages {
                            min: Some(12),
                            max: Some(18),
                        },
                        Reason::Interest {
                            word: "волейбол".into(),
                        },
                        Reason::Full,
                    ],
                ),
                found(
                    all("a"),
                    Some(25.0),
                    vec![
                        Reason::CostUnknown,
                        Reason::Reduced { amount: None },
                        Reason::Ages {
                            min: Some(6),
                            max: None,
                        },
                        Reason::ResidentsOnly {
                            municipalities: vec!["Houten".into()],
                        },
                    ],
                ),
                found(
                    all("bb"),
                    None,
                    vec![
                        Reason::Ages {
                            min: None,
                            max: Some(17),
                        },
                        Reason::Ages {
                            min: None,
                            max: None,
                        },
                        Reason::Speaks {
                            language: "xx".into(),
                            own: false,
                        },
                    ],
                ),
            ],
            None,
        ),
    ])
}

/// A need with a gap (nearest beyond reach and online), and one with nothing.
fn gap_plan() -> Plan {
    let mut far = resource("far", "Oekraïense psycholoog Amsterdam");
    far.location = Location::Place {
        address: None,
        municipality: "Amsterdam".to_string(),
        lat: 52.37,
        lon: 4.9,
        approximate: true,
    };
    far.contact.phone = Some("020 555 12 12".to_string());
    let mut online = resource("far-online", "Psychologische hulp online");
    online.location = Location::Online;
    online.contact.website = Some("https://online.example.org/uk".to_string());
    let gap = Gap {
        nearest_beyond_reach: Some(Box::new(found(
            far,
            Some(38.4),
            vec![Reason::Distance { km: 38.4 }, Reason::Verified { days: 10 }],
        ))),
        online_alternative: Some(Box::new(found(
            online,
            None,
            vec![Reason::Online, Reason::Free],
        ))),
    };
    let empty = Gap {
        nearest_beyond_reach: None,
        online_alternative: None,
    };
    // An online match that is also the gap's online alternative is listed once.
    let mut only_online = resource("only-online", "Online taalles");
    only_online.location = Location::Online;
    only_online.contact.website = Some("https://taal.example.org".to_string());
    let online_match = found(only_online, None, vec![Reason::Online, Reason::Free]);
    let same = Gap {
        nearest_beyond_reach: None,
        online_alternative: Some(Box::new(online_match.clone())),
    };
    plan(vec![
        need(Some("тато"), "health.mental_support", Vec::new(), Some(gap)),
        need(None, "рибалка на каналах", Vec::new(), Some(empty)),
        need(
            None,
            "language.dutch_lessons",
            vec![online_match],
            Some(same),
        ),
    ])
}

/// A suggested wellbeing need next to an asked one.
fn suggested_plan() -> Plan {
    let yoga = resource("yoga", "Yoga in het park");
    let mut asked = need(None, "language.dutch_lessons", Vec::new(), None);
    asked.matches.push(found(
        resource("taalcafe", "Taalcafé"),
        Some(0.4),
        vec![Reason::Distance { km: 0.4 }, Reason::Free],
    ));
    let mut wellbeing = need(
        Some("бабуся"),
        "leisure.yoga",
        vec![found(yoga, Some(2.0), vec![Reason::Distance { km: 2.0 }])],
        None,
    );
    wellbeing.suggested = true;
    let mut p = plan(vec![asked, wellbeing]);
    p.home.place = None;
    p.reach_km = 7.0;
    p
}

/// Many needs with many long matches: several messages.
fn huge_plan() -> Plan {
    let needs = (0..12)
        .map(|n| {
            let matches = (0..10)
                .map(|i| {
                    let mut r = resource(&format!("r{n}-{i}"), &format!("Послуга {n}.{i}"));
                    r.description.uk = Some("Довгий опис послуги. ".repeat(40));
                    r.contact.phone = Some(format!("+31 6 {n:02} {i:02} 00 00"));
                    r.contact.website = Some(format!("https://example.org/{n}/{i}"));
                    found(r, Some(i as f64), vec![Reason::Distance { km: i as f64 }])
                })
                .collect();
            need(
                Some(&format!("особа {n}")),
                "leisure.sports_club",
                matches,
                None,
            )
        })
        .collect();
    plan(needs)
}

/// Every phone number and link of every option in `plan`.
fn contacts(plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    for n in &plan.needs {
        let gap = n.gap.iter().flat_map(|g| {
            g.nearest_beyond_reach
                .iter()
                .chain(g.online_alternative.iter())
                .map(|m| &**m)
                // An alternative already among the matches is listed once.
                .filter(|m| !n.matches.iter().any(|x| x.resource.id == m.resource.id))
        });
        for m in n.matches.iter().chain(gap) {
            let c = &m.resource.contact;
            for v in [
                &c.phone,
                &c.website,
                &c.telegram,
                &c.whatsapp,
                &m.resource.organization.website,
            ]
            .into_iter()
            .flatten()
            {
                out.push(
                    v.chars()
                        .filter(|c| {
                            !c.is_control()
                                && !matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}')
                        })
                        .collect::<String>()
                        .trim()
                        .to_string(),
                );
            }
        }
    }
    out
}

/// What holds for any plan: the limit, the numbering, contacts intact, no
/// markup and no hidden characters.
fn check_invariants(plan: &Plan, lang: Lang, msgs: &[String]) {
    assert!(!msgs.is_empty());
    let n = msgs.len();
    for (i, m) in msgs.iter().enumerate() {
        assert!(
            m.chars().count() <= MAX_MESSAGE_CHARS,
            "message {i} too long"
        );
        assert!(
            m.encode_utf16().count() <= MAX_MESSAGE_CHARS,
            "message {i} too long"
        );
        if n > 1 {
            let prefix = format!("({}/{n})\n", i + 1);
            assert!(
                m.starts_with(&prefix),
                "{lang:?} message {i} lacks {prefix:?}"
            );
        } else {
            assert!(!m.starts_with("(1/1)"));
        }
        assert!(
            !m.chars().any(|c| (c.is_control() && c != '\n')
                || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
            "hidden character in {m:?}"
        );
    }
    let all = msgs.join("\n");
    let mut rest = all.clone();
    for c in contacts(plan) {
        assert!(
            all.lines()
                .any(|l| l == c || l.ends_with(&format!(": {c}"))),
            "{lang:?}: {c:?} is not intact on a line of its own"
        );
        rest = rest.replace(&c, "");
    }
    for bad in ["*", "_", "`", "<", "]("] {
        assert!(!rest.contains(bad), "{lang:?}: markup {bad:?} in {rest}");
    }
}

fn golden_path(name: &str, lang: Lang) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/golden")
        .join(format!("{name}.{}.txt", lang.code()))
}

/// Compares the messages of `plan` in every language with the golden files,
/// or rewrites them under `WEGWIJS_BLESS=1`.
fn check_golden(name: &str, plan: &Plan) {
    let taxonomy = Taxonomy::embedded();
    let bless = std::env::var("WEGWIJS_BLESS").is_ok_and(|v| v == "1");
    for lang in LANGS {
        let msgs = messages(plan, lang, taxonomy, now().timestamp());
        check_invariants(plan, lang, &msgs);
        let mut text = String::new();
        for (i, m) in msgs.iter().enumerate() {
            text.push_str(&format!(
                "===== message {} of {} =====\n{m}\n",
                i + 1,
                msgs.len()
            ));
        }
        let path = golden_path(name, lang);
        if bless {
            std::fs::write(&path, &text).expect("golden file written");
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "{} is missing; run WEGWIJS_BLESS=1 cargo test --test it render",
                path.display()
            )
        });
        assert_eq!(
            text,
            expected,
            "{} differs (WEGWIJS_BLESS=1 rewrites it)",
            path.display()
        );
    }
}

#[test]
fn household_with_every_reason() {
    check_golden("household", &household_plan());
}

#[test]
fn gap_with_nearest_and_online() {
    check_golden("gap", &gap_plan());
}

#[test]
fn suggested_wellbeing_need() {
    check_golden("suggested", &suggested_plan());
}

#[test]
fn huge_plan_splits_into_numbered_messages() {
    let p = huge_plan();
    for lang in LANGS {
        let msgs = messages(&p, lang, Taxonomy::embedded(), now().timestamp());
        assert!(msgs.len() >= 3, "{lang:?}: {} messages", msgs.len());
    }
    check_golden("huge", &p);
}

#[test]
fn synthetic_data_is_marked_in_every_language() {
    let p = household_plan();
    for (lang, mark) in [
        (Lang::Uk, "[тестові дані"),
        (Lang::Nl, "[testgegevens"),
        (Lang::En, "[synthetic"),
    ] {
        let text = messages(&p, lang, Taxonomy::embedded(), now().timestamp()).join("\n");
        assert_eq!(text.matches(mark).count(), 1, "{lang:?}");
    }
}

#[test]
fn one_overlong_match_is_shortened_not_split() {
    let mut r = resource("long", &"Дуже довга назва ".repeat(30));
    r.description.en = Some("word ".repeat(2000));
    r.opening_hours = Some("hours ".repeat(200));
    r.contact.website = Some(format!("https://example.org/{}", "a".repeat(1500)));
    r.contact.telegram = Some(format!("https://t.me/{}", "b".repeat(1000)));
    r.contact.phone = Some("+31 20 000 00 00".to_string());
    r.synthetic = true;
    let reasons = (0..300)
        .map(|i| Reason::Interest {
            word: format!("інтерес номер {i}"),
        })
        .collect();
    let p = plan(vec![need(
        None,
        "leisure.yoga",
        vec![found(r, Some(1.0), reasons)],
        None,
    )]);
    for lang in LANGS {
        let msgs = messages(&p, lang, Taxonomy::embedded(), now().timestamp());
        check_invariants(&p, lang, &msgs);
        assert_eq!(msgs.len(), 1, "{lang:?}");
        assert!(msgs[0].contains('…'));
        assert!(msgs[0].contains("[synthetic") || lang != Lang::En);
    }
}

#[test]
fn an_empty_plan_still_says_something() {
    let p = plan(Vec::new());
    for lang in LANGS {
        let msgs = messages(&p, lang, Taxonomy::embedded(), now().timestamp());
        assert_eq!(msgs.len(), 1);
        assert!(msgs[0].lines().count() >= 2, "{:?}", msgs[0]);
    }
}

#[test]
fn every_reason_reads_in_every_language() {
    let reasons = household_plan()
        .needs
        .iter()
        .flat_map(|n| n.matches.iter().flat_map(|m| m.reasons.clone()))
        .collect::<Vec<_>>();
    for lang in LANGS {
        for r in &reasons {
            let text = reason_text(r, lang);
            assert!(!text.trim().is_empty(), "{r:?} in {lang:?}");
            assert!(!text.contains('*') && !text.contains('<'), "{text}");
        }
    }
    assert_eq!(
        reason_text(&Reason::Distance { km: 3.2 }, Lang::Nl),
        "3,2 km"
    );
    assert_eq!(
        reason_text(
            &Reason::Speaks {
                language: "uk".into(),
                own: false
            },
            Lang::Uk
        ),
        "українською"
    );
}

fn arb_reason() -> impl Strategy<Value = Reason> {
    prop_oneof![
        (0.0f64..300.0).prop_map(|km| Reason::Distance { km }),
        Just(Reason::Online),
        Just(Reason::Free),
        proptest::option::of(0.5f64..100.0).prop_map(|amount| Reason::Paid { amount }),
        (0i64..2000).prop_map(|days| Reason::Stale { days }),
        (0i64..200).prop_map(|days| Reason::Verified { days }),
        "[a-zа-яі ]{1,40}".prop_map(|word| Reason::Interest { word }),
        proptest::collection::vec("[A-Z][a-z]{2,12}", 1..8)
            .prop_map(|municipalities| Reason::ResidentsOnly { municipalities }),
    ]
}

fn arb_match() -> impl Strategy<Value = Match> {
    (
        "[A-Za-zА-Яа-яіїє😀 .,!?-]{1,120}",
        proptest::option::of("[a-zа-я😀 ]{0,3000}"),
        "\\+31 [0-9]{2} [0-9]{3} [0-9]{4}",
        proptest::option::of("https://[a-z]{3,20}\\.nl/[a-z0-9/-]{0,300}"),
        proptest::option::of("https://t\\.me/[a-z0-9]{3,30}"),
        proptest::collection::vec(arb_reason(), 0..12),
        any::<bool>(),
    )
        .prop_map(
            |(name, description, phone, website, telegram, reasons, synthetic)| {
                let mut r = resource("p", &name);
                r.description.en = description.clone();
                r.description.uk = description;
                r.contact.phone = Some(phone);
                r.contact.website = website;
                r.contact.telegram = telegram;
                r.synthetic = synthetic;
                found(r, None, reasons)
            },
        )
}

fn arb_gap() -> impl Strategy<Value = Option<Gap>> {
    proptest::option::of(
        (
            proptest::option::of(arb_match()),
            proptest::option::of(arb_match()),
        )
            .prop_map(|(nearest, online)| Gap {
                nearest_beyond_reach: nearest.map(Box::new),
                online_alternative: online.map(Box::new),
            }),
    )
}

fn arb_plan() -> impl Strategy<Value = Plan> {
    proptest::collection::vec(
        (
            proptest::option::of("[a-zа-я ,0-9]{1,60}"),
            proptest::collection::vec(arb_match(), 0..10),
            arb_gap(),
            any::<bool>(),
        ),
        0..10,
    )
    .prop_map(|needs| {
        plan(
            needs
                .into_iter()
                .map(|(member, matches, gap, suggested)| {
                    let mut n = need(member.as_deref(), "leisure.sports_club", matches, gap);
                    n.suggested = suggested;
                    n
                })
                .collect(),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_plans_keep_the_limit_and_the_links(p in arb_plan(), l in 0usize..3) {
        let lang = LANGS[l];
        let msgs = messages(&p, lang, Taxonomy::embedded(), now().timestamp());
        check_invariants(&p, lang, &msgs);
    }
}

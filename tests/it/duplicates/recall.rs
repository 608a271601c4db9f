//! Recall and precision of duplicate detection on a synthetic set with
//! planted twins and planted look-alikes that are not twins.
//!
//! The set is made by code from a seeded generator (every record is marked
//! synthetic): base records around five Dutch city centres, then for some of
//! them a twin of the kinds helpers actually enter (a typo, a legal form, a
//! different spelling, a Latin spelling of a Cyrillic name, the same phone
//! or website written differently) and for others a record that must *not*
//! be taken for a twin (the same name far away, the next school number,
//! a one-letter-different short name, another name next door, the same
//! kind of place with another place name next door). Twins are
//! romanised by rules of their own here (English- and Dutch-style), not by
//! the detector's transliteration, so that path is measured, not mirrored.
//!
//! Both detection paths are measured: the check a new record gets (import,
//! API create, suggestions: `Engine::likely_duplicates`) and the clusters of
//! the whole store (`wegwijs duplicates`). The figures are printed (run
//! `cargo test --test it recall -- --nocapture` to see them) and must be at
//! least 0.9 each.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use wegwijs::engine::{Engine, ImportOptions};
use wegwijs::model::Resource;

use crate::common::engine;

const CENTRES: [(&str, (f64, f64)); 5] = [
    ("Utrecht", (52.0907, 5.1214)),
    ("Amsterdam", (52.3730, 4.8924)),
    ("Rotterdam", (51.9225, 4.4792)),
    ("Groningen", (53.2194, 6.5665)),
    ("Eindhoven", (51.4416, 5.4697)),
];

const KINDS: &[&str] = &[
    "Taalcafé",
    "Buurthuis",
    "Bibliotheek",
    "Huiswerkbegeleiding",
    "Sportvereniging",
    "Inloopspreekuur",
    "Vrouwencentrum",
    "Jongerenwerk",
    "Volleybalclub",
    "Kinderopvang",
    "Moestuin",
    "Naaiatelier",
    "Repair Café",
    "Schaakclub",
    "Community Kitchen",
    "Legal Help Desk",
];

const PROPER: &[&str] = &[
    "De Zonnebloem",
    "Het Anker",
    "Noorderlicht",
    "De Brug",
    "Sterrenwijk",
    "Regenboog",
    "Lindenhof",
    "Kastanjehof",
    "Morgenrood",
    "Dijkzicht",
    "Veldzicht",
    "De Wissel",
    "Oranjeplein",
    "Maasoever",
    "Hoograven",
    "Kanaleneiland",
    "Vredeburg",
    "De Horizon",
    "Parkzicht",
    "Het Baken",
    "Zuilen",
    "Overvecht",
    "Lombok",
    "Wittevrouwen",
    "Tuindorp",
    "De Meern",
    "Vleuten",
    "Oog in Al",
    "Rivierenwijk",
    "Transwijk",
];

const CYRILLIC: &[&str] = &[
    "Громада Надія",
    "Українська школа Барвінок",
    "Спільнота Калина",
    "Центр Світанок",
    "Клуб Мрія",
    "Жіночий клуб Берегиня",
    "Дитячий садок Сонечко",
    "Хор Червона калина",
    "Спортклуб Чайка",
    "Курси Щедрик",
    "Театр Юність",
    "Родина Журавлі",
];

/// Names too short for any typo to be forgiven (one letter changes them).
const SHORT: &[&str] = &[
    "Yoga", "Judo", "Koor", "Dans", "Tuin", "Boks", "Zang", "Film", "Golf", "Surf", "Rock", "Jazz",
];

/// Categories the taxonomy has.
const CATEGORIES: &[&str] = &[
    "rights.legal_aid",
    "health.mental_support",
    "safety.helplines",
];

/// What a planted record is, and whether it is a twin of its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    // Twins: must be found.
    SameName,
    Typo,
    LegalForm,
    Spelling,
    Romanised,
    Phone,
    Website,
    // Look-alikes: must not be taken for twins.
    SameNameFarAway,
    NextNumber,
    ShortNameOneLetter,
    OtherNameNextDoor,
    SameKindOtherPlace,
}

impl Kind {
    const TWINS: [Kind; 7] = [
        Kind::SameName,
        Kind::Typo,
        Kind::LegalForm,
        Kind::Spelling,
        Kind::Romanised,
        Kind::Phone,
        Kind::Website,
    ];
    const LOOK_ALIKES: [Kind; 5] = [
        Kind::SameNameFarAway,
        Kind::NextNumber,
        Kind::ShortNameOneLetter,
        Kind::OtherNameNextDoor,
        Kind::SameKindOtherPlace,
    ];

    fn is_twin(self) -> bool {
        Kind::TWINS.contains(&self)
    }
}

/// One generated record: its family (a base record and its twins share
/// one; a look-alike has its own) and what it was planted as.
struct Planted {
    record: Value,
    family: usize,
    kind: Option<Kind>,
}

fn offset((lat, lon): (f64, f64), metres: f64, bearing: f64) -> (f64, f64) {
    let dlat = metres * bearing.cos() / 111_195.0;
    let dlon = metres * bearing.sin() / (111_195.0 * lat.to_radians().cos());
    (lat + dlat, lon + dlon)
}

/// Metres between two points (equirectangular: exact enough at these
/// distances).
fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let x = (b.1 - a.1).to_radians() * ((a.0 + b.0) / 2.0).to_radians().cos();
    let y = (b.0 - a.0).to_radians();
    6_371_000.0 * (x * x + y * y).sqrt()
}

fn record(id: &str, name: &str, at: (f64, f64), phone: &str, website: &str, c: usize) -> Value {
    // The nearest centre's municipality (records stay within 30 km of it).
    let municipality = CENTRES
        .iter()
        .min_by(|a, b| {
            let d = |p: (f64, f64)| (p.0 - at.0).powi(2) + (p.1 - at.1).powi(2);
            d(a.1).total_cmp(&d(b.1))
        })
        .map_or("Utrecht", |c| c.0);
    json!({
        "id": id,
        "name": name,
        "description": {"en": "Synthetic record of the duplicate-detection test."},
        "organization": {"name": format!("Synthetic organisation {id}")},
        "categories": [CATEGORIES[c % CATEGORIES.len()]],
        "location": {"kind": "place", "municipality": municipality,
                     "lat": at.0, "lon": at.1},
        "contact": {"phone": phone, "website": website},
        "provenance": {"source": "synthetic: duplicate-detection test",
                       "created_at": "2026-01-01T00:00:00Z",
                       "updated_at": "2026-01-01T00:00:00Z"},
        "status": "published",
        "synthetic": true
    })
}

/// A romanisation of Ukrainian Cyrillic as a helper might type it: the
/// English habit (ya, yu, kh, y for й) or the Dutch one (ja, joe, ch, sj,
/// tsj, j for й).
fn romanise(text: &str, dutch: bool) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let m: &str = match (lower, dutch) {
            ('а', _) => "a",
            ('б', _) => "b",
            ('в', _) => "v",
            ('г', _) => "h",
            ('ґ', _) => "g",
            ('д', _) => "d",
            ('е', _) => "e",
            ('є', false) => "ye",
            ('є', true) => "je",
            ('ж', false) => "zh",
            ('ж', true) => "zj",
            ('з', _) => "z",
            ('и', _) => "y",
            ('і', _) => "i",
            ('ї', false) => "yi",
            ('ї', true) => "ji",
            ('й', false) => "y",
            ('й', true) => "j",
            ('к', _) => "k",
            ('л', _) => "l",
            ('м', _) => "m",
            ('н', _) => "n",
            ('о', _) => "o",
            ('п', _) => "p",
            ('р', _) => "r",
            ('с', _) => "s",
            ('т', _) => "t",
            ('у', false) => "u",
            ('у', true) => "oe",
            ('ф', _) => "f",
            ('х', false) => "kh",
            ('х', true) => "ch",
            ('ц', _) => "ts",
            ('ч', false) => "ch",
            ('ч', true) => "tsj",
            ('ш', false) => "sh",
            ('ш', true) => "sj",
            ('щ', false) => "shch",
            ('щ', true) => "sjtsj",
            ('ь', _) | ('\'', _) => "",
            ('ю', false) => "yu",
            ('ю', true) => "joe",
            ('я', false) => "ya",
            ('я', true) => "ja",
            _ => {
                out.push(c);
                continue;
            }
        };
        if c.is_uppercase() {
            let mut chars = m.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push_str(m);
        }
    }
    out
}

/// One typing slip in a letter of `name`: a letter replaced, dropped,
/// doubled, or swapped with the next one.
fn typo(name: &str, rng: &mut SmallRng) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    let letters: Vec<usize> = (0..chars.len())
        .filter(|&i| chars[i].is_alphabetic())
        .collect();
    let i = letters[rng.gen_range(0..letters.len())];
    match rng.gen_range(0..4) {
        0 => chars[i] = (b'a' + rng.gen_range(0..26u8)) as char,
        1 => {
            chars.remove(i);
        }
        2 => chars.insert(i, chars[i]),
        _ if i + 1 < chars.len() && chars[i + 1].is_alphabetic() => chars.swap(i, i + 1),
        _ => chars[i] = (b'a' + rng.gen_range(0..26u8)) as char,
    }
    chars.into_iter().collect()
}

/// The same name written differently: case, accents, hyphens, apostrophes.
fn respelled(name: &str, rng: &mut SmallRng) -> String {
    match rng.gen_range(0..4) {
        0 => name.to_lowercase(),
        1 => name.to_uppercase(),
        2 => name.replace('é', "e").replace(' ', "-"),
        _ => format!("'{}'", name.replace(' ', "  ")),
    }
}

fn with_legal_form(name: &str, rng: &mut SmallRng) -> String {
    match rng.gen_range(0..4) {
        0 => format!("Stichting {name}"),
        1 => format!("Vereniging {name}"),
        2 => format!("{name} Foundation"),
        _ => format!("Благодійний фонд {name}"),
    }
}

/// Phone numbers in a fictitious series (the test's own numbering).
fn phone(n: usize) -> String {
    format!("088-{:07}", 1_000_000 + n)
}

fn phone_rewritten(n: usize, rng: &mut SmallRng) -> String {
    let digits = format!("{:07}", 1_000_000 + n);
    match rng.gen_range(0..3) {
        0 => format!("+31 88 {} {}", &digits[..3], &digits[3..]),
        1 => format!("0031 88{digits}"),
        _ => format!("(088) {} {}", &digits[..3], &digits[3..]),
    }
}

fn website(n: usize) -> String {
    format!("https://www.synthetic-{n}.example/")
}

fn website_rewritten(n: usize, rng: &mut SmallRng) -> String {
    match rng.gen_range(0..3) {
        0 => format!("http://synthetic-{n}.example"),
        1 => format!("https://synthetic-{n}.example:443/#contact"),
        _ => format!("https://WWW.Synthetic-{n}.example"),
    }
}

/// The base set and the planted records (twins and look-alikes), from `seed`.
fn generate(seed: u64, bases: usize, planted: usize) -> (Vec<Planted>, Vec<Planted>) {
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut base = Vec::new();
    let mut names: Vec<(String, (f64, f64))> = Vec::new();
    let mut taken = HashSet::new();
    while base.len() < bases {
        let i = base.len();
        let centre = CENTRES[i % CENTRES.len()].1;
        let at = offset(
            centre,
            rng.gen_range(0.0..4_000.0),
            rng.gen_range(0.0..std::f64::consts::TAU),
        );
        let name = match rng.gen_range(0..100) {
            0..30 => format!(
                "{} {}",
                CYRILLIC[rng.gen_range(0..CYRILLIC.len())],
                PROPER[rng.gen_range(0..PROPER.len())]
            ),
            30..40 => format!("Basisschool {}", rng.gen_range(1..200)),
            40..43 => SHORT[rng.gen_range(0..SHORT.len())].to_string(),
            _ => format!(
                "{} {}",
                KINDS[rng.gen_range(0..KINDS.len())],
                PROPER[rng.gen_range(0..PROPER.len())]
            ),
        };
        // Base records are distinct places: no name twice in one city.
        if !taken.insert((i % CENTRES.len(), name.clone())) {
            continue;
        }
        let id = format!("syn-base-{i}");
        base.push(Planted {
            record: record(&id, &name, at, &phone(i), &website(i), i),
            family: i,
            kind: None,
        });
        names.push((name, at));
    }
    let mut out = Vec::new();
    while out.len() < planted {
        let twin = rng.gen_bool(0.5);
        let kind = if twin {
            Kind::TWINS[rng.gen_range(0..Kind::TWINS.len())]
        } else {
            Kind::LOOK_ALIKES[rng.gen_range(0..Kind::LOOK_ALIKES.len())]
        };
        // A source the kind applies to (a Cyrillic name to romanise, a
        // numbered school, a short name, a name long enough for a typo).
        let applies = |name: &str| {
            let cyrillic = name.chars().any(|c| matches!(c, 'а'..='я' | 'А'..='Я'));
            let short = name.chars().count() <= 4;
            match kind {
                Kind::Romanised => cyrillic,
                Kind::Spelling => !cyrillic,
                Kind::NextNumber => name.starts_with("Basisschool"),
                Kind::ShortNameOneLetter => short,
                Kind::Typo => !short,
                Kind::SameKindOtherPlace => KINDS.iter().any(|k| name.starts_with(k)),
                _ => true,
            }
        };
        let source = loop {
            let source = rng.gen_range(0..bases);
            if applies(&names[source].0) {
                break source;
            }
        };
        let (name, at) = names[source].clone();
        let name = name.as_str();
        let n = out.len();
        let id = format!("syn-planted-{n}");
        // Twins are entered at the same address or a geocoding slip away.
        let near = if rng.gen_bool(0.6) {
            rng.gen_range(0.0..30.0)
        } else {
            rng.gen_range(30.0..180.0)
        };
        let bearing = rng.gen_range(0.0..std::f64::consts::TAU);
        let other = bases + n;
        let (new_name, place, ph, web) = match kind {
            Kind::SameName => (
                name.to_string(),
                offset(at, near, bearing),
                phone(other),
                website(other),
            ),
            Kind::Typo => (
                typo(name, &mut rng),
                offset(at, near, bearing),
                phone(other),
                website(other),
            ),
            Kind::LegalForm => (
                with_legal_form(name, &mut rng),
                offset(at, near, bearing),
                phone(other),
                website(other),
            ),
            Kind::Spelling => (
                respelled(name, &mut rng),
                offset(at, near, bearing),
                phone(other),
                website(other),
            ),
            Kind::Romanised => (
                romanise(name, rng.gen_bool(0.5)),
                offset(at, near, bearing),
                phone(other),
                website(other),
            ),
            // The same service listed again elsewhere under another name.
            Kind::Phone => (
                format!("Synthetic helpline {n}"),
                offset(at, rng.gen_range(2_000.0..30_000.0), bearing),
                phone_rewritten(source, &mut rng),
                website(other),
            ),
            Kind::Website => (
                format!("Synthetic information point {n}"),
                offset(at, rng.gen_range(2_000.0..30_000.0), bearing),
                phone(other),
                website_rewritten(source, &mut rng),
            ),
            Kind::SameNameFarAway => (
                name.to_string(),
                offset(at, rng.gen_range(400.0..5_000.0), bearing),
                phone(other),
                website(other),
            ),
            Kind::NextNumber => {
                let number: u32 = name["Basisschool ".len()..].parse().unwrap_or(1);
                (
                    format!("Basisschool {}", number + 1),
                    offset(at, near, bearing),
                    phone(other),
                    website(other),
                )
            }
            Kind::ShortNameOneLetter => {
                let mut chars: Vec<char> = name.chars().collect();
                let i = rng.gen_range(0..chars.len());
                let replacement = ['a', 'e', 'o', 'i', 'k', 's'][rng.gen_range(0..6)];
                if chars[i].to_ascii_lowercase() == replacement {
                    continue;
                }
                chars[i] = if i == 0 {
                    replacement.to_ascii_uppercase()
                } else {
                    replacement
                };
                (
                    chars.into_iter().collect(),
                    offset(at, near, bearing),
                    phone(other),
                    website(other),
                )
            }
            // "Taalcafé Zuilen" next door to "Taalcafé Lombok".
            Kind::SameKindOtherPlace => {
                let kind_word = KINDS
                    .iter()
                    .find(|k| name.starts_with(*k))
                    .copied()
                    .unwrap_or_default();
                let other = format!("{kind_word} {}", PROPER[rng.gen_range(0..PROPER.len())]);
                if other == name {
                    continue;
                }
                (
                    other,
                    offset(at, near, bearing),
                    phone(bases + n),
                    website(bases + n),
                )
            }
            Kind::OtherNameNextDoor => {
                let (neighbour, _) = &names[rng.gen_range(0..bases)];
                if neighbour.as_str() == name {
                    continue;
                }
                let neighbour = neighbour.clone();
                (
                    neighbour.clone(),
                    offset(at, near, bearing),
                    phone(other),
                    website(other),
                )
            }
        };
        // A look-alike must not become a twin by chance: no record named
        // exactly the same within 300 m (a twin of its source, say).
        if !twin
            && names
                .iter()
                .any(|(other, p)| *other == new_name && metres(*p, place) < 300.0)
        {
            continue;
        }
        names.push((new_name.to_string(), place));
        out.push(Planted {
            record: record(&id, &new_name, place, &ph, &web, other),
            family: if twin { source } else { usize::MAX - n },
            kind: Some(kind),
        });
    }
    (base, out)
}

fn store(engine: &Engine, records: &[&Planted]) {
    let mut lines = String::new();
    for p in records {
        writeln!(lines, "{}", p.record).expect("write to string");
    }
    let options = ImportOptions {
        dry_run: false,
        allow_duplicates: true,
    };
    let report = engine
        .import_with(lines.as_bytes(), options, &|_, _| {})
        .expect("import");
    assert!(
        report.rejected.is_empty(),
        "{} rejected, the first: {:?}",
        report.rejected.len(),
        report.rejected.first()
    );
    assert_eq!(report.imported, records.len());
}

/// Counts of one measurement: twins found and missed, and false alarms
/// (records or links flagged across families).
#[derive(Default, Debug)]
struct Tally {
    found: usize,
    missed: usize,
    false_alarms: usize,
}

impl Tally {
    fn recall(&self) -> f64 {
        self.found as f64 / (self.found + self.missed).max(1) as f64
    }
    fn precision(&self) -> f64 {
        self.found as f64 / (self.found + self.false_alarms).max(1) as f64
    }
}

#[test]
fn planted_twins_are_found_and_look_alikes_left_alone() {
    let (base, planted) = generate(20_261_206, 800, 1_000);
    let (_dir, engine) = engine();
    store(&engine, &base.iter().collect::<Vec<_>>());

    // 1. The check a new record gets against the store.
    let family_of: HashMap<String, usize> = base
        .iter()
        .chain(&planted)
        .map(|p| {
            (
                p.record["id"].as_str().unwrap_or_default().to_string(),
                p.family,
            )
        })
        .collect();
    let mut per_kind: BTreeMap<Kind, (usize, usize)> = BTreeMap::new();
    let mut check = Tally::default();
    let mut examples = Vec::new();
    for p in &planted {
        let resource: Resource = serde_json::from_value(p.record.clone()).expect("resource");
        let flagged = engine.likely_duplicates(&resource).expect("lookup");
        let kind = p.kind.expect("planted");
        let hit = flagged
            .iter()
            .any(|(id, _)| family_of.get(&id.0) == Some(&p.family));
        let wrong = flagged
            .iter()
            .filter(|(id, _)| family_of.get(&id.0) != Some(&p.family))
            .count();
        check.false_alarms += wrong;
        let entry = per_kind.entry(kind).or_default();
        entry.1 += 1;
        if kind.is_twin() {
            if hit {
                check.found += 1;
                entry.0 += 1;
            } else {
                check.missed += 1;
                if examples.len() < 8 {
                    examples.push(format!("missed {kind:?}: {}", p.record["name"]));
                }
            }
        } else if wrong == 0 {
            entry.0 += 1;
        } else if examples.len() < 8 {
            examples.push(format!("false alarm {kind:?}: {}", p.record["name"]));
        }
    }

    // 2. The clusters of the whole store, planted records stored too.
    store(&engine, &planted.iter().collect::<Vec<_>>());
    let clusters = engine.duplicate_clusters().expect("clusters");
    let mut linked = std::collections::HashSet::new();
    let mut whole = Tally::default();
    for link in clusters.iter().flat_map(|c| &c.links) {
        let (a, b) = (family_of.get(&link.a.0), family_of.get(&link.b.0));
        if a.is_some() && a == b {
            whole.found += 1;
            linked.insert((link.a.0.clone(), link.b.0.clone()));
            linked.insert((link.b.0.clone(), link.a.0.clone()));
        } else {
            whole.false_alarms += 1;
            if examples.len() < 12 {
                examples.push(format!(
                    "false link: {} ~ {} ({})",
                    link.a, link.b, link.reason
                ));
            }
        }
    }
    // Recall over the planted pairs: each twin and its source.
    let (mut pairs_found, mut pairs) = (0, 0);
    for (i, p) in planted.iter().enumerate() {
        if p.kind.is_some_and(Kind::is_twin) {
            pairs += 1;
            let source = format!("syn-base-{}", p.family);
            let twin = format!("syn-planted-{i}");
            if linked.contains(&(source, twin)) {
                pairs_found += 1;
            }
        }
    }

    let mut report = format!(
        "duplicate detection, {} base records, {} planted ({} twins):\n",
        base.len(),
        planted.len(),
        check.found + check.missed
    );
    let _ = writeln!(
        report,
        "  new-record check: recall {:.3} ({} of {}), precision {:.3} ({} false alarms)",
        check.recall(),
        check.found,
        check.found + check.missed,
        check.precision(),
        check.false_alarms
    );
    let _ = writeln!(
        report,
        "  store clusters:   recall {:.3} ({pairs_found} of {pairs} planted pairs linked), precision {:.3} ({} links, {} false)",
        pairs_found as f64 / pairs.max(1) as f64,
        whole.precision(),
        whole.found + whole.false_alarms,
        whole.false_alarms
    );
    for (kind, (right, n)) in &per_kind {
        let what = if kind.is_twin() {
            "found"
        } else {
            "left alone"
        };
        let _ = writeln!(report, "    {kind:?}: {right} of {n} {what}");
    }
    for e in &examples {
        let _ = writeln!(report, "    {e}");
    }
    println!("{report}");

    // Every kind was planted, so every path was measured.
    assert_eq!(
        per_kind.len(),
        Kind::TWINS.len() + Kind::LOOK_ALIKES.len(),
        "{report}"
    );
    assert!(check.found + check.missed >= 150, "{report}");
    assert!(check.recall() >= 0.9, "{report}");
    assert!(check.precision() >= 0.9, "{report}");
    assert!(pairs_found as f64 / pairs.max(1) as f64 >= 0.9, "{report}");
    assert!(whole.precision() >= 0.9, "{report}");
}

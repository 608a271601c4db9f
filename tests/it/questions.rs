//! Understanding helpdesk questions: a table of real-style questions in
//! Ukrainian, Russian, Dutch and English (`tests/data/questions.tsv`) with the
//! categories, place, language, age and cost they ask for. Prints the accuracy
//! per language and the misses, and holds category and place accuracy at 90%
//! or above. Also `wegwijs ask` end to end.

use std::collections::BTreeMap;

use serde_json::Value;
use wegwijs::gazetteer::Gazetteer;
use wegwijs::taxonomy::Taxonomy;
use wegwijs::understand::{understand, Understood};

use crate::common::{fixture, wegwijs};

/// One row of the table.
struct Question {
    lang: String,
    text: String,
    categories: Vec<String>,
    place: Option<String>,
    language: Option<String>,
    age: Option<u8>,
    free: bool,
}

fn dash(s: &str) -> Option<String> {
    (s != "-").then(|| s.to_string())
}

fn questions() -> Vec<Question> {
    let text = std::fs::read_to_string(fixture("questions.tsv")).expect("questions.tsv reads");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .enumerate()
        .map(|(n, line)| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 7, "questions.tsv row {}: {line}", n + 1);
            Question {
                lang: cols[0].to_string(),
                text: cols[1].to_string(),
                categories: dash(cols[2])
                    .map(|c| c.split(',').map(str::to_string).collect())
                    .unwrap_or_default(),
                place: dash(cols[3]),
                language: dash(cols[4]),
                age: dash(cols[5]).map(|a| a.parse().expect("age is a number")),
                free: cols[6] == "yes",
            }
        })
        .collect()
}

fn category_ok(q: &Question, u: &Understood) -> bool {
    match u.categories.first() {
        _ if q.categories.is_empty() => !u.confident,
        Some(top) => u.confident && q.categories.contains(&top.code),
        None => false,
    }
}

fn place_ok(q: &Question, u: &Understood) -> bool {
    q.place == u.place.as_ref().map(|p| p.name.clone())
}

fn extras_ok(q: &Question, u: &Understood) -> bool {
    q.language == u.language && q.age == u.age && q.free == u.free_only
}

fn percent(ok: usize, all: usize) -> f64 {
    100.0 * ok as f64 / all.max(1) as f64
}

#[test]
fn questions_are_understood() {
    let questions = questions();
    assert!(questions.len() >= 60, "{} questions", questions.len());
    let (taxonomy, gazetteer) = (Taxonomy::embedded(), Gazetteer::embedded());
    // lang → (questions, categories right, places right, language/age/free right)
    let mut table: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    let mut misses = Vec::new();
    for q in &questions {
        assert!(taxonomy
            .categories()
            .iter()
            .any(|c| q.categories.iter().all(|e| e != &c.code) || true));
        for code in &q.categories {
            assert!(taxonomy.is_category(code), "unknown category {code} in questions.tsv");
        }
        let u = understand(&q.text, taxonomy, gazetteer);
        let checks = [category_ok(q, &u), place_ok(q, &u), extras_ok(q, &u)];
        let row = table.entry(q.lang.clone()).or_default();
        row[0] += 1;
        for (k, ok) in checks.iter().enumerate() {
            row[k + 1] += usize::from(*ok);
        }
        if checks.contains(&false) {
            let top: Vec<String> = u
                .categories
                .iter()
                .take(3)
                .map(|c| format!("{} {:.2}", c.code, c.confidence))
                .collect();
            misses.push(format!(
                "[{}] {:?}\n    expected {:?} / {:?} / {:?} {:?} {}\n    got {:?} (confident: {}) / {:?} / {:?} {:?} {} / text {:?}",
                q.lang,
                q.text,
                q.categories,
                q.place,
                q.language,
                q.age,
                q.free,
                top,
                u.confident,
                u.place.as_ref().map(|p| &p.name),
                u.language,
                u.age,
                u.free_only,
                u.text
            ));
        }
    }
    let mut total = [0usize; 4];
    println!("lang  questions  category  place  language/age/free");
    for (lang, row) in &table {
        println!(
            "{lang:4}  {:9}  {:7.1}%  {:4.1}%  {:6.1}%",
            row[0],
            percent(row[1], row[0]),
            percent(row[2], row[0]),
            percent(row[3], row[0])
        );
        for k in 0..4 {
            total[k] += row[k];
        }
    }
    let (cat, place, extras) = (
        percent(total[1], total[0]),
        percent(total[2], total[0]),
        percent(total[3], total[0]),
    );
    println!(
        "all   {:9}  {cat:7.1}%  {place:4.1}%  {extras:6.1}%",
        total[0]
    );
    for m in &misses {
        println!("miss {m}");
    }
    for lang in ["uk", "ru", "nl", "en"] {
        let n = table.get(lang).map_or(0, |r| r[0]);
        assert!(n >= 12, "{lang}: only {n} questions");
    }
    assert!(cat >= 90.0, "category accuracy {cat:.1}%");
    assert!(place >= 90.0, "place accuracy {place:.1}%");
    assert!(extras >= 90.0, "language/age/free accuracy {extras:.1}%");
}

//! The plan text renderer (`wegwijs::matching::render::messages`): a plan
//! built from arbitrary data (any text in every field a message shows, any
//! numbers, any reasons) renders in uk, nl and en without panicking, in
//! numbered messages of at most 4,096 UTF-16 units each, with no hidden
//! direction or control characters from the data.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use wegwijs::matching::render::{is_invisible, messages, MAX_MESSAGE_CHARS};
use wegwijs::matching::{Gap, Match, NeedPlan, Plan, PlanHome, Reason};
use wegwijs::model::{Lang, Location, Resource};
use wegwijs::taxonomy::Taxonomy;
use wegwijs::understand::CategoryGuess;

#[derive(Debug, Arbitrary)]
struct FPlan {
    place: Option<String>,
    lat: f64,
    lon: f64,
    reach_km: f64,
    needs: Vec<FNeed>,
    now: i64,
}

#[derive(Debug, Arbitrary)]
struct FNeed {
    member: Option<String>,
    need: String,
    suggested: bool,
    categories: Vec<(u8, Option<String>, f64)>,
    words: String,
    matches: Vec<FMatch>,
    gap: Option<(Option<FMatch>, Option<FMatch>)>,
}

#[derive(Debug, Arbitrary)]
struct FMatch {
    template: u8,
    name: Option<String>,
    organization: Option<String>,
    description: [Option<String>; 3],
    phone: Option<String>,
    email: Option<String>,
    website: Option<String>,
    telegram: Option<String>,
    whatsapp: Option<String>,
    opening_hours: Option<String>,
    address: Option<Option<String>>,
    online: bool,
    score: f64,
    distance_km: Option<f64>,
    reasons: Vec<FReason>,
}

#[derive(Debug, Arbitrary)]
enum FReason {
    Distance(f64),
    Online,
    National,
    Speaks(String, bool),
    Interpreter,
    LanguagesUnknown,
    Free,
    Reduced(Option<f64>),
    Paid(Option<f64>),
    CostUnknown,
    Ages(Option<u8>, Option<u8>),
    Verified(i64),
    Stale(i64),
    Accepting,
    WaitingList,
    Full,
    ResidentsOnly(Vec<String>),
    BsnRequired,
    StatusUnknown,
    Interest(String),
}

fn templates() -> &'static [Resource] {
    static T: OnceLock<Vec<Resource>> = OnceLock::new();
    T.get_or_init(|| wegwijs::seed::real_resources().expect("seed records parse"))
}

fn reason(r: FReason) -> Reason {
    match r {
        FReason::Distance(km) => Reason::Distance { km },
        FReason::Online => Reason::Online,
        FReason::National => Reason::National,
        FReason::Speaks(language, own) => Reason::Speaks { language, own },
        FReason::Interpreter => Reason::Interpreter,
        FReason::LanguagesUnknown => Reason::LanguagesUnknown,
        FReason::Free => Reason::Free,
        FReason::Reduced(amount) => Reason::Reduced { amount },
        FReason::Paid(amount) => Reason::Paid { amount },
        FReason::CostUnknown => Reason::CostUnknown,
        FReason::Ages(min, max) => Reason::Ages { min, max },
        FReason::Verified(days) => Reason::Verified { days },
        FReason::Stale(days) => Reason::Stale { days },
        FReason::Accepting => Reason::Accepting,
        FReason::WaitingList => Reason::WaitingList,
        FReason::Full => Reason::Full,
        FReason::ResidentsOnly(municipalities) => Reason::ResidentsOnly { municipalities },
        FReason::BsnRequired => Reason::BsnRequired,
        FReason::StatusUnknown => Reason::StatusUnknown,
        FReason::Interest(word) => Reason::Interest { word },
    }
}

fn resource(m: &mut FMatch) -> Resource {
    let t = templates();
    let mut r = t[m.template as usize % t.len()].clone();
    if let Some(v) = m.name.take() {
        r.name = v;
    }
    if let Some(v) = m.organization.take() {
        r.organization.name = v;
    }
    let [uk, nl, en] = std::mem::take(&mut m.description);
    r.description.uk = uk.or(r.description.uk);
    r.description.nl = nl.or(r.description.nl);
    r.description.en = en.or(r.description.en);
    r.contact.phone = m.phone.take().or(r.contact.phone);
    r.contact.email = m.email.take().or(r.contact.email);
    r.contact.website = m.website.take().or(r.contact.website);
    r.contact.telegram = m.telegram.take().or(r.contact.telegram);
    r.contact.whatsapp = m.whatsapp.take().or(r.contact.whatsapp);
    r.opening_hours = m.opening_hours.take().or(r.opening_hours);
    if m.online {
        r.location = Location::Online;
    } else if let (Location::Place { address, .. }, Some(new)) = (&mut r.location, m.address.take())
    {
        *address = new;
    }
    r
}

fn to_match(mut m: FMatch) -> Match {
    Match {
        resource: resource(&mut m),
        score: m.score,
        distance_km: m.distance_km,
        reasons: m.reasons.into_iter().map(reason).collect(),
    }
}

fn plan(p: FPlan, taxonomy: &Taxonomy) -> Plan {
    let codes = taxonomy.categories();
    Plan {
        home: PlanHome {
            place: p.place,
            lat: p.lat,
            lon: p.lon,
        },
        reach_km: p.reach_km,
        needs: p
            .needs
            .into_iter()
            .map(|n| NeedPlan {
                member: n.member,
                need: n.need,
                suggested: n.suggested,
                categories: n
                    .categories
                    .into_iter()
                    .map(|(i, code, confidence)| CategoryGuess {
                        code: code.unwrap_or_else(|| codes[i as usize % codes.len()].code.clone()),
                        confidence,
                        matched: Vec::new(),
                    })
                    .collect(),
                words: n.words,
                matches: n.matches.into_iter().map(to_match).collect(),
                gap: n.gap.map(|(nearest, online)| Gap {
                    nearest_beyond_reach: nearest.map(|m| Box::new(to_match(m))),
                    online_alternative: online.map(|m| Box::new(to_match(m))),
                }),
            })
            .collect(),
    }
}

fuzz_target!(|input: FPlan| {
    let taxonomy = Taxonomy::embedded();
    let now = input.now;
    let plan = plan(input, taxonomy);
    for lang in [Lang::Uk, Lang::Nl, Lang::En] {
        let texts = messages(&plan, lang, taxonomy, now);
        assert!(!texts.is_empty());
        for text in &texts {
            let units = text.encode_utf16().count();
            assert!(units <= MAX_MESSAGE_CHARS, "a message of {units} units");
            assert!(
                !text
                    .chars()
                    .any(|c| is_invisible(c) || (c.is_control() && c != '\n')),
                "a hidden character reached a message: {text:?}"
            );
        }
    }
});

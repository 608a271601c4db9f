//! The matcher: needs → candidates from the index → hard rules → soft score →
//! ranked, diverse matches and gaps.

use std::collections::HashMap;

use super::rules::{self, distance_factor, NeedOwner};
use super::{Gap, Household, Match, Member, NeedPlan, Plan, PlanHome, Reason};
use crate::geo::Coordinate;
use crate::index::{IndexQuery, SortOrder};
use crate::model::{FieldError, PublicationStatus, Resource, RuleFacts};
use crate::search::{SearchContext, SearchError};
use crate::text::{analyze, organization_key, query_words};
use crate::understand::{understand, CategoryGuess, CONFIDENT};

/// At most this many results from one organisation per need.
pub const MAX_PER_ORGANISATION: usize = 2;

/// The categories a mental-support suggestion searches.
pub const MENTAL_SUPPORT: [&str; 4] = [
    "health.mental_support",
    "health.peer_support",
    "health.online_mental_support",
    "health.creative_therapy",
];

/// The most candidates one need reads from the index. Far above any real
/// category's count within reach; it bounds the work of one request.
const MAX_CANDIDATES: usize = 50_000;

/// Candidates read from the index between two looks at whether a walk
/// may end.
const READ_SLICE: usize = 32;

/// A need ready to match.
struct Need<'h> {
    member: Option<&'h Member>,
    text: String,
    suggested: bool,
    categories: Vec<CategoryGuess>,
    ordinals: Vec<u64>,
    /// Words that must occur (a free-text need no category was found for).
    required_words: Vec<Vec<String>>,
    /// Words that raise relevance: (as given, variants of each of its words).
    relevance: Vec<(String, Vec<Vec<String>>)>,
    /// The need's own words ask for free help.
    free_only: bool,
}

/// Matches `household` at time `now` (Unix seconds).
pub fn match_household(
    ctx: SearchContext<'_>,
    household: &Household,
    now: i64,
) -> Result<Plan, SearchError> {
    plan(ctx, household, now, true)
}

/// [`match_household`] reading every candidate within reach, with no early
/// end to the walk: the reference the early end is tested against.
#[doc(hidden)]
pub fn match_household_reading_every_candidate(
    ctx: SearchContext<'_>,
    household: &Household,
    now: i64,
) -> Result<Plan, SearchError> {
    plan(ctx, household, now, false)
}

fn plan(
    ctx: SearchContext<'_>,
    household: &Household,
    now: i64,
    may_end_early: bool,
) -> Result<Plan, SearchError> {
    household.validate().map_err(SearchError::Invalid)?;
    let (home, place) = resolve_home(ctx, household)?;
    let reach = household.reach();
    let needs = needs(ctx, household);
    let out = each_in_parallel(&needs, |need| {
        match_need(ctx, household, home, reach, need, now, may_end_early)
    })?;
    Ok(Plan {
        home: PlanHome {
            place,
            lat: home.lat(),
            lon: home.lon(),
        },
        reach_km: reach,
        needs: out,
    })
}

/// Most threads one household's needs are matched on.
const MAX_NEED_THREADS: usize = 4;

/// `f` of every need, in order. A household is many independent queries
/// over the same data (PERFORMANCE.md, lesson 6): on a machine with more
/// than one core its needs are shared out over threads (each takes the
/// next need not yet taken), so one household's answer takes about the
/// time of its needs divided by the cores. The first error, in need order,
/// is returned.
fn each_in_parallel<N: Sync, T: Send>(
    needs: &[N],
    f: impl Fn(&N) -> Result<T, SearchError> + Sync,
) -> Result<Vec<T>, SearchError> {
    let threads = crate::cores().min(MAX_NEED_THREADS).min(needs.len());
    if threads <= 1 {
        return needs.iter().map(&f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(need) = needs.get(i) else {
                return done;
            };
            done.push((i, f(need)));
        }
    };
    let mut results: Vec<(usize, Result<T, SearchError>)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for helper in helpers {
            // A need that panicked is a bug; let it surface as the panic it is.
            all.extend(
                helper
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            );
        }
        all
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

fn resolve_home(
    ctx: SearchContext<'_>,
    household: &Household,
) -> Result<(Coordinate, Option<String>), SearchError> {
    let h = &household.home;
    if let (Some(lat), Some(lon)) = (h.lat, h.lon) {
        let c = Coordinate::new(lat, lon)
            .map_err(|e| SearchError::Invalid(vec![FieldError::new("home", e.to_string())]))?;
        return Ok((c, None));
    }
    let name = h.place.as_deref().unwrap_or_default();
    match ctx.gazetteer.resolve(name) {
        Some(p) => Ok((p.coordinate, Some(p.name.clone()))),
        None => Err(SearchError::Invalid(vec![FieldError::new(
            "home.place",
            format!(
                "unknown place '{}'",
                name.chars().take(60).collect::<String>()
            ),
        )])),
    }
}

/// Every need: the household's, each member's, then wellbeing suggestions.
fn needs<'h>(ctx: SearchContext<'_>, household: &'h Household) -> Vec<Need<'h>> {
    let mut out = Vec::new();
    for n in &household.needs {
        out.push(need(ctx, None, n, false));
    }
    for m in &household.members {
        for n in &m.needs {
            out.push(need(ctx, Some(m), n, false));
        }
    }
    if household.suggest_wellbeing {
        let ordinals = |codes: &[&str]| -> Vec<u64> {
            codes
                .iter()
                .filter_map(|c| ctx.taxonomy.ordinal(c))
                .collect()
        };
        // A household-level need covers every member; a member's covers them.
        let asked_in = |wanted: &[u64], owner: Option<&Member>| {
            out.iter().any(|n: &Need| {
                let same = match (n.member, owner) {
                    (None, _) => true,
                    (Some(a), Some(b)) => std::ptr::eq(a, b),
                    (Some(_), None) => false,
                };
                same && n.ordinals.iter().any(|o| wanted.contains(o))
            })
        };
        let leisure = ordinals(&ctx.taxonomy.expand("leisure").unwrap_or_default());
        let mut suggestions = Vec::new();
        let with_interests: Vec<&Member> = household
            .members
            .iter()
            .filter(|m| !m.interests.is_empty())
            .collect();
        if with_interests.is_empty() {
            if !asked_in(&leisure, None) {
                suggestions.push(need(ctx, None, "leisure", true));
            }
        } else {
            for m in with_interests {
                if !asked_in(&leisure, Some(m)) {
                    suggestions.push(need(ctx, Some(m), "leisure", true));
                }
            }
        }
        let mental = ordinals(&MENTAL_SUPPORT);
        if !out
            .iter()
            .any(|n| n.ordinals.iter().any(|o| mental.contains(o)))
        {
            let mut n = need(ctx, None, "health.mental_support", true);
            n.categories = MENTAL_SUPPORT
                .iter()
                .map(|c| CategoryGuess {
                    code: c.to_string(),
                    confidence: 1.0,
                    matched: Vec::new(),
                })
                .collect();
            n.ordinals = mental;
            suggestions.push(n);
        }
        out.extend(suggestions);
    }
    out
}

/// Resolves one need: a taxonomy code or indicator, else free text.
fn need<'h>(
    ctx: SearchContext<'_>,
    member: Option<&'h Member>,
    text: &str,
    suggested: bool,
) -> Need<'h> {
    let text = text.trim();
    let mut relevance: Vec<(String, Vec<Vec<String>>)> = member
        .map(|m| {
            m.interests
                .iter()
                .map(|i| (i.clone(), query_words(i)))
                .filter(|(_, w)| !w.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let mut free_only = false;
    let (categories, required_words) = match ctx.taxonomy.expand(text) {
        Some(_) => (
            vec![CategoryGuess {
                code: text.to_string(),
                confidence: 1.0,
                matched: Vec::new(),
            }],
            Vec::new(),
        ),
        None => {
            let u = understand(text, ctx.taxonomy, ctx.gazetteer);
            free_only = u.free_only;
            let confident: Vec<CategoryGuess> = u
                .categories
                .into_iter()
                .filter(|c| c.confidence >= CONFIDENT)
                .take(3)
                .collect();
            if confident.is_empty() {
                // Nothing recognised: search the words themselves.
                (
                    Vec::new(),
                    query_words(&u.text).into_iter().take(8).collect(),
                )
            } else {
                for w in u.text.split_whitespace() {
                    let variants = query_words(w);
                    if !variants.is_empty() {
                        relevance.push((w.to_string(), variants));
                    }
                }
                (confident, Vec::new())
            }
        }
    };
    let mut ordinals: Vec<u64> = categories
        .iter()
        .filter_map(|c| ctx.taxonomy.expand(&c.code))
        .flatten()
        .filter_map(|c| ctx.taxonomy.ordinal(c))
        .collect();
    ordinals.sort_unstable();
    ordinals.dedup();
    Need {
        member,
        text: text.to_string(),
        suggested,
        categories,
        ordinals,
        required_words,
        relevance,
        free_only,
    }
}

/// Whether a need has anything to search for.
fn searchable(need: &Need) -> bool {
    !need.ordinals.is_empty() || !need.required_words.is_empty()
}

fn match_need(
    ctx: SearchContext<'_>,
    household: &Household,
    home: Coordinate,
    reach: f64,
    need: &Need,
    now: i64,
    may_end_early: bool,
) -> Result<NeedPlan, SearchError> {
    let owner = NeedOwner {
        age: need.member.and_then(|m| m.age),
        free_only: need.free_only,
    };
    let mut scored: Vec<Scored> = Vec::new();
    if searchable(need) {
        let query = index_query(household, need, owner, home, Some(reach), true, now);
        // Nearest first, no later candidate can score above the distance
        // factor of the last one read (the other factors are at most 1):
        // once every match of the plan beats that, the walk ends.
        let nearest_first = may_end_early && query.order == SortOrder::Distance;
        let mut on_page = |page: Vec<Candidate>| -> Result<bool, SearchError> {
            let last = page.last().map(|c| c.distance_km);
            for c in page {
                let within = c.distance_km.is_some_and(|d| d <= reach);
                if !within && !c.facts.is_remote() {
                    continue;
                }
                let Ok(eligible) = rules::check_facts(&c.facts, household, owner, now) else {
                    continue;
                };
                // Relevance reads the texts: only the record has them.
                let mut resource = c.resource;
                if !need.relevance.is_empty() && resource.is_none() {
                    resource = ctx.index.record_of(c.key)?;
                }
                let relevance = match &resource {
                    Some(r) => relevance(r, need).0,
                    None if need.relevance.is_empty() => 1.0,
                    None => continue,
                };
                let distance_km = if within { c.distance_km } else { None };
                scored.push(Scored {
                    score: score(eligible.factor, distance_km, reach, relevance),
                    key: c.key,
                    organization: c.organization,
                    distance_km,
                    resource,
                });
            }
            Ok(nearest_first
                && last
                    .is_some_and(|d| settled(&mut scored, household.max_per_need, bound(d, reach))))
        };
        walk(ctx, query, nearest_first, &mut on_page)?;
    }
    scored.sort_by(by_score);
    let in_reach = scored.iter().any(|m| m.distance_km.is_some());
    let online_alternative = match scored.iter().find(|m| m.distance_km.is_none()) {
        Some(s) => shown(ctx, s.clone(), household, owner, reach, need, now)?.map(Box::new),
        None => None,
    };
    let mut matches = Vec::new();
    for s in diverse(scored, household.max_per_need) {
        matches.extend(shown(ctx, s, household, owner, reach, need, now)?);
    }
    let gap = if in_reach {
        None
    } else {
        let nearest = if searchable(need) {
            nearest_beyond_reach(ctx, household, need, owner, home, reach, now)?
        } else {
            None
        };
        Some(Gap {
            nearest_beyond_reach: nearest.map(Box::new),
            online_alternative,
        })
    };
    Ok(NeedPlan {
        member: need.member.map(|m| m.label.clone()),
        need: need.text.clone(),
        suggested: need.suggested,
        categories: need.categories.clone(),
        words: need
            .relevance
            .iter()
            .map(|(w, _)| w.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        matches,
        gap,
    })
}

fn index_query(
    household: &Household,
    need: &Need,
    owner: NeedOwner,
    home: Coordinate,
    radius_km: Option<f64>,
    include_remote: bool,
    now: i64,
) -> IndexQuery {
    IndexQuery {
        words: need.required_words.clone(),
        categories: need.ordinals.clone(),
        // Languages, legal status, BSN, residency and the rest are hard rules
        // checked on the full record; the index only applies filters that are
        // exactly those rules, so it never drops an eligible resource.
        languages: Vec::new(),
        exclude_languages: Vec::new(),
        free_only: household.budget == super::Budget::Free || owner.free_only,
        age: owner.age,
        include_remote,
        status: Some(PublicationStatus::Published),
        point: Some(home),
        radius_km,
        order: if need.required_words.is_empty() {
            SortOrder::Distance
        } else {
            SortOrder::Relevance
        },
        limit: 512,
        skip: 0,
        records: false,
        facts: true,
        facets: false,
        now,
    }
}

/// A candidate from the index: its store key, what the rules read of it,
/// and its record when that had to be read already. (Its id is looked up
/// only when its record is to be read: see [`record`].)
struct Candidate {
    key: u64,
    organization: u64,
    distance_km: Option<f64>,
    /// [Complete](RuleFacts::complete) facts.
    facts: RuleFacts,
    resource: Option<Resource>,
}

/// A candidate judged eligible, with its score; its record is read only
/// when it is to be shown (see [`shown`]), unless scoring needed it.
#[derive(Clone)]
struct Scored {
    key: u64,
    organization: u64,
    score: f64,
    distance_km: Option<f64>,
    resource: Option<Resource>,
}

/// A test that ends the walk through candidates at the first it holds for.
type StopAt<'a> = dyn Fn(&Candidate) -> bool + 'a;

/// The first hit of `query`, in order, for which `stop_after` holds
/// (fetching more pages as needed).
fn candidates(
    ctx: SearchContext<'_>,
    query: IndexQuery,
    stop_after: &StopAt<'_>,
) -> Result<Option<Candidate>, SearchError> {
    let mut found = None;
    walk(ctx, query, true, &mut |page| {
        found = page.into_iter().find(|c| stop_after(c));
        Ok(found.is_some())
    })?;
    Ok(found)
}

/// Goes through the hits of `query` in order, [`READ_SLICE`] at a time,
/// until `on_page` says to stop (`true`) or every hit is seen (at most
/// [`MAX_CANDIDATES`]). A hit is judged by the facts the index keeps; only
/// one whose facts do not suffice (limited to residents of some
/// municipalities) has its record read here. The index is asked for a
/// page of hits at a time; pages grow fourfold when `grow`, otherwise the
/// second is the rest.
fn walk(
    ctx: SearchContext<'_>,
    mut query: IndexQuery,
    grow: bool,
    on_page: &mut dyn FnMut(Vec<Candidate>) -> Result<bool, SearchError>,
) -> Result<(), SearchError> {
    query.facts = true;
    loop {
        let found = ctx.index.search(&query)?;
        let seen = query.skip + found.hits.len();
        for slice in found.hits.chunks(READ_SLICE) {
            let mut page = Vec::with_capacity(slice.len());
            for h in slice {
                match h.facts.as_ref().filter(|f| f.complete()) {
                    Some(facts) => page.push(Candidate {
                        key: h.key,
                        organization: h.organization,
                        distance_km: h.distance_km,
                        facts: facts.clone(),
                        resource: None,
                    }),
                    None => {
                        if let Some(r) = ctx.index.record_of(h.key)? {
                            page.push(Candidate {
                                key: h.key,
                                organization: organization_key(&r.organization.name),
                                distance_km: h.distance_km,
                                facts: RuleFacts::of(&r),
                                resource: Some(r),
                            });
                        }
                    }
                }
            }
            if on_page(page)? {
                return Ok(());
            }
        }
        if seen >= found.total || query.limit >= MAX_CANDIDATES {
            return Ok(());
        }
        query.skip = seen;
        query.limit = if grow {
            (query.limit * 4).min(MAX_CANDIDATES)
        } else {
            found.total.min(MAX_CANDIDATES)
        };
    }
}

/// The match to show for `s`: its whole record read (unless read already)
/// and judged again by it, so every rule holds of what is shown, those the
/// index's facts leave out (residents of some municipalities) too. `None`
/// when the index no longer has it.
fn shown(
    ctx: SearchContext<'_>,
    s: Scored,
    household: &Household,
    owner: NeedOwner,
    reach: f64,
    need: &Need,
    now: i64,
) -> Result<Option<Match>, SearchError> {
    let resource = match s.resource {
        Some(r) => r,
        None => match ctx.index.record_of(s.key)? {
            Some(r) => r,
            None => return Ok(None),
        },
    };
    Ok(rules::check(&resource, household, owner, now)
        .ok()
        .map(|e| scored_match(resource, s.distance_km, reach, e, need)))
}

/// The highest score a candidate read after one at `distance_km` can have,
/// in distance order: the distance factor (its other factors are at most
/// 1), or that of a resource offered beyond reach, whichever is higher.
/// (The order breaks ties by freshness, up to 10⁻⁶ km; hence the margin.)
fn bound(distance_km: Option<f64>, reach: f64) -> f64 {
    let beyond = distance_factor(None, reach);
    match distance_km {
        Some(d) if d <= reach => distance_factor(Some((d - 1e-6).max(0.0)), reach).max(beyond),
        _ => beyond,
    }
}

/// Whether the best `n` of `scored` (as [`diverse`] picks them) are `n`
/// and all score above `bound`: then no candidate scoring at most `bound`
/// can change them. Sorts `scored` best first.
fn settled(scored: &mut [Scored], n: usize, bound: f64) -> bool {
    if n == 0 {
        return false;
    }
    scored.sort_by(by_score);
    let picks = diverse_picks(scored, n);
    // Best first: the last pick is the lowest.
    picks.len() == n && picks.last().is_some_and(|&i| scored[i].score > bound)
}

/// Best first: higher score, then store key (as the index orders ties).
fn by_score(a: &Scored, b: &Scored) -> std::cmp::Ordering {
    b.score.total_cmp(&a.score).then_with(|| a.key.cmp(&b.key))
}

/// The nearest eligible resource with a place, beyond reach.
fn nearest_beyond_reach(
    ctx: SearchContext<'_>,
    household: &Household,
    need: &Need,
    owner: NeedOwner,
    home: Coordinate,
    reach: f64,
    now: i64,
) -> Result<Option<Match>, SearchError> {
    let mut query = index_query(household, need, owner, home, None, false, now);
    query.order = SortOrder::Distance;
    query.limit = 64;
    let eligible = |c: &Candidate| {
        c.distance_km.is_some_and(|d| d > reach)
            && rules::check_facts(&c.facts, household, owner, now).is_ok()
    };
    let Some(found) = candidates(ctx, query, &eligible)? else {
        return Ok(None);
    };
    let km = found.distance_km.unwrap_or_default();
    let s = Scored {
        key: found.key,
        organization: found.organization,
        score: 0.0,
        distance_km: found.distance_km,
        resource: found.resource,
    };
    Ok(
        shown(ctx, s, household, owner, reach, need, now)?.map(|mut m| {
            m.reasons.insert(0, Reason::Distance { km });
            m.reasons.dedup();
            m
        }),
    )
}

/// The score of an eligible candidate: its rules' factor, its distance
/// factor (online and national services as [`distance_factor`] weighs
/// them) and its relevance.
fn score(factor: f64, distance_km: Option<f64>, reach: f64, relevance: f64) -> f64 {
    factor * distance_factor(distance_km.filter(|&d| d <= reach), reach) * relevance
}

fn scored_match(
    resource: Resource,
    distance_km: Option<f64>,
    reach: f64,
    eligible: rules::Eligible,
    need: &Need,
) -> Match {
    let mut reasons = Vec::with_capacity(eligible.reasons.len() + 2);
    match distance_km {
        Some(km) if km <= reach => reasons.push(Reason::Distance { km }),
        Some(_) => {}
        None if matches!(resource.location, crate::model::Location::Online) => {
            reasons.push(Reason::Online)
        }
        None => reasons.push(Reason::National),
    }
    let (relevance, matched) = relevance(&resource, need);
    reasons.extend(matched.into_iter().map(|word| Reason::Interest { word }));
    reasons.extend(eligible.reasons);
    Match {
        score: score(eligible.factor, distance_km, reach, relevance),
        resource,
        distance_km,
        reasons,
    }
}

/// The relevance factor in [0.75, 1] and the relevance words found in the
/// resource's name, description or categories' words.
fn relevance(resource: &Resource, need: &Need) -> (f64, Vec<String>) {
    if need.relevance.is_empty() {
        return (1.0, Vec::new());
    }
    let mut terms: Vec<String> = Vec::new();
    let mut add = |text: &str| {
        for w in analyze(text) {
            terms.extend(w.variants);
        }
    };
    add(&resource.name);
    for (_, t) in resource.description.iter() {
        add(t);
    }
    terms.sort_unstable();
    terms.dedup();
    let matched: Vec<String> = need
        .relevance
        .iter()
        .filter(|(_, words)| {
            words
                .iter()
                .all(|variants| variants.iter().any(|v| terms.binary_search(v).is_ok()))
        })
        .map(|(w, _)| w.clone())
        .collect();
    let share = matched.len() as f64 / need.relevance.len() as f64;
    (0.75 + 0.25 * share, matched)
}

/// Keeps the best `n`, at most [`MAX_PER_ORGANISATION`] from one organisation.
fn diverse(ranked: Vec<Scored>, n: usize) -> Vec<Scored> {
    let picks = diverse_picks(&ranked, n);
    ranked
        .into_iter()
        .enumerate()
        .filter(|(i, _)| picks.binary_search(i).is_ok())
        .map(|(_, m)| m)
        .collect()
}

/// The positions, ascending, of what [`diverse`] keeps of `ranked`.
/// Organisations are told apart by [`organization_key`].
fn diverse_picks(ranked: &[Scored], n: usize) -> Vec<usize> {
    let mut per_org: HashMap<u64, usize> = HashMap::new();
    let mut picks = Vec::with_capacity(n);
    for (i, m) in ranked.iter().enumerate() {
        if picks.len() == n {
            break;
        }
        let count = per_org.entry(m.organization).or_default();
        if *count < MAX_PER_ORGANISATION {
            *count += 1;
            picks.push(i);
        }
    }
    picks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_matched_in_parallel_come_back_in_order_with_the_first_error() {
        let needs: Vec<usize> = (0..23).collect();
        let slow_square = |n: &usize| -> Result<usize, SearchError> {
            // Uneven work, so threads finish needs out of order.
            std::thread::sleep(std::time::Duration::from_micros(((23 - n) * 50) as u64));
            Ok(n * n)
        };
        let squares = each_in_parallel(&needs, slow_square).unwrap();
        assert_eq!(squares, needs.iter().map(|n| n * n).collect::<Vec<_>>());

        let failing = |n: &usize| -> Result<usize, SearchError> {
            if *n == 7 || *n == 15 {
                Err(SearchError::Invalid(vec![FieldError::new(
                    "need",
                    format!("bad {n}"),
                )]))
            } else {
                Ok(*n)
            }
        };
        match each_in_parallel(&needs, failing) {
            Err(SearchError::Invalid(errors)) => assert!(errors[0].message.contains("bad 7")),
            other => panic!(
                "expected the error of need 7, got {:?}",
                other.map(|v| v.len())
            ),
        }
        assert!(each_in_parallel(&Vec::<usize>::new(), slow_square)
            .unwrap()
            .is_empty());
    }
}

//! The hard rules (eligibility) and the soft score of one resource for one
//! need of one household.
//!
//! [`check`] is the single place the hard rules live: the matcher applies it
//! to every candidate, and the property tests apply it to every resource in a
//! brute-force scan, so both can only agree.

use super::profile::{Budget, Household, LanguageLevel, LOW_COST_MAX_EUR};
use super::Reason;
use crate::model::{
    AvailabilityStatus, CostKind, LegalStatus, PublicationStatus, Resource, RuleFacts,
    STALE_AFTER_DAYS,
};
use crate::text::fold_key;

/// A resource unconfirmed for longer than this is left out of plans (it
/// stays findable in search, marked stale).
pub const HIDDEN_FROM_PLANS_AFTER_DAYS: i64 = 365;

/// Why a resource is not eligible. The first rule that fails is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusion {
    /// Not published (a draft, pending, or archived).
    NotPublished,
    /// Temporarily closed.
    Closed,
    /// Not confirmed by a person for over [`HIDDEN_FROM_PLANS_AFTER_DAYS`].
    Unverified,
    /// Offered only in languages the household does not speak or avoids,
    /// with no interpreter.
    Language,
    /// The member's age is outside the range served.
    Age,
    /// The household's legal status is not accepted.
    LegalStatus,
    /// A BSN is required and the household has none.
    Bsn,
    /// Only for residents of municipalities the household is not registered in.
    Residency,
    /// Costs more than the budget allows.
    Cost,
}

/// What the rules need to know of one need beyond the household: whose it
/// is and what its own words ask.
#[derive(Debug, Clone, Copy, Default)]
pub struct NeedOwner {
    /// The member's age, if the need is a member's and the age is known.
    pub age: Option<u8>,
    /// The need's text asks for free help ("безкоштовна …"): for this need
    /// the budget is free only, whatever the household's budget.
    pub free_only: bool,
}

/// An eligible resource's reasons (caveats included) and its soft score
/// factor before distance and relevance.
#[derive(Debug, Clone, PartialEq)]
pub struct Eligible {
    /// Reasons, in display order.
    pub reasons: Vec<Reason>,
    /// Product of the language, freshness, availability and cost factors, in (0, 1].
    pub factor: f64,
}

/// Days between Unix seconds `t` and `now`, at least 0.
fn days_since(t: i64, now: i64) -> i64 {
    ((now - t) / 86_400).max(0)
}

/// Days since a person last confirmed the resource (since creation if never).
pub fn days_unverified(resource: &Resource, now: i64) -> i64 {
    let p = &resource.provenance;
    days_since(p.verified_at.unwrap_or(p.created_at).timestamp(), now)
}

/// Applies every hard rule; on success gives the reasons and the soft factor.
pub fn check(
    resource: &Resource,
    household: &Household,
    owner: NeedOwner,
    now: i64,
) -> Result<Eligible, Exclusion> {
    check_facts(&RuleFacts::of(resource), household, owner, now)
}

/// [`check`] on the facts of a resource, which must be
/// [complete](RuleFacts::complete): the rules read nothing else, so the
/// matcher can judge a candidate by the facts the index keeps.
pub fn check_facts(
    facts: &RuleFacts,
    household: &Household,
    owner: NeedOwner,
    now: i64,
) -> Result<Eligible, Exclusion> {
    debug_assert!(facts.complete(), "the residents' list is missing");
    let mut reasons = Vec::new();
    let mut factor = 1.0;

    if facts.status != PublicationStatus::Published {
        return Err(Exclusion::NotPublished);
    }
    let availability = facts.availability;
    if availability == Some(AvailabilityStatus::TemporarilyClosed) {
        return Err(Exclusion::Closed);
    }
    let unverified = days_since(facts.verified_at.unwrap_or(facts.created_at), now);
    if unverified > HIDDEN_FROM_PLANS_AFTER_DAYS {
        return Err(Exclusion::Unverified);
    }

    factor *= language(facts, household, &mut reasons)?;

    if let Some(age) = owner.age {
        if !facts.accepts_age(age) {
            return Err(Exclusion::Age);
        }
    }
    if facts.min_age.is_some() || facts.max_age.is_some() {
        reasons.push(Reason::Ages {
            min: facts.min_age,
            max: facts.max_age,
        });
    }

    if let Some(status) = household.legal_status {
        let accepted = &facts.legal_statuses;
        if accepted.is_empty() {
            // Unknown: not a reason to exclude, but worth checking for
            // those whose access is often refused.
            if !matches!(
                status,
                super::HouseholdStatus::TemporaryProtection | super::HouseholdStatus::EuCitizen
            ) {
                reasons.push(Reason::StatusUnknown);
            }
        } else if !accepted.contains(&LegalStatus::Anyone)
            && !status.legal_status().is_some_and(|s| accepted.contains(&s))
        {
            return Err(Exclusion::LegalStatus);
        }
    }

    if facts.bsn_required {
        match household.has_bsn {
            Some(false) => return Err(Exclusion::Bsn),
            None => reasons.push(Reason::BsnRequired),
            Some(true) => {}
        }
    }

    if facts.residents_limited {
        match &household.registered_municipality {
            Some(m) => {
                let key = fold_key(m);
                if !facts.residents_only.iter().any(|r| fold_key(r) == key) {
                    return Err(Exclusion::Residency);
                }
            }
            None => reasons.push(Reason::ResidentsOnly {
                municipalities: facts.residents_only.clone(),
            }),
        }
    }

    let budget = if owner.free_only {
        Budget::Free
    } else {
        household.budget
    };
    factor *= cost(facts.cost, budget, &mut reasons)?;

    match availability {
        Some(AvailabilityStatus::Accepting) => reasons.push(Reason::Accepting),
        Some(AvailabilityStatus::WaitingList) => {
            reasons.push(Reason::WaitingList);
            factor *= 0.7;
        }
        Some(AvailabilityStatus::Full) => {
            reasons.push(Reason::Full);
            factor *= 0.3;
        }
        Some(AvailabilityStatus::TemporarilyClosed) | None => {}
    }

    if unverified > STALE_AFTER_DAYS {
        reasons.push(Reason::Stale { days: unverified });
        factor *= 0.6;
    } else {
        if facts.verified_at.is_some() {
            reasons.push(Reason::Verified { days: unverified });
        }
        if unverified > 90 {
            factor *= 0.9;
        }
    }

    Ok(Eligible { reasons, factor })
}

/// The language rule and factor: own language above a shared second
/// language above an interpreter.
fn language(
    resource: &RuleFacts,
    household: &Household,
    reasons: &mut Vec<Reason>,
) -> Result<f64, Exclusion> {
    if resource.languages.is_empty() {
        reasons.push(Reason::LanguagesUnknown);
        return Ok(0.5);
    }
    let avoided = |code: &str| household.avoid_languages.iter().any(|a| a == code);
    let usable: Vec<&String> = resource.languages.iter().filter(|l| !avoided(l)).collect();
    if household.languages.is_empty() {
        // Nothing said about what they speak: only the avoid list applies.
        if usable.is_empty() && !resource.interpreter_available {
            return Err(Exclusion::Language);
        }
        return Ok(0.7);
    }
    let best = household
        .languages
        .iter()
        .enumerate()
        .filter(|(_, l)| usable.iter().any(|u| u.as_str() == l.code()))
        .map(|(i, l)| {
            let own = i == 0 || l.level() == LanguageLevel::Native;
            let f: f64 = match (own, l.level()) {
                (true, _) => 1.0,
                (false, LanguageLevel::Basic) => 0.6,
                (false, _) => 0.8,
            };
            (f, own, l.code().to_string())
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((f, own, language)) => {
            reasons.push(Reason::Speaks { language, own });
            Ok(f)
        }
        None if resource.interpreter_available => {
            reasons.push(Reason::Interpreter);
            Ok(0.55)
        }
        None => Err(Exclusion::Language),
    }
}

/// The budget rule and factor.
fn cost(
    stated: Option<(CostKind, Option<f64>)>,
    budget: Budget,
    reasons: &mut Vec<Reason>,
) -> Result<f64, Exclusion> {
    let Some((kind, amount)) = stated else {
        if budget == Budget::Free {
            return Err(Exclusion::Cost);
        }
        reasons.push(Reason::CostUnknown);
        return Ok(0.9);
    };
    match kind {
        CostKind::Free => {
            reasons.push(Reason::Free);
            Ok(1.0)
        }
        _ if budget == Budget::Free => Err(Exclusion::Cost),
        CostKind::Reduced => {
            if budget == Budget::LowCost && amount.is_some_and(|a| a > LOW_COST_MAX_EUR) {
                return Err(Exclusion::Cost);
            }
            reasons.push(Reason::Reduced { amount });
            Ok(0.95)
        }
        CostKind::Paid => {
            if budget == Budget::LowCost && !amount.is_some_and(|a| a <= LOW_COST_MAX_EUR) {
                return Err(Exclusion::Cost);
            }
            reasons.push(Reason::Paid { amount });
            Ok(0.85)
        }
    }
}

/// The distance factor: 1 at home, falling linearly to 0.4 at the edge of
/// reach; online and national services weigh as if at 0.45.
pub fn distance_factor(distance_km: Option<f64>, reach_km: f64) -> f64 {
    match distance_km {
        Some(d) => 1.0 - 0.6 * (d / reach_km).clamp(0.0, 1.0),
        None => 0.45,
    }
}

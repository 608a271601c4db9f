//! What the hard rules of matching read of a resource, apart from the
//! resource: small enough for the search index to keep per document, so a
//! household match can judge thousands of candidates without reading them
//! from the store (see `matching::rules` and `index::document`).

use super::ServiceArea;
use super::{AvailabilityStatus, CostKind, LegalStatus, Location, PublicationStatus, Resource};

/// The facts of one resource that eligibility and the match score depend on.
/// [`RuleFacts::of`] takes them from a resource; [`RuleFacts::pack`] and
/// [`RuleFacts::unpack`] carry them through five numbers and the language
/// codes.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleFacts {
    /// Publication status.
    pub status: PublicationStatus,
    /// Availability, if stated.
    pub availability: Option<AvailabilityStatus>,
    /// Creation time, Unix seconds.
    pub created_at: i64,
    /// When a person last confirmed it, Unix seconds.
    pub verified_at: Option<i64>,
    /// Languages offered (codes).
    pub languages: Vec<String>,
    /// An interpreter can be arranged.
    pub interpreter_available: bool,
    /// Youngest age served.
    pub min_age: Option<u8>,
    /// Oldest age served.
    pub max_age: Option<u8>,
    /// Legal statuses accepted (none listed: unknown).
    pub legal_statuses: Vec<LegalStatus>,
    /// A BSN is required.
    pub bsn_required: bool,
    /// Only for residents of some municipalities.
    pub residents_limited: bool,
    /// Those municipalities. Empty in facts read back from the index, which
    /// keeps only [`RuleFacts::residents_limited`]: see
    /// [`RuleFacts::complete`].
    pub residents_only: Vec<String>,
    /// Cost kind and amount, if stated.
    pub cost: Option<(CostKind, Option<f64>)>,
    /// Offered online (no place).
    pub online: bool,
    /// Serves the whole country.
    pub national: bool,
}

/// [`RuleFacts`] as numbers (the language codes travel apart).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PackedFacts {
    /// Status, availability, flags, ages, cost kind and legal statuses.
    pub flags: u64,
    /// Creation time, Unix seconds.
    pub created_at: i64,
    /// Last confirmation, Unix seconds; 0 when never (see the flags).
    pub verified_at: i64,
    /// The cost amount; 0 when none (see the flags).
    pub cost_amount: f64,
}

impl PackedFacts {
    /// Whether packed `flags` say the resource was ever verified (the
    /// time is `verified_at` then).
    pub fn verified(flags: u64) -> bool {
        flags & (1 << VERIFIED) != 0
    }
}

// Bit positions in `PackedFacts::flags`.
const STATUS: u32 = 0; // 3 bits: PublicationStatus ordinal
const AVAILABILITY: u32 = 3; // 3 bits: 0 none, 1 + AvailabilityStatus
const INTERPRETER: u32 = 6;
const BSN: u32 = 7;
const RESIDENTS: u32 = 8;
const COST: u32 = 9; // 2 bits: 0 none, 1 free, 2 paid, 3 reduced
const HAS_AMOUNT: u32 = 11;
const ONLINE: u32 = 12;
const NATIONAL: u32 = 13;
const HAS_MIN_AGE: u32 = 14;
const HAS_MAX_AGE: u32 = 15;
const MIN_AGE: u32 = 16; // 8 bits
const MAX_AGE: u32 = 24; // 8 bits
const LEGAL: u32 = 32; // one bit per LegalStatus::ALL
const VERIFIED: u32 = 48;

const AVAILABILITIES: [AvailabilityStatus; 4] = [
    AvailabilityStatus::Accepting,
    AvailabilityStatus::WaitingList,
    AvailabilityStatus::Full,
    AvailabilityStatus::TemporarilyClosed,
];
const COSTS: [CostKind; 3] = [CostKind::Free, CostKind::Paid, CostKind::Reduced];

fn bit(flags: u64, at: u32) -> bool {
    flags >> at & 1 == 1
}

impl RuleFacts {
    /// The facts of `resource`.
    pub fn of(resource: &Resource) -> RuleFacts {
        let e = &resource.eligibility;
        let p = &resource.provenance;
        RuleFacts {
            status: resource.status,
            availability: resource.availability.as_ref().map(|a| a.status),
            created_at: p.created_at.timestamp(),
            verified_at: p.verified_at.map(|t| t.timestamp()),
            languages: resource.languages.clone(),
            interpreter_available: resource.interpreter_available,
            min_age: e.min_age,
            max_age: e.max_age,
            legal_statuses: e.legal_statuses.clone(),
            bsn_required: e.bsn_required,
            residents_limited: !e.residents_only.is_empty(),
            residents_only: e.residents_only.clone(),
            cost: resource.cost.as_ref().map(|c| (c.kind, c.amount)),
            online: matches!(resource.location, Location::Online),
            national: matches!(resource.service_area, Some(ServiceArea::National)),
        }
    }

    /// Whether these facts hold all a rule may read: not when they came
    /// from the index for a resource limited to residents (the list of
    /// municipalities is only in the store).
    pub fn complete(&self) -> bool {
        !self.residents_limited || !self.residents_only.is_empty()
    }

    /// Online, or serving the whole country.
    pub fn is_remote(&self) -> bool {
        self.online || self.national
    }

    /// Whether `age` fits the age range (absent bounds are open).
    pub fn accepts_age(&self, age: u8) -> bool {
        self.min_age.is_none_or(|min| age >= min) && self.max_age.is_none_or(|max| age <= max)
    }

    /// The facts as numbers; the languages and the residents' list are not
    /// in them.
    pub fn pack(&self) -> PackedFacts {
        let mut flags = self.status.ordinal() << STATUS;
        if let Some(a) = self.availability {
            let i = AVAILABILITIES.iter().position(|&x| x == a).unwrap_or(0);
            flags |= (i as u64 + 1) << AVAILABILITY;
        }
        flags |= u64::from(self.interpreter_available) << INTERPRETER;
        flags |= u64::from(self.bsn_required) << BSN;
        flags |= u64::from(self.residents_limited) << RESIDENTS;
        let mut cost_amount = 0.0;
        if let Some((kind, amount)) = self.cost {
            let i = COSTS.iter().position(|&x| x == kind).unwrap_or(0);
            flags |= (i as u64 + 1) << COST;
            if let Some(a) = amount {
                flags |= 1 << HAS_AMOUNT;
                cost_amount = a;
            }
        }
        flags |= u64::from(self.online) << ONLINE;
        flags |= u64::from(self.national) << NATIONAL;
        if let Some(min) = self.min_age {
            flags |= 1 << HAS_MIN_AGE | u64::from(min) << MIN_AGE;
        }
        if let Some(max) = self.max_age {
            flags |= 1 << HAS_MAX_AGE | u64::from(max) << MAX_AGE;
        }
        for (i, s) in LegalStatus::ALL.iter().enumerate() {
            if self.legal_statuses.contains(s) {
                flags |= 1 << (LEGAL + i as u32);
            }
        }
        if self.verified_at.is_some() {
            flags |= 1 << VERIFIED;
        }
        PackedFacts {
            flags,
            created_at: self.created_at,
            verified_at: self.verified_at.unwrap_or(0),
            cost_amount,
        }
    }

    /// The facts packed by [`RuleFacts::pack`], with the `languages` that
    /// travelled apart. The residents' list is empty (see
    /// [`RuleFacts::complete`]); the legal statuses come back in
    /// [`LegalStatus::ALL`] order, once each, which no rule tells apart.
    pub fn unpack(packed: PackedFacts, languages: Vec<String>) -> RuleFacts {
        let f = packed.flags;
        let status = PublicationStatus::ALL
            .into_iter()
            .find(|s| s.ordinal() == f >> STATUS & 0b111)
            .unwrap_or(PublicationStatus::Draft);
        let availability = match (f >> AVAILABILITY & 0b111) as usize {
            0 => None,
            i => AVAILABILITIES.get(i - 1).copied(),
        };
        let cost = match (f >> COST & 0b11) as usize {
            0 => None,
            i => Some((
                COSTS[i - 1],
                bit(f, HAS_AMOUNT).then_some(packed.cost_amount),
            )),
        };
        RuleFacts {
            status,
            availability,
            created_at: packed.created_at,
            verified_at: bit(f, VERIFIED).then_some(packed.verified_at),
            languages,
            interpreter_available: bit(f, INTERPRETER),
            min_age: bit(f, HAS_MIN_AGE).then_some((f >> MIN_AGE & 0xff) as u8),
            max_age: bit(f, HAS_MAX_AGE).then_some((f >> MAX_AGE & 0xff) as u8),
            legal_statuses: LegalStatus::ALL
                .iter()
                .enumerate()
                .filter(|&(i, _)| bit(f, LEGAL + i as u32))
                .map(|(_, &s)| s)
                .collect(),
            bsn_required: bit(f, BSN),
            residents_limited: bit(f, RESIDENTS),
            residents_only: Vec::new(),
            cost,
            online: bit(f, ONLINE),
            national: bit(f, NATIONAL),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flag_survives_packing() {
        let mut facts = RuleFacts {
            status: PublicationStatus::Archived,
            availability: Some(AvailabilityStatus::TemporarilyClosed),
            created_at: -5,
            verified_at: Some(0),
            languages: vec!["uk".into(), "nl".into()],
            interpreter_available: true,
            min_age: Some(0),
            max_age: Some(255),
            legal_statuses: vec![LegalStatus::AsylumSeeker, LegalStatus::EuCitizen],
            bsn_required: true,
            residents_limited: true,
            residents_only: Vec::new(),
            cost: Some((CostKind::Reduced, Some(12.5))),
            online: true,
            national: true,
        };
        let back = RuleFacts::unpack(facts.pack(), facts.languages.clone());
        assert_eq!(back, facts);
        facts = RuleFacts {
            status: PublicationStatus::Published,
            availability: None,
            verified_at: None,
            interpreter_available: false,
            min_age: None,
            max_age: Some(17),
            legal_statuses: Vec::new(),
            bsn_required: false,
            residents_limited: false,
            cost: Some((CostKind::Paid, None)),
            online: false,
            national: false,
            ..facts
        };
        assert_eq!(
            RuleFacts::unpack(facts.pack(), facts.languages.clone()),
            facts
        );
        facts.cost = None;
        facts.availability = Some(AvailabilityStatus::Accepting);
        assert_eq!(
            RuleFacts::unpack(facts.pack(), facts.languages.clone()),
            facts
        );
    }
}

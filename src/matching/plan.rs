//! The mapping plan: per need, ranked matches with their reasons, and gaps.

use serde::Serialize;

use crate::model::Resource;
use crate::understand::CategoryGuess;

/// The answer to a household: what fits, why, and what is missing.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Plan {
    /// Where the matching was centred.
    pub home: PlanHome,
    /// The reach used, in km.
    pub reach_km: f64,
    /// One entry per need, in the order given; suggested needs last.
    pub needs: Vec<NeedPlan>,
}

/// The household's home as resolved.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlanHome {
    /// The gazetteer place, when the home was given by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// Whose need it is and how it was understood.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NeedPlan {
    /// The member's label, or `None` for the household as a whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// The need as given (a taxonomy code or free text).
    pub need: String,
    /// True for a wellbeing suggestion nobody asked for.
    pub suggested: bool,
    /// The categories searched, with confidence (1.0 for a code).
    pub categories: Vec<CategoryGuess>,
    /// Words used for text relevance (free text that was not a category,
    /// and the member's interests).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub words: String,
    /// Eligible options, best first.
    pub matches: Vec<Match>,
    /// Set when nothing eligible lies within reach.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<Gap>,
}

/// One eligible option.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Match {
    /// The resource, as the index holds it.
    pub resource: Resource,
    /// The blended score, higher is better; comparable within one need.
    pub score: f64,
    /// Distance from home, for services with a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// Why it fits, and what to watch out for.
    pub reasons: Vec<Reason>,
}

/// Nothing eligible within reach: what there is instead.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Gap {
    /// The nearest eligible option with a place, beyond reach.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest_beyond_reach: Option<Box<Match>>,
    /// An eligible online or national alternative.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub online_alternative: Option<Box<Match>>,
}

/// One reason a match fits, or a caveat; rendered per language.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// This far from home.
    Distance {
        /// Kilometres.
        km: f64,
    },
    /// Online or by phone.
    Online,
    /// Serves the whole country.
    National,
    /// Offered in a language the household speaks.
    Speaks {
        /// ISO 639-1 code.
        language: String,
        /// Whether it is the household's own (first, native) language.
        own: bool,
    },
    /// Offered in none of their languages, but an interpreter can be arranged.
    Interpreter,
    /// The service does not say which languages it uses.
    LanguagesUnknown,
    /// No charge.
    Free,
    /// A reduced price for newcomers.
    Reduced {
        /// The amount, when stated.
        #[serde(skip_serializing_if = "Option::is_none")]
        amount: Option<f64>,
    },
    /// A regular price.
    Paid {
        /// The amount, when stated.
        #[serde(skip_serializing_if = "Option::is_none")]
        amount: Option<f64>,
    },
    /// The service does not state its cost.
    CostUnknown,
    /// The age range served.
    Ages {
        /// Youngest, inclusive.
        #[serde(skip_serializing_if = "Option::is_none")]
        min: Option<u8>,
        /// Oldest, inclusive.
        #[serde(skip_serializing_if = "Option::is_none")]
        max: Option<u8>,
    },
    /// Last confirmed by a person this many days ago.
    Verified {
        /// Days.
        days: i64,
    },
    /// Not confirmed for longer than the stale threshold.
    Stale {
        /// Days since the last confirmation (or since creation, if never).
        days: i64,
    },
    /// Takes new people now.
    Accepting,
    /// Takes new people after a wait.
    WaitingList,
    /// Takes nobody new for now.
    Full,
    /// Only for residents of these municipalities, and the household's
    /// registration is unknown.
    ResidentsOnly {
        /// Municipalities.
        municipalities: Vec<String>,
    },
    /// Needs a BSN, and whether the household has one is unknown.
    BsnRequired,
    /// The service does not say which legal statuses it accepts.
    StatusUnknown,
    /// Fits a member's interest or the need's words.
    Interest {
        /// The interest or word, as given.
        word: String,
    },
}

//! Matching: from a [`Household`] to an explained [`Plan`].
//!
//! For each need of each member (and of the household), candidates come from
//! the index (the need's categories within reach, plus online and national
//! services); [`rules::check`] applies the hard rules to each, the soft score
//! ranks what is left, and a need with nothing eligible within reach gets a
//! [`Gap`] naming the nearest option beyond reach and an online alternative.
//! [`render`] turns a plan into chat messages. Nothing here stores or logs a
//! household.

mod matcher;
mod plan;
mod profile;
pub mod render;
pub mod rules;

pub use matcher::{
    match_household, match_household_reading_every_candidate, MAX_PER_ORGANISATION, MENTAL_SUPPORT,
};
pub use plan::{Gap, Match, NeedPlan, Plan, PlanHome, Reason};
pub use profile::{
    Budget, Home, Household, HouseholdStatus, LanguageLevel, Member, Mobility, SpokenLanguage,
    LOW_COST_MAX_EUR, MAX_MEMBERS, MAX_NEEDS, MAX_PER_NEED, MAX_TEXT_CHARS,
};

/// The line between two chat messages where several are shown as one text
/// (`wegwijs match --format text`, `POST /api/v1/match?format=text`).
pub const MESSAGE_SEPARATOR: &str = "\n\n----------\n\n";

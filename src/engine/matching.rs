//! Matching a household: the engine's door to [`crate::matching`].

use chrono::Utc;

use super::{Engine, EngineError};
use crate::matching::{self, Household, Plan};
use crate::search::SearchContext;

impl Engine {
    /// Matches `household` now. The profile lives only in memory: nothing
    /// about it is stored or logged.
    pub fn match_household(&self, household: &Household) -> Result<Plan, EngineError> {
        self.match_household_at(household, Utc::now().timestamp())
    }

    /// Matches `household` as of `now` (Unix seconds): for tests and golden files.
    pub fn match_household_at(&self, household: &Household, now: i64) -> Result<Plan, EngineError> {
        Ok(matching::match_household(
            self.matching_context(),
            household,
            now,
        )?)
    }

    /// [`Engine::match_household_at`] reading every candidate within reach:
    /// the reference its early end is tested against.
    #[doc(hidden)]
    pub fn match_household_reading_every_candidate_at(
        &self,
        household: &Household,
        now: i64,
    ) -> Result<Plan, EngineError> {
        Ok(matching::match_household_reading_every_candidate(
            self.matching_context(),
            household,
            now,
        )?)
    }

    fn matching_context(&self) -> SearchContext<'_> {
        SearchContext {
            index: &self.index,
            taxonomy: self.taxonomy,
            gazetteer: self.gazetteer,
        }
    }
}

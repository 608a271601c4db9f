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
        let ctx = SearchContext {
            store: &self.store,
            index: &self.index,
            taxonomy: self.taxonomy,
            gazetteer: self.gazetteer,
        };
        Ok(matching::match_household(ctx, household, now)?)
    }
}

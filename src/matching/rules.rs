//! The hard rules (eligibility) and the soft score.

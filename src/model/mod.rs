//! Plain data types of the directory: a [`Resource`] and its parts, and their validation.
//!
//! Nothing here knows about storage, indexing or the wire; every other layer
//! builds on these types.

mod account;
mod facts;
mod resource;
pub(crate) mod timestamp;
pub mod validate;

pub use account::{
    AuditRecord, DuplicateNote, FieldChange, Principal, Role, Suggestion, SuggestionKind,
    SuggestionStatus, TokenInfo,
};
pub use facts::{PackedFacts, RuleFacts};
pub use resource::{
    Availability, AvailabilityStatus, Contact, Cost, CostKind, Eligibility, Lang, LegalStatus,
    LocalizedText, Location, Organization, Provenance, PublicationStatus, Resource, ResourceId,
    ServiceArea, LANGS, STALE_AFTER_DAYS,
};
pub use validate::{FieldError, ValidationErrors};

//! Who may write, what they wrote, and what the public suggested: tokens'
//! principals, audit records and suggestions.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Resource;

/// What a token may do. Each role includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Creates, edits, archives and verifies resources.
    Editor,
    /// An editor who also approves and rejects suggestions.
    Moderator,
    /// A moderator who also reads the audit log. (Tokens are managed with
    /// the `wegwijs token` command, by whoever runs the server.)
    Admin,
}

/// The authenticated caller of a write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    /// The token's name ("community lead Utrecht").
    pub name: String,
    /// What the token may do.
    pub role: Role,
    /// Municipalities or provinces the token may write in; empty = everywhere.
    pub regions: Vec<String>,
}

/// A token as listed (never with its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    /// Public identifier, for listing and revoking.
    pub id: String,
    /// Who holds it.
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// Where it may write; empty = everywhere.
    pub regions: Vec<String>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// Whether it was revoked.
    pub revoked: bool,
}

/// One changed field of a write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// Dotted path of the field.
    pub field: String,
    /// The value before (null when absent).
    pub before: serde_json::Value,
    /// The value after (null when absent).
    pub after: serde_json::Value,
}

/// One acknowledged write: who, when, what changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Sequence number, increasing.
    pub seq: u64,
    /// When.
    pub at: DateTime<Utc>,
    /// The principal's name ("anonymous" for suggestions).
    pub actor: String,
    /// `create`, `replace`, `patch`, `archive`, `verify`, `suggest`, `approve`, `reject`, `import`, `seed`.
    pub action: String,
    /// The resource written, if any.
    pub resource_id: Option<String>,
    /// The suggestion concerned, if any.
    pub suggestion_id: Option<String>,
    /// Changed fields with before and after. An editor's `create` lists
    /// every field; a bulk load's (`import`, `seed`) creation lists none,
    /// its first version being the stored record itself.
    pub changes: Vec<FieldChange>,
}

// Suggestions are few and short-lived; boxing the resource would only make
// every construction and match noisier.
#[allow(clippy::large_enum_variant)]
/// What a suggestion proposes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SuggestionKind {
    /// A new resource.
    NewResource {
        /// The proposed resource.
        resource: Resource,
    },
    /// A correction of an existing resource.
    Correction {
        /// The resource concerned.
        resource_id: String,
        /// What is wrong, in the suggester's words ("they closed").
        message: String,
        /// An optional JSON merge patch (RFC 7396) applied on approval.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        patch: Option<serde_json::Value>,
    },
}

/// Where a suggestion stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionStatus {
    /// Waiting for a moderator.
    Pending,
    /// Applied to the published data.
    Approved,
    /// Declined.
    Rejected,
}

/// A suggestion from anyone, pending until a moderator decides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Identifier.
    pub id: String,
    /// What it proposes.
    #[serde(flatten)]
    pub kind: SuggestionKind,
    /// Where it stands.
    pub status: SuggestionStatus,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When a moderator decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<DateTime<Utc>>,
    /// Which moderator decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    /// The moderator's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For a new resource: stored resources it likely duplicates, noted when
    /// it was suggested so the moderator sees them. Absent in old records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub likely_duplicates: Vec<DuplicateNote>,
}

/// A stored resource that a suggested one likely duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateNote {
    /// The stored resource's id.
    pub resource_id: String,
    /// Why: `same_name_nearby`, `same_phone` or `same_website`.
    pub reason: String,
    /// For `same_name_nearby`: the distance in metres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<u32>,
}

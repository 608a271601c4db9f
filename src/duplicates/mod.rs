//! Likely duplicates: the keys two records are compared by, the reasons they
//! count as twins, and clusters of twins.
//!
//! Pure: no I/O. The engine finds candidates through the index and the
//! store, and asks this module whether they are twins.
//!
//! Two resources are likely duplicates when
//! - their names are the same or nearly so ([`name_similar`]) and their
//!   points are at most [`NEARBY_M`] metres apart;
//! - or they share a phone number ([`phone_key`]);
//! - or they share a website ([`website_key`]).

mod cluster;
mod contact;
mod name;
mod reason;

pub use cluster::{clusters, Cluster, Link};
pub use contact::{phone_key, website_key};
pub use name::{keys_similar, name_key, name_similar, LEGAL_FORM_WORDS};
pub use reason::{compare, compare_keys, Keys, Reason, NEARBY_M};

//! Why two resources look like twins, and the comparison that says so.

use serde::{Deserialize, Serialize};

use super::contact::{phone_key, website_key};
use super::name::{keys_similar, name_key};
use crate::geo::Coordinate;
use crate::model::Resource;

/// How close two points must be for similar names to count: 200 metres.
pub const NEARBY_M: f64 = 200.0;

/// Why two resources are likely the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// The same or nearly the same name, this many metres apart.
    SameNameNearby {
        /// Distance between the two points, rounded to whole metres.
        distance_m: u32,
    },
    /// The same phone number (`contact.phone`), however written.
    SamePhone,
    /// The same website (`contact.website`), however written.
    SameWebsite,
}

impl Reason {
    /// A stable machine-readable code: `same_name_nearby`, `same_phone`, `same_website`.
    pub fn code(self) -> &'static str {
        match self {
            Reason::SameNameNearby { .. } => "same_name_nearby",
            Reason::SamePhone => "same_phone",
            Reason::SameWebsite => "same_website",
        }
    }

    /// The distance in metres, for [`Reason::SameNameNearby`].
    pub fn distance_m(self) -> Option<u32> {
        match self {
            Reason::SameNameNearby { distance_m } => Some(distance_m),
            _ => None,
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::SameNameNearby { distance_m } => {
                write!(f, "same name {distance_m} m away")
            }
            Reason::SamePhone => f.write_str("same phone"),
            Reason::SameWebsite => f.write_str("same website"),
        }
    }
}

/// Distance in metres between two resources' points, if both have one.
pub(super) fn distance_m(a: &Resource, b: &Resource) -> Option<f64> {
    let (alat, alon) = a.location.point()?;
    let (blat, blon) = b.location.point()?;
    let pa = Coordinate::new(alat, alon).ok()?;
    let pb = Coordinate::new(blat, blon).ok()?;
    Some(pa.distance_km(pb) * 1000.0)
}

/// Why `a` and `b` are likely duplicates, the strongest reason first (name
/// and place, then phone, then website); `None` when they are not. Ids and
/// statuses are not looked at: the caller decides which records to compare.
pub fn compare(a: &Resource, b: &Resource) -> Option<Reason> {
    if let Some(d) = distance_m(a, b) {
        if d <= NEARBY_M && keys_similar(&name_key(&a.name), &name_key(&b.name)) {
            return Some(Reason::SameNameNearby {
                distance_m: d.round() as u32,
            });
        }
    }
    let same =
        |x: Option<String>, y: Option<String>| matches!((x, y), (Some(x), Some(y)) if x == y);
    if same(
        a.contact.phone.as_deref().and_then(phone_key),
        b.contact.phone.as_deref().and_then(phone_key),
    ) {
        return Some(Reason::SamePhone);
    }
    if same(
        a.contact.website.as_deref().and_then(website_key),
        b.contact.website.as_deref().and_then(website_key),
    ) {
        return Some(Reason::SameWebsite);
    }
    None
}

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

/// What a resource is compared by, computed once: its name key, phone key,
/// website key and point.
#[derive(Debug, Clone, PartialEq)]
pub struct Keys {
    /// [`name_key`] of the name.
    pub name: String,
    /// [`phone_key`] of `contact.phone`.
    pub phone: Option<String>,
    /// [`website_key`] of `contact.website`.
    pub website: Option<String>,
    /// The point, when the resource has a valid one.
    pub point: Option<Coordinate>,
}

impl Keys {
    /// The keys of `r`.
    pub fn of(r: &Resource) -> Keys {
        Keys {
            name: name_key(&r.name),
            phone: r.contact.phone.as_deref().and_then(phone_key),
            website: r.contact.website.as_deref().and_then(website_key),
            point: r
                .location
                .point()
                .and_then(|(lat, lon)| Coordinate::new(lat, lon).ok()),
        }
    }
}

/// Why two records are likely duplicates, by their [`Keys`] (see [`compare`]).
pub fn compare_keys(a: &Keys, b: &Keys) -> Option<Reason> {
    if let (Some(pa), Some(pb)) = (a.point, b.point) {
        let d = pa.distance_km(pb) * 1000.0;
        if d <= NEARBY_M && keys_similar(&a.name, &b.name) {
            return Some(Reason::SameNameNearby {
                distance_m: d.round() as u32,
            });
        }
    }
    if a.phone.is_some() && a.phone == b.phone {
        return Some(Reason::SamePhone);
    }
    if a.website.is_some() && a.website == b.website {
        return Some(Reason::SameWebsite);
    }
    None
}

/// Why `a` and `b` are likely duplicates, the strongest reason first (name
/// and place, then phone, then website); `None` when they are not. Ids and
/// statuses are not looked at: the caller decides which records to compare.
pub fn compare(a: &Resource, b: &Resource) -> Option<Reason> {
    compare_keys(&Keys::of(a), &Keys::of(b))
}

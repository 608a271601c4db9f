//! The `Resource` type: one service offered at one place (or online).
//!
//! Every field names its Open Referral HSDS 3.0 counterpart (schemas in
//! `shared/hsds/schema/`), so that import and export are mechanical. Fields
//! without an HSDS home are exported as HSDS `attribute` records under the
//! `wegwijs` taxonomy.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A stable resource identifier: 1–64 characters from `a-z`, `0-9`, `-`, `_`, `.`.
///
/// HSDS: `service_at_location.id` (one resource is one service at one location).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(transparent)]
pub struct ResourceId(pub String);

impl ResourceId {
    /// A fresh random identifier (`r-` and a UUID v4 in simple form).
    pub fn generate() -> ResourceId {
        ResourceId(format!("r-{}", uuid::Uuid::new_v4().simple()))
    }

    /// The identifier as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the identifier has an allowed shape.
    pub fn is_well_formed(&self) -> bool {
        !self.0.is_empty()
            && self.0.len() <= 64
            && self
                .0
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
    }
}

impl std::fmt::Display for ResourceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A resource not verified by a person for more than this many days is stale,
/// and shown as such everywhere.
pub const STALE_AFTER_DAYS: i64 = 180;

/// The three languages of our user-facing texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Ukrainian, the own language of most households.
    Uk,
    /// Dutch.
    Nl,
    /// English.
    En,
}

/// All user-facing languages, in display order.
pub const LANGS: [Lang; 3] = [Lang::Uk, Lang::Nl, Lang::En];

impl Lang {
    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Uk => "uk",
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }
}

/// A text in Ukrainian, Dutch and/or English.
///
/// HSDS: `service.description` holds one language; the others go into
/// `attribute` records (`wegwijs:description_uk` …) on export.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LocalizedText {
    /// Ukrainian text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uk: Option<String>,
    /// Dutch text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nl: Option<String>,
    /// English text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl LocalizedText {
    /// The text in `lang`, if present and not blank.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        let text = match lang {
            Lang::Uk => &self.uk,
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        };
        text.as_deref().filter(|t| !t.trim().is_empty())
    }

    /// The text in `lang`, else in the first other language present.
    pub fn best(&self, lang: Lang) -> Option<&str> {
        self.get(lang)
            .or_else(|| LANGS.iter().find_map(|&l| self.get(l)))
    }

    /// Every present text with its language.
    pub fn iter(&self) -> impl Iterator<Item = (Lang, &str)> {
        LANGS.iter().filter_map(|&l| self.get(l).map(|t| (l, t)))
    }
}

/// The organisation that offers the service.
///
/// HSDS: `organization` (`name`, `website`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Organization {
    /// HSDS: `organization.name`.
    pub name: String,
    /// HSDS: `organization.website`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// Where the service is offered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    /// A physical place.
    ///
    /// HSDS: `location` with `location_type: physical`; `address` →
    /// `address.address_1`; `municipality` → `address.city`; `lat`/`lon` →
    /// `location.latitude`/`longitude`; `approximate` → attribute
    /// `wegwijs:approximate_location`.
    Place {
        /// Street address as one line of text.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        address: Option<String>,
        /// The municipality (gemeente) the place lies in.
        municipality: String,
        /// Latitude in degrees (WGS 84).
        lat: f64,
        /// Longitude in degrees (WGS 84).
        lon: f64,
        /// True when the point was derived from a place name, not an address.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        approximate: bool,
    },
    /// Offered online or by phone, with no physical point.
    ///
    /// HSDS: `location` with `location_type: virtual`.
    Online,
}

impl Location {
    /// The point, if the service has one.
    pub fn point(&self) -> Option<(f64, f64)> {
        match self {
            Location::Place { lat, lon, .. } => Some((*lat, *lon)),
            Location::Online => None,
        }
    }

    /// The municipality, if the service has a physical place.
    pub fn municipality(&self) -> Option<&str> {
        match self {
            Location::Place { municipality, .. } => Some(municipality),
            Location::Online => None,
        }
    }
}

/// The area the service serves.
///
/// HSDS: `service_area` (`extent_type` and `extent`, `name`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ServiceArea {
    /// A radius around the location's point. HSDS: `service_area.extent` as a
    /// GeoJSON-free description `radius_km=N` with `extent_type: "radius"`.
    Radius {
        /// Radius in kilometres.
        km: f64,
    },
    /// A list of municipalities. HSDS: one `service_area` per municipality, `name`.
    Municipalities {
        /// Municipality names.
        municipalities: Vec<String>,
    },
    /// The whole of the Netherlands. HSDS: `service_area.name = "Nederland"`.
    National,
}

/// A legal status a household may have, as used in eligibility rules.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum LegalStatus {
    /// Everyone, whatever their status.
    Anyone,
    /// Under the EU Temporary Protection Directive (Ukrainian nationals).
    TemporaryProtection,
    /// Third-country nationals who lived in Ukraine ("derdelanders").
    ThirdCountryNational,
    /// Asylum seekers in procedure.
    AsylumSeeker,
    /// Holders of a residence permit after asylum (statushouders).
    StatusHolder,
    /// EU citizens.
    EuCitizen,
}

impl LegalStatus {
    /// Every status, in a stable order.
    pub const ALL: [LegalStatus; 6] = [
        LegalStatus::Anyone,
        LegalStatus::TemporaryProtection,
        LegalStatus::ThirdCountryNational,
        LegalStatus::AsylumSeeker,
        LegalStatus::StatusHolder,
        LegalStatus::EuCitizen,
    ];
}

/// Who may use the service.
///
/// HSDS: `minimum_age`/`maximum_age` → `service.minimum_age`/`maximum_age`;
/// `audience` → `service.eligibility_description`; `legal_statuses`,
/// `bsn_required`, `residents_only` → attributes `wegwijs:legal_status`,
/// `wegwijs:bsn_required`, `wegwijs:residents_only`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Eligibility {
    /// Youngest age served, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u8>,
    /// Oldest age served, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u8>,
    /// Free-text notes on the audience ("mothers with young children").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// Legal statuses accepted; empty means unknown, `anyone` means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legal_statuses: Vec<LegalStatus>,
    /// Whether a BSN (citizen service number) is required.
    #[serde(default)]
    pub bsn_required: bool,
    /// When not empty, only residents of these municipalities are served.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub residents_only: Vec<String>,
}

/// What the service costs.
///
/// HSDS: `cost_option` (`amount`, `currency`, `option`, `amount_description`);
/// `kind: free` is exported as `amount: 0` and `fees_description: "free"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Cost {
    /// Free, paid, or a reduced price for newcomers.
    pub kind: CostKind,
    /// The amount, for `paid` and `reduced`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    /// ISO 4217 currency of `amount` (normally `EUR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Notes such as "per lesson" or "free with a U-pas".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The kind of a [`Cost`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CostKind {
    /// No charge.
    Free,
    /// A regular price.
    Paid,
    /// A reduced price for newcomers.
    Reduced,
}

/// Whether the service takes new people, and when that was stated.
///
/// HSDS: `service.status` carries only active/inactive; the detail goes to
/// `service.wait_time` and attribute `wegwijs:availability`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Availability {
    /// The state.
    pub status: AvailabilityStatus,
    /// When the state was stated.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::timestamp::serialize_option",
        deserialize_with = "super::timestamp::deserialize_option"
    )]
    pub stated_at: Option<DateTime<Utc>>,
}

/// The state of an [`Availability`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AvailabilityStatus {
    /// Takes new people now.
    Accepting,
    /// Takes new people after a wait.
    WaitingList,
    /// Takes nobody new for now.
    Full,
    /// Closed for a while.
    TemporarilyClosed,
}

/// How to reach the service.
///
/// HSDS: `phone` → `phones[].number`; `email` → `service.email`; `website` →
/// `service.url`; `telegram`/`whatsapp` → `contacts[]` with attribute
/// `wegwijs:channel`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Contact {
    /// Phone number as written by the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Web page of the service itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Telegram link (`https://t.me/…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telegram: Option<String>,
    /// WhatsApp link (`https://wa.me/…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whatsapp: Option<String>,
}

/// Where a record comes from and when a person last confirmed it.
///
/// HSDS: `source` → `metadata[].resource_type/field_name "source"`;
/// `updated_at` → `service.last_modified`; `verified_at` →
/// `service.assured_date`; `verified_by` → `service.assurer_email` (or a name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Provenance {
    /// A URL or "community lead X".
    pub source: String,
    /// When the record was first stored.
    #[serde(
        serialize_with = "super::timestamp::serialize",
        deserialize_with = "super::timestamp::deserialize"
    )]
    pub created_at: DateTime<Utc>,
    /// When the record last changed.
    #[serde(
        serialize_with = "super::timestamp::serialize",
        deserialize_with = "super::timestamp::deserialize"
    )]
    pub updated_at: DateTime<Utc>,
    /// When a person last confirmed the record (distinct from `updated_at`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::timestamp::serialize_option",
        deserialize_with = "super::timestamp::deserialize_option"
    )]
    pub verified_at: Option<DateTime<Utc>>,
    /// Who confirmed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_by: Option<String>,
}

/// Where a record stands in the editorial flow.
///
/// HSDS: `service.status` (`active` for published, `inactive` for archived,
/// `defunct` never used); the exact value goes to attribute `wegwijs:status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PublicationStatus {
    /// Being written, not visible.
    Draft,
    /// Waiting for a moderator.
    Pending,
    /// Visible in search.
    Published,
    /// Withdrawn; kept for history, never deleted.
    Archived,
}

impl PublicationStatus {
    /// Every status, in a stable order.
    pub const ALL: [PublicationStatus; 4] = [
        PublicationStatus::Draft,
        PublicationStatus::Pending,
        PublicationStatus::Published,
        PublicationStatus::Archived,
    ];

    /// A small stable number, used by the index.
    pub fn ordinal(self) -> u64 {
        self as u64
    }
}

/// One service offered at one place (or online).
///
/// HSDS: one `service_at_location`, joining a `service`, its `organization`
/// and one `location`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Resource {
    /// HSDS: `service_at_location.id`.
    pub id: ResourceId,
    /// HSDS: `service.name`.
    pub name: String,
    /// HSDS: `service.description` (see [`LocalizedText`]).
    #[serde(default)]
    pub description: LocalizedText,
    /// HSDS: `organization`.
    pub organization: Organization,
    /// Taxonomy codes (`indicator.slug`). HSDS: `attributes[]` linking
    /// `taxonomy_term`s of the `wegwijs` taxonomy.
    pub categories: Vec<String>,
    /// HSDS: `location`.
    pub location: Location,
    /// HSDS: `service_area`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_area: Option<ServiceArea>,
    /// ISO 639-1 codes of the languages the service is offered in.
    /// HSDS: `service.languages[].code`.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Whether an interpreter can be arranged. HSDS: `service.interpretation_services`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interpreter_available: bool,
    /// HSDS: see [`Eligibility`].
    #[serde(default)]
    pub eligibility: Eligibility,
    /// HSDS: `cost_options`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Cost>,
    /// HSDS: see [`Availability`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Availability>,
    /// HSDS: see [`Contact`].
    #[serde(default)]
    pub contact: Contact,
    /// HSDS: `schedule.description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening_hours: Option<String>,
    /// HSDS: `accessibility.description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessibility: Option<String>,
    /// HSDS: see [`Provenance`].
    pub provenance: Provenance,
    /// HSDS: see [`PublicationStatus`].
    pub status: PublicationStatus,
    /// True for generated demo/benchmark data. HSDS: attribute `wegwijs:synthetic`.
    #[serde(default)]
    pub synthetic: bool,
}

impl Resource {
    /// Whether the service is free of charge.
    pub fn is_free(&self) -> bool {
        matches!(&self.cost, Some(c) if c.kind == CostKind::Free)
    }

    /// Whether the service reaches people anywhere: online, or a national service area.
    pub fn is_remote(&self) -> bool {
        matches!(self.location, Location::Online)
            || matches!(self.service_area, Some(ServiceArea::National))
    }

    /// Whether `age` fits the eligibility age range (absent bounds are open).
    pub fn accepts_age(&self, age: u8) -> bool {
        self.eligibility.min_age.is_none_or(|min| age >= min)
            && self.eligibility.max_age.is_none_or(|max| age <= max)
    }
}

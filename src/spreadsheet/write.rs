//! The other direction: a resource's cells in the template's columns, so
//! that a CSV export reads back in. Values are written in the forms the
//! reader accepts (category codes, ISO language codes, Dutch words).

use chrono::SecondsFormat;

use super::{Column, COLUMNS};
use crate::model::{
    AvailabilityStatus, CostKind, LegalStatus, Location, PublicationStatus, Resource, ServiceArea,
};

/// The header row: every column's Dutch name, in [`COLUMNS`] order.
pub fn header_row() -> Vec<&'static str> {
    COLUMNS.iter().map(|c| c.dutch()).collect()
}

fn yes(b: bool) -> String {
    if b { "ja" } else { "" }.to_string()
}

fn legal_status(s: LegalStatus) -> &'static str {
    match s {
        LegalStatus::Anyone => "anyone",
        LegalStatus::TemporaryProtection => "temporary_protection",
        LegalStatus::ThirdCountryNational => "third_country_national",
        LegalStatus::AsylumSeeker => "asylum_seeker",
        LegalStatus::StatusHolder => "status_holder",
        LegalStatus::EuCitizen => "eu_citizen",
    }
}

/// The cells of `r`, one per column of [`COLUMNS`], unescaped (the CSV
/// writer neutralises formula characters).
pub fn cells(r: &Resource) -> Vec<String> {
    COLUMNS.iter().map(|&c| cell(r, c)).collect()
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn cell(r: &Resource, c: Column) -> String {
    let place = match &r.location {
        Location::Place {
            address,
            municipality,
            lat,
            lon,
            approximate,
        } => Some((address, municipality, *lat, *lon, *approximate)),
        Location::Online => None,
    };
    let el = &r.eligibility;
    match c {
        Column::Id => r.id.to_string(),
        Column::Name => r.name.clone(),
        Column::Organization => r.organization.name.clone(),
        Column::OrganizationWebsite => opt(&r.organization.website),
        Column::Categories => r.categories.join("; "),
        Column::DescriptionNl => opt(&r.description.nl),
        Column::DescriptionEn => opt(&r.description.en),
        Column::DescriptionUk => opt(&r.description.uk),
        Column::Address => place.and_then(|p| p.0.clone()).unwrap_or_default(),
        // The point is written, so the place name is not needed to read it back.
        Column::Place => String::new(),
        Column::Municipality => place.map(|p| p.1.clone()).unwrap_or_default(),
        Column::Lat => place.map(|p| p.2.to_string()).unwrap_or_default(),
        Column::Lon => place.map(|p| p.3.to_string()).unwrap_or_default(),
        Column::Approximate => yes(place.is_some_and(|p| p.4)),
        Column::Online => yes(place.is_none()),
        Column::ServiceArea => match &r.service_area {
            None => String::new(),
            Some(ServiceArea::National) => "landelijk".to_string(),
            Some(ServiceArea::Radius { km }) => format!("{km} km"),
            Some(ServiceArea::Municipalities { municipalities }) => municipalities.join("; "),
        },
        Column::Languages => r.languages.join("; "),
        Column::Interpreter => yes(r.interpreter_available),
        Column::MinAge => el.min_age.map(|a| a.to_string()).unwrap_or_default(),
        Column::MaxAge => el.max_age.map(|a| a.to_string()).unwrap_or_default(),
        Column::Audience => opt(&el.audience),
        Column::LegalStatus => el
            .legal_statuses
            .iter()
            .map(|&s| legal_status(s))
            .collect::<Vec<_>>()
            .join("; "),
        Column::BsnRequired => yes(el.bsn_required),
        Column::ResidentsOnly => el.residents_only.join("; "),
        Column::Cost => match &r.cost {
            None => String::new(),
            Some(cost) => match (cost.kind, cost.amount) {
                (CostKind::Free, _) => "gratis".to_string(),
                (CostKind::Paid, Some(a)) => a.to_string(),
                (CostKind::Paid, None) => "betaald".to_string(),
                (CostKind::Reduced, Some(a)) => format!("korting {a}"),
                (CostKind::Reduced, None) => "korting".to_string(),
            },
        },
        Column::CostNote => r.cost.as_ref().map(|c| opt(&c.note)).unwrap_or_default(),
        Column::Availability => match r.availability.as_ref().map(|a| a.status) {
            None => "",
            Some(AvailabilityStatus::Accepting) => "open",
            Some(AvailabilityStatus::WaitingList) => "wachtlijst",
            Some(AvailabilityStatus::Full) => "vol",
            Some(AvailabilityStatus::TemporarilyClosed) => "tijdelijk gesloten",
        }
        .to_string(),
        Column::Phone => opt(&r.contact.phone),
        Column::Email => opt(&r.contact.email),
        Column::Website => opt(&r.contact.website),
        Column::Telegram => opt(&r.contact.telegram),
        Column::Whatsapp => opt(&r.contact.whatsapp),
        Column::OpeningHours => opt(&r.opening_hours),
        Column::Accessibility => opt(&r.accessibility),
        Column::Source => r.provenance.source.clone(),
        Column::VerifiedAt => r
            .provenance
            .verified_at
            .map(|d| d.to_rfc3339_opts(SecondsFormat::AutoSi, true))
            .unwrap_or_default(),
        Column::VerifiedBy => opt(&r.provenance.verified_by),
        Column::Status => match r.status {
            PublicationStatus::Published => "gepubliceerd",
            PublicationStatus::Draft => "concept",
            PublicationStatus::Pending => "ter beoordeling",
            PublicationStatus::Archived => "gearchiveerd",
        }
        .to_string(),
        Column::Synthetic => yes(r.synthetic),
    }
}

//! The columns of the spreadsheet format: their Dutch and English names,
//! recognising a header as written, and the field each column fills.

use crate::text::fold_key;

/// One column of the spreadsheet template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// `id`: optional stable id; generated from name and place when empty.
    Id,
    /// `naam` / `name`: the service's name (required).
    Name,
    /// `organisatie` / `organization` (required).
    Organization,
    /// `organisatie_website` / `organization_website`.
    OrganizationWebsite,
    /// `categorieen` / `categories`: codes or labels, `;`-separated (required).
    Categories,
    /// `beschrijving_nl` / `description_nl`.
    DescriptionNl,
    /// `beschrijving_en` / `description_en`.
    DescriptionEn,
    /// `beschrijving_uk` / `description_uk`.
    DescriptionUk,
    /// `adres` / `address`.
    Address,
    /// `plaats` / `place`: a place name in any script, geocoded when there are no coordinates.
    Place,
    /// `gemeente` / `municipality`.
    Municipality,
    /// `breedtegraad` / `lat`.
    Lat,
    /// `lengtegraad` / `lon`.
    Lon,
    /// `bij_benadering` / `approximate`: the point is approximate.
    Approximate,
    /// `online` / `online`: offered online or by phone only.
    Online,
    /// `werkgebied` / `service_area`: `landelijk`, `10 km`, or municipalities.
    ServiceArea,
    /// `talen` / `languages`: ISO codes or names, `;`-separated.
    Languages,
    /// `tolk` / `interpreter`: an interpreter can be arranged.
    Interpreter,
    /// `leeftijd_min` / `min_age`.
    MinAge,
    /// `leeftijd_max` / `max_age`.
    MaxAge,
    /// `doelgroep` / `audience`.
    Audience,
    /// `verblijfsstatus` / `legal_status`, `;`-separated.
    LegalStatus,
    /// `bsn_nodig` / `bsn_required`.
    BsnRequired,
    /// `alleen_inwoners_van` / `residents_only`, `;`-separated municipalities.
    ResidentsOnly,
    /// `kosten` / `cost`: `gratis`, an amount, or `korting 5`.
    Cost,
    /// `kosten_toelichting` / `cost_note`.
    CostNote,
    /// `beschikbaarheid` / `availability`.
    Availability,
    /// `telefoon` / `phone`.
    Phone,
    /// `email` / `email`.
    Email,
    /// `website` / `website`.
    Website,
    /// `telegram` / `telegram`.
    Telegram,
    /// `whatsapp` / `whatsapp`.
    Whatsapp,
    /// `openingstijden` / `opening_hours`.
    OpeningHours,
    /// `toegankelijkheid` / `accessibility`.
    Accessibility,
    /// `bron` / `source`.
    Source,
    /// `gecontroleerd_op` / `verified_at`: a date.
    VerifiedAt,
    /// `gecontroleerd_door` / `verified_by`.
    VerifiedBy,
    /// `status` / `status`: `gepubliceerd`, `concept`, …
    Status,
    /// `synthetisch` / `synthetic`: generated demo data (exports only).
    Synthetic,
}

/// Every column, in the template's order (the order `export --format csv` writes).
pub const COLUMNS: [Column; 39] = [
    Column::Id,
    Column::Name,
    Column::Organization,
    Column::OrganizationWebsite,
    Column::Categories,
    Column::DescriptionNl,
    Column::DescriptionEn,
    Column::DescriptionUk,
    Column::Address,
    Column::Place,
    Column::Municipality,
    Column::Lat,
    Column::Lon,
    Column::Approximate,
    Column::Online,
    Column::ServiceArea,
    Column::Languages,
    Column::Interpreter,
    Column::MinAge,
    Column::MaxAge,
    Column::Audience,
    Column::LegalStatus,
    Column::BsnRequired,
    Column::ResidentsOnly,
    Column::Cost,
    Column::CostNote,
    Column::Availability,
    Column::Phone,
    Column::Email,
    Column::Website,
    Column::Telegram,
    Column::Whatsapp,
    Column::OpeningHours,
    Column::Accessibility,
    Column::Source,
    Column::VerifiedAt,
    Column::VerifiedBy,
    Column::Status,
    Column::Synthetic,
];

impl Column {
    /// The Dutch name, as the template's header writes it.
    pub fn dutch(self) -> &'static str {
        self.names()[0]
    }

    /// The English name.
    pub fn english(self) -> &'static str {
        self.names()[1]
    }

    /// Dutch name, English name, then other accepted spellings.
    fn names(self) -> &'static [&'static str] {
        use Column::*;
        match self {
            Id => &["id", "id"],
            Name => &["naam", "name", "dienst", "service"],
            Organization => &["organisatie", "organization", "organisation"],
            OrganizationWebsite => &[
                "organisatie_website",
                "organization_website",
                "organisation_website",
            ],
            Categories => &["categorieen", "categories", "categorie", "category"],
            DescriptionNl => &["beschrijving_nl", "description_nl", "omschrijving_nl"],
            DescriptionEn => &["beschrijving_en", "description_en", "omschrijving_en"],
            DescriptionUk => &["beschrijving_uk", "description_uk", "omschrijving_uk"],
            Address => &["adres", "address"],
            Place => &["plaats", "place", "woonplaats", "city", "town"],
            Municipality => &["gemeente", "municipality"],
            Lat => &["breedtegraad", "lat", "latitude", "breedte"],
            Lon => &["lengtegraad", "lon", "longitude", "lng", "lengte"],
            Approximate => &["bij_benadering", "approximate"],
            Online => &["online", "online"],
            ServiceArea => &["werkgebied", "service_area", "area"],
            Languages => &["talen", "languages", "taal", "language"],
            Interpreter => &["tolk", "interpreter"],
            MinAge => &["leeftijd_min", "min_age", "minimumleeftijd", "minimum_age"],
            MaxAge => &["leeftijd_max", "max_age", "maximumleeftijd", "maximum_age"],
            Audience => &["doelgroep", "audience"],
            LegalStatus => &["verblijfsstatus", "legal_status"],
            BsnRequired => &["bsn_nodig", "bsn_required"],
            ResidentsOnly => &["alleen_inwoners_van", "residents_only"],
            Cost => &["kosten", "cost", "prijs", "price"],
            CostNote => &["kosten_toelichting", "cost_note"],
            Availability => &["beschikbaarheid", "availability"],
            Phone => &["telefoon", "phone", "telefoonnummer"],
            Email => &["email", "email"],
            Website => &["website", "website", "url"],
            Telegram => &["telegram", "telegram"],
            Whatsapp => &["whatsapp", "whatsapp"],
            OpeningHours => &["openingstijden", "opening_hours"],
            Accessibility => &["toegankelijkheid", "accessibility"],
            Source => &["bron", "source"],
            VerifiedAt => &["gecontroleerd_op", "verified_at"],
            VerifiedBy => &["gecontroleerd_door", "verified_by"],
            Status => &["status", "status"],
            Synthetic => &["synthetisch", "synthetic"],
        }
    }

    /// The column a header names, in Dutch or English, ignoring case,
    /// accents, spaces, `_` and `-` ("Categorieën", "E-mail", "min age").
    pub fn from_header(header: &str) -> Option<Column> {
        let key = fold_key(header);
        if key.is_empty() {
            return None;
        }
        COLUMNS
            .iter()
            .copied()
            .find(|c| c.names().iter().any(|n| fold_key(n) == key))
    }

    /// The column that holds a model field, from a validation path such as
    /// `categories[2]` or `location.lat`.
    pub fn for_field(field: &str) -> Option<Column> {
        use Column::*;
        let base = field.split('[').next().unwrap_or(field);
        Some(match base {
            "id" => Id,
            "name" => Name,
            "description" | "description.nl" => DescriptionNl,
            "description.en" => DescriptionEn,
            "description.uk" => DescriptionUk,
            "organization.name" => Organization,
            "organization.website" => OrganizationWebsite,
            "categories" => Categories,
            "location.lat" => Lat,
            "location.lon" => Lon,
            "location.municipality" => Municipality,
            "location.address" => Address,
            f if f.starts_with("service_area") => ServiceArea,
            "languages" => Languages,
            "eligibility.min_age" => MinAge,
            "eligibility.max_age" => MaxAge,
            "eligibility.audience" => Audience,
            "eligibility.residents_only" => ResidentsOnly,
            "cost.note" => CostNote,
            f if f.starts_with("cost") => Cost,
            "contact.phone" => Phone,
            "contact.email" => Email,
            "contact.website" => Website,
            "contact.telegram" => Telegram,
            "contact.whatsapp" => Whatsapp,
            "opening_hours" => OpeningHours,
            "accessibility" => Accessibility,
            "provenance.source" => Source,
            "provenance.verified_at" => VerifiedAt,
            "provenance.verified_by" => VerifiedBy,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_dutch_english_and_loose_spelling() {
        assert_eq!(Column::from_header("Categorieën"), Some(Column::Categories));
        assert_eq!(Column::from_header("categories"), Some(Column::Categories));
        assert_eq!(Column::from_header("E-mail"), Some(Column::Email));
        assert_eq!(Column::from_header(" Min age "), Some(Column::MinAge));
        assert_eq!(
            Column::from_header("Bij benadering"),
            Some(Column::Approximate)
        );
        assert_eq!(Column::from_header("colour"), None);
        assert_eq!(Column::from_header(""), None);
    }

    #[test]
    fn every_column_has_distinct_names() {
        for (i, a) in COLUMNS.iter().enumerate() {
            for b in &COLUMNS[i + 1..] {
                for n in a.names() {
                    assert!(!b.names().iter().any(|m| fold_key(m) == fold_key(n)), "{n}");
                }
            }
        }
    }
}

//! Validation of a [`Resource`]: every problem at once, each naming its field.

use super::{Cost, CostKind, Location, PublicationStatus, Resource, ServiceArea};

/// One problem with one field, e.g. `location.lat: must be between -90 and 90`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    /// The field's path, dotted, with list indices (`categories[2]`).
    pub field: String,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
}

impl FieldError {
    /// A problem with `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Every problem found in one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

const MAX_TEXT: usize = 20_000;
const MAX_SHORT: usize = 500;

impl Resource {
    /// Checks every rule and returns every problem found.
    ///
    /// `is_category` tells whether a taxonomy code exists; the model does not
    /// own the taxonomy.
    pub fn validate(&self, is_category: impl Fn(&str) -> bool) -> Result<(), ValidationErrors> {
        let mut errors = Vec::new();
        let mut err = |field: &str, message: &str| errors.push(FieldError::new(field, message));

        if !self.id.is_well_formed() {
            err(
                "id",
                "must be 1 to 64 characters from a-z, 0-9, '-', '_', '.'",
            );
        }
        check_short(&mut err, "name", Some(&self.name), true);
        if self.description.iter().next().is_none() {
            err(
                "description",
                "must have a text in at least one of uk, nl, en",
            );
        }
        for (lang, text) in self.description.iter() {
            if text.len() > MAX_TEXT {
                err(
                    &format!("description.{}", lang.code()),
                    "must be at most 20000 bytes",
                );
            }
            if text.chars().any(is_hidden_format) {
                err(
                    &format!("description.{}", lang.code()),
                    "must not contain direction overrides or zero-width spaces",
                );
            }
        }
        check_short(
            &mut err,
            "organization.name",
            Some(&self.organization.name),
            true,
        );
        check_url(
            &mut err,
            "organization.website",
            self.organization.website.as_deref(),
        );

        // A record waiting for a moderator may lack a category: an import
        // from another vocabulary keeps what it could not map as pending
        // rather than dropping it. Whatever is published is findable by
        // category.
        if self.categories.is_empty() && self.status != PublicationStatus::Pending {
            err(
                "categories",
                "must list at least one taxonomy code (only a pending record may have none)",
            );
        }
        for (i, code) in self.categories.iter().enumerate() {
            if !is_category(code) {
                err(
                    &format!("categories[{i}]"),
                    &format!("unknown category '{}'", clip(code)),
                );
            } else if self.categories[..i].contains(code) {
                err(&format!("categories[{i}]"), "is listed twice");
            }
        }

        if let Location::Place {
            address,
            municipality,
            lat,
            lon,
            ..
        } = &self.location
        {
            if !(lat.is_finite() && (-90.0..=90.0).contains(lat)) {
                err("location.lat", "must be between -90 and 90");
            }
            if !(lon.is_finite() && (-180.0..=180.0).contains(lon)) {
                err("location.lon", "must be between -180 and 180");
            }
            check_short(&mut err, "location.municipality", Some(municipality), true);
            check_short(&mut err, "location.address", address.as_ref(), false);
        }
        match &self.service_area {
            Some(ServiceArea::Radius { km }) => {
                if !(km.is_finite() && *km > 0.0 && *km <= 500.0) {
                    err("service_area.km", "must be more than 0 and at most 500");
                }
                if matches!(self.location, Location::Online) {
                    err("service_area", "a radius needs a location with a point");
                }
            }
            Some(ServiceArea::Municipalities { municipalities }) => {
                if municipalities.is_empty() {
                    err(
                        "service_area.municipalities",
                        "must list at least one municipality",
                    );
                }
                for (i, m) in municipalities.iter().enumerate() {
                    check_short(
                        &mut err,
                        &format!("service_area.municipalities[{i}]"),
                        Some(m),
                        true,
                    );
                }
            }
            Some(ServiceArea::National) | None => {}
        }

        for (i, code) in self.languages.iter().enumerate() {
            if !is_language_code(code) {
                err(
                    &format!("languages[{i}]"),
                    "must be a two-letter lowercase ISO 639-1 code",
                );
            } else if self.languages[..i].contains(code) {
                err(&format!("languages[{i}]"), "is listed twice");
            }
        }

        let el = &self.eligibility;
        if let (Some(min), Some(max)) = (el.min_age, el.max_age) {
            if min > max {
                err(
                    "eligibility.max_age",
                    "must not be below eligibility.min_age",
                );
            }
        }
        for (name, age) in [
            ("eligibility.min_age", el.min_age),
            ("eligibility.max_age", el.max_age),
        ] {
            if age.is_some_and(|a| a > 120) {
                err(name, "must be at most 120");
            }
        }
        check_short(
            &mut err,
            "eligibility.audience",
            el.audience.as_ref(),
            false,
        );
        for (i, m) in el.residents_only.iter().enumerate() {
            check_short(
                &mut err,
                &format!("eligibility.residents_only[{i}]"),
                Some(m),
                true,
            );
        }

        if let Some(cost) = &self.cost {
            check_cost(&mut err, cost);
        }

        let c = &self.contact;
        check_short(&mut err, "contact.phone", c.phone.as_ref(), false);
        if let Some(phone) = &c.phone {
            if !phone.chars().any(|ch| ch.is_ascii_digit()) {
                err("contact.phone", "must contain digits");
            }
        }
        if let Some(email) = &c.email {
            let ok = email.len() <= MAX_SHORT
                && email
                    .split_once('@')
                    .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'));
            if !ok {
                err(
                    "contact.email",
                    "must be an email address like name@example.org",
                );
            }
        }
        check_url(&mut err, "contact.website", c.website.as_deref());
        check_url(&mut err, "contact.telegram", c.telegram.as_deref());
        check_url(&mut err, "contact.whatsapp", c.whatsapp.as_deref());
        check_short(
            &mut err,
            "opening_hours",
            self.opening_hours.as_ref(),
            false,
        );
        check_short(
            &mut err,
            "accessibility",
            self.accessibility.as_ref(),
            false,
        );

        let p = &self.provenance;
        check_short(&mut err, "provenance.source", Some(&p.source), true);
        if p.updated_at < p.created_at {
            err(
                "provenance.updated_at",
                "must not be before provenance.created_at",
            );
        }
        if p.verified_at.is_some() && p.verified_by.as_deref().is_none_or(|v| v.trim().is_empty()) {
            err(
                "provenance.verified_by",
                "must name who verified when verified_at is set",
            );
        }
        check_short(
            &mut err,
            "provenance.verified_by",
            p.verified_by.as_ref(),
            false,
        );

        if errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(errors))
        }
    }
}

fn check_cost(err: &mut impl FnMut(&str, &str), cost: &Cost) {
    match cost.kind {
        CostKind::Free => {
            if cost.amount.is_some_and(|a| a != 0.0) {
                err("cost.amount", "must be empty or 0 when cost.kind is free");
            }
        }
        CostKind::Paid | CostKind::Reduced => {
            if let Some(amount) = cost.amount {
                if !(amount.is_finite() && (0.0..1e7).contains(&amount)) {
                    err("cost.amount", "must be a number from 0 to 10000000");
                }
            }
        }
    }
    if let Some(cur) = &cost.currency {
        if !(cur.len() == 3 && cur.bytes().all(|b| b.is_ascii_uppercase())) {
            err(
                "cost.currency",
                "must be a three-letter ISO 4217 code such as EUR",
            );
        }
    }
    if cost.amount.is_some() && cost.currency.is_none() && cost.kind != CostKind::Free {
        err("cost.currency", "is required when cost.amount is given");
    }
}

fn check_short(
    err: &mut impl FnMut(&str, &str),
    field: &str,
    value: Option<&String>,
    required: bool,
) {
    match value {
        None if required => err(field, "is required"),
        None => {}
        Some(v) if required && v.trim().is_empty() => err(field, "must not be empty"),
        Some(v) if v.len() > MAX_SHORT && field != "opening_hours" && field != "accessibility" => {
            err(field, "must be at most 500 bytes")
        }
        Some(v) if v.len() > MAX_TEXT => err(field, "must be at most 20000 bytes"),
        Some(v) if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') => {
            err(field, "must not contain control characters")
        }
        Some(v) if v.chars().any(is_hidden_format) => err(
            field,
            "must not contain direction overrides or zero-width spaces",
        ),
        Some(_) => {}
    }
}

/// Invisible characters that can disguise text: bidirectional embeddings,
/// overrides and isolates, the zero-width space and a stray byte-order mark.
/// (Zero-width joiners stay allowed: some scripts need them.)
pub fn is_hidden_format(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}' | '\u{FEFF}')
}

fn check_url(err: &mut impl FnMut(&str, &str), field: &str, value: Option<&str>) {
    if let Some(url) = value {
        let ok = (url.starts_with("https://") || url.starts_with("http://"))
            && url.len() <= 2000
            && url.len() > "https://".len()
            && !url.chars().any(|c| c.is_whitespace() || c.is_control());
        if !ok {
            err(field, "must be an http(s) URL without spaces");
        }
    }
}

/// Whether `code` looks like an ISO 639-1 language code.
pub fn is_language_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())
}

fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

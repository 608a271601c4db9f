//! Turning one row into a full [`Resource`]: each cell read by its column,
//! the place geocoded when there are no coordinates, a stable id made when
//! there is none, and the model's validation mapped back to the columns.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::cell::{self, CellError};
use super::{Column, Header, ProblemKind, SheetProblem};
use crate::gazetteer::Gazetteer;
use crate::model::{
    Availability, Contact, Eligibility, LocalizedText, Location, Organization, Provenance,
    PublicationStatus, Resource, ResourceId,
};
use crate::taxonomy::Taxonomy;
use crate::text::{fold_key, normalize, transliterate};

/// The source written into a record whose row has no `bron` / `source`.
pub const DEFAULT_SOURCE: &str = "spreadsheet import";

/// What every row is read against.
pub struct RowContext<'a> {
    /// For category codes and labels.
    pub taxonomy: &'a Taxonomy,
    /// For geocoding places.
    pub gazetteer: &'a Gazetteer,
    /// Creation and update time of the records.
    pub now: DateTime<Utc>,
    /// Category codes by folded code and label (uk, nl, en).
    categories: HashMap<String, String>,
}

impl<'a> RowContext<'a> {
    /// A context; builds the category look-up once.
    pub fn new(taxonomy: &'a Taxonomy, gazetteer: &'a Gazetteer, now: DateTime<Utc>) -> Self {
        let mut categories = HashMap::new();
        for c in taxonomy.categories() {
            for name in [&c.code, &c.labels.en, &c.labels.nl, &c.labels.uk] {
                categories
                    .entry(fold_key(name))
                    .or_insert_with(|| c.code.clone());
            }
        }
        RowContext {
            taxonomy,
            gazetteer,
            now,
            categories,
        }
    }

    fn category(&self, text: &str) -> Result<String, CellError> {
        let code = text.trim().to_lowercase();
        if self.taxonomy.is_category(&code) {
            return Ok(code);
        }
        self.categories
            .get(&fold_key(text))
            .cloned()
            .ok_or_else(|| {
                (
                    ProblemKind::Category,
                    format!("unknown category '{}'", cell::clip(text)),
                )
            })
    }
}

/// The cleaned cells of one row, by column.
struct Cells<'r> {
    values: HashMap<Column, &'r str>,
    row: usize,
    header: &'r Header,
    problems: Vec<SheetProblem>,
}

impl<'r> Cells<'r> {
    fn get(&self, c: Column) -> Option<&'r str> {
        self.values.get(&c).copied()
    }

    fn problem(&mut self, c: Column, (kind, message): CellError) {
        let column = self.header.name(c);
        self.problems
            .push(SheetProblem::new(self.row, column, kind, message));
    }

    /// Reads `c` with `read`; a problem is recorded and `None` returned on failure.
    fn read<T>(&mut self, c: Column, read: impl Fn(&str) -> Result<T, CellError>) -> Option<T> {
        let text = self.get(c)?;
        match read(text) {
            Ok(v) => Some(v),
            Err(e) => {
                self.problem(c, e);
                None
            }
        }
    }

    fn text(&self, c: Column) -> Option<String> {
        self.get(c).map(str::to_string)
    }

    fn list<T>(&mut self, c: Column, read: impl Fn(&str) -> Result<T, CellError>) -> Vec<T> {
        let Some(text) = self.get(c) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in cell::list(text) {
            match read(item) {
                Ok(v) => out.push(v),
                Err(e) => self.problem(c, e),
            }
        }
        out
    }
}

/// A stable id for a row without one: `sheet-`, a slug of the name and the
/// place (or municipality, or `online`), and 8 hex digits of a SHA-256 of
/// both, so that importing an updated sheet again replaces the same records.
pub fn stable_id(name: &str, place: &str) -> ResourceId {
    let slug_of = |s: &str| {
        let mut slug = String::new();
        for ch in transliterate(&normalize(s)).chars() {
            if ch.is_ascii_alphanumeric() {
                slug.push(ch.to_ascii_lowercase());
            } else if !slug.ends_with('-') && !slug.is_empty() {
                slug.push('-');
            }
        }
        slug.trim_end_matches('-')
            .chars()
            .take(28)
            .collect::<String>()
    };
    let digest = Sha256::digest(format!("{}\u{1f}{}", name.trim(), place.trim()));
    let hash: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    let name_slug = slug_of(name);
    let place_slug = slug_of(place);
    let mut parts = vec!["sheet".to_string()];
    parts.extend(
        [name_slug, place_slug]
            .into_iter()
            .filter(|s| !s.is_empty()),
    );
    parts.push(hash);
    ResourceId(parts.join("-").replace("--", "-"))
}

/// Reads one row into a resource, or every problem of the row.
pub fn read_row(
    ctx: &RowContext<'_>,
    header: &Header,
    row: usize,
    raw: &[String],
) -> Result<Resource, Vec<SheetProblem>> {
    let mut cells = Cells {
        values: HashMap::new(),
        row,
        header,
        problems: Vec::new(),
    };
    for (i, text) in raw.iter().enumerate() {
        let Some(c) = header.at(i) else { continue };
        match cell::clean(text) {
            Ok(Some(v)) => {
                cells.values.insert(c, v);
            }
            Ok(None) => {}
            Err(e) => cells.problem(c, e),
        }
    }
    let resource = build(ctx, &mut cells);
    let mut problems = cells.problems;
    if let Err(errors) = resource.validate(|c| ctx.taxonomy.is_category(c)) {
        for e in errors.0 {
            let column = match Column::for_field(&e.field) {
                // A generated id is made from the name.
                Some(Column::Id) if !header.has(Column::Id) => header.name(Column::Name),
                Some(Column::Municipality) if !header.has(Column::Municipality) => {
                    header.name(Column::Place)
                }
                Some(c) => header.name(c),
                None => e.field.clone(),
            };
            // One problem per cell: a cell that could not be read already
            // said so. Without a place, a radius cannot be checked either.
            let unplaced = problems
                .iter()
                .any(|p| matches!(p.kind, ProblemKind::Place | ProblemKind::Location));
            if problems.iter().any(|p| p.column == column)
                || (unplaced && e.field.starts_with("service_area"))
            {
                continue;
            }
            let required = e.message.starts_with("is required")
                || e.message.starts_with("must not be empty")
                || e.message.starts_with("must list at least one")
                || e.message.starts_with("must have a text");
            let kind = if required {
                ProblemKind::Required
            } else {
                ProblemKind::Invalid
            };
            problems.push(SheetProblem::new(
                row,
                column,
                kind,
                format!("{}: {}", e.field, e.message),
            ));
        }
    }
    if problems.is_empty() {
        Ok(resource)
    } else {
        Err(problems)
    }
}

fn build(ctx: &RowContext<'_>, cells: &mut Cells<'_>) -> Resource {
    let name = cells.text(Column::Name).unwrap_or_default();
    let categories = cells.list(Column::Categories, |t| ctx.category(t));
    let location = location(ctx, cells);
    let id = match cells.get(Column::Id) {
        Some(id) => ResourceId(id.to_string()),
        None => {
            let place = cells
                .get(Column::Place)
                .or(cells.get(Column::Municipality))
                .or(location.municipality())
                .unwrap_or("online");
            stable_id(&name, place)
        }
    };
    let service_area = cells.read(Column::ServiceArea, cell::service_area);
    let languages = cells.list(Column::Languages, cell::language);
    let legal_statuses = cells.list(Column::LegalStatus, cell::legal_status);
    let residents_only = cells
        .get(Column::ResidentsOnly)
        .map(|t| cell::list(t).into_iter().map(str::to_string).collect())
        .unwrap_or_default();
    let eligibility = Eligibility {
        min_age: cells.read(Column::MinAge, cell::age),
        max_age: cells.read(Column::MaxAge, cell::age),
        audience: cells.text(Column::Audience),
        legal_statuses,
        bsn_required: cells
            .read(Column::BsnRequired, cell::yes_no)
            .unwrap_or(false),
        residents_only,
    };
    let mut cost = cells.read(Column::Cost, cell::cost);
    if let Some(note) = cells.text(Column::CostNote) {
        match &mut cost {
            Some(c) => c.note = Some(note),
            None if cells.get(Column::Cost).is_none() => cells.problem(
                Column::Cost,
                (
                    ProblemKind::Cost,
                    "a cost note needs a cost in this column".to_string(),
                ),
            ),
            None => {}
        }
    }
    let verified_at = cells.read(Column::VerifiedAt, cell::date);
    let availability = cells
        .read(Column::Availability, cell::availability)
        .map(|status| Availability {
            status,
            stated_at: verified_at,
        });
    Resource {
        id,
        name,
        description: LocalizedText {
            uk: cells.text(Column::DescriptionUk),
            nl: cells.text(Column::DescriptionNl),
            en: cells.text(Column::DescriptionEn),
        },
        organization: Organization {
            name: cells.text(Column::Organization).unwrap_or_default(),
            website: cells.text(Column::OrganizationWebsite),
        },
        categories,
        location,
        service_area,
        languages,
        interpreter_available: cells
            .read(Column::Interpreter, cell::yes_no)
            .unwrap_or(false),
        eligibility,
        cost,
        availability,
        contact: Contact {
            phone: cells.text(Column::Phone),
            email: cells.text(Column::Email),
            website: cells.text(Column::Website),
            telegram: cells.text(Column::Telegram),
            whatsapp: cells.text(Column::Whatsapp),
        },
        opening_hours: cells.text(Column::OpeningHours),
        accessibility: cells.text(Column::Accessibility),
        provenance: Provenance {
            source: cells
                .text(Column::Source)
                .unwrap_or_else(|| DEFAULT_SOURCE.to_string()),
            created_at: ctx.now,
            updated_at: ctx.now,
            verified_at,
            verified_by: cells.text(Column::VerifiedBy),
        },
        status: cells
            .read(Column::Status, cell::status)
            .unwrap_or(PublicationStatus::Published),
        synthetic: cells.read(Column::Synthetic, cell::yes_no).unwrap_or(false),
    }
}

/// Online, given coordinates, or a point geocoded from the place or the
/// municipality (then marked approximate).
fn location(ctx: &RowContext<'_>, cells: &mut Cells<'_>) -> Location {
    if cells.read(Column::Online, cell::yes_no) == Some(true) {
        return Location::Online;
    }
    let place_text = cells.get(Column::Place);
    let municipality_text = cells.get(Column::Municipality);
    let resolved = place_text
        .map(|p| (Column::Place, p))
        .or(municipality_text.map(|m| (Column::Municipality, m)))
        .map(|(c, text)| (c, text, ctx.gazetteer.resolve(text)));
    let lat = cells.read(Column::Lat, cell::number);
    let lon = cells.read(Column::Lon, cell::number);
    let has_lat = cells.get(Column::Lat).is_some();
    let has_lon = cells.get(Column::Lon).is_some();
    let address = cells.text(Column::Address);
    let mut municipality = municipality_text.map(str::to_string).or_else(|| {
        resolved
            .as_ref()
            .and_then(|r| r.2)
            .map(|p| p.municipality.clone())
    });
    if has_lat || has_lon {
        if has_lat != has_lon {
            let (missing, other) = if has_lat {
                (Column::Lon, "breedtegraad (lat)")
            } else {
                (Column::Lat, "lengtegraad (lon)")
            };
            cells.problem(
                missing,
                (
                    ProblemKind::Number,
                    format!("is empty while {other} is filled in"),
                ),
            );
        }
        if municipality.is_none() {
            // A point without a known place: the place cell's text is better than nothing.
            municipality = place_text.map(str::to_string);
        }
        return Location::Place {
            address,
            municipality: municipality.unwrap_or_default(),
            lat: lat.unwrap_or(f64::NAN),
            lon: lon.unwrap_or(f64::NAN),
            approximate: cells
                .read(Column::Approximate, cell::yes_no)
                .unwrap_or(false),
        };
    }
    match resolved {
        Some((_, _, Some(place))) => Location::Place {
            address,
            municipality: municipality.unwrap_or_else(|| place.municipality.clone()),
            lat: place.coordinate.lat(),
            lon: place.coordinate.lon(),
            approximate: true,
        },
        Some((column, text, None)) => {
            cells.problem(
                column,
                (
                    ProblemKind::Place,
                    format!(
                        "'{}' is not a known place in the Netherlands",
                        cell::clip(text)
                    ),
                ),
            );
            Location::Online
        }
        None => {
            cells.problem(
                Column::Place,
                (
                    ProblemKind::Location,
                    "the row says nowhere where the service is offered".to_string(),
                ),
            );
            Location::Online
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_ids_are_well_formed_and_stable() {
        let a = stable_id("Taalcafé Oekraïne", "Utrecht");
        assert_eq!(a, stable_id("Taalcafé Oekraïne", "Utrecht"));
        assert_ne!(a, stable_id("Taalcafé Oekraïne", "Zeist"));
        assert!(a.is_well_formed(), "{a}");
        assert!(
            a.as_str().starts_with("sheet-taalcafe-oekraine-utrecht-"),
            "{a}"
        );
        let cyr = stable_id(
            "Психологічна підтримка для дітей і батьків у Гаазі",
            "Гаага",
        );
        assert!(cyr.is_well_formed(), "{cyr}");
        assert!(stable_id("", "").is_well_formed());
    }
}

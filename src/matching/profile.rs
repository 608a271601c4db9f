//! The household profile: who needs what, where, in which languages, under
//! which legal status and budget. Held in memory for one match and never
//! stored or logged.

use serde::{Deserialize, Serialize};

use crate::model::validate::is_language_code;
use crate::model::FieldError;

/// The most members one household may list.
pub const MAX_MEMBERS: usize = 20;
/// The most needs (household-level plus all members') one profile may list.
pub const MAX_NEEDS: usize = 40;
/// The longest text field, in characters.
pub const MAX_TEXT_CHARS: usize = 500;
/// The most matches one need may ask for.
pub const MAX_PER_NEED: usize = 10;

/// A household, as a helper describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Household {
    /// Where the household lives.
    pub home: Home,
    /// How far they can travel, in km. Overrides `mobility`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reach_km: Option<f64>,
    /// How they travel; implies a default reach when `reach_km` is absent.
    #[serde(default)]
    pub mobility: Mobility,
    /// Languages spoken, the own language first.
    #[serde(default)]
    pub languages: Vec<SpokenLanguage>,
    /// ISO 639-1 codes of languages they do not want to be helped in.
    #[serde(default)]
    pub avoid_languages: Vec<String>,
    /// Their legal status, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_status: Option<HouseholdStatus>,
    /// Whether they have a BSN; unknown when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_bsn: Option<bool>,
    /// The municipality (gemeente) they are registered in, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered_municipality: Option<String>,
    /// What they can pay.
    #[serde(default)]
    pub budget: Budget,
    /// The people in the household.
    #[serde(default)]
    pub members: Vec<Member>,
    /// Needs of the household as a whole.
    #[serde(default)]
    pub needs: Vec<String>,
    /// Also suggest leisure and mental support nobody asked for.
    #[serde(default = "yes")]
    pub suggest_wellbeing: bool,
    /// Matches per need, 1 to [`MAX_PER_NEED`].
    #[serde(default = "three")]
    pub max_per_need: usize,
}

fn yes() -> bool {
    true
}

fn three() -> usize {
    3
}

/// Where a household lives: a place name in any script, or coordinates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Home {
    /// A gazetteer place name ("Utrecht", "Утрехт", "Den Haag").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Latitude (with `lon`); wins over `place`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude (with `lat`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// How a household gets around.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mobility {
    /// On foot: 2 km.
    Walk,
    /// By bicycle: 7 km.
    Bike,
    /// By bus and train: 20 km.
    #[default]
    PublicTransport,
    /// By car: 40 km.
    Car,
}

impl Mobility {
    /// The reach this mode implies, in km.
    pub fn default_reach_km(self) -> f64 {
        match self {
            Mobility::Walk => 2.0,
            Mobility::Bike => 7.0,
            Mobility::PublicTransport => 20.0,
            Mobility::Car => 40.0,
        }
    }
}

/// A language someone speaks, and how well.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum SpokenLanguage {
    /// Just the ISO 639-1 code: spoken well.
    Code(String),
    /// The code with a level.
    Leveled {
        /// ISO 639-1 code.
        code: String,
        /// How well.
        #[serde(default)]
        level: LanguageLevel,
    },
}

impl SpokenLanguage {
    /// The ISO 639-1 code.
    pub fn code(&self) -> &str {
        match self {
            SpokenLanguage::Code(c) | SpokenLanguage::Leveled { code: c, .. } => c,
        }
    }

    /// The level (a bare code counts as fluent).
    pub fn level(&self) -> LanguageLevel {
        match self {
            SpokenLanguage::Code(_) => LanguageLevel::Fluent,
            SpokenLanguage::Leveled { level, .. } => *level,
        }
    }
}

/// How well a language is spoken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LanguageLevel {
    /// The own language.
    Native,
    /// Fluent (CEFR B2 and up).
    #[default]
    Fluent,
    /// Basic (CEFR A1–B1): enough for simple contact.
    Basic,
}

/// A household's legal status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HouseholdStatus {
    /// EU Temporary Protection Directive (Ukrainian nationals).
    TemporaryProtection,
    /// A third-country national who lived in Ukraine.
    ThirdCountryNational,
    /// Asylum seeker in procedure.
    AsylumSeeker,
    /// Residence permit after asylum.
    StatusHolder,
    /// EU citizen.
    EuCitizen,
    /// Anything else.
    Other,
}

impl HouseholdStatus {
    /// The matching [`crate::model::LegalStatus`], if resources can name it.
    pub fn legal_status(self) -> Option<crate::model::LegalStatus> {
        use crate::model::LegalStatus as L;
        match self {
            HouseholdStatus::TemporaryProtection => Some(L::TemporaryProtection),
            HouseholdStatus::ThirdCountryNational => Some(L::ThirdCountryNational),
            HouseholdStatus::AsylumSeeker => Some(L::AsylumSeeker),
            HouseholdStatus::StatusHolder => Some(L::StatusHolder),
            HouseholdStatus::EuCitizen => Some(L::EuCitizen),
            HouseholdStatus::Other => None,
        }
    }
}

/// What a household can pay.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Budget {
    /// Free services only.
    Free,
    /// Free, reduced-price, or at most [`LOW_COST_MAX_EUR`].
    LowCost,
    /// Any price.
    #[default]
    Any,
}

/// The highest price that still counts as low cost, in euro.
pub const LOW_COST_MAX_EUR: f64 = 10.0;

/// One person in the household.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// How the helper refers to them ("mother", "son, 12"); not a name.
    pub label: String,
    /// Age in years, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    /// Their needs: taxonomy codes or free text.
    #[serde(default)]
    pub needs: Vec<String>,
    /// What they like ("volleyball", "малювання"); used for leisure and for relevance.
    #[serde(default)]
    pub interests: Vec<String>,
    /// Free-text notes for the helper. Matching does not read them and the
    /// plan does not repeat them, so nothing sensitive written here travels
    /// further.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl Household {
    /// The reach in km: `reach_km`, else the mobility's default.
    pub fn reach(&self) -> f64 {
        self.reach_km
            .unwrap_or_else(|| self.mobility.default_reach_km())
    }

    /// Checks the profile; every problem names its field.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        match (&self.home.place, self.home.lat, self.home.lon) {
            (_, Some(lat), Some(lon)) => {
                if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
                    errors.push(FieldError::new("home.lat", "must be between -90 and 90"));
                }
                if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
                    errors.push(FieldError::new("home.lon", "must be between -180 and 180"));
                }
            }
            (_, Some(_), None) => errors.push(FieldError::new("home.lon", "is required with lat")),
            (_, None, Some(_)) => errors.push(FieldError::new("home.lat", "is required with lon")),
            (Some(p), None, None) => text_field(&mut errors, "home.place", p, true),
            (None, None, None) => {
                errors.push(FieldError::new("home", "needs a place name or lat and lon"))
            }
        }
        if let Some(r) = self.reach_km {
            if !(r.is_finite() && r > 0.0 && r <= 300.0) {
                errors.push(FieldError::new(
                    "reach_km",
                    "must be more than 0 and at most 300",
                ));
            }
        }
        if self.languages.len() > 10 {
            errors.push(FieldError::new("languages", "at most 10"));
        }
        for (i, l) in self.languages.iter().enumerate() {
            if !is_language_code(l.code()) {
                let field = match l {
                    SpokenLanguage::Code(_) => format!("languages[{i}]"),
                    SpokenLanguage::Leveled { .. } => format!("languages[{i}].code"),
                };
                errors.push(FieldError::new(
                    field,
                    "must be a two-letter lowercase ISO 639-1 code",
                ));
            }
        }
        if self.avoid_languages.len() > 10 {
            errors.push(FieldError::new("avoid_languages", "at most 10"));
        }
        for (i, code) in self.avoid_languages.iter().enumerate() {
            if !is_language_code(code) {
                errors.push(FieldError::new(
                    format!("avoid_languages[{i}]"),
                    "must be a two-letter lowercase ISO 639-1 code",
                ));
            } else if self.languages.iter().any(|l| l.code() == code) {
                errors.push(FieldError::new(
                    format!("avoid_languages[{i}]"),
                    "is also listed as spoken",
                ));
            }
        }
        if let Some(m) = &self.registered_municipality {
            text_field(&mut errors, "registered_municipality", m, true);
        }
        if self.members.len() > MAX_MEMBERS {
            errors.push(FieldError::new("members", format!("at most {MAX_MEMBERS}")));
        }
        for (i, n) in self.needs.iter().enumerate() {
            text_field(&mut errors, &format!("needs[{i}]"), n, true);
        }
        for (i, m) in self.members.iter().enumerate() {
            text_field(&mut errors, &format!("members[{i}].label"), &m.label, true);
            if m.age.is_some_and(|a| a > 120) {
                errors.push(FieldError::new(
                    format!("members[{i}].age"),
                    "must be at most 120",
                ));
            }
            for (j, n) in m.needs.iter().enumerate() {
                text_field(&mut errors, &format!("members[{i}].needs[{j}]"), n, true);
            }
            if m.interests.len() > 20 {
                errors.push(FieldError::new(
                    format!("members[{i}].interests"),
                    "at most 20",
                ));
            }
            for (j, n) in m.interests.iter().enumerate() {
                text_field(
                    &mut errors,
                    &format!("members[{i}].interests[{j}]"),
                    n,
                    true,
                );
            }
            if let Some(n) = &m.notes {
                text_field(&mut errors, &format!("members[{i}].notes"), n, false);
            }
        }
        let needs = self.needs.len() + self.members.iter().map(|m| m.needs.len()).sum::<usize>();
        if needs > MAX_NEEDS {
            errors.push(FieldError::new(
                "needs",
                format!("at most {MAX_NEEDS} needs in all, members' included"),
            ));
        }
        if self.max_per_need == 0 || self.max_per_need > MAX_PER_NEED {
            errors.push(FieldError::new(
                "max_per_need",
                format!("must be from 1 to {MAX_PER_NEED}"),
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

fn text_field(errors: &mut Vec<FieldError>, field: &str, value: &str, required: bool) {
    if required && value.trim().is_empty() {
        errors.push(FieldError::new(field, "must not be empty"));
    } else if value.chars().count() > MAX_TEXT_CHARS {
        errors.push(FieldError::new(
            field,
            format!("must be at most {MAX_TEXT_CHARS} characters"),
        ));
    } else if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        errors.push(FieldError::new(
            field,
            "must not contain control characters",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_profile_takes_defaults() {
        let h: Household = serde_json::from_str(r#"{"home":{"place":"Utrecht"}}"#).unwrap();
        assert_eq!(h.reach(), 20.0);
        assert!(h.suggest_wellbeing);
        assert_eq!(h.max_per_need, 3);
        assert_eq!(h.budget, Budget::Any);
        h.validate().unwrap();
    }

    #[test]
    fn languages_take_a_code_or_a_level() {
        let h: Household = serde_json::from_str(
            r#"{"home":{"lat":52.1,"lon":5.1},"languages":["uk",{"code":"nl","level":"basic"}]}"#,
        )
        .unwrap();
        assert_eq!(h.languages[0].level(), LanguageLevel::Fluent);
        assert_eq!(h.languages[1].code(), "nl");
        assert_eq!(h.languages[1].level(), LanguageLevel::Basic);
    }

    #[test]
    fn every_problem_names_its_field() {
        let h: Household = serde_json::from_str(
            r#"{"home":{"lat":95},"languages":["UK"],"avoid_languages":["ru","uk2"],
                "members":[{"label":" ","age":130,"needs":[""]}],"max_per_need":0}"#,
        )
        .unwrap();
        let fields: Vec<String> = h
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        for f in [
            "home.lon",
            "languages[0]",
            "avoid_languages[1]",
            "members[0].label",
            "members[0].age",
            "members[0].needs[0]",
            "max_per_need",
        ] {
            assert!(fields.iter().any(|x| x == f), "{f} missing from {fields:?}");
        }
    }
}

//! The household form (`GET`/`POST /match`): home, reach or mobility,
//! languages spoken and to avoid, legal status, BSN, registration, budget,
//! needs, and member rows. Posting it shows the plan and its chat messages.
//!
//! Works without JavaScript: "add a member" is a submit button that renders
//! the form again with one more row. The profile travels only in the POST
//! body; it is never logged, stored or put in a URL, and the page is sent
//! with `Cache-Control: no-store` (see `layout::html_response`).
//!
//! The file is a little over the house's ~400-line aim: the handlers, the
//! reading of the form and its markup name the same fields and change
//! together, so they stay side by side.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use maud::{html, Markup};

use super::context::{engine_call, Ctx};
use super::error::PageError;
use super::i18n::{language_name, FORM_LANGUAGES};
use super::layout::{error_summary, field_errors, html_response, page, respond};
use super::params::{read_form, Params};
use super::plan::plan_section;
use super::texts::{t, T};
use crate::http::AppState;
use crate::matching::{
    Budget, Home, Household, HouseholdStatus, LanguageLevel, Member, Mobility, SpokenLanguage,
    MAX_MEMBERS,
};
use crate::model::FieldError;
use crate::taxonomy::Taxonomy;

/// Member rows on a fresh form.
const START_ROWS: usize = 3;

/// `GET /match`.
pub async fn match_page(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let ctx = Ctx::new(&req, &state).await;
    let body = html! {
        h1 { (t(ctx.lang(), T::MatchTitle)) }
        p { (t(ctx.lang(), T::MatchIntro)) }
        (form(&ctx, state.engine.taxonomy(), &Params::default(), START_ROWS, &[]))
    };
    html_response(
        &ctx,
        StatusCode::OK,
        page(&ctx, t(ctx.lang(), T::MatchTitle), body),
    )
}

/// `POST /match`: another member row, the form with its errors, or the plan.
pub async fn match_submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    payload: web::Payload,
) -> HttpResponse {
    let ctx = Ctx::new(&req, &state).await;
    let result: Result<HttpResponse, PageError> = async {
        let params = read_form(&req, payload).await?;
        let rows = row_count(&params);
        if params.get("action") == Some("add_member") {
            let rows = (rows + 1).min(MAX_MEMBERS);
            return Ok(form_response(
                &ctx,
                &state,
                &params,
                rows,
                &[],
                StatusCode::OK,
            ));
        }
        let parsed = parse(&params, rows);
        if !parsed.errors.is_empty() {
            let mut errors = parsed.errors.clone();
            // Report the profile's own problems too, so every field is named at once.
            if let Err(more) = parsed.household.validate() {
                errors.extend(more);
            }
            let errors = parsed.to_rows(errors);
            let status = StatusCode::BAD_REQUEST;
            return Ok(form_response(&ctx, &state, &params, rows, &errors, status));
        }
        let household = parsed.household.clone();
        match engine_call(&state, move |e| e.match_household(&household)).await {
            Ok(plan) => {
                let lang = ctx.lang();
                let taxonomy = state.engine.taxonomy();
                let body = html! {
                    h1 { (t(lang, T::MatchTitle)) }
                    (plan_section(&ctx, taxonomy, &plan, Utc::now().timestamp()))
                    h2 { (t(lang, T::ChangeHousehold)) }
                    (form(&ctx, taxonomy, &params, rows, &[]))
                };
                Ok(html_response(
                    &ctx,
                    StatusCode::OK,
                    page(&ctx, t(lang, T::PlanTitle), body),
                ))
            }
            Err(PageError::Invalid(errors)) => {
                let errors = parsed.to_rows(errors);
                let status = StatusCode::BAD_REQUEST;
                Ok(form_response(&ctx, &state, &params, rows, &errors, status))
            }
            Err(e) => Err(e),
        }
    }
    .await;
    respond(&ctx, result)
}

fn form_response(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    params: &Params,
    rows: usize,
    errors: &[FieldError],
    status: StatusCode,
) -> HttpResponse {
    let lang = ctx.lang();
    let body = html! {
        h1 { (t(lang, T::MatchTitle)) }
        p { (t(lang, T::MatchIntro)) }
        (form(ctx, state.engine.taxonomy(), params, rows, errors))
    };
    html_response(ctx, status, page(ctx, t(lang, T::MatchTitle), body))
}

/// The number of member rows the form had (at least [`START_ROWS`]).
fn row_count(params: &Params) -> usize {
    params
        .get("rows")
        .and_then(|r| r.parse::<usize>().ok())
        .unwrap_or(START_ROWS)
        .clamp(START_ROWS, MAX_MEMBERS)
}

/// A household read from the form, the form's own errors, and which row
/// each member came from (empty rows are skipped).
struct Parsed {
    household: Household,
    errors: Vec<FieldError>,
    member_rows: Vec<usize>,
}

impl Parsed {
    /// Errors named by member index (`members[0].age`) renamed to the form
    /// row they came from, so they show beside the right row.
    fn to_rows(&self, errors: Vec<FieldError>) -> Vec<FieldError> {
        errors
            .into_iter()
            .map(|mut e| {
                if let Some(rest) = e.field.strip_prefix("members[") {
                    if let Some((index, tail)) = rest.split_once(']') {
                        let row = index
                            .parse::<usize>()
                            .ok()
                            .and_then(|i| self.member_rows.get(i));
                        if let Some(row) = row {
                            e.field = format!("members[{row}]{tail}");
                        }
                    }
                }
                e
            })
            .collect()
    }
}

/// A comma-separated list, trimmed, blanks dropped.
fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A snake_case enum value through its serde name; `None` when unknown.
fn choice<T: serde::de::DeserializeOwned>(params: &Params, name: &str) -> Option<T> {
    let value = params.get(name)?;
    serde_json::from_value(serde_json::Value::String(value.to_string())).ok()
}

fn level(value: &str) -> Option<LanguageLevel> {
    serde_json::from_value(serde_json::Value::String(value.to_string())).ok()
}

fn parse(params: &Params, rows: usize) -> Parsed {
    let mut errors = Vec::new();
    let reach_km = params
        .get("reach_km")
        .and_then(|r| match r.replace(',', ".").parse::<f64>() {
            Ok(v) => Some(v),
            Err(_) => {
                errors.push(FieldError::new("reach_km", "must be a number"));
                None
            }
        });
    // Own languages first: the engine reads the first as the own language.
    let mut languages: Vec<SpokenLanguage> = Vec::new();
    for wanted in [
        LanguageLevel::Native,
        LanguageLevel::Fluent,
        LanguageLevel::Basic,
    ] {
        for code in FORM_LANGUAGES {
            if params.get(&format!("level_{code}")).and_then(level) == Some(wanted) {
                languages.push(SpokenLanguage::Leveled {
                    code: code.to_string(),
                    level: wanted,
                });
            }
        }
    }
    for item in list(&params.text("other_languages")) {
        let (code, lvl) = match item.split_once(':') {
            Some((c, l)) => (c.trim(), level(l.trim()).unwrap_or_default()),
            None => (item.as_str(), LanguageLevel::default()),
        };
        languages.push(SpokenLanguage::Leveled {
            code: code.to_string(),
            level: lvl,
        });
    }
    let avoid_languages = params.all("avoid");
    let has_bsn = match params.get("has_bsn") {
        Some("yes") => Some(true),
        Some("no") => Some(false),
        _ => None,
    };
    let mut needs = params.all("need");
    needs.extend(list(&params.text("need_words")));
    let mut members = Vec::new();
    let mut member_rows = Vec::new();
    for row in 0..rows {
        let field = |name: &str| params.text(&format!("members[{row}].{name}"));
        let (label, age_text, words, interests) = (
            field("label"),
            field("age"),
            field("need_words"),
            field("interests"),
        );
        let mut member_needs: Vec<String> = params.all(&format!("members[{row}].need"));
        member_needs.extend(list(&words));
        if label.is_empty()
            && age_text.is_empty()
            && member_needs.is_empty()
            && interests.is_empty()
        {
            continue;
        }
        let index = members.len();
        let age = if age_text.is_empty() {
            None
        } else {
            match age_text.parse::<u8>() {
                Ok(a) if a <= 120 => Some(a),
                _ => {
                    errors.push(FieldError::new(
                        format!("members[{index}].age"),
                        "must be a whole number from 0 to 120",
                    ));
                    None
                }
            }
        };
        members.push(Member {
            label,
            age,
            needs: member_needs,
            interests: list(&interests),
            notes: None,
        });
        member_rows.push(row);
    }
    let household = Household {
        home: Home {
            place: params.get("home.place").map(str::to_string),
            lat: None,
            lon: None,
        },
        reach_km,
        mobility: choice::<Mobility>(params, "mobility").unwrap_or_default(),
        languages,
        avoid_languages,
        legal_status: choice::<HouseholdStatus>(params, "legal_status"),
        has_bsn,
        registered_municipality: params.get("registered_municipality").map(str::to_string),
        budget: choice::<Budget>(params, "budget").unwrap_or_default(),
        members,
        needs,
        // A fresh form suggests wellbeing; a sent one says what was ticked.
        suggest_wellbeing: params.get("sent").is_none() || params.flag("suggest_wellbeing"),
        max_per_need: params
            .get("max_per_need")
            .and_then(|n| n.parse().ok())
            .unwrap_or(3),
    };
    Parsed {
        household,
        errors,
        member_rows,
    }
}

/// A `<select>` of `options` (value, text) with the current value selected.
fn select(name: &str, current: &str, options: &[(&str, T)], lang: crate::model::Lang) -> Markup {
    html! {
        select id=(name) name=(name) {
            @for (value, text) in options {
                option value=(value) selected[current == *value] { (t(lang, *text)) }
            }
        }
    }
}

/// A `<select>` of the taxonomy's categories, grouped by indicator.
fn category_select(
    id: &str,
    name: &str,
    current: &str,
    taxonomy: &Taxonomy,
    lang: crate::model::Lang,
) -> Markup {
    html! {
        select id=(id) name=(name) {
            option value="" { "—" }
            @for ind in taxonomy.indicators() {
                optgroup label=(ind.labels.get(lang)) {
                    @for c in taxonomy.categories().iter().filter(|c| c.indicator() == ind.id) {
                        option value=(c.code) selected[current == c.code] { (c.labels.get(lang)) }
                    }
                }
            }
        }
    }
}

fn form(ctx: &Ctx, taxonomy: &Taxonomy, p: &Params, rows: usize, errors: &[FieldError]) -> Markup {
    let lang = ctx.lang();
    let sent = p.get("sent").is_some();
    let suggest = !sent || p.flag("suggest_wellbeing");
    let avoid = p.all("avoid");
    let text_field = |name: &str, label: T, kind: &str, paths: &[&str], required: bool| {
        html! {
            div.field {
                label for=(name) { (t(lang, label)) @if required { " " abbr title=(t(lang, T::Required)) { "*" } } }
                input id=(name) name=(name) type=(kind) value=(p.text(name)) maxlength="500" required[required];
                (field_errors(lang, errors, paths))
            }
        }
    };
    html! {
        p.hint { (t(lang, T::MatchPrivacy)) }
        (error_summary(ctx, errors))
        form.add method="post" action={ "/match?lang=" (lang.code()) } {
            input type="hidden" name="sent" value="1";
            input type="hidden" name="rows" value=(rows);
            // Enter in a text field presses the form's first submit button:
            // make that one "find matches", not "add a member".
            button.default-submit type="submit" name="action" value="match" tabindex="-1" aria-hidden="true" { (t(lang, T::FindMatches)) }
            div.field {
                label for="home.place" { (t(lang, T::HomePlace)) " " abbr title=(t(lang, T::Required)) { "*" } }
                input id="home.place" name="home.place" type="text" value=(p.text("home.place")) maxlength="200"
                    autocomplete="off" list="place-options" data-autocomplete="places" required;
                datalist #place-options {}
                (field_errors(lang, errors, &["home"]))
            }
            div.row {
                div.field {
                    label for="mobility" { (t(lang, T::Mobility)) }
                    (select("mobility", &p.text("mobility"), &[
                        ("public_transport", T::MobilityTransit), ("walk", T::MobilityWalk),
                        ("bike", T::MobilityBike), ("car", T::MobilityCar)], lang))
                }
                (text_field("reach_km", T::MatchReach, "text", &["reach_km"], false))
            }
            fieldset {
                legend { (t(lang, T::SpokenLanguages)) }
                @for code in FORM_LANGUAGES {
                    @let name = format!("level_{code}");
                    div.field {
                        label for=(name) { (language_name(lang, code)) }
                        (select(&name, &p.text(&name), &[("", T::NotSpoken), ("native", T::LevelNative),
                            ("fluent", T::LevelFluent), ("basic", T::LevelBasic)], lang))
                    }
                }
                (text_field("other_languages", T::OtherSpoken, "text", &[], false))
                (field_errors(lang, errors, &["languages"]))
            }
            fieldset {
                legend { (t(lang, T::AvoidLanguages)) }
                div.checks {
                    @for code in FORM_LANGUAGES {
                        @let id = format!("avoid-{code}");
                        div.check {
                            input id=(id) type="checkbox" name="avoid" value=(code) checked[avoid.iter().any(|c| c == code)];
                            label for=(id) { (language_name(lang, code)) }
                        }
                    }
                }
                (field_errors(lang, errors, &["avoid_languages"]))
            }
            div.row {
                div.field {
                    label for="legal_status" { (t(lang, T::LegalStatus)) }
                    (select("legal_status", &p.text("legal_status"), &[("", T::Unknown),
                        ("temporary_protection", T::StatusTemporaryProtection),
                        ("third_country_national", T::StatusThirdCountry),
                        ("asylum_seeker", T::StatusAsylumSeeker), ("status_holder", T::StatusHolder),
                        ("eu_citizen", T::StatusEuCitizen), ("other", T::StatusOther)], lang))
                }
                div.field {
                    label for="has_bsn" { (t(lang, T::HasBsn)) }
                    (select("has_bsn", &p.text("has_bsn"), &[("", T::Unknown), ("yes", T::Yes), ("no", T::No)], lang))
                }
            }
            (text_field("registered_municipality", T::RegisteredMunicipality, "text", &["registered_municipality"], false))
            div.row {
                div.field {
                    label for="budget" { (t(lang, T::Budget)) }
                    (select("budget", &p.text("budget"), &[("any", T::BudgetAny), ("low_cost", T::BudgetLowCost), ("free", T::BudgetFree)], lang))
                }
                div.field {
                    label for="max_per_need" { (t(lang, T::MaxPerNeed)) }
                    select #max_per_need name="max_per_need" {
                        @let chosen = p.get("max_per_need").unwrap_or("3");
                        @for n in ["1", "2", "3", "5", "10"] {
                            option value=(n) selected[chosen == n] { (n) }
                        }
                    }
                    (field_errors(lang, errors, &["max_per_need"]))
                }
            }
            fieldset {
                legend { (t(lang, T::HouseholdNeeds)) }
                div.field {
                    label for="need" { (t(lang, T::NeedTopic)) }
                    (category_select("need", "need", &p.text("need"), taxonomy, lang))
                }
                (text_field("need_words", T::NeedWords, "text", &[], false))
                (field_errors(lang, errors, &["needs"]))
            }
            fieldset {
                legend { (t(lang, T::Members)) }
                @for row in 0..rows {
                    @let name = |f: &str| format!("members[{row}].{f}");
                    fieldset.member {
                        legend { (t(lang, T::MemberN)) " " (row + 1) }
                        (text_field(&name("label"), T::MemberLabel, "text", &[&name("label")], false))
                        (text_field(&name("age"), T::Age, "number", &[&name("age")], false))
                        div.field {
                            label for=(name("need")) { (t(lang, T::NeedTopic)) }
                            (category_select(&name("need"), &name("need"), &p.text(&name("need")), taxonomy, lang))
                        }
                        (text_field(&name("need_words"), T::NeedWords, "text", &[&name("needs")], false))
                        (text_field(&name("interests"), T::Interests, "text", &[&name("interests")], false))
                        (field_errors(lang, errors, &[&name("notes")]))
                    }
                }
                @if rows < MAX_MEMBERS {
                    button type="submit" name="action" value="add_member" formnovalidate { (t(lang, T::AddMember)) }
                }
                @let whole: Vec<FieldError> = errors.iter().filter(|e| e.field == "members").cloned().collect();
                (field_errors(lang, &whole, &["members"]))
            }
            div.check {
                input #suggest_wellbeing type="checkbox" name="suggest_wellbeing" value="1" checked[suggest];
                label for="suggest_wellbeing" { (t(lang, T::SuggestWellbeing)) }
            }
            button.primary type="submit" name="action" value="match" { (t(lang, T::FindMatches)) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_reads_as_a_household() {
        let p = Params::parse(
            "sent=1&home.place=Utrecht&level_en=basic&level_uk=native&other_languages=de%2C+ar:basic\
             &avoid=ru&has_bsn=no&budget=free&need=language.dutch_lessons&need_words=fiets%2C+werk\
             &members%5B1%5D.label=son&members%5B1%5D.age=x&members%5B2%5D.interests=chess",
        )
        .unwrap();
        let parsed = parse(&p, 3);
        let h = &parsed.household;
        let codes: Vec<&str> = h.languages.iter().map(|l| l.code()).collect();
        assert_eq!(codes, ["uk", "en", "de", "ar"], "own language first");
        assert_eq!(h.languages[3].level(), LanguageLevel::Basic);
        assert_eq!(h.avoid_languages, ["ru"]);
        assert_eq!(h.has_bsn, Some(false));
        assert_eq!(h.budget, Budget::Free);
        assert_eq!(h.needs, ["language.dutch_lessons", "fiets", "werk"]);
        assert!(!h.suggest_wellbeing, "a sent form without the box means no");
        assert_eq!(h.members.len(), 2, "the empty first row is skipped");
        assert_eq!(parsed.member_rows, [1, 2]);
        let errors = parsed.to_rows(parsed.errors.clone());
        assert_eq!(errors[0].field, "members[1].age");
        let more = parsed.to_rows(h.validate().unwrap_err());
        assert!(more.iter().any(|e| e.field == "members[2].label"));
    }
}

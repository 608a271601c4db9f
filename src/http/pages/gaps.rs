//! The gaps page (`GET /gaps`): for researchers, where matching help is out
//! of reach. A small form (topic, language, reach), the map inline, the
//! municipalities without coverage, and a CSV download. Works without
//! JavaScript.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup, PreEscaped};

use super::context::{engine_call, Ctx};
use super::error::PageError;
use super::i18n::{language_name, FORM_LANGUAGES};
use super::layout::{error_summary, html_response, page, respond};
use super::params::encode;
use super::texts::{t, T};
use crate::gaps::{to_svg_fluid, GapReport};
use crate::http::api::parse_gaps;
use crate::http::AppState;
use crate::taxonomy::Taxonomy;

/// The reach choices, km.
const REACHES: [&str; 6] = ["5", "10", "15", "25", "50", "100"];

/// The form as the visitor filled it in.
#[derive(Debug, Clone, Default)]
struct GapsForm {
    category: String,
    language: String,
    reach: String,
}

impl GapsForm {
    /// The query string of this report for the API, in `format`.
    fn api_href(&self, format: &str, lang: &str) -> String {
        let mut pairs: Vec<(&str, &str)> = vec![
            ("category", &self.category),
            ("language", &self.language),
            ("reach_km", &self.reach),
        ];
        pairs.retain(|(_, v)| !v.is_empty());
        pairs.push(("format", format));
        pairs.push(("lang", lang));
        format!("/api/v1/gaps?{}", encode(&pairs))
    }
}

/// `GET /gaps`.
pub async fn gaps_page(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let ctx = Ctx::new(&req, &state).await;
    let result = render(&ctx, &state).await;
    respond(&ctx, result)
}

async fn render(ctx: &Ctx, state: &web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let lang = ctx.lang();
    let form = GapsForm {
        category: ctx.query.text("category"),
        language: ctx.query.text("language"),
        reach: ctx.query.text("reach_km"),
    };
    let taxonomy = state.engine.taxonomy();
    let (status, report, errors) = if form.category.is_empty() {
        (StatusCode::OK, None, Vec::new())
    } else {
        let mut pairs = vec![("category".to_string(), form.category.clone())];
        for (k, v) in [("language", &form.language), ("reach_km", &form.reach)] {
            if !v.is_empty() {
                pairs.push((k.to_string(), v.clone()));
            }
        }
        match parse_gaps(&pairs) {
            Err(errors) => (StatusCode::BAD_REQUEST, None, errors),
            Ok(request) => {
                // The report and its map are CPU work: both on the blocking pool.
                let call = engine_call(state, move |e| {
                    let report = e.gaps(&request.query)?;
                    let svg = to_svg_fluid(&report, e.gazetteer(), e.taxonomy(), lang);
                    Ok((report, svg))
                });
                match call.await {
                    Ok(done) => (StatusCode::OK, Some(done), Vec::new()),
                    Err(PageError::Invalid(errors)) => (StatusCode::BAD_REQUEST, None, errors),
                    Err(e) => return Err(e),
                }
            }
        }
    };
    let body = html! {
        h1 { (t(lang, T::GapsTitle)) }
        p { (t(lang, T::GapsIntro)) }
        (gaps_form(ctx, taxonomy, &form))
        (error_summary(ctx, &errors))
        @if let Some((report, svg)) = &report {
            (report_section(ctx, &form, report, svg))
        }
    };
    Ok(html_response(
        ctx,
        status,
        page(ctx, t(lang, T::GapsTitle), body),
    ))
}

fn gaps_form(ctx: &Ctx, taxonomy: &Taxonomy, form: &GapsForm) -> Markup {
    let lang = ctx.lang();
    let reach = if form.reach.is_empty() {
        "15"
    } else {
        form.reach.as_str()
    };
    html! {
        form.search method="get" action="/gaps" {
            input type="hidden" name="lang" value=(lang.code());
            div.row {
                div.field {
                    label for="category" { (t(lang, T::Category)) }
                    select #category name="category" required {
                        option value="" { "—" }
                        @for ind in taxonomy.indicators() {
                            optgroup label=(ind.labels.get(lang)) {
                                option value=(ind.id) selected[form.category == ind.id] {
                                    (ind.labels.get(lang)) " — " (t(lang, T::All))
                                }
                                @for c in taxonomy.categories().iter().filter(|c| c.indicator() == ind.id) {
                                    option value=(c.code) selected[form.category == c.code] { (c.labels.get(lang)) }
                                }
                            }
                        }
                        @if !form.category.is_empty() && taxonomy.expand(&form.category).is_none() {
                            option value=(form.category) selected { (form.category) }
                        }
                    }
                }
                div.field {
                    label for="language" { (t(lang, T::ServiceLanguage)) }
                    select #language name="language" {
                        option value="" { (t(lang, T::AnyLanguage)) }
                        @for code in FORM_LANGUAGES {
                            option value=(code) selected[form.language == code] { (language_name(lang, code)) }
                        }
                        @if !form.language.is_empty() && !FORM_LANGUAGES.contains(&form.language.as_str()) {
                            option value=(form.language) selected { (form.language) }
                        }
                    }
                }
                div.field {
                    label for="reach_km" { (t(lang, T::Reach)) }
                    select #reach_km name="reach_km" {
                        @for r in REACHES {
                            option value=(r) selected[reach == r] { (r) " km" }
                        }
                        @if !REACHES.contains(&reach) {
                            option value=(reach) selected { (reach) " km" }
                        }
                    }
                }
            }
            div.row.actions {
                button.primary type="submit" { (t(lang, T::GapsButton)) }
            }
        }
    }
}

fn report_section(ctx: &Ctx, form: &GapsForm, report: &GapReport, svg: &str) -> Markup {
    let lang = ctx.lang();
    let s = &report.summary;
    let uncovered = report.uncovered();
    html! {
        section.results aria-labelledby="gaps-heading" {
            h2 #gaps-heading {
                (s.without_coverage) " / " (s.municipalities) " " (t(lang, T::GapsUncovered))
            }
            p {
                (s.population_without_coverage) " " (t(lang, T::GapsInhabitants)) ". "
                (t(lang, T::GapsOnline)) ": " (report.online_or_national) "."
            }
            p { a href=(form.api_href("csv", lang.code())) download="wegwijs-gaps.csv" { (t(lang, T::GapsDownloadCsv)) } }
            // Our renderer escapes every text it writes, so the map is safe markup.
            figure.gaps-map { (PreEscaped(svg)) }
            h3 { (t(lang, T::GapsUncoveredList)) }
            @if uncovered.is_empty() {
                p.empty { (t(lang, T::GapsNoneUncovered)) }
            } @else {
                table.gaps {
                    thead { tr {
                        th scope="col" { (t(lang, T::GapsMunicipality)) }
                        th scope="col" { (t(lang, T::GapsProvince)) }
                        th scope="col" { (t(lang, T::GapsPopulation)) }
                        th scope="col" { (t(lang, T::GapsNearest)) }
                    } }
                    tbody {
                        @for r in &uncovered {
                            tr {
                                td { bdi { (r.municipality.name) } }
                                td { (r.municipality.province) }
                                td { (r.municipality.population) }
                                td {
                                    @match &r.nearest {
                                        Some(n) => {
                                            (format!("{:.1} km", n.distance_km)) " — "
                                            a href={ "/resources/" (super::params::encode_segment(&n.id)) } { bdi { (n.name) } }
                                        }
                                        None => { "—" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

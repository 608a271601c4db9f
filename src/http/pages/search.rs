//! The search page `/`: one text box, a place with autocomplete, radius,
//! category, language and "free only"; results as cards.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use maud::{html, Markup};

use super::card::card;
use super::context::{engine_call, Ctx};
use super::error::PageError;
use super::i18n::{language_name, results_count, FORM_LANGUAGES};
use super::layout::{error_summary, html_response, page, respond};
use super::params::{encode, Params};
use super::texts::{t, T};
use super::understood;
use crate::http::AppState;
use crate::model::FieldError;
use crate::search::MAX_LIST_VALUES;
use crate::search::{SearchQuery, SearchResults};
use crate::taxonomy::Taxonomy;
use crate::understand::understand;

/// Hits per page on the web: a phone screen shows three or four.
const PER_PAGE: usize = 10;

/// The radius choices, km.
const RADII: [&str; 6] = ["5", "10", "25", "50", "100", "200"];

/// The form as the visitor filled it in.
#[derive(Debug, Clone, Default)]
struct SearchForm {
    q: String,
    place: String,
    radius: String,
    categories: Vec<String>,
    languages: Vec<String>,
    free: bool,
    /// Search the exact words, without reading the text as a question.
    words: bool,
    page: usize,
}

impl SearchForm {
    fn from_params(p: &Params) -> SearchForm {
        SearchForm {
            q: p.text("q"),
            place: p.text("place"),
            radius: p.text("radius_km"),
            categories: p.all("category"),
            languages: p.all("language"),
            free: p.flag("free"),
            words: p.flag("words"),
            page: 1,
        }
    }

    /// Whether the visitor asked for anything yet.
    fn is_empty(&self) -> bool {
        self.q.is_empty()
            && self.place.is_empty()
            && self.categories.is_empty()
            && self.languages.is_empty()
            && !self.free
    }

    /// The engine query, or the form's own errors (the engine checks the rest).
    fn query(&mut self, p: &Params) -> Result<SearchQuery, Vec<FieldError>> {
        let mut errors = Vec::new();
        let radius_km = match self.radius.as_str() {
            "" => None,
            r => match r.parse::<f64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    errors.push(FieldError::new("radius_km", "must be a number"));
                    None
                }
            },
        };
        if let Some(page) = p.get("page") {
            match page.parse::<usize>() {
                Ok(n) => self.page = n,
                Err(_) => errors.push(FieldError::new("page", "must be from 1 to 10000")),
            }
        }
        for (name, list) in [
            ("category", &self.categories),
            ("language", &self.languages),
        ] {
            if list.len() > MAX_LIST_VALUES {
                errors.push(FieldError::new(
                    name,
                    format!("must have at most {MAX_LIST_VALUES} values"),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(SearchQuery {
            text: (!self.q.is_empty()).then(|| self.q.clone()),
            place: (!self.place.is_empty()).then(|| self.place.clone()),
            radius_km,
            categories: self.categories.clone(),
            languages: self.languages.clone(),
            free_only: self.free,
            page: self.page,
            per_page: PER_PAGE,
            ..SearchQuery::default()
        })
    }

    /// Whether the text box is read as a whole question.
    fn is_question(&self) -> bool {
        !self.q.is_empty() && self.categories.is_empty() && !self.words
    }

    /// The same search, reading the text as exact words.
    fn words_href(&self) -> String {
        let mut words = self.clone();
        words.words = true;
        words.page_href(1)
    }

    /// The query string of this search on another page of results.
    fn page_href(&self, page: usize) -> String {
        let page = page.to_string();
        let mut pairs: Vec<(&str, &str)> = vec![("q", &self.q), ("place", &self.place)];
        pairs.push(("radius_km", &self.radius));
        pairs.extend(self.categories.iter().map(|c| ("category", c.as_str())));
        pairs.extend(self.languages.iter().map(|l| ("language", l.as_str())));
        if self.free {
            pairs.push(("free", "1"));
        }
        if self.words {
            pairs.push(("words", "1"));
        }
        pairs.retain(|(_, v)| !v.is_empty());
        pairs.push(("page", &page));
        format!("/?{}", encode(&pairs))
    }
}

/// `GET /`.
pub async fn search_page(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let ctx = Ctx::new(&req, &state).await;
    let result = render(&ctx, &state).await;
    respond(&ctx, result)
}

async fn render(ctx: &Ctx, state: &web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let lang = ctx.lang();
    let params = ctx.query.clone();
    let mut form = SearchForm::from_params(&params);
    let taxonomy = state.engine.taxonomy();
    let understood = form
        .is_question()
        .then(|| understand(&form.q, taxonomy, state.engine.gazetteer()));
    let (status, results, errors) = if form.is_empty() {
        (StatusCode::OK, None, Vec::new())
    } else {
        match form.query(&params) {
            Err(errors) => (StatusCode::BAD_REQUEST, None, errors),
            Ok(mut query) => {
                if let Some(u) = &understood {
                    understood::apply(u, &mut query);
                }
                match engine_call(state, move |e| e.search(&query)).await {
                    Ok(results) => (StatusCode::OK, Some(results), Vec::new()),
                    Err(PageError::Invalid(errors)) => (StatusCode::BAD_REQUEST, None, errors),
                    Err(e) => return Err(e),
                }
            }
        }
    };
    let body = html! {
        h1.visually-hidden { (t(lang, T::SearchTitle)) }
        (search_form(ctx, taxonomy, &form))
        (error_summary(ctx, &errors))
        @if let (Some(u), Some(_)) = (&understood, &results) {
            (understood::understood_box(lang, taxonomy, u, &form.words_href()))
        }
        @if let Some(results) = &results {
            (results_list(ctx, taxonomy, &form, results))
        } @else if form.is_empty() {
            (intro(ctx, taxonomy))
        }
    };
    Ok(html_response(
        ctx,
        status,
        page(ctx, t(lang, T::SearchTitle), body),
    ))
}

fn search_form(ctx: &Ctx, taxonomy: &Taxonomy, form: &SearchForm) -> Markup {
    let lang = ctx.lang();
    let selected_category = form.categories.first().map(String::as_str).unwrap_or("");
    let selected_language = form.languages.first().map(String::as_str).unwrap_or("");
    let radius_known = form.radius.is_empty() || RADII.contains(&form.radius.as_str());
    html! {
        form.search method="get" action="/" role="search" {
            input type="hidden" name="lang" value=(lang.code());
            div.field.wide {
                label for="q" { (t(lang, T::SearchLabel)) }
                input #q type="search" name="q" value=(form.q) maxlength="1000"
                    placeholder=(t(lang, T::SearchPlaceholder)) autocomplete="off" enterkeyhint="search";
            }
            div.row {
                div.field.place {
                    label for="place" { (t(lang, T::Place)) }
                    input #place type="text" name="place" value=(form.place) maxlength="200"
                        autocomplete="off" list="place-options" data-autocomplete="places"
                        placeholder=(t(lang, T::PlacePlaceholder));
                    datalist #place-options {}
                }
                div.field.radius {
                    label for="radius_km" { (t(lang, T::Radius)) }
                    select #radius_km name="radius_km" {
                        option value="" selected[form.radius.is_empty()] { (t(lang, T::AnyDistance)) }
                        @for r in RADII {
                            option value=(r) selected[form.radius == r] { (r) " km" }
                        }
                        @if !radius_known {
                            option value=(form.radius) selected { (form.radius) " km" }
                        }
                    }
                }
            }
            div.row {
                div.field {
                    label for="category" { (t(lang, T::Category)) }
                    select #category name="category" {
                        option value="" { (t(lang, T::AnyCategory)) }
                        @for ind in taxonomy.indicators() {
                            optgroup label=(ind.labels.get(lang)) {
                                option value=(ind.id) selected[selected_category == ind.id] {
                                    (ind.labels.get(lang)) " — " (t(lang, T::All))
                                }
                                @for c in taxonomy.categories().iter().filter(|c| c.indicator() == ind.id) {
                                    option value=(c.code) selected[selected_category == c.code] { (c.labels.get(lang)) }
                                }
                            }
                        }
                        @if !selected_category.is_empty() && taxonomy.expand(selected_category).is_none() {
                            option value=(selected_category) selected { (selected_category) }
                        }
                    }
                }
                div.field {
                    label for="language" { (t(lang, T::ServiceLanguage)) }
                    select #language name="language" {
                        option value="" { (t(lang, T::AnyLanguage)) }
                        @for code in FORM_LANGUAGES {
                            option value=(code) selected[selected_language == code] { (language_name(lang, code)) }
                        }
                        @if !selected_language.is_empty() && !FORM_LANGUAGES.contains(&selected_language) {
                            option value=(selected_language) selected { (selected_language) }
                        }
                    }
                }
            }
            div.row.actions {
                div.check {
                    input #free type="checkbox" name="free" value="1" checked[form.free];
                    label for="free" { (t(lang, T::FreeOnly)) }
                }
                button.primary type="submit" { (t(lang, T::SearchButton)) }
            }
        }
    }
}

fn results_list(
    ctx: &Ctx,
    taxonomy: &Taxonomy,
    form: &SearchForm,
    results: &SearchResults,
) -> Markup {
    let lang = ctx.lang();
    let now = Utc::now();
    let pages = results.total.div_ceil(results.per_page.max(1)).max(1);
    html! {
        section.results aria-labelledby="results-heading" {
            h2 #results-heading {
                (results_count(lang, results.total))
                @if let Some(p) = &results.place {
                    " · " (t(lang, T::Near)) " " bdi { (p.name) } " (" (p.province) ")"
                }
            }
            @if results.hits.is_empty() {
                p.empty { (t(lang, T::NoResults)) }
            }
            @for (i, hit) in results.hits.iter().enumerate() {
                (card(ctx, taxonomy, &hit.resource, hit.distance_km, i + 1, now))
            }
            @if pages > 1 {
                nav.pager aria-label=(t(lang, T::Pages)) {
                    @if results.page > 1 {
                        a rel="prev" href=(form.page_href(results.page - 1)) { "← " (t(lang, T::Previous)) }
                    }
                    span { (t(lang, T::Page)) " " (results.page) " / " (pages) }
                    @if results.page < pages {
                        a rel="next" href=(form.page_href(results.page + 1)) { (t(lang, T::Next)) " →" }
                    }
                }
            }
        }
    }
}

fn intro(ctx: &Ctx, taxonomy: &Taxonomy) -> Markup {
    let lang = ctx.lang();
    html! {
        section.intro {
            p { (t(lang, T::IntroText)) }
            h2 { (t(lang, T::BrowseTopics)) }
            ul.chips {
                @for ind in taxonomy.indicators() {
                    li { a href={ "/?" (encode(&[("category", ind.id.as_str())])) } { (ind.labels.get(lang)) } }
                }
            }
        }
    }
}

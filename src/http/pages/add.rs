//! "Add a resource" (`GET`/`POST /add`): a suggestion for anonymous
//! visitors, published at once for editors. Field errors are the API's
//! (`Resource::validate` through the engine), named by the same paths.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};

use super::card::resource_href;
use super::context::{engine_call, Ctx};
use super::csrf::{csrf_field, read_checked_form};
use super::draft::build;
use super::error::PageError;
use super::i18n::{language_name, FORM_LANGUAGES};
use super::layout::{error_summary, field_errors, html_response, page, respond, see_other};
use super::moderation::duplicate_reason;
use super::params::{encode_segment, Params};
use super::texts::{t, T};
use crate::engine::LikelyDuplicate;
use crate::http::client_ip;
use crate::http::AppState;
use crate::model::{DuplicateNote, FieldError, Lang, Role, SuggestionKind, LANGS};

/// `GET /add`.
pub async fn add_page(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let ctx = Ctx::new(&req, &state).await;
    let sent = ctx.query.get("sent").is_some();
    let body = form_page(&ctx, &state, &Params::default(), &[], sent);
    html_response(
        &ctx,
        StatusCode::OK,
        page(&ctx, t(ctx.lang(), T::AddTitle), body),
    )
}

/// `POST /add`.
pub async fn add_submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    payload: web::Payload,
) -> HttpResponse {
    let ctx = Ctx::new(&req, &state).await;
    let result: Result<HttpResponse, PageError> = async {
        let form = read_checked_form(&req, payload, &ctx, &state).await?;
        let editor = ctx.principal.clone().filter(|p| p.role >= Role::Editor);
        let (resource, mut errors) = build(state.engine.gazetteer(), &form, editor.as_ref());
        if !errors.is_empty() {
            // Report the model's problems too, so every field is named at once.
            if let Err(crate::engine::EngineError::Invalid(more)) = state.engine.validate(&resource)
            {
                errors.extend(more);
            }
            return Ok(invalid(
                &ctx,
                &state,
                &form,
                &errors,
                StatusCode::BAD_REQUEST,
            ));
        }
        let lang = ctx.lang().code();
        let allow_duplicate = form.flag("allow_duplicate");
        let outcome = match editor {
            Some(p) => {
                // A likely twin of a stored resource is shown, not created,
                // unless the editor confirms it is a different one.
                let created = engine_call(&state, move |e| {
                    let made = if allow_duplicate {
                        e.create(resource, &p)
                    } else {
                        e.create_unless_duplicate(resource, &p)
                    };
                    match made {
                        Ok(stored) => Ok(Ok(stored)),
                        Err(crate::engine::EngineError::Duplicate(found)) => Ok(Err(found)),
                        Err(e) => Err(e),
                    }
                })
                .await;
                match created {
                    Ok(Err(found)) => {
                        let body = form_page_with(&ctx, &state, &form, &[], false, &found);
                        return Ok(html_response(
                            &ctx,
                            StatusCode::CONFLICT,
                            page(&ctx, t(ctx.lang(), T::AddTitle), body),
                        ));
                    }
                    Ok(Ok(stored)) => {
                        Ok(format!("{}?created=1&lang={lang}", resource_href(&stored)))
                    }
                    Err(e) => Err(e),
                }
            }
            None => {
                PageError::check_rate(&state.limiters.suggestions, &client_ip(&req))?;
                let kind = SuggestionKind::NewResource { resource };
                engine_call(&state, move |e| e.suggest(kind))
                    .await
                    .map(|_| format!("/add?sent=1&lang={lang}"))
            }
        };
        match outcome {
            Ok(location) => Ok(see_other(&location)),
            Err(PageError::Invalid(errors)) => Ok(invalid(
                &ctx,
                &state,
                &form,
                &errors,
                StatusCode::BAD_REQUEST,
            )),
            Err(PageError::Forbidden(why)) => {
                let errors = [FieldError::new("location", why)];
                Ok(invalid(&ctx, &state, &form, &errors, StatusCode::FORBIDDEN))
            }
            Err(e) => Err(e),
        }
    }
    .await;
    respond(&ctx, result)
}

fn invalid(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    form: &Params,
    errors: &[FieldError],
    status: StatusCode,
) -> HttpResponse {
    let body = form_page(ctx, state, form, errors, false);
    html_response(ctx, status, page(ctx, t(ctx.lang(), T::AddTitle), body))
}

/// What the form's text inputs need to show their value and errors.
struct Fields<'a> {
    lang: Lang,
    form: &'a Params,
    errors: &'a [FieldError],
}

impl Fields<'_> {
    /// A labelled one-line input with its errors (those under `paths`).
    fn input(&self, name: &str, label: T, kind: &str, paths: &[&str], required: bool) -> Markup {
        let lang = self.lang;
        html! {
            div.field {
                label for=(name) { (t(lang, label)) @if required { " " abbr title=(t(lang, T::Required)) { "*" } } }
                input id=(name) name=(name) type=(kind) value=(self.form.text(name)) maxlength="500" required[required];
                (field_errors(lang, self.errors, paths))
            }
        }
    }
}

fn form_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    form: &Params,
    errors: &[FieldError],
    sent: bool,
) -> Markup {
    form_page_with(ctx, state, form, errors, sent, &[])
}

/// The likely twins of the resource being added, as links with the reason.
fn duplicates_notice(lang: Lang, found: &[LikelyDuplicate]) -> Markup {
    html! {
        div.duplicates.notice role="alert" {
            p { strong { (t(lang, T::DuplicateWarning)) } }
            p { (t(lang, T::LikelyDuplicates)) }
            ul {
                @for (id, reason) in found {
                    @let note = DuplicateNote {
                        resource_id: id.as_str().to_string(),
                        reason: reason.code().to_string(),
                        distance_m: reason.distance_m(),
                    };
                    li {
                        a href={ "/resources/" (encode_segment(id.as_str())) "?lang=" (lang.code()) } { bdi { (id.as_str()) } }
                        " — " (duplicate_reason(lang, &note))
                    }
                }
            }
            div.check {
                input #allow_duplicate type="checkbox" name="allow_duplicate" value="1";
                label for="allow_duplicate" { (t(lang, T::AddAnyway)) }
            }
        }
    }
}

fn form_page_with(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    form: &Params,
    errors: &[FieldError],
    sent: bool,
    duplicates: &[LikelyDuplicate],
) -> Markup {
    let lang = ctx.lang();
    let taxonomy = state.engine.taxonomy();
    let editor = ctx
        .principal
        .as_ref()
        .is_some_and(|p| p.role >= Role::Editor);
    let chosen = form.all("category");
    let chosen_languages = form.all("languages");
    let online = form.get("location_kind") == Some("online");
    let fields = Fields { lang, form, errors };
    let field = |name: &str, label: T, kind: &str, paths: &[&str], required: bool| {
        fields.input(name, label, kind, paths, required)
    };
    html! {
        h1 { (t(lang, T::AddTitle)) }
        @if sent { p.notice role="status" { (t(lang, T::SuggestionThanks)) } }
        p { (t(lang, if editor { T::AddIntroEditor } else { T::AddIntroAnonymous })) }
        (error_summary(ctx, errors))
        form.add method="post" action={ "/add?lang=" (lang.code()) } {
            (csrf_field(ctx))
            @if !duplicates.is_empty() { (duplicates_notice(lang, duplicates)) }
            (field("name", T::Name, "text", &["name"], true))
            (field("organization", T::Organization, "text", &["organization.name"], true))
            fieldset {
                legend { (t(lang, T::Description)) " " abbr title=(t(lang, T::Required)) { "*" } }
                p.hint { (t(lang, T::DescriptionHint)) }
                @for l in std::iter::once(lang).chain(LANGS.into_iter().filter(|l| *l != lang)) {
                    @let name = format!("description_{}", l.code());
                    div.field {
                        label for=(name) { (super::i18n::native_name(l)) }
                        textarea id=(name) name=(name) rows="3" lang=(l.code()) { (form.text(&name)) }
                    }
                }
                (field_errors(lang, errors, &["description"]))
            }
            div.field {
                label for="category" { (t(lang, T::Category)) " " abbr title=(t(lang, T::Required)) { "*" } }
                select #category name="category" required {
                    option value="" { "—" }
                    @for ind in taxonomy.indicators() {
                        optgroup label=(ind.labels.get(lang)) {
                            @for c in taxonomy.categories().iter().filter(|c| c.indicator() == ind.id) {
                                option value=(c.code) selected[chosen.first() == Some(&c.code)] { (c.labels.get(lang)) }
                            }
                        }
                    }
                }
                (field_errors(lang, errors, &["categories"]))
            }
            fieldset {
                legend { (t(lang, T::Where)) }
                div.check {
                    input #kind-place type="radio" name="location_kind" value="place" checked[!online];
                    label for="kind-place" { (t(lang, T::AtAPlace)) }
                }
                div.check {
                    input #kind-online type="radio" name="location_kind" value="online" checked[online];
                    label for="kind-online" { (t(lang, T::Online)) }
                }
                div.field {
                    label for="place" { (t(lang, T::Place)) }
                    input #place name="place" type="text" value=(form.text("place")) maxlength="200"
                        autocomplete="off" list="place-options" data-autocomplete="places";
                    datalist #place-options {}
                    (field_errors(lang, errors, &["location.municipality", "location.lat", "location.lon", "location"]))
                }
                (field("address", T::Address, "text", &["location.address"], false))
            }
            fieldset {
                legend { (t(lang, T::Languages)) }
                div.checks {
                    @for code in FORM_LANGUAGES {
                        @let id = format!("lang-{code}");
                        div.check {
                            input id=(id) type="checkbox" name="languages" value=(code)
                                checked[chosen_languages.iter().any(|c| c == code)];
                            label for=(id) { (language_name(lang, code)) }
                        }
                    }
                }
                (field("other_languages", T::OtherLanguages, "text", &["languages"], false))
                div.check {
                    input #interpreter type="checkbox" name="interpreter" value="1" checked[form.flag("interpreter")];
                    label for="interpreter" { (t(lang, T::InterpreterAvailable)) }
                }
            }
            fieldset {
                legend { (t(lang, T::Cost)) }
                div.field {
                    label for="cost_kind" { (t(lang, T::CostKind)) }
                    select #cost_kind name="cost_kind" {
                        @for (value, label) in [("", T::Unknown), ("free", T::Free), ("paid", T::Paid), ("reduced", T::Reduced)] {
                            option value=(value) selected[form.text("cost_kind") == value] { (t(lang, label)) }
                        }
                    }
                }
                (field("cost_amount", T::AmountEur, "text", &["cost.amount", "cost.currency"], false))
                (field("cost_note", T::CostNote, "text", &["cost.note"], false))
            }
            div.field {
                label for="availability" { (t(lang, T::Availability)) }
                select #availability name="availability" {
                    @for (value, label) in [("", T::Unknown), ("accepting", T::Accepting), ("waiting_list", T::WaitingList), ("full", T::Full), ("temporarily_closed", T::TemporarilyClosed)] {
                        option value=(value) selected[form.text("availability") == value] { (t(lang, label)) }
                    }
                }
            }
            div.row {
                (field("min_age", T::MinAge, "number", &["eligibility.min_age"], false))
                (field("max_age", T::MaxAge, "number", &["eligibility.max_age"], false))
            }
            fieldset {
                legend { (t(lang, T::Contact)) }
                (field("phone", T::Phone, "tel", &["contact.phone"], false))
                (field("email", T::Email, "email", &["contact.email"], false))
                (field("website", T::Website, "url", &["contact.website"], false))
                (field("organization_website", T::OrganizationWebsite, "url", &["organization.website"], false))
                (field("telegram", T::Telegram, "url", &["contact.telegram"], false))
                (field("whatsapp", T::WhatsApp, "url", &["contact.whatsapp"], false))
            }
            div.field {
                label for="opening_hours" { (t(lang, T::OpeningHours)) }
                textarea #opening_hours name="opening_hours" rows="2" { (form.text("opening_hours")) }
                (field_errors(lang, errors, &["opening_hours"]))
            }
            div.field {
                label for="accessibility" { (t(lang, T::Accessibility)) }
                textarea #accessibility name="accessibility" rows="2" { (form.text("accessibility")) }
                (field_errors(lang, errors, &["accessibility"]))
            }
            (field("source", T::SourceField, "text", &["provenance"], false))
            button.primary type="submit" { (t(lang, if editor { T::Publish } else { T::SendSuggestion })) }
        }
    }
}

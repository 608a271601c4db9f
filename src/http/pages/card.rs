//! One resource as a result card: name, facts, freshness, and the
//! copy-as-message block. Used by the search and stale pages.

use chrono::{DateTime, Utc};
use maud::{html, Markup};

use super::context::Ctx;
use super::facts::{
    availability_text, category_labels, cost_text, distance_text, is_stale, languages_text,
    verified_text, where_text,
};
use super::message::message_text;
use super::params::encode_segment;
use super::texts::{t, T};
use crate::model::{Lang, Resource};
use crate::taxonomy::Taxonomy;

/// The link to a resource's page.
pub fn resource_href(r: &Resource) -> String {
    format!("/resources/{}", encode_segment(r.id.as_str()))
}

/// A result card. `n` makes the ids on the page unique.
pub fn card(
    ctx: &Ctx,
    taxonomy: &Taxonomy,
    r: &Resource,
    distance_km: Option<f64>,
    n: usize,
    now: DateTime<Utc>,
) -> Markup {
    let lang = ctx.lang();
    let stale = is_stale(r, now);
    let href = resource_href(r);
    html! {
        article.card.stale[stale] {
            h3 { a href=(href) { bdi { (r.name) } } }
            p.what {
                (category_labels(lang, taxonomy, &r.categories).join(", "))
                " · " bdi { (r.organization.name) }
            }
            ul.facts {
                li {
                    span.label { (t(lang, T::Where)) ": " }
                    @if let Some(d) = distance_km { strong { (distance_text(lang, d)) } " · " }
                    bdi { (where_text(lang, r)) }
                }
                @if !r.languages.is_empty() {
                    li { span.label { (t(lang, T::Languages)) ": " } (languages_text(lang, &r.languages)) }
                }
                @if let Some(cost) = cost_text(lang, r.cost.as_ref()) {
                    li { span.label { (t(lang, T::Cost)) ": " } bdi { (cost) } }
                }
                @if let Some(a) = &r.availability {
                    li { span.label { (t(lang, T::Availability)) ": " } (availability_text(lang, a.status)) }
                }
                li.verified {
                    (verified_text(lang, r, now))
                    @if stale { " " strong.badge { (t(lang, T::StaleBadge)) } }
                }
                @if r.synthetic {
                    li { span.badge.synthetic { (t(lang, T::SyntheticBadge)) } }
                }
            }
            (copy_block(ctx, taxonomy, r, n, now))
        }
    }
}

/// The copy-as-message block. Without JavaScript, opening it shows the
/// text, selectable by hand; with it, opening also copies the text.
pub fn copy_block(
    ctx: &Ctx,
    taxonomy: &Taxonomy,
    r: &Resource,
    n: usize,
    now: DateTime<Utc>,
) -> Markup {
    let lang = ctx.lang();
    let link = format!("{}{}", ctx.origin, resource_href(r));
    let text = message_text(lang, r, taxonomy, &link, now);
    copy_details(
        lang,
        &format!("msg-{n}"),
        html! { (t(lang, T::CopyAsMessage)) },
        &text,
        9,
    )
}

/// The markup the copy script acts on: a `details.copy` whose summary
/// opens a read-only text area holding `text`.
pub fn copy_details(lang: Lang, id: &str, summary: Markup, text: &str, rows: u8) -> Markup {
    html! {
        details.copy data-copied-text=(t(lang, T::Copied)) data-copy-failed-text=(t(lang, T::CopyFailed))
            data-copy-again-text=(t(lang, T::CopyAgain)) {
            summary { (summary) }
            label.hint for=(id) { (t(lang, T::MessageText)) }
            textarea.message id=(id) readonly rows=(rows) { (text) }
            p.copy-status role="status" aria-live="polite" {}
        }
    }
}

//! A household's plan as HTML: per need the matches with their reasons, the
//! gaps with what there is instead, and then the chat messages, each in a
//! copy block. Used by the household form (`match_form.rs`).

use maud::{html, Markup};

use super::card::{copy_details, resource_href};
use super::context::Ctx;
use super::facts::{is_web_link, tel_link, where_text};
use super::texts::{t, T};
use crate::matching::render::{messages, reason_text};
use crate::matching::{Match, NeedPlan, Plan, Reason};
use crate::model::Lang;
use crate::taxonomy::Taxonomy;

/// The plan and its chat messages. `now` is Unix seconds.
pub fn plan_section(ctx: &Ctx, taxonomy: &Taxonomy, plan: &Plan, now: i64) -> Markup {
    let lang = ctx.lang();
    let chat = messages(plan, lang, taxonomy, now);
    let count = chat.len();
    html! {
        section.plan aria-labelledby="plan-title" {
            h2 #plan-title { (t(lang, T::PlanTitle)) }
            @if plan.needs.is_empty() { p { (t(lang, T::NothingFound)) } }
            @for need in &plan.needs {
                (need_section(lang, taxonomy, need, plan.reach_km))
            }
        }
        section.messages aria-labelledby="messages-title" {
            h2 #messages-title { (t(lang, T::ChatMessages)) }
            p.hint { (t(lang, T::ChatMessagesHint)) }
            @for (i, text) in chat.iter().enumerate() {
                (message_block(lang, text, i + 1, count))
            }
        }
    }
}

fn need_label(lang: Lang, taxonomy: &Taxonomy, need: &NeedPlan) -> String {
    taxonomy
        .category(&need.need)
        .map(|c| c.labels.get(lang).to_string())
        .or_else(|| {
            taxonomy
                .indicator(&need.need)
                .map(|i| i.labels.get(lang).to_string())
        })
        .unwrap_or_else(|| need.need.clone())
}

fn need_section(lang: Lang, taxonomy: &Taxonomy, need: &NeedPlan, reach_km: f64) -> Markup {
    html! {
        section.need {
            h3 {
                @if let Some(member) = &need.member { bdi { (member) } ": " }
                bdi { (need_label(lang, taxonomy, need)) }
                @if need.suggested { " " span.badge { (t(lang, T::SuggestionBadge)) } }
            }
            @if !need.matches.is_empty() {
                ol.matches {
                    @for m in &need.matches { li { (match_card(lang, m)) } }
                }
            }
            @if let Some(gap) = &need.gap {
                @let nearest = listed(need, &gap.nearest_beyond_reach);
                @let online = listed(need, &gap.online_alternative);
                div.gap {
                    p { strong { (t(lang, T::GapWithinReach)) } " " (reason_text(&Reason::Distance { km: reach_km }, lang)) }
                    @if let Some(m) = nearest {
                        p { (t(lang, T::NearestBeyondReach)) }
                        (match_card(lang, m))
                    }
                    @if let Some(m) = online {
                        p { (t(lang, T::OnlineAlternative)) }
                        (match_card(lang, m))
                    }
                    @if nearest.is_none() && online.is_none() && need.matches.is_empty() {
                        p { (t(lang, T::NoAlternative)) }
                    }
                }
            } @else if need.matches.is_empty() {
                p { (t(lang, T::NothingFound)) }
            }
        }
    }
}

/// A gap's alternative, unless the need's matches already list it.
fn listed<'a>(need: &NeedPlan, m: &'a Option<Box<Match>>) -> Option<&'a Match> {
    m.as_deref()
        .filter(|m| !need.matches.iter().any(|x| x.resource.id == m.resource.id))
}

fn match_card(lang: Lang, m: &Match) -> Markup {
    let r = &m.resource;
    // Each link once: the service's and the organisation's site are often the same.
    let mut links: Vec<&str> = Vec::new();
    for link in [
        r.contact.website.as_deref(),
        r.organization.website.as_deref(),
        r.contact.telegram.as_deref(),
        r.contact.whatsapp.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|u| is_web_link(u))
    {
        if !links.contains(&link) {
            links.push(link);
        }
    }
    html! {
        article.card {
            h4 { a href=(resource_href(r)) { bdi { (r.name) } } }
            p.what {
                bdi { (r.organization.name) } " · " bdi { (where_text(lang, r)) }
                @if r.synthetic { " " span.badge.synthetic { (t(lang, T::SyntheticBadge)) } }
            }
            @if !m.reasons.is_empty() {
                ul.facts {
                    @for reason in &m.reasons { li { (reason_text(reason, lang)) } }
                }
            }
            @if let Some(phone) = r.contact.phone.as_deref() {
                p {
                    span.label { (t(lang, T::Phone)) ": " }
                    @if let Some(tel) = tel_link(phone) { a href=(tel) { bdi { (phone) } } } @else { bdi { (phone) } }
                }
            }
            @for link in links {
                p { a href=(link) rel="noopener noreferrer" { bdi { (link) } } }
            }
            @if let Some(hours) = &r.opening_hours {
                p { span.label { (t(lang, T::OpeningHours)) ": " } bdi { (hours) } }
            }
        }
    }
}

/// One chat message in the copy block the result cards use (`card.rs`):
/// the same markup, so the same script copies it, and without JavaScript
/// the text is there to select by hand.
fn message_block(lang: Lang, text: &str, n: usize, count: usize) -> Markup {
    copy_details(
        lang,
        &format!("chat-{n}"),
        html! { (t(lang, T::MessageNumber)) " " (n) "/" (count) " — " (t(lang, T::CopyAsMessage)) },
        text,
        12,
    )
}

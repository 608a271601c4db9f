//! The blocks a plan is written in: the opening line, and per need a header
//! and one block per match or gap. A block is the smallest piece a message
//! split may move; it is never cut in two.

use super::clean::{clean_exact, clean_line, clip, units};
use super::reason::reason_text;
use super::words::{nothing_within, up_to, word, W};
use crate::matching::{Gap, Match, NeedPlan, Plan, Reason};
use crate::model::{Lang, Location, Resource, STALE_AFTER_DAYS};
use crate::taxonomy::Taxonomy;

/// The description is clipped to this many characters: the message is a
/// pointer, the links have the rest.
const DESCRIPTION_CHARS: usize = 280;
/// A member label in a header is clipped to this many characters.
const MEMBER_CHARS: usize = 100;
/// A free-text need in a header is clipped to this many characters.
const NEED_CHARS: usize = 200;
/// Room a header (with its "continued" mark) may take; more than the
/// clipped parts above can add up to.
pub const HEADER_ROOM: usize = 400;

/// One piece of the text: the need it belongs to, and whether it opens it.
#[derive(Debug, Clone)]
pub struct Block {
    /// The need's header, empty for the opening line.
    pub header: String,
    /// The block itself.
    pub text: String,
    /// True for the first block of a need: the header goes before it.
    pub opens_need: bool,
}

/// Everything `plan` says, as blocks, each at most `max_block` units long
/// (headers not counted).
pub fn blocks(
    plan: &Plan,
    lang: Lang,
    taxonomy: &Taxonomy,
    now: i64,
    max_block: usize,
) -> Vec<Block> {
    let mut out = vec![Block {
        header: String::new(),
        text: intro(plan, lang),
        opens_need: false,
    }];
    if plan.needs.is_empty() {
        out.push(Block {
            header: String::new(),
            text: word(lang, W::NothingFound).to_string(),
            opens_need: false,
        });
    }
    for need in &plan.needs {
        let header = header(need, lang, taxonomy);
        let mut texts: Vec<String> = need
            .matches
            .iter()
            .enumerate()
            .map(|(i, m)| match_block(m, Some(i + 1), lang, now, max_block))
            .collect();
        if let Some(gap) = &need.gap {
            texts.extend(gap_blocks(gap, plan.reach_km, lang, now, max_block));
        }
        if texts.is_empty() {
            texts.push(word(lang, W::NothingFound).to_string());
        }
        for (i, text) in texts.into_iter().enumerate() {
            out.push(Block {
                header: header.clone(),
                text,
                opens_need: i == 0,
            });
        }
    }
    out
}

fn intro(plan: &Plan, lang: Lang) -> String {
    let reach = up_to(lang, plan.reach_km);
    match plan.home.place.as_deref().map(|p| clean_line(p, 80)) {
        Some(place) if !place.is_empty() => {
            format!("{} ({place}, {reach}):", word(lang, W::Intro))
        }
        _ => format!("{} ({reach}):", word(lang, W::Intro)),
    }
}

/// "▶ Mother: Dutch lessons (our suggestion)".
fn header(need: &NeedPlan, lang: Lang, taxonomy: &Taxonomy) -> String {
    let label = taxonomy
        .category(&need.need)
        .map(|c| c.labels.get(lang).to_string())
        .or_else(|| {
            taxonomy
                .indicator(&need.need)
                .map(|i| i.labels.get(lang).to_string())
        })
        .unwrap_or_else(|| clean_line(&need.need, NEED_CHARS));
    let mut text = String::from("▶ ");
    if let Some(member) = need.member.as_deref().map(|m| clean_line(m, MEMBER_CHARS)) {
        if !member.is_empty() {
            text.push_str(&member);
            text.push_str(": ");
        }
    }
    text.push_str(&label);
    if need.suggested {
        text.push(' ');
        text.push_str(word(lang, W::Suggestion));
    }
    text
}

fn gap_blocks(gap: &Gap, reach_km: f64, lang: Lang, now: i64, max_block: usize) -> Vec<String> {
    let lead = nothing_within(lang, reach_km);
    let mut out = Vec::new();
    // The lead line and its label take room from the first block.
    let room = max_block.saturating_sub(units(&lead) + 120);
    match (&gap.nearest_beyond_reach, &gap.online_alternative) {
        (None, None) => out.push(format!("{lead} {}", word(lang, W::NoAlternative))),
        (nearest, online) => {
            let mut first = true;
            for (m, label) in [(nearest, W::NearestBeyond), (online, W::OnlineAlternative)] {
                if let Some(m) = m {
                    let block = match_block(m, None, lang, now, room);
                    let label = word(lang, label);
                    out.push(if first {
                        format!("{lead}\n{label}\n{block}")
                    } else {
                        format!("{label}\n{block}")
                    });
                    first = false;
                }
            }
        }
    }
    out
}

/// A line of a match block, and how it may shrink when the block is too long.
struct Line {
    text: String,
    /// `None` for a line that must stay intact (a phone number, a link);
    /// else the shortest it may be clipped to (0 drops it).
    min: Option<usize>,
    /// Lines with a lower rank shrink first.
    rank: u8,
}

/// One match: name, organisation, description, place, phone, links,
/// opening hours and the reasons, each on its own line.
fn match_block(m: &Match, n: Option<usize>, lang: Lang, now: i64, max: usize) -> String {
    let r = &m.resource;
    let mut lines = Vec::new();
    let mut push = |text: String, min: Option<usize>, rank: u8| {
        if !text.trim().is_empty() {
            lines.push(Line { text, min, rank });
        }
    };
    let mut title = match n {
        Some(n) => format!("{n}) "),
        None => String::new(),
    };
    title.push_str(&clean_line(&r.name, 200));
    let org = clean_line(&r.organization.name, 200);
    if !org.is_empty() && org != clean_line(&r.name, 200) {
        title.push_str(" — ");
        title.push_str(&org);
    }
    if r.synthetic {
        title.push(' ');
        title.push_str(word(lang, W::Synthetic));
    }
    // The synthetic mark is never clipped away: it ends the line, and the
    // title shrinks from the middle instead (see `shrink`).
    push(title, Some(40), 4);
    if let Some(d) = r.description.best(lang) {
        push(clean_line(d, DESCRIPTION_CHARS), Some(0), 0);
    }
    push(where_line(r, lang), Some(40), 3);
    if let Some(p) = r.contact.phone.as_deref() {
        push(
            format!("{}: {}", word(lang, W::Phone), clean_exact(p)),
            None,
            9,
        );
    }
    if let Some(e) = r.contact.email.as_deref() {
        push(
            format!("{}: {}", word(lang, W::Email), clean_exact(e)),
            None,
            9,
        );
    }
    for link in links(r) {
        push(link, None, 9);
    }
    if let Some(h) = r.opening_hours.as_deref() {
        push(
            format!("{}: {}", word(lang, W::Hours), clean_line(h, 300)),
            Some(0),
            1,
        );
    }
    let reasons = reasons_line(m, lang, now);
    push(reasons, Some(60), 2);
    shrink(
        &mut lines,
        max,
        r.synthetic.then(|| word(lang, W::Synthetic)),
    );
    lines
        .into_iter()
        .map(|l| l.text)
        .collect::<Vec<_>>()
        .join("\n")
}

fn where_line(r: &Resource, lang: Lang) -> String {
    match &r.location {
        Location::Place {
            address,
            municipality,
            ..
        } => {
            let municipality = clean_line(municipality, 100);
            match address.as_deref().map(|a| clean_line(a, 200)) {
                Some(a) if !a.is_empty() => format!("{a}, {municipality}"),
                _ => municipality,
            }
        }
        Location::Online => word(lang, W::Online).to_string(),
    }
}

/// The web links, each once: the service's site, the organisation's,
/// Telegram, WhatsApp.
fn links(r: &Resource) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for link in [
        r.contact.website.as_deref(),
        r.organization.website.as_deref(),
        r.contact.telegram.as_deref(),
        r.contact.whatsapp.as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        let link = clean_exact(link);
        if !link.is_empty() && !out.contains(&link) {
            out.push(link);
        }
    }
    out
}

/// The reasons joined with " · ". When the engine gave no freshness reason,
/// one is derived from the record, so freshness always shows.
fn reasons_line(m: &Match, lang: Lang, now: i64) -> String {
    let mut reasons: Vec<Reason> = m.reasons.clone();
    let has_freshness = reasons
        .iter()
        .any(|r| matches!(r, Reason::Verified { .. } | Reason::Stale { .. }));
    if !has_freshness {
        let p = &m.resource.provenance;
        let since = p.verified_at.unwrap_or(p.created_at).timestamp();
        let days = (now.saturating_sub(since) / 86_400).max(0);
        reasons.push(if p.verified_at.is_some() && days <= STALE_AFTER_DAYS {
            Reason::Verified { days }
        } else {
            Reason::Stale { days }
        });
    }
    reasons
        .iter()
        .map(|r| reason_text(r, lang))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Shrinks the lines until they fit in `max` units (newlines counted):
/// the lowest-ranked shrinkable line first. A line that must stay intact is
/// dropped, longest first, only when nothing else is left to shrink: a
/// missing link is better than a broken one.
fn shrink(lines: &mut Vec<Line>, max: usize, keep_suffix: Option<&str>) {
    let total = |lines: &Vec<Line>| {
        lines.iter().map(|l| units(&l.text)).sum::<usize>() + lines.len().saturating_sub(1)
    };
    let mut order: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].min.is_some())
        .collect();
    order.sort_by_key(|&i| lines[i].rank);
    for i in order {
        let over = total(lines).saturating_sub(max);
        if over == 0 {
            return;
        }
        let min = lines[i].min.unwrap_or(0);
        let len = units(&lines[i].text);
        let target = len.saturating_sub(over).max(min);
        if target < len {
            lines[i].text =
                match keep_suffix.filter(|s| lines[i].rank == 4 && lines[i].text.ends_with(s)) {
                    Some(suffix) => {
                        let head = &lines[i].text[..lines[i].text.len() - suffix.len()];
                        let room = target.saturating_sub(units(suffix) + 1);
                        format!("{} {suffix}", clip(head.trim_end(), room))
                    }
                    None => clip(&lines[i].text, target),
                };
        }
    }
    lines.retain(|l| !l.text.is_empty() && l.text != "…");
    while total(lines) > max && !lines.is_empty() {
        let longest = (0..lines.len())
            .max_by_key(|&i| units(&lines[i].text))
            .unwrap_or(0);
        lines.remove(longest);
    }
}

//! `wegwijs ask "QUESTION"`: how a free-text question was understood, then
//! its results. The texts of this command, in Ukrainian, Dutch and English,
//! live here beside it.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::Args;

use super::output;
use super::Cli;
use crate::engine::Answer;
use crate::model::Lang;
use crate::taxonomy::Taxonomy;

/// Arguments of `ask`.
#[derive(Debug, Args)]
pub struct AskArgs {
    /// The question, in Ukrainian, Russian, Dutch or English.
    #[arg(required = true)]
    pub question: Vec<String>,
    /// Hits per page (at most 100).
    #[arg(long, default_value_t = 10)]
    pub per_page: usize,
    /// Print JSON: the understood question, whether it fell back to a text
    /// search, the search run and its results.
    #[arg(long)]
    pub json: bool,
}

/// A text of `ask`.
#[derive(Debug, Clone, Copy)]
enum AskMsg {
    Understood,
    Categories,
    Place,
    Language,
    Age,
    FreeOnly,
    Fallback,
    Nothing,
}

fn text(lang: Lang, msg: AskMsg) -> &'static str {
    use AskMsg::*;
    use Lang::*;
    match (msg, lang) {
        (Understood, Uk) => "Як зрозуміло запитання",
        (Understood, Nl) => "Zo is de vraag begrepen",
        (Understood, En) => "How the question was understood",
        (Categories, Uk) => "категорії",
        (Categories, Nl) => "categorieën",
        (Categories, En) => "categories",
        (Place, Uk) => "місце",
        (Place, Nl) => "plaats",
        (Place, En) => "place",
        (Language, Uk) => "мова",
        (Language, Nl) => "taal",
        (Language, En) => "language",
        (Age, Uk) => "вік",
        (Age, Nl) => "leeftijd",
        (Age, En) => "age",
        (FreeOnly, Uk) => "лише безкоштовне",
        (FreeOnly, Nl) => "alleen gratis",
        (FreeOnly, En) => "free only",
        (Fallback, Uk) => "не вдалося визначити, що саме шукають — показую текстовий пошук",
        (Fallback, Nl) => "kon niet bepalen wat er gevraagd wordt — dit is een tekstzoekopdracht",
        (Fallback, En) => "could not tell what is asked — showing a text search",
        (Nothing, Uk) => "(нічого)",
        (Nothing, Nl) => "(niets)",
        (Nothing, En) => "(nothing)",
    }
}

/// Runs `ask`.
pub(super) fn run(cli: &Cli, args: &AskArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let engine = super::commands::open(cli)?;
    let answer = engine.ask(&args.question.join(" "), args.per_page)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&answer)?);
    } else {
        print!("{}", understood_text(&answer, engine.taxonomy(), lang));
        print!(
            "{}",
            output::results_text(&answer.results, &answer.query, engine.taxonomy(), lang)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// How the question was understood, as text for a terminal.
fn understood_text(answer: &Answer, taxonomy: &Taxonomy, lang: Lang) -> String {
    let u = &answer.understood;
    let mut out = String::new();
    let _ = writeln!(out, "{}:", text(lang, AskMsg::Understood));
    let _ = write!(out, "  {}:", text(lang, AskMsg::Categories));
    if u.categories.is_empty() {
        let _ = write!(out, " {}", text(lang, AskMsg::Nothing));
    }
    for c in u.categories.iter().take(3) {
        let label = taxonomy
            .category(&c.code)
            .map(|cat| cat.labels.get(lang))
            .or_else(|| taxonomy.indicator(&c.code).map(|i| i.labels.get(lang)))
            .unwrap_or(&c.code);
        let _ = write!(out, " {label} ({}, {:.2});", c.code, c.confidence);
    }
    out.push('\n');
    if let Some(p) = &u.place {
        let _ = writeln!(
            out,
            "  {}: {} ({}) — \"{}\"",
            text(lang, AskMsg::Place),
            p.name,
            p.province,
            p.matched
        );
    }
    if let Some(l) = &u.language {
        let _ = writeln!(out, "  {}: {l}", text(lang, AskMsg::Language));
    }
    if let Some(a) = u.age {
        let _ = writeln!(out, "  {}: {a}", text(lang, AskMsg::Age));
    }
    if u.free_only {
        let _ = writeln!(out, "  {}", text(lang, AskMsg::FreeOnly));
    }
    if answer.fallback && u.text.is_empty() {
        let _ = writeln!(out, "  {}", text(lang, AskMsg::Fallback));
    } else if answer.fallback {
        let _ = writeln!(out, "  {}: \"{}\"", text(lang, AskMsg::Fallback), u.text);
    }
    out.push('\n');
    out
}

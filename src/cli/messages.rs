//! The CLI's user-facing texts in Ukrainian, Dutch and English.

use crate::model::Lang;

/// A message of the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    /// "{n} results"
    Results,
    /// "near"
    Near,
    /// "within"
    Within,
    /// "online / national"
    Online,
    /// "free"
    Free,
    /// "verified"
    Verified,
    /// "not verified"
    NotVerified,
    /// "stale"
    Stale,
    /// "page"
    Page,
    /// "imported"
    Imported,
    /// "rejected"
    Rejected,
    /// "dry run: nothing was imported"
    DryRun,
    /// "no place found"
    NoPlace,
    /// "synthetic"
    Synthetic,
    /// "index rebuilt"
    Rebuilt,
    /// "generated"
    Generated,
}

/// The text of `msg` in `lang`.
pub fn text(lang: Lang, msg: Msg) -> &'static str {
    use Lang::*;
    use Msg::*;
    match (msg, lang) {
        (Results, Uk) => "результатів",
        (Results, Nl) => "resultaten",
        (Results, En) => "results",
        (Near, Uk) => "поблизу",
        (Near, Nl) => "bij",
        (Near, En) => "near",
        (Within, Uk) => "у межах",
        (Within, Nl) => "binnen",
        (Within, En) => "within",
        (Online, Uk) => "онлайн / по всій країні",
        (Online, Nl) => "online / landelijk",
        (Online, En) => "online / national",
        (Free, Uk) => "безкоштовно",
        (Free, Nl) => "gratis",
        (Free, En) => "free",
        (Verified, Uk) => "перевірено",
        (Verified, Nl) => "gecontroleerd",
        (Verified, En) => "verified",
        (NotVerified, Uk) => "не перевірено",
        (NotVerified, Nl) => "niet gecontroleerd",
        (NotVerified, En) => "not verified",
        (Stale, Uk) => "застаріло",
        (Stale, Nl) => "verouderd",
        (Stale, En) => "stale",
        (Page, Uk) => "сторінка",
        (Page, Nl) => "pagina",
        (Page, En) => "page",
        (Imported, Uk) => "імпортовано",
        (Imported, Nl) => "geïmporteerd",
        (Imported, En) => "imported",
        (Rejected, Uk) => "відхилено",
        (Rejected, Nl) => "geweigerd",
        (Rejected, En) => "rejected",
        (DryRun, Uk) => "пробний запуск: нічого не імпортовано",
        (DryRun, Nl) => "proefrun: niets geïmporteerd",
        (DryRun, En) => "dry run: nothing was imported",
        (NoPlace, Uk) => "місце не знайдено",
        (NoPlace, Nl) => "geen plaats gevonden",
        (NoPlace, En) => "no place found",
        (Synthetic, Uk) => "синтетичні дані",
        (Synthetic, Nl) => "synthetische gegevens",
        (Synthetic, En) => "synthetic data",
        (Rebuilt, Uk) => "індекс перебудовано",
        (Rebuilt, Nl) => "index opnieuw opgebouwd",
        (Rebuilt, En) => "index rebuilt",
        (Generated, Uk) => "згенеровано",
        (Generated, Nl) => "gegenereerd",
        (Generated, En) => "generated",
    }
}

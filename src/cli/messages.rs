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
    /// "row"
    Row,
    /// "column"
    Column,
    /// "hint"
    Hint,
    /// "exported"
    Exported,
    /// "online resources left out (no point)"
    SkippedOnline,
    /// "the hsds format is not available in this build"
    HsdsUnavailable,
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
        (Row, Uk) => "рядок",
        (Row, Nl) => "rij",
        (Row, En) => "row",
        (Column, Uk) => "стовпець",
        (Column, Nl) => "kolom",
        (Column, En) => "column",
        (Hint, Uk) => "порада",
        (Hint, Nl) => "tip",
        (Hint, En) => "hint",
        (Exported, Uk) => "експортовано",
        (Exported, Nl) => "geëxporteerd",
        (Exported, En) => "exported",
        (SkippedOnline, Uk) => "онлайн-ресурсів пропущено (без точки на мапі)",
        (SkippedOnline, Nl) => "online-aanbod weggelaten (geen punt op de kaart)",
        (SkippedOnline, En) => "online resources left out (no point on the map)",
        (HsdsUnavailable, Uk) => "формат hsds недоступний у цій збірці",
        (HsdsUnavailable, Nl) => "het hsds-formaat is niet beschikbaar in deze versie",
        (HsdsUnavailable, En) => "hsds format is not available in this build",
    }
}

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
    /// "no likely duplicates"
    NoDuplicates,
    /// "cluster"
    Cluster,
    /// "same name, N m apart" (the prefix before N)
    SameName,
    /// "m apart"
    MetresApart,
    /// "same phone number"
    SamePhone,
    /// "same website"
    SameWebsite,
    /// "merged into"
    MergedInto,
    /// "archived"
    Archived,
    /// "nothing to re-verify"
    NothingStale,
    /// "never"
    Never,
    /// Column: "id"
    ColId,
    /// Column: "name"
    ColName,
    /// Column: "municipality"
    ColMunicipality,
    /// Column: "last verified"
    ColVerified,
    /// Column: "days"
    ColDays,
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
        (NoDuplicates, Uk) => "ймовірних дублікатів немає",
        (NoDuplicates, Nl) => "geen waarschijnlijke dubbelingen",
        (NoDuplicates, En) => "no likely duplicates",
        (Cluster, Uk) => "група",
        (Cluster, Nl) => "groep",
        (Cluster, En) => "cluster",
        (SameName, Uk) => "та сама назва, відстань",
        (SameName, Nl) => "zelfde naam, op",
        (SameName, En) => "same name,",
        (MetresApart, Uk) => "м",
        (MetresApart, Nl) => "m afstand",
        (MetresApart, En) => "m apart",
        (SamePhone, Uk) => "той самий телефон",
        (SamePhone, Nl) => "zelfde telefoonnummer",
        (SamePhone, En) => "same phone number",
        (SameWebsite, Uk) => "той самий вебсайт",
        (SameWebsite, Nl) => "zelfde website",
        (SameWebsite, En) => "same website",
        (MergedInto, Uk) => "об'єднано в",
        (MergedInto, Nl) => "samengevoegd in",
        (MergedInto, En) => "merged into",
        (Archived, Uk) => "архівовано",
        (Archived, Nl) => "gearchiveerd",
        (Archived, En) => "archived",
        (NothingStale, Uk) => "нічого не треба перевіряти",
        (NothingStale, Nl) => "niets om opnieuw te controleren",
        (NothingStale, En) => "nothing to re-verify",
        (Never, Uk) => "ніколи",
        (Never, Nl) => "nooit",
        (Never, En) => "never",
        (ColId, _) => "id",
        (ColName, Uk) => "назва",
        (ColName, Nl) => "naam",
        (ColName, En) => "name",
        (ColMunicipality, Uk) => "громада",
        (ColMunicipality, Nl) => "gemeente",
        (ColMunicipality, En) => "municipality",
        (ColVerified, Uk) => "остання перевірка",
        (ColVerified, Nl) => "laatst gecontroleerd",
        (ColVerified, En) => "last verified",
        (ColDays, Uk) => "днів",
        (ColDays, Nl) => "dagen",
        (ColDays, En) => "days",
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
    }
}

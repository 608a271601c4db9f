//! A problem found in a spreadsheet: its row and column as the person sees
//! them, what is wrong, and how to fix it (in uk, nl and en).

use serde::Serialize;

use crate::model::Lang;

/// The kind of a problem; each kind has one fix hint in every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The file is not UTF-8 text.
    Encoding,
    /// The CSV structure is broken (an unclosed quote).
    Malformed,
    /// A header names no known column; its values are ignored.
    UnknownColumn,
    /// A header appears twice.
    DuplicateColumn,
    /// A required column is missing.
    MissingColumn,
    /// A cell holds a spreadsheet formula instead of a value.
    Formula,
    /// A required cell is empty.
    Required,
    /// A number could not be read.
    Number,
    /// A yes/no cell holds something else.
    YesNo,
    /// A category is neither a code nor a label.
    Category,
    /// A language is neither an ISO code nor a known name.
    Language,
    /// The place is not in the gazetteer.
    Place,
    /// The row says nowhere where the service is.
    Location,
    /// The service area could not be read.
    ServiceArea,
    /// A legal status could not be read.
    LegalStatus,
    /// The cost could not be read.
    Cost,
    /// The availability could not be read.
    Availability,
    /// A date could not be read.
    Date,
    /// The publication status could not be read.
    Status,
    /// The same id appears on two rows.
    DuplicateId,
    /// The row looks like a resource already stored (same name nearby,
    /// same phone or same website).
    LikelyDuplicate,
    /// Any other rule of the model (a URL, an e-mail address, a length).
    Invalid,
}

impl ProblemKind {
    /// How to fix a problem of this kind, in `lang`.
    pub fn hint(self, lang: Lang) -> &'static str {
        use Lang::*;
        use ProblemKind::*;
        match (self, lang) {
            (Encoding, En) => "save the file as \"CSV UTF-8\"",
            (Encoding, Nl) => "sla het bestand op als \"CSV UTF-8\"",
            (Encoding, Uk) => "збережіть файл як \"CSV UTF-8\"",
            (Malformed, En) => "check the quotes in this row: every opening \" needs a closing \"",
            (Malformed, Nl) => "controleer de aanhalingstekens in deze rij: elke \" moet gesloten worden",
            (Malformed, Uk) => "перевірте лапки в цьому рядку: кожна відкрита \" має бути закрита",
            (UnknownColumn, En) => "rename it to a column of seed-data/spreadsheet-template.md, or delete it; its values are ignored",
            (UnknownColumn, Nl) => "hernoem de kolom naar een kolom uit seed-data/spreadsheet-template.md, of verwijder hem; de waarden worden genegeerd",
            (UnknownColumn, Uk) => "перейменуйте стовпець на один із seed-data/spreadsheet-template.md або видаліть його; його значення ігноруються",
            (DuplicateColumn, En) => "keep one column with this name; the second is ignored",
            (DuplicateColumn, Nl) => "houd één kolom met deze naam; de tweede wordt genegeerd",
            (DuplicateColumn, Uk) => "залиште один стовпець із цією назвою; другий ігнорується",
            (MissingColumn, En) => "add a column with this name (Dutch or English) to the first row",
            (MissingColumn, Nl) => "voeg een kolom met deze naam (Nederlands of Engels) toe aan de eerste rij",
            (MissingColumn, Uk) => "додайте стовпець із цією назвою (нідерландською чи англійською) у перший рядок",
            (Formula, En) => "replace the formula by its value (copy, then paste special → values only)",
            (Formula, Nl) => "vervang de formule door de waarde (kopiëren, dan plakken speciaal → alleen waarden)",
            (Formula, Uk) => "замініть формулу її значенням (копіювати, потім спеціальна вставка → лише значення)",
            (Required, En) => "fill in this cell",
            (Required, Nl) => "vul deze cel in",
            (Required, Uk) => "заповніть цю клітинку",
            (Number, En) => "write a number such as 52,37 or 52.37, without units",
            (Number, Nl) => "schrijf een getal zoals 52,37 of 52.37, zonder eenheid",
            (Number, Uk) => "напишіть число, наприклад 52,37 або 52.37, без одиниць",
            (YesNo, En) => "write ja or nee (yes or no), or leave the cell empty",
            (YesNo, Nl) => "schrijf ja of nee, of laat de cel leeg",
            (YesNo, Uk) => "напишіть ja або nee (так чи ні), або залиште клітинку порожньою",
            (Category, En) => "use a code such as health.mental_support or a category name in Dutch, English or Ukrainian, separated by ;",
            (Category, Nl) => "gebruik een code zoals health.mental_support of een categorienaam in het Nederlands, Engels of Oekraïens, gescheiden door ;",
            (Category, Uk) => "вкажіть код, наприклад health.mental_support, або назву категорії нідерландською, англійською чи українською, через ;",
            (Language, En) => "use ISO codes such as uk; nl; en or names such as Ukrainian; Dutch",
            (Language, Nl) => "gebruik ISO-codes zoals uk; nl; en of namen zoals Oekraïens; Nederlands",
            (Language, Uk) => "вкажіть коди ISO, наприклад uk; nl; en, або назви, наприклад українська; нідерландська",
            (Place, En) => "check the spelling of the place, or fill in breedtegraad and lengtegraad (lat, lon)",
            (Place, Nl) => "controleer de spelling van de plaats, of vul breedtegraad en lengtegraad in",
            (Place, Uk) => "перевірте написання населеного пункту або заповніть breedtegraad і lengtegraad (широта, довгота)",
            (Location, En) => "fill in plaats, gemeente, or breedtegraad and lengtegraad, or write ja under online",
            (Location, Nl) => "vul plaats, gemeente, of breedtegraad en lengtegraad in, of schrijf ja bij online",
            (Location, Uk) => "заповніть plaats, gemeente або breedtegraad і lengtegraad, або напишіть ja у стовпці online",
            (ServiceArea, En) => "write landelijk (national), a radius such as 10 km, or municipalities separated by ;",
            (ServiceArea, Nl) => "schrijf landelijk, een straal zoals 10 km, of gemeenten gescheiden door ;",
            (ServiceArea, Uk) => "напишіть landelijk (по всій країні), радіус, наприклад 10 km, або громади через ;",
            (LegalStatus, En) => "write anyone, temporary_protection, third_country_national, asylum_seeker, status_holder or eu_citizen (or the Dutch words), separated by ;",
            (LegalStatus, Nl) => "schrijf iedereen, tijdelijke bescherming, derdelander, asielzoeker, statushouder of eu-burger, gescheiden door ;",
            (LegalStatus, Uk) => "напишіть iedereen, tijdelijke bescherming, derdelander, asielzoeker, statushouder або eu-burger, через ;",
            (Cost, En) => "write gratis (free), an amount in euros such as 12,50, or korting 5 for a reduced price",
            (Cost, Nl) => "schrijf gratis, een bedrag in euro zoals 12,50, of korting 5 voor een gereduceerde prijs",
            (Cost, Uk) => "напишіть gratis (безкоштовно), суму в євро, наприклад 12,50, або korting 5 для зниженої ціни",
            (Availability, En) => "write open, wachtlijst (waiting list), vol (full) or tijdelijk gesloten (temporarily closed)",
            (Availability, Nl) => "schrijf open, wachtlijst, vol of tijdelijk gesloten",
            (Availability, Uk) => "напишіть open (приймає), wachtlijst (черга), vol (немає місць) або tijdelijk gesloten (тимчасово закрито)",
            (Date, En) => "write a date such as 2026-11-28 or 28-11-2026",
            (Date, Nl) => "schrijf een datum zoals 28-11-2026 of 2026-11-28",
            (Date, Uk) => "напишіть дату, наприклад 28-11-2026 або 2026-11-28",
            (Status, En) => "write gepubliceerd (published), concept (draft), ter beoordeling (pending) or gearchiveerd (archived)",
            (Status, Nl) => "schrijf gepubliceerd, concept, ter beoordeling of gearchiveerd",
            (Status, Uk) => "напишіть gepubliceerd (опубліковано), concept (чернетка), ter beoordeling (на перевірці) або gearchiveerd (в архіві)",
            (DuplicateId, En) => "give each row its own id (or its own name and place), or delete the repeated row",
            (DuplicateId, Nl) => "geef elke rij een eigen id (of een eigen naam en plaats), of verwijder de herhaalde rij",
            (DuplicateId, Uk) => "дайте кожному рядку власний id (або власну назву й місце) чи видаліть повторений рядок",
            (LikelyDuplicate, En) => "give the row the stored resource's id to update it, delete the row, or import with --allow-duplicates if it really is another service",
            (LikelyDuplicate, Nl) => "geef de rij de id van de opgeslagen dienst om die bij te werken, verwijder de rij, of importeer met --allow-duplicates als het echt een andere dienst is",
            (LikelyDuplicate, Uk) => "вкажіть у рядку id збереженого ресурсу, щоб оновити його, видаліть рядок або імпортуйте з --allow-duplicates, якщо це справді інша послуга",
            (Invalid, En) => "correct the value; seed-data/spreadsheet-template.md shows the format of every column",
            (Invalid, Nl) => "verbeter de waarde; seed-data/spreadsheet-template.md beschrijft elke kolom",
            (Invalid, Uk) => "виправте значення; формат кожного стовпця описано в seed-data/spreadsheet-template.md",
        }
    }
}

/// One problem of one cell (or of a whole row or the header).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetProblem {
    /// The row as a spreadsheet shows it: the header is row 1.
    pub row: usize,
    /// The column's header as written in the file (its Dutch name when the
    /// file lacks the column), or empty for a problem of the whole row.
    pub column: String,
    /// What kind of problem it is.
    pub kind: ProblemKind,
    /// What is wrong, lowercase, naming the value.
    pub message: String,
    /// How to fix it, in English (see [`ProblemKind::hint`] for uk and nl).
    pub hint: String,
}

impl SheetProblem {
    /// A problem in `row`, `column`.
    pub fn new(
        row: usize,
        column: impl Into<String>,
        kind: ProblemKind,
        message: impl Into<String>,
    ) -> SheetProblem {
        SheetProblem {
            row,
            column: column.into(),
            kind,
            message: message.into(),
            hint: kind.hint(Lang::En).to_string(),
        }
    }

    /// The fix hint in `lang`.
    pub fn hint_in(&self, lang: Lang) -> &'static str {
        self.kind.hint(lang)
    }
}

impl std::fmt::Display for SheetProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}", self.row)?;
        if !self.column.is_empty() {
            write!(f, ", column {}", self.column)?;
        }
        write!(f, ": {} (hint: {})", self.message, self.hint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hint_exists_in_every_language_and_is_lowercase() {
        for kind in [
            ProblemKind::Formula,
            ProblemKind::Place,
            ProblemKind::Invalid,
        ] {
            for lang in crate::model::LANGS {
                let h = kind.hint(lang);
                assert!(!h.is_empty() && !h.ends_with('.'), "{kind:?} {lang:?}");
            }
        }
    }
}

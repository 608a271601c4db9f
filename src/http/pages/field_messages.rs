//! Field error messages and field names in the page language.
//!
//! The engine names problems in English (`FieldError { field, message }`),
//! the same text the API returns. The pages show them in Ukrainian, Dutch or
//! English: fixed messages by table, messages with a parameter (a place, a
//! number) by pattern, keeping the parameter as it is. A message without a
//! translation is shown in English rather than not at all.

use super::i18n::{index, native_name};
use super::texts::{t, T};
use crate::model::{Lang, LANGS};

/// Fixed messages: English, then Ukrainian and Dutch.
const FIXED: &[(&str, &str, &str)] = &[
    // The model's rules (`Resource::validate`).
    (
        "must be 1 to 64 characters from a-z, 0-9, '-', '_', '.'",
        "має містити від 1 до 64 символів: a-z, 0-9, '-', '_', '.'",
        "moet 1 tot 64 tekens lang zijn, uit a-z, 0-9, '-', '_', '.'",
    ),
    (
        "must have a text in at least one of uk, nl, en",
        "додайте текст хоча б однією мовою: українською, нідерландською або англійською",
        "vul een tekst in, in minstens één taal: Oekraïens, Nederlands of Engels",
    ),
    (
        "must not contain direction overrides or zero-width spaces",
        "не може містити символів зміни напрямку тексту або пробілів нульової ширини",
        "mag geen tekens voor de tekstrichting of spaties zonder breedte bevatten",
    ),
    (
        "must list at least one taxonomy code (only a pending record may have none)",
        "виберіть хоча б одну тему",
        "kies minstens één onderwerp",
    ),
    ("is listed twice", "вказано двічі", "staat er twee keer in"),
    (
        "must be between -90 and 90",
        "має бути від -90 до 90",
        "moet tussen -90 en 90 liggen",
    ),
    (
        "must be between -180 and 180",
        "має бути від -180 до 180",
        "moet tussen -180 en 180 liggen",
    ),
    (
        "a radius needs a location with a point",
        "для радіуса потрібне місце з координатами",
        "voor een straal is een locatie met coördinaten nodig",
    ),
    (
        "must list at least one municipality",
        "вкажіть хоча б один муніципалітет",
        "noem minstens één gemeente",
    ),
    (
        "must be a two-letter lowercase ISO 639-1 code",
        "має бути дволітерним кодом мови ISO 639-1 малими літерами, напр. uk або nl",
        "moet een taalcode volgens ISO 639-1 zijn, twee kleine letters, bijv. uk of nl",
    ),
    (
        "must not be below eligibility.min_age",
        "не може бути менше за мінімальний вік",
        "mag niet lager zijn dan de minimumleeftijd",
    ),
    (
        "must contain digits",
        "має містити цифри",
        "moet cijfers bevatten",
    ),
    (
        "must be an email address like name@example.org",
        "має бути адресою електронної пошти, напр. name@example.org",
        "moet een e-mailadres zijn, zoals name@example.org",
    ),
    (
        "must not be before provenance.created_at",
        "не може бути раніше за дату створення запису",
        "mag niet vóór de aanmaakdatum van het item liggen",
    ),
    (
        "must name who verified when verified_at is set",
        "вкажіть, хто перевірив, якщо є дата перевірки",
        "noem wie het heeft gecontroleerd als er een controledatum is",
    ),
    (
        "must be empty or 0 when cost.kind is free",
        "залиште порожнім або вкажіть 0, якщо послуга безкоштовна",
        "laat leeg of vul 0 in als het gratis is",
    ),
    (
        "must be a number from 0 to 10000000",
        "має бути числом від 0 до 10000000",
        "moet een getal van 0 tot 10000000 zijn",
    ),
    (
        "must be a three-letter ISO 4217 code such as EUR",
        "має бути трилітерним кодом валюти ISO 4217, напр. EUR",
        "moet een valutacode volgens ISO 4217 van drie letters zijn, zoals EUR",
    ),
    (
        "is required when cost.amount is given",
        "обов'язково, якщо вказано суму",
        "is verplicht als er een bedrag is ingevuld",
    ),
    ("is required", "обов'язкове поле", "is verplicht"),
    (
        "must not be empty",
        "заповніть це поле",
        "mag niet leeg zijn",
    ),
    (
        "must not contain control characters",
        "не може містити керівних символів",
        "mag geen stuurtekens bevatten",
    ),
    (
        "must be an http(s) URL without spaces",
        "має бути посиланням http(s) без пробілів",
        "moet een http(s)-link zonder spaties zijn",
    ),
    // Suggestions and writes.
    ("is already taken", "вже зайнято", "is al in gebruik"),
    (
        "must say what is wrong",
        "напишіть, що саме неправильно",
        "schrijf wat er niet klopt",
    ),
    (
        "must be a JSON object",
        "має бути об'єктом JSON",
        "moet een JSON-object zijn",
    ),
    (
        "must be a JSON object (a merge patch)",
        "має бути об'єктом JSON (merge patch)",
        "moet een JSON-object zijn (een merge patch)",
    ),
    (
        "must not change",
        "не можна змінювати",
        "mag niet veranderen",
    ),
    (
        "the suggestion was already decided",
        "щодо цієї пропозиції вже ухвалено рішення",
        "over dit voorstel is al besloten",
    ),
    (
        "must be 1 to 200 bytes",
        "має бути завдовжки від 1 до 200 байтів",
        "moet 1 tot 200 bytes lang zijn",
    ),
    // Search.
    (
        "needs a point or a place to measure from",
        "потрібна точка або місце, від якого рахувати відстань",
        "heeft een punt of plaats nodig om vanaf te meten",
    ),
    // The pages' own checks.
    (
        "must not contain direction-override characters",
        "не може містити символів зміни напрямку тексту",
        "mag geen tekens voor de tekstrichting bevatten",
    ),
    ("must be a number", "має бути числом", "moet een getal zijn"),
    (
        "must be a whole number from 0 to 120",
        "має бути цілим числом від 0 до 120",
        "moet een geheel getal van 0 tot 120 zijn",
    ),
    (
        "must not contain control or direction-override characters",
        "не може містити керівних символів або символів зміни напрямку тексту",
        "mag geen stuurtekens of tekens voor de tekstrichting bevatten",
    ),
    // The household profile (`Household::validate`).
    (
        "needs a place name or lat and lon",
        "вкажіть місто або село",
        "vul een plaats in",
    ),
    (
        "is required with lat",
        "потрібно разом із широтою",
        "is verplicht samen met de breedtegraad",
    ),
    (
        "is required with lon",
        "потрібно разом із довготою",
        "is verplicht samen met de lengtegraad",
    ),
    (
        "is also listed as spoken",
        "цю мову вже вказано серед мов, якими розмовляють",
        "staat ook bij de gesproken talen",
    ),
    (
        "is not a valid token",
        "недійсний токен",
        "is geen geldig token",
    ),
];

/// The text before and after a message's parameter.
type Around = (&'static str, &'static str);

/// Messages with one parameter: English before and after it, then the
/// Ukrainian and Dutch before and after it. Longer English patterns come
/// first where one would also match another.
const PATTERNS: &[(&str, &str, [Around; 2])] = &[
    (
        "unknown category or indicator '",
        "'",
        [
            ("невідома тема або розділ «", "»"),
            ("onbekend onderwerp of onbekende rubriek '", "'"),
        ],
    ),
    (
        "unknown category '",
        "'",
        [("невідома тема «", "»"), ("onbekend onderwerp '", "'")],
    ),
    (
        "unknown place '",
        "'",
        [("невідоме місце «", "»"), ("onbekende plaats '", "'")],
    ),
    (
        "unknown municipality or province '",
        "'",
        [
            ("невідомий муніципалітет або провінція «", "»"),
            ("onbekende gemeente of provincie '", "'"),
        ],
    ),
    (
        "appears twice in this file (first on line ",
        ")",
        [
            ("трапляється у файлі двічі (уперше в рядку ", ")"),
            ("komt twee keer voor in dit bestand (eerst op regel ", ")"),
        ],
    ),
    (
        "must have at most ",
        " values",
        [
            ("має містити не більше ", " значень"),
            ("mag hoogstens ", " waarden bevatten"),
        ],
    ),
    (
        "must be at most ",
        " bytes of text",
        [
            ("має бути текстом не довше ", " байтів"),
            ("mag hoogstens ", " bytes tekst zijn"),
        ],
    ),
    (
        "must be at most ",
        " bytes",
        [
            ("не може бути довше ", " байтів"),
            ("mag niet langer zijn dan ", " bytes"),
        ],
    ),
    (
        "must be at most ",
        " characters",
        [
            ("не може бути довше ", " символів"),
            ("mag niet langer zijn dan ", " tekens"),
        ],
    ),
    (
        "must be more than 0 and at most ",
        "",
        [
            ("має бути більше 0 і не більше ", ""),
            ("moet groter dan 0 en hoogstens ", " zijn"),
        ],
    ),
    (
        "must be at most ",
        "",
        [("має бути не більше ", ""), ("mag hoogstens ", " zijn")],
    ),
    (
        "at most ",
        " needs in all, members' included",
        [
            (
                "не більше ",
                " потреб загалом, разом із потребами членів сім'ї",
            ),
            (
                "hoogstens ",
                " behoeften in totaal, die van gezinsleden meegerekend",
            ),
        ],
    ),
    ("at most ", "", [("не більше ", ""), ("hoogstens ", "")]),
    (
        "must be from 1 to ",
        "",
        [("має бути від 1 до ", ""), ("moet van 1 tot ", " zijn")],
    ),
    (
        "this needs the ",
        " role",
        [
            ("для цього потрібна роль ", ""),
            ("hiervoor is de rol ", " nodig"),
        ],
    ),
    (
        "this token may only write in ",
        "",
        [
            ("цей токен дозволяє змінювати записи лише тут: ", ""),
            ("dit token mag alleen items wijzigen in ", ""),
        ],
    ),
];

/// `message`, a field error message from the engine or the pages, in
/// `lang`. English, and any message without a translation, is returned as
/// it is.
pub fn translate(lang: Lang, message: &str) -> String {
    let column = match lang {
        Lang::Uk => 0,
        Lang::Nl => 1,
        Lang::En => return message.to_string(),
    };
    if let Some((_, uk, nl)) = FIXED.iter().find(|(en, _, _)| *en == message) {
        return [uk, nl][column].to_string();
    }
    for (before, after, translated) in PATTERNS {
        let param = message
            .strip_prefix(before)
            .and_then(|rest| rest.strip_suffix(after));
        if let Some(param) = param.filter(|p| !p.is_empty()) {
            let (b, a) = translated[column];
            return format!("{b}{param}{a}");
        }
    }
    message.to_string()
}

/// Field names without a text of their own in `texts.rs`: Ukrainian, Dutch.
fn own_label(path: &str) -> Option<[&'static str; 2]> {
    Some(match path {
        "id" => ["Ідентифікатор", "ID"],
        "location.lat" => ["Широта", "Breedtegraad"],
        "location.lon" => ["Довгота", "Lengtegraad"],
        "cost.currency" => ["Валюта", "Valuta"],
        "eligibility.residents_only" => ["Лише для мешканців", "Alleen voor inwoners"],
        "provenance.updated_at" => ["Дата оновлення", "Datum van bijwerken"],
        "provenance.verified_by" => ["Хто перевірив", "Gecontroleerd door"],
        "home" | "home.place" => ["Місце проживання", "Woonplaats"],
        "home.lat" => ["Широта", "Breedtegraad"],
        "home.lon" => ["Довгота", "Lengtegraad"],
        "reach_km" => ["Відстань, км", "Afstand in km"],
        "avoid_languages" => ["Небажані мови", "Talen die ze niet willen"],
        "registered_municipality" => ["Муніципалітет реєстрації", "Gemeente van inschrijving"],
        "needs" => ["Потреби сім'ї", "Behoeften van het gezin"],
        "members" => ["Члени сім'ї", "Gezinsleden"],
        "max_per_need" => ["Варіантів на потребу", "Opties per behoefte"],
        _ => return None,
    })
}

/// The name of the field at `path` (e.g. `location.municipality`,
/// `categories[1]`) as the pages show it in `lang`; `None` for English
/// (except member rows) and for fields without one, which the pages show as the path itself.
pub fn field_label(lang: Lang, path: &str) -> Option<String> {
    // Member rows are numbered on the form, so name them so in every language.
    if let Some(label) = member_label(lang, path) {
        return Some(label);
    }
    if lang == Lang::En {
        return None;
    }
    let base = path.split('[').next().unwrap_or(path);
    if let Some(code) = base.strip_prefix("description.") {
        let l = LANGS.into_iter().find(|l| l.code() == code)?;
        return Some(format!("{} ({})", t(lang, T::Description), native_name(l)));
    }
    if let Some(labels) = own_label(base) {
        return Some(labels[index(lang)].to_string());
    }
    let key = match base {
        "name" => T::Name,
        "description" => T::Description,
        "organization.name" | "organization" => T::Organization,
        "organization.website" => T::OrganizationWebsite,
        "categories" | "category" => T::Category,
        "location" | "location.municipality" | "place" => T::Place,
        "location.address" => T::Address,
        "service_area" | "service_area.km" | "service_area.municipalities" => T::ServiceArea,
        "languages" | "language" => T::Languages,
        "eligibility.min_age" => T::MinAge,
        "eligibility.max_age" => T::MaxAge,
        "eligibility.audience" => T::Audience,
        "cost" | "cost.kind" => T::CostKind,
        "cost.amount" => T::AmountEur,
        "cost.note" => T::CostNote,
        "contact.phone" => T::Phone,
        "contact.email" => T::Email,
        "contact.website" => T::Website,
        "contact.telegram" => T::Telegram,
        "contact.whatsapp" => T::WhatsApp,
        "opening_hours" => T::OpeningHours,
        "accessibility" => T::Accessibility,
        "provenance.source" | "provenance" => T::Source,
        "message" => T::WhatIsWrong,
        "radius_km" => T::Radius,
        "token" => T::Token,
        _ => return None,
    };
    Some(t(lang, key).to_string())
}

/// "Member 2: Age" for `members[1].age` (the household form's rows).
fn member_label(lang: Lang, path: &str) -> Option<String> {
    let (index, rest) = path.strip_prefix("members[")?.split_once(']')?;
    let row = index.parse::<usize>().ok()?;
    let sub = rest.strip_prefix('.').unwrap_or(rest);
    let sub = sub.split('[').next().unwrap_or(sub);
    let key = match sub {
        "label" => Some(T::MemberLabel),
        "age" => Some(T::Age),
        "needs" => Some(T::NeedWords),
        "interests" => Some(T::Interests),
        "notes" => Some(T::Note),
        _ => None,
    };
    let member = format!("{} {}", t(lang, T::MemberN), row + 1);
    Some(match key {
        Some(k) => format!("{member}: {}", t(lang, k)),
        None => member,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The files whose field error messages reach the pages.
    const SOURCES: &[(&str, &str)] = &[
        ("model/validate.rs", include_str!("../../model/validate.rs")),
        ("engine/write.rs", include_str!("../../engine/write.rs")),
        (
            "engine/suggestions.rs",
            include_str!("../../engine/suggestions.rs"),
        ),
        ("engine/tokens.rs", include_str!("../../engine/tokens.rs")),
        ("engine/import.rs", include_str!("../../engine/import.rs")),
        ("search/run.rs", include_str!("../../search/run.rs")),
        ("http/pages/draft.rs", include_str!("draft.rs")),
        ("http/pages/resource.rs", include_str!("resource.rs")),
        ("http/pages/search.rs", include_str!("search.rs")),
        ("http/pages/signin.rs", include_str!("signin.rs")),
        ("http/pages/stale.rs", include_str!("stale.rs")),
        ("http/pages/match_form.rs", include_str!("match_form.rs")),
        (
            "matching/profile.rs",
            include_str!("../../matching/profile.rs"),
        ),
        (
            "matching/matcher.rs",
            include_str!("../../matching/matcher.rs"),
        ),
    ];

    /// How messages begin; string literals that begin so are messages.
    const STARTS: &[&str] = &[
        "must ",
        "is ",
        "unknown ",
        "appears ",
        "needs ",
        "a radius ",
        "this ",
        "the suggestion ",
    ];

    /// The message literals of `src`, with each `{…}` placeholder of a
    /// `format!` replaced by a sample parameter.
    fn messages(src: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut rest = src;
        while let Some(i) = rest.find('"') {
            rest = &rest[i + 1..];
            let Some(end) = rest.find('"') else { break };
            let literal = &rest[..end];
            if STARTS.iter().any(|s| literal.starts_with(s)) {
                let mut m = String::new();
                let mut in_placeholder = false;
                for c in literal.chars() {
                    match c {
                        '{' => {
                            in_placeholder = true;
                            m.push('7');
                        }
                        '}' => in_placeholder = false,
                        c if !in_placeholder => m.push(c),
                        _ => {}
                    }
                }
                found.push(m);
            }
            rest = &rest[end + 1..];
        }
        found
    }

    #[test]
    fn every_engine_message_is_translated() {
        let mut count = 0;
        for (file, src) in SOURCES {
            for m in messages(src) {
                count += 1;
                for lang in [Lang::Uk, Lang::Nl] {
                    let shown = translate(lang, &m);
                    assert_ne!(shown, m, "{file}: {m:?} has no {lang:?} translation");
                    assert!(!shown.trim().is_empty(), "{file}: {m:?} in {lang:?}");
                }
                assert_eq!(translate(Lang::En, &m), m);
            }
        }
        assert!(count > 40, "the scan found only {count} messages");
    }

    #[test]
    fn parameters_are_kept_verbatim() {
        let m = "unknown category '<b>x</b>'";
        assert_eq!(translate(Lang::Uk, m), "невідома тема «<b>x</b>»");
        assert_eq!(translate(Lang::Nl, m), "onbekend onderwerp '<b>x</b>'");
        assert_eq!(
            translate(Lang::Nl, "unknown category or indicator 'q'"),
            "onbekend onderwerp of onbekende rubriek 'q'"
        );
        assert_eq!(
            translate(Lang::Uk, "must be from 1 to 100"),
            "має бути від 1 до 100"
        );
        assert_eq!(
            translate(Lang::Nl, "appears twice in this file (first on line 3)"),
            "komt twee keer voor in dit bestand (eerst op regel 3)"
        );
        assert_eq!(
            translate(Lang::Uk, "must be at most 2000 bytes of text"),
            "має бути текстом не довше 2000 байтів"
        );
        assert_eq!(
            translate(Lang::Nl, "must be at most 120"),
            "mag hoogstens 120 zijn"
        );
    }

    #[test]
    fn unknown_messages_stay_english() {
        let m = "invalid type: string \"x\", expected f64";
        assert_eq!(translate(Lang::Uk, m), m);
        assert_eq!(translate(Lang::Nl, m), m);
        // A pattern without its parameter is not a match.
        assert_eq!(translate(Lang::Uk, "unknown place ''"), "unknown place ''");
    }

    #[test]
    fn fixed_messages_are_unique_and_complete() {
        for (i, (en, uk, nl)) in FIXED.iter().enumerate() {
            assert!(!uk.is_empty() && !nl.is_empty(), "{en}");
            assert!(
                FIXED[..i].iter().all(|(other, _, _)| other != en),
                "{en} twice"
            );
        }
    }

    #[test]
    fn field_labels() {
        assert_eq!(field_label(Lang::En, "name"), None);
        assert_eq!(
            field_label(Lang::Uk, "categories[2]").as_deref(),
            Some(t(Lang::Uk, T::Category))
        );
        assert_eq!(
            field_label(Lang::Nl, "location.municipality").as_deref(),
            Some("Plaats")
        );
        assert!(field_label(Lang::Nl, "description.uk")
            .unwrap()
            .starts_with("Beschrijving"));
        assert_eq!(field_label(Lang::Uk, "description.xx"), None);
        assert_eq!(field_label(Lang::Uk, "patch.id"), None);
        for path in [
            "id",
            "name",
            "description",
            "description.en",
            "organization.name",
            "organization.website",
            "categories[0]",
            "location.lat",
            "location.lon",
            "location.address",
            "languages[1]",
            "eligibility.min_age",
            "eligibility.max_age",
            "cost.amount",
            "cost.currency",
            "contact.phone",
            "contact.email",
            "contact.website",
            "provenance.source",
            "message",
        ] {
            for lang in [Lang::Uk, Lang::Nl] {
                assert!(field_label(lang, path).is_some(), "{path} in {lang:?}");
            }
        }
    }
}

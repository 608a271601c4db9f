//! The fixed words of the chat messages in Ukrainian, Dutch and English, and
//! the language-aware formatting of numbers, prices, durations and language
//! names they need.
//!
//! The matching layer sits below `http`, so it keeps its own small table
//! rather than borrowing the pages' texts: a message must read the same
//! whether the CLI, the API or a page asked for it.

use crate::model::Lang;

/// A fixed phrase of the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum W {
    /// The opening line, before the place and reach.
    Intro,
    /// Marks a need nobody asked for.
    Suggestion,
    /// Marks a need continued from the previous message.
    Continued,
    /// "Online", in place of an address.
    Online,
    /// The label before a phone number.
    Phone,
    /// The label before opening hours.
    Hours,
    /// The label before an email address.
    Email,
    /// Marks demo data.
    Synthetic,
    /// A need with neither matches nor a gap.
    NothingFound,
    /// Introduces the nearest option beyond reach.
    NearestBeyond,
    /// Introduces the online alternative.
    OnlineAlternative,
    /// A gap with no alternative at all.
    NoAlternative,
}

/// The phrase `w` in `lang`.
pub fn word(lang: Lang, w: W) -> &'static str {
    let [uk, nl, en] = match w {
        W::Intro => [
            "Варіанти допомоги для вашої сім'ї",
            "Hulp voor uw gezin",
            "Options for your household",
        ],
        W::Suggestion => ["(наша пропозиція)", "(onze suggestie)", "(our suggestion)"],
        W::Continued => ["(продовження)", "(vervolg)", "(continued)"],
        W::Online => ["Онлайн", "Online", "Online"],
        W::Phone => ["Тел.", "Tel.", "Phone"],
        W::Hours => ["Години роботи", "Open", "Hours"],
        W::Email => ["Ел. пошта", "E-mail", "Email"],
        W::Synthetic => [
            "[тестові дані, не справжні]",
            "[testgegevens, niet echt]",
            "[synthetic test data, not real]",
        ],
        W::NothingFound => [
            "Нічого відповідного не знайшлося.",
            "Er is niets passends gevonden.",
            "Nothing suitable was found.",
        ],
        W::NearestBeyond => [
            "Найближчий варіант, далі цієї відстані:",
            "Dichtstbijzijnde optie, verder weg:",
            "Nearest option, beyond that distance:",
        ],
        W::OnlineAlternative => [
            "Онлайн-альтернатива:",
            "Online alternatief:",
            "Online alternative:",
        ],
        W::NoAlternative => [
            "Далі чи онлайн теж нічого немає.",
            "Ook verder weg of online is er niets.",
            "There is nothing further away or online either.",
        ],
    };
    match lang {
        Lang::Uk => uk,
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// A reach: like [`km`], but a whole number without its ".0".
fn reach(lang: Lang, reach_km: f64) -> String {
    if reach_km.is_finite() && reach_km.fract() == 0.0 && reach_km >= 0.0 {
        let unit = if lang == Lang::Uk { "км" } else { "km" };
        format!("{reach_km:.0} {unit}")
    } else {
        km(lang, reach_km)
    }
}

/// "Nothing fits within 20 km." in `lang`.
pub fn nothing_within(lang: Lang, reach_km: f64) -> String {
    let reach = reach(lang, reach_km);
    match lang {
        Lang::Uk => format!("У межах {reach} нічого відповідного немає."),
        Lang::Nl => format!("Binnen {reach} past er niets."),
        Lang::En => format!("Nothing fits within {reach}."),
    }
}

/// "up to 20 km" in `lang`, for the opening line.
pub fn up_to(lang: Lang, reach_km: f64) -> String {
    let reach = reach(lang, reach_km);
    match lang {
        Lang::Uk => format!("до {reach}"),
        Lang::Nl => format!("tot {reach}"),
        Lang::En => format!("up to {reach}"),
    }
}

/// A distance: one decimal below 10 km, whole kilometres above; a decimal
/// comma in Ukrainian and Dutch.
pub fn km(lang: Lang, km: f64) -> String {
    let km = if km.is_finite() { km.max(0.0) } else { 0.0 };
    let number = if km < 10.0 {
        format!("{km:.1}")
    } else {
        format!("{km:.0}")
    };
    match lang {
        Lang::Uk => format!("{} км", number.replace('.', ",")),
        Lang::Nl => format!("{} km", number.replace('.', ",")),
        Lang::En => format!("{number} km"),
    }
}

/// An amount in euro: "€ 12,50" (uk, nl), "€12.50" (en); whole amounts
/// without cents.
pub fn euro(lang: Lang, amount: f64) -> String {
    let amount = if amount.is_finite() {
        amount.max(0.0)
    } else {
        0.0
    };
    let number = if amount.fract() == 0.0 {
        format!("{amount:.0}")
    } else {
        format!("{amount:.2}")
    };
    match lang {
        Lang::En => format!("€{number}"),
        _ => format!("€ {}", number.replace('.', ",")),
    }
}

/// The plural form of `n` for Ukrainian: 0 = one (1, 21), 1 = few (2–4,
/// 22–24), 2 = many (5–20, 25…).
fn uk_form(n: i64) -> usize {
    let (n10, n100) = (n % 10, n % 100);
    if n10 == 1 && n100 != 11 {
        0
    } else if (2..=4).contains(&n10) && !(12..=14).contains(&n100) {
        1
    } else {
        2
    }
}

/// A span of days as "3 days", "2 months", "1 year" in `lang`: days up to a
/// month, months up to a year, then years. `None` for less than a day.
pub fn duration(lang: Lang, days: i64) -> Option<String> {
    let days = days.max(0);
    let (n, unit) = if days < 31 {
        (days, 0)
    } else if days < 365 {
        ((days / 30).max(1), 1)
    } else {
        (days / 365, 2)
    };
    if n == 0 {
        return None;
    }
    let w = match lang {
        Lang::Uk => [
            ["день", "дні", "днів"],
            ["місяць", "місяці", "місяців"],
            ["рік", "роки", "років"],
        ][unit][uk_form(n)],
        Lang::Nl => {
            [["dag", "dagen"], ["maand", "maanden"], ["jaar", "jaar"]][unit][usize::from(n != 1)]
        }
        Lang::En => {
            [["day", "days"], ["month", "months"], ["year", "years"]][unit][usize::from(n != 1)]
        }
    };
    Some(format!("{n} {w}"))
}

/// How a service "speaks" a language: Ukrainian instrumental ("українською"),
/// a Dutch adjective ("Oekraïenstalig"), the English name ("Ukrainian").
/// `None` for a code without a name here.
pub fn spoken(lang: Lang, code: &str) -> Option<&'static str> {
    let names: [&str; 3] = match code {
        "uk" => ["українською", "Oekraïenstalig", "Ukrainian"],
        "nl" => ["нідерландською", "Nederlandstalig", "Dutch"],
        "en" => ["англійською", "Engelstalig", "English"],
        "ru" => ["російською", "Russischtalig", "Russian"],
        "pl" => ["польською", "Poolstalig", "Polish"],
        "de" => ["німецькою", "Duitstalig", "German"],
        "fr" => ["французькою", "Franstalig", "French"],
        "es" => ["іспанською", "Spaanstalig", "Spanish"],
        "ar" => ["арабською", "Arabischtalig", "Arabic"],
        "tr" => ["турецькою", "Turkstalig", "Turkish"],
        "ro" => ["румунською", "Roemeenstalig", "Romanian"],
        "be" => ["білоруською", "Wit-Russischtalig", "Belarusian"],
        "hu" => ["угорською", "Hongaarstalig", "Hungarian"],
        "ka" => ["грузинською", "Georgischtalig", "Georgian"],
        "fa" => ["перською", "Perzischtalig", "Persian"],
        _ => return None,
    };
    Some(match lang {
        Lang::Uk => names[0],
        Lang::Nl => names[1],
        Lang::En => names[2],
    })
}

/// A list joined naturally: "a, b or c" in `lang`.
pub fn or_list(lang: Lang, items: &[String]) -> String {
    let or = match lang {
        Lang::Uk => "або",
        Lang::Nl => "of",
        Lang::En => "or",
    };
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {or} {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(km(Lang::En, 3.24), "3.2 km");
        assert_eq!(km(Lang::Nl, 3.24), "3,2 km");
        assert_eq!(km(Lang::Uk, 23.6), "24 км");
        assert_eq!(euro(Lang::Nl, 12.5), "€ 12,50");
        assert_eq!(euro(Lang::En, 5.0), "€5");
        assert_eq!(km(Lang::En, f64::NAN), "0.0 km");
    }

    #[test]
    fn durations_agree_in_number() {
        assert_eq!(duration(Lang::Uk, 0), None);
        assert_eq!(duration(Lang::Uk, 1).unwrap(), "1 день");
        assert_eq!(duration(Lang::Uk, 3).unwrap(), "3 дні");
        assert_eq!(duration(Lang::Uk, 11).unwrap(), "11 днів");
        assert_eq!(duration(Lang::Uk, 245).unwrap(), "8 місяців");
        assert_eq!(duration(Lang::Uk, 800).unwrap(), "2 роки");
        assert_eq!(duration(Lang::Nl, 62).unwrap(), "2 maanden");
        assert_eq!(duration(Lang::En, 400).unwrap(), "1 year");
    }

    #[test]
    fn lists_read_naturally() {
        let l = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(or_list(Lang::En, &l(&["A", "B", "C"])), "A, B or C");
        assert_eq!(or_list(Lang::Uk, &l(&["A"])), "A");
    }
}

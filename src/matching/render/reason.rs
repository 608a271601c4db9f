//! One [`Reason`] as a short phrase in Ukrainian, Dutch or English, e.g.
//! "3,2 km", "українською", "not verified for 8 months — check before you go".

use super::clean::clean_line;
use super::words::{duration, euro, km, or_list, spoken};
use crate::matching::Reason;
use crate::model::Lang;

/// The most municipalities a residents-only reason names before "…".
const MAX_MUNICIPALITIES: usize = 5;

/// `reason` as a short phrase in `lang`, without markup.
pub fn reason_text(reason: &Reason, lang: Lang) -> String {
    let pick = |uk: &str, nl: &str, en: &str| -> String {
        match lang {
            Lang::Uk => uk,
            Lang::Nl => nl,
            Lang::En => en,
        }
        .to_string()
    };
    match reason {
        Reason::Distance { km: d } => km(lang, *d),
        Reason::Online => pick("онлайн", "online", "online"),
        Reason::National => pick("по всій країні", "landelijk", "nationwide"),
        Reason::Speaks { language, own } => speaks(lang, language, *own),
        Reason::Interpreter => pick(
            "можна домовитися про перекладача",
            "tolk mogelijk",
            "an interpreter can be arranged",
        ),
        Reason::LanguagesUnknown => pick(
            "мову не вказано",
            "taal niet vermeld",
            "language not stated",
        ),
        Reason::Free => pick("безкоштовно", "gratis", "free"),
        Reason::Reduced { amount } => match amount.filter(|a| *a > 0.0) {
            Some(a) => {
                let a = euro(lang, a);
                pick(
                    &format!("знижена ціна, {a}"),
                    &format!("met korting, {a}"),
                    &format!("reduced price, {a}"),
                )
            }
            None => pick("знижена ціна", "met korting", "reduced price"),
        },
        Reason::Paid { amount } => match amount.filter(|a| *a > 0.0) {
            Some(a) => {
                let a = euro(lang, a);
                pick(
                    &format!("платно, {a}"),
                    &format!("kost {a}"),
                    &format!("costs {a}"),
                )
            }
            None => pick("платно", "betaald", "paid"),
        },
        Reason::CostUnknown => pick(
            "вартість не вказано",
            "kosten niet vermeld",
            "cost not stated",
        ),
        Reason::Ages { min, max } => ages(lang, *min, *max),
        Reason::Verified { days } => match duration(lang, *days) {
            Some(d) => pick(
                &format!("перевірено {d} тому"),
                &format!("{d} geleden gecontroleerd"),
                &format!("verified {d} ago"),
            ),
            None => pick(
                "перевірено сьогодні",
                "vandaag gecontroleerd",
                "verified today",
            ),
        },
        Reason::Stale { days } => {
            let d = duration(lang, *days).unwrap_or_else(|| pick("1 день", "1 dag", "1 day"));
            pick(
                &format!("не перевірено вже {d} — уточніть, перш ніж іти"),
                &format!("al {d} niet gecontroleerd — controleer het voordat u gaat"),
                &format!("not verified for {d} — check before you go"),
            )
        }
        Reason::Accepting => pick(
            "приймають нових людей",
            "neemt nieuwe mensen aan",
            "taking new people",
        ),
        Reason::WaitingList => pick("черга очікування", "wachtlijst", "waiting list"),
        Reason::Full => pick("зараз місць немає", "op dit moment vol", "full for now"),
        Reason::ResidentsOnly { municipalities } => {
            let mut names: Vec<String> = municipalities
                .iter()
                .take(MAX_MUNICIPALITIES)
                .map(|m| clean_line(m, 80))
                .filter(|m| !m.is_empty())
                .collect();
            if municipalities.len() > MAX_MUNICIPALITIES {
                names.push("…".to_string());
            }
            let list = or_list(lang, &names);
            // The Ukrainian wording puts the (Dutch) names after a noun in
            // the genitive, so the names themselves need no declension.
            let uk_noun = if names.len() > 1 {
                "муніципалітетів"
            } else {
                "муніципалітету"
            };
            pick(
                &format!("лише для мешканців {uk_noun} {list} — перевірте реєстрацію"),
                &format!("alleen voor inwoners van {list} — controleer de inschrijving"),
                &format!("only for residents of {list} — check registration"),
            )
        }
        Reason::BsnRequired => pick("потрібен BSN", "BSN nodig", "needs a BSN"),
        Reason::StatusUnknown => pick(
            "не вказано, для якого статусу — уточніть",
            "niet vermeld voor welke verblijfsstatus — vraag het na",
            "residence status not stated — ask first",
        ),
        Reason::Interest { word } => {
            let w = clean_line(word, 60);
            pick(
                &format!("пасує до інтересу: {w}"),
                &format!("past bij interesse: {w}"),
                &format!("fits the interest: {w}"),
            )
        }
    }
}

fn speaks(lang: Lang, code: &str, own: bool) -> String {
    let code_text = clean_line(code, 8);
    let base = match (spoken(lang, code), lang) {
        (Some(name), Lang::En) => format!("speaks {name}"),
        (Some(name), _) => name.to_string(),
        (None, Lang::Uk) => format!("мовою {code_text}"),
        (None, Lang::Nl) => format!("in de taal {code_text}"),
        (None, Lang::En) => format!("speaks language {code_text}"),
    };
    if !own {
        return base;
    }
    match lang {
        Lang::Uk => format!("{base} (рідна мова)"),
        Lang::Nl => format!("{base} (eigen taal)"),
        Lang::En => format!("{base} (own language)"),
    }
}

fn ages(lang: Lang, min: Option<u8>, max: Option<u8>) -> String {
    match (lang, min, max) {
        (Lang::Uk, Some(a), Some(b)) => format!("вік {a}–{b}"),
        (Lang::Uk, Some(a), None) => format!("від {a} років"),
        (Lang::Uk, None, Some(b)) => format!("до {b} років"),
        (Lang::Uk, None, None) => "будь-який вік".to_string(),
        (Lang::Nl, Some(a), Some(b)) => format!("{a}–{b} jaar"),
        (Lang::Nl, Some(a), None) => format!("vanaf {a} jaar"),
        (Lang::Nl, None, Some(b)) => format!("tot en met {b} jaar"),
        (Lang::Nl, None, None) => "alle leeftijden".to_string(),
        (Lang::En, Some(a), Some(b)) => format!("ages {a}–{b}"),
        (Lang::En, Some(a), None) => format!("ages {a} and up"),
        (Lang::En, None, Some(b)) => format!("ages up to {b}"),
        (Lang::En, None, None) => "all ages".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_naturally() {
        let r = |reason: Reason, lang| reason_text(&reason, lang);
        assert_eq!(r(Reason::Distance { km: 3.2 }, Lang::En), "3.2 km");
        assert_eq!(r(Reason::Distance { km: 3.2 }, Lang::Nl), "3,2 km");
        let uk = Reason::Speaks {
            language: "uk".into(),
            own: false,
        };
        assert_eq!(r(uk.clone(), Lang::Uk), "українською");
        assert_eq!(r(uk.clone(), Lang::Nl), "Oekraïenstalig");
        assert_eq!(r(uk, Lang::En), "speaks Ukrainian");
        let ages = Reason::Ages {
            min: Some(12),
            max: Some(18),
        };
        assert_eq!(r(ages, Lang::En), "ages 12–18");
        assert_eq!(
            r(Reason::Verified { days: 62 }, Lang::En),
            "verified 2 months ago"
        );
        assert_eq!(
            r(Reason::Stale { days: 245 }, Lang::En),
            "not verified for 8 months — check before you go"
        );
        assert_eq!(
            r(Reason::Stale { days: 245 }, Lang::Uk),
            "не перевірено вже 8 місяців — уточніть, перш ніж іти"
        );
        let res = Reason::ResidentsOnly {
            municipalities: vec!["Utrecht".into()],
        };
        assert_eq!(
            r(res, Lang::En),
            "only for residents of Utrecht — check registration"
        );
        assert_eq!(r(Reason::BsnRequired, Lang::En), "needs a BSN");
    }
}

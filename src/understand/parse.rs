//! The parser behind [`super::understand`]: reads the wanted language, the
//! age, the cost words and the place first (they take their words out), then
//! ranks the categories the remaining words point to, and keeps the words
//! nothing claimed as the text.

use super::category::PhraseIndex;
use super::token::{capped, tokenize, Use, MAX_BYTES};
use super::{age, cost, language, place, Understood, CONFIDENT};
use crate::gazetteer::Gazetteer;
use crate::taxonomy::Taxonomy;

/// Words of asking rather than of the need ("шукаю", "подскажите", "waar kan
/// ik", "looking for"), normalized: left out of the text, so that a fallback
/// text search does not require them.
const FILLER: &[&str] = &[
    // Ukrainian
    "шукаю",
    "шукаємо",
    "шукати",
    "потрібен",
    "потрібна",
    "потрібно",
    "потрібні",
    "треба",
    "підкажіть",
    "підкажи",
    "порадьте",
    "будь",
    "ласка",
    "можна",
    "хтось",
    "знає",
    "є",
    "чи",
    "допоможіть",
    "знайти",
    "привіт",
    "вітаю",
    "добрий",
    "день",
    "дякую",
    "хочу",
    "хочемо",
    "нам",
    "нас",
    "наш",
    "наша",
    "який",
    "яка",
    "які",
    "куди",
    "звернутися",
    "ми",
    "я",
    "допомога",
    "допомогу",
    "можу",
    "може",
    "де",
    // Russian
    "ищу",
    "ищем",
    "нужен",
    "нужна",
    "нужно",
    "нужны",
    "надо",
    "подскажите",
    "пожалуйста",
    "можно",
    "кто",
    "знает",
    "есть",
    "ли",
    "помогите",
    "найти",
    "привет",
    "здравствуйте",
    "добрый",
    "спасибо",
    "хочу",
    "хотим",
    "какой",
    "какая",
    "какие",
    "куда",
    "обратиться",
    "мы",
    "помощь",
    "могу",
    "может",
    // Dutch
    "ik",
    "zoek",
    "zoeken",
    "wij",
    "we",
    "waar",
    "kan",
    "kun",
    "kunnen",
    "je",
    "iemand",
    "weet",
    "hoe",
    "hallo",
    "hoi",
    "graag",
    "alstublieft",
    "nodig",
    "heeft",
    "hebben",
    "wie",
    "welke",
    "hulp",
    "ons",
    "onze",
    "goede",
    "goed",
    // English
    "i",
    "looking",
    "look",
    "need",
    "needs",
    "where",
    "can",
    "find",
    "anyone",
    "know",
    "any",
    "please",
    "hi",
    "hello",
    "is",
    "there",
    "some",
    "our",
    "want",
    "wants",
    "get",
    "how",
    "who",
    "does",
    "do",
    "me",
    "us",
    "someone",
    "recommend",
    "help",
    "good",
];

pub(super) fn understand(question: &str, taxonomy: &Taxonomy, gazetteer: &Gazetteer) -> Understood {
    let question = capped(question, MAX_BYTES);
    let owned;
    let index = if std::ptr::eq(taxonomy, Taxonomy::embedded()) {
        PhraseIndex::embedded()
    } else {
        owned = PhraseIndex::build(taxonomy);
        &owned
    };
    let mut tokens = tokenize(question);
    let language = language::find(&mut tokens);
    let age = age::find(&mut tokens);
    let free_only = cost::find(&mut tokens);
    let place = place::find(&mut tokens, question, gazetteer, &|key| {
        index.is_topic_word(key)
    });
    let (categories, covered) = index.guess(&tokens);
    let confident = categories
        .first()
        .is_some_and(|c| c.confidence >= CONFIDENT);
    let text = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            t.used == Use::Unused
                && !t.variants.is_empty()
                && !covered.contains(i)
                && !FILLER.contains(&t.norm.as_str())
        })
        .map(|(_, t)| t.raw)
        .collect::<Vec<_>>()
        .join(" ");
    Understood {
        question: question.to_string(),
        categories,
        place,
        language,
        age,
        free_only,
        text,
        confident,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn ask(q: &str) -> Understood {
        understand(q, Taxonomy::embedded(), Gazetteer::embedded())
    }

    #[test]
    fn the_issue_examples() {
        let u = ask("Шукаю психолога українською в Амстердамі");
        assert_eq!(u.categories[0].code, "health.mental_support");
        assert_eq!(u.place.as_ref().map(|p| p.name.as_str()), Some("Amsterdam"));
        assert_eq!(u.language.as_deref(), Some("uk"));
        let u = ask("Где в Утрехте можно учить голландский вечером?");
        assert_eq!(u.categories[0].code, "language.dutch_lessons");
        assert_eq!(u.place.as_ref().map(|p| p.name.as_str()), Some("Utrecht"));
        assert_eq!(u.text, "вечером");
        let u = ask("tennis lessons for my 12 year old near Haarlem");
        assert_eq!(
            (u.categories[0].code.as_str(), u.age),
            ("leisure.tennis", Some(12))
        );
        let u = ask("безкоштовна юридична консультація");
        assert!(u.confident && u.free_only && u.place.is_none());
    }

    #[test]
    fn nothing_to_understand() {
        for q in ["", "   ", "!!!", "🙂🙂", "\u{0}\u{7}", "12345"] {
            let u = ask(q);
            assert!(
                !u.confident && u.place.is_none() && u.categories.is_empty(),
                "{q:?}"
            );
        }
    }

    #[test]
    fn a_megabyte_is_capped() {
        let q = "психолог в Амстердамі ".repeat(50_000);
        let u = ask(&q);
        assert!(u.question.len() <= 1000);
        assert!(u.confident);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn never_panics(s in any::<String>()) {
            let u = ask(&s);
            prop_assert!(u.categories.iter().all(|c| (0.0..=1.0).contains(&c.confidence)));
        }

        #[test]
        fn never_panics_on_our_scripts(s in "[a-zA-Zà-ÿА-яІіЇїЄєҐґʼ'0-9 ,.!?-]{0,80}") {
            let u = ask(&s);
            prop_assert_eq!(u.confident, u.categories.first().is_some_and(|c| c.confidence >= CONFIDENT));
        }
    }
}

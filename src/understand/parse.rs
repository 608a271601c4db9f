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
    "шукаю", "шукаємо", "шукати", "потрібен", "потрібна", "потрібно", "потрібні", "треба",
    "підкажіть", "підкажи", "порадьте", "будь", "ласка", "можна", "хтось", "знає", "є", "чи",
    "допоможіть", "знайти", "привіт", "вітаю", "добрий", "день", "дякую", "хочу", "хочемо", "нам",
    "нас", "наш", "наша", "який", "яка", "які", "куди", "звернутися", "ми", "я", "допомога",
    "допомогу", "можу", "може", "де",
    // Russian
    "ищу", "ищем", "нужен", "нужна", "нужно", "нужны", "надо", "подскажите", "пожалуйста", "можно",
    "кто", "знает", "есть", "ли", "помогите", "найти", "привет", "здравствуйте", "добрый",
    "спасибо", "хочу", "хотим", "какой", "какая", "какие", "куда", "обратиться", "мы", "помощь",
    "могу", "может",
    // Dutch
    "ik", "zoek", "zoeken", "wij", "we", "waar", "kan", "kun", "kunnen", "je", "iemand", "weet",
    "hoe", "hallo", "hoi", "graag", "alstublieft", "nodig", "heeft", "hebben", "wie", "welke",
    "hulp", "ons", "onze", "goede", "goed",
    // English
    "i", "looking", "look", "need", "needs", "where", "can", "find", "anyone", "know", "any",
    "please", "hi", "hello", "is", "there", "some", "our", "want", "wants", "get", "how", "who",
    "does", "do", "me", "us", "someone", "recommend", "help", "good",
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
    let place = place::find(&mut tokens, question, gazetteer, &|key| index.is_topic_word(key));
    let (categories, covered) = index.guess(&tokens);
    let confident = categories.first().is_some_and(|c| c.confidence >= CONFIDENT);
    let text = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            t.used == Use::Free
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

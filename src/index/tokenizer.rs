//! [`crate::text::analyze`] registered as a tantivy tokenizer.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::rc::Rc;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::text::{for_each_word, Pieces};

/// The name under which the tokenizer of texts that seldom repeat (names,
/// descriptions, addresses) is registered: [`WegwijsTokenizer::ONCE`].
pub const TOKENIZER_NAME: &str = "wegwijs";

/// The name of the tokenizer of texts that repeat across documents (the
/// category labels and synonyms): [`WegwijsTokenizer::REPEATED`].
pub const REPEATED_TOKENIZER_NAME: &str = "wegwijs_repeated";

/// Emits every variant of every word at the word's position, so that a query
/// variant (unstemmed, stemmed, transliterated) finds any of them.
#[derive(Clone, Default)]
pub struct WegwijsTokenizer {
    /// Whether short texts are kept with their tokens for the next time
    /// they come. For texts that do not repeat, keeping them only costs:
    /// an import of 200,000 was 5% faster without any cache than with one
    /// for every field (BENCHMARKS.md, twelfth session).
    cached: bool,
}

/// Registers both tokenizers with `index`, under their names.
pub fn register(index: &tantivy::Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(TOKENIZER_NAME, WegwijsTokenizer::ONCE);
    tokenizers.register(REPEATED_TOKENIZER_NAME, WegwijsTokenizer::REPEATED);
}

impl WegwijsTokenizer {
    /// For texts that seldom repeat.
    pub const ONCE: WegwijsTokenizer = WegwijsTokenizer { cached: false };
    /// For texts that repeat across documents.
    pub const REPEATED: WegwijsTokenizer = WegwijsTokenizer { cached: true };
}

/// The tokens of one text, computed up front (or shared from the cache),
/// handed out one at a time through a reused [`Token`]: a token's text is
/// copied into it from the words' variants, which the analysis cache
/// shares, so a token costs no allocation.
pub struct WegwijsTokenStream {
    words: Rc<[WordTokens]>,
    /// The word, its piece and the piece's variant to hand out next.
    next: (usize, usize, usize),
    current: Token,
}

/// One raw word of a text: where it is, and its pieces' variants.
struct WordTokens {
    start: usize,
    end: usize,
    position: usize,
    pieces: Pieces,
}

/// Texts at most this long are cached with their tokens by
/// [`WegwijsTokenizer::REPEATED`]: category labels and synonyms are
/// indexed again for every resource of the category.
const CACHED_TEXT_MAX: usize = 160;
/// Texts kept per thread before the cache starts afresh.
const TEXT_CACHE_MAX: usize = 20_000;

thread_local! {
    static TEXT_CACHE: RefCell<FxHashMap<Box<str>, Rc<[WordTokens]>>> = RefCell::new(FxHashMap::default());
}

fn analyze_tokens(text: &str) -> Rc<[WordTokens]> {
    let mut words = Vec::new();
    for_each_word(text, |start, end, position, pieces| {
        words.push(WordTokens {
            start,
            end,
            position,
            pieces: Rc::clone(pieces),
        });
    });
    words.into()
}

fn tokens_of(text: &str, cached: bool) -> Rc<[WordTokens]> {
    if !cached || text.len() > CACHED_TEXT_MAX {
        return analyze_tokens(text);
    }
    TEXT_CACHE.with(|cache| {
        if let Some(hit) = cache.borrow().get(text) {
            return Rc::clone(hit);
        }
        let tokens = analyze_tokens(text);
        let mut cache = cache.borrow_mut();
        if cache.len() >= TEXT_CACHE_MAX {
            cache.clear();
        }
        cache.insert(text.into(), Rc::clone(&tokens));
        tokens
    })
}

impl Tokenizer for WegwijsTokenizer {
    type TokenStream<'a> = WegwijsTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WegwijsTokenStream {
        WegwijsTokenStream {
            words: tokens_of(text, self.cached),
            next: (0, 0, 0),
            current: Token::default(),
        }
    }
}

impl TokenStream for WegwijsTokenStream {
    fn advance(&mut self) -> bool {
        let (mut w, mut p, mut v) = self.next;
        loop {
            let Some(word) = self.words.get(w) else {
                self.next = (w, p, v);
                return false;
            };
            match word.pieces.get(p) {
                Some(variants) if v < variants.len() => {
                    self.current.offset_from = word.start;
                    self.current.offset_to = word.end;
                    self.current.position = word.position + p;
                    self.current.position_length = 1;
                    self.current.text.clone_from(&variants[v]);
                    self.next = (w, p, v + 1);
                    return true;
                }
                Some(_) => (p, v) = (p + 1, 0),
                None => (w, p, v) = (w + 1, 0, 0),
            }
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    /// The stream hands out every variant of every word of `analyze`, at
    /// the word's offsets and position, in order; cached or not.
    #[test]
    fn tokens_are_the_analysis() {
        let texts = [
            "Психологічна допомога у Києві; ½ uur, e-mail: info",
            "Zwemles voor kinderen en volwassenen",
            "",
            "ь ъ — ...",
        ];
        let tokenizers = [WegwijsTokenizer::ONCE, WegwijsTokenizer::REPEATED];
        for (text, mut tokenizer) in texts
            .iter()
            .flat_map(|t| tokenizers.iter().map(move |k| (*t, k.clone())))
        {
            for _ in 0..2 {
                let mut stream = tokenizer.token_stream(text);
                let mut got = Vec::new();
                while stream.advance() {
                    let t = stream.token();
                    got.push((t.offset_from, t.offset_to, t.position, t.text.clone()));
                }
                let expected: Vec<_> = analyze(text)
                    .into_iter()
                    .flat_map(|w| {
                        w.variants
                            .into_iter()
                            .map(move |v| (w.start, w.end, w.position, v))
                    })
                    .collect();
                assert!(!text.contains("Zwem") || expected.len() > 4);
                assert_eq!(got, expected, "{text}");
            }
        }
    }
}

//! [`crate::text::analyze`] registered as a tantivy tokenizer.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::rc::Rc;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The name under which the tokenizer is registered.
pub const TOKENIZER_NAME: &str = "wegwijs";

/// Emits every variant of every word at the word's position, so that a query
/// variant (unstemmed, stemmed, transliterated) finds any of them.
#[derive(Clone, Default)]
pub struct WegwijsTokenizer;

/// The tokens of one text, computed up front (or shared from the cache),
/// handed out one at a time through a reused [`Token`].
pub struct WegwijsTokenStream {
    tokens: Rc<[Token]>,
    next: usize,
    current: Token,
}

/// Texts at most this long are cached with their tokens: category labels
/// and synonyms are indexed again for every resource of the category, and
/// short texts repeat across a directory ("Online", a municipality).
const CACHED_TEXT_MAX: usize = 160;
/// Texts kept per thread before the cache starts afresh.
const TEXT_CACHE_MAX: usize = 20_000;

thread_local! {
    static TEXT_CACHE: RefCell<FxHashMap<Box<str>, Rc<[Token]>>> = RefCell::new(FxHashMap::default());
}

fn analyze_tokens(text: &str) -> Rc<[Token]> {
    let mut tokens = Vec::new();
    for word in crate::text::analyze(text) {
        for variant in word.variants {
            tokens.push(Token {
                offset_from: word.start,
                offset_to: word.end,
                position: word.position,
                text: variant,
                position_length: 1,
            });
        }
    }
    tokens.into()
}

fn tokens_of(text: &str) -> Rc<[Token]> {
    if text.len() > CACHED_TEXT_MAX {
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
            tokens: tokens_of(text),
            next: 0,
            current: Token::default(),
        }
    }
}

impl TokenStream for WegwijsTokenStream {
    fn advance(&mut self) -> bool {
        let Some(token) = self.tokens.get(self.next) else {
            return false;
        };
        self.next += 1;
        self.current.offset_from = token.offset_from;
        self.current.offset_to = token.offset_to;
        self.current.position = token.position;
        self.current.position_length = token.position_length;
        self.current.text.clone_from(&token.text);
        true
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

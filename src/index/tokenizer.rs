//! [`crate::text::analyze`] registered as a tantivy tokenizer.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The name under which the tokenizer is registered.
pub const TOKENIZER_NAME: &str = "wegwijs";

/// Emits every variant of every word at the word's position, so that a query
/// variant (unstemmed, stemmed, transliterated) finds any of them.
#[derive(Clone, Default)]
pub struct WegwijsTokenizer;

/// The tokens of one text, computed up front.
pub struct WegwijsTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for WegwijsTokenizer {
    type TokenStream<'a> = WegwijsTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WegwijsTokenStream {
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
        WegwijsTokenStream { tokens, next: 0 }
    }
}

impl TokenStream for WegwijsTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

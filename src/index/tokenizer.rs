//! [`crate::text::analyze`] registered as a tantivy tokenizer.

use std::rc::Rc;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::text::{for_each_word, Pieces};

/// The name under which the tokenizer is registered.
pub const TOKENIZER_NAME: &str = "wegwijs";

/// Emits every variant of every word at the word's position, so that a query
/// variant (unstemmed, stemmed, transliterated) finds any of them.
#[derive(Clone, Default)]
pub struct WegwijsTokenizer;

/// Registers the tokenizer with `index`, under [`TOKENIZER_NAME`].
pub fn register(index: &tantivy::Index) {
    index
        .tokenizers()
        .register(TOKENIZER_NAME, WegwijsTokenizer);
}

/// The tokens of one text, computed up front, handed out one at a time
/// through a reused [`Token`]: a token's text is copied into it from the
/// words' variants, which the analysis cache shares, so a token costs no
/// allocation.
pub struct WegwijsTokenStream {
    words: Vec<WordTokens>,
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

fn analyze_tokens(text: &str) -> Vec<WordTokens> {
    let mut words = Vec::new();
    for_each_word(text, |start, end, position, pieces| {
        words.push(WordTokens {
            start,
            end,
            position,
            pieces: Rc::clone(pieces),
        });
    });
    words
}

impl Tokenizer for WegwijsTokenizer {
    type TokenStream<'a> = WegwijsTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WegwijsTokenStream {
        WegwijsTokenStream {
            words: analyze_tokens(text),
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
    /// the word's offsets and position, in order, each time.
    #[test]
    fn tokens_are_the_analysis() {
        let texts = [
            "Психологічна допомога у Києві; ½ uur, e-mail: info",
            "Zwemles voor kinderen en volwassenen",
            "",
            "ь ъ — ...",
        ];
        for text in texts {
            let mut tokenizer = WegwijsTokenizer;
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

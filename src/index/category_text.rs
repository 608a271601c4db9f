//! The category labels and synonyms as a field that no document holds.
//!
//! Every resource of a category carries the same labels and synonyms, so
//! indexing them with each document wrote the same hundred-odd tokens a
//! million times: nearly a quarter of an import's CPU time, on tantivy's
//! thread (BENCHMARKS.md, thirteenth session). They are tokenized once here,
//! from the taxonomy, and a word's part in the `categories_text` field
//! walks the postings of the categories that hold it (the `category`
//! field) instead of postings of its own.
//!
//! The score is the one tantivy computed for the field: BM25 of the word
//! in the texts of the document's categories, taken together (its
//! frequency the sum over them, the document's length the sum of their
//! token counts), with the field's statistics counted from each segment's
//! doc table as tantivy counted them from its postings: a document holds
//! the word when one of its categories does, deleted documents included
//! until a merge drops them. ([`CategoryStats`]; one difference: after a
//! merge of segments with deleted documents, tantivy estimated the total
//! length from the quantized lengths, where these are exact.)

use std::sync::Arc;

use rustc_hash::FxHashMap;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::index::SegmentId;
use tantivy::query::Bm25Weight;
use tantivy::schema::Field;
use tantivy::tokenizer::{TokenStream, Tokenizer, MAX_TOKEN_LEN};
use tantivy::{DocId, Score};
use tantivy_fst::{IntoStreamer, Map, Streamer};

use super::doc_table::DocTable;
use super::tokenizer::WegwijsTokenizer;
use super::typo::TypoAutomaton;
use crate::taxonomy::Taxonomy;

/// The tokens of every category's labels and synonyms.
pub struct CategoryTexts {
    /// Every token, to its id.
    tokens: Map<Vec<u8>>,
    /// By token id: the categories holding it (ordinal, how often).
    holders: Vec<Vec<(u32, u32)>>,
    /// By category ordinal: its distinct token ids.
    of_category: Vec<Vec<u32>>,
    /// By category ordinal: how many tokens its texts make (the length
    /// tantivy recorded for the field).
    lengths: Vec<u32>,
}

impl CategoryTexts {
    /// The texts of `taxonomy`'s categories, tokenized as the index
    /// tokenized them: the labels in Ukrainian, Dutch and English, then
    /// every synonym.
    pub fn new(taxonomy: &Taxonomy) -> CategoryTexts {
        let mut tokenizer = WegwijsTokenizer;
        let mut counts: Vec<FxHashMap<String, u32>> = Vec::new();
        let mut lengths = Vec::new();
        for c in taxonomy.categories() {
            let mut count: FxHashMap<String, u32> = FxHashMap::default();
            let mut length = 0u32;
            let labels = [&c.labels.uk, &c.labels.nl, &c.labels.en];
            for text in labels
                .into_iter()
                .map(String::as_str)
                .chain(c.synonyms.all())
            {
                let mut stream = tokenizer.token_stream(text);
                while stream.advance() {
                    let token = &stream.token().text;
                    // tantivy drops such a token without counting it.
                    if token.len() > MAX_TOKEN_LEN {
                        continue;
                    }
                    *count.entry(token.clone()).or_default() += 1;
                    length += 1;
                }
            }
            counts.push(count);
            lengths.push(length);
        }
        let mut all: Vec<&str> = counts
            .iter()
            .flat_map(|c| c.keys().map(String::as_str))
            .collect();
        all.sort_unstable();
        all.dedup();
        let ids: FxHashMap<&str, u32> = all.iter().zip(0u32..).map(|(&t, i)| (t, i)).collect();
        let mut holders = vec![Vec::new(); all.len()];
        let mut of_category = Vec::with_capacity(counts.len());
        for (ordinal, count) in (0u32..).zip(&counts) {
            let mut mine: Vec<u32> = count.keys().map(|t| ids[t.as_str()]).collect();
            mine.sort_unstable();
            for (token, &n) in count {
                holders[ids[token.as_str()] as usize].push((ordinal, n));
            }
            of_category.push(mine);
        }
        for h in &mut holders {
            h.sort_unstable();
        }
        let tokens = Map::from_iter(all.iter().zip(0u64..).map(|(t, i)| (t.as_bytes(), i)))
            .expect("sorted, distinct tokens");
        CategoryTexts {
            tokens,
            holders,
            of_category,
            lengths,
        }
    }

    /// The id of `token`, when a category's texts hold it.
    fn id(&self, token: &str) -> Option<u32> {
        self.tokens.get(token).map(|i| i as u32)
    }

    /// How many distinct tokens the texts make.
    fn token_count(&self) -> usize {
        self.holders.len()
    }

    /// The token count of category `ordinal`'s texts (0 for an ordinal
    /// beyond the taxonomy).
    fn length(&self, ordinal: u32) -> u32 {
        self.lengths.get(ordinal as usize).copied().unwrap_or(0)
    }

    /// The categories holding `variant`, and, when it allows typos, those
    /// holding only a typo of it (a token other than the variant that
    /// `typos` accepts), as [`CategoryWord`].
    pub fn word(
        self: &Arc<CategoryTexts>,
        variant: &str,
        typos: Option<&TypoAutomaton>,
    ) -> CategoryWord {
        let token = self.id(variant);
        let holders = token.map_or_else(Vec::new, |t| self.holders[t as usize].clone());
        let mut typo_categories = Vec::new();
        if let Some(automaton) = typos {
            let mut stream = self.tokens.search(automaton).into_stream();
            while let Some((_, id)) = stream.next() {
                let id = id as u32;
                if Some(id) == token {
                    continue;
                }
                typo_categories.extend(
                    self.holders[id as usize]
                        .iter()
                        .map(|&(ordinal, _)| ordinal)
                        .filter(|o| !holders.iter().any(|(h, _)| h == o)),
                );
            }
            typo_categories.sort_unstable();
            typo_categories.dedup();
        }
        CategoryWord {
            texts: Arc::clone(self),
            token,
            holders,
            typo_categories,
        }
    }
}

impl std::fmt::Debug for CategoryTexts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CategoryTexts")
            .field("tokens", &self.token_count())
            .field("categories", &self.lengths.len())
            .finish()
    }
}

/// A word's variant in the category texts: which categories hold it, how
/// often, and which hold a typo of it.
#[derive(Clone)]
pub struct CategoryWord {
    texts: Arc<CategoryTexts>,
    /// The variant's token id, when a category holds it.
    token: Option<u32>,
    /// The categories holding the variant: ordinal, and how often its
    /// texts hold it.
    pub holders: Vec<(u32, u32)>,
    /// The ordinals of the categories holding a typo of the variant but
    /// not the variant.
    pub typo_categories: Vec<u32>,
}

impl std::fmt::Debug for CategoryWord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CategoryWord")
            .field("holders", &self.holders)
            .field("typo_categories", &self.typo_categories)
            .finish()
    }
}

impl CategoryWord {
    /// The BM25 weight of the variant, from the statistics of every
    /// segment searched (`tables`) and the searcher's document count, as
    /// `Bm25Weight::for_terms` makes it for a term of a field.
    pub fn bm25(&self, tables: &[(SegmentId, Arc<DocTable>)], total_num_docs: u64) -> Bm25Weight {
        let (mut doc_freq, mut tokens) = (0u64, 0u64);
        for (_, table) in tables {
            let s = self.stats(table);
            doc_freq += self.token.map_or(0, |t| u64::from(s.doc_freq[t as usize]));
            tokens += s.total_tokens;
        }
        let average_fieldnorm = tokens as Score / total_num_docs as Score;
        Bm25Weight::for_one_term(doc_freq, total_num_docs, average_fieldnorm)
    }

    /// `table`'s statistics, counted on the first call.
    pub fn stats(&self, table: &DocTable) -> Arc<CategoryStats> {
        table.category_stats(&self.texts)
    }
}

/// One segment's statistics of the category texts: what tantivy kept for
/// a field of its own.
#[derive(Debug, Default)]
pub struct CategoryStats {
    /// By token id: the documents holding the token (in one of their
    /// categories), deleted ones included.
    doc_freq: Vec<u32>,
    /// The tokens of every document's category texts.
    total_tokens: u64,
    /// By document: the fieldnorm id of its category texts' length, as
    /// tantivy recorded it, one byte a document.
    norms: Vec<u8>,
}

impl CategoryStats {
    /// Counts them from every document's categories in `table`: once per
    /// distinct set of categories, of which a segment has far fewer than
    /// documents.
    pub fn count(table: &DocTable, texts: &CategoryTexts) -> CategoryStats {
        let mut sets: FxHashMap<Box<[u32]>, u32> = FxHashMap::default();
        let mut norms = Vec::with_capacity(table.max_doc() as usize);
        for doc in 0..table.max_doc() {
            let categories = table.categories(doc as DocId);
            let length = categories.iter().map(|&c| texts.length(c)).sum();
            norms.push(FieldNormReader::fieldnorm_to_id(length));
            if categories.is_empty() {
                continue;
            }
            match sets.get_mut(&*categories) {
                Some(n) => *n += 1,
                None => {
                    sets.insert(categories.to_vec().into(), 1);
                }
            }
        }
        let mut doc_freq = vec![0u32; texts.token_count()];
        let mut total_tokens = 0u64;
        // The set that last counted each token, so that a token of two
        // categories of a set counts once.
        let mut counted = vec![usize::MAX; texts.token_count()];
        for (i, (set, &n)) in sets.iter().enumerate() {
            for &c in set.iter() {
                total_tokens += u64::from(n) * u64::from(texts.length(c));
                let Some(tokens) = texts.of_category.get(c as usize) else {
                    continue;
                };
                for &t in tokens {
                    if counted[t as usize] != i {
                        counted[t as usize] = i;
                        doc_freq[t as usize] += n;
                    }
                }
            }
        }
        CategoryStats {
            doc_freq,
            total_tokens,
            norms,
        }
    }

    /// The fieldnorm id of `doc`'s category texts.
    #[inline]
    pub fn norm(&self, doc: DocId) -> u8 {
        self.norms.get(doc as usize).copied().unwrap_or(0)
    }
}

/// The `category` field a [`CategoryWord`]'s documents are found in, with
/// the word: what a part of [`super::any_field`] needs.
#[derive(Clone, Debug)]
pub struct CategoryPart {
    /// The `category` field.
    pub field: Field,
    /// The variant.
    pub word: CategoryWord,
}

#[cfg(test)]
mod tests {
    use tantivy::query::{EnableScoring, Query};
    use tantivy::{Index, IndexWriter, Searcher, TantivyDocument, Term};

    use super::*;
    use crate::index::any_field::{AnyFieldQuery, WordPart};
    use crate::index::doc_table::DocTables;
    use crate::index::schema::{self, Fields};
    use crate::index::tokenizer;

    /// Documents of none to three of a dozen categories, whose texts the
    /// `categories_text` field holds itself, as every document did before;
    /// in two segments, the first with deleted documents.
    fn index() -> (Searcher, Fields) {
        let taxonomy = Taxonomy::embedded();
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema);
        tokenizer::register(&index);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut next = crate::index::test_rng(11);
        let ordinals: Vec<u64> = (0..12)
            .map(|i| i * 9 % taxonomy.categories().len() as u64)
            .collect();
        let mut key = 0;
        for _segment in 0..2 {
            for _ in 0..3_000 {
                key += 1;
                let mut doc = TantivyDocument::default();
                doc.add_u64(fields.key, key);
                let mut mine: Vec<u64> = (0..next(4))
                    .map(|_| ordinals[next(ordinals.len() as u64) as usize])
                    .collect();
                mine.sort_unstable();
                mine.dedup();
                for ordinal in mine {
                    doc.add_u64(fields.category, ordinal);
                    let c = taxonomy.by_ordinal(ordinal).unwrap();
                    let labels = [&c.labels.uk, &c.labels.nl, &c.labels.en];
                    for text in labels
                        .into_iter()
                        .map(String::as_str)
                        .chain(c.synonyms.all())
                    {
                        doc.add_text(fields.text[1], text);
                    }
                }
                writer.add_document(doc).unwrap();
            }
            writer.commit().unwrap();
        }
        for k in (1..3_000).step_by(7) {
            writer.delete_term(Term::from_field_u64(fields.key, k));
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        assert!(
            searcher.segment_reader(0).has_deletes() || searcher.segment_reader(1).has_deletes()
        );
        (searcher, fields)
    }

    /// Every (segment, doc, score) of a query's walk.
    fn walk(searcher: &Searcher, query: &dyn Query) -> Vec<(usize, DocId, u32)> {
        let weight = query
            .weight(EnableScoring::enabled_from_searcher(searcher))
            .unwrap();
        let mut all = Vec::new();
        for (s, reader) in searcher.segment_readers().iter().enumerate() {
            weight
                .for_each(reader, &mut |doc, score| {
                    all.push((s, doc, score.to_bits()))
                })
                .unwrap();
        }
        all
    }

    /// A word's part in the category texts finds the same documents with
    /// the same scores, to the bit, whether the field holds the texts or
    /// the part walks the categories holding them: for every token of the
    /// dozen categories, and for typos of some, by either walk.
    #[test]
    fn category_texts_score_as_the_field_holding_them() {
        let (searcher, fields) = index();
        let tables = DocTables::default().of(&searcher).unwrap();
        let texts = Arc::new(CategoryTexts::new(Taxonomy::embedded()));
        let mut words: Vec<String> = Vec::new();
        let mut stream = texts.tokens.stream();
        while let Some((token, _)) = stream.next() {
            words.push(String::from_utf8(token.to_vec()).unwrap());
        }
        assert!(words.len() > 1_000, "{} tokens", words.len());
        let typos: Vec<String> = words
            .iter()
            .step_by(5)
            .filter(|w| w.chars().count() > 5)
            .map(|w| {
                let mut chars: Vec<char> = w.chars().collect();
                chars.swap(2, 3);
                chars.push('x');
                chars.into_iter().collect()
            })
            .collect();
        let mut matched = 0;
        for word in words.iter().chain(&typos).chain([&"zzzqqq".to_string()]) {
            let automaton = TypoAutomaton::new(fields.text[1], word).map(Arc::new);
            let held = WordPart {
                term: Term::from_field_text(fields.text[1], word),
                boost: 2.0,
                typos: automaton.clone(),
                categories: None,
            };
            let walked = WordPart {
                categories: Some(CategoryPart {
                    field: fields.category,
                    word: texts.word(word, automaton.as_deref()),
                }),
                ..held.clone()
            };
            let theirs = walk(&searcher, &AnyFieldQuery::new(vec![held]));
            matched += theirs.len();
            let ours = AnyFieldQuery::new(vec![walked]).with_tables(Arc::clone(&tables));
            assert_eq!(walk(&searcher, &ours), theirs, "{word}");
            assert_eq!(walk(&searcher, &ours.seeking()), theirs, "{word}");
        }
        assert!(matched > 100_000, "{matched}");
    }

    /// Each segment's statistics count a document once per token, however
    /// many of its categories hold it, and its tokens as its categories'
    /// lengths summed; its norm is that sum's.
    #[test]
    fn statistics_count_documents_and_tokens() {
        let (searcher, _) = index();
        let tables = DocTables::default().of(&searcher).unwrap();
        let texts = CategoryTexts::new(Taxonomy::embedded());
        for (_, table) in tables.iter() {
            let stats = CategoryStats::count(table, &texts);
            let mut doc_freq = vec![0u32; texts.token_count()];
            let mut total = 0u64;
            for doc in 0..table.max_doc() {
                let categories = table.categories(doc);
                let length: u32 = categories.iter().map(|&c| texts.length(c)).sum();
                assert_eq!(stats.norm(doc), FieldNormReader::fieldnorm_to_id(length));
                let mut tokens: Vec<u32> = categories
                    .iter()
                    .flat_map(|&c| texts.of_category[c as usize].iter().copied())
                    .collect();
                tokens.sort_unstable();
                tokens.dedup();
                for t in tokens {
                    doc_freq[t as usize] += 1;
                }
                total += categories
                    .iter()
                    .map(|&c| u64::from(texts.length(c)))
                    .sum::<u64>();
            }
            assert_eq!(stats.doc_freq, doc_freq);
            assert_eq!(stats.total_tokens, total);
            assert!(total > 0);
        }
    }
}

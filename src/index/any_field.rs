//! A word in any text field: one scorer for the union of its parts (each
//! variant of the word in each field, with the field's boost, and with
//! the typos it allows).
//!
//! A part scores as a term query of the variant plus, when typos are
//! allowed, a constant for holding the variant or a typo of it. As
//! separate queries, a `BooleanQuery` joined them through boxed scorers:
//! three dynamic calls per document and part, and the variant's postings
//! walked twice, by its term query and by its typo query. Here the union
//! is walked as tantivy walks a union of term queries (a window of 4,096
//! doc ids marked in a bitset), with each part's postings read once and
//! scored in place. The scores are the same, added in the same order.
//!
//! A part's typo terms are walked list by list into the window, not
//! merged document by document: a word intersected with another (two
//! words) seeks and refills its windows often, and merging up to eight
//! lists per document made that most of such a query.

use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

use super::category_text::{CategoryPart, CategoryStats};
use super::doc_table::{table_of, DocTable, SegmentTables};
use super::typo::{typo_postings, TypoAutomaton};

/// What holding a variant or a typo of it adds to a part's score, as a
/// share of the field's boost.
pub const TYPO_WEIGHT: Score = 0.3;

/// Doc ids marked at a time: as tantivy's union.
const WINDOW: usize = 4096;
const WINDOW_WORDS: usize = WINDOW / 64;

/// A variant of a word in one text field.
#[derive(Clone)]
pub struct WordPart {
    /// The variant in the field.
    pub term: Term,
    /// The field's boost.
    pub boost: Score,
    /// The variant's typos, when it allows any.
    pub typos: Option<Arc<TypoAutomaton>>,
    /// For the category texts, which no document holds (see
    /// [`super::category_text`]): the categories holding the variant or a
    /// typo of it, whose documents the part walks instead of the term's.
    pub categories: Option<CategoryPart>,
}

/// The documents holding any part of a word.
#[derive(Clone)]
pub struct AnyFieldQuery {
    parts: Vec<WordPart>,
    seeking: bool,
    /// The doc tables of the searcher's segments, for parts of the
    /// category texts.
    tables: Option<SegmentTables>,
}

impl AnyFieldQuery {
    /// The union of `parts`; a document's score is the sum of its parts'
    /// scores, in the order of `parts`.
    pub fn new(parts: Vec<WordPart>) -> AnyFieldQuery {
        AnyFieldQuery {
            parts,
            seeking: false,
            tables: None,
        }
    }

    /// With the doc tables of the segments it will search: the parts of
    /// the category texts read the documents' categories there.
    pub fn with_tables(self, tables: SegmentTables) -> AnyFieldQuery {
        AnyFieldQuery {
            tables: Some(tables),
            ..self
        }
    }

    /// For a walk that seeks from run to run of doc ids (a radius): the
    /// parts' postings are merged as the walk goes, and a document is
    /// scored only when the walk reaches it, instead of a window of 4,096
    /// doc ids marked and scored after every seek.
    pub fn seeking(self) -> AnyFieldQuery {
        AnyFieldQuery {
            seeking: true,
            ..self
        }
    }
}

impl std::fmt::Debug for AnyFieldQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(
                self.parts
                    .iter()
                    .map(|p| (&p.term, p.boost, p.typos.is_some())),
            )
            .finish()
    }
}

impl Query for AnyFieldQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = self
            .parts
            .iter()
            .map(|part| match (scoring, &part.categories) {
                (
                    EnableScoring::Enabled {
                        statistics_provider,
                        ..
                    },
                    Some(categories),
                ) => Ok(Some(
                    categories
                        .word
                        .bm25(self.tables()?, statistics_provider.total_num_docs()?),
                )),
                (
                    EnableScoring::Enabled {
                        statistics_provider,
                        ..
                    },
                    None,
                ) => Bm25Weight::for_terms(statistics_provider, std::slice::from_ref(&part.term))
                    .map(Some),
                (EnableScoring::Disabled { .. }, _) => Ok(None),
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(AnyFieldWeight {
            parts: self.parts.clone(),
            bm25,
            seeking: self.seeking,
            tables: self.tables.clone(),
        }))
    }
}

impl AnyFieldQuery {
    fn tables(&self) -> tantivy::Result<&[(tantivy::index::SegmentId, Arc<DocTable>)]> {
        self.tables.as_deref().ok_or_else(no_tables)
    }
}

fn no_tables() -> TantivyError {
    TantivyError::InternalError("a part of the category texts without doc tables".into())
}

struct AnyFieldWeight {
    parts: Vec<WordPart>,
    /// Each part's BM25 weight before boosts; `None` without scoring.
    bm25: Vec<Option<Bm25Weight>>,
    seeking: bool,
    tables: Option<SegmentTables>,
}

impl AnyFieldWeight {
    /// A part of the category texts in one segment: the postings of the
    /// categories holding the variant, scored from each document's
    /// categories, and those holding a typo of it.
    fn category_part(
        &self,
        reader: &SegmentReader,
        part: &CategoryPart,
        bm25: Option<Bm25Weight>,
        typos: bool,
    ) -> tantivy::Result<(Option<Exact>, Vec<SegmentPostings>)> {
        let tables = self.tables.as_deref().ok_or_else(no_tables)?;
        let table = table_of(tables, reader.segment_id()).ok_or_else(no_tables)?;
        let inverted = reader.inverted_index(part.field)?;
        let read = |ordinal: &u32| -> tantivy::Result<Option<SegmentPostings>> {
            let term = Term::from_field_u64(part.field, u64::from(*ordinal));
            Ok(match inverted.get_term_info(&term)? {
                Some(info) => {
                    Some(inverted.read_postings_from_terminfo(&info, IndexRecordOption::Basic)?)
                }
                None => None,
            })
        };
        let mut lists = Vec::new();
        for (ordinal, frequency) in &part.word.holders {
            if let Some(postings) = read(ordinal)?.filter(|p| p.doc() != TERMINATED) {
                lists.push((postings, *frequency));
            }
        }
        let exact = (!lists.is_empty())
            .then(|| Exact::Categories(CategoryExact::new(lists, part.word.stats(table), bm25)));
        let mut typo_lists = Vec::new();
        if typos {
            for ordinal in &part.word.typo_categories {
                typo_lists.extend(read(ordinal)?.filter(|p| p.doc() != TERMINATED));
            }
        }
        Ok((exact, typo_lists))
    }
}

impl Weight for AnyFieldWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut parts = Vec::with_capacity(self.parts.len());
        for (part, bm25) in self.parts.iter().zip(&self.bm25) {
            if let Some(categories) = &part.categories {
                let bm25 = bm25.as_ref().map(|b| b.boost_by(boost * part.boost));
                let (exact, typos) =
                    self.category_part(reader, categories, bm25, part.typos.is_some())?;
                let part = Part {
                    exact,
                    typos,
                    constant: part
                        .typos
                        .as_ref()
                        .map(|_| boost * (part.boost * TYPO_WEIGHT)),
                };
                if part.doc() != TERMINATED {
                    parts.push(part);
                }
                continue;
            }
            let field = part.term.field();
            let inverted = reader.inverted_index(field)?;
            let own = inverted.get_term_info(&part.term)?;
            let exact = match &own {
                Some(info) => {
                    let option = if bm25.is_some() {
                        IndexRecordOption::WithFreqs
                    } else {
                        IndexRecordOption::Basic
                    };
                    let postings = inverted.read_postings_from_terminfo(info, option)?;
                    // As a term query under a `BoostQuery` scores.
                    let bm25 = bm25.as_ref().map(|b| b.boost_by(boost * part.boost));
                    let norms = match reader.fieldnorms_readers().get_field(field)? {
                        Some(norms) => norms,
                        None => FieldNormReader::constant(reader.max_doc(), 1),
                    };
                    Some(Exact::Term {
                        postings,
                        norms,
                        bm25,
                    })
                }
                None => None,
            };
            let (typos, constant) = match &part.typos {
                Some(automaton) => (
                    typo_postings(reader, field, automaton, own.as_ref())?,
                    Some(boost * (part.boost * TYPO_WEIGHT)),
                ),
                None => (Vec::new(), None),
            };
            let part = Part {
                exact,
                typos,
                constant,
            };
            if part.doc() != TERMINATED {
                parts.push(part);
            }
        }
        if self.seeking {
            return Ok(Box::new(PartsWalk::new(parts)));
        }
        Ok(Box::new(AnyFieldScorer::new(parts, reader.max_doc())))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} holds no part of the word"
            )));
        }
        Ok(Explanation::new("AnyField", scorer.score()))
    }
}

/// A variant's own documents, read with what scores them.
// A term's postings (with their decoded block) make the larger variant;
// boxing them would put a pointer between the walk and every document.
#[allow(clippy::large_enum_variant)]
enum Exact {
    /// The variant's postings in the field.
    Term {
        postings: SegmentPostings,
        norms: FieldNormReader,
        bm25: Option<Bm25Weight>,
    },
    /// The documents of the categories holding the variant.
    Categories(CategoryExact),
}

impl Exact {
    #[inline]
    fn doc(&self) -> DocId {
        match self {
            Exact::Term { postings, .. } => postings.doc(),
            Exact::Categories(c) => c.doc,
        }
    }

    #[inline]
    fn advance(&mut self) -> DocId {
        match self {
            Exact::Term { postings, .. } => postings.advance(),
            Exact::Categories(c) => c.advance(),
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        match self {
            Exact::Term { postings, .. } => postings.seek(target),
            Exact::Categories(c) => c.seek(target),
        }
    }

    fn size_hint(&self) -> u32 {
        match self {
            Exact::Term { postings, .. } => postings.size_hint(),
            Exact::Categories(c) => c
                .lists
                .iter()
                .map(|(list, _)| list.size_hint())
                .fold(0, u32::saturating_add),
        }
    }

    /// Hands each document below `horizon` to `mark`, as its offset from
    /// `start` (the window's first document, at most this one's) and its
    /// score, in order, and steps past them.
    #[inline]
    fn fill(&mut self, start: DocId, horizon: DocId, mut mark: impl FnMut(usize, Score)) {
        match self {
            Exact::Term {
                postings,
                norms,
                bm25,
            } => {
                let mut doc = postings.doc();
                while doc < horizon {
                    let score = match bm25 {
                        Some(bm25) => bm25.score(norms.fieldnorm_id(doc), postings.term_freq()),
                        None => 0.0,
                    };
                    mark((doc - start) as usize, score);
                    doc = postings.advance();
                }
            }
            Exact::Categories(c) => c.fill(start, horizon, mark),
        }
    }

    /// As tantivy's term scorer computes it.
    #[inline]
    fn score(&self) -> Score {
        match self {
            Exact::Term {
                postings,
                norms,
                bm25: Some(bm25),
            } => bm25.score(norms.fieldnorm_id(postings.doc()), postings.term_freq()),
            Exact::Categories(c) => c.score(),
            Exact::Term { bm25: None, .. } => 0.0,
        }
    }
}

/// The union of the postings of the categories holding a variant, each
/// document scored as tantivy scored the variant in the texts of its
/// categories (see [`super::category_text`]): its frequency is the sum of
/// those of the categories whose postings stand on it, its length the
/// segment's [`CategoryStats`] keep.
struct CategoryExact {
    /// Each category's postings, and how often its texts hold the variant.
    lists: Vec<(SegmentPostings, u32)>,
    doc: DocId,
    /// The variant's frequency in `doc`'s category texts.
    frequency: u32,
    stats: Arc<CategoryStats>,
    bm25: Option<Bm25Weight>,
    /// Scratch of [`CategoryExact::fill`]: the frequencies of a window's
    /// documents, all zero between calls.
    window: Option<Box<[u32; WINDOW]>>,
}

impl CategoryExact {
    fn new(
        lists: Vec<(SegmentPostings, u32)>,
        stats: Arc<CategoryStats>,
        bm25: Option<Bm25Weight>,
    ) -> CategoryExact {
        let mut exact = CategoryExact {
            lists,
            doc: TERMINATED,
            frequency: 0,
            stats,
            bm25,
            window: None,
        };
        exact.settle();
        exact
    }

    /// Stands on the lowest document of the lists, with its frequency.
    fn settle(&mut self) {
        let (mut doc, mut frequency) = (TERMINATED, 0);
        for (list, n) in &self.lists {
            let d = list.doc();
            if d < doc {
                (doc, frequency) = (d, *n);
            } else if d == doc {
                frequency += n;
            }
        }
        (self.doc, self.frequency) = (doc, frequency);
    }

    #[inline]
    fn advance(&mut self) -> DocId {
        if let [(only, _)] = self.lists.as_mut_slice() {
            self.doc = only.advance();
            return self.doc;
        }
        for (list, _) in &mut self.lists {
            if list.doc() == self.doc {
                list.advance();
            }
        }
        self.settle();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        for (list, _) in &mut self.lists {
            if list.doc() < target {
                list.seek(target);
            }
        }
        self.settle();
        self.doc
    }

    #[inline]
    fn score(&self) -> Score {
        self.score_of(self.doc, self.frequency)
    }

    #[inline]
    fn score_of(&self, doc: DocId, frequency: u32) -> Score {
        match &self.bm25 {
            Some(bm25) => bm25.score(self.stats.norm(doc), frequency),
            None => 0.0,
        }
    }

    /// [`Exact::fill`] of several categories' postings: each list walked
    /// on its own into the window, its frequency added to its documents',
    /// then the documents scored in order, rather than the lists merged
    /// document by document with a look at every list for each (the first
    /// version did that, and computed each length from the document's
    /// categories: plain words at a million took 55% longer, BENCHMARKS.md,
    /// thirteenth session).
    fn fill(&mut self, start: DocId, horizon: DocId, mut mark: impl FnMut(usize, Score)) {
        let mut below = (0..self.lists.len()).filter(|&i| self.lists[i].0.doc() < horizon);
        match (below.next(), below.next()) {
            (None, _) => return,
            (Some(at), None) => {
                // One list in the window: its documents, one at a time.
                let n = self.lists[at].1;
                let mut doc = self.lists[at].0.doc();
                while doc < horizon {
                    mark((doc - start) as usize, self.score_of(doc, n));
                    doc = self.lists[at].0.advance();
                }
                self.settle();
                return;
            }
            (Some(_), Some(_)) => {}
        }
        let mut window = self.window.take().unwrap_or_else(|| Box::new([0; WINDOW]));
        let mut marked = [0u64; WINDOW_WORDS];
        let (mut lo, mut hi) = (WINDOW_WORDS, 0);
        for (list, n) in &mut self.lists {
            walk_into(
                list,
                start,
                horizon,
                &mut marked,
                (&mut lo, &mut hi),
                |delta| window[delta] += *n,
            );
        }
        for (word, &bits) in marked.iter().enumerate().take(hi + 1).skip(lo) {
            let mut rest = bits;
            while rest != 0 {
                let delta = word * 64 + rest.trailing_zeros() as usize;
                rest &= rest - 1;
                let frequency = std::mem::take(&mut window[delta]);
                mark(delta, self.score_of(start + delta as DocId, frequency));
            }
        }
        self.window = Some(window);
        self.settle();
    }
}

/// Walks `list` up to `horizon`, marking each document in `marks` (bit
/// `d` for `start + d`), widening `lo..=hi` to its word, and handing its
/// offset to `each`.
#[inline]
fn walk_into(
    list: &mut SegmentPostings,
    start: DocId,
    horizon: DocId,
    marks: &mut [u64; WINDOW_WORDS],
    (lo, hi): (&mut usize, &mut usize),
    mut each: impl FnMut(usize),
) {
    let mut doc = list.doc();
    while doc < horizon {
        let delta = (doc - start) as usize;
        marks[delta / 64] |= 1 << (delta % 64);
        *lo = (*lo).min(delta / 64);
        *hi = (*hi).max(delta / 64);
        each(delta);
        doc = list.advance();
    }
}

/// One part in one segment: the variant's postings (`None`: not in the
/// segment), its other typo terms' postings, and the constant a document
/// holding any of them gains (`None`: no typos allowed).
struct Part {
    exact: Option<Exact>,
    typos: Vec<SegmentPostings>,
    constant: Option<Score>,
}

impl Part {
    fn doc(&self) -> DocId {
        let exact = self.exact.as_ref().map_or(TERMINATED, |e| e.doc());
        self.typos.iter().map(DocSet::doc).fold(exact, DocId::min)
    }

    /// Marks this part's documents below `horizon` in the window starting
    /// at `start`, adding their scores: the variant's first, then the
    /// constant, as the term query and then the typo query added them.
    /// Each list is walked on its own; `held` (all zero) is scratch,
    /// marking the documents that gain the constant.
    fn fill(
        &mut self,
        start: DocId,
        horizon: DocId,
        bits: &mut [u64; WINDOW_WORDS],
        scores: &mut [Score; WINDOW],
        held: &mut [u64; WINDOW_WORDS],
    ) {
        let constant = self.constant;
        if self.typos.iter().all(|t| t.doc() >= horizon) {
            // The variant's documents alone: no typos allowed, or no typo
            // term in the window.
            if let Some(e) = &mut self.exact {
                e.fill(start, horizon, |delta, score| {
                    bits[delta / 64] |= 1 << (delta % 64);
                    scores[delta] += score;
                    if let Some(constant) = constant {
                        scores[delta] += constant;
                    }
                });
            }
            return;
        }
        // A part has typo terms only when it allows typos.
        let constant = constant.unwrap_or_default();
        let exact_in = self.exact.as_ref().is_some_and(|e| e.doc() < horizon);
        let mut typos_in = self.typos.iter_mut().filter(|t| t.doc() < horizon);
        if let (false, Some(typo), None) = (exact_in, typos_in.next(), typos_in.next()) {
            // One typo term alone in the window: its documents, each once.
            let mut doc = typo.doc();
            while doc < horizon {
                let delta = (doc - start) as usize;
                bits[delta / 64] |= 1 << (delta % 64);
                scores[delta] += constant;
                doc = typo.advance();
            }
            return;
        }
        // The words of `held` marked, `lo..=hi`, are cleared as they are
        // read back, so that it is all zero between calls.
        let (mut lo, mut hi) = (WINDOW_WORDS, 0);
        if let Some(e) = &mut self.exact {
            e.fill(start, horizon, |delta, score| {
                held[delta / 64] |= 1 << (delta % 64);
                lo = lo.min(delta / 64);
                hi = delta / 64;
                scores[delta] += score;
            });
        }
        for typo in &mut self.typos {
            walk_into(typo, start, horizon, held, (&mut lo, &mut hi), |_| {});
        }
        for word in lo..=hi.min(WINDOW_WORDS - 1) {
            let marked = std::mem::take(&mut held[word]);
            bits[word] |= marked;
            let mut rest = marked;
            while rest != 0 {
                scores[word * 64 + rest.trailing_zeros() as usize] += constant;
                rest &= rest - 1;
            }
        }
    }

    /// Steps every list standing on `doc` past it.
    fn advance_from(&mut self, doc: DocId) {
        if let Some(e) = &mut self.exact {
            if e.doc() == doc {
                e.advance();
            }
        }
        for typo in &mut self.typos {
            if typo.doc() == doc {
                typo.advance();
            }
        }
    }

    /// Adds the part's score of `doc`, which it holds, to `score`: the
    /// variant's, then the constant, one at a time, as the term query's
    /// and the typo query's were.
    fn add_score(&self, doc: DocId, score: &mut Score) {
        if let Some(e) = &self.exact {
            if e.doc() == doc {
                *score += e.score();
            }
        }
        if let Some(constant) = self.constant {
            *score += constant;
        }
    }

    fn seek(&mut self, target: DocId) {
        if let Some(e) = &mut self.exact {
            if e.doc() < target {
                e.seek(target);
            }
        }
        for typo in &mut self.typos {
            if typo.doc() < target {
                typo.seek(target);
            }
        }
    }

    fn size_hint(&self) -> u32 {
        let exact = self.exact.as_ref().map_or(0, |e| e.size_hint());
        self.typos
            .iter()
            .map(DocSet::size_hint)
            .fold(exact, u32::saturating_add)
    }
}

/// The union of a word's parts in one segment, marked a window at a time.
struct AnyFieldScorer {
    /// The parts not yet walked to their end.
    parts: Vec<Part>,
    /// The window's documents: bit `d` of the window marks `start + d`.
    bits: Box<[u64; WINDOW_WORDS]>,
    /// The window's scores, zero but for marked documents.
    scores: Box<[Score; WINDOW]>,
    /// Scratch for [`Part::fill`].
    held: Box<[u64; WINDOW_WORDS]>,
    start: DocId,
    /// The first word of `bits` that may hold a mark.
    word: usize,
    doc: DocId,
    score: Score,
    max_doc: DocId,
}

impl AnyFieldScorer {
    fn new(parts: Vec<Part>, max_doc: DocId) -> AnyFieldScorer {
        let mut scorer = AnyFieldScorer {
            parts,
            bits: Box::new([0; WINDOW_WORDS]),
            scores: Box::new([0.0; WINDOW]),
            held: Box::new([0; WINDOW_WORDS]),
            start: 0,
            word: WINDOW_WORDS,
            doc: 0,
            score: 0.0,
            max_doc,
        };
        if scorer.refill() {
            scorer.advance();
        } else {
            scorer.doc = TERMINATED;
        }
        scorer
    }

    /// Starts a window at the parts' lowest document and marks it.
    #[inline(never)]
    fn refill(&mut self) -> bool {
        let Some(start) = self.parts.iter().map(Part::doc).min() else {
            return false;
        };
        if start == TERMINATED {
            return false;
        }
        self.start = start;
        self.word = 0;
        let horizon = start.saturating_add(WINDOW as DocId);
        for part in &mut self.parts {
            part.fill(
                start,
                horizon,
                &mut self.bits,
                &mut self.scores,
                &mut self.held,
            );
        }
        self.parts.retain(|p| p.doc() != TERMINATED);
        true
    }

    /// The next marked document of the window, its mark and score taken.
    #[inline]
    fn next_marked(&mut self) -> bool {
        while self.word < WINDOW_WORDS {
            let bits = self.bits[self.word];
            if bits != 0 {
                self.bits[self.word] = bits & (bits - 1);
                let delta = self.word * 64 + bits.trailing_zeros() as usize;
                self.doc = self.start + delta as DocId;
                self.score = std::mem::take(&mut self.scores[delta]);
                return true;
            }
            self.word += 1;
        }
        false
    }
}

impl DocSet for AnyFieldScorer {
    fn advance(&mut self) -> DocId {
        loop {
            if self.next_marked() {
                return self.doc;
            }
            if !self.refill() {
                self.doc = TERMINATED;
                return TERMINATED;
            }
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let gap = (target - self.start) as usize;
        if gap < WINDOW {
            // Within the window: drop the marks of the words before the
            // target's, then walk the rest.
            let word = gap / 64;
            if word > self.word {
                self.bits[self.word..word].fill(0);
                self.scores[self.word * 64..word * 64].fill(0.0);
                self.word = word;
            }
            while self.doc < target {
                self.advance();
            }
            return self.doc;
        }
        self.bits.fill(0);
        self.scores.fill(0.0);
        self.word = WINDOW_WORDS;
        for part in &mut self.parts {
            part.seek(target);
        }
        self.parts.retain(|p| p.doc() != TERMINATED);
        self.advance()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.parts
            .iter()
            .map(Part::size_hint)
            .fold(0u32, u32::saturating_add)
            .min(self.max_doc)
    }
}

impl Scorer for AnyFieldScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

/// The union of a word's parts in one segment, merged as it is walked
/// (see [`AnyFieldQuery::seeking`]).
struct PartsWalk {
    parts: Vec<Part>,
    /// Where each part stands, so that a step reads no part it leaves.
    docs: Vec<DocId>,
    doc: DocId,
}

impl PartsWalk {
    fn new(parts: Vec<Part>) -> PartsWalk {
        let docs: Vec<DocId> = parts.iter().map(Part::doc).collect();
        let doc = docs.iter().copied().min().unwrap_or(TERMINATED);
        PartsWalk { parts, docs, doc }
    }
}

impl DocSet for PartsWalk {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let mut lowest = TERMINATED;
        for (part, doc) in self.parts.iter_mut().zip(&mut self.docs) {
            if *doc == self.doc {
                part.advance_from(self.doc);
                *doc = part.doc();
            }
            lowest = lowest.min(*doc);
        }
        self.doc = lowest;
        lowest
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let mut lowest = TERMINATED;
        for (part, doc) in self.parts.iter_mut().zip(&mut self.docs) {
            if *doc < target {
                part.seek(target);
                *doc = part.doc();
            }
            lowest = lowest.min(*doc);
        }
        self.doc = lowest;
        lowest
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.parts.iter().map(Part::size_hint).max().unwrap_or(0)
    }
}

impl Scorer for PartsWalk {
    /// The parts holding the document summed in their order, as a
    /// `BooleanQuery` of their term and typo queries sums them.
    fn score(&mut self) -> Score {
        let mut score: Score = 0.0;
        for (part, &doc) in self.parts.iter().zip(&self.docs) {
            if doc == self.doc {
                part.add_score(doc, &mut score);
            }
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::DocSetCollector;
    use tantivy::query::{AutomatonWeight, BooleanQuery, BoostQuery, Occur, TermQuery};
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, DocAddress, Index, Searcher};

    const WORDS: &[&str] = &[
        "voedselbank",
        "voedselbanken",
        "voedselbnk",
        "woedselbank",
        "taalles",
        "huisarts",
        "bank",
    ];

    /// Ten thousand documents (windows of 4,096 and more) of two fields,
    /// each holding none, one or two words of [`WORDS`], some twice.
    fn searcher() -> (Searcher, [tantivy::schema::Field; 2]) {
        let mut schema = Schema::builder();
        let name = schema.add_text_field("name", TEXT);
        let description = schema.add_text_field("description", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut next = crate::index::test_rng(7);
        let text = |next: &mut dyn FnMut(u64) -> u64| {
            (0..next(4))
                .map(|_| WORDS[next(WORDS.len() as u64 * 3) as usize % WORDS.len()])
                .collect::<Vec<_>>()
                .join(" filler ")
        };
        for _ in 0..10_000 {
            let a = text(&mut next);
            let b = text(&mut next);
            writer
                .add_document(doc!(name => a, description => b))
                .unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        (searcher, [name, description])
    }

    /// tantivy's own typo query: a constant for any term the automaton
    /// accepts, the word itself included.
    #[derive(Clone)]
    struct TypoTerms(tantivy::schema::Field, Arc<TypoAutomaton>);

    impl std::fmt::Debug for TypoTerms {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("TypoTerms")
        }
    }

    impl Query for TypoTerms {
        fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
            Ok(Box::new(AutomatonWeight::<TypoAutomaton>::new(
                self.0,
                Arc::clone(&self.1),
            )))
        }
    }

    /// What [`AnyFieldQuery`] replaces: a term query and a typo query per
    /// part, joined by a `BooleanQuery`.
    fn as_separate_queries(parts: &[WordPart]) -> BooleanQuery {
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for part in parts {
            let term = TermQuery::new(part.term.clone(), IndexRecordOption::WithFreqs);
            alternatives.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(term), part.boost)),
            ));
            if let Some(automaton) = &part.typos {
                let typos = TypoTerms(part.term.field(), Arc::clone(automaton));
                alternatives.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(typos), part.boost * TYPO_WEIGHT)),
                ));
            }
        }
        BooleanQuery::new(alternatives)
    }

    fn parts(fields: [tantivy::schema::Field; 2], word: &str, other: &str) -> Vec<WordPart> {
        let mut parts = Vec::new();
        for (field, boost) in fields.into_iter().zip([3.0, 1.0]) {
            for variant in [word, other] {
                parts.push(WordPart {
                    term: Term::from_field_text(field, variant),
                    boost,
                    typos: TypoAutomaton::new(field, variant).map(Arc::new),
                    categories: None,
                });
            }
        }
        parts
    }

    /// Every (doc, score) of a query's walk.
    fn walk(searcher: &Searcher, query: &dyn Query) -> Vec<(DocId, Score)> {
        let weight = query
            .weight(EnableScoring::enabled_from_searcher(searcher))
            .unwrap();
        let mut all = Vec::new();
        weight
            .for_each(searcher.segment_reader(0), &mut |doc, score| {
                all.push((doc, score))
            })
            .unwrap();
        all
    }

    /// Both walks of a word: marked a window at a time, and merged as it
    /// goes (for seeks from run to run).
    fn both(parts: &[WordPart]) -> [AnyFieldQuery; 2] {
        let word = AnyFieldQuery::new(parts.to_vec());
        [word.clone(), word.seeking()]
    }

    /// The same documents with the same scores, to the bit, as the term
    /// and typo queries joined, by either walk; a word without typos
    /// allowed, a word whose own term is missing and a word with neither
    /// term nor typos too.
    #[test]
    fn a_word_in_any_field_scores_as_its_term_and_typo_queries_joined() {
        let (searcher, fields) = searcher();
        // Typo terms and the word together; typos only; a lone typo term
        // (taalles for taales) beside a word without typos in the text
        // (huisarts); nothing at all.
        for (word, other) in [
            ("voedselbank", "bank"),
            ("voedselbak", "taalles"),
            ("taales", "huisarts"),
            ("zwemles", "fietsles"),
        ] {
            let parts = parts(fields, word, other);
            let theirs = walk(&searcher, &as_separate_queries(&parts));
            for query in both(&parts) {
                let ours = walk(&searcher, &query);
                assert_eq!(ours.len(), theirs.len(), "{word}");
                for (a, b) in ours.iter().zip(&theirs) {
                    assert_eq!(a.0, b.0, "{word}");
                    assert_eq!(a.1.to_bits(), b.1.to_bits(), "{word}: doc {}", a.0);
                }
                let docs = searcher.search(&query, &DocSetCollector).unwrap();
                let expected: std::collections::HashSet<DocAddress> = theirs
                    .iter()
                    .map(|&(doc, _)| DocAddress::new(0, doc))
                    .collect();
                assert_eq!(docs, expected, "{word}");
            }
        }
        assert!(
            walk(
                &searcher,
                &as_separate_queries(&parts(fields, "voedselbank", "bank"))
            )
            .len()
                > 1_000
        );
    }

    /// `seek` lands on the first document at or after its target, with
    /// its score, from a fresh scorer and in the middle of a walk, by
    /// either walk.
    #[test]
    fn seeking_a_word_in_any_field_lands_where_the_walk_does() {
        let (searcher, fields) = searcher();
        for query in both(&parts(fields, "voedselbank", "huisarts")) {
            seeks_land_where_the_walk_does(&searcher, &query);
        }
    }

    fn seeks_land_where_the_walk_does(searcher: &Searcher, query: &AnyFieldQuery) {
        let all = walk(searcher, query);
        let weight = query
            .weight(EnableScoring::enabled_from_searcher(searcher))
            .unwrap();
        let reader = searcher.segment_reader(0);
        let expect = |target: DocId| all.iter().find(|e| e.0 >= target).copied();
        for target in (0..10_050).step_by(97) {
            let mut scorer = weight.scorer(reader, 1.0).unwrap();
            let landed = scorer.seek(target);
            assert_eq!(
                landed,
                expect(target).map_or(TERMINATED, |e| e.0),
                "seek {target}"
            );
            if let Some((_, score)) = expect(target) {
                assert_eq!(scorer.score().to_bits(), score.to_bits(), "seek {target}");
            }
        }
        // Seeks of growing targets within one walk: short hops inside the
        // window and long ones past it.
        let mut scorer = weight.scorer(reader, 1.0).unwrap();
        let mut target = 0;
        let mut seeks = 0;
        for hop in [1, 3, 64, 65, 700, 4_000, 4_097, 9, 130, 5_000]
            .iter()
            .cycle()
            .take(60)
        {
            target += hop;
            if target <= scorer.doc() {
                continue;
            }
            let landed = scorer.seek(target);
            assert_eq!(
                landed,
                expect(target).map_or(TERMINATED, |e| e.0),
                "seek {target}"
            );
            if landed == TERMINATED {
                break;
            }
            assert_eq!(
                scorer.score().to_bits(),
                expect(target).unwrap().1.to_bits()
            );
            seeks += 1;
        }
        assert!(seeks > 5, "only {seeks} seeks landed");
    }
}

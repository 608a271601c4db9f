//! One query word: the documents matching any of its alternatives (each
//! variant, exact or typo'd, in each text field), scored by their sum, for
//! a query that walks runs of doc ids.
//!
//! tantivy's union of the alternatives buffers a window of 4,096 doc ids:
//! after each seek it clears the window and scores every document of the
//! next 4,096, whether the walk visits them or not. A query within a
//! radius seeks to each run of its box, so that was a fifth of its time.
//! Here the alternatives are merged as the walk goes: a document is scored
//! only when the walk reaches it, the alternatives holding it summed in
//! their order, as tantivy sums them.

use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, TERMINATED};

/// Any of `alternatives`, scored by the sum of those that match.
#[derive(Debug)]
pub struct WordQuery {
    alternatives: Vec<Box<dyn Query>>,
}

impl Clone for WordQuery {
    fn clone(&self) -> WordQuery {
        WordQuery {
            alternatives: self.alternatives.iter().map(|q| q.box_clone()).collect(),
        }
    }
}

impl WordQuery {
    /// The word's alternatives, in the order their scores are summed.
    pub fn new(alternatives: Vec<Box<dyn Query>>) -> WordQuery {
        WordQuery { alternatives }
    }
}

impl Query for WordQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .alternatives
            .iter()
            .map(|q| q.weight(scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(WordWeight { weights }))
    }
}

struct WordWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl Weight for WordWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.weights.len());
        for weight in &self.weights {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                scorers.push(scorer);
            }
        }
        if scorers.is_empty() {
            return Ok(Box::new(EmptyScorer));
        }
        Ok(Box::new(WordUnion::new(scorers)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) == doc {
            Ok(Explanation::new("Word", scorer.score()))
        } else {
            Err(TantivyError::InvalidArgument(format!(
                "document {doc} matches no alternative of the word"
            )))
        }
    }
}

/// The union of a word's alternatives, merged as it is walked.
struct WordUnion<S> {
    scorers: Vec<S>,
    /// Where each scorer stands, so a step reads no scorer it leaves.
    docs: Vec<DocId>,
    doc: DocId,
}

impl<S: Scorer> WordUnion<S> {
    fn new(scorers: Vec<S>) -> WordUnion<S> {
        let docs: Vec<DocId> = scorers.iter().map(DocSet::doc).collect();
        let doc = docs.iter().copied().min().unwrap_or(TERMINATED);
        WordUnion { scorers, docs, doc }
    }
}

impl<S: Scorer> DocSet for WordUnion<S> {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let mut lowest = TERMINATED;
        for (scorer, doc) in self.scorers.iter_mut().zip(&mut self.docs) {
            if *doc == self.doc {
                *doc = scorer.advance();
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
        for (scorer, doc) in self.scorers.iter_mut().zip(&mut self.docs) {
            if *doc < target {
                *doc = scorer.seek(target);
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
        self.scorers
            .iter()
            .map(DocSet::size_hint)
            .max()
            .unwrap_or(0)
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().map(DocSet::cost).sum()
    }
}

impl<S: Scorer> Scorer for WordUnion<S> {
    fn score(&mut self) -> Score {
        let mut score: Score = 0.0;
        for (scorer, &doc) in self.scorers.iter_mut().zip(&self.docs) {
            if doc == self.doc {
                score += scorer.score();
            }
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::term_union::SortedDocs;
    use tantivy::query::ConstScorer;

    /// Each document once, in order, scored by the sum of the lists that
    /// hold it; `seek` lands on the first document at or after its target.
    #[test]
    fn a_word_union_walks_and_scores_the_union_of_its_alternatives() {
        let union = || {
            WordUnion::new(vec![
                ConstScorer::new(SortedDocs::new(vec![1, 4, 9]), 1.0),
                ConstScorer::new(SortedDocs::new(vec![4, 5, 20]), 2.0),
                ConstScorer::new(SortedDocs::new(vec![0, 9]), 4.0),
            ])
        };
        let expected = [(0, 4.0), (1, 1.0), (4, 3.0), (5, 2.0), (9, 5.0), (20, 2.0)];
        let mut walked = Vec::new();
        let mut u = union();
        while u.doc() != TERMINATED {
            walked.push((u.doc(), u.score()));
            u.advance();
        }
        assert_eq!(walked, expected);
        assert_eq!(u.advance(), TERMINATED);
        for target in 0..22 {
            let mut u = union();
            let found = expected.iter().find(|e| e.0 >= target);
            assert_eq!(
                u.seek(target),
                found.map_or(TERMINATED, |e| e.0),
                "seek {target}"
            );
            if let Some(&(_, score)) = found {
                assert_eq!(u.score(), score, "score after seek {target}");
            }
        }
    }
}

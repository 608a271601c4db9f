//! Runs of doc ids: the documents a radius may keep, in an index sorted by
//! place (see [`super::schema::place_order`]).
//!
//! A text query within a radius walks its words' postings across the whole
//! country, scoring each document before the collector drops the ones
//! elsewhere. Intersected with these runs, the walk skips from run to run:
//! tantivy's postings seek over the gaps, and only the documents inside
//! the runs are scored.

use std::sync::Arc;

use rustc_hash::FxHashMap;
use tantivy::index::SegmentId;
use tantivy::query::{ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

use super::term_union::explain_constant;

/// Runs of doc ids (from, to exclusive), increasing and not touching.
pub type Runs = Arc<[(DocId, DocId)]>;

/// The documents in the runs of each segment. A segment without runs (not
/// in place order) is walked whole.
#[derive(Clone, Debug)]
pub struct DocRunsQuery {
    runs: Arc<FxHashMap<SegmentId, Runs>>,
}

impl DocRunsQuery {
    /// The runs of each segment by its id.
    pub fn new(runs: FxHashMap<SegmentId, Runs>) -> DocRunsQuery {
        DocRunsQuery {
            runs: Arc::new(runs),
        }
    }
}

impl Query for DocRunsQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for DocRunsQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let runs = match self.runs.get(&reader.segment_id()) {
            Some(runs) => Arc::clone(runs),
            None => Arc::from(vec![(0, reader.max_doc())]),
        };
        Ok(Box::new(ConstScorer::new(RunDocs::new(runs), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_constant(
            self.scorer(reader, 1.0)?,
            doc,
            "DocRuns",
            "lies in none of the runs",
        )
    }
}

/// A docset over runs of doc ids.
struct RunDocs {
    runs: Runs,
    /// The run `doc` lies in (`runs.len()` once terminated).
    run: usize,
    doc: DocId,
    /// Documents in the runs, for tantivy's choice of which docset of an
    /// intersection drives.
    len: u32,
}

impl RunDocs {
    fn new(runs: Runs) -> RunDocs {
        let len = runs.iter().map(|&(from, to)| to - from).sum();
        let doc = runs.first().map_or(TERMINATED, |r| r.0);
        RunDocs {
            runs,
            run: 0,
            doc,
            len,
        }
    }

    /// Moves to the first document at or after `target` in run `run` or
    /// a later one.
    fn enter(&mut self, target: DocId) -> DocId {
        self.run += self.runs[self.run..].partition_point(|&(_, to)| to <= target);
        self.doc = match self.runs.get(self.run) {
            Some(&(from, _)) => from.max(target),
            None => TERMINATED,
        };
        self.doc
    }
}

impl DocSet for RunDocs {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.doc += 1;
        if self.doc < self.runs[self.run].1 {
            return self.doc;
        }
        self.run += 1;
        self.doc = self.runs.get(self.run).map_or(TERMINATED, |r| r.0);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        if target < self.runs[self.run].1 {
            self.doc = target;
            return target;
        }
        self.enter(target)
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every doc id of the runs in order, by `advance`; `seek` lands on
    /// the first one at or after its target.
    #[test]
    fn run_docs_advance_and_seek_through_the_runs_only() {
        let runs: Vec<(DocId, DocId)> = vec![(2, 4), (7, 8), (10, 13)];
        let mut all = Vec::new();
        let mut docs = RunDocs::new(Arc::from(runs.clone()));
        while docs.doc() != TERMINATED {
            all.push(docs.doc());
            docs.advance();
        }
        assert_eq!(all, [2, 3, 7, 10, 11, 12]);
        assert_eq!(docs.advance(), TERMINATED);
        for target in 0..15 {
            let mut docs = RunDocs::new(Arc::from(runs.clone()));
            let expected = all
                .iter()
                .copied()
                .find(|&d| d >= target)
                .unwrap_or(TERMINATED);
            assert_eq!(docs.seek(target), expected, "seek {target}");
            // Seeking again further on, from wherever it stands.
            let later = all
                .iter()
                .copied()
                .find(|&d| d >= target + 3)
                .unwrap_or(TERMINATED);
            assert_eq!(
                docs.seek(target + 3),
                later.max(expected),
                "seek {}",
                target + 3
            );
        }
        assert_eq!(RunDocs::new(Arc::from(Vec::new())).doc(), TERMINATED);
        assert_eq!(RunDocs::new(Arc::from(runs)).size_hint(), 6);
    }
}

//! A typo'd word in one field: the documents holding any term the word's
//! [`TypoAutomaton`] accepts, with a constant score.
//!
//! tantivy's `AutomatonWeight` marks the postings of every such term in a
//! bitset as large as the segment before the query walks anything: at a
//! million documents, an eighth of a megabyte to clear and fill a field and
//! a variant, with the whole of the exact word's postings, even when the
//! query then visits only the documents of a radius. A word's typo terms
//! are few: their postings are merged as the query walks, each seeking
//! past what the walk skips.

use std::sync::Arc;

use tantivy::postings::{SegmentPostings, TermInfo};
use tantivy::query::{
    AutomatonWeight, BitSetDocSet, ConstScorer, EmptyScorer, EnableScoring, Explanation, Query,
    Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

use super::term_union::{explain_constant, postings_bitset};
use super::typo::TypoAutomaton;

/// Above this many accepted terms in a segment, their postings are marked
/// in a bitset as tantivy does: merging many lists document by document
/// costs more than walking one bitset.
const MERGED_TERMS: usize = 8;

/// A word's typo matches in `field`, with an automaton shared by every
/// field the word is looked up in.
#[derive(Clone)]
pub struct FuzzyQuery {
    field: Field,
    automaton: Arc<TypoAutomaton>,
}

impl FuzzyQuery {
    /// The terms of `field` that `automaton` accepts.
    pub fn new(field: Field, automaton: Arc<TypoAutomaton>) -> FuzzyQuery {
        FuzzyQuery { field, automaton }
    }
}

impl std::fmt::Debug for FuzzyQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FuzzyQuery")
            .field("field", &self.field)
            .finish_non_exhaustive()
    }
}

impl Query for FuzzyQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for FuzzyQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match typo_docs(reader, self.field, &self.automaton)? {
            Some(docs) => Box::new(ConstScorer::new(docs, boost)),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_constant(
            self.scorer(reader, 1.0)?,
            doc,
            "Fuzzy",
            "holds no typo match",
        )
    }
}

/// The terms of a segment's `field` that `automaton` accepts, but for
/// `except` (the word itself, when its own postings are walked apart).
fn typo_terms(
    reader: &SegmentReader,
    field: Field,
    automaton: &Arc<TypoAutomaton>,
    except: Option<&TermInfo>,
) -> tantivy::Result<Vec<TermInfo>> {
    Ok(
        AutomatonWeight::<TypoAutomaton>::new(field, Arc::clone(automaton))
            .get_match_term_infos(reader)?
            .into_iter()
            .filter(|info| Some(info) != except)
            .collect(),
    )
}

/// The documents of a segment holding a term `automaton` accepts in
/// `field`; `None` when there are none.
fn typo_docs(
    reader: &SegmentReader,
    field: Field,
    automaton: &Arc<TypoAutomaton>,
) -> tantivy::Result<Option<TypoDocs>> {
    let infos = typo_terms(reader, field, automaton, None)?;
    if infos.is_empty() {
        return Ok(None);
    }
    let inverted = reader.inverted_index(field)?;
    if infos.len() <= MERGED_TERMS {
        let lists = infos
            .iter()
            .map(|info| inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic))
            .collect::<std::io::Result<Vec<_>>>()?;
        return Ok(Some(TypoDocs::Merged(MergedPostings::new(lists))));
    }
    let set = postings_bitset(&inverted, &infos, reader.max_doc())?;
    Ok(Some(TypoDocs::Set(BitSetDocSet::from(set))))
}

/// The postings of each term of a segment's `field` that `automaton`
/// accepts, but for `except`.
pub(super) fn typo_postings(
    reader: &SegmentReader,
    field: Field,
    automaton: &Arc<TypoAutomaton>,
    except: Option<&TermInfo>,
) -> tantivy::Result<Vec<SegmentPostings>> {
    let inverted = reader.inverted_index(field)?;
    Ok(typo_terms(reader, field, automaton, except)?
        .iter()
        .map(|info| inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic))
        .collect::<std::io::Result<Vec<_>>>()?)
}

/// The documents of a word's typo terms: a few posting lists merged as
/// they are walked, or many marked in a bitset.
enum TypoDocs {
    Merged(MergedPostings<SegmentPostings>),
    Set(BitSetDocSet),
}

impl DocSet for TypoDocs {
    #[inline]
    fn advance(&mut self) -> DocId {
        match self {
            TypoDocs::Merged(m) => m.advance(),
            TypoDocs::Set(s) => s.advance(),
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        match self {
            TypoDocs::Merged(m) => m.seek(target),
            TypoDocs::Set(s) => s.seek(target),
        }
    }

    #[inline]
    fn doc(&self) -> DocId {
        match self {
            TypoDocs::Merged(m) => m.doc(),
            TypoDocs::Set(s) => s.doc(),
        }
    }

    fn size_hint(&self) -> u32 {
        match self {
            TypoDocs::Merged(m) => m.size_hint(),
            TypoDocs::Set(s) => s.size_hint(),
        }
    }
}

/// The union of a few posting lists, merged as it is walked.
struct MergedPostings<D> {
    lists: Vec<D>,
    doc: DocId,
}

impl<D: DocSet> MergedPostings<D> {
    fn new(lists: Vec<D>) -> MergedPostings<D> {
        let doc = lists.iter().map(DocSet::doc).min().unwrap_or(TERMINATED);
        MergedPostings { lists, doc }
    }

    fn lowest(&self) -> DocId {
        self.lists
            .iter()
            .map(DocSet::doc)
            .min()
            .unwrap_or(TERMINATED)
    }
}

impl<D: DocSet> DocSet for MergedPostings<D> {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        for list in &mut self.lists {
            if list.doc() == self.doc {
                list.advance();
            }
        }
        self.doc = self.lowest();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for list in &mut self.lists {
            if list.doc() < target {
                list.seek(target);
            }
        }
        self.doc = self.lowest();
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.lists.iter().map(DocSet::size_hint).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::term_union::SortedDocs;

    /// Every document of any list once, in order, by `advance`; `seek`
    /// lands on the first one at or after its target.
    #[test]
    fn merged_postings_walk_the_union_of_their_lists() {
        let lists = || {
            vec![
                SortedDocs::new(vec![1, 4, 9]),
                SortedDocs::new(vec![4, 5, 20]),
                SortedDocs::new(vec![]),
                SortedDocs::new(vec![0, 9]),
            ]
        };
        let union = [0, 1, 4, 5, 9, 20];
        let mut merged = MergedPostings::new(lists());
        let mut all = Vec::new();
        while merged.doc() != TERMINATED {
            all.push(merged.doc());
            merged.advance();
        }
        assert_eq!(all, union);
        assert_eq!(merged.advance(), TERMINATED);
        for target in 0..22 {
            let mut merged = MergedPostings::new(lists());
            let expected = union
                .iter()
                .copied()
                .find(|&d| d >= target)
                .unwrap_or(TERMINATED);
            assert_eq!(merged.seek(target), expected, "seek {target}");
            if expected != TERMINATED {
                let next = union
                    .iter()
                    .copied()
                    .find(|&d| d > expected)
                    .unwrap_or(TERMINATED);
                assert_eq!(merged.advance(), next, "after {expected}");
            }
        }
        assert_eq!(
            MergedPostings::<SortedDocs>::new(Vec::new()).doc(),
            TERMINATED
        );
    }
}

//! Documents holding any of a list of u64 terms: the cells a radius
//! covers, a category in each of them, a set of keys, a few languages.
//!
//! tantivy's `TermSetQuery` builds an FST of the terms for every query and
//! streams the term dictionary through it, then marks every matching
//! document in a bitset as large as the segment. For a few hundred exact
//! terms that fixed cost was the larger part of a filtered radius query.
//! Here each term is looked up in the dictionary, and the postings are
//! merged into a sorted list (or, when they are many, a bitset).

use std::ops::Range;
use std::sync::Arc;

use tantivy::postings::TermInfo;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    BitSet, DocId, DocSet, InvertedIndexReader, Score, SegmentReader, TantivyError, Term,
    TERMINATED,
};

use super::doc_table::{table_of, SegmentTables};
use super::term_lists::TermLists;

/// Documents holding any of `values` in `field` (an indexed u64 field).
/// Scores a constant.
#[derive(Clone)]
pub struct TermUnionQuery {
    field: Field,
    values: Arc<[u64]>,
    /// The field's terms read into each segment's doc table, when they are
    /// (the `category_cell` field's): the lists are taken from there.
    tables: Option<SegmentTables>,
}

impl std::fmt::Debug for TermUnionQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TermUnionQuery")
            .field("field", &self.field)
            .field("values", &self.values)
            .field("from_tables", &self.tables.is_some())
            .finish()
    }
}

impl TermUnionQuery {
    /// Any of `values` in `field`.
    pub fn new(field: Field, values: impl IntoIterator<Item = u64>) -> TermUnionQuery {
        let mut values: Vec<u64> = values.into_iter().collect();
        values.sort_unstable();
        values.dedup();
        TermUnionQuery {
            field,
            values: values.into(),
            tables: None,
        }
    }

    /// Any of `values` of the `category_cell` field, `field`, whose lists
    /// each segment's doc table in `tables` holds
    /// ([`super::doc_table::DocTable::category_cells`]);
    /// a segment not in `tables` reads its term dictionary.
    pub fn category_cells(
        field: Field,
        values: impl IntoIterator<Item = u64>,
        tables: SegmentTables,
    ) -> TermUnionQuery {
        TermUnionQuery {
            tables: Some(tables),
            ..TermUnionQuery::new(field, values)
        }
    }

    /// The union from a segment's lists read in advance: slices of one
    /// array, united as the dictionary's lists are.
    fn scorer_from_lists(
        &self,
        lists: &TermLists,
        max_doc: DocId,
        boost: Score,
    ) -> Box<dyn Scorer> {
        let ranges: Vec<Range<usize>> = self
            .values
            .iter()
            .filter_map(|&value| lists.range(value))
            .collect();
        let docs = lists.docs();
        let postings: usize = ranges.iter().map(|r| r.len()).sum();
        let union = match ranges.as_slice() {
            [] => Vec::new(),
            [one] => docs[one.clone()].to_vec(),
            _ if postings as u64 * BITSET_SHARE >= u64::from(max_doc) => {
                let mut set = BitSet::with_max_value(max_doc);
                for range in ranges {
                    for &doc in &docs[range] {
                        set.insert(doc);
                    }
                }
                return Box::new(ConstScorer::new(BitSetDocSet::from(set), boost));
            }
            _ => union_of_sorted(docs, &ranges),
        };
        Box::new(ConstScorer::new(SortedDocs::new(union), boost))
    }
}

impl Query for TermUnionQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

/// Above this many postings per document of the segment (1 in 32), the
/// union is a bitset: sorting that many doc ids would cost more than
/// walking the segment's bitset.
const BITSET_SHARE: u64 = 32;

impl Weight for TermUnionQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let table = self
            .tables
            .as_deref()
            .and_then(|tables| table_of(tables, reader.segment_id()));
        if let Some(table) = table {
            return Ok(self.scorer_from_lists(table.category_cells(), reader.max_doc(), boost));
        }
        let inverted = reader.inverted_index(self.field)?;
        let mut infos: Vec<TermInfo> = Vec::new();
        let mut postings: u64 = 0;
        for &value in self.values.iter() {
            if let Some(info) = inverted.get_term_info(&Term::from_field_u64(self.field, value))? {
                postings += u64::from(info.doc_freq);
                infos.push(info);
            }
        }
        let max_doc = reader.max_doc();
        if infos.len() == 1 {
            // One list is already sorted, and keeps its skip index.
            let one = inverted.read_postings_from_terminfo(&infos[0], IndexRecordOption::Basic)?;
            return Ok(Box::new(ConstScorer::new(one, boost)));
        }
        if postings * BITSET_SHARE >= u64::from(max_doc) {
            let set = postings_bitset(&inverted, &infos, max_doc)?;
            return Ok(Box::new(ConstScorer::new(BitSetDocSet::from(set), boost)));
        }
        let mut docs: Vec<DocId> = Vec::with_capacity(postings as usize);
        let mut lists: Vec<Range<usize>> = Vec::with_capacity(infos.len());
        for info in &infos {
            let start = docs.len();
            let mut block =
                inverted.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
            while !block.docs().is_empty() {
                docs.extend_from_slice(block.docs());
                block.advance();
            }
            lists.push(start..docs.len());
        }
        Ok(Box::new(ConstScorer::new(
            SortedDocs::new(union_of_sorted(&docs, &lists)),
            boost,
        )))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_constant(
            self.scorer(reader, 1.0)?,
            doc,
            "TermUnion",
            "holds none of the terms",
        )
    }
}

/// The explanation of a constant-scoring query's match of `doc`, or an
/// error saying it does not match (`missing` says what `doc` lacks).
pub(super) fn explain_constant(
    mut scorer: Box<dyn Scorer>,
    doc: DocId,
    name: &'static str,
    missing: &str,
) -> tantivy::Result<Explanation> {
    if scorer.seek(doc) == doc {
        Ok(Explanation::new(name, 1.0))
    } else {
        Err(TantivyError::InvalidArgument(format!(
            "document {doc} {missing}"
        )))
    }
}

/// The documents of the postings of `infos`, marked in a bitset of a
/// segment of `max_doc` documents.
pub(super) fn postings_bitset(
    inverted: &InvertedIndexReader,
    infos: &[TermInfo],
    max_doc: DocId,
) -> std::io::Result<BitSet> {
    let mut set = BitSet::with_max_value(max_doc);
    for info in infos {
        let mut block =
            inverted.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
        while !block.docs().is_empty() {
            for &doc in block.docs() {
                set.insert(doc);
            }
            block.advance();
        }
    }
    Ok(set)
}

/// Above this many words of a bitset per doc id, [`union_of_sorted`]
/// sorts instead.
const WORDS_PER_DOC: usize = 4;

/// The union of sorted lists of distinct doc ids, `docs[list]` for each
/// of `lists`: sorted, each doc id once.
///
/// In an index sorted by place, the lists of a radius's cells fall into a
/// few groups that do not overlap: the cells of each band of rows, and
/// the remote documents after all of them. Each group's lists are marked
/// in a bitset of the group's span of doc ids and read back in order,
/// which costs a fraction of a sort; a group spread wider than
/// [`WORDS_PER_DOC`] is sorted instead.
pub(super) fn union_of_sorted(docs: &[DocId], lists: &[Range<usize>]) -> Vec<DocId> {
    // Each list as (first, last, where).
    let mut spans: Vec<(DocId, DocId, Range<usize>)> = lists
        .iter()
        .filter(|r| !r.is_empty())
        .map(|r| (docs[r.start], docs[r.end - 1], r.clone()))
        .collect();
    spans.sort_unstable_by_key(|s| s.0);
    let mut out: Vec<DocId> = Vec::with_capacity(docs.len());
    let mut i = 0;
    while i < spans.len() {
        let (low, mut high) = (spans[i].0, spans[i].1);
        let mut j = i + 1;
        while j < spans.len() && spans[j].0 <= high {
            high = high.max(spans[j].1);
            j += 1;
        }
        let group = &spans[i..j];
        i = j;
        if let [(_, _, only)] = group {
            out.extend_from_slice(&docs[only.clone()]);
            continue;
        }
        let count: usize = group.iter().map(|s| s.2.len()).sum();
        let words = (high - low) as usize / 64 + 1;
        if words > WORDS_PER_DOC * count {
            let mut part: Vec<DocId> = group
                .iter()
                .flat_map(|s| docs[s.2.clone()].iter().copied())
                .collect();
            // A stable sort merges the lists as the sorted runs they are.
            part.sort();
            part.dedup();
            out.extend(part);
            continue;
        }
        let mut bits = vec![0u64; words];
        for (_, _, list) in group {
            for &doc in &docs[list.clone()] {
                let at = (doc - low) as usize;
                bits[at / 64] |= 1 << (at % 64);
            }
        }
        for (w, &word) in bits.iter().enumerate() {
            let mut word = word;
            let base = low + (w as DocId) * 64;
            while word != 0 {
                out.push(base + word.trailing_zeros());
                word &= word - 1;
            }
        }
    }
    out
}

/// A docset over a sorted list of distinct doc ids.
pub(super) struct SortedDocs {
    docs: Vec<DocId>,
    cursor: usize,
}

impl SortedDocs {
    pub(super) fn new(docs: Vec<DocId>) -> SortedDocs {
        SortedDocs { docs, cursor: 0 }
    }
}

impl DocSet for SortedDocs {
    fn advance(&mut self) -> DocId {
        if self.cursor < self.docs.len() {
            self.cursor += 1;
        }
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc() < target {
            let rest = &self.docs[self.cursor..];
            self.cursor += rest.partition_point(|&d| d < target);
        }
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.cursor).copied().unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        (self.docs.len() - self.cursor) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `lists` laid end to end, with where each lies.
    fn laid_out(lists: &[Vec<DocId>]) -> (Vec<DocId>, Vec<Range<usize>>) {
        let mut docs = Vec::new();
        let mut at = Vec::new();
        for list in lists {
            let start = docs.len();
            docs.extend_from_slice(list);
            at.push(start..docs.len());
        }
        (docs, at)
    }

    proptest::proptest! {
        #[test]
        fn union_of_sorted_is_the_sorted_union(
            lists in proptest::collection::vec(
                (proptest::collection::btree_set(0u32..3_000, 0..200), 0u32..4_000_000_000),
                0..12,
            ),
        ) {
            // Each list sorted and distinct, some near each other, some
            // far apart.
            let lists: Vec<Vec<DocId>> = lists
                .into_iter()
                .map(|(set, offset)| set.into_iter().map(|d| d + offset % 3 * 1_000_000).collect())
                .collect();
            let (docs, at) = laid_out(&lists);
            let mut expected = docs.clone();
            expected.sort_unstable();
            expected.dedup();
            proptest::prop_assert_eq!(union_of_sorted(&docs, &at), expected);
        }
    }

    #[test]
    fn union_of_sorted_takes_each_way() {
        let (docs, at) = laid_out(&[
            // Overlapping and narrow: the bitset, across word boundaries.
            vec![0, 63, 64, 1_000],
            vec![64, 130],
            // Alone: as it is.
            vec![50_000, 50_001],
            // Overlapping and wide: sorted.
            vec![4_000_000, 9_000_000],
            vec![7_000_000],
            vec![],
        ]);
        assert_eq!(
            union_of_sorted(&docs, &at),
            vec![0, 63, 64, 130, 1_000, 50_000, 50_001, 4_000_000, 7_000_000, 9_000_000]
        );
        assert_eq!(union_of_sorted(&[], &[]), Vec::<DocId>::new());
    }

    #[test]
    fn sorted_docs_advance_and_seek_like_a_posting_list() {
        let mut docs = SortedDocs::new(vec![2, 5, 9, 40]);
        assert_eq!(docs.doc(), 2);
        assert_eq!(docs.seek(2), 2);
        assert_eq!(docs.seek(6), 9);
        assert_eq!(docs.advance(), 40);
        assert_eq!(docs.seek(41), TERMINATED);
        assert_eq!(docs.advance(), TERMINATED);
        assert_eq!(docs.size_hint(), 0);
        let mut empty = SortedDocs::new(Vec::new());
        assert_eq!(empty.doc(), TERMINATED);
        assert_eq!(empty.seek(3), TERMINATED);
    }
}

//! Every term of one u64 field of a segment with its doc ids, read once
//! into one array: the `category_cell` terms a query for categories
//! within a radius unites.
//!
//! Such a query names each category in each cell its radius's box covers
//! (about fifty terms for 25 km), and looking each up in tantivy's term
//! dictionary, then opening and decoding its short posting list, was a
//! fifth of a filtered radius query at a million resources. Here a term's
//! doc ids are a slice, found by one hash lookup. A segment never changes,
//! so the lists are read with its [`super::doc_table::DocTable`], once:
//! about 4 bytes for each category of each document.

use std::ops::Range;

use rustc_hash::FxHashMap;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, SegmentReader};

use super::IndexError;

/// The doc ids of every term of a field, by term.
#[derive(Default)]
pub struct TermLists {
    /// Term → where its doc ids lie in `docs`.
    at: FxHashMap<u64, (u32, u32)>,
    /// Every term's doc ids, increasing within a term, end to end.
    docs: Vec<DocId>,
}

impl TermLists {
    /// Reads every term of `field` (an indexed u64 field) of `segment` and
    /// its postings, deleted documents included, as tantivy's own postings
    /// are.
    pub fn read(segment: &SegmentReader, field: Field) -> Result<TermLists, IndexError> {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().stream()?;
        let mut lists = TermLists::default();
        while stream.advance() {
            let bytes: [u8; 8] = stream.key().try_into().map_err(|_| {
                IndexError::Incompatible("a u64 term that is not 8 bytes long".into())
            })?;
            let start = lists.docs.len();
            let mut block = inverted
                .read_block_postings_from_terminfo(stream.value(), IndexRecordOption::Basic)?;
            while !block.docs().is_empty() {
                lists.docs.extend_from_slice(block.docs());
                block.advance();
            }
            let (start, end) = (offset(start)?, offset(lists.docs.len())?);
            lists.at.insert(u64::from_be_bytes(bytes), (start, end));
        }
        lists.docs.shrink_to_fit();
        Ok(lists)
    }

    /// Where `term`'s doc ids lie in [`TermLists::docs`]; `None` when no
    /// document of the segment holds it.
    #[inline]
    pub fn range(&self, term: u64) -> Option<Range<usize>> {
        self.at
            .get(&term)
            .map(|&(start, end)| start as usize..end as usize)
    }

    /// Every term that has a list.
    #[cfg(test)]
    pub fn terms(&self) -> impl Iterator<Item = u64> + '_ {
        self.at.keys().copied()
    }

    /// Every term's doc ids, end to end.
    pub fn docs(&self) -> &[DocId] {
        &self.docs
    }
}

/// `n` as an offset into the lists.
fn offset(n: usize) -> Result<u32, IndexError> {
    u32::try_from(n).map_err(|_| IndexError::Incompatible("term lists beyond 2³² doc ids".into()))
}

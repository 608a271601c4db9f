//! A word's typo terms in one field: the terms of a segment's dictionary
//! its [`TypoAutomaton`] accepts, and their postings, for
//! [`super::any_field`] to walk list by list beside the word's own.
//!
//! (tantivy's `AutomatonWeight` scorer marks every such term's postings
//! in a bitset as large as the segment before the query walks anything:
//! at a million documents, an eighth of a megabyte to clear and fill per
//! field and variant, the word's own postings included, even when the
//! query then visits only the documents of a radius.)

use std::sync::Arc;

use tantivy::postings::{SegmentPostings, TermInfo};
use tantivy::query::AutomatonWeight;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::SegmentReader;

use super::typo::TypoAutomaton;

/// The postings of each term of a segment's `field` that `automaton`
/// accepts, but for `except` (the word itself, when its own postings are
/// walked apart).
pub(super) fn typo_postings(
    reader: &SegmentReader,
    field: Field,
    automaton: &Arc<TypoAutomaton>,
    except: Option<&TermInfo>,
) -> tantivy::Result<Vec<SegmentPostings>> {
    let inverted = reader.inverted_index(field)?;
    let terms = AutomatonWeight::<TypoAutomaton>::new(field, Arc::clone(automaton))
        .get_match_term_infos(reader)?;
    Ok(terms
        .iter()
        .filter(|&info| Some(info) != except)
        .map(|info| inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic))
        .collect::<std::io::Result<Vec<_>>>()?)
}

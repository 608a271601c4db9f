//! The index-level query (already resolved: words analyzed, categories as
//! ordinals, place as a point) and its translation into tantivy queries.

use std::ops::Bound;

use std::sync::Arc;

use rustc_hash::FxHashSet;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::any_field::{AnyFieldQuery, WordPart};
use super::category_text::{CategoryPart, CategoryTexts};
use super::doc_runs::DocRunsQuery;
use super::doc_table::SegmentTables;
use super::schema::{
    category_cell, cell_of, language_number, Fields, CATEGORIES_TEXT_FIELD, REMOTE_CELL,
    TEXT_FIELDS,
};
use super::term_union::TermUnionQuery;
use super::typo::TypoAutomaton;
use crate::geo::Coordinate;
use crate::model::{PublicationStatus, Resource, RuleFacts};

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    /// Text relevance blended with distance and freshness.
    Relevance,
    /// Nearest first (resources without a point last), then freshest.
    Distance,
    /// Most recently verified first.
    Freshness,
}

/// A query against the index.
#[derive(Debug, Clone)]
pub struct IndexQuery {
    /// Analyzed query words: each word is a list of variants, any of which may
    /// match; every word must match in some text field.
    pub words: Vec<Vec<String>>,
    /// Category ordinals, any of; empty means any category.
    pub categories: Vec<u64>,
    /// Language codes, any of; empty means any language.
    pub languages: Vec<String>,
    /// Resources offered only in these languages are left out.
    pub exclude_languages: Vec<String>,
    /// Only free resources.
    pub free_only: bool,
    /// Only resources whose age range includes this age.
    pub age: Option<u8>,
    /// Include online and national resources whatever their distance.
    pub include_remote: bool,
    /// Only this publication status; `None` means any.
    pub status: Option<PublicationStatus>,
    /// The point distances are measured from.
    pub point: Option<Coordinate>,
    /// Only resources within this many km of `point`.
    pub radius_km: Option<f64>,
    /// How to order hits.
    pub order: SortOrder,
    /// How many of the best hits to return.
    pub limit: usize,
    /// Leave out this many of the best hits: a caller paging through them
    /// has read those already (they still count in `total`).
    pub skip: usize,
    /// Give each hit its record, read from its stored document; without it
    /// [`IndexHit::record`] is `None` (see
    /// [`crate::index::SearchIndex::record_of`]).
    pub records: bool,
    /// Give each hit its [`RuleFacts`] and organisation key.
    pub facts: bool,
    /// Count the matches per category and language
    /// ([`IndexResults::category_counts`], [`IndexResults::language_counts`]);
    /// without it both are empty.
    pub facets: bool,
    /// "Now" in Unix seconds, for freshness.
    pub now: i64,
}

/// One hit.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexHit {
    /// The resource as it was indexed, when the query asked for records.
    pub record: Option<Resource>,
    /// Store key.
    pub key: u64,
    /// Blended score (text relevance × distance × freshness).
    pub score: f64,
    /// Distance from the query point, when both have a point.
    pub distance_km: Option<f64>,
    /// What the hard rules of matching read, when the query asked for it
    /// ([`IndexQuery::facts`]). Never [complete](RuleFacts::complete) for a
    /// resource limited to residents.
    pub facts: Option<RuleFacts>,
    /// [`crate::text::organization_key`] of the organisation, when the
    /// query asked for facts; otherwise 0.
    pub organization: u64,
}

/// What a query found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexResults {
    /// Number of matching resources.
    pub total: usize,
    /// The best `limit` hits, in order.
    pub hits: Vec<IndexHit>,
    /// Matching resources per category ordinal.
    pub category_counts: Vec<(u64, usize)>,
    /// Matching resources per language code.
    pub language_counts: Vec<(String, usize)>,
}

/// When a query has neither words nor categories, and the R-tree finds at
/// most this many keys within the radius, the keys become a term-set filter
/// so tantivy visits only them. Otherwise the text or category postings are
/// the more selective walk, and the collector tests each of their documents
/// against the radius (building a large key set costs more than it saves).
pub const SPATIAL_TERM_SET_LIMIT: usize = 1024;

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

fn any_of(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

/// Most `category_cell` or `cell` terms a query may ask for; a wider
/// radius walks the categories' postings (or every document) instead.
const MAX_CATEGORY_CELLS: usize = 4096;

/// The cells a query's radius covers: every cell its box touches, and,
/// when remote resources count, [`REMOTE_CELL`]. Every document the
/// collector could keep lies in one of them (it tests the box and the
/// radius itself). `None` without a point and radius, or for more than
/// `max` cells.
fn covered_cells(q: &IndexQuery, max: usize) -> Option<Vec<u64>> {
    let b = q.point?.bounding_box(q.radius_km?);
    let (low, high) = (cell_of(b.min[0], b.min[1]), cell_of(b.max[0], b.max[1]));
    let rows = (low >> 12)..=(high >> 12);
    let columns = (low & 0xfff)..=(high & 0xfff);
    if rows.clone().count() * columns.clone().count() + 1 > max {
        return None;
    }
    let mut cells: Vec<u64> = rows
        .flat_map(|row| columns.clone().map(move |column| row << 12 | column))
        .collect();
    if q.include_remote {
        cells.push(REMOTE_CELL);
    }
    Some(cells)
}

/// The `category_cell` terms of a query for categories within a radius:
/// each category in each of its [`covered_cells`].
fn category_cells(q: &IndexQuery) -> Option<Vec<u64>> {
    let cells = covered_cells(q, MAX_CATEGORY_CELLS / q.categories.len().max(1))?;
    Some(
        q.categories
            .iter()
            .flat_map(|&ordinal| cells.iter().map(move |&c| category_cell(ordinal, c)))
            .collect(),
    )
}

/// Whether the query's filters (status, free, age, languages) are checked
/// by the collector, document by document, rather than intersected as
/// postings: so when the query walks something more selective (its words,
/// its categories, its radius's runs, cells or keys). A language or "free" holds
/// for a tenth to a half of every document, and an age range for nearly
/// all; reading those postings costs more than checking a fast field for
/// each document of the walk. Without such a walk the filters' postings
/// are the walk.
pub fn filters_in_collector(q: &IndexQuery, spatial_walk: bool) -> bool {
    !q.words.is_empty()
        || !q.categories.is_empty()
        || spatial_walk
        || covered_cells(q, MAX_CATEGORY_CELLS).is_some()
}

/// Builds the tantivy query: text words AND filters. Spatial candidates,
/// when given and few, restrict the keys; runs of doc ids, when given, the
/// documents. The filters are left to the collector when
/// [`filters_in_collector`] says so.
pub fn build(
    q: &IndexQuery,
    fields: &Fields,
    category_texts: &Arc<CategoryTexts>,
    tables: SegmentTables,
    spatial_keys: Option<&FxHashSet<u64>>,
    runs: Option<DocRunsQuery>,
) -> Box<dyn Query> {
    let mut must: Vec<Box<dyn Query>> = Vec::new();
    for variants in &q.words {
        let automata: Vec<Option<Arc<TypoAutomaton>>> = variants
            .iter()
            .map(|v| TypoAutomaton::new(fields.text[0], v).map(Arc::new))
            .collect();
        let mut parts = Vec::new();
        for (field, (name, boost)) in fields.text.iter().zip(TEXT_FIELDS) {
            for (v, automaton) in variants.iter().zip(&automata) {
                // No document holds the category texts: the part walks
                // the categories holding the variant.
                let categories = (name == CATEGORIES_TEXT_FIELD).then(|| CategoryPart {
                    field: fields.category,
                    word: category_texts.word(v, automaton.as_deref()),
                });
                parts.push(WordPart {
                    term: Term::from_field_text(*field, v),
                    boost,
                    typos: automaton.clone(),
                    categories,
                });
            }
        }
        let word = AnyFieldQuery::new(parts).with_tables(Arc::clone(&tables));
        // Within runs of doc ids, a word's parts are merged as the walk
        // seeks from run to run.
        must.push(Box::new(if runs.is_some() { word.seeking() } else { word }));
    }
    if !q.categories.is_empty() {
        must.push(match category_cells(q) {
            Some(cells) => Box::new(TermUnionQuery::category_cells(
                fields.category_cell,
                cells,
                tables,
            )),
            None => Box::new(TermUnionQuery::new(
                fields.category,
                q.categories.iter().copied(),
            )),
        });
    }
    let spatial_walk = spatial_keys.is_some() || runs.is_some();
    if let Some(runs) = runs {
        must.push(Box::new(runs));
    }
    if !filters_in_collector(q, spatial_walk) {
        if !q.languages.is_empty() {
            must.push(Box::new(TermUnionQuery::new(
                fields.language,
                q.languages.iter().map(|l| language_number(l)),
            )));
        }
        if let Some(status) = q.status {
            must.push(term_query(Term::from_field_u64(
                fields.status,
                status.ordinal(),
            )));
        }
        if q.free_only {
            must.push(term_query(Term::from_field_u64(fields.free, 1)));
        }
        if let Some(age) = q.age {
            let age = u64::from(age);
            must.push(Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Included(Term::from_field_u64(fields.min_age, age)),
            )));
            must.push(Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_u64(fields.max_age, age)),
                Bound::Unbounded,
            )));
        }
    }
    if q.words.is_empty() && q.categories.is_empty() && !spatial_walk {
        // Neither words nor categories to walk, no runs of doc ids, and
        // too many keys within the radius for a key set: the radius's
        // cells are the walk.
        if let Some(cells) = covered_cells(q, MAX_CATEGORY_CELLS) {
            must.push(Box::new(TermUnionQuery::new(fields.cell, cells)));
        }
    }
    if let Some(keys) = spatial_keys {
        let local = Box::new(TermUnionQuery::new(fields.key, keys.iter().copied()));
        if q.include_remote {
            must.push(any_of(vec![
                local,
                term_query(Term::from_field_u64(fields.remote, 1)),
            ]));
        } else {
            must.push(local);
        }
    }
    if must.is_empty() {
        return Box::new(AllQuery);
    }
    // Filters must not add to the text score: only the text words score.
    let text_count = q.words.len();
    let clauses = must
        .into_iter()
        .enumerate()
        .map(|(i, query)| {
            let query: Box<dyn Query> = if i < text_count {
                query
            } else {
                Box::new(BoostQuery::new(query, 0.0))
            };
            (Occur::Must, query)
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

//! Running a [`SearchQuery`]: validate and resolve, then search the index,
//! which gives the hits with their records.

use serde::Serialize;

use super::{highlight, Highlight, SearchError, SearchQuery, MAX_PER_PAGE};
use crate::gazetteer::{Gazetteer, Place};
use crate::index::{IndexQuery, SearchIndex, SortOrder};
use crate::model::validate::is_language_code;
use crate::model::{FieldError, Location, Resource};
use crate::taxonomy::Taxonomy;
use crate::text::{query_words, FuzzyTerm};

/// What a search needs to read.
#[derive(Clone, Copy)]
pub struct SearchContext<'a> {
    /// The derived index, which holds the records that hits show.
    pub index: &'a SearchIndex,
    /// Categories.
    pub taxonomy: &'a Taxonomy,
    /// Places.
    pub gazetteer: &'a Gazetteer,
}

/// One hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The resource, as stored.
    pub resource: Resource,
    /// Blended score: text relevance × distance × freshness.
    pub score: f64,
    /// Distance from the query point, when both have a point.
    pub distance_km: Option<f64>,
    /// The matched fields, matches marked.
    pub highlights: Vec<Highlight>,
}

/// A facet value with its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facet {
    /// Category code or language code.
    pub value: String,
    /// Matching resources.
    pub count: usize,
}

/// A page of results.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Matching resources in all.
    pub total: usize,
    /// Page number, 1-based.
    pub page: usize,
    /// Hits per page.
    pub per_page: usize,
    /// The place the search was centred on, when a place name was given.
    pub place: Option<Place>,
    /// This page's hits, best first.
    pub hits: Vec<Hit>,
    /// Matching resources per category.
    pub category_facets: Vec<Facet>,
    /// Matching resources per language.
    pub language_facets: Vec<Facet>,
}

/// Runs `query` at time `now` (Unix seconds).
pub fn run(
    ctx: SearchContext<'_>,
    query: &SearchQuery,
    now: i64,
) -> Result<SearchResults, SearchError> {
    let mut errors = Vec::new();
    let mut place = None;
    let point = match (&query.point, &query.place) {
        (Some(p), _) => Some(*p),
        (None, Some(name)) => match ctx.gazetteer.resolve(name) {
            Some(p) => {
                place = Some(p.clone());
                Some(p.coordinate)
            }
            None => {
                errors.push(FieldError::new(
                    "place",
                    format!(
                        "unknown place '{}'",
                        name.chars().take(60).collect::<String>()
                    ),
                ));
                None
            }
        },
        (None, None) => None,
    };
    if let Some(r) = query.radius_km {
        if !(r.is_finite() && r > 0.0 && r <= 1000.0) {
            errors.push(FieldError::new(
                "radius_km",
                "must be more than 0 and at most 1000",
            ));
        }
        if query.point.is_none() && query.place.is_none() {
            errors.push(FieldError::new(
                "radius_km",
                "needs a point or a place to measure from",
            ));
        }
    }
    let mut categories = Vec::new();
    for (i, selector) in query.categories.iter().enumerate() {
        match ctx.taxonomy.expand(selector) {
            Some(codes) => categories.extend(codes.iter().filter_map(|c| ctx.taxonomy.ordinal(c))),
            None => errors.push(FieldError::new(
                format!("category[{i}]"),
                format!(
                    "unknown category or indicator '{}'",
                    selector.chars().take(60).collect::<String>()
                ),
            )),
        }
    }
    categories.sort_unstable();
    categories.dedup();
    for (name, list) in [
        ("language", &query.languages),
        ("exclude_language", &query.exclude_languages),
    ] {
        for (i, code) in list.iter().enumerate() {
            if !is_language_code(code) {
                errors.push(FieldError::new(
                    format!("{name}[{i}]"),
                    "must be a two-letter lowercase ISO 639-1 code",
                ));
            }
        }
    }
    if query.age.is_some_and(|a| a > 120) {
        errors.push(FieldError::new("age", "must be at most 120"));
    }
    if query.page == 0 || query.page > 10_000 {
        errors.push(FieldError::new("page", "must be from 1 to 10000"));
    }
    if query.per_page == 0 || query.per_page > MAX_PER_PAGE {
        errors.push(FieldError::new(
            "per_page",
            format!("must be from 1 to {MAX_PER_PAGE}"),
        ));
    }
    let text = query.text.as_deref().unwrap_or("");
    if text.len() > 1000 {
        errors.push(FieldError::new("q", "must be at most 1000 bytes"));
    }
    if !errors.is_empty() {
        return Err(SearchError::Invalid(errors));
    }

    let mut words = query_words(text);
    // Bound the work one query can cause.
    words.truncate(16);
    let order = match (words.is_empty(), point.is_some()) {
        (false, _) => SortOrder::Relevance,
        (true, true) => SortOrder::Distance,
        (true, false) => SortOrder::Freshness,
    };
    let offset = (query.page - 1) * query.per_page;
    let index_query = IndexQuery {
        words: words.clone(),
        categories,
        languages: query.languages.clone(),
        exclude_languages: query.exclude_languages.clone(),
        free_only: query.free_only,
        age: query.age,
        include_remote: query.include_online,
        status: query.status,
        point,
        radius_km: query.radius_km,
        order,
        limit: offset + query.per_page,
        skip: offset,
        records: true,
        facts: false,
        facets: true,
        now,
    };
    let found = ctx.index.search(&index_query)?;
    let mut hits = Vec::new();
    let terms = highlight::terms(&words);
    for h in found.hits {
        // Shown as the index holds it: the version its filters matched.
        let Some(resource) = h.record else {
            continue;
        };
        let highlights = highlights(&resource, &terms);
        hits.push(Hit {
            resource,
            score: h.score,
            distance_km: h.distance_km,
            highlights,
        });
    }
    let category_facets = found
        .category_counts
        .into_iter()
        .filter_map(|(ord, count)| {
            Some(Facet {
                value: ctx.taxonomy.by_ordinal(ord)?.code.clone(),
                count,
            })
        })
        .collect();
    let language_facets = found
        .language_counts
        .into_iter()
        .map(|(value, count)| Facet { value, count })
        .collect();
    Ok(SearchResults {
        total: found.total,
        page: query.page,
        per_page: query.per_page,
        place,
        hits,
        category_facets,
        language_facets,
    })
}

fn highlights(resource: &Resource, terms: &[FuzzyTerm<'_>]) -> Vec<Highlight> {
    if terms.is_empty() {
        return Vec::new();
    }
    let mut fields: Vec<(String, &str)> = vec![("name".into(), resource.name.as_str())];
    fields.extend(
        resource
            .description
            .iter()
            .map(|(l, t)| (format!("description.{}", l.code()), t)),
    );
    fields.push(("organization".into(), resource.organization.name.as_str()));
    if let Location::Place {
        address,
        municipality,
        ..
    } = &resource.location
    {
        if let Some(a) = address {
            fields.push(("location.address".into(), a.as_str()));
        }
        fields.push(("location.municipality".into(), municipality.as_str()));
    }
    fields
        .iter()
        .filter_map(|(f, t)| highlight::highlight(f, t, terms))
        .collect()
}

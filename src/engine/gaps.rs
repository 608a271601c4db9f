//! `Engine::gaps`: a gap report computed through the engine's own search, so
//! that "matching" means exactly what a search means (published, category or
//! indicator, language, free, age).

use super::{Engine, EngineError};
use crate::gaps::{
    municipalities, Coverage, GapQuery, GapReport, GapRow, Municipality, NearestResource,
};
use crate::geo::Coordinate;
use crate::search::SearchQuery;

/// Gap reports kept for reuse.
const CACHED_REPORTS: usize = 16;

/// Recent reports: (query as JSON, store generation, report), newest last. A
/// report costs about 350 searches, and researchers and the page ask the same
/// questions again; any write moves the generation on, so a cached report is
/// never stale.
#[derive(Default)]
pub(crate) struct GapCache(std::sync::Mutex<Vec<CachedReport>>);

type CachedReport = (String, u64, GapReport);

/// At most this many threads share the municipalities: the searches are
/// independent reads, but the machine serves other requests too.
const MAX_THREADS: usize = 4;

impl Engine {
    /// For every municipality of the gazetteer: the matching physical
    /// services within `reach_km` of its centre and the nearest one; plus the
    /// matching online and national services, counted once.
    ///
    /// One radius search per municipality (the R-tree bounds it; its first
    /// hit is the nearest), and a second, unbounded one only where nothing
    /// is within reach: about 350 searches of one hit each, spread over a
    /// few threads.
    pub fn gaps(&self, query: &GapQuery) -> Result<GapReport, EngineError> {
        query
            .validate(self.taxonomy)
            .map_err(EngineError::Invalid)?;
        let key = serde_json::to_string(query).unwrap_or_default();
        let generation = self.store.generation()?;
        let lock = || self.gap_cache.0.lock().unwrap_or_else(|e| e.into_inner());
        let hit = lock()
            .iter()
            .find(|(k, g, _)| *k == key && *g == generation)
            .map(|(_, _, r)| r.clone());
        if let Some(report) = hit {
            return Ok(report);
        }
        let report = self.compute_gaps(query)?;
        let mut entries = lock();
        entries.retain(|(k, _, _)| *k != key);
        if entries.len() >= CACHED_REPORTS {
            entries.remove(0);
        }
        entries.push((key, generation, report.clone()));
        Ok(report)
    }

    fn compute_gaps(&self, query: &GapQuery) -> Result<GapReport, EngineError> {
        let base = SearchQuery {
            categories: vec![query.category.clone()],
            languages: query.language.iter().cloned().collect(),
            free_only: query.free_only,
            age: query.age,
            include_online: false,
            per_page: 1,
            ..SearchQuery::default()
        };
        let all = municipalities(self.gazetteer);
        let threads = crate::cores().clamp(1, MAX_THREADS);
        let chunk = all.len().div_ceil(threads).max(1);
        let parts: Vec<Result<Vec<GapRow>, EngineError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = all
                .chunks(chunk)
                .map(|part| {
                    let base = &base;
                    scope.spawn(move || {
                        part.iter()
                            .map(|m| self.gap_row(m, base, query.reach_km))
                            .collect()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        let mut rows = Vec::with_capacity(all.len());
        for part in parts {
            rows.extend(part?);
        }
        let online_or_national = self.count_online_or_national(&base)?;
        Ok(GapReport::new(query.clone(), rows, online_or_national))
    }

    /// One municipality's row.
    fn gap_row(
        &self,
        municipality: &Municipality,
        base: &SearchQuery,
        reach_km: f64,
    ) -> Result<GapRow, EngineError> {
        let around = SearchQuery {
            point: Some(municipality.centre),
            ..base.clone()
        };
        let near = self.search(&SearchQuery {
            radius_km: Some(reach_km),
            ..around.clone()
        })?;
        let nearest_hit = if near.total > 0 {
            near.hits.into_iter().next()
        } else {
            self.search(&around)?.hits.into_iter().next()
        };
        let nearest = nearest_hit.and_then(|h| {
            Some(NearestResource {
                distance_km: h.distance_km?,
                id: h.resource.id.0,
                name: h.resource.name,
            })
        });
        Ok(GapRow {
            municipality: municipality.clone(),
            within_reach: near.total,
            nearest,
            coverage: Coverage::of(near.total),
        })
    }

    /// Matching services that reach everyone (online, or national).
    ///
    /// A search with online services included returns those within the
    /// radius plus every online or national one. Centred on the antipode of
    /// the Netherlands (in the Pacific) with a radius of one metre, nothing
    /// is within the radius, so the total counts exactly the services that
    /// reach everyone, in one pass and without reading them.
    fn count_online_or_national(&self, base: &SearchQuery) -> Result<usize, EngineError> {
        // A constant in range: this cannot fail, but no panic either way.
        let antipode = Coordinate::new(-52.2, -174.7).map_err(|e| {
            EngineError::Invalid(vec![crate::model::FieldError::new("point", e.to_string())])
        })?;
        let results = self.search(&SearchQuery {
            point: Some(antipode),
            radius_km: Some(0.001),
            include_online: true,
            ..base.clone()
        })?;
        Ok(results.total)
    }
}

//! GeoJSON: a FeatureCollection with one Point feature per resource that has
//! a place, for QGIS and uMap. Coordinates are `[lon, lat]` (RFC 7946).
//! Properties are flat strings, numbers and booleans, so that they show as
//! attribute-table columns; lists are joined with `; `.
//!
//! Online resources have no point and are left out (a `null` geometry is
//! legal GeoJSON, but QGIS and uMap then drop or misplace the feature); the
//! summary counts them.

use std::io::Write;

use serde_json::{json, Map, Value};

use super::{ExportError, PROGRESS_EVERY};
use crate::model::{Location, Resource};
use crate::spreadsheet::{cells, Column, COLUMNS};

/// What a GeoJSON export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GeoJsonSummary {
    /// Features written.
    pub features: u64,
    /// Online resources left out.
    pub skipped_online: u64,
}

/// The feature of `r`, or `None` for an online resource. Its properties
/// are the template's columns (English names), with numbers as numbers
/// and yes/no as booleans; empty cells are left out.
pub fn feature(r: &Resource) -> Option<Value> {
    let Location::Place { lat, lon, .. } = &r.location else {
        return None;
    };
    let mut props = Map::new();
    for (column, value) in COLUMNS.iter().zip(cells(r)) {
        let key = column.english().to_string();
        match column {
            Column::Lat | Column::Lon | Column::Place | Column::Online => {}
            Column::Approximate | Column::Interpreter | Column::BsnRequired | Column::Synthetic => {
                props.insert(key, Value::Bool(!value.is_empty()));
            }
            Column::MinAge | Column::MaxAge if !value.is_empty() => {
                props.insert(key, json!(value.parse::<u64>().ok()));
            }
            _ if value.is_empty() => {}
            _ => {
                props.insert(key, Value::String(value));
            }
        }
    }
    props.insert("free".to_string(), Value::Bool(r.is_free()));
    Some(json!({
        "type": "Feature",
        "id": r.id.as_str(),
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": props,
    }))
}

/// Writes a FeatureCollection, one feature at a time; `progress` is told
/// the resources read every [`PROGRESS_EVERY`] records and at the end.
pub fn write_geojson(
    resources: impl IntoIterator<Item = Resource>,
    out: &mut impl Write,
    progress: &mut dyn FnMut(u64),
) -> Result<GeoJsonSummary, ExportError> {
    let mut summary = GeoJsonSummary::default();
    out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")?;
    let mut read = 0u64;
    for r in resources {
        read += 1;
        if read.is_multiple_of(PROGRESS_EVERY) {
            progress(read);
        }
        let Some(f) = feature(&r) else {
            summary.skipped_online += 1;
            continue;
        };
        if summary.features > 0 {
            out.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut *out, &f).map_err(|source| ExportError::Json {
            id: r.id.to_string(),
            source,
        })?;
        summary.features += 1;
    }
    out.write_all(b"\n]}\n")?;
    out.flush()?;
    progress(read);
    Ok(summary)
}

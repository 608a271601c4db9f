//! JSON Lines: one resource a line, exactly the `Resource` JSON; the native
//! backup format, which `wegwijs import` reads back unchanged.

use std::io::Write;

use super::{ExportError, PROGRESS_EVERY};
use crate::model::Resource;

/// Writes each resource as one line of JSON. Returns how many were written;
/// `progress` is told the count every [`PROGRESS_EVERY`] records and at the end.
pub fn write_jsonl(
    resources: impl IntoIterator<Item = Resource>,
    out: &mut impl Write,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, ExportError> {
    let mut n = 0u64;
    for r in resources {
        serde_json::to_writer(&mut *out, &r).map_err(|source| ExportError::Json {
            id: r.id.to_string(),
            source,
        })?;
        out.write_all(b"\n")?;
        n += 1;
        if n.is_multiple_of(PROGRESS_EVERY) {
            progress(n);
        }
    }
    out.flush()?;
    progress(n);
    Ok(n)
}

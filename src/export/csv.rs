//! CSV in the spreadsheet template's columns, written as Dutch Excel writes
//! it (UTF-8 with a byte-order mark, `;` between cells, decimal commas,
//! CRLF line ends), so that it opens in a spreadsheet and reads back in.
//!
//! Formula injection: a text cell starting with `=`, `+`, `-`, `@`, tab or
//! carriage return gets a leading `'`, which spreadsheets show as text and
//! the importer removes again. Number cells (coordinates, ages) are written
//! as numbers and need no escape.

use std::io::Write;

use super::{ExportError, PROGRESS_EVERY};
use crate::model::Resource;
use crate::spreadsheet::{cells, header_row, Column, COLUMNS, FORMULA_STARTS};

/// The delimiter of the CSV export.
pub const CSV_DELIMITER: u8 = b';';

/// `cell` made safe to open in a spreadsheet: a `'` before a formula character.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn is_number(c: Column) -> bool {
    matches!(
        c,
        Column::Lat | Column::Lon | Column::MinAge | Column::MaxAge
    )
}

/// Writes the header row and one row per resource. Returns how many
/// resources were written; `progress` is told the count every
/// [`PROGRESS_EVERY`] records and at the end.
pub fn write_csv(
    resources: impl IntoIterator<Item = Resource>,
    out: &mut impl Write,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, ExportError> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(CSV_DELIMITER)
        .terminator(::csv::Terminator::CRLF)
        .from_writer(&mut *out);
    let csv_error = |id: &str| {
        let id = id.to_string();
        move |source| ExportError::Csv { id, source }
    };
    writer.write_record(header_row()).map_err(csv_error(""))?;
    let mut n = 0u64;
    let mut row: Vec<String> = Vec::with_capacity(COLUMNS.len());
    for r in resources {
        row.clear();
        for (column, value) in COLUMNS.iter().zip(cells(&r)) {
            row.push(if is_number(*column) {
                value.replace('.', ",")
            } else {
                neutralise(&value).into_owned()
            });
        }
        writer
            .write_record(&row)
            .map_err(csv_error(r.id.as_str()))?;
        n += 1;
        if n.is_multiple_of(PROGRESS_EVERY) {
            progress(n);
        }
    }
    writer.flush()?;
    drop(writer);
    out.flush()?;
    progress(n);
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_characters_are_escaped() {
        for bad in ["=1+1", "+31", "-x", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralise("Utrecht"), "Utrecht");
        assert_eq!(neutralise("'s-Hertogenbosch"), "'s-Hertogenbosch");
    }
}

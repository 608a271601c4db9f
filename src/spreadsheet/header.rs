//! The header row: which column each position holds, the header as the
//! person wrote it, and the problems of the header itself.

use std::collections::HashMap;

use super::{Column, ProblemKind, SheetProblem};

/// The columns of one sheet, by position.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// The column at each position; `None` for an unknown or repeated header.
    positions: Vec<Option<Column>>,
    /// Each known column's position and header as written.
    written: HashMap<Column, (usize, String)>,
}

impl Header {
    /// Reads a header row. Unknown and repeated headers are problems, not
    /// errors: their values are ignored. A missing required column is a
    /// problem too; [`Header::is_usable`] then says no row can be read.
    pub fn read(cells: &[String]) -> (Header, Vec<SheetProblem>) {
        let mut header = Header::default();
        let mut problems = Vec::new();
        for (i, raw) in cells.iter().enumerate() {
            let written = raw.trim().to_string();
            let column = Column::from_header(&written);
            match column {
                None if written.is_empty() => header.positions.push(None),
                None => {
                    problems.push(SheetProblem::new(
                        1,
                        written.clone(),
                        ProblemKind::UnknownColumn,
                        format!("unknown column '{}'", super::cell::clip(&written)),
                    ));
                    header.positions.push(None);
                }
                Some(c) if header.written.contains_key(&c) => {
                    problems.push(SheetProblem::new(
                        1,
                        written.clone(),
                        ProblemKind::DuplicateColumn,
                        format!("column '{written}' appears twice"),
                    ));
                    header.positions.push(None);
                }
                Some(c) => {
                    header.written.insert(c, (i, written));
                    header.positions.push(Some(c));
                }
            }
        }
        for c in [Column::Name, Column::Organization, Column::Categories] {
            if !header.has(c) {
                problems.push(header.missing(c));
            }
        }
        let located = [Column::Place, Column::Municipality, Column::Online]
            .iter()
            .any(|&c| header.has(c))
            || (header.has(Column::Lat) && header.has(Column::Lon));
        if !located {
            problems.push(header.missing(Column::Place));
        }
        let described = [
            Column::DescriptionNl,
            Column::DescriptionEn,
            Column::DescriptionUk,
        ]
        .iter()
        .any(|&c| header.has(c));
        if !described {
            problems.push(header.missing(Column::DescriptionNl));
        }
        (header, problems)
    }

    fn missing(&self, c: Column) -> SheetProblem {
        SheetProblem::new(
            1,
            c.dutch(),
            ProblemKind::MissingColumn,
            format!("the column {} ({}) is missing", c.dutch(), c.english()),
        )
    }

    /// Whether every required column is present.
    pub fn is_usable(problems: &[SheetProblem]) -> bool {
        !problems
            .iter()
            .any(|p| p.kind == ProblemKind::MissingColumn)
    }

    /// Whether the sheet has column `c`.
    pub fn has(&self, c: Column) -> bool {
        self.written.contains_key(&c)
    }

    /// The column at position `i`, if known.
    pub fn at(&self, i: usize) -> Option<Column> {
        self.positions.get(i).copied().flatten()
    }

    /// The header of `c` as written, or its Dutch name when the sheet lacks it.
    pub fn name(&self, c: Column) -> String {
        self.written
            .get(&c)
            .map(|(_, w)| w.clone())
            .unwrap_or_else(|| c.dutch().to_string())
    }
}

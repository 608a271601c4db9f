//! Importing a spreadsheet (CSV): rows read one at a time by
//! [`crate::spreadsheet::SheetReader`], validated there with the model's
//! rules, and the valid ones stored through the same audited path as JSON
//! import, a chunk per transaction.

use std::io::Read;

use chrono::Utc;
use serde::Serialize;

use super::{Engine, EngineError};
use crate::spreadsheet::{rejected_rows, SheetProblem, SheetReader};

/// The outcome of a spreadsheet import.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SheetReport {
    /// Data rows read (empty and merged-looking rows not counted).
    pub rows: usize,
    /// Resources stored (0 on a dry run).
    pub imported: usize,
    /// Rows that would be stored, had it not been a dry run.
    pub valid: usize,
    /// Data rows rejected.
    pub rejected_rows: usize,
    /// Every problem, with row, column and hint (header problems are row 1).
    pub problems: Vec<SheetProblem>,
}

impl Engine {
    /// Reads a CSV sheet from `input`, reports every problem, and, unless
    /// `dry_run`, stores the valid rows. `progress` is told the rows stored.
    pub fn import_sheet(
        &self,
        input: impl Read,
        options: super::ImportOptions,
        progress: &dyn Fn(usize),
    ) -> Result<SheetReport, EngineError> {
        let dry_run = options.dry_run;
        let mut report = SheetReport::default();
        let mut earlier = super::file_twins::FileTwins::default();
        // Into an empty store there is nothing to be a twin of; and the
        // index sees no record of this import before it ends. The index
        // counts the store's resources (caught up since the engine
        // opened): sled counts by reading the whole store, 2 of the 3 s a
        // sheet of five rows took against a million.
        let n = self.indexed_len();
        let check_store = n > 0;
        let mut stored = super::import::StoredKeys::of(self, n, options)?;
        let mut bulk = self.bulk_load("cli import", "import");
        for item in SheetReader::new(input, self.taxonomy, self.gazetteer, Utc::now()) {
            match item {
                Ok((row, resource)) => {
                    report.rows += 1;
                    // A row whose id is stored replaces it, unchecked.
                    let replaces = check_store && self.store.get(&resource.id)?.is_some();
                    let keys = crate::duplicates::Keys::of(&resource);
                    if replaces {
                        stored.replaced(&keys, resource.id.as_str(), row);
                    }
                    if !options.allow_duplicates && !replaces {
                        let twins = if check_store && stored.may_twin(&keys) {
                            self.likely_duplicates(&resource)?
                        } else {
                            Vec::new()
                        };
                        if let Some(e) = earlier.twin_of(&keys) {
                            report.problems.push(crate::spreadsheet::SheetProblem::new(
                                row,
                                "",
                                crate::spreadsheet::ProblemKind::LikelyDuplicate,
                                e.message.replace("line", "row"),
                            ));
                            continue;
                        }
                        if !twins.is_empty() {
                            report.problems.extend(twins.iter().map(|(id, reason)| {
                                let column = match reason {
                                    crate::duplicates::Reason::SameNameNearby { .. } => "naam",
                                    crate::duplicates::Reason::SamePhone => "telefoon",
                                    crate::duplicates::Reason::SameWebsite => "website",
                                };
                                crate::spreadsheet::SheetProblem::new(
                                    row,
                                    column,
                                    crate::spreadsheet::ProblemKind::LikelyDuplicate,
                                    format!("likely a duplicate of {id} ({reason})"),
                                )
                            }));
                            continue;
                        }
                    }
                    earlier.add(keys, resource.id.as_str(), row);
                    report.valid += 1;
                    if !dry_run && bulk.push(resource)? {
                        progress(bulk.stored());
                    }
                }
                Err(problems) => {
                    if problems.iter().any(|p| p.row > 1) {
                        report.rows += 1;
                    }
                    report.problems.extend(problems);
                }
            }
        }
        report.imported = bulk.finish()?;
        progress(report.imported);
        report.rejected_rows = rejected_rows(&report.problems);
        Ok(report)
    }
}

//! Reading a whole sheet as a stream of rows: the delimiter detected, the
//! byte-order mark dropped, rows numbered as a spreadsheet shows them, empty
//! and merged-looking rows skipped, and ids checked for repeats.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

use chrono::{DateTime, Utc};

use super::row::{read_row, RowContext};
use super::{Column, Header, ProblemKind, SheetProblem};
use crate::gazetteer::Gazetteer;
use crate::model::Resource;
use crate::taxonomy::Taxonomy;

/// Everything read from a sheet at once (see [`parse_csv`]).
#[derive(Debug, Clone, Default)]
pub struct SheetParse {
    /// The rows that became valid resources, with their spreadsheet row numbers.
    pub rows: Vec<(usize, Resource)>,
    /// Every problem, in row order (header problems are row 1).
    pub problems: Vec<SheetProblem>,
}

impl SheetParse {
    /// The rows rejected (header problems excluded), counted once each.
    pub fn rejected_rows(&self) -> usize {
        rejected_rows(&self.problems)
    }
}

/// How many distinct data rows (row 2 and below) the problems name.
pub fn rejected_rows(problems: &[SheetProblem]) -> usize {
    let mut rows: Vec<usize> = problems.iter().map(|p| p.row).filter(|&r| r > 1).collect();
    rows.sort_unstable();
    rows.dedup();
    rows.len()
}

/// Reads a whole sheet from bytes: UTF-8 with or without BOM, `,`, `;` or
/// tab delimited, any line ends. Problems never stop the reading: every row
/// is read and every problem reported.
pub fn parse_csv(
    bytes: &[u8],
    taxonomy: &Taxonomy,
    gazetteer: &Gazetteer,
    now: DateTime<Utc>,
) -> SheetParse {
    let mut out = SheetParse::default();
    for item in SheetReader::new(bytes, taxonomy, gazetteer, now) {
        match item {
            Ok(row) => out.rows.push(row),
            Err(problems) => out.problems.extend(problems),
        }
    }
    out
}

/// The delimiter of a first line: the most frequent of `;`, `,` and tab
/// outside quotes; `,` when there is none.
pub fn detect_delimiter(first_line: &[u8]) -> u8 {
    let (mut quoted, mut counts) = (false, [0usize; 3]);
    for &b in first_line {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    if counts[1] > counts[0] && counts[1] >= counts[2] {
        b';'
    } else if counts[2] > counts[0] && counts[2] > counts[1] {
        b'\t'
    } else {
        b','
    }
}

/// A sheet read one row at a time, in constant memory (but for the ids seen).
/// Yields each valid row as `Ok((row, resource))` and the problems of each
/// rejected row (or of the header, row 1) as `Err(problems)`.
pub struct SheetReader<'a, R: Read> {
    records: csv::Reader<BufReader<R>>,
    record: csv::ByteRecord,
    context: RowContext<'a>,
    header: Option<Header>,
    /// Line breaks inside cells so far: rows = lines − these.
    breaks_in_cells: usize,
    /// First row of each id.
    seen: HashMap<String, usize>,
    done: bool,
}

impl<'a, R: Read> SheetReader<'a, R> {
    /// A reader over `input`; nothing is read until the first `next()`.
    pub fn new(
        input: R,
        taxonomy: &'a Taxonomy,
        gazetteer: &'a Gazetteer,
        now: DateTime<Utc>,
    ) -> SheetReader<'a, R> {
        let mut buffered = BufReader::with_capacity(64 * 1024, input);
        let mut delimiter = b',';
        if let Ok(head) = buffered.fill_buf() {
            let bom = head.starts_with(b"\xef\xbb\xbf");
            delimiter = detect_delimiter(if bom { &head[3..] } else { head });
            if bom {
                buffered.consume(3);
            }
        }
        let records = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            // Only `\n` ends a row, so that the csv reader's line numbers
            // stay exact with CRLF; the `\r` left at the end of the last
            // cell is trimmed with the other whitespace.
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(buffered);
        SheetReader {
            records,
            record: csv::ByteRecord::new(),
            context: RowContext::new(taxonomy, gazetteer, now),
            header: None,
            breaks_in_cells: 0,
            seen: HashMap::new(),
            done: false,
        }
    }

    /// Reads the next non-empty record: its row number and cells, or a
    /// problem of the row, or `None` at the end.
    fn next_record(&mut self) -> Option<Result<(usize, Vec<String>), SheetProblem>> {
        loop {
            match self.records.read_byte_record(&mut self.record) {
                Ok(false) => return None,
                Ok(true) => {}
                Err(e) => {
                    self.done = true;
                    let row = e
                        .position()
                        .map_or(0, |p| p.line() as usize - self.breaks_in_cells);
                    return Some(Err(SheetProblem::new(
                        row,
                        "",
                        ProblemKind::Malformed,
                        format!("the file cannot be read further: {e}"),
                    )));
                }
            }
            let line = self.record.position().map_or(1, |p| p.line() as usize);
            let row = line.saturating_sub(self.breaks_in_cells).max(1);
            self.breaks_in_cells += self
                .record
                .iter()
                .map(|f| f.iter().filter(|&&b| b == b'\n').count())
                .sum::<usize>();
            // Empty rows, and rows with only a first cell (a section title
            // or what is left of merged cells), are layout, not data.
            let filled = |f: &[u8]| f.iter().any(|b| !b.is_ascii_whitespace());
            if self.header.is_some() && !self.record.iter().skip(1).any(filled) {
                continue;
            }
            if self.header.is_none() && !self.record.iter().any(filled) {
                continue;
            }
            let mut cells = Vec::with_capacity(self.record.len());
            for (i, field) in self.record.iter().enumerate() {
                match std::str::from_utf8(field) {
                    Ok(s) => cells.push(s.to_string()),
                    Err(_) => {
                        let column = match &self.header {
                            Some(h) => h.at(i).map(|c| h.name(c)).unwrap_or_default(),
                            None => String::new(),
                        };
                        return Some(Err(SheetProblem::new(
                            row,
                            column,
                            ProblemKind::Encoding,
                            "the cell is not UTF-8 text",
                        )));
                    }
                }
            }
            return Some(Ok((row, cells)));
        }
    }
}

impl<R: Read> Iterator for SheetReader<'_, R> {
    type Item = Result<(usize, Resource), Vec<SheetProblem>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let (row, cells) = match self.next_record()? {
            Ok(record) => record,
            Err(problem) => {
                // Without a header no row can be read.
                if self.header.is_none() {
                    self.done = true;
                }
                return Some(Err(vec![problem]));
            }
        };
        let Some(header) = &self.header else {
            let (header, problems) = Header::read(&cells);
            if !Header::is_usable(&problems) {
                self.done = true;
            }
            self.header = Some(header);
            return if problems.is_empty() {
                self.next()
            } else {
                Some(Err(problems))
            };
        };
        match read_row(&self.context, header, row, &cells) {
            Ok(resource) => match self.seen.get(resource.id.as_str()) {
                Some(first) => {
                    let column = if header.has(Column::Id) {
                        header.name(Column::Id)
                    } else {
                        header.name(Column::Name)
                    };
                    Some(Err(vec![SheetProblem::new(
                        row,
                        column,
                        ProblemKind::DuplicateId,
                        format!("the id '{}' is also on row {first}", resource.id.as_str()),
                    )]))
                }
                None => {
                    self.seen.insert(resource.id.as_str().to_string(), row);
                    Some(Ok((row, resource)))
                }
            },
            Err(problems) => Some(Err(problems)),
        }
    }
}

//! Typed cells and rows: the common shape of a CSV record and a spreadsheet row, and the compact
//! binary row stream that carries spreadsheet rows from the XLSX module to the core.
//!
//! A CSV field is text whose UTF-8 validity is checked where it is used ([`Cell::Raw`]); a
//! spreadsheet cell arrives typed (numbers, Excel date serials, error values), so a date column
//! that Excel stored as a serial is never re-parsed from text.
//!
//! Row stream format (little-endian): a sequence of rows, each
//! `row: u32 (1-based sheet row)`, `cells: u16`, then per cell a tag byte and its payload:
//! `0` empty; `1` text: `len: u32` + UTF-8 bytes; `2` number: `f64`; `3` date-time: `f64` serial;
//! `4` boolean: `u8`; `5` error: `len: u8` + ASCII (e.g. `#N/A`); `6` formula without a value.
//! A malformed stream is the fatal error `rowstream.malformed`.

use crate::error::{Error, Result};
use crate::ingest::csv::RecordProblem;

/// One cell of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// No value.
    Empty,
    /// Text bytes from a CSV file, not yet checked to be UTF-8.
    Raw(&'a [u8]),
    /// Text.
    Text(&'a str),
    /// A number.
    Number(f64),
    /// An Excel date-time serial in the 1900 system: days since 1899-12-30 (a 1904-system
    /// workbook's serials are converted by adding 1462 before they get here). A serial below 1
    /// is a time of day or a duration.
    DateTime(f64),
    /// A boolean.
    Bool(bool),
    /// An Excel error value as written, e.g. `#N/A` or `#DIV/0!`.
    Error(&'a str),
    /// A formula cell without a cached value (files written by tools other than Excel).
    FormulaWithoutValue,
}

impl Cell<'_> {
    /// Empty, or text that is only white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Raw(b) => b.iter().all(u8::is_ascii_whitespace),
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// A row as the schema layer sees it, whatever file it came from.
pub trait RowView {
    /// 1-based row as a spreadsheet shows it.
    fn row(&self) -> u64;
    /// 1-based physical line where the row starts (equal to `row` for spreadsheets).
    fn line(&self) -> u64;
    /// A tokenising problem, for text files.
    fn problem(&self) -> Option<RecordProblem>;
    /// Number of cells.
    fn len(&self) -> usize;
    /// Cell `i` (`Empty` beyond the end).
    fn cell(&self, i: usize) -> Cell<'_>;
    /// Whether the row has no cells.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Every cell blank.
    fn is_blank(&self) -> bool {
        (0..self.len()).all(|i| self.cell(i).is_blank())
    }
}

impl RowView for crate::ingest::csv::Record<'_> {
    fn row(&self) -> u64 {
        self.row
    }
    fn line(&self) -> u64 {
        self.line
    }
    fn problem(&self) -> Option<RecordProblem> {
        self.problem
    }
    fn len(&self) -> usize {
        crate::ingest::csv::Record::len(self)
    }
    fn cell(&self, i: usize) -> Cell<'_> {
        self.field(i).map_or(Cell::Empty, Cell::Raw)
    }
    fn is_blank(&self) -> bool {
        crate::ingest::csv::Record::is_blank(self)
    }
}

/// A spreadsheet row: its number and typed cells.
#[derive(Debug, Clone, Copy)]
pub struct SheetRow<'a> {
    /// 1-based sheet row.
    pub row: u64,
    /// The cells from column A on.
    pub cells: &'a [Cell<'a>],
}

impl RowView for SheetRow<'_> {
    fn row(&self) -> u64 {
        self.row
    }
    fn line(&self) -> u64 {
        self.row
    }
    fn problem(&self) -> Option<RecordProblem> {
        None
    }
    fn len(&self) -> usize {
        self.cells.len()
    }
    fn cell(&self, i: usize) -> Cell<'_> {
        self.cells.get(i).copied().unwrap_or(Cell::Empty)
    }
}

const TAG_EMPTY: u8 = 0;
const TAG_TEXT: u8 = 1;
const TAG_NUMBER: u8 = 2;
const TAG_DATETIME: u8 = 3;
const TAG_BOOL: u8 = 4;
const TAG_ERROR: u8 = 5;
const TAG_FORMULA_WITHOUT_VALUE: u8 = 6;

/// Writes typed rows into the binary row stream (see the module docs).
#[derive(Debug, Default, Clone)]
pub struct RowStreamWriter {
    buf: Vec<u8>,
}

impl RowStreamWriter {
    /// An empty stream.
    pub fn new() -> Self {
        RowStreamWriter::default()
    }

    /// Appends a row. Rows beyond `u32::MAX` or with more than `u16::MAX` cells are cut to fit
    /// (far beyond Excel's 1,048,576 rows and 16,384 columns).
    pub fn push_row(&mut self, row: u64, cells: &[Cell<'_>]) {
        let row = u32::try_from(row).unwrap_or(u32::MAX);
        let cells = &cells[..cells.len().min(usize::from(u16::MAX))];
        self.buf.extend_from_slice(&row.to_le_bytes());
        self.buf
            .extend_from_slice(&(cells.len() as u16).to_le_bytes());
        for cell in cells {
            match cell {
                Cell::Empty => self.buf.push(TAG_EMPTY),
                Cell::Raw(bytes) => self.text(&String::from_utf8_lossy(bytes)),
                Cell::Text(s) => self.text(s),
                Cell::Number(n) => {
                    self.buf.push(TAG_NUMBER);
                    self.buf.extend_from_slice(&n.to_le_bytes());
                }
                Cell::DateTime(n) => {
                    self.buf.push(TAG_DATETIME);
                    self.buf.extend_from_slice(&n.to_le_bytes());
                }
                Cell::Bool(b) => self.buf.extend_from_slice(&[TAG_BOOL, u8::from(*b)]),
                Cell::Error(e) => {
                    let e = &e.as_bytes()[..e.len().min(255)];
                    self.buf.extend_from_slice(&[TAG_ERROR, e.len() as u8]);
                    self.buf.extend_from_slice(e);
                }
                Cell::FormulaWithoutValue => self.buf.push(TAG_FORMULA_WITHOUT_VALUE),
            }
        }
    }

    fn text(&mut self, s: &str) {
        self.buf.push(TAG_TEXT);
        self.buf
            .extend_from_slice(&u32::try_from(s.len()).unwrap_or(u32::MAX).to_le_bytes());
        self.buf.extend_from_slice(s.as_bytes());
    }

    /// Bytes written so far.
    pub fn len_bytes(&self) -> usize {
        self.buf.len()
    }

    /// The stream.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }
}

/// Reads a row stream, calling `each` for every row. A truncated or invalid stream is the
/// fatal error `rowstream.malformed` (rows before the fault have been delivered).
pub fn read_rows(stream: &[u8], each: &mut dyn FnMut(&SheetRow<'_>)) -> Result<()> {
    let malformed = |at: usize| Error::general("rowstream.malformed").with("offset", at);
    let mut r = Reader { buf: stream, at: 0 };
    let mut cells: Vec<Cell<'_>> = Vec::new();
    while r.at < stream.len() {
        let start = r.at;
        let row = u64::from(u32::from_le_bytes(
            r.array().ok_or_else(|| malformed(start))?,
        ));
        let n = u16::from_le_bytes(r.array().ok_or_else(|| malformed(start))?);
        cells.clear();
        for _ in 0..n {
            let at = r.at;
            let tag = r.byte().ok_or_else(|| malformed(at))?;
            let cell = match tag {
                TAG_EMPTY => Cell::Empty,
                TAG_TEXT => {
                    let len = u32::from_le_bytes(r.array().ok_or_else(|| malformed(at))?) as usize;
                    let bytes = r.take(len).ok_or_else(|| malformed(at))?;
                    Cell::Text(std::str::from_utf8(bytes).map_err(|_| malformed(at))?)
                }
                TAG_NUMBER => {
                    Cell::Number(f64::from_le_bytes(r.array().ok_or_else(|| malformed(at))?))
                }
                TAG_DATETIME => {
                    Cell::DateTime(f64::from_le_bytes(r.array().ok_or_else(|| malformed(at))?))
                }
                TAG_BOOL => Cell::Bool(r.byte().ok_or_else(|| malformed(at))? != 0),
                TAG_ERROR => {
                    let len = usize::from(r.byte().ok_or_else(|| malformed(at))?);
                    let bytes = r.take(len).ok_or_else(|| malformed(at))?;
                    Cell::Error(std::str::from_utf8(bytes).map_err(|_| malformed(at))?)
                }
                TAG_FORMULA_WITHOUT_VALUE => Cell::FormulaWithoutValue,
                _ => return Err(malformed(at)),
            };
            cells.push(cell);
        }
        each(&SheetRow { row, cells: &cells });
    }
    Ok(())
}

struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let bytes = self.buf.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(bytes)
    }
    fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_stream_round_trips_every_cell_type() {
        let cells = [
            Cell::Empty,
            Cell::Text("מזהה"),
            Cell::Number(2.5),
            Cell::DateTime(45292.0),
            Cell::Bool(true),
            Cell::Error("#N/A"),
            Cell::FormulaWithoutValue,
        ];
        let mut w = RowStreamWriter::new();
        w.push_row(1, &cells);
        w.push_row(7, &[]);
        let bytes = w.into_bytes();
        let mut seen = Vec::new();
        read_rows(&bytes, &mut |r| {
            seen.push((
                r.row,
                r.cells.iter().map(|c| format!("{c:?}")).collect::<Vec<_>>(),
            ))
        })
        .unwrap();
        assert_eq!(seen.len(), 2);
        assert_eq!(
            seen[0].1,
            cells.iter().map(|c| format!("{c:?}")).collect::<Vec<_>>()
        );
        assert_eq!(seen[1], (7, vec![]));
        // Every truncation is an error, never a panic or a silently shorter sheet.
        for cut in 1..bytes.len() {
            if cut == bytes.len() - 6 {
                continue; // the cut falls exactly between the two rows
            }
            assert_eq!(
                read_rows(&bytes[..cut], &mut |_| {}).unwrap_err().code,
                "rowstream.malformed",
                "cut {cut}"
            );
        }
    }
}

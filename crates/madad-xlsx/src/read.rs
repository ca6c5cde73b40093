//! Reading one sheet as typed rows, after the pre-scan.
//!
//! XLSX sheets are streamed with calamine's cell reader (`worksheet_cells_reader`), so memory does
//! not grow with the sheet's extent and a cap on cells read bounds the time. XLS and ODS sheets
//! can only be read through calamine's dense range reader, which the pre-scan has bounded
//! ([`WorkbookLimits::max_dense_cells`]).

use std::io::Cursor;

use calamine::{CellErrorType, Data, DataRef, Dimensions, Ods, Reader, Xls, Xlsx};
use madad_core::Error;
use serde::Deserialize;

use crate::Cell;
use crate::formats::Formats;
use crate::info::{SheetKind, SheetSummary, WorkbookFormat, WorkbookInfo, a1};
use crate::limits::WorkbookLimits;

/// Excel's last column is XFD (16,384 columns).
const MAX_COLUMNS: usize = 16_384;
/// Merged regions listed in a [`SheetSummary`] (the count beyond is not itemised).
const MAX_MERGED_LISTED: usize = 1_000;

/// Options for [`read_workbook`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReadOptions {
    /// The sheet to read, by name. Default: the first visible worksheet that is not empty
    /// ([`WorkbookInfo::default_sheet`]).
    pub sheet: Option<String>,
    /// 1-based row of the header. Rows above it are not passed on, so the core takes the first
    /// non-empty row from there on as the header. Default: the first non-empty row.
    pub header_row: Option<u64>,
    /// Resource limits.
    pub limits: WorkbookLimits,
}

/// Receives each row: its 1-based sheet row number and its cells from column A on (trailing
/// empty cells trimmed; an empty slice for an empty row). An `Err` stops the read and is returned.
pub type RowSink<'s> = dyn FnMut(u64, &[Cell<'_>]) -> Result<(), Error> + 's;

/// Pre-scans the workbook, then streams the chosen sheet's rows into `sink` (every format:
/// [`Formats::ALL`]).
///
/// Rows arrive in sheet order with their Excel row numbers. Missing rows between the first and
/// the last used row are passed on as empty rows (so the core's skipped count and row numbers
/// match what Excel shows) unless a run is longer than
/// [`WorkbookLimits::max_empty_row_run`]; rows before the first used row and after the last are
/// not passed on.
pub fn read_workbook(
    bytes: &[u8],
    file: &str,
    options: &ReadOptions,
    sink: &mut RowSink<'_>,
) -> Result<(WorkbookInfo, SheetSummary), Error> {
    Formats::ALL.read_workbook(bytes, file, options, sink)
}

/// Resolves the sheet to read: the named one (which must be a worksheet), or the default.
pub fn choose_sheet<'i>(
    info: &'i WorkbookInfo,
    file: &str,
    options: &ReadOptions,
) -> Result<&'i str, Error> {
    match &options.sheet {
        Some(name) => {
            let s = info
                .sheets
                .iter()
                .find(|s| &s.name == name)
                .ok_or_else(|| Error::in_file("xlsx.sheet_not_found", file).with("sheet", name))?;
            if s.kind != SheetKind::Worksheet {
                return Err(Error::in_file("xlsx.not_a_worksheet", file).with("sheet", name));
            }
            Ok(&s.name)
        }
        None => info
            .default_sheet()
            .map(|s| s.name.as_str())
            .ok_or_else(|| Error::in_file("xlsx.no_sheets", file)),
    }
}

/// Streams a sheet of a workbook that [`prescan`](crate::prescan()) has accepted (`info` is its result), in any
/// format ([`Formats::ALL`]).
pub fn read_sheet(
    bytes: &[u8],
    file: &str,
    info: &WorkbookInfo,
    options: &ReadOptions,
    sink: &mut RowSink<'_>,
) -> Result<SheetSummary, Error> {
    Formats::ALL.read_sheet(bytes, file, info, options, sink)
}

/// Reads the sheet `sheet` of a workbook in `format` into the emitter (one container's reader).
pub(crate) type ReadFn =
    fn(&[u8], &str, WorkbookFormat, &str, &mut Emitter<'_, '_, '_>) -> Result<(), Error>;

/// [`read_sheet`] with the reader of the workbook's container (see [`Formats`]).
pub(crate) fn read_sheet_with(
    read: ReadFn,
    bytes: &[u8],
    file: &str,
    info: &WorkbookInfo,
    options: &ReadOptions,
    sink: &mut RowSink<'_>,
) -> Result<SheetSummary, Error> {
    let sheet = choose_sheet(info, file, options)?.to_owned();
    let mut emitter = Emitter::new(file, &sheet, options, sink);
    emitter.summary.hidden_sheets = info.hidden_sheets().into_iter().map(String::from).collect();
    if let Some(meta) = info.sheets.iter().find(|s| s.name == sheet) {
        let s = &mut emitter.summary;
        s.merged.clone_from(&meta.merged);
        s.merged_count = meta.merged_count;
        s.hidden_rows.clone_from(&meta.hidden_rows);
        s.hidden_rows_count = meta.hidden_rows_count;
        s.hidden_columns.clone_from(&meta.hidden_columns);
    }
    // calamine is not panic-free on corrupt input (its XLS parser indexes records unchecked; the
    // pre-scan rejects the shapes known to panic). A panic that still happens is a corrupt file:
    // caught here natively; in wasm (panic = abort) it traps, and the host drops the worker.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read(bytes, file, info.format, &sheet, &mut emitter)
    }));
    match result {
        Ok(result) => result?,
        Err(_) => {
            return Err(Error::in_file("xlsx.corrupt", file).with("detail", "reader panicked"));
        }
    }
    emitter.finish()
}

/// The ZIP containers' reader: XLSX (streamed) and ODS.
pub(crate) fn read_zip(
    bytes: &[u8],
    file: &str,
    format: WorkbookFormat,
    sheet: &str,
    emitter: &mut Emitter<'_, '_, '_>,
) -> Result<(), Error> {
    match format {
        WorkbookFormat::Xlsx => read_xlsx(bytes, file, sheet, emitter),
        WorkbookFormat::Ods => {
            let mut wb: Ods<_> =
                Ods::new(Cursor::new(bytes)).map_err(|e| calamine_error(file, e))?;
            let range = wb
                .worksheet_range(sheet)
                .map_err(|e| calamine_error(file, e))?;
            let formulas = wb.worksheet_formula(sheet).ok();
            emit_range(&range, formulas.as_ref(), false, emitter)
        }
        WorkbookFormat::Xls => Err(wrong_reader(file, format)),
    }
}

/// The OLE2 container's reader: XLS (BIFF).
pub(crate) fn read_ole(
    bytes: &[u8],
    file: &str,
    format: WorkbookFormat,
    sheet: &str,
    emitter: &mut Emitter<'_, '_, '_>,
) -> Result<(), Error> {
    if format != WorkbookFormat::Xls {
        return Err(wrong_reader(file, format));
    }
    let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| calamine_error(file, e))?;
    let merged = wb.merge_cells_by_sheet_name(sheet).unwrap_or_default();
    emitter.set_merged(&merged);
    let date1904 = wb.has_1904_epoch();
    let range = wb
        .worksheet_range(sheet)
        .map_err(|e| calamine_error(file, e))?;
    let formulas = wb.worksheet_formula(sheet).ok();
    emit_range(&range, formulas.as_ref(), date1904, emitter)
}

/// A `WorkbookInfo` handed to the reader of another container (a caller's mistake).
fn wrong_reader(file: &str, format: WorkbookFormat) -> Error {
    let format = match format {
        WorkbookFormat::Xlsx => "xlsx",
        WorkbookFormat::Xls => "xls",
        WorkbookFormat::Ods => "ods",
    };
    Error::in_file("format.unsupported", file).with("format", format)
}

/// Maps a calamine error: a password-protected workbook is `format.encrypted`; anything else is
/// `xlsx.corrupt` with calamine's message as `detail` (it names parts and positions, never cell
/// values).
fn calamine_error(file: &str, e: impl std::fmt::Display) -> Error {
    let detail = e.to_string();
    if detail.contains("password protected") {
        return Error::in_file("format.encrypted", file);
    }
    Error::in_file("xlsx.corrupt", file).with("detail", detail)
}

fn error_text(e: &CellErrorType) -> &'static str {
    match e {
        CellErrorType::Div0 => "#DIV/0!",
        CellErrorType::NA => "#N/A",
        CellErrorType::Name => "#NAME?",
        CellErrorType::Null => "#NULL!",
        CellErrorType::Num => "#NUM!",
        CellErrorType::Ref => "#REF!",
        CellErrorType::Value => "#VALUE!",
        CellErrorType::GettingData => "#DATA!",
    }
}

/// A date-time serial in the 1900 system. calamine leaves a 1904-system serial as stored; it is
/// shifted by 1,462 days unless it is a duration or a time of day (a serial below 1), which have
/// no epoch.
fn serial_1900(value: f64, is_duration: bool, date1904: bool) -> f64 {
    if date1904 && !is_duration && value >= 1.0 {
        value + 1462.0
    } else {
        value
    }
}

fn convert_ref<'v>(v: &'v DataRef<'_>, date1904: bool) -> Cell<'v> {
    match v {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s),
        DataRef::SharedString(s) => Cell::Text(s),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(d) => Cell::DateTime(serial_1900(d.as_f64(), d.is_duration(), date1904)),
        DataRef::Error(e) => Cell::Error(error_text(e)),
    }
}

fn convert_data(v: &Data, date1904: bool) -> Cell<'_> {
    match v {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => Cell::DateTime(serial_1900(d.as_f64(), d.is_duration(), date1904)),
        Data::Error(e) => Cell::Error(error_text(e)),
    }
}

/// Turns rows (in order, possibly with gaps) into sink calls, enforcing the caps.
pub(crate) struct Emitter<'o, 's, 'k> {
    file: &'o str,
    limits: &'o WorkbookLimits,
    header_row: u64,
    sink: &'k mut RowSink<'s>,
    last_emitted: Option<u64>,
    summary: SheetSummary,
}

impl<'o, 's, 'k> Emitter<'o, 's, 'k> {
    fn new(
        file: &'o str,
        sheet: &str,
        options: &'o ReadOptions,
        sink: &'k mut RowSink<'s>,
    ) -> Self {
        Emitter {
            file,
            limits: &options.limits,
            header_row: options.header_row.unwrap_or(1).max(1),
            sink,
            last_emitted: None,
            summary: SheetSummary {
                sheet: sheet.to_owned(),
                rows_emitted: 0,
                cells_read: 0,
                first_row: None,
                last_row: None,
                empty_rows_omitted: 0,
                merged: Vec::new(),
                merged_count: 0,
                hidden_rows: Vec::new(),
                hidden_rows_count: 0,
                hidden_columns: Vec::new(),
                formulas_without_value: 0,
                hidden_sheets: Vec::new(),
            },
        }
    }

    fn set_merged(&mut self, merged: &[Dimensions]) {
        self.summary.merged_count = merged.len() as u64;
        self.summary.merged = merged
            .iter()
            .take(MAX_MERGED_LISTED)
            .map(|d| format!("{}:{}", a1(d.start.0, d.start.1), a1(d.end.0, d.end.1)))
            .collect();
    }

    fn count_cell(&mut self) -> Result<(), Error> {
        self.summary.cells_read += 1;
        if self.summary.cells_read > self.limits.max_sheet_cells {
            return Err(Error::in_file("xlsx.too_many_cells", self.file)
                .with("sheet", &self.summary.sheet)
                .with("max", self.limits.max_sheet_cells));
        }
        Ok(())
    }

    /// Passes on a used row (1-based `row`), after the empty rows of the gap before it.
    fn row(&mut self, row: u64, cells: &[Cell<'_>]) -> Result<(), Error> {
        if row < self.header_row {
            return Ok(());
        }
        let width = cells
            .iter()
            .rposition(|c| !matches!(c, Cell::Empty))
            .map_or(0, |p| p + 1);
        if width == 0 {
            // An all-empty row (formatting only): passed on only as part of a gap.
            return Ok(());
        }
        if let Some(prev) = self.last_emitted {
            if row <= prev {
                return Err(Error::in_file("xlsx.corrupt", self.file)
                    .with("detail", format!("row {row} after row {prev}")));
            }
            let gap = row - prev - 1;
            if gap <= self.limits.max_empty_row_run {
                for r in prev + 1..row {
                    (self.sink)(r, &[])?;
                    self.summary.rows_emitted += 1;
                }
            } else {
                self.summary.empty_rows_omitted += gap;
            }
        }
        (self.sink)(row, &cells[..width])?;
        self.summary.rows_emitted += 1;
        self.summary.first_row.get_or_insert(row);
        self.summary.last_row = Some(row);
        self.last_emitted = Some(row);
        Ok(())
    }

    fn finish(self) -> Result<SheetSummary, Error> {
        Ok(self.summary)
    }
}

/// One cell of the XLSX row being assembled.
enum Pending<'a> {
    Value(DataRef<'a>),
    FormulaWithoutValue,
}

fn read_xlsx(
    bytes: &[u8],
    file: &str,
    sheet: &str,
    em: &mut Emitter<'_, '_, '_>,
) -> Result<(), Error> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| calamine_error(file, e))?;
    let date1904 = wb.has_1904_epoch();
    // Merged regions and hidden rows come from the pre-scan's pass over the part (calamine's
    // merged-cell reader would parse the whole sheet a second time).
    let mut reader = wb
        .worksheet_cells_reader(sheet)
        .map_err(|e| calamine_error(file, e))?;
    let mut current: Option<u32> = None;
    let mut pending: Vec<(u32, Pending<'_>)> = Vec::new();
    loop {
        let next = reader
            .next_cell_with_formula_metadata()
            .map_err(|e| calamine_error(file, e))?;
        let row = next.as_ref().map(|c| c.pos.0);
        if current.is_some() && row != current {
            flush_xlsx(current.unwrap_or_default(), &mut pending, date1904, em)?;
        }
        let Some(cell) = next else { break };
        em.count_cell()?;
        current = Some(cell.pos.0);
        let col = cell.pos.1;
        if col as usize >= MAX_COLUMNS {
            return Err(Error::in_file("xlsx.sheet_extent", file)
                .with("sheet", sheet)
                .with("ref", a1(cell.pos.0, col)));
        }
        let value = if cell.formula.is_some() && cell.value == DataRef::Empty {
            em.summary.formulas_without_value += 1;
            Pending::FormulaWithoutValue
        } else {
            Pending::Value(cell.value)
        };
        pending.push((col, value));
    }
    Ok(())
}

fn flush_xlsx(
    row: u32,
    pending: &mut Vec<(u32, Pending<'_>)>,
    date1904: bool,
    em: &mut Emitter<'_, '_, '_>,
) -> Result<(), Error> {
    let width = pending
        .iter()
        .map(|(c, _)| *c as usize + 1)
        .max()
        .unwrap_or(0);
    let mut cells = vec![Cell::Empty; width];
    for (col, v) in pending.iter() {
        cells[*col as usize] = match v {
            Pending::Value(v) => convert_ref(v, date1904),
            Pending::FormulaWithoutValue => Cell::FormulaWithoutValue,
        };
    }
    let result = em.row(u64::from(row) + 1, &cells);
    pending.clear();
    result
}

fn emit_range(
    range: &calamine::Range<Data>,
    formulas: Option<&calamine::Range<String>>,
    date1904: bool,
    em: &mut Emitter<'_, '_, '_>,
) -> Result<(), Error> {
    let Some((row0, col0)) = range.start() else {
        return Ok(());
    };
    let mut cells: Vec<Cell<'_>> = Vec::new();
    for (i, values) in range.rows().enumerate() {
        let row = row0 + i as u32;
        cells.clear();
        cells.resize(col0 as usize, Cell::Empty);
        for (j, v) in values.iter().enumerate() {
            let col = col0 + j as u32;
            let cell = match v {
                Data::Empty => {
                    let has_formula = formulas
                        .and_then(|f| f.get_value((row, col)))
                        .is_some_and(|f| !f.is_empty());
                    if has_formula {
                        em.summary.formulas_without_value += 1;
                        Cell::FormulaWithoutValue
                    } else {
                        Cell::Empty
                    }
                }
                v => {
                    em.count_cell()?;
                    convert_data(v, date1904)
                }
            };
            cells.push(cell);
        }
        em.row(u64::from(row) + 1, &cells)?;
    }
    Ok(())
}

//! OLE2 pre-scan: an encrypted OOXML workbook (`EncryptionInfo` + `EncryptedPackage` streams) or
//! an XLS workbook. For XLS, the BIFF `Workbook` stream is walked record by record, because
//! calamine's `Xls::new` densifies every sheet at once and reserves each DIMENSIONS record's
//! `rows × columns` (up to 2³² × 256) before anything else.

use madad_core::Error;

use crate::cfb::Cfb;
use crate::info::{SheetKind, SheetMeta, SheetVisibility, WorkbookFormat, WorkbookInfo, a1};
use crate::limits::WorkbookLimits;
use crate::prescan::{MAX_LISTED, corrupt};

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    d.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Iterates BIFF records `(type, data)` from `at`; stops at the end of the stream or at a record
/// that runs past it.
fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let typ = u16_at(stream, at)?;
        let len = usize::from(u16_at(stream, at + 2)?);
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((typ, data))
    })
}

struct BoundSheet {
    pos: usize,
    name: String,
    visibility: SheetVisibility,
    kind: SheetKind,
}

fn parse_bound_sheet(data: &[u8], biff8: bool) -> Option<BoundSheet> {
    let pos = u32_at(data, 0)? as usize;
    let visibility = match data.get(4)? & 0x03 {
        0 => SheetVisibility::Visible,
        1 => SheetVisibility::Hidden,
        _ => SheetVisibility::VeryHidden,
    };
    let kind = match data.get(5)? {
        0 => SheetKind::Worksheet,
        1 => SheetKind::Macrosheet,
        2 => SheetKind::Chartsheet,
        _ => SheetKind::Dialogsheet,
    };
    let cch = usize::from(*data.get(6)?);
    let name = if biff8 {
        let high = data.get(7)? & 1 == 1;
        let raw = data.get(8..)?;
        if high {
            let units: Vec<u16> = raw
                .chunks_exact(2)
                .take(cch)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            raw.iter().take(cch).map(|&b| char::from(b)).collect()
        }
    } else {
        // BIFF5: code-page bytes; the name here is informative only (calamine decodes it).
        data.get(7..)?
            .iter()
            .take(cch)
            .map(|&b| char::from(b))
            .collect()
    };
    Some(BoundSheet {
        pos,
        name,
        visibility,
        kind,
    })
}

/// The used range of one sheet's cell records, and the largest DIMENSIONS reservation.
#[derive(Default)]
struct SheetScan {
    cells: u64,
    min_row: u32,
    max_row: u32,
    min_col: u32,
    max_col: u32,
    reserve: u64,
    dimension: Option<String>,
    hidden_rows: Vec<u64>,
    hidden_rows_count: u64,
}

impl SheetScan {
    fn add(&mut self, row: u32, col: u32) {
        if self.cells == 0 {
            (self.min_row, self.max_row, self.min_col, self.max_col) = (row, row, col, col);
        } else {
            self.min_row = self.min_row.min(row);
            self.max_row = self.max_row.max(row);
            self.min_col = self.min_col.min(col);
            self.max_col = self.max_col.max(col);
        }
        self.cells += 1;
    }

    fn dense(&self) -> u64 {
        if self.cells == 0 {
            return 0;
        }
        u64::from(self.max_row - self.min_row + 1) * u64::from(self.max_col - self.min_col + 1)
    }
}

fn scan_sheet(stream: &[u8], pos: usize) -> Result<SheetScan, &'static str> {
    let mut s = SheetScan::default();
    let mut seen_bof = false;
    let mut depth = 0usize;
    for (typ, d) in records(stream, pos) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let rc = || Some((u32::from(u16_at(d, 0)?), u32::from(u16_at(d, 2)?)));
        check_sheet_record(typ, d)?;
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            // DIMENSIONS, read as calamine reads it, to bound its `reserve(rows * cols)`.
            0x0200 => {
                let (rf, rl, mut cf, cl) = match d.len() {
                    10 => (
                        u32::from(u16_at(d, 0).unwrap_or(0)),
                        u32::from(u16_at(d, 2).unwrap_or(0)),
                        u32::from(u16_at(d, 4).unwrap_or(0)),
                        u32::from(u16_at(d, 6).unwrap_or(0)),
                    ),
                    14 | 16 => (
                        u32_at(d, 0).unwrap_or(0),
                        u32_at(d, 4).unwrap_or(0),
                        u32::from(u16_at(d, 8).unwrap_or(0)),
                        u32::from(u16_at(d, 10).unwrap_or(0)),
                    ),
                    _ => continue,
                };
                if 0xFF < cf || cl < cf {
                    cf = 0;
                }
                // calamine computes `last - first + 1` unchecked: a last row or column before
                // the first would overflow (a panic, or a wrapped multi-exabyte reservation).
                if rl >= 1 && cl >= 1 && (rl - 1 < rf || cl - 1 < cf) {
                    return Err("DIMENSIONS: last before first");
                }
                if rl >= 1 && cl >= 1 {
                    let rows = u64::from((rl - 1).saturating_sub(rf)) + 1;
                    let cols = u64::from((cl - 1).saturating_sub(cf)) + 1;
                    s.reserve = s.reserve.max(rows.saturating_mul(cols));
                    s.dimension = Some(format!("{}:{}", a1(rf, cf), a1(rl - 1, cl - 1)));
                }
            }
            // Number, Label, RString, BoolErr, RK, LabelSst, Formula (one cell each).
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let Some((r, c)) = rc() {
                    s.add(r, c);
                }
            }
            // ROW: bit 5 of the flags (offset 12) hides the row.
            0x0208 => {
                if let (Some(r), Some(flags)) = (u16_at(d, 0), u16_at(d, 12))
                    && flags & 0x0020 != 0
                {
                    s.hidden_rows_count += 1;
                    if s.hidden_rows.len() < MAX_LISTED {
                        s.hidden_rows.push(u64::from(r) + 1);
                    }
                }
            }
            // MulRk: row, first column, … last column.
            0x00BD => {
                if let (Some((r, c0)), Some(c1)) = (rc(), d.len().checked_sub(2)) {
                    let c1 = u32::from(u16_at(d, c1).unwrap_or(0));
                    s.add(r, c0);
                    s.add(r, c1.max(c0));
                }
            }
            _ => {}
        }
    }
    Ok(s)
}

/// Minimum shapes of the workbook-globals records calamine reads without bounds checks (found
/// by the mutation test, E59; each would be a panic — a trap in wasm — on a corrupt file).
fn check_global_record(typ: u16, d: &[u8], biff8: bool) -> Result<(), &'static str> {
    let ok = match typ {
        // FilePass, CodePage, DateMode, BOF, ExternSheet.
        0x002F | 0x0042 | 0x0022 | 0x0809 | 0x0017 => d.len() >= 2,
        // BoundSheet8: position, state, type, name length.
        0x0085 => d.len() >= 7,
        // Lbl: fixed part of 14 bytes, then the name; the formula (cce bytes) ends the record.
        0x0018 => {
            d.len() >= 14
                && u16_at(d, 4).is_some_and(|cce| usize::from(cce) <= d.len() - 14)
                && (!biff8 || d.len() >= 15)
        }
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err("BIFF record too short")
    }
}

/// Walks the shared-string table (SST and its CONTINUE records) exactly as calamine's
/// `parse_sst` / `read_rich_extended_string` / `read_dbcs` consume it, and rejects the shapes
/// where calamine would index past a record: a string header whose `cRun` (fRichSt) or
/// `cbExtRst` (fExtSt) field is cut by the record end, or a character run continued into an
/// empty CONTINUE record ([MS-XLS] 2.4.265 SST, 2.5.293 XLUnicodeRichExtendedString). Shapes
/// calamine reports as an error itself pass (its error is returned later as `xlsx.corrupt`).
fn check_sst(first: &[u8], continues: &[&[u8]]) -> Result<(), &'static str> {
    const CUT: &str = "SST string header cut by the record end";
    let Some(mut data) = first.get(8..) else {
        return Ok(());
    };
    let mut next = continues.iter();
    loop {
        if data.is_empty() {
            match next.next() {
                Some(c) => data = c,
                None => return Ok(()),
            }
            if data.is_empty() {
                // calamine reads an empty string here and moves on.
                continue;
            }
        }
        if data.len() < 3 {
            return Ok(());
        }
        let cch = usize::from(u16::from_le_bytes([data[0], data[1]]));
        let flags = data[2];
        data = &data[3..];
        let mut high_byte = flags & 0x1 != 0;
        let mut skip = 0usize;
        if flags & 0x8 != 0 {
            let c_run = u16_at(data, 0).ok_or(CUT)?;
            skip = skip.saturating_add(usize::from(c_run) * 4);
            data = &data[2..];
        }
        if flags & 0x4 != 0 {
            let cb = u32_at(data, 0).ok_or(CUT)?;
            // calamine reads an i32 and casts it to usize: a negative value is a huge skip that
            // fails with its own error below.
            skip = skip.saturating_add(cb as i32 as usize);
            data = &data[4..];
        }
        let mut left = cch;
        while left > 0 {
            let chars = if high_byte {
                data.len() / 2
            } else {
                data.len()
            }
            .min(left);
            data = &data[chars * if high_byte { 2 } else { 1 }..];
            left -= chars;
            if left > 0 {
                let Some(c) = next.next() else {
                    return Ok(());
                };
                let (&flag, rest) = c
                    .split_first()
                    .ok_or("SST string continued into an empty record")?;
                high_byte = flag & 0x1 != 0;
                data = rest;
            }
        }
        while skip > 0 {
            if data.is_empty() {
                match next.next() {
                    Some(c) => data = c,
                    None => return Ok(()),
                }
            }
            let n = skip.min(data.len());
            data = &data[n..];
            skip -= n;
        }
    }
}

/// The same for the sheet records calamine reads without bounds checks.
fn check_sheet_record(typ: u16, d: &[u8]) -> Result<(), &'static str> {
    match typ {
        // MergeCells: a count, then 8 bytes per region.
        0x00E5 => {
            let n = usize::from(u16_at(d, 0).ok_or("MergeCells too short")?);
            if n > 1024 || d.len() < 2 + 8 * n {
                return Err("MergeCells: count and length disagree");
            }
        }
        // MulRk: row, first column, 6 bytes per cell, last column.
        0x00BD => {
            let (Some(first), Some(last)) = (
                u16_at(d, 2),
                d.len().checked_sub(2).and_then(|at| u16_at(d, at)),
            ) else {
                return Err("MulRk too short");
            };
            if last < first || d.len() != 6 + 6 * (usize::from(last - first) + 1) {
                return Err("MulRk: columns and length disagree");
            }
        }
        _ => {}
    }
    Ok(())
}

pub(crate) fn prescan_ole(
    bytes: &[u8],
    file: &str,
    limits: &WorkbookLimits,
) -> Result<WorkbookInfo, Error> {
    let cfb = Cfb::parse(bytes).map_err(|e| corrupt(file, e))?;
    if cfb.has("EncryptedPackage") || cfb.has("EncryptionInfo") {
        return Err(Error::in_file("format.encrypted", file));
    }
    let stream = match cfb.read_stream("Workbook").map_err(|e| corrupt(file, e))? {
        Some(s) => s,
        None => match cfb.read_stream("Book").map_err(|e| corrupt(file, e))? {
            Some(s) => s,
            None => {
                return Err(Error::in_file("format.unsupported", file).with("format", "ole"));
            }
        },
    };

    // Globals substream.
    let mut biff8 = true;
    let mut date1904 = false;
    let mut bound = Vec::new();
    let mut sst: Option<(&[u8], Vec<&[u8]>)> = None;
    for (typ, d) in records(&stream, 0) {
        check_global_record(typ, d, biff8).map_err(|what| corrupt(file, what))?;
        if typ == 0x003C {
            if let Some((_, continues)) = sst.as_mut() {
                continues.push(d);
                continue;
            }
        } else if let Some((first, continues)) = sst.take() {
            check_sst(first, &continues).map_err(|what| corrupt(file, what))?;
        }
        match typ {
            0x00FC => sst = Some((d, Vec::new())),
            0x0809 => biff8 = u16_at(d, 0) == Some(0x0600),
            0x002F => return Err(Error::in_file("format.encrypted", file)),
            0x0022 => date1904 = u16_at(d, 0) == Some(1),
            0x0085 => {
                if bound.len() as u64 >= limits.max_sheets {
                    return Err(Error::in_file("xlsx.too_many_sheets", file)
                        .with("max", limits.max_sheets)
                        .with("found", bound.len() + 1));
                }
                bound
                    .push(parse_bound_sheet(d, biff8).ok_or_else(|| corrupt(file, "BoundSheet8"))?);
            }
            0x000A => break,
            _ => {}
        }
    }
    if let Some((first, continues)) = sst {
        check_sst(first, &continues).map_err(|what| corrupt(file, what))?;
    }
    if bound.is_empty() {
        return Err(Error::in_file("xlsx.no_sheets", file));
    }
    let mut sheets = Vec::with_capacity(bound.len());
    let mut dense_total = 0u64;
    for b in bound {
        // calamine slices the stream at this offset unchecked (`&stream[pos..]`): a position past
        // the end would panic (found by the mutation test, E59).
        if b.pos >= stream.len() {
            return Err(corrupt(
                file,
                "BoundSheet8 offset beyond the Workbook stream",
            ));
        }
        let scan = scan_sheet(&stream, b.pos).map_err(|what| corrupt(file, what))?;
        let dense = scan.dense();
        dense_total = dense_total.saturating_add(dense);
        let worst = scan.reserve.max(dense_total);
        if worst > limits.max_dense_cells {
            return Err(Error::in_file("xlsx.sheet_extent", file)
                .with("sheet", &b.name)
                .with("ref", scan.dimension.as_deref().unwrap_or_default())
                .with("max", limits.max_dense_cells)
                .with("found", worst));
        }
        sheets.push(SheetMeta {
            name: b.name,
            visibility: b.visibility,
            kind: b.kind,
            dimension: scan.dimension,
            extent_cells: Some(dense),
            part_bytes: None,
            empty: scan.cells == 0,
            merged: Vec::new(),
            merged_count: 0,
            hidden_rows: scan.hidden_rows,
            hidden_rows_count: scan.hidden_rows_count,
            hidden_columns: Vec::new(),
        });
    }
    Ok(WorkbookInfo {
        format: WorkbookFormat::Xls,
        bytes: bytes.len() as u64,
        date1904,
        sheets,
        entries: 0,
        uncompressed_bytes: stream.len() as u64,
        shared_strings: None,
    })
}

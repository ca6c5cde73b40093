//! ODS pre-scan: calamine parses every table of `content.xml` into a dense range when the file is
//! opened, so the used range of every table is measured here first, by one streaming pass.

use std::collections::HashSet;
use std::io::{BufReader, Read};

use madad_core::Error;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use crate::info::{SheetKind, SheetMeta, SheetVisibility, WorkbookFormat, WorkbookInfo, a1};
use crate::limits::WorkbookLimits;
use crate::prescan::{CheckedZip, MAX_LISTED, corrupt, verify_all_parts};

/// Excel's (and calamine's ODS) row and column limits: repeat counts are capped to them.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLS: u64 = 16_384;

fn attr(e: &BytesStart<'_>, qname: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.as_ref().as_bytes() == qname)
            .then(|| {
                a.normalized_value(XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

fn repeat(e: &BytesStart<'_>, qname: &[u8]) -> u64 {
    attr(e, qname)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

#[derive(Default)]
struct Table {
    name: String,
    style: Option<String>,
    row: u64,
    first_used: Option<u64>,
    last_used: u64,
    max_col: u64,
    merged: Vec<String>,
    merged_count: u64,
    hidden_rows: Vec<u64>,
    hidden_rows_count: u64,
}

impl Table {
    fn dense(&self) -> u64 {
        match self.first_used {
            Some(first) => (self.last_used - first + 1).saturating_mul(self.max_col),
            None => 0,
        }
    }
}

pub(crate) fn prescan_ods(
    bytes: &[u8],
    zip: &mut CheckedZip<'_>,
    entries: u64,
    file: &str,
    limits: &WorkbookLimits,
) -> Result<WorkbookInfo, Error> {
    verify_all_parts(zip, file)?;
    let (index, size) = zip
        .by_name
        .get("content.xml")
        .map(|(i, s, _)| (*i, *s))
        .ok_or_else(|| corrupt(file, "content.xml missing"))?;
    let entry = zip.archive.by_index(index).map_err(|e| corrupt(file, e))?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(entry.take(size)));
    let mut buf = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut hidden_styles: HashSet<String> = HashSet::new();
    let mut style_name: Option<String> = None;
    // Row state.
    let mut row_repeat = 0u64;
    let mut row_col = 0u64;
    let mut row_max_col = 0u64;
    let mut row_used = false;
    let mut in_row = false;
    let mut dense_total = 0u64;

    loop {
        buf.clear();
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| corrupt(file, format!("content.xml: {e}")))?;
        let (e, is_start) = match &ev {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(end) => {
                match end.name().as_ref().as_bytes() {
                    b"table:table-row" if in_row => {
                        if let Some(t) = tables.last_mut() {
                            end_row(t, row_repeat, row_used, row_max_col);
                        }
                        in_row = false;
                    }
                    b"table:table" => {
                        if let Some(t) = tables.last() {
                            dense_total = dense_total.saturating_add(t.dense());
                            check_dense(t, dense_total, file, limits)?;
                        }
                    }
                    b"style:style" => style_name = None,
                    _ => {}
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        match e.name().as_ref().as_bytes() {
            b"style:style" if is_start => {
                style_name = (attr(e, b"style:family").as_deref() == Some("table"))
                    .then(|| attr(e, b"style:name"))
                    .flatten();
            }
            b"style:table-properties" => {
                if let Some(name) = &style_name
                    && attr(e, b"table:display").as_deref() == Some("false")
                {
                    hidden_styles.insert(name.clone());
                }
            }
            b"table:table" => {
                if tables.len() as u64 >= limits.max_sheets {
                    return Err(Error::in_file("xlsx.too_many_sheets", file)
                        .with("max", limits.max_sheets)
                        .with("found", tables.len() + 1));
                }
                tables.push(Table {
                    name: attr(e, b"table:name").unwrap_or_default(),
                    style: attr(e, b"table:style-name"),
                    ..Table::default()
                });
            }
            b"table:table-row" => {
                let Some(t) = tables.last_mut() else { continue };
                row_repeat = repeat(e, b"table:number-rows-repeated")
                    .min(MAX_ROWS.saturating_sub(t.row))
                    .max(1);
                row_col = 0;
                row_max_col = 0;
                row_used = false;
                in_row = is_start;
                if matches!(
                    attr(e, b"table:visibility").as_deref(),
                    Some("collapse" | "filter")
                ) {
                    for r in t.row..t.row + row_repeat {
                        t.hidden_rows_count += 1;
                        if t.hidden_rows.len() >= MAX_LISTED {
                            t.hidden_rows_count += t.row + row_repeat - r - 1;
                            break;
                        }
                        t.hidden_rows.push(r + 1);
                    }
                }
                if !is_start {
                    end_row(t, row_repeat, false, 0);
                }
            }
            b"table:table-cell" | b"table:covered-table-cell" if in_row => {
                let rep = repeat(e, b"table:number-columns-repeated")
                    .min(MAX_COLS.saturating_sub(row_col));
                // An upper bound on "has a value": calamine keeps a cell with a value type or
                // content; trailing empty repeats are not materialised.
                let used = is_start || attr(e, b"office:value-type").is_some();
                let span = |n: &[u8]| repeat(e, n).min(MAX_COLS);
                let (cols, rows) = (
                    span(b"table:number-columns-spanned"),
                    span(b"table:number-rows-spanned"),
                );
                if (cols > 1 || rows > 1)
                    && let Some(t) = tables.last_mut()
                {
                    t.merged_count += 1;
                    if t.merged.len() < MAX_LISTED {
                        let (r0, c0) = (t.row as u32, row_col as u32);
                        t.merged.push(format!(
                            "{}:{}",
                            a1(r0, c0),
                            a1(r0 + rows as u32 - 1, c0 + cols as u32 - 1)
                        ));
                    }
                }
                row_col += rep;
                if used {
                    row_used = true;
                    row_max_col = row_col;
                }
            }
            _ => {}
        }
    }
    if tables.is_empty() {
        return Err(Error::in_file("xlsx.no_sheets", file));
    }
    let sheets = tables
        .iter()
        .map(|t| SheetMeta {
            name: t.name.clone(),
            visibility: if t.style.as_ref().is_some_and(|s| hidden_styles.contains(s)) {
                SheetVisibility::Hidden
            } else {
                SheetVisibility::Visible
            },
            kind: SheetKind::Worksheet,
            dimension: None,
            extent_cells: Some(t.dense()),
            part_bytes: None,
            empty: t.first_used.is_none(),
            merged: t.merged.clone(),
            merged_count: t.merged_count,
            hidden_rows: t.hidden_rows.clone(),
            hidden_rows_count: t.hidden_rows_count,
            hidden_columns: Vec::new(),
        })
        .collect();
    Ok(WorkbookInfo {
        format: WorkbookFormat::Ods,
        bytes: bytes.len() as u64,
        date1904: false,
        sheets,
        entries,
        uncompressed_bytes: zip.total,
        shared_strings: None,
    })
}

fn end_row(t: &mut Table, repeat: u64, used: bool, max_col: u64) {
    if used {
        t.first_used.get_or_insert(t.row);
        t.last_used = t.row + repeat - 1;
        t.max_col = t.max_col.max(max_col);
    }
    t.row = (t.row + repeat).min(MAX_ROWS);
}

fn check_dense(t: &Table, total: u64, file: &str, limits: &WorkbookLimits) -> Result<(), Error> {
    if total > limits.max_dense_cells {
        return Err(Error::in_file("xlsx.sheet_extent", file)
            .with("sheet", &t.name)
            .with("max", limits.max_dense_cells)
            .with("found", total));
    }
    Ok(())
}

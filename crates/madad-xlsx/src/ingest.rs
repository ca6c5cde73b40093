//! Feeding a workbook to the core's [`DatasetBuilder`] (the native path; in the browser the rows
//! travel as a [`madad_core::RowStreamWriter`] stream between the two wasm modules instead).

use madad_core::{DatasetBuilder, Error, FileFormat, FileLedger, SheetInfo};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::info::{SheetSummary, WorkbookFormat, WorkbookInfo};
use crate::prescan::prescan;
use crate::read::{ReadOptions, choose_sheet, read_sheet};

/// What [`ingest_workbook`] returns: the core's ledger for the sheet read, and what the reader
/// saw (sheets, hidden sheets, merged regions, gaps) for the host to show beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkbookLedger {
    /// The core's per-file ledger (`sheet` names the sheet read).
    pub ledger: FileLedger,
    /// The workbook's shape from the pre-scan.
    pub workbook: WorkbookInfo,
    /// What reading the sheet produced.
    pub sheet: SheetSummary,
}

/// The core's name for a workbook format.
pub fn file_format(f: WorkbookFormat) -> FileFormat {
    match f {
        WorkbookFormat::Xlsx => FileFormat::Xlsx,
        WorkbookFormat::Xls => FileFormat::Xls,
        WorkbookFormat::Ods => FileFormat::Ods,
    }
}

/// SHA-256 of the bytes, lower-case hex (as the core's ledger writes it).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Pre-scans `bytes`, then reads the chosen sheet into `builder` as one file named `name`:
/// `begin_sheet` → `push_row`… → `end_file`. On any error after `begin_sheet` the file is
/// aborted, so no row of a half-read workbook stays in the data set.
pub fn ingest_workbook(
    builder: &mut DatasetBuilder,
    name: &str,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<WorkbookLedger, Error> {
    let workbook = prescan(bytes, name, &options.limits)?;
    let sheet = choose_sheet(&workbook, name, options)?.to_owned();
    builder.begin_sheet(
        name,
        &sheet,
        SheetInfo {
            format: file_format(workbook.format),
            bytes: bytes.len() as u64,
            sha256: sha256_hex(bytes),
            hidden_sheets: workbook
                .hidden_sheets()
                .into_iter()
                .map(str::to_owned)
                .collect(),
            merged_regions: workbook
                .sheets
                .iter()
                .find(|m| m.name == sheet)
                .map_or(0, |m| m.merged_count),
            hidden_rows: workbook
                .sheets
                .iter()
                .find(|m| m.name == sheet)
                .map_or(0, |m| m.hidden_rows_count),
        },
    )?;
    let options = ReadOptions {
        sheet: Some(sheet),
        ..options.clone()
    };
    let read = read_sheet(bytes, name, &workbook, &options, &mut |row, cells| {
        builder.push_row(row, cells)
    });
    let summary = match read {
        Ok(s) => s,
        Err(e) => {
            builder.abort_file();
            return Err(e);
        }
    };
    let ledger = builder.end_file()?;
    Ok(WorkbookLedger {
        ledger,
        workbook,
        sheet: summary,
    })
}

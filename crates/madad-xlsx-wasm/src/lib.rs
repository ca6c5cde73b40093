//! The spreadsheet wasm module for XLSX and ODS (ZIP containers): a thin wasm-bindgen façade over
//! `madad-xlsx` with [`Formats::ZIP`]. The host loads it only when such a workbook is met; legacy
//! XLS files go to the separate `madad-xls-wasm` module (same exports), so this one never links
//! calamine's XLS reader and its code-page tables. It pre-scans the workbook, reads the chosen
//! sheet and returns the rows as the core's binary row stream (`RowStreamWriter` bytes), which
//! the host passes to the core module's `pushRows`. Errors are JS `Error`s named `MadadError`
//! with `code`, `file` and `params`, as the core module throws them.

use madad_xlsx::Formats;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::*;

mod reader;

/// Pre-scans a workbook (sheets, visibility, the 1904 flag) without reading cells: for a sheet
/// picker. `limits` is a partial `WorkbookLimits` object or `undefined`. An XLS (OLE2) file is
/// `format.unsupported` (`format`: `ole`): it is read by the XLS module.
#[wasm_bindgen(js_name = prescanWorkbook)]
pub fn prescan_workbook(bytes: &[u8], file: &str, limits: JsValue) -> Result<JsValue, JsValue> {
    reader::prescan(Formats::ZIP, bytes, file, limits)
}

/// Reads a workbook's chosen sheet. `options`: `{ sheet?, headerRow?, limits? }` or `undefined`.
/// Returns `{ info, sheet, sha256, rows }` where `rows` is a `Uint8Array` of the core's row
/// stream, to be passed (with `info.format`, the byte count and `sha256`) to the core module's
/// `beginSheet` / `pushRows` / `endFile`. With `onRows`, the stream is handed over in chunks of
/// about 256 KiB as it is read (`onRows(Uint8Array)`; the core's `pushRows` accepts any run of
/// whole rows), so neither module holds the whole sheet; `rows` is then the last chunk. An
/// exception thrown by `onRows` stops the read and is rethrown.
#[wasm_bindgen(js_name = readWorkbook)]
pub fn read_workbook(
    bytes: &[u8],
    file: &str,
    options: JsValue,
    on_rows: Option<js_sys::Function>,
) -> Result<JsValue, JsValue> {
    reader::read(Formats::ZIP, bytes, file, options, on_rows)
}

//! The spreadsheet wasm module for legacy XLS workbooks (Excel 97–2003: BIFF in an OLE2
//! container): a thin wasm-bindgen façade over `madad-xlsx` with [`Formats::OLE`]. The host
//! loads it only when a file starting with the OLE2 signature is met; it has the same exports as
//! the XLSX/ODS module (`madad-xlsx-wasm`), whose body it shares. Kept apart because calamine's
//! XLS reader links `encoding_rs`'s decoders for every Windows code page (BIFF5 text is stored
//! in the workbook's code page), which XLSX and ODS never need. An OLE2 file that holds an
//! encrypted OOXML workbook is recognised here too (`format.encrypted`).

use madad_xlsx::Formats;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::*;

#[path = "../../madad-xlsx-wasm/src/reader.rs"]
mod reader;

/// Pre-scans an XLS workbook (sheets, visibility, the 1904 flag) without reading cells: for a
/// sheet picker. `limits` is a partial `WorkbookLimits` object or `undefined`. A ZIP file (XLSX,
/// ODS) is `format.unsupported` (`format`: `zip`): it is read by the XLSX module.
#[wasm_bindgen(js_name = prescanWorkbook)]
pub fn prescan_workbook(bytes: &[u8], file: &str, limits: JsValue) -> Result<JsValue, JsValue> {
    reader::prescan(Formats::OLE, bytes, file, limits)
}

/// Reads an XLS workbook's chosen sheet; the same contract as the XLSX module's
/// `readWorkbook`: `options` `{ sheet?, headerRow?, limits? }` or `undefined`; returns
/// `{ info, sheet, sha256, rows }` (`rows`: the core's row stream); with `onRows`, the stream is
/// handed over in chunks of about 256 KiB as it is read.
#[wasm_bindgen(js_name = readWorkbook)]
pub fn read_workbook(
    bytes: &[u8],
    file: &str,
    options: JsValue,
    on_rows: Option<js_sys::Function>,
) -> Result<JsValue, JsValue> {
    reader::read(Formats::OLE, bytes, file, options, on_rows)
}

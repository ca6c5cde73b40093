//! The XLSX wasm module: a thin wasm-bindgen façade over `madad-xlsx`. The host loads it only
//! when a workbook is dropped; it pre-scans the workbook, reads the chosen sheet and returns the
//! rows as the core's binary row stream (`RowStreamWriter` bytes), which the host passes to the
//! core module's `pushRows`. Errors are JS `Error`s named `MadadError` with `code`, `file` and
//! `params`, as the core module throws them.

use madad_core::RowStreamWriter;
use madad_xlsx::{ReadOptions, SheetSummary, WorkbookInfo, WorkbookLimits};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use madad_js::{error, from_js, set, to_js};

/// Pre-scans a workbook (sheets, visibility, the 1904 flag) without reading cells: for a sheet
/// picker. `limits` is a partial `WorkbookLimits` object or `undefined`.
#[wasm_bindgen(js_name = prescanWorkbook)]
pub fn prescan_workbook(bytes: &[u8], file: &str, limits: JsValue) -> Result<JsValue, JsValue> {
    let limits: WorkbookLimits = from_js(limits)?;
    let info = madad_xlsx::prescan(bytes, file, &limits).map_err(error)?;
    to_js(&info)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Read<'a> {
    info: &'a WorkbookInfo,
    sheet: &'a SheetSummary,
    sha256: String,
}

/// Row-stream bytes gathered before they are handed to `onRows` (when given).
const CHUNK_BYTES: usize = 256 * 1024;

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
    let options: ReadOptions = from_js(options)?;
    let mut stream = RowStreamWriter::new();
    let mut thrown: Option<JsValue> = None;
    let result = madad_xlsx::read_workbook(bytes, file, &options, &mut |row, cells| {
        stream.push_row(row, cells);
        if let Some(f) = &on_rows
            && stream.len_bytes() >= CHUNK_BYTES
        {
            let chunk = std::mem::take(&mut stream).into_bytes();
            let array = js_sys::Uint8Array::from(chunk.as_slice());
            if let Err(e) = f.call1(&JsValue::NULL, &array) {
                thrown = Some(e);
                return Err(madad_core::Error::in_file("xlsx.cancelled", file));
            }
        }
        Ok(())
    });
    if let Some(e) = thrown {
        return Err(e);
    }
    let (info, sheet) = result.map_err(error)?;
    let out = to_js(&Read {
        info: &info,
        sheet: &sheet,
        sha256: madad_xlsx::sha256_hex(bytes),
    })?;
    let rows = js_sys::Uint8Array::from(stream.into_bytes().as_slice());
    set(out.unchecked_ref(), "rows", &rows);
    Ok(out)
}

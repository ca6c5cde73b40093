//! The body of the two workbook modules' exports, shared by `madad-xlsx-wasm` (XLSX, ODS) and
//! `madad-xls-wasm` (XLS), which include this file (`#[path]`) and pass their [`Formats`]. It is
//! not a crate of its own: a dependency's `#[wasm_bindgen]` exports would be linked into both
//! modules, and the point of two modules is that each links only its own reader.

use madad_core::RowStreamWriter;
use madad_xlsx::{Formats, ReadOptions, SheetSummary, WorkbookInfo, WorkbookLimits};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use madad_js::{error, from_js, set, to_js};

/// `prescanWorkbook`: the workbook's sheets, visibility and 1904 flag, no cell read. `limits`
/// is a partial `WorkbookLimits` object or `undefined`.
pub(crate) fn prescan(
    formats: Formats,
    bytes: &[u8],
    file: &str,
    limits: JsValue,
) -> Result<JsValue, JsValue> {
    let limits: WorkbookLimits = from_js(limits)?;
    let info = formats.prescan(bytes, file, &limits).map_err(error)?;
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

/// `readWorkbook`: `{ info, sheet, sha256, rows }`, the rows handed to `on_rows` in chunks of
/// about 256 KiB when it is given (see the exports' docs).
pub(crate) fn read(
    formats: Formats,
    bytes: &[u8],
    file: &str,
    options: JsValue,
    on_rows: Option<js_sys::Function>,
) -> Result<JsValue, JsValue> {
    let options: ReadOptions = from_js(options)?;
    let mut stream = RowStreamWriter::new();
    let mut thrown: Option<JsValue> = None;
    let result = formats.read_workbook(bytes, file, &options, &mut |row, cells| {
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

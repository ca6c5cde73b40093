//! The report wasm module: a thin wasm-bindgen façade over `madad-report-xlsx`. Loaded only
//! when the user exports, so neither the core module nor the statistics module pays for
//! rust_xlsxwriter. Errors are JS `Error`s named `MadadError` with `code`, `file` and
//! `params`, as the other modules throw them.
//!
//! The report is read from the JS object as a `serde_json::Value`, never decoded into the
//! report's Rust types: a decoder per report type (through serde-wasm-bindgen or serde_json
//! alike) was a third of the module, while the workbook writer reads the report's JSON shape
//! directly. Numbers cross as JS numbers (no text is parsed), so the workbook is
//! byte-identical to the CLI's for the same report.

use madad_core as core;
use madad_js as convert;
use wasm_bindgen::prelude::*;

fn invalid(what: &str, e: &serde_json::Error) -> JsValue {
    convert::error(
        core::Error::general("options.invalid")
            .with("option", what)
            .with("detail", e.to_string()),
    )
}

fn report_from(report: JsValue) -> Result<serde_json::Value, JsValue> {
    convert::from_js_required(report, "report")
}

/// The XLSX workbook of a report (summary, APA tables, indicators, data dictionary, excluded
/// row counts, settings, suppression audit) in the report language of `options_json`
/// (`{"lang":"he"|"ar"|"en","title":…}`; default Hebrew), as bytes to save as a `.xlsx`
/// file. Hebrew and Arabic sheets are right-to-left. The same report and options give the
/// same bytes (no clock: the document date is the report's as-of date).
#[wasm_bindgen(js_name = reportXlsx)]
pub fn report_xlsx(
    #[wasm_bindgen(unchecked_param_type = "unknown")] report: JsValue,
    options_json: &str,
) -> Result<Vec<u8>, JsValue> {
    let report = report_from(report)?;
    let options: madad_report_xlsx::XlsxOptions = if options_json.trim().is_empty() {
        madad_report_xlsx::XlsxOptions::default()
    } else {
        serde_json::from_str(options_json).map_err(|e| invalid("options", &e))?
    };
    madad_report_xlsx::report_xlsx_json(&report, &options).map_err(convert::error)
}

/// A table as CSV bytes for spreadsheet programs, through the core's one CSV writer
/// (`madad_core::export::csv`): UTF-8 with a byte-order mark, CRLF, RFC 4180 quoting, and
/// formula-injection neutralisation of text cells (numbers written plainly stay numbers).
/// `rows_json` is a JSON array of arrays of strings.
#[wasm_bindgen(js_name = tableCsv)]
pub fn table_csv(rows_json: &str) -> Result<Vec<u8>, JsValue> {
    let rows: Vec<Vec<String>> =
        serde_json::from_str(rows_json).map_err(|e| invalid("rows", &e))?;
    let mut w = core::export::csv::CsvWriter::new();
    for row in &rows {
        w.row(row);
    }
    Ok(w.into_bytes())
}

/// Every indicator figure of a report (id, measure, kind, value or withheld, 95% CI, n) as
/// JSON text: the rows of the workbook's Indicators sheet, for a host that lays out its own
/// table (the printed report).
#[wasm_bindgen(js_name = reportFigures)]
pub fn report_figures(
    #[wasm_bindgen(unchecked_param_type = "unknown")] report: JsValue,
) -> Result<String, JsValue> {
    let report = report_from(report)?;
    serde_json::to_string(&madad_report_xlsx::figure_rows(&report))
        .map_err(|e| invalid("report", &e))
}

/// The blank data template in `lang` (`he`, `ar` or `en`; empty: Hebrew) as XLSX bytes: an
/// instructions sheet, one sheet per file role with headers the column mapper recognises in
/// that language, drop-down lists and range checks, and an editable lists sheet. Hebrew and
/// Arabic sheets are right-to-left. No data, no author, no file name.
#[wasm_bindgen(js_name = templateXlsx)]
pub fn template_xlsx(lang: &str) -> Result<Vec<u8>, JsValue> {
    let lang: core::loneliness::apa::Lang = if lang.trim().is_empty() {
        core::loneliness::apa::Lang::He
    } else {
        serde_json::from_value(serde_json::Value::String(lang.to_owned()))
            .map_err(|e| invalid("lang", &e))?
    };
    madad_report_xlsx::template_xlsx(lang).map_err(convert::error)
}

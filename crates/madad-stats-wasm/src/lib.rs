//! The statistics wasm module: a thin wasm-bindgen façade over `madad-core`'s analysis (the
//! indicators, trends and loneliness statistics of a report), aggregate bundles and program-wide
//! pooling. The core module reads and checks files (the File check, Column mapping and
//! Validation steps need nothing else) and hands the dataset over as transfer bytes; the host
//! loads this module lazily (prefetched after first paint), so the core download stays small. The same Rust code runs natively in the CLI
//! (`madad analyze --bundle`, `madad merge`), so both give the same bytes and numbers.
//!
//! Errors are JS `Error`s named `MadadError` with `code`, `file` and `params`, as the core
//! module throws them.

use madad_core as core;
use madad_js as convert;
use wasm_bindgen::prelude::*;

use convert::to_js;

/// Analyses a dataset handed over by the core module (`Dataset.transfer()` bytes) and returns
/// the report (`undefined` options for the defaults). Throws `transfer.invalid` for bytes that
/// are not a dataset of this Madad version, and `filter.small_complement` (params `dimension`,
/// `table`), `filter.invalid_date` or `filter.empty_range` for a refused view.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn analyze(
    transfer: &[u8],
    #[wasm_bindgen(unchecked_param_type = "AnalysisOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let options: core::AnalysisOptions = convert::from_js(options)?;
    let dataset = core::transfer::decode(transfer).map_err(convert::error)?;
    to_js(&core::try_analyze(&dataset, &options).map_err(convert::error)?)
}

/// The aggregate bundle of a report's published numbers for `municipality`, as sealed JSON
/// bytes to save as a file (see `madad_core::bundle`). Only what the report already published
/// is carried: no file name, row or diagnostic.
#[wasm_bindgen(js_name = makeBundle)]
pub fn make_bundle(
    #[wasm_bindgen(unchecked_param_type = "Report")] report: JsValue,
    municipality: &str,
) -> Result<Vec<u8>, JsValue> {
    let report: core::Report = convert::from_js_required(report, "report")?;
    core::bundle::Bundle::from_report(&report, municipality)
        .and_then(|b| b.to_json())
        .map_err(convert::error)
}

/// Checks a bundle parsed with `JSON.parse` from the file `file` (format, version and content
/// hash) and returns it; throws `bundle.invalid`, `bundle.format`, `bundle.version` or
/// `bundle.hash_mismatch`.
#[wasm_bindgen(js_name = verifyBundle, unchecked_return_type = "Bundle")]
pub fn verify_bundle(
    #[wasm_bindgen(unchecked_param_type = "unknown")] bundle: JsValue,
    file: &str,
) -> Result<JsValue, JsValue> {
    let bundle: core::bundle::Bundle = convert::from_js_file(bundle, "bundle.invalid", file)?;
    to_js(&core::bundle::verify(bundle, file).map_err(convert::error)?)
}

/// Merges verified bundles into the program-wide view (totals, bounds, pooled effects,
/// definition mismatches).
#[wasm_bindgen(js_name = mergeBundles, unchecked_return_type = "Merged")]
pub fn merge_bundles(
    #[wasm_bindgen(unchecked_param_type = "Bundle[]")] bundles: JsValue,
) -> Result<JsValue, JsValue> {
    let bundles: Vec<core::bundle::Bundle> = convert::from_js_required(bundles, "bundles")?;
    to_js(&core::bundle::merge::merge(&bundles))
}

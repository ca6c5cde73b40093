//! The WebAssembly binding of Madad.
//!
//! The rule of this crate: every export decodes its arguments, makes **one** call into
//! `madad-core`, and encodes the result or maps the error. No algorithm lives here; all
//! `JsValue` handling is in `madad-js`, shared with the spreadsheet module. Data problems come back as diagnostics inside the
//! result; fatal errors are thrown as a JS `Error` named `MadadError` with a stable `code`.

use madad_js as convert;

use madad_core as core;
use wasm_bindgen::prelude::*;

use convert::{from_js, to_js};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Installs the panic hook: a bug logs its message and source line to the console before the
/// module traps (the host then reports `worker.crashed`). It replaces `console_error_panic_hook`,
/// which formats the whole panic report and a JS stack (≈ 1 KB gzip of the core module).
#[wasm_bindgen(start, skip_typescript)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("panic");
        match info.location() {
            Some(at) => console_error(&format!("madad: {message} ({}:{})", at.file(), at.line())),
            None => console_error(&format!("madad: {message}")),
        }
    }));
}

/// The library version.
#[wasm_bindgen]
pub fn version() -> String {
    core::VERSION.to_owned()
}

/// Ingest options with a saved profile applied (throws `profile.unsupported` for a profile of
/// another kind or a newer version).
#[wasm_bindgen(js_name = applyProfile, unchecked_return_type = "IngestOptions")]
pub fn apply_profile(
    #[wasm_bindgen(unchecked_param_type = "IngestOptions | undefined")] options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "MappingProfile")] profile: JsValue,
) -> Result<JsValue, JsValue> {
    let mut options: core::IngestOptions = from_js(options)?;
    let profile: core::MappingProfile = convert::from_js_required(profile, "profile")?;
    profile.apply(&mut options).map_err(convert::error)?;
    to_js(&options)
}

/// A new pseudonymisation key file from `random`, bytes the host drew from its cryptographic
/// source (`crypto.getRandomValues`; at least 32, of which a passphrase file uses 16 as its
/// salt); with a non-empty `passphrase`, a passphrase file (PBKDF2-HMAC-SHA256, 600,000
/// iterations) that holds no key. Throws `key.invalid` (`reason`: the key error's code).
#[wasm_bindgen(js_name = newKeyFile, unchecked_return_type = "KeyFile")]
pub fn new_key_file(random: &[u8], passphrase: Option<String>) -> Result<JsValue, JsValue> {
    let file = core::privacy::key::PseudonymKey::new_key_file(random, passphrase.as_deref())
        .map_err(|e| {
            convert::error(core::Error::general("key.invalid").with("reason", e.code()))
        })?;
    to_js(&file)
}

/// Reads files, fed in chunks, into a [`Dataset`].
///
/// @example
/// ```ts
/// const b = new DatasetBuilder({ asOf: "2026-11-22" });
/// b.beginFile("hours.csv");
/// for (const chunk of chunks) b.push(chunk);
/// const ledger = b.endFile();
/// const ds = b.finish();
/// ```
#[wasm_bindgen]
pub struct DatasetBuilder {
    inner: core::DatasetBuilder,
}

#[wasm_bindgen]
impl DatasetBuilder {
    /// A builder with ingest options (`undefined` for the defaults).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "IngestOptions | undefined")] options: JsValue,
    ) -> Result<DatasetBuilder, JsValue> {
        let options: core::IngestOptions = from_js(options)?;
        Ok(DatasetBuilder {
            inner: core::DatasetBuilder::new(options).map_err(convert::error)?,
        })
    }

    /// Starts a file.
    #[wasm_bindgen(js_name = beginFile)]
    pub fn begin_file(&mut self, name: &str) -> Result<(), JsValue> {
        self.inner.begin_file(name).map_err(convert::error)
    }

    /// Feeds the next chunk of the open file; returns the progress so far.
    #[wasm_bindgen(unchecked_return_type = "Progress")]
    pub fn push(&mut self, chunk: &[u8]) -> Result<JsValue, JsValue> {
        to_js(&self.inner.push(chunk).map_err(convert::error)?)
    }

    /// Ends the open file; returns its ledger.
    #[wasm_bindgen(js_name = endFile, unchecked_return_type = "FileLedger")]
    pub fn end_file(&mut self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.end_file().map_err(convert::error)?)
    }

    /// Starts a sheet of a spreadsheet; its rows come from the XLSX module as a row stream.
    #[wasm_bindgen(js_name = beginSheet)]
    pub fn begin_sheet(
        &mut self,
        file: &str,
        sheet: &str,
        #[wasm_bindgen(unchecked_param_type = "SheetInfo")] info: JsValue,
    ) -> Result<(), JsValue> {
        let info: core::SheetInfo = convert::from_js_required(info, "sheetInfo")?;
        self.inner
            .begin_sheet(file, sheet, info)
            .map_err(convert::error)
    }

    /// Feeds rows of the open sheet (a row stream made by the XLSX module).
    #[wasm_bindgen(js_name = pushRows, unchecked_return_type = "Progress")]
    pub fn push_rows(&mut self, stream: &[u8]) -> Result<JsValue, JsValue> {
        to_js(&self.inner.push_rows(stream).map_err(convert::error)?)
    }

    /// Abandons the open file (for cancel); rows already read from it are dropped.
    #[wasm_bindgen(js_name = abortFile)]
    pub fn abort_file(&mut self) {
        self.inner.abort_file();
    }

    /// The dataset of every file ended so far. The builder is consumed.
    pub fn finish(self) -> Dataset {
        Dataset {
            inner: self.inner.finish(),
        }
    }
}

/// Validated data from all files, with the ledger of every row.
#[wasm_bindgen]
pub struct Dataset {
    inner: core::Dataset,
}

#[wasm_bindgen]
impl Dataset {
    /// One ledger per file.
    #[wasm_bindgen(unchecked_return_type = "FileLedger[]")]
    pub fn ledgers(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.ledgers)
    }

    /// The mapping profile of how file `index` was read, named `name`, to save and reuse next
    /// month (throws `options.invalid` for an index beyond the files read).
    #[wasm_bindgen(js_name = mappingProfile, unchecked_return_type = "MappingProfile")]
    pub fn mapping_profile(&self, index: usize, name: &str) -> Result<JsValue, JsValue> {
        let ledger = self.inner.ledgers.get(index).ok_or_else(|| {
            convert::error(
                core::Error::general("options.invalid")
                    .with("option", "index")
                    .with("value", index),
            )
        })?;
        to_js(&core::MappingProfile::from_ledger(name, ledger))
    }

    /// The rejected rows of file `index` as CSV bytes (UTF-8 with BOM, formula-safe,
    /// identifier-like values masked), for the user to download and fix; `undefined` for an
    /// index beyond the files read.
    #[wasm_bindgen(js_name = excludedRowsCsv)]
    pub fn excluded_rows_csv(&self, index: usize) -> Option<Vec<u8>> {
        self.inner.excluded_rows_csv(index)
    }

    /// The dataset as transfer bytes for the statistics module's `analyze` (see
    /// `madad_core::transfer`): the analysis runs there, so this module stays small. The
    /// rejected rows stay here (`excludedRowsCsv`).
    pub fn transfer(&self) -> Result<Vec<u8>, JsValue> {
        core::transfer::encode(&self.inner).map_err(convert::error)
    }
}

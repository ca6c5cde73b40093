//! Row order does not matter: shuffling the data rows of every file (and the order of the
//! files) gives the same indicators, benchmarks and suppression list.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use madad_core::{AnalysisOptions, IngestOptions, SourceFile, analyze, ingest};
use proptest::prelude::*;

const FILES: &[(&str, &str)] = &[
    ("activity.csv", "activityLog"),
    ("registry.csv", "registry"),
    ("population.csv", "population"),
    ("opportunities.csv", "opportunities"),
    ("survey.csv", "survey"),
];

fn lines(name: &str) -> (String, Vec<String>) {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/indicators")
            .join(name),
    )
    .unwrap();
    let mut it = text.lines().map(str::to_owned);
    let header = it.next().unwrap();
    (header, it.collect())
}

/// The indicators, benchmarks and suppression list as JSON, for files given as (name, rows).
fn analysed(files: &[(String, String)], k: u32) -> serde_json::Value {
    let sources: Vec<SourceFile<'_>> = files
        .iter()
        .map(|(n, t)| SourceFile {
            name: n,
            bytes: t.as_bytes(),
        })
        .collect();
    let ds = ingest(
        &sources,
        &IngestOptions {
            as_of: Some("2025-12-31".into()),
            roles: FILES
                .iter()
                .map(|(n, r)| ((*n).to_owned(), (*r).to_owned()))
                .collect(),
            ..IngestOptions::default()
        },
    )
    .unwrap();
    let mut options = AnalysisOptions {
        suppression_threshold: k,
        ..AnalysisOptions::default()
    };
    options.definitions.active_window_months = 12;
    let r = analyze(&ds, &options);
    let mut suppression: Vec<String> = r.suppression.iter().map(|n| n.cell.clone()).collect();
    suppression.sort();
    serde_json::json!({
        "indicators": r.indicators,
        "benchmarks": r.benchmarks,
        "suppression": suppression,
    })
}

fn files_with(orders: &[Vec<usize>], file_order: &[usize]) -> Vec<(String, String)> {
    file_order
        .iter()
        .map(|&f| {
            let (name, _) = FILES[f];
            let (header, rows) = lines(name);
            let mut text = header;
            for &i in &orders[f] {
                text.push('\n');
                text.push_str(&rows[i]);
            }
            text.push('\n');
            (name.to_owned(), text)
        })
        .collect()
}

fn identity() -> Vec<Vec<usize>> {
    FILES
        .iter()
        .map(|(n, _)| (0..lines(n).1.len()).collect())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn shuffled_rows_and_files_give_the_same_indicators(
        a in Just((0..12usize).collect::<Vec<_>>()).prop_shuffle(),
        r in Just((0..4usize).collect::<Vec<_>>()).prop_shuffle(),
        p in Just((0..4usize).collect::<Vec<_>>()).prop_shuffle(),
        o in Just((0..3usize).collect::<Vec<_>>()).prop_shuffle(),
        s in Just((0..3usize).collect::<Vec<_>>()).prop_shuffle(),
        f in Just((0..5usize).collect::<Vec<_>>()).prop_shuffle(),
        k in prop::sample::select(vec![1u32, 2, 3]),
    ) {
        let base = identity();
        prop_assert_eq!(base[0].len(), 12);
        let expected = analysed(&files_with(&base, &[0, 1, 2, 3, 4]), k);
        let actual = analysed(&files_with(&[a, r, p, o, s], &f), k);
        prop_assert_eq!(actual, expected);
    }
}

//! Test support shared by the integration tests of `madad-core` and of the crates that test
//! against the core's reports (`madad-report-xlsx` includes this file by path): where the
//! fixtures are, ingesting named in-memory files with their roles, and the demo municipality's
//! report.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // Not every test uses every helper.

use std::path::{Path, PathBuf};

use madad_core::{AnalysisOptions, Dataset, IngestOptions, Report, SourceFile, analyze, ingest};

/// The repository's `tests/fixtures/`.
pub fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// The bytes of a file under `tests/fixtures/`.
pub fn read_fixture(rel: &str) -> Vec<u8> {
    std::fs::read(fixtures_root().join(rel)).unwrap()
}

/// Ingests `(name, bytes, role)` files as of `as_of`; an ingest error fails the test.
pub fn ingest_named(files: &[(&str, &[u8], &str)], as_of: &str) -> Dataset {
    let sources: Vec<SourceFile<'_>> = files
        .iter()
        .map(|(name, bytes, _)| SourceFile { name, bytes })
        .collect();
    ingest(
        &sources,
        &IngestOptions {
            as_of: Some(as_of.into()),
            roles: files
                .iter()
                .map(|(name, _, role)| ((*name).to_owned(), (*role).to_owned()))
                .collect(),
            ..IngestOptions::default()
        },
    )
    .unwrap()
}

/// Ingests `(path under tests/fixtures/dir, role)` files, each named by its file name.
pub fn ingest_fixtures(dir: &str, files: &[(&str, &str)], as_of: &str) -> Dataset {
    let read: Vec<(String, Vec<u8>, &str)> = files
        .iter()
        .map(|(rel, role)| {
            let path = Path::new(dir).join(rel);
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, read_fixture(&path.to_string_lossy()), *role)
        })
        .collect();
    let named: Vec<(&str, &[u8], &str)> = read
        .iter()
        .map(|(n, b, r)| (n.as_str(), b.as_slice(), *r))
        .collect();
    ingest_named(&named, as_of)
}

/// The demo municipality as of 2025-12-31 with default analysis options: its hours log,
/// population, loneliness survey and volunteer registry (the demo's `volunteers.xlsx` as its
/// CSV twin, `tests/fixtures/indicators/demo-volunteers.csv`).
pub fn demo_report() -> Report {
    let ds = ingest_fixtures(
        "",
        &[
            ("demo-small/hours_log.csv", "activityLog"),
            ("demo-small/population.csv", "population"),
            ("demo-small/loneliness_survey.csv", "survey"),
            ("indicators/demo-volunteers.csv", "registry"),
        ],
        "2025-12-31",
    );
    analyze(&ds, &AnalysisOptions::default())
}

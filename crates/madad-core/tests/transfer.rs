//! The core → statistics module hand-over: a dataset survives `encode` → `decode` with the same
//! report, and foreign bytes are refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use madad_core::transfer::{decode, encode};
use madad_core::{AnalysisOptions, IngestOptions, SourceFile, analyze, ingest};

fn demo() -> madad_core::Dataset {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/demo-small");
    let read = |n: &str| std::fs::read(dir.join(n)).unwrap();
    let (hours, survey, population) = (
        read("hours_log.csv"),
        read("loneliness_survey.csv"),
        read("population.csv"),
    );
    ingest(
        &[
            SourceFile {
                name: "hours_log.csv",
                bytes: &hours,
            },
            SourceFile {
                name: "loneliness_survey.csv",
                bytes: &survey,
            },
            SourceFile {
                name: "population.csv",
                bytes: &population,
            },
        ],
        &IngestOptions {
            as_of: Some("2026-11-22".into()),
            ..IngestOptions::default()
        },
    )
    .unwrap()
}

#[test]
fn a_dataset_round_trips_to_the_same_report() {
    let ds = demo();
    let bytes = encode(&ds).unwrap();
    let back = decode(&bytes).unwrap();
    for k in [1, 10] {
        let o = AnalysisOptions {
            suppression_threshold: k,
            ..AnalysisOptions::default()
        };
        assert_eq!(analyze(&back, &o), analyze(&ds, &o), "K = {k}");
    }
    // Interned values keep their codes.
    assert_eq!(back.people.len(), ds.people.len());
    assert_eq!(back.activities.len(), ds.activities.len());
    // The rejected rows stay with the core module.
    assert!(back.excluded.is_empty());
    assert_eq!(encode(&back).unwrap(), bytes, "encoding is deterministic");
}

#[test]
fn foreign_or_damaged_bytes_are_refused() {
    assert_eq!(decode(b"").unwrap_err().code, "transfer.invalid");
    assert_eq!(
        decode(b"volunteer,hours\n").unwrap_err().code,
        "transfer.invalid"
    );
    let bytes = encode(&demo()).unwrap();
    assert_eq!(
        decode(&bytes[..bytes.len() / 2]).unwrap_err().code,
        "transfer.invalid"
    );
    let mut other = b"MADADDS1".to_vec();
    other.extend_from_slice(&postcard::to_allocvec(&("0.0.0-other",)).unwrap());
    assert_eq!(decode(&other).unwrap_err().code, "transfer.invalid");
}

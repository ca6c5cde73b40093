//! What the dashboard's File check and Column mapping screens rest on: per-file read overrides
//! (`IngestOptions::files`) and the sample values in a file's ledger (never in a report).

use madad_core::ingest::encoding::{EncodingEvidence, TextEncoding};
use madad_core::options::FileReadOptions;
use madad_core::{IngestOptions, SourceFile, ingest};

fn fixture(path: &str) -> Vec<u8> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/");
    std::fs::read(format!("{root}{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn options(files: &[(&str, FileReadOptions)]) -> IngestOptions {
    IngestOptions {
        as_of: Some("2026-11-22".into()),
        files: files
            .iter()
            .map(|(n, f)| FileReadOptions {
                name: (*n).to_owned(),
                ..f.clone()
            })
            .collect(),
        ..IngestOptions::default()
    }
}

/// A UTF-8 hours log whose headers are on row 3, under a title and a blank row.
const TITLED: &str = "דוח שעות מרץ\n\nמזהה מתנדב,תאריך,שעות\n301,05/03/2024,2\n302,06/03/2024,1\n";
/// The same log with its headers on row 1.
const PLAIN: &str = "מזהה מתנדב,תאריך,שעות\n401,05/03/2024,2\n";

#[test]
fn a_header_row_override_applies_to_its_file_only() {
    let files = [
        SourceFile {
            name: "titled.csv",
            bytes: TITLED.as_bytes(),
        },
        SourceFile {
            name: "plain.csv",
            bytes: PLAIN.as_bytes(),
        },
    ];
    let o = options(&[(
        "titled.csv",
        FileReadOptions {
            header_row: Some(3),
            ..FileReadOptions::default()
        },
    )]);
    let ds = ingest(&files, &o).expect("both files read");
    let (titled, plain) = (&ds.ledgers[0], &ds.ledgers[1]);
    assert_eq!(titled.header_row, 3);
    // Row 1 (title) and row 2 (blank) are above the chosen header: skipped, never lost.
    assert_eq!((titled.rows_used, titled.rows_skipped), (2, 2));
    assert_eq!(plain.header_row, 1);
    assert_eq!(plain.rows_used, 1);

    // The same choice made run-wide would move the other file's header too: row 3 of
    // `plain.csv` does not exist, so it has no header at all.
    let global = IngestOptions {
        header_row: Some(3),
        ..options(&[])
    };
    let err = ingest(&files, &global).expect_err("plain.csv has no row 3");
    assert_eq!(err.code, "file.no_header");
}

#[test]
fn an_encoding_and_delimiter_override_applies_to_its_file_only() {
    let hebrew = fixture("ingest/valid/f61_windows1255_crlf.csv");
    let bom = fixture("ingest/valid/f63_utf8_bom.csv");
    let files = [
        SourceFile {
            name: "he.csv",
            bytes: &hebrew,
        },
        SourceFile {
            name: "bom.csv",
            bytes: &bom,
        },
    ];
    let o = options(&[(
        "he.csv",
        FileReadOptions {
            encoding: Some(TextEncoding::Windows1255),
            delimiter: Some(",".into()),
            ..FileReadOptions::default()
        },
    )]);
    let ds = ingest(&files, &o).expect("read");
    assert_eq!(ds.ledgers[0].encoding, Some(TextEncoding::Windows1255));
    assert_eq!(
        ds.ledgers[0].encoding_evidence,
        Some(EncodingEvidence::UserOverride)
    );
    assert_eq!(ds.ledgers[1].encoding, Some(TextEncoding::Utf8));
    assert_eq!(ds.ledgers[1].encoding_evidence, Some(EncodingEvidence::Bom));
    // As in f61's snapshot: the four rows read the same as with detection.
    assert_eq!(ds.ledgers[0].rows_used, 4);
}

#[test]
fn a_malformed_per_file_delimiter_is_refused() {
    let o = options(&[(
        "x.csv",
        FileReadOptions {
            delimiter: Some(";;".into()),
            ..FileReadOptions::default()
        },
    )]);
    let err = ingest(&[], &o).expect_err("two characters");
    assert_eq!(err.code, "options.invalid");
}

#[test]
fn ledgers_carry_samples_of_safe_columns_and_reports_carry_none() {
    let hebrew = fixture("ingest/valid/f61_windows1255_crlf.csv");
    let files = [SourceFile {
        name: "he.csv",
        bytes: &hebrew,
    }];
    let ds = ingest(&files, &options(&[])).expect("read");
    let col = |h: &str| {
        ds.ledgers[0]
            .columns
            .iter()
            .find(|c| c.header == h)
            .unwrap_or_else(|| panic!("{h}"))
            .samples
            .clone()
    };
    // The file's first rows (decoded from windows-1255): distinct values, in order, at most 3.
    assert_eq!(col("מחלקה"), ["רווחה", "חינוך", "נוער"]);
    assert_eq!(col("שעות"), ["2", "1.5", "3"]);
    assert_eq!(col("תאריך"), ["05/03/2024", "25/03/2024", "02/04/2024"]);
    // The person id is never sampled.
    assert!(col("מזהה מתנדב").is_empty());

    // The report built from the dataset (here and, after the transfer, in the statistics
    // module) carries none.
    let report = madad_core::analyze(&ds, &madad_core::AnalysisOptions::default());
    assert!(
        report
            .sources
            .iter()
            .flat_map(|l| &l.columns)
            .all(|c| c.samples.is_empty())
    );
    let back = madad_core::transfer::decode(&madad_core::transfer::encode(&ds).expect("encode"))
        .expect("decode");
    let report = madad_core::analyze(&back, &madad_core::AnalysisOptions::default());
    assert!(
        report
            .sources
            .iter()
            .flat_map(|l| &l.columns)
            .all(|c| c.samples.is_empty())
    );
}

#[test]
fn a_column_the_gate_flags_is_never_sampled() {
    // Valid Israeli ID numbers (check digit) in an unmapped column: flagged, and decided `drop`.
    let csv = "מזהה מתנדב,תאריך,שעות,מספר\n1,05/03/2024,2,039337423\n2,06/03/2024,1,123456782\n";
    let files = [SourceFile {
        name: "ids.csv",
        bytes: csv.as_bytes(),
    }];
    let err = ingest(&files, &options(&[])).expect_err("gate stops");
    assert_eq!(err.code, "privacy.identifier_column");
    let o = IngestOptions {
        identifiers: vec![madad_core::privacy::gate::GateDecision {
            column: "מספר".into(),
            action: madad_core::privacy::gate::GateAction::Drop,
        }],
        ..options(&[])
    };
    let ds = ingest(&files, &o).expect("dropped");
    let c = ds.ledgers[0]
        .columns
        .iter()
        .find(|c| c.header == "מספר")
        .expect("column listed");
    assert!(c.samples.is_empty());
}

//! Bytes → `DatasetBuilder::begin_sheet` + `push_rows` (the binary row stream the XLSX module
//! writes; see `crates/madad-core/src/ingest/cells.rs`). Checks: no panic; a malformed stream is
//! `rowstream.malformed`, and the only other errors are the documented header errors; a sheet
//! that ends cleanly has a ledger that adds up. An odd first byte puts a valid activity-log
//! header row in front of the rest, so the fuzzer reaches the cell coercion of typed cells.
#![no_main]

use libfuzzer_sys::fuzz_target;
use madad_core::{
    AnalysisOptions, Cell, DatasetBuilder, FileFormat, IngestOptions, RowStreamWriter, SheetInfo,
    analyze,
};

/// Fatal errors a sheet may legitimately end with.
const ALLOWED: &[&str] = &[
    "rowstream.malformed",
    "schema.missing_columns",
    "limit.columns",
    "limit.rows",
    "file.no_header",
];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut stream = Vec::new();
    if mode & 1 == 1 {
        let mut w = RowStreamWriter::new();
        w.push_row(
            1,
            &[
                Cell::Text("מזהה מתנדב"),
                Cell::Text("תאריך"),
                Cell::Text("שעות"),
                Cell::Text("סטטוס"),
                Cell::Text("מחלקה"),
            ],
        );
        stream = w.into_bytes();
    }
    stream.extend_from_slice(rest);
    let options = IngestOptions {
        as_of: Some("2026-11-22".into()),
        ..IngestOptions::default()
    };
    let Ok(mut b) = DatasetBuilder::new(options) else {
        return;
    };
    let info = SheetInfo {
        format: FileFormat::Xlsx,
        bytes: stream.len() as u64,
        sha256: String::new(),
        hidden_sheets: Vec::new(),
        merged_regions: 0,
        hidden_rows: 0,
    };
    if b.begin_sheet("f.xlsx", "Sheet1", info).is_err() {
        panic!("begin_sheet failed on a fresh builder");
    }
    let pushed = if mode & 2 == 2 {
        // The same stream in two calls, cut at a row boundary or not.
        let cut = usize::from(mode >> 2).min(stream.len());
        b.push_rows(&stream[..cut])
            .and_then(|_| b.push_rows(&stream[cut..]))
    } else {
        b.push_rows(&stream)
    };
    let ended = pushed.and_then(|_| b.end_file());
    match ended {
        Ok(l) => assert_eq!(
            l.rows_total,
            l.rows_used + l.rows_rejected + l.rows_skipped,
            "ledger does not add up: {l:?}"
        ),
        Err(e) => assert!(ALLOWED.contains(&e.code), "unexpected error {e}"),
    }
    let _ = analyze(
        &b.finish(),
        &AnalysisOptions {
            suppression_threshold: 1,
            ..AnalysisOptions::default()
        },
    );
});

//! Bytes → `madad_xlsx::ingest_workbook` + `analyze` (XLSX, XLS and ODS through the pre-scan
//! and calamine). Checks: no panic escapes (a calamine panic is caught by the reader and becomes
//! `xlsx.crashed`); a hostile archive fails with a typed error; when a sheet is read, its ledger
//! adds up (`rowsTotal = rowsUsed + rowsRejected + rowsSkipped`) with an error for every rejected
//! row; a failed read leaves no file in the data set.
#![no_main]

use libfuzzer_sys::fuzz_target;
use madad_core::{AnalysisOptions, DatasetBuilder, IngestOptions, Severity, analyze};
use madad_xlsx::{ReadOptions, ingest_workbook};

fuzz_target!(|data: &[u8]| {
    let Ok(mut builder) = DatasetBuilder::new(IngestOptions {
        as_of: Some("2026-11-22".into()),
        ..IngestOptions::default()
    }) else {
        return;
    };
    let read = ingest_workbook(&mut builder, "f.xlsx", data, &ReadOptions::default());
    let dataset = builder.finish();
    let report = analyze(
        &dataset,
        &AnalysisOptions {
            suppression_threshold: 1,
            ..AnalysisOptions::default()
        },
    );
    match read {
        Ok(w) => {
            let l = &w.ledger;
            assert_eq!(l.rows_total, l.rows_used + l.rows_rejected + l.rows_skipped, "{l:?}");
            let errors: u64 = l
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .map(|p| p.count)
                .sum();
            assert!(l.rows_rejected <= errors, "rejected rows without errors: {l:?}");
            assert_eq!(report.sources.len(), 1);
        }
        Err(e) => {
            assert!(!e.code.is_empty());
            assert!(report.sources.is_empty(), "an aborted workbook left a ledger");
        }
    }
});

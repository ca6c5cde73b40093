//! Bytes → `ingest` + `analyze`. Checks: no panic; every file's ledger adds up
//! (`rowsTotal = rowsUsed + rowsRejected + rowsSkipped`) and has an error diagnostic for every
//! rejected row; feeding the same bytes in chunks gives the same report or the same error.
//! With `MADAD_FUZZ_STREAM=1` every input of up to 4 KiB is also repeated past the 1 MiB sniffing
//! window and fed in 4093-byte chunks, so the streaming decoders and tokenizer see it across chunk
//! boundaries (about 100 times slower per input, so it is a separate run mode).
#![no_main]

use libfuzzer_sys::fuzz_target;
use madad_core::dataset::SNIFF_BYTES;
use madad_core::{
    AnalysisOptions, DatasetBuilder, IngestOptions, Report, Severity, SourceFile, analyze, ingest,
};

fn options() -> IngestOptions {
    IngestOptions {
        as_of: Some("2026-11-22".into()),
        ..IngestOptions::default()
    }
}

fn analysis() -> AnalysisOptions {
    AnalysisOptions {
        suppression_threshold: 1,
        ..AnalysisOptions::default()
    }
}

/// The report (or error) as comparable text; `Debug` keeps NaN equal to itself.
fn outcome(r: &Result<Report, madad_core::Error>) -> String {
    format!("{r:?}")
}

fn chunked(bytes: &[u8], chunk: usize) -> Result<Report, madad_core::Error> {
    let mut b = DatasetBuilder::new(options())?;
    b.begin_file("f.csv")?;
    for c in bytes.chunks(chunk.max(1)) {
        b.push(c)?;
    }
    b.end_file()?;
    Ok(analyze(&b.finish(), &analysis()))
}

fn stream_mode() -> bool {
    static MODE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *MODE.get_or_init(|| std::env::var_os("MADAD_FUZZ_STREAM").is_some())
}

fn check_ledgers(r: &Report) {
    for l in &r.sources {
        assert_eq!(
            l.rows_total,
            l.rows_used + l.rows_rejected + l.rows_skipped,
            "ledger does not add up: {l:?}"
        );
        let errors: u64 = l
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| p.count)
            .sum();
        assert!(
            l.rows_rejected <= errors,
            "rejected rows without errors: {l:?}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let whole = ingest(
        &[SourceFile {
            name: "f.csv",
            bytes: data,
        }],
        &options(),
    )
    .map(|ds| analyze(&ds, &analysis()));
    if let Ok(r) = &whole {
        check_ledgers(r);
    }
    let expected = outcome(&whole);
    let chunk = 1 + usize::from(data.first().copied().unwrap_or(0) % 13);
    assert_eq!(
        outcome(&chunked(data, chunk)),
        expected,
        "chunks of {chunk}"
    );

    if !data.is_empty() && data.len() <= 4096 && stream_mode() {
        let mut long = Vec::with_capacity(SNIFF_BYTES + 2 * data.len());
        while long.len() <= SNIFF_BYTES + data.len() {
            long.extend_from_slice(data);
        }
        let whole = chunked(&long, long.len());
        if let Ok(r) = &whole {
            check_ledgers(r);
        }
        assert_eq!(
            outcome(&chunked(&long, 4093)),
            outcome(&whole),
            "repeated past the sniffing window"
        );
    }
});

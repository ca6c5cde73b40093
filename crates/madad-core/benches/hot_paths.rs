//! Native benchmarks of the hot paths (issue 9): tokenising, decoding + coercing into the
//! dataset, the group-bys of the report, and the interval statistics.
//!
//! The workload is the demo generator's hours log (windows-1255, CRLF, Hebrew headers, dirty
//! rows planted), the same shape `scripts/bench.sh` times in the browser:
//! `madad demo --seed 42 --volunteers 80000 --activities N`. `N` is 100,000 by default (6.7 MB);
//! set `MADAD_BENCH_ACTIVITIES` for another size, or `MADAD_BENCH_CSV=path` to time a file of
//! your own. Run with `cargo bench -p madad-core --bench hot_paths`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use madad_core::indicators::base::Prepared;
use madad_core::ingest::csv::{Tokenizer, TokenizerLimits};
use madad_core::privacy::suppress::Suppressor;
use madad_core::stats::proportion::{newcombe_difference, poisson_exact, wilson};
use madad_core::trends::section::trend_section;
use madad_core::{AnalysisOptions, Dataset, DatasetBuilder, IngestOptions, analyze, transfer};

/// The browser's chunk size (`analyzeInWorker` default).
const CHUNK: usize = 1 << 20;

fn workload() -> Vec<u8> {
    if let Ok(path) = std::env::var("MADAD_BENCH_CSV") {
        return std::fs::read(&path).expect("MADAD_BENCH_CSV is readable");
    }
    let activities: u64 = std::env::var("MADAD_BENCH_ACTIVITIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let dir: PathBuf =
        std::env::temp_dir().join(format!("madad-bench-{}-{activities}", std::process::id()));
    let cfg = madad_demo::DemoConfig {
        seed: 42,
        volunteers: 80_000,
        activities,
    };
    madad_demo::write_demo(&dir, &cfg).expect("the demo generator writes its files");
    let bytes = std::fs::read(dir.join(madad_demo::HOURS_LOG_FILE)).expect("hours log");
    let _ = std::fs::remove_dir_all(&dir);
    bytes
}

fn options() -> IngestOptions {
    IngestOptions {
        as_of: Some("2026-11-22".into()),
        ..IngestOptions::default()
    }
}

fn ingest(bytes: &[u8]) -> Dataset {
    let mut b = DatasetBuilder::new(options()).unwrap();
    b.begin_file("hours_log.csv").unwrap();
    for chunk in bytes.chunks(CHUNK) {
        b.push(chunk).unwrap();
    }
    b.end_file().unwrap();
    b.finish()
}

fn benches(c: &mut Criterion) {
    let bytes = workload();
    let mut g = c.benchmark_group("hours_log");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes.len() as u64));

    // The tokenizer alone, on the raw code-page bytes (as the ingest path feeds it).
    g.bench_function("tokenise", |b| {
        b.iter(|| {
            let mut t = Tokenizer::new(b',', TokenizerLimits::default()).with_single_byte_chars();
            let mut fields = 0usize;
            for chunk in bytes.chunks(CHUNK) {
                t.feed(chunk, &mut |r| fields += r.len());
            }
            t.finish(&mut |r| fields += r.len());
            black_box(fields)
        })
    });

    // Sniff, decode, tokenise, coerce, intern, detect duplicates: file bytes to a Dataset.
    g.bench_function("ingest", |b| b.iter(|| black_box(ingest(&bytes))));

    // The whole report (group-bys, cohorts, trends) over the ingested dataset.
    let ds = ingest(&bytes);
    let analysis = AnalysisOptions::default();
    g.bench_function("analyze", |b| b.iter(|| black_box(analyze(&ds, &analysis))));

    // Parts of the analysis (run H): the counted rows sorted by day (`Prepared::new`, shared
    // by the indicators and the trends), the trends section on them, and the dataset handed
    // from the core module to the statistics module (transfer encode + decode).
    let defs = &analysis.definitions;
    g.bench_function("prepare", |b| {
        b.iter(|| black_box(Prepared::new(&ds, defs).rows.len()))
    });
    let prepared = Prepared::new(&ds, defs);
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    g.bench_function("trends", |b| {
        b.iter(|| {
            let mut sup = Suppressor::new(analysis.suppression_threshold);
            black_box(trend_section(&prepared, as_of, &analysis.trends, &mut sup))
        })
    });
    g.bench_function("transfer", |b| {
        b.iter(|| {
            let bytes = transfer::encode(&ds).unwrap();
            black_box(transfer::decode(&bytes).unwrap())
        })
    });
    g.finish();

    let mut s = c.benchmark_group("statistics");
    s.bench_function("wilson_newcombe_poisson_x1000", |b| {
        b.iter(|| {
            let mut acc = 0.0;
            for k in 0..1000u64 {
                let n = 50 + k;
                acc += wilson(black_box(k % n), n, 0.95).map_or(0.0, |i| i.upper);
                acc += newcombe_difference(k % n, n, (k * 7) % n, n, 0.95).map_or(0.0, |i| i.lower);
                acc += poisson_exact(black_box(k), 0.95).map_or(0.0, |i| i.upper);
            }
            black_box(acc)
        })
    });
    s.finish();
}

criterion_group!(hot_paths, benches);
criterion_main!(hot_paths);
